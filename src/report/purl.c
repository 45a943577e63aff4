/* purl.c - package URLs (github.com/package-url/purl-spec, ECMA-427) for
 * deb, apk and rpm packages, in canonical form. The returned string lives
 * in the caller's arena.
 *
 * OS packages (qualifier keys sorted, empty ones left out):
 *   pkg:deb/<ns>/<name>@<version>?arch=<arch>&distro=<id>-<version_id>
 *   pkg:apk/<ns>/<name>@<version>?arch=<arch>&distro=<version_id>
 *   pkg:rpm/<ns>/<name>@<version>-<release>?arch=<arch>&distro=<id>-<version_id>&epoch=<n>
 * - <ns> is os.id lowercased ("debian", "ubuntu", "alpine", "almalinux",
 *   "amzn", "opensuse-leap", ...). When no OS was detected: "debian" for deb,
 *   "alpine" for apk (the format's home distribution); for rpm, where any
 *   vendor would be a guess, the namespace is left out (pkg:rpm/<name>@...).
 * - deb keeps the epoch inside the version ("1:2.4.47-2"), as the deb type's
 *   own examples do; rpm puts it in the epoch qualifier when it is > 0
 *   (epoch 0 orders exactly like no epoch) and the version is version-release.
 * - distro: "<id>-<version_id>" for deb and rpm (falling back to
 *   "<id>-<codename>" when there is no VERSION_ID, e.g. Debian testing);
 *   apk gets the bare VERSION_ID ("3.20.3"), the form Trivy emits and
 *   vulnerability tools match on. No OS detected: no distro qualifier.
 * - deb and apk names are lowercased (their types are case-insensitive),
 *   rpm names are kept as they are (case-sensitive).
 * - Percent-encoding: everything except A-Z a-z 0-9 . - _ ~ and ':' is
 *   encoded as %XX with uppercase hex, so '+' -> %2B and ':' stays (the spec
 *   says a colon is never encoded). */
#include <ctype.h>

#include "report.h"

static void purl_encode(struct strbuf *sb, const char *s, bool lower)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (isalnum(c) && c < 0x80)
			strbuf_addch(sb, (char)c);
		else if (c == '.' || c == '-' || c == '_' || c == '~' || c == ':')
			strbuf_addch(sb, (char)c);
		else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

static bool nonempty(const char *s)
{
	return s && *s;
}

/* Digits followed by ':' at the start of v: returns the length of the
 * prefix including ':' and stores the number, or returns 0. */
static size_t epoch_prefix(const char *v, long *epoch)
{
	size_t i = 0;
	long e = 0;

	while (v[i] >= '0' && v[i] <= '9' && i < 9)
		e = e * 10 + (v[i++] - '0');
	if (i == 0 || v[i] != ':')
		return 0;
	*epoch = e;
	return i + 1;
}

static void add_qualifier(struct strbuf *sb, bool *first, const char *key, const char *value)
{
	if (!nonempty(value))
		return;
	strbuf_addch(sb, *first ? '?' : '&');
	*first = false;
	strbuf_addstr(sb, key);
	strbuf_addch(sb, '=');
	purl_encode(sb, value, false);
}

/* Language packages: pkg:<type>/<namespace segments>/<name>@<version>, each
 * segment encoded on its own ('/' separates them):
 *   npm       "@scope/name" -> %40scope/name, lowercased
 *   pypi      name lowercased, '_' -> '-' (the type's normalisation)
 *   golang    module path split at '/', case kept
 *   maven     "group:artifact" -> group/artifact
 *   composer  "vendor/name", lowercased
 *   gem, cargo  the name as is */
static void lang_path(struct strbuf *sb, const struct package *p)
{
	bool lower = p->type == PKG_NPM || p->type == PKG_PYPI || p->type == PKG_COMPOSER;
	bool split_slash = p->type == PKG_NPM || p->type == PKG_GO || p->type == PKG_COMPOSER;
	struct strbuf seg = STRBUF_INIT;

	for (const char *c = p->name;; c++) {
		bool sep = (*c == '/' && split_slash) || (*c == ':' && p->type == PKG_MAVEN);
		if (*c && !sep) {
			strbuf_addch(&seg, p->type == PKG_PYPI && *c == '_' ? '-' : *c);
			continue;
		}
		if (seg.len) {
			purl_encode(sb, seg.buf, lower);
			strbuf_reset(&seg);
		}
		if (!*c)
			break;
		strbuf_addch(sb, '/');
	}
	strbuf_release(&seg);
}

static char *purl_for_lang_package(const struct package *p, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	char *ret;

	strbuf_addstr(&sb, "pkg:");
	strbuf_addstr(&sb, pkg_type_name(p->type));
	strbuf_addch(&sb, '/');
	lang_path(&sb, p);
	if (nonempty(p->version)) {
		strbuf_addch(&sb, '@');
		purl_encode(&sb, p->version, false);
	}
	ret = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return ret;
}

char *purl_for_package(const struct package *p, const struct os_info *os, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT, distro = STRBUF_INIT, version = STRBUF_INIT;
	const char *ns = NULL;
	bool have_os = os && os->detected && nonempty(os->id);
	bool first = true;
	long epoch = p->epoch;
	char epoch_str[24] = "";
	char *ret;

	if (!nonempty(p->name))
		return NULL;
	if (pkg_type_is_lang(p->type))
		return purl_for_lang_package(p, a);

	switch (p->type) {
	case PKG_DEB: ns = "debian"; break;
	case PKG_APK: ns = "alpine"; break;
	default: ns = NULL; break;
	}
	if (have_os)
		ns = os->id;

	/* distro qualifier */
	if (have_os) {
		if (p->type == PKG_APK) {
			if (nonempty(os->version_id))
				strbuf_addstr(&distro, os->version_id);
		} else if (nonempty(os->version_id) || nonempty(os->version_codename)) {
			for (const char *c = os->id; *c; c++)
				strbuf_addch(&distro, (char)tolower((unsigned char)*c));
			strbuf_addch(&distro, '-');
			strbuf_addstr(&distro, nonempty(os->version_id) ? os->version_id : os->version_codename);
		}
	}

	/* version */
	if (p->type == PKG_RPM) {
		if (nonempty(p->rpm_version)) {
			strbuf_addstr(&version, p->rpm_version);
			if (nonempty(p->rpm_release)) {
				strbuf_addch(&version, '-');
				strbuf_addstr(&version, p->rpm_release);
			}
		} else if (nonempty(p->version)) {
			long e = -1;
			size_t skip = epoch_prefix(p->version, &e);
			if (skip && epoch < 0)
				epoch = e;
			strbuf_addstr(&version, p->version + skip);
		}
		if (epoch > 0)
			snprintf(epoch_str, sizeof(epoch_str), "%ld", epoch);
	} else if (nonempty(p->version)) {
		strbuf_addstr(&version, p->version);
	}

	strbuf_addstr(&sb, "pkg:");
	strbuf_addstr(&sb, pkg_type_name(p->type));
	strbuf_addch(&sb, '/');
	if (nonempty(ns)) {
		purl_encode(&sb, ns, true);
		strbuf_addch(&sb, '/');
	}
	purl_encode(&sb, p->name, p->type != PKG_RPM);
	if (version.len) {
		strbuf_addch(&sb, '@');
		purl_encode(&sb, version.buf, false);
	}
	/* Keys in lexicographic order: arch, distro, epoch. */
	add_qualifier(&sb, &first, "arch", p->arch);
	add_qualifier(&sb, &first, "distro", distro.len ? distro.buf : NULL);
	add_qualifier(&sb, &first, "epoch", epoch_str);

	ret = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	strbuf_release(&distro);
	strbuf_release(&version);
	return ret;
}
