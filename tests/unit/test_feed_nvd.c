/* test_feed_nvd.c - the NVD reader: both shared samples (1.1 feed, API 2.0 page)
 * into a database checked with SQLite (jq counts, three hand-checked CVEs each,
 * no score disagreement), metric choice, hostile input (scratch under $TMPDIR). */
#include "feedtest.h"

#include "severity/cvss.h"

#define NVD11 "vulndata/severity/nvd-feed-1.1-sample.json"
#define NVD20 "vulndata/severity/nvd-api-2.0-sample.json"

/* ---- helpers ---- */

static int setup(void **state)
{
	(void)state;
	return scratch_make("vigil-nvd");
}

#define SOURCE_ROW "SELECT records, skipped, newest FROM sources"
#define VULN_ROW "SELECT id, description, published, modified, withdrawn FROM vulnerabilities WHERE id = ?1"
#define SEVERITY_ROWS                                                                                    \
	"SELECT group_concat(type || ' ' || vector || ' ' || printf('%.1f', score) || ' ' || rating, ';')" \
	" FROM (SELECT * FROM severities WHERE vuln_id = ?1 ORDER BY type)"

/* ---- detection ---- */

static void test_detect(void **state)
{
	char path[1200], head[FEEDTEST_HEAD];
	size_t n;

	(void)state;
	SKIP_WITHOUT_SHARED(path, NVD11);
	n = read_head(path, head, sizeof(head), true);
	assert_true(feed_nvd.detect(path, head, n));
	assert_false(feed_kev.detect(path, head, n));
	SKIP_WITHOUT_SHARED(path, NVD20);
	n = read_head(path, head, sizeof(head), true);
	assert_true(feed_nvd.detect(path, head, n));
	assert_false(feed_kev.detect(path, head, n));
	SKIP_WITHOUT_SHARED(path, "vulndata/severity/cisa-kev.json");
	n = read_head(path, head, sizeof(head), true);
	assert_false(feed_nvd.detect(path, head, n));
	assert_false(feed_nvd.detect("x.json", "", 0));
	assert_false(feed_nvd.detect("x.json", "{\"format\": \"NVD_CVE\"}", 21));
	assert_false(feed_nvd.detect("x.json", "[\"CVE_Items\"]", 13));
	assert_true(feed_nvd.detect("x.json", " {\"CVE_Items\": []}", 18));
	assert_string_equal(feed_nvd.name, "nvd");
}

/* ---- the shared samples ---- */

static void test_shared_feed_11(void **state)
{
	char path[1200], want[256];
	struct vg_err err = { 0 };
	unsigned long before = cvss_disagreements();
	sqlite3 *db;
	long n;

	(void)state;
	SKIP_WITHOUT_SHARED(path, NVD11);
	n = jq_long(".CVE_Items | length", path);
	assert_int_equal(n, 669);
	assert_int_equal(build_one(&feed_nvd, "nvd11.db", path, &db, &err), 0);
	assert_int_equal(cvss_disagreements(), before); /* every baseScore matches its vector */
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities"), n);
	snprintf(want, sizeof(want), "%ld|0|2023-08-18T14:55:00Z", n);
	assert_row(db, want, SOURCE_ROW, NULL);
	assert_int_equal(jq_long("[.CVE_Items[].lastModifiedDate] | max | test(\"^2023-08-18T14:55Z$\") | if . then 1 else 0 end",
				 path),
			 1);
	assert_int_equal(count(db, "SELECT count(*) FROM severities WHERE type = 'CVSS_V3'"),
			 jq_long("[.CVE_Items[] | select(.impact.baseMetricV3)] | length", path));
	assert_int_equal(count(db, "SELECT count(*) FROM severities WHERE type = 'CVSS_V2'"),
			 jq_long("[.CVE_Items[] | select(.impact.baseMetricV2)] | length", path));
	assert_int_equal(count(db, "SELECT count(*) FROM severities"),
			 jq_long("[.CVE_Items[].impact | (.baseMetricV3, .baseMetricV2) | select(.)] | length", path));
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities WHERE withdrawn IS NOT NULL"),
			 jq_long("[.CVE_Items[] | select(.cve.description.description_data[0].value"
				 " | startswith(\"** REJECT **\"))] | length",
				 path));
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities WHERE description IS NULL"), 0);
	/* the feed's ratings are what the scores give */
	assert_int_equal(count(db, "SELECT count(*) FROM severities WHERE rating IS NULL OR score IS NULL"), 0);
	/* hand-checked: v3.1 and v2 */
	assert_row(db,
		   "CVE-2022-0090|An issue has been discovered affecting GitLab versions prior to 14.4.5, between 14.5.0"
		   " and 14.5.3, and between 14.6.0 and 14.6.1. GitLab is configured in a way that it doesn't ignore"
		   " replacement references with git sub-commands, allowing a malicious user to spoof the contents of"
		   " their commits in the UI.|2022-01-18T17:15:00Z|2022-01-25T14:49:00Z|NULL",
		   VULN_ROW, "CVE-2022-0090");
	assert_row(db,
		   "CVSS_V2 AV:N/AC:L/Au:N/C:N/I:P/A:N 5.0 medium;"
		   "CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N 6.5 medium",
		   SEVERITY_ROWS, "CVE-2022-0090");
	/* v3.1 only, scope changed */
	assert_row(db, "CVSS_V3 CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H 8.8 high", SEVERITY_ROWS,
		   "CVE-2022-33745");
	assert_row(db, "CVE-2022-33745|2022-07-26T13:15:00Z|2022-08-12T15:15:00Z|NULL",
		   "SELECT id, published, modified, withdrawn FROM vulnerabilities WHERE id = ?1", "CVE-2022-33745");
	/* rejected: withdrawn at its last modification, no metrics */
	assert_row(db,
		   "CVE-2022-3063|** REJECT ** DO NOT USE THIS CANDIDATE NUMBER. Reason: This CVE has been rejected as"
		   " it was incorrectly assigned. All references and descriptions in this candidate have been removed"
		   " to prevent accidental usage.|2022-08-30T10:15:00Z|2022-08-30T12:15:00Z|2022-08-30T12:15:00Z",
		   VULN_ROW, "CVE-2022-3063");
	assert_row(db, "NULL", SEVERITY_ROWS, "CVE-2022-3063");
	sqlite3_close(db);
}

static void test_shared_api_20(void **state)
{
	char path[1200], want[256];
	struct vg_err err = { 0 };
	unsigned long before = cvss_disagreements();
	sqlite3 *db;
	long n;

	(void)state;
	SKIP_WITHOUT_SHARED(path, NVD20);
	n = jq_long(".vulnerabilities | length", path);
	assert_int_equal(n, 38);
	assert_int_equal(jq_long(".totalResults", path), n);
	assert_int_equal(build_one(&feed_nvd, "nvd20.db", path, &db, &err), 0);
	assert_int_equal(cvss_disagreements(), before);
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities"), n);
	snprintf(want, sizeof(want), "%ld|0|2023-10-18T18:04:04.597Z", n);
	assert_row(db, want, SOURCE_ROW, NULL);
	assert_int_equal(count(db, "SELECT count(*) FROM severities WHERE type = 'CVSS_V3'"),
			 jq_long("[.vulnerabilities[].cve.metrics | select(.cvssMetricV31 or .cvssMetricV30)] | length",
				 path));
	assert_int_equal(count(db, "SELECT count(*) FROM severities WHERE type <> 'CVSS_V3'"),
			 jq_long("[.vulnerabilities[].cve.metrics | select(.cvssMetricV2 or .cvssMetricV40)] | length",
				 path));
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities WHERE withdrawn IS NOT NULL"),
			 jq_long("[.vulnerabilities[] | select(.cve.vulnStatus == \"Rejected\")] | length", path));
	/* NVD's own (Primary) metric rather than the CNA's Secondary one */
	assert_row(db,
		   "CVE-2023-45109|Cross-Site Request Forgery (CSRF) vulnerability in ZAKSTAN WhitePage plugin <=\xc2\xa0"
		   "1.1.5 versions.|2023-10-13T14:15:10.193Z|2023-10-18T16:05:00.017Z|NULL",
		   VULN_ROW, "CVE-2023-45109");
	assert_row(db, "CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H 8.8 high", SEVERITY_ROWS,
		   "CVE-2023-45109");
	/* only a Secondary metric: that one */
	assert_row(db,
		   "CVE-2023-30781|Unauth. Reflected Cross-Site Scripting (XSS) vulnerability in Theme Blvd Tweeple"
		   " plugin <=\xc2\xa0"
		   "0.9.5 versions.|2023-10-18T14:15:09.237Z|2023-10-18T17:41:28.250Z|NULL",
		   VULN_ROW, "CVE-2023-30781");
	assert_row(db, "CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:L 7.1 high", SEVERITY_ROWS,
		   "CVE-2023-30781");
	/* awaiting analysis, no metrics at all; the Spanish text is not taken */
	assert_row(db,
		   "CVE-2023-43250|XNSoft Nconvert 7.136 is vulnerable to Buffer Overflow. There is a User Mode Write AV"
		   " via a crafted image file. Attackers could exploit this issue for a Denial of Service (DoS) or"
		   " possibly to achieve code execution.|2023-10-18T16:15:08.790Z|2023-10-18T17:41:28.250Z|NULL",
		   VULN_ROW, "CVE-2023-43250");
	assert_row(db, "NULL", SEVERITY_ROWS, "CVE-2023-43250");
	/* descriptions keep their line breaks */
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities WHERE id = 'CVE-2023-27314'"
				   " AND description LIKE 'ONTAP 9 versions prior to 9.8P19, 9.9.1P16, 9.10.1P12, 9.11.1P8, '"
				   " || char(10) || '9.12.1P2%'"),
			 1);
	sqlite3_close(db);
}

/* ---- metric choice and record checks on made-up records ---- */

#define V31_98 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
#define V30_75 "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
#define V40_93 "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
#define V2_75 "AV:N/AC:L/Au:N/C:P/I:P/A:P"

static void test_feed_11_records(void **state)
{
	static const char doc[] =
		"{\"CVE_data_type\": \"CVE\", \"CVE_Items\": [\n"
		/* kept: the feed's 9.7 disagrees with the vector's 9.8; the feed wins */
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0001\"}, \"description\": {\"description_data\":"
		" [{\"lang\": \"fr\", \"value\": \"non\"}, {\"lang\": \"en\", \"value\": \"yes\"}]}},"
		" \"publishedDate\": \"2020-01-02T03:04Z\", \"lastModifiedDate\": \"2020-02-03T04:05:06+02:00\","
		" \"impact\": {\"baseMetricV3\": {\"cvssV3\": {\"vectorString\": \"" V31_98 "\", \"baseScore\": 9.7}}}},\n"
		/* kept: no score (computed), a v3.0 vector, no description, no dates */
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0002\"}},"
		" \"impact\": {\"baseMetricV3\": {\"cvssV3\": {\"vectorString\": \"" V30_75 "\"}},"
		" \"baseMetricV2\": {\"cvssV2\": {\"vectorString\": \"" V2_75 "\", \"baseScore\": 7.5}}}},\n"
		/* kept: empty impact */
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0003\"}}, \"impact\": {}},\n"
		/* skipped */
		"7,\n"
		"{\"cve\": {}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"GHSA-xxxx-yyyy-zzzz\"}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": 12}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0010\"}, \"description\": {\"description_data\": {}}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0011\"}, \"description\": {\"description_data\": [3]}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0012\"}}, \"publishedDate\": \"yesterday\"},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0013\"}}, \"lastModifiedDate\": 20200101},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0014\"}}, \"impact\": []},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0015\"}}, \"impact\": {\"baseMetricV3\": {}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0016\"}}, \"impact\": {\"baseMetricV3\": {\"cvssV3\":"
		" {\"vectorString\": \"CVSS:3.1/AV:N\", \"baseScore\": 5}}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0017\"}}, \"impact\": {\"baseMetricV3\": {\"cvssV3\":"
		" {\"vectorString\": \"" V2_75 "\", \"baseScore\": 7.5}}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0018\"}}, \"impact\": {\"baseMetricV3\": {\"cvssV3\":"
		" {\"vectorString\": \"" V31_98 "\", \"baseScore\": \"9.8\"}}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0019\"}}, \"impact\": {\"baseMetricV3\": {\"cvssV3\":"
		" {\"vectorString\": \"" V31_98 "\", \"baseScore\": 98}}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0020\"}}, \"impact\": {\"baseMetricV2\": {\"cvssV2\":"
		" {\"vectorString\": \"" V31_98 "\", \"baseScore\": 9.8}}}},\n"
		"{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2020-0021\"}}, \"publishedDate\": \"2020-13-01T00:00Z\"}\n"
		"]}\n";
	struct vg_err err = { 0 };
	unsigned long before = cvss_disagreements();
	sqlite3 *db;

	(void)state;
	assert_int_equal(build_one(&feed_nvd, "made11.db", scratch_file("made11.json", doc, sizeof(doc) - 1), &db, &err), 0);
	assert_int_equal(cvss_disagreements(), before + 1);
	assert_row(db, "3|16|2020-02-03T04:05:06+02:00", SOURCE_ROW, NULL);
	assert_row(db, "CVE-2020-0001|yes|2020-01-02T03:04:00Z|2020-02-03T04:05:06+02:00|NULL", VULN_ROW,
		   "CVE-2020-0001");
	assert_row(db, "CVSS_V3 " V31_98 " 9.7 critical", SEVERITY_ROWS, "CVE-2020-0001");
	assert_row(db, "CVE-2020-0002|NULL|NULL|NULL|NULL", VULN_ROW, "CVE-2020-0002");
	assert_row(db, "CVSS_V2 " V2_75 " 7.5 high;CVSS_V3 " V30_75 " 7.5 high", SEVERITY_ROWS, "CVE-2020-0002");
	assert_row(db, "NULL", SEVERITY_ROWS, "CVE-2020-0003");
	assert_int_equal(count(db, "SELECT count(*) FROM vulnerabilities"), 3);
	sqlite3_close(db);
}

static void test_api_20_records(void **state)
{
	static const char doc[] =
		"{\"resultsPerPage\": 9, \"format\": \"NVD_CVE\", \"version\": \"2.0\", \"vulnerabilities\": [\n"
		/* Primary v3.0 beats Secondary v3.1; v4.0 and v2 kept too */
		"{\"cve\": {\"id\": \"CVE-2024-0001\", \"published\": \"2024-01-02T03:04:05\","
		" \"lastModified\": \"2024-01-03T00:00:00.5\", \"descriptions\": [{\"lang\": \"en\", \"value\": \"one\"}],"
		" \"metrics\": {\"cvssMetricV40\": [{\"type\": \"Secondary\", \"cvssData\": {\"vectorString\": \"" V40_93
		"\", \"baseScore\": 9.3}}],"
		" \"cvssMetricV31\": [{\"type\": \"Secondary\", \"cvssData\": {\"vectorString\": \"" V31_98 "\", \"baseScore\": 9.8}}],"
		" \"cvssMetricV30\": [{\"type\": \"Primary\", \"cvssData\": {\"vectorString\": \"" V30_75 "\", \"baseScore\": 7.5}}],"
		" \"cvssMetricV2\": [{\"cvssData\": {\"vectorString\": \"" V2_75 "\", \"baseScore\": 7.5}}]}}},\n"
		/* both Primary: v3.1 first */
		"{\"cve\": {\"id\": \"CVE-2024-0002\", \"metrics\": {"
		" \"cvssMetricV31\": [{\"type\": \"Secondary\", \"cvssData\": {\"vectorString\": \"" V30_75 "\"}},"
		"{\"type\": \"Primary\", \"cvssData\": {\"vectorString\": \"" V31_98 "\", \"baseScore\": 9.8}}],"
		" \"cvssMetricV30\": [{\"type\": \"Primary\", \"cvssData\": {\"vectorString\": \"" V30_75 "\", \"baseScore\": 7.5}}]}}},\n"
		/* rejected */
		"{\"cve\": {\"id\": \"CVE-2024-0003\", \"vulnStatus\": \"Rejected\", \"published\": \"2024-02-01T00:00:00.000\","
		" \"lastModified\": \"2024-02-02T00:00:00.000\", \"descriptions\": [{\"value\": \"no lang\"}], \"metrics\": {}}},\n"
		/* skipped */
		"{\"cve\": {\"id\": 5}},\n"
		"{\"notcve\": {}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0010\", \"metrics\": {\"cvssMetricV31\": {}}}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0011\", \"metrics\": {\"cvssMetricV31\": [5]}}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0012\", \"metrics\": {\"cvssMetricV31\": [{\"type\": \"Primary\"}]}}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0013\", \"metrics\": {\"cvssMetricV40\": [{\"cvssData\":"
		" {\"vectorString\": \"" V31_98 "\"}}]}}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0014\", \"metrics\": {\"cvssMetricV31\": [{\"type\": 1, \"cvssData\":"
		" {\"vectorString\": \"" V31_98 "\"}}]}}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0015\", \"descriptions\": [{\"lang\": \"en\", \"value\": 5}]}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0016\", \"published\": \"2024-02-30T25:00:00\"}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0017\", \"vulnStatus\": []}},\n"
		"{\"cve\": {\"id\": \"CVE-2024-0018\", \"metrics\": []}}\n"
		"]}\n";
	struct vg_err err = { 0 };
	sqlite3 *db;

	(void)state;
	assert_true(feed_nvd.detect("x.json", doc, sizeof(doc) - 1));
	assert_int_equal(build_one(&feed_nvd, "made20.db", scratch_file("made20.json", doc, sizeof(doc) - 1), &db, &err), 0);
	assert_row(db, "3|11|2024-02-02T00:00:00.000Z", SOURCE_ROW, NULL);
	assert_row(db, "CVE-2024-0001|one|2024-01-02T03:04:05Z|2024-01-03T00:00:00.5Z|NULL", VULN_ROW, "CVE-2024-0001");
	assert_row(db,
		   "CVSS_V2 " V2_75 " 7.5 high;CVSS_V3 " V30_75 " 7.5 high;CVSS_V4 " V40_93 " 9.3 critical",
		   SEVERITY_ROWS, "CVE-2024-0001");
	assert_row(db, "CVSS_V3 " V31_98 " 9.8 critical", SEVERITY_ROWS, "CVE-2024-0002");
	assert_row(db, "CVE-2024-0003|NULL|2024-02-01T00:00:00.000Z|2024-02-02T00:00:00.000Z|2024-02-02T00:00:00.000Z",
		   VULN_ROW, "CVE-2024-0003");
	sqlite3_close(db);
}

/* ---- broken and huge files ---- */

static void test_broken_files(void **state)
{
	static const char *const docs[] = {
		"", "null", "[]", "{}", "{\"CVE_Items\": {}}", "{\"vulnerabilities\": 3}", "{\"CVE_Items\": [",
		"{\"vulnerabilities\": [{\"cve\": {\"id\": \"CVE-2024-0001\"", "{\"CVE_Items\": []} x",
	};
	static const char *const shared[] = { NVD11, NVD20 };
	char path[1200];
	struct vg_err err;
	sqlite3 *db;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(docs); i++) {
		char name[32];

		snprintf(name, sizeof(name), "broken%zu.json", i);
		memset(&err, 0, sizeof(err));
		assert_int_equal(build_one(&feed_nvd, "broken.db", scratch_file(name, docs[i], strlen(docs[i])), &db, &err), -1);
		assert_int_equal(err.code, VG_EFORMAT);
		assert_true(strlen(err.msg) > 0);
	}
	for (size_t s = 0; s < VG_ARRAY_LEN(shared); s++) {
		static char buf[200000];
		size_t n;

		SKIP_WITHOUT_SHARED(path, shared[s]);
		n = read_head(path, buf, sizeof(buf), true);
		for (size_t cut = 1; cut < n; cut = cut * 3 + 5) {
			memset(&err, 0, sizeof(err));
			assert_int_equal(build_one(&feed_nvd, "cut.db", scratch_file("cut.json", buf, cut), &db, &err), -1);
			assert_int_equal(err.code, VG_EFORMAT);
		}
	}
	memset(&err, 0, sizeof(err));
	assert_int_equal(build_one(&feed_nvd, "zeros.db", scratch_zeros("zeros.json", 17 << 20), &db, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
}

/* Huge strings and many records go through (a 4 MiB description is kept,
 * a 2000-byte vector string is malformed). */
static void test_huge(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct vg_err err = { 0 };
	sqlite3 *db;
	char *big = xmalloc((4u << 20) + 1);
	const long n = 5000;

	(void)state;
	memset(big, 'd', 4u << 20);
	big[4u << 20] = '\0';
	strbuf_addf(&sb, "{\"CVE_Items\": [{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2021-0001\"}, \"description\":"
			 " {\"description_data\": [{\"lang\": \"en\", \"value\": \"%s\"}]}}},",
		    big);
	strbuf_addstr(&sb, "{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2021-0002\"}}, \"impact\": {\"baseMetricV3\":"
			   " {\"cvssV3\": {\"vectorString\": \"" V31_98);
	for (int i = 0; i < 500; i++)
		strbuf_addstr(&sb, "/E:X");
	strbuf_addstr(&sb, "\"}}}}");
	for (long i = 0; i < n; i++)
		strbuf_addf(&sb, ",{\"cve\": {\"CVE_data_meta\": {\"ID\": \"CVE-2022-%ld\"}}, \"impact\": {\"baseMetricV3\":"
				 " {\"cvssV3\": {\"vectorString\": \"" V31_98 "\", \"baseScore\": 9.8}}}}",
			    10000 + i);
	strbuf_addstr(&sb, "]}");
	free(big);
	assert_int_equal(build_one(&feed_nvd, "huge.db", scratch_file("huge.json", sb.buf, sb.len), &db, &err), 0);
	strbuf_release(&sb);
	assert_row(db, "5001|1|NULL", SOURCE_ROW, NULL);
	assert_int_equal(count(db, "SELECT length(description) FROM vulnerabilities WHERE id = 'CVE-2021-0001'"),
			 4 << 20);
	assert_int_equal(count(db, "SELECT count(*) FROM severities WHERE score = 9.8 AND rating = 'critical'"), n);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_shared_feed_11),
		cmocka_unit_test(test_shared_api_20),
		cmocka_unit_test(test_feed_11_records),
		cmocka_unit_test(test_api_20_records),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_huge),
	};

	return cmocka_run_group_tests(tests, setup, scratch_teardown);
}
