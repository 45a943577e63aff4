/* test_feed_osv.c - the OSV feed reader: every shared OSV file is ingested into
 * a real database (dbw_*), whose rows are then read back with SQLite; hostile
 * input must be skipped per record, never crash. All files made here live in
 * a private scratch directory under $TMPDIR, removed at the end. */
#include "feedtest.h"

#include <errno.h>

/* Every shared OSV file; the samples are single records. */
static const char *const shared_osv_files[] = {
	"vulndata/almalinux/almalinux9.jsonl",
	"vulndata/almalinux/almalinux10.jsonl",
	"vulndata/osv/go.jsonl",
	"vulndata/osv/pypi.jsonl",
	"vulndata/osv/crates.io.jsonl",
	"vulndata/samples/rocky/osv-RLSA-2021_3891.json",
	"vulndata/samples/rocky/osv-RLSA-2023_3220.json",
	"vulndata/samples/rocky/osv-RLSA-2024_3671.json",
	"vulndata/samples/ubuntu/osv-UBUNTU-CVE-2016-20013.json",
	"vulndata/samples/ubuntu/osv-UBUNTU-CVE-2021-3782.json",
	"vulndata/samples/ubuntu/osv-UBUNTU-CVE-2026-1403.json",
	"vulndata/samples/ubuntu/osv-USN-5614-1.json",
	"vulndata/samples/debian/osv-DSA-3029-1.json",
	"vulndata/samples/chainguard/osv-CGA-224q-ccj5-2p53.json",
};

/* The database of all shared OSV data, built once by group_setup (NULL without ../shared). */
static sqlite3 *shared_db;

/* ---- helpers ------------------------------------------------------------ */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Ingest each file as its own source (named by its base name) into a new
 * database at db_path and commit it. rcs[i] / codes[i] (if non-NULL) get
 * what ingest returned for file i. */
static void build_db(const char *db_path, const char *const *files, size_t n, int *rcs, enum vg_errcode *codes)
{
	struct build b;

	build_open(&b, db_path);
	for (size_t i = 0; i < n; i++) {
		struct vg_err ierr = { 0 };
		int rc = build_add(&b, &feed_osv, base_name(files[i]), files[i], &ierr);

		if (rcs)
			rcs[i] = rc;
		if (codes)
			codes[i] = ierr.code;
		if (!rcs && rc != 0)
			fail_msg("ingest %s: %s", files[i], ierr.msg);
	}
	build_commit(&b);
}

/* Build a database from files and open it read-only. */
static sqlite3 *db_of(const char *name, const char *const *files, size_t n)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s.db", scratch, name);
	build_db(path, files, n, NULL, NULL);
	return open_db(path);
}

/* "namespace|package|ranges|versions|rating" of every affected row of id, sorted. */
#define AFFECTED_OF "SELECT namespace, package, status, fixed, ranges, versions, rating FROM affected" \
		    " WHERE vuln_id = %Q ORDER BY namespace, package"
#define ALIASES_OF "SELECT alias FROM aliases WHERE vuln_id = %Q ORDER BY alias"
#define SEVERITIES_OF "SELECT type, vector, score, rating FROM severities WHERE vuln_id = %Q ORDER BY type"
#define VULN_OF "SELECT summary, published, modified, withdrawn, length(description) FROM vulnerabilities WHERE id = %Q"
#define SOURCE_OF "SELECT records || ' ' || skipped FROM sources WHERE name = %Q"

/* The line of a shared .jsonl file holding record id (without its newline); caller frees. */
static char *shared_record_line(const char *rel, const char *id)
{
	char path[4200], needle[300], *data, *hit, *start, *end;
	struct vg_err err = { 0 };
	size_t len;

	assert_non_null(test_shared_path(path, sizeof(path), rel));
	assert_int_equal(read_file_capped(path, 64u << 20, &data, &len, &err), 0);
	snprintf(needle, sizeof(needle), "\"id\":\"%s\"", id);
	hit = strstr(data, needle);
	assert_non_null(hit);
	for (start = hit; start > data && start[-1] != '\n'; start--)
		;
	end = strchr(hit, '\n');
	start = xstrndup(start, end ? (size_t)(end - start) : strlen(start));
	free(data);
	return start;
}

/* ---- setup -------------------------------------------------------------- */

static int group_setup(void **state)
{
	char shared[4200], db_path[4200];
	const char *files[VG_ARRAY_LEN(shared_osv_files)];
	struct timespec t0;

	(void)state;
	if (scratch_make("vigil-test-osv") != 0)
		return -1;
	if (!test_shared_path(shared, sizeof(shared), "vulndata"))
		return 0;
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_osv_files); i++) {
		char p[4200];
		test_shared_path(p, sizeof(p), shared_osv_files[i]);
		files[i] = xstrdup(p);
	}
	scratch_path(db_path, sizeof(db_path), "shared.db");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	build_db(db_path, files, VG_ARRAY_LEN(files), NULL, NULL);
	fprintf(stderr, "# ingest of all shared OSV data (%zu files, 21 MB) into a committed database: %.2f s\n",
		VG_ARRAY_LEN(files), seconds_since(&t0));
	for (size_t i = 0; i < VG_ARRAY_LEN(files); i++)
		free((char *)files[i]);
	shared_db = open_db(db_path);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (shared_db)
		sqlite3_close(shared_db);
	scratch_remove();
	return 0;
}

#define NEED_SHARED() SKIP_WITHOUT_DB(shared_db)

/* ---- the shared feeds --------------------------------------------------- */

/* Every line of every shared file is a record; none is skipped. */
static void test_record_counts(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_query(shared_db, "1783 0", SOURCE_OF, "almalinux9.jsonl");
	assert_query(shared_db, "660 0", SOURCE_OF, "almalinux10.jsonl");
	assert_query(shared_db, "4291 0", SOURCE_OF, "go.jsonl");
	assert_query(shared_db, "2661 0", SOURCE_OF, "pypi.jsonl");
	assert_query(shared_db, "1206 0", SOURCE_OF, "crates.io.jsonl");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM sources WHERE name LIKE 'osv-%%'"), 9);
	assert_int_equal(query_int(shared_db, "SELECT sum(records) FROM sources WHERE name LIKE 'osv-%%'"), 9);
	/* 9 AlmaLinux advisories are in both almalinux9 and almalinux10 (with the same content) */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities"), 1783 + 660 + 4291 + 2661 + 1206 + 9 - 9);
	/* newest = greatest `modified`; Go's repository copy has placeholder timestamps */
	assert_query(shared_db, "2024-10-10T17:22:00.587279Z", "SELECT newest FROM sources WHERE name = 'pypi.jsonl'");
	assert_query(shared_db, "0001-01-01T00:00:00Z", "SELECT newest FROM sources WHERE name = 'go.jsonl'");
	/* all rows are OSV ranges: no `fixed` column, ranges always set */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE status <> 'ranges' OR fixed IS NOT NULL"
				   " OR ranges IS NULL"), 0);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM severities WHERE score IS NOT NULL"), 0);
}

static void test_almalinux(void **state)
{
	(void)state;
	NEED_SHARED();
	/* Critical: -> critical; the CVEs of `related` become aliases */
	assert_query(shared_db,
		     "almalinux:9|grafana|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"9.0.9-3.el9_2.alma\"}]}]|NULL|critical",
		     AFFECTED_OF, "ALSA-2023:4030");
	assert_query(shared_db, "CVE-2023-3128", ALIASES_OF, "ALSA-2023:4030");
	assert_query(shared_db, "rating|NULL|NULL|critical", SEVERITIES_OF, "ALSA-2023:4030");
	assert_query(shared_db, "Critical: grafana security update|2023-07-12T00:00:00Z|2023-07-12T14:06:18Z|NULL|399",
		     VULN_OF, "ALSA-2023:4030");
	/* Low: -> low, on every package */
	assert_query(shared_db,
		     "almalinux:9|guestfs-tools|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.48.2-5.el9\"}]}]|NULL|low\n"
		     "almalinux:9|virt-win-reg|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.48.2-5.el9\"}]}]|NULL|low",
		     AFFECTED_OF, "ALSA-2022:7959");
	assert_query(shared_db, "CVE-2022-2211", ALIASES_OF, "ALSA-2022:7959");
	/* a bug-fix erratum ("None: kernel bug fix ...") fixes no vulnerability:
	 * stored as a record, but no affected rows, no rating, no aliases */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE vuln_id = 'ALBA-2026:39332'"), 0);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities WHERE id = 'ALBA-2026:39332'"), 1);
	assert_query(shared_db, "", SEVERITIES_OF, "ALBA-2026:39332");
	assert_query(shared_db, "", ALIASES_OF, "ALBA-2026:39332");
	/* an almalinux9 record also listing AlmaLinux:8 packages */
	assert_query(shared_db, "almalinux:8|20\nalmalinux:9|17",
		     "SELECT namespace, count(*) FROM affected WHERE vuln_id = 'ALSA-2024:0265' GROUP BY 1 ORDER BY 1");
	/* every affected entry of the AlmaLinux files became a row, except the 82
	 * entries of bug-fix/enhancement errata (ALBA-, ALEA-; counted with jq) */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE source LIKE 'almalinux%%'"),
			 24012 + 6479 - 82);
}

static void test_go(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_query(shared_db,
		     "go|github.com/gin-gonic/gin|ranges|NULL|[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.6.0\"}]}]|NULL|NULL",
		     AFFECTED_OF, "GO-2020-0001");
	assert_query(shared_db, "CVE-2020-36567\nGHSA-6vm3-jj99-7229", ALIASES_OF, "GO-2020-0001");
	/* the Go standard library and toolchain keep their pseudo-module names */
	assert_query(shared_db,
		     "go|stdlib|ranges|NULL|[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.14.0-0\"},"
		     "{\"fixed\":\"1.14.12\"},{\"introduced\":\"1.15.0-0\"},{\"fixed\":\"1.15.5\"}]}]|NULL|NULL",
		     AFFECTED_OF, "GO-2021-0069");
	assert_query(shared_db,
		     "go|toolchain|ranges|NULL|[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.8.4\"},{\"introduced\":\"1.9.0-0\"},{\"fixed\":\"1.9.1\"}]}]|NULL|NULL",
		     AFFECTED_OF, "GO-2022-0177");
	/* `related` of a Go record is not an alias */
	assert_query(shared_db, "CVE-2020-15216\nGHSA-q547-gmf8-8jr7", ALIASES_OF, "GO-2020-0050");
	/* Go publishes no severity */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM severities WHERE vuln_id LIKE 'GO-%%'"), 0);
	/* 6125 entries; withdrawn records give none (19), and 20 repeat a module already listed by
	 * their record (Go lists a module once per vulnerable package) */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE namespace = 'go'"), 6125 - 19 - 20);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE vuln_id = 'GO-2025-4252'"), 2);
}

static void test_pypi(void **state)
{
	(void)state;
	NEED_SHARED();
	/* the GIT range is dropped, versions kept */
	assert_query(shared_db,
		     "pypi|accesscontrol|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"4.0\"},"
		     "{\"fixed\":\"4.3\"},{\"introduced\":\"5.0\"},{\"fixed\":\"5.2\"}]}]|"
		     "[\"4.0\",\"4.1\",\"4.2\",\"5.0\",\"5.1\"]|NULL",
		     AFFECTED_OF, "PYSEC-2021-335");
	assert_query(shared_db, "CVE-2021-32807\nGHSA-qcx9-j53g-ccgf", ALIASES_OF, "PYSEC-2021-335");
	/* PEP 503: "jw.util" -> "jw-util" */
	assert_query(shared_db, "jw-util", "SELECT package FROM affected WHERE vuln_id = 'PYSEC-2020-341'");
	/* last_affected is kept as it is */
	assert_query(shared_db, "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"last_affected\":\"1.11.0\"}]}]",
		     "SELECT ranges FROM affected WHERE vuln_id = 'PYSEC-2022-42969'");
	/* only a GIT range: versions decide alone; with no versions either there is no row */
	assert_query(shared_db, "pypi|gratient|ranges|NULL|[]|[\"0.5\"]|NULL", AFFECTED_OF, "PYSEC-2024-1");
	assert_query(shared_db, "", AFFECTED_OF, "PYSEC-2022-15");
	/* CVSS vectors are stored unscored */
	assert_query(shared_db, "CVSS_V3|CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N|NULL|NULL", SEVERITIES_OF,
		     "PYSEC-2017-105");
	/* 202 records have CVSS vectors; 3 of them are withdrawn */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM severities WHERE vuln_id LIKE 'PYSEC-%%'"), 199);
}

static void test_crates(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_query(shared_db,
		     "crates.io|openssl|ranges|NULL|[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0.0.0-0\"},"
		     "{\"fixed\":\"0.9.0\"}]}]|NULL|NULL",
		     AFFECTED_OF, "RUSTSEC-2016-0001");
	assert_query(shared_db, "CVSS_V3|CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H|NULL|NULL", SEVERITIES_OF,
		     "RUSTSEC-2016-0001");
	assert_query(shared_db, "CVSS_V4|CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N|NULL|NULL",
		     SEVERITIES_OF, "RUSTSEC-2024-0445");
	assert_query(shared_db, "crates.io|cap-primitives", "SELECT namespace, package FROM affected WHERE vuln_id = %Q",
		     "RUSTSEC-2024-0445");
	/* `related` (another RUSTSEC id) is not an alias */
	assert_query(shared_db, "CVE-2016-10932\nGHSA-9xjr-m6f3-v5wm", ALIASES_OF, "RUSTSEC-2016-0002");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM severities WHERE vuln_id LIKE 'RUSTSEC-%%'"), 360 + 57);
}

/* Withdrawn: the vulnerability row (with withdrawn set) and its aliases, no affected rows or severities. */
static void test_withdrawn_records(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities WHERE withdrawn IS NOT NULL"),
			 17 + 10 + 13);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected JOIN vulnerabilities v ON v.id = vuln_id"
				   " WHERE v.withdrawn IS NOT NULL"), 0);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM severities JOIN vulnerabilities v ON v.id = vuln_id"
				   " WHERE v.withdrawn IS NOT NULL"), 0);
	assert_query(shared_db,
		     "WITHDRAWN: Potential proxy IP restriction bypass in Kubernetes in k8s.io/kubernetes|"
		     "0001-01-01T00:00:00Z|0001-01-01T00:00:00Z|2024-08-21T16:25:56Z|169",
		     VULN_OF, "GO-2022-0617");
	assert_query(shared_db, "CVE-2020-8562\nGHSA-qh36-44jv-c8xj", ALIASES_OF, "GO-2022-0617");
	assert_query(shared_db, "NULL|2022-06-23T17:15:00Z|2024-02-16T13:47:54.655573Z|2023-11-08T00:54:24Z|315",
		     VULN_OF, "PYSEC-2022-43059");
	assert_query(shared_db, "", AFFECTED_OF, "RUSTSEC-2019-0031");
	assert_query(shared_db, "2020-10-08T12:00:00Z", "SELECT withdrawn FROM vulnerabilities WHERE id = %Q",
		     "RUSTSEC-2019-0031");
}

static void test_samples(void **state)
{
	(void)state;
	NEED_SHARED();
	/* Rocky: "Important:" -> high, the CVEs of `related` are aliases */
	assert_query(shared_db,
		     "rocky:8|firefox|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"0:102.11.0-2.el8_7\"}]}]|NULL|high",
		     AFFECTED_OF, "RLSA-2023:3220");
	assert_query(shared_db, "CVE-2023-32205\nCVE-2023-32206\nCVE-2023-32207\nCVE-2023-32211\nCVE-2023-32212\n"
		     "CVE-2023-32213\nCVE-2023-32215", ALIASES_OF, "RLSA-2023:3220");
	assert_query(shared_db, "rating|NULL|NULL|high", SEVERITIES_OF, "RLSA-2023:3220");
	assert_query(shared_db, "rocky:8\nrocky:8\nrocky:9\nrocky:9\nrocky:9",
		     "SELECT namespace FROM affected WHERE source LIKE 'osv-RLSA-%%' ORDER BY source, package");
	/* Ubuntu: {type: Ubuntu} gives the rating; no fix yet: introduced 0 only, with versions */
	assert_query(shared_db,
		     "ubuntu:16.04|gitlab|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]|"
		     "[\"8.4.3+dfsg-9\",\"8.4.3+dfsg-12\",\"8.5.8+dfsg-5\"]|medium",
		     AFFECTED_OF, "UBUNTU-CVE-2026-1403");
	assert_query(shared_db, "CVE-2026-1403", ALIASES_OF, "UBUNTU-CVE-2026-1403"); /* from `upstream` */
	assert_query(shared_db, "rating|NULL|NULL|medium", SEVERITIES_OF, "UBUNTU-CVE-2026-1403");
	/* Ubuntu Pro gets its own namespace (here the only one naming glibc for 16.04-20.04) */
	assert_query(shared_db,
		     "ubuntu-pro:14.04|eglibc,zabbix\nubuntu-pro:16.04|glibc,zabbix\nubuntu-pro:18.04|glibc,zabbix\n"
		     "ubuntu-pro:20.04|glibc,zabbix\nubuntu:14.04|syslinux\nubuntu:16.04|dietlibc,sssd,syslinux,syslinux-legacy\n"
		     "ubuntu:18.04|dietlibc,sssd,syslinux,syslinux-legacy\nubuntu:20.04|dietlibc,sssd,syslinux,syslinux-legacy\n"
		     "ubuntu:22.04|dietlibc,glibc,sssd,syslinux,zabbix\nubuntu:24.04|dietlibc,glibc,sssd,syslinux",
		     "SELECT namespace, group_concat(package) FROM (SELECT namespace, package FROM affected WHERE vuln_id = %Q"
		     " ORDER BY 1, 2) GROUP BY 1 ORDER BY 1", "UBUNTU-CVE-2016-20013");
	assert_query(shared_db, "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]",
		     "SELECT ranges FROM affected WHERE vuln_id = %Q AND namespace = 'ubuntu-pro:16.04' AND package = 'glibc'",
		     "UBUNTU-CVE-2016-20013");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE vuln_id = 'UBUNTU-CVE-2016-20013'"
				   " AND rating = 'negligible'"), 30);
	assert_query(shared_db,
		     "CVSS_V3|CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H|NULL|NULL\nrating|NULL|NULL|negligible",
		     SEVERITIES_OF, "UBUNTU-CVE-2016-20013");
	/* a USN: three releases, fixed versions, no severity of its own */
	assert_query(shared_db,
		     "ubuntu:18.04|wayland|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.16.0-1ubuntu1.1~18.04.4\"}]}]|[\"1.14.0-1\",\"1.14.0-2\",\"1.16.0-1ubuntu1.1~18.04.1\","
		     "\"1.16.0-1ubuntu1.1~18.04.3\"]|NULL\n"
		     "ubuntu:20.04|wayland|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.18.0-1ubuntu0.1\"}]}]|[\"1.17.0-1\",\"1.17.0-1build1\",\"1.17.0-1build2\",\"1.18.0-1\"]|NULL\n"
		     "ubuntu:22.04|wayland|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.20.0-1ubuntu0.1\"}]}]|[\"1.19.0-2build1\",\"1.20.0-1\"]|NULL",
		     AFFECTED_OF, "USN-5614-1");
	assert_query(shared_db, "UBUNTU-CVE-2021-3782", ALIASES_OF, "USN-5614-1");
	assert_query(shared_db, "", SEVERITIES_OF, "USN-5614-1");
	/* Debian */
	assert_query(shared_db,
		     "debian:7|nginx|ranges|NULL|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		     "{\"fixed\":\"1.2.1-2.2+wheezy3\"}]}]|NULL|NULL",
		     AFFECTED_OF, "DSA-3029-1");
	assert_query(shared_db, "CVE-2014-3616", ALIASES_OF, "DSA-3029-1");
	/* Chainguard and Wolfi in one record; no rating word; range database_specific is not kept */
	assert_query(shared_db,
		     "chainguard:rolling|haproxy-2.2|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.2.34-r0\"}]}]|NULL\n"
		     "chainguard:rolling|haproxy-2.8|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.8.18-r0\"}]}]|NULL\n"
		     "wolfi:rolling|haproxy-3.0|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.10-r0\"}]}]|NULL\n"
		     "wolfi:rolling|haproxy-3.1|[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.1.7-r0\"}]}]|NULL",
		     "SELECT namespace, package, ranges, rating FROM affected WHERE vuln_id = %Q ORDER BY namespace, package",
		     "CGA-224q-ccj5-2p53");
	assert_query(shared_db, "CVE-2025-32464\nGHSA-frg5-h47x-75j9", ALIASES_OF, "CGA-224q-ccj5-2p53");
	assert_query(shared_db, "CVSS_V3|CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N|NULL|NULL", SEVERITIES_OF,
		     "CGA-224q-ccj5-2p53");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE ranges LIKE '%%yum_repository%%'"), 0);
}

/* ---- detection ---------------------------------------------------------- */

static bool detect_text(const char *path, const char *head)
{
	return feed_osv.detect(path, head, strlen(head));
}

static void test_detect_shared_files(void **state)
{
	static const char *const others[] = {
		"vulndata/severity/cisa-kev.json", "vulndata/severity/nvd-api-2.0-sample.json",
		"vulndata/severity/nvd-feed-1.1-sample.json", "vulndata/wolfi/wolfi-advisories.jsonl",
		"vulndata/rubysec/ruby-advisory-db.jsonl", "vulndata/npm/nodejs-security-wg-npm.jsonl",
		"vulndata/alpine/secdb-legacy-json/v3.11/main.json", "vulndata/debian/tracker-derived.json",
		"vulndata/samples/debian/tracker-json-excerpt.json", "vulndata/samples/rhel/csaf-rhsa-2024_6163.json",
		"vulndata/samples/wolfi/secdb-security-excerpt.json", "schemas/osv/schema.json",
	};
	char p[4200];

	(void)state;
	NEED_SHARED();
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_osv_files); i++) {
		test_shared_path(p, sizeof(p), shared_osv_files[i]);
		if (!detect_path(&feed_osv, p, true))
			fail_msg("not detected: %s", p);
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(others); i++) {
		test_shared_path(p, sizeof(p), others[i]);
		if (detect_path(&feed_osv, p, true))
			fail_msg("wrongly detected: %s", p);
	}
}

static void test_detect_heads(void **state)
{
	char head[4096];

	(void)state;
	assert_true(detect_text("a.json", "{\"id\":\"GO-1\",\"modified\":\"x\"}"));
	assert_true(detect_text("a.jsonl", "{\"id\": \"GO-1\", \"affected\": []}\n{\"id\":2}"));
	assert_true(detect_text("a.json", "\xef\xbb\xbf  {\n  \"schema_version\": \"1.6.0\",\n  \"id\": \"X-1\"\n}"));
	/* a head cut inside a long details text, before any other OSV key */
	memset(head, 'a', sizeof(head));
	memcpy(head, "{\"id\":\"PYSEC-1\",\"details\":\"", 27);
	assert_true(feed_osv.detect("x.jsonl", head, sizeof(head)));
	assert_false(detect_text("a.json", "{\"id\":1,\"modified\":\"x\"}"));                /* npm legacy */
	assert_false(detect_text("a.json", "{\"cve\":{\"id\":\"CVE-1\",\"published\":\"x\"}}")); /* nested id */
	assert_false(detect_text("a.json", "{\"vulnerabilities\":[{\"id\":\"x\",\"modified\":\"y\"}]}"));
	assert_false(detect_text("a.json", "[{\"id\":\"x\",\"modified\":\"y\"}]"));
	assert_false(detect_text("a.json", "{\"id\":\"x\",\"title\":\"y\"}"));
	assert_false(detect_text("a.json", "{\"note\":\"\\\"id\\\": \\\"x\\\", \\\"modified\\\": 1\"}"));
	assert_false(detect_text("a.jsonl", "{\"x\":1}\n{\"id\":\"GO-1\",\"modified\":\"x\"}"));
	assert_false(detect_text("a.txt", "{\"id\":\"GO-1\",\"modified\":\"x\"}"));
	assert_false(detect_text("a.json", ""));
	assert_false(detect_text("a.json", "{\"id\":\"GO-1\",\"mod"));
	assert_false(detect_text("a.zip", "PK\3\4"));
	assert_false(detect_text("a.zip", "{\"id\":\"GO-1\",\"modified\":\"x\"}"));
	assert_false(feed_osv.detect("a.zip", "PK\3\4\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\11\0\0\0README.md",
				     39));
	assert_true(feed_osv.detect("a.zip", "PK\3\4\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\11\0\0\0GO-1.json",
				    39));
}

/* ---- zip ---------------------------------------------------------------- */

/* Make zip_path from the files of dir (zip, else python3's zipfile); false if neither works. */
static bool make_zip(const char *dir, const char *zip_path)
{
	char cmd[10000];

	snprintf(cmd, sizeof(cmd), "cd '%s' && zip -q -X -r '%s' . >/dev/null 2>&1", dir, zip_path);
	if (system(cmd) == 0)
		return true;
	snprintf(cmd, sizeof(cmd), "cd '%s' && python3 -c 'import sys, zipfile, os\n"
		 "with zipfile.ZipFile(sys.argv[1], \"w\", zipfile.ZIP_DEFLATED) as z:\n"
		 "    [z.write(os.path.join(r, f)) for r, _, fs in os.walk(\".\") for f in sorted(fs)]' '%s'"
		 " >/dev/null 2>&1", dir, zip_path);
	return system(cmd) == 0;
}

/* Every row of every table but the source columns, in a fixed order. */
static char *dump_rows(sqlite3 *db)
{
	static const char *const sql[] = {
		"SELECT id, summary, description, published, modified, withdrawn FROM vulnerabilities ORDER BY id",
		"SELECT vuln_id, alias FROM aliases ORDER BY 1, 2",
		"SELECT vuln_id, type, vector, score, rating FROM severities ORDER BY 1, 2",
		"SELECT namespace, package, vuln_id, status, fixed, ranges, versions, rating FROM affected"
		" ORDER BY 1, 2, 3, 6, 7",
	};
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < VG_ARRAY_LEN(sql); i++) {
		char *part = query(db, "%s", sql[i]);
		strbuf_addf(&out, "== %zu\n%s\n", i, part);
		free(part);
	}
	return strbuf_detach(&out, NULL);
}

static void test_zip_gives_the_rows_of_the_loose_files(void **state)
{
	static const struct { const char *rel, *id; } picks[] = {
		{ "vulndata/osv/go.jsonl", "GO-2020-0001" },       { "vulndata/osv/go.jsonl", "GO-2021-0069" },
		{ "vulndata/osv/go.jsonl", "GO-2022-0617" },       { "vulndata/osv/pypi.jsonl", "PYSEC-2021-335" },
		{ "vulndata/osv/pypi.jsonl", "PYSEC-2020-341" },   { "vulndata/osv/crates.io.jsonl", "RUSTSEC-2024-0445" },
		{ "vulndata/almalinux/almalinux9.jsonl", "ALSA-2023:4030" },
		{ "vulndata/almalinux/almalinux9.jsonl", "ALSA-2024:0265" },
	};
	static const char *const samples[] = {
		"vulndata/samples/rocky/osv-RLSA-2023_3220.json", "vulndata/samples/ubuntu/osv-USN-5614-1.json",
		"vulndata/samples/chainguard/osv-CGA-224q-ccj5-2p53.json",
	};
	const char *loose[VG_ARRAY_LEN(picks) + VG_ARRAY_LEN(samples)];
	char dir[2048], zip_path[4200], jsonl_path[4200], p[4200];
	struct strbuf jsonl = STRBUF_INIT;
	size_t n = 0;
	sqlite3 *from_zip, *from_loose, *from_jsonl;
	char *a, *b, *c;

	(void)state;
	NEED_SHARED();
	scratch_path(dir, sizeof(dir), "zipsrc");
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(p, sizeof(p), "%s/sub", dir);
	assert_int_equal(mkdir(p, 0700), 0); /* a directory member: ignored */
	snprintf(p, sizeof(p), "%s/README.md", dir);
	write_file(p, "not a record\n", 13); /* not *.json: ignored */
	for (size_t i = 0; i < VG_ARRAY_LEN(picks); i++) {
		char *line = shared_record_line(picks[i].rel, picks[i].id), *name = xstrdup(picks[i].id);
		for (char *s = name; *s; s++)
			if (*s == ':')
				*s = '_';
		snprintf(p, sizeof(p), "%s/%s%s.json", dir, i % 2 ? "sub/" : "", name);
		write_file(p, line, strlen(line));
		strbuf_addf(&jsonl, "%s\n", line);
		loose[n++] = xstrdup(p);
		free(line);
		free(name);
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(samples); i++) {
		char *data;
		size_t len;
		struct vg_err err = { 0 };

		test_shared_path(p, sizeof(p), samples[i]);
		assert_int_equal(read_file_capped(p, 1 << 20, &data, &len, &err), 0);
		snprintf(p, sizeof(p), "%s/%s", dir, base_name(samples[i]));
		write_file(p, data, len);
		loose[n++] = xstrdup(p);
		free(data);
	}
	scratch_path(zip_path, sizeof(zip_path), "records.zip");
	if (!make_zip(dir, zip_path)) {
		fprintf(stderr, "# skip: neither zip nor python3 could make a zip\n");
		skip();
	}
	from_zip = db_of("zip", (const char *[]){ zip_path }, 1);
	from_loose = db_of("loose", loose, n);
	scratch_path(jsonl_path, sizeof(jsonl_path), "picks.jsonl");
	write_file(jsonl_path, jsonl.buf, jsonl.len);
	strbuf_release(&jsonl);
	from_jsonl = db_of("picks", (const char *[]){ jsonl_path }, 1);
	assert_query(from_zip, "11 0", SOURCE_OF, "records.zip");
	assert_query(from_jsonl, "8 0", SOURCE_OF, "picks.jsonl");
	a = dump_rows(from_zip);
	b = dump_rows(from_loose);
	c = dump_rows(from_jsonl);
	assert_string_equal(a, b);
	assert_true(strstr(a, "ubuntu:22.04|wayland|USN-5614-1") != NULL);
	/* the jsonl holds only the picks: its rows are a part of the zip's */
	assert_true(strstr(c, "GO-2021-0069") && !strstr(c, "USN-5614-1"));
	assert_int_equal(query_int(from_zip, "SELECT count(*) FROM affected"),
			 query_int(from_jsonl, "SELECT count(*) FROM affected") + 1 + 3 + 4);
	free(a);
	free(b);
	free(c);
	sqlite3_close(from_zip);
	sqlite3_close(from_loose);
	sqlite3_close(from_jsonl);
	for (size_t i = 0; i < n; i++)
		free((char *)loose[i]);
}

/* A real all.zip's first member is a record: detected. Members over the cap are skipped. */
static void test_zip_limits_and_damage(void **state)
{
	char dir[2048], p[4200], zip_path[4200], cut_path[4200], *big, *data;
	const char *rec = "{\"id\":\"GO-9999-0001\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
			  "{\"ecosystem\":\"Go\",\"name\":\"example.com/m\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":"
			  "[{\"introduced\":\"0\"},{\"fixed\":\"1.0.0\"}]}]}]}";
	size_t big_len = FEED_MAX_RECORD + 1000, len;
	struct vg_err err = { 0 };
	enum vg_errcode code;
	sqlite3 *db;
	int rc;

	(void)state;
	scratch_path(dir, sizeof(dir), "zipbig");
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(p, sizeof(p), "%s/A-1.json", dir);
	write_file(p, rec, strlen(rec));
	snprintf(p, sizeof(p), "%s/B-big.json", dir);
	big = xmalloc(big_len);
	memset(big, ' ', big_len);
	write_file(p, big, big_len);
	free(big);
	snprintf(p, sizeof(p), "%s/C-bad.json", dir);
	write_file(p, "{\"id\": 7}", 9);
	scratch_path(zip_path, sizeof(zip_path), "big.zip");
	if (!make_zip(dir, zip_path)) {
		fprintf(stderr, "# skip: neither zip nor python3 could make a zip\n");
		skip();
	}
	assert_true(detect_path(&feed_osv, zip_path, true));
	db = db_of("bigzip", (const char *[]){ zip_path }, 1);
	assert_query(db, "1 2", SOURCE_OF, "big.zip");
	assert_query(db, "go|example.com/m", "SELECT namespace, package FROM affected");
	sqlite3_close(db);

	/* cut short: whatever was read stays, the file as a whole is an error */
	assert_int_equal(read_file_capped(zip_path, 64u << 20, &data, &len, &err), 0);
	scratch_path(cut_path, sizeof(cut_path), "cut.zip");
	write_file(cut_path, data, len / 2);
	free(data);
	scratch_path(p, sizeof(p), "cut.db");
	build_db(p, (const char *[]){ cut_path }, 1, &rc, &code);
	assert_int_equal(rc, -1);
	assert_int_equal(code, VG_EFORMAT);
}

/* ---- hostile input ------------------------------------------------------ */

static void add_deep_nesting(struct strbuf *sb, int depth)
{
	strbuf_addstr(sb, "{\"id\":\"TEST-9\",\"x\":");
	for (int i = 0; i < depth; i++)
		strbuf_addch(sb, '[');
	for (int i = 0; i < depth; i++)
		strbuf_addch(sb, ']');
	strbuf_addstr(sb, "}\n");
}

static void test_hostile_json_lines(void **state)
{
	char path[4200], db_path[4200], *padding;
	struct strbuf sb = STRBUF_INIT;
	size_t pad_len = 20u << 20;
	sqlite3 *db;

	(void)state;
	/* 1: valid, PEP 503 name */
	strbuf_addstr(&sb, "{\"id\":\"TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
			   "{\"ecosystem\":\"PyPI\",\"name\":\"Foo__Bar.-baz\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
			   "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0\"}]}]}]}\n");
	strbuf_addstr(&sb, "{\"id\":\"TEST-2\",\"affected\":[{\"package\":\n");                  /* 2: truncated */
	strbuf_addstr(&sb, "{\"id\":\"TEST-3\",\"affected\":5}\n");                              /* 3 */
	strbuf_addstr(&sb, "{\"id\":\"TEST-4\",\"affected\":[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"x\"},"
			   "\"ranges\":[{\"type\":\"SEMVER\",\"events\":\"x\"}]}]}\n");            /* 4 */
	strbuf_addstr(&sb, "{\"id\":5,\"modified\":\"x\"}\n");                                   /* 5 */
	strbuf_addstr(&sb, "{\"id\":\"\",\"modified\":\"x\"}\n");                                /* 6 */
	strbuf_addf(&sb, "{\"id\":\"%0300d\"}\n", 7);                                            /* 7: 300 bytes */
	strbuf_addstr(&sb, "{\"id\":\"TEST-8\",\"summary\":\"\xff\xfe\xc3\"}\n");                /* 8: not UTF-8 */
	add_deep_nesting(&sb, 10000);                                                            /* 9 */
	/* 10: an unknown ecosystem drops that entry only */
	strbuf_addstr(&sb, "{\"id\":\"TEST-10\",\"affected\":[{\"package\":{\"ecosystem\":\"Hackage\",\"name\":\"x\"},"
			   "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]},"
			   "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[{\"type\":\"SEMVER\","
			   "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.3.0\"}]}]}]}\n");
	strbuf_addstr(&sb, "   \r\n");                                                          /* 11: blank */
	strbuf_addstr(&sb, "{\"id\":\"TEST-12\",\"details\":\"");                                /* 12: 20 MB */
	padding = xmalloc(pad_len);
	memset(padding, 'x', pad_len);
	strbuf_add(&sb, padding, pad_len);
	free(padding);
	strbuf_addstr(&sb, "\"}\n");
	strbuf_addstr(&sb, "{\"id\":\"TEST-13\",\"affected\":[{\"package\":{\"ecosystem\":\"Alpine:v3.20\",\"name\":"
			   "\"musl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
			   "{\"fixed\":\"1.2.5-r1\"}]}]}]}\n");                                    /* 13 */
	strbuf_addstr(&sb, "[1,2]\n");                                                           /* 14 */
	strbuf_addstr(&sb, "{\"id\":\"TEST-15\",\"affected\":[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"x\"},"
			   "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}]}\n");
	strbuf_addstr(&sb, "{\"id\":\"TEST-16\",\"aliases\":\"CVE-2024-1\"}\n");                 /* 16 */
	strbuf_addstr(&sb, "{\"id\":\"TEST-17\",\"summary\":\"a\\u0000b\"}\n");                  /* 17: NUL */
	strbuf_addstr(&sb, "{\"id\":\"TEST 18\"}\n");                                            /* 18: blank in id */
	strbuf_addstr(&sb, "{\"id\":\"TEST-19\"} x\n");                                          /* 19: trailing junk */
	strbuf_addstr(&sb, "{\"id\":\"TEST-20\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":7.5}]}\n");
	strbuf_addstr(&sb, "{\"id\":\"TEST-21\",\"affected\":[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"x\"},"
			   "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"fixed\":\"1\"}]}]}]}\n"); /* 21: no introduced */
	strbuf_addstr(&sb, "{\"id\":\"TEST-22\",\"affected\":[{\"package\":{\"ecosystem\":\"Go\"}}]}\n");
	strbuf_add(&sb, "{\"id\":\"TEST-23\",\"summary\":\"a\0b\"}\n", 33);                       /* 23: raw NUL */
	/* 24: withdrawn, last line without a newline */
	strbuf_addstr(&sb, "{\"id\":\"TEST-24\",\"withdrawn\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2024-0001\"],"
			   "\"affected\":[{\"package\":{\"ecosystem\":\"Go\",\"name\":\"x\"},\"ranges\":[{\"type\":"
			   "\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}");
	scratch_path(path, sizeof(path), "hostile.jsonl");
	write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);

	scratch_path(db_path, sizeof(db_path), "hostile.db");
	build_db(db_path, (const char *[]){ path }, 1, NULL, NULL);
	db = open_db(db_path);
	/* 4 records; 19 malformed lines (the unknown ecosystem is a notice, not a skip) */
	assert_query(db, "4 19", SOURCE_OF, "hostile.jsonl");
	assert_query(db, "TEST-1\nTEST-10\nTEST-13\nTEST-24",
		     "SELECT id FROM vulnerabilities ORDER BY id");
	assert_query(db, "alpine:3.20|musl|TEST-13\nnpm|left-pad|TEST-10\npypi|foo-bar-baz|TEST-1",
		     "SELECT namespace, package, vuln_id FROM affected ORDER BY 1");
	assert_query(db, "TEST-24|CVE-2024-0001", "SELECT * FROM aliases");
	sqlite3_close(db);
}

/* 10,000 nested arrays in one record: jansson's depth limit stops it, the record is skipped. */
static void test_deep_nesting_is_skipped(void **state)
{
	char path[4200], db_path[4200];
	struct strbuf sb = STRBUF_INIT;
	sqlite3 *db;

	(void)state;
	add_deep_nesting(&sb, 10000);
	add_deep_nesting(&sb, 100); /* within the limit: a record (with an unknown key) */
	scratch_path(path, sizeof(path), "deep.jsonl");
	write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
	scratch_path(db_path, sizeof(db_path), "deep.db");
	build_db(db_path, (const char *[]){ path }, 1, NULL, NULL);
	db = open_db(db_path);
	assert_query(db, "1 1", SOURCE_OF, "deep.jsonl");
	sqlite3_close(db);
}

static void test_every_namespace(void **state)
{
	static const char *const ecosystems[] = {
		"Debian:12", "AlmaLinux:9", "Rocky Linux:9", "Ubuntu:22.04:LTS", "Ubuntu:Pro:16.04:LTS", "Ubuntu:24.10",
		"Alpine:v3.20", "Wolfi", "Chainguard", "Go", "PyPI", "crates.io", "npm", "RubyGems", "Maven",
		"Maven:https://maven.google.com/", "Packagist", "NuGet",
		/* not matched: */
		"Debian", "Alpine:3.20", "Ubuntu:Pro:FIPS:20.04:LTS", "Ubuntu:22.04:ESM", "Red Hat:enterprise_linux:9",
		"Hackage", "debian:12", "Wolfi:x", "AlmaLinux:9 ", "",
	};
	char path[4200], db_path[4200];
	struct strbuf sb = STRBUF_INIT;
	sqlite3 *db;

	(void)state;
	strbuf_addstr(&sb, "{\"id\":\"NS-1\",\"summary\":\"Important: not an erratum, so no rating\",\"affected\":[");
	for (size_t i = 0; i < VG_ARRAY_LEN(ecosystems); i++)
		strbuf_addf(&sb, "%s{\"package\":{\"ecosystem\":\"%s\",\"name\":\"P%zu\"},\"versions\":[\"1\"]}",
			    i ? "," : "", ecosystems[i], i);
	strbuf_addstr(&sb, "]}");
	scratch_path(path, sizeof(path), "NS-1.json");
	write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
	scratch_path(db_path, sizeof(db_path), "ns.db");
	build_db(db_path, (const char *[]){ path }, 1, NULL, NULL);
	db = open_db(db_path);
	assert_query(db, "1 0", SOURCE_OF, "NS-1.json"); /* unmatched ecosystems: a notice, no skip */
	assert_query(db,
		     "debian:12|P0\nalmalinux:9|P1\nrocky:9|P2\nubuntu:22.04|P3\nubuntu-pro:16.04|P4\nubuntu:24.10|P5\n"
		     "alpine:3.20|P6\nwolfi:rolling|P7\nchainguard:rolling|P8\ngo|P9\npypi|p10\ncrates.io|P11\nnpm|P12\n"
		     "rubygems|P13\nmaven|P14\nmaven|P15\npackagist|P16\nnuget|P17",
		     "SELECT namespace, package FROM affected ORDER BY rowid");
	assert_int_equal(query_int(db, "SELECT count(*) FROM affected WHERE ranges = '[]' AND versions = '[\"1\"]'"
				   " AND rating IS NULL"), 18);
	assert_query(db, "", "SELECT * FROM severities");
	sqlite3_close(db);
}

/* GHSA's database_specific.severity, affected-level severity, one row per CVSS type. */
static void test_other_severity_places(void **state)
{
	char path[4200], db_path[4200];
	const char *text =
		"{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"database_specific\":{\"severity\":\"MODERATE\"},"
		"\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N\"},"
		"{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N\"},"
		"{\"type\":\"Bogus\",\"score\":\"x\"}],"
		"\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"},\"severity\":[{\"type\":\"CVSS_V2\","
		"\"score\":\"AV:N/AC:L/Au:N/C:P/I:N/A:N\"}],\"versions\":[\"1.0.0\"]}]}\n"
		"{\"id\":\"UBUNTU-CVE-1\",\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"untriaged\"}],"
		"\"affected\":[{\"package\":{\"ecosystem\":\"Ubuntu:22.04:LTS\",\"name\":\"a\"},\"versions\":[\"1\"],"
		"\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"high\"}]},"
		"{\"package\":{\"ecosystem\":\"Ubuntu:20.04:LTS\",\"name\":\"a\"},\"versions\":[\"1\"]}]}\n";
	sqlite3 *db;

	(void)state;
	scratch_path(path, sizeof(path), "sev.jsonl");
	write_file(path, text, strlen(text));
	scratch_path(db_path, sizeof(db_path), "sev.db");
	build_db(db_path, (const char *[]){ path }, 1, NULL, NULL);
	db = open_db(db_path);
	assert_query(db,
		     "GHSA-aaaa-bbbb-cccc|CVSS_V2|AV:N/AC:L/Au:N/C:P/I:N/A:N|NULL|NULL\n"
		     "GHSA-aaaa-bbbb-cccc|CVSS_V3|CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N|NULL|NULL\n"
		     "GHSA-aaaa-bbbb-cccc|rating|NULL|NULL|medium\n"
		     "UBUNTU-CVE-1|rating|NULL|NULL|unknown",
		     "SELECT vuln_id, type, vector, score, rating FROM severities ORDER BY 1, 2");
	/* a rating of a language package is not a distro's word: not on the affected row */
	assert_query(db, "npm|NULL\nubuntu:20.04|unknown\nubuntu:22.04|high",
		     "SELECT namespace, rating FROM affected ORDER BY 1");
	sqlite3_close(db);
}

static void test_empty_and_unreadable_files(void **state)
{
	char jsonl[4200], json[4200], huge[4200], missing[4200], db_path[4200];
	const char *files[4];
	int rcs[4];
	enum vg_errcode codes[4];
	FILE *f;
	sqlite3 *db;

	(void)state;
	scratch_path(jsonl, sizeof(jsonl), "empty.jsonl");
	scratch_path(json, sizeof(json), "empty.json");
	scratch_path(huge, sizeof(huge), "huge.json");
	scratch_path(missing, sizeof(missing), "missing.jsonl");
	write_file(jsonl, "", 0);
	write_file(json, "", 0);
	f = fopen(huge, "wb"); /* a sparse 17 MB single-record file */
	assert_non_null(f);
	assert_int_equal(fseek(f, (long)FEED_MAX_RECORD + (1 << 20), SEEK_SET), 0);
	fputc('}', f);
	fclose(f);
	files[0] = jsonl;
	files[1] = json;
	files[2] = huge;
	files[3] = missing;
	scratch_path(db_path, sizeof(db_path), "empty.db");
	build_db(db_path, files, 4, rcs, codes);
	assert_int_equal(rcs[0], 0);
	assert_int_equal(rcs[1], 0);
	assert_int_equal(rcs[2], 0);
	assert_int_equal(rcs[3], -1);
	assert_int_equal(codes[3], VG_ENOTFOUND);
	db = open_db(db_path);
	assert_query(db, "0 0", SOURCE_OF, "empty.jsonl");
	assert_query(db, "0 1", SOURCE_OF, "empty.json"); /* an empty .json is not a record */
	assert_query(db, "0 1", SOURCE_OF, "huge.json");
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_counts),
		cmocka_unit_test(test_almalinux),
		cmocka_unit_test(test_go),
		cmocka_unit_test(test_pypi),
		cmocka_unit_test(test_crates),
		cmocka_unit_test(test_withdrawn_records),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_detect_shared_files),
		cmocka_unit_test(test_detect_heads),
		cmocka_unit_test(test_zip_gives_the_rows_of_the_loose_files),
		cmocka_unit_test(test_zip_limits_and_damage),
		cmocka_unit_test(test_hostile_json_lines),
		cmocka_unit_test(test_deep_nesting_is_skipped),
		cmocka_unit_test(test_every_namespace),
		cmocka_unit_test(test_other_severity_places),
		cmocka_unit_test(test_empty_and_unreadable_files),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
