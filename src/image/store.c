/* store.c - directory and tar-archive stores (see store.h). Archives are read
 * through libarchive; a member stream re-opens the archive and skips to the
 * member, which is a seek for an uncompressed archive. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/fileio.h"
#include "../core/limits.h"
#include "../core/strbuf.h"
#include "store.h"

#define STORE_MAX_MEMBERS 200000
#define STORE_MAX_LINK_HOPS 8

int path_normalize(char *name, bool *was_absolute)
{
	char *r = name, *w = name;

	if (was_absolute)
		*was_absolute = (*name == '/');
	while (*r) {
		char *seg = r;
		size_t n;
		while (*r && *r != '/')
			r++;
		n = (size_t)(r - seg);
		if (*r == '/')
			r++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			return -1;
		if (w != name)
			*w++ = '/';
		memmove(w, seg, n);
		w += n;
	}
	*w = '\0';
	return 0;
}

static struct store *store_new(enum store_kind kind, const char *path)
{
	struct store *st = xcalloc(1, sizeof(*st));

	st->kind = kind;
	st->path = arena_strdup(&st->arena, path);
	return st;
}

int store_open_dir(const char *dir, struct store **out, struct vg_err *err)
{
	struct stat sb;

	if (stat(dir, &sb) != 0)
		return vg_err_set(err, VG_ENOTFOUND, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return vg_err_set(err, VG_EFORMAT, "%s: not a directory", dir);
	*out = store_new(STORE_DIR, dir);
	return 0;
}

static struct archive *archive_reader_new(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		vg_die_oom();
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_bzip2(a);
	return a;
}

static int archive_fail(struct archive *a, const char *file, struct vg_err *err)
{
	const char *msg = archive_error_string(a);
	return vg_err_set(err, VG_EFORMAT, "%s: %s", file, msg ? msg : "not a readable tar archive");
}

/* Skip the current member's data. In a compressed archive this means
 * decompressing it, so check the ratio as it goes (bombs). */
static int skip_member_data(struct archive *a, const char *file, struct vg_err *err)
{
	static char scratch[65536];
	uint64_t ratio;

	if (archive_filter_count(a) <= 1)
		return archive_read_data_skip(a) == ARCHIVE_OK ? 0 : archive_fail(a, file, err);
	ratio = vg_max_ratio();
	for (;;) {
		la_ssize_t r = archive_read_data(a, scratch, sizeof(scratch));
		if (r < 0)
			return archive_fail(a, file, err);
		if (r == 0)
			return 0;
		if (vg_ratio_exceeded((uint64_t)archive_filter_bytes(a, 0), (uint64_t)archive_filter_bytes(a, -1), ratio))
			return vg_err_set(err, VG_ELIMIT, "%s: decompresses to more than %llu times its size (decompression bomb?)",
					  file, (unsigned long long)ratio);
	}
}

static int store_add_member(struct store *st, struct archive_entry *e, struct vg_err *err)
{
	const char *raw = archive_entry_pathname(e);
	struct store_member *m;
	char *name;

	if (!raw)
		return 0;
	name = arena_strdup(&st->arena, raw);
	if (path_normalize(name, NULL) != 0)
		return vg_err_set(err, VG_EFORMAT, "%s: member \"%s\" has a \"..\" component", st->path, raw);
	if (!*name)
		return 0;
	m = arena_alloc(&st->arena, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->name = name;
	m->size = archive_entry_size(e);
	if (archive_entry_hardlink(e)) {
		char *t = arena_strdup(&st->arena, archive_entry_hardlink(e));
		if (path_normalize(t, NULL) != 0)
			return vg_err_set(err, VG_EFORMAT, "%s: member \"%s\" links outside the archive", st->path, raw);
		m->link = t;
		m->is_hardlink = true;
	} else if (archive_entry_filetype(e) == AE_IFLNK) {
		m->link = arena_strdup(&st->arena, archive_entry_symlink(e) ? archive_entry_symlink(e) : "");
	} else if (archive_entry_filetype(e) == AE_IFREG) {
		m->is_regular = true;
	}
	strmap_put(&st->members, m->name, m);
	return 0;
}

int store_open_archive(const char *file, struct store **out, struct vg_err *err)
{
	struct archive *a = archive_reader_new();
	struct archive_entry *e;
	struct store *st;
	struct stat sb;
	int r, count = 0;

	if (stat(file, &sb) != 0) {
		archive_read_free(a);
		return vg_err_set(err, VG_ENOTFOUND, "%s: %s", file, strerror(errno));
	}
	if (S_ISDIR(sb.st_mode) || sb.st_size == 0) {
		archive_read_free(a);
		return vg_err_set(err, VG_EFORMAT, "%s: %s", file,
				  S_ISDIR(sb.st_mode) ? "is a directory, not an archive" : "empty file");
	}
	if (archive_read_open_filename(a, file, 65536) != ARCHIVE_OK) {
		archive_fail(a, file, err);
		archive_read_free(a);
		return -1;
	}
	st = store_new(STORE_ARCHIVE, file);
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (++count > STORE_MAX_MEMBERS) {
			vg_err_set(err, VG_ELIMIT, "%s: more than %d members", file, STORE_MAX_MEMBERS);
			goto fail;
		}
		if (store_add_member(st, e, err) != 0 || skip_member_data(a, file, err) != 0)
			goto fail;
	}
	if (r != ARCHIVE_EOF) {
		archive_fail(a, file, err);
		goto fail;
	}
	if (count == 0) {
		vg_err_set(err, VG_EFORMAT, "%s: empty or not a tar archive", file);
		goto fail;
	}
	st->compressed = archive_filter_count(a) > 1;
	archive_read_free(a);
	*out = st;
	return 0;
fail:
	archive_read_free(a);
	store_close(st);
	return -1;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	strmap_free(&st->members);
	arena_free(&st->arena);
	free(st);
}

/* Resolve link (found in member "from") lexically inside the archive into out. */
static void resolve_member_link(const char *from, const char *link, bool hard, struct strbuf *out)
{
	const char *slash = strrchr(from, '/');
	const char *p;

	strbuf_reset(out);
	if (!hard && link[0] != '/' && slash)
		strbuf_add(out, from, (size_t)(slash - from));
	for (p = link; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *up = strrchr(out->buf ? out->buf : "", '/');
			out->len = up ? (size_t)(up - out->buf) : 0;
			if (out->buf)
				out->buf[out->len] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (out->len)
				strbuf_addch(out, '/');
			strbuf_add(out, p, n);
		}
		p += n + (e ? 1 : 0);
	}
}

/* Follow symlink/hardlink members (e.g. skopeo's "<id>/layer.tar -> ../<sha>.tar")
 * to a regular member. NULL if absent; *loop is set for too many links. */
static const struct store_member *store_find(struct store *st, const char *name, bool *loop)
{
	struct strbuf cur = STRBUF_INIT, next = STRBUF_INIT;
	const struct store_member *m = NULL;

	*loop = false;
	resolve_member_link("", name, true, &cur);
	for (int hop = 0;; hop++) {
		m = strmap_get(&st->members, strbuf_str(&cur));
		if (!m || m->is_regular || !m->link)
			break;
		if (hop == STORE_MAX_LINK_HOPS) {
			*loop = true;
			m = NULL;
			break;
		}
		resolve_member_link(m->name, m->link, m->is_hardlink, &next);
		strbuf_reset(&cur);
		strbuf_addstr(&cur, strbuf_str(&next));
	}
	strbuf_release(&cur);
	strbuf_release(&next);
	return m && m->is_regular ? m : NULL;
}

bool store_has(struct store *st, const char *name)
{
	if (st->kind == STORE_DIR) {
		struct strbuf p = STRBUF_INIT;
		struct stat sb;
		bool ok;
		strbuf_addf(&p, "%s/%s", st->path, name);
		ok = stat(p.buf, &sb) == 0 && S_ISREG(sb.st_mode);
		strbuf_release(&p);
		return ok;
	}
	bool loop;
	return store_find(st, name, &loop) != NULL;
}

/* ---- streams ---- */

struct fd_stream {
	struct stream s;
	int fd;
	char *name;
};

static ssize_t fd_stream_read(struct stream *s, void *buf, size_t n, struct vg_err *err)
{
	struct fd_stream *fs = (struct fd_stream *)s;

	for (;;) {
		ssize_t r = read(fs->fd, buf, n);
		if (r >= 0)
			return r;
		if (errno != EINTR)
			return vg_err_set(err, VG_EIO, "%s: %s", fs->name, strerror(errno));
	}
}

static void fd_stream_close(struct stream *s)
{
	struct fd_stream *fs = (struct fd_stream *)s;

	close(fs->fd);
	free(fs->name);
	free(fs);
}

int stream_open_file(const char *path, struct stream **out, struct vg_err *err)
{
	struct fd_stream *fs;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return vg_err_set(err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return vg_err_set(err, VG_EFORMAT, "%s: not a regular file", path);
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	fs = xcalloc(1, sizeof(*fs));
	fs->fd = fd;
	fs->name = xstrdup(path);
	fs->s.read = fd_stream_read;
	fs->s.close = fd_stream_close;
	fs->s.name = fs->name;
	*out = &fs->s;
	return 0;
}

struct archive_stream {
	struct stream s;
	struct archive *a;
	char *name;
};

static ssize_t archive_stream_read(struct stream *s, void *buf, size_t n, struct vg_err *err)
{
	struct archive_stream *as = (struct archive_stream *)s;
	la_ssize_t r = archive_read_data(as->a, buf, n);

	if (r < 0) {
		const char *msg = archive_error_string(as->a);
		return vg_err_set(err, VG_EFORMAT, "%s: %s", as->name, msg ? msg : "read error");
	}
	if (archive_filter_count(as->a) > 1 &&
	    vg_ratio_exceeded((uint64_t)archive_filter_bytes(as->a, 0), (uint64_t)archive_filter_bytes(as->a, -1),
			      vg_max_ratio()))
		return vg_err_set(err, VG_ELIMIT, "%s: decompresses to more than %llu times its size (decompression bomb?)",
				  as->name, (unsigned long long)vg_max_ratio());
	return (ssize_t)r;
}

static void archive_stream_close(struct stream *s)
{
	struct archive_stream *as = (struct archive_stream *)s;

	archive_read_free(as->a);
	free(as->name);
	free(as);
}

static int archive_open_member(struct store *st, const struct store_member *m, struct stream **out,
			       struct vg_err *err)
{
	struct archive *a = archive_reader_new();
	struct archive_entry *e;
	int r;

	if (archive_read_open_filename(a, st->path, 65536) != ARCHIVE_OK) {
		archive_fail(a, st->path, err);
		archive_read_free(a);
		return -1;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(e);
		char *name = raw ? xstrdup(raw) : NULL;
		bool match = name && path_normalize(name, NULL) == 0 && strcmp(name, m->name) == 0 &&
			     archive_entry_filetype(e) == AE_IFREG;
		free(name);
		if (match) {
			struct archive_stream *as = xcalloc(1, sizeof(*as));
			struct strbuf n = STRBUF_INIT;
			strbuf_addf(&n, "%s:%s", st->path, m->name);
			as->a = a;
			as->name = strbuf_detach(&n, NULL);
			as->s.read = archive_stream_read;
			as->s.close = archive_stream_close;
			as->s.name = as->name;
			*out = &as->s;
			return 0;
		}
		if (skip_member_data(a, st->path, err) != 0) {
			archive_read_free(a);
			return -1;
		}
	}
	archive_fail(a, st->path, err);
	vg_err_prefix(err, "member %s", m->name);
	archive_read_free(a);
	return -1;
}

int store_stream(struct store *st, const char *name, struct stream **out, struct vg_err *err)
{
	const struct store_member *m;
	bool loop;

	if (st->kind == STORE_DIR) {
		struct strbuf p = STRBUF_INIT;
		int r;
		strbuf_addf(&p, "%s/%s", st->path, name);
		r = stream_open_file(p.buf, out, err);
		strbuf_release(&p);
		return r;
	}
	m = store_find(st, name, &loop);
	if (loop)
		return vg_err_set(err, VG_EFORMAT, "%s: member \"%s\": too many levels of links (a link loop?)",
				  st->path, name);
	if (!m)
		return vg_err_set(err, VG_ENOTFOUND, "%s: no member \"%s\"", st->path, name);
	return archive_open_member(st, m, out, err);
}

int store_read(struct store *st, const char *name, size_t max, char **out, size_t *len, struct vg_err *err)
{
	struct stream *s;
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (st->kind == STORE_DIR) {
		struct strbuf p = STRBUF_INIT;
		int r;
		strbuf_addf(&p, "%s/%s", st->path, name);
		r = read_file_capped(p.buf, max, out, len, err);
		strbuf_release(&p);
		return r;
	}
	if (store_stream(st, name, &s, err) != 0)
		return -1;
	for (;;) {
		ssize_t r;
		vg_grow((void **)&buf, &cap, n + 65536 + 1, 1);
		r = s->read(s, buf + n, cap - n - 1, err);
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			vg_err_set(err, VG_ELIMIT, "%s: member \"%s\" larger than %zu bytes", st->path, name, max);
			goto fail;
		}
	}
	s->close(s);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
fail:
	s->close(s);
	free(buf);
	return -1;
}
