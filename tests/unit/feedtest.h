/* feedtest.h - shared bits of the feed reader tests (test_feed_*.c): a
 * private scratch directory under $TMPDIR, databases built through dbw_*
 * from feed files, SQLite query/assert helpers, jq and shell output, and the
 * head of a file for detect(). Each test program includes it once. */
#ifndef VG_FEEDTEST_H
#define VG_FEEDTEST_H

#include "testutil.h"

#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "core/fileio.h"
#include "core/strbuf.h"
#include "feeds/feed.h"

/* ---- the scratch directory ---------------------------------------------- */

static char scratch[1024]; /* made by scratch_make, removed by scratch_remove */

/* Make <$TMPDIR or /tmp>/<prefix>.XXXXXX as the scratch directory; 0, or -1. */
static inline int scratch_make(const char *prefix)
{
	const char *t = getenv("TMPDIR");

	snprintf(scratch, sizeof(scratch), "%s/%s.XXXXXX", t && *t ? t : "/tmp", prefix);
	return mkdtemp(scratch) ? 0 : -1;
}

static inline int scratch_rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

/* Remove the scratch directory and all in it; what nftw returned. */
static inline int scratch_remove(void)
{
	return nftw(scratch, scratch_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A cmocka group teardown that only removes the scratch directory. */
static inline int scratch_teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

static inline void scratch_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", scratch, name);
}

static inline void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Write len bytes of data to the scratch file name; returns its path (a
 * static buffer, overwritten by the next call). */
static inline const char *scratch_file(const char *name, const void *data, size_t len)
{
	static char path[4200];

	scratch_path(path, sizeof(path), name);
	write_file(path, data, len);
	return path;
}

/* A scratch file name of size NUL bytes (sparse); returns its path (a static
 * buffer, overwritten by the next call). */
static inline const char *scratch_zeros(const char *name, off_t size)
{
	static char path[4200];
	int fd;

	scratch_path(path, sizeof(path), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
	return path;
}

static inline double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- building a database ------------------------------------------------ */

/* A database being built: build_start, build_add per source, then
 * build_finish (or build_commit and open_db). */
struct build {
	char path[4200];
	struct dbw *w;
};

/* Start a new database at path (removed first if it is there). */
static inline void build_open(struct build *b, const char *path)
{
	struct vg_err err = { 0 };

	snprintf(b->path, sizeof(b->path), "%s", path);
	unlink(b->path);
	assert_int_equal(dbw_open(b->path, &b->w, &err), 0);
}

/* Start a new database <scratch>/<name>. */
static inline void build_start(struct build *b, const char *name)
{
	char path[4200];

	scratch_path(path, sizeof(path), name);
	build_open(b, path);
}

/* Ingest path with feed as source `source`; returns what ingest returned, err its error. */
static inline int build_add(struct build *b, const struct feed *feed, const char *source, const char *path,
			    struct vg_err *err)
{
	struct vg_err e2 = { 0 };
	int rc;

	assert_int_equal(dbw_begin_source(b->w, source, feed->name, path, &e2), 0);
	rc = feed->ingest(path, b->w, err);
	assert_int_equal(dbw_end_source(b->w, &e2), 0);
	return rc;
}

static inline void build_commit(struct build *b)
{
	struct vg_err err = { 0 };

	if (dbw_commit(b->w, &err) != 0)
		fail_msg("commit: %s", err.msg);
}

static inline sqlite3 *open_db(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	return db;
}

/* Commit the database and open it read-only. */
static inline sqlite3 *build_finish(struct build *b)
{
	build_commit(b);
	return open_db(b->path);
}

/* Ingest path with feed as the one source (named after the feed) of a new
 * database <scratch>/<db>; returns the ingest result, *out the committed
 * database opened read-only (NULL when the ingest failed: the build is
 * aborted then, as `vigil db build` does). err gets every error. */
static inline int build_one(const struct feed *feed, const char *db, const char *path, sqlite3 **out,
			    struct vg_err *err)
{
	char db_path[4200];
	struct dbw *w;
	int rc;

	*out = NULL;
	scratch_path(db_path, sizeof(db_path), db);
	assert_int_equal(dbw_open(db_path, &w, err), 0);
	assert_int_equal(dbw_begin_source(w, feed->name, feed->name, path, err), 0);
	rc = feed->ingest(path, w, err);
	if (rc != 0) {
		dbw_abort(w);
		return rc;
	}
	assert_int_equal(dbw_end_source(w, err), 0);
	assert_int_equal(dbw_commit(w, err), 0);
	*out = open_db(db_path);
	return 0;
}

/* ---- a reader's notices ------------------------------------------------- */

/* Where stderr goes while a reader runs: <scratch>/<name>.notices. */
struct notices {
	char path[4200];
	int saved; /* the real stderr */
};

/* Create (empty) the notices file of name and, when capture, send stderr to it. */
static inline void notices_start(struct notices *nt, const char *name, bool capture)
{
	char file[300];
	int fd;

	snprintf(file, sizeof(file), "%s.notices", name);
	scratch_path(nt->path, sizeof(nt->path), file);
	fflush(stderr);
	nt->saved = dup(2);
	fd = open(nt->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(nt->saved >= 0 && fd >= 0);
	if (capture)
		dup2(fd, 2);
	close(fd);
}

/* Give stderr back; *text gets what was captured (caller frees) when text is non-NULL. */
static inline void notices_stop(struct notices *nt, char **text)
{
	struct vg_err err = { 0 };

	fflush(stderr);
	dup2(nt->saved, 2);
	close(nt->saved);
	if (text)
		assert_int_equal(read_file_capped(nt->path, 1 << 20, text, NULL, &err), 0);
}

/* ---- SQLite ------------------------------------------------------------- */

/* The result rows of an SQL query (sqlite3_mprintf format: %Q quotes) as text:
 * columns joined by "|", rows by "\n", NULL shown as "NULL". Caller frees. */
static inline char *query(sqlite3 *db, const char *fmt, ...)
{
	struct strbuf out = STRBUF_INIT;
	sqlite3_stmt *st;
	va_list ap;
	char *sql;
	int rc;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out.len)
			strbuf_addch(&out, '\n');
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const unsigned char *v = sqlite3_column_text(st, c);
			if (c)
				strbuf_addch(&out, '|');
			strbuf_addstr(&out, v ? (const char *)v : "NULL");
		}
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	strbuf_addstr(&out, "");
	return strbuf_detach(&out, NULL);
}

/* The first column of the first row of an SQL query (as for query()). */
static inline long long query_int(sqlite3 *db, const char *fmt, ...)
{
	sqlite3_stmt *st;
	long long v;
	va_list ap;
	char *sql;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return v;
}

#define assert_query(db, expected, ...)              \
	do {                                         \
		char *got_ = query(db, __VA_ARGS__); \
		assert_string_equal(got_, expected); \
		free(got_);                          \
	} while (0)

/* The first row of sql (with ?1 bound to arg when given) as "a|b|c", NULL
 * columns as "NULL"; "" when there is no row. Caller frees. */
static inline char *row(sqlite3 *db, const char *sql, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	strbuf_addstr(&sb, "");
	if (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			strbuf_addf(&sb, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
		}
	sqlite3_finalize(st);
	return strbuf_detach(&sb, NULL);
}

static inline void assert_row(sqlite3 *db, const char *want, const char *sql, const char *arg)
{
	char *got = row(db, sql, arg);

	if (strcmp(got, want) != 0)
		fprintf(stderr, "# %s [%s]:\n#   got  %s\n#   want %s\n", sql, arg ? arg : "", got, want);
	assert_string_equal(got, want);
	free(got);
}

/* The number row() gives for sql (no argument). */
static inline long count(sqlite3 *db, const char *sql)
{
	char *r = row(db, sql, NULL);
	long n = atol(r);

	free(r);
	return n;
}

/* Skip the test when db, the database of the shared data, was not built
 * (../shared is absent). */
#define SKIP_WITHOUT_DB(db)                                                       \
	do {                                                                      \
		if (!(db)) {                                                      \
			fprintf(stderr, "# skip: %s absent\n", test_shared_dir()); \
			skip();                                                   \
		}                                                                 \
	} while (0)

/* ---- shell and jq ------------------------------------------------------- */

/* Everything a shell command printed; it must exit 0. Caller frees. */
static inline char *shell_output(const char *cmd)
{
	struct strbuf out = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *p = popen(cmd, "r");

	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(&out, buf, n);
	assert_int_equal(pclose(p), 0);
	strbuf_addstr(&out, "");
	return strbuf_detach(&out, NULL);
}

/* The number a shell command printed first; fails when there is none. */
static inline long long shell_number(const char *cmd)
{
	char *out = shell_output(cmd), *end;
	long long v = strtoll(out, &end, 10);

	if (end == out)
		fail_msg("%s printed no number: %s", cmd, out);
	free(out);
	return v;
}

/* jq's single-line output for filter on path ("" when jq is missing). */
static inline char *jq(const char *filter, const char *path)
{
	char cmd[4096], buf[256] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "jq -r '%s' '%s' 2>/dev/null", filter, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(buf, sizeof(buf), p))
		buf[0] = '\0';
	pclose(p);
	buf[strcspn(buf, "\n")] = '\0';
	return xstrdup(buf);
}

/* jq's output for filter on path as a number; fails when jq is missing. */
static inline long jq_long(const char *filter, const char *path)
{
	char *s = jq(filter, path);
	long n;

	if (!*s) {
		free(s);
		fprintf(stderr, "# jq is needed for this test\n");
		fail();
	}
	n = atol(s);
	free(s);
	return n;
}

/* ---- reading files ------------------------------------------------------ */

#define FEEDTEST_HEAD 4096 /* how much of a file detect() is given */

/* The first size bytes (at most) of path into buf; returns how many. A file
 * that cannot be opened gives 0, or fails the test when must_open. */
static inline size_t read_head(const char *path, char *buf, size_t size, bool must_open)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (must_open)
		assert_non_null(f);
	if (!f)
		return 0;
	n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

/* What feed's detect() says of path and its first FEEDTEST_HEAD bytes (see read_head). */
static inline bool detect_path(const struct feed *feed, const char *path, bool must_open)
{
	char head[FEEDTEST_HEAD];
	size_t n = read_head(path, head, sizeof(head), must_open);

	return feed->detect(path, head, n);
}

#endif
