/* fuzz_feed_lang.c - libFuzzer target for the RubySec and Node.js security-wg
 * npm readers. The input is written to a private scratch file (fuzzutil.h:
 * made once per process in $TMPDIR, reached as /proc/self/fd/N, so read as
 * JSON Lines) and ingested by each reader as its own source; the npm-wg
 * reader also reads it as a .json document (one record or an array), from a
 * second file <tmpdir>/fuzz_feed_lang.XXXXXX/input.json made once per process
 * and removed at exit. The writer and the checks are fuzz_feed.h's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_feed.h"

static char json_dir[4200];  /* holds input.json */
static char json_path[4300];

static void remove_json_file(void)
{
	unlink(json_path);
	rmdir(json_dir);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_input_file("fuzz_feed_lang", data, size);
	struct dbw *w = fuzz_feed_writer("fuzz_feed_lang");

	fuzz_feed_ingest(&feed_rubysec, w, path);
	fuzz_feed_ingest(&feed_npm_wg, w, path);
	fuzz_feed_ingest(&feed_npm_wg, w, json_file(data, size));
	return 0;
}
