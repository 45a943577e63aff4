/* test_feed_wolfi.c - the Wolfi/Chainguard advisories reader (feeds/wolfi.c)
 * on the shared wolfi-advisories.jsonl: every row against a jq extraction run
 * at test time, hand-checked advisories, the event rules, and hostile lines.
 * Scratch files live in a private directory under $TMPDIR, removed at the end. */
#include "feedtest.h"

#define WOLFI_REL "vulndata/wolfi/wolfi-advisories.jsonl"

static sqlite3 *shared_db;

/* The deciding event of each advisory per jq: the latest timestamp (string
 * order, which is time order for this file's one format), the later on a tie. */
#define JQ_ROWS                                                                                   \
	".package.name as $p | .advisories[] | (.events | to_entries | max_by([.value.timestamp, .key])" \
	" | .value) as $e | [$p, .id, ({\"fixed\": \"fixed\", \"false-positive-determination\":"        \
	" \"not-affected\", \"fix-not-planned\": \"wont-fix\"}[$e.type] // \"affected\"),"               \
	" (if $e.type == \"fixed\" then $e.data[\"fixed-version\"] else \"NULL\" end)] | join(\"|\")"

/* ---- helpers ------------------------------------------------------------ */

#define ROW_OF "SELECT namespace, status, fixed FROM affected WHERE package = %Q AND vuln_id = %Q"
#define ALIASES_OF "SELECT alias FROM aliases WHERE vuln_id = %Q ORDER BY alias"
#define SOURCE_OF "SELECT records || ' ' || skipped FROM sources WHERE name = %Q"

/* Ingest path (one source named "t") into a new database name, committed and
 * opened; *rc gets what ingest returned. The reader's notices go to
 * <name>.notices in the scratch directory, returned in *notices (caller frees). */
static sqlite3 *db_of_file(const char *name, const char *path, int *rc, struct vg_err *err, char **notices)
{
	char dbname[300];
	struct notices nt;
	struct build b;

	snprintf(dbname, sizeof(dbname), "%s.db", name);
	build_start(&b, dbname);
	notices_start(&nt, name, true);
	*rc = build_add(&b, &feed_wolfi_advisories, "t", path, err);
	notices_stop(&nt, notices);
	return build_finish(&b);
}

static sqlite3 *db_of_text(const char *name, const char *text, int *rc, char **notices)
{
	char file[300];
	struct vg_err err = { 0 };
	sqlite3 *db;

	snprintf(file, sizeof(file), "%s.jsonl", name);
	db = db_of_file(name, scratch_file(file, text, strlen(text)), rc, &err, notices);
	if (*rc != 0)
		fail_msg("%s: %s", name, err.msg);
	return db;
}

/* One advisory line for package pkg: id, then events as JSON text. */
static void add_line(struct strbuf *sb, const char *pkg, const char *id, const char *events)
{
	strbuf_addf(sb,
		    "{\"schema-version\":\"2.0.2\",\"package\":{\"name\":\"%s\"},\"advisories\":[{\"id\":\"%s\","
		    "\"aliases\":[\"CVE-2024-0001\"],\"events\":[%s]}]}\n",
		    pkg, id, events);
}

#define NEED_SHARED() SKIP_WITHOUT_DB(shared_db)

/* ---- setup -------------------------------------------------------------- */

static int group_setup(void **state)
{
	char path[4200];
	struct vg_err err = { 0 };
	struct timespec t0;
	int rc;

	(void)state;
	if (scratch_make("vigil-test-wolfi") != 0)
		return -1;
	if (!test_shared_path(path, sizeof(path), WOLFI_REL))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	shared_db = db_of_file("shared", path, &rc, &err, NULL);
	if (rc != 0) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	fprintf(stderr, "# ingest of wolfi-advisories.jsonl (8.1 MB, 20,770 advisories) into a committed database: %.3f s\n",
		seconds_since(&t0));
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

/* ---- the shared file ---------------------------------------------------- */

static void test_counts_match_jq(void **state)
{
	char path[4200], cmd[8000];

	(void)state;
	NEED_SHARED();
	test_shared_path(path, sizeof(path), WOLFI_REL);
	snprintf(cmd, sizeof(cmd), "jq '.advisories | length' '%s' | awk '{ s += $1 } END { print s }'", path);
	assert_int_equal(query_int(shared_db, "SELECT records FROM sources"), shell_number(cmd));
	assert_query(shared_db, "20770 0|2025-05-07T16:46:48Z", "SELECT records || ' ' || skipped, newest FROM sources");
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected"), 20770);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM vulnerabilities"), 20770);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM affected WHERE namespace <> 'wolfi:rolling'"), 0);
	snprintf(cmd, sizeof(cmd), "jq -r '.advisories[] | .id as $i | .aliases[] | \"\\($i) \\(.)\"' '%s' | sort -u | wc -l",
		 path);
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM aliases"), shell_number(cmd));
	assert_int_equal(query_int(shared_db, "SELECT count(*) FROM aliases"), 39608);
	assert_query(shared_db, "affected|3968\nfixed|14607\nnot-affected|2046\nwont-fix|149",
		     "SELECT status, count(*) FROM affected GROUP BY status ORDER BY status");
}

/* Every (package, id, status, fixed) against jq's own reading of the file. */
static void test_every_row_matches_jq(void **state)
{
	char path[4200], cmd[8000], *want, *got;

	(void)state;
	NEED_SHARED();
	test_shared_path(path, sizeof(path), WOLFI_REL);
	snprintf(cmd, sizeof(cmd), "jq -r '" JQ_ROWS "' '%s' | LC_ALL=C sort", path);
	want = shell_output(cmd);
	got = query(shared_db, "SELECT package || '|' || vuln_id || '|' || status || '|' || ifnull(fixed, 'NULL') AS l"
			       " FROM affected ORDER BY l");
	if (want[0] && want[strlen(want) - 1] == '\n')
		want[strlen(want) - 1] = '\0';
	assert_int_equal(strlen(got), strlen(want));
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void test_hand_picked_advisories(void **state)
{
	(void)state;
	NEED_SHARED();
	/* detection, then fixed */
	assert_query(shared_db, "wolfi:rolling|fixed|0.4.12-r22", ROW_OF, "aactl", "CGA-296v-fx37-w4p4");
	assert_query(shared_db, "CVE-2024-45341\nGHSA-3f6r-qh9c-x6mm", ALIASES_OF, "CGA-296v-fx37-w4p4");
	assert_query(shared_db, "NULL|NULL|2025-01-31T07:03:40Z|2025-01-31T16:38:44Z|NULL|wolfi-advisories",
		     "SELECT v.summary, v.description, v.published, v.modified, v.withdrawn, s.format"
		     " FROM vulnerabilities v JOIN sources s ON s.name = v.source WHERE v.id = 'CGA-296v-fx37-w4p4'");
	/* listed last but older: the false-positive of 03-19 decides, not the fix of 03-18 */
	assert_query(shared_db, "wolfi:rolling|not-affected|NULL", ROW_OF, "aws-efs-csi-driver", "CGA-pggr-w7gc-5r3m");
	/* fixed listed after a later detection: still affected */
	assert_query(shared_db, "wolfi:rolling|affected|NULL", ROW_OF, "cluster-autoscaler-1.25", "CGA-2vgr-6mqh-4r48");
	/* single events of each kind */
	assert_query(shared_db, "wolfi:rolling|not-affected|NULL", ROW_OF, "aactl", "CGA-7ggg-m3hv-6chj");
	assert_query(shared_db, "wolfi:rolling|wont-fix|NULL", ROW_OF, "argo-cd-2.7", "CGA-gv75-8j9w-mv6f");
	assert_query(shared_db, "wolfi:rolling|affected|NULL", ROW_OF, "cassandra-reaper", "CGA-5wg6-3472-f7g3");
	assert_query(shared_db, "wolfi:rolling|affected|NULL", ROW_OF, "go-1.21", "CGA-wvwh-gjjr-vw5q");
	/* ids without a digit */
	assert_query(shared_db, "wolfi:rolling|affected|NULL", ROW_OF, "argo-cd-2.9", "CGA-hggx-wvqr-rgxh");
	assert_query(shared_db, "CVE-2022-42003\nGHSA-jjjh-jjxp-wpff", ALIASES_OF, "CGA-c43g-8x54-j827");
	/* the CVE finds its advisories through the aliases */
	assert_query(shared_db,
		     "argocd-image-updater|CGA-74w6-9rf4-9jcv\naws-efs-csi-driver|CGA-pggr-w7gc-5r3m\n"
		     "emissary|CGA-rgmr-3fw8-8v5j\nkubernetes-csi-driver-nfs|CGA-j6qv-mgh9-jgmp\n"
		     "rancher-agent-2.11|CGA-rmmm-cj5w-3wv7",
		     "SELECT a.package, a.vuln_id FROM aliases x JOIN affected a ON a.vuln_id = x.vuln_id"
		     " WHERE x.alias = 'CVE-2024-9042' ORDER BY 1, 2");
}

/* ---- the event rules ---------------------------------------------------- */

static void test_latest_event_decides(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *notices;
	int rc;
	sqlite3 *db;

	(void)state;
	/* a tie: the later in the list */
	add_line(&sb, "tie", "CGA-0000-0000-0001",
		 "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"fixed\",\"data\":{\"fixed-version\":\"1-r0\"}},"
		 "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"false-positive-determination\"}");
	/* offsets: 10:00+02:00 is 08:00Z, before 09:00Z */
	add_line(&sb, "tz", "CGA-0000-0000-0002",
		 "{\"timestamp\":\"2024-01-01T09:00:00Z\",\"type\":\"fixed\",\"data\":{\"fixed-version\":\"2-r0\"}},"
		 "{\"timestamp\":\"2024-01-01T10:00:00+02:00\",\"type\":\"detection\"}");
	/* fractions of a second */
	add_line(&sb, "frac", "CGA-0000-0000-0003",
		 "{\"timestamp\":\"2024-01-01T00:00:00.5Z\",\"type\":\"fix-not-planned\"},"
		 "{\"timestamp\":\"2024-01-01T00:00:00.25Z\",\"type\":\"fixed\",\"data\":{\"fixed-version\":\"3-r0\"}}");
	/* an unknown type never decides */
	add_line(&sb, "unknown", "CGA-0000-0000-0004",
		 "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"fixed\",\"data\":{\"fixed-version\":\"4-r0\"}},"
		 "{\"timestamp\":\"2024-02-01T00:00:00Z\",\"type\":\"comment\"}");
	add_line(&sb, "anp", "CGA-0000-0000-0005", "{\"timestamp\":\"2024-01-01\",\"type\":\"analysis-not-planned\"}");
	add_line(&sb, "tp", "CGA-0000-0000-0006", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"true-positive-determination\"}");
	add_line(&sb, "pending", "CGA-0000-0000-0007", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"pending-upstream-fix\"}");
	add_line(&sb, "zero", "CGA-0000-0000-0008",
		 "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"fixed\",\"data\":{\"fixed-version\":\"0\"}}");
	/* skipped: only unknown types, a bad timestamp, no fixed-version, no events, bad id */
	add_line(&sb, "s1", "CGA-0000-0000-0009", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"comment\"}");
	add_line(&sb, "s2", "CGA-0000-0000-0010",
		 "{\"timestamp\":\"2024-13-01T00:00:00Z\",\"type\":\"detection\"}");
	add_line(&sb, "s3", "CGA-0000-0000-0011", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"fixed\"}");
	add_line(&sb, "s4", "CGA-0000-0000-0012", "");
	add_line(&sb, "s5", "CGA 0000", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}");
	add_line(&sb, "s6", "CGA-0000-0000-0013", "{\"timestamp\":\"yesterday\",\"type\":\"detection\"}");
	add_line(&sb, "s7", "CGA-0000-0000-0014",
		 "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"fixed\",\"data\":{\"fixed-version\":\"1 r0\"}}");
	db = db_of_text("events", sb.buf, &rc, &notices);
	assert_query(db,
		     "anp|wont-fix|NULL\nfrac|wont-fix|NULL\npending|affected|NULL\ntie|not-affected|NULL\n"
		     "tp|affected|NULL\ntz|fixed|2-r0\nunknown|fixed|4-r0\nzero|not-affected|NULL",
		     "SELECT package, status, fixed FROM affected ORDER BY package");
	assert_query(db, "8 7|2024-02-01T00:00:00Z", "SELECT records || ' ' || skipped, newest FROM sources");
	/* the first event is when it was published, the last when modified */
	assert_query(db, "2024-01-01T00:00:00.25Z|2024-01-01T00:00:00.5Z",
		     "SELECT published, modified FROM vulnerabilities WHERE id = 'CGA-0000-0000-0003'");
	/* the latest event of any type is when the advisory was modified */
	assert_query(db, "2024-01-01T00:00:00Z|2024-02-01T00:00:00Z",
		     "SELECT published, modified FROM vulnerabilities WHERE id = 'CGA-0000-0000-0004'");
	assert_non_null(strstr(notices, "line 9: s1 CGA-0000-0000-0009: no event of a known type"));
	assert_non_null(strstr(notices, "line 10: s2 CGA-0000-0000-0010: an event without a valid timestamp"));
	sqlite3_close(db);
	free(notices);
	strbuf_release(&sb);
}

static void test_aliases_and_shapes(void **state)
{
	const char *text =
		"{\"package\":{\"name\":\"a\"},\"advisories\":[{\"id\":\"CGA-aaaa-aaaa-aaaa\",\"aliases\":"
		"[\"CVE-2024-0001\",\"GHSA-xxxx-xxxx-xxxx\",\"not an id\",7,\"CGA-aaaa-aaaa-aaaa\"],"
		"\"events\":[{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}]},"
		"{\"id\":\"CGA-aaaa-aaaa-aaab\",\"aliases\":\"CVE-2024-0002\","
		"\"events\":[{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}]},"
		"{\"id\":\"CGA-aaaa-aaaa-aaac\",\"events\":{\"timestamp\":\"2024-01-01T00:00:00Z\"}}, 5, null]}\n"
		"{\"package\":{\"name\":\"b\"},\"advisories\":null}\n"
		"{\"package\":{\"name\":\"c\"}}\n"
		"{\"package\":{\"name\":\"d\"},\"advisories\":{}}\n"
		"{\"package\":\"e\",\"advisories\":[]}\n"
		"{\"package\":{\"name\":\"has space\"},\"advisories\":[]}\n";
	char *notices;
	int rc;
	sqlite3 *db = db_of_text("shapes", text, &rc, &notices);

	(void)state;
	assert_query(db, "a|CGA-aaaa-aaaa-aaaa\na|CGA-aaaa-aaaa-aaab", "SELECT package, vuln_id FROM affected ORDER BY 2");
	assert_query(db, "CVE-2024-0001\nGHSA-xxxx-xxxx-xxxx", ALIASES_OF, "CGA-aaaa-aaaa-aaaa");
	assert_query(db, "", ALIASES_OF, "CGA-aaaa-aaaa-aaab");
	/* 2 bad aliases, aliases a string, events an object, 5, null, d, e, "has space" */
	assert_query(db, "2 9", SOURCE_OF, "t");
	sqlite3_close(db);
	free(notices);
}

/* The file name says whose advisories they are. */
static void test_namespace_from_file_name(void **state)
{
	static const struct {
		const char *name, *ns;
	} cases[] = {
		{ "chainguard-advisories", "chainguard:rolling" },
		{ "Chainguard", "chainguard:rolling" },
		{ "advisories", "wolfi:rolling" },
		{ "wolfi-advisories", "wolfi:rolling" },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	add_line(&sb, "p", "CGA-0000-0000-0001", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}");
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		int rc;
		sqlite3 *db = db_of_text(cases[i].name, sb.buf, &rc, NULL);
		assert_query(db, cases[i].ns, "SELECT namespace FROM affected");
		sqlite3_close(db);
	}
	strbuf_release(&sb);
}

/* ---- hostile input ------------------------------------------------------ */

/* Bad lines are skipped by number; the good lines around them all count. */
static void test_hostile_lines(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char path[4200], *notices;
	struct vg_err err = { 0 };
	int rc;
	sqlite3 *db;

	(void)state;
	add_line(&sb, "good1", "CGA-0000-0000-0001", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}");
	strbuf_addstr(&sb, "{\"package\":{\"name\":\"x\"},\"advisories\":[\n");            /* 2: truncated */
	strbuf_addstr(&sb, "[1,2,3]\n");                                                   /* 3: not an object */
	strbuf_addstr(&sb, "\n   \r\n\t\n");                                               /* 4-6: blank */
	strbuf_addstr(&sb, "{\"package\":{\"name\":\"\xc3\x28\"},\"advisories\":[]}\n");   /* 7: not UTF-8 */
	for (int i = 0; i < 100000; i++)                                                   /* 8: too deep */
		strbuf_addch(&sb, '[');
	strbuf_addch(&sb, '\n');
	strbuf_addstr(&sb, "{\"package\":");                                               /* 9: 20 MB */
	for (int i = 0; i < 20 << 20; i += 8)
		strbuf_addstr(&sb, "        ");
	strbuf_addstr(&sb, "{\"name\":\"huge\"},\"advisories\":[]}\n");
	add_line(&sb, "good2", "CGA-0000-0000-0002", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}");
	sb.buf[sb.len - 1] = '\r'; /* 10: CRLF */
	strbuf_addch(&sb, '\n');
	strbuf_add(&sb, "{\"a\":\"\0\"}\n", 10);                                           /* 11: NUL */
	strbuf_addstr(&sb, "{\"package\":{\"name\":\"y\"},\"advisories\":[{\"id\":1}]}\n"); /* 12 */
	add_line(&sb, "good3", "CGA-0000-0000-0003", "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"type\":\"detection\"}");
	sb.len--; /* 13: the last line without its newline */
	scratch_path(path, sizeof(path), "hostile.jsonl");
	write_file(path, sb.buf, sb.len);
	strbuf_release(&sb);
	db = db_of_file("hostile", path, &rc, &err, &notices);
	assert_int_equal(rc, 0);
	assert_query(db, "good1\ngood2\ngood3", "SELECT package FROM affected ORDER BY 1");
	assert_query(db, "3 7", SOURCE_OF, "t");
	assert_non_null(strstr(notices, ": line 2: invalid JSON"));
	assert_non_null(strstr(notices, ": line 3: not a JSON object"));
	assert_non_null(strstr(notices, ": line 7: invalid JSON"));
	assert_non_null(strstr(notices, ": line 8: invalid JSON"));
	assert_non_null(strstr(notices, ": line 9: longer than the 16777216 byte limit"));
	assert_non_null(strstr(notices, "skipped 7 malformed records in all"));
	sqlite3_close(db);
	free(notices);
	unlink(path);
}

static void test_empty_and_unreadable(void **state)
{
	char path[4200], *notices;
	struct vg_err err = { 0 };
	int rc;
	sqlite3 *db = db_of_text("empty", "", &rc, NULL);

	(void)state;
	assert_query(db, "0 0", SOURCE_OF, "t");
	sqlite3_close(db);
	db = db_of_text("blank", "\n\n  \n", &rc, NULL);
	assert_query(db, "0 0", SOURCE_OF, "t");
	sqlite3_close(db);
	scratch_path(path, sizeof(path), "absent.jsonl");
	db = db_of_file("absent", path, &rc, &err, NULL);
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, VG_ENOTFOUND);
	sqlite3_close(db);
	db = db_of_file("dir", scratch, &rc, &err, &notices);
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, VG_EFORMAT);
	assert_string_equal(notices, "");
	sqlite3_close(db);
	free(notices);
}

/* The shared file cut at many places: the complete lines before the cut all count. */
static void test_truncated_shared_file(void **state)
{
	char path[4200], cut[4200], *data;
	struct vg_err err = { 0 };
	size_t len, lines_before;

	(void)state;
	NEED_SHARED();
	test_shared_path(path, sizeof(path), WOLFI_REL);
	assert_int_equal(read_file_capped(path, 64u << 20, &data, &len, &err), 0);
	scratch_path(cut, sizeof(cut), "cut.jsonl");
	if (len > (600u << 10))
		len = 600u << 10; /* a few hundred lines are enough, and quick under valgrind */
	for (size_t at = len / 5; at < len; at += len / 5 + 1234) {
		int rc;
		sqlite3 *db;
		write_file(cut, data, at);
		lines_before = 0;
		for (size_t i = 0; i < at; i++)
			lines_before += data[i] == '\n';
		db = db_of_file("cut", cut, &rc, &err, NULL);
		assert_int_equal(rc, 0);
		assert_int_equal(query_int(db, "SELECT count(DISTINCT package) FROM affected"), (long long)lines_before);
		assert_int_equal(query_int(db, "SELECT skipped FROM sources"), data[at - 1] == '\n' ? 0 : 1);
		sqlite3_close(db);
	}
	free(data);
}

/* ---- detect ------------------------------------------------------------- */

static bool detect_text(const char *head)
{
	return feed_wolfi_advisories.detect("x", head, strlen(head));
}

static void test_detect(void **state)
{
	static const char *const others[] = {
		"vulndata/alpine/secdb-legacy-json/v3.10/main.json", "vulndata/samples/wolfi/secdb-security-excerpt.json",
		"vulndata/debian/tracker-derived.json",              "vulndata/samples/chainguard/osv-CGA-224q-ccj5-2p53.json",
		"vulndata/osv/go.jsonl",                             "vulndata/almalinux/almalinux9.jsonl",
	};
	char path[4200];

	(void)state;
	SKIP_WITHOUT_SHARED(path, WOLFI_REL);
	assert_true(detect_path(&feed_wolfi_advisories, path, false));
	for (size_t i = 0; i < VG_ARRAY_LEN(others); i++) {
		test_shared_path(path, sizeof(path), others[i]);
		if (detect_path(&feed_wolfi_advisories, path, false))
			fail_msg("%s claimed", others[i]);
	}
	assert_false(feed_wolfi_advisories.detect("x", "", 0));
	assert_false(detect_text("{\"schema_version\":\"1.6.0\",\"package\":{}}"));
	assert_false(detect_text("[{\"schema-version\":\"2\",\"package\":{}}]"));
	assert_true(detect_text(" {\"schema-version\":\"2\",\"package\":{\"name\":\"a\"}}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_match_jq),
		cmocka_unit_test(test_every_row_matches_jq),
		cmocka_unit_test(test_hand_picked_advisories),
		cmocka_unit_test(test_latest_event_decides),
		cmocka_unit_test(test_aliases_and_shapes),
		cmocka_unit_test(test_namespace_from_file_name),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_empty_and_unreadable),
		cmocka_unit_test(test_truncated_shared_file),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
