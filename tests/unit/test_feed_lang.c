/* test_feed_lang.c - the language-ecosystem feed readers of their native
 * formats: RubySec (ruby-advisory-db as JSON Lines) and the Node.js
 * security-wg npm advisories. Both shared files are ingested into real
 * databases (dbw_*) and read back with SQLite: counts were taken with
 * python3 from the files when this test was written (hard-coded, see each
 * number's comment), plus hand-checked rows; detection is checked against
 * every shared file; hostile records are skipped, never crash. Everything
 * made here lives in a private scratch directory under $TMPDIR. */
#include "feedtest.h"

#include <ftw.h>

#define RUBYSEC_FILE "vulndata/rubysec/ruby-advisory-db.jsonl"
#define NPMWG_FILE "vulndata/npm/nodejs-security-wg-npm.jsonl"

/* The start of every range this file's readers write. */
#define GEM_REQ "[{\"type\":\"GEM_REQUIREMENTS\""
#define NPM_RANGE "[{\"type\":\"NPM_SEMVER_RANGE\""
#define NPM_HEAD "{\"id\":1,\"module_name\":\"m\",\"vulnerable_versions\":\"<1\"}"

#define SOURCE_ROW "SELECT records || '|' || skipped || '|' || coalesce(newest, 'NULL') FROM sources"
#define AFFECTED_ROW "SELECT namespace, package, status, fixed, ranges, versions, rating FROM affected" \
		     " WHERE vuln_id = ?1 ORDER BY package, ranges"
#define DESCRIPTION_ROW "SELECT description FROM vulnerabilities WHERE id = ?1"
#define VULN_ROW "SELECT summary, published, modified, withdrawn FROM vulnerabilities WHERE id = ?1"
#define ALIASES_ROW "SELECT group_concat(alias, ' ') FROM (SELECT alias FROM aliases WHERE vuln_id = ?1 ORDER BY alias)"
#define SEVERITY_ROWS "SELECT group_concat(s, ' ; ') FROM (SELECT type || '|' || coalesce(vector, 'NULL') || '|' ||" \
		      " coalesce(score, 'NULL') || '|' || coalesce(rating, 'NULL') AS s FROM severities" \
		      " WHERE vuln_id = ?1 ORDER BY type)"

/* The databases of the two shared files and what their ingest printed,
 * made by group_setup (NULL without ../shared). */
static sqlite3 *ruby_db, *npm_db;
static char *ruby_notices, *npm_notices;

/* ---- helpers ------------------------------------------------------------ */

/* Ingest path with feed into a new database <scratch>/<db> (which must
 * succeed), capturing stderr into *notices (caller frees). */
static sqlite3 *build_capturing(const struct feed *feed, const char *db, const char *path, char **notices)
{
	struct vg_err err = { 0 };
	struct notices nt;
	sqlite3 *out;
	int rc;

	notices_start(&nt, db, true);
	rc = build_one(feed, db, path, &out, &err);
	notices_stop(&nt, notices);
	if (rc != 0)
		fail_msg("ingest %s: %s", path, err.msg);
	return out;
}

/* The ingest of a file made of text as feed, into a new database; NULL
 * notices are dropped. */
static sqlite3 *build_text(const struct feed *feed, const char *name, const char *text, size_t len, char **notices)
{
	char db[300];
	char *dropped = NULL;
	sqlite3 *out;

	snprintf(db, sizeof(db), "%s.db", name);
	out = build_capturing(feed, db, scratch_file(name, text, len), notices ? notices : &dropped);
	free(dropped);
	return out;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("\"%s\" not found in:\n%s", needle, haystack);
}

/* A string of n copies of c (caller frees). */
static char *repeated(char c, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ---- setup -------------------------------------------------------------- */

static int group_setup(void **state)
{
	char path[4200];

	(void)state;
	if (scratch_make("vigil-test-lang") != 0)
		return -1;
	if (!test_shared_path(path, sizeof(path), RUBYSEC_FILE))
		return 0;
	ruby_db = build_capturing(&feed_rubysec, "rubysec.db", path, &ruby_notices);
	test_shared_path(path, sizeof(path), NPMWG_FILE);
	npm_db = build_capturing(&feed_npm_wg, "npmwg.db", path, &npm_notices);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (ruby_db)
		sqlite3_close(ruby_db);
	if (npm_db)
		sqlite3_close(npm_db);
	free(ruby_notices);
	free(npm_notices);
	scratch_remove();
	return 0;
}

/* ---- detection ---------------------------------------------------------- */

static int claims_rubysec, claims_npm, claims_wrong;

static int check_shared_file(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	bool ruby, npm;

	(void)sb, (void)ftw;
	if (flag != FTW_F)
		return 0;
	ruby = detect_path(&feed_rubysec, p, true);
	npm = detect_path(&feed_npm_wg, p, true);
	claims_rubysec += ruby;
	claims_npm += npm;
	if ((ruby && !str_ends_with(p, "/" RUBYSEC_FILE)) || (npm && !str_ends_with(p, "/" NPMWG_FILE))) {
		fprintf(stderr, "# wrongly claimed: %s\n", p);
		claims_wrong++;
	}
	return 0;
}

/* Each reader claims its own shared file and no other shared file. */
static void test_detect_shared(void **state)
{
	char path[4200], head[FEEDTEST_HEAD];
	size_t n;

	(void)state;
	SKIP_WITHOUT_SHARED(path, "vulndata");
	assert_int_equal(nftw(path, check_shared_file, 16, FTW_PHYS), 0);
	assert_int_equal(claims_rubysec, 1);
	assert_int_equal(claims_npm, 1);
	assert_int_equal(claims_wrong, 0);
	test_shared_path(path, sizeof(path), RUBYSEC_FILE);
	n = read_head(path, head, sizeof(head), true);
	assert_ptr_equal(feed_detect(path, head, n), &feed_rubysec);
	test_shared_path(path, sizeof(path), NPMWG_FILE);
	n = read_head(path, head, sizeof(head), true);
	assert_ptr_equal(feed_detect(path, head, n), &feed_npm_wg);
	assert_string_equal(feed_rubysec.name, "rubysec");
	assert_string_equal(feed_npm_wg.name, "npm-wg");
}

static bool detects(const struct feed *f, const char *path, const char *head)
{
	return f->detect(path, head, strlen(head));
}

/* Heads made up to sit on the edges: keys nested or cut short, other formats. */
static void test_detect_heads(void **state)
{
	(void)state;
	/* rubysec */
	assert_true(detects(&feed_rubysec, "a.jsonl", "{\"gem\":\"rack\",\"cve\":\"2020-1\"}\n"));
	assert_true(detects(&feed_rubysec, "a.jsonl", " \r\n{\"engine\":\"ruby\",\"patched_versions\":[]}"));
	assert_true(detects(&feed_rubysec, "a.jsonl", "{\"gem\":\"rack\",\"ghsa\":\"x\",\"description\":\"cut sh"));
	assert_true(detects(&feed_rubysec, "a.jsonl", "{\"title\":\"a \\\"gem\\\": x\",\"gem\":\"r\",\"osvdb\":1}"));
	assert_false(detects(&feed_rubysec, "a.json", "{\"gem\":\"rack\",\"cve\":\"2020-1\"}"));
	assert_false(detects(&feed_rubysec, "a.jsonl", "{\"gem\":\"rack\",\"url\":\"x\"}"));
	assert_false(detects(&feed_rubysec, "a.jsonl", "{\"gem\":\"rack\"}\n{\"cve\":\"2020-1\"}"));
	assert_false(detects(&feed_rubysec, "a.jsonl",
			     "{\"id\":\"OSV-1\",\"database_specific\":{\"gem\":\"r\",\"cve\":\"1\"}}"));
	assert_false(detects(&feed_rubysec, "a.jsonl", "{\"title\":\"\\\"gem\\\":\",\"cve\":\"2020-1\"}"));
	assert_false(detects(&feed_rubysec, "a.jsonl", "[\"gem\",\"cve\"]"));
	assert_false(detects(&feed_rubysec, "a.jsonl", ""));
	assert_false(detects(&feed_rubysec, "a.jsonl", "{\"gem\":\"rack\",\"x\":\"\n\",\"cve\":1}"));
	/* npm-wg */
	assert_true(detects(&feed_npm_wg, "a.jsonl", NPM_HEAD));
	assert_true(detects(&feed_npm_wg, "1.json",
			    "{\n  \"id\": 1,\n  \"module_name\": \"m\",\n  \"vulnerable_versions\": \"<1\"\n}\n"));
	assert_true(detects(&feed_npm_wg, "all.json", "[ {\"module_name\":\"m\",\"vulnerable_versions\":\"<1\"} ]"));
	assert_false(detects(&feed_npm_wg, "a.txt", NPM_HEAD));
	assert_false(detects(&feed_npm_wg, "a.jsonl", "{\"id\":1,\"module_name\":\"m\"}\n{\"vulnerable_versions\":1}"));
	assert_false(detects(&feed_npm_wg, "a.json", "{\"id\":\"GHSA-1\",\"database_specific\":{\"module_name\":\"m\","
				       "\"vulnerable_versions\":\"<1\"}}"));
	assert_false(detects(&feed_npm_wg, "a.json", "{\"module_name\":\"m\"}"));
	/* and they do not step on the OSV reader */
	assert_false(detects(&feed_osv, "a.jsonl", NPM_HEAD));
	assert_false(detects(&feed_osv, "a.jsonl", "{\"gem\":\"rack\",\"cve\":\"2020-1\",\"title\":\"t\"}"));
}

/* ---- the shared RubySec file -------------------------------------------- */

static void test_rubysec_counts(void **state)
{
	(void)state;
	SKIP_WITHOUT_DB(ruby_db);
	/* 1,381 lines: 1,234 gem advisories (all kept) and 147 "engine" ones (left out, not skipped);
	 * newest "date" 2026-08-18 */
	assert_row(ruby_db, "1234|0|2026-08-18", SOURCE_ROW, NULL);
	assert_contains(ruby_notices,
			"Ruby interpreter advisories (\"engine\" records) left out, vigil matches gems only: 147\n");
	/* one row per gem advisory, 465 distinct gems */
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM affected"), 1234);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM affected WHERE namespace = 'rubygems'"
				       " AND status = 'ranges' AND versions IS NULL AND fixed IS NULL"), 1234);
	assert_int_equal(count(ruby_db, "SELECT count(DISTINCT package) FROM affected"), 465);
	/* 81 advisories without patched_versions or unaffected_versions; 322 with unaffected_versions */
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM affected WHERE ranges = '" GEM_REQ "}]'"), 81);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM affected WHERE json_extract(ranges, '$[0].unaffected')"
				       " IS NOT NULL"), 322);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM affected WHERE json_valid(ranges)"), 1234);
	/* ids: CVE, else GHSA, else OSVDB: 1,174 distinct; 1,216 distinct (id, other id) pairs;
	 * 1,276 distinct (id, CVSS version) pairs */
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM vulnerabilities"), 1174);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM aliases"), 1216);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM severities"), 1276);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM severities WHERE vector IS NOT NULL OR score IS NULL"),
			 0);
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM vulnerabilities WHERE id NOT LIKE 'CVE-%'"
				       " AND id NOT LIKE 'GHSA-%' AND id NOT LIKE 'OSVDB-%'"), 0);
}

static void test_rubysec_rows(void **state)
{
	(void)state;
	SKIP_WITHOUT_DB(ruby_db);
	/* patched and unaffected */
	assert_row(ruby_db, "rubygems|nokogiri|ranges|NULL|" GEM_REQ ",\"patched\":[\">= 1.6.7.1\"],"
		   "\"unaffected\":[\"< 1.6.0\"]}]|NULL|NULL", AFFECTED_ROW, "CVE-2015-5312");
	assert_row(ruby_db, "Nokogiri gem contains several vulnerabilities in libxml2|2015-12-15|NULL|NULL", VULN_ROW,
		   "CVE-2015-5312");
	assert_row(ruby_db, "GHSA-xjqg-9jvg-fgx2", ALIASES_ROW, "CVE-2015-5312");
	assert_row(ruby_db, "CVSS_V2|NULL|7.1|high", SEVERITY_ROWS, "CVE-2015-5312");
	/* requirements joined with ',' stay one element each */
	assert_row(ruby_db, "rubygems|rack|ranges|NULL|" GEM_REQ ",\"patched\":[\"~> 2.0.9, >= 2.0.9.1\","
		   "\"~> 2.1.4, >= 2.1.4.1\",\">= 2.2.3.1\"]}]|NULL|NULL", AFFECTED_ROW, "CVE-2022-30123");
	assert_row(ruby_db, "CVSS_V3|NULL|10.0|critical", SEVERITY_ROWS, "CVE-2022-30123");
	assert_row(ruby_db, "rubygems|rack|ranges|NULL|" GEM_REQ ",\"patched\":[\"~> 1.6.12\","
		   "\">= 2.0.8\"]}]|NULL|NULL", AFFECTED_ROW, "CVE-2019-16782");
	/* never patched: every version; cve + ghsa + osvdb */
	assert_row(ruby_db, "rubygems|Arabic-Prawn|ranges|NULL|" GEM_REQ "}]|NULL|NULL", AFFECTED_ROW, "CVE-2014-2322");
	assert_row(ruby_db, "GHSA-hgmw-x865-hf9x OSVDB-104365", ALIASES_ROW, "CVE-2014-2322");
	assert_row(ruby_db, "CVSS_V2|NULL|7.5|high", SEVERITY_ROWS, "CVE-2014-2322");
	assert_int_equal(count(ruby_db, "SELECT length(description) FROM vulnerabilities WHERE id = 'CVE-2014-2322'"),
			 404);
	/* a GHSA-only advisory, an OSVDB-only one */
	assert_row(ruby_db, "rubygems|nokogiri|ranges|NULL|" GEM_REQ ",\"patched\":[\">= 1.13.9\"]}]|NULL|NULL",
		   AFFECTED_ROW, "GHSA-2qc6-mcvw-92cw");
	assert_row(ruby_db, "Update bundled libxml2 to v2.10.3 to resolve multiple CVEs|2022-10-18|NULL|NULL", VULN_ROW,
		   "GHSA-2qc6-mcvw-92cw");
	assert_row(ruby_db, "rubygems|activerecord-oracle_enhanced-adapter|ranges|NULL|" GEM_REQ ","
		   "\"patched\":[\">= 1.1.8\"]}]|NULL|NULL", AFFECTED_ROW, "OSVDB-95376");
	assert_row(ruby_db, "NULL", ALIASES_ROW, "OSVDB-95376");
	/* CVE-2019-15224 (hijacked gems) is the id of 11 gem advisories */
	assert_int_equal(count(ruby_db, "SELECT count(*) FROM affected WHERE vuln_id = 'CVE-2019-15224'"), 11);
}

/* ---- the shared npm security-wg file ------------------------------------ */

static void test_npmwg_counts(void **state)
{
	(void)state;
	SKIP_WITHOUT_DB(npm_db);
	/* 467 records, none malformed; newest updated_at 2020-07-13 */
	assert_row(npm_db, "467|0|2020-07-13", SOURCE_ROW, NULL);
	/* record 12 (hapi) lists "CVE-2014-4671A"; record 504's vector has I:U/A:U */
	assert_contains(npm_notices, "\"cves\" entries that are not CVE ids, left out: 1\n");
	assert_contains(npm_notices, "cvss_vector values that are not CVSS vectors, ignored (cvss_score kept): 1\n");
	/* one row per record, 408 distinct modules, 55 without patched_versions */
	assert_int_equal(count(npm_db, "SELECT count(*) FROM affected WHERE namespace = 'npm' AND status = 'ranges'"
				      " AND versions IS NULL AND json_valid(ranges)"), 467);
	assert_int_equal(count(npm_db, "SELECT count(DISTINCT package) FROM affected"), 408);
	assert_int_equal(count(npm_db, "SELECT count(*) FROM affected WHERE ranges LIKE '%\"patched\":null}]'"), 55);
	assert_int_equal(count(npm_db, "SELECT count(*) FROM affected WHERE json_extract(ranges, '$[0].type')"
				      " = 'NPM_SEMVER_RANGE'"), 467);
	/* ids: 464 distinct (three CVEs have two records), 302 of them NSWG-ECO-<id> (301 records
	 * without cves and record 12); 175 distinct aliases; 455 ids with a vector or a score >= 0 */
	assert_int_equal(count(npm_db, "SELECT count(*) FROM vulnerabilities"), 464);
	assert_int_equal(count(npm_db, "SELECT count(*) FROM vulnerabilities WHERE id LIKE 'NSWG-ECO-%'"), 302);
	assert_int_equal(count(npm_db, "SELECT count(*) FROM aliases"), 175);
	assert_int_equal(count(npm_db, "SELECT count(*) FROM severities"), 455);
	assert_int_equal(count(npm_db, "SELECT count(*) FROM severities WHERE type <> 'CVSS_V3'"), 0);
}

static void test_npmwg_rows(void **state)
{
	(void)state;
	SKIP_WITHOUT_DB(npm_db);
	/* lodash: three records */
	assert_row(npm_db, "npm|lodash|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"<4.17.5\","
		   "\"patched\":\">=4.17.5\"}]|NULL|NULL", AFFECTED_ROW, "CVE-2018-3721");
	assert_row(npm_db, "lodash prototype pollution|2018-02-12|2018-02-12|NULL", VULN_ROW, "CVE-2018-3721");
	assert_row(npm_db, "NSWG-ECO-368", ALIASES_ROW, "CVE-2018-3721");
	assert_row(npm_db, "CVSS_V3|CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L|2.5|low", SEVERITY_ROWS,
		   "CVE-2018-3721");
	assert_row(npm_db, "npm|lodash|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"<4.17.11\","
		   "\"patched\":\">=4.17.11\"}]|NULL|NULL", AFFECTED_ROW, "CVE-2018-16487");
	/* no CVE: NSWG-ECO-<id>; publish_date 1970-01-01 gives created_at */
	assert_row(npm_db, "npm|lodash|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\">=4.17.15 <4.17.19\","
		   "\"patched\":\">=4.17.19\"}]|NULL|NULL", AFFECTED_ROW, "NSWG-ECO-516");
	assert_row(npm_db, "Allocation of Resources Without Limits or Throttling|2019-10-11|2020-07-13|NULL", VULN_ROW,
		   "NSWG-ECO-516");
	assert_row(npm_db, "CVSS_V3|CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L|7.4|high", SEVERITY_ROWS,
		   "NSWG-ECO-516");
	/* the first record: overview and recommendation */
	assert_row(npm_db, "npm|bassmaster|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"<=1.5.1\","
		   "\"patched\":\">=1.5.2\"}]|NULL|NULL", AFFECTED_ROW, "CVE-2014-7205");
	assert_row(npm_db, "Arbitrary JavaScript Execution|2014-09-27|2016-04-28|NULL", VULN_ROW, "CVE-2014-7205");
	assert_row(npm_db, "A vulnerability exists in bassmaster <= 1.5.1 that allows for an attacker to provide"
		   " arbitrary JavaScript that is then executed server side via eval.\n\n## Recommendation\n\n"
		   "Update to bassmaster version 1.5.2 or greater.", DESCRIPTION_ROW, "CVE-2014-7205");
	/* "CVE-2014-4671A" is no id: the record is NSWG-ECO-12 */
	assert_row(npm_db, "npm|hapi|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"< 6.1.0\","
		   "\"patched\":\">= 6.1.0\"}]|NULL|NULL", AFFECTED_ROW, "NSWG-ECO-12");
	assert_int_equal(count(npm_db, "SELECT count(*) FROM aliases WHERE alias LIKE '%4671A%'"), 0);
	/* a malformed vector: the score alone, as CVSS_V3 */
	assert_row(npm_db, "CVSS_V3|NULL|7.5|high", SEVERITY_ROWS, "CVE-2019-15596");
	/* "no fix": patched null */
	assert_int_equal(count(npm_db, "SELECT count(*) FROM affected"
				      " WHERE json_type(ranges, '$[0].patched') = 'null'"), 55);
}

/* ---- hostile RubySec records -------------------------------------------- */

static void test_rubysec_hostile(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *big = repeated('a', 1u << 20), *notices;
	size_t skipped = 0;
	sqlite3 *db;

	(void)state;
	strbuf_init(&sb);
	/* kept (3) */
	strbuf_addstr(&sb, "{\"gem\":\"g1\",\"cve\":\"2020-0001\"}\n");
	strbuf_addstr(&sb, "{\"gem\":\"g2\",\"ghsa\":\"abcd-efgh-1234\",\"osvdb\":5,\"patched_versions\":[],"
			   "\"unaffected_versions\":[\"< 1\"],\"cvss_v3\":9.99,\"cvss_v2\":0,\"criticality\":\"High\","
			   "\"date\":\"2020-02-03\",\"title\":null,\"extra\":{\"x\":[1,2]}}\n");
	strbuf_addstr(&sb, "  \n{\"gem\":\"g3\",\"osvdb\":7,\"cvss_v4\":5,\"description\":\"line\\nline\","
			   "\"patched_versions\":[\"= 1.0 \\\"x\\\\\",\"~> 2.0, >= 2.0.1\"]}\n");
	/* left out, not skipped */
	strbuf_addstr(&sb, "{\"engine\":\"jruby\",\"cve\":\"2020-1234\",\"patched_versions\":[\">= 9\"]}\n");
	/* skipped: not records */
	strbuf_addstr(&sb, "42\n[]\n\"gem\"\nnull\n{\"gem\": \n"), skipped += 5;
	/* skipped: the gem */
	strbuf_addstr(&sb, "{}\n{\"cve\":\"2020-0002\"}\n{\"gem\":5,\"cve\":\"2020-0002\"}\n"), skipped += 3;
	strbuf_addstr(&sb, "{\"gem\":\"\",\"cve\":\"2020-0002\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"a b\",\"cve\":\"2020-0002\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":null,\"engine\":\"ruby\",\"cve\":\"2020-0002\"}\n"), skipped += 1;
	strbuf_addf(&sb, "{\"gem\":\"%.300s\",\"cve\":\"2020-0002\"}\n", big), skipped += 1;
	/* skipped: ids */
	strbuf_addstr(&sb, "{\"gem\":\"x\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"CVE-2020-1234\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-12\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":5}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"ghsa\":\"GHSA-abcd-efgh-ijkl\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"ghsa\":\"ABCD-EFGH-IJKL\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"osvdb\":\"123\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"osvdb\":-1}\n{\"gem\":\"x\",\"osvdb\":1.5}\n"), skipped += 2;
	strbuf_addf(&sb, "{\"gem\":\"x\",\"cve\":\"%s\"}\n", big), skipped += 1;
	/* skipped: scores */
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0003\",\"cvss_v3\":\"9.8\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0003\",\"cvss_v3\":11}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0003\",\"cvss_v2\":-0.1}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0003\",\"cvss_v4\":true}\n"), skipped += 1;
	/* skipped: requirements */
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"patched_versions\":\"~> 1.0\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"patched_versions\":[1]}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"patched_versions\":[\"\"]}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"unaffected_versions\":[\"<\\u0001\"]}\n"),
		skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"unaffected_versions\":[\"< 1\\u0000\"]}\n"),
		skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"unaffected_versions\":{\"a\":1}}\n"), skipped += 1;
	strbuf_addf(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0004\",\"patched_versions\":[\">= %.300s\"]}\n", big),
		skipped += 1;
	/* skipped: text and dates */
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"date\":\"2020/01/01\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"date\":20200101}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"date\":\"2020-13-01\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"title\":[\"t\"]}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"description\":5}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"description\":\"a\\u0000b\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"criticality\":5}\n"), skipped += 1;
	strbuf_addf(&sb, "{\"gem\":\"x\",\"cve\":\"2020-0005\",\"title\":\"%.5000s\"}\n", big), skipped += 1;
	/* a huge description is text like any other: kept (the 4th record) */
	strbuf_addf(&sb, "{\"gem\":\"g4\",\"cve\":\"2020-0006\",\"description\":\"%s\"}", big);
	db = build_text(&feed_rubysec, "hostile.jsonl", sb.buf, sb.len, &notices);
	strbuf_release(&sb);
	free(big);
	{
		char want[64];
		snprintf(want, sizeof(want), "4|%zu|2020-02-03", skipped);
		assert_row(db, want, SOURCE_ROW, NULL);
	}
	assert_contains(notices, "hostile.jsonl: line 6: invalid JSON");
	assert_contains(notices, "hostile.jsonl: line 7: not a JSON object");
	assert_contains(notices, "gems only: 1\n");
	assert_int_equal(count(db, "SELECT count(*) FROM affected"), 4);
	assert_row(db, "rubygems|g1|ranges|NULL|" GEM_REQ "}]|NULL|NULL", AFFECTED_ROW, "CVE-2020-0001");
	assert_row(db, "NULL|NULL|NULL|NULL", VULN_ROW, "CVE-2020-0001");
	/* GHSA first when there is no CVE; an empty list is left out; scores to the tenth */
	assert_row(db, "rubygems|g2|ranges|NULL|" GEM_REQ ",\"unaffected\":[\"< 1\"]}]|NULL|NULL", AFFECTED_ROW,
		   "GHSA-abcd-efgh-1234");
	assert_row(db, "OSVDB-5", ALIASES_ROW, "GHSA-abcd-efgh-1234");
	assert_row(db, "CVSS_V2|NULL|0.0|low ; CVSS_V3|NULL|10.0|critical ; rating|NULL|NULL|high", SEVERITY_ROWS,
		   "GHSA-abcd-efgh-1234");
	/* JSON escapes in requirements survive */
	assert_row(db, "= 1.0 \"x\\|~> 2.0, >= 2.0.1", "SELECT json_extract(ranges, '$[0].patched[0]') || '|' ||"
		   " json_extract(ranges, '$[0].patched[1]') FROM affected WHERE vuln_id = ?1", "OSVDB-7");
	assert_row(db, "CVSS_V4|NULL|5.0|medium", SEVERITY_ROWS, "OSVDB-7");
	assert_int_equal(count(db, "SELECT length(description) FROM vulnerabilities WHERE id = 'CVE-2020-0006'"),
			 1 << 20);
	free(notices);
	sqlite3_close(db);
}

/* ---- hostile npm security-wg records ------------------------------------ */

/* A record line with the required fields and extra (which starts with ',' or is empty). */
static void npm_record(struct strbuf *sb, const char *id, const char *extra)
{
	strbuf_addf(sb, "{\"id\":%s,\"module_name\":\"m\",\"vulnerable_versions\":\"<1.0.0\"%s}\n", id, extra);
}

static void test_npmwg_hostile(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *big = repeated('1', 1u << 20), *notices, *extra;
	size_t skipped = 0;
	sqlite3 *db;

	(void)state;
	strbuf_init(&sb);
	/* kept (6) */
	strbuf_addstr(&sb, "{\"id\":1,\"module_name\":\"m1\",\"vulnerable_versions\":\"<1.0.0\","
			   "\"patched_versions\":null}\n");
	strbuf_addstr(&sb, "{\"id\":2,\"module_name\":\"@scope/m2\",\"vulnerable_versions\":\"*\","
			   "\"patched_versions\":\"<0.0.0\",\"cves\":[\"CVE-2020-0002\",\"bad\",\"CVE-2020-0003\"],"
			   "\"cvss_score\":null,\"cvss_vector\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\","
			   "\"title\":\"t\",\"overview\":\"o\",\"recommendation\":\"r\","
			   "\"publish_date\":\"1970-01-01\",\"created_at\":\"2020-01-02\","
			   "\"updated_at\":\"2020-03-04T05:06:07Z\",\"author\":{\"name\":null}}\n");
	npm_record(&sb, "3", ",\"cvss_vector\":\"garbage\",\"cvss_score\":-1");
	npm_record(&sb, "4", ",\"cvss_vector\":null,\"cvss_score\":5,\"cves\":[]");
	npm_record(&sb, "5", ",\"cvss_vector\":\"AV:N/AC:L/Au:N/C:P/I:P/A:P\",\"cvss_score\":7.5");
	strbuf_addstr(&sb, "{\"id\":6,\"module_name\":\"m6\",\"vulnerable_versions\":\"<1 \\\"x\\\\\","
			   "\"patched_versions\":\">=1 || =0.9.1-\\u00e9\"}\n");
	/* skipped: not records */
	strbuf_addstr(&sb, "42\n[]\nnull\n{\"id\":\n"), skipped += 4;
	/* skipped: id and module */
	strbuf_addstr(&sb, "{\"module_name\":\"m\",\"vulnerable_versions\":\"*\"}\n"), skipped += 1;
	npm_record(&sb, "\"7\"", ""), skipped += 1;
	npm_record(&sb, "-1", ""), skipped += 1;
	npm_record(&sb, "1.5", ""), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":8,\"vulnerable_versions\":\"*\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":8,\"module_name\":5,\"vulnerable_versions\":\"*\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":8,\"module_name\":\"a b\",\"vulnerable_versions\":\"*\"}\n"), skipped += 1;
	strbuf_addf(&sb, "{\"id\":8,\"module_name\":\"%.300s\",\"vulnerable_versions\":\"*\"}\n", big), skipped += 1;
	/* skipped: ranges */
	strbuf_addstr(&sb, "{\"id\":9,\"module_name\":\"m\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":9,\"module_name\":\"m\",\"vulnerable_versions\":null}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":9,\"module_name\":\"m\",\"vulnerable_versions\":\"\"}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":9,\"module_name\":\"m\",\"vulnerable_versions\":5}\n"), skipped += 1;
	strbuf_addstr(&sb, "{\"id\":9,\"module_name\":\"m\",\"vulnerable_versions\":\"<1\\n\"}\n"), skipped += 1;
	strbuf_addf(&sb, "{\"id\":9,\"module_name\":\"m\",\"vulnerable_versions\":\"<%.2000s\"}\n", big), skipped += 1;
	npm_record(&sb, "9", ",\"patched_versions\":5"), skipped += 1;
	npm_record(&sb, "9", ",\"patched_versions\":\"\""), skipped += 1;
	/* skipped: cves, cvss, dates, text */
	npm_record(&sb, "10", ",\"cves\":\"CVE-2020-0001\""), skipped += 1;
	npm_record(&sb, "10", ",\"cves\":[5]"), skipped += 1;
	npm_record(&sb, "10", ",\"cvss_vector\":5"), skipped += 1;
	npm_record(&sb, "10", ",\"cvss_score\":\"5\""), skipped += 1;
	npm_record(&sb, "10", ",\"cvss_score\":11"), skipped += 1;
	npm_record(&sb, "10", ",\"publish_date\":\"yesterday\""), skipped += 1;
	npm_record(&sb, "10", ",\"updated_at\":5"), skipped += 1;
	npm_record(&sb, "10", ",\"created_at\":\"2020-01-01T\\u0000\""), skipped += 1;
	npm_record(&sb, "10", ",\"overview\":5"), skipped += 1;
	extra = xmalloc(6000);
	snprintf(extra, 6000, ",\"title\":\"%.5000s\"", big);
	npm_record(&sb, "10", extra), skipped += 1;
	snprintf(extra, 6000, ",\"cvss_vector\":\"CVSS:3.1/%.2000s\"", big);
	npm_record(&sb, "10", extra), skipped += 1;
	free(extra);
	db = build_text(&feed_npm_wg, "hostile-npm.jsonl", sb.buf, sb.len, &notices);
	strbuf_release(&sb);
	free(big);
	{
		char want[64];
		snprintf(want, sizeof(want), "6|%zu|2020-03-04T05:06:07Z", skipped);
		assert_row(db, want, SOURCE_ROW, NULL);
	}
	assert_contains(notices, "hostile-npm.jsonl: line 8: not a JSON object");
	assert_contains(notices, "hostile-npm.jsonl: line 11: \"id\" is not a number");
	assert_contains(notices, "not CVE ids, left out: 1\n");
	assert_contains(notices, "(cvss_score kept): 1\n");
	assert_row(db, "npm|m1|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"<1.0.0\",\"patched\":null}]|NULL|NULL",
		   AFFECTED_ROW, "NSWG-ECO-1");
	assert_row(db, "npm|@scope/m2|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"*\",\"patched\":\"<0.0.0\"}]"
		   "|NULL|NULL", AFFECTED_ROW, "CVE-2020-0002");
	assert_row(db, "t|2020-01-02|2020-03-04T05:06:07Z|NULL", VULN_ROW, "CVE-2020-0002");
	assert_row(db, "o\n\n## Recommendation\n\nr", DESCRIPTION_ROW, "CVE-2020-0002");
	assert_row(db, "CVE-2020-0003 NSWG-ECO-2", ALIASES_ROW, "CVE-2020-0002");
	assert_row(db, "CVSS_V3|CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|9.8|critical", SEVERITY_ROWS,
		   "CVE-2020-0002");
	assert_row(db, "NULL", SEVERITY_ROWS, "NSWG-ECO-3");
	assert_row(db, "CVSS_V3|NULL|5.0|medium", SEVERITY_ROWS, "NSWG-ECO-4");
	assert_row(db, "CVSS_V2|AV:N/AC:L/Au:N/C:P/I:P/A:P|7.5|high", SEVERITY_ROWS, "NSWG-ECO-5");
	assert_row(db, "<1 \"x\\|>=1 || =0.9.1-\xc3\xa9", "SELECT json_extract(ranges, '$[0].vulnerable') || '|' ||"
		   " json_extract(ranges, '$[0].patched') FROM affected WHERE vuln_id = ?1", "NSWG-ECO-6");
	assert_int_equal(count(db, "SELECT count(*) FROM affected"), 6);
	free(notices);
	sqlite3_close(db);
}

/* A .json file: one pretty-printed record, or an array of them. */
static void test_npmwg_json_documents(void **state)
{
	static const char one[] = "{\n  \"id\": 1,\n  \"module_name\": \"m\",\n"
				  "  \"vulnerable_versions\": \"<=1.0.0\",\n  \"patched_versions\": \">1.0.0\",\n"
				  "  \"cves\": [\"CVE-2020-0001\"]\n}\n";
	static const char list[] = "[{\"id\": 1, \"module_name\": \"a\", \"vulnerable_versions\": \"*\"}, 5,"
				   " {\"id\": 2, \"module_name\": \"b\", \"vulnerable_versions\": \"<2\"}]";
	static const char *const broken[] = { "", "5", "\"x\"", "{\"id\": 1,", "[{\"id\": 1}" };
	struct vg_err err;
	char *notices;
	sqlite3 *db;

	(void)state;
	assert_true(detect_path(&feed_npm_wg, scratch_file("1.json", one, sizeof(one) - 1), true));
	db = build_text(&feed_npm_wg, "1.json", one, sizeof(one) - 1, NULL);
	assert_row(db, "1|0|NULL", SOURCE_ROW, NULL);
	assert_row(db, "npm|m|ranges|NULL|" NPM_RANGE ",\"vulnerable\":\"<=1.0.0\",\"patched\":\">1.0.0\"}]|NULL|NULL",
		   AFFECTED_ROW, "CVE-2020-0001");
	sqlite3_close(db);
	db = build_text(&feed_npm_wg, "all.json", list, sizeof(list) - 1, &notices);
	assert_row(db, "2|1|NULL", SOURCE_ROW, NULL);
	assert_contains(notices, "all.json: record 2: not a JSON object");
	assert_int_equal(count(db, "SELECT count(*) FROM affected WHERE vuln_id IN ('NSWG-ECO-1', 'NSWG-ECO-2')"), 2);
	free(notices);
	sqlite3_close(db);
	for (size_t i = 0; i < VG_ARRAY_LEN(broken); i++) {
		const char *path = scratch_file("broken.json", broken[i], strlen(broken[i]));

		memset(&err, 0, sizeof(err));
		assert_int_equal(build_one(&feed_npm_wg, "broken.db", path, &db, &err), -1);
		assert_null(db);
		assert_int_equal(err.code, VG_EFORMAT);
	}
}

/* Files that cannot be read fail as a whole; an over-long line is one skip. */
static void test_files(void **state)
{
	const struct feed *const feeds[] = { &feed_rubysec, &feed_npm_wg };
	struct vg_err err;
	char path[4200];
	sqlite3 *db;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(feeds); i++) {
		memset(&err, 0, sizeof(err));
		scratch_path(path, sizeof(path), "absent.jsonl");
		assert_int_equal(build_one(feeds[i], "absent.db", path, &db, &err), -1);
		assert_int_equal(err.code, VG_ENOTFOUND);
		memset(&err, 0, sizeof(err));
		assert_int_equal(build_one(feeds[i], "dir.db", scratch, &db, &err), -1);
		assert_true(strlen(err.msg) > 0);
		db = build_text(feeds[i], "empty.jsonl", "", 0, NULL);
		assert_row(db, "0|0|NULL", SOURCE_ROW, NULL);
		sqlite3_close(db);
		/* 17 MiB of NUL bytes: one line over the 16 MiB record limit */
		memset(&err, 0, sizeof(err));
		assert_int_equal(build_one(feeds[i], "zeros.db", scratch_zeros("zeros.jsonl", 17 << 20), &db, &err), 0);
		assert_row(db, "0|1|NULL", SOURCE_ROW, NULL);
		sqlite3_close(db);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_shared),
		cmocka_unit_test(test_detect_heads),
		cmocka_unit_test(test_rubysec_counts),
		cmocka_unit_test(test_rubysec_rows),
		cmocka_unit_test(test_npmwg_counts),
		cmocka_unit_test(test_npmwg_rows),
		cmocka_unit_test(test_rubysec_hostile),
		cmocka_unit_test(test_npmwg_hostile),
		cmocka_unit_test(test_npmwg_json_documents),
		cmocka_unit_test(test_files),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
