/* client.c - a Registry HTTP API v2 session (see client.h): settling the
 * scheme, authentication, one-shot requests with bounded retries, and
 * manifests and small blobs. Layer streams live in blob.c. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../core/digest.h"
#include "../core/fileio.h"
#include "session.h"

#define MAX_REDIRECTS 5
#define MAX_TOKEN_BYTES (1u << 20)
#define RETRY_AFTER_MAX 60
#define BACKOFF_MAX_MS 10000

static const char accept_manifests[] =
	"Accept: application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
	"application/vnd.docker.distribution.manifest.list.v2+json, "
	"application/vnd.docker.distribution.manifest.v2+json";

/* ---- settings ---- */

static unsigned env_uint(const char *name, unsigned def, unsigned max)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return def;
	return (unsigned)v;
}

static char *host_only(const char *hostport)
{
	const char *colon;

	if (hostport[0] == '[') {
		const char *close = strchr(hostport, ']');
		return close ? xstrndup(hostport + 1, (size_t)(close - hostport - 1)) : xstrdup(hostport);
	}
	colon = strchr(hostport, ':');
	return colon ? xstrndup(hostport, (size_t)(colon - hostport)) : xstrdup(hostport);
}

static bool host_is_loopback(const char *hostport)
{
	char *h = host_only(hostport);
	bool yes = strcasecmp(h, "localhost") == 0 || strcmp(h, "::1") == 0 || str_starts_with(h, "127.");

	free(h);
	return yes;
}

static bool host_listed(const char *hostport, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *e = list[i];
		if (str_starts_with(e, "https://"))
			e += 8;
		else if (str_starts_with(e, "http://"))
			e += 7;
		if (strcasecmp(e, hostport) == 0)
			return true;
		/* "HOST" without a port covers every port of HOST */
		if (!strchr(e, ':')) {
			char *h = host_only(hostport);
			bool yes = strcasecmp(h, e) == 0;
			free(h);
			if (yes)
				return true;
		}
	}
	return false;
}

/* ---- responses ---- */

void response_reset(struct response *r)
{
	strbuf_reset(&r->body);
	free(r->content_type);
	free(r->docker_digest);
	free(r->www_auth);
	free(r->content_range);
	r->content_type = r->docker_digest = r->www_auth = r->content_range = NULL;
	r->status = 0;
	r->rc = CURLE_OK;
	r->errbuf[0] = 0;
	r->too_big = false;
	r->retry_after = -1;
}

void response_release(struct response *r)
{
	response_reset(r);
	strbuf_release(&r->body);
}

static char *header_value(const char *data, size_t len, size_t name_len)
{
	const char *v = data + name_len, *end = data + len;

	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static bool header_is(const char *data, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && strncasecmp(data, name, n) == 0 && data[n] == ':';
}

static void set_header(char **slot, const char *data, size_t len, size_t name_len)
{
	free(*slot);
	*slot = header_value(data, len, name_len + 1);
}

size_t response_on_header(char *data, size_t size, size_t nitems, void *ctx)
{
	struct response *r = ctx;
	size_t len = size * nitems;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* a new response (after a redirect or 100-continue): forget the last one's headers */
		free(r->content_type);
		free(r->docker_digest);
		free(r->www_auth);
		free(r->content_range);
		r->content_type = r->docker_digest = r->www_auth = r->content_range = NULL;
		r->retry_after = -1;
	} else if (header_is(data, len, "Content-Type")) {
		set_header(&r->content_type, data, len, 12);
	} else if (header_is(data, len, "Docker-Content-Digest")) {
		set_header(&r->docker_digest, data, len, 21);
	} else if (header_is(data, len, "WWW-Authenticate")) {
		if (!r->www_auth) /* the first challenge is the one we answer */
			set_header(&r->www_auth, data, len, 16);
	} else if (header_is(data, len, "Content-Range")) {
		set_header(&r->content_range, data, len, 13);
	} else if (header_is(data, len, "Retry-After")) {
		char *v = header_value(data, len, 12), *end;
		long s = strtol(v, &end, 10);
		if (end != v && !*end && s >= 0)
			r->retry_after = s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : s;
		else
			r->retry_after = 1; /* an HTTP date: wait a little rather than parse clocks */
		free(v);
	}
	return len;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct response *r = ctx;
	size_t len = size * nmemb;

	if (r->body.len + len > r->max) {
		r->too_big = true;
		return 0; /* aborts the transfer */
	}
	strbuf_add(&r->body, data, len);
	return len;
}

/* ---- curl plumbing ---- */

static void share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *ctx)
{
	struct registry_client *cl = ctx;
	VG_UNUSED(h);
	VG_UNUSED(access);
	pthread_mutex_lock(&cl->share_locks[data]);
}

static void share_unlock(CURL *h, curl_lock_data data, void *ctx)
{
	struct registry_client *cl = ctx;
	VG_UNUSED(h);
	pthread_mutex_unlock(&cl->share_locks[data]);
}

void session_setup_easy(struct registry_client *cl, CURL *c, const char *url)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, cl->insecure ? "http,https" : "https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
			 (long)(cl->insecure ? CURLPROTO_HTTP | CURLPROTO_HTTPS : CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)cl->timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)cl->timeout_s);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, cl->insecure ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, cl->insecure ? 0L : 2L);
	if (cl->ca_blob.len) {
		struct curl_blob blob = { cl->ca_blob.buf, cl->ca_blob.len, CURL_BLOB_NOCOPY };
		curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
	}
	if (cl->share)
		curl_easy_setopt(c, CURLOPT_SHARE, cl->share);
}

bool session_transient(CURLcode rc, long status)
{
	switch (rc) {
	case CURLE_OK:
		return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
		       status == 408;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
		return true;
	default:
		return false;
	}
}

void session_backoff(struct registry_client *cl, unsigned attempt, long retry_after)
{
	unsigned long ms;
	struct timespec ts;

	if (retry_after >= 0) {
		ms = (unsigned long)retry_after * 1000ul;
	} else {
		ms = (unsigned long)cl->retry_base_ms << (attempt > 6 ? 6 : attempt - 1);
		if (ms > BACKOFF_MAX_MS)
			ms = BACKOFF_MAX_MS;
		ms += (unsigned long)rand() % (ms / 4 + 1); /* jitter: processes that failed together spread out */
	}
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void session_describe_failure(const struct response *r, struct strbuf *out)
{
	if (r->rc != CURLE_OK) {
		strbuf_addstr(out, curl_easy_strerror(r->rc));
		if (r->errbuf[0])
			strbuf_addf(out, " (%s)", r->errbuf);
	} else {
		strbuf_addf(out, "HTTP %ld", r->status);
	}
}

static void add_tls_hint(const struct registry_client *cl, const struct response *r, struct strbuf *sb)
{
	if (r->rc == CURLE_PEER_FAILED_VERIFICATION || r->rc == CURLE_SSL_CACERT_BADFILE)
		strbuf_addf(sb, "; the TLS certificate is not trusted: give its CA with --ca-file, or use "
			    "--insecure-registry %s", cl->ref.registry);
}

/* Registry errors come as {"errors":[{"code":"…","message":"…"}]}. */
static void describe_registry_error(const struct response *r, struct strbuf *out)
{
	json_t *j;

	session_describe_failure(r, out);
	if (!r->body.len || !(j = json_loadb(r->body.buf, r->body.len, 0, NULL)))
		return;
	json_t *e = json_array_get(json_object_get(j, "errors"), 0);
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	if (code || msg) {
		struct strbuf clean = STRBUF_INIT;
		strbuf_addf(&clean, "%s%s%s", code ? code : "", code && msg ? ": " : "", msg ? msg : "");
		for (size_t i = 0; i < clean.len && i < 200; i++)
			if (!isprint((unsigned char)clean.buf[i]))
				clean.buf[i] = '?';
		strbuf_addf(out, " %.200s", clean.buf);
		strbuf_release(&clean);
	}
	json_decref(j);
}

/* One attempt at a GET (or HEAD), body into r. */
static void perform_once(struct registry_client *cl, const char *url, const char *accept, const char *auth,
			 struct response *r)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;

	response_reset(r);
	if (!c) {
		r->rc = CURLE_OUT_OF_MEMORY;
		return;
	}
	session_setup_easy(cl, c, url);
	if (accept)
		h = curl_slist_append(h, accept);
	if (auth)
		h = curl_slist_append(h, auth);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, response_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	r->rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->too_big && r->status >= 200 && r->status < 300)
		r->rc = CURLE_FILESIZE_EXCEEDED;
	else if (r->too_big)
		r->rc = CURLE_OK; /* an error body longer than we keep: the status says enough */
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

/* A request against the registry (url under cl->base) with retries and
 * authentication. On return 0, r holds the final response, whatever its
 * status; -1 when no response could be had (err filled). */
static int request(struct registry_client *cl, const char *url, const char *accept, size_t max, const char *what,
		   struct response *r, struct vg_err *err)
{
	unsigned attempt = 0, auth_rounds = 0;

	r->max = max;
	for (;;) {
		unsigned gen;
		char *auth = session_auth_header(cl, &gen);

		perform_once(cl, url, accept, auth, r);
		free(auth);
		if (r->rc == CURLE_OK && r->status == 401) {
			if (++auth_rounds > 2)
				return vg_err_set(err, VG_EIO, "%s: %s: unauthorized (HTTP 401) after authenticating",
						  cl->name, what);
			if (session_authorize(cl, r->www_auth, gen, err) != 0)
				return -1;
			continue;
		}
		if (r->rc == CURLE_FILESIZE_EXCEEDED)
			return vg_err_set(err, VG_ELIMIT, "%s: %s: larger than %zu bytes", cl->name, what, max);
		if (!session_transient(r->rc, r->status) || attempt >= cl->max_retries) {
			if (r->rc != CURLE_OK) {
				struct strbuf sb = STRBUF_INIT;
				session_describe_failure(r, &sb);
				add_tls_hint(cl, r, &sb);
				vg_err_set(err, VG_EIO, "%s: %s: %s%s", cl->name, what, sb.buf,
					   attempt ? " (after retries)" : "");
				strbuf_release(&sb);
				return -1;
			}
			return 0;
		}
		attempt++;
		session_backoff(cl, attempt, r->rc == CURLE_OK ? r->retry_after : -1);
	}
}

/* ---- authentication ---- */

char *session_auth_header(struct registry_client *cl, unsigned *gen)
{
	char *h;

	pthread_mutex_lock(&cl->lock);
	h = cl->auth_header ? xstrdup(cl->auth_header) : NULL;
	*gen = cl->auth_gen;
	pthread_mutex_unlock(&cl->lock);
	return h;
}

static void set_auth_header(struct registry_client *cl, char *header, bool used_creds)
{
	if (cl->auth_header) {
		explicit_bzero(cl->auth_header, strlen(cl->auth_header));
		free(cl->auth_header);
	}
	cl->auth_header = header;
	cl->used_creds = used_creds;
	cl->auth_gen++;
}

/* Credentials for the registry, looked up once: explicit, else config.json. */
static int load_creds(struct registry_client *cl, struct vg_err *err)
{
	if (cl->creds_loaded)
		return 0;
	cl->creds_loaded = true;
	if (cl->creds.username || cl->creds.identity_token)
		return 0;
	return docker_config_lookup(cl->ref.registry, &cl->creds, err) < 0 ? -1 : 0;
}

static bool have_creds(const struct registry_client *cl)
{
	return cl->creds.username && cl->creds.password;
}

static char *basic_header(const struct registry_creds *c)
{
	struct strbuf up = STRBUF_INIT, h = STRBUF_INIT;
	char *b64;

	strbuf_addf(&up, "%s:%s", c->username, c->password);
	b64 = base64_encode(up.buf, up.len);
	explicit_bzero(up.buf, up.len);
	strbuf_release(&up);
	strbuf_addf(&h, "Authorization: Basic %s", b64);
	explicit_bzero(b64, strlen(b64));
	free(b64);
	return strbuf_detach(&h, NULL);
}

static const char *creds_source(const struct registry_client *cl)
{
	return cl->creds.source ? cl->creds.source : "the given credentials";
}

static int fetch_token(struct registry_client *cl, const struct auth_challenge *ch, struct vg_err *err)
{
	CURL *c = curl_easy_init();
	CURLU *u = curl_url();
	struct strbuf q = STRBUF_INIT;
	struct response r;
	char *url = NULL, *auth = NULL;
	const char *tok;
	json_t *j = NULL;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.max = MAX_TOKEN_BYTES;
	if (!c || !u) {
		vg_err_set(err, VG_EINTERNAL, "out of memory");
		goto out;
	}
	if (!ch->realm || (!str_starts_with(ch->realm, "https://") && !str_starts_with(ch->realm, "http://"))) {
		vg_err_set(err, VG_EFORMAT, "%s: the Bearer challenge has no usable realm", cl->name);
		goto out;
	}
	if (str_starts_with(ch->realm, "http://") && !cl->insecure && !cl->loopback) {
		vg_err_set(err, VG_EIO, "%s: refusing to send credentials to a plain-HTTP token server %s "
			   "(use --insecure-registry %s)", cl->name, ch->realm, cl->ref.registry);
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, ch->realm, 0) != CURLUE_OK) {
		vg_err_set(err, VG_EFORMAT, "%s: malformed token realm %s", cl->name, ch->realm);
		goto out;
	}
	if (ch->service) {
		strbuf_addf(&q, "service=%s", ch->service);
		curl_url_set(u, CURLUPART_QUERY, q.buf, CURLU_APPENDQUERY | CURLU_URLENCODE);
	}
	strbuf_reset(&q);
	if (ch->scope)
		strbuf_addf(&q, "scope=%s", ch->scope);
	else
		strbuf_addf(&q, "scope=repository:%s:pull", cl->ref.repository);
	curl_url_set(u, CURLUPART_QUERY, q.buf, CURLU_APPENDQUERY | CURLU_URLENCODE);
	if (curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK) {
		vg_err_set(err, VG_EFORMAT, "%s: malformed token realm %s", cl->name, ch->realm);
		goto out;
	}
	if (have_creds(cl))
		auth = basic_header(&cl->creds);
	for (unsigned attempt = 0;; attempt++) {
		perform_once(cl, url, NULL, auth, &r);
		if (!session_transient(r.rc, r.status) || attempt >= cl->max_retries)
			break;
		session_backoff(cl, attempt + 1, r.rc == CURLE_OK ? r.retry_after : -1);
	}
	if (r.rc != CURLE_OK) {
		struct strbuf sb = STRBUF_INIT;
		session_describe_failure(&r, &sb);
		vg_err_set(err, VG_EIO, "%s: token server %s: %s", cl->name, ch->realm, sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	if (r.status == 401 || r.status == 403) {
		if (have_creds(cl))
			vg_err_set(err, VG_EIO, "%s: authentication failed: the token server %s rejected the "
				   "credentials from %s (HTTP %ld)", cl->name, ch->realm, creds_source(cl), r.status);
		else
			vg_err_set(err, VG_EIO, "%s: authentication required: the token server %s refused an anonymous "
				   "token (HTTP %ld); give --username and --password-stdin or log in with docker",
				   cl->name, ch->realm, r.status);
		goto out;
	}
	if (r.status != 200) {
		vg_err_set(err, VG_EIO, "%s: token server %s answered HTTP %ld", cl->name, ch->realm, r.status);
		goto out;
	}
	j = json_loadb(r.body.buf ? r.body.buf : "", r.body.len, 0, NULL);
	tok = json_string_value(json_object_get(j, "token"));
	if (!tok || !*tok)
		tok = json_string_value(json_object_get(j, "access_token"));
	if (!tok || !*tok || strpbrk(tok, "\r\n")) {
		vg_err_set(err, VG_EFORMAT, "%s: token server %s gave no token", cl->name, ch->realm);
		goto out;
	}
	{
		struct strbuf h = STRBUF_INIT;
		strbuf_addf(&h, "Authorization: Bearer %s", tok);
		set_auth_header(cl, strbuf_detach(&h, NULL), have_creds(cl));
	}
	rc = 0;
out:
	if (r.body.buf)
		explicit_bzero(r.body.buf, r.body.len);
	response_release(&r);
	json_decref(j);
	if (auth) {
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	curl_free(url);
	curl_url_cleanup(u);
	strbuf_release(&q);
	if (c)
		curl_easy_cleanup(c);
	return rc;
}

int session_authorize(struct registry_client *cl, const char *www_auth, unsigned seen_gen, struct vg_err *err)
{
	struct auth_challenge ch;
	int rc = -1;

	memset(&ch, 0, sizeof(ch));
	pthread_mutex_lock(&cl->lock);
	if (cl->auth_gen != seen_gen) { /* another thread already answered this */
		pthread_mutex_unlock(&cl->lock);
		return 0;
	}
	if (!www_auth) {
		vg_err_set(err, VG_EIO, "%s: unauthorized (HTTP 401) and the registry sent no WWW-Authenticate "
			   "challenge", cl->name);
		goto out;
	}
	if (auth_challenge_parse(www_auth, &ch, err) != 0) {
		vg_err_prefix(err, "%s: WWW-Authenticate", cl->name);
		goto out;
	}
	if (load_creds(cl, err) != 0) {
		vg_err_prefix(err, "%s: credentials", cl->name);
		goto out;
	}
	switch (ch.scheme) {
	case AUTH_BASIC:
		if (!have_creds(cl)) {
			vg_err_set(err, VG_EIO, "%s: authentication required (HTTP 401): give --username and "
				   "--password-stdin, VIGIL_REGISTRY_USERNAME and VIGIL_REGISTRY_PASSWORD, or log in "
				   "with docker", cl->name);
			goto out;
		}
		if (cl->auth_header && cl->used_creds) {
			vg_err_set(err, VG_EIO, "%s: authentication failed: the registry rejected the credentials "
				   "from %s (HTTP 401 unauthorized)", cl->name, creds_source(cl));
			goto out;
		}
		set_auth_header(cl, basic_header(&cl->creds), true);
		rc = 0;
		break;
	case AUTH_BEARER:
		if (ch.error && strcmp(ch.error, "insufficient_scope") == 0 && cl->auth_header) {
			if (!have_creds(cl))
				vg_err_set(err, VG_EIO, "%s: authentication required: an anonymous token does not grant %s "
					   "(insufficient_scope); give --username and --password-stdin, "
					   "VIGIL_REGISTRY_USERNAME and VIGIL_REGISTRY_PASSWORD, or log in with docker",
					   cl->name, ch.scope ? ch.scope : "access");
			else
				vg_err_set(err, VG_EIO, "%s: unauthorized: the credentials from %s do not grant %s "
					   "(insufficient_scope)", cl->name, creds_source(cl), ch.scope ? ch.scope : "access");
			goto out;
		}
		rc = fetch_token(cl, &ch, err);
		break;
	case AUTH_NONE:
		vg_err_set(err, VG_EUNSUPPORTED, "%s: unsupported authentication scheme in \"%.100s\"", cl->name,
			   www_auth);
		break;
	}
out:
	pthread_mutex_unlock(&cl->lock);
	auth_challenge_free(&ch);
	return rc;
}

/* ---- session ---- */

/* GET /v2/ to settle the scheme and meet the authentication challenge early. */
static int ping(struct registry_client *cl, struct vg_err *err)
{
	struct response r;
	struct strbuf url = STRBUF_INIT;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	cl->base = xstrdup("https://");
	strbuf_addf(&url, "https://%s/v2/", cl->api_host);
	r.max = 1 << 20;
	perform_once(cl, url.buf, NULL, NULL, &r);
	for (unsigned attempt = 1; session_transient(r.rc, r.status) && attempt <= cl->max_retries; attempt++) {
		session_backoff(cl, attempt, r.rc == CURLE_OK ? r.retry_after : -1);
		perform_once(cl, url.buf, NULL, NULL, &r);
	}
	/* a plain-HTTP server answers a TLS hello with garbage: fall back for
	 * insecure and loopback registries, as Docker does */
	if ((r.rc == CURLE_SSL_CONNECT_ERROR || (cl->insecure && r.rc != CURLE_OK)) &&
	    (cl->insecure || cl->loopback)) {
		free(cl->base);
		cl->base = xstrdup("http://");
		strbuf_reset(&url);
		strbuf_addf(&url, "http://%s/v2/", cl->api_host);
		perform_once(cl, url.buf, NULL, NULL, &r);
		for (unsigned attempt = 1; session_transient(r.rc, r.status) && attempt <= cl->max_retries;
		     attempt++) {
			session_backoff(cl, attempt, r.rc == CURLE_OK ? r.retry_after : -1);
			perform_once(cl, url.buf, NULL, NULL, &r);
		}
	}
	{
		char *b = cl->base;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s%s", b, cl->api_host);
		cl->base = strbuf_detach(&sb, NULL);
		free(b);
	}
	if (r.rc != CURLE_OK) {
		struct strbuf sb = STRBUF_INIT;
		session_describe_failure(&r, &sb);
		add_tls_hint(cl, &r, &sb);
		vg_err_set(err, VG_EIO, "%s: cannot reach the registry: %s", cl->name, sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	if (r.status == 401) {
		if (session_authorize(cl, r.www_auth, cl->auth_gen, err) != 0)
			goto out;
	} else if (r.status >= 500) {
		vg_err_set(err, VG_EIO, "%s: the registry answered HTTP %ld to /v2/", cl->name, r.status);
		goto out;
	}
	/* 200, or a 404 from a registry that does not implement the ping: go on */
	rc = 0;
out:
	strbuf_release(&url);
	response_release(&r);
	return rc;
}

static void init_share(struct registry_client *cl)
{
	cl->share = curl_share_init();
	if (!cl->share)
		return;
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&cl->share_locks[i], NULL);
	curl_share_setopt(cl->share, CURLSHOPT_LOCKFUNC, share_lock);
	curl_share_setopt(cl->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
	curl_share_setopt(cl->share, CURLSHOPT_USERDATA, cl);
	curl_share_setopt(cl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(cl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

/* --ca-file adds to the system's CAs: hand libcurl both bundles as one blob. */
static int load_ca_file(struct registry_client *cl, struct vg_err *err)
{
	char *pem = NULL, *sys = NULL, *sys_path = NULL;
	size_t len, sys_len;
	CURL *c;

	if (read_file_capped(cl->ca_file, 16u << 20, &pem, &len, err) != 0)
		return -1;
	if (!strstr(pem, "-----BEGIN CERTIFICATE-----")) {
		free(pem);
		return vg_err_set(err, VG_EFORMAT, "%s: no PEM certificate in it (--ca-file)", cl->ca_file);
	}
	if ((c = curl_easy_init())) {
		if (curl_easy_getinfo(c, CURLINFO_CAINFO, &sys_path) == CURLE_OK && sys_path) {
			struct vg_err ignored;
			if (read_file_capped(sys_path, 64u << 20, &sys, &sys_len, &ignored) == 0) {
				strbuf_add(&cl->ca_blob, sys, sys_len);
				strbuf_addch(&cl->ca_blob, '\n');
			}
			free(sys);
		}
		curl_easy_cleanup(c);
	}
	strbuf_add(&cl->ca_blob, pem, len);
	free(pem);
	return 0;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void init_curl(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
}

int registry_client_new(const struct image_ref *ref, const struct registry_options *opt,
			struct registry_client **out, struct vg_err *err)
{
	struct registry_client *cl = xcalloc(1, sizeof(*cl));
	struct strbuf sb = STRBUF_INIT;

	pthread_once(&curl_once, init_curl);
	pthread_mutex_init(&cl->lock, NULL);
	cl->ref.registry = xstrdup(ref->registry);
	cl->ref.repository = xstrdup(ref->repository);
	cl->ref.tag = ref->tag ? xstrdup(ref->tag) : NULL;
	cl->ref.digest = ref->digest ? xstrdup(ref->digest) : NULL;
	strbuf_addf(&sb, "%s/%s", ref->registry, ref->repository);
	cl->name = strbuf_detach(&sb, NULL);
	cl->api_host = xstrdup(strcmp(ref->registry, "docker.io") == 0 ? "registry-1.docker.io" : ref->registry);
	cl->loopback = host_is_loopback(ref->registry);
	cl->insecure = opt && host_listed(ref->registry, opt->insecure_hosts, opt->n_insecure);
	cl->ca_file = opt && opt->ca_file ? xstrdup(opt->ca_file) : NULL;
	cl->timeout_s = env_uint("VIGIL_REGISTRY_TIMEOUT", 30, 3600);
	if (cl->timeout_s == 0)
		cl->timeout_s = 30;
	cl->max_retries = env_uint("VIGIL_REGISTRY_RETRIES", 5, 100);
	cl->retry_base_ms = env_uint("VIGIL_REGISTRY_RETRY_BASE_MS", 500, 60000);
	if (opt && opt->username) {
		cl->creds.username = xstrdup(opt->username);
		cl->creds.password = opt->password ? xstrdup(opt->password) : NULL;
		cl->creds.source = xstrdup("--username");
		if (!opt->password) {
			vg_err_set(err, VG_EUSAGE, "--username needs a password (--password-stdin or "
				   "VIGIL_REGISTRY_PASSWORD)");
			goto fail;
		}
	}
	if (cl->ca_file && load_ca_file(cl, err) != 0)
		goto fail;
	init_share(cl);
	if (!(opt && opt->no_cache)) {
		struct vg_err cerr = { VG_OK, "" };
		if (blob_cache_open(&cl->cache, opt ? opt->cache_dir : NULL, &cerr) == 0)
			cl->have_cache = true;
		else
			fprintf(stderr, "vigil: warning: blob cache disabled: %s\n", cerr.msg);
	}
	cl->progress = progress_new(opt && opt->progress);
	if (ping(cl, err) != 0)
		goto fail;
	*out = cl;
	return 0;
fail:
	registry_client_free(cl);
	return -1;
}

void registry_client_free(struct registry_client *cl)
{
	if (!cl)
		return;
	progress_free(cl->progress);
	if (cl->share) {
		curl_share_cleanup(cl->share);
		for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
			pthread_mutex_destroy(&cl->share_locks[i]);
	}
	if (cl->have_cache)
		blob_cache_close(&cl->cache);
	if (cl->auth_header) {
		explicit_bzero(cl->auth_header, strlen(cl->auth_header));
		free(cl->auth_header);
	}
	registry_creds_free(&cl->creds);
	image_ref_free(&cl->ref);
	free(cl->name);
	free(cl->api_host);
	free(cl->base);
	free(cl->ca_file);
	strbuf_release(&cl->ca_blob);
	pthread_mutex_destroy(&cl->lock);
	free(cl);
}

const char *registry_client_name(const struct registry_client *cl)
{
	return cl->name;
}

/* ---- manifests and small blobs ---- */

static char *api_url(struct registry_client *cl, const char *kind, const char *reference)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/v2/%s/%s/%s", cl->base, cl->ref.repository, kind, reference);
	return strbuf_detach(&sb, NULL);
}

/* A cached blob read whole, verified; a wrong one is removed. 1 = found. */
static int cached_small(struct registry_client *cl, const char *digest, size_t max, char **body, size_t *len)
{
	char *path = NULL, got[72];
	struct vg_err ignored;

	if (!cl->have_cache || blob_cache_lookup(&cl->cache, digest, &path, &ignored) != 1)
		return 0;
	if (read_file_capped(path, max, body, len, &ignored) != 0) {
		free(path);
		return 0;
	}
	free(path);
	sha256_str(*body, *len, got);
	if (strcmp(got, digest) != 0) {
		blob_cache_remove(&cl->cache, digest);
		free(*body);
		*body = NULL;
		return 0;
	}
	return 1;
}

static void cache_small(struct registry_client *cl, const char *digest, const char *body, size_t len)
{
	struct vg_err ignored;
	struct cache_writer *w;

	if (!cl->have_cache || !(w = cache_writer_begin(&cl->cache, digest, &ignored)))
		return;
	if (cache_writer_write(w, body, len, &ignored) != 0) {
		cache_writer_abort(w);
		return;
	}
	cache_writer_commit(w, &ignored);
}

static int not_found_or_error(struct registry_client *cl, const char *what, const struct response *r,
			      struct vg_err *err)
{
	struct strbuf sb = STRBUF_INIT;

	describe_registry_error(r, &sb);
	if (r->status == 404)
		vg_err_set(err, VG_ENOTFOUND, "%s: %s not found (%s)", cl->name, what, sb.buf);
	else if (r->status == 403)
		vg_err_set(err, VG_EIO, "%s: %s: access denied (%s)", cl->name, what, sb.buf);
	else
		vg_err_set(err, VG_EIO, "%s: %s: %s", cl->name, what, sb.buf);
	strbuf_release(&sb);
	return -1;
}

static char *media_type_of(const char *content_type, const char *body, size_t len)
{
	json_t *j;
	const char *mt;
	char *out = NULL;

	if (content_type && *content_type && !str_starts_with(content_type, "application/json") &&
	    !str_starts_with(content_type, "text/plain")) {
		size_t n = strcspn(content_type, "; ");
		return xstrndup(content_type, n);
	}
	if ((j = json_loadb(body, len, 0, NULL)) && (mt = json_string_value(json_object_get(j, "mediaType"))))
		out = xstrdup(mt);
	json_decref(j);
	return out ? out : xstrdup("");
}

int registry_get_manifest(struct registry_client *cl, const char *reference, char **body, size_t *len,
			  char **media_type, char digest[72], struct vg_err *err)
{
	bool by_digest = str_starts_with(reference, "sha256:");
	struct response r;
	struct strbuf what = STRBUF_INIT;
	char *url = NULL;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	*body = NULL;
	*media_type = NULL;
	if (by_digest && !digest_is_valid_sha256(reference))
		return vg_err_set(err, VG_EFORMAT, "%s: malformed digest \"%s\"", cl->name, reference);
	strbuf_addf(&what, "manifest %s", reference);
	if (by_digest && cached_small(cl, reference, 4u << 20, body, len) == 1) {
		strcpy(digest, reference);
		*media_type = media_type_of(NULL, *body, *len);
		strbuf_release(&what);
		return 0;
	}
	url = api_url(cl, "manifests", reference);
	if (request(cl, url, accept_manifests, 4u << 20, what.buf, &r, err) != 0)
		goto out;
	if (r.status != 200) {
		not_found_or_error(cl, what.buf, &r, err);
		goto out;
	}
	sha256_str(r.body.buf ? r.body.buf : "", r.body.len, digest);
	if (by_digest && strcmp(digest, reference) != 0) {
		vg_err_set(err, VG_EDIGEST, "%s: manifest %s: digest mismatch (the registry sent bytes hashing to %s)",
			   cl->name, reference, digest);
		goto out;
	}
	if (!by_digest && r.docker_digest && digest_is_valid_sha256(r.docker_digest) &&
	    strcmp(r.docker_digest, digest) != 0) {
		vg_err_set(err, VG_EDIGEST, "%s: manifest %s: Docker-Content-Digest says %s but the bytes hash to %s",
			   cl->name, reference, r.docker_digest, digest);
		goto out;
	}
	*media_type = media_type_of(r.content_type, r.body.buf ? r.body.buf : "", r.body.len);
	if (strstr(*media_type, "distribution.manifest.v1")) {
		vg_err_set(err, VG_EUNSUPPORTED, "%s: manifest %s is a Docker schema 1 manifest (%s), which is not "
			   "supported", cl->name, reference, *media_type);
		goto out;
	}
	*len = r.body.len;
	*body = strbuf_detach(&r.body, NULL);
	cache_small(cl, digest, *body, *len);
	rc = 0;
out:
	if (rc != 0) {
		free(*media_type);
		*media_type = NULL;
	}
	free(url);
	strbuf_release(&what);
	response_release(&r);
	return rc;
}

int registry_get_blob(struct registry_client *cl, const char *digest, size_t max, char **body, size_t *len,
		      struct vg_err *err)
{
	struct response r;
	struct strbuf what = STRBUF_INIT;
	char *url = NULL, got[72];
	int rc = -1;

	memset(&r, 0, sizeof(r));
	*body = NULL;
	if (!digest_is_valid_sha256(digest))
		return vg_err_set(err, VG_EFORMAT, "%s: malformed digest \"%s\"", cl->name, digest ? digest : "");
	if (cached_small(cl, digest, max, body, len) == 1)
		return 0;
	strbuf_addf(&what, "blob %s", digest);
	url = api_url(cl, "blobs", digest);
	if (request(cl, url, NULL, max, what.buf, &r, err) != 0)
		goto out;
	if (r.status != 200) {
		not_found_or_error(cl, what.buf, &r, err);
		goto out;
	}
	sha256_str(r.body.buf ? r.body.buf : "", r.body.len, got);
	if (strcmp(got, digest) != 0) {
		vg_err_set(err, VG_EDIGEST, "%s: blob %s: digest mismatch (the registry sent bytes hashing to %s)",
			   cl->name, digest, got);
		goto out;
	}
	*len = r.body.len;
	*body = strbuf_detach(&r.body, NULL);
	cache_small(cl, digest, *body, *len);
	rc = 0;
out:
	free(url);
	strbuf_release(&what);
	response_release(&r);
	return rc;
}

void registry_forget_blob(struct registry_client *cl, const char *digest)
{
	if (cl->have_cache && digest_is_valid_sha256(digest))
		blob_cache_remove(&cl->cache, digest);
}
