/* scan_cyclonedx.c - the scan report as a CycloneDX 1.6 JSON BOM: the same
 * components (and bom-refs) as the SBOM writer in cyclonedx.c, plus one
 * vulnerabilities[] entry per distinct id whose affects[] names packages' refs. */
#include "report_util.h"
#include "scan_report.h"

/* CycloneDX 1.6 severity enum: critical high medium low info none unknown. */
static const char *cdx_severity(enum severity_level s)
{
	switch (s) {
	case SEV_CRITICAL: return "critical";
	case SEV_HIGH: return "high";
	case SEV_MEDIUM: return "medium";
	case SEV_LOW: return "low";
	case SEV_NEGLIGIBLE: return "info";
	default: return "unknown";
	}
}

/* scoreMethod from the vector's prefix (a v2 vector has none); "other"
 * when there is no CVSS vector. */
static const char *cdx_method(const char *vector)
{
	if (!vector)
		return "other";
	if (str_starts_with(vector, "CVSS:3.1/"))
		return "CVSSv31";
	if (str_starts_with(vector, "CVSS:3.0/"))
		return "CVSSv3";
	if (str_starts_with(vector, "CVSS:4.0/"))
		return "CVSSv4";
	if (str_starts_with(vector, "AV:") || str_starts_with(vector, "(AV:"))
		return "CVSSv2";
	return "other";
}

/* Who published the id, and where to read it. */
static json_t *vuln_source(const char *id, struct arena *a)
{
	json_t *o = rj_object();
	const char *name;
	const char *url = scan_advisory_source(id, a, &name);

	rj_set_str(o, "name", name);
	rj_set_str(o, "url", url);
	return o;
}

struct vuln {
	const char *id;
	struct ptrvec findings; /* const struct finding *, report order */
};

static int vuln_cmp(const void *pa, const void *pb)
{
	const struct vuln *a = *(const struct vuln *const *)pa, *b = *(const struct vuln *const *)pb;

	return strcmp(a->id, b->id);
}

/* The ratings of every finding of v, without repeats, in report order. */
static json_t *ratings_json(const struct vuln *v, struct arena *a)
{
	json_t *arr = rj_array();
	struct strmap seen = STRMAP_INIT;

	for (size_t i = 0; i < v->findings.n; i++) {
		const struct finding *f = v->findings.v[i];
		const char *key = arena_printf(a, "%d|%s|%.1f|%s", (int)f->severity,
			f->severity_source ? f->severity_source : "", f->score, f->vector ? f->vector : "");
		json_t *r;

		if (strmap_get(&seen, key))
			continue;
		strmap_put(&seen, key, (void *)key);
		r = rj_object();
		if (f->severity_source) {
			json_t *src = rj_object();
			rj_set_str(src, "name", f->severity_source);
			rj_set(r, "source", src);
		}
		if (f->score >= 0 && f->score <= 10)
			rj_set(r, "score", json_real(f->score));
		rj_set_str(r, "severity", cdx_severity(f->severity));
		rj_set_str(r, "method", cdx_method(f->vector));
		rj_set_str(r, "vector", f->vector);
		rj_append(arr, r);
	}
	strmap_free(&seen);
	return arr;
}

static json_t *vuln_json(const struct vuln *v, const char *bom_ref, struct strmap *pkg_refs, struct arena *a)
{
	const struct finding *first = v->findings.v[0];
	json_t *o = rj_object(), *refs = rj_array(), *affects = rj_array(), *props = rj_array();
	struct strmap aliases = STRMAP_INIT;
	struct strbuf rec = STRBUF_INIT;
	const char *desc = NULL, *title = NULL;
	bool exploited = false;

	rj_set_str(o, "bom-ref", bom_ref);
	rj_set_str(o, "id", v->id);
	rj_set(o, "source", vuln_source(v->id, a));
	for (size_t i = 0; i < v->findings.n; i++) {
		const struct finding *f = v->findings.v[i];
		for (size_t k = 0; k < f->aliases.n; k++) {
			const char *al = f->aliases.v[k];
			json_t *ref;
			if (!al || !*al || strcmp(al, v->id) == 0 || strmap_get(&aliases, al))
				continue;
			strmap_put(&aliases, al, (void *)al);
			ref = rj_object();
			rj_set_str(ref, "id", al);
			rj_set(ref, "source", vuln_source(al, a));
			rj_append(refs, ref);
		}
		if (!desc && f->description && *f->description)
			desc = f->description;
		if (!title && f->title && *f->title)
			title = f->title;
		exploited |= f->exploited;
	}
	strmap_free(&aliases);
	if (json_array_size(refs))
		rj_set(o, "references", refs);
	else
		json_decref(refs);
	rj_set(o, "ratings", ratings_json(v, a));
	rj_set_str(o, "description", desc ? desc : title);

	for (size_t i = 0; i < v->findings.n; i++) {
		const struct finding *f = v->findings.v[i];
		const char *ref = strmap_get(pkg_refs, arena_printf(a, "%p", (const void *)f->pkg));
		json_t *aff = rj_object(), *versions = rj_array(), *ver = rj_object();

		rj_set_str(aff, "ref", ref);
		rj_set_str(ver, "version", f->pkg->version ? f->pkg->version : "");
		rj_set_str(ver, "status", "affected");
		rj_append(versions, ver);
		rj_set(aff, "versions", versions);
		rj_append(affects, aff);
		add_prop(props, arena_printf(a, "vigil:affects:%s:status", ref), f->status);
		add_prop(props, arena_printf(a, "vigil:affects:%s:fixed_version", ref), f->fixed_version);
		add_prop(props, arena_printf(a, "vigil:affects:%s:compared_version", ref), f->installed);
		if (f->fixed_version)
			strbuf_addf(&rec, "%sUpgrade %s to %s", rec.len ? "; " : "", f->pkg->name ? f->pkg->name : "?",
				    f->fixed_version);
	}
	if (rec.len)
		rj_set_str(o, "recommendation", strbuf_str(&rec));
	strbuf_release(&rec);
	rj_set(o, "affects", affects);
	add_prop(props, "vigil:severity", severity_name(first->severity));
	add_prop(props, "vigil:data_source", first->data_source);
	add_prop(props, "vigil:namespace", first->namespace);
	if (exploited)
		add_prop(props, "vigil:exploited", "true");
	set_props(o, props);
	return o;
}


int report_scan_cyclonedx(const struct scan_report *r, struct strbuf *out, struct vg_err *err)
{
	const struct sbom *s = &r->sbom;
	const struct inventory *inv = s->inv;
	struct arena a = ARENA_INIT;
	struct cdx_refs refs = { STRMAP_INIT, &a };
	struct strmap pkg_refs = STRMAP_INIT, by_id = STRMAP_INIT;
	struct ptrvec vulns = PTRVEC_INIT;
	json_t *root, *meta, *comps, *depends, *jvulns, *mprops;
	const char *image_ref;
	char ts[32], uuid[37];
	int ret;

	if (report_format_time(s->timestamp, ts, err) < 0)
		return -1;
	/* Not the SBOM's serial number: this is another document about the same image. */
	report_uuid(s, "cyclonedx-scan", uuid);

	root = cdx_document(uuid);
	meta = cdx_metadata(&refs, s, ts, &image_ref);
	mprops = rj_array();
	add_prop(mprops, "vigil:scan:namespace", r->result ? r->result->namespace : NULL);
	add_prop(mprops, "vigil:scan:db_built_at", r->db_built_at);
	add_prop(mprops, "vigil:scan:end_of_life", r->eol_date);
	for (size_t i = 0; i < r->n_suppressed; i++)
		add_prop(mprops, "vigil:scan:suppressed", arena_printf(&a, "%s: %zu", r->suppressed[i].reason,
								   r->suppressed[i].count));
	set_props(meta, mprops);
	rj_set(root, "metadata", meta);

	comps = rj_array();
	depends = rj_array();
	cdx_add_os(&refs, &inv->os, comps, depends);
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		const char *ref = cdx_add_package(&refs, p, &inv->os, comps, depends);
		strmap_put(&pkg_refs, arena_printf(&a, "%p", (const void *)p), (void *)ref);
	}
	/* A finding about a package the inventory does not list (never expected):
	 * give it a component too, so that every affects[].ref resolves. */
	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *f = r->shown.v[i];
		const char *key = arena_printf(&a, "%p", (const void *)f->pkg);
		if (strmap_get(&pkg_refs, key))
			continue;
		strmap_put(&pkg_refs, key, (void *)cdx_add_package(&refs, f->pkg, &inv->os, comps, depends));
	}
	rj_set(root, "components", comps);
	rj_set(root, "dependencies", cdx_dependencies(image_ref, depends));

	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *f = r->shown.v[i];
		struct vuln *v = strmap_get(&by_id, f->id);
		if (!v) {
			v = arena_alloc(&a, sizeof(*v));
			memset(v, 0, sizeof(*v));
			v->id = f->id;
			strmap_put(&by_id, v->id, v);
			ptrvec_push(&vulns, v);
		}
		ptrvec_push(&v->findings, (void *)f);
	}
	ptrvec_sort(&vulns, vuln_cmp);
	jvulns = rj_array();
	for (size_t i = 0; i < vulns.n; i++) {
		struct vuln *v = vulns.v[i];
		/* unique among all bom-refs of the document, components included */
		const char *ref = cdx_unique_ref(&refs, arena_printf(&a, "vulnerability:%s", v->id));
		rj_append(jvulns, vuln_json(v, ref, &pkg_refs, &a));
		ptrvec_free(&v->findings, NULL);
	}
	rj_set(root, "vulnerabilities", jvulns);

	ret = rj_dump(root, out, err);
	ptrvec_free(&vulns, NULL);
	strmap_free(&by_id);
	strmap_free(&pkg_refs);
	strmap_free(&refs.used);
	arena_free(&a);
	return ret;
}
