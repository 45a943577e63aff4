/* test_feed_alpine.c - the Alpine secdb reader (feeds/alpine.c) on every
 * shared secdb JSON (v3.3 to v3.11, main and community, Wolfi and Chainguard
 * samples): counts against a jq extraction run at test time, hand-checked
 * rows, the real data's oddities, and hostile input. Scratch files live in a
 * private directory under $TMPDIR, removed at the end. */
#include "feedtest.h"

static sqlite3 *shared_db; /* every shared secdb file, one source each */

static const char *const shared_secdb_files[] = {
	"alpine/secdb-legacy-json/v3.3/main.json",   "alpine/secdb-legacy-json/v3.3/community.json",
	"alpine/secdb-legacy-json/v3.4/main.json",   "alpine/secdb-legacy-json/v3.4/community.json",
	"alpine/secdb-legacy-json/v3.5/main.json",   "alpine/secdb-legacy-json/v3.5/community.json",
	"alpine/secdb-legacy-json/v3.6/main.json",   "alpine/secdb-legacy-json/v3.6/community.json",
	"alpine/secdb-legacy-json/v3.7/main.json",   "alpine/secdb-legacy-json/v3.7/community.json",
	"alpine/secdb-legacy-json/v3.8/main.json",   "alpine/secdb-legacy-json/v3.8/community.json",
	"alpine/secdb-legacy-json/v3.9/main.json",   "alpine/secdb-legacy-json/v3.9/community.json",
	"alpine/secdb-legacy-json/v3.10/main.json",  "alpine/secdb-legacy-json/v3.10/community.json",
	"alpine/secdb-legacy-json/v3.11/main.json",  "alpine/secdb-legacy-json/v3.11/community.json",
	"samples/wolfi/secdb-security-excerpt.json", "samples/chainguard/secdb-security-excerpt.json",
};

/* The ids of a secdb document, found by a regular expression rather than by
 * splitting (text after "(" is a remark); prints "origin id" lines. */
#define JQ_IDS                                                                                            \
	"(.packages // [])[] | .pkg as $p | ($p.secfixes // {}) | to_entries[] | (.value // [])[]"         \
	" | sub(\"\\\\(.*$\"; \"\")"                                                                      \
	" | [scan(\"(?i)\\\\bCVE[-_ ](\\\\d{4}-\\\\d{4,})\")[0] | \"CVE-\" + .]"                            \
	"   + [scan(\"\\\\b(XSA-\\\\d+|TALOS-\\\\d{4}-\\\\d+|ZBX-\\\\d+|wnpa-sec-\\\\d{4}-\\\\d+"             \
	"|GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\\\\b\")[0]]"

/* ---- helpers ------------------------------------------------------------ */

/* A one-file database of text; *rc gets what ingest returned. */
static sqlite3 *db_of_text(const char *name, const char *text, int *rc, struct vg_err *err)
{
	struct build b;
	char file[300], dbname[300];

	snprintf(file, sizeof(file), "%s.json", name);
	snprintf(dbname, sizeof(dbname), "%s.db", name);
	build_start(&b, dbname);
	*rc = build_add(&b, &feed_alpine_secdb, "t", scratch_file(file, text, strlen(text)), err);
	return build_finish(&b);
}

/* "status|fixed" of (namespace, package, id). */
#define ROW_OF "SELECT status, fixed FROM affected WHERE namespace = %Q AND package = %Q AND vuln_id = %Q"
#define SOURCE_OF "SELECT records || ' ' || skipped FROM sources WHERE name = %Q"

#define NEED_SHARED() SKIP_WITHOUT_DB(shared_db)

/* ---- setup -------------------------------------------------------------- */

static int group_setup(void **state)
{
	char path[4200];
	struct timespec t0;
	struct build b;

	(void)state;
	if (scratch_make("vigil-test-alpine") != 0)
		return -1;
	if (!test_shared_path(path, sizeof(path), "vulndata"))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	build_start(&b, "shared.db");
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_secdb_files); i++) {
		struct vg_err err = { 0 };
		char rel[300];
		snprintf(rel, sizeof(rel), "vulndata/%s", shared_secdb_files[i]);
		test_shared_path(path, sizeof(path), rel);
		if (build_add(&b, &feed_alpine_secdb, shared_secdb_files[i], path, &err) != 0)
			fail_msg("%s: %s", path, err.msg);
	}
	shared_db = build_finish(&b);
	fprintf(stderr, "# ingest of %zu shared secdb files (1.3 MB) into a committed database: %.3f s\n",
		VG_ARRAY_LEN(shared_secdb_files), seconds_since(&t0));
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

/* ---- the shared secdb files --------------------------------------------- */

/* The namespace a shared file's rows must have. */
static void expected_namespace(const char *rel, char *ns, size_t n)
{
	const char *v = strstr(rel, "/v3.");

	if (strstr(rel, "samples/wolfi"))
		snprintf(ns, n, "wolfi:rolling");
	else if (strstr(rel, "samples/chainguard"))
		snprintf(ns, n, "chainguard:rolling");
	else
		snprintf(ns, n, "alpine:%.*s", (int)strcspn(v + 2, "/"), v + 2);
}

/* Per file: one record and one affected row per distinct (origin, id) that
 * jq finds, all in the file's namespace. */
static void test_counts_match_jq(void **state)
{
	(void)state;
	NEED_SHARED();
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_secdb_files); i++) {
		const char *rel = shared_secdb_files[i];
		char path[4200], cmd[8000], ns[64], full_rel[300];
		long long want;

		snprintf(full_rel, sizeof(full_rel), "vulndata/%s", rel);
		test_shared_path(path, sizeof(path), full_rel);
		snprintf(cmd, sizeof(cmd), "jq -r '[" JQ_IDS " | .[] | \"\\($p.name) \\(.)\"] | unique | length' '%s'",
			 path);
		want = shell_number(cmd);
		expected_namespace(rel, ns, sizeof(ns));
		assert_int_equal(query_int(shared_db, "SELECT records FROM sources WHERE name = %Q", rel), want);
		assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE source = %Q", rel), want);
		assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE source = %Q AND namespace = %Q",
					   rel, ns),
				 want);
		assert_int_equal(query_int(shared_db,
					   "SELECT count(*) FROM (SELECT DISTINCT namespace, package, vuln_id"
					   " FROM affected WHERE source = %Q)",
					   rel),
				 want);
	}
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected"), 12859);
}

/* Every id is a vulnerability; alias pairs are the strings with exactly one
 * CVE and other ids beside it. */
static void test_vulns_and_aliases_match_jq(void **state)
{
	struct strbuf files = STRBUF_INIT, cmd = STRBUF_INIT;

	(void)state;
	NEED_SHARED();
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_secdb_files); i++) {
		char rel[300], path[4200];
		snprintf(rel, sizeof(rel), "vulndata/%s", shared_secdb_files[i]);
		test_shared_path(path, sizeof(path), rel);
		strbuf_addf(&files, " '%s'", path);
	}
	strbuf_addf(&cmd, "jq -n '[inputs | " JQ_IDS " | .[]] | unique | length'%s", files.buf);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities"), shell_number(cmd.buf));
	strbuf_reset(&cmd);
	strbuf_addf(&cmd,
		    "jq -n '[inputs | " JQ_IDS " | [.[] | select(startswith(\"CVE-\"))] as $c"
		    " | select($c | length == 1) | .[] | select(startswith(\"CVE-\") | not) | \"\\(.) \\($c[0])\"]"
		    " | unique | length'%s",
		    files.buf);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM aliases"), shell_number(cmd.buf));
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities"), 2749);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM aliases"), 133);
	strbuf_release(&files);
	strbuf_release(&cmd);
}

/* The malformed ids and the null entry of the real files, one skip each. */
static void test_skips_of_real_files(void **state)
{
	static const struct {
		const char *rel;
		long long skipped;
	} want[] = {
		{ "alpine/secdb-legacy-json/v3.6/main.json", 1 },  /* heimdal 7.4.0-r0: null */
		{ "alpine/secdb-legacy-json/v3.7/main.json", 1 },  /* xen: "XPTI" */
		{ "alpine/secdb-legacy-json/v3.9/main.json", 12 }, /* xen: 12 x "CVE-????-?????" */
		{ "alpine/secdb-legacy-json/v3.10/main.json", 1 }, /* xen: "CVE-????-?????" */
		{ "alpine/secdb-legacy-json/v3.11/main.json", 1 },
	};

	(void)state;
	NEED_SHARED();
	assert_int_equal(query_int(shared_db, "SELECT sum(skipped) FROM sources"), 16);
	for (size_t i = 0; i < VG_ARRAY_LEN(want); i++)
		assert_int_equal(query_int(shared_db, "SELECT skipped FROM sources WHERE name = %Q", want[i].rel),
				 want[i].skipped);
}

/* v3.10 main, the branch of the alpine 3.10.9 image: busybox, musl, openssl. */
static void test_v3_10_main_rows(void **state)
{
	(void)state;
	NEED_SHARED();
	/* listed under 1.30.1-r2 and 1.29.3-r10: the lower one counts */
	assert_query(shared_db, "fixed|1.29.3-r10", ROW_OF, "alpine:3.10", "busybox", "CVE-2019-5747");
	assert_query(shared_db, "fixed|1.29.3-r10", ROW_OF, "alpine:3.10", "busybox", "CVE-2018-20679");
	assert_query(shared_db, "fixed|1.27.2-r4", ROW_OF, "alpine:3.10", "busybox", "CVE-2017-16544");
	assert_query(shared_db, "fixed|1.1.22-r3", ROW_OF, "alpine:3.10", "musl", "CVE-2019-14697");
	assert_query(shared_db, "fixed|1.1.15-r4", ROW_OF, "alpine:3.10", "musl", "CVE-2016-8859");
	assert_query(shared_db, "fixed|1.1.1d-r0", ROW_OF, "alpine:3.10", "openssl", "CVE-2019-1547");
	assert_query(shared_db, "fixed|1.1.1b-r1", ROW_OF, "alpine:3.10", "openssl", "CVE-2019-1543");
	assert_query(shared_db, "fixed|1.1.1a-r0", ROW_OF, "alpine:3.10", "openssl", "CVE-2018-0734");
	assert_query(shared_db, "5|2|6",
		     "SELECT (SELECT count(*) FROM affected WHERE namespace = 'alpine:3.10' AND package = 'busybox'),"
		     " (SELECT count(*) FROM affected WHERE namespace = 'alpine:3.10' AND package = 'musl'),"
		     " (SELECT count(*) FROM affected WHERE namespace = 'alpine:3.10' AND package = 'openssl')");
	/* no rating, ranges or versions from a secdb */
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE rating IS NOT NULL"
					      " OR ranges IS NOT NULL OR versions IS NOT NULL"),
			 0);
	assert_query(shared_db, "CVE-2019-5747|NULL|NULL|NULL|NULL|NULL",
		     "SELECT id, summary, description, published, modified, withdrawn FROM vulnerabilities"
		     " WHERE id = 'CVE-2019-5747'");
}

/* Two ids in one string, remarks, repaired typos. */
static void test_real_id_strings(void **state)
{
	(void)state;
	NEED_SHARED();
	/* "CVE-2018-7540 XSA-252": both rows, the XSA an alias of the CVE */
	assert_query(shared_db, "fixed|4.10.0-r2", ROW_OF, "alpine:3.10", "xen", "CVE-2018-7540");
	assert_query(shared_db, "fixed|4.10.0-r2", ROW_OF, "alpine:3.10", "xen", "XSA-252");
	assert_query(shared_db, "CVE-2018-7540", "SELECT alias FROM aliases WHERE vuln_id = 'XSA-252'");
	assert_query(shared_db, "CVE-2019-5058", "SELECT alias FROM aliases WHERE vuln_id = 'TALOS-2019-0842'");
	/* "CVE-2018-12892  XSA-266" (two blanks) */
	assert_query(shared_db, "fixed|4.11.0-r0", ROW_OF, "alpine:3.10", "xen", "XSA-266");
	/* "CVE-????-?????  XSA-295": the placeholder skipped, the XSA kept, no alias */
	assert_query(shared_db, "fixed|4.12.1-r0", ROW_OF, "alpine:3.10", "xen", "XSA-295");
	assert_query(shared_db, "", "SELECT alias FROM aliases WHERE vuln_id = 'XSA-295'");
	/* "CVE-2018-3620 XSA-273", "CVE-2018-3646 XSA-273" (v3.10) and
	 * "CVE-2018-3620 CVE-2018-3646 XSA-273" (v3.7, no alias from it) */
	assert_query(shared_db, "CVE-2018-3620\nCVE-2018-3646",
		     "SELECT alias FROM aliases WHERE vuln_id = 'XSA-273' ORDER BY alias");
	/* "CVE-2018-10103 (SMB - partially fixed, but SMB printing disabled)" */
	assert_query(shared_db, "fixed|4.9.3-r0", ROW_OF, "alpine:3.10", "tcpdump", "CVE-2018-10103");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE vuln_id NOT GLOB '[A-Za-z]*'"
					      " OR vuln_id GLOB '*[ ()]*'"),
			 0);
	/* "CVE_2019-2426", "CVE 2018-16859", "CVE-2017-8073.patch", "CVE-2017-17434-1" and "-2" */
	assert_query(shared_db, "fixed|7.211.2.6.17-r0", ROW_OF, "alpine:3.10", "openjdk7", "CVE-2019-2426");
	assert_query(shared_db, "fixed|2.7.3-r0", ROW_OF, "alpine:3.9", "ansible", "CVE-2018-16859");
	assert_query(shared_db, "fixed|1.3-r4", ROW_OF, "alpine:3.3", "weechat", "CVE-2017-8073");
	assert_query(shared_db, "fixed|0.97.3-r1", ROW_OF, "alpine:3.11", "dia", "CVE-2019-19451");
	assert_query(shared_db, "fixed|3.1.2-r7", ROW_OF, "alpine:3.10", "rsync", "CVE-2017-17434");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE vuln_id LIKE 'CVE-2017-17434%%'"
					      " AND namespace = 'alpine:3.10'"),
			 1);
	/* other id kinds */
	assert_query(shared_db, "fixed|3.0.4-r0", ROW_OF, "alpine:3.5", "zabbix", "ZBX-11023");
	assert_query(shared_db, "CVE-2016-10134", "SELECT alias FROM aliases WHERE vuln_id = 'ZBX-11023'");
	assert_query(shared_db, "fixed|3.0.4-r0", ROW_OF, "alpine:3.4", "zabbix", "ZBX-11023");
	assert_query(shared_db, "fixed|2.2.6-r0", ROW_OF, "alpine:3.5", "wireshark", "wnpa-sec-2017-18");
}

/* The "0" key (never affected), the null entry, "packages": null. */
static void test_real_edge_cases(void **state)
{
	char cmd[8000], path[4200];

	(void)state;
	NEED_SHARED();
	assert_query(shared_db, "not-affected|NULL", ROW_OF, "alpine:3.8", "db", "CVE-2016-0682");
	snprintf(cmd, sizeof(cmd), "jq '[.packages[].pkg.secfixes[\"0\"] // [] | length] | add' '%s'",
		 test_shared_path(path, sizeof(path), "vulndata/alpine/secdb-legacy-json/v3.8/main.json"));
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE status = 'not-affected'"
					      " AND namespace = 'alpine:3.8'"),
			 shell_number(cmd));
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE status = 'not-affected'"
					      " AND fixed IS NULL"),
			 30);
	assert_query(shared_db, "fixed|7.1.0-r2\nfixed|7.1.0-r1",
		     "SELECT status, fixed FROM affected WHERE namespace = 'alpine:3.6' AND package = 'heimdal'"
		     " ORDER BY fixed DESC");
	assert_query(shared_db, "0 0", SOURCE_OF, "alpine/secdb-legacy-json/v3.3/community.json");
	assert_query(shared_db, "14 0", SOURCE_OF, "alpine/secdb-legacy-json/v3.4/community.json");
}

static void test_wolfi_and_chainguard_secdb(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_query(shared_db, "not-affected|NULL", ROW_OF, "wolfi:rolling", "coreutils", "CVE-2016-2781");
	assert_query(shared_db, "not-affected|NULL", ROW_OF, "wolfi:rolling", "apko", "GHSA-jq35-85cj-fj4p");
	assert_query(shared_db, "fixed|2.39-r1", ROW_OF, "wolfi:rolling", "binutils", "CVE-2022-38126");
	assert_query(shared_db, "fixed|7.86.0-r0", ROW_OF, "wolfi:rolling", "curl", "CVE-2022-42916");
	assert_query(shared_db, "fixed|7.5.19-r0", ROW_OF, "chainguard:rolling", "grafana", "CVE-2021-36156");
	assert_query(shared_db, "fixed|9.18.10-r0", ROW_OF, "chainguard:rolling", "bind", "CVE-2019-6470");
	assert_query(shared_db, "59 0", SOURCE_OF, "samples/wolfi/secdb-security-excerpt.json");
	assert_query(shared_db, "197 0", SOURCE_OF, "samples/chainguard/secdb-security-excerpt.json");
}

/* ---- rules on made-up documents ----------------------------------------- */

static void test_lowest_version_wins_in_apk_order(void **state)
{
	struct vg_err err = { 0 };
	int rc;
	sqlite3 *db = db_of_text("lowest",
				 "{\"distroversion\":\"v3.20\",\"reponame\":\"main\",\"packages\":["
				 "{\"pkg\":{\"name\":\"a\",\"secfixes\":{"
				 "\"1.2.10-r0\":[\"CVE-2020-1111\"],\"1.2.9-r0\":[\"CVE-2020-1111\"],"
				 "\"1.2.9_rc1-r0\":[\"CVE-2020-2222\"],\"1.2.9-r1\":[\"CVE-2020-2222\"],"
				 "\"1.0-r0\":[\"CVE-2020-3333\"],\"0\":[\"CVE-2020-3333\"]}}},"
				 "{\"pkg\":{\"name\":\"a\",\"secfixes\":{\"1.1-r0\":[\"CVE-2020-1111\"]}}},"
				 "{\"pkg\":{\"name\":\"b\",\"secfixes\":{\"2.0-r0\":[\"CVE-2020-1111\"]}}}]}",
				 &rc, &err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_query(db, "fixed|1.1-r0", ROW_OF, "alpine:3.20", "a", "CVE-2020-1111");
	assert_query(db, "fixed|1.2.9_rc1-r0", ROW_OF, "alpine:3.20", "a", "CVE-2020-2222");
	assert_query(db, "not-affected|NULL", ROW_OF, "alpine:3.20", "a", "CVE-2020-3333");
	assert_query(db, "fixed|2.0-r0", ROW_OF, "alpine:3.20", "b", "CVE-2020-1111");
	assert_query(db, "4 0", SOURCE_OF, "t");
	sqlite3_close(db);
}

static void test_id_strings(void **state)
{
	struct vg_err err = { 0 };
	int rc;
	sqlite3 *db = db_of_text("ids",
				 "{\"distroversion\":\"edge\",\"packages\":[{\"pkg\":{\"name\":\"p\",\"secfixes\":{"
				 "\"1-r0\":[\"CVE-2020-0001 TALOS-2020-0001\", \"CVE_2020-0002\", \"CVE 2020-0003\","
				 " \"cve-2020-0004.patch\", \"CVE-2020-0005-2\", \"CVE-2020-0006 (remark) CVE-2020-9999\","
				 " \"GHSA-jjjh-jjxp-wpff\", \"XSA-1 CVE-2020-0007 CVE-2020-0008\"],"
				 "\"2-r0\":[\"XPTI\", \"CVE-?\?\?\?-????\", \"CVE-20-1\", \"\", \"(only a remark)\","
				 " \"CVE-2020-0010\\u00e9\", 42, null, \"CVE-2020-123456789012345678901\"],"
				 "\"3-r0\":null, \"4 r0\":[\"CVE-2020-0011\"], \"5-r0\":{\"a\":1}}}},"
				 "{\"pkg\":{\"secfixes\":{}}}, {\"pkg\":{\"name\":\"q\",\"secfixes\":null}}, 7,"
				 "{\"pkg\":{\"name\":\"r\",\"secfixes\":[]}}]}",
				 &rc, &err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_query(db,
		     "CVE-2020-0001\nCVE-2020-0002\nCVE-2020-0003\nCVE-2020-0004\nCVE-2020-0005\nCVE-2020-0006\n"
		     "CVE-2020-0007\nCVE-2020-0008\nGHSA-jjjh-jjxp-wpff\nTALOS-2020-0001\nXSA-1",
		     "SELECT vuln_id FROM affected WHERE namespace = 'alpine:edge' AND package = 'p'"
		     " AND status = 'fixed' AND fixed = '1-r0' ORDER BY vuln_id");
	assert_query(db, "TALOS-2020-0001|CVE-2020-0001", "SELECT vuln_id, alias FROM aliases");
	/* 2-r0: 9 bad strings (the null is one); 3-r0 null; "4 r0"; 5-r0 object;
	 * package without name; q (secfixes null); 7; r (secfixes a list) */
	assert_query(db, "11 16", SOURCE_OF, "t");
	sqlite3_close(db);
}

static void test_namespaces(void **state)
{
	static const struct {
		const char *doc, *ns;
	} ok[] = {
		{ "{\"distroversion\":\"v3.20\",\"packages\":[]}", "alpine:3.20" },
		{ "{\"distroversion\":\"3.7\",\"packages\":[]}", "alpine:3.7" },
		{ "{\"distroversion\":\"edge\",\"packages\":[]}", "alpine:edge" },
		{ "{\"urlprefix\":\"https://packages.wolfi.dev\",\"reponame\":\"os\",\"packages\":[]}", "wolfi:rolling" },
		{ "{\"distroversion\":\"rolling\",\"urlprefix\":\"https://packages.wolfi.dev/os\",\"packages\":[]}",
		  "wolfi:rolling" },
		{ "{\"apkurl\":\"https://packages.cgr.dev/chainguard/{{arch}}\",\"packages\":[]}", "chainguard:rolling" },
		{ "{\"reponame\":\"os\",\"packages\":[]}", "wolfi:rolling" },
		{ "{\"reponame\":\"chainguard\",\"packages\":[]}", "chainguard:rolling" },
	};
	static const char *const bad[] = {
		"{\"packages\":[]}",
		"{\"distroversion\":\"v3\",\"packages\":[]}",
		"{\"distroversion\":\"rolling\",\"urlprefix\":\"http://dl-cdn.alpinelinux.org/alpine\"}",
		"{\"distroversion\":\"v3.11.2\"}",
		"{\"distroversion\":\"v3.x\"}",
		"{\"distroversion\":12}",
	};
	char text[512], name[32];

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(ok); i++) {
		struct vg_err err = { 0 };
		int rc;
		sqlite3 *db;
		/* one package, so the namespace shows in a row */
		snprintf(text, sizeof(text), "%.*s{\"pkg\":{\"name\":\"x\",\"secfixes\":{\"1-r0\":[\"CVE-2021-0001\"]}}}]}",
			 (int)(strlen(ok[i].doc) - 2), ok[i].doc);
		snprintf(name, sizeof(name), "ns%zu", i);
		db = db_of_text(name, text, &rc, &err);
		if (rc != 0)
			fail_msg("%s: %s", text, err.msg);
		assert_query(db, ok[i].ns, "SELECT namespace FROM affected");
		sqlite3_close(db);
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct vg_err err = { 0 };
		int rc;
		sqlite3 *db;
		snprintf(name, sizeof(name), "nsbad%zu", i);
		db = db_of_text(name, bad[i], &rc, &err);
		assert_int_equal(rc, -1);
		assert_int_equal(err.code, VG_EFORMAT);
		assert_non_null(strstr(err.msg, "cannot tell which distribution"));
		assert_int_equal(query_int(db, "SELECT count(*) FROM affected"), 0);
		sqlite3_close(db);
	}
}

/* ---- hostile input ------------------------------------------------------ */

/* Each whole-file failure is -1 with a reason; the writer stays usable. */
static void test_unreadable_documents(void **state)
{
	static const struct {
		const char *name, *text;
		enum vg_errcode code;
	} cases[] = {
		{ "empty", "", VG_EFORMAT },
		{ "blank", " \n\t\n", VG_EFORMAT },
		{ "truncated", "{\"distroversion\":\"v3.10\",\"packages\":[{\"pkg\":{\"name\":\"a\",\"secf", VG_EFORMAT },
		{ "array", "[{\"distroversion\":\"v3.10\"}]", VG_EFORMAT },
		{ "string", "\"v3.10\"", VG_EFORMAT },
		{ "packages-string", "{\"distroversion\":\"v3.10\",\"packages\":\"x\"}", VG_EFORMAT },
		{ "packages-object", "{\"distroversion\":\"v3.10\",\"packages\":{}}", VG_EFORMAT },
		{ "not-utf8", "{\"distroversion\":\"v3.10\",\"packages\":[{\"pkg\":{\"name\":\"\xff\xfe\"}}]}", VG_EFORMAT },
		{ "trailing", "{\"distroversion\":\"v3.10\",\"packages\":[]} {}", VG_EFORMAT },
	};
	struct build b;

	(void)state;
	build_start(&b, "unreadable.db");
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct vg_err err = { 0 };
		char file[64];
		snprintf(file, sizeof(file), "%s.json", cases[i].name);
		assert_int_equal(build_add(&b, &feed_alpine_secdb, cases[i].name,
					   scratch_file(file, cases[i].text, strlen(cases[i].text)), &err),
				 -1);
		assert_int_equal(err.code, cases[i].code);
		assert_non_null(strstr(err.msg, file));
	}
	{
		struct vg_err err = { 0 };
		char path[4200];
		scratch_path(path, sizeof(path), "absent.json");
		assert_int_equal(build_add(&b, &feed_alpine_secdb, "absent", path, &err), -1);
		assert_int_equal(err.code, VG_ENOTFOUND);
		assert_int_equal(build_add(&b, &feed_alpine_secdb, "dir", scratch, &err), -1);
	}
	sqlite3_close(build_finish(&b));
}

static void test_nul_byte_and_deep_nesting(void **state)
{
	static const char nul_doc[] = "{\"distroversion\":\"v3.10\",\"packages\":[{\"pkg\":{\"name\":\"a\0b\"}}]}";
	struct strbuf deep = STRBUF_INIT;
	struct vg_err err = { 0 };
	struct build b;
	char path[4200];

	(void)state;
	build_start(&b, "nul.db");
	scratch_path(path, sizeof(path), "nul.json");
	write_file(path, nul_doc, sizeof(nul_doc) - 1);
	assert_int_equal(build_add(&b, &feed_alpine_secdb, "nul", path, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
	strbuf_addstr(&deep, "{\"distroversion\":\"v3.10\",\"packages\":[{\"pkg\":{\"name\":\"a\",\"secfixes\":{\"1-r0\":");
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&deep, '[');
	scratch_path(path, sizeof(path), "deep.json");
	write_file(path, deep.buf, deep.len);
	assert_int_equal(build_add(&b, &feed_alpine_secdb, "deep", path, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
	/* nesting jansson accepts, in a place where a list of strings belongs */
	strbuf_reset(&deep);
	strbuf_addstr(&deep, "{\"distroversion\":\"v3.10\",\"packages\":[{\"pkg\":{\"name\":\"a\",\"secfixes\":{\"1-r0\":[");
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&deep, '[');
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&deep, ']');
	strbuf_addstr(&deep, ",\"CVE-2022-0001\"]}}}]}");
	write_file(path, deep.buf, deep.len);
	assert_int_equal(build_add(&b, &feed_alpine_secdb, "deep2", path, &err), 0);
	strbuf_release(&deep);
	{
		sqlite3 *db = build_finish(&b);
		assert_query(db, "1 1", SOURCE_OF, "deep2");
		assert_query(db, "fixed|1-r0", ROW_OF, "alpine:3.10", "a", "CVE-2022-0001");
		sqlite3_close(db);
	}
}

/* A 20 MB id string and a 20 MB package name: skipped, never copied into a notice whole. */
static void test_huge_strings(void **state)
{
	struct strbuf doc = STRBUF_INIT;
	struct vg_err err = { 0 };
	struct build b;
	char path[4200];
	sqlite3 *db;

	(void)state;
	strbuf_addstr(&doc, "{\"distroversion\":\"v3.10\",\"packages\":[{\"pkg\":{\"name\":\"a\",\"secfixes\":{\"1-r0\":[\"");
	for (int i = 0; i < 20 << 20; i += 8)
		strbuf_addstr(&doc, "CVEXXXXX");
	strbuf_addstr(&doc, "\",\"CVE-2022-0002\"]}}},{\"pkg\":{\"name\":\"");
	for (int i = 0; i < 20 << 20; i += 8)
		strbuf_addstr(&doc, "nnnnnnnn");
	strbuf_addstr(&doc, "\",\"secfixes\":{\"1-r0\":[\"CVE-2022-0003\"]}}}]}");
	scratch_path(path, sizeof(path), "huge.json");
	write_file(path, doc.buf, doc.len);
	strbuf_release(&doc);
	build_start(&b, "huge.db");
	assert_int_equal(build_add(&b, &feed_alpine_secdb, "huge", path, &err), 0);
	db = build_finish(&b);
	assert_query(db, "1 2", SOURCE_OF, "huge");
	assert_query(db, "fixed|1-r0", ROW_OF, "alpine:3.10", "a", "CVE-2022-0002");
	sqlite3_close(db);
	unlink(path);
}

/* Real files cut at many places: a whole-file error, never a crash. */
static void test_truncated_real_file(void **state)
{
	char path[4200], cut[4200], *data;
	struct vg_err err = { 0 };
	struct build b;
	size_t len;

	(void)state;
	SKIP_WITHOUT_SHARED(path, "vulndata/alpine/secdb-legacy-json/v3.10/main.json");
	data = malloc(1 << 20);
	len = read_head(path, data, 1 << 20, true);
	build_start(&b, "cut.db");
	scratch_path(cut, sizeof(cut), "cut.json");
	for (size_t at = 1; at < len; at += len / 13) {
		write_file(cut, data, at);
		assert_int_equal(build_add(&b, &feed_alpine_secdb, "cut", cut, &err), -1);
		assert_int_equal(err.code, VG_EFORMAT);
	}
	free(data);
	sqlite3_close(build_finish(&b));
}

/* ---- detect ------------------------------------------------------------- */

static void test_detect(void **state)
{
	static const char *const others[] = {
		"vulndata/wolfi/wolfi-advisories.jsonl",         "vulndata/debian/tracker-derived.json",
		"vulndata/samples/debian/tracker-json-excerpt.json", "vulndata/samples/chainguard/osv-CGA-224q-ccj5-2p53.json",
		"vulndata/osv/go.jsonl",                          "vulndata/severity/cisa-kev.json",
	};
	char path[4200], rel[300];

	(void)state;
	SKIP_WITHOUT_SHARED(path, "vulndata");
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_secdb_files); i++) {
		snprintf(rel, sizeof(rel), "vulndata/%s", shared_secdb_files[i]);
		test_shared_path(path, sizeof(path), rel);
		if (!detect_path(&feed_alpine_secdb, path, false))
			fail_msg("%s not detected", rel);
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(others); i++) {
		test_shared_path(path, sizeof(path), others[i]);
		if (detect_path(&feed_alpine_secdb, path, false))
			fail_msg("%s claimed", others[i]);
	}
	assert_false(feed_alpine_secdb.detect("x", "", 0));
	assert_false(feed_alpine_secdb.detect("x", "[\"distroversion\"]", 17));
	assert_true(feed_alpine_secdb.detect("x", "\n {\"apkurl\": 1", 14));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_match_jq),
		cmocka_unit_test(test_vulns_and_aliases_match_jq),
		cmocka_unit_test(test_skips_of_real_files),
		cmocka_unit_test(test_v3_10_main_rows),
		cmocka_unit_test(test_real_id_strings),
		cmocka_unit_test(test_real_edge_cases),
		cmocka_unit_test(test_wolfi_and_chainguard_secdb),
		cmocka_unit_test(test_lowest_version_wins_in_apk_order),
		cmocka_unit_test(test_id_strings),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_unreadable_documents),
		cmocka_unit_test(test_nul_byte_and_deep_nesting),
		cmocka_unit_test(test_huge_strings),
		cmocka_unit_test(test_truncated_real_file),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
