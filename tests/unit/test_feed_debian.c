/* test_feed_debian.c - the Debian security tracker reader (feeds/debian.c) on
 * the shared tracker-derived.json and the real tracker excerpt: every row
 * against a jq extraction run at test time, hand-checked entries, the status
 * and urgency rules, hostile documents, and ingest speed on a made-up tracker
 * of the real one's shape. Scratch files live in a private directory under
 * $TMPDIR, removed at the end. */
#include "feedtest.h"

/* Until feed.h declares it. */
extern const struct feed feed_debian_dsa;

#define DERIVED_REL "vulndata/debian/tracker-derived.json"
#define DSA_REL "vulndata/debian/DSA-list.txt"
#define DLA_REL "vulndata/debian/DLA-list.txt"
#define EXCERPT_REL "vulndata/samples/debian/tracker-json-excerpt.json"

static sqlite3 *shared_db; /* sources "f0" tracker-derived.json, "f1" the excerpt */
static sqlite3 *dsa_db;    /* sources "f0" DSA-list.txt, "f1" DLA-list.txt, made on first use */

/* Every release entry of the derived file (all resolved) per jq. */
#define JQ_DERIVED_ROWS                                                                            \
	"to_entries[] | .key as $s | .value | to_entries[] | .key as $c | .value.releases | to_entries[]" \
	" | [$s, $c, ({\"bullseye\": \"debian:11\", \"bookworm\": \"debian:12\"}[.key]),"                 \
	" (if .value.fixed_version == \"0\" then \"not-affected|NULL\""                                  \
	" else \"fixed|\" + .value.fixed_version end)] | join(\"|\")"

/* ---- helpers ------------------------------------------------------------ */

/* "namespace|status|fixed|rating" rows of (package, id), by namespace. */
#define ROWS_OF                                                                                     \
	"SELECT namespace, status, ifnull(fixed, 'NULL'), ifnull(rating, 'NULL') FROM affected"   \
	" WHERE package = %Q AND vuln_id = %Q ORDER BY namespace"
#define SOURCE_OF "SELECT records || ' ' || skipped FROM sources WHERE name = %Q"

/* A database of the files (sources "f0", "f1", ...), committed and opened.
 * rcs[i] / errs[i] get what each ingest returned. The reader's notices go to
 * <name>.notices, returned in *notices (caller frees) when non-NULL. */
static sqlite3 *db_of_feed_files(const struct feed *feed, const char *name, const char *const *paths, size_t n,
				 int *rcs, struct vg_err *errs, char **notices)
{
	char file[300];
	struct notices nt;
	struct build b;

	snprintf(file, sizeof(file), "%s.db", name);
	build_start(&b, file);
	notices_start(&nt, name, notices != NULL);
	for (size_t i = 0; i < n; i++) {
		char source[32];
		snprintf(source, sizeof(source), "f%zu", i);
		rcs[i] = build_add(&b, feed, source, paths[i], &errs[i]);
	}
	notices_stop(&nt, notices);
	return build_finish(&b);
}

static sqlite3 *db_of_files(const char *name, const char *const *paths, size_t n, int *rcs, struct vg_err *errs,
			    char **notices)
{
	return db_of_feed_files(&feed_debian_tracker, name, paths, n, rcs, errs, notices);
}

/* A one-file database of text (source "f0"); *rc / *err from ingest. */
static sqlite3 *db_of_text(const char *name, const char *text, size_t len, int *rc, struct vg_err *err,
			   char **notices)
{
	char file[300];
	const char *paths[1];

	snprintf(file, sizeof(file), "%s.json", name);
	paths[0] = scratch_file(file, text, len);
	return db_of_files(name, paths, 1, rc, err, notices);
}

#define NEED_SHARED() SKIP_WITHOUT_DB(shared_db)

/* ---- setup -------------------------------------------------------------- */

static int group_setup(void **state)
{
	char derived[4200], excerpt[4200];
	const char *paths[2] = { derived, excerpt };
	struct vg_err errs[2] = { { 0 }, { 0 } };
	struct timespec t0;
	int rcs[2];

	(void)state;
	if (scratch_make("vigil-test-debian") != 0)
		return -1;
	if (!test_shared_path(derived, sizeof(derived), DERIVED_REL))
		return 0;
	test_shared_path(excerpt, sizeof(excerpt), EXCERPT_REL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	shared_db = db_of_files("shared", paths, 2, rcs, errs, NULL);
	fprintf(stderr, "# ingest of tracker-derived.json (0.6 MB) and the tracker excerpt: %.3f s\n",
		seconds_since(&t0));
	for (int i = 0; i < 2; i++)
		if (rcs[i] != 0) {
			fprintf(stderr, "# %s\n", errs[i].msg);
			return -1;
		}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (shared_db)
		sqlite3_close(shared_db);
	if (dsa_db)
		sqlite3_close(dsa_db);
	scratch_remove();
	return 0;
}

/* ---- the derived file --------------------------------------------------- */

static void test_derived_counts(void **state)
{
	char path[4200], cmd[8000];

	(void)state;
	NEED_SHARED();
	test_shared_path(path, sizeof(path), DERIVED_REL);
	snprintf(cmd, sizeof(cmd), "jq '[.[] | keys[]] | length' '%s'", path);
	assert_int_equal(query_int(shared_db, "SELECT records FROM sources WHERE name = 'f0'"), shell_number(cmd));
	snprintf(cmd, sizeof(cmd), "jq '[.[] | .[] | .releases | keys[]] | length' '%s'", path);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE source = 'f0'"), shell_number(cmd));
	snprintf(cmd, sizeof(cmd), "jq '[.[] | keys[]] | unique | length' '%s'", path);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities WHERE source = 'f0'"),
			 shell_number(cmd));
	/* the numbers of tracker-derived.stats.txt: cve_entries, distinct_cves */
	assert_query(shared_db, "1350 0", SOURCE_OF, "f0");
	assert_query(shared_db, "debian:11|1112\ndebian:12|1297",
		     "SELECT namespace, count(*) FROM affected WHERE source = 'f0' GROUP BY 1 ORDER BY 1");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities WHERE source = 'f0'"), 1311);
	assert_int_equal(query_int(shared_db, "SELECT count(DISTINCT package) FROM affected WHERE source = 'f0'"), 88);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE source = 'f0' AND"
					      " (status <> 'fixed' OR rating IS NOT NULL)"),
			 0);
}

static void test_derived_rows_match_jq(void **state)
{
	char path[4200], cmd[8000], *want, *got;

	(void)state;
	NEED_SHARED();
	test_shared_path(path, sizeof(path), DERIVED_REL);
	snprintf(cmd, sizeof(cmd), "jq -r '" JQ_DERIVED_ROWS "' '%s' | LC_ALL=C sort", path);
	want = shell_output(cmd);
	if (want[0] && want[strlen(want) - 1] == '\n')
		want[strlen(want) - 1] = '\0';
	got = query(shared_db, "SELECT package || '|' || vuln_id || '|' || namespace || '|' || status || '|' ||"
			       " ifnull(fixed, 'NULL') AS l FROM affected WHERE source = 'f0' ORDER BY l");
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void test_derived_hand_picked(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_query(shared_db, "debian:11|fixed|1.1.1w-0+deb11u2|NULL\ndebian:12|fixed|3.0.13-1~deb12u1|NULL", ROWS_OF,
		     "openssl", "CVE-2024-0727");
	assert_query(shared_db, "CVE-2024-0727 (PKCS12 Decoding crashes) (Closes: #1061582).|NULL|NULL|NULL|f0",
		     "SELECT description, summary, published, withdrawn, source FROM vulnerabilities"
		     " WHERE id = 'CVE-2024-0727'");
	assert_query(shared_db, "debian:11|fixed|2.15.0-1|NULL\ndebian:12|fixed|2.15.0-1|NULL", ROWS_OF,
		     "apache-log4j2", "CVE-2021-44228");
	assert_query(shared_db, "debian:11|fixed|2.2.49-2|NULL\ndebian:12|fixed|2.2.49-2|NULL", ROWS_OF, "acl",
		     "CVE-2009-4411");
}

/* ---- the real excerpt --------------------------------------------------- */

static void test_excerpt_rows(void **state)
{
	(void)state;
	NEED_SHARED();
	assert_query(shared_db, "7 0", SOURCE_OF, "f1");
	/* resolved "0" with urgency "unimportant" */
	assert_query(shared_db,
		     "debian:10|not-affected|NULL|negligible\ndebian:8|not-affected|NULL|negligible\n"
		     "debian:9|not-affected|NULL|negligible\ndebian:sid|not-affected|NULL|negligible",
		     ROWS_OF, "prototypejs", "CVE-2007-2383");
	/* "high**": the NVD marker stripped */
	assert_query(shared_db,
		     "debian:10|fixed|1.6.0.2-1|high\ndebian:8|fixed|1.6.0.2-1|high\n"
		     "debian:9|fixed|1.6.0.2-1|high\ndebian:sid|fixed|1.6.0.2-1|high",
		     ROWS_OF, "prototypejs", "CVE-2008-7220");
	assert_query(shared_db, "debian:10|fixed|1.5.5-4.1|low", ROWS_OF " LIMIT 1", "txt2man", "CVE-2013-1444");
	assert_query(shared_db, "debian:10|fixed|0.8-2|medium", ROWS_OF " LIMIT 1", "backupninja", "CVE-2005-3111");
	/* open + end-of-life: will not be fixed, no rating */
	assert_query(shared_db,
		     "debian:10|wont-fix|NULL|NULL\ndebian:11|fixed|98.0.4758.80-1~deb11u1|NULL\n"
		     "debian:12|fixed|98.0.4758.80-1|NULL\ndebian:9|wont-fix|NULL|NULL\n"
		     "debian:sid|fixed|98.0.4758.80-1|NULL",
		     ROWS_OF, "chromium", "CVE-2022-0456");
	assert_query(shared_db,
		     "debian:11|fixed|5.0.1-2+deb11u1|NULL\ndebian:12|fixed|5.8.0-1+deb12u1|NULL\n"
		     "debian:13|fixed|5.12.1-2|NULL\ndebian:sid|fixed|5.12.1-2|NULL",
		     ROWS_OF, "sope", "CVE-2025-53603");
	/* "releases": [] - a record without rows */
	assert_query(shared_db, "", ROWS_OF, "chromium-browser", "CVE-2022-0358");
	assert_query(shared_db, "CVE-2022-0358|NULL", "SELECT id, description FROM vulnerabilities WHERE id = 'CVE-2022-0358'");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE source = 'f1'"), 25);
}

/* ---- the rules on made-up entries --------------------------------------- */

static void test_status_and_urgency_rules(void **state)
{
	static const char doc[] =
		"{\"p\": {\"CVE-2024-0001\": {\"description\": \"d1\", \"releases\": {"
		"  \"bookworm\": {\"status\": \"open\", \"urgency\": \"low\", \"nodsa\": \"Minor issue\","
		"                 \"nodsa_reason\": \"ignored\"},"
		"  \"bullseye\": {\"status\": \"open\", \"urgency\": \"medium**\", \"nodsa\": \"Minor issue\","
		"                 \"nodsa_reason\": \"postponed\"},"
		"  \"buster\": {\"status\": \"open\", \"urgency\": \"high*\", \"nodsa\": \"Minor issue\", \"nodsa_reason\": \"\"},"
		"  \"stretch\": {\"status\": \"open\", \"urgency\": \"end-of-life\"},"
		"  \"trixie\": {\"status\": \"undetermined\", \"urgency\": \"not yet assigned\"},"
		"  \"forky\": {\"status\": \"undetermined\", \"urgency\": \"end-of-life\"},"
		"  \"sid\": {\"status\": \"resolved\", \"fixed_version\": \"1:2.0-1\", \"urgency\": \"unimportant\"},"
		"  \"jessie\": {\"status\": \"resolved\", \"fixed_version\": \"1.0-1\", \"urgency\": \"end-of-life\"},"
		"  \"wheezy\": {\"status\": \"open\", \"urgency\": null, \"fixed_version\": \"\"},"
		"  \"squeeze\": {\"status\": \"resolved\", \"fixed_version\": \"0\", \"urgency\": \"whatever\"},"
		"  \"duke\": {\"status\": \"open\", \"urgency\": \"critical\"},"
		"  \"experimental\": {\"status\": \"open\"},"
		"  \"lenny\": {\"status\": \"resolved\"},"
		"  \"etch\": {\"status\": \"resolved\", \"fixed_version\": \"\"},"
		"  \"sarge\": {\"status\": \"fixed\"},"
		"  \"bookworm-security\": {\"status\": \"open\"}"
		"}},"
		" \"TEMP-0000000-2A8DE1\": {\"releases\": {\"sid\": {\"status\": \"open\"}}},"
		" \"CVE-123\": {\"releases\": {}},"
		" \"CVE-2024-0002\": 5,"
		" \"CVE-2024-0003\": {\"description\": 7, \"releases\": {}},"
		" \"CVE-2024-0004\": {\"releases\": {\"sid\": [], \"buster\": {\"urgency\": \"low\"}}},"
		" \"CVE-2024-0007\": {\"releases\": {\"sid\": {\"status\": \"fixed\"}}},"
		" \"CVE-2024-0008\": {\"description\": \"no releases\"}"
		"},"
		" \"has space\": {\"CVE-2024-0005\": {\"releases\": {}}},"
		" \"q\": [1, 2],"
		" \"r\": {}}";
	struct vg_err err = { 0 };
	char *notices;
	int rc;
	sqlite3 *db = db_of_text("rules", doc, sizeof(doc) - 1, &rc, &err, &notices);

	(void)state;
	assert_int_equal(rc, 0);
	assert_query(db,
		     "debian:10|affected|NULL|high\n"      /* plain <no-dsa> */
		     "debian:11|affected|NULL|medium\n"    /* <postponed> */
		     "debian:12|wont-fix|NULL|low\n"       /* <ignored> */
		     "debian:13|under-investigation|NULL|NULL\n"
		     "debian:14|wont-fix|NULL|NULL\n"      /* undetermined, end-of-life */
		     "debian:15|affected|NULL|critical\n"
		     "debian:6|not-affected|NULL|NULL\n"
		     "debian:7|affected|NULL|NULL\n"
		     "debian:8|fixed|1.0-1|NULL\n"         /* resolved stays fixed at end-of-life */
		     "debian:9|wont-fix|NULL|NULL\n"
		     "debian:sid|fixed|1:2.0-1|negligible",
		     ROWS_OF, "p", "CVE-2024-0001");
	assert_query(db, "debian:sid|affected|NULL|NULL", ROWS_OF, "p", "TEMP-0000000-2A8DE1");
	assert_query(db, "d1", "SELECT description FROM vulnerabilities WHERE id = 'CVE-2024-0001'");
	assert_query(db, "NULL", "SELECT ifnull(description, 'NULL') FROM vulnerabilities WHERE id = 'CVE-2024-0003'");
	assert_query(db, "", "SELECT id FROM vulnerabilities WHERE id = 'CVE-2024-0008'");
	/* records: CVE-2024-0001, TEMP-..., CVE-2024-0003, CVE-2024-0004, CVE-2024-0007;
	 * skips: experimental, lenny, etch, sarge (status "fixed"), bookworm-security; CVE-123; CVE-2024-0002;
	 * CVE-2024-0004 sid and buster; CVE-2024-0007 sid (unknown status); CVE-2024-0008
	 * (no releases); "has space"; q */
	assert_query(db, "5 13", SOURCE_OF, "f0");
	/* the first five notices of a file are shown */
	assert_non_null(strstr(notices, "p CVE-2024-0001: unknown release \"experimental\""));
	assert_non_null(strstr(notices, "p CVE-2024-0001 lenny: resolved without a usable fixed_version"));
	assert_non_null(strstr(notices, "p CVE-2024-0001 etch: resolved without a usable fixed_version"));
	assert_non_null(strstr(notices, "skipped 13 malformed records in all"));
	sqlite3_close(db);
	free(notices);
}

/* ---- hostile documents -------------------------------------------------- */

static void test_whole_file_errors(void **state)
{
	static const struct {
		const char *name, *text;
		long long records;
	} cases[] = {
		{ "empty", "", 0 },
		{ "blank", "  \n", 0 },
		{ "array", "[{\"p\": {}}]", 0 },
		{ "string", "\"p\"", 0 },
		{ "after", "{} {}", 0 },
		{ "no-colon", "{\"p\" {}}", 0 },
		{ "no-comma", "{\"p\": {} \"q\": {}}", 0 },
		{ "bare-key", "{p: {}}", 0 },
		{ "unclosed-key", "{\"p", 0 },
		{ "no-value", "{\"p\":", 0 },
		{ "no-value2", "{\"p\":,\"q\":{}}", 0 },
		{ "cut-after-first", "{\"p\": {\"CVE-2024-0001\": {\"releases\": {\"sid\": {\"status\": \"open\"}}}},"
				     " \"q\": {\"CVE-2024-0002\": {\"rel", 1 },
		{ "unclosed-outer", "{\"p\": {\"CVE-2024-0001\": {\"releases\": {}}}", 1 },
		{ "deep", "{\"p\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 0 },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct vg_err err = { 0 };
		int rc;
		sqlite3 *db = db_of_text(cases[i].name, cases[i].text, strlen(cases[i].text), &rc, &err, NULL);
		if (rc != -1 || err.code != VG_EFORMAT)
			fail_msg("%s: rc %d, %s", cases[i].name, rc, err.msg);
		assert_non_null(strstr(err.msg, cases[i].name));
		assert_int_equal(query_int(db, "SELECT records FROM sources"), cases[i].records);
		sqlite3_close(db);
	}
	{
		char path[4200];
		const char *paths[2] = { path, scratch };
		int rcs[2];
		struct vg_err errs[2] = { { 0 }, { 0 } };
		sqlite3 *db;
		scratch_path(path, sizeof(path), "absent.json");
		db = db_of_files("unreadable", paths, 2, rcs, errs, NULL);
		assert_int_equal(rcs[0], -1);
		assert_int_equal(errs[0].code, VG_ENOTFOUND);
		assert_int_equal(rcs[1], -1);
		sqlite3_close(db);
	}
}

/* A member that is not valid JSON is skipped; the members after it still count. */
static void test_bad_members_are_skipped(void **state)
{
	struct strbuf doc = STRBUF_INIT;
	struct vg_err err = { 0 };
	char *notices;
	int rc;
	sqlite3 *db;

	(void)state;
	strbuf_addstr(&doc, "{\"a\": {\"CVE-2024-0001\": {bad}},\n");
	strbuf_addstr(&doc, " \"b\": {\"CVE-2024-0002\": {\"releases\": {\"sid\": {\"status\": \"open\"}}}},\n");
	strbuf_addstr(&doc, " \"c\": {\"CVE-2024-0003\": {\"description\": \"\xff\xfe\", \"releases\": {}}},\n");
	strbuf_addstr(&doc, " \"d\": ");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&doc, '[');
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&doc, ']');
	strbuf_addstr(&doc, ",\n \"e\\u0000\": {},\n");
	strbuf_addstr(&doc, " \"f\": {\"CVE-2024-0004\": {\"releases\": {\"sid\": {\"status\": \"open\"}}},"
			    " \"CVE-2024-0004\": {\"releases\": {\"bookworm\": {\"status\": \"open\"}}}},\n");
	strbuf_addstr(&doc, " \"g\": \"a string ] with } brackets \\\" and a quote\",\n");
	strbuf_addstr(&doc, " \"h\": {\"CVE-2024-0005\": {\"description\": \"x\\\\\", \"releases\": {}}},\n");
	strbuf_addstr(&doc, " \"i\": 12, \"j\": true, \"k\": null,\n");
	strbuf_addstr(&doc, " \"l\": {\"CVE-2024-0006\": {\"releases\": {\"sid\": {\"status\": \"open\"}}}}}\n");
	db = db_of_text("members", doc.buf, doc.len, &rc, &err, &notices);
	assert_int_equal(rc, 0);
	assert_query(db, "b|CVE-2024-0002\nf|CVE-2024-0004\nl|CVE-2024-0006",
		     "SELECT package, vuln_id FROM affected ORDER BY 1");
	/* a (invalid), c (not UTF-8), d (too deep), "e\0" (NUL in the key), g, i, j, k (not objects) */
	assert_query(db, "4 8", SOURCE_OF, "f0");
	assert_non_null(strstr(notices, "member 1 (a): invalid JSON"));
	assert_non_null(strstr(notices, "member 3 (c): invalid JSON"));
	sqlite3_close(db);
	free(notices);
	strbuf_release(&doc);
}

/* The derived file cut at many places: an error, after the members before the cut. */
static void test_truncated_derived_file(void **state)
{
	char path[4200], cut[4200], *data;
	struct vg_err err = { 0 };
	long long last = -1;
	size_t len;

	(void)state;
	NEED_SHARED();
	test_shared_path(path, sizeof(path), DERIVED_REL);
	assert_int_equal(read_file_capped(path, 64u << 20, &data, &len, &err), 0);
	scratch_path(cut, sizeof(cut), "cut.json");
	for (size_t at = 0; at < len; at += len / 9) {
		const char *paths[1] = { cut };
		struct vg_err errs[1] = { { 0 } };
		int rc;
		long long records;
		sqlite3 *db;
		write_file(cut, data, at);
		db = db_of_files("cut", paths, 1, &rc, errs, NULL);
		assert_int_equal(rc, -1);
		assert_int_equal(errs[0].code, VG_EFORMAT);
		records = query_int(db, "SELECT records FROM sources");
		assert_true(records >= last && records < 1350);
		last = records;
		sqlite3_close(db);
	}
	assert_true(last > 1000);
	free(data);
}

/* ---- speed -------------------------------------------------------------- */

/* A made-up tracker of about mib MiB in the real one's shape: 4-6 releases a
 * CVE, descriptions of a few hundred bytes, "**" urgencies. */
static void write_fake_tracker(const char *path, size_t mib, size_t *entries)
{
	static const char *const rel[] = { "bookworm", "bullseye", "buster", "sid", "trixie", "forky" };
	static const char *const urg[] = { "low**", "medium", "unimportant", "not yet assigned", "high**" };
	struct strbuf sb = STRBUF_INIT;
	unsigned seed = 12345;

	*entries = 0;
	strbuf_addch(&sb, '{');
	for (size_t p = 0; sb.len < mib << 20; p++) {
		strbuf_addf(&sb, "%s\"src%zu\": {", p ? ", " : "", p);
		for (int c = 0, nc = 1 + (int)(p % 11); c < nc; c++) {
			seed = seed * 1103515245u + 12345u;
			strbuf_addf(&sb, "%s\"CVE-20%02u-%zu\": {\"scope\": \"remote\", \"debianbug\": %u, \"description\": \"",
				    c ? ", " : "", 10 + seed % 16, 10000 + p * 16 + (size_t)c, seed % 1000000);
			for (unsigned k = 0; k < 40 + seed % 300; k += 10)
				strbuf_addstr(&sb, "overflow. ");
			strbuf_addstr(&sb, "\", \"releases\": {");
			for (int r = 0, nr = 4 + (int)(seed % 3); r < nr; r++)
				strbuf_addf(&sb,
					    "%s\"%s\": {\"status\": \"%s\", \"repositories\": {\"%s\": \"1.2.%d-1\"},"
					    " %s\"urgency\": \"%s\"}",
					    r ? ", " : "", rel[r], r == 2 ? "open" : "resolved", rel[r], r,
					    r == 2 ? "" : "\"fixed_version\": \"1.2.0-1+deb12u1\", ", urg[(seed >> 8) % 5]);
			strbuf_addstr(&sb, "}}");
			(*entries)++;
		}
		strbuf_addch(&sb, '}');
	}
	strbuf_addstr(&sb, "}\n");
	write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* VIGIL_FEED_BENCH=1: a 70 MiB tracker (the real one's size) must ingest in
 * under 10 s; otherwise 2 MiB (also under valgrind), timing printed. */
static void test_ingest_speed(void **state)
{
	const char *bench = getenv("VIGIL_FEED_BENCH");
	size_t mib = bench && *bench == '1' ? 70 : 2, entries;
	const char *paths[1];
	char path[4200];
	struct vg_err errs[1] = { { 0 } };
	struct timespec t0;
	double s;
	int rc;
	sqlite3 *db;

	(void)state;
	scratch_path(path, sizeof(path), "fake-tracker.json");
	write_fake_tracker(path, mib, &entries);
	paths[0] = path;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	db = db_of_files("fake", paths, 1, &rc, errs, NULL);
	s = seconds_since(&t0);
	assert_int_equal(rc, 0);
	assert_int_equal(query_int(db, "SELECT records FROM sources"), (long long)entries);
	fprintf(stderr, "# made-up tracker of %zu MiB (%zu CVE entries, %lld rows): ingest and commit %.2f s\n", mib,
		entries, query_int(db, "SELECT count(*) FROM affected"), s);
	if (mib == 70)
		assert_true(s < 10.0);
	sqlite3_close(db);
	unlink(path);
}

/* ---- detect ------------------------------------------------------------- */

static bool detect_text(const char *head)
{
	return feed_debian_tracker.detect("x", head, strlen(head));
}

static void test_detect(void **state)
{
	static const char *const others[] = {
		"vulndata/alpine/secdb-legacy-json/v3.10/main.json", "vulndata/wolfi/wolfi-advisories.jsonl",
		"vulndata/samples/debian/osv-DSA-3029-1.json",        "vulndata/severity/cisa-kev.json",
		"vulndata/debian/tracker-config.json",                "vulndata/severity/nvd-api-2.0-sample.json",
	};
	char path[4200];

	(void)state;
	SKIP_WITHOUT_SHARED(path, DERIVED_REL);
	assert_true(detect_path(&feed_debian_tracker, path, false));
	test_shared_path(path, sizeof(path), EXCERPT_REL);
	assert_true(detect_path(&feed_debian_tracker, path, false));
	for (size_t i = 0; i < VG_ARRAY_LEN(others); i++) {
		test_shared_path(path, sizeof(path), others[i]);
		if (detect_path(&feed_debian_tracker, path, false))
			fail_msg("%s claimed", others[i]);
	}
	assert_true(detect_text("{\"zlib\":{\"TEMP-0000000-1234AB\":{"));
	assert_true(detect_text(" {\n \"a\" : \n { \"CVE-2020-1234\": {}}}"));
	assert_false(detect_text("{\"a\":{\"CVE"));
	assert_false(detect_text("{\"a\":{\"id\":\"CVE-2020-1234\"}}"));
	assert_false(detect_text("{\"a\":[\"CVE-2020-1234\"]}"));
	assert_false(detect_text(""));
}

/* ---- DSA / DLA lists ---------------------------------------------------- */

/* The two shared lists, built once (sources "f0" DSA, "f1" DLA). */
static sqlite3 *shared_dsa_db(void)
{
	char dsa[4200], dla[4200];
	const char *paths[2] = { dsa, dla };
	struct vg_err errs[2] = { { 0 }, { 0 } };
	struct timespec t0;
	int rcs[2];

	if (dsa_db)
		return dsa_db;
	if (!test_shared_path(dsa, sizeof(dsa), DSA_REL))
		return NULL;
	test_shared_path(dla, sizeof(dla), DLA_REL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dsa_db = db_of_feed_files(&feed_debian_dsa, "dsa", paths, 2, rcs, errs, NULL);
	fprintf(stderr, "# ingest of DSA-list.txt and DLA-list.txt (1.3 MB): %.3f s\n", seconds_since(&t0));
	assert_int_equal(rcs[0], 0);
	assert_int_equal(rcs[1], 0);
	return dsa_db;
}

static void test_dsa_lists_match_grep(void **state)
{
	char dsa[4200], dla[4200], cmd[12000];
	sqlite3 *db;

	(void)state;
	SKIP_WITHOUT_SHARED(dsa, DSA_REL);
	test_shared_path(dla, sizeof(dla), DLA_REL);
	db = shared_dsa_db();
	snprintf(cmd, sizeof(cmd), "grep -c '^\\[' '%s'", dsa);
	assert_int_equal(query_int(db, "SELECT records FROM sources WHERE name = 'f0'"), shell_number(cmd));
	snprintf(cmd, sizeof(cmd), "grep -c '^\\[' '%s'", dla);
	assert_int_equal(query_int(db, "SELECT records FROM sources WHERE name = 'f1'"), shell_number(cmd));
	snprintf(cmd, sizeof(cmd), "cat '%s' '%s' | grep -cP '^\\s+\\[[a-z]+\\] - '", dsa, dla);
	assert_int_equal(query_int(db, "SELECT count(*) FROM affected"), shell_number(cmd));
	snprintf(cmd, sizeof(cmd),
		 "cat '%s' '%s' | awk '/^\\[/ { id = $4 } /^[ \\t]+\\{/ { gsub(/[{}]/, \"\");"
		 " for (i = 1; i <= NF; i++) print id, $i }' | sort -u | wc -l",
		 dsa, dla);
	assert_int_equal(query_int(db, "SELECT count(*) FROM aliases"), shell_number(cmd));
	assert_query(db, "f0|5406 0|2023-03-29\nf1|3534 0|2023-04-01",
		     "SELECT name, records || ' ' || skipped, newest FROM sources ORDER BY name");
	assert_query(db, "10523|29130", "SELECT (SELECT count(*) FROM affected), (SELECT count(*) FROM aliases)");
}

static void test_dsa_hand_picked(void **state)
{
	char path[4200];
	sqlite3 *db;

	(void)state;
	SKIP_WITHOUT_SHARED(path, DSA_REL);
	db = shared_dsa_db();
	assert_query(db, "debian:11|fixed|2:1.20.11-1+deb11u6|NULL", ROWS_OF, "xorg-server", "DSA-5380-1");
	assert_query(db, "xorg-server - security update|2023-03-29|CVE-2023-1393",
		     "SELECT v.summary, v.published, a.alias FROM vulnerabilities v JOIN aliases a ON a.vuln_id = v.id"
		     " WHERE v.id = 'DSA-5380-1'");
	assert_query(db, "debian:10|fixed|20190114+really20220913-0+deb10u1|NULL", ROWS_OF, "firmware-nonfree",
		     "DLA-3380-1");
	assert_int_equal(query_int(db, "SELECT count(*) FROM aliases WHERE vuln_id = 'DLA-3380-1'"), 11);
	/* tags instead of versions, two blanks before a version, an id without "-N" */
	assert_query(db, "debian:8|wont-fix|NULL|NULL", ROWS_OF, "virtualbox", "DSA-3699-1");
	assert_query(db, "debian:5|not-affected|NULL|NULL", ROWS_OF " LIMIT 1", "openoffice.org", "DSA-2275-1");
	assert_query(db, "debian:6|fixed|7.21.0-2.1+squeeze5|NULL\ndebian:7|fixed|7.26.0-1+wheezy5|NULL", ROWS_OF, "curl",
		     "DSA-2798-1");
	assert_query(db, "debian:3.1|fixed|2.6.8-16sarge7|NULL", ROWS_OF, "kernel-source-2.6.8", "DSA-1304");
	/* announcements are records without rows */
	assert_query(db, "jessie end-of-life|0",
		     "SELECT summary, (SELECT count(*) FROM affected WHERE vuln_id = id) FROM vulnerabilities"
		     " WHERE id = 'DSA-4205-1'");
}

static void test_dsa_list_oddities(void **state)
{
	static const char text[] =
		"\tNOTE: before any advisory\n"                                  /* skip 1 */
		"[01 Jan 2024] DSA-9000-1 pkg - security update\r\n"
		"\t{CVE-2024-0001 CVE-2024-0002 not-an-id}\r\n"                  /* skip 2 */
		"\t[bookworm] - pkg 1.0-1+deb12u1 (remark)\r\n"
		"        [bullseye] - pkg <not-affected> (Vulnerable code not present)\n"
		"\t[buster] - pkg <weird>\n"                                      /* skip 3 */
		"\t[hamm] - pkg 1.0-1\n"                                          /* skip 4 */
		"\t[trixie] pkg 1.0-1\n"                                          /* skip 5 */
		"\t[trixie] - pkg\n"                                              /* skip 6 */
		"\tNOTE: fine\n"
		"\tsomething else\n"                                              /* skip 7 */
		"\n"
		"[32 Jan 2024] DSA-9001-1 pkg - bad date\n"                       /* skip 8 */
		"\t[bookworm] - pkg 2.0-1\n"                                      /* skip 9 */
		"[02 Feb 2024] USN-1-1 pkg - not Debian\n"                        /* skip 10 */
		"[03 Mar 2024] DLA-9002\n"
		"\t[sid] - other 3.0-1\n"
		"garbage at column one\n"                                         /* skip 11 */
		"[04 Apr 2024]\n";                                                /* skip 12 */
	static const char binary[] = "[\0\xff\n\t[\n\t{\n\t{}\n[]\n";
	struct vg_err err = { 0 };
	char path[4200], *notices;
	const char *paths[1] = { path };
	int rc;
	sqlite3 *db;

	(void)state;
	scratch_path(path, sizeof(path), "odd-DSA-list.txt");
	write_file(path, text, sizeof(text) - 1);
	db = db_of_feed_files(&feed_debian_dsa, "odd-dsa", paths, 1, &rc, &err, &notices);
	assert_int_equal(rc, 0);
	assert_query(db,
		     "DLA-9002|debian:sid|other|fixed|3.0-1\n"
		     "DSA-9000-1|debian:11|pkg|not-affected|NULL\n"
		     "DSA-9000-1|debian:12|pkg|fixed|1.0-1+deb12u1",
		     "SELECT vuln_id, namespace, package, status, ifnull(fixed, 'NULL') FROM affected ORDER BY 1, 2");
	assert_query(db, "CVE-2024-0001\nCVE-2024-0002", "SELECT alias FROM aliases ORDER BY 1");
	assert_query(db, "2 12|2024-03-03", "SELECT records || ' ' || skipped, newest FROM sources");
	assert_non_null(strstr(notices, "line 1: not part of an advisory"));
	assert_non_null(strstr(notices, "line 3: DSA-9000-1: malformed id \"not-an-id\""));
	sqlite3_close(db);
	free(notices);
	/* empty and binary files */
	write_file(path, "", 0);
	db = db_of_feed_files(&feed_debian_dsa, "empty-dsa", paths, 1, &rc, &err, NULL);
	assert_int_equal(rc, 0);
	assert_query(db, "0 0", SOURCE_OF, "f0");
	sqlite3_close(db);
	write_file(path, binary, sizeof(binary) - 1);
	db = db_of_feed_files(&feed_debian_dsa, "binary-dsa", paths, 1, &rc, &err, NULL);
	assert_int_equal(rc, 0);
	assert_query(db, "0 5", SOURCE_OF, "f0");
	sqlite3_close(db);
}

static void test_dsa_detect(void **state)
{
	char path[4200], head[FEEDTEST_HEAD];
	size_t n;

	(void)state;
	SKIP_WITHOUT_SHARED(path, DSA_REL);
	for (int i = 0; i < 2; i++) {
		test_shared_path(path, sizeof(path), i ? DLA_REL : DSA_REL);
		n = read_head(path, head, sizeof(head), true);
		assert_true(feed_debian_dsa.detect(path, head, n));
		assert_false(feed_debian_tracker.detect(path, head, n));
	}
	test_shared_path(path, sizeof(path), DERIVED_REL);
	assert_false(detect_path(&feed_debian_dsa, path, true));
	assert_false(feed_debian_dsa.detect("x", "[01 Jan 2024] USN-1-1", 21));
	assert_false(feed_debian_dsa.detect("x", "[01 Jan 2024] DSA", 17));
	assert_false(feed_debian_dsa.detect("x", "[", 1));
	assert_false(feed_debian_dsa.detect("x", "", 0));
	assert_true(feed_debian_dsa.detect("x", "[1 Jan 2024] DLA-1-1 x", 22));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derived_counts),
		cmocka_unit_test(test_derived_rows_match_jq),
		cmocka_unit_test(test_derived_hand_picked),
		cmocka_unit_test(test_excerpt_rows),
		cmocka_unit_test(test_status_and_urgency_rules),
		cmocka_unit_test(test_whole_file_errors),
		cmocka_unit_test(test_bad_members_are_skipped),
		cmocka_unit_test(test_truncated_derived_file),
		cmocka_unit_test(test_ingest_speed),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_dsa_lists_match_grep),
		cmocka_unit_test(test_dsa_hand_picked),
		cmocka_unit_test(test_dsa_list_oddities),
		cmocka_unit_test(test_dsa_detect),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
