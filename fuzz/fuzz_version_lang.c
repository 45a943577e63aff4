/* fuzz_version_lang.c - libFuzzer target for the language-ecosystem version
 * orders (SemVer, Go, PEP 440, Maven, RubyGems): the input, split at
 * NULs/newlines into a, b (and c), must be ordered reflexively,
 * antisymmetrically and transitively (else abort); the npm range and RubyGems
 * requirement checks get (a, b) and (b, a) and must answer -1, 0 or 1.
 * FUZZ_VERSION_SCHEME=semver|go|pep440|maven|gem checks one order only. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*compare_fn)(const char *, const char *);

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

static bool wanted(size_t i)
{
	const char *only = getenv("FUZZ_VERSION_SCHEME");

	return !only || !*only || strcmp(only, orders[i].name) == 0;
}

static void check_reflexive_and_antisymmetric(compare_fn cmp, const char *x, const char *y)
{
	int xy = cmp(x, y);

	if (xy < -1 || xy > 1 || cmp(y, x) != -xy || cmp(x, x) != 0)
		abort();
}

/* x <= y <= z must give x <= z, strictly when either step is strict. */
static void check_transitive(compare_fn cmp, const char *x, const char *y, const char *z)
{
	int xy = cmp(x, y), yz = cmp(y, z), xz = cmp(x, z);

	if (xy <= 0 && yz <= 0 && xz > (xy == 0 && yz == 0 ? 0 : -1))
		abort();
}

static void check_order(size_t i, const char *a, const char *b, const char *c)
{
	compare_fn cmp = orders[i].cmp;
	const char *v[3] = { a, b, c };

	check_reflexive_and_antisymmetric(cmp, a, b);
	check_reflexive_and_antisymmetric(cmp, b, c);
	check_reflexive_and_antisymmetric(cmp, a, c);
	for (int x = 0; x < 3; x++)
		for (int y = 0; y < 3; y++)
			if (y != x)
				check_transitive(cmp, v[x], v[y], v[3 - x - y]);
	if (version_compare(orders[i].scheme, a, b) != cmp(a, b))
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

/* Cut s at its first NUL or newline; returns what follows, or "" if none. */
static char *cut_at_separator(char *s, const char *end)
{
	for (char *p = s; p < end; p++) {
		if (*p == '\0' || *p == '\n') {
			*p = '\0';
			return p + 1;
		}
	}
	return (char *)end; /* the terminating NUL */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *end, *a, *b, *c;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	end = buf + size;
	a = buf;
	b = cut_at_separator(a, end);
	c = cut_at_separator(b, end);
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		if (wanted(i))
			check_order(i, a, b, c);
	check_ranges(a, b);
	free(buf);
	return 0;
}
