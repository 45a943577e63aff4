/* walk.c - stream a layer through the decoder into libarchive's tar reader,
 * recording entries and keeping wanted files (see walk.h). */
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include "../core/strbuf.h"
#include "walk.h"

#define WALK_CHUNK (256u * 1024)
#define WALK_MAX_ENTRIES 2000000

struct walk_io {
	struct decoder *dec;
	uint8_t *buf;
	char *xbuf;      /* content-extraction candidates, reused from file to file */
	size_t xcap;
	struct vg_err err;
	bool failed;
};

static la_ssize_t walk_read(struct archive *a, void *ctx, const void **out)
{
	struct walk_io *io = ctx;
	ssize_t r;

	VG_UNUSED(a);
	r = decoder_read(io->dec, io->buf, WALK_CHUNK, &io->err);
	if (r < 0) {
		io->failed = true;
		return -1;
	}
	*out = io->buf;
	return r;
}

void walk_default_options(struct walk_options *o)
{
	memset(o, 0, sizeof(*o));
	o->max_file = 256ull << 20;
	o->max_kept = 1ull << 30;
	o->record_all = true;
	o->max_extract = 512ull << 20;
}

void layer_result_free(struct layer_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->entries[i].data);
	free(r->entries);
	ptrvec_free(&r->notes, free);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}

static struct layer_entry *add_entry(struct layer_result *r, enum entry_type t, const char *path)
{
	struct layer_entry *e;

	vg_grow((void **)&r->entries, &r->cap, r->n + 1, sizeof(*r->entries));
	e = &r->entries[r->n++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->path = path;
	return e;
}

/* Split a normalized path into whiteout meaning. Returns true if it was one. */
static bool classify_whiteout(struct layer_result *r, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dirlen = slash ? (size_t)(slash - path) : 0;

	if (!str_starts_with(base, ".wh."))
		return false;
	if (strcmp(base, ".wh..wh..opq") == 0) {
		add_entry(r, ENT_OPAQUE, arena_strndup(&r->arena, path, dirlen));
	} else if (str_starts_with(base, ".wh..wh.")) {
		/* aufs metadata (.wh..wh.plnk, .wh..wh.aufs): not part of the image */
	} else {
		char *victim = arena_alloc(&r->arena, strlen(path) + 1);
		if (dirlen) {
			memcpy(victim, path, dirlen);
			victim[dirlen] = '/';
			strcpy(victim + dirlen + 1, base + 4);
		} else {
			strcpy(victim, base + 4);
		}
		add_entry(r, ENT_WHITEOUT, victim);
	}
	return true;
}

static int read_entry_data(struct archive *a, struct layer_entry *e, uint64_t size, const char *name,
			   struct vg_err *err)
{
	char *buf = xmalloc(size + 1);
	uint64_t got = 0;

	while (got < size) {
		la_ssize_t r = archive_read_data(a, buf + got, (size_t)(size - got));
		if (r < 0) {
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		got += (uint64_t)r;
	}
	if (got != size) {
		free(buf);
		return vg_err_set(err, VG_EFORMAT, "%s: %s: short read (%llu of %llu bytes)", name, e->path,
				  (unsigned long long)got, (unsigned long long)size);
	}
	buf[size] = '\0';
	e->data = buf;
	e->kept = true;
	return 0;
}

/* Read a content-extraction candidate (if it starts with magic) and keep
 * only what the extractor makes of it. The file's bytes are dropped. */
static int extract_entry(struct archive *a, struct walk_io *io, const struct walk_options *o, struct layer_result *r,
			 struct layer_entry *e, int id, const char *magic, size_t magic_len, struct vg_err *err)
{
	uint64_t size = e->size, got = 0;
	char *buf, *summary, why[256];
	size_t out_len = 0;

	if (size < magic_len)
		return 0;
	if (io->xcap < size + 1) {
		free(io->xbuf);
		io->xcap = size + 1 > 1u << 20 ? size + 1 : 1u << 20;
		io->xbuf = xmalloc(io->xcap);
	}
	buf = io->xbuf;
	while (got < size) {
		la_ssize_t n = archive_read_data(a, buf + got, (size_t)(size - got < WALK_CHUNK ? size - got : WALK_CHUNK));
		if (n < 0) {
			return vg_err_set(err, VG_EFORMAT, "%s: %s: %s", o->name, e->path,
					  archive_error_string(a) ? archive_error_string(a) : "read error");
		}
		if (n == 0)
			break;
		got += (uint64_t)n;
		if (magic_len && got >= magic_len && got - (uint64_t)n < magic_len && memcmp(buf, magic, magic_len) != 0) {
			return 0; /* not this kind of file: the rest is skipped by the next header read */
		}
	}
	if (got != size) {
		return vg_err_set(err, VG_EFORMAT, "%s: %s: short read (%llu of %llu bytes)", o->name, e->path,
				  (unsigned long long)got, (unsigned long long)size);
	}
	buf[size] = '\0';
	why[0] = '\0';
	summary = o->extract(o->extract_ctx, id, e->path, buf, (size_t)size, &out_len, why, sizeof(why));
	if (!summary) {
		if (why[0]) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "/%s: skipped: %s", e->path, why);
			ptrvec_push(&r->notes, strbuf_detach(&sb, NULL));
		}
		return 0;
	}
	e->data = summary;
	e->size = out_len;
	e->kept = true;
	e->extractor = (uint8_t)(id + 1);
	r->kept_bytes += out_len;
	return 0;
}

static int walk_entries(struct archive *a, struct walk_io *io, const struct walk_options *o,
			struct layer_result *r, struct vg_err *err)
{
	struct archive_entry *ae;
	size_t count = 0;
	int rc;

	while ((rc = archive_read_next_header(a, &ae)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *raw = archive_entry_pathname(ae);
		mode_t ft = archive_entry_filetype(ae);
		bool absolute;
		char *path;
		struct layer_entry *e;
		uint64_t size = archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0 ?
					(uint64_t)archive_entry_size(ae) : 0;

		if (o->cancel && atomic_load(o->cancel))
			return vg_err_set(err, VG_EINTERNAL, "cancelled");
		if (++count > WALK_MAX_ENTRIES)
			return vg_err_set(err, VG_ELIMIT, "%s: more than %d entries", o->name, WALK_MAX_ENTRIES);
		if (!raw)
			return vg_err_set(err, VG_EFORMAT, "%s: tar entry without a name", o->name);
		if (strlen(raw) >= 4096)
			return vg_err_set(err, VG_EFORMAT, "%s: tar entry name longer than 4095 bytes", o->name);
		path = arena_strdup(&r->arena, raw);
		if (path_normalize(path, &absolute) != 0)
			return vg_err_set(err, VG_EFORMAT, "%s: tar entry \"%s\" has a \"..\" component", o->name, raw);
		if (absolute)
			return vg_err_set(err, VG_EFORMAT, "%s: tar entry \"%s\" has an absolute name", o->name, raw);
		if (classify_whiteout(r, path))
			continue;
		if (archive_entry_hardlink(ae)) {
			char *t = arena_strdup(&r->arena, archive_entry_hardlink(ae));
			if (path_normalize(t, &absolute) != 0 || absolute)
				return vg_err_set(err, VG_EFORMAT, "%s: hard link \"%s\" points outside the layer (\"%s\")",
						  o->name, raw, archive_entry_hardlink(ae));
			if (o->record_all || o->want(o->want_ctx, path, 0)) {
				e = add_entry(r, ENT_HARDLINK, path);
				e->link = t;
				e->mode = archive_entry_mode(ae);
			}
			continue;
		}
		if (ft == AE_IFREG) {
			bool want = o->want && o->want(o->want_ctx, path, size);
			const char *magic = NULL;
			size_t magic_len = 0;
			int xid = -1;

			if (!want && o->probe)
				xid = o->probe(o->extract_ctx, path, size, archive_entry_mode(ae), &magic, &magic_len);
			if (xid >= 0 && size > o->max_extract) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_addf(&sb, "/%s: skipped: %llu bytes is over the %llu byte limit for binaries and archives",
					    path, (unsigned long long)size, (unsigned long long)o->max_extract);
				ptrvec_push(&r->notes, strbuf_detach(&sb, NULL));
				xid = -1;
			}
			if (!want && !o->record_all && xid < 0)
				continue;
			e = add_entry(r, ENT_FILE, path);
			e->size = size;
			e->mode = archive_entry_mode(ae);
			if (xid >= 0) {
				if (extract_entry(a, io, o, r, e, xid, magic, magic_len, err) != 0) {
					if (io->failed)
						*err = io->err;
					return -1;
				}
			} else if (want) {
				if (size > o->max_file)
					return vg_err_set(err, VG_ELIMIT, "%s: %s is %llu bytes, over the %llu byte limit for package files",
							  o->name, path, (unsigned long long)size,
							  (unsigned long long)o->max_file);
				if ((o->kept_total ? atomic_fetch_add(o->kept_total, size) : r->kept_bytes) + size > o->max_kept)
					return vg_err_set(err, VG_ELIMIT, "%s: package files total more than %llu bytes",
							  o->name, (unsigned long long)o->max_kept);
				if (read_entry_data(a, e, size, o->name, err) != 0) {
					if (io->failed)
						*err = io->err;
					else if (err->code == VG_OK || !err->msg[0])
						vg_err_set(err, VG_EFORMAT, "%s: %s: %s", o->name, path,
							   archive_error_string(a) ? archive_error_string(a) : "read error");
					return -1;
				}
				r->kept_bytes += size;
			}
		} else if (o->record_all) {
			if (ft == AE_IFDIR) {
				e = add_entry(r, ENT_DIR, path);
			} else if (ft == AE_IFLNK) {
				e = add_entry(r, ENT_SYMLINK, path);
				e->link = arena_strdup(&r->arena, archive_entry_symlink(ae) ? archive_entry_symlink(ae) : "");
			} else {
				e = add_entry(r, ENT_OTHER, path);
			}
			e->mode = archive_entry_mode(ae);
		}
	}
	if (rc != ARCHIVE_EOF) {
		if (io->failed)
			*err = io->err;
		else
			vg_err_set(err, VG_EFORMAT, "%s: %s", o->name,
				   archive_error_string(a) ? archive_error_string(a) : "malformed tar stream");
		return -1;
	}
	return 0;
}

int layer_walk(struct stream *src, const struct walk_options *o, struct layer_result *out, struct vg_err *err)
{
	struct walk_io io;
	struct archive *a;
	int r = -1;

	memset(out, 0, sizeof(*out));
	memset(&io, 0, sizeof(io));
	io.dec = decoder_new(src, o->name, o->digest, o->diff_id, NULL);
	io.buf = xmalloc(WALK_CHUNK);
	a = archive_read_new();
	if (!a)
		vg_die_oom();
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open(a, &io, NULL, walk_read, NULL) != ARCHIVE_OK) {
		if (io.failed)
			*err = io.err;
		else
			vg_err_set(err, VG_EFORMAT, "%s: not a tar stream: %s", o->name,
				   archive_error_string(a) ? archive_error_string(a) : "unknown format");
		goto out;
	}
	if (walk_entries(a, &io, o, out, err) != 0)
		goto out;
	if (decoder_finish(io.dec, err) != 0)
		goto out;
	out->bytes_in = decoder_bytes_in(io.dec);
	out->bytes_out = decoder_bytes_out(io.dec);
	out->format = decoder_format(io.dec);
	r = 0;
out:
	if (r != 0 && err->code == VG_EFORMAT)
		decoder_digest_mismatch(io.dec, err); /* corruption explains damage best */
	archive_read_free(a);
	decoder_free(io.dec);
	free(io.buf);
	free(io.xbuf);
	if (r != 0)
		layer_result_free(out);
	return r;
}
