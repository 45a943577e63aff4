/* strmap.h - open-addressing hash map from C string keys to pointers.
 * The map does not own keys or values: keep them alive (e.g. in an arena)
 * as long as the map. */
#ifndef VG_STRMAP_H
#define VG_STRMAP_H

#include "common.h"

struct strmap_slot {
	const char *key;
	void *value;
	uint64_t hash;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap;   /* power of two, or 0 */
	size_t count; /* live entries */
	size_t used;  /* live + tombstones */
};

#define STRMAP_INIT { NULL, 0, 0, 0 }

void *strmap_get(const struct strmap *m, const char *key);
/* Insert or replace; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
/* Remove; returns the removed value or NULL. */
void *strmap_remove(struct strmap *m, const char *key);
void strmap_free(struct strmap *m);
uint64_t strmap_hash(const char *s);

/* Iterate: for (size_t i = 0; strmap_next(m, &i, &k, &v); ) */
bool strmap_next(const struct strmap *m, size_t *iter, const char **key, void **value);

#endif
