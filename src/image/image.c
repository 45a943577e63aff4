/* image.c - turn an IMAGE argument into a struct image: pick the transport,
 * read index/manifest/config JSON (verifying digests), select tag and
 * platform, and describe the layers. Layer bytes are not read here. */
#include <errno.h>
#include <jansson.h>
#include <sys/stat.h>

#include "../core/digest.h"
#include "../core/strbuf.h"
#include "image.h"

#define MAX_INDEX_BYTES (8u << 20)
#define MAX_MANIFEST_BYTES (4u << 20)
#define MAX_CONFIG_BYTES (32u << 20)
#define MAX_LAYERS 1000
#define MAX_INDEX_DEPTH 4

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"

const char *image_transport_name(enum image_transport t)
{
	switch (t) {
	case TRANSPORT_OCI: return "oci";
	case TRANSPORT_OCI_ARCHIVE: return "oci-archive";
	case TRANSPORT_DOCKER_ARCHIVE: return "docker-archive";
	case TRANSPORT_DIR: return "dir";
	case TRANSPORT_ROOTFS_TAR: return "rootfs-tar";
	case TRANSPORT_REGISTRY: return "registry";
	}
	return "unknown";
}

static const char *json_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static json_t *parse_json(const char *what, const char *data, size_t len, struct vg_err *err)
{
	json_error_t je;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		vg_err_set(err, VG_EFORMAT, "%s: malformed JSON: %s (line %d)", what, je.text, je.line);
	return j;
}

/* ---- platform ---- */

struct platform {
	char os[64], arch[64], variant[64];
};

static int platform_parse(const char *s, struct platform *p, struct vg_err *err)
{
	const char *a, *v;

	memset(p, 0, sizeof(*p));
	if (!s)
		s = "linux/amd64";
	a = strchr(s, '/');
	if (!a || a == s || !a[1] || (size_t)(a - s) >= sizeof(p->os))
		return vg_err_set(err, VG_EUSAGE, "--platform %s: expected OS/ARCH[/VARIANT]", s);
	memcpy(p->os, s, (size_t)(a - s));
	a++;
	v = strchr(a, '/');
	if ((v ? (size_t)(v - a) : strlen(a)) >= sizeof(p->arch) || (v && strlen(v + 1) >= sizeof(p->variant)))
		return vg_err_set(err, VG_EUSAGE, "--platform %s: too long", s);
	memcpy(p->arch, a, v ? (size_t)(v - a) : strlen(a));
	if (v)
		strcpy(p->variant, v + 1);
	return 0;
}

static bool platform_matches(const struct platform *want, json_t *pl)
{
	const char *os = json_str(pl, "os"), *arch = json_str(pl, "architecture"), *var = json_str(pl, "variant");

	if (!os || !arch || strcmp(os, want->os) || strcmp(arch, want->arch))
		return false;
	if (want->variant[0])
		return var && strcmp(var, want->variant) == 0;
	return true;
}

/* ---- blobs ---- */

static int blob_member_name(const char *digest, struct strbuf *out, struct vg_err *err)
{
	const char *colon;

	if (!digest || !(colon = strchr(digest, ':')))
		return vg_err_set(err, VG_EFORMAT, "malformed digest \"%s\"", digest ? digest : "");
	if (strncmp(digest, "sha256:", 7) != 0)
		return vg_err_set(err, VG_EUNSUPPORTED, "digest algorithm of \"%s\" is not supported (only sha256)", digest);
	if (!digest_is_valid_sha256(digest))
		return vg_err_set(err, VG_EFORMAT, "malformed digest \"%s\"", digest);
	strbuf_reset(out);
	strbuf_addf(out, "blobs/sha256/%s", colon + 1);
	return 0;
}

/* Read a small blob by digest and verify it. */
static int read_blob(struct image *img, const char *digest, size_t max, char **data, size_t *len,
		     struct vg_err *err)
{
	struct strbuf name = STRBUF_INIT;
	char got[72];
	int r = -1;

	if (img->registry)
		return registry_get_blob(img->registry, digest, max, data, len, err);
	if (blob_member_name(digest, &name, err) != 0) {
		vg_err_prefix(err, "%s", img->where);
		goto out;
	}
	if (store_read(img->store, name.buf, max, data, len, err) != 0)
		goto out;
	sha256_str(*data, *len, got);
	if (strcmp(got, digest) != 0) {
		vg_err_set(err, VG_EDIGEST, "%s: blob %s: digest mismatch (content hashes to %s)", img->where,
			   digest, got);
		free(*data);
		*data = NULL;
		goto out;
	}
	r = 0;
out:
	strbuf_release(&name);
	return r;
}

/* ---- config ---- */

static int parse_config(struct image *img, const char *what, const char *data, size_t len, struct vg_err *err)
{
	json_t *cfg = parse_json(what, data, len, err), *rootfs, *ids;
	struct arena *a = &img->arena;
	const char **diff_ids;
	size_t i, n;

	if (!cfg)
		return -1;
	if (!json_is_object(cfg)) {
		json_decref(cfg);
		return vg_err_set(err, VG_EFORMAT, "%s: image config is not a JSON object", what);
	}
	img->info.os = arena_strdup_opt(a, json_str(cfg, "os"));
	img->info.architecture = arena_strdup_opt(a, json_str(cfg, "architecture"));
	img->info.variant = arena_strdup_opt(a, json_str(cfg, "variant"));
	img->info.created = arena_strdup_opt(a, json_str(cfg, "created"));
	rootfs = json_object_get(cfg, "rootfs");
	ids = json_object_get(rootfs, "diff_ids");
	if (!json_is_array(ids)) {
		json_decref(cfg);
		return vg_err_set(err, VG_EFORMAT, "%s: image config has no rootfs.diff_ids array", what);
	}
	n = json_array_size(ids);
	if (n > MAX_LAYERS) {
		json_decref(cfg);
		return vg_err_set(err, VG_ELIMIT, "%s: more than %d layers", what, MAX_LAYERS);
	}
	diff_ids = arena_alloc(a, (n ? n : 1) * sizeof(*diff_ids));
	for (i = 0; i < n; i++) {
		const char *d = json_string_value(json_array_get(ids, i));
		if (!digest_is_valid_sha256(d)) {
			json_decref(cfg);
			return vg_err_set(err, VG_EFORMAT, "%s: rootfs.diff_ids[%zu] is not a sha256 digest", what, i);
		}
		diff_ids[i] = arena_strdup(a, d);
	}
	img->info.diff_ids = diff_ids;
	img->info.n_layers = n;
	json_decref(cfg);
	return 0;
}

static enum layer_compression compression_of_media_type(const char *mt, bool *ok)
{
	*ok = true;
	if (!mt)
		return COMP_DETECT;
	if (str_ends_with(mt, ".tar") || strcmp(mt, "application/vnd.docker.image.rootfs.diff.tar") == 0)
		return COMP_NONE;
	if (str_ends_with(mt, "tar+gzip") || str_ends_with(mt, "diff.tar.gzip"))
		return COMP_GZIP;
	if (str_ends_with(mt, "tar+zstd") || str_ends_with(mt, "diff.tar.zstd"))
		return COMP_ZSTD;
	*ok = false;
	return COMP_DETECT;
}

/* ---- OCI manifests ---- */

static int use_manifest(struct image *img, const char *digest, const char *data, size_t len, struct vg_err *err)
{
	json_t *m = parse_json(digest, data, len, err), *layers, *cfgd;
	const char *cfg_digest;
	char *cfg = NULL;
	size_t cfg_len, i, n;
	int r = -1;

	if (!m)
		return -1;
	layers = json_object_get(m, "layers");
	cfgd = json_object_get(m, "config");
	cfg_digest = json_str(cfgd, "digest");
	if (!json_is_array(layers) || !cfg_digest) {
		vg_err_set(err, VG_EFORMAT, "%s: manifest %s has no config or layers", img->where, digest);
		goto out;
	}
	if (read_blob(img, cfg_digest, MAX_CONFIG_BYTES, &cfg, &cfg_len, err) != 0)
		goto out;
	img->info.manifest_digest = arena_strdup(&img->arena, digest);
	img->info.config_digest = arena_strdup(&img->arena, cfg_digest);
	if (parse_config(img, cfg_digest, cfg, cfg_len, err) != 0)
		goto out;
	n = json_array_size(layers);
	if (n != img->info.n_layers) {
		vg_err_set(err, VG_EFORMAT, "%s: manifest %s lists %zu layers but its config has %zu diff_ids",
			   img->where, digest, n, img->info.n_layers);
		goto out;
	}
	img->layers = arena_alloc(&img->arena, (n ? n : 1) * sizeof(*img->layers));
	img->n_layers = n;
	for (i = 0; i < n; i++) {
		json_t *l = json_array_get(layers, i);
		struct layer_desc *ld = &img->layers[i];
		const char *ldig = json_str(l, "digest"), *mt = json_str(l, "mediaType");
		struct strbuf name = STRBUF_INIT;
		bool ok;

		if (blob_member_name(ldig, &name, err) != 0) {
			vg_err_prefix(err, "%s: manifest %s: layer %zu", img->where, digest, i);
			goto out;
		}
		memset(ld, 0, sizeof(*ld));
		ld->member = arena_strdup(&img->arena, name.buf);
		strbuf_release(&name);
		ld->digest = arena_strdup(&img->arena, ldig);
		ld->diff_id = img->info.diff_ids[i];
		ld->media_type = arena_strdup_opt(&img->arena, mt);
		ld->size = json_is_integer(json_object_get(l, "size")) ? json_integer_value(json_object_get(l, "size")) : -1;
		ld->compression = compression_of_media_type(mt, &ok);
		if (!ok) {
			vg_err_set(err, VG_EUNSUPPORTED, "%s: layer %s has unsupported media type %s", img->where,
				   ldig, mt);
			goto out;
		}
	}
	r = 0;
out:
	free(cfg);
	json_decref(m);
	return r;
}

static void list_platforms(json_t *manifests, struct strbuf *sb)
{
	size_t i;
	json_t *d;

	json_array_foreach(manifests, i, d) {
		json_t *pl = json_object_get(d, "platform");
		const char *os = json_str(pl, "os"), *arch = json_str(pl, "architecture"), *var = json_str(pl, "variant");
		if (!os || !arch || strcmp(os, "unknown") == 0)
			continue;
		strbuf_addf(sb, "%s%s/%s%s%s", sb->len ? ", " : "", os, arch, var ? "/" : "", var ? var : "");
	}
}

static int use_descriptor(struct image *img, json_t *desc, const struct platform *pf, int depth,
			  struct vg_err *err);

static int use_index(struct image *img, const char *digest, json_t *idx, const struct platform *pf, int depth,
		     struct vg_err *err)
{
	json_t *manifests = json_object_get(idx, "manifests"), *d;
	size_t i;

	if (!json_is_array(manifests))
		return vg_err_set(err, VG_EFORMAT, "%s: index %s has no manifests array", img->where, digest);
	json_array_foreach(manifests, i, d) {
		if (platform_matches(pf, json_object_get(d, "platform")))
			return use_descriptor(img, d, pf, depth + 1, err);
	}
	{
		struct strbuf sb = STRBUF_INIT;
		list_platforms(manifests, &sb);
		vg_err_set(err, VG_ENOTFOUND, "%s: no image for platform %s/%s%s%s in index %s; available: %s",
			   img->where, pf->os, pf->arch, pf->variant[0] ? "/" : "", pf->variant, digest,
			   sb.len ? sb.buf : "(none)");
		strbuf_release(&sb);
	}
	return -1;
}

/* An index or manifest document in hand (already verified against digest). */
static int use_document(struct image *img, const char *digest, const char *mt, const char *data, size_t len,
			const struct platform *pf, int depth, struct vg_err *err)
{
	json_t *j;
	int r = -1;

	if (!(j = parse_json(digest, data, len, err)))
		return -1;
	if (!json_is_object(j)) {
		vg_err_set(err, VG_EFORMAT, "%s: blob %s is not a JSON object", img->where, digest);
		goto out;
	}
	if (!mt || !*mt)
		mt = json_str(j, "mediaType");
	if ((mt && (strcmp(mt, MT_OCI_INDEX) == 0 || strcmp(mt, MT_DOCKER_LIST) == 0)) ||
	    (!mt && json_object_get(j, "manifests")))
		r = use_index(img, digest, j, pf, depth, err);
	else if (!mt || strcmp(mt, MT_OCI_MANIFEST) == 0 || strcmp(mt, MT_DOCKER_MANIFEST) == 0)
		r = use_manifest(img, digest, data, len, err);
	else
		vg_err_set(err, VG_EUNSUPPORTED, "%s: blob %s has unsupported media type %s", img->where, digest, mt);
out:
	json_decref(j);
	return r;
}

static int use_descriptor(struct image *img, json_t *desc, const struct platform *pf, int depth,
			  struct vg_err *err)
{
	const char *digest = json_str(desc, "digest"), *mt = json_str(desc, "mediaType");
	json_t *size = json_object_get(desc, "size");
	char *data = NULL, *fetched_mt = NULL;
	size_t len;
	int r = -1;

	if (depth > MAX_INDEX_DEPTH)
		return vg_err_set(err, VG_ELIMIT, "%s: image indexes nested more than %d deep", img->where,
				  MAX_INDEX_DEPTH);
	if (!digest)
		return vg_err_set(err, VG_EFORMAT, "%s: descriptor without a digest", img->where);
	if (img->registry) {
		char got[72];
		if (registry_get_manifest(img->registry, digest, &data, &len, &fetched_mt, got, err) != 0)
			return -1;
		if (!mt)
			mt = fetched_mt;
	} else if (read_blob(img, digest, MAX_MANIFEST_BYTES, &data, &len, err) != 0) {
		return -1;
	}
	if (json_is_integer(size) && (json_int_t)len != json_integer_value(size)) {
		vg_err_set(err, VG_EDIGEST, "%s: blob %s: size %zu does not match descriptor size %lld",
			   img->where, digest, len, (long long)json_integer_value(size));
		goto out;
	}
	r = use_document(img, digest, mt, data, len, pf, depth, err);
out:
	free(fetched_mt);
	free(data);
	return r;
}

static const char *ref_name_of(json_t *desc)
{
	return json_str(json_object_get(desc, "annotations"), "org.opencontainers.image.ref.name");
}

static int open_oci_layout(struct image *img, const char *tag, const struct platform *pf, struct vg_err *err)
{
	char *data = NULL;
	size_t len, i;
	json_t *idx = NULL, *manifests, *d, *chosen = NULL, *chosen_pf = NULL;
	int r = -1, n_match = 0, n_with_platform = 0;

	if (!store_has(img->store, "index.json"))
		return vg_err_set(err, VG_EFORMAT, "%s: not an OCI image layout (no index.json)", img->where);
	if (store_read(img->store, "index.json", MAX_INDEX_BYTES, &data, &len, err) != 0)
		return -1;
	if (!(idx = parse_json("index.json", data, len, err))) {
		vg_err_prefix(err, "%s", img->where);
		goto out;
	}
	manifests = json_object_get(idx, "manifests");
	if (!json_is_array(manifests) || json_array_size(manifests) == 0) {
		vg_err_set(err, VG_EFORMAT, "%s: index.json has no manifests", img->where);
		goto out;
	}
	/* candidates: entries with the tag (or all); several of them are told
	 * apart by their platform, as in an index */
	json_array_foreach(manifests, i, d) {
		const char *rn = ref_name_of(d);
		if (tag && !(rn && strcmp(rn, tag) == 0))
			continue;
		n_match++;
		if (!chosen)
			chosen = d;
		if (json_object_get(d, "platform")) {
			n_with_platform++;
			if (!chosen_pf && platform_matches(pf, json_object_get(d, "platform")))
				chosen_pf = d;
		}
	}
	if (n_match > 1 && n_with_platform == n_match) {
		if (!chosen_pf) {
			struct strbuf sb = STRBUF_INIT;
			list_platforms(manifests, &sb);
			vg_err_set(err, VG_ENOTFOUND, "%s: no image for platform %s/%s%s%s%s%s; available: %s",
				   img->where, pf->os, pf->arch, pf->variant[0] ? "/" : "", pf->variant,
				   tag ? " with tag " : "", tag ? tag : "", sb.len ? sb.buf : "(none)");
			strbuf_release(&sb);
			goto out;
		}
		chosen = chosen_pf;
		n_match = 1;
	}
	if (!chosen || n_match > 1) {
		struct strbuf sb = STRBUF_INIT;
		json_array_foreach(manifests, i, d) {
			const char *rn = ref_name_of(d);
			if (rn)
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", rn);
		}
		if (!chosen)
			vg_err_set(err, VG_ENOTFOUND, "%s: no tag \"%s\" in index.json; available tags: %s",
				   img->where, tag, sb.len ? sb.buf : "(none)");
		else if (tag)
			vg_err_set(err, VG_EFORMAT, "%s: tag \"%s\" names %d images with no platform to choose by",
				   img->where, tag, n_match);
		else
			vg_err_set(err, VG_EUSAGE, "%s: holds %d images; name one with %s:%s:TAG (tags: %s)",
				   img->where, n_match, image_transport_name(img->transport), img->where,
				   sb.len ? sb.buf : "(none)");
		strbuf_release(&sb);
		goto out;
	}
	if (ref_name_of(chosen))
		img->info.name = arena_strdup(&img->arena, ref_name_of(chosen));
	r = use_descriptor(img, chosen, pf, 0, err);
out:
	json_decref(idx);
	free(data);
	return r;
}

/* ---- docker-archive ---- */

/* If name embeds a sha256 hex (blobs/sha256/<hex>, <hex>.tar.gz, sha256:<hex>, <hex>.json),
 * return "sha256:<hex>" in out. */
static bool digest_from_member_name(const char *name, char out[72])
{
	const char *base = strrchr(name, '/');
	size_t i;

	base = base ? base + 1 : name;
	if (str_starts_with(base, "sha256:"))
		base += 7;
	for (i = 0; i < 64; i++)
		if (!((base[i] >= '0' && base[i] <= '9') || (base[i] >= 'a' && base[i] <= 'f')))
			return false;
	if (base[64] && base[64] != '.')
		return false;
	/* the "<id>/layer.tar" directory names are not digests of the member */
	snprintf(out, 72, "sha256:%.64s", base);
	return true;
}

static bool repo_tags_contain(json_t *tags, const char *tag)
{
	size_t i;
	json_t *t;

	json_array_foreach(tags, i, t) {
		const char *s = json_string_value(t);
		if (!s)
			continue;
		if (strcmp(s, tag) == 0)
			return true;
		/* "debian:bullseye" also matches "docker.io/library/debian:bullseye" */
		if (str_ends_with(s, tag) && strlen(s) > strlen(tag) && s[strlen(s) - strlen(tag) - 1] == '/')
			return true;
	}
	return false;
}

static int open_docker_archive(struct image *img, const char *tag, struct vg_err *err)
{
	char *data = NULL, *cfg = NULL;
	size_t len, cfg_len, i, n;
	json_t *man = NULL, *entry = NULL, *e, *layers, *tags;
	const char *cfg_name;
	char want[72];
	int r = -1;

	if (store_read(img->store, "manifest.json", MAX_INDEX_BYTES, &data, &len, err) != 0)
		return -1;
	if (!(man = parse_json("manifest.json", data, len, err))) {
		vg_err_prefix(err, "%s", img->where);
		goto out;
	}
	if (!json_is_array(man) || json_array_size(man) == 0) {
		vg_err_set(err, VG_EFORMAT, "%s: manifest.json is not a non-empty array", img->where);
		goto out;
	}
	if (tag) {
		json_array_foreach(man, i, e)
			if (repo_tags_contain(json_object_get(e, "RepoTags"), tag)) {
				entry = e;
				break;
			}
	} else if (json_array_size(man) == 1) {
		entry = json_array_get(man, 0);
	}
	if (!entry) {
		struct strbuf sb = STRBUF_INIT;
		json_array_foreach(man, i, e) {
			size_t k;
			json_t *t;
			json_array_foreach(json_object_get(e, "RepoTags"), k, t)
				if (json_string_value(t))
					strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", json_string_value(t));
		}
		if (tag)
			vg_err_set(err, VG_ENOTFOUND, "%s: no image tagged \"%s\"; available: %s", img->where, tag,
				   sb.len ? sb.buf : "(none)");
		else
			vg_err_set(err, VG_EUSAGE, "%s: holds %zu images; name one with docker-archive:%s:TAG (tags: %s)",
				   img->where, json_array_size(man), img->where, sb.len ? sb.buf : "(none)");
		strbuf_release(&sb);
		goto out;
	}
	cfg_name = json_str(entry, "Config");
	layers = json_object_get(entry, "Layers");
	if (!cfg_name || !json_is_array(layers)) {
		vg_err_set(err, VG_EFORMAT, "%s: manifest.json entry has no Config or Layers", img->where);
		goto out;
	}
	if (store_read(img->store, cfg_name, MAX_CONFIG_BYTES, &cfg, &cfg_len, err) != 0)
		goto out;
	if (digest_from_member_name(cfg_name, want)) {
		char got[72];
		sha256_str(cfg, cfg_len, got);
		if (strcmp(got, want) != 0) {
			vg_err_set(err, VG_EDIGEST, "%s: config %s: digest mismatch (content hashes to %s)",
				   img->where, cfg_name, got);
			goto out;
		}
	}
	{
		char got[72];
		sha256_str(cfg, cfg_len, got);
		img->info.config_digest = arena_strdup(&img->arena, got);
	}
	if (parse_config(img, cfg_name, cfg, cfg_len, err) != 0) {
		vg_err_prefix(err, "%s", img->where);
		goto out;
	}
	n = json_array_size(layers);
	if (n != img->info.n_layers) {
		vg_err_set(err, VG_EFORMAT, "%s: manifest.json lists %zu layers but the config has %zu diff_ids",
			   img->where, n, img->info.n_layers);
		goto out;
	}
	img->layers = arena_alloc(&img->arena, (n ? n : 1) * sizeof(*img->layers));
	img->n_layers = n;
	for (i = 0; i < n; i++) {
		const char *member = json_string_value(json_array_get(layers, i));
		struct layer_desc *ld = &img->layers[i];
		char d[72];

		if (!member) {
			vg_err_set(err, VG_EFORMAT, "%s: manifest.json Layers[%zu] is not a string", img->where, i);
			goto out;
		}
		memset(ld, 0, sizeof(*ld));
		ld->member = arena_strdup(&img->arena, member);
		ld->diff_id = img->info.diff_ids[i];
		ld->compression = COMP_DETECT;
		ld->size = -1;
		if (str_starts_with(member, "blobs/") && digest_from_member_name(member, d))
			ld->digest = arena_strdup(&img->arena, d);
	}
	tags = json_object_get(entry, "RepoTags");
	if (json_is_array(tags) && json_array_size(tags) > 0) {
		size_t nt = json_array_size(tags), k = 0;
		const char **rt = arena_alloc(&img->arena, nt * sizeof(*rt));
		for (i = 0; i < nt; i++)
			if (json_string_value(json_array_get(tags, i)))
				rt[k++] = arena_strdup(&img->arena, json_string_value(json_array_get(tags, i)));
		img->info.repo_tags = rt;
		img->info.n_repo_tags = k;
		if (k)
			img->info.name = tag ? arena_strdup(&img->arena, tag) : rt[0];
	}
	r = 0;
out:
	free(cfg);
	json_decref(man);
	free(data);
	return r;
}

/* ---- argument parsing and detection ---- */

enum path_kind { PATH_ANY, PATH_DIR, PATH_FILE };

/* Split "PATH[:REST]": the first prefix ending at a ':' that exists on disk
 * (as the wanted kind) is the path, since paths may contain ':'. */
static int split_path_ref(const char *arg, enum path_kind want, struct arena *a, const char **path,
			  const char **rest, struct vg_err *err)
{
	struct stat sb;
	const char *c;

	if (stat(arg, &sb) == 0) {
		*path = arena_strdup(a, arg);
		*rest = NULL;
		return 0;
	}
	for (c = strchr(arg, ':'); c; c = strchr(c + 1, ':')) {
		char *p = arena_strndup(a, arg, (size_t)(c - arg));
		if (stat(p, &sb) == 0 && (want == PATH_ANY || (want == PATH_DIR) == !!S_ISDIR(sb.st_mode))) {
			*path = p;
			*rest = c[1] ? arena_strdup(a, c + 1) : NULL;
			return 0;
		}
	}
	return vg_err_set(err, VG_ENOTFOUND, "%s: %s", arg, strerror(ENOENT));
}

/* Look at the first members of an archive to tell what it holds. */
static enum image_transport sniff_archive(struct store *st)
{
	if (strmap_get(&st->members, "manifest.json"))
		return TRANSPORT_DOCKER_ARCHIVE;
	if (strmap_get(&st->members, "index.json") || strmap_get(&st->members, "oci-layout"))
		return TRANSPORT_OCI_ARCHIVE;
	return TRANSPORT_ROOTFS_TAR;
}

struct prefix {
	const char *prefix;
	enum image_transport t;
};

static const struct prefix prefixes[] = {
	{ "docker-archive:", TRANSPORT_DOCKER_ARCHIVE },
	{ "oci-archive:", TRANSPORT_OCI_ARCHIVE },
	{ "oci:", TRANSPORT_OCI },
	{ "dir:", TRANSPORT_DIR },
	{ "rootfs-tar:", TRANSPORT_ROOTFS_TAR },
	{ "registry:", TRANSPORT_REGISTRY },
	{ "docker://", TRANSPORT_REGISTRY },
};

/* ---- registries ---- */

static int open_registry(struct image *img, const char *arg, const struct image_options *opt,
			 const struct platform *pf, struct vg_err *err)
{
	struct image_ref ref;
	char *body = NULL, *mt = NULL, digest[72];
	size_t len;
	int r = -1;

	if (image_ref_parse(arg, &ref, err) != 0)
		return -1;
	{
		char *name = image_ref_string(&ref);
		img->where = arena_strdup(&img->arena, name);
		img->info.name = img->where;
		free(name);
	}
	if (registry_client_new(&ref, opt ? opt->registry : NULL, &img->registry, err) != 0)
		goto out;
	if (registry_get_manifest(img->registry, ref.digest ? ref.digest : ref.tag, &body, &len, &mt, digest,
				  err) != 0)
		goto out;
	r = use_document(img, digest, mt, body, len, pf, 0, err);
out:
	free(body);
	free(mt);
	image_ref_free(&ref);
	return r;
}

/* A bare argument that names no file: is it meant as a registry reference?
 * Only when it says so plainly (a registry host, a tag or a digest), so a
 * mistyped file name still gets "No such file". */
static bool looks_like_reference(const char *arg)
{
	struct image_ref ref;
	struct vg_err ignored;
	const char *slash = strchr(arg, '/');
	bool yes;

	if (image_ref_parse(arg, &ref, &ignored) != 0)
		return false;
	image_ref_free(&ref);
	if (arg[0] == '.' || arg[0] == '/')
		return false;
	for (const char *c = strchr(arg, ':'); c; c = strchr(c + 1, ':')) { /* "FILE:TAG" */
		char *p = xstrndup(arg, (size_t)(c - arg));
		struct stat sb;
		bool exists = stat(p, &sb) == 0;
		free(p);
		if (exists)
			return false;
	}
	yes = strchr(arg, '@') != NULL;
	if (slash) {
		size_t n = (size_t)(slash - arg);
		yes = yes || memchr(arg, '.', n) || memchr(arg, ':', n) || (n == 9 && strncmp(arg, "localhost", 9) == 0);
	}
	/* "name:tag" (the colon after the last slash) */
	{
		const char *colon = strrchr(arg, ':');
		if (colon && (!slash || colon > strrchr(arg, '/')))
			yes = true;
	}
	return yes;
}

int image_open(const char *ref, const struct image_options *opt, struct image **out, struct vg_err *err)
{
	struct image *img = xcalloc(1, sizeof(*img));
	const char *arg = ref, *path = NULL, *tag = NULL;
	bool forced = false;
	struct platform pf;
	struct stat sb;
	size_t i;

	img->info.input = arena_strdup(&img->arena, ref);
	if (platform_parse(opt ? opt->platform : NULL, &pf, err) != 0)
		goto fail;
	for (i = 0; i < VG_ARRAY_LEN(prefixes); i++) {
		if (str_starts_with(ref, prefixes[i].prefix)) {
			img->transport = prefixes[i].t;
			arg = ref + strlen(prefixes[i].prefix);
			forced = true;
			break;
		}
	}
	if (!*arg) {
		vg_err_set(err, VG_EUSAGE, "%s: no %s given", ref, img->transport == TRANSPORT_REGISTRY ? "reference" : "path");
		goto fail;
	}
	if (!forced && stat(arg, &sb) != 0 && errno == ENOENT && looks_like_reference(arg)) {
		img->transport = TRANSPORT_REGISTRY;
		forced = true;
	}
	if (forced && img->transport == TRANSPORT_REGISTRY) {
		img->info.transport = image_transport_name(img->transport);
		if (open_registry(img, arg, opt, &pf, err) != 0)
			goto fail;
		goto check_platform;
	}
	if (forced && (img->transport == TRANSPORT_DIR || img->transport == TRANSPORT_ROOTFS_TAR)) {
		path = arena_strdup(&img->arena, arg);
		if (stat(path, &sb) != 0) {
			vg_err_set(err, VG_ENOTFOUND, "%s: %s", path, strerror(errno));
			goto fail;
		}
	} else if (split_path_ref(arg, !forced ? PATH_ANY : img->transport == TRANSPORT_OCI ? PATH_DIR : PATH_FILE,
				  &img->arena, &path, &tag,
				  err) != 0) {
		goto fail;
	}
	if (stat(path, &sb) != 0) {
		vg_err_set(err, VG_ENOTFOUND, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size == 0) {
		vg_err_set(err, VG_EFORMAT, "%s: empty file", path);
		goto fail;
	}
	if (!forced) {
		if (S_ISDIR(sb.st_mode)) {
			struct strbuf p = STRBUF_INIT;
			strbuf_addf(&p, "%s/index.json", path);
			img->transport = stat(p.buf, &sb) == 0 ? TRANSPORT_OCI : TRANSPORT_DIR;
			strbuf_release(&p);
		} else {
			if (store_open_archive(path, &img->store, err) != 0)
				goto fail;
			img->transport = sniff_archive(img->store);
		}
		if (tag && (img->transport == TRANSPORT_DIR || img->transport == TRANSPORT_ROOTFS_TAR)) {
			vg_err_set(err, VG_EUSAGE, "%s: a tag was given but %s is not an image archive or layout", ref, path);
			goto fail;
		}
	}
	img->info.transport = image_transport_name(img->transport);
	img->info.name = path;
	img->where = path;
	switch (img->transport) {
	case TRANSPORT_DIR:
		if (!S_ISDIR(sb.st_mode)) {
			vg_err_set(err, VG_EFORMAT, "%s: not a directory", path);
			goto fail;
		}
		img->rootfs_dir = path;
		break;
	case TRANSPORT_ROOTFS_TAR:
		store_close(img->store);
		img->store = NULL;
		img->rootfs_file = path;
		img->n_layers = 1;
		img->layers = arena_alloc(&img->arena, sizeof(*img->layers));
		memset(img->layers, 0, sizeof(*img->layers));
		img->layers[0].member = path;
		img->layers[0].compression = COMP_DETECT;
		img->layers[0].size = -1;
		break;
	case TRANSPORT_OCI:
		if (store_open_dir(path, &img->store, err) != 0 || open_oci_layout(img, tag, &pf, err) != 0)
			goto fail;
		break;
	case TRANSPORT_OCI_ARCHIVE:
		if ((!img->store && store_open_archive(path, &img->store, err) != 0) ||
		    open_oci_layout(img, tag, &pf, err) != 0)
			goto fail;
		break;
	case TRANSPORT_DOCKER_ARCHIVE:
		if (!img->store && store_open_archive(path, &img->store, err) != 0)
			goto fail;
		if (!store_has(img->store, "manifest.json")) {
			vg_err_set(err, VG_EFORMAT, "%s: not a docker archive (no manifest.json)", path);
			goto fail;
		}
		if (open_docker_archive(img, tag, err) != 0)
			goto fail;
		break;
	case TRANSPORT_REGISTRY:
		break;
	}
check_platform:
	if (opt && opt->platform && img->info.architecture && img->info.os &&
	    (strcmp(img->info.os, pf.os) != 0 || strcmp(img->info.architecture, pf.arch) != 0 ||
	     (pf.variant[0] && img->info.variant && strcmp(img->info.variant, pf.variant) != 0))) {
		vg_err_set(err, VG_ENOTFOUND, "%s: the image is %s/%s%s%s, not the requested --platform %s", ref,
			   img->info.os, img->info.architecture, img->info.variant ? "/" : "",
			   img->info.variant ? img->info.variant : "", opt->platform);
		goto fail;
	}
	*out = img;
	return 0;
fail:
	image_close(img);
	return -1;
}

void image_close(struct image *img)
{
	if (!img)
		return;
	store_close(img->store);
	registry_client_free(img->registry);
	arena_free(&img->arena);
	free(img);
}

int64_t image_layer_size(struct image *img, size_t i)
{
	const struct store_member *m;
	struct strbuf p = STRBUF_INIT;
	struct stat sb;
	int64_t size = -1;

	if (i >= img->n_layers)
		return -1;
	if (img->layers[i].size >= 0)
		return img->layers[i].size;
	if (img->transport == TRANSPORT_ROOTFS_TAR)
		return stat(img->rootfs_file, &sb) == 0 ? (int64_t)sb.st_size : -1;
	if (!img->store)
		return -1;
	if (img->store->kind == STORE_DIR) {
		strbuf_addf(&p, "%s/%s", img->where, img->layers[i].member);
		if (stat(p.buf, &sb) == 0)
			size = (int64_t)sb.st_size;
		strbuf_release(&p);
		return size;
	}
	m = strmap_get(&img->store->members, img->layers[i].member);
	return m ? m->size : -1;
}

int image_open_layer(struct image *img, size_t i, struct stream **out, struct vg_err *err)
{
	if (i >= img->n_layers)
		return vg_err_set(err, VG_EINTERNAL, "layer %zu out of range", i);
	if (img->transport == TRANSPORT_ROOTFS_TAR)
		return stream_open_file(img->rootfs_file, out, err);
	if (img->registry)
		return registry_open_blob(img->registry, img->layers[i].digest, img->layers[i].size, out, err);
	return store_stream(img->store, img->layers[i].member, out, err);
}
