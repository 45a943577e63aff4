/* stanza.c - warning cap and stanza defects of the stanza-file analyzers (see stanza.h). */
#include <stdarg.h>

#include "stanza.h"

void warn_capped(struct inventory *inv, const char *path, int *count, int max, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (*count > max)
		return;
	if (++*count > max) {
		inventory_warn(inv, "%s: more than %d problems; further ones not reported", path, max);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	inventory_warn(inv, "%s", msg);
}

void stanza_mark_bad(struct stanza_defect *bad, int line, const char *fmt, ...)
{
	va_list ap;

	if (bad->line)
		return;
	bad->line = line;
	va_start(ap, fmt);
	vsnprintf(bad->why, sizeof(bad->why), fmt, ap);
	va_end(ap);
}
