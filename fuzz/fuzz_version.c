/* fuzz_version.c - libFuzzer target for version ordering: the input, split at
 * NULs/newlines into a, b (and c), must be ordered reflexively, antisymmetrically
 * and transitively (else abort). FUZZ_VERSION_SCHEME=deb|apk|rpm|rpm-part: one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_order.h"
#include "version/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	compare_fn cmp;
} orders[] = {
	{ "deb", deb_version_compare },
	{ "apk", apk_version_compare },
	{ "rpm", rpm_version_compare },
	{ "rpm-part", rpm_part_compare },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *a, *b, *c;
	char why[128];

	if (!fuzz_split3(data, size, &buf, &a, &b, &c))
		return 0;
	for (size_t i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		if (fuzz_order_wanted(orders[i].name))
			check_preorder(orders[i].cmp, a, b, c);
	/* validity must agree with itself and never crash */
	if (deb_version_valid(a, why, sizeof(why)) != deb_version_valid(a, NULL, 0))
		abort();
	(void)apk_version_valid(a);
	free(buf);
	return 0;
}
