/* fuzz_osrelease.c - libFuzzer target for OS detection: the first input byte
 * picks which release file(s) the rest of the input is served as, through a
 * tiny in-memory vfs_read_fn; everything detected is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"

/* Up to two files of a fake image. */
struct fake_image {
	const char *paths[2];
	const char *data[2];
	size_t len[2];
};

static const char *fake_read(void *ctx, const char *path, size_t *len)
{
	const struct fake_image *img = ctx;

	for (size_t i = 0; i < 2; i++) {
		if (img->paths[i] && strcmp(img->paths[i], path) == 0) {
			*len = img->len[i];
			return img->data[i];
		}
	}
	return NULL;
}

static const char *const layouts[][2] = {
	{ "etc/os-release", NULL },
	{ "usr/lib/os-release", NULL },
	{ "etc/alpine-release", NULL },
	{ "etc/debian_version", NULL },
	{ "etc/redhat-release", NULL },
	{ "etc/system-release", NULL },
	{ "etc/os-release", "etc/debian_version" },  /* both get the input */
	{ "etc/os-release", "etc/alpine-release" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake_image img = { { NULL, NULL }, { NULL, NULL }, { 0, 0 } };
	struct inventory inv;
	size_t layout;
	char *copy;

	if (size == 0)
		return 0;
	layout = data[0] % (sizeof(layouts) / sizeof(layouts[0]));
	copy = malloc(size); /* size - 1 bytes + NUL */
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	for (size_t i = 0; i < 2; i++) {
		img.paths[i] = layouts[layout][i];
		img.data[i] = copy;
		img.len[i] = size - 1;
	}
	inventory_init(&inv);
	os_detect(fake_read, &img, &inv);
	if (inv.os.detected && (!inv.os.id || !inv.os.source_file))
		abort();
	inventory_free(&inv);
	free(copy);
	return 0;
}
