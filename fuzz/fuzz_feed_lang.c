/* fuzz_feed_lang.c - libFuzzer target for the RubySec and Node.js security-wg
 * npm readers. The input is written to a private scratch file (fuzzutil.h:
 * made once per process in $TMPDIR, reached as /proc/self/fd/N, so read as
 * JSON Lines) and ingested by each reader as its own source; the npm-wg
 * reader also reads it as a .json document (one record or an array), from a
 * second file <tmpdir>/fuzz_feed_lang.XXXXXX/input.json made once per process
 * and removed at exit. Like fuzz_feed_kevnvd.c, one writer on a temporary
 * database that is never committed serves WRITER_ITERATIONS inputs (the
 * readers never read the database back); it is aborted, which removes its
 * file, before the next one and at exit.
 *
 * Checked for each reader: it returns 0 or -1; -1 comes with an error code and
 * message, and is never an internal error (a malformed record is skipped, it
 * does not fail the file); 0 leaves no error behind. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feeds/feed.h"
#include "fuzzutil.h"

#define WRITER_ITERATIONS 500

static char db_path[4200];   /* the final path dbw_open works beside; never created */
static struct dbw *writer;
static unsigned writer_uses;
static char json_dir[4200];  /* holds input.json */
static char json_path[4300];

static void close_writer(void)
{
	if (writer)
		dbw_abort(writer);
	writer = NULL;
}

static void remove_json_file(void)
{
	unlink(json_path);
	rmdir(json_dir);
}

static struct dbw *open_writer(void)
{
	struct vg_err err = { 0 };

	if (writer && ++writer_uses >= WRITER_ITERATIONS)
		close_writer();
	if (!writer) {
		writer_uses = 0;
		if (dbw_open(db_path, &writer, &err) != 0) {
			fprintf(stderr, "dbw_open: %s\n", err.msg);
			abort();
		}
	}
	return writer;
}

/* The input again, as <json_dir>/input.json. */
static const char *json_file(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!json_dir[0]) {
		snprintf(json_dir, sizeof(json_dir), "%s/fuzz_feed_lang.XXXXXX", fuzz_tmpdir());
		if (!mkdtemp(json_dir)) {
			perror(json_dir);
			abort();
		}
		snprintf(json_path, sizeof(json_path), "%s/input.json", json_dir);
		atexit(remove_json_file);
	}
	f = fopen(json_path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return json_path;
}

static void ingest_as(const struct feed *f, struct dbw *w, const char *path)
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	struct dbw *w;

	if (!db_path[0]) {
		snprintf(db_path, sizeof(db_path), "%s/fuzz_feed_lang.%ld.db", fuzz_tmpdir(), (long)getpid());
		atexit(close_writer);
	}
	path = fuzz_input_file("fuzz_feed_lang", data, size);
	w = open_writer();
	ingest_as(&feed_rubysec, w, path);
	ingest_as(&feed_npm_wg, w, path);
	ingest_as(&feed_npm_wg, w, json_file(data, size));
	return 0;
}
