/* scan_sarif.c - the scan report as SARIF 2.1.0 (one run) for GitHub code
 * scanning and other SARIF viewers: one rule per distinct vulnerability id,
 * sorted by id, and one result per shown finding, in report order. */
#include "../core/digest.h"
#include "../core/strmap.h"
#include "report_util.h"
#include "scan_report.h"

#define SARIF_SCHEMA_URL "https://json.schemastore.org/sarif-2.1.0.json"
#define VIGIL_INFO_URI "https://vigil.invalid/"
#define FINGERPRINT_KEY "vigilFindingHash/v1"

/* One rule: every shown finding with this id. */
struct rule {
	const char *id;
	const struct finding *worst; /* highest severity, then highest score */
	size_t index;                /* position in the sorted rules array */
};


static const char *sarif_level(enum severity_level s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

/* GitHub reads properties.security-severity as a CVSS-like number in a
 * string: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. The
 * finding's CVSS score when it has one, else a value inside its level's band. */
static void security_severity(const struct finding *f, char out[16])
{
	static const char *const by_level[] = { "0.0", "1.0", "2.0", "5.5", "8.0", "9.5" };

	if (f->score >= 0 && f->score <= 10)
		snprintf(out, 16, "%.1f", f->score);
	else
		snprintf(out, 16, "%s", by_level[(unsigned)f->severity < 6 ? f->severity : 0]);
}

static bool worse(const struct finding *a, const struct finding *b)
{
	return a->severity != b->severity ? a->severity > b->severity : a->score > b->score;
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct rule *a = *(const struct rule *const *)pa, *b = *(const struct rule *const *)pb;

	return strcmp(a->id, b->id);
}

static json_t *text_message(const char *text)
{
	json_t *m = rj_object();

	rj_set_str(m, "text", text);
	return m;
}

/* Markdown table cell: no pipes or line breaks. */
static void md_cell(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++)
		strbuf_addch(sb, *s == '|' ? '/' : (*s == '\n' || *s == '\r') ? ' ' : *s);
}

static json_t *rule_json(const struct scan_report *r, const struct rule *ru, struct arena *a)
{
	const struct finding *f = ru->worst;
	const char *title = NULL, *desc = NULL, *url = scan_advisory_source(ru->id, a, NULL);
	json_t *o = rj_object(), *cfg = rj_object(), *help = rj_object(), *props = rj_object(), *tags = rj_array();
	struct strbuf text = STRBUF_INIT, md = STRBUF_INIT;
	bool exploited = false;
	char sev[16];

	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *g = r->shown.v[i];
		if (strcmp(g->id, ru->id) != 0)
			continue;
		if (!title && g->title && *g->title)
			title = g->title;
		if (!desc && g->description && *g->description)
			desc = g->description;
		exploited |= g->exploited;
	}
	rj_set_str(o, "id", ru->id);
	rj_set(o, "shortDescription", text_message(title ? title : ru->id));
	rj_set(o, "fullDescription", text_message(desc ? desc : title ? title : ru->id));
	rj_set_str(cfg, "level", sarif_level(f->severity));
	rj_set(o, "defaultConfiguration", cfg);
	rj_set_str(o, "helpUri", url);

	strbuf_addf(&text, "Vulnerability %s\nSeverity: %s\n", ru->id, severity_name(f->severity));
	strbuf_addf(&md, "**Vulnerability %s**\n\n| Severity | Package | Installed version | Fixed version | Status |\n"
		    "| --- | --- | --- | --- | --- |\n", ru->id);
	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *g = r->shown.v[i];
		if (strcmp(g->id, ru->id) != 0)
			continue;
		strbuf_addf(&text, "Package: %s %s, fixed version: %s, status: %s\n", g->pkg->name ? g->pkg->name : "",
			    g->pkg->version ? g->pkg->version : "", g->fixed_version ? g->fixed_version : "none",
			    g->status ? g->status : "affected");
		strbuf_addf(&md, "| %s | ", severity_name(g->severity));
		md_cell(&md, g->pkg->name);
		strbuf_addstr(&md, " | ");
		md_cell(&md, g->pkg->version);
		strbuf_addstr(&md, " | ");
		md_cell(&md, g->fixed_version ? g->fixed_version : "-");
		strbuf_addstr(&md, " | ");
		md_cell(&md, g->status);
		strbuf_addstr(&md, " |\n");
	}
	if (exploited) {
		strbuf_addstr(&text, "Known to be exploited (CISA KEV).\n");
		strbuf_addstr(&md, "\nKnown to be exploited (CISA KEV).\n");
	}
	strbuf_addf(&text, "More information: %s\n", url);
	strbuf_addf(&md, "\n[%s](%s)\n", ru->id, url);
	rj_set_str(help, "text", strbuf_str(&text));
	rj_set_str(help, "markdown", strbuf_str(&md));
	rj_set(o, "help", help);
	strbuf_release(&text);
	strbuf_release(&md);

	security_severity(f, sev);
	rj_set_str(props, "security-severity", sev);
	rj_set_str(props, "precision", "very-high");
	rj_append(tags, rj_str("vulnerability"));
	rj_append(tags, rj_str("security"));
	rj_append(tags, rj_str(severity_name(f->severity)));
	if (exploited)
		rj_append(tags, rj_str("known-exploited"));
	rj_set(props, "tags", tags);
	rj_set(o, "properties", props);
	return o;
}

/* found_in without its leading '/', as a URI reference: bytes outside the
 * unreserved and sub-delimiter sets (and '/', '@') are percent-encoded. */
static const char *artifact_uri(const struct package *p, const struct sbom *s, struct arena *a)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *path = p->found_in && *p->found_in ? p->found_in : report_image_name(s);
	struct strbuf sb = STRBUF_INIT;
	const char *ret;

	while (*path == '/')
		path++;
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~/!$&'()*+,;=@", *c)) {
			strbuf_addch(&sb, (char)*c);
		} else {
			strbuf_addch(&sb, '%');
			strbuf_addch(&sb, hex[*c >> 4]);
			strbuf_addch(&sb, hex[*c & 15]);
		}
	}
	ret = arena_strdup(a, sb.len ? strbuf_str(&sb) : "unknown");
	strbuf_release(&sb);
	return ret;
}

/* sha256 (hex, no prefix) of image name, package name, version, arch and id. */
static void fingerprint(const struct sbom *s, const struct finding *f, char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	char d[72];

	strbuf_addf(&sb, "%s\n%s\n%s\n%s\n%s", report_image_name(s), f->pkg->name ? f->pkg->name : "",
		    f->pkg->version ? f->pkg->version : "", f->pkg->arch ? f->pkg->arch : "", f->id);
	sha256_str(sb.buf, sb.len, d);
	memcpy(out, d + 7, 64);
	out[64] = '\0';
	strbuf_release(&sb);
}

static json_t *result_json(const struct scan_report *r, const struct finding *f, size_t rule_index, struct arena *a)
{
	const struct sbom *s = &r->sbom;
	const struct package *p = f->pkg;
	json_t *o = rj_object(), *locs = rj_array(), *loc = rj_object(), *phys = rj_object(), *art = rj_object(),
	       *region = rj_object(), *logs = rj_array(), *lg = rj_object(), *fps = rj_object(),
	       *props = rj_object(), *aliases = rj_array();
	const char *purl = purl_for_package(p, &s->inv->os, a);
	struct strbuf msg = STRBUF_INIT;
	char fp[65], sev[16];

	rj_set_str(o, "ruleId", f->id);
	rj_set(o, "ruleIndex", json_integer((json_int_t)rule_index));
	rj_set_str(o, "level", sarif_level(f->severity));
	strbuf_addf(&msg, "Package %s version %s is affected by %s (%s); ", p->name ? p->name : "?",
		    p->version ? p->version : "?", f->id, severity_name(f->severity));
	if (f->fixed_version)
		strbuf_addf(&msg, "fixed in %s", f->fixed_version);
	else if (f->status && strcmp(f->status, "affected") != 0 && strcmp(f->status, "fixed") != 0)
		strbuf_addf(&msg, "no fix available (%s)", f->status);
	else
		strbuf_addstr(&msg, "no fix available");
	if (f->exploited)
		strbuf_addstr(&msg, ". Known to be exploited (CISA KEV)");
	rj_set(o, "message", text_message(strbuf_str(&msg)));
	strbuf_release(&msg);

	rj_set_str(art, "uri", artifact_uri(p, s, a));
	rj_set_str(art, "uriBaseId", "ROOTPATH");
	rj_set(phys, "artifactLocation", art);
	rj_set(region, "startLine", json_integer(1));
	rj_set(phys, "region", region);
	rj_set(loc, "physicalLocation", phys);
	rj_set_str(lg, "name", p->name);
	rj_set_str(lg, "fullyQualifiedName", purl);
	rj_set_str(lg, "kind", "module");
	rj_append(logs, lg);
	rj_set(loc, "logicalLocations", logs);
	rj_append(locs, loc);
	rj_set(o, "locations", locs);

	fingerprint(s, f, fp);
	rj_set_str(fps, FINGERPRINT_KEY, fp);
	rj_set(o, "partialFingerprints", fps);

	rj_set_str(props, "package", p->name);
	rj_set_str(props, "installedVersion", p->version);
	rj_set_str(props, "comparedVersion", f->installed);
	rj_set_str(props, "fixedVersion", f->fixed_version);
	rj_set_str(props, "status", f->status);
	rj_set_str(props, "severity", severity_name(f->severity));
	rj_set_str(props, "severitySource", f->severity_source);
	security_severity(f, sev);
	rj_set_str(props, "security-severity", sev);
	if (f->score >= 0)
		rj_set(props, "cvssScore", json_real(f->score));
	rj_set_str(props, "cvssVector", f->vector);
	rj_set(props, "exploited", json_boolean(f->exploited));
	for (size_t i = 0; i < f->aliases.n; i++)
		rj_append(aliases, rj_str(f->aliases.v[i]));
	rj_set(props, "aliases", aliases);
	rj_set_str(props, "purl", purl);
	rj_set_str(props, "layerDiffID", p->layer_digest);
	rj_set_str(props, "dataSource", f->data_source);
	rj_set(o, "properties", props);
	return o;
}

static json_t *run_properties(const struct scan_report *r)
{
	const struct sbom *s = &r->sbom;
	json_t *o = rj_object(), *tags = rj_array(), *sup = rj_array();

	rj_set_str(o, "imageName", report_image_name(s));
	rj_set_str(o, "imageInput", s->image.input);
	rj_set_str(o, "manifestDigest", s->image.manifest_digest);
	rj_set_str(o, "configDigest", s->image.config_digest);
	for (size_t i = 0; i < s->image.n_repo_tags; i++)
		if (s->image.repo_tags[i])
			rj_append(tags, rj_str(s->image.repo_tags[i]));
	rj_set(o, "repoTags", tags);
	rj_set_str(o, "osId", s->inv->os.id);
	rj_set_str(o, "osVersion", s->inv->os.version_id);
	rj_set_str(o, "namespace", r->result ? r->result->namespace : NULL);
	rj_set_str(o, "endOfLife", r->eol_date);
	rj_set_str(o, "dbBuiltAt", r->db_built_at);
	for (size_t i = 0; i < r->n_suppressed; i++) {
		json_t *e = rj_object();
		rj_set_str(e, "reason", r->suppressed[i].reason);
		rj_set(e, "count", json_integer((json_int_t)r->suppressed[i].count));
		rj_append(sup, e);
	}
	rj_set(o, "suppressed", sup);
	return o;
}


int report_scan_sarif(const struct scan_report *r, struct strbuf *out, struct vg_err *err)
{
	const struct sbom *s = &r->sbom;
	struct arena a = ARENA_INIT;
	struct strmap by_id = STRMAP_INIT;
	struct ptrvec rules = PTRVEC_INIT;
	json_t *root, *runs, *run, *tool, *driver, *jrules, *results, *bases, *rootpath;
	char when[32];
	int rc;

	/* Fails only for a timestamp outside 1970..9999; checked first, as the other reporters do. */
	if (report_format_time(s->timestamp, when, err) != 0)
		return -1;
	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *f = r->shown.v[i];
		struct rule *ru = strmap_get(&by_id, f->id);
		if (!ru) {
			ru = arena_alloc(&a, sizeof(*ru));
			ru->id = f->id;
			ru->worst = f;
			strmap_put(&by_id, ru->id, ru);
			ptrvec_push(&rules, ru);
		} else if (worse(f, ru->worst)) {
			ru->worst = f;
		}
	}
	ptrvec_sort(&rules, rule_cmp);

	root = rj_object();
	rj_set_str(root, "$schema", SARIF_SCHEMA_URL);
	rj_set_str(root, "version", "2.1.0");
	runs = rj_array();
	run = rj_object();
	tool = rj_object();
	driver = rj_object();
	rj_set_str(driver, "name", "vigil");
	rj_set_str(driver, "version", s->tool_version);
	rj_set_str(driver, "semanticVersion", s->tool_version);
	rj_set_str(driver, "informationUri", VIGIL_INFO_URI);
	jrules = rj_array();
	for (size_t i = 0; i < rules.n; i++) {
		struct rule *ru = rules.v[i];
		ru->index = i;
		rj_append(jrules, rule_json(r, ru, &a));
	}
	rj_set(driver, "rules", jrules);
	rj_set(tool, "driver", driver);
	rj_set(run, "tool", tool);

	results = rj_array();
	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *f = r->shown.v[i];
		const struct rule *ru = strmap_get(&by_id, f->id);
		rj_append(results, result_json(r, f, ru->index, &a));
	}
	rj_set(run, "results", results);
	rj_set_str(run, "columnKind", "utf16CodeUnits");
	/* Locations are paths inside the image's root filesystem. */
	bases = rj_object();
	rootpath = rj_object();
	rj_set_str(rootpath, "uri", "file:///");
	rj_set(rootpath, "description", text_message("The root of the scanned image's filesystem"));
	rj_set(bases, "ROOTPATH", rootpath);
	rj_set(run, "originalUriBaseIds", bases);
	{
		json_t *props = run_properties(r);
		rj_set_str(props, "timestamp", when);
		rj_set(run, "properties", props);
	}
	rj_append(runs, run);
	rj_set(root, "runs", runs);

	rc = rj_dump(root, out, err);
	ptrvec_free(&rules, NULL);
	strmap_free(&by_id);
	arena_free(&a);
	return rc;
}
