/* update.c - `vigil db update`: the built-in feed list, downloads with libcurl
 * (bounded redirects and retries, timeouts, a size cap) into a private directory
 * beside the database, then the detect + ingest of `vigil db build` into a new DB. */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/strbuf.h"
#include "../core/vec.h"
#include "../feeds/feed.h"
#include "update.h"

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "0.0.0"
#endif

#define UPDATE_CONNECT_TIMEOUT 15L   /* seconds to establish a connection */
#define UPDATE_LOW_SPEED_BYTES 1024L /* abort a transfer slower than this many bytes/s ... */
#define UPDATE_LOW_SPEED_TIME 60L    /* ... for this many seconds */
#define UPDATE_MAX_REDIRECTS 10L

#define ALPINE_SECDB "https://secdb.alpinelinux.org/"
#define OSV_BUCKET "https://osv-vulnerabilities.storage.googleapis.com/"

/* One downloadable feed. path is where it lives under a mirror (relative,
 * URL-encoded; the same as the upstream layout below the host where possible). */
struct feed_src {
	char *path;
	char *url;          /* upstream */
	const char *format; /* the vg_feeds reader that must claim the file */
	bool required;      /* primary data of a namespace: failing to fetch it fails the update */
};

static const char *const alpine_branches[] = {
	"v3.3", "v3.4", "v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11", "v3.12", "v3.13",
	"v3.14", "v3.15", "v3.16", "v3.17", "v3.18", "v3.19", "v3.20", "v3.21", "v3.22", "edge",
};

/* OSV bulk exports, URL-encoded ecosystem names. Optional: Alpine, Wolfi and
 * Debian repeat data vigil already reads from their native feeds, and the
 * language ecosystems are stored for language packages, which scans do not
 * inventory yet (pkg/package.h has deb, apk and rpm only). The native
 * rubysec and npm security-wg readers are for `vigil db build` only: both
 * upstreams are git repositories of one file per advisory (no bulk download),
 * and OSV RubyGems/npm carry most of the same advisories as GHSA records. */
static const struct {
	const char *name;
	bool required;
} osv_ecosystems[] = {
	{ "AlmaLinux", true }, { "Rocky%20Linux", true }, { "Debian", false }, { "Ubuntu", true },
	{ "Alpine", false }, { "Wolfi", false }, { "Chainguard", true }, { "Go", false },
	{ "PyPI", false }, { "crates.io", false }, { "npm", false }, { "Maven", false },
	{ "RubyGems", false }, { "Packagist", false }, { "NuGet", false },
};

static void add_feed(struct ptrvec *v, char *path, char *url, const char *format, bool required)
{
	struct feed_src *f = xcalloc(1, sizeof(*f));

	f->path = path;
	f->url = url;
	f->format = format;
	f->required = required;
	ptrvec_push(v, f);
}

static char *str_printf(const char *fmt, ...) VG_PRINTF(1, 2);
static char *str_printf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		vg_die_oom();
	strbuf_grow(&sb, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb.len = (size_t)n;
	return strbuf_detach(&sb, NULL);
}

/* The built-in list, in ingest order. */
static void feed_list(struct ptrvec *out)
{
	static const char *const repos[] = { "main", "community" };

	for (size_t i = 0; i < VG_ARRAY_LEN(alpine_branches); i++)
		for (size_t r = 0; r < VG_ARRAY_LEN(repos); r++)
			add_feed(out, str_printf("alpine/%s/%s.json", alpine_branches[i], repos[r]),
				 str_printf(ALPINE_SECDB "%s/%s.json", alpine_branches[i], repos[r]), "alpine-secdb",
				 strcmp(alpine_branches[i], "edge") != 0);
	add_feed(out, xstrdup("wolfi/security.json"), xstrdup("https://packages.wolfi.dev/os/security.json"),
		 "alpine-secdb", true);
	add_feed(out, xstrdup("debian/tracker.json"), xstrdup("https://security-tracker.debian.org/tracker/data/json"),
		 "debian-tracker", true);
	for (size_t i = 0; i < VG_ARRAY_LEN(osv_ecosystems); i++)
		add_feed(out, str_printf("osv/%s/all.zip", osv_ecosystems[i].name),
			 str_printf(OSV_BUCKET "%s/all.zip", osv_ecosystems[i].name), "osv", osv_ecosystems[i].required);
	add_feed(out, xstrdup("kev/known_exploited_vulnerabilities.json"),
		 xstrdup("https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"), "kev",
		 false);
}

static void free_feed(void *p)
{
	struct feed_src *f = p;

	free(f->path);
	free(f->url);
	free(f);
}

void db_update_list_feeds(FILE *out)
{
	struct ptrvec feeds = PTRVEC_INIT;

	feed_list(&feeds);
	for (size_t i = 0; i < feeds.n; i++) {
		const struct feed_src *f = feeds.v[i];
		fprintf(out, "%s\t%s\t%s\t%s\n", f->path, f->url, f->format, f->required ? "required" : "optional");
	}
	ptrvec_free(&feeds, free_feed);
}

/* ---- signals: SIGINT/SIGTERM stop the update cleanly ---- */

static volatile sig_atomic_t update_signal;

static void on_signal(int sig)
{
	update_signal = sig;
}

struct saved_signals {
	struct sigaction intr, term, pipe;
};

static void catch_signals(struct saved_signals *s)
{
	struct sigaction sa;

	update_signal = 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal; /* no SA_RESTART: sleeps return early */
	sigaction(SIGINT, &sa, &s->intr);
	sigaction(SIGTERM, &sa, &s->term);
	sa.sa_handler = SIG_IGN; /* CURLOPT_NOSIGNAL leaves SIGPIPE to us */
	sigaction(SIGPIPE, &sa, &s->pipe);
}

static void restore_signals(const struct saved_signals *s)
{
	sigaction(SIGINT, &s->intr, NULL);
	sigaction(SIGTERM, &s->term, NULL);
	sigaction(SIGPIPE, &s->pipe, NULL);
}

static int interrupted(struct vg_err *err)
{
	return vg_err_set(err, VG_EIO, "db update interrupted by signal %d; the previous database is unchanged",
			  (int)update_signal);
}

/* Sleep ms milliseconds; -1 when a signal asked us to stop. */
static int sleep_ms(unsigned ms)
{
	while (ms > 0 && !update_signal) {
		unsigned step = ms < 100 ? ms : 100;
		struct timespec ts = { 0, (long)step * 1000000L };
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return update_signal ? -1 : 0;
}

/* ---- mirror URL ---- */

struct mirror {
	char *base;  /* as given, trailing slashes removed: used for requests */
	char *shown; /* the same without user name and password: used in messages and the DB */
};

#if LIBCURL_VERSION_NUM < 0x075000
static const char *curl_url_strerror(CURLUcode uc)
{
	return uc == CURLUE_OK ? "ok" : "malformed URL";
}
#endif

static bool is_loopback_host(const char *host)
{
	return strcasecmp(host, "localhost") == 0 || str_starts_with(host, "127.") || strcmp(host, "[::1]") == 0 ||
	       strcmp(host, "::1") == 0;
}

static int parse_mirror(const char *mirror, struct mirror *m, struct vg_err *err)
{
	CURLU *h = NULL;
	CURLUcode uc;
	char *host = NULL, *shown = NULL;
	size_t n = strlen(mirror);
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)mirror[i] <= ' ' || mirror[i] == 0x7f)
			return vg_err_set(err, VG_EUSAGE, "--mirror: the URL contains a space or control character");
	if (strncasecmp(mirror, "http://", 7) != 0 && strncasecmp(mirror, "https://", 8) != 0)
		return vg_err_set(err, VG_EUSAGE, "--mirror: only http:// and https:// URLs are supported");
	if (strpbrk(mirror, "?#"))
		return vg_err_set(err, VG_EUSAGE, "--mirror: the URL must not have a query or fragment");
	while (n > 0 && mirror[n - 1] == '/')
		n--;
	m->base = xstrndup(mirror, n);
	if (!(h = curl_url()))
		vg_die_oom();
	if ((uc = curl_url_set(h, CURLUPART_URL, m->base, 0)) != CURLUE_OK ||
	    (uc = curl_url_get(h, CURLUPART_HOST, &host, 0)) != CURLUE_OK) {
		vg_err_set(err, VG_EUSAGE, "--mirror: not a valid URL (%s)", curl_url_strerror(uc));
		goto out;
	}
	curl_url_set(h, CURLUPART_USER, NULL, 0);
	curl_url_set(h, CURLUPART_PASSWORD, NULL, 0);
	if ((uc = curl_url_get(h, CURLUPART_URL, &shown, 0)) != CURLUE_OK) {
		vg_err_set(err, VG_EUSAGE, "--mirror: not a valid URL (%s)", curl_url_strerror(uc));
		goto out;
	}
	n = strlen(shown);
	while (n > 0 && shown[n - 1] == '/')
		n--;
	m->shown = xstrndup(shown, n);
	if (strncasecmp(m->base, "http://", 7) == 0 && !is_loopback_host(host))
		fprintf(stderr, "vigil: warning: --mirror %s is plain http: feed data is not protected in transit\n",
			m->shown);
	rc = 0;
out:
	curl_free(host);
	curl_free(shown);
	curl_url_cleanup(h);
	return rc;
}

/* ---- downloads ---- */

struct updater {
	const struct db_update_opts *o;
	uint64_t max_bytes;
	int attempts;
	unsigned retry_base_ms;
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	char *dir; /* the private download directory */
	/* the current transfer */
	int fd;
	uint64_t written;
	bool too_big;
	int write_errno;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct updater *u = ctx;
	size_t n = size * nmemb, done = 0;
	long code = 0;

	curl_easy_getinfo(u->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200)
		return n; /* the body of an error response is not kept */
	if (n > u->max_bytes - u->written) {
		u->too_big = true;
		return 0; /* != n: curl stops with CURLE_WRITE_ERROR */
	}
	while (done < n) {
		ssize_t w = write(u->fd, data + done, n - done);
		if (w < 0 && errno == EINTR && !update_signal)
			continue;
		if (w <= 0) {
			u->write_errno = w < 0 ? errno : EIO;
			return 0;
		}
		done += (size_t)w;
	}
	u->written += n;
	return n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	return update_signal != 0; /* non-zero aborts the transfer */
}

static bool transient_curl_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static bool transient_http_status(long code)
{
	return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
}

static void setup_curl(struct updater *u)
{
	CURL *c = u->curl;

	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, u->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, UPDATE_MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, UPDATE_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, UPDATE_LOW_SPEED_BYTES);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, UPDATE_LOW_SPEED_TIME);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vigil/" VIGIL_VERSION);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl can decode */
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)u->max_bytes);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, u);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, u);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
}

enum fetch_result {
	FETCH_OK,
	FETCH_MISSING, /* HTTP 404 or 410 */
	FETCH_FAILED,
	FETCH_STOPPED, /* a signal: stop everything */
};

/* One attempt's outcome: FETCH_OK, or err filled and *retry / *retry_after set. */
static enum fetch_result fetch_once(struct updater *u, const char *shown, bool *retry, long *retry_after,
				    struct vg_err *err)
{
	CURLcode rc;
	long code = 0;
	curl_off_t clen = -1, got = 0;

	*retry = false;
	*retry_after = 0;
	if (ftruncate(u->fd, 0) != 0 || lseek(u->fd, 0, SEEK_SET) != 0) {
		vg_err_set(err, VG_EIO, "%s: %s", u->dir, strerror(errno));
		return FETCH_FAILED;
	}
	u->written = 0;
	u->too_big = false;
	u->write_errno = 0;
	u->errbuf[0] = '\0';
	rc = curl_easy_perform(u->curl);
	if (update_signal)
		return FETCH_STOPPED;
	curl_easy_getinfo(u->curl, CURLINFO_RESPONSE_CODE, &code);
	if (u->write_errno) {
		vg_err_set(err, VG_EIO, "%s: writing the download into %s: %s", shown, u->dir, strerror(u->write_errno));
		return FETCH_FAILED;
	}
	if (u->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		vg_err_set(err, VG_ELIMIT, "%s: larger than the limit of %llu bytes", shown,
			   (unsigned long long)u->max_bytes);
		return FETCH_FAILED;
	}
	if (rc == CURLE_HTTP_RETURNED_ERROR || (rc == CURLE_OK && code != 200)) {
		vg_err_set(err, VG_EIO, "%s: HTTP status %ld", shown, code);
		if (code == 404 || code == 410)
			return FETCH_MISSING;
		*retry = transient_http_status(code);
		if (*retry) {
			curl_off_t ra = 0;
			if (curl_easy_getinfo(u->curl, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
				*retry_after = ra > UPDATE_RETRY_AFTER_MAX ? UPDATE_RETRY_AFTER_MAX : (long)ra;
		}
		return FETCH_FAILED;
	}
	if (rc != CURLE_OK) {
		vg_err_set(err, VG_EIO, "%s: %s", shown, u->errbuf[0] ? u->errbuf : curl_easy_strerror(rc));
		*retry = transient_curl_error(rc);
		return FETCH_FAILED;
	}
	/* libcurl reports a body shorter than Content-Length as CURLE_PARTIAL_FILE; check anyway */
	curl_easy_getinfo(u->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen);
	curl_easy_getinfo(u->curl, CURLINFO_SIZE_DOWNLOAD_T, &got);
	if (clen >= 0 && got != clen) {
		vg_err_set(err, VG_EIO, "%s: received %lld bytes of %lld", shown, (long long)got, (long long)clen);
		*retry = true;
		return FETCH_FAILED;
	}
	return FETCH_OK;
}

/* Download url into u->fd with retries. */
static enum fetch_result fetch(struct updater *u, const char *url, const char *shown, struct vg_err *err)
{
	curl_easy_setopt(u->curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	/* never follow an https URL down to plain http */
	curl_easy_setopt(u->curl, CURLOPT_REDIR_PROTOCOLS_STR,
			 strncasecmp(url, "https:", 6) == 0 ? "https" : "http,https");
#else
	curl_easy_setopt(u->curl, CURLOPT_REDIR_PROTOCOLS,
			 strncasecmp(url, "https:", 6) == 0 ? (long)CURLPROTO_HTTPS
							    : (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	for (int attempt = 1;; attempt++) {
		bool retry;
		long retry_after;
		unsigned delay;
		enum fetch_result r = fetch_once(u, shown, &retry, &retry_after, err);

		if (r == FETCH_OK || r == FETCH_MISSING || r == FETCH_STOPPED)
			return r;
		if (!retry)
			return r;
		if (attempt >= u->attempts) {
			if (u->attempts > 1) {
				char attempts[48];
				snprintf(attempts, sizeof(attempts), " (%d attempts)", u->attempts);
				strncat(err->msg, attempts, sizeof(err->msg) - strlen(err->msg) - 1);
			}
			return r;
		}
		if (retry_after > 0) {
			delay = (unsigned)retry_after * 1000u;
		} else {
			unsigned shift = attempt - 1 < 10 ? (unsigned)(attempt - 1) : 10;
			unsigned long long d = (unsigned long long)u->retry_base_ms << shift;
			delay = d > UPDATE_RETRY_MAX_MS ? UPDATE_RETRY_MAX_MS : (unsigned)d;
		}
		if (!u->o->quiet)
			fprintf(stderr, "vigil: %s; retrying in %u.%u s (attempt %d of %d)\n", err->msg, delay / 1000,
				delay % 1000 / 100, attempt + 1, u->attempts);
		if (sleep_ms(delay) != 0)
			return FETCH_STOPPED;
	}
}

/* ---- ingest ----
 * As `db build` does (feed_detect), with three differences: the head is read
 * from the open download, the source is named after the URL (the file is
 * temporary), and the claiming reader must be the one the feed list expects. */

static const struct feed *detect_download(int fd, const char *path, struct vg_err *err)
{
	char head[4096];
	ssize_t n = pread(fd, head, sizeof(head), 0);

	if (n < 0) {
		vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return feed_detect(path, head, (size_t)n);
}

/* ---- the update ---- */

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				unlinkat(dirfd(d), de->d_name, 0);
		closedir(d);
	}
	rmdir(dir);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int db_update(const char *db_path, const char *mirror, bool quiet, struct vg_err *err)
{
	struct db_update_opts o = { .mirror = mirror, .quiet = quiet };

	return db_update_ex(db_path, &o, err);
}

int db_update_ex(const char *db_path, const struct db_update_opts *opts, struct vg_err *err)
{
	struct updater u = { .o = opts, .fd = -1 };
	struct mirror m = { NULL, NULL };
	struct ptrvec feeds = PTRVEC_INIT;
	struct saved_signals sigs;
	struct strbuf tmpl = STRBUF_INIT;
	struct dbw *w = NULL;
	bool curl_inited = false, signals_caught = false;
	int ingested = 0, skipped = 0, rc = -1;

	u.max_bytes = opts->max_bytes ? opts->max_bytes : UPDATE_MAX_BYTES;
	u.attempts = opts->attempts > 0 ? opts->attempts : UPDATE_ATTEMPTS;
	u.retry_base_ms = opts->retry_base_ms ? opts->retry_base_ms : UPDATE_RETRY_BASE_MS;
	if (opts->mirror && parse_mirror(opts->mirror, &m, err) != 0)
		goto out;
	catch_signals(&sigs); /* before anything exists that a signal could leave behind */
	signals_caught = true;
	if (vulndb_make_parent_dir(db_path, err) != 0)
		goto out;
	strbuf_addf(&tmpl, "%s.update.XXXXXX", db_path);
	if (!mkdtemp(tmpl.buf)) {
		vg_err_set(err, VG_EIO, "%s: cannot create a temporary directory beside it: %s", db_path,
			   strerror(errno));
		goto out;
	}
	u.dir = strbuf_detach(&tmpl, NULL);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		vg_err_set(err, VG_EINTERNAL, "cannot initialise libcurl");
		goto out;
	}
	curl_inited = true;
	if (!(u.curl = curl_easy_init())) {
		vg_err_set(err, VG_EINTERNAL, "cannot initialise libcurl");
		goto out;
	}
	setup_curl(&u);
	if (dbw_open(db_path, &w, err) != 0)
		goto out;

	feed_list(&feeds);
	for (size_t i = 0; i < feeds.n; i++) {
		const struct feed_src *fs = feeds.v[i];
		struct vg_err ferr = { VG_OK, "" };
		char *url = m.base ? str_printf("%s/%s", m.base, fs->path) : xstrdup(fs->url);
		char *shown = m.base ? str_printf("%s/%s", m.shown, fs->path) : xstrdup(fs->url);
		char *file = str_printf("%s/%03zu-%s", u.dir, i, base_name(fs->path));
		enum fetch_result r;
		const struct feed *f = NULL;

		u.fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (u.fd < 0) {
			vg_err_set(err, VG_EIO, "%s: %s", file, strerror(errno));
			r = FETCH_STOPPED;
		} else {
			r = fetch(&u, url, shown, &ferr);
		}
		if (r == FETCH_OK) {
			if (!opts->quiet)
				fprintf(stderr, "vigil: fetched %s (%llu bytes)\n", shown, (unsigned long long)u.written);
			ferr.code = VG_OK;
			f = detect_download(u.fd, file, &ferr);
			if (!f || strcmp(f->name, fs->format) != 0) {
				if (ferr.code == VG_OK)
					vg_err_set(&ferr, VG_EFORMAT, "%s: expected the %s format, got %s", shown, fs->format,
						   f ? f->name : "a file in no format vigil reads");
				r = FETCH_FAILED;
			}
		}
		if (u.fd >= 0)
			close(u.fd);
		u.fd = -1;
		if (r == FETCH_OK) {
			if (dbw_begin_source(w, shown, f->name, shown, err) != 0 || f->ingest(file, w, err) != 0 ||
			    dbw_end_source(w, err) != 0) {
				vg_err_prefix(err, "%s", shown);
				r = FETCH_STOPPED;
			} else {
				ingested++;
			}
		}
		unlink(file);
		if (r == FETCH_STOPPED && update_signal)
			interrupted(err);
		free(url);
		free(shown);
		free(file);
		if (r == FETCH_STOPPED)
			goto out;
		if (update_signal) {
			interrupted(err);
			goto out;
		}
		if (r == FETCH_OK)
			continue;
		if (fs->required && !(r == FETCH_MISSING && m.base)) {
			*err = ferr;
			vg_err_prefix(err, "db update failed");
			strncat(err->msg, "; the previous database is unchanged", sizeof(err->msg) - strlen(err->msg) - 1);
			goto out;
		}
		fprintf(stderr, "vigil: warning: %s%s; %s feed skipped\n", ferr.msg,
			r == FETCH_MISSING && m.base ? " (not on the mirror)" : "", fs->required ? "required" : "optional");
		skipped++;
	}
	if (ingested == 0) {
		vg_err_set(err, VG_ENOTFOUND, "db update: none of the %zu feeds could be downloaded%s%s; "
			   "the previous database is unchanged", feeds.n, m.shown ? " from " : "", m.shown ? m.shown : "");
		goto out;
	}
	rc = dbw_commit(w, err);
	w = NULL;
	if (rc == 0 && !opts->quiet)
		fprintf(stderr, "vigil: updated %s from %d feeds (%d skipped)\n", db_path, ingested, skipped);
out:
	if (w)
		dbw_abort(w);
	if (u.fd >= 0)
		close(u.fd);
	if (u.curl)
		curl_easy_cleanup(u.curl);
	if (curl_inited)
		curl_global_cleanup();
	if (u.dir)
		remove_dir(u.dir);
	if (signals_caught)
		restore_signals(&sigs);
	free(u.dir);
	strbuf_release(&tmpl);
	free(m.base);
	free(m.shown);
	ptrvec_free(&feeds, free_feed);
	return rc;
}
