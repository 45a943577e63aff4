/* owners.c - which OS package owns the file a language package was found
 * in: dpkg's var/lib/dpkg/info/<pkg>[:arch].list and the distroless
 * var/lib/dpkg/status.d/<pkg>.md5sums, and apk's installed database
 * (P: package, F: directory, R: file), and the rpm database's file lists
 * (through librpm, rpm.c). Only the paths of language packages are looked
 * for, so the lists are scanned once without building an index of every
 * file in the image. */
#include "../core/strbuf.h"
#include "analyzer.h"
#include "owners.h"

bool owners_wants(const char *path)
{
	if (str_starts_with(path, "var/lib/dpkg/info/") && str_ends_with(path, ".list"))
		return !strchr(path + 18, '/');
	if (str_starts_with(path, "var/lib/dpkg/status.d/") && str_ends_with(path, ".md5sums"))
		return !strchr(path + 22, '/');
	return false;
}

struct owner_scan {
	struct strmap wanted;   /* "/path" -> struct ptrvec * of packages found there */
	struct inventory *inv;
	struct strbuf path;
	size_t marked;
};

static void claim(struct owner_scan *sc, const char *path, size_t len, const char *owner, size_t owner_len)
{
	struct ptrvec *pkgs;
	char *owner_copy = NULL;

	strbuf_reset(&sc->path);
	strbuf_add(&sc->path, path, len);
	if (!(pkgs = strmap_get(&sc->wanted, sc->path.buf)))
		return;
	for (size_t i = 0; i < pkgs->n; i++) {
		struct package *p = pkgs->v[i];
		if (p->os_owner)
			continue;
		if (!owner_copy)
			owner_copy = inventory_strndup(sc->inv, owner, owner_len);
		p->os_owner = owner_copy;
		sc->marked++;
	}
}

/* "usr/lib/x" or "/usr/lib/x" lines of a dpkg .list file. */
static void scan_dpkg_list(struct owner_scan *sc, const char *owner, size_t owner_len, const char *data, size_t len,
			   bool md5sums)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p, *line_end = nl ? nl : end;
		p = nl ? nl + 1 : end;
		if (md5sums) { /* "<md5>  path" without a leading slash */
			const char *sp = memchr(line, ' ', (size_t)(line_end - line));
			if (!sp)
				continue;
			while (sp < line_end && *sp == ' ')
				sp++;
			struct strbuf full = STRBUF_INIT;
			strbuf_addch(&full, '/');
			strbuf_add(&full, sp, (size_t)(line_end - sp));
			claim(sc, full.buf, full.len, owner, owner_len);
			strbuf_release(&full);
			continue;
		}
		if (line_end > line && *line == '/')
			claim(sc, line, (size_t)(line_end - line), owner, owner_len);
	}
}

static void scan_dpkg_dir(struct owner_scan *sc, struct vfs *fs, const char *dir, const char *suffix)
{
	struct vnode *d = vfs_lookup(fs, dir, true, NULL);
	const char *k;
	void *v;

	if (!d || d->type != VN_DIR)
		return;
	for (size_t it = 0; strmap_next(&d->children, &it, &k, &v);) {
		struct vnode *n = v;
		size_t klen = strlen(k), slen = strlen(suffix), owner_len;
		const char *colon;
		if (n->type != VN_FILE || !n->data || n->extractor || klen <= slen || strcmp(k + klen - slen, suffix))
			continue;
		owner_len = klen - slen;
		colon = memchr(k, ':', owner_len); /* "libc6:amd64.list" */
		if (colon)
			owner_len = (size_t)(colon - k);
		scan_dpkg_list(sc, k, owner_len, n->data, (size_t)n->size, strcmp(suffix, ".md5sums") == 0);
	}
}

static void scan_apk_installed(struct owner_scan *sc, struct vfs *fs)
{
	struct vnode *n = vfs_lookup(fs, "lib/apk/db/installed", true, NULL);
	const char *p, *end, *pkg = NULL, *dir = NULL;
	size_t pkg_len = 0, dir_len = 0;

	if (!n || n->type != VN_FILE || !n->data)
		return;
	for (p = n->data, end = n->data + n->size; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p, *line_end = nl ? nl : end;
		p = nl ? nl + 1 : end;
		if (line_end - line < 2 || line[1] != ':') {
			if (line_end == line) /* a blank line ends a package */
				pkg = dir = NULL;
			continue;
		}
		if (line[0] == 'P') {
			pkg = line + 2;
			pkg_len = (size_t)(line_end - pkg);
			dir = NULL;
		} else if (line[0] == 'F') {
			dir = line + 2;
			dir_len = (size_t)(line_end - dir);
		} else if (line[0] == 'R' && pkg) {
			struct strbuf full = STRBUF_INIT;
			strbuf_addch(&full, '/');
			if (dir && dir_len) {
				strbuf_add(&full, dir, dir_len);
				strbuf_addch(&full, '/');
			}
			strbuf_add(&full, line + 2, (size_t)(line_end - line - 2));
			claim(sc, full.buf, full.len, pkg, pkg_len);
			strbuf_release(&full);
		}
	}
}

static void claim_rpm_file(void *ctx, const char *pkg, const char *file)
{
	claim(ctx, file, strlen(file), pkg, strlen(pkg));
}

/* The first rpmdb found at a well-known place (as the rpm analyzer reads it). */
static void scan_rpmdb(struct owner_scan *sc, struct vfs *fs)
{
	static const char *const dbs[] = {
		"var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite", "var/lib/rpm/Packages.db",
		"usr/lib/sysimage/rpm/Packages.db", "var/lib/rpm/Packages", "usr/lib/sysimage/rpm/Packages",
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(dbs); i++) {
		struct vnode *n = vfs_lookup(fs, dbs[i], true, NULL);
		struct inventory scratch;
		struct vg_err err;

		if (!n || n->type != VN_FILE || !n->data)
			continue;
		inventory_init(&scratch); /* its warnings were already given by the rpm analyzer */
		rpm_each_file(dbs[i], n->data, (size_t)n->size, &scratch, claim_rpm_file, sc, &err);
		inventory_free(&scratch);
		return;
	}
}

static void free_vec(void *p)
{
	ptrvec_free(p, NULL);
	free(p);
}

size_t owners_mark(struct vfs *fs, struct inventory *inv)
{
	struct owner_scan sc;

	memset(&sc, 0, sizeof(sc));
	sc.inv = inv;
	for (size_t i = 0; i < inv->packages.n; i++) {
		struct package *p = inv->packages.v[i];
		struct ptrvec *v;
		if (!pkg_type_is_lang(p->type) || !p->found_in)
			continue;
		if (!(v = strmap_get(&sc.wanted, p->found_in))) {
			v = xcalloc(1, sizeof(*v));
			strmap_put(&sc.wanted, p->found_in, v);
		}
		ptrvec_push(v, p);
	}
	if (sc.wanted.count) {
		scan_dpkg_dir(&sc, fs, "var/lib/dpkg/info", ".list");
		scan_dpkg_dir(&sc, fs, "var/lib/dpkg/status.d", ".md5sums");
		scan_apk_installed(&sc, fs);
		scan_rpmdb(&sc, fs);
	}
	{
		const char *k;
		void *v;
		for (size_t it = 0; strmap_next(&sc.wanted, &it, &k, &v);)
			free_vec(v);
	}
	strmap_free(&sc.wanted);
	strbuf_release(&sc.path);
	return sc.marked;
}
