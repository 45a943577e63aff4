/* fuzz_lang_text.c - libFuzzer target for the text-format language analyzers
 * (npm, python, gemspec, composer) and npm_dedupe. The first input byte
 * picks the file kind (modulo 6; 5 parses the rest both as a lockfile and
 * as an installed package.json beside it), the rest is the file. Checks the
 * parsers' promises and frees everything they produced. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "analyzer/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const struct analyzer *a;
	const char *path;
} kinds[] = {
	{ &analyzer_npm, "app/node_modules/x/package.json" },
	{ &analyzer_npm, "app/package-lock.json" },
	{ &analyzer_python, "usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA" },
	{ &analyzer_gemspec, "usr/lib/ruby/gems/3.1.0/specifications/x-1.0.gemspec" },
	{ &analyzer_composer, "var/www/vendor/composer/installed.json" },
};

static void parse_one(int k, const char *copy, size_t len, struct inventory *inv)
{
	struct vg_err err = { 0 };
	size_t before = inv->packages.n;

	if (!kinds[k].a->wants(kinds[k].path))
		abort();
	if (kinds[k].a->parse(kinds[k].path, copy, len, inv, &err) == -1 &&
	    (inv->packages.n != before || !strstr(err.msg, kinds[k].path)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	char *copy;
	int sel;

	if (size < 1)
		return 0;
	sel = data[0] % 6;
	copy = malloc(size); /* analyzers get NUL-terminated buffers */
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	inventory_init(&inv);
	if (sel == 5) {
		parse_one(1, copy, size - 1, &inv);
		parse_one(0, copy, size - 1, &inv);
	} else {
		parse_one(sel, copy, size - 1, &inv);
	}
	npm_dedupe(&inv);
	for (size_t i = 0; i < inv.packages.n; i++) {
		const struct package *p = inv.packages.v[i];
		if (!p->name || !*p->name || !p->version || !*p->version || !p->found_in || p->found_in[0] != '/' ||
		    strlen(p->name) > LANG_WORD_MAX || strlen(p->version) > LANG_WORD_MAX ||
		    (p->license && strlen(p->license) > LANG_TEXT_MAX) ||
		    (p->maintainer && strlen(p->maintainer) > LANG_TEXT_MAX))
			abort();
	}
	inventory_free(&inv);
	free(copy);
	return 0;
}
