/* test_core.c - unit tests for the core helpers: strbuf, arena, strmap,
 * ptrvec, error formatting, sha256 and path normalization. */
#include "testutil.h"

#include "core/arena.h"
#include "core/digest.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "core/strmap.h"
#include "core/vec.h"
#include "image/store.h"

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len;

	(void)state;
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, '-');
	strbuf_addf(&sb, "%d/%s", 42, "x");
	assert_string_equal(sb.buf, "abc-42/x");
	assert_int_equal(sb.len, 8);
	for (int i = 0; i < 10000; i++)
		strbuf_addch(&sb, 'y');
	assert_int_equal(sb.len, 10008);
	strbuf_reset(&sb);
	strbuf_add_json_escaped(&sb, "a\"b\\c\n\x01");
	assert_string_equal(sb.buf, "a\\\"b\\\\c\\n\\u0001");
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(s));
	assert_null(sb.buf);
	free(s);
}

static void test_arena(void **state)
{
	struct arena a = ARENA_INIT;
	char *big;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		char *p = arena_printf(&a, "item-%d", i);
		assert_string_equal(p, p); /* touch */
		assert_true(strncmp(p, "item-", 5) == 0);
	}
	big = arena_alloc(&a, 200000); /* larger than a block */
	memset(big, 1, 200000);
	assert_string_equal(arena_strndup(&a, "hello", 3), "hel");
	assert_null(arena_strdup_opt(&a, NULL));
	arena_free(&a);
	assert_null(a.head);
}

static void test_strmap(void **state)
{
	struct strmap m = STRMAP_INIT;
	struct arena a = ARENA_INIT;
	const char *k;
	void *v;
	size_t n = 0;

	(void)state;
	for (long i = 0; i < 2000; i++)
		assert_null(strmap_put(&m, arena_printf(&a, "k%ld", i), (void *)(i + 1)));
	assert_int_equal(m.count, 2000);
	assert_ptr_equal(strmap_get(&m, "k1999"), (void *)2000);
	assert_ptr_equal(strmap_put(&m, "k5", (void *)7), (void *)6);
	for (long i = 0; i < 2000; i += 2)
		assert_non_null(strmap_remove(&m, arena_printf(&a, "k%ld", i)));
	assert_int_equal(m.count, 1000);
	assert_null(strmap_get(&m, "k0"));
	assert_ptr_equal(strmap_get(&m, "k5"), (void *)7);
	for (size_t it = 0; strmap_next(&m, &it, &k, &v);)
		n++;
	assert_int_equal(n, 1000);
	/* reinsert after tombstones */
	for (long i = 0; i < 2000; i += 2)
		strmap_put(&m, arena_printf(&a, "k%ld", i), (void *)1);
	assert_int_equal(m.count, 2000);
	strmap_free(&m);
	arena_free(&a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_ptrvec(void **state)
{
	struct ptrvec v = PTRVEC_INIT;

	(void)state;
	ptrvec_push(&v, xstrdup("b"));
	ptrvec_push(&v, xstrdup("c"));
	ptrvec_push(&v, xstrdup("a"));
	ptrvec_sort(&v, cmp_str);
	assert_string_equal(v.v[0], "a");
	assert_string_equal(v.v[2], "c");
	ptrvec_free(&v, free);
	assert_int_equal(v.n, 0);
}

static void test_error(void **state)
{
	struct vg_err e = { VG_OK, "" };
	char longp[600];

	(void)state;
	assert_int_equal(vg_err_set(&e, VG_EFORMAT, "bad %s", "thing"), -1);
	vg_err_prefix(&e, "file.tar");
	assert_string_equal(e.msg, "file.tar: bad thing");
	assert_int_equal(e.code, VG_EFORMAT);
	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	for (int i = 0; i < 5; i++)
		vg_err_prefix(&e, "%s", longp); /* must truncate, never overflow */
	assert_true(strlen(e.msg) < sizeof(e.msg));
	assert_int_equal(vg_err_set(NULL, VG_EIO, "x"), -1);
}

static void test_sha256(void **state)
{
	char out[72];
	struct sha256_ctx c;

	(void)state;
	sha256_str("", 0, out);
	assert_string_equal(out, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_init(&c);
	sha256_update(&c, "a", 1);
	sha256_update(&c, "bc", 2);
	sha256_final_str(&c, out);
	assert_string_equal(out, "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(digest_is_valid_sha256(out));
	assert_false(digest_is_valid_sha256("sha256:BA7816"));
	assert_false(digest_is_valid_sha256("sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	assert_false(digest_is_valid_sha256(NULL));
}

static void check_norm(const char *in, const char *want, int want_rc, bool want_abs)
{
	char buf[256];
	bool abs = false;

	strcpy(buf, in);
	assert_int_equal(path_normalize(buf, &abs), want_rc);
	if (want_rc == 0) {
		assert_string_equal(buf, want);
		assert_int_equal(abs, want_abs);
	}
}

static void test_path_normalize(void **state)
{
	(void)state;
	check_norm("./etc/os-release", "etc/os-release", 0, false);
	check_norm("etc/os-release", "etc/os-release", 0, false);
	check_norm("/etc//apk/./db/", "etc/apk/db", 0, true);
	check_norm("./", "", 0, false);
	check_norm(".", "", 0, false);
	check_norm("a/../b", NULL, -1, false);
	check_norm("../etc/passwd", NULL, -1, false);
	check_norm("a/..", NULL, -1, false);
	check_norm("a/..b/c", "a/..b/c", 0, false);
	check_norm("a/.wh..wh..opq", "a/.wh..wh..opq", 0, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_ptrvec),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_path_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
