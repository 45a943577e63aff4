/* test_version.c - unit tests for version ordering: every row of the shared
 * vectors ($VIGIL_SHARED/vulndata/version-vectors/) checked both ways and by
 * sorting, plus hand-written cases a scanner depends on. */
#include "testutil.h"

#include "core/arena.h"
#include "core/error.h"
#include "core/fileio.h"
#include "core/lines.h"
#include "core/strmap.h"
#include "core/vec.h"
#include "version/version.h"

#define VECTORS "vulndata/version-vectors/"
#define VECTOR_FILE_MAX (16u << 20)

typedef int (*compare_fn)(const char *, const char *);

/* What a row asserts about cmp(a, b). */
enum relation { REL_LT, REL_EQ, REL_GT, REL_NE, REL_LE, REL_GE, REL_BAD };

static enum relation relation_of(const char *s)
{
	static const char *const names[] = { "-1", "0", "1", "ne", "le", "ge" };

	for (size_t i = 0; i < VG_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum relation)i;
	return REL_BAD;
}

static bool relation_holds(enum relation rel, int c)
{
	switch (rel) {
	case REL_LT: return c < 0;
	case REL_EQ: return c == 0;
	case REL_GT: return c > 0;
	case REL_NE: return c != 0;
	case REL_LE: return c <= 0;
	case REL_GE: return c >= 0;
	case REL_BAD: break;
	}
	return false;
}

/* One comparison to check; where says where it came from in messages. */
struct pair_case {
	const char *a, *b;
	enum relation expect;
	const char *tool_sign; /* "" when the source gives none */
};

static const char *shown(const char *s)
{
	return s ? s : "(null)";
}

/* Checks cmp(a, b) against the row, the tool's sign, cmp(b, a) == -cmp(a, b)
 * and cmp(x, x) == 0; prints each failure, returns how many checks failed. */
static int check_pair(compare_fn cmp, const struct pair_case *pc, const char *where)
{
	int c = cmp(pc->a, pc->b), back = cmp(pc->b, pc->a), bad = 0;

	if (!relation_holds(pc->expect, c) || (c != -1 && c != 0 && c != 1)) {
		printf("# %s: cmp(\"%s\", \"%s\") = %d, row says otherwise\n", where, shown(pc->a),
		       shown(pc->b), c);
		bad++;
	}
	if (*pc->tool_sign && c != atoi(pc->tool_sign)) {
		printf("# %s: cmp(\"%s\", \"%s\") = %d, the real tool gave %s\n", where, shown(pc->a),
		       shown(pc->b), c, pc->tool_sign);
		bad++;
	}
	if (back != -c) {
		printf("# %s: not antisymmetric: cmp(a, b) = %d, cmp(b, a) = %d for \"%s\", \"%s\"\n", where, c,
		       back, shown(pc->a), shown(pc->b));
		bad++;
	}
	if (cmp(pc->a, pc->a) != 0 || cmp(pc->b, pc->b) != 0) {
		printf("# %s: not reflexive for \"%s\" or \"%s\"\n", where, shown(pc->a), shown(pc->b));
		bad++;
	}
	return bad;
}

/* The file under VECTORS, read whole; skips the test when shared is absent. */
static char *read_vector_file(const char *name, size_t *len)
{
	char path[4096], rel[256];
	struct vg_err err = { VG_OK, "" };
	char *data = NULL;

	snprintf(rel, sizeof(rel), VECTORS "%s", name);
	if (!test_shared_path(path, sizeof(path), rel)) {
		fprintf(stderr, "# skip: %s absent\n", test_shared_dir());
		return NULL;
	}
	if (read_file_capped(path, VECTOR_FILE_MAX, &data, len, &err) < 0)
		fail_msg("%s", err.msg);
	return data;
}

/* Split line into at most max tab-separated fields (copies in a). */
static size_t split_tabs(struct arena *a, const char *line, size_t len, char **fields, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || line[i] == '\t') {
			fields[n++] = arena_strndup(a, line + start, i - start);
			start = i + 1;
		}
	}
	return n;
}

/* Every distinct version seen in a file, for the sort check. */
struct version_set {
	struct ptrvec v;
	struct strmap seen;
};

static void version_set_add(struct version_set *s, const char *v)
{
	if (!strmap_get(&s->seen, v)) {
		strmap_put(&s->seen, v, (void *)v);
		ptrvec_push(&s->v, (void *)v);
	}
}

static void version_set_free(struct version_set *s)
{
	ptrvec_free(&s->v, NULL);
	strmap_free(&s->seen);
}

static compare_fn sort_cmp; /* qsort has no context argument */

static int sort_cmp_ptrs(const void *a, const void *b)
{
	return sort_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* A total preorder sorts consistently: after sorting, every earlier version
 * compares <= every later one. Catches intransitive orders. */
static int check_sorts_consistently(compare_fn cmp, struct version_set *s, const char *name)
{
	int bad = 0;

	sort_cmp = cmp;
	ptrvec_sort(&s->v, sort_cmp_ptrs);
	for (size_t i = 0; i < s->v.n; i++)
		for (size_t j = i + 1; j < s->v.n; j++)
			if (cmp(s->v.v[i], s->v.v[j]) > 0 && bad++ < 10)
				printf("# %s: sorted \"%s\" before \"%s\" but it compares greater\n", name,
				       (const char *)s->v.v[i], (const char *)s->v.v[j]);
	printf("# %s: %zu distinct versions sort consistently: %s\n", name, s->v.n, bad ? "NO" : "yes");
	return bad;
}

/* rpm.tsv says per row whether raw rpmvercmp() or EVR comparison made it. */
static compare_fn rpm_compare_for_note(const char *note)
{
	return strstr(note, "raw rpmvercmp") ? rpm_part_compare : rpm_version_compare;
}

/* Check every row of a TSV file of SOURCES.md's format; returns rows checked. */
static size_t check_tsv(const char *name, const char *ecosystem, compare_fn cmp)
{
	struct arena a = ARENA_INIT;
	struct version_set all = { PTRVEC_INIT, STRMAP_INIT }, raw = { PTRVEC_INIT, STRMAP_INIT };
	size_t len, rows = 0;
	char *data = read_vector_file(name, &len);
	struct line_cursor lc;
	const char *line;
	size_t n;
	int bad = 0;

	if (!data)
		skip();
	lc = line_cursor_of(data, len);
	while (line_cursor_next(&lc, &line, &n)) {
		char *f[7], where[300];
		struct pair_case pc;
		compare_fn row_cmp = cmp;

		if (n == 0 || line[0] == '#')
			continue;
		size_t nf = split_tabs(&a, line, n, f, 7);

		if (nf < 6 || strcmp(f[0], ecosystem) != 0 || relation_of(f[3]) == REL_BAD) {
			printf("# %s:%d: malformed row\n", name, lc.lineno);
			bad++;
			continue;
		}
		if (cmp == NULL)
			row_cmp = rpm_compare_for_note(nf == 7 ? f[6] : "");
		pc = (struct pair_case){ f[1], f[2], relation_of(f[3]), f[4] };
		snprintf(where, sizeof(where), "%s:%d", name, lc.lineno);
		bad += check_pair(row_cmp, &pc, where);
		version_set_add(row_cmp == rpm_part_compare ? &raw : &all, f[1]);
		version_set_add(row_cmp == rpm_part_compare ? &raw : &all, f[2]);
		rows++;
	}
	printf("# %s: %zu rows checked, %d failed checks\n", name, rows, bad);
	bad += check_sorts_consistently(cmp ? cmp : rpm_version_compare, &all, name);
	if (raw.v.n)
		bad += check_sorts_consistently(rpm_part_compare, &raw, "rpm.tsv (raw rpmvercmp rows)");
	version_set_free(&all);
	version_set_free(&raw);
	arena_free(&a);
	free(data);
	assert_int_equal(bad, 0);
	assert_true(rows > 0);
	return rows;
}

static void test_dpkg_vectors(void **state)
{
	(void)state;
	assert_int_equal(check_tsv("dpkg.tsv", "deb", deb_version_compare), 93);
}

static void test_apk_vectors(void **state)
{
	(void)state;
	assert_int_equal(check_tsv("apk.tsv", "apk", apk_version_compare), 717);
}

static void test_rpm_vectors(void **state)
{
	(void)state;
	assert_int_equal(check_tsv("rpm.tsv", "rpm", NULL), 4584);
}

/* Up to max whitespace-separated words of line, copied into a. */
static size_t split_words(struct arena *a, const char *line, size_t len, char **w, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len && n < max) {
		size_t start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
		if (i > start)
			w[n++] = arena_strndup(a, line + start, i - start);
	}
	return n;
}

/* apk-tools' own test/unit/version.data: "a op b" rows (op <, >, =), one-word
 * validity rows ("!v" is invalid) and fuzzy-match rows (~ ops, not ordering:
 * counted and skipped). */
static void test_apk_tools_data(void **state)
{
	struct arena a = ARENA_INIT;
	size_t len, rows = 0, valid_rows = 0, fuzzy = 0;
	char *data = read_vector_file("apk-tools-version.data", &len);
	struct line_cursor lc;
	const char *line;
	size_t n;
	int bad = 0;

	(void)state;
	if (!data)
		skip();
	lc = line_cursor_of(data, len);
	while (line_cursor_next(&lc, &line, &n)) {
		const char *hash = memchr(line, '#', n);
		char *w[4], where[300];
		size_t nw = split_words(&a, line, hash ? (size_t)(hash - line) : n, w, 4);

		snprintf(where, sizeof(where), "apk-tools-version.data:%d", lc.lineno);
		if (nw == 1) {
			bool want = w[0][0] != '!';
			const char *v = want ? w[0] : w[0] + 1;

			if (apk_version_valid(v) != want) {
				printf("# %s: \"%s\" should be %s\n", where, v, want ? "valid" : "invalid");
				bad++;
			}
			valid_rows++;
		} else if (nw == 3 && strchr(w[1], '~')) {
			fuzzy++;
		} else if (nw == 3 && strlen(w[1]) == 1 && strchr("<=>", w[1][0])) {
			static const char ops[] = "<=>";
			struct pair_case pc = { w[0], w[2], (enum relation)(strchr(ops, w[1][0]) - ops), "" };

			bad += check_pair(apk_version_compare, &pc, where);
			rows++;
		} else if (nw != 0) {
			printf("# %s: unrecognised line\n", where);
			bad++;
		}
	}
	printf("# apk-tools-version.data: %zu compare rows and %zu validity rows checked, "
	       "%zu fuzzy-match rows skipped, %d failed checks\n",
	       rows, valid_rows, fuzzy, bad);
	arena_free(&a);
	free(data);
	assert_int_equal(bad, 0);
	assert_int_equal(rows, 738);
	assert_int_equal(valid_rows, 31);
}

/* Hand-written cases: each row must hold, both ways. */
static void check_table(compare_fn cmp, const struct pair_case *t, size_t n, const char *name)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		char where[64];

		snprintf(where, sizeof(where), "%s[%zu]", name, i);
		bad += check_pair(cmp, &t[i], where);
	}
	printf("# %s: %zu hand-written cases\n", name, n);
	assert_int_equal(bad, 0);
}

#define LT(a, b) { a, b, REL_LT, "" }
#define EQ(a, b) { a, b, REL_EQ, "" }
#define GT(a, b) { a, b, REL_GT, "" }

static void test_deb_edge_cases(void **state)
{
	static const struct pair_case t[] = {
		LT("1.2.3-1+deb12u1", "1.2.3-1+deb12u10"),
		LT("2.36-9+deb12u4", "2.36-9+deb12u14"),
		LT("7.88.1-10+deb12u5", "7.88.1-10+deb12u12"),
		LT("1.2~rc1", "1.2"),
		LT("1.2~rc1", "1.2~rc2"),
		LT("1.2~~", "1.2~"),
		GT("1:0.9", "2.0"),
		EQ("0:2.0", "2.0"),
		LT("1.0-1", "1.0-1+b1"),
		LT("1.0-1+b1", "1.0-2"),
		LT("1.0-1~bpo12+1", "1.0-1"),
		LT("2.35-0ubuntu3.1", "2.35-0ubuntu3.4"),
		LT("1.0-1ubuntu0.1", "1.0-1ubuntu1"),
		LT("1.0a", "1.0+"),       /* letters before non-letters */
		LT("1.0", "1.0a"),        /* the end before letters */
		GT("1.0+dfsg-1", "1.0-1"),
		EQ("1.0-0", "1.0"),       /* missing revision is "", digits "" == 0 */
		EQ("1.01", "1.1"),
		GT("1.10", "1.9"),
		LT("1:1.0", "99999999999999999999999:0.1"), /* epochs of any length */
		GT("1.100000000000000000000000001", "1.99999999999999999999999999"),
		/* invalid input still gets an order */
		EQ(NULL, ""),
		EQ("", "0"),               /* an empty digit run counts as 0 */
		GT("abc", "1"),
		GT("a:1", "0:1"),          /* non-numeric epoch: "a:1" is all upstream */
		GT("1.0\xc3\xa9", "1.0+"), /* non-ASCII sorts after ASCII non-letters */
	};

	(void)state;
	check_table(deb_version_compare, t, VG_ARRAY_LEN(t), "deb edge cases");
}

static void test_deb_valid(void **state)
{
	static const struct {
		const char *v;
		const char *why; /* NULL: valid */
	} t[] = {
		{ "1:2.3-4", NULL },
		{ "2.36-9+deb12u4", NULL },
		{ "1.2~rc1-0ubuntu1~22.04.1", NULL },
		{ "1:2:3-4", NULL }, /* colons after the epoch belong to upstream */
		{ "1.0-1-2", NULL }, /* hyphens before the last one too */
		{ "", "version string is empty" },
		{ NULL, "version string is empty" },
		{ "1.0 -1", "version string has embedded spaces" },
		{ ":1.0", "epoch in version is empty" },
		{ "a:1.0", "epoch in version is not a number" },
		{ "2147483648:1.0", "epoch in version is too big" },
		{ "1:", "nothing after colon in version number" },
		{ "1.0-", "revision number is empty" },
		{ "-1", "version number is empty" },
		{ "abc", "version number does not start with digit" },
		{ "1.0_1", "invalid character in version number" },
		{ "1.0-1_2", "invalid character in revision number" },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(t); i++) {
		char why[128] = "";
		bool ok = deb_version_valid(t[i].v, why, sizeof(why));

		if (ok != (t[i].why == NULL) || (t[i].why && strcmp(why, t[i].why) != 0))
			fail_msg("deb_version_valid(\"%s\") = %d (%s)", t[i].v ? t[i].v : "(null)", ok, why);
	}
	assert_false(deb_version_valid("", NULL, 0)); /* no reason buffer is fine */
}

static void test_apk_edge_cases(void **state)
{
	static const struct pair_case t[] = {
		LT("1.2.3_rc1-r0", "1.2.3-r0"),
		LT("1.2.3-r0", "1.2.3_p1-r0"),
		LT("1.2.3_rc1-r0", "1.2.3_p1-r0"),
		GT("1.2.3-r10", "1.2.3-r9"),
		LT("1.2.3", "1.2.3-r0"),
		LT("1.2.3_alpha", "1.2.3_beta"),
		LT("1.2.3_beta", "1.2.3_pre"),
		LT("1.2.3_pre", "1.2.3_rc"),
		LT("1.2.3_rc", "1.2.3"),
		LT("1.2.3", "1.2.3_cvs"),
		LT("1.2.3_cvs", "1.2.3_svn"),
		LT("1.2.3_svn", "1.2.3_git"),
		LT("1.2.3_git", "1.2.3_hg"),
		LT("1.2.3_hg", "1.2.3_p"),
		LT("1.2.3_p1", "1.2.3_p10"),
		LT("1.2.3", "1.2.3a"),
		LT("1.2.3a", "1.2.3b"),
		LT("1.2.3", "1.2.3.1"),
		GT("1.10", "1.9"),
		LT("1.01", "1.1"),          /* leading zero: compared as text */
		LT("8.2.0", "8.2.001"),
		EQ("01.2", "1.2"),          /* not for the first number */
		LT("1.0~1234", "1.0~2345"), /* commit hashes as text */
		GT("2.0_git20240101-r0", "2.0-r0"),
		/* apk-tools wraps numbers past 64 bits; we compare them by value */
		GT("1.18446744073709551616", "1.18446744073709551615"),
		GT("1.99999999999999999999999", "1.9999999999999999999999"),
		/* invalid input: the invalid token is lowest at its place */
		LT("1.0", "1.0bc"),
		EQ("1.0bc", "1.0bd"),
		LT("1.0_foo", "1.0"),
		LT("", "0"),
		EQ(NULL, ""),
		LT("abc", "0"),
		EQ("abc", "xyz"),
	};

	(void)state;
	check_table(apk_version_compare, t, VG_ARRAY_LEN(t), "apk edge cases");
	assert_true(apk_version_valid("1.2.3_rc1-r0"));
	assert_true(apk_version_valid("2.0_git20240101_p2~abc123-r10"));
	assert_false(apk_version_valid("1.2.3-r"));
	assert_false(apk_version_valid("1.2.3-r1-r2"));
	assert_false(apk_version_valid("1.2.3_RC1"));
	assert_false(apk_version_valid(""));
	assert_false(apk_version_valid(NULL));
}

static void test_rpm_edge_cases(void **state)
{
	static const struct pair_case evr[] = {
		GT("1:1.0-1.el9", "2.0-1.el9"),
		EQ("0:1.0-1.el9", "1.0-1.el9"),
		GT("1.0-1.el9_2", "1.0-1.el9"),
		LT("1.0~rc1-1", "1.0-1"),
		GT("1.0^git1-1", "1.0-1"),
		LT("1.0^git1-1", "1.0.1-1"),
		GT("1:3.0.7-27.el9", "1:3.0.7-25.el9_3"),
		LT("5.14.0-362.24.1.el9_3", "5.14.0-427.13.1.el9_4"),
		LT("2.23.2-22.el7_1", "2.23.2-22.el7_1.1"),
		LT("1.0", "1.0-1"),  /* a missing release sorts first (librpm) */
		EQ("1.0", "1.0"),
		/* invalid: "" and over-long strings sort first */
		LT("", "0"),
		EQ(NULL, ""),
		LT("", "~"),
	};
	static const struct pair_case part[] = {
		GT("el9_2", "el9"),
		LT("1.0~rc1", "1.0"),
		GT("1.0^git1", "1.0"),
		LT("", "0"),
		GT("", "~"),
		EQ("1.0", "1_0"),
	};

	(void)state;
	check_table(rpm_version_compare, evr, VG_ARRAY_LEN(evr), "rpm EVR edge cases");
	check_table(rpm_part_compare, part, VG_ARRAY_LEN(part), "rpm version/release edge cases");
	assert_int_equal(version_compare(VS_RPM, "1:1.0-1.el9", "2.0-1.el9"), 1);
}

/* Inputs far longer than any version: no stack blow-up, no quadratic time,
 * and still a consistent order. rpm strings over the cap never reach librpm. */
static void test_huge_inputs(void **state)
{
	size_t n = 4u << 20;
	char *big = xmalloc(n + 1), *big2 = xmalloc(n + 1);
	char at_cap[RPM_VERSION_MAX + 1];

	(void)state;
	memset(big, '9', n);
	big[n] = '\0';
	memcpy(big2, big, n + 1);
	big2[n - 1] = '8';
	for (int s = VS_DEB; s <= VS_RPM; s++) {
		assert_int_equal(version_compare(s, big, big), 0);
		assert_int_equal(version_compare(s, big, big2), -version_compare(s, big2, big));
	}
	assert_int_equal(deb_version_compare(big, big2), 1);
	assert_int_equal(apk_version_compare(big, big2), 1);
	assert_int_equal(rpm_version_compare(big, big2), 1); /* strcmp among over-long */
	assert_int_equal(rpm_version_compare(big, "0"), -1);
	assert_int_equal(rpm_part_compare(big, ""), -1);
	memset(at_cap, '9', RPM_VERSION_MAX);
	at_cap[RPM_VERSION_MAX] = '\0';
	assert_int_equal(rpm_version_compare(at_cap, "0"), 1); /* at the cap: librpm */
	assert_int_equal(rpm_version_compare(at_cap, big), 1);
	free(big);
	free(big2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_vectors),
		cmocka_unit_test(test_apk_vectors),
		cmocka_unit_test(test_apk_tools_data),
		cmocka_unit_test(test_rpm_vectors),
		cmocka_unit_test(test_deb_edge_cases),
		cmocka_unit_test(test_deb_valid),
		cmocka_unit_test(test_apk_edge_cases),
		cmocka_unit_test(test_rpm_edge_cases),
		cmocka_unit_test(test_huge_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
