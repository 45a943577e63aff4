/* scan_json.c - vigil's own JSON scan report (documented in docs/json-format.md).
 * Field names are stable; absent values are omitted, never null. */
#include "report_util.h"
#include "scan_report.h"

static json_t *finding_json(const struct finding *f, const struct os_info *os, struct arena *a)
{
	json_t *o = rj_object(), *aliases = rj_array();

	rj_set_str(o, "id", f->id);
	for (size_t i = 0; i < f->aliases.n; i++)
		rj_append(aliases, rj_str(f->aliases.v[i]));
	rj_set(o, "aliases", aliases);
	rj_set(o, "package", report_json_package(f->pkg, os, a));
	rj_set_str(o, "installed_version", f->installed);
	rj_set_str(o, "fixed_version", f->fixed_version);
	rj_set_str(o, "status", f->status);
	rj_set_str(o, "severity", severity_name(f->severity));
	rj_set_str(o, "severity_source", f->severity_source);
	if (f->score >= 0 || f->vector) {
		json_t *c = rj_object();
		if (f->score >= 0)
			rj_set(c, "score", json_real(f->score));
		rj_set_str(c, "vector", f->vector);
		rj_set(o, "cvss", c);
	}
	rj_set(o, "exploited", json_boolean(f->exploited));
	rj_set_str(o, "title", f->title);
	rj_set_str(o, "namespace", f->namespace);
	rj_set_str(o, "data_source", f->data_source);
	return o;
}

static json_t *summary_json(const struct scan_report *r)
{
	static const char *const keys[6] = { "unknown", "negligible", "low", "medium", "high", "critical" };
	json_t *o = rj_object(), *sup = rj_array();
	size_t counts[6];

	scan_report_count(r, counts);
	rj_set(o, "packages", json_integer((json_int_t)r->sbom.inv->packages.n));
	rj_set(o, "packages_tested", json_integer((json_int_t)r->result->packages_tested));
	rj_set(o, "packages_os_owned", json_integer((json_int_t)r->result->packages_os_owned));
	rj_set(o, "vulnerabilities", json_integer((json_int_t)r->shown.n));
	for (int i = 5; i >= 0; i--)
		rj_set(o, keys[i], json_integer((json_int_t)counts[i]));
	for (size_t i = 0; i < r->n_suppressed; i++) {
		json_t *s = rj_object();
		rj_set_str(s, "reason", r->suppressed[i].reason);
		rj_set(s, "count", json_integer((json_int_t)r->suppressed[i].count));
		rj_append(sup, s);
	}
	rj_set(o, "suppressed", sup);
	return o;
}

int report_scan_json(const struct scan_report *r, struct strbuf *out, struct vg_err *err)
{
	const struct sbom *s = &r->sbom;
	json_t *root = rj_object(), *tool = rj_object(), *os, *findings = rj_array();
	struct arena a = ARENA_INIT;
	char when[32];
	int rc;

	if (report_format_time(s->timestamp, when, err) != 0) {
		json_decref(root);
		json_decref(tool);
		json_decref(findings);
		return -1;
	}
	rj_set(root, "schema_version", json_integer(1));
	rj_set_str(tool, "name", "vigil");
	rj_set_str(tool, "version", s->tool_version);
	rj_set(root, "tool", tool);
	rj_set_str(root, "timestamp", when);
	rj_set(root, "image", report_json_image(&s->image));
	os = report_json_os(&s->inv->os);
	rj_set_str(os, "namespace", r->result->namespace);
	rj_set_str(os, "end_of_life", r->eol_date);
	rj_set(root, "os", os);
	if (r->db_built_at) {
		json_t *db = rj_object();
		rj_set_str(db, "built_at", r->db_built_at);
		rj_set(root, "db", db);
	}
	rj_set(root, "summary", summary_json(r));
	for (size_t i = 0; i < r->shown.n; i++)
		rj_append(findings, finding_json(r->shown.v[i], &s->inv->os, &a));
	rj_set(root, "findings", findings);
	rc = rj_dump(root, out, err);
	arena_free(&a);
	return rc;
}
