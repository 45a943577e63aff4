/* fuzz_order.h - what the version-order targets share: the input split at
 * NULs/newlines into three strings, and the total-preorder checks every
 * compare must pass (reflexive, antisymmetric, transitive; else abort).
 * FUZZ_VERSION_SCHEME=<name> limits a target to one order. */
#ifndef VG_FUZZ_ORDER_H
#define VG_FUZZ_ORDER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"

typedef int (*compare_fn)(const char *, const char *);

static inline bool fuzz_order_wanted(const char *name)
{
	const char *only = getenv("FUZZ_VERSION_SCHEME");

	return !only || !*only || strcmp(only, name) == 0;
}

static inline void check_reflexive_and_antisymmetric(compare_fn cmp, const char *x, const char *y)
{
	int xy = cmp(x, y);

	if (xy < -1 || xy > 1 || cmp(y, x) != -xy || cmp(x, x) != 0)
		abort();
}

/* x <= y <= z must give x <= z, strictly when either step is strict. */
static inline void check_transitive(compare_fn cmp, const char *x, const char *y, const char *z)
{
	int xy = cmp(x, y), yz = cmp(y, z), xz = cmp(x, z);

	if (xy <= 0 && yz <= 0 && xz > (xy == 0 && yz == 0 ? 0 : -1))
		abort();
}

static inline void check_preorder(compare_fn cmp, const char *a, const char *b, const char *c)
{
	const char *v[3] = { a, b, c };

	check_reflexive_and_antisymmetric(cmp, a, b);
	check_reflexive_and_antisymmetric(cmp, b, c);
	check_reflexive_and_antisymmetric(cmp, a, c);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			if (j != i)
				check_transitive(cmp, v[i], v[j], v[3 - i - j]);
}

/* Cut s at its first NUL or newline; returns what follows, or "" if none. */
static inline char *cut_at_separator(char *s, const char *end)
{
	for (char *p = s; p < end; p++) {
		if (*p == '\0' || *p == '\n') {
			*p = '\0';
			return p + 1;
		}
	}
	return (char *)end; /* the terminating NUL */
}

/* A NUL-terminated copy of the input split into a, b, c (free *buf). */
static inline bool fuzz_split3(const uint8_t *data, size_t size, char **buf, char **a, char **b, char **c)
{
	char *end;

	if (!(*buf = malloc(size + 1)))
		return false;
	memcpy(*buf, data, size);
	(*buf)[size] = '\0';
	end = *buf + size;
	*a = *buf;
	*b = cut_at_separator(*a, end);
	*c = cut_at_separator(*b, end);
	return true;
}

#endif
