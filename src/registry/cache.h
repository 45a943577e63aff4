/* cache.h - the on-disk content-addressed blob cache
 * ($VIGIL_CACHE_DIR, else $XDG_CACHE_HOME/vigil, else $HOME/.cache/vigil):
 * blobs/sha256/<hex> holds bytes whose sha256 is <hex>. A blob is written to
 * a private temp file under blobs/tmp/, verified, then renamed into place,
 * so readers never see a partial or wrong blob and two processes filling
 * the same blob at once are safe (the last rename wins with equal bytes).
 * Reading a blob refreshes its mtime; pruning removes least recently used
 * blobs first. A blob_cache and a cache_writer own their strings. */
#ifndef VG_REG_CACHE_H
#define VG_REG_CACHE_H

#include <stdint.h>

#include "../core/error.h"

#define BLOB_CACHE_DEFAULT_MAX (10ull << 30) /* 10 GiB */

struct blob_cache {
	char *dir;          /* the cache root (…/vigil) */
	uint64_t max_bytes; /* size cap enforced after each commit; 0 = no cap */
};

/* Resolve the cache directory from the environment and create
 * blobs/sha256 and blobs/tmp (mode 0700) if needed. The cap comes from
 * $VIGIL_CACHE_MAX_SIZE (parse_size syntax) or BLOB_CACHE_DEFAULT_MAX.
 * When dir is non-NULL it is used instead of the environment. */
int blob_cache_open(struct blob_cache *c, const char *dir, struct vg_err *err);
void blob_cache_close(struct blob_cache *c);

/* If the blob is cached, return 1 and a malloc'd path to it in *path (and
 * touch its mtime); 0 if absent; -1 for a malformed digest. */
int blob_cache_lookup(struct blob_cache *c, const char *digest, char **path, struct vg_err *err);
/* Remove one blob (a cached file found to be wrong). */
void blob_cache_remove(struct blob_cache *c, const char *digest);

struct cache_writer;
/* Start writing a blob expected to hash to digest. */
struct cache_writer *cache_writer_begin(struct blob_cache *c, const char *digest, struct vg_err *err);
/* Append bytes. After a failed write (-1, VG_EIO) later calls only hash
 * (and return -1 again), so commit can still check the digest. */
int cache_writer_write(struct cache_writer *w, const void *data, size_t len, struct vg_err *err);
/* Verify the bytes given hash to the digest, rename into place and enforce
 * the size cap. On a mismatch nothing is kept and -1 is returned
 * (VG_EDIGEST); after a failed write, with matching bytes, -1 (VG_EIO).
 * Always frees w. */
int cache_writer_commit(struct cache_writer *w, struct vg_err *err);
/* Drop the temp file. Frees w; NULL is fine. */
void cache_writer_abort(struct cache_writer *w);

struct blob_cache_stats {
	uint64_t blobs, bytes;          /* complete blobs */
	uint64_t temp_files, temp_bytes; /* unfinished downloads */
};
int blob_cache_stats(struct blob_cache *c, struct blob_cache_stats *st, struct vg_err *err);

/* Remove blobs, least recently used first, until at most keep_bytes
 * remain (0 removes all), and temp files older than an hour (all temp
 * files when keep_bytes is 0 and all_temps is set). Reports what was
 * removed. */
int blob_cache_prune(struct blob_cache *c, uint64_t keep_bytes, bool all_temps, uint64_t *removed_blobs,
		     uint64_t *removed_bytes, struct vg_err *err);

/* "10G", "512MiB", "1.5GB", "4096" (bytes): binary units (K/M/G/T = 1024^n,
 * with or without "i"/"B"). Returns 0 or -1 (VG_EUSAGE, naming what). */
int parse_size(const char *what, const char *s, uint64_t *out, struct vg_err *err);

#endif
