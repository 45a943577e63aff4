/* fuzz_feed_osv.c - libFuzzer target for the OSV feed reader: the input is
 * written to a private scratch file (made once per process in $TMPDIR,
 * unlinked at once, reached as /proc/self/fd/N, so read as JSON Lines, or as
 * a zip when it starts like one) and ingested as a new source into a database
 * writer on a temporary database that is never committed. The writer is
 * aborted and reopened every WRITER_ITERATIONS inputs and at exit (opening one
 * per input made file creation 90% of the time); the reader itself never
 * reads the database, so earlier inputs cannot change what an input does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feeds/feed.h"

static int scratch_fd = -1;
static char scratch_path[64]; /* /proc/self/fd/N */
static char db_path[4200];    /* the final path dbw_open works beside; never created */
static struct dbw *writer;
static unsigned writer_uses;

#define WRITER_ITERATIONS 500

static void make_scratch_file(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[4096];

	snprintf(tmpl, sizeof(tmpl), "%s/fuzz_feed_osv.XXXXXX", t && *t ? t : "/tmp");
	scratch_fd = mkstemp(tmpl);
	if (scratch_fd < 0)
		abort();
	unlink(tmpl);
	snprintf(scratch_path, sizeof(scratch_path), "/proc/self/fd/%d", scratch_fd);
	snprintf(db_path, sizeof(db_path), "%s/fuzz_feed_osv.%ld.db", t && *t ? t : "/tmp", (long)getpid());
}

static void write_input(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(scratch_fd, 0) != 0 || lseek(scratch_fd, 0, SEEK_SET) != 0)
		abort();
	while (done < size) {
		ssize_t n = write(scratch_fd, data + done, size - done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
}

static void close_writer(void)
{
	dbw_abort(writer); /* removes the temporary database */
	writer = NULL;
}

static struct dbw *fresh_source(void)
{
	struct vg_err err = { 0 };

	if (writer && ++writer_uses >= WRITER_ITERATIONS)
		close_writer();
	if (!writer) {
		writer_uses = 0;
		if (dbw_open(db_path, &writer, &err) != 0)
			abort();
	}
	if (dbw_begin_source(writer, "fuzz", "osv", scratch_path, &err) != 0)
		abort();
	return writer;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_err err = { 0 };
	struct dbw *w;
	int rc;

	if (scratch_fd < 0) {
		make_scratch_file();
		atexit(close_writer);
	}
	write_input(data, size);
	w = fresh_source();
	rc = feed_osv.ingest(scratch_path, w, &err);
	/* 0, or -1 (the file as a whole is unreadable) with a message */
	if ((rc != 0 && rc != -1) || (rc == -1 && !err.msg[0]))
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
	return 0;
}
