/* apk.c - the apk analyzer: reads Alpine's /lib/apk/db/installed (stanzas of
 * "X:value" lines separated by blank lines) into apk packages. Every string
 * it returns lives in the inventory's arena (see package.h).
 *
 * Only P (name), V (version), A (arch), o (origin), L (license) and
 * m (maintainer) are used; the other letters (files, checksums, depends...)
 * are skipped. A stanza without P or V is skipped with a warning; a line that
 * is not "X:..." spoils its stanza only (apk itself refuses the whole DB). */
#include <limits.h>

#include "../core/lines.h"
#include "analyzer.h"
#include "../core/strmap.h"
#include "stanza.h"

#define APK_INSTALLED_PATH "lib/apk/db/installed"
/* Longest value kept for a field we use; longer means a broken stanza. */
#define APK_VALUE_MAX 4096
/* Warnings per file; a hostile file must not flood the report. */
#define APK_WARN_MAX 32

enum apk_field {
	F_NAME,
	F_VERSION,
	F_ARCH,
	F_ORIGIN,
	F_LICENSE,
	F_MAINTAINER,
	F_COUNT,
};

/* The letter of each field, in enum order. */
static const char apk_field_letters[F_COUNT] = { 'P', 'V', 'A', 'o', 'L', 'm' };

/* One stanza being collected; values point into the input. */
struct stanza {
	int first_line;          /* 0 while no stanza is open */
	const char *value[F_COUNT];
	size_t value_len[F_COUNT];
	struct stanza_defect bad; /* the first defect; line 0 if none */
};

struct apk_reader {
	const char *path;
	const char *found_in;
	struct inventory *inv;
	struct strmap emitted;   /* name -> name, to spot duplicates */
	int warnings;
	int package_stanzas;     /* stanzas that had a P: line */
	int first_content_line;  /* first non-blank line, 0 if none */
};

/* A warning about the file, within the file's cap. */
#define warn_about_file(ps, ...) \
	warn_capped((ps)->inv, (ps)->path, &(ps)->warnings, APK_WARN_MAX, __VA_ARGS__)

static int field_by_letter(char letter)
{
	for (int f = 0; f < F_COUNT; f++)
		if (apk_field_letters[f] == letter)
			return f;
	return -1;
}

static void read_field_line(struct stanza *st, const char *s, size_t n, int line)
{
	const char *value;
	size_t value_len;
	int f;

	if (!st->first_line) {
		memset(st, 0, sizeof(*st));
		st->first_line = line;
	}
	if (n < 2 || s[1] != ':') {
		stanza_mark_bad(&st->bad, line, "line is not of the form 'X:value'");
		return;
	}
	f = field_by_letter(s[0]);
	if (f < 0)
		return;
	if (st->value[f]) {
		stanza_mark_bad(&st->bad, line, "duplicate %c: line", s[0]);
		return;
	}
	value = s + 2;
	value_len = n - 2;
	trim_blanks(&value, &value_len);
	if (value_len > APK_VALUE_MAX) {
		stanza_mark_bad(&st->bad, line, "%c: value longer than %d bytes", s[0], APK_VALUE_MAX);
		return;
	}
	st->value[f] = value;
	st->value_len[f] = value_len;
}

static const char *stanza_value(struct apk_reader *ps, const struct stanza *st, enum apk_field f)
{
	if (!st->value[f] || st->value_len[f] == 0)
		return NULL;
	return inventory_strndup(ps->inv, st->value[f], st->value_len[f]);
}

/* Name, version, arch and origin must be single words; says which is not. */
static int stanza_word_defect(const struct stanza *st)
{
	static const enum apk_field word_fields[] = { F_NAME, F_VERSION, F_ARCH, F_ORIGIN };

	for (size_t i = 0; i < VG_ARRAY_LEN(word_fields); i++) {
		enum apk_field f = word_fields[i];
		if (st->value_len[f] && !is_single_word(st->value[f], st->value_len[f]))
			return apk_field_letters[f];
	}
	return 0;
}

/* True (after warning) when this package name was already emitted. */
static bool is_duplicate_package(struct apk_reader *ps, const char *name, int line)
{
	if (strmap_get(&ps->emitted, name)) {
		warn_about_file(ps, "%s: line %d: package %s listed twice; keeping the first",
				ps->path, line, name);
		return true;
	}
	strmap_put(&ps->emitted, name, (void *)name);
	return false;
}

static void emit_package(struct apk_reader *ps, const struct stanza *st)
{
	const char *name = stanza_value(ps, st, F_NAME);
	struct package *p;

	if (is_duplicate_package(ps, name, st->first_line))
		return;
	p = inventory_new_package(ps->inv, PKG_APK);
	p->name = name;
	p->version = stanza_value(ps, st, F_VERSION);
	p->arch = stanza_value(ps, st, F_ARCH);
	p->source_name = stanza_value(ps, st, F_ORIGIN);
	if (!p->source_name)
		p->source_name = p->name;
	p->source_version = p->version;
	p->license = stanza_value(ps, st, F_LICENSE);
	p->maintainer = stanza_value(ps, st, F_MAINTAINER);
	p->found_in = ps->found_in;
}

static void stanza_close(struct apk_reader *ps, struct stanza *st)
{
	int defect;

	if (!st->first_line)
		return;
	if (st->value[F_NAME])
		ps->package_stanzas++;
	if (st->bad.line) {
		warn_about_file(ps, "%s: line %d: %s; stanza skipped", ps->path, st->bad.line, st->bad.why);
	} else if (!st->value_len[F_NAME]) {
		warn_about_file(ps, "%s: line %d: stanza without a package name (P:); skipped",
				ps->path, st->first_line);
	} else if (!st->value_len[F_VERSION]) {
		warn_about_file(ps, "%s: line %d: package %.*s has no version (V:); skipped", ps->path,
				st->first_line, (int)st->value_len[F_NAME], st->value[F_NAME]);
	} else if ((defect = stanza_word_defect(st))) {
		warn_about_file(ps, "%s: line %d: %c: value contains spaces or control bytes; stanza skipped",
				ps->path, st->first_line, defect);
	} else {
		emit_package(ps, st);
	}
	st->first_line = 0;
}

static bool apk_wants(const char *path)
{
	return strcmp(path, APK_INSTALLED_PATH) == 0;
}

static int apk_parse(const char *path, const char *data, size_t len,
		     struct inventory *out, struct vg_err *err)
{
	struct apk_reader ps = { .path = path, .inv = out, .emitted = STRMAP_INIT };
	struct stanza st = { 0 };
	struct line_cursor c = line_cursor_of(data, len);
	size_t warnings_before = out->warnings.n;
	const char *nul = memchr(data, '\0', len);
	const char *line;
	size_t n;

	if (nul)
		return vg_err_set(err, VG_EFORMAT, "%s: line %d: NUL byte; not an apk installed database",
				  path, line_of_offset(data, (size_t)(nul - data)));
	ps.found_in = arena_printf(&out->arena, "/%s", path);
	while (line_cursor_next(&c, &line, &n)) {
		if (line_is_blank(line, n)) {
			stanza_close(&ps, &st);
			continue;
		}
		if (!ps.first_content_line)
			ps.first_content_line = c.lineno;
		read_field_line(&st, line, n, c.lineno);
	}
	stanza_close(&ps, &st);
	strmap_free(&ps.emitted);

	if (ps.first_content_line && ps.package_stanzas == 0) {
		out->warnings.n = warnings_before;
		return vg_err_set(err, VG_EFORMAT,
				  "%s: line %d: no stanza with a P: line; not an apk installed database",
				  path, ps.first_content_line);
	}
	return 0;
}

const struct analyzer analyzer_apk = {
	.name = "apk",
	.wants = apk_wants,
	.parse = apk_parse,
};
