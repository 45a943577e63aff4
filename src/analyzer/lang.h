/* lang.h - shared by the language-package analyzers (npm.c, python.c,
 * gemspec.c, composer.c): path tests, value checks, license joining and
 * JSON loading. Strings returned live in the inventory's arena. */
#ifndef VG_LANG_H
#define VG_LANG_H

#include <jansson.h>

#include "../core/error.h"
#include "../core/strbuf.h"
#include "../pkg/package.h"

/* Longest name or version kept; longer means a broken record. */
#define LANG_WORD_MAX 512
/* Longest license or author text kept; longer ones are dropped. */
#define LANG_TEXT_MAX 1024
/* Warnings per file; a hostile file must not flood the report. */
#define LANG_WARN_MAX 32

/* The n-th path component counted from the end (0 = the file name) in
 * *s and *len; false when the path has fewer components. */
bool lang_path_component(const char *path, int n, const char **s, size_t *len);
/* Does that component equal name? */
bool lang_component_is(const char *path, int n, const char *name);
/* True when any component of path equals name. */
bool lang_path_has_component(const char *path, const char *name);

/* A usable name or version: 1..LANG_WORD_MAX bytes of printable non-space
 * ASCII or UTF-8. */
bool lang_is_word(const char *s, size_t n);
/* A copy of s[0..n) in inv's arena with every run of white space (newlines
 * too) made one space and both ends trimmed; NULL when that leaves nothing,
 * holds another control byte or is longer than LANG_TEXT_MAX. */
const char *lang_text(struct inventory *inv, const char *s, size_t n);

/* Append s to sb, after sep when sb already holds something. */
void lang_join(struct strbuf *sb, const char *sep, const char *s);
/* sb's contents through lang_text, then release sb. */
const char *lang_join_finish(struct inventory *inv, struct strbuf *sb);

/* Parse a whole JSON document. NULL with err filled ("<path>: line L: ...")
 * when it is not valid JSON. The caller json_decref()s the result. */
json_t *lang_json_load(const char *path, const char *data, size_t len, struct vg_err *err);
/* The license of a JSON value as npm and Composer write it: a string, an
 * object with "type" (or "name"), or an array of those joined with " OR ".
 * NULL when there is none. */
const char *lang_json_license(struct inventory *inv, const json_t *v);
/* A person as npm and Composer write one: a string, or an object with
 * "name"; an array of them is joined with ", ". NULL when none. */
const char *lang_json_person(struct inventory *inv, const json_t *v);

/* npm (npm.c): drop each package taken from a package-lock.json when an npm
 * package of the same name and version was read from a package.json under
 * the lockfile's directory + "/node_modules/" (the installed copy wins).
 * Order is kept; run it once every file has been parsed. */
void npm_dedupe(struct inventory *inv);

#endif
