/* fuzz_version_lang.c - libFuzzer target for the language-ecosystem version
 * orders (SemVer, Go, PEP 440, Maven, RubyGems): the input, split at
 * NULs/newlines into a, b (and c), must be ordered reflexively,
 * antisymmetrically and transitively (else abort); the npm range and RubyGems
 * requirement checks get (a, b) and (b, a) and must answer -1, 0 or 1.
 * FUZZ_VERSION_SCHEME=semver|go|pep440|maven|gem checks one order only. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_order.h"
#include "version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	compare_fn cmp;
	enum version_scheme scheme;
} orders[] = {
	{ "semver", semver_compare, VS_SEMVER },
	{ "go", go_version_compare, VS_GO },
	{ "pep440", pep440_compare, VS_PEP440 },
	{ "maven", maven_version_compare, VS_MAVEN },
	{ "gem", gem_version_compare, VS_GEM },
};

static void check_order(size_t i, const char *a, const char *b, const char *c)
{
	check_preorder(orders[i].cmp, a, b, c);
	if (version_compare(orders[i].scheme, a, b) != orders[i].cmp(a, b))
		abort();
}

static void check_answer(int r)
{
	if (r < -1 || r > 1)
		abort();
}

/* The range and requirement checks, and the validity checks against the
 * orders they must agree with. */
static void check_ranges(const char *a, const char *b)
{
	check_answer(npm_range_satisfies(a, b));
	check_answer(npm_range_satisfies(b, a));
	check_answer(gem_requirement_satisfies(a, b));
	check_answer(gem_requirement_satisfies(b, a));
	/* a valid version is never below an invalid one */
	if (semver_valid(a) && semver_compare(a, "not-a-version") != 1)
		abort();
	if (pep440_valid(a) && pep440_compare(a, "not a version") != 1)
		abort();
	if (gem_version_valid(a) && gem_version_compare(a, "not a version") != 1)
		abort();
	/* a range that is just a valid version is satisfied by it */
	if (semver_valid(a) && npm_range_satisfies(a, a) != 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *a, *b, *c;

	if (!fuzz_split3(data, size, &buf, &a, &b, &c))
		return 0;
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		if (fuzz_order_wanted(orders[i].name))
			check_order(i, a, b, c);
	check_ranges(a, b);
	free(buf);
	return 0;
}
