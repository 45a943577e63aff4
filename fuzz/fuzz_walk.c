/* fuzz_walk.c - libFuzzer target for the layer walk and the merged view: the
 * input is a layer blob (tar, gzip, zstd) walked keeping var/lib/dpkg/status,
 * merged into a vfs twice and looked up through symlinks; all freed each run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "layer/vfs.h"

#define WANTED "var/lib/dpkg/status"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A stream over the fuzzer's buffer, handing out odd-sized pieces so that
 * the decoders see their input split at every kind of boundary. */
struct mem_stream {
	struct stream s;
	const uint8_t *data;
	size_t size, pos, step;
};

static ssize_t mem_read(struct stream *s, void *buf, size_t n, struct vg_err *err)
{
	struct mem_stream *m = (struct mem_stream *)s;
	size_t left = m->size - m->pos;

	(void)err;
	if (n > left)
		n = left;
	if (n > m->step)
		n = m->step;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	m->step = m->step * 7 % 65521 + 1;
	return (ssize_t)n;
}

static void mem_close(struct stream *s)
{
	(void)s;
}

static bool want_status(void *ctx, const char *path, uint64_t size)
{
	(void)ctx;
	(void)size;
	return strcmp(path, WANTED) == 0;
}

static const char *const lookups[] = {
	WANTED, "var/lib/dpkg", "lib/apk/db/installed", "var/lib/rpm/Packages",
	"etc/os-release", "usr/lib/os-release", "a/b/c/d", "", "..", "./etc/../var",
};

static void look_around(struct vfs *fs)
{
	struct strbuf path = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		for (int follow = 0; follow < 2; follow++) {
			bool loop = false;
			struct vnode *n = vfs_lookup(fs, lookups[i], follow, &loop);
			if (!n)
				continue;
			if (loop)
				abort(); /* a loop means no node */
			vfs_node_path(n, &path);
			if (n->type == VN_FILE && n->data && n->data[n->size] != '\0')
				abort(); /* kept contents are NUL-terminated at their size */
		}
	}
	strbuf_release(&path);
}

static void count_node(struct vnode *n, void *ctx)
{
	(void)n;
	(*(size_t *)ctx)++;
}

/* Mutations mostly break tar header checksums, and libarchive then stops at
 * the first header; so after most mutations the checksum of every block that
 * looks like a ustar header is made right again. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	size = LLVMFuzzerMutate(data, size, max_size);
	if (seed % 8 == 0)
		return size;
	for (size_t off = 0; off + 512 <= size; off += 512) {
		uint8_t *h = data + off;
		unsigned sum = 0;
		char field[8];

		if (memcmp(h + 257, "ustar", 5) != 0)
			continue;
		memset(h + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += h[i];
		snprintf(field, sizeof(field), "%06o", sum & 0777777u);
		memcpy(h + 148, field, 7);
	}
	return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_stream m = { { mem_read, mem_close, "fuzz-layer" }, data, size, 0, 4096 };
	struct walk_options o;
	struct layer_result r;
	struct vg_err err = { VG_OK, "" };
	struct vfs fs;
	size_t nodes = 0;

	walk_default_options(&o);
	o.want = want_status;
	o.name = "fuzz-layer";
	o.max_file = 1u << 20;
	o.max_kept = 4u << 20;
	if (size > 0)
		m.step = 1 + data[0] % 251u * 17u;
	if (layer_walk(&m.s, &o, &r, &err) != 0) {
		if (r.n != 0 || r.entries || err.code == VG_OK || !err.msg[0])
			abort(); /* a failed walk says why and returns nothing */
		return 0;
	}
	for (size_t i = 0; i < r.n; i++) {
		const struct layer_entry *e = &r.entries[i];
		if (!e->path || (e->kept && (!e->data || e->type != ENT_FILE || strcmp(e->path, WANTED) != 0)))
			abort();
	}
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &r);
	look_around(&fs);
	vfs_apply_layer(&fs, 1, &r);
	look_around(&fs);
	vfs_walk(&fs, count_node, &nodes);
	if (nodes == 0)
		abort(); /* the root is always there */
	vfs_free(&fs);
	layer_result_free(&r);
	return 0;
}
