/* cyclonedx.c - CycloneDX 1.6 JSON SBOM: the image as metadata.component
 * (type container), the OS and every package as components, and one
 * dependency entry saying the image depends on all of them. Appends to the
 * caller's strbuf; everything built here is freed before returning.
 *
 * bom-refs: "image:<config digest>" (else manifest digest, else name),
 * "os:<id>@<version_id>", and each package's purl; a repeated ref gets
 * "#2", "#3", ... appended, so every ref is unique. Vendor-specific data
 * goes into properties named "vigil:<name>" or "vigil:<group>:<name>". */
#include "report_util.h"

#define CDX_SCHEMA_URL "http://cyclonedx.org/schema/bom-1.6.schema.json"

const char *cdx_unique_ref(struct cdx_refs *r, const char *want)
{
	const char *ref = want;

	for (int n = 2; strmap_get(&r->used, ref); n++)
		ref = arena_printf(r->a, "%s#%d", want, n);
	ref = arena_strdup(r->a, ref);
	strmap_put(&r->used, ref, (void *)ref);
	return ref;
}

void add_prop(json_t *props, const char *name, const char *value)
{
	json_t *p;

	if (!value)
		return;
	p = rj_object();
	rj_set_str(p, "name", name);
	rj_set_str(p, "value", value);
	rj_append(props, p);
}

static void add_prop_int(json_t *props, const char *name, long long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", value);
	add_prop(props, name, buf);
}

/* Set obj["properties"] = props when it has any, else drop it. */
void set_props(json_t *obj, json_t *props)
{
	if (json_array_size(props))
		rj_set(obj, "properties", props);
	else
		json_decref(props);
}

static json_t *image_component(const struct sbom *s, const char *ref)
{
	const struct image_info *im = &s->image;
	json_t *c = rj_object(), *props = rj_array();

	rj_set_str(c, "type", "container");
	rj_set_str(c, "bom-ref", ref);
	rj_set_str(c, "name", report_image_name(s));
	rj_set_str(c, "version", im->manifest_digest ? im->manifest_digest : im->config_digest);
	add_prop(props, "vigil:image:input", im->input);
	add_prop(props, "vigil:image:transport", im->transport);
	add_prop(props, "vigil:image:manifest_digest", im->manifest_digest);
	add_prop(props, "vigil:image:config_digest", im->config_digest);
	add_prop(props, "vigil:image:os", im->os);
	add_prop(props, "vigil:image:architecture", im->architecture);
	add_prop(props, "vigil:image:variant", im->variant);
	add_prop(props, "vigil:image:created", im->created);
	for (size_t i = 0; i < im->n_repo_tags; i++)
		add_prop(props, "vigil:image:repo_tag", im->repo_tags[i]);
	/* Repeated in layer order, bottom first. */
	for (size_t i = 0; i < im->n_layers; i++)
		add_prop(props, "vigil:image:diff_id", im->diff_ids[i]);
	set_props(c, props);
	return c;
}

static json_t *os_component(const struct os_info *os, const char *ref)
{
	json_t *c = rj_object(), *props = rj_array();

	rj_set_str(c, "type", "operating-system");
	rj_set_str(c, "bom-ref", ref);
	rj_set_str(c, "name", os->id);
	rj_set_str(c, "version", os->version_id);
	rj_set_str(c, "description", os->pretty_name);
	add_prop(props, "vigil:os:codename", os->version_codename);
	add_prop(props, "vigil:os:id_like", os->id_like);
	add_prop(props, "vigil:os:source_file", os->source_file);
	set_props(c, props);
	return c;
}

static json_t *package_component(const struct package *p, const char *ref, const char *purl)
{
	json_t *c = rj_object(), *props = rj_array();

	rj_set_str(c, "type", "library");
	rj_set_str(c, "bom-ref", ref);
	if (p->maintainer && *p->maintainer) {
		json_t *sup = rj_object();
		rj_set_str(sup, "name", p->maintainer);
		rj_set(c, "supplier", sup);
	}
	rj_set_str(c, "name", p->name ? p->name : "");
	rj_set_str(c, "version", p->version);
	if (p->license && *p->license) {
		/* A named licence: the recorded text is not always a valid SPDX
		 * id or expression ("GPLv2+", "GPL-2.0 AND MIT (docs)"). */
		json_t *lics = rj_array(), *wrap = rj_object(), *lic = rj_object();
		rj_set_str(lic, "name", p->license);
		rj_set(wrap, "license", lic);
		rj_append(lics, wrap);
		rj_set(c, "licenses", lics);
	}
	rj_set_str(c, "purl", purl);
	add_prop(props, "vigil:package_type", pkg_type_name(p->type));
	add_prop(props, "vigil:arch", p->arch);
	if (p->epoch >= 0)
		add_prop_int(props, "vigil:epoch", p->epoch);
	add_prop(props, "vigil:source_name", p->source_name);
	add_prop(props, "vigil:source_version", p->source_version);
	add_prop(props, "vigil:source_rpm", p->source_rpm);
	add_prop(props, "vigil:found_in", p->found_in);
	add_prop(props, "vigil:found_in_inner", p->found_in_inner);
	add_prop(props, "vigil:os_owner", p->os_owner);
	if (p->layer_index >= 0)
		add_prop_int(props, "vigil:layer:index", p->layer_index);
	add_prop(props, "vigil:layer:diff_id", p->layer_digest);
	set_props(c, props);
	return c;
}

json_t *cdx_document(const char *uuid)
{
	json_t *root = rj_object();

	rj_set_str(root, "$schema", CDX_SCHEMA_URL);
	rj_set_str(root, "bomFormat", "CycloneDX");
	rj_set_str(root, "specVersion", "1.6");
	rj_set(root, "serialNumber", json_sprintf("urn:uuid:%s", uuid));
	rj_set(root, "version", json_integer(1));
	return root;
}

json_t *cdx_metadata(struct cdx_refs *r, const struct sbom *s, const char *ts, const char **image_ref)
{
	json_t *meta, *tools, *toolcomps, *tool;

	*image_ref = cdx_unique_ref(r, arena_printf(r->a, "image:%s",
		s->image.config_digest ? s->image.config_digest :
		s->image.manifest_digest ? s->image.manifest_digest : report_image_name(s)));
	meta = rj_object();
	rj_set_str(meta, "timestamp", ts);
	tool = rj_object();
	rj_set_str(tool, "type", "application");
	rj_set_str(tool, "name", "vigil");
	rj_set_str(tool, "version", s->tool_version);
	toolcomps = rj_array();
	rj_append(toolcomps, tool);
	tools = rj_object();
	rj_set(tools, "components", toolcomps);
	rj_set(meta, "tools", tools);
	rj_set(meta, "component", image_component(s, *image_ref));
	return meta;
}

void cdx_add_os(struct cdx_refs *r, const struct os_info *os, json_t *comps, json_t *depends)
{
	const char *ref;

	if (!os->detected || !os->id || !*os->id)
		return;
	ref = cdx_unique_ref(r, arena_printf(r->a, "os:%s%s%s", os->id,
		os->version_id ? "@" : "", os->version_id ? os->version_id : ""));
	rj_append(comps, os_component(os, ref));
	rj_append(depends, rj_str(ref));
}

const char *cdx_add_package(struct cdx_refs *r, const struct package *p, const struct os_info *os, json_t *comps,
			    json_t *depends)
{
	const char *purl = purl_for_package(p, os, r->a);
	const char *ref = cdx_unique_ref(r, purl ? purl : "package");

	rj_append(comps, package_component(p, ref, purl));
	rj_append(depends, rj_str(ref));
	return ref;
}

json_t *cdx_dependencies(const char *image_ref, json_t *depends)
{
	json_t *deps = rj_array(), *dep = rj_object();

	rj_set_str(dep, "ref", image_ref);
	rj_set(dep, "dependsOn", depends);
	rj_append(deps, dep);
	return deps;
}

int report_cyclonedx(const struct sbom *s, struct strbuf *out, struct vg_err *err)
{
	const struct inventory *inv = s->inv;
	struct arena a = ARENA_INIT;
	struct cdx_refs refs = { STRMAP_INIT, &a };
	json_t *root, *comps, *depends;
	const char *image_ref;
	char ts[32], uuid[37];
	int ret;

	if (report_format_time(s->timestamp, ts, err) < 0)
		return -1;
	report_uuid(s, "cyclonedx", uuid);

	root = cdx_document(uuid);
	rj_set(root, "metadata", cdx_metadata(&refs, s, ts, &image_ref));
	comps = rj_array();
	depends = rj_array();
	cdx_add_os(&refs, &inv->os, comps, depends);
	for (size_t i = 0; i < inv->packages.n; i++)
		cdx_add_package(&refs, inv->packages.v[i], &inv->os, comps, depends);
	rj_set(root, "components", comps);
	rj_set(root, "dependencies", cdx_dependencies(image_ref, depends));

	ret = rj_dump(root, out, err);
	strmap_free(&refs.used);
	arena_free(&a);
	return ret;
}
