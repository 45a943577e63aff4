/* python.c - the Python analyzer: core metadata (NAME.dist-info/METADATA,
 * NAME.egg-info/PKG-INFO, or a single-file NAME.egg-info) in any directory.
 * Strings live in the inventory's arena.
 *
 * The file is RFC 822 style: "Key: value" headers, a line starting with
 * white space continues the previous one, and the first empty line ends them
 * (the body is the long description). Like Python's email parser, a line that
 * is neither a header nor a continuation also ends them. Name and Version are
 * kept as written. The license is License-Expression, else a one-line
 * License other than "UNKNOWN", else the "License :: ..." classifiers (last
 * segment, joined with " OR "). The maintainer is Author, else Maintainer,
 * else Author-email, else Maintainer-email. A file without Name or Version is
 * skipped with a warning; a NUL byte makes the file an error. */
#include <strings.h>

#include "../core/lines.h"
#include "analyzer.h"
#include "lang.h"

/* Longer License values are license texts, not names. */
#define LICENSE_NAME_MAX 256

enum py_field {
	F_NAME,
	F_VERSION,
	F_LICENSE_EXPRESSION,
	F_LICENSE,
	F_AUTHOR,
	F_MAINTAINER,
	F_AUTHOR_EMAIL,
	F_MAINTAINER_EMAIL,
	F_COUNT,
};

/* Header names, in enum order (matched without regard to case). */
static const char *const py_field_names[F_COUNT] = {
	"Name", "Version", "License-Expression", "License", "Author", "Maintainer", "Author-email",
	"Maintainer-email",
};

struct header {
	const char *value; /* after "Key:", up to the end of its last continuation line */
	size_t len;
	bool folded;       /* has continuation lines */
};

struct py_meta {
	struct header h[F_COUNT];
	int open;                   /* field the last header line set, or -1 */
	struct strbuf classifiers;  /* license classifier names, " OR " */
};

static bool py_wants(const char *path)
{
	const char *dir;
	size_t n;

	if (lang_component_is(path, 0, "METADATA") || lang_component_is(path, 0, "PKG-INFO")) {
		const char *suffix = lang_component_is(path, 0, "METADATA") ? ".dist-info" : ".egg-info";
		size_t sl = strlen(suffix);

		return lang_path_component(path, 1, &dir, &n) && n > sl && memcmp(dir + n - sl, suffix, sl) == 0;
	}
	return lang_path_component(path, 0, &dir, &n) && n > strlen(".egg-info") && str_ends_with(path, ".egg-info");
}

static int field_by_name(const char *key, size_t n)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strlen(py_field_names[f]) == n && strncasecmp(py_field_names[f], key, n) == 0)
			return f;
	return -1;
}

/* "License :: OSI Approved :: MIT License" adds "MIT License". */
static void add_classifier(struct py_meta *m, const char *v, size_t n)
{
	static const char prefix[] = "License ::";
	const char *last = v;
	char name[LICENSE_NAME_MAX + 1];
	size_t len;

	trim_blanks(&v, &n);
	if (n < sizeof(prefix) - 1 || memcmp(v, prefix, sizeof(prefix) - 1) != 0)
		return;
	for (const char *p = v; p + 1 < v + n; p++)
		if (p[0] == ':' && p[1] == ':')
			last = p + 2;
	len = (size_t)(v + n - last);
	trim_blanks(&last, &len);
	if (len == 0 || len > LICENSE_NAME_MAX ||
	    (len == strlen("OSI Approved") && memcmp(last, "OSI Approved", len) == 0))
		return;
	memcpy(name, last, len);
	name[len] = '\0';
	if (m->classifiers.len + len <= LANG_TEXT_MAX)
		lang_join(&m->classifiers, " OR ", name);
}

/* A "Key: value" line; false when the line is not a header. */
static bool read_header(struct py_meta *m, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t key_len;
	int f;

	if (!colon || colon == s)
		return false;
	key_len = (size_t)(colon - s);
	for (size_t i = 0; i < key_len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	m->open = -1;
	if (key_len == strlen("Classifier") && strncasecmp(s, "Classifier", key_len) == 0) {
		add_classifier(m, colon + 1, n - key_len - 1);
		return true;
	}
	f = field_by_name(s, key_len);
	if (f >= 0 && !m->h[f].value) {
		m->h[f].value = colon + 1;
		m->h[f].len = n - key_len - 1;
		m->open = f;
	}
	return true;
}

/* Read the header block into m; the body is not looked at. */
static void read_headers(struct py_meta *m, const char *data, size_t len)
{
	struct line_cursor c = line_cursor_of(data, len);
	const char *line;
	size_t n;

	while (line_cursor_next(&c, &line, &n)) {
		if (n == 0)
			break;
		if (line[0] == ' ' || line[0] == '\t') {
			if (m->open >= 0) {
				struct header *h = &m->h[m->open];
				h->len = (size_t)(line + n - h->value);
				h->folded = true;
			}
			continue;
		}
		if (c.lineno == 1 && n >= 5 && memcmp(line, "From ", 5) == 0)
			continue;
		if (!read_header(m, line, n))
			break;
	}
}

static const char *header_text(struct inventory *inv, const struct header *h)
{
	return h->value ? lang_text(inv, h->value, h->len) : NULL;
}

static const char *pick_license(struct inventory *inv, struct py_meta *m)
{
	const char *s = header_text(inv, &m->h[F_LICENSE_EXPRESSION]);

	if (s)
		return s;
	if (!m->h[F_LICENSE].folded && (s = header_text(inv, &m->h[F_LICENSE])) && strlen(s) <= LICENSE_NAME_MAX &&
	    strcmp(s, "UNKNOWN") != 0)
		return s;
	return lang_join_finish(inv, &m->classifiers);
}

static const char *pick_maintainer(struct inventory *inv, const struct py_meta *m)
{
	static const enum py_field order[] = { F_AUTHOR, F_MAINTAINER, F_AUTHOR_EMAIL, F_MAINTAINER_EMAIL };
	const char *s;

	for (size_t i = 0; i < VG_ARRAY_LEN(order); i++)
		if ((s = header_text(inv, &m->h[order[i]])) && strcmp(s, "UNKNOWN") != 0)
			return s;
	return NULL;
}

/* The trimmed one-line value of a word field, or NULL. */
static bool word_field(const struct header *h, const char **s, size_t *n)
{
	if (!h->value)
		return false;
	*s = h->value;
	*n = h->len;
	trim_blanks(s, n);
	return !h->folded && lang_is_word(*s, *n);
}

static int py_parse(const char *path, const char *data, size_t len, struct inventory *out, struct vg_err *err)
{
	struct py_meta m = { .open = -1, .classifiers = STRBUF_INIT };
	const char *name, *version, *nul = memchr(data, '\0', len);
	size_t name_len, version_len;
	struct package *p;

	if (nul)
		return vg_err_set(err, VG_EFORMAT, "%s: line %d: NUL byte; not a Python metadata file", path,
				  line_of_offset(data, (size_t)(nul - data)));
	read_headers(&m, data, len);
	if (!m.h[F_NAME].value || !m.h[F_VERSION].value) {
		inventory_warn(out, "%s: no %s header; skipped", path, m.h[F_NAME].value ? "Version" : "Name");
		strbuf_release(&m.classifiers);
		return 0;
	}
	if (!word_field(&m.h[F_NAME], &name, &name_len) || !word_field(&m.h[F_VERSION], &version, &version_len)) {
		inventory_warn(out, "%s: Name or Version is empty, too long or holds spaces; skipped", path);
		strbuf_release(&m.classifiers);
		return 0;
	}
	p = inventory_new_package(out, PKG_PYPI);
	p->name = inventory_strndup(out, name, name_len);
	p->version = inventory_strndup(out, version, version_len);
	p->license = pick_license(out, &m);
	p->maintainer = pick_maintainer(out, &m);
	p->found_in = arena_printf(&out->arena, "/%s", path);
	strbuf_release(&m.classifiers);
	return 0;
}

const struct analyzer analyzer_python = {
	.name = "python",
	.wants = py_wants,
	.parse = py_parse,
};
