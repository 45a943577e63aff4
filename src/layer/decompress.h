/* decompress.h - a layer blob as a stream of uncompressed tar bytes.
 * Detects gzip (inflated with Intel ISA-L), zstd or plain by magic bytes,
 * hashes the stored bytes and the uncompressed bytes while they stream, and
 * checks both against the expected digests at the end. Caps the output size
 * and the compression ratio (decompression bombs). The decoder borrows the
 * source stream; the caller closes it after decoder_free. */
#ifndef VG_DECOMPRESS_H
#define VG_DECOMPRESS_H

#include <sys/types.h>

#include "../image/store.h"

struct decoder;

struct decoder_limits {
	uint64_t max_output;   /* hard cap on uncompressed bytes */
	uint64_t ratio;        /* max output/input ratio once past ratio_floor */
	uint64_t ratio_floor;  /* output bytes allowed before the ratio applies */
};

void decoder_default_limits(struct decoder_limits *lim);

/* digest / diff_id may be NULL (not checked). name is used in messages. */
struct decoder *decoder_new(struct stream *src, const char *name, const char *digest, const char *diff_id,
			    const struct decoder_limits *lim);
/* Returns uncompressed bytes read, 0 at the end, -1 on error (err filled). */
ssize_t decoder_read(struct decoder *d, void *buf, size_t n, struct vg_err *err);
/* Read what is left (tar padding) and verify digests. */
int decoder_finish(struct decoder *d, struct vg_err *err);
/* After a failure downstream (a damaged stream), read the rest of the
 * stored bytes and tell whether they match the expected digest: a mismatch
 * is the better explanation. Returns true (and fills err) on a mismatch. */
bool decoder_digest_mismatch(struct decoder *d, struct vg_err *err);
/* "gzip", "zstd", "none" once known. */
const char *decoder_format(const struct decoder *d);
uint64_t decoder_bytes_in(const struct decoder *d);
uint64_t decoder_bytes_out(const struct decoder *d);
void decoder_free(struct decoder *d);

#endif
