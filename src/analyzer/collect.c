/* collect.c - drive layer walks, the merge, analyzers and layer attribution
 * (see collect.h). Owns every layer_result and the vfs until it returns;
 * packages it produces live in the caller's inventory. */
#include <pthread.h>
#include <unistd.h>

#include "../core/strbuf.h"
#include "../image/rootfs.h"
#include "../layer/vfs.h"
#include "analyzer.h"
#include "collect.h"
#include "lang.h"
#include "owners.h"

/* Where package databases live, resolved through symlinks after the merge
 * (e.g. /var/lib/rpm -> /usr/lib/sysimage/rpm) in case the physical file's
 * path is not one the analyzer recognises. */
static const char *const well_known_paths[] = {
	"var/lib/dpkg/status",
	"lib/apk/db/installed",
	"var/lib/rpm/rpmdb.sqlite",
	"var/lib/rpm/Packages",
	"var/lib/rpm/Packages.db",
	"usr/lib/sysimage/rpm/rpmdb.sqlite",
	"usr/lib/sysimage/rpm/Packages",
	"usr/lib/sysimage/rpm/Packages.db",
};

/* The OS package databases: a malformed one fails the scan (the inventory
 * would be wrong); a malformed language package file is skipped with a warning. */
static bool is_os_analyzer(const struct analyzer *an)
{
	return an == &analyzer_dpkg || an == &analyzer_apk || an == &analyzer_rpm;
}

/* Whether an analyzer runs under the options (NULL: everything). */
static bool analyzer_enabled(const struct analyzer *an, const struct collect_options *opt)
{
	if (!opt)
		return true;
	return is_os_analyzer(an) ? !opt->no_os : !opt->no_lang;
}

/* want_fn; ctx is the collect_options (or NULL) */
static bool want_any(void *ctx, const char *path, uint64_t size)
{
	const struct collect_options *opt = ctx;

	VG_UNUSED(size);
	if (os_wants(path) || (!(opt && opt->no_lang) && owners_wants(path)))
		return true;
	for (const struct analyzer *const *a = vg_analyzers; *a; a++)
		if (analyzer_enabled(*a, opt) && (*a)->wants(path))
			return true;
	return false;
}

int collect_parse_pkg_types(const char *list, struct collect_options *opt)
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	int rc = 0;

	opt->no_os = opt->no_lang = true;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "os") == 0)
			opt->no_os = false;
		else if (strcmp(tok, "library") == 0 || strcmp(tok, "lang") == 0)
			opt->no_lang = false;
		else
			rc = -1;
	}
	free(copy);
	if (opt->no_os && opt->no_lang)
		rc = -1;
	return rc;
}

/* Content-based analyzers: the first whose probe takes the file. */
static int probe_any(void *ctx, const char *path, uint64_t size, uint32_t mode, const char **magic,
		     size_t *magic_len)
{
	int i = 0;

	for (const struct analyzer *const *a = vg_analyzers; *a; a++, i++)
		if ((*a)->probe && analyzer_enabled(*a, ctx) && (*a)->probe(path, size, mode)) {
			*magic = (*a)->magic;
			*magic_len = (*a)->magic_len;
			return i;
		}
	return -1;
}

static char *extract_with(void *ctx, int id, const char *path, const char *data, size_t len, size_t *out_len,
			  char *why, size_t why_len)
{
	VG_UNUSED(ctx);
	return vg_analyzers[id]->extract(path, data, len, out_len, why, why_len);
}

static void use_extractors(struct walk_options *o, const struct collect_options *opt)
{
	if (opt && opt->no_lang)
		return;
	o->probe = probe_any;
	o->extract = extract_with;
	o->extract_ctx = (void *)opt;
}

/* ---- parallel layer walk ---- */

struct walk_job {
	struct image *img;
	struct layer_result *results;
	struct vg_err *errs;
	int *failed;
	size_t *order;           /* layer indexes, largest stored size first */
	atomic_int next;
	atomic_int cancel;
	_Atomic uint64_t kept_total;
	/* refetch mode: per layer, the set of wanted paths (NULL = first pass) */
	struct strmap *refetch;
	const struct collect_options *opt;
};

static bool want_refetch(void *ctx, const char *path, uint64_t size)
{
	VG_UNUSED(size);
	return strmap_get(ctx, path) != NULL;
}

static void walk_one(struct walk_job *j, size_t i)
{
	struct image *img = j->img;
	struct walk_options o;
	struct stream *s;

	walk_default_options(&o);
	o.want = want_any;
	o.want_ctx = (void *)j->opt;
	o.cancel = &j->cancel;
	o.kept_total = &j->kept_total;
	o.digest = img->layers[i].digest;
	o.diff_id = img->layers[i].diff_id;
	if (j->refetch) {
		if (j->refetch[i].count == 0)
			return;
		o.want = want_refetch;
		o.want_ctx = &j->refetch[i];
		o.record_all = false;
	} else {
		use_extractors(&o, j->opt);
	}
	for (int attempt = 0;; attempt++) {
		if (image_open_layer(img, i, &s, &j->errs[i]) != 0) {
			j->failed[i] = 1;
			atomic_store(&j->cancel, 1);
			return;
		}
		o.name = s->name;
		if (layer_walk(s, &o, &j->results[i], &j->errs[i]) == 0) {
			s->close(s);
			return;
		}
		s->close(s);
		/* bytes from a registry (or its cache) that hash wrong: drop the
		 * cached copy and fetch the layer once more before giving up */
		if (img->registry && j->errs[i].code == VG_EDIGEST && attempt == 0 && !atomic_load(&j->cancel)) {
			fprintf(stderr, "vigil: warning: %s; fetching the layer again\n", j->errs[i].msg);
			registry_forget_blob(img->registry, img->layers[i].digest);
			layer_result_free(&j->results[i]);
			memset(&j->results[i], 0, sizeof(j->results[i]));
			continue;
		}
		j->failed[i] = 1;
		atomic_store(&j->cancel, 1);
		return;
	}
}

static void *walk_worker(void *arg)
{
	struct walk_job *j = arg;

	for (;;) {
		int i = atomic_fetch_add(&j->next, 1);
		if ((size_t)i >= j->img->n_layers || atomic_load(&j->cancel))
			break;
		walk_one(j, j->order[i]);
	}
	return NULL;
}

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

static int64_t *sort_sizes; /* only read by by_size_desc, under walk_layers */

static int by_size_desc(const void *a, const void *b)
{
	int64_t x = sort_sizes[*(const size_t *)a], y = sort_sizes[*(const size_t *)b];
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Walk every layer of img (or, with refetch, only the listed paths) using
 * up to nthreads threads. results must hold img->n_layers zeroed slots. */
static int walk_layers(struct image *img, const struct collect_options *opt, int nthreads,
		       struct layer_result *results, struct strmap *refetch, struct vg_err *err)
{
	struct walk_job j;
	pthread_t tids[64];
	int started = 0, rc = 0;
	size_t n = img->n_layers;

	memset(&j, 0, sizeof(j));
	j.img = img;
	j.results = results;
	j.errs = xcalloc(n ? n : 1, sizeof(*j.errs));
	j.failed = xcalloc(n ? n : 1, sizeof(*j.failed));
	j.refetch = refetch;
	j.opt = opt;
	atomic_init(&j.next, 0);
	atomic_init(&j.cancel, 0);
	atomic_init(&j.kept_total, 0);
	/* largest layers first, so that two cores finish close together */
	j.order = xcalloc(n ? n : 1, sizeof(*j.order));
	{
		int64_t *sizes = xcalloc(n ? n : 1, sizeof(*sizes));
		for (size_t i = 0; i < n; i++) {
			j.order[i] = i;
			sizes[i] = image_layer_size(img, i);
		}
		sort_sizes = sizes;
		qsort(j.order, n, sizeof(*j.order), by_size_desc);
		sort_sizes = NULL;
		free(sizes);
	}
	if (nthreads > (int)n)
		nthreads = (int)n;
	for (int t = 1; t < nthreads && t < 64; t++)
		if (pthread_create(&tids[started], NULL, walk_worker, &j) == 0)
			started++;
	walk_worker(&j); /* the calling thread works too */
	for (int t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	/* report the lowest layer's real error (others may just have been cancelled) */
	for (size_t i = 0; i < n; i++) {
		if (j.failed[i] && !(j.errs[i].code == VG_EINTERNAL && strcmp(j.errs[i].msg, "cancelled") == 0)) {
			*err = j.errs[i];
			rc = -1;
			break;
		}
	}
	if (rc == 0)
		for (size_t i = 0; i < n; i++)
			if (j.failed[i]) {
				*err = j.errs[i];
				rc = -1;
				break;
			}
	free(j.errs);
	free(j.failed);
	free(j.order);
	return rc;
}

/* ---- jobs: (file node, analyzer, path it is known by) ---- */

struct file_job {
	struct vnode *node;
	const struct analyzer *an;
	char *path;
};

struct collect_state {
	struct image *img;
	const struct collect_options *opt;
	struct vfs fs;
	struct ptrvec jobs;            /* struct file_job * */
	struct strmap *missing;        /* per layer: src_path -> (void*)1 */
	size_t n_missing;
	struct strbuf tmp;
};

static void mark_missing(struct collect_state *st, struct vnode *n)
{
	for (; n; n = n->older) {
		if (n->data || n->type != VN_FILE || n->src_layer < 0 || !n->src_path)
			continue;
		if (!strmap_get(&st->missing[n->src_layer], n->src_path)) {
			strmap_put(&st->missing[n->src_layer], n->src_path, (void *)1);
			st->n_missing++;
		}
	}
}

static bool job_exists(struct collect_state *st, struct vnode *n, const struct analyzer *an)
{
	for (size_t i = 0; i < st->jobs.n; i++) {
		struct file_job *fj = st->jobs.v[i];
		if (fj->node == n && fj->an == an)
			return true;
	}
	return false;
}

static void add_job(struct collect_state *st, struct vnode *n, const struct analyzer *an, const char *path)
{
	struct file_job *fj;

	if (job_exists(st, n, an))
		return;
	fj = xcalloc(1, sizeof(*fj));
	fj->node = n;
	fj->an = an;
	fj->path = xstrdup(path);
	ptrvec_push(&st->jobs, fj);
	mark_missing(st, n);
}

static void find_jobs_visit(struct vnode *n, void *ctx)
{
	struct collect_state *st = ctx;

	if (n->type != VN_FILE)
		return;
	vfs_node_path(n, &st->tmp);
	if (n->extractor) { /* a content-based analyzer's summary */
		add_job(st, n, vg_analyzers[n->extractor - 1], st->tmp.buf);
		return;
	}
	for (const struct analyzer *const *a = vg_analyzers; *a; a++)
		if (analyzer_enabled(*a, st->opt) && (*a)->wants(st->tmp.buf))
			add_job(st, n, *a, st->tmp.buf);
}

static int find_jobs(struct collect_state *st, struct vg_err *err)
{
	vfs_walk(&st->fs, find_jobs_visit, st);
	for (size_t i = 0; i < VG_ARRAY_LEN(well_known_paths); i++) {
		bool loop = false;
		struct vnode *n = vfs_lookup(&st->fs, well_known_paths[i], true, &loop);
		if (loop)
			return vg_err_set(err, VG_EFORMAT, "%s: /%s: symlink loop in the image",
					  st->img->info.input, well_known_paths[i]);
		if (!n || n->type != VN_FILE)
			continue;
		for (const struct analyzer *const *a = vg_analyzers; *a; a++)
			if (analyzer_enabled(*a, st->opt) && (*a)->wants(well_known_paths[i]))
				add_job(st, n, *a, well_known_paths[i]);
	}
	return 0;
}

/* os_detect's reader: resolve through symlinks; note files not kept. */
static const char *os_read(void *ctx, const char *path, size_t *len)
{
	struct collect_state *st = ctx;
	struct vnode *n = vfs_lookup(&st->fs, path, true, NULL);

	if (!n || n->type != VN_FILE)
		return NULL;
	if (!n->data) {
		mark_missing(st, n);
		return NULL;
	}
	*len = (size_t)n->size;
	return n->data;
}

/* Attach refetched contents to the nodes that point at them. */
static void attach_visit(struct vnode *n, void *ctx)
{
	struct layer_result *extra = ctx;

	for (struct vnode *v = n; v; v = v->older) {
		struct layer_result *r;
		if (v->type != VN_FILE || v->data || v->src_layer < 0)
			continue;
		r = &extra[v->src_layer];
		for (size_t i = 0; i < r->n; i++)
			if (r->entries[i].kept && strcmp(r->entries[i].path, v->src_path) == 0) {
				v->data = r->entries[i].data;
				v->size = r->entries[i].size;
				break;
			}
	}
}

/* ---- analyzers and layer attribution ---- */

static void package_key(const struct package *p, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%d|%s|%s|%s", (int)p->type, p->name ? p->name : "", p->version ? p->version : "",
		    p->arch ? p->arch : "");
}

/* Which layer introduced each package of the newest version of a file:
 * the lowest layer of the unbroken run of versions (newest first) that all
 * hold the same package. */
static void attribute_layers(struct collect_state *st, struct file_job *fj, struct inventory *inv, size_t first)
{
	struct strbuf key = STRBUF_INIT;
	struct vnode *v;
	int newer_layer = fj->node->layer;

	for (size_t i = first; i < inv->packages.n; i++) {
		struct package *p = inv->packages.v[i];
		p->layer_index = fj->node->layer;
	}
	for (v = fj->node->older; v && v->data; v = v->older) {
		struct inventory old;
		struct vg_err e;
		struct strmap keys = STRMAP_INIT;
		bool any = false;

		inventory_init(&old);
		if (fj->an->parse(fj->path, v->data, (size_t)v->size, &old, &e) != 0) {
			inventory_free(&old);
			break;
		}
		for (size_t i = 0; i < old.packages.n; i++) {
			package_key(old.packages.v[i], &key);
			strmap_put(&keys, arena_strdup(&old.arena, key.buf), (void *)1);
		}
		for (size_t i = first; i < inv->packages.n; i++) {
			struct package *p = inv->packages.v[i];
			package_key(p, &key);
			/* a package moves down only while every newer version held it */
			if (p->layer_index == newer_layer && strmap_get(&keys, key.buf)) {
				p->layer_index = v->layer;
				any = true;
			}
		}
		strmap_free(&keys);
		inventory_free(&old);
		newer_layer = v->layer;
		if (!any)
			break;
	}
	strbuf_release(&key);
}

static int run_analyzers(struct collect_state *st, struct inventory *inv, struct vg_err *err)
{
	for (size_t i = 0; i < st->jobs.n; i++) {
		struct file_job *fj = st->jobs.v[i];
		size_t first = inv->packages.n;

		if (!fj->node->data)
			return vg_err_set(err, VG_EINTERNAL, "%s: /%s: content was not read", st->img->info.input,
					  fj->path);
		if (fj->an->parse(fj->path, fj->node->data, (size_t)fj->node->size, inv, err) != 0) {
			if (is_os_analyzer(fj->an)) {
				vg_err_prefix(err, "%s", st->img->info.input);
				return -1;
			}
			/* a malformed language package file is skipped, not fatal */
			while (inv->packages.n > first)
				inv->packages.n--;
			inventory_warn(inv, "%s", err->msg);
			err->code = VG_OK;
			err->msg[0] = '\0';
			continue;
		}
		attribute_layers(st, fj, inv, first);
	}
	for (size_t i = 0; i < inv->packages.n; i++) {
		struct package *p = inv->packages.v[i];
		if (p->layer_index >= 0 && (size_t)p->layer_index < st->img->info.n_layers)
			p->layer_digest = st->img->info.diff_ids[p->layer_index];
	}
	return 0;
}

static void free_job(void *p)
{
	struct file_job *fj = p;
	free(fj->path);
	free(fj);
}

int collect_inventory(struct image *img, const struct collect_options *opt, struct inventory *inv,
		      struct collect_stats *stats, struct vg_err *err)
{
	struct collect_state st;
	struct layer_result *results = NULL, *extra = NULL;
	size_t n = img->transport == TRANSPORT_DIR ? 1 : img->n_layers;
	int nthreads = opt && opt->threads > 0 ? opt->threads : online_cpus();
	int rc = -1;

	memset(&st, 0, sizeof(st));
	st.img = img;
	st.opt = opt;
	vfs_init(&st.fs);
	results = xcalloc(n ? n : 1, sizeof(*results));
	st.missing = xcalloc(n ? n : 1, sizeof(*st.missing));
	if (img->transport == TRANSPORT_DIR) {
		struct walk_options o;
		walk_default_options(&o);
		o.want = want_any;
		o.want_ctx = (void *)opt;
		use_extractors(&o, opt);
		o.name = img->rootfs_dir;
		if (rootfs_dir_walk(img->rootfs_dir, &o, &results[0], err) != 0)
			goto out;
	} else if (walk_layers(img, opt, nthreads, results, NULL, err) != 0) {
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < results[i].notes.n; k++)
			inventory_warn(inv, "%s", (const char *)results[i].notes.v[k]);
		vfs_apply_layer(&st.fs, (int)i, &results[i]);
		if (stats) {
			stats->bytes_in += results[i].bytes_in;
			stats->bytes_out += results[i].bytes_out;
			stats->kept_bytes += results[i].kept_bytes;
			stats->entries += results[i].n;
		}
	}
	if (find_jobs(&st, err) != 0)
		goto out;
	os_detect(os_read, &st, inv);
	if (st.n_missing > 0 && img->transport != TRANSPORT_DIR) {
		extra = xcalloc(n, sizeof(*extra));
		if (walk_layers(img, opt, nthreads, extra, st.missing, err) != 0)
			goto out;
		vfs_walk(&st.fs, attach_visit, extra);
		if (stats)
			for (size_t i = 0; i < n; i++)
				stats->refetched_layers += st.missing[i].count > 0;
		memset(&inv->os, 0, sizeof(inv->os));
		os_detect(os_read, &st, inv);
	}
	if (run_analyzers(&st, inv, err) != 0)
		goto out;
	if (!(opt && opt->no_lang)) {
		npm_dedupe(inv);
		owners_mark(&st.fs, inv);
	}
	inventory_sort(inv);
	rc = 0;
out:
	ptrvec_free(&st.jobs, free_job);
	strbuf_release(&st.tmp);
	vfs_free(&st.fs);
	for (size_t i = 0; i < n; i++) {
		layer_result_free(&results[i]);
		if (extra)
			layer_result_free(&extra[i]);
		strmap_free(&st.missing[i]);
	}
	free(results);
	free(extra);
	free(st.missing);
	return rc;
}
