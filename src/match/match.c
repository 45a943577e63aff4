/* match.c - decide which advisories apply to which packages (see match.h).
 * Distro feeds give a status and a first fixed version; OSV gives ranges of
 * events, evaluated as the OSV schema says, in the namespace's version order. */
#include <ctype.h>
#include <jansson.h>

#include "../core/strbuf.h"
#include "../core/strmap.h"
#include "../severity/cvss.h"
#include "../version/version.h"
#include "match.h"

void scan_result_init(struct scan_result *r)
{
	memset(r, 0, sizeof(*r));
}

void scan_result_free(struct scan_result *r)
{
	for (size_t i = 0; i < r->findings.n; i++)
		ptrvec_free(&((struct finding *)r->findings.v[i])->aliases, NULL);
	ptrvec_free(&r->findings, NULL);
	arena_free(&r->arena);
}

const char *severity_name(enum severity_level s)
{
	static const char *const names[] = { "UNKNOWN", "NEGLIGIBLE", "LOW", "MEDIUM", "HIGH", "CRITICAL" };
	return (unsigned)s < VG_ARRAY_LEN(names) ? names[s] : "UNKNOWN";
}

enum severity_level severity_from_word(const char *w)
{
	static const struct { const char *word; enum severity_level level; } words[] = {
		{ "critical", SEV_CRITICAL }, { "important", SEV_HIGH }, { "high", SEV_HIGH },
		{ "moderate", SEV_MEDIUM }, { "medium", SEV_MEDIUM }, { "low", SEV_LOW },
		{ "negligible", SEV_NEGLIGIBLE }, { "unimportant", SEV_NEGLIGIBLE }, { "none", SEV_NEGLIGIBLE },
	};

	if (!w)
		return SEV_UNKNOWN;
	for (size_t i = 0; i < VG_ARRAY_LEN(words); i++)
		if (strncasecmp(w, words[i].word, strlen(words[i].word)) == 0)
			return words[i].level;
	return SEV_UNKNOWN;
}

/* "12.4" -> "12"; "3.20.3" with keep = 2 -> "3.20". */
static char *leading_components(struct arena *a, const char *v, int keep)
{
	size_t n = 0;
	int dots = 0;

	while (v[n] && !(v[n] == '.' && ++dots == keep))
		n++;
	return arena_strndup(a, v, n);
}

const char *namespace_for_os(const struct os_info *os, struct arena *a)
{
	const char *id = os->id;

	if (!os->detected || !id)
		return NULL;
	if (strcmp(id, "wolfi") == 0 || strcmp(id, "chainguard") == 0)
		return arena_printf(a, "%s:rolling", id);
	if (!os->version_id)
		return os->version_codename ? arena_printf(a, "%s:%s", id, os->version_codename) : NULL;
	if (strcmp(id, "alpine") == 0)
		return arena_printf(a, "alpine:%s", leading_components(a, os->version_id, 2));
	if (strcmp(id, "ubuntu") == 0 || strcmp(id, "amzn") == 0)
		return arena_printf(a, "%s:%s", id, os->version_id);
	/* debian, almalinux, rocky, rhel, centos, ol ...: the major release */
	return arena_printf(a, "%s:%s", id, leading_components(a, os->version_id, 1));
}

static enum version_scheme scheme_for(enum pkg_type t)
{
	switch (t) {
	case PKG_DEB: return VS_DEB;
	case PKG_APK: return VS_APK;
	case PKG_RPM: return VS_RPM;
	case PKG_NPM: case PKG_CARGO: case PKG_COMPOSER: return VS_SEMVER;
	case PKG_GO: return VS_GO;
	case PKG_PYPI: return VS_PEP440;
	case PKG_MAVEN: return VS_MAVEN;
	case PKG_GEM: return VS_GEM;
	}
	return VS_DEB;
}

/* The DB namespace of a language ecosystem (OSV's, lower case; see vulndb.h). */
static const char *lang_namespace(enum pkg_type t)
{
	switch (t) {
	case PKG_NPM: return "npm";
	case PKG_PYPI: return "pypi";
	case PKG_GO: return "go";
	case PKG_MAVEN: return "maven";
	case PKG_GEM: return "rubygems";
	case PKG_CARGO: return "crates.io";
	case PKG_COMPOSER: return "packagist";
	default: return NULL;
	}
}

/* PEP 503: lower case, every run of '-', '_' and '.' becomes one '-'. */
static const char *pypi_normalised(const char *name, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *ret;

	for (const char *c = name; *c; c++) {
		if (*c == '-' || *c == '_' || *c == '.') {
			if (!sb.len || sb.buf[sb.len - 1] != '-')
				strbuf_addch(&sb, '-');
			continue;
		}
		strbuf_addch(&sb, (char)tolower((unsigned char)*c));
	}
	ret = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return ret;
}

/* The name the DB knows a package by, and the version to compare. */
static const char *lookup_name(const struct package *p, struct arena *a)
{
	if (p->type == PKG_PYPI)
		return pypi_normalised(p->name, a);
	if (pkg_type_is_lang(p->type) || p->type == PKG_RPM || !p->source_name)
		return p->name;
	return p->source_name;
}

static const char *compared_version(const struct package *p)
{
	if (p->type == PKG_DEB && p->source_version)
		return p->source_version;
	return p->version;
}

/* ---- OSV ranges ---- */

struct event {
	const char *kind;    /* "introduced", "fixed", "last_affected", "limit" */
	const char *version;
};

static enum version_scheme sort_scheme;

static int event_cmp(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;
	bool a0 = strcmp(a->version, "0") == 0, b0 = strcmp(b->version, "0") == 0;

	if (a0 || b0) /* "0" (introduced at the beginning) sorts first */
		return a0 == b0 ? 0 : a0 ? -1 : 1;
	return version_compare(sort_scheme, a->version, b->version);
}

static size_t collect_events(json_t *events, struct event *ev, size_t max)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	size_t n = 0, i;
	json_t *e;

	json_array_foreach(events, i, e) {
		for (size_t k = 0; k < VG_ARRAY_LEN(kinds) && n < max; k++) {
			const char *v = json_string_value(json_object_get(e, kinds[k]));
			if (v) {
				ev[n].kind = kinds[k];
				ev[n].version = v;
				n++;
			}
		}
	}
	return n;
}

/* Is v affected by one OSV range? Sets *fixed to the first fix above v. */
static bool range_affects(enum version_scheme s, json_t *range, const char *v, const char **fixed)
{
	struct event ev[256];
	size_t n = collect_events(json_object_get(range, "events"), ev, VG_ARRAY_LEN(ev));
	bool affected = false;

	*fixed = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ev[i].kind, "limit") == 0 && strcmp(ev[i].version, "*") != 0 &&
		    version_compare(s, v, ev[i].version) >= 0)
			return false;
	sort_scheme = s; /* qsort has no context argument; the matcher is single-threaded */
	qsort(ev, n, sizeof(ev[0]), event_cmp);
	for (size_t i = 0; i < n; i++) {
		const char *k = ev[i].kind, *ver = ev[i].version;
		if (strcmp(k, "introduced") == 0) {
			if (strcmp(ver, "0") == 0 || version_compare(s, v, ver) >= 0)
				affected = true;
		} else if (strcmp(k, "fixed") == 0) {
			if (version_compare(s, v, ver) >= 0)
				affected = false;
			else if (affected && !*fixed)
				*fixed = ver;
		} else if (strcmp(k, "last_affected") == 0) {
			if (version_compare(s, v, ver) > 0)
				affected = false;
		}
	}
	if (!affected)
		*fixed = NULL;
	return affected;
}

static bool versions_list_has(json_t *versions, const char *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(versions, i, x)
		if (json_string_value(x) && strcmp(json_string_value(x), v) == 0)
			return true;
	return false;
}

/* The Node security-wg's ranges: {"vulnerable": expr, "patched": expr}. The
 * fix shown is the patched expression, without a plain leading ">=". */
static bool npm_range_affects(json_t *r, const char *v, struct arena *a, const char **fixed)
{
	const char *vuln = json_string_value(json_object_get(r, "vulnerable"));
	const char *patched = json_string_value(json_object_get(r, "patched"));

	if (!vuln || npm_range_satisfies(vuln, v) != 1)
		return false;
	if (patched && *patched && npm_range_satisfies(patched, v) == 1)
		return false;
	if (patched && *patched) {
		const char *f = patched;
		while (*f == ' ')
			f++;
		if (str_starts_with(f, ">=") && !strpbrk(f + 2, " |<>"))
			f += 2;
		*fixed = arena_strdup(a, f);
	}
	return true;
}

/* ruby-advisory-db: affected unless a patched or unaffected requirement holds. */
static bool gem_requirements_affect(json_t *r, const char *v, struct arena *a, const char **fixed)
{
	json_t *patched = json_object_get(r, "patched"), *unaffected = json_object_get(r, "unaffected"), *x;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	json_array_foreach(patched, i, x)
		if (json_string_value(x) && gem_requirement_satisfies(json_string_value(x), v) == 1)
			return false;
	json_array_foreach(unaffected, i, x)
		if (json_string_value(x) && gem_requirement_satisfies(json_string_value(x), v) == 1)
			return false;
	json_array_foreach(patched, i, x)
		if (json_string_value(x))
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", json_string_value(x));
	if (sb.len)
		*fixed = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return true;
}

/* OSV: affected by any ECOSYSTEM/SEMVER range or listed version (and vigil's
 * own NPM_SEMVER_RANGE / GEM_REQUIREMENTS ranges, see vulndb.h). */
static bool osv_affects(enum version_scheme s, const struct affected_row *row, const char *v, struct arena *a,
			const char **fixed)
{
	json_t *ranges = row->ranges ? json_loads(row->ranges, 0, NULL) : NULL;
	json_t *versions = row->versions ? json_loads(row->versions, 0, NULL) : NULL;
	bool hit = false;
	size_t i;
	json_t *r;

	*fixed = NULL;
	json_array_foreach(ranges, i, r) {
		const char *type = json_string_value(json_object_get(r, "type")), *f = NULL;
		if (type && strcmp(type, "NPM_SEMVER_RANGE") == 0) {
			hit = npm_range_affects(r, v, a, fixed) || hit;
			continue;
		}
		if (type && strcmp(type, "GEM_REQUIREMENTS") == 0) {
			hit = gem_requirements_affect(r, v, a, fixed) || hit;
			continue;
		}
		if (!type || (strcmp(type, "ECOSYSTEM") != 0 && strcmp(type, "SEMVER") != 0))
			continue;
		/* a SEMVER range is SemVer whatever the ecosystem's own order (OSV
		 * schema); Go's order is SemVer plus its own spellings */
		enum version_scheme rs = strcmp(type, "SEMVER") == 0 && (s == VS_PEP440 || s == VS_MAVEN || s == VS_GEM) ?
						 VS_SEMVER : s;
		if (range_affects(rs, r, v, &f)) {
			hit = true;
			if (f && (!*fixed || version_compare(rs, f, *fixed) < 0))
				*fixed = arena_strdup(a, f);
		}
	}
	if (!hit && versions && versions_list_has(versions, v))
		hit = true;
	json_decref(ranges);
	json_decref(versions);
	return hit;
}

/* ---- matching one package ---- */

struct pkg_ctx {
	struct scan_result *res;
	struct vulndb *db;
	const struct package *pkg;
	const char *ns;
	struct strmap seen; /* id -> struct finding * for this package */
	struct vg_err *err;
};

/* The report's status word for a DB status (a static string: rows do not
 * outlive the query). */
static const char *status_for(const char *db_status)
{
	if (strcmp(db_status, "wont-fix") == 0)
		return "will_not_fix";
	if (strcmp(db_status, "under-investigation") == 0)
		return "under_investigation";
	if (strcmp(db_status, "affected") == 0)
		return "affected";
	return "fixed";
}

/* Does the row say this package version is affected? Sets status and fix. */
static bool row_affects(const struct pkg_ctx *pc, const struct affected_row *row, const char **status,
			const char **fixed)
{
	enum version_scheme s = scheme_for(pc->pkg->type);
	const char *v = compared_version(pc->pkg);

	*fixed = NULL;
	*status = status_for(row->status);
	if (strcmp(row->status, "fixed") == 0) {
		if (!row->fixed || version_compare(s, v, row->fixed) >= 0)
			return false;
		*fixed = arena_strdup(&pc->res->arena, row->fixed);
		return true;
	}
	if (strcmp(row->status, "ranges") == 0) {
		if (!osv_affects(s, row, v, &pc->res->arena, fixed))
			return false;
		*status = *fixed ? "fixed" : "affected";
		return true;
	}
	return strcmp(row->status, "affected") == 0 || strcmp(row->status, "wont-fix") == 0 ||
	       strcmp(row->status, "under-investigation") == 0;
}

static bool is_cve(const char *id)
{
	return strncmp(id, "CVE-", 4) == 0;
}

/* Severity: the distro's own rating first, then CVSS (v3, v4, v2; NVD first). */
static void choose_severity(struct finding *f, const struct affected_row *row, const struct vuln_info *vi)
{
	static const char *const cvss_order[] = { "CVSS_V3", "CVSS_V4", "CVSS_V2" };

	f->severity = severity_from_word(row->rating);
	f->score = -1;
	if (f->severity != SEV_UNKNOWN) {
		f->severity_source = f->data_source; /* row->source: the arena copy, rows die with the query */
		return;
	}
	for (size_t i = 0; i < vi->severities.n; i++) {
		const struct severity_row *s = vi->severities.v[i];
		if (strcmp(s->type, "rating") == 0 && strcmp(s->source, row->source) == 0 &&
		    severity_from_word(s->rating) != SEV_UNKNOWN) {
			f->severity = severity_from_word(s->rating);
			f->severity_source = s->source;
			return;
		}
	}
	for (size_t k = 0; k < VG_ARRAY_LEN(cvss_order); k++)
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < vi->severities.n; i++) {
				const struct severity_row *s = vi->severities.v[i];
				bool nvd = strstr(s->source, "nvd") != NULL;
				double score = s->score;
				int version;
				/* OSV gives vectors only: score them */
				if (score < 0 && s->vector && cvss_base_score(s->vector, &score, &version) != 0)
					score = -1;
				if (strcmp(s->type, cvss_order[k]) != 0 || (pass == 0) != nvd || score < 0)
					continue;
				f->score = score;
				f->vector = s->vector;
				f->severity_source = s->source;
				f->severity = s->rating ? severity_from_word(s->rating) : SEV_UNKNOWN;
				if (f->severity == SEV_UNKNOWN)
					f->severity = score >= 9.0 ? SEV_CRITICAL : score >= 7.0 ? SEV_HIGH :
						      score >= 4.0 ? SEV_MEDIUM : score > 0 ? SEV_LOW : SEV_NEGLIGIBLE;
				return;
			}
}

/* Add source to the finding's data sources unless it is there already. */
static void add_source(struct finding *f, const char *source, struct arena *a)
{
	const char *p = strstr(f->data_source, source);
	size_t n = strlen(source);

	if (p && (p == f->data_source || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
		return;
	f->data_source = arena_printf(a, "%s, %s", f->data_source, source);
}

/* An advisory (a DSA, an erratum) whose CVE alias is already a finding of
 * this package is the same problem: merge it there. CVE rows come first. */
static struct finding *finding_of_alias(struct pkg_ctx *pc, const struct vuln_info *vi)
{
	for (size_t i = 0; i < vi->aliases.n; i++) {
		struct finding *f = strmap_get(&pc->seen, vi->aliases.v[i]);
		if (f)
			return f;
	}
	return NULL;
}

static int on_row(const struct affected_row *row, void *ctx)
{
	struct pkg_ctx *pc = ctx;
	struct arena *a = &pc->res->arena;
	const char *status, *fixed;
	struct finding *f;
	struct vuln_info vi;

	if (!row_affects(pc, row, &status, &fixed))
		return 0;
	f = strmap_get(&pc->seen, row->vuln_id);
	if (f) { /* the same advisory from another source: one finding, both sources */
		add_source(f, row->source, a);
		if (fixed && (!f->fixed_version ||
			      version_compare(scheme_for(pc->pkg->type), fixed, f->fixed_version) < 0))
			f->fixed_version = fixed;
		return 0;
	}
	if (vulndb_vuln_info(pc->db, row->vuln_id, a, &vi, pc->err) != 0)
		return -1;
	if (vi.withdrawn || (f = finding_of_alias(pc, &vi))) {
		if (f && !vi.withdrawn)
			add_source(f, row->source, a);
		ptrvec_free(&vi.aliases, NULL);
		ptrvec_free(&vi.severities, NULL);
		return 0;
	}
	f = arena_alloc(a, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->pkg = pc->pkg;
	f->id = arena_strdup(a, row->vuln_id);
	f->aliases = vi.aliases;
	f->status = status;
	f->fixed_version = fixed;
	f->installed = compared_version(pc->pkg);
	f->exploited = vi.exploited;
	f->title = vi.summary;
	f->description = vi.description;
	f->data_source = arena_strdup(a, row->source);
	f->namespace = pc->ns;
	choose_severity(f, row, &vi);
	ptrvec_free(&vi.severities, NULL);
	strmap_put(&pc->seen, f->id, f);
	ptrvec_push(&pc->res->findings, f);
	return 0;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa, *b = *(const struct finding *const *)pb;
	int c = strcmp(a->pkg->name, b->pkg->name);

	if (c)
		return c;
	if ((c = strcmp(a->installed, b->installed)))
		return c;
	if (is_cve(a->id) != is_cve(b->id))
		return is_cve(a->id) ? -1 : 1;
	return strcmp(a->id, b->id);
}

int match_inventory(struct vulndb *db, const struct inventory *inv, struct scan_result *out, struct vg_err *err)
{
	return match_inventory_with(db, inv, NULL, out, err);
}

int match_inventory_with(struct vulndb *db, const struct inventory *inv, const struct match_options *opt,
			 struct scan_result *out, struct vg_err *err)
{
	out->namespace = namespace_for_os(&inv->os, &out->arena);
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		const char *ns = pkg_type_is_lang(p->type) ? lang_namespace(p->type) : out->namespace;
		struct pkg_ctx pc = { out, db, p, ns, STRMAP_INIT, err };
		int rc;

		if (pkg_type_is_lang(p->type) && p->os_owner && !(opt && opt->os_owned_lang)) {
			out->packages_os_owned++;
			continue;
		}
		if (!ns) {
			out->packages_unsupported++;
			continue;
		}
		out->packages_tested++;
		rc = vulndb_each_affected(db, ns, lookup_name(p, &out->arena), on_row, &pc, err);
		strmap_free(&pc.seen);
		if (rc != 0 || err->code != VG_OK)
			return -1;
	}
	ptrvec_sort(&out->findings, finding_cmp);
	return 0;
}
