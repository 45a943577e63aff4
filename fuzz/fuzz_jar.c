/* fuzz_jar.c - libFuzzer target for the jar analyzer (jar.c): the input is a
 * zip given to extract (pom.properties, MANIFEST.MF, nested jars); its
 * summary must parse without an error into well-formed packages. The input
 * is also parsed as a summary itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

#define PATH "opt/app/app-1.0.jar"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse text as a summary; own says it came from extract (so it must parse). */
static void parse_summary(const char *text, size_t len, bool own)
{
	struct inventory inv;
	struct vg_err err = { 0 };
	int rc;

	inventory_init(&inv);
	rc = analyzer_jar.parse(PATH, text, len, &inv, &err);
	if (rc == -1 && (own || inv.packages.n != 0))
		abort();
	for (size_t i = 0; i < inv.packages.n; i++) {
		const struct package *p = inv.packages.v[i];
		if (!p->name || !*p->name || !p->version || !*p->version || !p->found_in ||
		    strcmp(p->found_in, "/" PATH) != 0)
			abort();
	}
	inventory_free(&inv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *summary, why[256] = "";
	size_t len = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	summary = analyzer_jar.extract(PATH, copy, size, &len, why, sizeof(why));
	if (summary) {
		if (strlen(summary) != len || why[0])
			abort();
		parse_summary(summary, len, true);
		free(summary);
	}
	parse_summary(copy, size, false);
	free(copy);
	return 0;
}
