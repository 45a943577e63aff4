/* feed.h - the interface every vulnerability feed reader implements.
 * `vigil db build` offers each input file to every feed's detect(); the
 * first that claims it ingests it into the database writer. A reader never
 * prints: malformed records go to dbw_skip_record (the build goes on), only
 * an unreadable file is an error. */
#ifndef VG_FEED_H
#define VG_FEED_H

#include "../db/vulndb.h"

struct feed {
	const char *name;   /* "osv", "alpine-secdb", "wolfi-advisories", "debian-tracker", "kev", "nvd" ... */
	/* Is the file at path (whose first n bytes are head, n <= 4096) this feed's format? */
	bool (*detect)(const char *path, const char *head, size_t n);
	/* Read the file into w. The caller has called dbw_begin_source(name, format, path)
	 * and calls dbw_end_source afterwards. Returns -1 only when the file as a whole cannot be read. */
	int (*ingest)(const char *path, struct dbw *w, struct vg_err *err);
};

extern const struct feed feed_osv;
extern const struct feed feed_alpine_secdb;
extern const struct feed feed_wolfi_advisories;
extern const struct feed feed_debian_tracker;
extern const struct feed feed_debian_dsa;
extern const struct feed feed_kev;
extern const struct feed feed_nvd;
extern const struct feed feed_rubysec;
extern const struct feed feed_npm_wg;

/* All feeds, NULL-terminated, most specific first. */
extern const struct feed *const vg_feeds[];

/* The first feed whose detect() claims the file (head: its first n bytes), or NULL. */
const struct feed *feed_detect(const char *path, const char *head, size_t n);

/* For detect(): does the first JSON object in head (n bytes, maybe cut short)
 * have a top-level member named key? A UTF-8 BOM and one '[' before the
 * object (an array of records) are skipped; with one_line (JSON Lines) the
 * object ends at the first newline outside a string. */
bool feed_head_has_top_key(const char *head, size_t n, bool one_line, const char *key);

/* Limits every reader applies. */
#define FEED_MAX_FILE (512u << 20)   /* a whole JSON document */
#define FEED_MAX_RECORD (16u << 20)  /* one JSONL line / one zip member */

#endif
