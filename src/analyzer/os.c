/* os.c - operating-system detection: fills inventory.os from os-release(5),
 * or else from the distribution's own release file (alpine-release,
 * debian_version, redhat-release and friends). Every string it stores lives
 * in the inventory's arena; nothing is returned to free. */
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#include "analyzer.h"
#include "../core/strbuf.h"

/* Release files are a few hundred bytes; anything this big is not one. */
#define OS_FILE_MAX (64 * 1024)
/* Longest os-release value kept. */
#define OS_VALUE_MAX 1024
/* Warnings per file. */
#define OS_WARN_MAX 8

static const char *const os_release_files[] = { "etc/os-release", "usr/lib/os-release" };
/* Red Hat family release files, most specific first (on AlmaLinux,
 * redhat-release and system-release are links to almalinux-release). */
static const char *const rpm_release_files[] = {
	"etc/almalinux-release", "etc/rocky-release", "etc/centos-release",
	"etc/redhat-release", "etc/system-release",
};

/* The os-release keys we use. */
enum os_key {
	K_ID,
	K_VERSION_ID,
	K_VERSION_CODENAME,
	K_UBUNTU_CODENAME,
	K_VERSION,
	K_NAME,
	K_PRETTY_NAME,
	K_ID_LIKE,
	K_COUNT,
};

static const char *const os_key_names[K_COUNT] = {
	"ID", "VERSION_ID", "VERSION_CODENAME", "UBUNTU_CODENAME",
	"VERSION", "NAME", "PRETTY_NAME", "ID_LIKE",
};

/* Debian release numbers by codename; testing/unstable images name the
 * release under development ("bookworm/sid") and are treated as it. */
static const struct {
	const char *codename, *version;
} debian_releases[] = {
	{ "hamm", "2.0" }, { "slink", "2.1" }, { "potato", "2.2" }, { "woody", "3.0" },
	{ "sarge", "3.1" }, { "etch", "4" }, { "lenny", "5" }, { "squeeze", "6" },
	{ "wheezy", "7" }, { "jessie", "8" }, { "stretch", "9" }, { "buster", "10" },
	{ "bullseye", "11" }, { "bookworm", "12" }, { "trixie", "13" }, { "forky", "14" },
	{ "duke", "15" },
};

/* Release-file product names and their os-release IDs (prefix match). */
static const struct {
	const char *name, *id;
} rpm_distros[] = {
	{ "AlmaLinux", "almalinux" }, { "Rocky Linux", "rocky" }, { "CentOS", "centos" },
	{ "Red Hat Enterprise Linux", "rhel" }, { "Fedora", "fedora" },
	{ "Amazon Linux", "amzn" }, { "Oracle Linux", "ol" }, { "CloudLinux", "cloudlinux" },
};

/* One release file being read. */
struct os_file {
	const char *path;       /* "etc/os-release", for messages */
	const char *data;
	size_t len;
	struct inventory *inv;
	int warnings;
};

static void VG_PRINTF(2, 3) warn_about_file(struct os_file *f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (f->warnings > OS_WARN_MAX)
		return;
	if (++f->warnings > OS_WARN_MAX) {
		inventory_warn(f->inv, "/%s: more than %d problems; further ones not reported",
			       f->path, OS_WARN_MAX);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	inventory_warn(f->inv, "/%s: %s", f->path, msg);
}

/* Fetch a release file; false when absent, empty-and-useless or unusable. */
static bool open_release_file(vfs_read_fn read, void *ctx, struct inventory *inv,
			      const char *path, struct os_file *f)
{
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->inv = inv;
	f->data = read(ctx, path, &f->len);
	if (!f->data)
		return false;
	if (f->len > OS_FILE_MAX) {
		warn_about_file(f, "larger than %d bytes; ignored", OS_FILE_MAX);
		return false;
	}
	if (memchr(f->data, '\0', f->len)) {
		warn_about_file(f, "contains NUL bytes; ignored");
		return false;
	}
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_key_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

/* Trimmed first line of a file, in the arena; NULL when it is empty. */
static const char *first_line_of(struct os_file *f)
{
	const char *s = f->data, *nl = memchr(s, '\n', f->len);
	size_t n = nl ? (size_t)(nl - s) : f->len;

	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	return n ? inventory_strndup(f->inv, s, n) : NULL;
}

/*
 * os-release parsing. Values follow shell quoting as os-release(5) allows:
 * 'single' (no escapes), "double" (\" \\ \$ \` escapes), or bare words with
 * backslash escapes; adjacent pieces concatenate like in sh. A value ends at
 * the end of its line: an unclosed quote is warned about and kept as read.
 */
struct os_line_reader {
	struct os_file *file;
	const char *p, *end;
	int lineno;
};

static void skip_rest_of_line(struct os_line_reader *r)
{
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));

	r->p = nl ? nl + 1 : r->end;
	r->lineno++;
}

static void skip_blanks(struct os_line_reader *r)
{
	while (r->p < r->end && is_blank(*r->p))
		r->p++;
}

static bool at_line_end(const struct os_line_reader *r)
{
	return r->p >= r->end || *r->p == '\n' || *r->p == '#';
}

static void value_add(struct strbuf *sb, char c, bool *too_long)
{
	if (sb->len >= OS_VALUE_MAX)
		*too_long = true;
	else
		strbuf_addch(sb, c);
}

/* Read one shell-quoted value up to the end of its word; false if broken. */
static bool read_quoted_value(struct os_line_reader *r, struct strbuf *sb)
{
	char quote = 0;
	bool too_long = false;

	while (r->p < r->end && *r->p != '\n') {
		char c = *r->p;

		if ((!quote && is_blank(c)) || (c == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))
			break;
		r->p++;
		if (quote == c) {
			quote = 0;
		} else if (!quote && (c == '"' || c == '\'')) {
			quote = c;
		} else if (c == '\\' && quote != '\'' && r->p < r->end && *r->p != '\n') {
			char next = *r->p;
			if (quote == '"' && !strchr("\"\\$`", next)) {
				value_add(sb, c, &too_long);
			} else {
				value_add(sb, next, &too_long);
				r->p++;
			}
		} else if (c != '\\' || quote == '\'') {
			value_add(sb, c, &too_long);
		}
	}
	if (quote) {
		warn_about_file(r->file, "line %d: unterminated %c quote", r->lineno, quote);
		return true;
	}
	if (too_long) {
		warn_about_file(r->file, "line %d: value longer than %d bytes; ignored", r->lineno, OS_VALUE_MAX);
		return false;
	}
	return true;
}

static int key_by_name(const char *name, size_t n)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strlen(os_key_names[k]) == n && memcmp(os_key_names[k], name, n) == 0)
			return k;
	return -1;
}

/* Parse one "KEY=value" line into values[] (later lines win); false if it is not one. */
static bool read_assignment(struct os_line_reader *r, const char *values[K_COUNT], struct strbuf *sb)
{
	const char *key = r->p;
	size_t key_len = 0;
	int k;

	while (r->p < r->end && is_key_char(*r->p, key_len == 0)) {
		r->p++;
		key_len++;
	}
	skip_blanks(r);
	if (key_len == 0 || r->p >= r->end || *r->p != '=') {
		warn_about_file(r->file, "line %d: not a KEY=value assignment; ignored", r->lineno);
		return false;
	}
	r->p++;
	skip_blanks(r);
	strbuf_reset(sb);
	if (!read_quoted_value(r, sb))
		return true;
	skip_blanks(r);
	if (!at_line_end(r))
		warn_about_file(r->file, "line %d: text after the value ignored", r->lineno);
	k = key_by_name(key, key_len);
	if (k >= 0)
		values[k] = sb->len ? inventory_strndup(r->file->inv, sb->buf, sb->len) : NULL;
	return true;
}

/* Fill values[] from an os-release file; false when it assigns nothing. */
static bool parse_os_release(struct os_file *f, const char *values[K_COUNT])
{
	struct os_line_reader r = { f, f->data, f->data + f->len, 1 };
	struct strbuf sb = STRBUF_INIT;
	bool any = false;

	for (int k = 0; k < K_COUNT; k++)
		values[k] = NULL;
	while (r.p < r.end) {
		skip_blanks(&r);
		if (!at_line_end(&r)) {
			if (r.end - r.p > 6 && memcmp(r.p, "export", 6) == 0 && is_blank(r.p[6])) {
				r.p += 6;
				skip_blanks(&r);
			}
			if (read_assignment(&r, values, &sb))
				any = true;
		}
		skip_rest_of_line(&r);
	}
	strbuf_release(&sb);
	return any;
}

/* "12 (bookworm)" -> "bookworm"; Ubuntu's "14.04, Trusty Tahr" -> "trusty". */
static const char *codename_from_version(struct inventory *inv, const char *id, const char *version)
{
	const char *start, *p;
	char *out;
	size_t n = 0;

	if (!version || !id || (strcmp(id, "debian") != 0 && strcmp(id, "ubuntu") != 0))
		return NULL;
	if ((p = strchr(version, '(')))
		start = p + 1;
	else if ((p = strstr(version, ", ")))
		start = p + 2;
	else
		return NULL;
	while (start[n] && isalnum((unsigned char)start[n]))
		n++;
	if (n == 0)
		return NULL;
	out = inventory_strndup(inv, start, n);
	for (char *c = out; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return out;
}

static const char *debian_version_of_codename(const char *codename)
{
	if (!codename)
		return NULL;
	for (size_t i = 0; i < VG_ARRAY_LEN(debian_releases); i++)
		if (strcmp(debian_releases[i].codename, codename) == 0)
			return debian_releases[i].version;
	return NULL;
}

static bool is_release_word(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("./+~_-", s[i]))
			return false;
	return true;
}

/*
 * Use the text of /etc/debian_version ("11.11", "bookworm/sid", "trixie")
 * to fill the version (major number only: "11.11" -> "11") and codename
 * where they are still unset. False when the text is not of that form.
 */
static bool apply_debian_version_text(struct inventory *inv, const char *text)
{
	struct os_info *os = &inv->os;

	if (!text || !is_release_word(text))
		return false;
	if (isdigit((unsigned char)text[0])) {
		if (!os->version_id)
			os->version_id = inventory_strndup(inv, text, strcspn(text, "."));
	} else if (!os->version_codename) {
		os->version_codename = inventory_strndup(inv, text, strcspn(text, "/"));
	}
	if (!os->version_id)
		os->version_id = debian_version_of_codename(os->version_codename);
	return true;
}

/* Debian testing/sid's os-release has no VERSION_ID: complete it. */
static void complete_debian_version(vfs_read_fn read, void *ctx, struct inventory *inv)
{
	struct os_file f;
	const char *pretty = inv->os.pretty_name, *last_word;

	if (open_release_file(read, ctx, inv, "etc/debian_version", &f) &&
	    apply_debian_version_text(inv, first_line_of(&f)))
		return;
	if (!inv->os.version_id)
		inv->os.version_id = debian_version_of_codename(inv->os.version_codename);
	/* No debian_version: "Debian GNU/Linux wheezy/sid" names it too. */
	if (!inv->os.version_id && pretty && (last_word = strrchr(pretty, ' ')) && strchr(last_word, '/'))
		apply_debian_version_text(inv, last_word + 1);
}

static void complete_alpine_version(vfs_read_fn read, void *ctx, struct inventory *inv)
{
	struct os_file f;
	const char *version;

	if (open_release_file(read, ctx, inv, "etc/alpine-release", &f) &&
	    (version = first_line_of(&f)) && is_release_word(version))
		inv->os.version_id = version;
}

static void fill_from_os_release(struct inventory *inv, const char *values[K_COUNT], const char *path)
{
	struct os_info *os = &inv->os;

	os->detected = true;
	os->id = values[K_ID] ? values[K_ID] : "linux"; /* os-release(5) default */
	os->version_id = values[K_VERSION_ID];
	os->name = values[K_NAME];
	os->pretty_name = values[K_PRETTY_NAME];
	os->id_like = values[K_ID_LIKE];
	os->version_codename = values[K_VERSION_CODENAME];
	if (!os->version_codename)
		os->version_codename = values[K_UBUNTU_CODENAME];
	if (!os->version_codename)
		os->version_codename = codename_from_version(inv, os->id, values[K_VERSION]);
	os->source_file = arena_printf(&inv->arena, "/%s", path);
}

static bool detect_from_alpine_release(vfs_read_fn read, void *ctx, struct inventory *inv)
{
	struct os_file f;
	const char *version;

	if (!open_release_file(read, ctx, inv, "etc/alpine-release", &f))
		return false;
	if (!(version = first_line_of(&f)) || !is_release_word(version)) {
		warn_about_file(&f, "not an Alpine version; ignored");
		return false;
	}
	inv->os.detected = true;
	inv->os.id = "alpine";
	inv->os.version_id = version;
	inv->os.source_file = "/etc/alpine-release";
	return true;
}

static bool detect_from_debian_version(vfs_read_fn read, void *ctx, struct inventory *inv)
{
	struct os_file f;

	if (!open_release_file(read, ctx, inv, "etc/debian_version", &f))
		return false;
	if (!apply_debian_version_text(inv, first_line_of(&f))) {
		warn_about_file(&f, "not a Debian version; ignored");
		inv->os.version_id = inv->os.version_codename = NULL;
		return false;
	}
	inv->os.detected = true;
	inv->os.id = "debian";
	inv->os.source_file = "/etc/debian_version";
	return true;
}

/* The os-release ID for a product name: known names, else its first word in lowercase. */
static const char *rpm_distro_id(struct inventory *inv, const char *name)
{
	char *id;

	for (size_t i = 0; i < VG_ARRAY_LEN(rpm_distros); i++)
		if (strncasecmp(name, rpm_distros[i].name, strlen(rpm_distros[i].name)) == 0)
			return rpm_distros[i].id;
	id = inventory_strndup(inv, name, strcspn(name, " "));
	for (char *c = id; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return id;
}

/* "AlmaLinux release 9.2 (Turquoise Kodkod)" -> almalinux, 9.2, Turquoise Kodkod. */
static bool parse_rpm_release_line(struct inventory *inv, const char *line)
{
	const char *release = line ? strstr(line, " release ") : NULL;
	const char *version, *paren, *close;
	size_t version_len;

	if (!release || release == line)
		return false;
	version = release + strlen(" release ");
	version_len = strcspn(version, " \t");
	if (!isdigit((unsigned char)version[0]))
		return false;
	inv->os.name = inventory_strndup(inv, line, (size_t)(release - line));
	inv->os.id = rpm_distro_id(inv, inv->os.name);
	inv->os.version_id = inventory_strndup(inv, version, version_len);
	inv->os.pretty_name = line;
	paren = strchr(version + version_len, '(');
	close = paren ? strchr(paren, ')') : NULL;
	if (close && close > paren + 1)
		inv->os.version_codename = inventory_strndup(inv, paren + 1, (size_t)(close - paren - 1));
	return true;
}

static bool detect_from_rpm_release(vfs_read_fn read, void *ctx, struct inventory *inv, const char *path)
{
	struct os_file f;

	if (!open_release_file(read, ctx, inv, path, &f))
		return false;
	if (!parse_rpm_release_line(inv, first_line_of(&f))) {
		warn_about_file(&f, "not of the form '<name> release <version> (<codename>)'; ignored");
		memset(&inv->os, 0, sizeof(inv->os));
		return false;
	}
	inv->os.detected = true;
	inv->os.source_file = arena_printf(&inv->arena, "/%s", path);
	return true;
}

static bool detect_from_release_files(vfs_read_fn read, void *ctx, struct inventory *inv)
{
	if (detect_from_alpine_release(read, ctx, inv) || detect_from_debian_version(read, ctx, inv))
		return true;
	for (size_t i = 0; i < VG_ARRAY_LEN(rpm_release_files); i++)
		if (detect_from_rpm_release(read, ctx, inv, rpm_release_files[i]))
			return true;
	return false;
}

bool os_wants(const char *path)
{
	static const char *const others[] = { "etc/alpine-release", "etc/debian_version" };

	for (size_t i = 0; i < VG_ARRAY_LEN(os_release_files); i++)
		if (strcmp(path, os_release_files[i]) == 0)
			return true;
	for (size_t i = 0; i < VG_ARRAY_LEN(others); i++)
		if (strcmp(path, others[i]) == 0)
			return true;
	for (size_t i = 0; i < VG_ARRAY_LEN(rpm_release_files); i++)
		if (strcmp(path, rpm_release_files[i]) == 0)
			return true;
	return false;
}

void os_detect(vfs_read_fn read, void *ctx, struct inventory *inv)
{
	const char *values[K_COUNT];
	const char *found = NULL;
	struct os_file f;

	memset(&inv->os, 0, sizeof(inv->os));
	for (size_t i = 0; i < VG_ARRAY_LEN(os_release_files) && !found; i++)
		if (open_release_file(read, ctx, inv, os_release_files[i], &f) && parse_os_release(&f, values))
			found = os_release_files[i];

	/* An os-release without ID says less than a distribution's release file. */
	if (found && !values[K_ID] && detect_from_release_files(read, ctx, inv))
		return;
	if (!found) {
		detect_from_release_files(read, ctx, inv);
		return;
	}
	fill_from_os_release(inv, values, found);
	if (!inv->os.version_id && strcmp(inv->os.id, "debian") == 0)
		complete_debian_version(read, ctx, inv);
	if (!inv->os.version_id && strcmp(inv->os.id, "alpine") == 0)
		complete_alpine_version(read, ctx, inv);
}
