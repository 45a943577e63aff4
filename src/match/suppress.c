/* suppress.c - .vigilignore entries and OpenVEX statements (see suppress.h
 * and docs/ignorefile.md): parsing, purl comparison (qualifiers as a subset,
 * versionless purls match any version) and the latest-statement-wins rule. */
#include <ctype.h>
#include <stdarg.h>
#include <jansson.h>
#include <strings.h>

#include "../core/fileio.h"
#include "../core/lines.h"
#include "../core/strbuf.h"
#include "suppress.h"

#define IGNOREFILE_MAX (4u << 20)
#define VEX_MAX (64u << 20)
#define OPENVEX_CONTEXT "https://openvex.dev/ns"

/* ------------------------------------------------------------------ purls */

struct purl {
	const char *type, *ns, *name, *version; /* percent-decoded; ns, version: NULL when absent */
	const char **qk, **qv;                  /* qualifiers, keys lower case, empty values dropped */
	size_t nq;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into the arena; NULL for a bad escape or a NUL. */
static char *pct_decode(const char *s, size_t n, bool lower, struct arena *a)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int h, l;
			if (i + 2 >= n)
				return NULL;
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return NULL;
			c = (char)(h * 16 + l);
			i += 2;
		}
		*o++ = lower ? (char)tolower((unsigned char)c) : c;
	}
	*o = '\0';
	return out;
}

static void add_qualifier(struct purl *p, const char *k, const char *v, struct arena *a)
{
	const char **nk = arena_alloc(a, (p->nq + 1) * sizeof(char *)), **nv = arena_alloc(a, (p->nq + 1) * sizeof(char *));

	if (p->nq) {
		memcpy(nk, p->qk, p->nq * sizeof(char *));
		memcpy(nv, p->qv, p->nq * sizeof(char *));
	}
	nk[p->nq] = k;
	nv[p->nq] = v;
	p->qk = nk;
	p->qv = nv;
	p->nq++;
}

static const char *qualifier(const struct purl *p, const char *key)
{
	for (size_t i = 0; i < p->nq; i++)
		if (strcmp(p->qk[i], key) == 0)
			return p->qv[i];
	return NULL;
}

static void drop_qualifier(struct purl *p, const char *key)
{
	for (size_t i = 0; i < p->nq; i++)
		if (strcmp(p->qk[i], key) == 0) {
			p->qk[i] = p->qk[p->nq - 1];
			p->qv[i] = p->qv[p->nq - 1];
			p->nq--;
			return;
		}
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Make equal versions compare equal: deb keeps the epoch in the version
 * ("1:2.38.1-5"), rpm in the epoch qualifier; epoch 0 is no epoch. */
static void purl_normalize(struct purl *p, struct arena *a)
{
	const char *ep = qualifier(p, "epoch");

	if (strcmp(p->type, "deb") == 0) {
		if (ep && all_digits(ep)) {
			if (p->version && !strchr(p->version, ':') && strtol(ep, NULL, 10) != 0)
				p->version = arena_printf(a, "%s:%s", ep, p->version);
			drop_qualifier(p, "epoch");
		}
		if (p->version && str_starts_with(p->version, "0:"))
			p->version += 2;
	} else if (strcmp(p->type, "rpm") == 0) {
		const char *colon = p->version ? strchr(p->version, ':') : NULL;
		if (colon) {
			char *e = arena_strndup(a, p->version, (size_t)(colon - p->version));
			if (all_digits(e)) {
				if (!ep)
					add_qualifier(p, "epoch", e, a);
				p->version = colon + 1;
			}
		}
		ep = qualifier(p, "epoch");
		if (ep && all_digits(ep) && strtol(ep, NULL, 10) == 0)
			drop_qualifier(p, "epoch");
	}
}

/* Parse a package URL into p (strings in a). Returns -1 when s is not one. */
static int purl_parse(const char *s, struct arena *a, struct purl *p)
{
	char *buf, *q, *path, *slash, *at;
	bool lower;

	memset(p, 0, sizeof(*p));
	if (!s || strncasecmp(s, "pkg:", 4) != 0)
		return -1;
	s += 4;
	while (*s == '/')
		s++;
	buf = arena_strdup(a, s);
	if ((q = strchr(buf, '#')))
		*q = '\0';
	if ((q = strchr(buf, '?')))
		*q++ = '\0';
	slash = strchr(buf, '/');
	if (!slash || slash == buf)
		return -1;
	*slash = '\0';
	for (char *c = buf; *c; c++) {
		if (!isalnum((unsigned char)*c) && *c != '.' && *c != '+' && *c != '-')
			return -1;
		*c = (char)tolower((unsigned char)*c);
	}
	p->type = buf;
	lower = strcmp(p->type, "deb") == 0 || strcmp(p->type, "apk") == 0 || strcmp(p->type, "oci") == 0 ||
		strcmp(p->type, "docker") == 0;
	path = slash + 1;
	for (size_t n = strlen(path); n && path[n - 1] == '/'; n--)
		path[n - 1] = '\0';
	slash = strrchr(path, '/');
	at = strrchr(slash ? slash : path, '@');
	if (at) {
		*at = '\0';
		if (!(p->version = pct_decode(at + 1, strlen(at + 1), false, a)) || !*p->version)
			return -1;
	}
	if (slash) {
		/* namespace segments, empty ones dropped */
		struct strbuf ns = STRBUF_INIT;
		char *seg = path, *end;
		*slash = '\0';
		for (; *seg; seg = *end ? end + 1 : end) {
			const char *d;
			end = strchr(seg, '/');
			if (!end)
				end = seg + strlen(seg);
			if (end == seg)
				continue;
			if (!(d = pct_decode(seg, (size_t)(end - seg), lower, a))) {
				strbuf_release(&ns);
				return -1;
			}
			if (ns.len)
				strbuf_addch(&ns, '/');
			strbuf_addstr(&ns, d);
		}
		p->ns = ns.len ? arena_strdup(a, ns.buf) : NULL;
		strbuf_release(&ns);
		path = slash + 1;
	}
	if (!*path || !(p->name = pct_decode(path, strlen(path), lower, a)))
		return -1;
	for (char *kv = q, *next; kv && *kv; kv = next) {
		char *eq;
		const char *k, *v;
		next = strchr(kv, '&');
		if (next)
			*next++ = '\0';
		else
			next = kv + strlen(kv);
		if (!*kv)
			continue;
		if (!(eq = strchr(kv, '=')) || eq == kv)
			return -1;
		k = pct_decode(kv, (size_t)(eq - kv), true, a);
		v = pct_decode(eq + 1, strlen(eq + 1), false, a);
		if (!k || !v)
			return -1;
		if (*v)
			add_qualifier(p, k, v, a);
	}
	purl_normalize(p, a);
	return 0;
}

static bool str_eq_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Does the statement's purl want cover the package's purl have? Same type,
 * namespace and name; want's version (if any) equal; every qualifier of want
 * present in have with the same value (order does not matter). */
static bool purl_covers(const struct purl *want, const struct purl *have)
{
	if (strcmp(want->type, have->type) != 0 || !str_eq_opt(want->ns, have->ns) || strcmp(want->name, have->name) != 0)
		return false;
	if (want->version && (!have->version || strcmp(want->version, have->version) != 0))
		return false;
	for (size_t i = 0; i < want->nq; i++) {
		const char *v = qualifier(have, want->qk[i]);
		if (!v || strcmp(v, want->qv[i]) != 0)
			return false;
	}
	return true;
}

static bool purl_is_image(const struct purl *p)
{
	return strcmp(p->type, "oci") == 0 || strcmp(p->type, "docker") == 0;
}

/* "registry:5000/library/debian:12" -> "debian"; "x/app@sha256:..." -> "app". */
static bool repo_name_is(const char *ref, const char *name)
{
	const char *last, *end;
	size_t n;

	if (!ref || !*ref)
		return false;
	last = strrchr(ref, '/');
	last = last ? last + 1 : ref;
	end = strchr(last, '@');
	if (!end)
		end = strchr(last, ':');
	n = end ? (size_t)(end - last) : strlen(last);
	return n == strlen(name) && strncasecmp(last, name, n) == 0;
}

static bool image_matches(const struct image_info *im, const struct purl *p)
{
	if (!im)
		return true;
	if (p->version)
		return str_eq_opt(p->version, im->manifest_digest) || str_eq_opt(p->version, im->config_digest);
	if (repo_name_is(im->name, p->name))
		return true;
	for (size_t i = 0; i < im->n_repo_tags; i++)
		if (repo_name_is(im->repo_tags[i], p->name))
			return true;
	return false;
}

/* ---------------------------------------------------------------- .vigilignore */

struct ignore_rule {
	const char *id;
	const char *package;    /* binary or source name, or NULL */
	struct purl *pkg_purl;  /* when the package field is a purl */
};

/* Days from 1970-01-01 to the (proleptic Gregorian) date y-m-d. */
static long long days_from_civil(int y, int m, int d)
{
	/* Shift the year to start in March so that the leap day comes last. */
	long long yy = m <= 2 ? y - 1 : y;
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/* Reads n digits; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool parse_date(const char *s, size_t n, long long *days)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

static bool valid_id(const char *s, size_t n)
{
	if (n == 0 || n > 128 || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.:", s[i]))
			return false;
	return true;
}

static bool valid_package_name(const char *s, size_t n)
{
	if (n == 0 || n > 256)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.+~^", s[i]))
			return false;
	return true;
}

static int line_error(struct vg_err *err, const char *path, int line, const char *fmt, ...) VG_PRINTF(4, 5);
static int line_error(struct vg_err *err, const char *path, int line, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return vg_err_set(err, VG_EFORMAT, "%s:%d: %s (expected: ID [PACKAGE] [exp:YYYY-MM-DD])", path, line, what);
}

/* A token for a message: at most 64 bytes of it. */
#define TOK(i) (int)(tlen[i] > 64 ? 64 : tlen[i]), tok[i]

int suppressor_load_ignorefile(struct suppressor *s, const char *path, long long now, struct vg_err *err)
{
	struct ptrvec rules = PTRVEC_INIT;
	struct line_cursor c;
	const char *line;
	size_t len, dlen;
	char *data;

	if (read_file_capped(path, IGNOREFILE_MAX, &data, &dlen, err) != 0) {
		vg_err_prefix(err, "ignore file");
		return -1;
	}
	if (memchr(data, '\0', dlen)) {
		free(data);
		return vg_err_set(err, VG_EFORMAT, "%s: not a text file (NUL byte)", path);
	}
	c = line_cursor_of(data, dlen);
	if (dlen >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	while (line_cursor_next(&c, &line, &len)) {
		struct ignore_rule *r;
		const char *tok[3] = { NULL, NULL, NULL }, *p = line, *end = line + len;
		size_t tlen[3] = { 0, 0, 0 }, nt = 0;
		long long exp_days = -1;
		const char *pkg = NULL, *exp_tok = NULL;
		size_t pkg_len = 0;

		while (p < end) {
			const char *t;
			while (p < end && char_is_blank(*p))
				p++;
			if (p == end || *p == '#')
				break;
			t = p;
			while (p < end && !char_is_blank(*p))
				p++;
			if (nt == 3) {
				vg_err_set(err, VG_EFORMAT, "%s:%d: too many fields (expected: ID [PACKAGE] [exp:YYYY-MM-DD])",
					   path, c.lineno);
				goto fail;
			}
			tok[nt] = t;
			tlen[nt++] = (size_t)(p - t);
		}
		if (nt == 0)
			continue;
		if (!valid_id(tok[0], tlen[0]) || strncasecmp(tok[0], "exp:", 4) == 0 || strncasecmp(tok[0], "pkg:", 4) == 0) {
			line_error(err, path, c.lineno, "\"%.*s\" is not a vulnerability id", TOK(0));
			goto fail;
		}
		for (size_t i = 1; i < nt; i++) {
			if (tlen[i] >= 4 && strncmp(tok[i], "exp:", 4) == 0) {
				if (exp_days >= 0) {
					line_error(err, path, c.lineno, "a second expiry date \"%.*s\"", TOK(i));
					goto fail;
				}
				exp_tok = tok[i] + 4;
				if (!parse_date(exp_tok, tlen[i] - 4, &exp_days)) {
					line_error(err, path, c.lineno, "\"%.*s\" is not a date (exp:YYYY-MM-DD)", TOK(i));
					goto fail;
				}
			} else if (pkg) {
				line_error(err, path, c.lineno, "a second package \"%.*s\"", TOK(i));
				goto fail;
			} else if (!(tlen[i] > 4 && strncmp(tok[i], "pkg:", 4) == 0) && !valid_package_name(tok[i], tlen[i])) {
				line_error(err, path, c.lineno, "\"%.*s\" is neither a package name, a purl nor exp:DATE",
					   TOK(i));
				goto fail;
			} else {
				pkg = tok[i];
				pkg_len = tlen[i];
			}
		}
		r = arena_alloc(&s->arena, sizeof(*r));
		memset(r, 0, sizeof(*r));
		r->id = arena_strndup(&s->arena, tok[0], tlen[0]);
		if (pkg) {
			r->package = arena_strndup(&s->arena, pkg, pkg_len);
			if (str_starts_with(r->package, "pkg:")) {
				r->pkg_purl = arena_alloc(&s->arena, sizeof(*r->pkg_purl));
				if (purl_parse(r->package, &s->arena, r->pkg_purl) != 0) {
					line_error(err, path, c.lineno, "\"%.*s\" is not a valid package URL",
					   (int)(pkg_len > 64 ? 64 : pkg_len), pkg);
					goto fail;
				}
			}
		}
		/* An entry holds through the whole of its expiry day (UTC). */
		if (exp_days >= 0 && now >= (exp_days + 1) * 86400) {
			char date[11];
			memcpy(date, exp_tok, 10);
			date[10] = '\0';
			ptrvec_push(&s->warnings, arena_printf(&s->arena,
				"%s:%d: the entry for %s expired on %s; it no longer suppresses findings", path, c.lineno,
				r->id, date));
			continue;
		}
		ptrvec_push(&rules, r);
	}
	for (size_t i = 0; i < rules.n; i++)
		ptrvec_push(&s->ignores, rules.v[i]);
	ptrvec_free(&rules, NULL);
	free(data);
	return 0;
fail:
	ptrvec_free(&rules, NULL);
	free(data);
	return -1;
}
#undef TOK

/* ------------------------------------------------------------------ OpenVEX */

enum vex_status { VEX_NOT_AFFECTED, VEX_AFFECTED, VEX_FIXED, VEX_UNDER_INVESTIGATION };

struct vex_product {
	struct purl *purls[2];     /* @id and identifiers.purl, when they are purls */
	struct purl **subs;        /* subcomponents' purls */
	size_t nsubs;
	bool has_subcomponents;    /* listed, even if none has a purl */
};

struct vex_statement {
	const char **names;        /* vulnerability name, @id (and its last path segment), aliases */
	size_t nnames;
	struct vex_product *products;
	size_t nproducts;
	enum vex_status status;
	long long ts_sec;          /* effective time */
	long ts_nsec;
	size_t seq;
};

/* RFC 3339 date-time -> seconds since the epoch and nanoseconds. */
static bool parse_rfc3339(const char *s, long long *sec, long *nsec)
{
	int y, mo, d, h, mi, se, off = 0;
	long ns = 0;
	size_t i = 19;

	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || !strchr("Tt ", s[10]) || s[13] != ':' || s[16] != ':')
		return false;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	se = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    se < 0 || se > 60)
		return false;
	if (s[i] == '.') {
		long scale = 100000000;
		if (!isdigit((unsigned char)s[++i]))
			return false;
		for (; isdigit((unsigned char)s[i]); i++) {
			ns += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int oh = digits(s + i + 1, 2), om;
		if (oh < 0 || oh > 23 || s[i + 3] != ':' || (om = digits(s + i + 4, 2)) < 0 || om > 59)
			return false;
		off = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return false;
	}
	if (s[i])
		return false;
	*sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	*nsec = ns;
	return true;
}

struct vex_ctx {
	struct suppressor *s;
	const char *path;
	size_t index; /* 1-based statement number, for messages */
	struct vg_err *err;
};

static int vex_error(struct vex_ctx *c, const char *fmt, ...) VG_PRINTF(2, 3);
static int vex_error(struct vex_ctx *c, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (c->index)
		return vg_err_set(c->err, VG_EFORMAT, "%s: statement %zu: %s", c->path, c->index, what);
	return vg_err_set(c->err, VG_EFORMAT, "%s: %s", c->path, what);
}

/* A member that must be a string when present: -1 (with the error) if it is not. */
static int opt_string(struct vex_ctx *c, json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return vex_error(c, "\"%s\" is not a string", key);
	*out = json_string_value(v);
	return 0;
}

static int opt_time(struct vex_ctx *c, json_t *o, const char *key, bool *have, long long *sec, long *nsec)
{
	const char *t;

	if (opt_string(c, o, key, &t) != 0)
		return -1;
	if (t && !parse_rfc3339(t, sec, nsec))
		return vex_error(c, "\"%s\" is not an RFC 3339 date-time", key);
	*have = t != NULL;
	return 0;
}

static void add_name(struct vex_ctx *c, struct ptrvec *names, const char *n)
{
	const char *slash;

	if (!n || !*n)
		return;
	ptrvec_push(names, arena_strdup(&c->s->arena, n));
	/* an IRI such as https://nvd.nist.gov/vuln/detail/CVE-2019-17571 */
	if ((slash = strrchr(n, '/')) && slash[1])
		ptrvec_push(names, arena_strdup(&c->s->arena, slash + 1));
}

static int parse_vulnerability(struct vex_ctx *c, json_t *v, struct vex_statement *st)
{
	struct ptrvec names = PTRVEC_INIT;
	const char *name = NULL, *id = NULL;
	json_t *aliases;

	if (json_is_string(v)) { /* OpenVEX 0.0.1 */
		add_name(c, &names, json_string_value(v));
	} else if (json_is_object(v)) {
		if (opt_string(c, v, "name", &name) != 0 || opt_string(c, v, "@id", &id) != 0)
			return -1;
		add_name(c, &names, name);
		add_name(c, &names, id);
		aliases = json_object_get(v, "aliases");
		if (aliases && !json_is_array(aliases)) {
			ptrvec_free(&names, NULL);
			return vex_error(c, "vulnerability \"aliases\" is not an array");
		}
		for (size_t i = 0; aliases && i < json_array_size(aliases); i++) {
			json_t *al = json_array_get(aliases, i);
			if (!json_is_string(al)) {
				ptrvec_free(&names, NULL);
				return vex_error(c, "vulnerability alias is not a string");
			}
			add_name(c, &names, json_string_value(al));
		}
	} else {
		return vex_error(c, "\"vulnerability\" is missing or not an object");
	}
	if (!names.n)
		return vex_error(c, "the vulnerability has no name");
	st->names = arena_alloc(&c->s->arena, names.n * sizeof(char *));
	memcpy(st->names, names.v, names.n * sizeof(char *));
	st->nnames = names.n;
	ptrvec_free(&names, NULL);
	return 0;
}

/* A component's purl from @id (when it is a purl) and identifiers.purl. */
static int component_purls(struct vex_ctx *c, json_t *comp, struct purl *out[2], size_t *n)
{
	const char *cand[2] = { NULL, NULL };
	json_t *ids;

	*n = 0;
	if (json_is_string(comp)) { /* OpenVEX 0.0.1: a bare identifier */
		cand[0] = json_string_value(comp);
	} else if (json_is_object(comp)) {
		if (opt_string(c, comp, "@id", &cand[0]) != 0)
			return -1;
		ids = json_object_get(comp, "identifiers");
		if (ids && !json_is_object(ids))
			return vex_error(c, "product \"identifiers\" is not an object");
		if (ids && opt_string(c, ids, "purl", &cand[1]) != 0)
			return -1;
		if (!cand[0] && !ids)
			return vex_error(c, "a product or subcomponent has neither \"@id\" nor \"identifiers\"");
	} else {
		return vex_error(c, "a product or subcomponent is not an object");
	}
	for (int i = 0; i < 2; i++) {
		struct purl *p;
		if (!cand[i] || strncasecmp(cand[i], "pkg:", 4) != 0)
			continue; /* not a purl (an IRI, a CPE): cannot name a package */
		p = arena_alloc(&c->s->arena, sizeof(*p));
		if (purl_parse(cand[i], &c->s->arena, p) != 0)
			return vex_error(c, "\"%s\" is not a valid package URL", cand[i]);
		out[(*n)++] = p;
	}
	return 0;
}

static int parse_products(struct vex_ctx *c, json_t *prods, struct vex_statement *st)
{
	if (!json_is_array(prods) || json_array_size(prods) == 0)
		return vex_error(c, "no \"products\" (a standalone document must name them)");
	st->nproducts = json_array_size(prods);
	st->products = arena_alloc(&c->s->arena, st->nproducts * sizeof(*st->products));
	memset(st->products, 0, st->nproducts * sizeof(*st->products));
	for (size_t i = 0; i < st->nproducts; i++) {
		json_t *prod = json_array_get(prods, i), *subs;
		struct vex_product *vp = &st->products[i];
		size_t n;

		if (component_purls(c, prod, vp->purls, &n) != 0)
			return -1;
		subs = json_is_object(prod) ? json_object_get(prod, "subcomponents") : NULL;
		if (!subs)
			continue;
		if (!json_is_array(subs))
			return vex_error(c, "\"subcomponents\" is not an array");
		vp->has_subcomponents = json_array_size(subs) > 0;
		vp->subs = arena_alloc(&c->s->arena, (2 * json_array_size(subs) + 1) * sizeof(struct purl *));
		for (size_t k = 0; k < json_array_size(subs); k++) {
			json_t *sub = json_array_get(subs, k);
			if (json_is_object(sub) && json_object_get(sub, "subcomponents"))
				return vex_error(c, "a subcomponent has subcomponents");
			if (component_purls(c, sub, vp->subs + vp->nsubs, &n) != 0)
				return -1;
			vp->nsubs += n;
		}
	}
	return 0;
}

static int parse_statement(struct vex_ctx *c, json_t *js, bool doc_has_ts, long long doc_sec, long doc_nsec,
			   struct vex_statement *st)
{
	static const char *const statuses[] = { "not_affected", "affected", "fixed", "under_investigation" };
	static const char *const justifications[] = {
		"component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
		"vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
	};
	const char *status, *just, *impact, *action;
	bool have_ts = false, have_upd = false, known = false;
	long long upd_sec = 0;
	long upd_nsec = 0;

	if (!json_is_object(js))
		return vex_error(c, "not an object");
	memset(st, 0, sizeof(*st));
	if (parse_vulnerability(c, json_object_get(js, "vulnerability"), st) != 0)
		return -1;
	if (opt_string(c, js, "status", &status) != 0)
		return -1;
	if (!status)
		return vex_error(c, "no \"status\"");
	for (size_t i = 0; i < VG_ARRAY_LEN(statuses); i++)
		if (strcmp(status, statuses[i]) == 0) {
			st->status = (enum vex_status)i;
			known = true;
		}
	if (!known)
		return vex_error(c, "unknown status \"%s\" (not_affected, affected, fixed, under_investigation)", status);
	if (opt_string(c, js, "justification", &just) != 0 || opt_string(c, js, "impact_statement", &impact) != 0 ||
	    opt_string(c, js, "action_statement", &action) != 0)
		return -1;
	if (just) {
		known = false;
		for (size_t i = 0; i < VG_ARRAY_LEN(justifications); i++)
			known |= strcmp(just, justifications[i]) == 0;
		if (!known)
			return vex_error(c, "unknown justification \"%s\"", just);
	}
	if (st->status == VEX_NOT_AFFECTED && !just && !impact)
		return vex_error(c, "status not_affected needs a \"justification\" or an \"impact_statement\"");
	if (parse_products(c, json_object_get(js, "products"), st) != 0)
		return -1;
	if (opt_time(c, js, "timestamp", &have_ts, &st->ts_sec, &st->ts_nsec) != 0 ||
	    opt_time(c, js, "last_updated", &have_upd, &upd_sec, &upd_nsec) != 0)
		return -1;
	if (have_upd) {
		st->ts_sec = upd_sec;
		st->ts_nsec = upd_nsec;
	} else if (!have_ts) {
		if (!doc_has_ts)
			return vex_error(c, "no \"timestamp\", and the document has none either");
		st->ts_sec = doc_sec;
		st->ts_nsec = doc_nsec;
	}
	return 0;
}

int suppressor_load_vex(struct suppressor *s, const char *path, struct vg_err *err)
{
	struct vex_ctx c = { s, path, 0, err };
	struct ptrvec stmts = PTRVEC_INIT;
	const char *ctx_url;
	json_error_t je;
	json_t *root = NULL, *jst;
	bool doc_has_ts = false;
	long long doc_sec = 0;
	long doc_nsec = 0;
	size_t len;
	char *data;
	int rc = -1;

	if (read_file_capped(path, VEX_MAX, &data, &len, err) != 0) {
		vg_err_prefix(err, "VEX document");
		return -1;
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	free(data);
	if (!root)
		return vg_err_set(err, VG_EFORMAT, "%s: not JSON: line %d: %s", path, je.line, je.text);
	if (!json_is_object(root)) {
		vex_error(&c, "not an OpenVEX document (not a JSON object)");
		goto out;
	}
	if (opt_string(&c, root, "@context", &ctx_url) != 0)
		goto out;
	if (!ctx_url || !str_starts_with(ctx_url, OPENVEX_CONTEXT)) {
		vex_error(&c, "not an OpenVEX document (\"@context\" is not " OPENVEX_CONTEXT "...)");
		goto out;
	}
	if (opt_time(&c, root, "timestamp", &doc_has_ts, &doc_sec, &doc_nsec) != 0)
		goto out;
	jst = json_object_get(root, "statements");
	if (!json_is_array(jst) || json_array_size(jst) == 0) {
		vex_error(&c, "no \"statements\"");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(jst); i++) {
		struct vex_statement *st = arena_alloc(&s->arena, sizeof(*st));
		c.index = i + 1;
		if (parse_statement(&c, json_array_get(jst, i), doc_has_ts, doc_sec, doc_nsec, st) != 0)
			goto out;
		ptrvec_push(&stmts, st);
	}
	for (size_t i = 0; i < stmts.n; i++) {
		struct vex_statement *st = stmts.v[i];
		st->seq = ++s->seq;
		ptrvec_push(&s->statements, st);
	}
	rc = 0;
out:
	ptrvec_free(&stmts, NULL);
	json_decref(root);
	return rc;
}

/* ------------------------------------------------------------------ matching */

void suppressor_init(struct suppressor *s)
{
	memset(s, 0, sizeof(*s));
}

void suppressor_free(struct suppressor *s)
{
	ptrvec_free(&s->ignores, NULL);
	ptrvec_free(&s->statements, NULL);
	ptrvec_free(&s->warnings, NULL);
	arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}

void suppressor_set_image(struct suppressor *s, const struct image_info *im)
{
	s->image = im;
}

static bool finding_has_id(const struct finding *f, const char *id)
{
	if (strcasecmp(f->id, id) == 0)
		return true;
	for (size_t i = 0; i < f->aliases.n; i++)
		if (f->aliases.v[i] && strcasecmp(f->aliases.v[i], id) == 0)
			return true;
	return false;
}

/* The package's purl, parsed, computed on first use. */
struct pkg_purl {
	const struct finding *f;
	const struct os_info *os;
	struct arena *a;
	struct purl purl;
	int state; /* 0: not yet, 1: parsed, -1: none */
};

static const struct purl *get_purl(struct pkg_purl *pp)
{
	if (pp->state == 0) {
		const char *s = purl_for_package(pp->f->pkg, pp->os, pp->a);
		pp->state = s && purl_parse(s, pp->a, &pp->purl) == 0 ? 1 : -1;
	}
	return pp->state == 1 ? &pp->purl : NULL;
}

static bool ignore_matches(const struct ignore_rule *r, const struct finding *f, struct pkg_purl *pp)
{
	const struct package *p = f->pkg;

	if (!finding_has_id(f, r->id))
		return false;
	if (!r->package)
		return true;
	if (r->pkg_purl) {
		const struct purl *have = get_purl(pp);
		return have && purl_covers(r->pkg_purl, have);
	}
	return (p->name && strcmp(p->name, r->package) == 0) || (p->source_name && strcmp(p->source_name, r->package) == 0);
}

static bool product_matches(const struct suppressor *s, const struct vex_product *vp, struct pkg_purl *pp)
{
	const struct purl *have = get_purl(pp);

	for (int i = 0; i < 2 && vp->purls[i]; i++) {
		const struct purl *want = vp->purls[i];
		if (purl_is_image(want)) {
			if (!image_matches(s->image, want))
				continue;
			if (!vp->has_subcomponents)
				return true; /* the whole image is the product */
			for (size_t k = 0; have && k < vp->nsubs; k++)
				if (purl_covers(vp->subs[k], have))
					return true;
		} else if (have && purl_covers(want, have)) {
			return true;
		}
	}
	return false;
}

static bool statement_matches(const struct suppressor *s, const struct vex_statement *st, const struct finding *f,
			      struct pkg_purl *pp)
{
	bool named = false;

	for (size_t i = 0; i < st->nnames && !named; i++)
		named = finding_has_id(f, st->names[i]);
	if (!named)
		return false;
	for (size_t i = 0; i < st->nproducts; i++)
		if (product_matches(s, &st->products[i], pp))
			return true;
	return false;
}

static bool later(const struct vex_statement *a, const struct vex_statement *b)
{
	if (a->ts_sec != b->ts_sec)
		return a->ts_sec > b->ts_sec;
	if (a->ts_nsec != b->ts_nsec)
		return a->ts_nsec > b->ts_nsec;
	return a->seq > b->seq;
}

const char *suppressor_match(const struct suppressor *s, const struct finding *f, const struct os_info *os)
{
	struct arena a = ARENA_INIT;
	struct pkg_purl pp = { f, os, &a, { 0 }, 0 };
	const struct vex_statement *best = NULL;
	const char *why = NULL;

	for (size_t i = 0; i < s->ignores.n && !why; i++)
		if (ignore_matches(s->ignores.v[i], f, &pp))
			why = SUPPRESS_IGNOREFILE;
	for (size_t i = 0; !why && i < s->statements.n; i++) {
		const struct vex_statement *st = s->statements.v[i];
		if ((!best || later(st, best)) && statement_matches(s, st, f, &pp))
			best = st;
	}
	if (!why && best)
		why = best->status == VEX_NOT_AFFECTED ? SUPPRESS_VEX_NOT_AFFECTED :
		      best->status == VEX_FIXED ? SUPPRESS_VEX_FIXED : NULL;
	arena_free(&a);
	return why;
}
