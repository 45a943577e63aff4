/* fuzz_feed_kevnvd.c - libFuzzer target for the CISA KEV and NVD readers. The
 * input is written to a private scratch file (fuzzutil.h: made once per
 * process in $TMPDIR, reached as /proc/self/fd/N) and ingested twice, as a KEV
 * catalog and as an NVD feed, each as its own source of the shared writer
 * and with the shared checks (fuzz_feed.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_input_file("fuzz_feed_kevnvd", data, size);
	struct dbw *w = fuzz_feed_writer("fuzz_feed_kevnvd");

	fuzz_feed_ingest(&feed_kev, w, path);
	fuzz_feed_ingest(&feed_nvd, w, path);
	return 0;
}
