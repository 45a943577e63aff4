/* cache.c - the content-addressed blob cache (see cache.h): directory
 * resolution, verified writes through a temp file and rename, LRU pruning
 * by mtime, and the size syntax used for the cap. Only names the cache
 * itself creates are ever removed: 64-hex names in blobs/sha256/ and
 * "<64-hex>.XXXXXX" names in blobs/tmp/. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/digest.h"
#include "../core/strbuf.h"
#include "cache.h"

#define HEX_LEN 64
#define TEMP_SUFFIX_LEN 7         /* ".XXXXXX" */
#define TEMP_MAX_AGE_SECONDS 3600 /* older temp files are abandoned downloads */

struct cache_writer {
	char *dir; /* the cache root, copied so the writer owns its strings */
	uint64_t max_bytes;
	char digest[72];
	char *tmp_path;
	int fd;
	bool failed; /* a write failed: the temp file is incomplete */
	struct sha256_ctx sha;
};

/* One file found while scanning blobs/sha256 or blobs/tmp. */
struct cache_entry {
	char name[HEX_LEN + TEMP_SUFFIX_LEN + 1];
	uint64_t size;
	struct timespec mtime;
};

struct cache_scan {
	struct cache_entry *v;
	size_t n, cap;
	uint64_t bytes;
};

/* ---- names ---- */

static bool is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool is_blob_name(const char *name)
{
	return strlen(name) == HEX_LEN && is_lower_hex(name, HEX_LEN);
}

/* "<64-hex>.XXXXXX" as made by mkstemp (letters and digits). */
static bool is_temp_name(const char *name)
{
	if (strlen(name) != HEX_LEN + TEMP_SUFFIX_LEN || !is_lower_hex(name, HEX_LEN) || name[HEX_LEN] != '.')
		return false;
	for (const char *p = name + HEX_LEN + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return false;
	return true;
}

static int check_digest(const char *digest, struct vg_err *err)
{
	if (digest_is_valid_sha256(digest))
		return 0;
	return vg_err_set(err, VG_EFORMAT, "\"%.100s\" is not a sha256 digest (sha256: and 64 lowercase hex digits)",
			  digest ? digest : "");
}

static char *cache_path(const char *dir, const char *sub, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/blobs/%s", dir, sub);
	if (name)
		strbuf_addf(&sb, "/%s", name);
	return strbuf_detach(&sb, NULL);
}

/* ---- opening ---- */

static char *resolve_dir(const char *dir, struct vg_err *err)
{
	const char *env = getenv("VIGIL_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	if (dir && *dir)
		strbuf_addstr(&sb, dir);
	else if (env && *env)
		strbuf_addstr(&sb, env);
	else if (xdg && *xdg)
		strbuf_addf(&sb, "%s/vigil", xdg);
	else if (home && *home)
		strbuf_addf(&sb, "%s/.cache/vigil", home);
	else {
		vg_err_set(err, VG_ENOTFOUND, "no blob cache directory: set VIGIL_CACHE_DIR, XDG_CACHE_HOME or HOME");
		return NULL;
	}
	len = sb.len;
	while (len > 1 && sb.buf[len - 1] == '/')
		len--;
	sb.buf[len] = '\0';
	sb.len = len;
	return strbuf_detach(&sb, NULL);
}

/* Create path if missing (mode 0700); an existing directory is fine. */
static int make_dir(const char *path, struct vg_err *err)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return vg_err_set(err, VG_EIO, "cache directory %s: %s", path, strerror(errno));
	if (stat(path, &st) != 0)
		return vg_err_set(err, VG_EIO, "cache directory %s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return vg_err_set(err, VG_EIO, "cache directory %s: %s", path, strerror(ENOTDIR));
	return 0;
}

/* mkdir -p: every component of path, then path itself. */
static int make_dirs(const char *path, struct vg_err *err)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *slash = strchr(p + 1, '/'); slash && rc == 0; slash = strchr(slash + 1, '/')) {
		if (slash[-1] == '/')
			continue;
		*slash = '\0';
		rc = make_dir(p, err);
		*slash = '/';
	}
	if (rc == 0)
		rc = make_dir(p, err);
	free(p);
	return rc;
}

static int cap_from_env(uint64_t *max, struct vg_err *err)
{
	const char *s = getenv("VIGIL_CACHE_MAX_SIZE");

	*max = BLOB_CACHE_DEFAULT_MAX;
	if (!s || !*s)
		return 0;
	return parse_size("VIGIL_CACHE_MAX_SIZE", s, max, err);
}

int blob_cache_open(struct blob_cache *c, const char *dir, struct vg_err *err)
{
	char *sub;
	int rc;

	c->dir = NULL;
	c->max_bytes = 0;
	if (cap_from_env(&c->max_bytes, err) != 0)
		return -1;
	if (!(c->dir = resolve_dir(dir, err)))
		return -1;
	sub = cache_path(c->dir, "sha256", NULL);
	rc = make_dirs(sub, err);
	free(sub);
	if (rc == 0) {
		sub = cache_path(c->dir, "tmp", NULL);
		rc = make_dir(sub, err);
		free(sub);
	}
	if (rc != 0) {
		blob_cache_close(c);
		return -1;
	}
	return 0;
}

void blob_cache_close(struct blob_cache *c)
{
	if (!c)
		return;
	free(c->dir);
	c->dir = NULL;
}

/* ---- lookup ---- */

int blob_cache_lookup(struct blob_cache *c, const char *digest, char **path, struct vg_err *err)
{
	static const struct timespec touch[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	struct stat st;
	char *p;

	*path = NULL;
	if (check_digest(digest, err) != 0)
		return -1;
	p = cache_path(c->dir, "sha256", digest + 7);
	if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(p);
		return 0;
	}
	(void)utimensat(AT_FDCWD, p, touch, 0); /* best effort: the cache may be read-only */
	*path = p;
	return 1;
}

void blob_cache_remove(struct blob_cache *c, const char *digest)
{
	char *p;

	if (!digest_is_valid_sha256(digest))
		return;
	p = cache_path(c->dir, "sha256", digest + 7);
	(void)unlink(p);
	free(p);
}

/* ---- scanning ---- */

/* Every regular file in <dir>/blobs/<sub> whose name passes ours(). */
static int scan_dir(const char *dir, const char *sub, bool (*ours)(const char *), struct cache_scan *s,
		    struct vg_err *err)
{
	char *path = cache_path(dir, sub, NULL);
	struct dirent *de;
	struct stat st;
	DIR *d;

	memset(s, 0, sizeof(*s));
	if (!(d = opendir(path))) {
		vg_err_set(err, VG_EIO, "cache directory %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while ((de = readdir(d))) {
		struct cache_entry *e;

		if (!ours(de->d_name) || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue; /* not ours, or removed meanwhile by another process */
		vg_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v));
		e = &s->v[s->n++];
		memcpy(e->name, de->d_name, strlen(de->d_name) + 1);
		e->size = (uint64_t)st.st_size;
		e->mtime = st.st_mtim;
		s->bytes += e->size;
	}
	closedir(d);
	free(path);
	return 0;
}

static void scan_free(struct cache_scan *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int blob_cache_stats(struct blob_cache *c, struct blob_cache_stats *st, struct vg_err *err)
{
	struct cache_scan s;

	memset(st, 0, sizeof(*st));
	if (scan_dir(c->dir, "sha256", is_blob_name, &s, err) != 0)
		return -1;
	st->blobs = s.n;
	st->bytes = s.bytes;
	scan_free(&s);
	if (scan_dir(c->dir, "tmp", is_temp_name, &s, err) != 0)
		return -1;
	st->temp_files = s.n;
	st->temp_bytes = s.bytes;
	scan_free(&s);
	return 0;
}

/* ---- pruning ---- */

/* Oldest mtime first; the name breaks ties so the order is stable. */
static int cmp_oldest_first(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Unlink <dir>/blobs/<sub>/<name>. 1 if removed, 0 if already gone, -1 on error. */
static int remove_entry(const char *dir, const char *sub, const char *name, struct vg_err *err)
{
	char *p = cache_path(dir, sub, name);
	int rc = 1;

	if (unlink(p) != 0) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc < 0)
			vg_err_set(err, VG_EIO, "cannot remove %s: %s", p, strerror(errno));
	}
	free(p);
	return rc;
}

/* Remove blobs oldest first until at most keep_bytes remain; keep_hex (if
 * non-NULL) is never removed. */
static int prune_blobs(const char *dir, uint64_t keep_bytes, const char *keep_hex, uint64_t *removed,
		       uint64_t *removed_bytes, struct vg_err *err)
{
	struct cache_scan s;
	uint64_t total;
	int rc = 0;

	if (scan_dir(dir, "sha256", is_blob_name, &s, err) != 0)
		return -1;
	total = s.bytes;
	if (total > keep_bytes && s.n > 1)
		qsort(s.v, s.n, sizeof(*s.v), cmp_oldest_first);
	for (size_t i = 0; i < s.n && total > keep_bytes; i++) {
		if (keep_hex && strcmp(s.v[i].name, keep_hex) == 0)
			continue;
		if ((rc = remove_entry(dir, "sha256", s.v[i].name, err)) < 0)
			break;
		total -= s.v[i].size;
		if (rc == 1) {
			(*removed)++;
			*removed_bytes += s.v[i].size;
		}
		rc = 0;
	}
	scan_free(&s);
	return rc;
}

/* Remove temp files older than an hour, or all of them. */
static int prune_temps(const char *dir, bool all, struct vg_err *err)
{
	struct cache_scan s;
	time_t now = time(NULL);
	int rc = 0;

	if (scan_dir(dir, "tmp", is_temp_name, &s, err) != 0)
		return -1;
	for (size_t i = 0; i < s.n && rc == 0; i++)
		if (all || now - s.v[i].mtime.tv_sec > TEMP_MAX_AGE_SECONDS)
			rc = remove_entry(dir, "tmp", s.v[i].name, err) < 0 ? -1 : 0;
	scan_free(&s);
	return rc;
}

int blob_cache_prune(struct blob_cache *c, uint64_t keep_bytes, bool all_temps, uint64_t *removed_blobs,
		     uint64_t *removed_bytes, struct vg_err *err)
{
	uint64_t n = 0, bytes = 0;
	int rc = prune_blobs(c->dir, keep_bytes, NULL, &n, &bytes, err);

	if (rc == 0)
		rc = prune_temps(c->dir, keep_bytes == 0 && all_temps, err);
	if (removed_blobs)
		*removed_blobs = n;
	if (removed_bytes)
		*removed_bytes = bytes;
	return rc;
}

/* ---- writing ---- */

static void writer_free(struct cache_writer *w)
{
	sha256_abort(&w->sha);
	free(w->tmp_path);
	free(w->dir);
	free(w);
}

/* Close and unlink the temp file, then free w. */
static void writer_discard(struct cache_writer *w)
{
	if (w->fd >= 0)
		close(w->fd);
	(void)unlink(w->tmp_path);
	writer_free(w);
}

struct cache_writer *cache_writer_begin(struct blob_cache *c, const char *digest, struct vg_err *err)
{
	struct cache_writer *w;
	struct strbuf sb = STRBUF_INIT;

	if (check_digest(digest, err) != 0)
		return NULL;
	strbuf_addf(&sb, "%s/blobs/tmp/%s.XXXXXX", c->dir, digest + 7);
	w = xcalloc(1, sizeof(*w));
	w->tmp_path = strbuf_detach(&sb, NULL);
	if ((w->fd = mkostemp(w->tmp_path, O_CLOEXEC)) < 0) {
		vg_err_set(err, VG_EIO, "cannot create a temp file in %s/blobs/tmp: %s", c->dir, strerror(errno));
		free(w->tmp_path);
		free(w);
		return NULL;
	}
	w->dir = xstrdup(c->dir);
	w->max_bytes = c->max_bytes;
	memcpy(w->digest, digest, sizeof(w->digest));
	sha256_init(&w->sha);
	return w;
}

int cache_writer_write(struct cache_writer *w, const void *data, size_t len, struct vg_err *err)
{
	const char *p = data;

	sha256_update(&w->sha, data, len); /* even after a failed write: commit still checks the digest */
	if (w->failed)
		return vg_err_set(err, VG_EIO, "%s: an earlier write failed", w->tmp_path);
	while (len > 0) {
		ssize_t n = write(w->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->failed = true;
			return vg_err_set(err, VG_EIO, "%s: %s", w->tmp_path, n < 0 ? strerror(errno) : "short write");
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Keep the cache under its cap without touching the blob just added, and
 * drop abandoned temp files. A failure here does not undo the commit: the
 * blob is in place. */
static void enforce_cap(const char *dir, uint64_t max_bytes, const char *keep_hex)
{
	struct vg_err ignored;
	uint64_t n = 0, bytes = 0;

	if (max_bytes > 0)
		(void)prune_blobs(dir, max_bytes, keep_hex, &n, &bytes, &ignored);
	(void)prune_temps(dir, false, &ignored);
}

int cache_writer_commit(struct cache_writer *w, struct vg_err *err)
{
	char got[72];
	char *final;
	int fd = w->fd;

	sha256_final_str(&w->sha, got);
	if (strcmp(got, w->digest) != 0) {
		vg_err_set(err, VG_EDIGEST, "blob %s: downloaded bytes hash to %s (not cached)", w->digest, got);
		writer_discard(w);
		return -1;
	}
	if (w->failed) {
		vg_err_set(err, VG_EIO, "%s: an earlier write failed", w->tmp_path);
		writer_discard(w);
		return -1;
	}
	w->fd = -1;
	if (close(fd) != 0) {
		vg_err_set(err, VG_EIO, "%s: %s", w->tmp_path, strerror(errno));
		writer_discard(w);
		return -1;
	}
	final = cache_path(w->dir, "sha256", w->digest + 7);
	if (rename(w->tmp_path, final) != 0) {
		vg_err_set(err, VG_EIO, "cannot move %s to %s: %s", w->tmp_path, final, strerror(errno));
		free(final);
		writer_discard(w);
		return -1;
	}
	free(final);
	enforce_cap(w->dir, w->max_bytes, w->digest + 7);
	writer_free(w);
	return 0;
}

void cache_writer_abort(struct cache_writer *w)
{
	if (w)
		writer_discard(w);
}

/* ---- sizes ---- */

/* Digits into *v; false on overflow. */
static bool parse_digits(const char **s, uint64_t *v, int *ndigits)
{
	*v = 0;
	*ndigits = 0;
	for (; **s >= '0' && **s <= '9'; (*s)++, (*ndigits)++) {
		unsigned d = (unsigned)(**s - '0');
		if (*v > (UINT64_MAX - d) / 10)
			return false;
		*v = *v * 10 + d;
	}
	return true;
}

/* "", "B", "K", "KB", "KiB", "KIB", ... -> the multiplier; 0 if not a unit. */
static uint64_t unit_multiplier(const char *u, bool *has_prefix)
{
	static const char prefixes[] = "kmgt";
	const char *p = strchr(prefixes, u[0] >= 'A' && u[0] <= 'Z' ? u[0] + ('a' - 'A') : u[0]);
	uint64_t mult = 1;

	*has_prefix = u[0] && p;
	if (*has_prefix) {
		mult = 1ull << (10 * (p - prefixes + 1));
		u++;
		if (*u == 'i' || *u == 'I')
			u++;
	}
	if (*u == 'b' || *u == 'B')
		u++;
	return *u ? 0 : mult;
}

int parse_size(const char *what, const char *s, uint64_t *out, struct vg_err *err)
{
	const char *p = s ? s : "";
	uint64_t whole, frac = 0, frac_scale = 1, mult, extra;
	int ndigits, nfrac = 0;
	bool has_prefix;

	*out = 0;
	if (!parse_digits(&p, &whole, &ndigits))
		goto too_large;
	if (ndigits == 0)
		goto invalid;
	if (*p == '.') {
		/* six decimals are kept (a fraction of a byte is dropped anyway) */
		for (p++; *p >= '0' && *p <= '9'; p++, nfrac++)
			if (nfrac < 6) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				frac_scale *= 10;
			}
		if (nfrac == 0)
			goto invalid;
	}
	if (!(mult = unit_multiplier(p, &has_prefix)) || (nfrac > 0 && !has_prefix))
		goto invalid;
	extra = frac * mult / frac_scale; /* frac < 10^6 and mult <= 2^40: no overflow */
	if (whole > (UINT64_MAX - extra) / mult)
		goto too_large;
	*out = whole * mult + extra;
	return 0;
invalid:
	return vg_err_set(err, VG_EUSAGE, "%s: invalid size \"%.100s\" (a number of bytes, or with K, M, G or T: "
			  "4096, 512MiB, 10G, 1.5GB)", what, s ? s : "");
too_large:
	return vg_err_set(err, VG_EUSAGE, "%s: size \"%.100s\" is too large", what, s);
}
