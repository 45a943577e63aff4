/* walk.h - one pass over one layer's tar stream. Every entry's name and type
 * is recorded (so whiteouts, replacements and links merge exactly); only the
 * regular files the caller wants are kept in memory. A layer_result owns its
 * entries, their strings (arena) and the kept file contents (malloc'd). */
#ifndef VG_WALK_H
#define VG_WALK_H

#include <stdatomic.h>

#include "../core/arena.h"
#include "../core/vec.h"
#include "decompress.h"

enum entry_type {
	ENT_FILE,
	ENT_DIR,
	ENT_SYMLINK,
	ENT_HARDLINK,
	ENT_WHITEOUT, /* path = the path it deletes */
	ENT_OPAQUE,   /* path = the directory whose lower contents it hides */
	ENT_OTHER,    /* device, fifo, socket */
};

struct layer_entry {
	const char *path;   /* normalized, relative to the root, never "" except the root dir */
	const char *link;   /* symlink target (raw) or hardlink target (normalized) */
	char *data;         /* kept content (NUL-terminated), or NULL */
	uint64_t size;      /* size declared in the tar header */
	uint32_t mode;
	enum entry_type type;
	bool kept;
	/* data is a summary made by content extractor (extractor - 1), not the
	 * file's bytes; 0 for plain kept files. size is then the summary's length. */
	uint8_t extractor;
};

struct layer_result {
	struct layer_entry *entries;
	size_t n, cap;
	struct arena arena;
	uint64_t kept_bytes;
	uint64_t bytes_in, bytes_out;
	const char *format; /* "gzip", "zstd", "none" */
	struct ptrvec notes; /* char * (malloc'd): files an extractor could not read */
};

/* Decide whether a regular file's content is kept. */
typedef bool (*want_fn)(void *ctx, const char *path, uint64_t size);
/* Content-based selection of a regular file want() declined: returns an
 * extractor id (0..254), or -1; *magic / *magic_len (may be NULL/0) are the
 * bytes the file must start with. */
typedef int (*probe_fn)(void *ctx, const char *path, uint64_t size, uint32_t mode, const char **magic,
			size_t *magic_len);
/* Turn a candidate's bytes into a small summary (malloc'd, NUL-terminated,
 * *out_len set) or NULL; why gets a reason when the file is malformed. */
typedef char *(*extract_fn)(void *ctx, int id, const char *path, const char *data, size_t len, size_t *out_len,
			    char *why, size_t why_len);

struct walk_options {
	want_fn want;
	void *want_ctx;
	uint64_t max_file;        /* a wanted file larger than this is an error */
	uint64_t max_kept;        /* cap on kept bytes, over all layers sharing kept_total */
	_Atomic uint64_t *kept_total; /* shared counter of kept bytes, or NULL (per walk) */
	const char *digest;       /* expected digests, or NULL */
	const char *diff_id;
	const char *name;         /* for messages: the layer's digest or member */
	atomic_int *cancel;       /* set by another thread to stop early; may be NULL */
	bool record_all;          /* record every entry (false: only wanted files, for refetch) */
	probe_fn probe;           /* content-based extraction, or NULL */
	extract_fn extract;
	void *extract_ctx;
	uint64_t max_extract;     /* candidates larger than this are passed over */
};

void walk_default_options(struct walk_options *o);
int layer_walk(struct stream *src, const struct walk_options *o, struct layer_result *out, struct vg_err *err);
void layer_result_free(struct layer_result *r);

#endif
