/* fuzz_feed.h - what the feed-reader targets share: one database writer on
 * a temporary database that is never committed serves WRITER_ITERATIONS
 * inputs (the readers never read the database back, so earlier inputs cannot
 * change what an input does); it is aborted, which removes its file, before
 * the next one and at exit. And the checks every reader must pass. */
#ifndef VG_FUZZ_FEED_H
#define VG_FUZZ_FEED_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "feeds/feed.h"
#include "fuzzutil.h"

#define WRITER_ITERATIONS 500

static char fuzz_db_path[4200]; /* the final path dbw_open works beside; never created */
static struct dbw *fuzz_writer;
static unsigned fuzz_writer_uses;

static inline void fuzz_close_writer(void)
{
	if (fuzz_writer)
		dbw_abort(fuzz_writer);
	fuzz_writer = NULL;
}

/* The writer for this input; target names the temporary database. */
static inline struct dbw *fuzz_feed_writer(const char *target)
{
	struct vg_err err = { 0 };

	if (!fuzz_db_path[0]) {
		snprintf(fuzz_db_path, sizeof(fuzz_db_path), "%s/%s.%ld.db", fuzz_tmpdir(), target, (long)getpid());
		atexit(fuzz_close_writer);
	}
	if (fuzz_writer && ++fuzz_writer_uses >= WRITER_ITERATIONS)
		fuzz_close_writer();
	if (!fuzz_writer) {
		fuzz_writer_uses = 0;
		if (dbw_open(fuzz_db_path, &fuzz_writer, &err) != 0) {
			fprintf(stderr, "dbw_open: %s\n", err.msg);
			abort();
		}
	}
	return fuzz_writer;
}

/* Ingest path with reader f as its own source. It returns 0 or -1; -1 comes
 * with an error code and message and is never an internal error (a malformed
 * record is skipped, it does not fail the file); 0 leaves no error behind. */
static inline void fuzz_feed_ingest(const struct feed *f, struct dbw *w, const char *path)
{
	struct vg_err err = { 0 };
	int rc;

	if (dbw_begin_source(w, f->name, f->name, path, &err) != 0)
		abort();
	rc = f->ingest(path, w, &err);
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && (err.code == VG_OK || err.code == VG_EINTERNAL || !err.msg[0])) {
		fprintf(stderr, "%s: -1 with code %d: %s\n", f->name, (int)err.code, err.msg);
		abort();
	}
	if (rc == 0 && err.code != VG_OK)
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
}

#endif
