/* fuzz_rpm.c - libFuzzer target for the rpm analyzer: each input is one rpmdb
 * file (format chosen by magic, as in a scan), parsed with a private $TMPDIR
 * that must be empty again afterwards; the inventory is freed every run. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/analyzer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tmpdir[4096];

static void remove_tmpdir(void)
{
	rmdir(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *t = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(tmpdir, sizeof(tmpdir), "%s/fuzz-rpm.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir))
		abort();
	setenv("TMPDIR", tmpdir, 1);
	atexit(remove_tmpdir);
	return 0;
}

static void assert_tmpdir_empty(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;

	if (!d)
		abort();
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			abort(); /* the parser left a temporary file behind */
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv;
	struct vg_err err = { 0 };

	inventory_init(&inv);
	if (analyzer_rpm.parse("var/lib/rpm/rpmdb.sqlite", (const char *)data, size, &inv, &err) != 0 &&
	    (err.code == VG_OK || !err.msg[0]))
		abort(); /* a failure must say why */
	inventory_free(&inv);
	assert_tmpdir_empty();
	return 0;
}
