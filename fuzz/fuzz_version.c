/* fuzz_version.c - libFuzzer target for version ordering: the input, split at
 * NULs/newlines into a, b (and c), must be ordered reflexively, antisymmetrically
 * and transitively (else abort). FUZZ_VERSION_SCHEME=deb|apk|rpm|rpm-part: one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*compare_fn)(const char *, const char *);

static const struct {
	const char *name;
	compare_fn cmp;
} orders[] = {
	{ "deb", deb_version_compare },
	{ "apk", apk_version_compare },
	{ "rpm", rpm_version_compare },
	{ "rpm-part", rpm_part_compare },
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

static void check_order(compare_fn cmp, const char *a, const char *b, const char *c)
{
	const char *v[3] = { a, b, c };

	check_reflexive_and_antisymmetric(cmp, a, b);
	check_reflexive_and_antisymmetric(cmp, b, c);
	check_reflexive_and_antisymmetric(cmp, a, c);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			if (j != i)
				check_transitive(cmp, v[i], v[j], v[3 - i - j]);
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
	char why[128];

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
			check_order(orders[i].cmp, a, b, c);
	/* validity must agree with itself and never crash */
	if (deb_version_valid(a, why, sizeof(why)) != deb_version_valid(a, NULL, 0))
		abort();
	(void)apk_version_valid(a);
	free(buf);
	return 0;
}
