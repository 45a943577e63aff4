/* store.h - named byte containers an image is read from: a directory (OCI
 * layout, plain files) or a tar archive (docker-archive, oci-archive,
 * rootfs tarball). Both give whole small members (manifests, configs) and
 * streams of large ones (layers). A store is owned by its image; streams are
 * owned by the caller and must be closed. Streams are independent of each
 * other, so several threads may read different ones at once. */
#ifndef VG_STORE_H
#define VG_STORE_H

#include <sys/types.h>

#include "../core/error.h"
#include "../core/strmap.h"
#include "../core/arena.h"

struct stream {
	/* Read up to n bytes; returns bytes read, 0 at end, -1 on error (err filled). */
	ssize_t (*read)(struct stream *s, void *buf, size_t n, struct vg_err *err);
	void (*close)(struct stream *s);
	const char *name; /* for messages: "<archive>:<member>" or a file path */
	/* The stream checks its own bytes against the digest it was opened for
	 * and fails with VG_EDIGEST at its end when they differ (a registry
	 * download written to the cache), so a reader need not hash them again. */
	bool verifies_digest;
};

enum store_kind { STORE_DIR, STORE_ARCHIVE };

struct store_member {
	const char *name;  /* normalized: no leading "./" or "/" */
	const char *link;  /* symlink target or hardlink target, else NULL */
	bool is_hardlink;
	bool is_regular;
	int64_t size;
};

struct store {
	enum store_kind kind;
	const char *path;       /* directory or archive file */
	struct arena arena;
	struct strmap members;  /* archive: name -> struct store_member * */
	bool compressed;        /* archive: the outer file is gzip/zstd/... */
};

/* Open a directory store. */
int store_open_dir(const char *dir, struct store **out, struct vg_err *err);
/* Open an archive store: reads every member header once (no data). */
int store_open_archive(const char *file, struct store **out, struct vg_err *err);
void store_close(struct store *st);

bool store_has(struct store *st, const char *name);
/* Read a whole member of at most max bytes into a NUL-terminated malloc'd buffer. */
int store_read(struct store *st, const char *name, size_t max, char **out, size_t *len, struct vg_err *err);
/* Open a member as a stream. */
int store_stream(struct store *st, const char *name, struct stream **out, struct vg_err *err);
/* Open any host file as a stream (rootfs tarballs). */
int stream_open_file(const char *path, struct stream **out, struct vg_err *err);

/* Normalize a member/entry name in place: strip "./" and leading "/",
 * collapse "//" and "/./", drop a trailing "/". Returns -1 for names with a
 * ".." component; sets *was_absolute when the name started with "/". */
int path_normalize(char *name, bool *was_absolute);

#endif
