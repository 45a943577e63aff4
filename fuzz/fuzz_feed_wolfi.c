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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int tmp_fd = -1;
static char tmp_name[4096];   /* the input file's own name, removed at exit */
static char tmp_path[4096];   /* what ingest gets: /proc/self/fd/N, else tmp_name */
static char db_path[4096];    /* dbw_open makes its temp file beside it; never committed */

static void remove_tmp(void)
{
	if (tmp_name[0])
		unlink(tmp_name);
}

/* Once per process, in $TMPDIR: where /proc is there the file is unlinked at
 * once and reached through /proc/self/fd, so not even a crash leaves it. */
static void make_tmp(void)
{
	const char *dir = getenv("TMPDIR");

	dir = dir && *dir ? dir : "/tmp";
	snprintf(tmp_name, sizeof(tmp_name), "%s/vigil-fuzz-wolfi.XXXXXX", dir);
	snprintf(db_path, sizeof(db_path), "%s/vigil-fuzz-wolfi-%ld.db", dir, (long)getpid());
	tmp_fd = mkstemp(tmp_name);
	if (tmp_fd < 0) {
		perror(tmp_name);
		abort();
	}
	snprintf(tmp_path, sizeof(tmp_path), "/proc/self/fd/%d", tmp_fd);
	if (access(tmp_path, R_OK) == 0) {
		unlink(tmp_name);
		tmp_name[0] = '\0';
	} else {
		snprintf(tmp_path, sizeof(tmp_path), "%s", tmp_name);
		atexit(remove_tmp);
	}
}

static void write_input(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(tmp_fd, 0) != 0)
		abort();
	while (done < size) {
		ssize_t w = pwrite(tmp_fd, data + done, size - done, (off_t)done);
		if (w <= 0)
			abort();
		done += (size_t)w;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_err err = { 0 };
	struct dbw *w;
	int rc;

	if (tmp_fd < 0)
		make_tmp();
	write_input(data, size);
	if (dbw_open(db_path, &w, &err) != 0 ||
	    dbw_begin_source(w, feed_wolfi_advisories.name, feed_wolfi_advisories.name, tmp_path, &err) != 0)
		abort();
	rc = feed_wolfi_advisories.ingest(tmp_path, w, &err);
	/* a JSON Lines file is never unreadable as a whole once it opens */
	if (rc != 0 || err.code != VG_OK)
		abort();
	if (dbw_end_source(w, &err) != 0)
		abort();
	dbw_abort(w);
	return 0;
}
