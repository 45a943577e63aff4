/* blob.c - a layer blob as a struct stream: read from the blob cache when
 * it is there, else downloaded while the reader pulls (libcurl's multi
 * interface driven from read(), so the layer walk decompresses and
 * analyses bytes as they arrive). Downloaded bytes are teed into a cache
 * writer, which verifies the digest before the blob becomes visible. A
 * transfer that fails part way is resumed with a Range request from the
 * first byte not yet handed to the reader; bounded retries with backoff. */

#include "../core/digest.h"
#include "session.h"

#define MAX_ERROR_BODY 4096
#define HIGH_WATER (1u << 20) /* buffered bytes at which the transfer pauses until the reader catches up */

struct blob_stream {
	struct stream base;
	struct registry_client *cl;
	char digest[72];
	int64_t size;            /* from the descriptor, -1 if unknown */
	char *url;
	char *name;

	CURLM *multi;
	CURL *easy;
	struct curl_slist *headers;
	bool running;            /* a transfer is in progress */
	bool paused;             /* the write callback paused the transfer (buffer full) */
	unsigned auth_gen;

	/* the current response */
	struct response resp;
	bool status_known, body_ok;
	uint64_t skip;           /* bytes to drop: the server ignored our Range */
	struct strbuf errbody;

	/* bytes received and not yet read */
	char *buf;
	size_t len, off, cap;
	uint64_t delivered;      /* bytes accepted from the network, in order */
	bool eof;

	unsigned attempts;
	struct cache_writer *cw; /* hashes (and caches) every byte accepted */
	bool cache_failed;       /* a cache write failed: bytes are only hashed */
	int progress_id;
	struct vg_err fail;      /* a failure found inside a callback */
	bool failed_in_callback;
};

static const char *blob_short(const char *digest)
{
	return digest + 7; /* past "sha256:" */
}

static size_t on_blob_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct blob_stream *b = ctx;
	size_t len = size * nmemb;

	if (!b->status_known) {
		long status = 0;
		curl_easy_getinfo(b->easy, CURLINFO_RESPONSE_CODE, &status);
		b->resp.status = status;
		b->status_known = true;
		b->body_ok = status == 200 || status == 206;
		b->skip = 0;
		if (status == 200 && b->delivered > 0)
			b->skip = b->delivered; /* the whole blob again: drop what we have */
		if (status == 206) {
			unsigned long long start = 0;
			if (!b->resp.content_range ||
			    sscanf(b->resp.content_range, "bytes %llu-", &start) != 1 || start != b->delivered) {
				vg_err_set(&b->fail, VG_EIO, "%s: blob %s: the registry resumed at the wrong offset (%s)",
					   b->cl->name, b->digest, b->resp.content_range ? b->resp.content_range : "none");
				b->failed_in_callback = true;
				return 0;
			}
		}
	}
	if (!b->body_ok) {
		size_t keep = b->errbody.len < MAX_ERROR_BODY ? MAX_ERROR_BODY - b->errbody.len : 0;
		strbuf_add(&b->errbody, data, len < keep ? len : keep);
		return len;
	}
	if (b->len - b->off >= HIGH_WATER) { /* the reader is behind: curl keeps this chunk for later */
		b->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}
	if (b->skip) {
		size_t drop = b->skip < len ? (size_t)b->skip : len;
		data += drop;
		b->skip -= drop;
		if (drop == len)
			return size * nmemb;
		len -= drop;
	}
	if (b->size >= 0 && b->delivered + len > (uint64_t)b->size) {
		vg_err_set(&b->fail, VG_EDIGEST, "%s: blob %s: the registry sent more than the %lld bytes the "
			   "manifest gives", b->cl->name, b->digest, (long long)b->size);
		b->failed_in_callback = true;
		return 0;
	}
	if (b->len + len > b->cap) {
		if (b->off) {
			memmove(b->buf, b->buf + b->off, b->len - b->off);
			b->len -= b->off;
			b->off = 0;
		}
		if (b->len + len > b->cap) {
			size_t want = b->cap ? b->cap * 2 : 256u * 1024;
			while (want < b->len + len)
				want *= 2;
			b->cap = want;
			b->buf = xrealloc(b->buf, b->cap);
		}
	}
	memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->delivered += len;
	if (b->cw) { /* after a failed write it still hashes: the digest check stands */
		struct vg_err werr;
		if (cache_writer_write(b->cw, data, len, &werr) != 0 && !b->cache_failed) {
			fprintf(stderr, "vigil: warning: not caching %s: %s\n", b->digest, werr.msg);
			b->cache_failed = true;
		}
	}
	progress_set(b->cl->progress, b->progress_id, b->delivered);
	return size * nmemb;
}

static void end_transfer(struct blob_stream *b)
{
	if (b->easy) {
		curl_multi_remove_handle(b->multi, b->easy);
		curl_easy_cleanup(b->easy);
		b->easy = NULL;
	}
	curl_slist_free_all(b->headers);
	b->headers = NULL;
	b->running = false;
	b->paused = false;
}

static int start_transfer(struct blob_stream *b, struct vg_err *err)
{
	char *auth = session_auth_header(b->cl, &b->auth_gen);
	char range[64];

	response_reset(&b->resp);
	strbuf_reset(&b->errbody);
	b->status_known = b->body_ok = false;
	b->skip = 0;
	if (!(b->easy = curl_easy_init())) {
		free(auth);
		return vg_err_set(err, VG_EINTERNAL, "out of memory");
	}
	session_setup_easy(b->cl, b->easy, b->url);
	if (auth) {
		b->headers = curl_slist_append(b->headers, auth);
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	curl_easy_setopt(b->easy, CURLOPT_HTTPHEADER, b->headers);
	curl_easy_setopt(b->easy, CURLOPT_ERRORBUFFER, b->resp.errbuf);
	curl_easy_setopt(b->easy, CURLOPT_HEADERFUNCTION, response_on_header);
	curl_easy_setopt(b->easy, CURLOPT_HEADERDATA, &b->resp);
	curl_easy_setopt(b->easy, CURLOPT_WRITEFUNCTION, on_blob_body);
	curl_easy_setopt(b->easy, CURLOPT_WRITEDATA, b);
	if (b->delivered > 0) {
		snprintf(range, sizeof(range), "%llu-", (unsigned long long)b->delivered);
		curl_easy_setopt(b->easy, CURLOPT_RANGE, range);
	}
	if (curl_multi_add_handle(b->multi, b->easy) != CURLM_OK) {
		end_transfer(b);
		return vg_err_set(err, VG_EINTERNAL, "curl_multi_add_handle failed");
	}
	b->running = true;
	return 0;
}

/* All bytes are in: hand the blob to the cache (which verifies it). */
static int complete(struct blob_stream *b, struct vg_err *err)
{
	b->eof = true;
	progress_finish(b->cl->progress, b->progress_id, true);
	b->progress_id = -1;
	if (b->cw) {
		struct cache_writer *w = b->cw;
		b->cw = NULL;
		if (cache_writer_commit(w, err) != 0) {
			if (err->code == VG_EDIGEST)
				return vg_err_set(err, VG_EDIGEST, "%s: blob %s: digest mismatch: the downloaded bytes do "
						  "not hash to the digest (nothing was cached)", b->cl->name, b->digest);
			if (!b->cache_failed)
				fprintf(stderr, "vigil: warning: not caching %s: %s\n", b->digest, err->msg);
			err->code = VG_OK;
			err->msg[0] = '\0';
		}
	}
	return 0;
}

/* The transfer ended: decide between done, retry (resume) and failure. */
static int after_transfer(struct blob_stream *b, CURLcode rc, struct vg_err *err)
{
	long status = b->resp.status;
	struct strbuf why = STRBUF_INIT;
	bool retry;

	if (!b->status_known)
		curl_easy_getinfo(b->easy, CURLINFO_RESPONSE_CODE, &status);
	b->resp.status = status;
	b->resp.rc = rc;
	end_transfer(b);
	if (b->failed_in_callback) {
		*err = b->fail;
		return -1;
	}
	if (rc == CURLE_OK && b->body_ok) {
		if (b->size < 0 || b->delivered == (uint64_t)b->size)
			return complete(b, err);
		rc = CURLE_PARTIAL_FILE; /* a short body with a matching Content-Length */
		b->resp.rc = rc;
	}
	if (rc == CURLE_OK && status == 401) {
		if (session_authorize(b->cl, b->resp.www_auth, b->auth_gen, err) != 0) {
			vg_err_prefix(err, "blob %s", b->digest);
			return -1;
		}
		if (++b->attempts > b->cl->max_retries + 2)
			return vg_err_set(err, VG_EIO, "%s: blob %s: unauthorized (HTTP 401) after authenticating",
					  b->cl->name, b->digest);
		return start_transfer(b, err);
	}
	retry = session_transient(rc, rc == CURLE_OK ? status : 0) && b->attempts < b->cl->max_retries;
	session_describe_failure(&b->resp, &why);
	if (!retry) {
		if (rc == CURLE_OK && status == 404)
			vg_err_set(err, VG_ENOTFOUND, "%s: blob %s not found (HTTP 404)", b->cl->name, b->digest);
		else
			vg_err_set(err, VG_EIO, "%s: blob %s: %s%s", b->cl->name, b->digest, why.buf,
				   b->attempts ? " (after retries)" : "");
		strbuf_release(&why);
		return -1;
	}
	strbuf_release(&why);
	b->attempts++;
	session_backoff(b->cl, b->attempts, rc == CURLE_OK ? b->resp.retry_after : -1);
	return start_transfer(b, err);
}

/* Drive the transfer until there are bytes to read or it ends. */
static int fill(struct blob_stream *b, struct vg_err *err)
{
	if (!b->running && start_transfer(b, err) != 0)
		return -1;
	if (b->paused) { /* the buffer is drained: take the held chunk (may call on_blob_body now) */
		b->paused = false;
		curl_easy_pause(b->easy, CURLPAUSE_CONT);
		if (b->failed_in_callback) {
			*err = b->fail;
			return -1;
		}
		if (b->off < b->len)
			return 0;
	}
	for (;;) {
		int still = 0, msgs;
		CURLMsg *m;

		if (curl_multi_perform(b->multi, &still) != CURLM_OK)
			return vg_err_set(err, VG_EIO, "%s: blob %s: transfer failed", b->cl->name, b->digest);
		while ((m = curl_multi_info_read(b->multi, &msgs)))
			if (m->msg == CURLMSG_DONE && m->easy_handle == b->easy)
				return after_transfer(b, m->data.result, err);
		if (b->off < b->len)
			return 0;
		if (!still && b->running) /* finished without a message: treat as a failed attempt */
			return after_transfer(b, CURLE_RECV_ERROR, err);
		curl_multi_poll(b->multi, NULL, 0, 1000, NULL);
	}
}

static ssize_t blob_read(struct stream *s, void *out, size_t n, struct vg_err *err)
{
	struct blob_stream *b = (struct blob_stream *)s;
	size_t avail;

	while (b->off == b->len) {
		b->off = b->len = 0;
		if (b->eof)
			return 0;
		if (fill(b, err) != 0) {
			b->eof = true;
			progress_finish(b->cl->progress, b->progress_id, false);
			b->progress_id = -1;
			cache_writer_abort(b->cw);
			b->cw = NULL;
			return -1;
		}
	}
	avail = b->len - b->off;
	if (avail > n)
		avail = n;
	memcpy(out, b->buf + b->off, avail);
	b->off += avail;
	return (ssize_t)avail;
}

static void blob_close(struct stream *s)
{
	struct blob_stream *b = (struct blob_stream *)s;

	end_transfer(b);
	if (b->multi)
		curl_multi_cleanup(b->multi);
	cache_writer_abort(b->cw); /* a reader that stopped early: the blob is incomplete */
	progress_finish(b->cl->progress, b->progress_id, false);
	response_release(&b->resp);
	strbuf_release(&b->errbody);
	free(b->buf);
	free(b->url);
	free(b->name);
	free(b);
}

/* ---- cached blobs ---- */

static int open_cached(struct registry_client *cl, const char *digest, struct stream **out)
{
	struct vg_err ignored;
	char *path = NULL;
	int rc;

	if (!cl->have_cache || blob_cache_lookup(&cl->cache, digest, &path, &ignored) != 1)
		return 0;
	rc = stream_open_file(path, out, &ignored) == 0 ? 1 : 0;
	free(path);
	return rc;
}

int registry_open_blob(struct registry_client *cl, const char *digest, int64_t size, struct stream **out,
		       struct vg_err *err)
{
	struct blob_stream *b;
	struct strbuf sb = STRBUF_INIT;
	char label[32];

	if (!digest_is_valid_sha256(digest))
		return vg_err_set(err, VG_EFORMAT, "%s: malformed blob digest \"%s\"", cl->name, digest ? digest : "");
	if (open_cached(cl, digest, out) == 1)
		return 0;
	b = xcalloc(1, sizeof(*b));
	b->cl = cl;
	strcpy(b->digest, digest);
	b->size = size;
	strbuf_addf(&sb, "%s/v2/%s/blobs/%s", cl->base, cl->ref.repository, digest);
	b->url = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s@%s", cl->name, digest);
	b->name = strbuf_detach(&sb, NULL);
	b->base.read = blob_read;
	b->base.close = blob_close;
	b->base.name = b->name;
	b->progress_id = -1;
	if (!(b->multi = curl_multi_init())) {
		blob_close(&b->base);
		return vg_err_set(err, VG_EINTERNAL, "out of memory");
	}
	if (cl->have_cache) {
		struct vg_err cerr;
		if (!(b->cw = cache_writer_begin(&cl->cache, digest, &cerr)))
			fprintf(stderr, "vigil: warning: not caching %s: %s\n", digest, cerr.msg);
	}
	/* the cache writer hashes every byte and fails the stream at its end on a
	 * mismatch, so the decoder need not hash the stored bytes again */
	b->base.verifies_digest = b->cw != NULL;
	snprintf(label, sizeof(label), "%.12s", blob_short(digest));
	b->progress_id = progress_add(cl->progress, label, size);
	*out = &b->base;
	return 0;
}
