/* client.h - a Registry HTTP API v2 client (libcurl): one session per
 * image reference, which settles the scheme (https, or http for insecure
 * and plain-HTTP loopback registries), authenticates (anonymous, Basic,
 * Bearer tokens from the WWW-Authenticate challenge, refreshed on 401),
 * fetches manifests and blobs with bounded retries, and streams layer blobs
 * through the on-disk blob cache. A client may be used by several threads
 * at once (each blob stream has its own transfer). */
#ifndef VG_REG_CLIENT_H
#define VG_REG_CLIENT_H

#include "../image/store.h"
#include "reference.h"

struct registry_options {
	const char *username;       /* explicit credentials (flags or environment), or NULL */
	const char *password;
	const char *ca_file;        /* extra CA bundle, or NULL for the system CAs */
	const char *const *insecure_hosts; /* "host[:port]": plain HTTP allowed, TLS not verified */
	size_t n_insecure;
	const char *cache_dir;      /* NULL: $VIGIL_CACHE_DIR / $XDG_CACHE_HOME/vigil / ~/.cache/vigil */
	bool no_cache;
	bool progress;              /* draw per-layer progress on stderr */
};

struct registry_client;

int registry_client_new(const struct image_ref *ref, const struct registry_options *opt,
			struct registry_client **out, struct vg_err *err);
void registry_client_free(struct registry_client *cl);

/* GET the manifest named by reference (a tag or "sha256:…") with every
 * manifest media type in Accept. By digest, the bytes must hash to it (and
 * come from the cache when they are there). Returns the body (malloc'd,
 * NUL-terminated), its media type (malloc'd, from Content-Type or the
 * body) and its digest. */
int registry_get_manifest(struct registry_client *cl, const char *reference, char **body, size_t *len,
			  char **media_type, char digest[72], struct vg_err *err);
/* GET a small blob (config) of at most max bytes, verified, through the cache. */
int registry_get_blob(struct registry_client *cl, const char *digest, size_t max, char **body, size_t *len,
		      struct vg_err *err);
/* Open a blob as a stream: from the cache, or downloaded while it is read
 * (written to the cache, resumed with Range after a failure). size is the
 * descriptor's size (-1 if unknown); label is shown in progress lines. */
int registry_open_blob(struct registry_client *cl, const char *digest, int64_t size, struct stream **out,
		       struct vg_err *err);
/* Drop a blob from the cache (it was found to be wrong). */
void registry_forget_blob(struct registry_client *cl, const char *digest);
/* "host/repository", for messages. */
const char *registry_client_name(const struct registry_client *cl);

#endif
