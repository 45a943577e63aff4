/* fuzz_feed_osv.c - libFuzzer target for the OSV feed reader: the input is
 * written to a private scratch file (fuzzutil.h: reached as /proc/self/fd/N,
 * so read as JSON Lines, or as a zip when it starts like one) and ingested as
 * a new source of the shared writer (fuzz_feed.h: reopened every
 * WRITER_ITERATIONS inputs, since opening one per input made file creation
 * 90% of the time). The reader must return 0, or -1 with a message. */
#include <stdint.h>

#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_err err = { 0 };
	const char *path = fuzz_input_file("fuzz_feed_osv", data, size);
	struct dbw *w = fuzz_feed_writer("fuzz_feed_osv");
	int rc;

	if (dbw_begin_source(w, "fuzz", "osv", path, &err) != 0)
		abort();
	rc = feed_osv.ingest(path, w, &err);
	/* 0, or -1 (the file as a whole is unreadable) with a message */
	if ((rc != 0 && rc != -1) || (rc == -1 && !err.msg[0]))
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
	return 0;
}
