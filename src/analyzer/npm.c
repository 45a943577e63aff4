/* npm.c - the npm analyzer: node_modules/[@scope/]NAME/package.json (one
 * installed package each) and package-lock.json files outside node_modules
 * (lockfileVersion 1: the nested "dependencies" tree; 2 and 3: the
 * "packages" map). Strings live in the inventory's arena.
 *
 * An installed package is usually in both; npm_dedupe, run after every file
 * was parsed, drops the lockfile's copy. A package.json without a name or a
 * version (workspace roots, test fixtures) is skipped silently; a lockfile
 * entry without a version is skipped with a warning. Within one lockfile a
 * name and version is listed once. Malformed JSON, or a document that is not
 * an object, is an error. */
#include "../core/strmap.h"
#include "analyzer.h"
#include "lang.h"
#include "stanza.h"

#define LOCKFILE_NAME "package-lock.json"
#define NODE_MODULES "node_modules/"

struct lock_reader {
	const char *path;
	const char *found_in;
	struct inventory *inv;
	struct arena keys;     /* "name@version" keys of emitted */
	struct strmap emitted;
	int warnings;
};

#define warn_about_file(lr, ...) \
	warn_capped((lr)->inv, (lr)->path, &(lr)->warnings, LANG_WARN_MAX, __VA_ARGS__)

/* node_modules/NAME/package.json or node_modules/@scope/NAME/package.json. */
static bool is_installed_package_json(const char *path)
{
	const char *name;
	size_t n;

	if (!lang_component_is(path, 0, "package.json") || !lang_path_component(path, 1, &name, &n))
		return false;
	if (n == 0 || name[0] == '.' || name[0] == '@')
		return false;
	if (lang_component_is(path, 2, "node_modules"))
		return true;
	return lang_path_component(path, 2, &name, &n) && n > 1 && name[0] == '@' &&
	       lang_component_is(path, 3, "node_modules");
}

static bool is_lockfile(const char *path)
{
	return lang_component_is(path, 0, LOCKFILE_NAME) && !lang_path_has_component(path, "node_modules");
}

static bool npm_wants(const char *path)
{
	return is_installed_package_json(path) || is_lockfile(path);
}

/* ---- node_modules/.../package.json ---- */

static int parse_package_json(const char *path, const char *data, size_t len, struct inventory *inv,
			      struct vg_err *err)
{
	json_t *root = lang_json_load(path, data, len, err);
	const char *name, *version, *license;
	struct package *p;

	if (!root)
		return -1;
	if (!json_is_object(root)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: not a JSON object", path);
	}
	name = json_string_value(json_object_get(root, "name"));
	version = json_string_value(json_object_get(root, "version"));
	if (!name || !*name || !version || !*version) {
		json_decref(root);
		return 0;
	}
	if (!lang_is_word(name, strlen(name)) || !lang_is_word(version, strlen(version))) {
		inventory_warn(inv, "%s: name or version is too long or holds spaces; skipped", path);
		json_decref(root);
		return 0;
	}
	license = lang_json_license(inv, json_object_get(root, "license"));
	if (!license)
		license = lang_json_license(inv, json_object_get(root, "licenses"));
	p = inventory_new_package(inv, PKG_NPM);
	p->name = inventory_strdup(inv, name);
	p->version = inventory_strdup(inv, version);
	p->license = license;
	p->maintainer = lang_json_person(inv, json_object_get(root, "author"));
	p->found_in = arena_printf(&inv->arena, "/%s", path);
	json_decref(root);
	return 0;
}

/* ---- package-lock.json ---- */

/* What follows the last "node_modules/" component of a lockfile key, or NULL. */
static const char *installed_name(const char *key)
{
	const char *p, *last = NULL;

	for (p = key; (p = strstr(p, NODE_MODULES)); p++)
		if (p == key || p[-1] == '/')
			last = p + strlen(NODE_MODULES);
	return last;
}

/* True (silently) when this name and version was already emitted from the file. */
static bool seen_before(struct lock_reader *lr, const char *name, size_t name_len, const char *version)
{
	char *key = arena_printf(&lr->keys, "%.*s@%s", (int)name_len, name, version);

	if (strmap_get(&lr->emitted, key))
		return true;
	strmap_put(&lr->emitted, key, key);
	return false;
}

static void emit_entry(struct lock_reader *lr, const char *where, const char *name, size_t name_len,
		       const char *version, const json_t *entry)
{
	struct package *p;

	if (!lang_is_word(name, name_len) || !version || !lang_is_word(version, strlen(version))) {
		warn_about_file(lr, "%s: %s: %s; skipped", lr->path, where,
				version ? "name or version is empty, too long or holds spaces" : "no version");
		return;
	}
	if (seen_before(lr, name, name_len, version))
		return;
	p = inventory_new_package(lr->inv, PKG_NPM);
	p->name = inventory_strndup(lr->inv, name, name_len);
	p->version = inventory_strdup(lr->inv, version);
	p->license = lang_json_license(lr->inv, json_object_get(entry, "license"));
	p->found_in = lr->found_in;
}

/* lockfileVersion 2 and 3: "packages" keyed by install path. */
static void read_packages_map(struct lock_reader *lr, json_t *packages)
{
	const char *key;
	json_t *entry;

	json_object_foreach(packages, key, entry) {
		const char *name = installed_name(key);

		if (!name)
			continue; /* the root project ("") and workspace sources */
		if (!json_is_object(entry)) {
			warn_about_file(lr, "%s: packages[\"%.200s\"]: not an object; skipped", lr->path, key);
			continue;
		}
		if (json_is_true(json_object_get(entry, "link")))
			continue;
		if (json_string_value(json_object_get(entry, "name")))
			name = json_string_value(json_object_get(entry, "name"));
		emit_entry(lr, key, name, strlen(name), json_string_value(json_object_get(entry, "version")),
			   entry);
	}
}

/* lockfileVersion 1: "dependencies" keyed by name, nested the same way.
 * An alias ("npm:real-name@1.2.3") names the package really installed.
 * jansson bounds the nesting depth, and so this recursion. */
static void read_dependency_tree(struct lock_reader *lr, json_t *deps)
{
	const char *key;
	json_t *entry;

	json_object_foreach(deps, key, entry) {
		const char *name = installed_name(key), *version, *at;
		size_t name_len;

		if (!name)
			name = key;
		name_len = strlen(name);

		if (!json_is_object(entry)) {
			warn_about_file(lr, "%s: dependencies[\"%.200s\"]: not an object; skipped", lr->path, key);
			continue;
		}
		version = json_string_value(json_object_get(entry, "version"));
		if (version && str_starts_with(version, "npm:") && version[4] && (at = strrchr(version + 5, '@'))) {
			name = version + 4;
			name_len = (size_t)(at - name);
			version = at + 1;
		}
		emit_entry(lr, key, name, name_len, version, entry);
		if (json_is_object(json_object_get(entry, "dependencies")))
			read_dependency_tree(lr, json_object_get(entry, "dependencies"));
	}
}

static int parse_lockfile(const char *path, const char *data, size_t len, struct inventory *inv,
			  struct vg_err *err)
{
	struct lock_reader lr = { .path = path, .inv = inv, .keys = ARENA_INIT, .emitted = STRMAP_INIT };
	json_t *root = lang_json_load(path, data, len, err), *packages, *deps;

	if (!root)
		return -1;
	if (!json_is_object(root)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: not a JSON object", path);
	}
	packages = json_object_get(root, "packages");
	deps = json_object_get(root, "dependencies");
	if ((packages && !json_is_object(packages)) || (!packages && deps && !json_is_object(deps))) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: \"%s\" is not an object", path,
				  packages ? "packages" : "dependencies");
	}
	lr.found_in = arena_printf(&inv->arena, "/%s", path);
	if (packages)
		read_packages_map(&lr, packages);
	else if (deps)
		read_dependency_tree(&lr, deps);
	strmap_free(&lr.emitted);
	arena_free(&lr.keys);
	json_decref(root);
	return 0;
}

static int npm_parse(const char *path, const char *data, size_t len, struct inventory *out, struct vg_err *err)
{
	if (lang_component_is(path, 0, LOCKFILE_NAME))
		return parse_lockfile(path, data, len, out, err);
	return parse_package_json(path, data, len, out, err);
}

/* ---- dedupe ---- */

static bool from_lockfile(const struct package *p)
{
	return lang_component_is(p->found_in, 0, LOCKFILE_NAME);
}

/* Index an installed package under every directory D such that its
 * found_in starts with D + "/node_modules/": "D\nname\nversion". */
static void index_installed(struct strmap *m, struct arena *keys, const struct package *p)
{
	const char *f = p->found_in;

	for (const char *s = f; (s = strstr(s, "/" NODE_MODULES)); s++) {
		char *key = arena_printf(keys, "%.*s\n%s\n%s", (int)(s - f), f, p->name, p->version);
		strmap_put(m, key, key);
	}
}

static bool installed_beside(const struct strmap *m, struct arena *keys, const struct package *p)
{
	const char *slash = strrchr(p->found_in, '/');
	int dir_len = slash ? (int)(slash - p->found_in) : 0;

	return strmap_get(m, arena_printf(keys, "%.*s\n%s\n%s", dir_len, p->found_in, p->name, p->version));
}

static bool is_npm(const struct package *p)
{
	return p->type == PKG_NPM && p->found_in && p->name && p->version;
}

void npm_dedupe(struct inventory *inv)
{
	struct strmap installed = STRMAP_INIT;
	struct arena keys = ARENA_INIT;
	size_t kept = 0;

	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		if (is_npm(p) && !from_lockfile(p))
			index_installed(&installed, &keys, p);
	}
	for (size_t i = 0; i < inv->packages.n; i++) {
		struct package *p = inv->packages.v[i];
		if (installed.count && is_npm(p) && from_lockfile(p) && installed_beside(&installed, &keys, p))
			continue;
		inv->packages.v[kept++] = p;
	}
	inv->packages.n = kept;
	strmap_free(&installed);
	arena_free(&keys);
}

const struct analyzer analyzer_npm = {
	.name = "npm",
	.wants = npm_wants,
	.parse = npm_parse,
};
