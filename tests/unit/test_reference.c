/* test_reference.c - image reference parsing and Docker Hub normalisation,
 * table-driven: input -> canonical form, or rejected. */
#include "testutil.h"

#include "registry/reference.h"

#define D64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const struct { const char *in, *want; } good[] = {
	{ "alpine", "docker.io/library/alpine:latest" },
	{ "alpine:3.20", "docker.io/library/alpine:3.20" },
	{ "library/alpine", "docker.io/library/alpine:latest" },
	{ "docker.io/alpine", "docker.io/library/alpine:latest" },
	{ "index.docker.io/library/alpine:edge", "docker.io/library/alpine:edge" },
	{ "bitnami/redis:7.2", "docker.io/bitnami/redis:7.2" },
	{ "ghcr.io/org/team/app:v1.2.3", "ghcr.io/org/team/app:v1.2.3" },
	{ "localhost/app", "localhost/app:latest" },
	{ "localhost:5000/app:dev", "localhost:5000/app:dev" },
	{ "127.0.0.1:5000/x/y:tag", "127.0.0.1:5000/x/y:tag" },
	{ "[::1]:5000/x", "[::1]:5000/x:latest" },
	{ "Registry.Example.com/a", "Registry.Example.com/a:latest" },
	{ "alpine@sha256:" D64, "docker.io/library/alpine@sha256:" D64 },
	{ "alpine:3.20@sha256:" D64, "docker.io/library/alpine:3.20@sha256:" D64 },
	{ "team/a.b_c__d-e--f", "docker.io/team/a.b_c__d-e--f:latest" },
	{ "Upper/x", "Upper/x:latest" }, /* an upper-case first component is a host (Docker's rule) */
	{ "x:Tag_1.0-rc", "docker.io/library/x:Tag_1.0-rc" },
};

static const char *const bad[] = {
	"", "alpine/X" /* upper case in a repository path */, "ALPINE", "alpine:", "a.b_c/g" /* '_' in a host */, ":tag", "alpine:-x",
	"alpine@sha256:abc", "alpine@md5:" D64, "a__/b", "a___b", "-a", "a-", "a..b", "a//b", "/a", "a/",
	"host:port/x", "localhost:/x", "exa mple/x", "alpine:" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

static void test_good_references(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(good); i++) {
		struct image_ref r;
		struct vg_err err = { VG_OK, "" };
		char *s;

		if (image_ref_parse(good[i].in, &r, &err) != 0)
			fail_msg("%s: %s", good[i].in, err.msg);
		s = image_ref_string(&r);
		if (strcmp(s, good[i].want) != 0)
			fail_msg("%s -> %s, want %s", good[i].in, s, good[i].want);
		free(s);
		image_ref_free(&r);
	}
}

static void test_bad_references(void **state)
{
	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct image_ref r;
		struct vg_err err = { VG_OK, "" };

		if (image_ref_parse(bad[i], &r, &err) == 0) {
			char *s = image_ref_string(&r);
			fail_msg("\"%s\" was accepted as %s", bad[i], s);
		}
		assert_int_equal(err.code, VG_EUSAGE);
		assert_true(err.msg[0] != '\0');
		assert_null(r.registry);
	}
}

static void test_parts(void **state)
{
	struct image_ref r;
	struct vg_err err;

	(void)state;
	assert_int_equal(image_ref_parse("127.0.0.1:5000/x/y@sha256:" D64, &r, &err), 0);
	assert_string_equal(r.registry, "127.0.0.1:5000");
	assert_string_equal(r.repository, "x/y");
	assert_null(r.tag);
	assert_string_equal(r.digest, "sha256:" D64);
	image_ref_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_references),
		cmocka_unit_test(test_bad_references),
		cmocka_unit_test(test_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
