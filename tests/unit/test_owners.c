/* test_owners.c - unit tests for marking language packages owned by OS
 * packages: dpkg info/<pkg>[:arch].list files, distroless status.d
 * md5sums, apk's installed database, an rpmdb's file lists (librpm), whiteouts of a list, and the file
 * names owners_wants asks the walk to keep. */
#include "testutil.h"

#include "analyzer/owners.h"
#include "core/fileio.h"
#include "core/strbuf.h"

static void ent(struct layer_result *r, enum entry_type t, const char *path, const char *data)
{
	struct layer_entry *e;

	vg_grow((void **)&r->entries, &r->cap, r->n + 1, sizeof(*r->entries));
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->path = arena_strdup(&r->arena, path);
	if (data) {
		e->data = xstrdup(data);
		e->size = strlen(data);
		e->kept = true;
	}
}

static struct package *lang(struct inventory *inv, enum pkg_type t, const char *name, const char *found_in)
{
	struct package *p = inventory_new_package(inv, t);

	p->name = inventory_strdup(inv, name);
	p->version = "1.0";
	p->found_in = inventory_strdup(inv, found_in);
	return p;
}

static void test_wants(void **state)
{
	(void)state;
	assert_true(owners_wants("var/lib/dpkg/info/python3-requests.list"));
	assert_true(owners_wants("var/lib/dpkg/info/libc6:amd64.list"));
	assert_true(owners_wants("var/lib/dpkg/status.d/base-files.md5sums"));
	assert_false(owners_wants("var/lib/dpkg/info/libc6.md5sums"));
	assert_false(owners_wants("var/lib/dpkg/info/sub/x.list"));
	assert_false(owners_wants("usr/var/lib/dpkg/info/x.list"));
	assert_false(owners_wants("var/lib/dpkg/status"));
}

static void test_dpkg_lists(void **state)
{
	struct layer_result l0 = { 0 }, l1 = { 0 };
	struct inventory inv;
	struct vfs fs;
	struct package *req, *venv, *jar, *gone;

	(void)state;
	ent(&l0, ENT_FILE, "var/lib/dpkg/info/python3-requests.list",
	    "/.\n/usr\n/usr/lib/python3/dist-packages/requests-2.28.1.egg-info\n"
	    "/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO\n");
	ent(&l0, ENT_FILE, "var/lib/dpkg/info/liblog4j2-java:all.list", "/usr/share/java/log4j-core-2.19.0.jar");
	ent(&l0, ENT_FILE, "var/lib/dpkg/info/python3-old.list", "/usr/lib/python3/dist-packages/old/PKG-INFO\n");
	/* the package was purged in a later layer: its list is whited out */
	ent(&l1, ENT_WHITEOUT, "var/lib/dpkg/info/python3-old.list", NULL);
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	vfs_apply_layer(&fs, 1, &l1);
	inventory_init(&inv);
	req = lang(&inv, PKG_PYPI, "requests", "/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO");
	venv = lang(&inv, PKG_PYPI, "pip", "/opt/venv/lib/python3.11/site-packages/pip-23.0.1.dist-info/METADATA");
	jar = lang(&inv, PKG_MAVEN, "org.apache.logging.log4j:log4j-core", "/usr/share/java/log4j-core-2.19.0.jar");
	gone = lang(&inv, PKG_PYPI, "old", "/usr/lib/python3/dist-packages/old/PKG-INFO");
	assert_int_equal(owners_mark(&fs, &inv), 2);
	assert_string_equal(req->os_owner, "python3-requests");
	assert_string_equal(jar->os_owner, "liblog4j2-java"); /* ":all" is not part of the name */
	assert_null(venv->os_owner);
	assert_null(gone->os_owner);
	inventory_free(&inv);
	vfs_free(&fs);
	layer_result_free(&l0);
	layer_result_free(&l1);
}

static void test_distroless_and_apk(void **state)
{
	struct layer_result l0 = { 0 };
	struct inventory inv;
	struct vfs fs;
	struct package *a, *b, *c, *os_pkg;

	(void)state;
	ent(&l0, ENT_FILE, "var/lib/dpkg/status.d/python3.md5sums",
	    "0123456789abcdef0123456789abcdef  usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA\n");
	ent(&l0, ENT_FILE, "lib/apk/db/installed",
	    "C:Q1abc=\nP:py3-six\nV:1.16.0-r0\nF:usr/lib/python3.11/site-packages/six-1.16.0.dist-info\n"
	    "R:METADATA\nR:RECORD\n\nC:Q1def=\nP:nodejs\nV:20.1.0-r0\nF:usr/lib/node_modules/npm\nR:package.json\n");
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	inventory_init(&inv);
	a = lang(&inv, PKG_PYPI, "x", "/usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA");
	b = lang(&inv, PKG_PYPI, "six", "/usr/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA");
	c = lang(&inv, PKG_NPM, "npm", "/usr/lib/node_modules/npm/package.json");
	os_pkg = inventory_new_package(&inv, PKG_APK); /* OS packages are never marked */
	os_pkg->name = "six";
	os_pkg->found_in = "/usr/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA";
	assert_int_equal(owners_mark(&fs, &inv), 3);
	assert_string_equal(a->os_owner, "python3");
	assert_string_equal(b->os_owner, "py3-six");
	assert_string_equal(c->os_owner, "nodejs");
	assert_null(os_pkg->os_owner);
	inventory_free(&inv);
	vfs_free(&fs);
	layer_result_free(&l0);
}

/* rpm: the file lists librpm reads from a real Amazon Linux 2023 sqlite rpmdb */
static void test_rpmdb(void **state)
{
	struct layer_result l0 = { 0 };
	struct inventory inv;
	struct vfs fs;
	struct vg_err err;
	struct package *bash, *app;
	char path[4096], *db = NULL;
	size_t len;

	(void)state;
	SKIP_WITHOUT_SHARED(path, "images/pkgdb/rpm/amazonlinux2023-plain/rpmdb.sqlite");
	assert_int_equal(read_file_capped(path, 64u << 20, &db, &len, &err), 0);
	ent(&l0, ENT_FILE, "var/lib/rpm/rpmdb.sqlite", NULL);
	l0.entries[0].data = db; /* owned by l0 from here */
	l0.entries[0].size = len;
	l0.entries[0].kept = true;
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	inventory_init(&inv);
	bash = lang(&inv, PKG_GO, "stdlib", "/usr/bin/bash"); /* any path the rpmdb lists */
	app = lang(&inv, PKG_GO, "stdlib", "/usr/local/bin/app");
	assert_int_equal(owners_mark(&fs, &inv), 1);
	assert_string_equal(bash->os_owner, "bash");
	assert_null(app->os_owner);
	inventory_free(&inv);
	vfs_free(&fs);
	layer_result_free(&l0);
}

static void test_nothing_to_mark(void **state)
{
	struct inventory inv;
	struct vfs fs;

	(void)state;
	vfs_init(&fs);
	inventory_init(&inv);
	lang(&inv, PKG_NPM, "a", "/app/node_modules/a/package.json");
	assert_int_equal(owners_mark(&fs, &inv), 0); /* no lists at all */
	inventory_free(&inv);
	vfs_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_dpkg_lists),
		cmocka_unit_test(test_distroless_and_apk),
		cmocka_unit_test(test_rpmdb),
		cmocka_unit_test(test_nothing_to_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
