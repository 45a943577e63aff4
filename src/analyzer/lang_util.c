/* lang_util.c - helpers shared by the language-package analyzers (see lang.h).
 * Nothing here keeps state; returned strings live in the inventory's arena. */
#include "../core/lines.h"
#include "lang.h"

bool lang_path_component(const char *path, int n, const char **s, size_t *len)
{
	const char *end = path + strlen(path);

	for (;;) {
		const char *start = end;

		while (start > path && start[-1] != '/')
			start--;
		if (n-- == 0) {
			*s = start;
			*len = (size_t)(end - start);
			return true;
		}
		if (start == path)
			return false;
		end = start - 1;
	}
}

bool lang_component_is(const char *path, int n, const char *name)
{
	const char *s;
	size_t len;

	return lang_path_component(path, n, &s, &len) && len == strlen(name) && memcmp(s, name, len) == 0;
}

bool lang_path_has_component(const char *path, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = path; (p = strstr(p, name)); p++)
		if ((p == path || p[-1] == '/') && (p[n] == '\0' || p[n] == '/'))
			return true;
	return false;
}

bool lang_is_word(const char *s, size_t n)
{
	return n <= LANG_WORD_MAX && is_single_word(s, n);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const char *lang_text(struct inventory *inv, const char *s, size_t n)
{
	char buf[LANG_TEXT_MAX];
	size_t out = 0;
	bool pending_space = false;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_space((char)c)) {
			pending_space = out > 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return NULL;
		if (out + (pending_space ? 2 : 1) > sizeof(buf))
			return NULL;
		if (pending_space)
			buf[out++] = ' ';
		pending_space = false;
		buf[out++] = (char)c;
	}
	return out ? inventory_strndup(inv, buf, out) : NULL;
}

void lang_join(struct strbuf *sb, const char *sep, const char *s)
{
	if (!s || !*s)
		return;
	if (sb->len)
		strbuf_addstr(sb, sep);
	strbuf_addstr(sb, s);
}

const char *lang_join_finish(struct inventory *inv, struct strbuf *sb)
{
	const char *r = sb->len ? lang_text(inv, sb->buf, sb->len) : NULL;

	strbuf_release(sb);
	return r;
}

json_t *lang_json_load(const char *path, const char *data, size_t len, struct vg_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(data, len, 0, &je);

	if (!j)
		vg_err_set(err, VG_EFORMAT, "%s: line %d: malformed JSON: %s", path, je.line, je.text);
	return j;
}

/* The text of a JSON string, or of obj[key] for an object; else NULL. */
static const char *string_or_field(const json_t *v, const char *key)
{
	if (json_is_object(v))
		v = json_object_get(v, key);
	return json_string_value(v);
}

static const char *json_list(struct inventory *inv, const json_t *v, const char *key, const char *alt_key,
			     const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	const json_t *e;
	size_t i;

	if (!json_is_array(v)) {
		const char *s = string_or_field(v, key);

		if (!s && alt_key)
			s = string_or_field(v, alt_key);
		return s ? lang_text(inv, s, strlen(s)) : NULL;
	}
	json_array_foreach(v, i, e) {
		const char *s = string_or_field(e, key);

		if (!s && alt_key)
			s = string_or_field(e, alt_key);
		if (s && sb.len + strlen(s) <= LANG_TEXT_MAX)
			lang_join(&sb, sep, s);
	}
	return lang_join_finish(inv, &sb);
}

const char *lang_json_license(struct inventory *inv, const json_t *v)
{
	return json_list(inv, v, "type", "name", " OR ");
}

const char *lang_json_person(struct inventory *inv, const json_t *v)
{
	return json_list(inv, v, "name", NULL, ", ");
}
