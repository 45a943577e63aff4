/* json.c - vigil's own JSON inventory format (documented field by field in
 * docs/json-format.md). Appends to the caller's strbuf; everything built
 * here is freed before returning. Absent values are left out, never null;
 * arrays are always present, possibly empty. */
#include "report_util.h"

/* Bump when a field changes meaning or disappears; adding fields does not. */
#define VIGIL_JSON_SCHEMA_VERSION 1

json_t *report_json_image(const struct image_info *im)
{
	json_t *o = rj_object(), *tags = rj_array(), *layers = rj_array();

	rj_set_str(o, "input", im->input);
	rj_set_str(o, "transport", im->transport);
	rj_set_str(o, "name", im->name);
	rj_set_str(o, "manifest_digest", im->manifest_digest);
	rj_set_str(o, "config_digest", im->config_digest);
	rj_set_str(o, "os", im->os);
	rj_set_str(o, "architecture", im->architecture);
	rj_set_str(o, "variant", im->variant);
	rj_set_str(o, "created", im->created);
	for (size_t i = 0; i < im->n_repo_tags; i++)
		if (im->repo_tags[i])
			rj_append(tags, rj_str(im->repo_tags[i]));
	rj_set(o, "repo_tags", tags);
	for (size_t i = 0; i < im->n_layers; i++)
		rj_append(layers, rj_str(im->diff_ids[i] ? im->diff_ids[i] : ""));
	rj_set(o, "layers", layers);
	return o;
}

json_t *report_json_os(const struct os_info *os)
{
	json_t *o = rj_object();

	rj_set_str(o, "id", os->id);
	rj_set_str(o, "version_id", os->version_id);
	rj_set_str(o, "codename", os->version_codename);
	rj_set_str(o, "name", os->name);
	rj_set_str(o, "pretty_name", os->pretty_name);
	rj_set_str(o, "id_like", os->id_like);
	rj_set_str(o, "source_file", os->source_file);
	return o;
}

json_t *report_json_package(const struct package *p, const struct os_info *os, struct arena *a)
{
	json_t *o = rj_object();

	rj_set_str(o, "type", pkg_type_name(p->type));
	rj_set_str(o, "name", p->name);
	rj_set_str(o, "version", p->version);
	if (p->epoch >= 0)
		rj_set(o, "epoch", json_integer(p->epoch));
	rj_set_str(o, "arch", p->arch);
	rj_set_str(o, "source_name", p->source_name);
	rj_set_str(o, "source_version", p->source_version);
	rj_set_str(o, "source_rpm", p->source_rpm);
	rj_set_str(o, "license", p->license);
	rj_set_str(o, "maintainer", p->maintainer);
	rj_set_str(o, "purl", purl_for_package(p, os, a));
	rj_set_str(o, "found_in", p->found_in);
	rj_set_str(o, "found_in_inner", p->found_in_inner);
	rj_set_str(o, "os_owner", p->os_owner);
	if (p->layer_index >= 0 || p->layer_digest) {
		json_t *l = rj_object();
		if (p->layer_index >= 0)
			rj_set(l, "index", json_integer(p->layer_index));
		rj_set_str(l, "diff_id", p->layer_digest);
		rj_set(o, "layer", l);
	}
	return o;
}

int report_json(const struct sbom *s, struct strbuf *out, struct vg_err *err)
{
	const struct inventory *inv = s->inv;
	struct arena a = ARENA_INIT;
	json_t *root, *tool, *pkgs, *warns;
	char ts[32];

	if (report_format_time(s->timestamp, ts, err) < 0)
		return -1;
	root = rj_object();
	rj_set(root, "schema_version", json_integer(VIGIL_JSON_SCHEMA_VERSION));
	tool = rj_object();
	rj_set_str(tool, "name", "vigil");
	rj_set_str(tool, "version", s->tool_version);
	rj_set(root, "tool", tool);
	rj_set_str(root, "timestamp", ts);
	rj_set(root, "image", report_json_image(&s->image));
	if (inv->os.detected)
		rj_set(root, "os", report_json_os(&inv->os));
	pkgs = rj_array();
	for (size_t i = 0; i < inv->packages.n; i++)
		rj_append(pkgs, report_json_package(inv->packages.v[i], &inv->os, &a));
	rj_set(root, "packages", pkgs);
	warns = rj_array();
	for (size_t i = 0; i < inv->warnings.n; i++)
		rj_append(warns, rj_str(inv->warnings.v[i]));
	rj_set(root, "warnings", warns);
	arena_free(&a);
	return rj_dump(root, out, err);
}
