/* writer.c - building the vulnerability database (see vulndb.h): a temporary
 * SQLite file beside the final path, one transaction, indexes made at the
 * end, then fsync and rename. The writer owns its statements and the temp
 * file until dbw_commit / dbw_abort. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/strbuf.h"
#include "vulndb.h"

#define DBW_NOTICES_PER_SOURCE 5

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE sources(name TEXT PRIMARY KEY, format TEXT NOT NULL, location TEXT NOT NULL,"
	" records INTEGER NOT NULL, skipped INTEGER NOT NULL, newest TEXT) WITHOUT ROWID;"
	"CREATE TABLE vulnerabilities(id TEXT PRIMARY KEY, summary TEXT, description TEXT,"
	" published TEXT, modified TEXT, withdrawn TEXT, source TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE aliases(vuln_id TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY(vuln_id, alias)) WITHOUT ROWID;"
	"CREATE TABLE severities(vuln_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL,"
	" vector TEXT, score REAL, rating TEXT, PRIMARY KEY(vuln_id, source, type)) WITHOUT ROWID;"
	"CREATE TABLE exploited(cve TEXT PRIMARY KEY, date_added TEXT, due_date TEXT, ransomware TEXT,"
	" name TEXT) WITHOUT ROWID;"
	"CREATE TABLE affected(namespace TEXT NOT NULL, package TEXT NOT NULL, vuln_id TEXT NOT NULL,"
	" status TEXT NOT NULL, fixed TEXT, ranges TEXT, versions TEXT, rating TEXT, source TEXT NOT NULL);";

static const char index_sql[] =
	"CREATE INDEX affected_by_package ON affected(namespace, package);"
	"CREATE INDEX aliases_by_alias ON aliases(alias);";

enum dbw_stmt {
	ST_VULN,
	ST_ALIAS,
	ST_SEVERITY,
	ST_AFFECTED,
	ST_EXPLOITED,
	ST_SOURCE,
	ST_COUNT,
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_VULN] = "INSERT INTO vulnerabilities(id, summary, description, published, modified, withdrawn, source)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET"
		    " summary = COALESCE(summary, excluded.summary),"
		    " description = COALESCE(description, excluded.description),"
		    " published = COALESCE(published, excluded.published),"
		    " modified = COALESCE(modified, excluded.modified),"
		    " withdrawn = COALESCE(withdrawn, excluded.withdrawn)",
	[ST_ALIAS] = "INSERT OR IGNORE INTO aliases(vuln_id, alias) VALUES(?1, ?2)",
	[ST_SEVERITY] = "INSERT OR REPLACE INTO severities(vuln_id, source, type, vector, score, rating)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_AFFECTED] = "INSERT INTO affected(namespace, package, vuln_id, status, fixed, ranges, versions, rating, source)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_EXPLOITED] = "INSERT OR REPLACE INTO exploited(cve, date_added, due_date, ransomware, name)"
			 " VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_SOURCE] = "INSERT OR REPLACE INTO sources(name, format, location, records, skipped, newest)"
		      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
};

struct dbw {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	char *final_path;
	char *tmp_path;
	/* the current source */
	char *src_name, *src_format, *src_location;
	long long records, skipped;
	char newest[64];
	bool in_source;
};

const char *affect_status_name(enum affect_status s)
{
	switch (s) {
	case AFFECT_FIXED: return "fixed";
	case AFFECT_AFFECTED: return "affected";
	case AFFECT_WONT_FIX: return "wont-fix";
	case AFFECT_NOT_AFFECTED: return "not-affected";
	case AFFECT_UNDER_INVESTIGATION: return "under-investigation";
	case AFFECT_RANGES: return "ranges";
	}
	return "unknown";
}

static int sql_fail(struct dbw *w, struct vg_err *err, const char *what)
{
	return vg_err_set(err, VG_EIO, "%s: %s: %s", w->tmp_path ? w->tmp_path : w->final_path, what,
			  sqlite3_errmsg(w->db));
}

static int exec_sql(struct dbw *w, const char *sql, struct vg_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(w->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		vg_err_set(err, VG_EIO, "%s: %s", w->tmp_path, msg ? msg : "SQL error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int dbw_open(const char *final_path, struct dbw **out, struct vg_err *err)
{
	struct dbw *w = xcalloc(1, sizeof(*w));
	struct strbuf tmp = STRBUF_INIT;
	int fd;

	w->final_path = xstrdup(final_path);
	strbuf_addf(&tmp, "%s.tmp.XXXXXX", final_path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		vg_err_set(err, VG_EIO, "%s: cannot create a temporary file beside it: %s", final_path, strerror(errno));
		strbuf_release(&tmp);
		free(w->final_path);
		free(w);
		return -1;
	}
	close(fd);
	w->tmp_path = strbuf_detach(&tmp, NULL);
	if (sqlite3_open_v2(w->tmp_path, &w->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sql_fail(w, err, "cannot open");
		goto fail;
	}
	if (exec_sql(w, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
			"PRAGMA cache_size=-65536;", err) != 0 ||
	    exec_sql(w, schema_sql, err) != 0 || exec_sql(w, "BEGIN", err) != 0)
		goto fail;
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(w->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &w->st[i], NULL) != SQLITE_OK) {
			sql_fail(w, err, "cannot prepare a statement");
			goto fail;
		}
	*out = w;
	return 0;
fail:
	dbw_abort(w);
	return -1;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static int step(struct dbw *w, enum dbw_stmt which, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[which];
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return sql_fail(w, err, "insert failed");
	return 0;
}

static const char *current_source(struct dbw *w)
{
	return w->src_name ? w->src_name : "unknown";
}

int dbw_begin_source(struct dbw *w, const char *name, const char *format, const char *location,
		     struct vg_err *err)
{
	if (w->in_source && dbw_end_source(w, err) != 0)
		return -1;
	free(w->src_name);
	free(w->src_format);
	free(w->src_location);
	w->src_name = xstrdup(name);
	w->src_format = xstrdup(format);
	w->src_location = xstrdup(location);
	w->records = w->skipped = 0;
	w->newest[0] = '\0';
	w->in_source = true;
	return 0;
}

int dbw_add_vuln(struct dbw *w, const struct vuln_rec *v, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[ST_VULN];

	if (!v->id || !*v->id)
		return vg_err_set(err, VG_EINTERNAL, "vulnerability without an id");
	bind_text(s, 1, v->id);
	bind_text(s, 2, v->summary);
	bind_text(s, 3, v->description);
	bind_text(s, 4, v->published);
	bind_text(s, 5, v->modified);
	bind_text(s, 6, v->withdrawn);
	bind_text(s, 7, current_source(w));
	return step(w, ST_VULN, err);
}

int dbw_add_alias(struct dbw *w, const char *vuln_id, const char *alias, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[ST_ALIAS];

	if (!vuln_id || !alias || strcmp(vuln_id, alias) == 0)
		return 0;
	bind_text(s, 1, vuln_id);
	bind_text(s, 2, alias);
	return step(w, ST_ALIAS, err);
}

int dbw_add_severity(struct dbw *w, const struct severity_rec *sv, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[ST_SEVERITY];

	if (!sv->vuln_id || !sv->type)
		return vg_err_set(err, VG_EINTERNAL, "severity without an id or type");
	bind_text(s, 1, sv->vuln_id);
	bind_text(s, 2, current_source(w));
	bind_text(s, 3, sv->type);
	bind_text(s, 4, sv->vector);
	if (sv->score >= 0)
		sqlite3_bind_double(s, 5, sv->score);
	else
		sqlite3_bind_null(s, 5);
	bind_text(s, 6, sv->rating);
	return step(w, ST_SEVERITY, err);
}

int dbw_add_affected(struct dbw *w, const struct affected_rec *a, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[ST_AFFECTED];

	if (!a->namespace || !a->package || !a->vuln_id)
		return vg_err_set(err, VG_EINTERNAL, "affected entry without namespace, package or id");
	bind_text(s, 1, a->namespace);
	bind_text(s, 2, a->package);
	bind_text(s, 3, a->vuln_id);
	bind_text(s, 4, affect_status_name(a->status));
	bind_text(s, 5, a->fixed);
	bind_text(s, 6, a->ranges);
	bind_text(s, 7, a->versions);
	bind_text(s, 8, a->rating);
	bind_text(s, 9, current_source(w));
	return step(w, ST_AFFECTED, err);
}

int dbw_add_exploited(struct dbw *w, const struct kev_rec *k, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[ST_EXPLOITED];

	if (!k->cve)
		return vg_err_set(err, VG_EINTERNAL, "exploited entry without a CVE id");
	bind_text(s, 1, k->cve);
	bind_text(s, 2, k->date_added);
	bind_text(s, 3, k->due_date);
	bind_text(s, 4, k->ransomware);
	bind_text(s, 5, k->name);
	return step(w, ST_EXPLOITED, err);
}

void dbw_count_record(struct dbw *w, const char *date)
{
	w->records++;
	if (date && strlen(date) < sizeof(w->newest) && strcmp(date, w->newest) > 0)
		strcpy(w->newest, date);
}

void dbw_skip_record(struct dbw *w, const char *fmt, ...)
{
	va_list ap;

	if (++w->skipped > DBW_NOTICES_PER_SOURCE)
		return;
	fprintf(stderr, "vigil: %s: ", w->src_location ? w->src_location : "?");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(w->skipped == DBW_NOTICES_PER_SOURCE ? " (further notices for this file are not shown)\n" : "\n",
	      stderr);
}

void dbw_notice(struct dbw *w, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vigil: %s: ", w->src_location ? w->src_location : "?");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int dbw_end_source(struct dbw *w, struct vg_err *err)
{
	sqlite3_stmt *s = w->st[ST_SOURCE];

	if (!w->in_source)
		return 0;
	w->in_source = false;
	if (w->skipped > DBW_NOTICES_PER_SOURCE)
		fprintf(stderr, "vigil: %s: skipped %lld malformed records in all\n", w->src_location, w->skipped);
	bind_text(s, 1, w->src_name);
	bind_text(s, 2, w->src_format);
	bind_text(s, 3, w->src_location);
	sqlite3_bind_int64(s, 4, w->records);
	sqlite3_bind_int64(s, 5, w->skipped);
	bind_text(s, 6, w->newest[0] ? w->newest : NULL);
	return step(w, ST_SOURCE, err);
}

static int put_meta(struct dbw *w, const char *key, const char *value, struct vg_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(w->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &s, NULL) !=
	    SQLITE_OK)
		return sql_fail(w, err, "meta");
	bind_text(s, 1, key);
	bind_text(s, 2, value);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(w, err, "meta");
}

static void finalize_statements(struct dbw *w)
{
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(w->st[i]);
		w->st[i] = NULL;
	}
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int dbw_commit(struct dbw *w, struct vg_err *err)
{
	char num[32], when[32];
	time_t now = time(NULL);
	struct tm tm;

	if (dbw_end_source(w, err) != 0)
		goto fail;
	snprintf(num, sizeof(num), "%d", VULNDB_SCHEMA_VERSION);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (put_meta(w, "schema_version", num, err) != 0 || put_meta(w, "built_at", when, err) != 0 ||
	    put_meta(w, "vigil_version", VIGIL_VERSION, err) != 0)
		goto fail;
	finalize_statements(w);
	snprintf(num, sizeof(num), "PRAGMA user_version=%d;", VULNDB_SCHEMA_VERSION);
	if (exec_sql(w, index_sql, err) != 0 || exec_sql(w, num, err) != 0 || exec_sql(w, "COMMIT", err) != 0)
		goto fail;
	if (sqlite3_close(w->db) != SQLITE_OK) {
		sql_fail(w, err, "close");
		goto fail;
	}
	w->db = NULL;
	{
		mode_t um = umask(0); /* mkstemp made it 0600; a database is as readable as any new file */
		umask(um);
		chmod(w->tmp_path, 0644 & ~um);
	}
	if (fsync_path(w->tmp_path) != 0 || rename(w->tmp_path, w->final_path) != 0) {
		vg_err_set(err, VG_EIO, "%s: %s", w->final_path, strerror(errno));
		goto fail;
	}
	free(w->tmp_path);
	w->tmp_path = NULL;
	dbw_abort(w); /* frees what is left; nothing to unlink now */
	return 0;
fail:
	dbw_abort(w);
	return -1;
}

void dbw_abort(struct dbw *w)
{
	if (!w)
		return;
	finalize_statements(w);
	if (w->db)
		sqlite3_close(w->db);
	if (w->tmp_path) {
		unlink(w->tmp_path);
		free(w->tmp_path);
	}
	free(w->final_path);
	free(w->src_name);
	free(w->src_format);
	free(w->src_location);
	free(w);
}
