/* spdx.c - SPDX 2.3 JSON SBOM, valid against both the released v2.3 schema
 * and the stricter support/2.3.1 one: the image (CONTAINER), the OS
 * (OPERATING_SYSTEM) and every package, with DESCRIBES/CONTAINS
 * relationships. Appends to the caller's strbuf; everything built here is
 * freed before returning.
 *
 * SPDXIDs: SPDXRef-DOCUMENT, SPDXRef-Image, SPDXRef-OperatingSystem and
 * SPDXRef-Package-<type>-<name>-<16 hex of sha256(purl, found_in)> (stable
 * across scans), with characters outside [A-Za-z0-9.-] turned into '-' and
 * "-2", "-3", ... appended on a clash. Licences stay NOASSERTION (the
 * recorded text goes to licenseComments) because package databases do not
 * hold checked SPDX expressions. */
#include <strings.h>

#include "../core/digest.h"
#include "../core/strmap.h"
#include "report_util.h"

/* The namespace only has to be a unique URI, not a reachable one (SPDX 2.3
 * section 6.5); the reserved .invalid domain makes that explicit. */
#define SPDX_NAMESPACE_BASE "https://vigil.invalid/spdxdocs/"

struct ids {
	struct strmap used; /* SPDXID -> non-NULL; keys live in arena */
	struct arena *a;
};

/* Append s with every byte outside allowed turned into '-'. */
static void add_sanitized(struct strbuf *sb, const char *s, const char *allowed)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  (c && strchr(allowed, c));
		strbuf_addch(sb, ok ? (char)c : '-');
	}
}

static const char *unique_id(struct ids *ids, const char *want)
{
	const char *id = want;

	for (int n = 2; strmap_get(&ids->used, id); n++)
		id = arena_printf(ids->a, "%s-%d", want, n);
	id = arena_strdup(ids->a, id);
	strmap_put(&ids->used, id, (void *)id);
	return id;
}

static const char *package_id(struct ids *ids, const struct package *p, const char *purl)
{
	struct strbuf sb = STRBUF_INIT;
	struct sha256_ctx c;
	char hex[72];
	const char *id;

	sha256_init(&c);
	if (purl)
		sha256_update(&c, purl, strlen(purl) + 1);
	else {
		sha256_update(&c, p->name ? p->name : "", p->name ? strlen(p->name) + 1 : 1);
		sha256_update(&c, p->version ? p->version : "", p->version ? strlen(p->version) + 1 : 1);
	}
	if (p->found_in)
		sha256_update(&c, p->found_in, strlen(p->found_in));
	if (p->found_in_inner)
		sha256_update(&c, p->found_in_inner, strlen(p->found_in_inner) + 1);
	sha256_final_str(&c, hex);

	strbuf_addstr(&sb, "SPDXRef-Package-");
	strbuf_addstr(&sb, pkg_type_name(p->type));
	strbuf_addch(&sb, '-');
	add_sanitized(&sb, p->name && *p->name ? p->name : "unnamed", ".-");
	strbuf_addch(&sb, '-');
	strbuf_add(&sb, hex + 7, 16);
	id = unique_id(ids, sb.buf);
	strbuf_release(&sb);
	return id;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* "Name <mail@host>" -> "Person: Name (mail@host)" or "Organization: ...".
 * rpm records name a vendor or packager: Organization. deb/apk maintainers
 * are people unless the name or a mailing-list address says team.
 * Parentheses in the name are dropped (they delimit the e-mail in SPDX);
 * something in <> that is not an e-mail address (a URL) is left out.
 * Returns NULL when nothing usable is left. */
static char *supplier_text(const struct package *p)
{
	static const char *const team_words[] = { "team", "maintainers", "developers", "project",
						  "packagers", "group", "community", "@lists." };
	struct strbuf name = STRBUF_INIT, sb = STRBUF_INIT;
	const char *m = p->maintainer, *lt, *gt;
	char *mail = NULL;
	bool org = p->type == PKG_RPM;

	if (!m)
		return NULL;
	lt = strchr(m, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt && memchr(lt, '@', (size_t)(gt - lt)) && !memchr(lt, ' ', (size_t)(gt - lt)))
		mail = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	for (const char *c = m; *c && c != lt; c++)
		if (*c != '(' && *c != ')')
			strbuf_addch(&name, *c);
	while (name.len && (name.buf[name.len - 1] == ' ' || name.buf[name.len - 1] == '\t'))
		name.buf[--name.len] = '\0';
	if (!name.len && mail)
		strbuf_addstr(&name, mail);
	if (!name.len) {
		free(mail);
		strbuf_release(&name);
		return NULL;
	}
	for (size_t i = 0; !org && i < VG_ARRAY_LEN(team_words); i++)
		org = contains_ci(m, team_words[i]);
	strbuf_addstr(&sb, org ? "Organization: " : "Person: ");
	/* skip leading blanks of the name */
	strbuf_addstr(&sb, name.buf + strspn(name.buf, " \t"));
	if (mail)
		strbuf_addf(&sb, " (%s)", mail);
	free(mail);
	strbuf_release(&name);
	return strbuf_detach(&sb, NULL);
}

static json_t *new_package(const char *id, const char *name, const char *version)
{
	json_t *o = rj_object();

	rj_set_str(o, "name", name);
	rj_set_str(o, "SPDXID", id);
	rj_set_str(o, "versionInfo", version);
	return o;
}

/* The fields every package gets after its own ones. */
static void finish_package(json_t *o)
{
	rj_set_str(o, "downloadLocation", "NOASSERTION");
	rj_set(o, "filesAnalyzed", json_false());
	rj_set_str(o, "licenseConcluded", "NOASSERTION");
	rj_set_str(o, "licenseDeclared", "NOASSERTION");
	rj_set_str(o, "copyrightText", "NOASSERTION");
}

static json_t *image_package(const struct sbom *s)
{
	const struct image_info *im = &s->image;
	json_t *o = new_package("SPDXRef-Image", report_image_name(s),
				im->manifest_digest ? im->manifest_digest : im->config_digest);
	struct strbuf sb = STRBUF_INIT;

	rj_set_str(o, "primaryPackagePurpose", "CONTAINER");
	finish_package(o);
	if (im->input) {
		strbuf_addf(&sb, "container image read from %s", im->input);
		if (im->transport)
			strbuf_addf(&sb, " (%s)", im->transport);
		rj_set_str(o, "sourceInfo", sb.buf);
	}
	strbuf_reset(&sb);
	if (im->config_digest)
		strbuf_addf(&sb, "config %s", im->config_digest);
	if (im->os || im->architecture)
		strbuf_addf(&sb, "%splatform %s/%s%s%s", sb.len ? "; " : "", im->os ? im->os : "?",
			    im->architecture ? im->architecture : "?", im->variant ? "/" : "",
			    im->variant ? im->variant : "");
	if (im->n_layers)
		strbuf_addf(&sb, "%s%zu layers", sb.len ? "; " : "", im->n_layers);
	if (sb.len)
		rj_set_str(o, "comment", sb.buf);
	strbuf_release(&sb);
	return o;
}

static json_t *os_package(const struct os_info *os)
{
	json_t *o = new_package("SPDXRef-OperatingSystem", os->id, os->version_id);

	rj_set_str(o, "primaryPackagePurpose", "OPERATING_SYSTEM");
	rj_set_str(o, "description", os->pretty_name);
	finish_package(o);
	if (os->source_file) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "detected from %s", os->source_file);
		rj_set_str(o, "sourceInfo", sb.buf);
		strbuf_release(&sb);
	}
	return o;
}

static json_t *package_package(const struct package *p, const char *id, const char *purl)
{
	json_t *o = new_package(id, p->name ? p->name : "", p->version);
	struct strbuf sb = STRBUF_INIT;
	char *supplier = supplier_text(p);

	rj_set_str(o, "supplier", supplier);
	free(supplier);
	finish_package(o);
	if (p->license && *p->license) {
		strbuf_addf(&sb, "licence as recorded by the package manager: %s", p->license);
		rj_set_str(o, "licenseComments", sb.buf);
		strbuf_reset(&sb);
	}
	strbuf_addf(&sb, "%s package record", pkg_type_name(p->type));
	if (p->found_in)
		strbuf_addf(&sb, " in %s%s%s", p->found_in, p->found_in_inner ? "!" : "",
			    p->found_in_inner ? p->found_in_inner : "");
	if (p->os_owner)
		strbuf_addf(&sb, " (owned by the OS package %s)", p->os_owner);
	if (p->layer_index >= 0 || p->layer_digest) {
		strbuf_addstr(&sb, ", layer");
		if (p->layer_index >= 0)
			strbuf_addf(&sb, " %d", p->layer_index);
		if (p->layer_digest)
			strbuf_addf(&sb, " (diff_id %s)", p->layer_digest);
	}
	if (p->source_rpm)
		strbuf_addf(&sb, "; built from %s", p->source_rpm);
	else if (p->source_name && p->source_version)
		strbuf_addf(&sb, "; built from source package %s %s", p->source_name, p->source_version);
	else if (p->source_name)
		strbuf_addf(&sb, "; built from source package %s", p->source_name);
	rj_set_str(o, "sourceInfo", sb.buf);
	strbuf_release(&sb);
	if (purl) {
		json_t *refs = rj_array(), *r = rj_object();
		rj_set_str(r, "referenceCategory", "PACKAGE-MANAGER");
		rj_set_str(r, "referenceType", "purl");
		rj_set_str(r, "referenceLocator", purl);
		rj_append(refs, r);
		rj_set(o, "externalRefs", refs);
	}
	return o;
}

static void add_rel(json_t *rels, const char *from, const char *type, const char *to)
{
	json_t *r = rj_object();

	rj_set_str(r, "spdxElementId", from);
	rj_set_str(r, "relationshipType", type);
	rj_set_str(r, "relatedSpdxElement", to);
	rj_append(rels, r);
}

int report_spdx(const struct sbom *s, struct strbuf *out, struct vg_err *err)
{
	const struct inventory *inv = s->inv;
	struct arena a = ARENA_INIT;
	struct ids ids = { STRMAP_INIT, &a };
	struct strbuf sb = STRBUF_INIT;
	json_t *root, *ci, *creators, *pkgs, *rels;
	char ts[32], uuid[37];
	int ret;

	if (report_format_time(s->timestamp, ts, err) < 0)
		return -1;
	report_uuid(s, "spdx", uuid);
	unique_id(&ids, "SPDXRef-DOCUMENT");
	unique_id(&ids, "SPDXRef-Image");
	unique_id(&ids, "SPDXRef-OperatingSystem");

	root = rj_object();
	rj_set_str(root, "spdxVersion", "SPDX-2.3");
	rj_set_str(root, "dataLicense", "CC0-1.0");
	rj_set_str(root, "SPDXID", "SPDXRef-DOCUMENT");
	rj_set_str(root, "name", report_image_name(s));
	strbuf_addstr(&sb, SPDX_NAMESPACE_BASE);
	add_sanitized(&sb, report_image_name(s), "._~-");
	strbuf_addf(&sb, "-%s", uuid);
	rj_set_str(root, "documentNamespace", sb.buf);
	strbuf_release(&sb);

	ci = rj_object();
	rj_set_str(ci, "created", ts);
	creators = rj_array();
	rj_append(creators, json_sprintf("Tool: vigil-%s", s->tool_version ? s->tool_version : "unknown"));
	rj_set(ci, "creators", creators);
	rj_set(root, "creationInfo", ci);

	pkgs = rj_array();
	rels = rj_array();
	rj_append(pkgs, image_package(s));
	add_rel(rels, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
	if (inv->os.detected && inv->os.id && *inv->os.id) {
		rj_append(pkgs, os_package(&inv->os));
		add_rel(rels, "SPDXRef-Image", "CONTAINS", "SPDXRef-OperatingSystem");
	}
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		const char *purl = purl_for_package(p, &inv->os, &a);
		const char *id = package_id(&ids, p, purl);
		rj_append(pkgs, package_package(p, id, purl));
		add_rel(rels, "SPDXRef-Image", "CONTAINS", id);
	}
	rj_set(root, "packages", pkgs);
	rj_set(root, "relationships", rels);

	ret = rj_dump(root, out, err);
	strmap_free(&ids.used);
	arena_free(&a);
	return ret;
}
