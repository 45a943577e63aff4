/* composer.c - the PHP Composer analyzer: vendor/composer/installed.json at
 * any depth. Composer 1 writes a JSON array of packages, Composer 2 an
 * object {"packages": [...], "dev": bool, "dev-package-names": [...]}; dev
 * packages are installed too, so both kinds are listed. Strings live in the
 * inventory's arena.
 *
 * Each package gives name ("vendor/package"), version as written ("v6.2.7",
 * "dev-main"; not version_normalized), license (array joined with " OR ") and
 * authors (names joined with ", "). An entry without a usable name or version
 * is skipped with a warning; malformed JSON or another shape is an error. */
#include "analyzer.h"
#include "lang.h"
#include "stanza.h"

static bool composer_wants(const char *path)
{
	return lang_component_is(path, 0, "installed.json") && lang_component_is(path, 1, "composer") &&
	       lang_component_is(path, 2, "vendor");
}

static void emit_package(const char *path, const char *found_in, size_t index, const json_t *entry,
			 struct inventory *inv, int *warnings)
{
	const char *name = json_string_value(json_object_get(entry, "name"));
	const char *version = json_string_value(json_object_get(entry, "version"));
	struct package *p;

	if (!json_is_object(entry) || !name || !version || !lang_is_word(name, strlen(name)) ||
	    !lang_is_word(version, strlen(version))) {
		warn_capped(inv, path, warnings, LANG_WARN_MAX,
			    "%s: package %zu: no name or version, or one with spaces; skipped", path, index);
		return;
	}
	p = inventory_new_package(inv, PKG_COMPOSER);
	p->name = inventory_strdup(inv, name);
	p->version = inventory_strdup(inv, version);
	p->license = lang_json_license(inv, json_object_get(entry, "license"));
	p->maintainer = lang_json_person(inv, json_object_get(entry, "authors"));
	p->found_in = found_in;
}

static int composer_parse(const char *path, const char *data, size_t len, struct inventory *out,
			  struct vg_err *err)
{
	json_t *root = lang_json_load(path, data, len, err), *packages, *entry;
	const char *found_in;
	int warnings = 0;
	size_t i;

	if (!root)
		return -1;
	packages = json_is_object(root) ? json_object_get(root, "packages") : root;
	if (!json_is_array(packages)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: neither a package array nor an object with \"packages\"",
				  path);
	}
	found_in = arena_printf(&out->arena, "/%s", path);
	json_array_foreach(packages, i, entry)
		emit_package(path, found_in, i, entry, out, &warnings);
	json_decref(root);
	return 0;
}

const struct analyzer analyzer_composer = {
	.name = "composer",
	.wants = composer_wants,
	.parse = composer_parse,
};
