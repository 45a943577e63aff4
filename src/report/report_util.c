/* report_util.c - helpers shared by the reporters: document time, the
 * reproducible document UUID, UTF-8 clean-up and jansson wrappers.
 * Strings returned through out-parameters belong to the caller. */
#include <time.h>

#include "../core/digest.h"
#include "report_util.h"

int report_format_time(long long t, char out[32], struct vg_err *err)
{
	struct tm tm;
	time_t tt;

	/* 253402300799 = 9999-12-31T23:59:59Z: keep the year at four digits. */
	if (t < 0 || t > 253402300799LL)
		return vg_err_set(err, VG_EUSAGE, "document time %lld is out of range (1970..9999)", t);
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm))
		return vg_err_set(err, VG_EUSAGE, "document time %lld cannot be represented", t);
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return vg_err_set(err, VG_EINTERNAL, "cannot format document time %lld", t);
	return 0;
}

static void hash_field(struct sha256_ctx *c, const char *s)
{
	/* Each field is followed by a NUL so that ("ab","c") != ("a","bc");
	 * an absent field hashes as a single 0x01 so that it differs from "". */
	if (s)
		sha256_update(c, s, strlen(s) + 1);
	else
		sha256_update(c, "\1", 1);
}

void report_uuid(const struct sbom *s, const char *kind, char out[37])
{
	struct sha256_ctx c;
	char hex[72], ts[32];
	const char *h;
	size_t o = 0;

	snprintf(ts, sizeof(ts), "%lld", s->timestamp);
	sha256_init(&c);
	hash_field(&c, "vigil-document-uuid-1");
	hash_field(&c, kind);
	hash_field(&c, s->tool_version);
	hash_field(&c, s->image.config_digest);
	hash_field(&c, s->image.manifest_digest);
	hash_field(&c, s->image.input);
	hash_field(&c, ts);
	sha256_final_str(&c, hex);
	h = hex + 7; /* skip "sha256:" */
	for (int i = 0; i < 32; i++) {
		char ch = h[i];
		if (i == 12)
			ch = '4'; /* version 4 layout */
		else if (i == 16)
			ch = "89ab"[(ch >= 'a' ? ch - 'a' + 10 : ch - '0') & 3]; /* RFC 4122 variant */
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = ch;
	}
	out[o] = '\0';
}

const char *report_image_name(const struct sbom *s)
{
	if (s->image.name && *s->image.name)
		return s->image.name;
	if (s->image.input && *s->image.input)
		return s->image.input;
	return "unknown-image";
}

void report_short_digest(const char *digest, char out[13])
{
	const char *colon;
	size_t n;

	out[0] = '\0';
	if (!digest)
		return;
	colon = strchr(digest, ':');
	if (colon)
		digest = colon + 1;
	n = strlen(digest);
	if (n > 12)
		n = 12;
	memcpy(out, digest, n);
	out[n] = '\0';
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if s starts an
 * invalid one (overlong forms, surrogates and > U+10FFFF are invalid). */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

void report_utf8_clean(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq_len(p);
		if (n == 0) {
			strbuf_addstr(sb, "\xef\xbf\xbd"); /* U+FFFD */
			p++;
		} else {
			strbuf_add(sb, p, n);
			p += n;
		}
	}
}

static json_t *rj_check(json_t *v)
{
	if (!v)
		vg_die_oom();
	return v;
}

json_t *rj_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *v;

	report_utf8_clean(&sb, s);
	v = json_stringn_nocheck(strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return rj_check(v);
}

void rj_set(json_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new(obj, key, rj_check(v)) != 0)
		vg_die_oom();
}

void rj_set_str(json_t *obj, const char *key, const char *s)
{
	if (s)
		rj_set(obj, key, rj_str(s));
}

void rj_append(json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, rj_check(v)) != 0)
		vg_die_oom();
}

json_t *rj_object(void)
{
	return rj_check(json_object());
}

json_t *rj_array(void)
{
	return rj_check(json_array());
}

int rj_dump(json_t *root, struct strbuf *out, struct vg_err *err)
{
	char *text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_REAL_PRECISION(10));

	json_decref(root);
	if (!text)
		return vg_err_set(err, VG_EINTERNAL, "cannot serialise the JSON document");
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	return 0;
}
