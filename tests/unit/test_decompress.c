/* test_decompress.c - unit tests for the layer decoder: gzip (single and
 * multi-member), zstd, plain, digest and diff_id checks, truncation,
 * trailing garbage and the decompression-ratio limit. */
#include "testutil.h"

#include <zlib.h>
#include <zstd.h>

#include "core/digest.h"
#include "layer/decompress.h"

struct mem_stream {
	struct stream s;
	const unsigned char *p;
	size_t len, pos, chunk;
};

static ssize_t mem_read(struct stream *s, void *buf, size_t n, struct vg_err *err)
{
	struct mem_stream *m = (struct mem_stream *)s;
	size_t k = m->len - m->pos;

	(void)err;
	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

static void mem_init(struct mem_stream *m, const void *p, size_t len, size_t chunk)
{
	memset(m, 0, sizeof(*m));
	m->s.read = mem_read;
	m->s.name = "mem";
	m->p = p;
	m->len = len;
	m->chunk = chunk;
}

static unsigned char *gzip_bytes(const void *in, size_t len, size_t *out_len)
{
	z_stream z;
	unsigned char *out = xmalloc(len + 1024);

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = (unsigned)len;
	z.next_out = out;
	z.avail_out = (unsigned)(len + 1024);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

static unsigned char *payload(size_t len)
{
	unsigned char *p = xmalloc(len);
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)((i * 7919) % 251);
	return p;
}

/* Decode everything; returns 0/-1 and the output size. */
static int decode_all(const void *data, size_t len, size_t chunk, const char *digest, const char *diff_id,
		      const struct decoder_limits *lim, size_t *out_len, struct vg_err *err)
{
	struct mem_stream m;
	struct decoder *d;
	unsigned char buf[4096];
	ssize_t r;
	size_t total = 0;
	int rc;

	mem_init(&m, data, len, chunk);
	d = decoder_new(&m.s, "mem", digest, diff_id, lim);
	while ((r = decoder_read(d, buf, sizeof(buf), err)) > 0)
		total += (size_t)r;
	rc = r < 0 ? -1 : decoder_finish(d, err);
	decoder_free(d);
	*out_len = total;
	return rc;
}

static void test_gzip_roundtrip_and_digests(void **state)
{
	size_t n = 300000, gz_len, out;
	unsigned char *p = payload(n), *gz = gzip_bytes(p, n, &gz_len);
	char dig[72], diff[72];
	struct vg_err err = { 0 };

	(void)state;
	sha256_str(gz, gz_len, dig);
	sha256_str(p, n, diff);
	assert_int_equal(decode_all(gz, gz_len, 1000, dig, diff, NULL, &out, &err), 0);
	assert_int_equal(out, n);
	/* wrong digest */
	assert_int_equal(decode_all(gz, gz_len, 65536, diff, NULL, NULL, &out, &err), -1);
	assert_int_equal(err.code, VG_EDIGEST);
	assert_non_null(strstr(err.msg, "digest mismatch"));
	/* wrong diff_id */
	assert_int_equal(decode_all(gz, gz_len, 65536, NULL, dig, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "diff_id mismatch"));
	/* truncated */
	assert_int_equal(decode_all(gz, gz_len / 2, 65536, NULL, NULL, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "truncated gzip"));
	/* corrupted CRC (last 8 bytes are CRC32 + ISIZE) */
	gz[gz_len - 6] ^= 0xff;
	assert_int_equal(decode_all(gz, gz_len, 65536, NULL, NULL, NULL, &out, &err), -1);
	free(p);
	free(gz);
}

static void test_gzip_multimember_and_garbage(void **state)
{
	size_t n = 5000, l1, out;
	unsigned char *p = payload(n), *g1 = gzip_bytes(p, n, &l1);
	unsigned char *two = xmalloc(2 * l1 + 4);
	struct vg_err err = { 0 };

	(void)state;
	memcpy(two, g1, l1);
	memcpy(two + l1, g1, l1);
	assert_int_equal(decode_all(two, 2 * l1, 333, NULL, NULL, NULL, &out, &err), 0);
	assert_int_equal(out, 2 * n);
	memcpy(two + l1, "junk", 4);
	assert_int_equal(decode_all(two, l1 + 4, 65536, NULL, NULL, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "after the gzip stream"));
	free(p);
	free(g1);
	free(two);
}

static void test_zstd_and_plain(void **state)
{
	size_t n = 200000, out;
	unsigned char *p = payload(n);
	size_t cap = ZSTD_compressBound(n);
	unsigned char *z = xmalloc(cap);
	size_t zl = ZSTD_compress(z, cap, p, n, 3);
	char diff[72];
	struct vg_err err = { 0 };

	(void)state;
	assert_false(ZSTD_isError(zl));
	sha256_str(p, n, diff);
	assert_int_equal(decode_all(z, zl, 777, NULL, diff, NULL, &out, &err), 0);
	assert_int_equal(out, n);
	assert_int_equal(decode_all(z, zl - 10, 65536, NULL, NULL, NULL, &out, &err), -1);
	assert_non_null(strstr(err.msg, "zstd"));
	/* plain: digest and diff_id are the same hash */
	assert_int_equal(decode_all(p, n, 65536, diff, diff, NULL, &out, &err), 0);
	assert_int_equal(out, n);
	free(p);
	free(z);
}

static void test_ratio_limit(void **state)
{
	size_t n = 8 << 20, gz_len, out;
	unsigned char *zeros = xcalloc(n, 1), *gz = gzip_bytes(zeros, n, &gz_len);
	struct decoder_limits lim = { 1ull << 40, 50, 1 << 20 };
	struct vg_err err = { 0 };

	(void)state;
	assert_int_equal(decode_all(gz, gz_len, 65536, NULL, NULL, &lim, &out, &err), -1);
	assert_int_equal(err.code, VG_ELIMIT);
	assert_non_null(strstr(err.msg, "times its size"));
	assert_true(out < n);
	lim.ratio = 100000;
	lim.max_output = 1 << 20;
	assert_int_equal(decode_all(gz, gz_len, 65536, NULL, NULL, &lim, &out, &err), -1);
	assert_non_null(strstr(err.msg, "exceeds"));
	free(zeros);
	free(gz);
}

/* The zlib inflater (VIGIL_INFLATE=zlib, kept for benchmarks) must agree. */
static void test_zlib_backend(void **state)
{
	setenv("VIGIL_INFLATE", "zlib", 1);
	test_gzip_roundtrip_and_digests(state);
	test_gzip_multimember_and_garbage(state);
	unsetenv("VIGIL_INFLATE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_roundtrip_and_digests),
		cmocka_unit_test(test_gzip_multimember_and_garbage),
		cmocka_unit_test(test_zstd_and_plain),
		cmocka_unit_test(test_ratio_limit),
		cmocka_unit_test(test_zlib_backend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
