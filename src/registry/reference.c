/* reference.c - parse and normalise image references (see reference.h).
 * The grammar follows the distribution project's reference rules: path
 * components [a-z0-9]+ joined by '.', '_', '__' or runs of '-'; tags
 * [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; names at most 255 characters. */
#include "../core/digest.h"
#include "../core/strbuf.h"
#include "reference.h"

#define REF_NAME_MAX 255
#define REF_TAG_MAX 128

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One path component: alnum runs joined by separators. */
static bool valid_component(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	while (i < n) {
		if (is_lower_alnum(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '.' || (s[i] == '_' && !(i + 1 < n && s[i + 1] == '_'))) {
			i++;
		} else if (s[i] == '_' && s[i + 1] == '_') {
			i += 2;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i >= n || !is_lower_alnum(s[i]))
			return false;
	}
	return true;
}

static bool valid_tag(const char *t)
{
	size_t n = strlen(t);

	if (n == 0 || n > REF_TAG_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		if (!word && (i == 0 || (c != '.' && c != '-')))
			return false;
	}
	return true;
}

/* host[:port]: DNS labels (letters, digits, '-'), dots, or an IPv6 literal in brackets. */
static bool valid_domain(const char *d, size_t n)
{
	size_t hostlen = n;
	const char *colon;

	if (n == 0)
		return false;
	if (d[0] == '[') {
		const char *close = memchr(d, ']', n);
		if (!close)
			return false;
		hostlen = (size_t)(close - d) + 1;
		for (size_t i = 1; i + 1 < hostlen; i++)
			if (!(strchr("0123456789abcdefABCDEF:.", d[i])))
				return false;
	} else {
		colon = memchr(d, ':', n);
		if (colon)
			hostlen = (size_t)(colon - d);
		if (hostlen == 0 || d[0] == '-' || d[hostlen - 1] == '-' || d[0] == '.' || d[hostlen - 1] == '.')
			return false;
		for (size_t i = 0; i < hostlen; i++) {
			char c = d[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			      c == '.'))
				return false;
		}
	}
	if (hostlen < n) {
		if (d[hostlen] != ':' || hostlen + 1 == n)
			return false;
		for (size_t i = hostlen + 1; i < n; i++)
			if (d[i] < '0' || d[i] > '9')
				return false;
	}
	return true;
}

/* The first component names a registry when it has a '.' or ':', is
 * "localhost", or has an upper-case letter (Docker's rule). */
static bool looks_like_domain(const char *s, size_t n)
{
	if (n == 9 && memcmp(s, "localhost", 9) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' || s[i] == ':' || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '[')
			return true;
	return false;
}

static int split_name(struct image_ref *out, const char *name, const char *orig, struct vg_err *err)
{
	const char *slash = strchr(name, '/'), *p;
	struct strbuf repo = STRBUF_INIT;

	if (slash && looks_like_domain(name, (size_t)(slash - name))) {
		if (!valid_domain(name, (size_t)(slash - name)))
			return vg_err_set(err, VG_EUSAGE, "%s: invalid registry host", orig);
		out->registry = xstrndup(name, (size_t)(slash - name));
		p = slash + 1;
	} else {
		out->registry = xstrdup("docker.io");
		p = name;
	}
	if (strcmp(out->registry, "index.docker.io") == 0 || strcmp(out->registry, "registry-1.docker.io") == 0) {
		free(out->registry);
		out->registry = xstrdup("docker.io");
	}
	if (strcmp(out->registry, "docker.io") == 0 && !strchr(p, '/'))
		strbuf_addstr(&repo, "library/");
	strbuf_addstr(&repo, p);
	out->repository = strbuf_detach(&repo, NULL);
	for (p = out->repository;;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!valid_component(p, n))
			return vg_err_set(err, VG_EUSAGE,
					  "%s: invalid repository name (lower-case letters, digits and . _ - only)", orig);
		if (!e)
			break;
		p = e + 1;
	}
	if (strlen(out->registry) + 1 + strlen(out->repository) > REF_NAME_MAX)
		return vg_err_set(err, VG_EUSAGE, "%s: repository name longer than %d characters", orig, REF_NAME_MAX);
	return 0;
}

int image_ref_parse(const char *s, struct image_ref *out, struct vg_err *err)
{
	char *work, *at, *colon, *slash;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return vg_err_set(err, VG_EUSAGE, "empty image reference");
	if (strlen(s) > 4096)
		return vg_err_set(err, VG_EUSAGE, "image reference longer than 4096 characters");
	work = xstrdup(s);
	if ((at = strchr(work, '@'))) {
		*at = '\0';
		if (!digest_is_valid_sha256(at + 1)) {
			vg_err_set(err, VG_EUSAGE, "%s: invalid digest (expected sha256: and 64 lower-case hex digits)", s);
			goto out;
		}
		out->digest = xstrdup(at + 1);
	}
	slash = strrchr(work, '/');
	colon = strrchr(work, ':');
	if (colon && (!slash || colon > slash)) { /* a ':' after the last '/' starts the tag */
		*colon = '\0';
		if (!valid_tag(colon + 1)) {
			vg_err_set(err, VG_EUSAGE, "%s: invalid tag \"%s\"", s, colon + 1);
			goto out;
		}
		out->tag = xstrdup(colon + 1);
	}
	if (!*work) {
		vg_err_set(err, VG_EUSAGE, "%s: no repository name", s);
		goto out;
	}
	if (split_name(out, work, s, err) != 0)
		goto out;
	if (!out->tag && !out->digest)
		out->tag = xstrdup("latest");
	rc = 0;
out:
	free(work);
	if (rc != 0)
		image_ref_free(out);
	return rc;
}

void image_ref_free(struct image_ref *r)
{
	free(r->registry);
	free(r->repository);
	free(r->tag);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}

char *image_ref_string(const struct image_ref *r)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", r->registry, r->repository);
	if (r->tag)
		strbuf_addf(&sb, ":%s", r->tag);
	if (r->digest)
		strbuf_addf(&sb, "@%s", r->digest);
	return strbuf_detach(&sb, NULL);
}
