/* test_apk.c - unit tests of the apk analyzer (analyzer/apk.c): every
 * installed DB under $VIGIL_SHARED/images/pkgdb/apk against an awk extraction
 * run at test time plus hand-checked counts and versions, and edge cases. */
#include "pkgtest.h"

#include <dirent.h>

#include "core/fileio.h"

#define INSTALLED_PATH "lib/apk/db/installed"
#define SHARED_APK "images/pkgdb/apk"

/* ---- helpers ---- */

static int parse_text(const char *text, struct inventory *inv, struct vg_err *err)
{
	return analyzer_apk.parse(INSTALLED_PATH, text, strlen(text), inv, err);
}

static void parse_shared_file(const char *file, struct inventory *inv)
{
	struct vg_err err = { 0 };
	char *data = NULL;
	size_t len;

	if (read_file_capped(file, 16u << 20, &data, &len, &err) != 0)
		fail_msg("%s", err.msg);
	if (analyzer_apk.parse(INSTALLED_PATH, data, len, inv, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
	free(data);
}

/*
 * Independent ground truth: awk in paragraph mode takes P:, V:, A: and o:
 * of each blank-line separated stanza that has both P and V (origin
 * defaulting to the name, source version = version).
 */
static void awk_packages(const char *file, struct ptrvec *out)
{
	char cmd[16384], line[8192];
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "awk 'BEGIN { RS = \"\"; FS = \"\\n\" } {"
		 " P = V = A = o = \"\";"
		 " for (i = 1; i <= NF; i++) { l = $i; sub(/\\r$/, \"\", l); k = substr(l, 1, 2); v = substr(l, 3);"
		 "  if (k == \"P:\") P = v; else if (k == \"V:\") V = v; else if (k == \"A:\") A = v; else if (k == \"o:\") o = v }"
		 " if (P != \"\" && V != \"\") { if (o == \"\") o = P; print P \"|\" V \"|\" A \"|\" o \"|\" V } }' '%s'",
		 file);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		ptrvec_push(out, xstrdup(line));
	}
	assert_int_equal(pclose(f), 0);
}

/* ---- tests on the shared data ---- */

static void test_every_shared_installed_db_matches_awk(void **state)
{
	char root[4096], file[8192];
	struct dirent *de;
	DIR *dir;
	int files = 0;

	SKIP_WITHOUT_SHARED(root, SHARED_APK);
	if (system("awk 'BEGIN { exit 0 }' </dev/null") != 0) {
		fprintf(stderr, "# skip: awk not available\n");
		skip();
	}
	dir = opendir(root);
	assert_non_null(dir);
	while ((de = readdir(dir))) {
		struct inventory inv;
		struct ptrvec got = PTRVEC_INIT, want = PTRVEC_INIT;

		snprintf(file, sizeof(file), "%s/%s/installed", root, de->d_name);
		if (de->d_name[0] == '.' || access(file, R_OK) != 0)
			continue;
		files++;
		inventory_init(&inv);
		parse_shared_file(file, &inv);
		for (size_t i = 0; i < inv.packages.n; i++) {
			const struct package *p = inv.packages.v[i];
			assert_int_equal(p->type, PKG_APK);
			assert_string_equal(p->found_in, "/lib/apk/db/installed");
			ptrvec_push(&got, describe_package(p));
		}
		awk_packages(file, &want);
		assert_true(want.n > 0);
		assert_same_lines(file, "awk", &got, &want);
		fprintf(stderr, "# %s: %zu packages match awk\n", file, got.n);
		ptrvec_free(&got, free);
		ptrvec_free(&want, free);
		inventory_free(&inv);
	}
	closedir(dir);
	assert_true(files >= 7);
}

/* Counts and versions from the README and from reading the files. */
static void test_shared_installed_dbs_hand_checked(void **state)
{
	static const struct {
		const char *dir;
		size_t count, warnings;
		const char *name, *expected;
	} cases[] = {
		{ "alpine-3.7.3-x86_64", 13, 0, "musl", "musl|1.1.18-r3|x86_64|musl|1.1.18-r3" },
		{ "alpine-3.7.3-x86_64", 13, 0, "busybox", "busybox|1.27.2-r11|x86_64|busybox|1.27.2-r11" },
		{ "alpine-3.7.3-x86_64", 13, 0, "libressl2.6-libcrypto",
		  "libressl2.6-libcrypto|2.6.5-r0|x86_64|libressl|2.6.5-r0" },
		{ "alpine-3.10.9-x86_64", 14, 0, "libcrypto1.1", "libcrypto1.1|1.1.1k-r0|x86_64|openssl|1.1.1k-r0" },
		{ "alpine-3.12.12-x86_64", 14, 0, "zlib", "zlib|1.2.12-r0|x86_64|zlib|1.2.12-r0" },
		{ "alpine-3.16.9-x86_64", 14, 0, "musl", "musl|1.2.3-r3|x86_64|musl|1.2.3-r3" },
		{ "alpine-3.20.3-x86_64", 14, 0, "musl", "musl|1.2.5-r0|x86_64|musl|1.2.5-r0" },
		{ "alpine-3.20.3-x86_64", 14, 0, "busybox", "busybox|1.36.1-r29|x86_64|busybox|1.36.1-r29" },
		{ "alpine-3.20.3-x86_64", 14, 0, "libcrypto3", "libcrypto3|3.3.2-r0|x86_64|openssl|3.3.2-r0" },
		{ "alpine-3.20.3-x86_64", 14, 0, "scanelf", "scanelf|1.3.7-r2|x86_64|pax-utils|1.3.7-r2" },
		{ "syft-testdata", 14, 0, "libssl1.1", "libssl1.1|1.1.1q-r0|x86_64|openssl|1.1.1q-r0" },
		/* 16 P: lines, one of them (invalidPackageWithoutAVersion) without V: */
		{ "trivy-testdata", 15, 1, "musl", "musl|1.1.14-r10|x86_64|musl|1.1.14-r10" },
		{ "trivy-testdata", 15, 1, "test", "test|2.9.11_pre20061021-r2|x86_64|test-parent|2.9.11_pre20061021-r2" },
	};
	char root[4096], file[8192];

	SKIP_WITHOUT_SHARED(root, SHARED_APK);
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;

		inventory_init(&inv);
		snprintf(file, sizeof(file), "%s/%s/installed", root, cases[i].dir);
		parse_shared_file(file, &inv);
		if (inv.packages.n != cases[i].count || inv.warnings.n != cases[i].warnings)
			fail_msg("%s: %zu packages, %zu warnings", file, inv.packages.n, inv.warnings.n);
		assert_package(&inv, cases[i].name, cases[i].expected);
		inventory_free(&inv);
	}
}

static void test_shared_license_and_maintainer(void **state)
{
	char file[4096];
	struct inventory inv;
	const struct package *p;

	SKIP_WITHOUT_SHARED(file, SHARED_APK "/alpine-3.20.3-x86_64/installed");
	inventory_init(&inv);
	parse_shared_file(file, &inv);
	p = find_package(&inv, "alpine-baselayout");
	assert_non_null(p);
	assert_string_equal(p->license, "GPL-2.0-only");
	assert_string_equal(p->maintainer, "Natanael Copa <ncopa@alpinelinux.org>");
	assert_int_equal(p->epoch, -1);
	inventory_free(&inv);

	SKIP_WITHOUT_SHARED(file, SHARED_APK "/trivy-testdata/installed");
	inventory_init(&inv);
	parse_shared_file(file, &inv);
	assert_null(find_package(&inv, "invalidPackageWithoutAVersion"));
	assert_true(any_warning_contains(&inv, INSTALLED_PATH ": line 23: package invalidPackageWithoutAVersion has no version"));
	inventory_free(&inv);
}

/* ---- wants ---- */

static void test_wants(void **state)
{
	assert_true(analyzer_apk.wants("lib/apk/db/installed"));
	assert_false(analyzer_apk.wants("/lib/apk/db/installed"));
	assert_false(analyzer_apk.wants("lib/apk/db/installed.new"));
	assert_false(analyzer_apk.wants("lib/apk/db/triggers"));
	assert_false(analyzer_apk.wants("usr/lib/apk/db/installed"));
	assert_false(analyzer_apk.wants("var/lib/dpkg/status"));
}

/* ---- hand-written edge cases ---- */

static void test_fields_and_ignored_letters(void **state)
{
	struct inventory inv;
	const struct package *p;

	inventory_init(&inv);
	assert_int_equal(parse_text("C:Q1abc=\nP:libfoo\nV:1.2.3-r4\nA:aarch64\nS:100\nI:200\n"
				    "T:a description: with colons\nU:https://example.com\nL:MIT AND BSD-3-Clause\n"
				    "o:foo\nm:Jane Doe <jane@example.com>\nt:1466181580\nc:e6c226fb\n"
				    "D:so:libc.musl-aarch64.so.1\np:so:libfoo.so.1=1.2.3\nF:usr/lib\nR:libfoo.so.1\n"
				    "a:0:0:777\nZ:Q1xyz=\nM:0:0:755\nr:oldfoo\ni:bar\nq:1\nk:100\n",
				    &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_package(&inv, "libfoo", "libfoo|1.2.3-r4|aarch64|foo|1.2.3-r4");
	p = find_package(&inv, "libfoo");
	assert_string_equal(p->license, "MIT AND BSD-3-Clause");
	assert_string_equal(p->maintainer, "Jane Doe <jane@example.com>");
	assert_string_equal(p->found_in, "/lib/apk/db/installed");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_origin_defaults_to_name(void **state)
{
	struct inventory inv;
	const struct package *p;

	inventory_init(&inv);
	assert_int_equal(parse_text("P:solo\nV:1.0-r0\n", &inv, NULL), 0);
	assert_package(&inv, "solo", "solo|1.0-r0||solo|1.0-r0");
	p = find_package(&inv, "solo");
	assert_null(p->arch);
	assert_null(p->license);
	assert_null(p->maintainer);
	inventory_free(&inv);
}

static void test_missing_name_or_version_warns(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text("P:\nV:1\n\nP:noversion\nA:x86_64\n\nV:2\n\nP:ok\nV:3\n", &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_int_equal(inv.warnings.n, 3);
	assert_true(any_warning_contains(&inv, INSTALLED_PATH ": line 1: stanza without a package name"));
	assert_true(any_warning_contains(&inv, INSTALLED_PATH ": line 4: package noversion has no version"));
	assert_true(any_warning_contains(&inv, INSTALLED_PATH ": line 7: stanza without a package name"));
	inventory_free(&inv);
}

static void test_crlf_and_missing_trailing_newline(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text("P:a\r\nV:1-r0\r\nA:x86_64\r\no:asrc\r\n\r\nP:b\r\nV:2-r1", &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_package(&inv, "a", "a|1-r0|x86_64|asrc|1-r0");
	assert_package(&inv, "b", "b|2-r1||b|2-r1");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_blank_line_variants(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text("\n\n  \nP:a\nV:1\n \t\n\n\nP:b\nV:2\n\n\n", &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_empty_and_blank_files(void **state)
{
	const char *texts[] = { "", "\n", "\n \r\n\t\n" };

	for (size_t i = 0; i < VG_ARRAY_LEN(texts); i++) {
		struct inventory inv;

		inventory_init(&inv);
		assert_int_equal(parse_text(texts[i], &inv, NULL), 0);
		assert_int_equal(inv.packages.n, 0);
		assert_int_equal(inv.warnings.n, 0);
		inventory_free(&inv);
	}
}

static void test_nul_bytes_are_an_error(void **state)
{
	static const char data[] = "P:a\nV:1\n\nP:b\nV:\0002\n";
	struct inventory inv;
	struct vg_err err = { 0 };

	inventory_init(&inv);
	assert_int_equal(analyzer_apk.parse(INSTALLED_PATH, data, sizeof(data) - 1, &inv, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
	assert_string_equal(err.msg, INSTALLED_PATH ": line 5: NUL byte; not an apk installed database");
	assert_int_equal(inv.packages.n, 0);
	inventory_free(&inv);
}

static void test_garbage_is_an_error(void **state)
{
	static const char *const texts[] = {
		"this is not an apk database\n",
		"Package: dpkg-status\nVersion: 1\n",
		"V:1\nA:x86_64\n", /* letters, never a P: */
		"\x89PNG\r\n\x1a\n\xff\xfe binary\n",
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(texts); i++) {
		struct inventory inv;
		struct vg_err err = { 0 };

		inventory_init(&inv);
		assert_int_equal(parse_text(texts[i], &inv, &err), -1);
		assert_int_equal(err.code, VG_EFORMAT);
		assert_non_null(strstr(err.msg, INSTALLED_PATH ": line "));
		assert_non_null(strstr(err.msg, "not an apk installed database"));
		assert_int_equal(inv.packages.n, 0);
		assert_int_equal(inv.warnings.n, 0);
		inventory_free(&inv);
	}
}

static void test_bad_stanza_is_skipped(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text("P:a\nV:1\n\n"
				    "P:broken\nV:1\nthis is not a field\n\n"
				    "P:dup\nP:dup2\nV:1\n\n"
				    "P:spaced name\nV:1\n\n"
				    "P:b\nV:2\n", &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_non_null(find_package(&inv, "a"));
	assert_non_null(find_package(&inv, "b"));
	assert_int_equal(inv.warnings.n, 3);
	assert_true(any_warning_contains(&inv, INSTALLED_PATH ": line 6: line is not of the form 'X:value'"));
	assert_true(any_warning_contains(&inv, "line 9: duplicate P: line"));
	assert_true(any_warning_contains(&inv, "line 12: P: value contains spaces"));
	inventory_free(&inv);
}

static void test_duplicate_package_keeps_first(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text("P:a\nV:1\n\nP:a\nV:2\n", &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_package(&inv, "a", "a|1||a|1");
	assert_true(any_warning_contains(&inv, "line 4: package a listed twice"));
	inventory_free(&inv);
}

static void test_long_values(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct inventory inv;

	strbuf_addstr(&sb, "P:big-description\nV:1\nT:");
	for (int i = 0; i < (1 << 20); i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "\n\nP:big-version\nV:");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&sb, '1');
	strbuf_addstr(&sb, "\n");
	inventory_init(&inv);
	assert_int_equal(analyzer_apk.parse(INSTALLED_PATH, sb.buf, sb.len, &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_non_null(find_package(&inv, "big-description"));
	assert_true(any_warning_contains(&inv, "V: value longer than 4096 bytes"));
	inventory_free(&inv);
	strbuf_release(&sb);
}

static void test_warnings_are_capped(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct inventory inv;

	for (int i = 0; i < 5000; i++)
		strbuf_addf(&sb, "P:p%d\n\n", i);
	inventory_init(&inv);
	assert_int_equal(analyzer_apk.parse(INSTALLED_PATH, sb.buf, sb.len, &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 0);
	assert_true(inv.warnings.n <= 40);
	assert_true(any_warning_contains(&inv, "further ones not reported"));
	inventory_free(&inv);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_every_shared_installed_db_matches_awk),
		cmocka_unit_test(test_shared_installed_dbs_hand_checked),
		cmocka_unit_test(test_shared_license_and_maintainer),
		cmocka_unit_test(test_fields_and_ignored_letters),
		cmocka_unit_test(test_origin_defaults_to_name),
		cmocka_unit_test(test_missing_name_or_version_warns),
		cmocka_unit_test(test_crlf_and_missing_trailing_newline),
		cmocka_unit_test(test_blank_line_variants),
		cmocka_unit_test(test_empty_and_blank_files),
		cmocka_unit_test(test_nul_bytes_are_an_error),
		cmocka_unit_test(test_garbage_is_an_error),
		cmocka_unit_test(test_bad_stanza_is_skipped),
		cmocka_unit_test(test_duplicate_package_keeps_first),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_warnings_are_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
