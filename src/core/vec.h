/* vec.h - growable array of pointers. The vector owns its slot array only;
 * elements are owned by whoever the vector's user says (see each use). */
#ifndef VG_VEC_H
#define VG_VEC_H

#include "common.h"

struct ptrvec {
	void **v;
	size_t n;
	size_t cap;
};

#define PTRVEC_INIT { NULL, 0, 0 }

static inline void ptrvec_push(struct ptrvec *pv, void *p)
{
	vg_grow((void **)&pv->v, &pv->cap, pv->n + 1, sizeof(void *));
	pv->v[pv->n++] = p;
}

/* Free the slot array; call free_elem (if non-NULL) on each element first. */
static inline void ptrvec_free(struct ptrvec *pv, void (*free_elem)(void *))
{
	if (free_elem)
		for (size_t i = 0; i < pv->n; i++)
			free_elem(pv->v[i]);
	free(pv->v);
	pv->v = NULL;
	pv->n = pv->cap = 0;
}

static inline void ptrvec_sort(struct ptrvec *pv, int (*cmp)(const void *, const void *))
{
	if (pv->n > 1)
		qsort(pv->v, pv->n, sizeof(void *), cmp);
}

#endif
