/* stanza.h - shared by the analyzers of stanza files (apk.c, dpkg.c): a cap
 * on the warnings one file may add to the inventory, and the first defect of
 * a stanza, which makes the stanza skipped. */
#ifndef VG_STANZA_H
#define VG_STANZA_H

#include "../core/common.h"
#include "../pkg/package.h"

/* inventory_warn(inv, fmt, ...) while *count (the file's warnings so far,
 * counted here) is below max; the next one says "<path>: more than <max>
 * problems; further ones not reported" instead, and later ones say nothing. */
void warn_capped(struct inventory *inv, const char *path, int *count, int max, const char *fmt, ...)
	VG_PRINTF(5, 6);

/* The first defect of a stanza. */
struct stanza_defect {
	int line;      /* 0 while there is none */
	char why[128];
};

/* Remember a defect at line unless the stanza already has one. */
void stanza_mark_bad(struct stanza_defect *bad, int line, const char *fmt, ...) VG_PRINTF(3, 4);

#endif
