/* update.h - `vigil db update`: download every feed vigil reads from its
 * upstream URL (or from a mirror with the same layout) with libcurl and
 * rebuild the database from them the way `vigil db build` does. */
#ifndef VG_DB_UPDATE_H
#define VG_DB_UPDATE_H

#include "../core/error.h"

/* Defaults used by db_update(). */
#define UPDATE_MAX_BYTES (2ull << 30)  /* per feed, after transfer decoding */
#define UPDATE_ATTEMPTS 4              /* tries per feed (1 + 3 retries) */
#define UPDATE_RETRY_BASE_MS 1000      /* backoff: 1 s, 2 s, 4 s ... */
#define UPDATE_RETRY_MAX_MS 30000      /* cap of one backoff delay */
#define UPDATE_RETRY_AFTER_MAX 60      /* seconds of Retry-After honoured at most */

struct db_update_opts {
	const char *mirror;      /* NULL: upstream URLs; else "http(s)://host[:port][/prefix]" */
	bool quiet;              /* no progress lines (warnings are still printed) */
	uint64_t max_bytes;      /* 0: UPDATE_MAX_BYTES */
	int attempts;            /* 0: UPDATE_ATTEMPTS */
	unsigned retry_base_ms;  /* 0: UPDATE_RETRY_BASE_MS */
};

/* Download the feeds into a private directory beside db_path, ingest them
 * into a new database and rename it over db_path. On any error (-1, err
 * names the URL or file) db_path is left as it was and nothing is left
 * beside it. A required feed that cannot be fetched fails the update; an
 * optional one (and, with a mirror, any feed the mirror answers 404 for) is
 * skipped with a warning; the update fails when no feed could be fetched. */
int db_update(const char *db_path, const char *mirror, bool quiet, struct vg_err *err);
int db_update_ex(const char *db_path, const struct db_update_opts *opts, struct vg_err *err);

/* Print the built-in feed list, one line per feed:
 * "<mirror path>\t<upstream URL>\t<format>\t<required|optional>". */
void db_update_list_feeds(FILE *out);

#endif
