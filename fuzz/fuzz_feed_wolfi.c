/* fuzz_feed_wolfi.c - libFuzzer target for the Wolfi/Chainguard advisories
 * reader: the input (JSON Lines) is written to a private temp file and
 * ingested into a temporary database that is thrown away. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feeds/feed.h"
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char db_path[4096]; /* dbw_open makes its temp file beside it; never committed */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_err err = { 0 };
	const char *path;
	struct dbw *w;
	int rc;

	if (!db_path[0])
		snprintf(db_path, sizeof(db_path), "%s/vigil-fuzz-wolfi-%ld.db", fuzz_tmpdir(), (long)getpid());
	path = fuzz_input_file("vigil-fuzz-wolfi", data, size);
	if (dbw_open(db_path, &w, &err) != 0 ||
	    dbw_begin_source(w, feed_wolfi_advisories.name, feed_wolfi_advisories.name, path, &err) != 0)
		abort();
	rc = feed_wolfi_advisories.ingest(path, w, &err);
	/* a JSON Lines file is never unreadable as a whole once it opens */
	if (rc != 0 || err.code != VG_OK)
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
	dbw_abort(w);
	return 0;
}
