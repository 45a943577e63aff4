/* feedutil.c - reading feed files under the FEED_MAX_* caps (whole JSON
 * documents, JSON Lines, one top-level member at a time) and the id, name and
 * version checks every reader applies. Returned JSON belongs to the caller. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/fileio.h"
#include "../core/strbuf.h"
#include "feedutil.h"

#define JSONL_CHUNK (1u << 20)

/* ---- whole documents ---- */

static int fail_json(const char *path, const json_error_t *je, struct vg_err *err)
{
	return vg_err_set(err, VG_EFORMAT, "%s: invalid JSON at line %d column %d: %s", path, je->line,
			  je->column, je->text);
}

int feed_load_json(const char *path, json_t **out, struct vg_err *err)
{
	char *buf;
	size_t len;
	json_error_t je;
	json_t *j;

	if (read_file_capped(path, FEED_MAX_FILE, &buf, &len, err) != 0)
		return -1;
	j = json_loadb(buf, len, 0, &je);
	free(buf);
	if (!j)
		return fail_json(path, &je, err);
	*out = j;
	return 0;
}

/* ---- JSON Lines ---- */

struct jsonl_state {
	struct strbuf line;
	size_t lineno;
	bool too_long;
	int (*fn)(json_t *, size_t, void *);
	void *ctx;
	struct dbw *w;
};

static bool bytes_are_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* One complete line is in st->line: parse it and hand it on. */
static int finish_line(struct jsonl_state *st, struct vg_err *err)
{
	json_error_t je;
	json_t *rec;
	int rc = 0;

	st->lineno++;
	if (st->too_long) {
		dbw_skip_record(st->w, "line %zu: longer than the %u byte limit", st->lineno, FEED_MAX_RECORD);
	} else if (!bytes_are_blank(st->line.buf, st->line.len)) {
		rec = json_loadb(st->line.buf, st->line.len, 0, &je);
		if (!rec) {
			dbw_skip_record(st->w, "line %zu: invalid JSON at column %d: %s", st->lineno, je.column,
					je.text);
		} else {
			rc = st->fn(rec, st->lineno, st->ctx);
			json_decref(rec);
		}
	}
	strbuf_reset(&st->line);
	st->too_long = false;
	return rc;
}

/* Append part of a line, remembering (without keeping) anything over the cap. */
static void add_to_line(struct jsonl_state *st, const char *p, size_t n)
{
	if (st->too_long)
		return;
	if (st->line.len + n > FEED_MAX_RECORD) {
		st->too_long = true;
		strbuf_reset(&st->line);
		return;
	}
	strbuf_add(&st->line, p, n);
}

static int split_chunk_into_lines(struct jsonl_state *st, const char *buf, size_t n, struct vg_err *err)
{
	const char *p = buf, *end = buf + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			add_to_line(st, p, (size_t)(end - p));
			return 0;
		}
		add_to_line(st, p, (size_t)(nl - p));
		if (finish_line(st, err) != 0)
			return -1;
		p = nl + 1;
	}
	return 0;
}

int feed_each_jsonl(const char *path, int (*fn)(json_t *rec, size_t line, void *ctx), void *ctx,
		    struct dbw *w, struct vg_err *err)
{
	struct jsonl_state st = { STRBUF_INIT, 0, false, fn, ctx, w };
	struct stat sb;
	char *chunk;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return vg_err_set(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		return vg_err_set(err, VG_EFORMAT, "%s: is a directory", path);
	}
	chunk = xmalloc(JSONL_CHUNK);
	strbuf_init(&st.line);
	for (;;) {
		ssize_t r = read(fd, chunk, JSONL_CHUNK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
			break;
		}
		if (r == 0) {
			if (st.line.len || st.too_long)
				rc = finish_line(&st, err);
			break;
		}
		if (split_chunk_into_lines(&st, chunk, (size_t)r, err) != 0) {
			rc = -1;
			break;
		}
	}
	close(fd);
	free(chunk);
	strbuf_release(&st.line);
	return rc;
}

/* ---- one top-level member at a time ---- */

static const char *skip_json_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* p is at '"': the byte after the closing quote, or NULL at the end of input. */
static const char *json_string_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* p is at the first byte of a value: the byte after it, or NULL when the
 * value runs to the end of input. Only brackets and strings are tracked;
 * jansson checks everything else when the value is parsed. */
static const char *json_value_end(const char *p, const char *end)
{
	size_t depth = 0;

	if (p < end && *p == '"')
		return json_string_end(p, end);
	if (p < end && *p != '{' && *p != '[') {
		while (p < end && !strchr(",}] \t\r\n", *p))
			p++;
		return p;
	}
	while (p < end) {
		switch (*p) {
		case '"':
			p = json_string_end(p, end);
			if (!p)
				return NULL;
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth == 0)
				return p + 1;
			break;
		}
		p++;
	}
	return NULL;
}

struct member_walk {
	const char *path, *base, *end;
	struct dbw *w;
	int (*fn)(const char *, json_t *, void *);
	void *ctx;
	size_t index;
};

static int fail_outer(const struct member_walk *mw, const char *at, const char *what, struct vg_err *err)
{
	return vg_err_set(err, VG_EFORMAT, "%s: byte %zu: %s", mw->path, (size_t)(at - mw->base), what);
}

/* Decode one member (key text at k..kend, value text at v..vend) and hand it on. */
static int hand_member_on(struct member_walk *mw, const char *k, const char *kend, const char *v,
			  const char *vend)
{
	json_error_t je;
	json_t *key = json_loadb(k, (size_t)(kend - k), JSON_DECODE_ANY, &je), *val;
	int rc = 0;

	if (!key || !json_is_string(key)) {
		dbw_skip_record(mw->w, "member %zu: invalid key", mw->index);
		json_decref(key);
		return 0;
	}
	val = json_loadb(v, (size_t)(vend - v), JSON_DECODE_ANY, &je);
	if (!val)
		dbw_skip_record(mw->w, "member %zu (%s): invalid JSON at byte %zu: %s", mw->index,
				json_string_value(key), (size_t)(v - mw->base) + (size_t)je.position, je.text);
	else
		rc = mw->fn(json_string_value(key), val, mw->ctx);
	json_decref(val);
	json_decref(key);
	return rc;
}

static int walk_members(struct member_walk *mw, struct vg_err *err)
{
	const char *p = skip_json_ws(mw->base, mw->end), *k, *kend, *v, *vend;

	if (p == mw->end)
		return fail_outer(mw, p, "empty file, expected a JSON object", err);
	if (*p != '{')
		return fail_outer(mw, p, "expected a JSON object", err);
	p = skip_json_ws(p + 1, mw->end);
	if (p < mw->end && *p == '}')
		goto done;
	for (;;) {
		mw->index++;
		k = p;
		if (p == mw->end || *p != '"' || !(kend = json_string_end(p, mw->end)))
			return fail_outer(mw, p, "expected a member name", err);
		p = skip_json_ws(kend, mw->end);
		if (p == mw->end || *p != ':')
			return fail_outer(mw, p, "expected ':'", err);
		v = skip_json_ws(p + 1, mw->end);
		vend = v < mw->end ? json_value_end(v, mw->end) : NULL;
		if (!vend || vend == v)
			return fail_outer(mw, v, "truncated member value", err);
		if (hand_member_on(mw, k, kend, v, vend) != 0)
			return -1;
		p = skip_json_ws(vend, mw->end);
		if (p < mw->end && *p == ',') {
			p = skip_json_ws(p + 1, mw->end);
			continue;
		}
		if (p < mw->end && *p == '}')
			break;
		return fail_outer(mw, p, "expected ',' or '}'", err);
	}
done:
	p = skip_json_ws(p + 1, mw->end);
	if (p != mw->end)
		return fail_outer(mw, p, "data after the JSON object", err);
	return 0;
}

int feed_each_member(const char *path, int (*fn)(const char *key, json_t *value, void *ctx), void *ctx,
		     struct dbw *w, struct vg_err *err)
{
	struct member_walk mw = { path, NULL, NULL, w, fn, ctx, 0 };
	char *buf;
	size_t len;
	int rc;

	if (read_file_capped(path, FEED_MAX_FILE, &buf, &len, err) != 0)
		return -1;
	mw.base = buf;
	mw.end = buf + len;
	rc = walk_members(&mw, err);
	free(buf);
	return rc;
}

/* ---- detect() helpers ---- */

char feed_head_first_byte(const char *head, size_t n)
{
	const char *p = skip_json_ws(head, head + n);
	return p < head + n ? *p : '\0';
}

bool feed_head_has(const char *head, size_t n, const char *needle)
{
	return memmem(head, n, needle, strlen(needle)) != NULL;
}

/* ---- JSON getters and checks ---- */

const char *feed_json_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

bool feed_is_word(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > FEED_MAX_WORD)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static size_t count_digits(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

bool feed_is_cve_id(const char *s)
{
	size_t n;

	if (!s || strncmp(s, "CVE-", 4) != 0 || count_digits(s + 4) != 4 || s[8] != '-')
		return false;
	n = count_digits(s + 9);
	return n >= 4 && n <= 19 && s[9 + n] == '\0';
}

static bool is_id_separator(char c)
{
	return c == '-' || c == '_' || c == ':' || c == '.';
}

/* The id's first group (letters before the first separator) is "CVE" in any case. */
static bool looks_like_cve(const char *s)
{
	return strncasecmp(s, "CVE", 3) == 0 && (s[3] == '\0' || is_id_separator(s[3]) || s[3] == ' ');
}

/* PREFIX-xxxx-xxxx-xxxx with lower-case letters and digits (GHSA, CGA): such
 * ids may hold no digit at all. */
static bool is_three_quad_id(const char *s)
{
	const char *p = strchr(s, '-');

	if (!p)
		return false;
	for (int g = 0; g < 3; g++, p += 5) {
		if (*p != '-')
			return false;
		for (int i = 1; i <= 4; i++)
			if (!islower((unsigned char)p[i]) && !isdigit((unsigned char)p[i]))
				return false;
	}
	return *p == '\0';
}

bool feed_is_vuln_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	bool digit = false;

	if (n < 3 || n > 64 || !isalpha((unsigned char)s[0]))
		return false;
	if (looks_like_cve(s))
		return feed_is_cve_id(s);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			digit = true;
		else if (is_id_separator((char)c)) {
			if (i + 1 == n || is_id_separator(s[i + 1]))
				return false;
		} else if (!(c < 0x80 && isalnum(c)))
			return false;
	}
	return digit || is_three_quad_id(s);
}

bool feed_optional_text(json_t *obj, const char *key, size_t max, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || json_string_length(v) > max || strlen(json_string_value(v)) != json_string_length(v))
		return false;
	*out = json_string_value(v);
	return true;
}
