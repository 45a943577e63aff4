/* arena.h - bump allocator for the many small strings of a package DB or a
 * layer's file list. Everything allocated from an arena is freed at once by
 * arena_free; nothing is freed individually. */
#ifndef VG_ARENA_H
#define VG_ARENA_H

#include "common.h"

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total;  /* bytes handed out, for accounting */
};

#define ARENA_INIT { NULL, 0 }

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* NULL-safe: returns NULL for NULL. */
char *arena_strdup_opt(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) VG_PRINTF(2, 3);
void arena_free(struct arena *a);

#endif
