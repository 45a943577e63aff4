/* fuzz_dpkg.c - libFuzzer target for the dpkg analyzer: parses the input as
 * /var/lib/dpkg/status and as a distroless status.d file, checks the
 * parser's promises, and frees everything it produced. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

/* A rejected file leaves no packages; an accepted one only named, versioned ones. */
static void check_result(int rc, size_t packages_before, const struct inventory *inv)
{
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && inv->packages.n != packages_before)
		abort();
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		if (!p->name || !*p->name || !p->version || !*p->version || !p->source_name ||
		    !p->source_version || !p->found_in)
			abort();
	}
}

static void parse_as(const char *path, const char *data, size_t len)
{
	struct inventory inv;
	struct vg_err err = { 0 };
	int rc;

	inventory_init(&inv);
	rc = analyzer_dpkg.parse(path, data, len, &inv, &err);
	check_result(rc, 0, &inv);
	inventory_free(&inv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* analyzers get NUL-terminated buffers */
	char *copy = malloc(size + 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	parse_as("var/lib/dpkg/status", copy, size);
	parse_as("var/lib/dpkg/status.d/fuzz", copy, size);
	free(copy);
	return 0;
}
