/* test_scan_report.c - SARIF and CycloneDX scan reporters on a hand-built scan
 * report (rule indexes, levels, locations, refs, enums, reproducibility). With
 * VIGIL_REPORT_OUT=<dir>, writes scan*.sarif / scan*.cdx.json for e2e/scan_schemas.sh. */
#include <jansson.h>
#include <regex.h>

#include "testutil.h"
#include "reporttest.h"

#include "core/fileio.h"
#include "core/strmap.h"
#include "report/report.h"
#include "report/report_util.h"
#include "report/scan_report.h"

#define TS 1700000000LL /* 2023-11-14T22:13:20Z */
#define DPKG "/var/lib/dpkg/status"

static const char *const diff_ids[] = {
	"sha256:1111111111111111111111111111111111111111111111111111111111111111",
	"sha256:2222222222222222222222222222222222222222222222222222222222222222",
};
static const char *const repo_tags[] = { "example/app:1.0" };

struct pkg_spec {
	const char *name, *version, *arch, *source_name, *source_version, *found_in;
};

static const struct pkg_spec pkgs[] = {
	{ "bsdutils", "1:2.38.1-5+b1", "amd64", "util-linux", "2.38.1-5", DPKG },
	{ "libc6", "2.36-9+deb12u1", "amd64", "glibc", "2.36-9+deb12u1", DPKG },
	{ "libssl3", "3.0.11-1~deb12u1", "amd64", "openssl", "3.0.11-1~deb12u1", DPKG },
	{ "openssl", "3.0.11-1~deb12u1", "amd64", "openssl", "3.0.11-1~deb12u1", DPKG },
	{ "tzdata", "2024a-0+deb12u1", "all", NULL, NULL, "/var/lib/dpkg/status.d/tz data" },
	{ "zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", "1:1.2.13.dfsg-1", NULL },
	{ "zstd", "1.5.4+dfsg2-5", "amd64", NULL, NULL, DPKG }, /* no finding */
};

struct finding_spec {
	size_t pkg; /* index in pkgs */
	const char *id;
	enum severity_level sev;
	double score;
	const char *vector, *fixed, *status, *source;
	bool exploited;
	const char *alias, *title, *description;
};

#define V31 "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
#define V31M "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H"
#define V2 "AV:N/AC:L/Au:N/C:P/I:P/A:P"

/* In the matcher's order: package name, then id (CVEs first). */
static const struct finding_spec findings[] = {
	{ 0, "CVE-2022-0563", SEV_NEGLIGIBLE, -1, NULL, NULL, "will_not_fix", "debian-tracker", false, NULL,
	  "util-linux: partial disclosure of arbitrary files in chfn and chsh", NULL },
	{ 1, "CVE-2023-4911", SEV_HIGH, -1, NULL, "2.36-9+deb12u3", "fixed", "debian-tracker", true, NULL,
	  "Looney Tunables", "A buffer overflow was discovered in the GNU C Library's dynamic loader ld.so." },
	{ 1, "CVE-2024-2961", SEV_HIGH, 7.5, V2, "2.36-9+deb12u7", "fixed", "nvd", false, NULL, NULL, NULL },
	{ 2, "CVE-2023-5678", SEV_MEDIUM, 5.3, V31M, "3.0.13-1~deb12u1", "fixed", "nvd", false,
	  "GHSA-2m5x-4x6h-8x7c", "openssl: excessive time in DH key checks", "Generating excessively long X9.42 DH keys..." },
	{ 3, "CVE-2023-5678", SEV_MEDIUM, 5.3, V31M, "3.0.13-1~deb12u1", "fixed", "nvd", false,
	  "GHSA-2m5x-4x6h-8x7c", "openssl: excessive time in DH key checks", "Generating excessively long X9.42 DH keys..." },
	{ 4, "GHSA-xxxx-yyyy-zzzz", SEV_UNKNOWN, -1, NULL, NULL, "under_investigation", NULL, false, NULL, NULL, NULL },
	{ 5, "CVE-2022-37434", SEV_CRITICAL, 9.8, V31, "1:1.2.13.dfsg-1+deb12u1", "fixed", "nvd", false, NULL,
	  "zlib: heap-based buffer over-read in inflateGetHeader", "zlib through 1.2.12 has a heap-based buffer over-read" },
};

struct fixture {
	struct inventory inv;
	struct scan_result res;
	struct scan_report rep;
};

static struct package *add_pkg(struct inventory *inv, const struct pkg_spec *s)
{
	struct package *p = inventory_new_package(inv, PKG_DEB);

	p->name = inventory_strdup(inv, s->name);
	p->version = inventory_strdup(inv, s->version);
	p->arch = inventory_strdup(inv, s->arch);
	p->source_name = inventory_strdup(inv, s->source_name);
	p->source_version = inventory_strdup(inv, s->source_version);
	p->found_in = inventory_strdup(inv, s->found_in);
	p->layer_index = 0;
	p->layer_digest = diff_ids[0];
	return p;
}

static struct finding *new_finding(struct scan_result *res, const struct package *p, const struct finding_spec *s)
{
	struct finding *f = arena_alloc(&res->arena, sizeof(*f));

	memset(f, 0, sizeof(*f));
	f->pkg = p;
	f->id = arena_strdup(&res->arena, s->id);
	if (s->alias)
		ptrvec_push(&f->aliases, arena_strdup(&res->arena, s->alias));
	f->status = s->status;
	f->fixed_version = s->fixed;
	f->installed = p->source_version ? p->source_version : p->version;
	f->severity = s->sev;
	f->severity_source = s->source;
	f->score = s->score;
	f->vector = s->vector;
	f->exploited = s->exploited;
	f->title = s->title;
	f->description = s->description;
	f->data_source = "debian-tracker";
	f->namespace = "debian:12";
	ptrvec_push(&res->findings, f);
	return f;
}

/* All findings shown, except that with hide_first the first one is filtered
 * out (counted as suppressed by the severity filter). */
static void build(struct fixture *fx, bool with_findings, bool hide_first)
{
	struct package *p[VG_ARRAY_LEN(pkgs)];
	struct sbom *s = &fx->rep.sbom;

	memset(fx, 0, sizeof(*fx));
	inventory_init(&fx->inv);
	fx->inv.os.detected = true;
	fx->inv.os.id = "debian";
	fx->inv.os.version_id = "12";
	fx->inv.os.version_codename = "bookworm";
	fx->inv.os.pretty_name = "Debian GNU/Linux 12 (bookworm)";
	fx->inv.os.source_file = "/etc/os-release";
	for (size_t i = 0; i < VG_ARRAY_LEN(pkgs); i++)
		p[i] = add_pkg(&fx->inv, &pkgs[i]);
	scan_result_init(&fx->res);
	fx->res.namespace = "debian:12";
	fx->res.packages_tested = VG_ARRAY_LEN(pkgs);
	for (size_t i = 0; with_findings && i < VG_ARRAY_LEN(findings); i++) {
		struct finding *f = new_finding(&fx->res, p[findings[i].pkg], &findings[i]);
		if (hide_first && i == 0) {
			fx->rep.suppressed[0].reason = "severity filter";
			fx->rep.suppressed[0].count = 1;
			fx->rep.n_suppressed = 1;
		} else {
			ptrvec_push(&fx->rep.shown, f);
		}
	}
	s->image.input = "oci:/images/example:1.0";
	s->image.transport = "oci";
	s->image.name = "example/app:1.0";
	s->image.manifest_digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	s->image.config_digest = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	s->image.os = "linux";
	s->image.architecture = "amd64";
	s->image.repo_tags = repo_tags;
	s->image.n_repo_tags = VG_ARRAY_LEN(repo_tags);
	s->image.diff_ids = diff_ids;
	s->image.n_layers = VG_ARRAY_LEN(diff_ids);
	s->inv = &fx->inv;
	s->tool_version = "0.1.0";
	s->timestamp = TS;
	fx->rep.result = &fx->res;
	fx->rep.db_built_at = "2024-06-01T00:00:00Z";
}

static void release(struct fixture *fx)
{
	ptrvec_free(&fx->rep.shown, NULL);
	scan_result_free(&fx->res);
	inventory_free(&fx->inv);
}

typedef int (*scan_reporter)(const struct scan_report *, struct strbuf *, struct vg_err *);

static char *run(scan_reporter r, const struct scan_report *rep)
{
	struct strbuf out = STRBUF_INIT;
	struct vg_err err = { 0 };

	if (r(rep, &out, &err) != 0)
		fail_msg("reporter failed: %s", err.msg);
	return strbuf_detach(&out, NULL);
}


static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool matches(const char *re, const char *s)
{
	regex_t rx;
	bool ok;

	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = s && regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ SARIF */

static json_t *rule_by_id(json_t *rules, const char *id)
{
	size_t i;
	json_t *r;

	json_array_foreach(rules, i, r)
		if (strcmp(jstr(r, "id"), id) == 0)
			return r;
	fail_msg("no rule %s", id);
	return NULL;
}

static json_t *result_for(json_t *results, const char *id, const char *pkg)
{
	size_t i;
	json_t *r;

	json_array_foreach(results, i, r)
		if (strcmp(jstr(r, "ruleId"), id) == 0 &&
		    strcmp(jstr(json_object_get(r, "properties"), "package"), pkg) == 0)
			return r;
	fail_msg("no result %s / %s", id, pkg);
	return NULL;
}

static void test_sarif_structure(void **state)
{
	struct fixture fx;
	char *text;
	json_t *root, *run0, *driver, *rules, *results, *r, *res;
	struct strmap fps = STRMAP_INIT;
	size_t i;

	build(&fx, true, false);
	text = run(report_scan_sarif, &fx.rep);
	root = parse_report_json(text);
	assert_string_equal(jstr(root, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
	assert_string_equal(jstr(root, "version"), "2.1.0");
	assert_int_equal(json_array_size(json_object_get(root, "runs")), 1);
	run0 = json_array_get(json_object_get(root, "runs"), 0);
	driver = json_object_get(json_object_get(run0, "tool"), "driver");
	assert_string_equal(jstr(driver, "name"), "vigil");
	assert_string_equal(jstr(driver, "version"), "0.1.0");
	assert_true(matches("^https://", jstr(driver, "informationUri")));
	rules = json_object_get(driver, "rules");
	results = json_object_get(run0, "results");
	/* 7 findings, 6 distinct ids; rules sorted by id */
	assert_int_equal(json_array_size(rules), 6);
	assert_int_equal(json_array_size(results), 7);
	for (i = 1; i < json_array_size(rules); i++)
		assert_true(strcmp(jstr(json_array_get(rules, i - 1), "id"), jstr(json_array_get(rules, i), "id")) < 0);

	json_array_foreach(results, i, res) {
		json_t *idx = json_object_get(res, "ruleIndex"), *loc, *phys, *fp;
		const char *level = jstr(res, "level");
		const struct finding *f = fx.rep.shown.v[i];

		/* results in report order, each pointing at its own rule */
		assert_string_equal(jstr(res, "ruleId"), f->id);
		assert_true(json_is_integer(idx));
		assert_true(json_integer_value(idx) >= 0 && (size_t)json_integer_value(idx) < json_array_size(rules));
		assert_string_equal(jstr(json_array_get(rules, (size_t)json_integer_value(idx)), "id"), f->id);
		assert_string_equal(level, f->severity >= SEV_HIGH ? "error" : f->severity == SEV_MEDIUM ? "warning" : "note");
		assert_non_null(jstr(json_object_get(res, "message"), "text"));
		loc = json_array_get(json_object_get(res, "locations"), 0);
		phys = json_object_get(loc, "physicalLocation");
		assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 1);
		assert_false(jstr(json_object_get(phys, "artifactLocation"), "uri")[0] == '/');
		assert_non_null(json_array_get(json_object_get(loc, "logicalLocations"), 0));
		fp = json_object_get(res, "partialFingerprints");
		assert_int_equal(json_object_size(fp), 1);
		assert_true(matches("^[0-9a-f]{64}$", jstr(fp, "vigilFindingHash/v1")));
		assert_null(strmap_get(&fps, jstr(fp, "vigilFindingHash/v1")));
		strmap_put(&fps, jstr(fp, "vigilFindingHash/v1"), (void *)1);
	}
	strmap_free(&fps);

	/* exact message, location and properties of one result */
	res = result_for(results, "CVE-2023-5678", "libssl3");
	assert_string_equal(jstr(json_object_get(res, "message"), "text"),
			    "Package libssl3 version 3.0.11-1~deb12u1 is affected by CVE-2023-5678 (MEDIUM); "
			    "fixed in 3.0.13-1~deb12u1");
	r = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
	assert_string_equal(jstr(json_object_get(r, "artifactLocation"), "uri"), "var/lib/dpkg/status");
	r = json_array_get(json_object_get(json_array_get(json_object_get(res, "locations"), 0), "logicalLocations"), 0);
	assert_string_equal(jstr(r, "name"), "libssl3");
	assert_string_equal(jstr(r, "fullyQualifiedName"),
			    "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12");
	/* no fix; an exploited one; a path with a space; no found_in */
	res = result_for(results, "CVE-2022-0563", "bsdutils");
	assert_string_equal(jstr(json_object_get(res, "message"), "text"),
			    "Package bsdutils version 1:2.38.1-5+b1 is affected by CVE-2022-0563 (NEGLIGIBLE); "
			    "no fix available (will_not_fix)");
	res = result_for(results, "CVE-2023-4911", "libc6");
	assert_true(matches("fixed in 2\\.36-9\\+deb12u3\\. Known to be exploited",
			    jstr(json_object_get(res, "message"), "text")));
	res = result_for(results, "GHSA-xxxx-yyyy-zzzz", "tzdata");
	r = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
	assert_string_equal(jstr(json_object_get(r, "artifactLocation"), "uri"), "var/lib/dpkg/status.d/tz%20data");
	res = result_for(results, "CVE-2022-37434", "zlib1g");
	r = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
	assert_string_equal(jstr(json_object_get(r, "artifactLocation"), "uri"), "example/app%3A1.0");

	/* rules: security-severity from CVSS or the level, tags, helpUri */
	r = rule_by_id(rules, "CVE-2022-37434");
	assert_string_equal(jstr(json_object_get(r, "properties"), "security-severity"), "9.8");
	assert_string_equal(jstr(json_object_get(r, "defaultConfiguration"), "level"), "error");
	assert_string_equal(jstr(r, "helpUri"), "https://nvd.nist.gov/vuln/detail/CVE-2022-37434");
	assert_string_equal(jstr(json_object_get(r, "shortDescription"), "text"),
			    "zlib: heap-based buffer over-read in inflateGetHeader");
	assert_string_equal(jstr(json_object_get(r, "fullDescription"), "text"),
			    "zlib through 1.2.12 has a heap-based buffer over-read");
	r = rule_by_id(rules, "CVE-2023-4911");
	assert_string_equal(jstr(json_object_get(r, "properties"), "security-severity"), "8.0");
	{
		json_t *tags = json_object_get(json_object_get(r, "properties"), "tags");
		assert_int_equal(json_array_size(tags), 4);
		assert_string_equal(json_string_value(json_array_get(tags, 0)), "vulnerability");
		assert_string_equal(json_string_value(json_array_get(tags, 1)), "security");
		assert_string_equal(json_string_value(json_array_get(tags, 2)), "HIGH");
		assert_string_equal(json_string_value(json_array_get(tags, 3)), "known-exploited");
	}
	r = rule_by_id(rules, "CVE-2023-5678");
	assert_string_equal(jstr(json_object_get(r, "properties"), "security-severity"), "5.3");
	assert_string_equal(jstr(json_object_get(r, "defaultConfiguration"), "level"), "warning");
	assert_non_null(strstr(jstr(json_object_get(r, "help"), "markdown"), "| MEDIUM | openssl |"));
	r = rule_by_id(rules, "CVE-2022-0563");
	assert_string_equal(jstr(json_object_get(r, "defaultConfiguration"), "level"), "note");
	r = rule_by_id(rules, "GHSA-xxxx-yyyy-zzzz");
	assert_string_equal(jstr(r, "helpUri"), "https://osv.dev/vulnerability/GHSA-xxxx-yyyy-zzzz");
	assert_string_equal(jstr(json_object_get(r, "shortDescription"), "text"), "GHSA-xxxx-yyyy-zzzz");
	assert_string_equal(jstr(json_object_get(r, "properties"), "security-severity"), "0.0");
	assert_string_equal(jstr(json_object_get(r, "defaultConfiguration"), "level"), "note");
	json_array_foreach(rules, i, r) {
		assert_true(matches("^[0-9]+\\.[0-9]$", jstr(json_object_get(r, "properties"), "security-severity")));
		assert_non_null(jstr(json_object_get(r, "fullDescription"), "text"));
	}
	/* the CVSS score as written, not 9.8000000000000007 */
	assert_non_null(strstr(text, "\"cvssScore\": 9.8,"));

	json_decref(root);
	free(text);
	release(&fx);
}

static void test_sarif_filtered_and_empty(void **state)
{
	struct fixture fx;
	char *text;
	json_t *root, *run0;

	/* a filtered finding is neither a rule nor a result */
	build(&fx, true, true);
	text = run(report_scan_sarif, &fx.rep);
	root = parse_report_json(text);
	run0 = json_array_get(json_object_get(root, "runs"), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(json_object_get(run0, "tool"), "driver"), "rules")), 5);
	assert_int_equal(json_array_size(json_object_get(run0, "results")), 6);
	assert_null(strstr(text, "CVE-2022-0563"));
	assert_non_null(strstr(text, "severity filter"));
	json_decref(root);
	free(text);
	release(&fx);

	build(&fx, false, false);
	text = run(report_scan_sarif, &fx.rep);
	root = parse_report_json(text);
	run0 = json_array_get(json_object_get(root, "runs"), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(json_object_get(run0, "tool"), "driver"), "rules")), 0);
	assert_int_equal(json_array_size(json_object_get(run0, "results")), 0);
	json_decref(root);
	free(text);
	release(&fx);
}

static void test_sarif_deterministic(void **state)
{
	struct fixture fx;
	char *a, *b, *c;

	build(&fx, true, false);
	a = run(report_scan_sarif, &fx.rep);
	b = run(report_scan_sarif, &fx.rep);
	assert_string_equal(a, b);
	/* another time: the fingerprints stay */
	fx.rep.sbom.timestamp = TS + 86400;
	c = run(report_scan_sarif, &fx.rep);
	assert_string_not_equal(a, c);
	{
		json_t *ja = parse_report_json(a), *jc = parse_report_json(c);
		json_t *ra = json_object_get(json_array_get(json_object_get(ja, "runs"), 0), "results");
		json_t *rc = json_object_get(json_array_get(json_object_get(jc, "runs"), 0), "results");
		assert_true(json_equal(ra, rc));
		json_decref(ja);
		json_decref(jc);
	}
	free(a);
	free(b);
	free(c);
	release(&fx);
}

/* -------------------------------------------------------------- CycloneDX */

static const char *const cdx_severities[] = { "critical", "high", "medium", "low", "info", "none", "unknown" };
static const char *const cdx_methods[] = { "CVSSv2", "CVSSv3", "CVSSv31", "CVSSv4", "OWASP", "SSVC", "other" };

static json_t *vuln_by_id(json_t *vulns, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(vulns, i, v)
		if (strcmp(jstr(v, "id"), id) == 0)
			return v;
	fail_msg("no vulnerability %s", id);
	return NULL;
}

/* Every bom-ref anywhere in the document, into refs; false on a repeat. */
static bool collect_refs(json_t *j, struct strmap *refs)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, key, v) {
			if (strcmp(key, "bom-ref") == 0) {
				if (!json_is_string(v) || strmap_get(refs, json_string_value(v)))
					return false;
				strmap_put(refs, json_string_value(v), (void *)1);
			} else if (!collect_refs(v, refs)) {
				return false;
			}
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (!collect_refs(v, refs))
				return false;
	}
	return true;
}

static void test_cyclonedx_structure(void **state)
{
	struct fixture fx;
	struct strmap refs = STRMAP_INIT;
	char *text, *sbom_text;
	json_t *root, *sbom, *vulns, *v, *affects;
	size_t i, j;

	build(&fx, true, false);
	text = run(report_scan_cyclonedx, &fx.rep);
	root = parse_report_json(text);
	assert_string_equal(jstr(root, "bomFormat"), "CycloneDX");
	assert_string_equal(jstr(root, "specVersion"), "1.6");
	assert_true(matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
			    jstr(root, "serialNumber")));

	/* the same components, metadata component and dependencies as the SBOM */
	{
		struct strbuf sb = STRBUF_INIT;
		struct vg_err err = { 0 };
		assert_int_equal(report_cyclonedx(&fx.rep.sbom, &sb, &err), 0);
		sbom_text = strbuf_detach(&sb, NULL);
	}
	sbom = parse_report_json(sbom_text);
	assert_true(json_equal(json_object_get(root, "components"), json_object_get(sbom, "components")));
	assert_true(json_equal(json_object_get(root, "dependencies"), json_object_get(sbom, "dependencies")));
	assert_true(json_equal(json_object_get(json_object_get(root, "metadata"), "component"),
			       json_object_get(json_object_get(sbom, "metadata"), "component")));
	assert_string_not_equal(jstr(root, "serialNumber"), jstr(sbom, "serialNumber"));
	json_decref(sbom);
	free(sbom_text);

	assert_true(collect_refs(root, &refs));
	vulns = json_object_get(root, "vulnerabilities");
	assert_int_equal(json_array_size(vulns), 6);
	json_array_foreach(vulns, i, v) {
		json_t *rating;
		if (i)
			assert_true(strcmp(jstr(json_array_get(vulns, i - 1), "id"), jstr(v, "id")) < 0);
		assert_non_null(jstr(v, "bom-ref"));
		assert_non_null(jstr(json_object_get(v, "source"), "name"));
		assert_true(matches("^https://", jstr(json_object_get(v, "source"), "url")));
		assert_true(json_array_size(json_object_get(v, "ratings")) >= 1);
		json_array_foreach(json_object_get(v, "ratings"), j, rating) {
			assert_true(in_list(jstr(rating, "severity"), cdx_severities, VG_ARRAY_LEN(cdx_severities)));
			assert_true(in_list(jstr(rating, "method"), cdx_methods, VG_ARRAY_LEN(cdx_methods)));
		}
		affects = json_object_get(v, "affects");
		assert_true(json_array_size(affects) >= 1);
		json_array_foreach(affects, j, rating) {
			json_t *ver = json_array_get(json_object_get(rating, "versions"), 0);
			assert_non_null(strmap_get(&refs, jstr(rating, "ref")));
			assert_string_equal(jstr(ver, "status"), "affected");
			assert_non_null(jstr(ver, "version"));
		}
	}
	strmap_free(&refs);

	v = vuln_by_id(vulns, "CVE-2023-5678");
	affects = json_object_get(v, "affects");
	assert_int_equal(json_array_size(affects), 2);
	assert_string_equal(jstr(json_array_get(affects, 0), "ref"),
			    "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12");
	assert_string_equal(jstr(json_array_get(affects, 1), "ref"),
			    "pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12");
	assert_int_equal(json_array_size(json_object_get(v, "ratings")), 1); /* the same rating twice: once */
	{
		json_t *rt = json_array_get(json_object_get(v, "ratings"), 0), *ref;
		assert_string_equal(jstr(rt, "severity"), "medium");
		assert_string_equal(jstr(rt, "method"), "CVSSv31");
		assert_string_equal(jstr(rt, "vector"), V31M);
		assert_true(json_real_value(json_object_get(rt, "score")) == 5.3);
		ref = json_array_get(json_object_get(v, "references"), 0);
		assert_string_equal(jstr(ref, "id"), "GHSA-2m5x-4x6h-8x7c");
		assert_string_equal(jstr(json_object_get(ref, "source"), "url"),
				    "https://osv.dev/vulnerability/GHSA-2m5x-4x6h-8x7c");
	}
	assert_string_equal(jstr(v, "recommendation"),
			    "Upgrade libssl3 to 3.0.13-1~deb12u1; Upgrade openssl to 3.0.13-1~deb12u1");
	assert_string_equal(jstr(json_object_get(v, "source"), "name"), "NVD");
	assert_string_equal(jstr(json_object_get(v, "source"), "url"), "https://nvd.nist.gov/vuln/detail/CVE-2023-5678");

	v = vuln_by_id(vulns, "CVE-2022-0563");
	assert_string_equal(jstr(json_array_get(json_object_get(v, "ratings"), 0), "severity"), "info");
	assert_string_equal(jstr(json_array_get(json_object_get(v, "ratings"), 0), "method"), "other");
	assert_null(json_object_get(json_array_get(json_object_get(v, "ratings"), 0), "score"));
	assert_null(json_object_get(v, "recommendation"));
	v = vuln_by_id(vulns, "CVE-2024-2961");
	assert_string_equal(jstr(json_array_get(json_object_get(v, "ratings"), 0), "method"), "CVSSv2");
	v = vuln_by_id(vulns, "GHSA-xxxx-yyyy-zzzz");
	assert_string_equal(jstr(json_array_get(json_object_get(v, "ratings"), 0), "severity"), "unknown");
	assert_string_equal(jstr(json_object_get(v, "source"), "name"), "OSV");
	v = vuln_by_id(vulns, "CVE-2023-4911");
	{
		bool kev = false;
		json_t *p;
		json_array_foreach(json_object_get(v, "properties"), i, p)
			kev |= strcmp(jstr(p, "name"), "vigil:exploited") == 0 && strcmp(jstr(p, "value"), "true") == 0;
		assert_true(kev);
	}
	assert_non_null(strstr(text, "\"score\": 9.8,"));

	json_decref(root);
	free(text);
	release(&fx);
}

/* A finding whose package the inventory does not list still gets a ref. */
static void test_cyclonedx_foreign_package(void **state)
{
	struct fixture fx;
	struct strmap refs = STRMAP_INIT;
	struct inventory other;
	struct package *p;
	char *text;
	json_t *root, *v;

	build(&fx, true, false);
	inventory_init(&other);
	p = add_pkg(&other, &(struct pkg_spec){ "ghost", "1.0-1", "amd64", NULL, NULL, DPKG });
	ptrvec_push(&fx.rep.shown, new_finding(&fx.res, p, &findings[6]));
	text = run(report_scan_cyclonedx, &fx.rep);
	root = parse_report_json(text);
	assert_true(collect_refs(root, &refs));
	v = vuln_by_id(json_object_get(root, "vulnerabilities"), "CVE-2022-37434");
	assert_int_equal(json_array_size(json_object_get(v, "affects")), 2);
	assert_non_null(strmap_get(&refs, jstr(json_array_get(json_object_get(v, "affects"), 1), "ref")));
	assert_int_equal(json_array_size(json_object_get(root, "components")), 1 + VG_ARRAY_LEN(pkgs) + 1);
	strmap_free(&refs);
	json_decref(root);
	free(text);
	release(&fx);
	inventory_free(&other);
}

static void test_cyclonedx_deterministic(void **state)
{
	struct fixture fx;
	char *a, *b;
	json_t *root;

	build(&fx, true, false);
	a = run(report_scan_cyclonedx, &fx.rep);
	b = run(report_scan_cyclonedx, &fx.rep);
	assert_string_equal(a, b);
	free(a);
	free(b);
	release(&fx);

	build(&fx, false, false);
	a = run(report_scan_cyclonedx, &fx.rep);
	root = parse_report_json(a);
	assert_int_equal(json_array_size(json_object_get(root, "vulnerabilities")), 0);
	json_decref(root);
	free(a);
	release(&fx);
}

/* ------------------------------------------------- documents for ajv (e2e) */

static void test_write_outputs(void **state)
{
	static const struct { const char *name; scan_reporter r; bool findings; } docs[] = {
		{ "scan.sarif", report_scan_sarif, true },
		{ "scan.cdx.json", report_scan_cyclonedx, true },
		{ "scan-empty.sarif", report_scan_sarif, false },
		{ "scan-empty.cdx.json", report_scan_cyclonedx, false },
	};
	const char *dir = getenv("VIGIL_REPORT_OUT");

	for (size_t i = 0; i < VG_ARRAY_LEN(docs); i++) {
		struct fixture fx;
		char *text, path[4096];
		struct vg_err err = { 0 };

		build(&fx, docs[i].findings, false);
		text = run(docs[i].r, &fx.rep);
		json_decref(parse_report_json(text));
		if (dir && *dir) {
			snprintf(path, sizeof(path), "%s/%s", dir, docs[i].name);
			if (write_output(path, text, strlen(text), &err) != 0)
				fail_msg("%s", err.msg);
		}
		free(text);
		release(&fx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_structure),
		cmocka_unit_test(test_sarif_filtered_and_empty),
		cmocka_unit_test(test_sarif_deterministic),
		cmocka_unit_test(test_cyclonedx_structure),
		cmocka_unit_test(test_cyclonedx_foreign_package),
		cmocka_unit_test(test_cyclonedx_deterministic),
		cmocka_unit_test(test_write_outputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
