/* jar.c - the "jar" analyzer: Maven packages in Java archives (jar, war,
 * ear, par, sar, and Jenkins' jpi/hpi), read from memory with libarchive's
 * zip reader during the layer walk.
 *
 * In each archive: every META-INF/maven/<group>/<artifact>/pom.properties is
 * a package (a jar that shades its dependencies lists all of them, as Trivy
 * does); when there is none, the main section of META-INF/MANIFEST.MF makes
 * one package if it yields a group, an artifact and a version (group:
 * Implementation-Vendor-Id, else Bundle-SymbolicName up to its last dot;
 * artifact: the first of Implementation-Title, Specification-Title and
 * Bundle-Name that is one word, else the symbolic name's last part; version:
 * Implementation-Version, Bundle-Version, Specification-Version; the order
 * Trivy uses, minus its titles with spaces in them); failing that, a file name "<artifact>-<version>.jar"
 * makes one whose name is the artifact alone (no group is known). Archives
 * inside (BOOT-INF/lib/x.jar, WEB-INF/lib/x.jar, ...) are read the same way
 * down to two levels below the file; deeper ones are left unread.
 *
 * Bounds: a nested archive is read only up to 64 MiB inflated, a
 * pom.properties or manifest up to 1 MiB; for one file at most 1 GiB is
 * inflated in all and 4096 packages kept; a zip declaring more than 2^20
 * entries is refused. Hitting a bound stops that part with a warning.
 *
 * Summary lines (tab-separated):
 *   maven <group> <artifact> <version> <inner>   inner: "-" for the file
 *       itself, else the path inside it ("BOOT-INF/lib/x.jar", and
 *       "BOOT-INF/lib/x.jar!lib/y.jar" one level deeper); group may be empty
 *   warn <text>
 * parse makes PKG_MAVEN packages named "group:artifact" (or "artifact"),
 * found_in "/" + path and found_in_inner the inner path (NULL for "-"). */
#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <strings.h>

#include "analyzer.h"
#include "../core/lines.h"
#include "../core/strbuf.h"
#include "stanza.h"

#define JAR_FILE_MAX (512ull << 20)
#define JAR_DEPTH_MAX 2
#define JAR_INNER_MAX ((size_t)64 << 20)
#define JAR_META_MAX ((size_t)1 << 20)
#define JAR_INFLATED_MAX ((uint64_t)1 << 30)
#define JAR_PACKAGES_MAX 4096
#define JAR_ENTRIES_MAX ((uint64_t)1 << 20)
#define JAR_WORD_MAX 256
#define JAR_INNER_PATH_MAX 4096
#define JAR_WARN_MAX 32
#define JAR_READ_CHUNK ((size_t)64 << 10)
#define POM_PREFIX "META-INF/maven/"
#define POM_NAME "pom.properties"

static const char *const jar_extensions[] = { ".jar", ".war", ".ear", ".par", ".sar", ".jpi", ".hpi" };

/* What one outer file has produced so far. */
struct jar_scan {
	struct strbuf out; /* the summary */
	uint64_t inflated;
	size_t packages;
	int warnings;
	bool full;     /* a bound on the whole file was hit: read nothing more */
	bool too_deep; /* archives nested deeper than JAR_DEPTH_MAX were left unread */
};

/* One archive, the file itself or one inside it. */
struct jar {
	struct jar_scan *scan;
	const char *inner;     /* "-" for the file itself */
	const char *file_name; /* its base name, for the file-name fallback */
	int depth;
	size_t pom_packages;   /* packages from its own pom.properties files */
	char *manifest;        /* META-INF/MANIFEST.MF, NULL if absent */
	size_t manifest_len;
};

/* A string inside some buffer. */
struct str {
	const char *s;
	size_t n;
};

static bool jar_wants(const char *path)
{
	VG_UNUSED(path);
	return false;
}

static bool has_jar_extension(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < VG_ARRAY_LEN(jar_extensions); i++)
		if (n > 4 && strcasecmp(name + n - 4, jar_extensions[i]) == 0)
			return true;
	return false;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool jar_probe(const char *path, uint64_t size, uint32_t mode)
{
	VG_UNUSED(mode);
	return size > 0 && size <= JAR_FILE_MAX && has_jar_extension(base_name(path));
}

static bool is_word(struct str v)
{
	return v.n <= JAR_WORD_MAX && is_single_word(v.s, v.n);
}

static bool is_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* ---- the summary ---- */

static void scan_warn(struct jar_scan *s, const char *fmt, ...) VG_PRINTF(2, 3);
static void scan_warn(struct jar_scan *s, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (s->warnings++ >= JAR_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	strbuf_addf(&s->out, "warn\t%s\n", msg);
}

/* Add a package line when group (may be empty), artifact and version are usable. */
static bool emit(struct jar *j, struct str group, struct str artifact, struct str version)
{
	struct jar_scan *s = j->scan;

	if ((group.n && !is_word(group)) || !is_word(artifact) || !is_word(version) ||
	    memmem(version.s, version.n, "${", 2))
		return false;
	if (s->packages >= JAR_PACKAGES_MAX) {
		if (!s->full)
			scan_warn(s, "more than %d packages; the rest not read", JAR_PACKAGES_MAX);
		s->full = true;
		return false;
	}
	s->packages++;
	strbuf_addf(&s->out, "maven\t%.*s\t%.*s\t%.*s\t%s\n", (int)group.n, group.s, (int)artifact.n, artifact.s,
		    (int)version.n, version.s, j->inner);
	return true;
}

/* ---- pom.properties ---- */

static bool is_property_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A code point below 0x10000 as UTF-8. */
static void add_utf8(struct strbuf *sb, unsigned code)
{
	if (code < 0x80) {
		strbuf_addch(sb, (char)code);
	} else if (code < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | code >> 6));
		strbuf_addch(sb, (char)(0x80 | (code & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xe0 | code >> 12));
		strbuf_addch(sb, (char)(0x80 | ((code >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (code & 0x3f)));
	}
}

/* Append one Java properties escape (what follows the backslash) to sb; returns the bytes used. */
static size_t unescape(struct strbuf *sb, const char *s, size_t n)
{
	static const char from[] = "tnrf", to[] = "\t\n\r\f";
	unsigned code = 0;
	const char *c;

	if (n == 0)
		return 0;
	if (s[0] == 'u' && n >= 5) {
		for (int i = 1; i <= 4 && hex_digit(s[i]) >= 0; i++)
			code = code * 16 + (unsigned)hex_digit(s[i]);
		if (hex_digit(s[1]) >= 0 && hex_digit(s[2]) >= 0 && hex_digit(s[3]) >= 0 && hex_digit(s[4]) >= 0) {
			add_utf8(sb, code);
			return 5;
		}
	}
	c = s[0] ? strchr(from, s[0]) : NULL;
	strbuf_addch(sb, c ? to[c - from] : s[0]);
	return 1;
}

/* The next logical line (continuations joined, escapes kept) into line; false at the end. */
static bool next_logical_line(struct line_cursor *c, struct strbuf *line)
{
	const char *s;
	size_t n;
	bool more = true, first = true;

	strbuf_reset(line);
	while (more) {
		size_t backslashes = 0;

		if (!line_cursor_next(c, &s, &n))
			return !first;
		while (n && is_property_space(*s)) {
			s++;
			n--;
		}
		if (first && (n == 0 || *s == '#' || *s == '!'))
			continue;
		first = false;
		while (backslashes < n && s[n - 1 - backslashes] == '\\')
			backslashes++;
		more = backslashes % 2 == 1;
		strbuf_add(line, s, more ? n - 1 : n);
	}
	return true;
}

/* Copy one character of a key or value to sb, resolving an escape; returns the position after it. */
static const char *take_char(struct strbuf *sb, const char *s, const char *end)
{
	if (*s != '\\') {
		strbuf_addch(sb, *s);
		return s + 1;
	}
	return s + 1 + unescape(sb, s + 1, (size_t)(end - s - 1));
}

/* Split a logical line into its key and value as Java's Properties.load
 * does (the key ends at '=', ':' or a blank); the value is trimmed. */
static void split_property(const struct strbuf *line, struct strbuf *key, struct strbuf *value)
{
	const char *s = line->buf, *end = line->buf + line->len;

	strbuf_reset(key);
	strbuf_reset(value);
	while (s < end && *s != '=' && *s != ':' && !is_property_space(*s))
		s = take_char(key, s, end);
	while (s < end && is_property_space(*s))
		s++;
	if (s < end && (*s == '=' || *s == ':'))
		s++;
	while (s < end && is_property_space(*s))
		s++;
	while (s < end)
		s = take_char(value, s, end);
	while (value->len && is_property_space(value->buf[value->len - 1]))
		value->buf[--value->len] = '\0';
}

static struct str str_of(const struct strbuf *sb)
{
	struct str v = { sb->buf ? sb->buf : "", sb->len };
	return v;
}

/* The path component i (0-based) of name, with name having at least i+1 components. */
static struct str component(const char *name, int i)
{
	struct str v = { name, 0 };

	for (; i > 0; i--)
		v.s = strchr(v.s, '/') + 1;
	v.n = strcspn(v.s, "/");
	return v;
}

/* META-INF/maven/<group>/<artifact>/pom.properties: groupId, artifactId,
 * version; the directory names stand in for a missing group or artifact. */
static void add_pom(struct jar *j, const char *name, const char *text, size_t len)
{
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT, value = STRBUF_INIT;
	struct strbuf group = STRBUF_INIT, artifact = STRBUF_INIT, version = STRBUF_INIT;
	struct line_cursor c = line_cursor_of(text, len);
	struct str g, a;

	while (next_logical_line(&c, &line)) {
		struct strbuf *to = NULL;

		split_property(&line, &key, &value);
		if (key.len && strcmp(key.buf, "groupId") == 0)
			to = &group;
		else if (key.len && strcmp(key.buf, "artifactId") == 0)
			to = &artifact;
		else if (key.len && strcmp(key.buf, "version") == 0)
			to = &version;
		if (to) { /* a repeated key: the last one counts, as for java.util.Properties */
			strbuf_reset(to);
			strbuf_add(to, value.buf ? value.buf : "", value.len);
		}
	}
	g = group.len ? str_of(&group) : component(name, 2);
	a = artifact.len ? str_of(&artifact) : component(name, 3);
	if (emit(j, g, a, str_of(&version)))
		j->pom_packages++;
	strbuf_release(&line);
	strbuf_release(&key);
	strbuf_release(&value);
	strbuf_release(&group);
	strbuf_release(&artifact);
	strbuf_release(&version);
}

/* META-INF/maven/<group>/<artifact>/pom.properties, exactly. */
static bool is_pom_properties(const char *name)
{
	const char *p = name + strlen(POM_PREFIX);
	int slashes = 0;

	if (!str_starts_with(name, POM_PREFIX) || !str_ends_with(name, "/" POM_NAME))
		return false;
	for (; *p; p++)
		if (*p == '/')
			slashes++;
	return slashes == 2 && name[strlen(POM_PREFIX)] != '/' && !strstr(name, "//");
}

/* ---- MANIFEST.MF ---- */

enum manifest_attr {
	M_IMPL_TITLE,
	M_IMPL_VERSION,
	M_IMPL_VENDOR_ID,
	M_SPEC_TITLE,
	M_SPEC_VERSION,
	M_BUNDLE_SYMBOLIC_NAME,
	M_BUNDLE_NAME,
	M_BUNDLE_VERSION,
	M_COUNT,
};

static const char *const manifest_attrs[M_COUNT] = {
	"Implementation-Title", "Implementation-Version", "Implementation-Vendor-Id",
	"Specification-Title", "Specification-Version",
	"Bundle-SymbolicName", "Bundle-Name", "Bundle-Version",
};

static int manifest_attr_of(const char *s, size_t n)
{
	for (int i = 0; i < M_COUNT; i++)
		if (strlen(manifest_attrs[i]) == n && strncasecmp(s, manifest_attrs[i], n) == 0)
			return i;
	return -1;
}

/* The attributes of the main section (up to the first blank line). A value
 * that grows past JAR_WORD_MAX * 4 bytes stops growing: it is unusable anyway. */
static void read_manifest(const char *text, size_t len, struct strbuf *attr)
{
	struct line_cursor c = line_cursor_of(text, len);
	const char *s, *end, *colon;
	size_t n;
	int cur = -1;

	while (line_cursor_next(&c, &s, &n) && n > 0) {
		end = s + n;
		if (s[0] == ' ') { /* a continuation line */
			if (cur >= 0 && attr[cur].len <= JAR_WORD_MAX * 4)
				strbuf_add(&attr[cur], s + 1, n - 1);
			continue;
		}
		cur = -1;
		if (!(colon = memchr(s, ':', n)) || (cur = manifest_attr_of(s, (size_t)(colon - s))) < 0)
			continue;
		if (attr[cur].len) { /* a repeated attribute: the first one counts */
			cur = -1;
			continue;
		}
		for (s = colon + 1; s < end && *s == ' '; s++)
			;
		strbuf_add(&attr[cur], s, (size_t)(end - s));
	}
}

static struct str trimmed(const struct strbuf *sb)
{
	struct str v = str_of(sb);

	trim_blanks(&v.s, &v.n);
	return v;
}

/* The first of the attributes (up to M_COUNT) that is one word. */
static struct str first_word(const struct strbuf *attr, enum manifest_attr a, enum manifest_attr b,
			     enum manifest_attr c)
{
	enum manifest_attr order[3] = { a, b, c };
	struct str v = { "", 0 };

	for (int i = 0; i < 3 && order[i] < M_COUNT; i++) {
		v = trimmed(&attr[order[i]]);
		if (is_word(v))
			return v;
	}
	v.n = 0;
	return v;
}

/* One package from the manifest, if it names group, artifact and version. */
static bool add_manifest_package(struct jar *j)
{
	struct strbuf attr[M_COUNT];
	struct str group, artifact, version, bsn;
	const char *dot;
	bool added;

	for (int i = 0; i < M_COUNT; i++)
		strbuf_init(&attr[i]);
	read_manifest(j->manifest, j->manifest_len, attr);
	bsn = trimmed(&attr[M_BUNDLE_SYMBOLIC_NAME]);
	bsn.n = strcspn(bsn.s, ";");
	trim_blanks(&bsn.s, &bsn.n);
	dot = bsn.n ? memrchr(bsn.s, '.', bsn.n) : NULL;
	group = first_word(attr, M_IMPL_VENDOR_ID, M_COUNT, M_COUNT);
	if (!group.n && dot) {
		group.s = bsn.s;
		group.n = (size_t)(dot - bsn.s);
	}
	artifact = first_word(attr, M_IMPL_TITLE, M_SPEC_TITLE, M_BUNDLE_NAME);
	if (!artifact.n && dot) {
		artifact.s = dot + 1;
		artifact.n = bsn.n - (size_t)(dot + 1 - bsn.s);
	}
	version = first_word(attr, M_IMPL_VERSION, M_BUNDLE_VERSION, M_SPEC_VERSION);
	added = group.n && emit(j, group, artifact, version);
	for (int i = 0; i < M_COUNT; i++)
		strbuf_release(&attr[i]);
	return added;
}

/* ---- file name ---- */

/* "commons-text-1.10.0.jar" -> "commons-text", "1.10.0". The version starts
 * after the last '-' followed by a dotted number ("guava-31.1-jre",
 * "log4j-1.2-api-2.19.0"), else after the last '-' followed by a digit. */
static void add_file_name_package(struct jar *j)
{
	struct str name = { j->file_name, strlen(j->file_name) }, artifact, version;
	const char *dash = NULL;

	if (!has_jar_extension(j->file_name))
		return;
	name.n -= 4;
	for (size_t i = name.n; i-- > 1;) {
		size_t d = i + 1;
		if (name.s[i] != '-' || d >= name.n || name.s[d] < '0' || name.s[d] > '9')
			continue;
		while (d < name.n && name.s[d] >= '0' && name.s[d] <= '9')
			d++;
		if (d < name.n && name.s[d] == '.') {
			dash = name.s + i;
			break;
		}
		if (!dash)
			dash = name.s + i;
	}
	if (!dash)
		return;
	artifact.s = name.s;
	artifact.n = (size_t)(dash - name.s);
	version.s = dash + 1;
	version.n = name.n - artifact.n - 1;
	emit(j, (struct str){ "", 0 }, artifact, version);
}

/* ---- zip ---- */

static uint64_t little_endian(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* The entry count a zip's end-of-central-directory record declares (zip64
 * too); 0 when there is no such record (libarchive then reads it as a stream). */
static uint64_t zip_declared_entries(const unsigned char *d, size_t len)
{
	size_t lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
	uint64_t n, off;

	if (len < 22)
		return 0;
	for (size_t i = len - 22 + 1; i-- > lo;) {
		if (memcmp(d + i, "PK\5\6", 4) != 0)
			continue;
		n = little_endian(d + i + 10, 2);
		if (n == 0xffff && i >= 20 && memcmp(d + i - 20, "PK\6\7", 4) == 0) {
			off = little_endian(d + i - 20 + 8, 8);
			if (len >= 56 && off <= len - 56 && memcmp(d + off, "PK\6\6", 4) == 0)
				n = little_endian(d + off + 32, 8);
		}
		return n;
	}
	return 0;
}

static const char *archive_why(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s ? s : "unknown error";
}

enum read_result { READ_OK, READ_TOO_BIG, READ_FAILED, READ_OVER_TOTAL };

/* The current entry's bytes (NUL-terminated, caller frees), at most max of them. */
static enum read_result read_entry(struct jar_scan *s, struct archive *a, struct archive_entry *e, size_t max,
				   char **out, size_t *len)
{
	int64_t declared = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
	size_t cap, have = 0;
	char *buf;

	if (declared > (int64_t)max)
		return READ_TOO_BIG;
	if (declared > 0 && s->inflated + (uint64_t)declared > JAR_INFLATED_MAX)
		return READ_OVER_TOTAL;
	cap = (declared >= 0 ? (size_t)declared : JAR_READ_CHUNK) + 2;
	buf = xmalloc(cap);
	for (;;) {
		la_ssize_t r;

		if (have + 1 == cap) {
			cap = cap > (max + 2) / 2 ? max + 2 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		r = archive_read_data(a, buf + have, cap - 1 - have);
		if (r == 0)
			break;
		if (r < 0) {
			free(buf);
			return READ_FAILED;
		}
		have += (size_t)r;
		s->inflated += (uint64_t)r;
		if (have > max || s->inflated > JAR_INFLATED_MAX) {
			free(buf);
			return have > max ? READ_TOO_BIG : READ_OVER_TOTAL;
		}
	}
	buf[have] = '\0';
	*out = buf;
	*len = have;
	return READ_OK;
}

static int scan_archive(struct jar *j, const char *data, size_t len, char *why, size_t why_len);

/* The whole file's inflated-bytes bound was hit: say so once, read nothing more. */
static void stop_over_total(struct jar_scan *s)
{
	if (!s->full)
		scan_warn(s, "more than %llu MiB inflated; the rest not read",
			  (unsigned long long)(JAR_INFLATED_MAX >> 20));
	s->full = true;
}

/* Where a member of j is, for messages: "name" or "inner!name". */
static void member_name(const struct jar *j, const char *name, struct strbuf *sb)
{
	if (strcmp(j->inner, "-") != 0)
		strbuf_addf(sb, "%s!", j->inner);
	strbuf_addstr(sb, name);
	for (size_t i = 0; i < sb->len; i++)
		if ((unsigned char)sb->buf[i] < 0x20 || sb->buf[i] == 0x7f)
			sb->buf[i] = '?';
}

/* Read a nested archive into memory and scan it one level deeper. */
static void scan_nested(struct jar *j, struct archive *a, struct archive_entry *e, const char *name)
{
	struct jar_scan *s = j->scan;
	struct jar child = { .scan = s, .depth = j->depth + 1, .file_name = base_name(name) };
	struct strbuf inner = STRBUF_INIT;
	enum read_result rr;
	char why[256], *data;
	size_t len;

	if (child.depth > JAR_DEPTH_MAX) {
		s->too_deep = true;
		return;
	}
	member_name(j, name, &inner);
	child.inner = inner.buf;
	if (inner.len > JAR_INNER_PATH_MAX) {
		scan_warn(s, "%.200s...: path longer than %d bytes; not read", inner.buf, JAR_INNER_PATH_MAX);
		strbuf_release(&inner);
		return;
	}
	rr = read_entry(s, a, e, JAR_INNER_MAX, &data, &len);
	if (rr == READ_TOO_BIG)
		scan_warn(s, "%.200s: larger than %zu MiB inflated; not read", inner.buf, JAR_INNER_MAX >> 20);
	else if (rr == READ_FAILED)
		scan_warn(s, "%.200s: unreadable: %.200s", inner.buf, archive_why(a));
	else if (rr == READ_OVER_TOTAL)
		stop_over_total(s);
	if (rr == READ_OK) {
		if (scan_archive(&child, data, len, why, sizeof(why)) < 0)
			scan_warn(s, "%.200s: %s", inner.buf, why);
		free(data);
	}
	strbuf_release(&inner);
}

/* A small metadata entry (pom.properties, MANIFEST.MF); NULL when unreadable or too large. */
static char *read_small(struct jar *j, struct archive *a, struct archive_entry *e, const char *name, size_t *len)
{
	struct strbuf where = STRBUF_INIT;
	char *data = NULL;
	enum read_result rr = read_entry(j->scan, a, e, JAR_META_MAX, &data, len);

	if (rr != READ_OK)
		member_name(j, name, &where);
	if (rr == READ_TOO_BIG)
		scan_warn(j->scan, "%.200s: larger than %zu MiB; not read", where.buf, JAR_META_MAX >> 20);
	else if (rr == READ_FAILED)
		scan_warn(j->scan, "%.200s: unreadable: %.200s", where.buf, archive_why(a));
	else if (rr == READ_OVER_TOTAL)
		stop_over_total(j->scan);
	strbuf_release(&where);
	return data;
}

static void scan_entry(struct jar *j, struct archive *a, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e);
	char *data;
	size_t len;

	if (!name)
		name = archive_entry_pathname_utf8(e);
	if (!name || archive_entry_filetype(e) != AE_IFREG)
		return;
	if (is_pom_properties(name)) {
		if ((data = read_small(j, a, e, name, &len))) {
			add_pom(j, name, data, len);
			free(data);
		}
	} else if (strcasecmp(name, "META-INF/MANIFEST.MF") == 0) {
		if (!j->manifest)
			j->manifest = read_small(j, a, e, name, &j->manifest_len);
	} else if (has_jar_extension(name)) {
		scan_nested(j, a, e, name);
	}
}

/* Scan one archive; -1 with why filled when it is not a readable zip. */
static int scan_archive(struct jar *j, const char *data, size_t len, char *why, size_t why_len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint64_t declared = zip_declared_entries((const unsigned char *)data, len);
	size_t entries = 0;
	int rc = ARCHIVE_OK;

	archive_read_support_format_zip(a);
	if (declared > JAR_ENTRIES_MAX) {
		snprintf(why, why_len, "zip declares %llu entries, more than %llu", (unsigned long long)declared,
			 (unsigned long long)JAR_ENTRIES_MAX);
		archive_read_free(a);
		return -1;
	}
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		snprintf(why, why_len, "not a readable zip archive: %s", archive_why(a));
		archive_read_free(a);
		return -1;
	}
	while (!j->scan->full && ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN)) {
		entries++;
		scan_entry(j, a, e);
	}
	if (rc != ARCHIVE_EOF && !j->scan->full && entries == 0) {
		snprintf(why, why_len, "not a readable zip archive: %s",
			 archive_why(a));
		archive_read_free(a);
		free(j->manifest);
		return -1;
	}
	if (rc != ARCHIVE_EOF && !j->scan->full)
		scan_warn(j->scan, "%.200s%szip archive damaged after %zu entries: %.200s",
			  strcmp(j->inner, "-") ? j->inner : "", strcmp(j->inner, "-") ? ": " : "", entries,
			  archive_why(a));
	archive_read_free(a);
	if (!j->pom_packages && !(j->manifest && add_manifest_package(j)))
		add_file_name_package(j);
	free(j->manifest);
	j->manifest = NULL;
	return 0;
}

static char *jar_extract(const char *path, const char *data, size_t len, size_t *out_len, char *why, size_t why_len)
{
	struct jar_scan s = { .out = STRBUF_INIT };
	struct jar j = { .scan = &s, .inner = "-", .file_name = base_name(path) };
	char msg[256];

	if (scan_archive(&j, data, len, msg, sizeof(msg)) < 0) {
		if (why && why_len)
			snprintf(why, why_len, "%s", msg);
		strbuf_release(&s.out);
		return NULL;
	}
	if (s.too_deep)
		scan_warn(&s, "archives nested more than %d levels deep were not read", JAR_DEPTH_MAX);
	if (s.out.len == 0) {
		strbuf_release(&s.out);
		return NULL;
	}
	return strbuf_detach(&s.out, out_len);
}

/* ---- parse ---- */

static int split_tabs(const char *s, size_t n, struct str *f, int max)
{
	int nf = 0;

	while (nf < max) {
		const char *tab = memchr(s, '\t', n);
		size_t k = tab ? (size_t)(tab - s) : n;
		f[nf].s = s;
		f[nf++].n = k;
		if (!tab)
			return nf;
		s += k + 1;
		n -= k + 1;
	}
	return nf + 1;
}

static bool summary_line_ok(const struct str *f, int nf)
{
	if (f[0].n == 4 && memcmp(f[0].s, "warn", 4) == 0)
		return nf == 2 && f[1].n > 0 && is_text(f[1].s, f[1].n);
	return nf == 5 && f[0].n == 5 && memcmp(f[0].s, "maven", 5) == 0 && (f[1].n == 0 || is_word(f[1])) &&
	       is_word(f[2]) && is_word(f[3]) && f[4].n > 0 && f[4].n <= JAR_INNER_PATH_MAX && is_text(f[4].s, f[4].n);
}

/* Two passes: every line is checked first, so a bad summary adds nothing. */
static int jar_parse(const char *path, const char *data, size_t len, struct inventory *out, struct vg_err *err)
{
	struct line_cursor c = line_cursor_of(data, len);
	const char *line, *found_in;
	struct str f[6];
	size_t n;
	int warnings = 0;

	while (line_cursor_next(&c, &line, &n))
		if (!summary_line_ok(f, split_tabs(line, n, f, 5)))
			return vg_err_set(err, VG_EFORMAT, "%s: line %d: not a jar analyzer summary line", path,
					  c.lineno);
	found_in = arena_printf(&out->arena, "/%s", path);
	c = line_cursor_of(data, len);
	while (line_cursor_next(&c, &line, &n)) {
		struct package *p;

		split_tabs(line, n, f, 5);
		if (f[0].s[0] == 'w') {
			warn_capped(out, path, &warnings, JAR_WARN_MAX, "%s: %.*s", path, (int)f[1].n, f[1].s);
			continue;
		}
		p = inventory_new_package(out, PKG_MAVEN);
		p->name = f[1].n ? arena_printf(&out->arena, "%.*s:%.*s", (int)f[1].n, f[1].s, (int)f[2].n, f[2].s)
				 : inventory_strndup(out, f[2].s, f[2].n);
		p->version = inventory_strndup(out, f[3].s, f[3].n);
		p->found_in = found_in;
		if (!(f[4].n == 1 && f[4].s[0] == '-'))
			p->found_in_inner = inventory_strndup(out, f[4].s, f[4].n);
	}
	return 0;
}

const struct analyzer analyzer_jar = {
	.name = "jar",
	.wants = jar_wants,
	.parse = jar_parse,
	.probe = jar_probe,
	.magic = "PK\x03\x04",
	.magic_len = 4,
	.extract = jar_extract,
};
