/* dpkg.c - the dpkg analyzer: reads /var/lib/dpkg/status and the distroless
 * one-file-per-package /var/lib/dpkg/status.d/<name> files into deb packages.
 * Every string it returns lives in the inventory's arena (see package.h).
 *
 * Which packages count: dpkg-query -W lists every stanza whose Status is not
 * "not-installed" (config-files included). We keep the stanzas whose files
 * are on disk, i.e. every status except not-installed and config-files:
 * installed, triggers-awaited, triggers-pending (normal, configured), and
 * half-configured, unpacked, half-installed (files present but dpkg did not
 * finish: kept, because their files can be vulnerable, with a warning).
 * The want word (install/hold/deinstall/purge) is ignored: a package marked
 * for removal is still on disk. In dpkg-query's ${db:Status-Abbrev} terms we
 * keep every line whose second letter is not 'n' or 'c'. A stanza without
 * Status is not installed in the status file (as for dpkg), but installed in
 * a status.d file, where distroless images omit the field. */
#include <limits.h>
#include <strings.h>

#include "analyzer.h"
#include "../core/lines.h"
#include "../core/strbuf.h"
#include "../core/strmap.h"
#include "stanza.h"

#define DPKG_STATUS_PATH "var/lib/dpkg/status"
#define DPKG_STATUS_DIR "var/lib/dpkg/status.d/"
/* Longest value kept for a field we use; longer means a broken stanza. */
#define DPKG_VALUE_MAX 4096
/* Warnings per file; a hostile file must not flood the report. */
#define DPKG_WARN_MAX 32

enum dpkg_field {
	F_PACKAGE,
	F_VERSION,
	F_ARCHITECTURE,
	F_SOURCE,
	F_MAINTAINER,
	F_STATUS,
	F_COUNT,
};

static const char *const dpkg_field_names[F_COUNT] = {
	"Package", "Version", "Architecture", "Source", "Maintainer", "Status",
};

/* What a Status word says about the package's files. */
enum dpkg_presence {
	FILES_PRESENT,    /* configured (maybe with triggers outstanding) */
	FILES_UNFINISHED, /* on disk, but dpkg stopped half-way */
	FILES_ABSENT,     /* not-installed, config-files */
	STATUS_UNKNOWN,
};

static const struct {
	const char *word;
	enum dpkg_presence presence;
} dpkg_status_words[] = {
	{ "installed", FILES_PRESENT },
	{ "triggers-pending", FILES_PRESENT },
	{ "triggers-awaited", FILES_PRESENT },
	{ "half-configured", FILES_UNFINISHED },
	{ "unpacked", FILES_UNFINISHED },
	{ "half-installed", FILES_UNFINISHED },
	{ "config-files", FILES_ABSENT },
	{ "not-installed", FILES_ABSENT },
};

/* One stanza being collected. Values are folded onto one line. */
struct stanza {
	int first_line;          /* 0 while no stanza is open */
	int current;             /* field that continuation lines extend, or -1 */
	bool has_field;          /* a field line was read */
	bool seen[F_COUNT];
	struct strbuf value[F_COUNT];
	struct stanza_defect bad; /* the first defect; line 0 if none */
};

struct dpkg_reader {
	const char *path;
	const char *found_in;
	bool status_d;           /* a distroless status.d file */
	struct inventory *inv;
	struct strmap emitted;   /* "name arch" -> package, to spot duplicates */
	struct arena keys;       /* keys of emitted */
	int warnings;
	int package_stanzas;     /* stanzas that had a Package field */
	int first_content_line;  /* first non-blank line, 0 if none */
};

/* A warning about the file, within the file's cap. */
#define warn_about_file(ps, ...) \
	warn_capped((ps)->inv, (ps)->path, &(ps)->warnings, DPKG_WARN_MAX, __VA_ARGS__)

static void stanza_open_if_needed(struct stanza *st, int line)
{
	if (st->first_line)
		return;
	st->first_line = line;
	st->current = -1;
	st->has_field = false;
	st->bad.line = 0;
	for (int f = 0; f < F_COUNT; f++) {
		st->seen[f] = false;
		strbuf_reset(&st->value[f]);
	}
}

static int field_by_name(const char *name, size_t n)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strlen(dpkg_field_names[f]) == n && strncasecmp(dpkg_field_names[f], name, n) == 0)
			return f;
	return -1;
}

/* deb822 field names: printable ASCII without spaces, not starting with '-'. */
static bool is_valid_field_name(const char *s, size_t n)
{
	if (n == 0 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static void field_append(struct stanza *st, int f, const char *s, size_t n, int line)
{
	struct strbuf *sb = &st->value[f];

	if (n == 0)
		return;
	if (sb->len + 1 + n > DPKG_VALUE_MAX) {
		stanza_mark_bad(&st->bad, line, "%s field longer than %d bytes", dpkg_field_names[f], DPKG_VALUE_MAX);
		return;
	}
	if (sb->len > 0)
		strbuf_addch(sb, ' ');
	strbuf_add(sb, s, n);
}

static void read_field_line(struct stanza *st, const char *s, size_t n, int line)
{
	const char *colon = memchr(s, ':', n);
	const char *value;
	size_t name_len, value_len;
	int f;

	st->has_field = true;
	if (!colon) {
		stanza_mark_bad(&st->bad, line, "line with no ':' that is not a continuation");
		st->current = -1;
		return;
	}
	name_len = (size_t)(colon - s);
	if (!is_valid_field_name(s, name_len)) {
		stanza_mark_bad(&st->bad, line, "invalid field name");
		st->current = -1;
		return;
	}
	f = field_by_name(s, name_len);
	st->current = f;
	if (f < 0)
		return;
	if (st->seen[f]) {
		stanza_mark_bad(&st->bad, line, "duplicate %s field", dpkg_field_names[f]);
		st->current = -1;
		return;
	}
	st->seen[f] = true;
	value = colon + 1;
	value_len = n - name_len - 1;
	trim_blanks(&value, &value_len);
	field_append(st, f, value, value_len, line);
}

static void read_continuation_line(struct stanza *st, const char *s, size_t n, int line)
{
	if (!st->has_field) {
		stanza_mark_bad(&st->bad, line, "continuation line before any field");
		return;
	}
	if (st->current < 0)
		return;
	trim_blanks(&s, &n);
	field_append(st, st->current, s, n, line);
}

/* What the third word of "want flag status" says; the other two are not used. */
static enum dpkg_presence presence_of_status(const char *status)
{
	const char *word = NULL;
	size_t word_len = 0;
	int count = 0;

	for (const char *p = status; *p;) {
		const char *start;
		while (char_is_blank(*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !char_is_blank(*p))
			p++;
		if (++count == 3) {
			word = start;
			word_len = (size_t)(p - start);
		}
	}
	if (count != 3)
		return STATUS_UNKNOWN;
	for (size_t i = 0; i < VG_ARRAY_LEN(dpkg_status_words); i++)
		if (strlen(dpkg_status_words[i].word) == word_len &&
		    memcmp(dpkg_status_words[i].word, word, word_len) == 0)
			return dpkg_status_words[i].presence;
	return STATUS_UNKNOWN;
}

/* Split "name" or "name (version)". Returns false when malformed. */
static bool split_source_field(const char *s, const char **name, size_t *name_len,
			       const char **version, size_t *version_len)
{
	size_t n = strlen(s), i = 0;
	const char *rest;
	size_t rest_len;

	while (i < n && !char_is_blank(s[i]) && s[i] != '(')
		i++;
	*name = s;
	*name_len = i;
	*version = NULL;
	*version_len = 0;
	if (!is_single_word(s, i))
		return false;
	rest = s + i;
	rest_len = n - i;
	trim_blanks(&rest, &rest_len);
	if (rest_len == 0)
		return true;
	if (rest_len < 2 || rest[0] != '(' || rest[rest_len - 1] != ')')
		return false;
	rest++;
	rest_len -= 2;
	trim_blanks(&rest, &rest_len);
	if (!is_single_word(rest, rest_len))
		return false;
	*version = rest;
	*version_len = rest_len;
	return true;
}

/* A copy of a field's value in the inventory, or NULL when it is empty. */
static const char *field_copy(struct dpkg_reader *ps, const struct stanza *st, enum dpkg_field f)
{
	const struct strbuf *sb = &st->value[f];

	return sb->len ? inventory_strndup(ps->inv, sb->buf, sb->len) : NULL;
}

static void set_source(struct dpkg_reader *ps, struct stanza *st, struct package *p)
{
	const char *name, *version;
	size_t name_len, version_len;

	p->source_name = p->name;
	p->source_version = p->version;
	if (st->value[F_SOURCE].len == 0)
		return;
	if (!split_source_field(strbuf_str(&st->value[F_SOURCE]), &name, &name_len, &version, &version_len)) {
		warn_about_file(ps, "%s: line %d: package %s: malformed Source '%s'; using the binary name",
				ps->path, st->first_line, p->name, strbuf_str(&st->value[F_SOURCE]));
		return;
	}
	p->source_name = inventory_strndup(ps->inv, name, name_len);
	if (version)
		p->source_version = inventory_strndup(ps->inv, version, version_len);
}

/* True (after warning) when name+arch was already emitted from this file. */
static bool is_duplicate_package(struct dpkg_reader *ps, struct stanza *st)
{
	char *key = arena_printf(&ps->keys, "%s %s", strbuf_str(&st->value[F_PACKAGE]),
				 st->value[F_ARCHITECTURE].len ? strbuf_str(&st->value[F_ARCHITECTURE]) : "");

	if (strmap_get(&ps->emitted, key)) {
		warn_about_file(ps, "%s: line %d: package %s listed twice; keeping the first",
				ps->path, st->first_line, strbuf_str(&st->value[F_PACKAGE]));
		return true;
	}
	strmap_put(&ps->emitted, key, key);
	return false;
}

/* Apply the Status rules from the top of the file; true to keep the package. */
static bool stanza_is_installed(struct dpkg_reader *ps, struct stanza *st)
{
	const char *name = strbuf_str(&st->value[F_PACKAGE]);

	if (!st->seen[F_STATUS]) {
		if (ps->status_d)
			return true;
		warn_about_file(ps, "%s: line %d: package %s has no Status field; not counted as installed",
				ps->path, st->first_line, name);
		return false;
	}
	switch (presence_of_status(strbuf_str(&st->value[F_STATUS]))) {
	case FILES_PRESENT:
		return true;
	case FILES_UNFINISHED:
		warn_about_file(ps, "%s: line %d: package %s is only partly installed (Status: %s)",
				ps->path, st->first_line, name, strbuf_str(&st->value[F_STATUS]));
		return true;
	case FILES_ABSENT:
		return false;
	case STATUS_UNKNOWN:
		break;
	}
	warn_about_file(ps, "%s: line %d: package %s has an invalid Status '%s'; skipped",
			ps->path, st->first_line, name, strbuf_str(&st->value[F_STATUS]));
	return false;
}

/* Name, version and arch must be single words; says which one is not. */
static const char *stanza_word_defect(struct stanza *st)
{
	static const int word_fields[] = { F_PACKAGE, F_VERSION, F_ARCHITECTURE };

	for (size_t i = 0; i < VG_ARRAY_LEN(word_fields); i++) {
		const struct strbuf *sb = &st->value[word_fields[i]];
		if (sb->len && !is_single_word(sb->buf, sb->len))
			return dpkg_field_names[word_fields[i]];
	}
	return NULL;
}

static void emit_package(struct dpkg_reader *ps, struct stanza *st)
{
	struct package *p = inventory_new_package(ps->inv, PKG_DEB);

	p->name = field_copy(ps, st, F_PACKAGE);
	p->version = field_copy(ps, st, F_VERSION);
	p->arch = field_copy(ps, st, F_ARCHITECTURE);
	p->maintainer = field_copy(ps, st, F_MAINTAINER);
	p->found_in = ps->found_in;
	set_source(ps, st, p);
}

static void stanza_close(struct dpkg_reader *ps, struct stanza *st)
{
	const char *defect;

	if (!st->first_line)
		return;
	if (st->seen[F_PACKAGE])
		ps->package_stanzas++;
	if (st->bad.line) {
		warn_about_file(ps, "%s: line %d: %s; stanza skipped", ps->path, st->bad.line, st->bad.why);
	} else if (st->value[F_PACKAGE].len == 0) {
		warn_about_file(ps, "%s: line %d: stanza without a Package name; skipped",
				ps->path, st->first_line);
	} else if (st->value[F_VERSION].len == 0) {
		warn_about_file(ps, "%s: line %d: package %s has no Version; skipped",
				ps->path, st->first_line, strbuf_str(&st->value[F_PACKAGE]));
	} else if ((defect = stanza_word_defect(st))) {
		warn_about_file(ps, "%s: line %d: %s field contains spaces or control bytes; stanza skipped",
				ps->path, st->first_line, defect);
	} else if (stanza_is_installed(ps, st) && !is_duplicate_package(ps, st)) {
		emit_package(ps, st);
	}
	st->first_line = 0;
}

static void read_line(struct dpkg_reader *ps, struct stanza *st, const char *s, size_t n, int line)
{
	if (line_is_blank(s, n)) {
		stanza_close(ps, st);
		return;
	}
	if (!ps->first_content_line)
		ps->first_content_line = line;
	if (s[0] == '#')
		return; /* comment line (deb822) */
	stanza_open_if_needed(st, line);
	if (char_is_blank(s[0]))
		read_continuation_line(st, s, n, line);
	else
		read_field_line(st, s, n, line);
}

static bool dpkg_wants(const char *path)
{
	static const char *const not_packages[] = {
		".md5sums", ".list", ".conffiles", ".preinst", ".postinst", ".prerm", ".postrm",
		".config", ".templates", ".shlibs", ".symbols", ".triggers",
		".dpkg-old", ".dpkg-new", ".dpkg-tmp", ".dpkg-bak", ".dpkg-dist", "~",
	};
	const char *name;

	if (strcmp(path, DPKG_STATUS_PATH) == 0)
		return true;
	if (!str_starts_with(path, DPKG_STATUS_DIR))
		return false;
	name = path + strlen(DPKG_STATUS_DIR);
	if (!*name || name[0] == '.' || strchr(name, '/'))
		return false;
	for (size_t i = 0; i < VG_ARRAY_LEN(not_packages); i++)
		if (str_ends_with(name, not_packages[i]))
			return false;
	return true;
}

static int dpkg_parse(const char *path, const char *data, size_t len,
		      struct inventory *out, struct vg_err *err)
{
	struct dpkg_reader ps = { .path = path, .inv = out, .emitted = STRMAP_INIT, .keys = ARENA_INIT };
	struct stanza st;
	struct line_cursor c = line_cursor_of(data, len);
	size_t warnings_before = out->warnings.n;
	const char *nul = memchr(data, '\0', len);
	const char *line;
	size_t n;
	int rc = 0;

	if (nul)
		return vg_err_set(err, VG_EFORMAT, "%s: line %d: NUL byte; not a dpkg status file",
				  path, line_of_offset(data, (size_t)(nul - data)));
	ps.status_d = str_starts_with(path, DPKG_STATUS_DIR);
	ps.found_in = arena_printf(&out->arena, "/%s", path);
	memset(&st, 0, sizeof(st));
	while (line_cursor_next(&c, &line, &n))
		read_line(&ps, &st, line, n, c.lineno);
	stanza_close(&ps, &st);

	if (ps.first_content_line && ps.package_stanzas == 0) {
		out->warnings.n = warnings_before;
		rc = vg_err_set(err, VG_EFORMAT, "%s: line %d: no stanza with a Package field; not a dpkg status file",
				path, ps.first_content_line);
	}
	for (int f = 0; f < F_COUNT; f++)
		strbuf_release(&st.value[f]);
	strmap_free(&ps.emitted);
	arena_free(&ps.keys);
	return rc;
}

const struct analyzer analyzer_dpkg = {
	.name = "dpkg",
	.wants = dpkg_wants,
	.parse = dpkg_parse,
};
