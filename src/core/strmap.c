/* strmap.c - open addressing with linear probing and tombstones. */
#include "strmap.h"

static const char strmap_tombstone[1];

uint64_t strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t mask, i;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (s->key != strmap_tombstone && s->hash == h && strcmp(s->key, key) == 0)
			return s;
	}
}

static void strmap_rehash(struct strmap *m, size_t ncap)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->slots = xcalloc(ncap, sizeof(*m->slots));
	m->cap = ncap;
	m->count = m->used = 0;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key && old[i].key != strmap_tombstone) {
			size_t j = old[i].hash & (ncap - 1);
			while (m->slots[j].key)
				j = (j + 1) & (ncap - 1);
			m->slots[j] = old[i];
			m->count++;
			m->used++;
		}
	}
	free(old);
}

void *strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s = strmap_find(m, key, strmap_hash(key));
	return s ? s->value : NULL;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	uint64_t h = strmap_hash(key);
	struct strmap_slot *s = strmap_find(m, key, h);
	size_t i, mask;

	if (s) {
		void *old = s->value;
		s->key = key;
		s->value = value;
		return old;
	}
	if ((m->used + 1) * 4 >= m->cap * 3)
		strmap_rehash(m, m->cap ? (m->count * 2 >= m->cap / 2 ? m->cap * 2 : m->cap) : 16);
	mask = m->cap - 1;
	for (i = h & mask; m->slots[i].key && m->slots[i].key != strmap_tombstone; i = (i + 1) & mask)
		;
	if (!m->slots[i].key)
		m->used++;
	m->slots[i].key = key;
	m->slots[i].value = value;
	m->slots[i].hash = h;
	m->count++;
	return NULL;
}

void *strmap_remove(struct strmap *m, const char *key)
{
	struct strmap_slot *s = strmap_find(m, key, strmap_hash(key));
	void *old;

	if (!s)
		return NULL;
	old = s->value;
	s->key = strmap_tombstone;
	s->value = NULL;
	m->count--;
	return old;
}

bool strmap_next(const struct strmap *m, size_t *iter, const char **key, void **value)
{
	for (; *iter < m->cap; (*iter)++) {
		struct strmap_slot *s = &m->slots[*iter];
		if (s->key && s->key != strmap_tombstone) {
			*key = s->key;
			*value = s->value;
			(*iter)++;
			return true;
		}
	}
	return false;
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = m->used = 0;
}
