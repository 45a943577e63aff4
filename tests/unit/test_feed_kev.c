/* test_feed_kev.c - the CISA KEV reader: the shared catalog into a database
 * checked with SQLite (counts against jq at test time, three hand-checked
 * rows), detection, hostile catalogs and files (scratch dir under $TMPDIR). */
#include "feedtest.h"

#define KEV_FILE "vulndata/severity/cisa-kev.json"

/* ---- helpers ---- */

static int setup(void **state)
{
	(void)state;
	return scratch_make("vigil-kev");
}

#define SOURCE_ROW "SELECT records, skipped, newest FROM sources"
#define KEV_ROW "SELECT cve, date_added, due_date, ransomware, name FROM exploited WHERE cve = ?1"

/* ---- the shared catalog ---- */

static void test_detect(void **state)
{
	static const char *const files[] = { KEV_FILE, "vulndata/severity/nvd-feed-1.1-sample.json",
					     "vulndata/severity/nvd-api-2.0-sample.json" };
	char path[1200], head[FEEDTEST_HEAD];

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		size_t n;

		SKIP_WITHOUT_SHARED(path, files[i]);
		n = read_head(path, head, sizeof(head), true);
		assert_int_equal(feed_kev.detect(path, head, n), i == 0);
		assert_int_equal(feed_nvd.detect(path, head, n), i != 0);
	}
	assert_false(feed_kev.detect("x.json", "", 0));
	assert_false(feed_kev.detect("x.json", "[{\"catalogVersion\": 1}]", 23));
	assert_string_equal(feed_kev.name, "kev");
}

static void test_shared_catalog(void **state)
{
	char path[1200], want[256];
	struct vg_err err = { 0 };
	sqlite3 *db;
	long n;
	char *newest;

	(void)state;
	SKIP_WITHOUT_SHARED(path, KEV_FILE);
	n = jq_long(".vulnerabilities | length", path);
	assert_int_equal(n, 1404); /* what SOURCES.md says the snapshot holds */
	assert_int_equal(build_one(&feed_kev, "shared.db", path, &db, &err), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM exploited"), n);
	assert_int_equal(count(db, "SELECT count(DISTINCT cve) FROM exploited"),
			 jq_long("[.vulnerabilities[].cveID] | unique | length", path));
	assert_int_equal(count(db, "SELECT count(*) FROM exploited WHERE ransomware = 'Known'"),
			 jq_long("[.vulnerabilities[] | select(.knownRansomwareCampaignUse == \"Known\")] | length", path));
	assert_int_equal(count(db, "SELECT count(*) FROM exploited WHERE due_date IS NULL"), 0);
	newest = jq("[.vulnerabilities[].dateAdded] | max", path);
	snprintf(want, sizeof(want), "%ld|0|%s", n, newest);
	free(newest);
	assert_row(db, want, SOURCE_ROW, NULL);
	/* three hand-checked entries: the newest, an old one, a ransomware one */
	assert_row(db, "CVE-2025-48384|2025-08-25|2025-09-15|Unknown|Git Link Following Vulnerability", KEV_ROW,
		   "CVE-2025-48384");
	assert_row(db,
		   "CVE-2021-44228|2021-12-10|2021-12-24|Known|Apache Log4j2 Remote Code Execution Vulnerability",
		   KEV_ROW, "CVE-2021-44228");
	assert_row(db,
		   "CVE-2017-0144|2022-02-10|2022-08-10|Known|Microsoft SMBv1 Remote Code Execution Vulnerability",
		   KEV_ROW, "CVE-2017-0144");
	/* nothing else is written by this reader */
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM severities"), 0);
	sqlite3_close(db);
}

/* ---- hostile input ---- */

static void test_malformed_entries(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct vg_err err = { 0 };
	const char *path;
	sqlite3 *db;
	char *big;

	(void)state;
	big = xmalloc((1u << 20) + 1);
	memset(big, 'A', 1u << 20);
	big[1u << 20] = '\0';
	strbuf_addstr(&sb, "{\"title\": \"t\", \"catalogVersion\": \"1\", \"count\": \"not a number\", \"vulnerabilities\": [\n");
	/* kept */
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0001\", \"dateAdded\": \"2024-01-02\", \"dueDate\": \"2024-01-23\","
			   " \"knownRansomwareCampaignUse\": \"Known\", \"vulnerabilityName\": \"One\", \"cwes\": []},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0002\", \"dateAdded\": \"2024-03-04\", \"dueDate\": null,"
			   " \"vendorProject\": null, \"extra\": {\"nested\": [1, 2]}},\n");
	/* skipped */
	strbuf_addstr(&sb, "42,\n\"CVE-2024-0003\",\nnull,\n[],\n");
	strbuf_addstr(&sb, "{\"dateAdded\": \"2024-01-02\"},\n");
	strbuf_addstr(&sb, "{\"cveID\": 20240004, \"dateAdded\": \"2024-01-02\"},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-24-0005\", \"dateAdded\": \"2024-01-02\"},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0006\"},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0007\", \"dateAdded\": \"2024/01/02\"},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0008\", \"dateAdded\": \"2024-13-02\"},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0009\", \"dateAdded\": \"2024-01-02\", \"dueDate\": 5},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0010\", \"dateAdded\": \"2024-01-02\", \"vulnerabilityName\": {}},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0011\", \"dateAdded\": \"2024-01-02\", \"knownRansomwareCampaignUse\": true},\n");
	strbuf_addf(&sb, "{\"cveID\": \"CVE-2024-0014\", \"dateAdded\": \"2024-01-02\", \"vulnerabilityName\": \"%s\"},\n", big);
	strbuf_addstr(&sb, "{\"cveID\": \"CVE-2024-0015\", \"dateAdded\": \"2024-01-02\", \"product\": 7},\n");
	strbuf_addstr(&sb, "{\"cveID\": \"\\u001b[31mCVE\", \"dateAdded\": \"2024-01-02\"}\n");
	strbuf_addstr(&sb, "]}\n");
	free(big);
	path = scratch_file("entries.json", sb.buf, sb.len);
	strbuf_release(&sb);
	{
		static const char head[] = "{\"catalogVersion\": \"1\", \"vulnerabilities\": []}";
		assert_true(feed_kev.detect(path, head, sizeof(head) - 1));
	}
	assert_int_equal(build_one(&feed_kev, "entries.db", path, &db, &err), 0);
	assert_row(db, "2|16|2024-03-04", SOURCE_ROW, NULL);
	assert_row(db, "CVE-2024-0001|2024-01-02|2024-01-23|Known|One", KEV_ROW, "CVE-2024-0001");
	assert_row(db, "CVE-2024-0002|2024-03-04|NULL|NULL|NULL", KEV_ROW, "CVE-2024-0002");
	assert_int_equal(count(db, "SELECT count(*) FROM exploited"), 2);
	sqlite3_close(db);
}

/* A CVE listed twice is one row (the later entry) and two records. */
static void test_duplicates(void **state)
{
	static const char doc[] =
		"{\"catalogVersion\": \"1\", \"vulnerabilities\": ["
		"{\"cveID\": \"CVE-2024-0001\", \"dateAdded\": \"2024-01-02\", \"vulnerabilityName\": \"first\"},"
		"{\"cveID\": \"CVE-2024-0001\", \"dateAdded\": \"2024-02-03\", \"vulnerabilityName\": \"second\"}]}";
	struct vg_err err = { 0 };
	sqlite3 *db;

	(void)state;
	assert_int_equal(build_one(&feed_kev, "dup.db", scratch_file("dup.json", doc, sizeof(doc) - 1), &db, &err), 0);
	assert_row(db, "2|0|2024-02-03", SOURCE_ROW, NULL);
	assert_row(db, "CVE-2024-0001|2024-02-03|NULL|NULL|second", KEV_ROW, "CVE-2024-0001");
	sqlite3_close(db);
}

/* Files that cannot be read as a catalog fail as a whole, with a message. */
static void test_broken_files(void **state)
{
	static const char *const docs[] = {
		"", "   ", "null", "[]", "\"x\"", "{}", "{\"vulnerabilities\": {}}", "{\"vulnerabilities\": \"x\"}",
		"{\"vulnerabilities\": [", "{\"vulnerabilities\": [{\"cveID\": \"CVE-2024-0001\", \"dateAdded\": \"2",
		"{\"vulnerabilities\": []}}", "\xef\xbb\xbf{\"vulnerabilities\": []", "{\"vulnerabilities\": [1,]}",
	};
	char path[1200];
	struct vg_err err;
	sqlite3 *db;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(docs); i++) {
		char name[32];

		snprintf(name, sizeof(name), "broken%zu.json", i);
		memset(&err, 0, sizeof(err));
		assert_int_equal(build_one(&feed_kev, "broken.db", scratch_file(name, docs[i], strlen(docs[i])), &db, &err), -1);
		assert_null(db);
		assert_int_equal(err.code, VG_EFORMAT);
		assert_true(strlen(err.msg) > 0);
	}
	/* the real catalog cut short, at several places */
	SKIP_WITHOUT_SHARED(path, KEV_FILE);
	{
		static char buf[300000];
		size_t n = read_head(path, buf, sizeof(buf), true);

		for (size_t cut = 1; cut < n; cut = cut * 3 + 7) {
			memset(&err, 0, sizeof(err));
			assert_int_equal(build_one(&feed_kev, "cut.db", scratch_file("cut.json", buf, cut), &db, &err), -1);
			assert_int_equal(err.code, VG_EFORMAT);
		}
	}
	/* missing, a directory, and 17 MB of NUL bytes (sparse) */
	memset(&err, 0, sizeof(err));
	snprintf(path, sizeof(path), "%s/absent.json", scratch);
	assert_int_equal(build_one(&feed_kev, "absent.db", path, &db, &err), -1);
	assert_int_equal(err.code, VG_ENOTFOUND);
	memset(&err, 0, sizeof(err));
	assert_int_equal(build_one(&feed_kev, "dir.db", scratch, &db, &err), -1);
	memset(&err, 0, sizeof(err));
	assert_int_equal(build_one(&feed_kev, "zeros.db", scratch_zeros("zeros.json", 17 << 20), &db, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
}

/* Many entries: every one is a record (and quick). */
static void test_many_entries(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct vg_err err = { 0 };
	sqlite3 *db;
	const long n = 20000;

	(void)state;
	strbuf_addstr(&sb, "{\"catalogVersion\": \"x\", \"vulnerabilities\": [");
	for (long i = 0; i < n; i++)
		strbuf_addf(&sb, "%s{\"cveID\": \"CVE-2020-%ld\", \"dateAdded\": \"2020-01-%02ld\"}", i ? "," : "",
			    10000 + i, 1 + i % 28);
	strbuf_addstr(&sb, "]}");
	assert_int_equal(build_one(&feed_kev, "many.db", scratch_file("many.json", sb.buf, sb.len), &db, &err), 0);
	strbuf_release(&sb);
	assert_int_equal(count(db, "SELECT count(*) FROM exploited"), n);
	assert_row(db, "20000|0|2020-01-28", SOURCE_ROW, NULL);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_shared_catalog),
		cmocka_unit_test(test_malformed_entries),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_many_entries),
	};

	return cmocka_run_group_tests(tests, setup, scratch_teardown);
}
