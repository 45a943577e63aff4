/* common.h - allocation helpers and small macros shared by every module.
 * Allocation failure is fatal: x*() print "vigil: out of memory" and exit,
 * so callers never see NULL from them. */
#ifndef VG_COMMON_H
#define VG_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define VG_UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define VG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define VG_NORETURN __attribute__((noreturn))
#else
#define VG_PRINTF(f, a)
#define VG_NORETURN
#endif

VG_NORETURN void vg_die_oom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow *p (holding *cap elements of elem bytes) so that it holds at least need. */
void vg_grow(void **p, size_t *cap, size_t need, size_t elem);

static inline bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static inline bool str_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

#endif
