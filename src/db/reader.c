/* reader.c - read-only access to the vulnerability database (see reader.h). */
#include <sqlite3.h>

#include "reader.h"

struct vulndb {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *affected, *vuln, *aliases, *severities, *kev;
};

static int db_fail(struct vulndb *v, struct vg_err *err, const char *what)
{
	return vg_err_set(err, VG_EIO, "%s: %s: %s", v->path, what, v->db ? sqlite3_errmsg(v->db) : "cannot open");
}

static int prepare(struct vulndb *v, const char *sql, sqlite3_stmt **st, struct vg_err *err)
{
	if (sqlite3_prepare_v3(v->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return db_fail(v, err, "not a vigil vulnerability database");
	return 0;
}

static int check_schema(struct vulndb *v, struct vg_err *err)
{
	sqlite3_stmt *st;
	int version = -1;

	if (sqlite3_prepare_v2(v->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return vg_err_set(err, VG_EFORMAT, "%s: not an SQLite database", v->path);
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version != VULNDB_SCHEMA_VERSION)
		return vg_err_set(err, VG_EFORMAT,
				  "%s: database schema version %d, this vigil reads version %d (rebuild it with vigil db build)",
				  v->path, version, VULNDB_SCHEMA_VERSION);
	return 0;
}

int vulndb_open(const char *path, struct vulndb **out, struct vg_err *err)
{
	struct vulndb *v = xcalloc(1, sizeof(*v));

	v->path = xstrdup(path);
	if (sqlite3_open_v2(path, &v->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		vg_err_set(err, VG_ENOTFOUND, "%s: cannot open the vulnerability database (build it with vigil db build): %s",
			   path, v->db ? sqlite3_errmsg(v->db) : "out of memory");
		goto fail;
	}
	if (check_schema(v, err) != 0 ||
	    prepare(v, "SELECT vuln_id, status, fixed, ranges, versions, rating, source FROM affected"
		       " WHERE namespace = ?1 AND package = ?2"
		       " ORDER BY vuln_id NOT LIKE 'CVE-%', vuln_id, source", &v->affected, err) ||
	    prepare(v, "SELECT summary, description, published, modified, withdrawn FROM vulnerabilities WHERE id = ?1",
		    &v->vuln, err) ||
	    prepare(v, "SELECT alias FROM aliases WHERE vuln_id = ?1 UNION SELECT vuln_id FROM aliases WHERE alias = ?1",
		    &v->aliases, err) ||
	    prepare(v, "SELECT source, type, vector, score, rating FROM severities WHERE vuln_id = ?1 ORDER BY source, type",
		    &v->severities, err) ||
	    prepare(v, "SELECT date_added FROM exploited WHERE cve = ?1", &v->kev, err))
		goto fail;
	*out = v;
	return 0;
fail:
	vulndb_close(v);
	return -1;
}

void vulndb_close(struct vulndb *v)
{
	if (!v)
		return;
	sqlite3_finalize(v->affected);
	sqlite3_finalize(v->vuln);
	sqlite3_finalize(v->aliases);
	sqlite3_finalize(v->severities);
	sqlite3_finalize(v->kev);
	sqlite3_close(v->db);
	free(v->path);
	free(v);
}

const char *vulndb_path(const struct vulndb *v)
{
	return v->path;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int vulndb_each_affected(struct vulndb *v, const char *ns, const char *package,
			 int (*fn)(const struct affected_row *row, void *ctx), void *ctx, struct vg_err *err)
{
	sqlite3_stmt *st = v->affected;
	int rc;

	sqlite3_bind_text(st, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, package, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct affected_row row = { col(st, 0), col(st, 1), col(st, 2), col(st, 3),
					    col(st, 4), col(st, 5), col(st, 6) };
		if (fn(&row, ctx) != 0)
			break;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(v, err, "query failed");
	return 0;
}

static void add_severities(struct vulndb *v, const char *id, struct arena *a, struct vuln_info *out)
{
	sqlite3_stmt *st = v->severities;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct severity_row *s = arena_alloc(a, sizeof(*s));
		s->source = arena_strdup_opt(a, col(st, 0));
		s->type = arena_strdup_opt(a, col(st, 1));
		s->vector = arena_strdup_opt(a, col(st, 2));
		s->score = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 3);
		s->rating = arena_strdup_opt(a, col(st, 4));
		ptrvec_push(&out->severities, s);
	}
	sqlite3_reset(st);
}

static void check_exploited(struct vulndb *v, const char *id, struct arena *a, struct vuln_info *out)
{
	sqlite3_stmt *st = v->kev;

	if (out->exploited)
		return;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->exploited = true;
		out->kev_date_added = arena_strdup_opt(a, col(st, 0));
	}
	sqlite3_reset(st);
}

int vulndb_vuln_info(struct vulndb *v, const char *id, struct arena *a, struct vuln_info *out, struct vg_err *err)
{
	sqlite3_stmt *st = v->vuln;

	VG_UNUSED(err);
	memset(out, 0, sizeof(*out));
	out->id = arena_strdup(a, id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->summary = arena_strdup_opt(a, col(st, 0));
		out->description = arena_strdup_opt(a, col(st, 1));
		out->published = arena_strdup_opt(a, col(st, 2));
		out->modified = arena_strdup_opt(a, col(st, 3));
		out->withdrawn = arena_strdup_opt(a, col(st, 4));
	}
	sqlite3_reset(st);
	st = v->aliases;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		ptrvec_push(&out->aliases, arena_strdup(a, col(st, 0)));
	sqlite3_reset(st);
	add_severities(v, id, a, out);
	check_exploited(v, id, a, out);
	for (size_t i = 0; i < out->aliases.n; i++) {
		add_severities(v, out->aliases.v[i], a, out);
		check_exploited(v, out->aliases.v[i], a, out);
	}
	return 0;
}

int vulndb_query(struct vulndb *v, const char *sql, int (*fn)(int ncol, const char *const *cols, void *ctx),
		 void *ctx, struct vg_err *err)
{
	sqlite3_stmt *st;
	const char *cols[16];
	int rc, n;

	if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(v, err, "query failed");
	n = sqlite3_column_count(st);
	if (n > 16)
		n = 16;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			cols[i] = col(st, i);
		if (fn(n, cols, ctx) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(v, err, "query failed");
	return 0;
}
