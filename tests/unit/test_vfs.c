/* test_vfs.c - unit tests for the layer merge: replacement, whiteouts,
 * opaque directories, hard links and symlink resolution inside the image. */
#include "testutil.h"

#include "core/strbuf.h"
#include "layer/vfs.h"

static struct layer_entry *ent(struct layer_result *r, enum entry_type t, const char *path, const char *link,
			       const char *data)
{
	struct layer_entry *e;

	vg_grow((void **)&r->entries, &r->cap, r->n + 1, sizeof(*r->entries));
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->path = arena_strdup(&r->arena, path);
	e->link = link ? arena_strdup(&r->arena, link) : NULL;
	if (data) {
		e->data = xstrdup(data);
		e->size = strlen(data);
		e->kept = true;
	}
	return e;
}

static const char *content(struct vfs *fs, const char *path)
{
	struct vnode *n = vfs_lookup(fs, path, true, NULL);
	return n && n->type == VN_FILE ? n->data : NULL;
}

static void test_replace_and_history(void **state)
{
	struct layer_result l0 = { 0 }, l1 = { 0 };
	struct vfs fs;
	struct vnode *n;

	(void)state;
	ent(&l0, ENT_DIR, "var", NULL, NULL);
	ent(&l0, ENT_FILE, "var/lib/dpkg/status", NULL, "v0");
	ent(&l1, ENT_FILE, "var/lib/dpkg/status", NULL, "v1");
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	vfs_apply_layer(&fs, 1, &l1);
	n = vfs_lookup(&fs, "var/lib/dpkg/status", true, NULL);
	assert_non_null(n);
	assert_string_equal(n->data, "v1");
	assert_int_equal(n->layer, 1);
	assert_non_null(n->older);
	assert_string_equal(n->older->data, "v0");
	assert_int_equal(n->older->layer, 0);
	assert_null(n->older->older);
	vfs_free(&fs);
	layer_result_free(&l0);
	layer_result_free(&l1);
}

static void test_whiteouts(void **state)
{
	struct layer_result l0 = { 0 }, l1 = { 0 }, l2 = { 0 };
	struct vfs fs;

	(void)state;
	ent(&l0, ENT_FILE, "etc/a", NULL, "a");
	ent(&l0, ENT_FILE, "usr/share/zoneinfo/UTC", NULL, "utc");
	ent(&l0, ENT_FILE, "app/node_modules/x/package.json", NULL, "old");
	ent(&l0, ENT_FILE, "app/keep", NULL, "k0");
	/* layer 1: whiteout a file, a directory, and re-add something in the same layer */
	ent(&l1, ENT_FILE, "etc/b", NULL, "b");
	ent(&l1, ENT_WHITEOUT, "etc/a", NULL, NULL);
	ent(&l1, ENT_WHITEOUT, "usr/share/zoneinfo", NULL, NULL);
	ent(&l1, ENT_WHITEOUT, "etc/b", NULL, NULL); /* same layer: must not hide etc/b */
	/* layer 2: opaque /app, with new content in the same layer */
	ent(&l2, ENT_FILE, "app/package.json", NULL, "new");
	ent(&l2, ENT_OPAQUE, "app", NULL, NULL);
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	vfs_apply_layer(&fs, 1, &l1);
	assert_null(content(&fs, "etc/a"));
	assert_string_equal(content(&fs, "etc/b"), "b");
	assert_null(vfs_lookup(&fs, "usr/share/zoneinfo", true, NULL));
	assert_null(content(&fs, "usr/share/zoneinfo/UTC"));
	assert_non_null(vfs_lookup(&fs, "usr/share", true, NULL));
	vfs_apply_layer(&fs, 2, &l2);
	assert_null(content(&fs, "app/node_modules/x/package.json"));
	assert_null(content(&fs, "app/keep"));
	assert_string_equal(content(&fs, "app/package.json"), "new");
	vfs_free(&fs);
	layer_result_free(&l0);
	layer_result_free(&l1);
	layer_result_free(&l2);
}

static void test_symlinks(void **state)
{
	struct layer_result l0 = { 0 };
	struct vfs fs;
	struct strbuf sb = STRBUF_INIT;
	bool loop = false;
	struct vnode *n;

	(void)state;
	ent(&l0, ENT_FILE, "usr/lib/sysimage/rpm/rpmdb.sqlite", NULL, "db");
	ent(&l0, ENT_SYMLINK, "var/lib/rpm", "../../usr/lib/sysimage/rpm", NULL);
	ent(&l0, ENT_FILE, "usr/lib/os-release", NULL, "ID=x");
	ent(&l0, ENT_SYMLINK, "etc/os-release", "../usr/lib/os-release", NULL);
	ent(&l0, ENT_SYMLINK, "lib", "/usr/lib", NULL);
	ent(&l0, ENT_SYMLINK, "escape", "../../../../usr/lib/os-release", NULL);
	ent(&l0, ENT_SYMLINK, "loop1", "loop2", NULL);
	ent(&l0, ENT_SYMLINK, "loop2", "/loop1", NULL);
	ent(&l0, ENT_SYMLINK, "self", ".", NULL);
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	assert_string_equal(content(&fs, "var/lib/rpm/rpmdb.sqlite"), "db");
	assert_string_equal(content(&fs, "etc/os-release"), "ID=x");
	assert_string_equal(content(&fs, "lib/os-release"), "ID=x");
	assert_string_equal(content(&fs, "escape"), "ID=x"); /* ".." stops at the image root */
	assert_string_equal(content(&fs, "self/self/self/usr/lib/os-release"), "ID=x");
	n = vfs_lookup(&fs, "etc/os-release", false, NULL);
	assert_non_null(n);
	assert_int_equal(n->type, VN_SYMLINK);
	vfs_node_path(n, &sb);
	assert_string_equal(sb.buf, "etc/os-release");
	assert_null(vfs_lookup(&fs, "loop1/x", true, &loop));
	assert_true(loop);
	assert_null(vfs_lookup(&fs, "missing/file", true, &loop));
	assert_false(loop);
	strbuf_release(&sb);
	vfs_free(&fs);
	layer_result_free(&l0);
}

static void test_type_changes_and_hardlinks(void **state)
{
	struct layer_result l0 = { 0 }, l1 = { 0 };
	struct vfs fs;
	struct vnode *n;

	(void)state;
	ent(&l0, ENT_FILE, "d/f", NULL, "f");
	ent(&l0, ENT_SYMLINK, "s", "d", NULL);
	ent(&l0, ENT_FILE, "a/status", NULL, "S");
	ent(&l0, ENT_HARDLINK, "b/status", "a/status", NULL);
	ent(&l0, ENT_HARDLINK, "b/dangling", "nowhere", NULL);
	/* layer 1: a file replaces directory d; a directory replaces symlink s */
	ent(&l1, ENT_FILE, "d", NULL, "now a file");
	ent(&l1, ENT_FILE, "s/inner", NULL, "inner");
	vfs_init(&fs);
	vfs_apply_layer(&fs, 0, &l0);
	assert_string_equal(content(&fs, "s/f"), "f");
	n = vfs_lookup(&fs, "b/status", true, NULL);
	assert_non_null(n);
	assert_string_equal(n->data, "S");
	assert_string_equal(n->src_path, "a/status");
	assert_int_equal(vfs_lookup(&fs, "b/dangling", true, NULL)->type, VN_OTHER);
	vfs_apply_layer(&fs, 1, &l1);
	assert_string_equal(content(&fs, "d"), "now a file");
	assert_null(content(&fs, "d/f"));
	assert_int_equal(vfs_lookup(&fs, "s", false, NULL)->type, VN_DIR);
	assert_string_equal(content(&fs, "s/inner"), "inner");
	assert_null(content(&fs, "s/f"));
	vfs_free(&fs);
	layer_result_free(&l0);
	layer_result_free(&l1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_and_history),
		cmocka_unit_test(test_whiteouts),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_type_changes_and_hardlinks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
