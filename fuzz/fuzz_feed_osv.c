/* fuzz_feed_osv.c - libFuzzer target for the OSV feed reader: the input is
 * written to a private scratch file (fuzzutil.h: reached as /proc/self/fd/N,
 * so read as JSON Lines, or as a zip when it starts like one) and ingested as
 * a new source into a database writer on a temporary database that is never
 * committed. The writer is aborted and reopened every WRITER_ITERATIONS
 * inputs and at exit (opening one per input made file creation 90% of the
 * time); the reader itself never reads the database, so earlier inputs cannot
 * change what an input does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feeds/feed.h"
#include "fuzzutil.h"

static char db_path[4200];    /* the final path dbw_open works beside; never created */
static struct dbw *writer;
static unsigned writer_uses;

#define WRITER_ITERATIONS 500

static void close_writer(void)
{
	dbw_abort(writer); /* removes the temporary database */
	writer = NULL;
}

static struct dbw *fresh_source(const char *path)
{
	struct vg_err err = { 0 };

	if (writer && ++writer_uses >= WRITER_ITERATIONS)
		close_writer();
	if (!writer) {
		writer_uses = 0;
		if (dbw_open(db_path, &writer, &err) != 0)
			abort();
	}
	if (dbw_begin_source(writer, "fuzz", "osv", path, &err) != 0)
		abort();
	return writer;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_err err = { 0 };
	const char *path;
	struct dbw *w;
	int rc;

	if (!db_path[0]) {
		snprintf(db_path, sizeof(db_path), "%s/fuzz_feed_osv.%ld.db", fuzz_tmpdir(), (long)getpid());
		atexit(close_writer);
	}
	path = fuzz_input_file("fuzz_feed_osv", data, size);
	w = fresh_source(path);
	rc = feed_osv.ingest(path, w, &err);
	/* 0, or -1 (the file as a whole is unreadable) with a message */
	if ((rc != 0 && rc != -1) || (rc == -1 && !err.msg[0]))
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
	return 0;
}
