/* session.h - what client.c and blob.c share inside the registry module:
 * the session struct, one-shot requests with retries and authentication,
 * and the transfer settings. Not for use outside src/registry. */
#ifndef VG_REG_SESSION_H
#define VG_REG_SESSION_H

#include <curl/curl.h>
#include <pthread.h>

#include "../core/strbuf.h"
#include "auth.h"
#include "cache.h"
#include "client.h"
#include "progress.h"

struct registry_client {
	struct image_ref ref;
	char *name;            /* "host/repository" for messages */
	char *api_host;        /* host[:port] requests go to (registry-1.docker.io for docker.io) */
	char *base;            /* "https://host" or "http://host" once settled */
	bool insecure;         /* --insecure-registry: no TLS verification, plain HTTP allowed */
	bool loopback;
	char *ca_file;
	struct strbuf ca_blob;  /* --ca-file's certificates after the system bundle's */
	unsigned timeout_s;    /* seconds without progress before a transfer is abandoned */
	unsigned max_retries;
	unsigned retry_base_ms;
	CURLSH *share;         /* DNS, TLS sessions and connections shared between transfers */
	pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];

	pthread_mutex_t lock;  /* guards everything below */
	struct registry_creds creds;
	bool creds_loaded;
	char *auth_header;     /* "Authorization: Basic …" / "Authorization: Bearer …" or NULL */
	unsigned auth_gen;     /* bumped whenever auth_header changes */
	bool used_creds;       /* auth_header was obtained with the user's credentials */

	struct blob_cache cache;
	bool have_cache;
	struct progress *progress;
};

/* One response, collected in memory (bodies up to max bytes). */
struct response {
	long status;
	CURLcode rc;
	char errbuf[CURL_ERROR_SIZE];
	struct strbuf body;
	size_t max;
	bool too_big;
	char *content_type, *docker_digest, *www_auth, *content_range;
	long retry_after;      /* seconds, -1 when absent */
};
void response_reset(struct response *r);
void response_release(struct response *r);
/* Header callback target for struct response (also used by blob streams). */
size_t response_on_header(char *data, size_t size, size_t nitems, void *ctx);

/* Set up an easy handle for url with the session's TLS, timeouts and
 * sharing; headers (Accept, Authorization) are the caller's. */
void session_setup_easy(struct registry_client *cl, CURL *c, const char *url);
/* A copy of the current Authorization header line (or NULL) and its generation. */
char *session_auth_header(struct registry_client *cl, unsigned *gen);
/* Answer a 401: obtain new credentials for the challenge unless another
 * thread already did (auth generation moved past seen_gen). -1 with a
 * clear message when authentication is impossible or was refused. */
int session_authorize(struct registry_client *cl, const char *www_auth, unsigned seen_gen, struct vg_err *err);
/* Whether a failed attempt (curl code or HTTP status) is worth retrying. */
bool session_transient(CURLcode rc, long status);
/* Sleep before retry number attempt (1-based): exponential backoff with
 * jitter, or the server's Retry-After (capped). */
void session_backoff(struct registry_client *cl, unsigned attempt, long retry_after);
/* Describe a failed attempt for messages: "HTTP 503", "connection reset (…)". */
void session_describe_failure(const struct response *r, struct strbuf *out);

#endif
