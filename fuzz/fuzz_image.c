/* fuzz_image.c - libFuzzer target for index/manifest/config parsing: the input,
 * a tar, is written to a private temp file and opened as an oci-archive and as a
 * docker-archive; the result's promises are checked, then freed. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/digest.h"
#include "fuzzutil.h"
#include "image/image.h"

#define MAX_LAYERS_READ 4
#define LAYER_READ_BYTES (64u * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What image_open promises about an image it returns. */
static void check_image(const struct image *img, enum image_transport want)
{
	if (img->transport != want || !img->store || img->n_layers != img->info.n_layers)
		abort();
	if (img->n_layers && (!img->layers || !img->info.diff_ids))
		abort();
	for (size_t i = 0; i < img->n_layers; i++) {
		const struct layer_desc *l = &img->layers[i];
		if (!l->member || !*l->member || !digest_is_valid_sha256(img->info.diff_ids[i]))
			abort();
		if (l->digest && !digest_is_valid_sha256(l->digest))
			abort();
		if (l->diff_id && strcmp(l->diff_id, img->info.diff_ids[i]) != 0)
			abort();
	}
	if (want == TRANSPORT_OCI_ARCHIVE && (!img->info.manifest_digest || !img->info.config_digest))
		abort();
}

/* Open a few layers as streams (member lookup, link following) and read a bit. */
static void read_layers(struct image *img)
{
	static char buf[LAYER_READ_BYTES];

	for (size_t i = 0; i < img->n_layers && i < MAX_LAYERS_READ; i++) {
		struct vg_err err = { VG_OK, "" };
		struct stream *s;
		size_t got = 0;

		if (image_open_layer(img, i, &s, &err) != 0)
			continue;
		while (got < sizeof(buf)) {
			ssize_t r = s->read(s, buf, sizeof(buf) - got, &err);
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		s->close(s);
	}
}

static void open_as(const char *path, const char *prefix, enum image_transport t, const char *platform)
{
	char ref[4200];
	struct image_options opt = { platform, NULL };
	struct image *img = NULL;
	struct vg_err err = { VG_OK, "" };

	snprintf(ref, sizeof(ref), "%s%s", prefix, path);
	if (image_open(ref, &opt, &img, &err) == 0) {
		check_image(img, t);
		read_layers(img);
		image_close(img);
	} else if (img || err.code == VG_OK || !err.msg[0]) {
		abort(); /* a failure must say why and return nothing */
	}
}

/* ---- a tar-aware mutator ----
 * Random edits to a tar almost always break a header checksum or a member
 * size, and libarchive then stops before any JSON is read. So most of the
 * time one member's content is mutated and the archive rebuilt around it
 * with the right size and checksums; otherwise the whole input is mutated
 * and only the checksums of blocks that look like ustar headers are fixed. */

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

#define BLOCK 512
#define MAX_MEMBERS 256

struct tar_member {
	size_t hdr;  /* offset of the header block */
	size_t len;  /* content bytes */
};

static size_t round_block(size_t n)
{
	return (n + BLOCK - 1) / BLOCK * BLOCK;
}

static void set_checksum(uint8_t *h)
{
	unsigned sum = 0;

	memset(h + 148, ' ', 8);
	for (int i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum & 0777777u);
	h[155] = ' ';
}

static void fix_checksums(uint8_t *d, size_t n)
{
	for (size_t off = 0; off + BLOCK <= n; off += BLOCK)
		if (memcmp(d + off + 257, "ustar", 5) == 0)
			set_checksum(d + off);
}

/* Octal size field; false if it is not one (base-256 sizes are not followed). */
static bool header_size(const uint8_t *h, size_t *out)
{
	size_t v = 0;
	int i = 0;

	while (i < 12 && h[124 + i] == ' ')
		i++;
	for (; i < 12 && h[124 + i] >= '0' && h[124 + i] <= '7'; i++) {
		if (v > (SIZE_MAX >> 3))
			return false;
		v = v * 8 + (size_t)(h[124 + i] - '0');
	}
	*out = v;
	return true;
}

static size_t list_members(const uint8_t *d, size_t n, struct tar_member *m)
{
	size_t off = 0, k = 0, len;

	while (off + BLOCK <= n && k < MAX_MEMBERS && d[off] != 0 && header_size(d + off, &len) &&
	       len <= n - off - BLOCK) {
		m[k].hdr = off;
		m[k].len = len;
		k++;
		off += BLOCK + round_block(len);
	}
	return k;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	struct tar_member m[MAX_MEMBERS];
	size_t k = list_members(data, size, m), j, total = 0, cap, n, off = 0;
	uint8_t *out, *content;

	if (k == 0 || seed % 5 == 0) {
		size = LLVMFuzzerMutate(data, size, max_size);
		fix_checksums(data, size);
		return size;
	}
	j = (seed / 5) % k;
	for (size_t i = 0; i < k; i++)
		total += BLOCK + (i == j ? 0 : round_block(m[i].len));
	total += 2 * BLOCK;
	if (total + BLOCK >= max_size) {
		size = LLVMFuzzerMutate(data, size, max_size);
		fix_checksums(data, size);
		return size;
	}
	cap = max_size - total - BLOCK;
	content = malloc(cap > m[j].len ? cap : m[j].len);
	out = calloc(1, max_size);
	if (!content || !out)
		abort();
	memcpy(content, data + m[j].hdr + BLOCK, m[j].len);
	n = LLVMFuzzerMutate(content, m[j].len, cap);
	for (size_t i = 0; i < k; i++) {
		size_t len = i == j ? n : m[i].len;
		const uint8_t *src = i == j ? content : data + m[i].hdr + BLOCK;
		memcpy(out + off, data + m[i].hdr, BLOCK);
		if (i == j) {
			snprintf((char *)out + off + 124, 12, "%011llo", (unsigned long long)len);
			set_checksum(out + off);
		}
		memcpy(out + off + BLOCK, src, len);
		off += BLOCK + round_block(len);
	}
	off += 2 * BLOCK; /* end-of-archive blocks, already zero */
	memcpy(data, out, off);
	free(content);
	free(out);
	return off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_input_file("vigil-fuzz-image", data, size);

	open_as(path, "oci-archive:", TRANSPORT_OCI_ARCHIVE, NULL);
	open_as(path, "oci-archive:", TRANSPORT_OCI_ARCHIVE, "linux/arm64/v8");
	open_as(path, "docker-archive:", TRANSPORT_DOCKER_ARCHIVE, NULL);
	return 0;
}
