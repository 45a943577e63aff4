/* fuzz_apk.c - libFuzzer target for the apk analyzer: parses the input as
 * /lib/apk/db/installed, checks the parser's promises, and frees everything
 * it produced. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	struct vg_err err = { 0 };
	char *copy = malloc(size + 1); /* analyzers get NUL-terminated buffers */
	int rc;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	inventory_init(&inv);
	rc = analyzer_apk.parse("lib/apk/db/installed", copy, size, &inv, &err);
	if (rc == -1 && inv.packages.n != 0)
		abort();
	for (size_t i = 0; i < inv.packages.n; i++) {
		const struct package *p = inv.packages.v[i];
		if (!p->name || !*p->name || !p->version || !*p->version || !p->source_name || !p->found_in)
			abort();
	}
	inventory_free(&inv);
	free(copy);
	return 0;
}
