/* rootfs.c - walk a root filesystem directory into a layer_result (see rootfs.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/strbuf.h"
#include "rootfs.h"

#define ROOTFS_MAX_DEPTH 256
#define ROOTFS_MAX_ENTRIES 2000000

struct rootfs_walk {
	const struct walk_options *o;
	struct layer_result *r;
	const char *top;
	size_t count;
	struct vg_err *err;
};

static struct layer_entry *push(struct layer_result *r, enum entry_type t, const char *path)
{
	struct layer_entry *e;

	vg_grow((void **)&r->entries, &r->cap, r->n + 1, sizeof(*r->entries));
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->path = arena_strdup(&r->arena, path);
	return e;
}

static int keep_file(struct rootfs_walk *w, int dirfd, const char *name, const char *path, struct layer_entry *e)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *buf;
	uint64_t got = 0;

	if (fd < 0)
		return vg_err_set(w->err, VG_EIO, "%s/%s: %s", w->top, path, strerror(errno));
	buf = xmalloc(e->size + 1);
	while (got < e->size) {
		ssize_t n = read(fd, buf + got, e->size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	close(fd);
	buf[got] = '\0';
	e->size = got;
	e->data = buf;
	e->kept = true;
	w->r->kept_bytes += got;
	return 0;
}

static int walk_dir(struct rootfs_walk *w, int fd, struct strbuf *path, int depth);

/* A content-extraction candidate: read it, keep only the extractor's summary. */
static int extract_file(struct rootfs_walk *w, int dirfd, const char *name, struct layer_entry *e, int id,
			const char *magic, size_t magic_len)
{
	char head[16], why[256], *summary;
	size_t out_len = 0;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0; /* unreadable: not a package file, nothing to report */
	if (magic_len) {
		if (magic_len > sizeof(head) || pread(fd, head, magic_len, 0) != (ssize_t)magic_len ||
		    memcmp(head, magic, magic_len) != 0) {
			close(fd);
			return 0;
		}
	}
	close(fd);
	if (keep_file(w, dirfd, name, e->path, e) != 0)
		return -1;
	w->r->kept_bytes -= e->size;
	why[0] = '\0';
	summary = w->o->extract(w->o->extract_ctx, id, e->path, e->data, (size_t)e->size, &out_len, why, sizeof(why));
	free(e->data);
	e->data = NULL;
	e->kept = false;
	if (!summary) {
		if (why[0]) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "/%s: skipped: %s", e->path, why);
			ptrvec_push(&w->r->notes, strbuf_detach(&sb, NULL));
		}
		return 0;
	}
	e->data = summary;
	e->size = out_len;
	e->kept = true;
	e->extractor = (uint8_t)(id + 1);
	w->r->kept_bytes += out_len;
	return 0;
}

/* Record one directory entry (recursing into directories). */
static int visit_entry(struct rootfs_walk *w, int dfd, const char *name, struct strbuf *path, int depth)
{
	struct layer_entry *e;
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return 0; /* vanished while we walked */
	if (S_ISDIR(st.st_mode)) {
		int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		push(w->r, ENT_DIR, path->buf);
		return fd >= 0 ? walk_dir(w, fd, path, depth + 1) : 0;
	}
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = '\0';
			e = push(w->r, ENT_SYMLINK, path->buf);
			e->link = arena_strdup(&w->r->arena, target);
		}
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		push(w->r, ENT_OTHER, path->buf);
		return 0;
	}
	e = push(w->r, ENT_FILE, path->buf);
	e->size = (uint64_t)st.st_size;
	e->mode = st.st_mode;
	if (!w->o->want || !w->o->want(w->o->want_ctx, path->buf, e->size)) {
		const char *magic = NULL;
		size_t magic_len = 0;
		int xid;
		if (!w->o->probe ||
		    (xid = w->o->probe(w->o->extract_ctx, path->buf, e->size, st.st_mode, &magic, &magic_len)) < 0)
			return 0;
		if (e->size > w->o->max_extract) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "/%s: skipped: %llu bytes is over the %llu byte limit for binaries and archives",
				    path->buf, (unsigned long long)e->size, (unsigned long long)w->o->max_extract);
			ptrvec_push(&w->r->notes, strbuf_detach(&sb, NULL));
			return 0;
		}
		return extract_file(w, dfd, name, e, xid, magic, magic_len);
	}
	if (e->size > w->o->max_file)
		return vg_err_set(w->err, VG_ELIMIT, "%s/%s is %llu bytes, over the %llu byte limit", w->top,
				  path->buf, (unsigned long long)e->size, (unsigned long long)w->o->max_file);
	if (w->r->kept_bytes + e->size > w->o->max_kept)
		return vg_err_set(w->err, VG_ELIMIT, "%s: package files total more than %llu bytes", w->top,
				  (unsigned long long)w->o->max_kept);
	return keep_file(w, dfd, name, path->buf, e);
}

static int walk_dir(struct rootfs_walk *w, int fd, struct strbuf *path, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > ROOTFS_MAX_DEPTH) {
		close(fd);
		return vg_err_set(w->err, VG_ELIMIT, "%s/%s: directories nested too deep", w->top, path->buf);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return vg_err_set(w->err, VG_EIO, "%s/%s: %s", w->top, path->buf, strerror(errno));
	}
	while (rc == 0 && (de = readdir(d))) {
		size_t mark = path->len;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (depth == 0 && (strcmp(de->d_name, "proc") == 0 || strcmp(de->d_name, "sys") == 0 ||
				   strcmp(de->d_name, "dev") == 0))
			continue;
		if (++w->count > ROOTFS_MAX_ENTRIES) {
			rc = vg_err_set(w->err, VG_ELIMIT, "%s: more than %d entries", w->top, ROOTFS_MAX_ENTRIES);
			break;
		}
		if (path->len)
			strbuf_addch(path, '/');
		strbuf_addstr(path, de->d_name);
		rc = visit_entry(w, dirfd(d), de->d_name, path, depth);
		path->len = mark;
		path->buf[mark] = '\0';
	}
	closedir(d);
	return rc;
}

int rootfs_dir_walk(const char *dir, const struct walk_options *o, struct layer_result *out, struct vg_err *err)
{
	struct rootfs_walk w = { o, out, dir, 0, err };
	struct strbuf path = STRBUF_INIT;
	int fd, rc;

	memset(out, 0, sizeof(*out));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return vg_err_set(err, VG_EIO, "%s: %s", dir, strerror(errno));
	strbuf_grow(&path, 256);
	rc = walk_dir(&w, fd, &path, 0);
	strbuf_release(&path);
	out->format = "dir";
	if (rc != 0)
		layer_result_free(out);
	return rc;
}
