/* fuzzutil.h - for libFuzzer targets whose code under test reads a file by
 * name: each input is written to one private temp file, made once per
 * process in $TMPDIR. Where /proc is there the file is unlinked at once and
 * reached through /proc/self/fd/N, so not even a crash leaves it behind;
 * otherwise it is reached by its name and removed at exit. Each target
 * includes this once. */
#ifndef VG_FUZZUTIL_H
#define VG_FUZZUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

static int fuzz_input_fd = -1;
static char fuzz_input_name[4096]; /* the file's own name while it is to be removed at exit */
static char fuzz_input_path[4096]; /* what the code under test gets: /proc/self/fd/N, else the name */

/* $TMPDIR, else /tmp. */
static inline const char *fuzz_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

static inline void fuzz_input_remove(void)
{
	if (fuzz_input_name[0])
		unlink(fuzz_input_name);
}

/* Make the temp file, <tmpdir>/<prefix>.XXXXXX; aborts when it cannot. */
static inline void fuzz_input_make(const char *prefix)
{
	snprintf(fuzz_input_name, sizeof(fuzz_input_name), "%s/%s.XXXXXX", fuzz_tmpdir(), prefix);
	fuzz_input_fd = mkstemp(fuzz_input_name);
	if (fuzz_input_fd < 0) {
		perror(fuzz_input_name);
		abort();
	}
	snprintf(fuzz_input_path, sizeof(fuzz_input_path), "/proc/self/fd/%d", fuzz_input_fd);
	if (access(fuzz_input_path, R_OK) == 0) {
		unlink(fuzz_input_name);
		fuzz_input_name[0] = '\0';
	} else {
		snprintf(fuzz_input_path, sizeof(fuzz_input_path), "%s", fuzz_input_name);
		atexit(fuzz_input_remove);
	}
}

/* The temp file (made on first use, named after prefix) now holding exactly
 * data; returns the path to give the code under test. Aborts on a write error. */
static inline const char *fuzz_input_file(const char *prefix, const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (fuzz_input_fd < 0)
		fuzz_input_make(prefix);
	if (ftruncate(fuzz_input_fd, 0) != 0)
		abort();
	while (done < size) {
		ssize_t w = pwrite(fuzz_input_fd, data + done, size - done, (off_t)done);
		if (w <= 0)
			abort();
		done += (size_t)w;
	}
	return fuzz_input_path;
}

#endif
