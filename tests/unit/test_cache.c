/* test_cache.c - the registry blob cache: verified writes, lookups, LRU
 * pruning and the size cap, temp-file housekeeping, directory resolution
 * from the environment, and the size syntax. Each test works in its own
 * temp directory and removes it. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>

#include "core/digest.h"
#include "registry/cache.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char scratch[256];

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/vigil-cache-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	unsetenv("VIGIL_CACHE_MAX_SIZE");
	return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static void open_cache(struct blob_cache *c, uint64_t max_bytes)
{
	struct vg_err err = { VG_OK, "" };

	if (blob_cache_open(c, scratch, &err) != 0)
		fail_msg("blob_cache_open: %s", err.msg);
	c->max_bytes = max_bytes;
}

/* n bytes derived from seed, and their digest. */
static char *make_blob(int seed, size_t n, char digest[72])
{
	char *b = malloc(n);

	assert_non_null(b);
	for (size_t i = 0; i < n; i++)
		b[i] = (char)(seed * 31 + i * 7);
	sha256_str(b, n, digest);
	return b;
}

static void put_blob(struct blob_cache *c, const char *data, size_t n, const char *digest)
{
	struct vg_err err = { VG_OK, "" };
	struct cache_writer *w = cache_writer_begin(c, digest, &err);

	if (!w)
		fail_msg("cache_writer_begin: %s", err.msg);
	assert_int_equal(cache_writer_write(w, data, n, &err), 0);
	if (cache_writer_commit(w, &err) != 0)
		fail_msg("cache_writer_commit: %s", err.msg);
}

static void blob_path(char *buf, size_t n, const char *digest)
{
	snprintf(buf, n, "%s/blobs/sha256/%s", scratch, digest + 7);
}

static void set_mtime(const char *path, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int count_files(const char *sub)
{
	char path[1024];
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/blobs/%s", scratch, sub);
	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void assert_file_content(const char *path, const char *want, size_t n)
{
	char *got;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	got = malloc(n + 1);
	assert_non_null(got);
	assert_int_equal(fread(got, 1, n + 1, f), n);
	fclose(f);
	assert_memory_equal(got, want, n);
	free(got);
}

static void test_write_then_lookup(void **state)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	struct cache_writer *w;
	struct stat st;
	char digest[72], *data = make_blob(1, 100000, digest), *path = NULL;

	(void)state;
	open_cache(&c, 0);
	assert_int_equal(blob_cache_lookup(&c, digest, &path, &err), 0);
	assert_null(path);
	w = cache_writer_begin(&c, digest, &err);
	assert_non_null(w);
	assert_int_equal(count_files("tmp"), 1);
	for (size_t off = 0; off < 100000; off += 30000)
		assert_int_equal(cache_writer_write(w, data + off, off + 30000 > 100000 ? 100000 - off : 30000, &err), 0);
	assert_int_equal(cache_writer_commit(w, &err), 0);
	assert_int_equal(count_files("tmp"), 0);

	assert_int_equal(blob_cache_lookup(&c, digest, &path, &err), 1);
	assert_non_null(path);
	assert_true(str_ends_with(path, digest + 7));
	assert_file_content(path, data, 100000);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* a lookup refreshes the mtime */
	set_mtime(path, 1000000);
	free(path);
	assert_int_equal(blob_cache_lookup(&c, digest, &path, &err), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_mtime > time(NULL) - 60);
	free(path);

	blob_cache_remove(&c, digest);
	assert_int_equal(blob_cache_lookup(&c, digest, &path, &err), 0);
	blob_cache_remove(&c, "sha256:../../x"); /* ignored */
	free(data);
	blob_cache_close(&c);
}

static void test_wrong_digest(void **state)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	struct cache_writer *w;
	char digest[72], other[72], *data = make_blob(2, 1000, digest), *path = NULL;

	(void)state;
	sha256_str("something else", 14, other);
	open_cache(&c, 0);
	w = cache_writer_begin(&c, other, &err);
	assert_non_null(w);
	assert_int_equal(cache_writer_write(w, data, 1000, &err), 0);
	assert_int_equal(cache_writer_commit(w, &err), -1);
	assert_int_equal(err.code, VG_EDIGEST);
	assert_non_null(strstr(err.msg, other));
	assert_non_null(strstr(err.msg, digest));
	assert_non_null(strstr(err.msg, "not cached"));
	assert_int_equal(count_files("sha256"), 0);
	assert_int_equal(count_files("tmp"), 0);
	assert_int_equal(blob_cache_lookup(&c, other, &path, &err), 0);
	free(data);
	blob_cache_close(&c);
}

static void test_abort(void **state)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	struct cache_writer *w;
	char digest[72], *data = make_blob(3, 500, digest);

	(void)state;
	open_cache(&c, 0);
	w = cache_writer_begin(&c, digest, &err);
	assert_non_null(w);
	assert_int_equal(cache_writer_write(w, data, 500, &err), 0);
	cache_writer_abort(w);
	cache_writer_abort(NULL);
	assert_int_equal(count_files("sha256"), 0);
	assert_int_equal(count_files("tmp"), 0);
	free(data);
	blob_cache_close(&c);
}

static void test_malformed_digests(void **state)
{
	static const char *const bad[] = {
		"sha256:../../x",
		"sha256:../../../../../../../../../../../../../../../../../../../../../../etc/passwd",
		"sha256:" "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
		"md5:" HEX64,
		"sha512:" HEX64,
		"sha256:" HEX64 "0",
		"sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
		"sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/",
		HEX64,
		"",
	};
	struct blob_cache c;

	(void)state;
	open_cache(&c, 0);
	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct vg_err err = { VG_OK, "" };
		char *path = (char *)"unchanged";

		assert_int_equal(blob_cache_lookup(&c, bad[i], &path, &err), -1);
		assert_int_equal(err.code, VG_EFORMAT);
		assert_null(path);
		err.code = VG_OK;
		if (cache_writer_begin(&c, bad[i], &err) != NULL)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(err.code, VG_EFORMAT);
		blob_cache_remove(&c, bad[i]);
	}
	assert_int_equal(count_files("tmp"), 0);
	blob_cache_close(&c);
}

/* Four 100-byte blobs whose mtimes order them b, d, a, c (oldest first). */
static void add_four(struct blob_cache *c, char digests[4][72])
{
	static const time_t age[4] = { 3000, 4000, 1000, 2000 };
	char path[1024];

	for (int i = 0; i < 4; i++) {
		char *data = make_blob(10 + i, 100, digests[i]);
		put_blob(c, data, 100, digests[i]);
		free(data);
		blob_path(path, sizeof(path), digests[i]);
		set_mtime(path, time(NULL) - age[i]);
	}
}

static void test_prune_lru(void **state)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	char d[4][72], path[1024];
	uint64_t n = 99, bytes = 99;

	(void)state;
	open_cache(&c, 0);
	add_four(&c, d);
	assert_int_equal(blob_cache_prune(&c, 400, false, &n, &bytes, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bytes, 0);
	assert_int_equal(blob_cache_prune(&c, 250, false, &n, &bytes, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(bytes, 200);
	blob_path(path, sizeof(path), d[1]);
	assert_false(exists(path));
	blob_path(path, sizeof(path), d[0]);
	assert_false(exists(path));
	blob_path(path, sizeof(path), d[2]);
	assert_true(exists(path));
	blob_path(path, sizeof(path), d[3]);
	assert_true(exists(path));

	/* exactly at the cap: nothing to do */
	assert_int_equal(blob_cache_prune(&c, 200, false, &n, &bytes, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(blob_cache_prune(&c, 199, false, &n, &bytes, &err), 0);
	assert_int_equal(n, 1);
	blob_path(path, sizeof(path), d[2]);
	assert_true(exists(path)); /* the newest stays */
	assert_int_equal(blob_cache_prune(&c, 0, false, &n, &bytes, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count_files("sha256"), 0);
	blob_cache_close(&c);
}

static void test_cap_on_commit(void **state)
{
	struct blob_cache c;
	char d[4][72], big[72], path[1024];
	char *data;

	(void)state;
	open_cache(&c, 0);
	add_four(&c, d);
	c.max_bytes = 350;
	data = make_blob(20, 100, big);
	put_blob(&c, data, 100, big); /* 500 bytes: the two oldest go */
	free(data);
	assert_int_equal(count_files("sha256"), 3);
	blob_path(path, sizeof(path), d[1]);
	assert_false(exists(path));
	blob_path(path, sizeof(path), d[0]);
	assert_false(exists(path));
	blob_path(path, sizeof(path), big);
	assert_true(exists(path));

	/* a blob larger than the cap is kept, everything else goes */
	data = make_blob(21, 400, big);
	put_blob(&c, data, 400, big);
	free(data);
	assert_int_equal(count_files("sha256"), 1);
	blob_path(path, sizeof(path), big);
	assert_true(exists(path));
	blob_cache_close(&c);
}

static void test_stats_and_temps(void **state)
{
	struct blob_cache c;
	struct blob_cache_stats st;
	struct vg_err err = { VG_OK, "" };
	struct cache_writer *w;
	char d[4][72], path[1024], tmp_old[1024];
	uint64_t n, bytes;
	FILE *f;

	(void)state;
	open_cache(&c, 0);
	add_four(&c, d);
	w = cache_writer_begin(&c, d[0], &err); /* a download in progress */
	assert_non_null(w);
	assert_int_equal(cache_writer_write(w, "12345", 5, &err), 0);
	/* an abandoned download, two hours old */
	snprintf(tmp_old, sizeof(tmp_old), "%s/blobs/tmp/%s.AbC123", scratch, d[1] + 7);
	assert_non_null(f = fopen(tmp_old, "w"));
	fputs("abandoned", f);
	fclose(f);
	set_mtime(tmp_old, time(NULL) - 7200);
	/* files the cache did not create are neither counted nor removed */
	snprintf(path, sizeof(path), "%s/blobs/sha256/README", scratch);
	assert_non_null(f = fopen(path, "w"));
	fputs("not a blob", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/blobs/tmp/notes.txt", scratch);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);

	assert_int_equal(blob_cache_stats(&c, &st, &err), 0);
	assert_int_equal(st.blobs, 4);
	assert_int_equal(st.bytes, 400);
	assert_int_equal(st.temp_files, 2);
	assert_int_equal(st.temp_bytes, 14);

	/* pruning drops the abandoned download but not the live one */
	assert_int_equal(blob_cache_prune(&c, UINT64_MAX, true, &n, &bytes, &err), 0);
	assert_int_equal(n, 0);
	assert_false(exists(tmp_old));
	assert_int_equal(blob_cache_stats(&c, &st, &err), 0);
	assert_int_equal(st.temp_files, 1);
	assert_int_equal(st.temp_bytes, 5);
	assert_int_equal(cache_writer_write(w, "67890", 5, &err), 0);

	/* keep 0 with all_temps removes every blob and temp file, nothing else */
	assert_int_equal(blob_cache_prune(&c, 0, true, &n, &bytes, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(bytes, 400);
	assert_int_equal(blob_cache_stats(&c, &st, &err), 0);
	assert_int_equal(st.blobs + st.bytes + st.temp_files + st.temp_bytes, 0);
	assert_int_equal(count_files("sha256"), 1); /* README */
	assert_int_equal(count_files("tmp"), 1);    /* notes.txt */
	cache_writer_abort(w);
	blob_cache_close(&c);
}

static void test_two_writers_same_blob(void **state)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	struct cache_writer *a, *b;
	char digest[72], *data = make_blob(5, 70000, digest), *path = NULL;

	(void)state;
	open_cache(&c, 0);
	a = cache_writer_begin(&c, digest, &err);
	b = cache_writer_begin(&c, digest, &err);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(count_files("tmp"), 2);
	assert_int_equal(cache_writer_write(a, data, 40000, &err), 0);
	assert_int_equal(cache_writer_write(b, data, 10000, &err), 0);
	assert_int_equal(cache_writer_write(b, data + 10000, 60000, &err), 0);
	assert_int_equal(cache_writer_write(a, data + 40000, 30000, &err), 0);
	assert_int_equal(cache_writer_commit(a, &err), 0);
	assert_int_equal(blob_cache_lookup(&c, digest, &path, &err), 1);
	assert_file_content(path, data, 70000);
	free(path);
	assert_int_equal(cache_writer_commit(b, &err), 0);
	assert_int_equal(blob_cache_lookup(&c, digest, &path, &err), 1);
	assert_file_content(path, data, 70000);
	free(path);
	assert_int_equal(count_files("sha256"), 1);
	assert_int_equal(count_files("tmp"), 0);
	free(data);
	blob_cache_close(&c);
}

static void test_parse_size(void **state)
{
	static const struct { const char *in; uint64_t want; } good[] = {
		{ "0", 0 },
		{ "4096", 4096 },
		{ "4096B", 4096 },
		{ "1k", 1024 },
		{ "1K", 1024 },
		{ "1KB", 1024 },
		{ "1KiB", 1024 },
		{ "1kib", 1024 },
		{ "512MiB", 512ull << 20 },
		{ "512M", 512ull << 20 },
		{ "10G", 10ull << 30 },
		{ "10gb", 10ull << 30 },
		{ "1.5GB", 3ull << 29 },
		{ "0.5K", 512 },
		{ "2.25MiB", (9ull << 20) / 4 },
		{ "1T", 1ull << 40 },
		{ "16777215T", 16777215ull << 40 },
		{ "18446744073709551615", UINT64_MAX },
		{ "007", 7 },
	};
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "1 G", "G", "1.5", "1.5B", ".5G", "1.G", "1..5G", "1e3", "1P", "1X",
		"1iB", "1GiBB", "1Gi B", "0x10", "10GiB!", "18446744073709551616", "16777216T", "99999999999999999999G",
	};
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(good); i++) {
		struct vg_err err = { VG_OK, "" };
		uint64_t v = 1;

		if (parse_size("--max-size", good[i].in, &v, &err) != 0)
			fail_msg("\"%s\": %s", good[i].in, err.msg);
		if (v != good[i].want)
			fail_msg("\"%s\" -> %llu, want %llu", good[i].in, (unsigned long long)v,
				 (unsigned long long)good[i].want);
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct vg_err err = { VG_OK, "" };
		uint64_t v;

		if (parse_size("--max-size", bad[i], &v, &err) == 0)
			fail_msg("\"%s\" was accepted as %llu", bad[i], (unsigned long long)v);
		assert_int_equal(err.code, VG_EUSAGE);
		assert_true(str_starts_with(err.msg, "--max-size: "));
	}
}

/* Set or unset (value NULL) an environment variable. */
static void env(const char *name, const char *value)
{
	if (value)
		assert_int_equal(setenv(name, value, 1), 0);
	else
		assert_int_equal(unsetenv(name), 0);
}

static void expect_dir(const char *want)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	char path[1024];

	if (blob_cache_open(&c, NULL, &err) != 0)
		fail_msg("blob_cache_open: %s", err.msg);
	assert_string_equal(c.dir, want);
	snprintf(path, sizeof(path), "%s/blobs/sha256", want);
	assert_true(exists(path));
	snprintf(path, sizeof(path), "%s/blobs/tmp", want);
	assert_true(exists(path));
	blob_cache_close(&c);
}

static void test_env_resolution(void **state)
{
	const char *home0 = getenv("HOME");
	char *home = home0 ? strdup(home0) : NULL;
	char a[512], b[512], h[512], want[1024];
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };

	(void)state;
	snprintf(a, sizeof(a), "%s/a", scratch);
	snprintf(b, sizeof(b), "%s/xdg", scratch);
	snprintf(h, sizeof(h), "%s/home", scratch);
	env("VIGIL_CACHE_DIR", a);
	env("XDG_CACHE_HOME", b);
	env("HOME", h);
	expect_dir(a);
	env("VIGIL_CACHE_DIR", "");
	snprintf(want, sizeof(want), "%s/vigil", b);
	expect_dir(want);
	env("VIGIL_CACHE_DIR", NULL);
	env("XDG_CACHE_HOME", NULL);
	snprintf(want, sizeof(want), "%s/.cache/vigil", h);
	expect_dir(want);

	/* an explicit dir wins over everything; trailing slashes are dropped */
	snprintf(want, sizeof(want), "%s/explicit//", scratch);
	assert_int_equal(blob_cache_open(&c, want, &err), 0);
	assert_true(str_ends_with(c.dir, "/explicit"));
	assert_int_equal(c.max_bytes, BLOB_CACHE_DEFAULT_MAX);
	blob_cache_close(&c);

	/* the cap from the environment */
	env("VIGIL_CACHE_MAX_SIZE", "1.5M");
	assert_int_equal(blob_cache_open(&c, a, &err), 0);
	assert_int_equal(c.max_bytes, 3ull << 19);
	blob_cache_close(&c);
	env("VIGIL_CACHE_MAX_SIZE", "0");
	assert_int_equal(blob_cache_open(&c, a, &err), 0);
	assert_int_equal(c.max_bytes, 0);
	blob_cache_close(&c);
	env("VIGIL_CACHE_MAX_SIZE", "lots");
	assert_int_equal(blob_cache_open(&c, a, &err), -1);
	assert_int_equal(err.code, VG_EUSAGE);
	assert_non_null(strstr(err.msg, "VIGIL_CACHE_MAX_SIZE"));
	assert_null(c.dir);
	env("VIGIL_CACHE_MAX_SIZE", NULL);

	env("HOME", NULL);
	assert_int_equal(blob_cache_open(&c, NULL, &err), -1);
	assert_true(err.msg[0] != '\0');
	assert_null(c.dir);
	if (home) {
		env("HOME", home);
		free(home);
	}
}

static void test_not_a_directory(void **state)
{
	struct blob_cache c;
	struct vg_err err = { VG_OK, "" };
	char path[512], below[1024];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/file", scratch);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_int_equal(blob_cache_open(&c, path, &err), -1);
	assert_int_equal(err.code, VG_EIO);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, strerror(ENOTDIR)));
	snprintf(below, sizeof(below), "%s/sub/dir", path);
	assert_int_equal(blob_cache_open(&c, below, &err), -1);
	assert_non_null(strstr(err.msg, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_then_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_digest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_digests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_lru, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_on_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_and_temps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_writers_same_blob, setup, teardown),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test_setup_teardown(test_env_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_directory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
