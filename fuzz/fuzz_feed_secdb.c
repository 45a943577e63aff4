/* fuzz_feed_secdb.c - libFuzzer target for the Alpine secdb, Debian tracker and
 * DSA/DLA list readers: the input is written to a private temp file and
 * ingested into a temporary database that is thrown away. A leading 'A', 'D'
 * or 'L' picks the reader (and is not part of the file); otherwise detect()
 * decides, the secdb reader being the default. */
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

extern const struct feed feed_debian_dsa; /* until feed.h declares it */

static char db_path[4096]; /* dbw_open makes its temp file beside it; never committed */

static const struct feed *pick_reader(const uint8_t **data, size_t *size)
{
	const char *head = (const char *)*data;
	size_t n = *size < 4096 ? *size : 4096;

	if (*size && (**data == 'A' || **data == 'D' || **data == 'L')) {
		const struct feed *f = **data == 'A' ? &feed_alpine_secdb
				       : **data == 'D' ? &feed_debian_tracker
						       : &feed_debian_dsa;
		(*data)++;
		(*size)--;
		return f;
	}
	if (feed_debian_tracker.detect("x", head, n))
		return &feed_debian_tracker;
	if (feed_debian_dsa.detect("x", head, n))
		return &feed_debian_dsa;
	return &feed_alpine_secdb;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_err err = { 0 };
	const struct feed *f;
	const char *path;
	struct dbw *w;
	int rc;

	if (!db_path[0])
		snprintf(db_path, sizeof(db_path), "%s/vigil-fuzz-secdb-%ld.db", fuzz_tmpdir(), (long)getpid());
	f = pick_reader(&data, &size);
	path = fuzz_input_file("vigil-fuzz-secdb", data, size);
	if (dbw_open(db_path, &w, &err) != 0 || dbw_begin_source(w, f->name, f->name, path, &err) != 0)
		abort();
	rc = f->ingest(path, w, &err);
	/* -1 only with a reason; 0 leaves no error behind */
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && (err.code == VG_OK || !err.msg[0]))
		abort();
	if (rc == 0 && err.code != VG_OK)
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
	dbw_abort(w);
	return 0;
}
