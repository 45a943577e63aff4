/* test_lang_text.c - unit tests of the text-format language analyzers
 * (analyzer/npm.c, python.c, gemspec.c, composer.c) and npm_dedupe: the
 * real trees under $VIGIL_SHARED/images/lang (counts taken with find/awk
 * while writing the tests, or at test time), the syft edge-case files,
 * hand-written gemspecs and installed.json files, and malformed input. */
#include "pkgtest.h"

#include <dirent.h>
#include <sys/stat.h>

#include "analyzer/lang.h"
#include "core/fileio.h"

#define SHARED_LANG "images/lang"
#define SYFT_JS "images/lang/syft-testdata/syft/pkg/cataloger/javascript/testdata"
#define SYFT_PY "images/lang/syft-testdata/syft/pkg/cataloger/python/testdata/site-packages"

/* ---- helpers ---- */

static int parse_text(const struct analyzer *a, const char *path, const char *text, struct inventory *inv,
		      struct vg_err *err)
{
	return a->parse(path, text, strlen(text), inv, err);
}

static int parse_file(const struct analyzer *a, const char *file, const char *path, struct inventory *inv,
		      struct vg_err *err)
{
	struct vg_err rerr = { 0 };
	char *data = NULL;
	size_t len;
	int rc;

	if (read_file_capped(file, 16u << 20, &data, &len, &rerr) != 0)
		fail_msg("%s", rerr.msg);
	rc = a->parse(path, data, len, inv, err);
	free(data);
	return rc;
}

/* Parse a shared file that must parse; path is where the image would hold it. */
static void parse_ok(const struct analyzer *a, const char *file, const char *path, struct inventory *inv)
{
	struct vg_err err = { 0 };

	if (!a->wants(path))
		fail_msg("%s: analyzer %s does not want %s", file, a->name, path);
	if (parse_file(a, file, path, inv, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
}

/* Relative paths (sorted) of the regular files called name under root/sub. */
static void find_named(const char *root, const char *sub, const char *name, struct ptrvec *out)
{
	char dir[8192], rel[8192];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", root, sub);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		struct stat st;
		char full[16384];

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(rel, sizeof(rel), "%s%s%s", sub, *sub ? "/" : "", de->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, rel);
		assert_int_equal(lstat(full, &st), 0);
		if (S_ISDIR(st.st_mode))
			find_named(root, rel, name, out);
		else if (S_ISREG(st.st_mode) && strcmp(de->d_name, name) == 0)
			ptrvec_push(out, xstrdup(rel));
	}
	closedir(d);
	ptrvec_sort(out, cmp_str);
}

static const struct package *find_version(const struct inventory *inv, const char *name, const char *version)
{
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		if (strcmp(p->name, name) == 0 && strcmp(p->version, version) == 0)
			return p;
	}
	return NULL;
}

/* "name|version|license|maintainer|found_in" of the package name@version. */
static void assert_lang_package(const struct inventory *inv, const char *name, const char *version,
				const char *license, const char *maintainer, const char *found_in)
{
	const struct package *p = find_version(inv, name, version);
	char got[4096], want[4096];

	if (!p)
		fail_msg("package %s %s not found", name, version);
	snprintf(got, sizeof(got), "%s|%s|%s|%s|%s", p->name, p->version, p->license ? p->license : "(null)",
		 p->maintainer ? p->maintainer : "(null)", p->found_in);
	snprintf(want, sizeof(want), "%s|%s|%s|%s|%s", name, version, license ? license : "(null)",
		 maintainer ? maintainer : "(null)", found_in);
	assert_string_equal(got, want);
	assert_null(p->os_owner);
	assert_null(p->found_in_inner);
}

static size_t count_found_in(const struct inventory *inv, const char *needle)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->packages.n; i++)
		n += strstr(((const struct package *)inv->packages.v[i])->found_in, needle) != NULL;
	return n;
}

static void free_paths(struct ptrvec *pv)
{
	ptrvec_free(pv, free);
}

/* ---- wants() ---- */

struct want_case {
	const struct analyzer *a;
	const char *path;
	bool want;
};

static void test_wants(void **state)
{
	const struct want_case cases[] = {
		{ &analyzer_npm, "app/node_modules/express/package.json", true },
		{ &analyzer_npm, "node_modules/express/package.json", true },
		{ &analyzer_npm, "usr/lib/node_modules/npm/node_modules/@npmcli/arborist/package.json", true },
		{ &analyzer_npm, "a/node_modules/x/node_modules/y/package.json", true },
		{ &analyzer_npm, "app/node_modules/@types/package.json", false },
		{ &analyzer_npm, "app/node_modules/express/lib/package.json", false },
		{ &analyzer_npm, "app/node_modules/.bin/package.json", false },
		{ &analyzer_npm, "app/package.json", false },
		{ &analyzer_npm, "package.json", false },
		{ &analyzer_npm, "app/package-lock.json", true },
		{ &analyzer_npm, "package-lock.json", true },
		{ &analyzer_npm, "app/node_modules/x/package-lock.json", false },
		{ &analyzer_npm, "app/node_modules/.package-lock.json", false },
		{ &analyzer_npm, "app/my-package-lock.json", false },
		{ &analyzer_python, "usr/lib/python3/dist-packages/Flask-2.2.2.egg-info/PKG-INFO", true },
		{ &analyzer_python, "usr/local/lib/python3.11/site-packages/pip-23.0.1.dist-info/METADATA", true },
		{ &analyzer_python, "opt/venv/lib/python3.11/site-packages/x-1.dist-info/METADATA", true },
		{ &analyzer_python, "usr/lib/python3/dist-packages/foo-1.0.egg-info", true },
		{ &analyzer_python, "foo.egg-info", true },
		{ &analyzer_python, "usr/lib/python3/dist-packages/.egg-info", false },
		{ &analyzer_python, "usr/lib/python3/dist-packages/foo.egg-info/top_level.txt", false },
		{ &analyzer_python, "usr/lib/python3/dist-packages/foo.dist-info/RECORD", false },
		{ &analyzer_python, "usr/lib/python3/dist-packages/foo.egg-info/METADATA", false },
		{ &analyzer_python, "usr/lib/python3/dist-packages/foo.dist-info/PKG-INFO", false },
		{ &analyzer_python, "x/dist-info/METADATA", false },
		{ &analyzer_python, "x/DIST-INFO/METADATA", false },
		{ &analyzer_gemspec, "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec", true },
		{ &analyzer_gemspec, "usr/local/bundle/specifications/rack-2.2.4.gemspec", true },
		{ &analyzer_gemspec, "usr/share/rubygems-integration/all/specifications/i18n-1.12.0.gemspec", true },
		{ &analyzer_gemspec, "usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec", true },
		{ &analyzer_gemspec, "specifications/x-1.gemspec", true },
		{ &analyzer_gemspec, "usr/lib/ruby/gems/3.1.0/specifications/.gemspec", false },
		{ &analyzer_gemspec, "src/app/app.gemspec", false },
		{ &analyzer_gemspec, "usr/lib/ruby/gems/3.1.0/gems/rake-13.0.6/rake.gemspec", false },
		{ &analyzer_gemspec, "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec.bak", false },
		{ &analyzer_composer, "var/www/html/vendor/composer/installed.json", true },
		{ &analyzer_composer, "vendor/composer/installed.json", true },
		{ &analyzer_composer, "var/www/vendor/composer/installed.php", false },
		{ &analyzer_composer, "var/www/myvendor/composer/installed.json", false },
		{ &analyzer_composer, "var/www/composer.lock", false },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++)
		if (cases[i].a->wants(cases[i].path) != cases[i].want)
			fail_msg("%s wants %s: expected %s", cases[i].a->name, cases[i].path,
				 cases[i].want ? "true" : "false");
	assert_null(analyzer_npm.probe);
	assert_null(analyzer_python.extract);
	assert_string_equal(analyzer_gemspec.name, "gemspec");
	assert_string_equal(analyzer_composer.name, "composer");
}

/* ---- npm on the demo apps ---- */

/* Every package.json under a demo app's node_modules, parsed as /app/node_modules/... */
static void parse_node_modules(const char *app, struct inventory *inv)
{
	struct ptrvec files = PTRVEC_INIT;
	char file[8192], path[8192];

	find_named(app, "node_modules", "package.json", &files);
	for (size_t i = 0; i < files.n; i++) {
		snprintf(file, sizeof(file), "%s/%s", app, (char *)files.v[i]);
		snprintf(path, sizeof(path), "app/%s", (char *)files.v[i]);
		parse_ok(&analyzer_npm, file, path, inv);
	}
	free_paths(&files);
}

static void parse_app_lockfile(const char *app, struct inventory *inv)
{
	char file[8192];

	snprintf(file, sizeof(file), "%s/package-lock.json", app);
	parse_ok(&analyzer_npm, file, "app/package-lock.json", inv);
}

static void test_npm_node_modules(void **state)
{
	char app[4096];
	struct inventory inv;

	SKIP_WITHOUT_SHARED(app, SHARED_LANG "/node/demo-app-1.0.0");
	inventory_init(&inv);
	parse_node_modules(app, &inv);
	/* find demo-app-1.0.0/node_modules -name package.json | wc -l -> 68; each has a name and a version */
	assert_int_equal(inv.packages.n, 68);
	assert_int_equal(inv.warnings.n, 0);
	assert_lang_package(&inv, "express", "4.16.0", "MIT", "TJ Holowaychuk <tj@vision-media.ca>",
			    "/app/node_modules/express/package.json");
	assert_non_null(find_version(&inv, "lodash", "4.17.4"));
	assert_non_null(find_version(&inv, "minimist", "1.2.0"));
	assert_non_null(find_version(&inv, "jsonwebtoken", "8.5.0"));
	assert_non_null(find_version(&inv, "moment", "2.19.3"));
	assert_lang_package(&inv, "ms", "2.1.3", "MIT", NULL,
			    "/app/node_modules/jsonwebtoken/node_modules/ms/package.json");
	assert_non_null(find_version(&inv, "ms", "2.0.0"));
	for (size_t i = 0; i < inv.packages.n; i++)
		assert_int_equal(((struct package *)inv.packages.v[i])->type, PKG_NPM);
	inventory_free(&inv);

	SKIP_WITHOUT_SHARED(app, SHARED_LANG "/node/demo-app-1.1.0");
	inventory_init(&inv);
	parse_node_modules(app, &inv);
	/* find demo-app-1.1.0/node_modules -name package.json | wc -l -> 89 (ms 2.1.3 installed twice) */
	assert_int_equal(inv.packages.n, 89);
	assert_int_equal(count_found_in(&inv, "/ms/package.json"), 3);
	assert_non_null(find_version(&inv, "express", "4.21.2"));
	assert_non_null(find_version(&inv, "lodash", "4.17.21"));
	inventory_free(&inv);
}

static void test_npm_lockfile_v3(void **state)
{
	char app[4096];
	struct inventory inv;

	SKIP_WITHOUT_SHARED(app, SHARED_LANG "/node/demo-app-1.0.0");
	inventory_init(&inv);
	parse_app_lockfile(app, &inv);
	/* python3: len([k for k in lock["packages"] if k]) -> 68, 68 distinct name@version, no "link" */
	assert_int_equal(inv.packages.n, 68);
	assert_int_equal(inv.warnings.n, 0);
	assert_lang_package(&inv, "express", "4.16.0", "MIT", NULL, "/app/package-lock.json");
	assert_lang_package(&inv, "ms", "2.1.3", "MIT", NULL, "/app/package-lock.json");
	assert_null(find_package(&inv, "demo-app")); /* the "" root entry */
	/* the lockfile alone: no installed copy, so npm_dedupe keeps everything */
	npm_dedupe(&inv);
	assert_int_equal(inv.packages.n, 68);
	inventory_free(&inv);

	SKIP_WITHOUT_SHARED(app, SHARED_LANG "/node/demo-app-1.1.0");
	inventory_init(&inv);
	parse_app_lockfile(app, &inv);
	/* 89 entries, 88 distinct: ms 2.1.3 at jsonwebtoken/ and send/node_modules is listed once */
	assert_int_equal(inv.packages.n, 88);
	assert_non_null(find_version(&inv, "moment", "2.30.1"));
	npm_dedupe(&inv);
	assert_int_equal(inv.packages.n, 88);
	inventory_free(&inv);
}

static void check_dedupe(const char *rel, size_t installed)
{
	char app[4096];
	struct inventory inv;

	SKIP_WITHOUT_SHARED(app, rel);
	inventory_init(&inv);
	parse_app_lockfile(app, &inv);
	parse_node_modules(app, &inv);
	npm_dedupe(&inv);
	assert_int_equal(inv.packages.n, installed);
	assert_int_equal(count_found_in(&inv, "/app/node_modules/"), installed);
	assert_int_equal(count_found_in(&inv, "package-lock.json"), 0);
	inventory_free(&inv);
}

static void test_npm_dedupe_demo(void **state)
{
	/* the node_modules counts of test_npm_node_modules: every lockfile entry is installed */
	check_dedupe(SHARED_LANG "/node/demo-app-1.0.0", 68);
	check_dedupe(SHARED_LANG "/node/demo-app-1.1.0", 89);
}

static void test_npm_dedupe_rules(void **state)
{
	static const char lock[] = "{\"lockfileVersion\": 3, \"packages\": {"
				   "\"\": {\"name\": \"root\", \"version\": \"1.0.0\"},"
				   "\"node_modules/a\": {\"version\": \"1.0.0\"},"
				   "\"node_modules/b\": {\"version\": \"2.0.0\"},"
				   "\"node_modules/@s/c\": {\"version\": \"3.0.0\"}}}";
	struct inventory inv;
	struct vg_err err = { 0 };

	inventory_init(&inv);
	/* lockfiles at / and at /srv/app; installed copies in various places */
	assert_int_equal(parse_text(&analyzer_npm, "package-lock.json", lock, &inv, &err), 0);
	assert_int_equal(parse_text(&analyzer_npm, "srv/app/package-lock.json", lock, &inv, &err), 0);
	assert_int_equal(parse_text(&analyzer_npm, "node_modules/a/package.json",
				    "{\"name\": \"a\", \"version\": \"1.0.0\"}", &inv, &err), 0);
	assert_int_equal(parse_text(&analyzer_npm, "srv/app/node_modules/x/node_modules/@s/c/package.json",
				    "{\"name\": \"@s/c\", \"version\": \"3.0.0\"}", &inv, &err), 0);
	/* same name, other version: not the lockfile's b */
	assert_int_equal(parse_text(&analyzer_npm, "srv/app/node_modules/b/package.json",
				    "{\"name\": \"b\", \"version\": \"2.0.1\"}", &inv, &err), 0);
	/* under another directory's node_modules: not beside /srv/app/package-lock.json */
	assert_int_equal(parse_text(&analyzer_npm, "srv/other/node_modules/a/package.json",
				    "{\"name\": \"a\", \"version\": \"1.0.0\"}", &inv, &err), 0);
	assert_int_equal(inv.packages.n, 10);
	npm_dedupe(&inv);
	/* dropped: /package-lock.json a (installed at /node_modules/a) and /srv/app/package-lock.json @s/c */
	assert_int_equal(inv.packages.n, 8);
	{
		static const char *const order[] = {
			"b@2.0.0 /package-lock.json", "@s/c@3.0.0 /package-lock.json",
			"a@1.0.0 /srv/app/package-lock.json", "b@2.0.0 /srv/app/package-lock.json",
			"a@1.0.0 /node_modules/a/package.json",
			"@s/c@3.0.0 /srv/app/node_modules/x/node_modules/@s/c/package.json",
			"b@2.0.1 /srv/app/node_modules/b/package.json",
			"a@1.0.0 /srv/other/node_modules/a/package.json",
		};
		for (size_t i = 0; i < VG_ARRAY_LEN(order); i++) {
			const struct package *p = inv.packages.v[i];
			char got[512];

			snprintf(got, sizeof(got), "%s@%s %s", p->name, p->version, p->found_in);
			assert_string_equal(got, order[i]);
		}
	}
	npm_dedupe(&inv); /* idempotent */
	assert_int_equal(inv.packages.n, 8);
	inventory_free(&inv);

	inventory_init(&inv); /* an empty inventory and other ecosystems are left alone */
	npm_dedupe(&inv);
	inventory_new_package(&inv, PKG_DEB)->name = "x";
	npm_dedupe(&inv);
	assert_int_equal(inv.packages.n, 1);
	inventory_free(&inv);
}

/* ---- npm: syft's package.json and lockfile cases ---- */

struct pkgjson_case {
	const char *file;
	const char *name, *version, *license, *maintainer; /* name NULL: no package */
};

static void test_npm_syft_package_json(void **state)
{
#define IZS "Isaac Z. Schlueter <i@izs.me> (http://blog.izs.me)"
	static const struct pkgjson_case cases[] = {
		{ "package.json", "npm", "6.14.6", "Artistic-2.0", IZS },
		{ "package-license-object.json", "npm", "6.14.6", "ISC", IZS },
		{ "package-license-objects.json", "npm", "6.14.6", "MIT OR Apache-2.0", IZS },
		{ "package-malformed-license.json", "npm", "6.14.6", "MIT", IZS },
		{ "package-no-license.json", "npm", "6.14.6", NULL, IZS },
		{ "package-nested-author.json", "npm", "6.14.6", "Artistic-2.0", "Isaac Z. Schlueter" },
		{ "package-author-non-standard.json", "npm", "6.14.6", "Artistic-2.0", "npm Inc." },
		{ "package-authors-array.json", "npm", "6.14.6", "Artistic-2.0", NULL },
		{ "package-repo-string.json", "function-bind", "1.1.1", "MIT", "Raynos <raynos2@gmail.com>" },
		{ "package-partial.json", NULL, NULL, NULL, NULL },
	};
	char dir[4096], file[8192];

	SKIP_WITHOUT_SHARED(dir, SYFT_JS "/pkg-json");
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		const struct pkgjson_case *c = &cases[i];
		struct inventory inv;

		inventory_init(&inv);
		snprintf(file, sizeof(file), "%s/%s", dir, c->file);
		parse_ok(&analyzer_npm, file, "app/node_modules/npm/package.json", &inv);
		assert_int_equal(inv.warnings.n, 0);
		if (!c->name) {
			assert_int_equal(inv.packages.n, 0);
		} else {
			assert_int_equal(inv.packages.n, 1);
			assert_lang_package(&inv, c->name, c->version, c->license, c->maintainer,
					    "/app/node_modules/npm/package.json");
		}
		inventory_free(&inv);
	}
}

static void test_npm_syft_lockfiles(void **state)
{
	static const struct {
		const char *file;
		size_t count; /* python3 over the file: keys, minus "" and duplicates (see comments) */
	} counts[] = {
		{ "alias-package-lock-1.json", 3 },       /* v1 dependencies */
		{ "alias-package-lock-2.json", 3 },       /* v2: "packages" wins over "dependencies" */
		{ "array-license-package-lock.json", 2 },
		{ "nested-package-lock-1.json", 8 },      /* 9 v1 entries, duplicate 1.0.0 twice */
		{ "package-lock.json", 12 },
		{ "package-lock-2.json", 5 },
		{ "package-lock-3.json", 5 },
	};
	char dir[4096], file[8192];
	struct inventory inv;

	SKIP_WITHOUT_SHARED(dir, SYFT_JS "/pkg-lock");
	for (size_t i = 0; i < VG_ARRAY_LEN(counts); i++) {
		inventory_init(&inv);
		snprintf(file, sizeof(file), "%s/%s", dir, counts[i].file);
		parse_ok(&analyzer_npm, file, "src/package-lock.json", &inv);
		if (inv.packages.n != counts[i].count)
			fail_msg("%s: %zu packages, expected %zu", counts[i].file, inv.packages.n, counts[i].count);
		assert_int_equal(inv.warnings.n, 0);
		inventory_free(&inv);
	}

	/* aliases name the package really installed */
	for (int v = 1; v <= 2; v++) {
		inventory_init(&inv);
		snprintf(file, sizeof(file), "%s/alias-package-lock-%d.json", dir, v);
		parse_ok(&analyzer_npm, file, "src/package-lock.json", &inv);
		assert_non_null(find_version(&inv, "case", "1.6.2"));
		assert_non_null(find_version(&inv, "case", "1.6.3"));
		assert_non_null(find_version(&inv, "@bundled-es-modules/chai", "4.2.2"));
		assert_null(find_package(&inv, "case-alias"));
		inventory_free(&inv);
	}

	inventory_init(&inv);
	snprintf(file, sizeof(file), "%s/array-license-package-lock.json", dir);
	parse_ok(&analyzer_npm, file, "src/package-lock.json", &inv);
	assert_lang_package(&inv, "pause-stream", "0.0.11", "MIT OR Apache2", NULL, "/src/package-lock.json");
	assert_lang_package(&inv, "through", "2.3.8", "MIT", NULL, "/src/package-lock.json");
	inventory_free(&inv);

	inventory_init(&inv);
	snprintf(file, sizeof(file), "%s/nested-package-lock-1.json", dir);
	parse_ok(&analyzer_npm, file, "src/package-lock.json", &inv);
	assert_non_null(find_version(&inv, "shared", "0.5.0")); /* three levels down */
	assert_non_null(find_version(&inv, "shared", "1.0.0"));
	assert_non_null(find_version(&inv, "shared", "2.0.0"));
	assert_non_null(find_version(&inv, "dev-nested", "1.0.0")); /* dev packages are listed */
	inventory_free(&inv);

	inventory_init(&inv);
	snprintf(file, sizeof(file), "%s/package-lock.json", dir);
	parse_ok(&analyzer_npm, file, "src/package-lock.json", &inv);
	assert_non_null(find_version(&inv, "@actions/core", "1.6.0"));
	assert_non_null(find_version(&inv, "async", "3.2.4")); /* key "node_modules/async" */
	/* with its node_modules beside it, the two installed packages come from there */
	snprintf(file, sizeof(file), "%s/node_modules/cowsay/package.json", dir);
	parse_ok(&analyzer_npm, file, "src/node_modules/cowsay/package.json", &inv);
	snprintf(file, sizeof(file), "%s/node_modules/@actions/core/package.json", dir);
	parse_ok(&analyzer_npm, file, "src/node_modules/@actions/core/package.json", &inv);
	assert_int_equal(inv.packages.n, 14);
	npm_dedupe(&inv);
	assert_int_equal(inv.packages.n, 12);
	assert_lang_package(&inv, "cowsay", "1.4.0", "MIT", "Fabio Crisci", "/src/node_modules/cowsay/package.json");
	assert_int_equal(count_found_in(&inv, "/src/package-lock.json"), 10);
	inventory_free(&inv);
}

/* ---- npm: odd and malformed input ---- */

struct bad_case {
	const char *path;
	const char *text;
	int rc;
	size_t packages;
	const char *message; /* in err (rc -1) or a warning; NULL: none */
};

static void run_bad_cases(const struct analyzer *a, const struct bad_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct bad_case *c = &cases[i];
		struct inventory inv;
		struct vg_err err = { 0 };
		int rc;

		inventory_init(&inv);
		rc = parse_text(a, c->path, c->text, &inv, &err);
		if (rc != c->rc || inv.packages.n != c->packages)
			fail_msg("case %zu (%s): rc %d, %zu packages; expected %d, %zu (%s)", i, c->path, rc,
				 inv.packages.n, c->rc, c->packages, rc ? err.msg : "");
		if (rc != 0) {
			assert_non_null(strstr(err.msg, c->path));
			if (c->message && !strstr(err.msg, c->message))
				fail_msg("case %zu: error '%s' lacks '%s'", i, err.msg, c->message);
		} else if (c->message && !any_warning_contains(&inv, c->message)) {
			fail_msg("case %zu: no warning with '%s'", i, c->message);
		} else if (!c->message && inv.warnings.n) {
			fail_msg("case %zu: unexpected warning '%s'", i, (char *)inv.warnings.v[0]);
		}
		inventory_free(&inv);
	}
}

#define PJ "app/node_modules/x/package.json"
#define PL "app/package-lock.json"

static void test_npm_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ PJ, "{\"name\": \"x\", \"version\": \"1.0", -1, 0, "malformed JSON" },
		{ PJ, "", -1, 0, "malformed JSON" },
		{ PJ, "\x7f" "ELF\x02\x01\x01\xff\xfe", -1, 0, "malformed JSON" },
		{ PJ, "[1, 2]", -1, 0, "not a JSON object" },
		{ PJ, "{\"name\": \"x\"}", 0, 0, NULL },
		{ PJ, "{\"version\": \"1.0.0\"}", 0, 0, NULL },
		{ PJ, "{\"name\": 7, \"version\": \"1.0.0\"}", 0, 0, NULL },
		{ PJ, "{\"name\": \"x y\", \"version\": \"1.0.0\"}", 0, 0, "holds spaces" },
		{ PJ, "{\"name\": \"x\", \"version\": \"1.0.0\", \"license\": 7,"
		      " \"author\": [\"a\", {\"name\": \"b\"}]}",
		  0, 1, NULL },
		{ PL, "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": \"1.0.0\"",
		  -1, 0, "malformed JSON" },
		{ PL, "[{\"name\": \"a\", \"version\": \"1\"}]", -1, 0, "not a JSON object" },
		{ PL, "{\"packages\": []}", -1, 0, "\"packages\" is not an object" },
		{ PL, "{\"dependencies\": 3}", -1, 0, "\"dependencies\" is not an object" },
		{ PL, "{\"name\": \"empty\", \"lockfileVersion\": 3}", 0, 0, NULL },
		{ PL, "{\"packages\": {\"node_modules/a\": 1, \"node_modules/b\": {\"version\": \"2\"}}}", 0, 1,
		  "packages[\"node_modules/a\"]: not an object" },
		{ PL, "{\"packages\": {\"node_modules/a\": {}}}", 0, 0, "node_modules/a: no version" },
		{ PL, "{\"packages\": {\"node_modules/a\": {\"version\": \"1\", \"link\": true},"
		      " \"packages/ws\": {\"name\": \"ws\", \"version\": \"1\"}}}", 0, 0, NULL },
		{ PL, "{\"dependencies\": {\"a\": {\"version\": \"npm:\"}, \"b\": {\"version\": \"npm:@x/y@2\"},"
		      " \"c\": {\"version\": \"1\", \"dependencies\": {\"d\": []}}}}", 0, 3, "not an object" },
	};

	run_bad_cases(&analyzer_npm, cases, VG_ARRAY_LEN(cases));
}

/* ---- python ---- */

/* "Name|Version" of each metadata file by awk (header block only). */
static void awk_name_version(const char *dir, struct ptrvec *out)
{
	char cmd[16384], line[8192];
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "find '%s' -mindepth 2 -maxdepth 2 \\( -name PKG-INFO -o -name METADATA \\) -exec awk '"
		 "/^$/ { exit } /^Name: / { n = substr($0, 7) } /^Version: / { v = substr($0, 10) }"
		 " END { print n \"|\" v }' {} \\;",
		 dir);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		ptrvec_push(out, xstrdup(line));
	}
	assert_int_equal(pclose(f), 0);
}

/* Parse the PKG-INFO and METADATA files one level below dir as if under prefix. */
static void parse_site_packages(const char *dir, const char *prefix, struct inventory *inv, struct ptrvec *got)
{
	static const char *const names[] = { "PKG-INFO", "METADATA" };
	char file[8192], path[8192];

	for (size_t k = 0; k < VG_ARRAY_LEN(names); k++) {
		struct ptrvec files = PTRVEC_INIT;

		find_named(dir, "", names[k], &files);
		for (size_t i = 0; i < files.n; i++) {
			size_t before = inv->packages.n;
			const struct package *p;
			char *line;

			snprintf(file, sizeof(file), "%s/%s", dir, (char *)files.v[i]);
			snprintf(path, sizeof(path), "%s/%s", prefix, (char *)files.v[i]);
			parse_ok(&analyzer_python, file, path, inv);
			assert_int_equal(inv->packages.n, before + 1);
			p = inv->packages.v[before];
			line = xmalloc(strlen(p->name) + strlen(p->version) + 2);
			sprintf(line, "%s|%s", p->name, p->version);
			ptrvec_push(got, line);
		}
		free_paths(&files);
	}
}

static void test_python_dist_packages(void **state)
{
	char dir[4096];
	struct inventory inv;
	struct ptrvec got = PTRVEC_INIT, want = PTRVEC_INIT;
	const char *dp = "/usr/lib/python3/dist-packages";

	SKIP_WITHOUT_SHARED(dir, SHARED_LANG "/python/debian-bookworm-dist-packages");
	inventory_init(&inv);
	parse_site_packages(dir, dp + 1, &inv, &got);
	awk_name_version(dir, &want);
	assert_same_lines("debian-bookworm-dist-packages", "awk", &got, &want);
	/* find debian-bookworm-dist-packages -mindepth 2 -maxdepth 2 \( -name PKG-INFO -o -name METADATA \) | wc -l */
	assert_int_equal(inv.packages.n, 24);
	assert_int_equal(inv.warnings.n, 0);
	assert_lang_package(&inv, "Flask", "2.2.2", "BSD-3-Clause", "Armin Ronacher",
			    "/usr/lib/python3/dist-packages/Flask-2.2.2.egg-info/PKG-INFO");
	/* no License header: the classifier */
	assert_lang_package(&inv, "setuptools", "66.1.1", "MIT License", "Python Packaging Authority",
			    "/usr/lib/python3/dist-packages/setuptools-66.1.1.egg-info/PKG-INFO");
	/* neither License nor Author: classifier and Author-email */
	assert_lang_package(&inv, "colorama", "0.4.6", "BSD License", "Jonathan Hartley <tartley@tartley.com>",
			    "/usr/lib/python3/dist-packages/colorama-0.4.6.dist-info/METADATA");
	/* the name as written, not as the directory spells it */
	assert_lang_package(&inv, "python-dateutil", "2.8.2", "Dual License", "Gustavo Niemeyer",
			    "/usr/lib/python3/dist-packages/python_dateutil-2.8.2.egg-info/PKG-INFO");
	assert_lang_package(&inv, "PyNaCl", "1.5.0", "Apache License 2.0", "The PyNaCl developers",
			    "/usr/lib/python3/dist-packages/PyNaCl-1.5.0.dist-info/METADATA");
	assert_lang_package(&inv, "certifi", "2022.9.24", "MPL-2.0", "Kenneth Reitz",
			    "/usr/lib/python3/dist-packages/certifi-2022.9.24.egg-info/PKG-INFO");
	/* cryptography.egg-info and cryptography-38.0.4.dist-info both exist */
	assert_int_equal(count_found_in(&inv, "/cryptography"), 2);
	for (size_t i = 0; i < inv.packages.n; i++)
		assert_int_equal(((struct package *)inv.packages.v[i])->type, PKG_PYPI);
	ptrvec_free(&got, free);
	ptrvec_free(&want, free);
	inventory_free(&inv);

	SKIP_WITHOUT_SHARED(dir, SHARED_LANG "/python/venv-site-packages");
	inventory_init(&inv);
	parse_site_packages(dir, "opt/venv/lib/python3.11/site-packages", &inv, &got);
	awk_name_version(dir, &want);
	assert_same_lines("venv-site-packages", "awk", &got, &want);
	assert_int_equal(inv.packages.n, 2);
	assert_lang_package(&inv, "pip", "23.0.1", "MIT", "The pip developers",
			    "/opt/venv/lib/python3.11/site-packages/pip-23.0.1.dist-info/METADATA");
	assert_lang_package(&inv, "setuptools", "66.1.1", "MIT License", "Python Packaging Authority",
			    "/opt/venv/lib/python3.11/site-packages/setuptools-66.1.1.dist-info/METADATA");
	ptrvec_free(&got, free);
	ptrvec_free(&want, free);
	inventory_free(&inv);
}

static void test_python_syft(void **state)
{
	static const struct {
		const char *file, *path;
		const char *name, *version, *license, *maintainer; /* name NULL: skipped with a warning */
	} cases[] = {
		{ "test/test.egg-info", "usr/lib/python3.8/site-packages/requests-2.22.0-py3.8.egg-info",
		  "requests", "2.22.0", "Apache 2.0", "Kenneth Reitz" },
		{ "no-version/no-version-py3.8.egg-info", "usr/lib/python3.8/site-packages/no-version-py3.8.egg-info",
		  NULL, NULL, NULL, NULL },
		{ "partial.dist-info/METADATA", "usr/lib/python3.8/site-packages/Pygments-2.6.1.dist-info/METADATA",
		  "Pygments", "2.6.1", "BSD License", "Georg Brandl" },
		{ "license/with-license-file-declared.dist-info/METADATA", "x/Pygments.dist-info/METADATA",
		  "Pygments", "2.6.1", "BSD License", "Georg Brandl" },
		{ "nested/egg-name/egg-info/PKG-INFO", "x/requests.egg-info/PKG-INFO",
		  "requests", "2.22.0", "Apache 2.0", "Kenneth Reitz" },
		/* Summary runs on over lines that are not headers: the headers end there */
		{ "nested/egg-name/egg-info/PKG-INFO-INVALID", "x/mxnet.egg-info/PKG-INFO",
		  "mxnet", "1.8.0", NULL, NULL },
	};
	char dir[4096], file[8192];

	SKIP_WITHOUT_SHARED(dir, SYFT_PY);
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;

		inventory_init(&inv);
		snprintf(file, sizeof(file), "%s/%s", dir, cases[i].file);
		parse_ok(&analyzer_python, file, cases[i].path, &inv);
		if (!cases[i].name) {
			assert_int_equal(inv.packages.n, 0);
			assert_true(any_warning_contains(&inv, cases[i].path));
			assert_true(any_warning_contains(&inv, "no Version header"));
		} else {
			char found_in[4096];

			snprintf(found_in, sizeof(found_in), "/%s", cases[i].path);
			assert_int_equal(inv.packages.n, 1);
			assert_int_equal(inv.warnings.n, 0);
			assert_lang_package(&inv, cases[i].name, cases[i].version, cases[i].license,
					    cases[i].maintainer, found_in);
		}
		inventory_free(&inv);
	}
}

#define PM "usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA"

static void test_python_headers(void **state)
{
	static const struct {
		const char *text;
		const char *expect; /* "name|version|license|maintainer" */
	} cases[] = {
		/* License-Expression wins; continuation lines join the previous header */
		{ "Metadata-Version: 2.4\nName: foo\nVersion: 1.0\nLicense: MIT License\n"
		  "License-Expression: MIT OR\n  Apache-2.0\nAuthor: A\n\tB\n", "foo|1.0|MIT OR Apache-2.0|A B" },
		/* a License spread over lines is a license text: the classifiers instead */
		{ "Name: foo\nVersion: 1.0\nLicense: Copyright (c) 2020\n        Permission is hereby granted\n"
		  "Classifier: License :: OSI Approved :: MIT License\n"
		  "Classifier: License :: OSI Approved :: Apache Software License\n"
		  "Classifier: License :: OSI Approved\nClassifier: Programming Language :: Python\n",
		  "foo|1.0|MIT License OR Apache Software License|(null)" },
		/* UNKNOWN means none; Maintainer when there is no Author */
		{ "Name: foo\nVersion: 1.0\nLicense: UNKNOWN\nAuthor: UNKNOWN\nMaintainer: M\n", "foo|1.0|(null)|M" },
		/* the body is not headers; CRLF; case-insensitive keys; first Name wins */
		{ "name: Foo_Bar\r\nVERSION:  2.0rc1 \r\nName: other\r\n\r\nLicense: GPL\r\nName: x\r\n",
		  "Foo_Bar|2.0rc1|(null)|(null)" },
		/* an mbox "From " line and blank-only continuation lines */
		{ "From nobody\nName: foo\nVersion: 1\nDescription: a\n        \n        b\nLicense: BSD\n",
		  "foo|1|BSD|(null)" },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;
		struct vg_err err = { 0 };
		const struct package *p;
		char got[1024];

		inventory_init(&inv);
		assert_int_equal(parse_text(&analyzer_python, PM, cases[i].text, &inv, &err), 0);
		assert_int_equal(inv.packages.n, 1);
		p = inv.packages.v[0];
		snprintf(got, sizeof(got), "%s|%s|%s|%s", p->name, p->version, p->license ? p->license : "(null)",
			 p->maintainer ? p->maintainer : "(null)");
		assert_string_equal(got, cases[i].expect);
		assert_string_equal(p->found_in, "/" PM);
		inventory_free(&inv);
	}
}

static void test_python_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ PM, "Metadata-Version: 2.1\nVersion: 1.0\n", 0, 0, "no Name header" },
		{ PM, "Metadata-Version: 2.1\nName: foo\n", 0, 0, "no Version header" },
		{ PM, "", 0, 0, "no Name header" },
		{ PM, "\n\nName: foo\nVersion: 1\n", 0, 0, "no Name header" },
		{ PM, "Name: foo bar\nVersion: 1.0\n", 0, 0, "holds spaces" },
		{ PM, "Name: foo\nVersion:\n", 0, 0, "holds spaces" },
		{ PM, "Name: foo\nVersion: 1.0\n  continued\n", 0, 0, "holds spaces" },
		{ PM, "\xff\xfe garbage without a colon\nName: foo\nVersion: 1\n", 0, 0, "no Name header" },
		{ PM, "  Name: foo\nVersion: 1\n", 0, 0, "no Name header" },
	};
	static const char binary[] = "Name: foo\nVersion: 1.0\n\0\x01\x02";
	struct inventory inv;
	struct vg_err err = { 0 };

	run_bad_cases(&analyzer_python, cases, VG_ARRAY_LEN(cases));
	inventory_init(&inv);
	assert_int_equal(analyzer_python.parse(PM, binary, sizeof(binary) - 1, &inv, &err), -1);
	assert_non_null(strstr(err.msg, PM));
	assert_non_null(strstr(err.msg, "NUL byte"));
	assert_int_equal(inv.packages.n, 0);
	inventory_free(&inv);
}

/* ---- gemspec ---- */

/* What gem install writes (RubyGems 3.3, Gem::Specification#to_ruby). */
static const char gem_rake[] =
	"# -*- encoding: utf-8 -*-\n"
	"# stub: rake 13.0.6 ruby lib\n"
	"\n"
	"Gem::Specification.new do |s|\n"
	"  s.name = \"rake\".freeze\n"
	"  s.version = \"13.0.6\"\n"
	"\n"
	"  s.required_rubygems_version = Gem::Requirement.new(\">= 1.3.2\".freeze) if s.respond_to? "
	":required_rubygems_version=\n"
	"  s.metadata = { \"bug_tracker_uri\" => \"https://github.com/ruby/rake/issues\" } if s.respond_to? "
	":metadata=\n"
	"  s.require_paths = [\"lib\".freeze]\n"
	"  s.authors = [\"Hiroshi SHIBATA\".freeze, \"Eric Hodel\".freeze, \"Jim Weirich\".freeze]\n"
	"  s.bindir = \"exe\".freeze\n"
	"  s.date = \"2021-07-09\"\n"
	"  s.description = \"Rake is a Make-like program implemented in Ruby.\\n\".freeze\n"
	"  s.email = [\"hsbt@ruby-lang.org\".freeze, \"drbrain@segment7.net\".freeze, \"\".freeze]\n"
	"  s.executables = [\"rake\".freeze]\n"
	"  s.homepage = \"https://github.com/ruby/rake\".freeze\n"
	"  s.licenses = [\"MIT\".freeze]\n"
	"  s.required_ruby_version = Gem::Requirement.new(\">= 2.2\".freeze)\n"
	"  s.rubygems_version = \"3.3.15\".freeze\n"
	"  s.summary = \"Rake is a Make-like program implemented in Ruby\".freeze\n"
	"\n"
	"  s.installed_by_version = \"3.3.15\" if s.respond_to? :installed_by_version\n"
	"end\n";

/* Debian's rubygems-integration (dh_ruby via gem2tgz), dual licensed. */
static const char gem_debian[] =
	"#########################################################\n"
	"# This file has been automatically generated by gem2tgz #\n"
	"#########################################################\n"
	"# -*- encoding: utf-8 -*-\n"
	"# stub: racc 1.6.2 ruby lib\n"
	"\n"
	"Gem::Specification.new do |s|\n"
	"  s.name = \"racc\".freeze\n"
	"  s.version = \"1.6.2\"\n"
	"\n"
	"  s.required_rubygems_version = Gem::Requirement.new(\">= 0\".freeze) if s.respond_to? "
	":required_rubygems_version=\n"
	"  s.require_paths = [\"lib\".freeze]\n"
	"  s.authors = [\"Minero Aoki\".freeze, \"Aaron Patterson\".freeze]\n"
	"  s.date = \"2022-12-20\"\n"
	"  s.licenses = [\"Ruby\".freeze, \"BSD-2-Clause\".freeze]\n"
	"  s.rubygems_version = \"3.3.15\".freeze\n"
	"  s.summary = \"Racc is a LALR(1) parser generator\".freeze\n"
	"end\n";

/* An old RubyGems (1.x) spec: %q{} strings, single quotes, s.license. */
static const char gem_old[] =
	"Gem::Specification.new do |spec|\n"
	"  spec.name = %q{net-ssh}\n"
	"  spec.version = '2.0.4'\n"
	"  spec.authors = [%q{Jamis Buck}]\n"
	"  spec.license = 'MIT'\n"
	"  s.name = \"not-the-block-variable\"\n"
	"end\n";

/* Newer RubyGems (3.5+) freeze the version too; Gem::Version.new. */
static const char gem_new[] =
	"Gem::Specification.new do |s|\n"
	"  s.name = \"formtastic\".freeze\n"
	"  s.version = Gem::Version.new(\"5.0.0\")\n"
	"  s.author = \"Justin French\".freeze\n"
	"  s.installed_by_version = \"3.6.8\".freeze\n"
	"  s.name = \"second\".freeze\n"
	"end\n";

#define SPEC_DIR "usr/lib/ruby/gems/3.1.0/specifications/"

static void test_gemspec(void **state)
{
	static const struct {
		const char *path, *text;
		const char *expect; /* "name|version|license|maintainer"; NULL: no package */
		const char *warning;
	} cases[] = {
		{ SPEC_DIR "rake-13.0.6.gemspec", gem_rake, "rake|13.0.6|MIT|Hiroshi SHIBATA, Eric Hodel, Jim Weirich",
		  NULL },
		{ "usr/share/rubygems-integration/all/specifications/racc-1.6.2.gemspec", gem_debian,
		  "racc|1.6.2|Ruby OR BSD-2-Clause|Minero Aoki, Aaron Patterson", NULL },
		{ SPEC_DIR "net-ssh-2.0.4.gemspec", gem_old, "net-ssh|2.0.4|MIT|Jamis Buck", NULL },
		{ SPEC_DIR "formtastic-5.0.0.gemspec", gem_new, "formtastic|5.0.0|(null)|Justin French", NULL },
		/* not string literals: the file name says */
		{ SPEC_DIR "foo-bar-1.2.3.gemspec",
		  "Gem::Specification.new do |s|\n  s.name = NAME\n  s.version = \"#{Foo::VERSION}\"\n"
		  "  s.licenses = [\"MIT\", LICENSE]\nend\n", "foo-bar|1.2.3|(null)|(null)", NULL },
		{ SPEC_DIR "nokogiri-1.13.10-x86_64-linux.gemspec",
		  "Gem::Specification.new do |s|\n  s.name = \"nokogiri\".freeze\n  s.version = \"1.13.10\"\n"
		  "  s.license = \"MIT\" \\\nend\n", "nokogiri|1.13.10|(null)|(null)", NULL },
		/* escapes and a comparison that is not an assignment */
		{ SPEC_DIR "q-1.gemspec",
		  "Gem::Specification.new { |s|\n  s.name == \"no\"\n  s.name = 'q'\n"
		  "  s.authors = [\"O\\\"Brien\", 'it\\'s', %q(a (b) c)]\n}\n", "q|1|(null)|O\"Brien, it's, a (b) c",
		  NULL },
		{ SPEC_DIR "empty-0.1.gemspec", "", "empty|0.1|(null)|(null)", "no 'Gem::Specification.new" },
		{ SPEC_DIR "noversion.gemspec", "just text\n", NULL, "skipped" },
		{ SPEC_DIR "x-1.gemspec",
		  "Gem::Specification.new do |s|\n  s.name = \"bad name\"\n  s.version = \"\"\nend\n",
		  "x|1|(null)|(null)", NULL },
		{ SPEC_DIR "unterminated.gemspec",
		  "Gem::Specification.new do |s|\n  s.name = \"abc\n  s.version = [\"1\"\n",
		  NULL, "skipped" },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;
		struct vg_err err = { 0 };

		inventory_init(&inv);
		assert_true(analyzer_gemspec.wants(cases[i].path));
		assert_int_equal(parse_text(&analyzer_gemspec, cases[i].path, cases[i].text, &inv, &err), 0);
		if (cases[i].expect) {
			const struct package *p;
			char got[1024], found_in[1024];

			assert_int_equal(inv.packages.n, 1);
			p = inv.packages.v[0];
			assert_int_equal(p->type, PKG_GEM);
			snprintf(got, sizeof(got), "%s|%s|%s|%s", p->name, p->version,
				 p->license ? p->license : "(null)", p->maintainer ? p->maintainer : "(null)");
			if (strcmp(got, cases[i].expect) != 0)
				fail_msg("case %zu: got '%s', expected '%s'", i, got, cases[i].expect);
			snprintf(found_in, sizeof(found_in), "/%s", cases[i].path);
			assert_string_equal(p->found_in, found_in);
		} else {
			assert_int_equal(inv.packages.n, 0);
		}
		if (cases[i].warning) {
			if (!any_warning_contains(&inv, cases[i].warning))
				fail_msg("case %zu: no warning with '%s'", i, cases[i].warning);
		} else if (inv.warnings.n) {
			fail_msg("case %zu: unexpected warning '%s'", i, (char *)inv.warnings.v[0]);
		}
		inventory_free(&inv);
	}
}

static void test_gemspec_malformed(void **state)
{
	static const char binary[] = "Gem::Specification.new do |s|\n\0\x01";
	struct inventory inv;
	struct vg_err err = { 0 };

	inventory_init(&inv);
	assert_int_equal(analyzer_gemspec.parse(SPEC_DIR "a-1.gemspec", binary, sizeof(binary) - 1, &inv, &err), -1);
	assert_non_null(strstr(err.msg, SPEC_DIR "a-1.gemspec"));
	assert_non_null(strstr(err.msg, "NUL byte"));
	assert_int_equal(parse_text(&analyzer_gemspec, "not-a-spec.rb", "", &inv, &err), -1);
	assert_int_equal(inv.packages.n, 0);
	inventory_free(&inv);
}

/* ---- composer ---- */

#define CI "var/www/html/vendor/composer/installed.json"

static const char composer_v2[] =
	"{\n"
	"    \"packages\": [\n"
	"        {\n"
	"            \"name\": \"monolog/monolog\",\n"
	"            \"version\": \"2.9.1\",\n"
	"            \"version_normalized\": \"2.9.1.0\",\n"
	"            \"source\": {\"type\": \"git\", \"url\": \"https://github.com/Seldaek/monolog.git\"},\n"
	"            \"require\": {\"php\": \">=7.2\", \"psr/log\": \"^1.0.1 || ^2.0 || ^3.0\"},\n"
	"            \"type\": \"library\",\n"
	"            \"installation-source\": \"dist\",\n"
	"            \"license\": [\"MIT\"],\n"
	"            \"authors\": [{\"name\": \"Jordi Boggiano\", \"email\": \"j.boggiano@seld.be\"}],\n"
	"            \"install-path\": \"../monolog/monolog\"\n"
	"        },\n"
	"        {\"name\": \"symfony/console\", \"version\": \"v6.2.7\", \"version_normalized\": \"6.2.7.0\",\n"
	"         \"license\": [\"MIT\"],\n"
	"         \"authors\": [{\"name\": \"Fabien Potencier\"}, {\"name\": \"Symfony Community\"}]},\n"
	"        {\"name\": \"phpunit/phpunit\", \"version\": \"9.6.5\", \"license\": [\"BSD-3-Clause\"]},\n"
	"        {\"name\": \"acme/dual\", \"version\": \"dev-main\", \"license\": [\"GPL-2.0-only\", \"MIT\"]},\n"
	"        {\"name\": \"acme/broken\"},\n"
	"        \"not an object\"\n"
	"    ],\n"
	"    \"dev\": true,\n"
	"    \"dev-package-names\": [\"phpunit/phpunit\"]\n"
	"}\n";

static const char composer_v1[] =
	"[\n"
	"    {\"name\": \"guzzlehttp/guzzle\", \"version\": \"6.5.5\", \"version_normalized\": \"6.5.5.0\",\n"
	"     \"license\": [\"MIT\"], \"authors\": [{\"name\": \"Michael Dowling\"}]},\n"
	"    {\"name\": \"psr/http-message\", \"version\": \"1.0.1\", \"license\": \"MIT\"}\n"
	"]\n";

static void test_composer(void **state)
{
	struct inventory inv;
	struct vg_err err = { 0 };

	inventory_init(&inv);
	assert_int_equal(parse_text(&analyzer_composer, CI, composer_v2, &inv, &err), 0);
	assert_int_equal(inv.packages.n, 4);
	assert_lang_package(&inv, "monolog/monolog", "2.9.1", "MIT", "Jordi Boggiano", "/" CI);
	assert_lang_package(&inv, "symfony/console", "v6.2.7", "MIT", "Fabien Potencier, Symfony Community", "/" CI);
	assert_lang_package(&inv, "phpunit/phpunit", "9.6.5", "BSD-3-Clause", NULL, "/" CI);
	assert_lang_package(&inv, "acme/dual", "dev-main", "GPL-2.0-only OR MIT", NULL, "/" CI);
	assert_int_equal(inv.warnings.n, 2);
	assert_true(any_warning_contains(&inv, "package 4: no name or version"));
	assert_true(any_warning_contains(&inv, "package 5:"));
	for (size_t i = 0; i < inv.packages.n; i++)
		assert_int_equal(((struct package *)inv.packages.v[i])->type, PKG_COMPOSER);
	inventory_free(&inv);

	inventory_init(&inv);
	assert_int_equal(parse_text(&analyzer_composer, "vendor/composer/installed.json", composer_v1, &inv, &err), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_lang_package(&inv, "guzzlehttp/guzzle", "6.5.5", "MIT", "Michael Dowling",
			    "/vendor/composer/installed.json");
	assert_lang_package(&inv, "psr/http-message", "1.0.1", "MIT", NULL, "/vendor/composer/installed.json");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_composer_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ CI, "{\"packages\": [{\"name\": \"a/b\", \"version\": \"1.0\"}", -1, 0, "malformed JSON" },
		{ CI, "", -1, 0, "malformed JSON" },
		{ CI, "\x1f\x8b\x08\x00\x00\x00", -1, 0, "malformed JSON" },
		{ CI, "{\"dev\": true}", -1, 0, "neither a package array" },
		{ CI, "{\"packages\": {\"a/b\": {}}}", -1, 0, "neither a package array" },
		{ CI, "42", -1, 0, "malformed JSON" },
		{ CI, "[]", 0, 0, NULL },
		{ CI, "{\"packages\": [], \"dev\": false, \"dev-package-names\": []}", 0, 0, NULL },
		{ CI, "[{\"name\": \"a/b\", \"version\": 1}]", 0, 0, "no name or version" },
		{ CI, "[{\"name\": \"a/b\", \"version\": \"1.0\", \"license\": {\"x\": 1}, \"authors\": \"me\"}]", 0, 1,
		  NULL },
	};

	run_bad_cases(&analyzer_composer, cases, VG_ARRAY_LEN(cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_npm_node_modules),
		cmocka_unit_test(test_npm_lockfile_v3),
		cmocka_unit_test(test_npm_dedupe_demo),
		cmocka_unit_test(test_npm_dedupe_rules),
		cmocka_unit_test(test_npm_syft_package_json),
		cmocka_unit_test(test_npm_syft_lockfiles),
		cmocka_unit_test(test_npm_malformed),
		cmocka_unit_test(test_python_dist_packages),
		cmocka_unit_test(test_python_syft),
		cmocka_unit_test(test_python_headers),
		cmocka_unit_test(test_python_malformed),
		cmocka_unit_test(test_gemspec),
		cmocka_unit_test(test_gemspec_malformed),
		cmocka_unit_test(test_composer),
		cmocka_unit_test(test_composer_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
