/* test_version_lang.c - unit tests for the language-ecosystem version orders
 * (SemVer, Go, PEP 440, Maven, RubyGems) and the npm / RubyGems range checks:
 * each specification's own examples as ascending chains and equal groups,
 * a total-preorder check over every vector plus invalid and random strings,
 * and the real advisory data under $VIGIL_SHARED/vulndata. */
#include "testutil.h"

#include <jansson.h>

#include "core/error.h"
#include "core/fileio.h"
#include "core/lines.h"
#include "version/version.h"

#define DATA_FILE_MAX (64u << 20)

typedef int (*compare_fn)(const char *, const char *);

static const char *shown(const char *s)
{
	return s ? s : "(null)";
}

/* Every earlier version of the chain is below every later one, both ways. */
static int check_chain(compare_fn cmp, const char *const *v, size_t n, const char *name)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		if (cmp(v[i], v[i]) != 0 && bad++ < 20)
			printf("# %s: \"%s\" not equal to itself\n", name, shown(v[i]));
		for (size_t j = i + 1; j < n; j++) {
			int lo = cmp(v[i], v[j]), hi = cmp(v[j], v[i]);

			if ((lo != -1 || hi != 1) && bad++ < 20)
				printf("# %s: cmp(\"%s\", \"%s\") = %d, reversed %d; want -1, 1\n", name, shown(v[i]),
				       shown(v[j]), lo, hi);
		}
	}
	printf("# %s: %zu versions in ascending order\n", name, n);
	return bad;
}

/* Every version of the group equals every other. */
static int check_equal(compare_fn cmp, const char *const *v, size_t n, const char *name)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (cmp(v[i], v[j]) != 0 && bad++ < 20)
				printf("# %s: cmp(\"%s\", \"%s\") = %d, want 0\n", name, shown(v[i]), shown(v[j]),
				       cmp(v[i], v[j]));
	return bad;
}

#define CHAIN(cmp, arr, name) check_chain(cmp, arr, VG_ARRAY_LEN(arr), name)
#define EQUAL(cmp, arr, name) check_equal(cmp, arr, VG_ARRAY_LEN(arr), name)

/* Equal groups as rows of up to 8 versions, NULL-padded (NULL itself is
 * tested elsewhere, so it ends a row here). */
struct eq_row {
	const char *v[8];
};

static int check_equal_rows(compare_fn cmp, const struct eq_row *rows, size_t n, const char *name)
{
	int bad = 0;
	size_t count = 0;

	for (size_t r = 0; r < n; r++) {
		size_t k = 0;

		while (k < 8 && rows[r].v[k])
			k++;
		bad += check_equal(cmp, rows[r].v, k, name);
		count += k;
	}
	printf("# %s: %zu equal groups, %zu versions\n", name, n, count);
	return bad;
}

/* ---- SemVer ---- */

/* semver.org section 11, the precedence example, then more of the rules. */
static const char *const semver_spec_chain[] = {
	"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
	"1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1",
};

static const char *const semver_more_chain[] = {
	"0.0.0-0", "0.0.0", "0.0.1", "0.1.0", "1.0.0-0", "1.0.0-0.0", "1.0.0-1", "1.0.0-9", "1.0.0-10",
	"1.0.0-99999999999999999999", "1.0.0-100000000000000000000", "1.0.0--", "1.0.0-A", "1.0.0-a",
	"1.0.0-a-b", "1.0.0", "1.9.0", "1.10.0", "1.11.0", "18446744073709551615.0.0",
	"18446744073709551616.0.0", "99999999999999999999999999.0.0",
};

static const struct eq_row semver_equal[] = {
	{ { "1.0.0", "v1.0.0", "=1.0.0", "=v1.0.0", " 1.0.0 ", "1.0.0+build.5", "1.0.0+20130313144700", "1" } },
	{ { "1.2.0", "1.2", "v1.2", "1.2.0+x" } },
	{ { "1.0.0-beta", "1.0.0-beta+exp.sha.5114f85", "v1.0.0-beta" } },
	{ { "1.0.0-rc.01", "1.0.0-rc.1" } }, /* loose: numeric identifiers by value */
	{ { "01.002.0003", "1.2.3" } },
};

static void test_semver_order(void **state)
{
	int bad = 0;

	(void)state;
	bad += CHAIN(semver_compare, semver_spec_chain, "semver.org 11");
	bad += CHAIN(semver_compare, semver_more_chain, "semver rules");
	bad += check_equal_rows(semver_compare, semver_equal, VG_ARRAY_LEN(semver_equal), "semver equal");
	/* invalid versions sort below every valid one, in strcmp order */
	assert_int_equal(semver_compare("a.b.c", "0.0.0-0"), -1);
	assert_int_equal(semver_compare("1.2.3.4", "0.0.0"), -1);
	assert_int_equal(semver_compare("1.2.3-", "1.2.3-"), 0);
	assert_int_equal(semver_compare("1.2.3-", "1.2.3-a..b"), -1);
	assert_int_equal(semver_compare(NULL, ""), 0);
	assert_int_equal(semver_compare(NULL, "0"), -1);
	assert_int_equal(bad, 0);
}

static void test_semver_valid(void **state)
{
	static const struct {
		const char *v;
		bool valid;
	} t[] = {
		{ "1.0.0", true },
		{ "v1.0.0", true },
		{ "1.0.0-alpha.1", true },
		{ "1.0.0-0.3.7", true },
		{ "1.0.0-x.7.z.92", true },
		{ "1.0.0-x-y-z.--", true },
		{ "1.0.0+21AF26D3----117B344092BD", true },
		{ "1.0.0-alpha+001", true },
		{ "99999999999999999999.0.0", true },
		{ "1.0.0-rc.1+build.1", true },
		{ "1.0", false },
		{ "1", false },
		{ "01.0.0", false },
		{ "1.01.0", false },
		{ "1.0.0-01", false },
		{ "1.0.0-", false },
		{ "1.0.0+", false },
		{ "1.0.0-a..b", false },
		{ "=1.0.0", false },
		{ " 1.0.0", false },
		{ "1.0.0 ", false },
		{ "1.0.0.0", false },
		{ "a.b.c", false },
		{ "", false },
		{ NULL, false },
		{ "1.0.0-ä", false },
		{ "V1.0.0", false },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(t); i++)
		if (semver_valid(t[i].v) != t[i].valid)
			fail_msg("semver_valid(\"%s\") = %d", shown(t[i].v), !t[i].valid);
}

/* ---- Go ---- */

/* go.dev/ref/mod#versions and #pseudo-versions: pseudo-versions are
 * pre-releases of the next version; +incompatible does not count. */
static const char *const go_module_chain[] = {
	"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20191110000000-000000000000", "v0.1.0",
	"v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-pre", "v1.2.4-pre.0.20191109021931-daa7c04131f5",
	"v1.2.4-pre.1", "v1.2.4", "v1.10.0", "v2.0.0+incompatible", "v2.0.1+incompatible", "v2.1.0-rc.1",
	"v2.1.0",
};

/* go.dev/doc/toolchain: release candidates before the release, go1.20 is
 * the release 1.20.0, patch releases by value. */
static const char *const go_toolchain_chain[] = {
	"go1.9beta1", "go1.9beta2", "go1.9rc1", "go1.9", "go1.9.1", "go1.19.8", "go1.19.10", "go1.20rc3",
	"go1.20", "go1.20.1", "go1.21rc2", "go1.21rc10", "go1.21.0", "go1.21.1", "go1.100.0",
};

static const struct eq_row go_equal[] = {
	{ { "go1.20", "go1.20.0", "1.20.0", "v1.20.0", "1.20", "v1.20" } },
	{ { "go1.21rc2", "1.21rc2", "v1.21.0-rc.2", "1.21.0-rc.2", "go1.21.0rc2" } },
	{ { "v2.0.0+incompatible", "v2.0.0", "2.0.0" } },
	{ { "0", "v0", "0.0.0", "v0.0", "go0" } }, /* OSV's "introduced": "0" */
	{ { "v1.0.0-rc.01", "v1.0.0-rc.1" } },
};

static void test_go_order(void **state)
{
	int bad = 0;

	(void)state;
	bad += CHAIN(go_version_compare, go_module_chain, "go modules");
	bad += CHAIN(go_version_compare, go_toolchain_chain, "go toolchain");
	bad += check_equal_rows(go_version_compare, go_equal, VG_ARRAY_LEN(go_equal), "go equal");
	assert_int_equal(go_version_compare("v0.0.0-20190101000000-abcdefabcdef", "v0.1.0"), -1);
	assert_int_equal(go_version_compare("go1.21rc2", "go1.21.0"), -1);
	assert_int_equal(go_version_compare("go1.19.8", "go1.19.10"), -1);
	assert_int_equal(go_version_compare("v1.2.3", "1.2.3"), 0);
	/* invalid versions sort below every valid one, in strcmp order */
	assert_int_equal(go_version_compare("v1.2.3-", "v0.0.0-0"), -1);
	assert_int_equal(go_version_compare("go1.21rc", "0"), -1);
	assert_int_equal(go_version_compare("vv1", "master"), 1);
	assert_int_equal(go_version_compare("v1.2-pre", "v0"), -1); /* shorthands take no pre-release */
	assert_int_equal(go_version_compare(NULL, ""), 0);
	assert_int_equal(bad, 0);
}

/* ---- PEP 440 ---- */

/* The specification's summary of permitted suffixes and relative ordering. */
static const char *const pep440_spec_chain[] = {
	"1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
	"1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
	"1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
};

static const char *const pep440_more_chain[] = {
	"0.dev0", "0", "0.0.1", "0.9", "1.0.dev0", "1.0a0", "1.0a1", "1.0b0", "1.0c0", "1.0",
	"1.0+a", "1.0+a.1", "1.0+b", "1.0+0", "1.0+1", "1.0+1.a", "1.0+2", "1.0.post0", "1.0.post1",
	"1.0.0.1", "1.1", "1.10", "99999999999999999999999.0", "100000000000000000000000", "2!0.1", "2!1.0",
	"10!0", "100000000000000000000!0",
};

/* The specification's normalisation rules, each group one version. */
static const struct eq_row pep440_equal[] = {
	{ { "1.0a1", "1.0.alpha.1", "1.0-a-1", "1.0_a_1", "1.0ALPHA1", "1.0.a1", "1.0a.1", "1.0-A1" } },
	{ { "1.0b2", "1.0beta2", "1.0-b-2", "1.0.beta.2", "1.0B2" } },
	{ { "1.0rc1", "1.0c1", "1.0pre1", "1.0preview1", "1.0-rc-1", "1.0.RC.1", "1.0rc.1" } },
	{ { "1.0a0", "1.0a", "1.0alpha", "1.0-a", "1.0a." } },
	{ { "1.0.post1", "1.0-1", "1.0post1", "1.0-post-1", "1.0.rev1", "1.0r1", "1.0-r-1", "1.0_post_1" } },
	{ { "1.0.post0", "1.0.post", "1.0-post", "1.0r", "1.0rev" } },
	{ { "1.0.dev0", "1.0dev", "1.0-dev", "1.0.DEV", "1.0_dev0", "1.0-dev-0" } },
	{ { "1.0", "1.0.0", "1.0.0.0", "v1.0", "V1.0", " 1.0 ", "0!1.0", "1.00" } },
	{ { "1.0+ubuntu.1", "1.0+ubuntu-1", "1.0+ubuntu_1", "1.0+UBUNTU.1", "1.0+ubuntu.01" } },
	{ { "1.0a1.post2.dev3", "1.0-a1-post2-dev3", "1.0.a.1.post.2.dev.3" } },
	{ { "01.02", "1.2" } },
};

static void test_pep440_order(void **state)
{
	int bad = 0;

	(void)state;
	bad += CHAIN(pep440_compare, pep440_spec_chain, "PEP 440 example");
	bad += CHAIN(pep440_compare, pep440_more_chain, "PEP 440 rules");
	bad += check_equal_rows(pep440_compare, pep440_equal, VG_ARRAY_LEN(pep440_equal), "PEP 440 equal");
	assert_int_equal(pep440_compare("trunk", "0.dev0"), -1); /* invalid sorts below valid */
	assert_int_equal(pep440_compare("a3", "trunk"), -1);
	assert_int_equal(pep440_compare(NULL, ""), 0);
	assert_int_equal(bad, 0);
}

static void test_pep440_valid(void **state)
{
	static const struct {
		const char *v;
		bool valid;
	} t[] = {
		{ "1.0", true },
		{ "1!2.0", true },
		{ "1.0.dev456", true },
		{ "1.0a12.dev456", true },
		{ "1.0+abc.7", true },
		{ "1.0-1", true },
		{ "v1.0", true },
		{ " 1.0\n", true },
		{ "1.0a.", true },
		{ "1.0.post.dev", true },
		{ "1.0a.-post1", true },
		{ "0", true },
		{ "1.0.", false },
		{ "1.0+", false },
		{ "1.0+a..b", false },
		{ "1.0-", false },
		{ "1.0a1b1", false },
		{ "1.0prev", false },
		{ "1.0 a", false },
		{ "a3", false },
		{ "trunk", false },
		{ "2019-09-12", false },
		{ "0.3m1", false },
		{ "2.0.0-final", false },
		{ "0.7.1.fix1", false },
		{ "", false },
		{ NULL, false },
		{ "!1.0", false },
		{ "1!", false },
		{ "1.0.post1.post2", false },
		{ "1.0-1-1", false },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(t); i++)
		if (pep440_valid(t[i].v) != t[i].valid)
			fail_msg("pep440_valid(\"%s\") = %d", shown(t[i].v), !t[i].valid);
}

/* ---- Maven ---- */

/* Maven's ComparableVersionTest: VERSIONS_QUALIFIER and, as Maven 3.9 orders
 * it ("2.0.a" reads as "2-a", below "2-1"), VERSIONS_NUMBER. */
static const char *const maven_qualifier_chain[] = {
	"1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc",
	"1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1",
	"1-1-snapshot", "1-1", "1-2", "1-123",
};

static const char *const maven_number_chain[] = {
	"2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1", "2.2",
	"2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m",
};

/* The POM reference's version order examples, and common real forms. */
static const char *const maven_spec_chain[] = {
	"1-snapshot", "1", "1-sp", "1.foo", "1-foo2", "1-foo10", "1-1", "1.1",
};

static const char *const maven_real_chain[] = {
	"1.0-alpha-1", "1.0-alpha-2", "1.0-beta-1", "1.0-M1", "1.0-RC1", "1.0-SNAPSHOT", "1.0", "1.0-sp1",
	"1.0.1", "1.17.0-alpha", "1.17.0-RC1", "1.17.0-SNAPSHOT", "1.17.0", "1.17.0.RELEASE-sp", "1.17.1",
	"1.17.10", "2.5.6", "2.5.6.SEC01", "2.5.6.SEC03", "2.13.4", "2.13.4.1", "2.13.4.2", "3.0.0-M5",
	"9.4.44.v20210927", "9.4.45.v20220203", "31.1-android", "31.1-jre", "32.0.0-jre",
	"12345678901234567890", "12345678901234567891",
};

static const struct eq_row maven_equal[] = {
	{ { "1.ga", "1-ga", "1-0", "1.0", "1", "1.0.0", "1.final", "1-release" } },
	{ { "1", "1.0-0", "1.0.0.RELEASE", "1-final", "1.release", "1.0.0.0.0" } },
	{ { "1.foo", "1-foo" } },
	{ { "1-a1", "1-alpha-1", "1a1", "1alpha1", "1-ALPHA1", "1.0.0-a1" } },
	{ { "1.0-alpha1", "1.0-ALPHA1", "1.0-a1", "1.0Alpha1", "1.0.0alpha1" } },
	{ { "2.0.a", "2.0.0.a", "2-a" } },
	{ { "1.0.0.M1", "1-m1", "1-milestone-1" } },
	{ { "1b2", "1-b2", "1-beta-2", "1beta2" } },
	{ { "1rc", "1cr", "1-rc", "1-cr", "1.RC" } },
	{ { "1-SNAPSHOT", "1-snapshot", "1.0-SNAPSHOT" } },
	{ { "12345678901234567890", "12345678901234567890.0", "0012345678901234567890" } },
	{ { "", "0", "0.0", "-", ".", "0-0", "ga", "final" } },
};

static void test_maven_order(void **state)
{
	int bad = 0;

	(void)state;
	bad += CHAIN(maven_version_compare, maven_qualifier_chain, "Maven qualifiers");
	bad += CHAIN(maven_version_compare, maven_number_chain, "Maven numbers");
	bad += CHAIN(maven_version_compare, maven_spec_chain, "POM version order");
	bad += CHAIN(maven_version_compare, maven_real_chain, "Maven real versions");
	bad += check_equal_rows(maven_version_compare, maven_equal, VG_ARRAY_LEN(maven_equal), "Maven equal");
	/* the specification's list, one by one */
	assert_int_equal(maven_version_compare("1-foo", "1-1"), -1);
	assert_int_equal(maven_version_compare("1-1", "1.1"), -1);
	assert_int_equal(maven_version_compare("1-sp", "1-ga"), 1);
	assert_int_equal(maven_version_compare("1-sp.1", "1-ga.1"), 1);
	assert_int_equal(maven_version_compare("1-sp-1", "1-ga-1"), -1);
	assert_int_equal(maven_version_compare("1.7", "1.K"), 1);
	assert_int_equal(maven_version_compare("5.zebra", "5.aardvark"), 1);
	assert_int_equal(maven_version_compare("1-0.1", "1"), 1);
	assert_int_equal(maven_version_compare("1-0-alpha", "1"), -1);
	assert_int_equal(maven_version_compare("1.9", "1.10"), -1);
	/* Maven itself orders "1-1" < "1.0.alpha-1" < "1" < "1-1" (MNG-5568);
	 * here the side of null decides: "1.0.alpha-1" < "1" < "1-1". */
	assert_int_equal(maven_version_compare("1.0.alpha-1", "1"), -1);
	assert_int_equal(maven_version_compare("1", "1-1"), -1);
	assert_int_equal(maven_version_compare("1.0.alpha-1", "1-1"), -1);
	assert_int_equal(maven_version_compare(NULL, ""), 0);
	assert_int_equal(bad, 0);
}

/* ---- RubyGems ---- */

/* Gem::Version's documentation and its ordering rules. */
static const char *const gem_chain[] = {
	"0.0.a", "0", "0.1", "0.9.9", "1.0.a", "1.0.a1", "1.0.a2", "1.0.a10", "1.0.b", "1.0.b1", "1.0.0.pre1",
	"1.0.0.pre2", "1.0.0.rc1", "1.0", "1.0.0.1", "1.0.1", "1.1.a", "1.1", "1.1.0.1", "1.2.3", "1.10",
	"2.0.0.A", "2.0.0.a", "2.0.0.b", "2.0", "99999999999999999999", "100000000000000000000",
};

static const struct eq_row gem_equal[] = {
	{ { "1.0", "1", "1.0.0", " 1.0 ", "1.00", "01" } },
	{ { "1.0-1", "1.0.pre.1", "1.0.0-1" } },
	{ { "1.0.a", "1.a", "1.0.0.a", "1.0.a.0", "1.0a" } },
	{ { "", "0", "0.0", "  " } },
	{ { "1.0.0-rc1", "1.0.0.pre.rc.1", "1.pre.rc1" } },
};

static void test_gem_order(void **state)
{
	int bad = 0;

	(void)state;
	bad += CHAIN(gem_version_compare, gem_chain, "RubyGems");
	bad += check_equal_rows(gem_version_compare, gem_equal, VG_ARRAY_LEN(gem_equal), "RubyGems equal");
	assert_int_equal(gem_version_compare("1.0.a", "1.0.b"), -1);
	assert_int_equal(gem_version_compare("1.0.b", "1.0"), -1);
	assert_int_equal(gem_version_compare("1.0.0.pre1", "1.0.0"), -1);
	assert_int_equal(gem_version_compare("1.0-1", "1.0"), -1); /* "1.0.pre.1" is a pre-release */
	assert_int_equal(gem_version_compare("junk", "0"), -1);
	assert_int_equal(gem_version_compare("1.0.", "1..0"), 1); /* strcmp among invalid */
	assert_int_equal(gem_version_compare(NULL, "0"), 0);      /* NULL reads as "", which is "0" */
	assert_true(gem_version_valid("1.0.0.rc2.1"));
	assert_true(gem_version_valid("1.0-a-b.c-"));
	assert_true(gem_version_valid(" 2.0 "));
	assert_true(gem_version_valid(""));
	assert_false(gem_version_valid("1.0."));
	assert_false(gem_version_valid("v1.0"));
	assert_false(gem_version_valid("1_0"));
	assert_false(gem_version_valid("-1"));
	assert_false(gem_version_valid("1.0-"));
	assert_false(gem_version_valid("a"));
	assert_int_equal(bad, 0);
}

/* ---- npm ranges ---- */

struct range_case {
	const char *range, *version;
	int want;
};

/* node-semver's README and its range-include/range-exclude fixtures (the
 * non-loose ones), and the Node security-wg forms. */
static const struct range_case npm_cases[] = {
	{ "<=4.17.4", "4.17.4", 1 },
	{ "<=4.17.4", "4.17.5", 0 },
	{ ">=1.0.0 <1.2.3 || >=2.0.0 <2.1.0", "1.2.2", 1 },
	{ ">=1.0.0 <1.2.3 || >=2.0.0 <2.1.0", "1.2.3", 0 },
	{ ">=1.0.0 <1.2.3 || >=2.0.0 <2.1.0", "2.0.5", 1 },
	{ ">=1.0.0 <1.2.3 || >=2.0.0 <2.1.0", "2.1.0", 0 },
	{ "^1.2.3", "1.9.0", 1 },
	{ "^1.2.3", "2.0.0", 0 },
	{ "^1.2.3", "1.2.2", 0 },
	{ "~1.2.3", "1.2.9", 1 },
	{ "~1.2.3", "1.3.0", 0 },
	{ "1.2.x", "1.2.3", 1 },
	{ "1.2.x", "1.3.3", 0 },
	{ "*", "1.2.3", 1 },
	{ "", "1.0.0", 1 },
	{ "||", "1.3.4", 1 },
	{ "x", "1.2.3", 1 },
	{ ">=*", "0.2.4", 1 },
	{ "1.2.3 - 2.3.4", "1.2.3", 1 },
	{ "1.2.3 - 2.3.4", "2.3.4", 1 },
	{ "1.2.3 - 2.3.4", "2.3.5", 0 },
	{ "1.2 - 2.3.4", "1.2.0", 1 },
	{ "1.2.3 - 2.3", "2.3.9", 1 },
	{ "1.2.3 - 2.3", "2.4.0", 0 },
	{ "1.2.3 - 2", "2.99.0", 1 },
	{ "x - 1.0.0", "0.9.7", 1 },
	{ "1.0.0 - x", "1.9.7", 1 },
	{ "1.2.3-pre+asdf - 2.4.3-pre+asdf", "1.2.3-pre.2", 1 },
	{ "1.2.3-pre+asdf - 2.4.3-pre+asdf", "2.4.3-alpha", 1 },
	{ "1.2.3+asdf - 2.4.3+asdf", "1.2.3-pre.2", 0 },
	/* pre-releases only where a comparator has one on the same major.minor.patch */
	{ "<1.2.3", "1.2.3-alpha", 0 },
	{ "<=1.2.3", "1.2.3-beta", 0 },
	{ "=1.2.3", "1.2.3-beta", 0 },
	{ "^1.2.3", "1.2.3-pre", 0 },
	{ "^1.2.3", "2.0.0-alpha", 0 },
	{ "*", "1.2.3-foo", 0 },
	{ ">1.2.3-alpha.3", "1.2.3-alpha.7", 1 },
	{ ">1.2.3-alpha.3", "3.4.5-alpha.9", 0 },
	{ ">1.2.3-alpha.3", "3.4.5", 1 },
	{ "^1.2.3-alpha", "1.2.3-pre", 1 },
	{ "^0.0.1-alpha", "0.0.1-beta", 1 },
	{ "^0.0.1-alpha", "0.0.1", 1 },
	{ "~v0.5.4-pre", "0.5.5", 1 },
	{ "~v0.5.4-beta", "0.5.4-alpha", 0 },
	{ "~0.8.0-pre", "0.8.5", 1 },
	{ "<5.0.0-beta.5", "5.0.0-beta.4", 1 },
	{ "<=v2.0.0-alpha7", "2.0.0-alpha7", 1 },
	{ "=3.0.0-rc.1", "3.0.0-rc.1", 1 },
	{ "2.1.0-M1 || 2.1.0-M2", "2.1.0-M2", 1 },
	/* x-ranges with operators */
	{ ">1.2", "1.2.8", 0 },
	{ ">1.2", "1.3.0", 1 },
	{ "<1.2", "1.1.1", 1 },
	{ "<=0.7.x", "0.7.2", 1 },
	{ "<0.7.x", "0.7.2", 0 },
	{ ">=0.7.x", "0.6.2", 0 },
	{ "=0.7.x", "0.7.2", 1 },
	{ "<=7.x", "7.9.9", 1 },
	{ ">= 1.x", "1.0.0", 1 },
	{ ">= 2.2.x", "2.1.9", 0 },
	{ "<*", "0.0.0", 0 },
	{ ">x", "1.0.0", 0 },
	/* tilde and caret */
	{ "~1", "1.9.9", 1 },
	{ "~>1", "2.2.3", 0 },
	{ "~> 1", "1.2.3", 1 },
	{ "~ 1.0", "1.0.2", 1 },
	{ "~1.0", "1.1.0", 0 },
	{ "~0.0.1", "0.1.0", 0 },
	{ "^0.1.2", "0.1.9", 1 },
	{ "^0.1.2", "0.2.0", 0 },
	{ "^0.0.1", "0.0.2", 0 },
	{ "^0.0", "0.0.9", 1 },
	{ "^0.0", "0.1.0", 0 },
	{ "^1.2", "1.4.2", 1 },
	{ "^1.2 ^1", "1.4.2", 1 },
	{ "^x", "1.2.3", 1 },
	{ "~1.2.1 >=1.2.3", "1.2.3", 1 },
	{ "~1.2.1 =1.2.3", "1.2.3", 1 },
	/* whitespace and the security-wg records' own forms */
	{ "<  2.0.5", "2.0.4", 1 },
	{ "< 3.1.3  || >= 4.0.0 <4.1.1", "4.1.0", 1 },
	{ ">=3.4.6 < 4.0.0|| >=4.0.5", "4.0.4", 0 },
	{ "<1.6.5 || < 2.1.7 > 2.0.0", "2.1.0", 1 },
	{ "<1.6.5 || < 2.1.7 > 2.0.0", "2.0.0", 0 },
	{ ">= 2.0.1 <3.0.2", "3.0.1", 1 },
	{ "<0.0.0", "0.0.0", 0 },
	{ "<=99.999.99999", "99.999.99999", 1 },
	{ ">=0.2.3 || <0.0.1", "0.0.0", 1 },
	{ "1.0.0", "v1.0.0", 1 },
	{ "1.0.0", "1.0.0+build", 1 },
	{ "1.0.0", "1.0.1", 0 },
	/* numbers of any length */
	{ "^99999999999999999999.9.9", "100000000000000000000.0.0", 0 },
	{ "^99999999999999999999.9.9", "99999999999999999999.10.0", 1 },
	{ "~1.99999999999999999999.0", "1.99999999999999999999.5", 1 },
	{ "~1.99999999999999999999.0", "1.100000000000000000000.0", 0 },
	{ "<=1.9999999999999999999", "1.9999999999999999999.7", 1 },
	{ "<=1.9999999999999999999", "1.10000000000000000000.0", 0 },
	/* malformed ranges and versions */
	{ "blerg", "1.2.3", -1 },
	{ "1 | 2", "1.0.0", -1 },
	{ ">=1.0.0,<2.0.0", "1.0.0", -1 },
	{ "==1.2.3", "1.2.3", -1 },
	{ "1.x.3", "1.2.3", -1 },
	{ ">=1.2.3-", "1.2.3", -1 },
	{ "1.2.3 -2.3.4", "1.2.3", -1 },
	{ "<", "1.0.0", -1 },
	{ ">=1.0.0 || blerg", "1.0.0", -1 },
	{ ">=1.0.0", "a.b.c", -1 },
	{ ">=1.0.0", "", -1 },
	{ NULL, "1.0.0", 1 },
	{ "*", NULL, -1 },
};

static void test_npm_ranges(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(npm_cases); i++) {
		int got = npm_range_satisfies(npm_cases[i].range, npm_cases[i].version);

		if (got != npm_cases[i].want && bad++ < 20)
			printf("# npm_range_satisfies(\"%s\", \"%s\") = %d, want %d\n", shown(npm_cases[i].range),
			       shown(npm_cases[i].version), got, npm_cases[i].want);
	}
	printf("# npm ranges: %zu cases\n", VG_ARRAY_LEN(npm_cases));
	assert_int_equal(bad, 0);
}

/* ---- RubyGems requirements ---- */

static const struct range_case gem_cases[] = {
	{ "~> 1.2.3", "1.2.3", 1 },
	{ "~> 1.2.3", "1.2.99", 1 },
	{ "~> 1.2.3", "1.3", 0 },
	{ "~> 1.2.3", "1.3.0.pre", 0 },
	{ "~> 1.2.3", "1.2.2", 0 },
	{ "~> 1.2", "1.2", 1 },
	{ "~> 1.2", "1.99", 1 },
	{ "~> 1.2", "2.0", 0 },
	{ "~> 1.2", "2.0.0.a", 0 }, /* above 1.2, but its release 2.0.0 is not below the bump 2 */
	{ "~> 1", "1.9", 1 },
	{ "~> 1", "2", 0 },
	{ ">= 1.1.5, < 1.2", "1.1.5", 1 },
	{ ">= 1.1.5, < 1.2", "1.1.9.1", 1 },
	{ ">= 1.1.5, < 1.2", "1.2", 0 },
	{ ">= 1.1.5, < 1.2", "1.1.4", 0 },
	{ "~> 7.0.8, >= 7.0.8.3", "7.0.8.3", 1 },
	{ "~> 7.0.8, >= 7.0.8.3", "7.0.8.2", 0 },
	{ "~> 7.0.8, >= 7.0.8.3", "7.1.0", 0 },
	{ "~> 4.1.0.beta2", "4.1.0", 1 },
	{ "~> 4.1.0.beta2", "4.1.0.beta1", 0 },
	{ "~> 4.1.0.beta2", "4.2", 0 },
	{ "~> 1.0.0.rc2.1", "1.0.9", 1 },
	{ "~> 1.0.0.rc2.1", "1.1", 0 },
	{ "!= 1.1", "1.1.0", 0 },
	{ "!= 1.1", "1.1.1", 1 },
	{ "= 1.0", "1", 1 },
	{ "1.0", "1.0.0", 1 },
	{ "< 3", "2.99", 1 },
	{ "> 0.1.4", "0.1.4.1", 1 },
	{ "<= 2.0", "2.0.0", 1 },
	{ "~> 99999999999999999999", "100000000000000000000", 0 },
	{ "~> 99999999999999999999.0", "99999999999999999999.5", 1 },
	{ "~> 1.99999999999999999999", "1.100000000000000000000", 1 },
	{ "~> 1.99999999999999999999", "2", 0 },
	{ "", "1.0", -1 },
	{ ">=", "1.0", -1 },
	{ "~> a", "1.0", -1 },
	{ "=> 1.0", "1.0", -1 },
	{ ">= 1.0,", "1.0", -1 },
	{ ">= 1.0", "1.0.", -1 },
	{ NULL, "1.0", -1 },
};

static void test_gem_requirements(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(gem_cases); i++) {
		int got = gem_requirement_satisfies(gem_cases[i].range, gem_cases[i].version);

		if (got != gem_cases[i].want && bad++ < 20)
			printf("# gem_requirement_satisfies(\"%s\", \"%s\") = %d, want %d\n",
			       shown(gem_cases[i].range), shown(gem_cases[i].version), got, gem_cases[i].want);
	}
	printf("# RubyGems requirements: %zu cases\n", VG_ARRAY_LEN(gem_cases));
	assert_int_equal(bad, 0);
}

/* ---- total preorder: every vector, invalid strings and random strings ---- */

/* Strings no scheme should choke on. */
static const char *const odd_inputs[] = {
	NULL, "", " ", ".", "-", "+", "..", "--", "v", "go", "=", "!", "~", "^", "*", "x", "0", "00", "0.0",
	"1", "1.", ".1", "1..2", "1--1", "1-.2", "1.0-", "-1", "a", "A", "a1", "1a", "1.0a", "1.0.a", "1.a.1",
	"1.0.0-", "1.0.0+", "1.0.0-+", "1!", "!1", "1!1!1", "+local", "1.0+", "1+a", "v1.2.3", "go1.21rc",
	"1.2.3.4.5", "1 2", "\t1", "1\n", "\x80", "1.0\xc3\xa9", "99999999999999999999999999999999",
	"0.99999999999999999999999999999999", "1.0-99999999999999999999999999", "1-sp.1", "1-ga.1",
	"1.sp.1", "1-alpha.1", "1.0.alpha-1", "1-1", "1.0.1", "1.foo.1", "1.ga.1", "2.0-1", "2.0.0.1",
	"1.0.beta.2", "1.0-alpha", "1.0.sp", "10.sp.b-b", "10.sp.beta", "10.sp.0", "1.0.0.pre", "1.0-pre",
};

/* Version-like pieces each scheme's random strings are made of. */
static const char *const semver_tokens[] = { "0", "1", "2", "10", "99999999999999999999", ".", ".", "-", "+",
					     "alpha", "beta", "rc", "x", "v", "=", "a-b", " ", "00" };
static const char *const go_tokens[] = { "v", "go", "0", "1", "2", "21", ".", ".", "-", "+", "rc", "beta",
					 "incompatible", "20191109021931", "daa7c04131f5", "0." };
static const char *const pep440_tokens[] = { "0", "1", "2", "10", ".", ".", "-", "_", "+", "!", "a", "b", "rc",
					     "c", "post", "dev", "r", "v", "ubuntu", " ", "alpha", "pre" };
static const char *const maven_tokens[] = { "0", "1", "2", "10", ".", ".", "-", "-", "alpha", "beta",
					    "milestone", "rc", "cr", "SNAPSHOT", "ga", "final", "release", "sp",
					    "foo", "a", "b", "m", "jre", "SEC", "v2021", "x", "00" };
static const char *const gem_tokens[] = { "0", "1", "2", "10", ".", ".", "-", "a", "b", "pre", "rc", "alpha",
					  "A", " ", "00" };

struct scheme {
	const char *name;
	compare_fn cmp;
	const char *const *tokens;
	size_t n_tokens;
};

static const struct scheme schemes[] = {
	{ "semver", semver_compare, semver_tokens, VG_ARRAY_LEN(semver_tokens) },
	{ "go", go_version_compare, go_tokens, VG_ARRAY_LEN(go_tokens) },
	{ "pep440", pep440_compare, pep440_tokens, VG_ARRAY_LEN(pep440_tokens) },
	{ "maven", maven_version_compare, maven_tokens, VG_ARRAY_LEN(maven_tokens) },
	{ "gem", gem_version_compare, gem_tokens, VG_ARRAY_LEN(gem_tokens) },
};

#define RANDOM_STRINGS 60
#define RANDOM_LEN_MAX 64

/* A small fixed-seed generator, so failures reproduce. */
static uint32_t next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

static void random_version(const struct scheme *s, uint32_t *rng, char *out)
{
	size_t len = 0, pieces = 1 + next_random(rng) % 7;

	out[0] = '\0';
	for (size_t i = 0; i < pieces; i++) {
		const char *t = s->tokens[next_random(rng) % s->n_tokens];

		if (len + strlen(t) >= RANDOM_LEN_MAX)
			break;
		memcpy(out + len, t, strlen(t) + 1);
		len += strlen(t);
	}
}

struct string_set {
	const char **v;
	size_t n, cap;
};

static void set_add(struct string_set *s, const char *v)
{
	vg_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = v;
}

static void set_add_all(struct string_set *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		set_add(s, v[i]);
}

static void set_add_rows(struct string_set *s, const struct eq_row *rows, size_t n)
{
	for (size_t r = 0; r < n; r++)
		for (size_t k = 0; k < 8 && rows[r].v[k]; k++)
			set_add(s, rows[r].v[k]);
}

/* Reflexive, antisymmetric, results in {-1, 0, 1}, and transitive over every
 * triple, from one matrix of all pairwise results. */
static int check_preorder(compare_fn cmp, const char *const *v, size_t n, const char *name)
{
	signed char *m = xmalloc(n * n);
	int bad = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = cmp(v[i], v[j]);

			m[i * n + j] = (signed char)c;
			if ((c < -1 || c > 1 || (i == j && c != 0)) && bad++ < 10)
				printf("# %s: cmp(\"%s\", \"%s\") = %d\n", name, shown(v[i]), shown(v[j]), c);
		}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (m[i * n + j] != -m[j * n + i] && bad++ < 10)
				printf("# %s: not antisymmetric on \"%s\", \"%s\"\n", name, shown(v[i]), shown(v[j]));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int ij = m[i * n + j];

			if (ij > 0)
				continue;
			for (size_t k = 0; k < n; k++) {
				int jk = m[j * n + k], ik = m[i * n + k];

				if (jk <= 0 && ik > (ij == 0 && jk == 0 ? 0 : -1) && bad++ < 10)
					printf("# %s: not transitive: \"%s\" %s \"%s\" %s \"%s\" but %d\n", name,
					       shown(v[i]), ij ? "<" : "=", shown(v[j]), jk ? "<" : "=", shown(v[k]), ik);
			}
		}
	printf("# %s: %zu strings, %zu triples: %s\n", name, n, n * n * n, bad ? "NOT a total preorder" : "total preorder");
	free(m);
	return bad;
}

static void add_scheme_vectors(struct string_set *s, size_t scheme)
{
	switch (scheme) {
	case 0:
		set_add_all(s, semver_spec_chain, VG_ARRAY_LEN(semver_spec_chain));
		set_add_all(s, semver_more_chain, VG_ARRAY_LEN(semver_more_chain));
		set_add_rows(s, semver_equal, VG_ARRAY_LEN(semver_equal));
		for (size_t i = 0; i < VG_ARRAY_LEN(npm_cases); i++)
			set_add(s, npm_cases[i].version);
		break;
	case 1:
		set_add_all(s, go_module_chain, VG_ARRAY_LEN(go_module_chain));
		set_add_all(s, go_toolchain_chain, VG_ARRAY_LEN(go_toolchain_chain));
		set_add_rows(s, go_equal, VG_ARRAY_LEN(go_equal));
		break;
	case 2:
		set_add_all(s, pep440_spec_chain, VG_ARRAY_LEN(pep440_spec_chain));
		set_add_all(s, pep440_more_chain, VG_ARRAY_LEN(pep440_more_chain));
		set_add_rows(s, pep440_equal, VG_ARRAY_LEN(pep440_equal));
		break;
	case 3:
		set_add_all(s, maven_qualifier_chain, VG_ARRAY_LEN(maven_qualifier_chain));
		set_add_all(s, maven_number_chain, VG_ARRAY_LEN(maven_number_chain));
		set_add_all(s, maven_spec_chain, VG_ARRAY_LEN(maven_spec_chain));
		set_add_all(s, maven_real_chain, VG_ARRAY_LEN(maven_real_chain));
		set_add_rows(s, maven_equal, VG_ARRAY_LEN(maven_equal));
		break;
	default:
		set_add_all(s, gem_chain, VG_ARRAY_LEN(gem_chain));
		set_add_rows(s, gem_equal, VG_ARRAY_LEN(gem_equal));
		for (size_t i = 0; i < VG_ARRAY_LEN(gem_cases); i++)
			set_add(s, gem_cases[i].version);
		break;
	}
}

static void test_total_preorder(void **state)
{
	static char random_buf[RANDOM_STRINGS][RANDOM_LEN_MAX];
	uint32_t rng = 0x9e3779b9u;
	int bad = 0;

	(void)state;
	for (size_t s = 0; s < VG_ARRAY_LEN(schemes); s++) {
		struct string_set set = { NULL, 0, 0 };

		add_scheme_vectors(&set, s);
		set_add_all(&set, odd_inputs, VG_ARRAY_LEN(odd_inputs));
		for (size_t i = 0; i < RANDOM_STRINGS; i++) {
			random_version(&schemes[s], &rng, random_buf[i]);
			set_add(&set, random_buf[i]);
		}
		bad += check_preorder(schemes[s].cmp, set.v, set.n, schemes[s].name);
		free(set.v);
	}
	assert_int_equal(bad, 0);
}

/* version_compare() reaches every scheme. */
static void test_dispatch(void **state)
{
	(void)state;
	assert_int_equal(version_compare(VS_SEMVER, "1.0.0-rc.1", "1.0.0"), -1);
	assert_int_equal(version_compare(VS_GO, "go1.21rc2", "go1.21.0"), -1);
	assert_int_equal(version_compare(VS_PEP440, "1.0.post1", "1.0"), 1);
	assert_int_equal(version_compare(VS_MAVEN, "1.0-SNAPSHOT", "1.0"), -1);
	assert_int_equal(version_compare(VS_GEM, "1.0.a", "1.0"), -1);
}

/* Inputs far longer than any version: linear time, no deep stack, still an order. */
static void test_huge_inputs(void **state)
{
	size_t n = 4u << 20;
	char *big = xmalloc(n + 1), *big2 = xmalloc(n + 1), *zeros = xmalloc(n + 2);

	(void)state;
	memset(big, '9', n);
	big[n] = '\0';
	memcpy(big2, big, n + 1);
	big2[n - 1] = '8';
	for (size_t i = 0; i < n; i += 2) /* "0.0.0....0.1": Maven and RubyGems trim zeros */
		zeros[i] = '0', zeros[i + 1] = '.';
	zeros[n] = '1';
	zeros[n + 1] = '\0';
	for (size_t s = 0; s < VG_ARRAY_LEN(schemes); s++) {
		assert_int_equal(schemes[s].cmp(big, big), 0);
		assert_int_equal(schemes[s].cmp(big, big2), 1);
		assert_int_equal(schemes[s].cmp(big2, big), -1);
		assert_int_equal(schemes[s].cmp(zeros, zeros), 0);
	}
	assert_int_equal(maven_version_compare(zeros, "0"), 1);
	assert_int_equal(pep440_compare(zeros, "0"), 1);
	assert_int_equal(pep440_compare(zeros, "0.1"), -1);
	assert_int_equal(gem_version_compare(zeros, "1"), -1);
	zeros[n] = 'a'; /* "0.0....0.a": all zeros dropped before the qualifier */
	assert_int_equal(maven_version_compare(zeros, "0.a"), 0);
	assert_int_equal(gem_version_compare(zeros, "0.a"), 0);
	assert_int_equal(npm_range_satisfies(big, "1.0.0"), 0); /* "99...9" is 99...9.x */
	assert_int_equal(gem_requirement_satisfies(big, "1.0"), 0); /* "= 99...9" */
	free(big);
	free(big2);
	free(zeros);
}

/* ---- the advisory data ---- */

typedef void (*record_fn)(json_t *rec, void *ctx);

/* Each JSON line of the file under $VIGIL_SHARED; false when shared is absent. */
static bool for_each_record(const char *rel, record_fn fn, void *ctx)
{
	char path[4096];
	struct vg_err err = { VG_OK, "" };
	char *data = NULL;
	size_t len, records = 0, unreadable = 0;
	struct line_cursor lc;
	const char *line;
	size_t n;

	if (!test_shared_path(path, sizeof(path), rel) || access(path, R_OK) != 0) {
		fprintf(stderr, "# skip: %s absent\n", path);
		return false;
	}
	if (read_file_capped(path, DATA_FILE_MAX, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	lc = line_cursor_of(data, len);
	while (line_cursor_next(&lc, &line, &n)) {
		json_error_t jerr;
		json_t *rec;

		if (line_is_blank(line, n))
			continue;
		rec = json_loadb(line, n, 0, &jerr);
		if (!rec) {
			unreadable++;
			continue;
		}
		fn(rec, ctx);
		json_decref(rec);
		records++;
	}
	printf("# %s: %zu records (%zu lines not JSON)\n", rel, records, unreadable);
	free(data);
	return true;
}

/* Version literals N.N.N[-pre] in a range string, each once. */
struct literals {
	char v[64][64];
	size_t n;
};

static bool is_digit_char(char c)
{
	return c >= '0' && c <= '9';
}

static size_t digit_run(const char *p)
{
	size_t n = 0;

	while (is_digit_char(p[n]))
		n++;
	return n;
}

static bool is_pre_char(char c)
{
	return is_digit_char(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-';
}

static void add_literal(struct literals *l, const char *p, size_t n)
{
	if (n >= sizeof(l->v[0]) || l->n == VG_ARRAY_LEN(l->v))
		return;
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && memcmp(l->v[i], p, n) == 0)
			return;
	memcpy(l->v[l->n], p, n);
	l->v[l->n++][n] = '\0';
}

static void find_literals(struct literals *l, const char *s)
{
	while (*s) {
		size_t a = digit_run(s), b, c, n;

		if (a == 0 || s[a] != '.' || (b = digit_run(s + a + 1)) == 0 || s[a + 1 + b] != '.' ||
		    (c = digit_run(s + a + b + 2)) == 0) {
			s += a ? a : 1;
			continue;
		}
		n = a + b + c + 2;
		if (s[n] == '-' && is_pre_char(s[n + 1]))
			for (n++; is_pre_char(s[n]); n++)
				;
		add_literal(l, s, n);
		s += n;
	}
}

struct npm_tally {
	size_t strings, malformed, records_with_both, probes, in_both, in_neither;
};

static void npm_record(json_t *rec, void *ctx)
{
	struct npm_tally *t = ctx;
	const char *vuln = json_string_value(json_object_get(rec, "vulnerable_versions"));
	const char *fixed = json_string_value(json_object_get(rec, "patched_versions"));
	const char *both[2] = { vuln, fixed };
	struct literals lit = { .n = 0 };

	for (int i = 0; i < 2; i++) {
		if (!both[i])
			continue;
		t->strings++;
		if (npm_range_satisfies(both[i], "1.0.0") < 0) {
			printf("# npm: malformed range \"%s\" (record %lld)\n", both[i],
			       (long long)json_integer_value(json_object_get(rec, "id")));
			t->malformed++;
		}
	}
	if (!vuln || !fixed)
		return;
	t->records_with_both++;
	find_literals(&lit, vuln);
	find_literals(&lit, fixed);
	for (size_t i = 0; i < lit.n; i++) {
		int a = npm_range_satisfies(vuln, lit.v[i]), b = npm_range_satisfies(fixed, lit.v[i]);

		t->probes++;
		t->in_both += a == 1 && b == 1;
		t->in_neither += a == 0 && b == 0;
	}
}

/* Every range of the Node security-wg records parses; every version named in
 * a record's ranges falls where node-semver 7 puts it (counted with it when
 * these tests were written: a few records overlap or leave gaps). */
static void test_npm_advisories(void **state)
{
	struct npm_tally t = { 0 };

	(void)state;
	if (!for_each_record("vulndata/npm/nodejs-security-wg-npm.jsonl", npm_record, &t))
		skip();
	printf("# npm: %zu range strings, %zu malformed; %zu versions probed in %zu records: %zu in both "
	       "vulnerable and patched, %zu in neither\n",
	       t.strings, t.malformed, t.probes, t.records_with_both, t.in_both, t.in_neither);
	assert_int_equal(t.malformed, 0);
	assert_true(t.strings > 800);
	assert_int_equal(t.records_with_both, 412);
	assert_int_equal(t.probes, 756);
	assert_int_equal(t.in_both, 10);
	assert_int_equal(t.in_neither, 9);
}

struct gem_tally {
	size_t strings, malformed, parts, inconsistent;
};

/* One "op version" part must hold for its own version exactly when op
 * includes equality ("~> X" and ">= X" hold for X, "< X" does not). */
static void check_own_version(struct gem_tally *t, const char *part, size_t n)
{
	char buf[256], ver[256];
	const char *p;
	int want, got;

	if (n >= sizeof(buf))
		return;
	memcpy(buf, part, n);
	buf[n] = '\0';
	p = buf + strspn(buf, " ");
	want = strncmp(p, ">=", 2) == 0 || strncmp(p, "<=", 2) == 0 || strncmp(p, "~>", 2) == 0 ||
	       (p[0] == '=' ) || (p[0] >= '0' && p[0] <= '9');
	p += strspn(p, "<>=!~ ");
	snprintf(ver, sizeof(ver), "%s", p);
	got = gem_requirement_satisfies(buf, ver);
	t->parts++;
	if (got != want) {
		printf("# rubysec: \"%s\" gives %d for its own version\n", buf, got);
		t->inconsistent++;
	}
}

static void gem_record(json_t *rec, void *ctx)
{
	static const char *const keys[] = { "patched_versions", "unaffected_versions" };
	struct gem_tally *t = ctx;

	for (size_t k = 0; k < VG_ARRAY_LEN(keys); k++) {
		json_t *arr = json_object_get(rec, keys[k]), *item;
		size_t i;

		json_array_foreach(arr, i, item) {
			const char *s = json_string_value(item), *p;

			if (!s)
				continue;
			t->strings++;
			if (gem_requirement_satisfies(s, "0") < 0) {
				printf("# rubysec: malformed requirement \"%s\"\n", s);
				t->malformed++;
				continue;
			}
			for (p = s; ; ) {
				const char *comma = strchr(p, ',');
				size_t n = comma ? (size_t)(comma - p) : strlen(p);

				check_own_version(t, p, n);
				if (!comma)
					break;
				p = comma + 1;
			}
		}
	}
}

/* Every patched_versions / unaffected_versions string of ruby-advisory-db
 * parses, and each of its parts holds for its own version as its operator says. */
static void test_rubysec_advisories(void **state)
{
	struct gem_tally t = { 0 };

	(void)state;
	if (!for_each_record("vulndata/rubysec/ruby-advisory-db.jsonl", gem_record, &t))
		skip();
	printf("# rubysec: %zu requirement strings (%zu parts), %zu malformed, %zu inconsistent\n", t.strings,
	       t.parts, t.malformed, t.inconsistent);
	assert_true(t.strings > 1500);
	assert_int_equal(t.malformed, 0);
	assert_int_equal(t.inconsistent, 0);
}

/* Distinct strings, owned. */
struct seen {
	char **v;
	size_t n, cap;
};

static void seen_add(struct seen *s, const char *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], v) == 0)
			return;
	vg_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = xstrdup(v);
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* OSV records: every version of the ECOSYSTEM / SEMVER ranges and "versions"
 * lists, and each introduced -> fixed pair (introduced "0" means "from the
 * start" in OSV and is left out of the pairs). */
struct osv_tally {
	compare_fn cmp;
	bool (*valid)(const char *);
	size_t versions, pairs, bad_pairs;
	struct seen invalid;
};

static void osv_version(struct osv_tally *t, const char *v)
{
	t->versions++;
	if (!t->valid(v))
		seen_add(&t->invalid, v);
}

static void osv_range(struct osv_tally *t, json_t *range)
{
	json_t *ev;
	size_t i;
	const char *introduced = NULL;

	json_array_foreach(json_object_get(range, "events"), i, ev) {
		static const char *const keys[] = { "introduced", "fixed", "last_affected", "limit" };

		for (size_t k = 0; k < VG_ARRAY_LEN(keys); k++) {
			const char *v = json_string_value(json_object_get(ev, keys[k]));

			if (v && (k != 0 || strcmp(v, "0") != 0))
				osv_version(t, v);
		}
		if (json_object_get(ev, "introduced"))
			introduced = json_string_value(json_object_get(ev, "introduced"));
		else if (json_object_get(ev, "fixed") && introduced && strcmp(introduced, "0") != 0) {
			const char *fixed = json_string_value(json_object_get(ev, "fixed"));

			if (!fixed || !t->valid(introduced) || !t->valid(fixed))
				continue;
			t->pairs++;
			if (t->cmp(introduced, fixed) >= 0) {
				printf("# OSV: introduced %s is not below fixed %s\n", introduced, fixed);
				t->bad_pairs++;
			}
		}
	}
}

static void osv_record(json_t *rec, void *ctx)
{
	struct osv_tally *t = ctx;
	json_t *aff, *range, *v;
	size_t i, j;

	json_array_foreach(json_object_get(rec, "affected"), i, aff) {
		json_array_foreach(json_object_get(aff, "ranges"), j, range) {
			const char *type = json_string_value(json_object_get(range, "type"));

			if (type && strcmp(type, "GIT") != 0) /* GIT ranges hold commit hashes */
				osv_range(t, range);
		}
		json_array_foreach(json_object_get(aff, "versions"), j, v)
			if (json_string_value(v))
				osv_version(t, json_string_value(v));
	}
}

/* Every PyPI version in OSV is PEP 440 but for the ones listed (pre-PEP 440
 * releases still on PyPI: "0.3m1", "2.0.0-final", dates, "trunk"...), and
 * every introduced -> fixed range is ascending. */
static void test_pypi_osv(void **state)
{
	struct osv_tally t = { pep440_compare, pep440_valid, 0, 0, 0, { NULL, 0, 0 } };

	(void)state;
	if (!for_each_record("vulndata/osv/pypi.jsonl", osv_record, &t))
		skip();
	for (size_t i = 0; i < t.invalid.n; i++)
		printf("# pypi: not PEP 440: \"%s\"\n", t.invalid.v[i]);
	printf("# pypi: %zu versions, %zu distinct not PEP 440; %zu ranges, %zu not ascending\n", t.versions,
	       t.invalid.n, t.pairs, t.bad_pairs);
	assert_int_equal(t.invalid.n, 77);
	assert_int_equal(t.versions, 148774);
	assert_int_equal(t.pairs, 2986);
	assert_int_equal(t.bad_pairs, 0);
	seen_free(&t.invalid);
}

/* Invalid Go versions sort below every valid one, and v0.0.0-0 is the least. */
static bool go_valid(const char *v)
{
	return go_version_compare(v, "v0.0.0-0") >= 0;
}

static void test_go_osv(void **state)
{
	struct osv_tally t = { go_version_compare, go_valid, 0, 0, 0, { NULL, 0, 0 } };

	(void)state;
	if (!for_each_record("vulndata/osv/go.jsonl", osv_record, &t))
		skip();
	for (size_t i = 0; i < t.invalid.n; i++)
		printf("# go: not a Go version: \"%s\"\n", t.invalid.v[i]);
	printf("# go: %zu versions, %zu distinct invalid; %zu ranges, %zu not ascending\n", t.versions, t.invalid.n,
	       t.pairs, t.bad_pairs);
	assert_int_equal(t.invalid.n, 0);
	assert_int_equal(t.versions, 7742);
	assert_int_equal(t.pairs, 2268);
	assert_int_equal(t.bad_pairs, 0);
	seen_free(&t.invalid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semver_order),
		cmocka_unit_test(test_semver_valid),
		cmocka_unit_test(test_go_order),
		cmocka_unit_test(test_pep440_order),
		cmocka_unit_test(test_pep440_valid),
		cmocka_unit_test(test_maven_order),
		cmocka_unit_test(test_gem_order),
		cmocka_unit_test(test_npm_ranges),
		cmocka_unit_test(test_gem_requirements),
		cmocka_unit_test(test_total_preorder),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_huge_inputs),
		cmocka_unit_test(test_npm_advisories),
		cmocka_unit_test(test_rubysec_advisories),
		cmocka_unit_test(test_pypi_osv),
		cmocka_unit_test(test_go_osv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
