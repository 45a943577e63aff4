/* fuzz_content.h - the shared body of the content-based analyzer targets
 * (fuzz_gobinary, fuzz_jar): the input is a file given to the analyzer's
 * extract; its summary must parse without an error into well-formed
 * packages found at path. The input is also parsed as a summary itself,
 * which may fail but must then add nothing. */
#ifndef VG_FUZZ_CONTENT_H
#define VG_FUZZ_CONTENT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

/* own: the text came from extract, so it must parse. */
static inline void fuzz_parse_summary(const struct analyzer *an, const char *path, const char *text, size_t len,
				      bool own)
{
	struct inventory inv;
	struct vg_err err = { 0 };
	int rc;

	inventory_init(&inv);
	rc = an->parse(path, text, len, &inv, &err);
	if (rc == -1 && (own || inv.packages.n != 0))
		abort();
	for (size_t i = 0; i < inv.packages.n; i++) {
		const struct package *p = inv.packages.v[i];
		if (!p->name || !*p->name || !p->version || !*p->version || !p->found_in ||
		    p->found_in[0] != '/' || strcmp(p->found_in + 1, path) != 0)
			abort();
	}
	inventory_free(&inv);
}

static inline int fuzz_content_analyzer(const struct analyzer *an, const char *path, const uint8_t *data,
					size_t size)
{
	char *copy = malloc(size + 1), *summary, why[256] = "";
	size_t len = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	summary = an->extract(path, copy, size, &len, why, sizeof(why));
	if (summary) {
		if (strlen(summary) != len || why[0])
			abort();
		fuzz_parse_summary(an, path, summary, len, true);
		free(summary);
	}
	fuzz_parse_summary(an, path, copy, size, false);
	free(copy);
	return 0;
}

#endif
