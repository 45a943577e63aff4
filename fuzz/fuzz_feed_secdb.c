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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern const struct feed feed_debian_dsa; /* until feed.h declares it */

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
	snprintf(tmp_name, sizeof(tmp_name), "%s/vigil-fuzz-secdb.XXXXXX", dir);
	snprintf(db_path, sizeof(db_path), "%s/vigil-fuzz-secdb-%ld.db", dir, (long)getpid());
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
	struct dbw *w;
	int rc;

	if (tmp_fd < 0)
		make_tmp();
	f = pick_reader(&data, &size);
	write_input(data, size);
	if (dbw_open(db_path, &w, &err) != 0 || dbw_begin_source(w, f->name, f->name, tmp_path, &err) != 0)
		abort();
	rc = f->ingest(tmp_path, w, &err);
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
