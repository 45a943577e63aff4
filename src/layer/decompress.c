/* decompress.c - gzip (ISA-L), zstd (libzstd) or plain layer streams with
 * digest checks; see decompress.h. */
#include <isa-l/igzip_lib.h>
#include <zlib.h>
#include <zstd.h>

#include "../core/digest.h"
#include "../core/limits.h"
#include "decompress.h"

#define IN_CHUNK (256u * 1024)

enum dformat { DF_UNKNOWN, DF_NONE, DF_GZIP, DF_ZSTD };

struct decoder {
	struct stream *src;
	const char *name;
	const char *want_digest, *want_diff_id;
	struct decoder_limits lim;
	enum dformat fmt;
	struct sha256_ctx in_hash, out_hash;
	uint8_t *in;
	size_t in_len, in_pos;
	bool src_eof;
	bool src_verified;   /* the source checks the stored digest itself (see store.h) */
	bool done;           /* compressed stream fully decoded */
	size_t zstd_pending; /* last ZSTD_decompressStream hint: 0 = frame complete */
	struct inflate_state *isal;
	z_stream *zlib;      /* gzip through zlib instead (VIGIL_INFLATE=zlib, for benchmarks) */
	bool zlib_member_done;
	ZSTD_DStream *zs;
	uint64_t total_in, total_out;
	char out_hash_str[72];
};

void decoder_default_limits(struct decoder_limits *lim)
{
	lim->max_output = 64ull << 30;
	lim->ratio = vg_max_ratio();
	lim->ratio_floor = VG_RATIO_FLOOR;
}

struct decoder *decoder_new(struct stream *src, const char *name, const char *digest, const char *diff_id,
			    const struct decoder_limits *lim)
{
	struct decoder *d = xcalloc(1, sizeof(*d));

	d->src = src;
	d->name = name;
	d->want_digest = digest;
	d->want_diff_id = diff_id;
	d->src_verified = src->verifies_digest && digest;
	if (lim)
		d->lim = *lim;
	else
		decoder_default_limits(&d->lim);
	d->in = xmalloc(IN_CHUNK);
	sha256_init(&d->in_hash);
	sha256_init(&d->out_hash);
	return d;
}

void decoder_free(struct decoder *d)
{
	if (!d)
		return;
	sha256_abort(&d->in_hash);
	sha256_abort(&d->out_hash);
	free(d->isal);
	if (d->zlib) {
		inflateEnd(d->zlib);
		free(d->zlib);
	}
	if (d->zs)
		ZSTD_freeDStream(d->zs);
	free(d->in);
	free(d);
}

const char *decoder_format(const struct decoder *d)
{
	switch (d->fmt) {
	case DF_GZIP: return "gzip";
	case DF_ZSTD: return "zstd";
	case DF_NONE: return "none";
	default: return "unknown";
	}
}

uint64_t decoder_bytes_in(const struct decoder *d) { return d->total_in; }
uint64_t decoder_bytes_out(const struct decoder *d) { return d->total_out; }

/* Refill the input buffer (keeping unconsumed bytes). Returns -1 on error. */
static int refill(struct decoder *d, struct vg_err *err)
{
	ssize_t r;

	if (d->src_eof)
		return 0;
	if (d->in_pos > 0) {
		memmove(d->in, d->in + d->in_pos, d->in_len - d->in_pos);
		d->in_len -= d->in_pos;
		d->in_pos = 0;
	}
	if (d->in_len == IN_CHUNK)
		return 0;
	r = d->src->read(d->src, d->in + d->in_len, IN_CHUNK - d->in_len, err);
	if (r < 0)
		return -1;
	if (r == 0) {
		d->src_eof = true;
		return 0;
	}
	/* stored bytes are hashed unless the source verifies them itself; an
	 * uncompressed layer's stored hash is its diff_id, so it always is */
	if (!d->src_verified || d->fmt == DF_NONE || d->fmt == DF_UNKNOWN)
		sha256_update(&d->in_hash, d->in + d->in_len, (size_t)r);
	d->in_len += (size_t)r;
	d->total_in += (uint64_t)r;
	return 0;
}

static int detect_format(struct decoder *d, struct vg_err *err)
{
	while (d->in_len < 4 && !d->src_eof)
		if (refill(d, err) != 0)
			return -1;
	if (d->in_len >= 2 && d->in[0] == 0x1f && d->in[1] == 0x8b) {
		const char *impl = getenv("VIGIL_INFLATE");
		d->fmt = DF_GZIP;
		if (impl && strcmp(impl, "zlib") == 0) {
			d->zlib = xcalloc(1, sizeof(*d->zlib));
			if (inflateInit2(d->zlib, 16 + MAX_WBITS) != Z_OK)
				vg_die_oom();
		} else {
			d->isal = xcalloc(1, sizeof(*d->isal));
			isal_inflate_init(d->isal);
			d->isal->crc_flag = ISAL_GZIP;
		}
	} else if (d->in_len >= 4 && d->in[0] == 0x28 && d->in[1] == 0xb5 && d->in[2] == 0x2f && d->in[3] == 0xfd) {
		d->fmt = DF_ZSTD;
		d->zs = ZSTD_createDStream();
		if (!d->zs)
			vg_die_oom();
		ZSTD_initDStream(d->zs);
	} else if (d->in_len >= 6 && memcmp(d->in, "\xfd" "7zXZ", 6) == 0) {
		return vg_err_set(err, VG_EUNSUPPORTED, "%s: xz-compressed layers are not supported", d->name);
	} else {
		d->fmt = DF_NONE;
	}
	return 0;
}

static const char *isal_error(int r)
{
	switch (r) {
	case ISAL_INVALID_BLOCK: return "invalid deflate block";
	case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
	case ISAL_INVALID_LOOKBACK: return "invalid deflate distance";
	case ISAL_INVALID_WRAPPER: return "invalid gzip header";
	case ISAL_UNSUPPORTED_METHOD: return "unsupported gzip method";
	case ISAL_INCORRECT_CHECKSUM: return "gzip CRC mismatch";
	default: return "gzip stream error";
	}
}

static ssize_t read_gzip(struct decoder *d, uint8_t *buf, size_t n, struct vg_err *err)
{
	struct inflate_state *s = d->isal;

	for (;;) {
		int r;
		size_t avail = d->in_len - d->in_pos;

		if (s->block_state == ISAL_BLOCK_FINISH) {
			/* end of one gzip member: another may follow */
			if (avail == 0 && refill(d, err) != 0)
				return -1;
			avail = d->in_len - d->in_pos;
			if (avail == 0 && d->src_eof) {
				d->done = true;
				return 0;
			}
			if (avail < 2 && !d->src_eof) {
				if (refill(d, err) != 0)
					return -1;
				continue;
			}
			if (avail >= 2 && d->in[d->in_pos] == 0x1f && d->in[d->in_pos + 1] == 0x8b) {
				isal_inflate_reset(s);
				s->crc_flag = ISAL_GZIP;
				continue;
			}
			return vg_err_set(err, VG_EFORMAT, "%s: unexpected data after the gzip stream", d->name);
		}
		if (avail == 0) {
			if (refill(d, err) != 0)
				return -1;
			avail = d->in_len - d->in_pos;
		}
		s->next_in = d->in + d->in_pos;
		s->avail_in = (uint32_t)avail;
		s->next_out = buf;
		s->avail_out = (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n);
		r = isal_inflate(s);
		d->in_pos += avail - s->avail_in;
		if (r < 0)
			return vg_err_set(err, VG_EFORMAT, "%s: %s", d->name, isal_error(r));
		if (s->next_out != buf)
			return (ssize_t)(s->next_out - buf);
		if (s->block_state != ISAL_BLOCK_FINISH && d->src_eof && d->in_pos == d->in_len)
			return vg_err_set(err, VG_EFORMAT, "%s: truncated gzip stream", d->name);
	}
}

/* The same as read_gzip with zlib: kept to measure ISA-L against (bench/). */
static ssize_t read_gzip_zlib(struct decoder *d, uint8_t *buf, size_t n, struct vg_err *err)
{
	z_stream *z = d->zlib;

	for (;;) {
		size_t avail = d->in_len - d->in_pos;
		int r;

		if (avail == 0) {
			if (refill(d, err) != 0)
				return -1;
			avail = d->in_len - d->in_pos;
			if (avail == 0 && d->src_eof) {
				if (!d->zlib_member_done)
					return vg_err_set(err, VG_EFORMAT, "%s: truncated gzip stream", d->name);
				d->done = true;
				return 0;
			}
		}
		if (d->zlib_member_done) {
			if (avail < 2 && !d->src_eof) {
				if (refill(d, err) != 0)
					return -1;
				continue;
			}
			if (avail < 2 || d->in[d->in_pos] != 0x1f || d->in[d->in_pos + 1] != 0x8b)
				return vg_err_set(err, VG_EFORMAT, "%s: unexpected data after the gzip stream", d->name);
			inflateReset(z);
			d->zlib_member_done = false;
		}
		z->next_in = d->in + d->in_pos;
		z->avail_in = (uInt)avail;
		z->next_out = buf;
		z->avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
		r = inflate(z, Z_NO_FLUSH);
		d->in_pos += avail - z->avail_in;
		if (r == Z_STREAM_END)
			d->zlib_member_done = true;
		else if (r != Z_OK && r != Z_BUF_ERROR)
			return vg_err_set(err, VG_EFORMAT, "%s: gzip: %s", d->name, z->msg ? z->msg : "stream error");
		if (z->next_out != buf)
			return (ssize_t)(z->next_out - buf);
	}
}

static ssize_t read_zstd(struct decoder *d, uint8_t *buf, size_t n, struct vg_err *err)
{
	for (;;) {
		ZSTD_inBuffer in;
		ZSTD_outBuffer out = { buf, n, 0 };
		size_t r;

		if (d->in_pos == d->in_len) {
			if (refill(d, err) != 0)
				return -1;
			if (d->in_pos == d->in_len && d->src_eof) {
				if (d->zstd_pending != 0)
					return vg_err_set(err, VG_EFORMAT, "%s: truncated zstd stream", d->name);
				d->done = true;
				return 0;
			}
		}
		in.src = d->in + d->in_pos;
		in.size = d->in_len - d->in_pos;
		in.pos = 0;
		r = ZSTD_decompressStream(d->zs, &out, &in);
		d->in_pos += in.pos;
		if (ZSTD_isError(r))
			return vg_err_set(err, VG_EFORMAT, "%s: zstd: %s", d->name, ZSTD_getErrorName(r));
		d->zstd_pending = r;
		if (out.pos > 0)
			return (ssize_t)out.pos;
	}
}

static ssize_t read_plain(struct decoder *d, uint8_t *buf, size_t n, struct vg_err *err)
{
	size_t avail;

	if (d->in_pos == d->in_len && refill(d, err) != 0)
		return -1;
	avail = d->in_len - d->in_pos;
	if (avail == 0) {
		d->done = true;
		return 0;
	}
	if (avail > n)
		avail = n;
	memcpy(buf, d->in + d->in_pos, avail);
	d->in_pos += avail;
	return (ssize_t)avail;
}

ssize_t decoder_read(struct decoder *d, void *buf, size_t n, struct vg_err *err)
{
	ssize_t r;

	if (d->fmt == DF_UNKNOWN && detect_format(d, err) != 0)
		return -1;
	if (d->done || n == 0)
		return 0;
	switch (d->fmt) {
	case DF_GZIP: r = d->zlib ? read_gzip_zlib(d, buf, n, err) : read_gzip(d, buf, n, err); break;
	case DF_ZSTD: r = read_zstd(d, buf, n, err); break;
	default: r = read_plain(d, buf, n, err); break;
	}
	if (r <= 0)
		return r;
	if (d->fmt != DF_NONE && d->want_diff_id)
		sha256_update(&d->out_hash, buf, (size_t)r);
	d->total_out += (uint64_t)r;
	if (d->total_out > d->lim.max_output)
		return vg_err_set(err, VG_ELIMIT, "%s: uncompressed size exceeds %llu bytes", d->name,
				  (unsigned long long)d->lim.max_output);
	if (d->total_out > d->lim.ratio_floor && d->total_out / (d->total_in ? d->total_in : 1) > d->lim.ratio)
		return vg_err_set(err, VG_ELIMIT,
				  "%s: decompresses to more than %llu times its size (decompression bomb?)", d->name,
				  (unsigned long long)d->lim.ratio);
	return r;
}

/* The stored bytes were left to a verifying source to check (compressed layers only). */
static bool stored_hash_skipped(const struct decoder *d)
{
	return d->src_verified && d->fmt != DF_NONE && d->fmt != DF_UNKNOWN;
}

bool decoder_digest_mismatch(struct decoder *d, struct vg_err *err)
{
	struct vg_err ignored;
	char got[72];

	if (!d->want_digest || !d->in_hash.md)
		return false;
	while (!d->src_eof) {
		d->in_pos = d->in_len;
		if (refill(d, &ignored) != 0) {
			/* a source that verifies its own bytes (a registry download) says so at its end */
			if (ignored.code != VG_EDIGEST)
				return false;
			*err = ignored;
			return true;
		}
	}
	if (stored_hash_skipped(d))
		return false; /* the source reached its end, so its bytes matched */
	sha256_final_str(&d->in_hash, got);
	if (strcmp(got, d->want_digest) == 0)
		return false;
	vg_err_set(err, VG_EDIGEST, "%s: digest mismatch: expected %s, content hashes to %s", d->name,
		   d->want_digest, got);
	return true;
}

int decoder_finish(struct decoder *d, struct vg_err *err)
{
	uint8_t *buf = xmalloc(IN_CHUNK);
	char got[72];
	ssize_t r;

	while ((r = decoder_read(d, buf, IN_CHUNK, err)) > 0)
		;
	free(buf);
	if (r < 0)
		return -1;
	/* the source may still hold bytes past the compressed stream */
	while (!d->src_eof) {
		d->in_pos = d->in_len;
		if (refill(d, err) != 0)
			return -1;
		if (d->in_len > d->in_pos && d->fmt != DF_NONE)
			return vg_err_set(err, VG_EFORMAT, "%s: unexpected data after the %s stream", d->name,
					  decoder_format(d));
	}
	sha256_final_str(&d->in_hash, got);
	if (d->fmt == DF_NONE) /* stored bytes are the tar: one hash serves both */
		memcpy(d->out_hash_str, got, sizeof(got));
	/* a verifying source reached its end without an error: its digest matched */
	if (d->want_digest && !stored_hash_skipped(d) && strcmp(got, d->want_digest) != 0)
		return vg_err_set(err, VG_EDIGEST, "%s: digest mismatch: expected %s, content hashes to %s", d->name,
				  d->want_digest, got);
	if (d->fmt != DF_NONE)
		sha256_final_str(&d->out_hash, d->out_hash_str);
	memcpy(got, d->out_hash_str, sizeof(got));
	if (d->want_diff_id && strcmp(got, d->want_diff_id) != 0)
		return vg_err_set(err, VG_EDIGEST,
				  "%s: diff_id mismatch: expected %s, uncompressed content hashes to %s", d->name,
				  d->want_diff_id, got);
	return 0;
}
