/* reader.h - read-only queries on the vulnerability database for the
 * matcher and `vigil db info`. Rows handed to callbacks are valid only
 * during the call; vuln_info results are owned by the caller's arena. */
#ifndef VG_VULNDB_READER_H
#define VG_VULNDB_READER_H

#include "../core/arena.h"
#include "../core/vec.h"
#include "vulndb.h"

struct vulndb;

struct affected_row {
	const char *vuln_id, *status, *fixed, *ranges, *versions, *rating, *source;
};

struct severity_row {
	const char *source, *type, *vector, *rating;
	double score;              /* -1 when unknown */
};

struct vuln_info {
	const char *id;
	const char *summary, *description, *published, *modified, *withdrawn;
	struct ptrvec aliases;     /* const char * (both directions), in the arena */
	struct ptrvec severities;  /* struct severity_row *, of the id and its aliases */
	bool exploited;
	const char *kev_date_added;
};

int vulndb_open(const char *path, struct vulndb **out, struct vg_err *err);
void vulndb_close(struct vulndb *db);
/* Call fn for every affected row of (namespace, package), CVE ids first;
 * stops when fn returns non-zero. */
int vulndb_each_affected(struct vulndb *db, const char *ns, const char *package,
			 int (*fn)(const struct affected_row *row, void *ctx), void *ctx, struct vg_err *err);
/* Everything known about id (and its aliases). Fields are NULL when unknown. */
int vulndb_vuln_info(struct vulndb *db, const char *id, struct arena *a, struct vuln_info *out, struct vg_err *err);
/* Run a read-only SQL query, calling fn per row with the column texts. For db info. */
int vulndb_query(struct vulndb *db, const char *sql, int (*fn)(int ncol, const char *const *cols, void *ctx),
		 void *ctx, struct vg_err *err);
const char *vulndb_path(const struct vulndb *db);

#endif
