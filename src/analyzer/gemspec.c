/* gemspec.c - the RubyGems analyzer: installed specifications
 * (specifications/NAME-VERSION.gemspec, and specifications/default/ for the
 * gems bundled with Ruby) at any depth: gem install, bundler, Debian's
 * rubygems-integration. Strings live in the inventory's arena.
 *
 * These files are Ruby, written by Gem::Specification#to_ruby; they are read
 * with line patterns, never evaluated. "Gem::Specification.new do |s|" names
 * the block variable; then the first "s.name =", "s.version =",
 * "s.license(s) =" and "s.author(s) =" whose value is a string literal
 * ("x", 'x', %q{x}, with or without .freeze), an array of them, or
 * Gem::Version.new("x"), followed by nothing but a comment or an "if"
 * modifier, are kept. Licenses are joined with " OR ", authors
 * with ", ". A name or version not found that way comes from the file name
 * ("NAME-VERSION.gemspec", split at the last '-' followed by a digit); a
 * file with neither is skipped with a warning. A NUL byte is an error. */
#include <ctype.h>

#include "../core/lines.h"
#include "analyzer.h"
#include "lang.h"

#define GEMSPEC_SUFFIX ".gemspec"

enum gem_field {
	G_NAME,
	G_VERSION,
	G_LICENSE,
	G_AUTHORS,
	G_COUNT,
};

struct gem_reader {
	struct inventory *inv;
	const char *var;      /* block variable, NULL until the Gem::Specification line */
	size_t var_len;
	bool seen_block;
	const char *value[G_COUNT];
};

/* A cursor over one line. */
struct cur {
	const char *p, *end;
};

static bool gem_wants(const char *path)
{
	const char *file;
	size_t n;

	if (!lang_path_component(path, 0, &file, &n) || n <= strlen(GEMSPEC_SUFFIX) ||
	    !str_ends_with(path, GEMSPEC_SUFFIX))
		return false;
	if (lang_component_is(path, 1, "specifications"))
		return true;
	return lang_component_is(path, 1, "default") && lang_component_is(path, 2, "specifications");
}

static void skip_blanks(struct cur *c)
{
	while (c->p < c->end && char_is_blank(*c->p))
		c->p++;
}

static bool skip_token(struct cur *c, const char *tok)
{
	size_t n = strlen(tok);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, tok, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool is_ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

static char closing_delimiter(char open)
{
	switch (open) {
	case '(': return ')';
	case '[': return ']';
	case '{': return '}';
	case '<': return '>';
	default: return open;
	}
}

/* Body of a literal up to close (c->p just after the opening delimiter).
 * interpolates: double-quoted rules (escapes, "#{" makes it not a literal). */
static bool read_literal_body(struct cur *c, char open, char close, bool interpolates, struct strbuf *out)
{
	int depth = 0;

	while (c->p < c->end) {
		char ch = *c->p++;

		if (ch == '\\' && c->p < c->end) {
			char e = *c->p++;
			if (interpolates && (e == 'n' || e == 't'))
				e = e == 'n' ? '\n' : '\t';
			else if (!interpolates && e != '\\' && e != close && e != open)
				strbuf_addch(out, '\\');
			strbuf_addch(out, e);
		} else if (interpolates && ch == '#' && c->p < c->end && strchr("{@$", *c->p)) {
			return false;
		} else if (ch == close && depth == 0) {
			return true;
		} else {
			if (open != close)
				depth += ch == open ? 1 : ch == close ? -1 : 0;
			strbuf_addch(out, ch);
		}
		if (out->len > LANG_TEXT_MAX)
			return false;
	}
	return false;
}

/* A string literal at the cursor, then an optional ".freeze". */
static bool read_string(struct cur *c, struct strbuf *out)
{
	bool ok;

	skip_blanks(c);
	if (c->p >= c->end)
		return false;
	if (*c->p == '"' || *c->p == '\'') {
		char q = *c->p++;
		ok = read_literal_body(c, q, q, q == '"', out);
	} else if (c->end - c->p >= 3 && c->p[0] == '%' && (c->p[1] == 'q' || c->p[1] == 'Q') &&
		   !isalnum((unsigned char)c->p[2]) && !char_is_blank(c->p[2])) {
		bool interpolates = c->p[1] == 'Q';
		char open = c->p[2];
		c->p += 3;
		ok = read_literal_body(c, open, closing_delimiter(open), interpolates, out);
	} else {
		return false;
	}
	if (ok)
		skip_token(c, ".freeze");
	return ok;
}

/* A value: "x", ["x", "y"] (elements joined with sep) or Gem::Version.new("x"). */
static bool read_value(struct cur *c, const char *sep, struct strbuf *out)
{
	struct strbuf elem = STRBUF_INIT;
	bool ok = false;

	skip_blanks(c);
	if (skip_token(c, "Gem::Version.new")) {
		skip_blanks(c);
		ok = skip_token(c, "(") && read_string(c, out);
		skip_blanks(c);
		return ok && skip_token(c, ")");
	}
	if (!skip_token(c, "["))
		return read_string(c, out);
	for (;;) {
		skip_blanks(c);
		if (skip_token(c, "]")) {
			ok = true;
			break;
		}
		strbuf_reset(&elem);
		if (!read_string(c, &elem))
			break;
		if (elem.len)
			lang_join(out, sep, elem.buf);
		skip_blanks(c);
		if (!skip_token(c, ",") && !(c->p < c->end && *c->p == ']'))
			break;
		if (out->len > LANG_TEXT_MAX)
			break;
	}
	strbuf_release(&elem);
	return ok;
}

/* "Gem::Specification.new do |s|" sets the block variable. */
static void read_block_start(struct gem_reader *gr, const char *line, size_t n)
{
	static const char marker[] = "Gem::Specification.new";
	const char *m = memmem(line, n, marker, sizeof(marker) - 1), *bar, *v;

	if (!m || gr->seen_block)
		return;
	bar = memchr(m, '|', n - (size_t)(m - line));
	if (!bar)
		return;
	v = ++bar;
	while (bar < line + n && is_ident_char(*bar))
		bar++;
	if (bar == v || bar >= line + n || *bar != '|')
		return;
	gr->seen_block = true;
	gr->var = v;
	gr->var_len = (size_t)(bar - v);
}

static int field_of(const char *s, size_t n)
{
	static const struct { const char *name; enum gem_field f; } fields[] = {
		{ "name", G_NAME }, { "version", G_VERSION }, { "license", G_LICENSE }, { "licenses", G_LICENSE },
		{ "author", G_AUTHORS }, { "authors", G_AUTHORS },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(fields); i++)
		if (strlen(fields[i].name) == n && memcmp(fields[i].name, s, n) == 0)
			return (int)fields[i].f;
	return -1;
}

/* Only a comment or a modifier ("if s.respond_to? ...") may follow a value. */
static bool at_value_end(struct cur *c)
{
	skip_blanks(c);
	return c->p == c->end || *c->p == '#' || skip_token(c, "if ") || skip_token(c, "unless ");
}

/* "s.FIELD = VALUE" for a field we keep and have not set yet. */
static void read_assignment(struct gem_reader *gr, const char *line, size_t n)
{
	struct cur c = { line, line + n };
	struct strbuf value = STRBUF_INIT;
	const char *field;
	int f;

	skip_blanks(&c);
	if ((size_t)(c.end - c.p) <= gr->var_len || memcmp(c.p, gr->var, gr->var_len) != 0 ||
	    c.p[gr->var_len] != '.')
		return;
	c.p += gr->var_len + 1;
	field = c.p;
	while (c.p < c.end && is_ident_char(*c.p))
		c.p++;
	f = field_of(field, (size_t)(c.p - field));
	if (f < 0 || gr->value[f])
		return;
	skip_blanks(&c);
	if (!skip_token(&c, "=") || skip_token(&c, "="))
		return;
	if (read_value(&c, f == G_LICENSE ? " OR " : ", ", &value) && at_value_end(&c) && value.len)
		gr->value[f] = lang_text(gr->inv, value.buf, value.len);
	strbuf_release(&value);
}

/* Split "NAME-VERSION.gemspec" at the last '-' followed by a digit. */
static bool name_from_file(const char *path, const char **name, size_t *name_len, const char **version,
			   size_t *version_len)
{
	const char *file, *dash = NULL;
	size_t n;

	lang_path_component(path, 0, &file, &n);
	n -= strlen(GEMSPEC_SUFFIX);
	for (size_t i = 1; i + 1 < n; i++)
		if (file[i] == '-' && isdigit((unsigned char)file[i + 1]))
			dash = file + i;
	if (!dash)
		return false;
	*name = file;
	*name_len = (size_t)(dash - file);
	*version = dash + 1;
	*version_len = n - *name_len - 1;
	return lang_is_word(*name, *name_len) && lang_is_word(*version, *version_len);
}

/* The spec's name and version, else the file name's; false when neither has them. */
static bool name_and_version(struct gem_reader *gr, const char *path, const char **name, const char **version)
{
	const char *fname, *fversion;
	size_t fname_len, fversion_len;
	bool from_file = name_from_file(path, &fname, &fname_len, &fversion, &fversion_len);

	*name = gr->value[G_NAME];
	*version = gr->value[G_VERSION];
	if (*name && !lang_is_word(*name, strlen(*name)))
		*name = NULL;
	if (*version && !lang_is_word(*version, strlen(*version)))
		*version = NULL;
	if (!*name && from_file)
		*name = inventory_strndup(gr->inv, fname, fname_len);
	if (!*version && from_file)
		*version = inventory_strndup(gr->inv, fversion, fversion_len);
	return *name && *version;
}

static int gem_parse(const char *path, const char *data, size_t len, struct inventory *out, struct vg_err *err)
{
	struct gem_reader gr = { .inv = out };
	struct line_cursor c = line_cursor_of(data, len);
	const char *line, *name, *version, *nul = memchr(data, '\0', len);
	struct package *p;
	size_t n;

	if (nul)
		return vg_err_set(err, VG_EFORMAT, "%s: line %d: NUL byte; not a gemspec", path,
				  line_of_offset(data, (size_t)(nul - data)));
	if (!lang_path_component(path, 0, &line, &n) || n <= strlen(GEMSPEC_SUFFIX) ||
	    !str_ends_with(path, GEMSPEC_SUFFIX))
		return vg_err_set(err, VG_EFORMAT, "%s: not a .gemspec file name", path);
	while (line_cursor_next(&c, &line, &n)) {
		if (!gr.seen_block)
			read_block_start(&gr, line, n);
		else
			read_assignment(&gr, line, n);
	}
	if (!gr.seen_block)
		inventory_warn(out, "%s: no 'Gem::Specification.new do |s|' block; name and version from the file name",
			       path);
	if (!name_and_version(&gr, path, &name, &version)) {
		inventory_warn(out, "%s: no gem name and version in the file or its name; skipped", path);
		return 0;
	}
	p = inventory_new_package(out, PKG_GEM);
	p->name = name;
	p->version = version;
	p->license = gr.value[G_LICENSE];
	p->maintainer = gr.value[G_AUTHORS];
	p->found_in = arena_printf(&out->arena, "/%s", path);
	return 0;
}

const struct analyzer analyzer_gemspec = {
	.name = "gemspec",
	.wants = gem_wants,
	.parse = gem_parse,
};
