/* auth.c - registry credentials and WWW-Authenticate challenges (see auth.h).
 *
 * Challenges follow RFC 7235. A header may hold several challenges; the
 * first Basic or Bearer one is returned (else the first one, as AUTH_NONE).
 * Credentials are looked up as Docker does: credHelpers[host], else
 * credsStore, then "auths"; a helper that has nothing for the host falls back
 * to "auths". Helpers run as "docker-credential-<name> get": the parent
 * resolves the name on PATH, the child only makes async-signal-safe calls
 * (dup2, execve, write, _exit), and a failed exec is reported back through a
 * close-on-exec pipe.
 *
 * Environment:
 *   VIGIL_NO_CRED_HELPERS=1         never run a helper: a configured one is the
 *                                   error "credential helpers disabled" (fuzzing, sandboxes)
 *   VIGIL_CRED_HELPER_TIMEOUT_MS=N  helper timeout in milliseconds (default 10000)
 *
 * Secrets (passwords, identity tokens, helper answers, decoded "auth"
 * fields, config file bytes) never reach an error message or a source
 * string; our copies are overwritten with zeros before they are freed
 * (jansson's own copies inside a parsed document are not). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "../core/fileio.h"
#include "../core/strbuf.h"
#include "auth.h"

#define CHALLENGE_MAX (8 * 1024)     /* longest WWW-Authenticate value accepted */
#define CHALLENGE_SHOWN 200          /* header bytes quoted in an error message */
#define CONFIG_MAX (1024 * 1024)     /* config.json size cap */
#define HELPER_OUT_MAX (64 * 1024)   /* helper answer size cap */
#define HELPER_TIMEOUT_MS 10000
#define HELPER_URL_MAX 1024          /* below PIPE_BUF: writing it to an empty pipe never blocks */
#define HELPER_NAME_MAX 128
#define HUB_SERVER_URL "https://index.docker.io/v1/"
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

/* ---- small helpers ---- */

static bool token_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

static void wipe_free(void *p, size_t n)
{
	if (!p)
		return;
	explicit_bzero(p, n);
	free(p);
}

static void free_secret(char **s)
{
	if (*s)
		wipe_free(*s, strlen(*s));
	*s = NULL;
}

/* Replace *field with a copy of s when s is non-empty. */
static void set_field(char **field, const char *s)
{
	if (!s || !*s)
		return;
	free_secret(field);
	*field = xstrdup(s);
}

static bool creds_empty(const struct registry_creds *c)
{
	return !c->username && !c->password && !c->identity_token;
}

void registry_creds_free(struct registry_creds *c)
{
	if (!c)
		return;
	free_secret(&c->username);
	free_secret(&c->password);
	free_secret(&c->identity_token);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

void auth_challenge_free(struct auth_challenge *c)
{
	if (!c)
		return;
	free(c->realm);
	free(c->service);
	free(c->scope);
	free(c->error);
	memset(c, 0, sizeof(*c));
}

/* ---- WWW-Authenticate ---- */

struct hdr_parser {
	const char *s;
	size_t pos;
	struct vg_err *err;
};

static int hdr_fail(struct hdr_parser *p, const char *fmt, ...) VG_PRINTF(2, 3);

/* "WWW-Authenticate header "<first 200 bytes, non-printables as ?>": <what> at offset N". */
static int hdr_fail(struct hdr_parser *p, const char *fmt, ...)
{
	char shown[CHALLENGE_SHOWN + 1], what[256];
	size_t n = strlen(p->s), i;
	va_list ap;

	for (i = 0; i < n && i < CHALLENGE_SHOWN; i++) {
		unsigned char c = (unsigned char)p->s[i];
		shown[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	shown[i] = '\0';
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return vg_err_set(p->err, VG_EFORMAT, "WWW-Authenticate header \"%s%s\": %s at offset %zu", shown,
			  n > CHALLENGE_SHOWN ? "..." : "", what, p->pos);
}

static char hdr_cur(const struct hdr_parser *p)
{
	return p->s[p->pos];
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_tchar(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_token68_char(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("-._~+/", c));
}

static bool is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static void skip_ows(struct hdr_parser *p)
{
	while (is_ows(hdr_cur(p)))
		p->pos++;
}

/* Skip list separators: OWS and commas (RFC 7230 allows empty list elements). */
static void skip_list_sep(struct hdr_parser *p)
{
	while (is_ows(hdr_cur(p)) || hdr_cur(p) == ',')
		p->pos++;
}

static size_t token_len(const struct hdr_parser *p)
{
	size_t n = 0;

	while (is_tchar(p->s[p->pos + n]))
		n++;
	return n;
}

/* A token68 (1*token68-char *"=") ending the challenge: followed by OWS and
 * then the end of the header or a comma. Returns its length or 0. */
static size_t token68_len(const struct hdr_parser *p)
{
	size_t n = 0, end;

	while (is_token68_char(p->s[p->pos + n]))
		n++;
	if (n == 0)
		return 0;
	while (p->s[p->pos + n] == '=')
		n++;
	for (end = n; is_ows(p->s[p->pos + end]); end++)
		;
	return p->s[p->pos + end] == '\0' || p->s[p->pos + end] == ',' ? n : 0;
}

/* A quoted-string starting at the opening quote, unescaped into a new string. */
static char *parse_quoted(struct hdr_parser *p)
{
	struct strbuf sb = STRBUF_INIT;
	size_t start = p->pos;

	for (p->pos++; hdr_cur(p) != '"'; p->pos++) {
		if (hdr_cur(p) == '\\')
			p->pos++;
		if (hdr_cur(p) == '\0') {
			p->pos = start;
			hdr_fail(p, "unterminated quoted string");
			strbuf_release(&sb);
			return NULL;
		}
		if (is_ctl((unsigned char)hdr_cur(p))) {
			hdr_fail(p, "control character in a quoted string");
			strbuf_release(&sb);
			return NULL;
		}
		strbuf_addch(&sb, hdr_cur(p));
	}
	p->pos++;
	return strbuf_detach(&sb, NULL);
}

/* The value of parameter name (n bytes): a token or a quoted-string. */
static char *parse_value(struct hdr_parser *p, const char *name, size_t n)
{
	size_t len;
	char *v;

	if (hdr_cur(p) == '"')
		return parse_quoted(p);
	len = token_len(p);
	if (len == 0) {
		hdr_fail(p, "missing value for \"%.*s\"", (int)(n > 64 ? 64 : n), name);
		return NULL;
	}
	v = xstrndup(p->s + p->pos, len);
	p->pos += len;
	return v;
}

/* Where a parameter we keep goes; NULL for one we ignore. */
static char **challenge_slot(struct auth_challenge *c, const char *name, size_t n)
{
	if (token_is(name, n, "realm"))
		return &c->realm;
	if (token_is(name, n, "service"))
		return &c->service;
	if (token_is(name, n, "scope"))
		return &c->scope;
	if (token_is(name, n, "error"))
		return &c->error;
	return NULL;
}

/* #auth-param after the scheme. Returns at the end of the header or before
 * a token not followed by '=' after a comma: the next challenge's scheme. */
static int parse_params(struct hdr_parser *p, struct auth_challenge *c)
{
	for (bool first = true;; first = false) {
		size_t start = p->pos, n = token_len(p);
		const char *name = p->s + start;
		int shown = (int)(n > 64 ? 64 : n);
		char **slot, *value;

		if (n == 0)
			return hdr_fail(p, "expected a parameter name");
		p->pos += n;
		skip_ows(p);
		if (hdr_cur(p) != '=') {
			if (!first) {
				p->pos = start;
				return 0;
			}
			return hdr_fail(p, "missing '=' after \"%.*s\"", shown, name);
		}
		p->pos++;
		skip_ows(p);
		if (!(value = parse_value(p, name, n)))
			return -1;
		slot = challenge_slot(c, name, n);
		if (slot && *slot) {
			free(value);
			return hdr_fail(p, "duplicate parameter \"%.*s\"", shown, name);
		}
		if (slot)
			*slot = value;
		else
			free(value);
		skip_ows(p);
		if (hdr_cur(p) == '\0')
			return 0;
		if (hdr_cur(p) != ',')
			return hdr_fail(p, "expected ',' after the value of \"%.*s\"", shown, name);
		skip_list_sep(p);
		if (hdr_cur(p) == '\0')
			return 0;
	}
}

/* One challenge: auth-scheme [ 1*SP ( token68 / #auth-param ) ]. */
static int parse_challenge(struct hdr_parser *p, struct auth_challenge *c)
{
	size_t n = token_len(p);
	bool spaced;

	if (n == 0)
		return hdr_fail(p, "expected an auth scheme");
	if (token_is(p->s + p->pos, n, "basic"))
		c->scheme = AUTH_BASIC;
	else if (token_is(p->s + p->pos, n, "bearer"))
		c->scheme = AUTH_BEARER;
	else
		c->scheme = AUTH_NONE;
	p->pos += n;
	spaced = is_ows(hdr_cur(p));
	skip_ows(p);
	if (hdr_cur(p) == '\0' || hdr_cur(p) == ',')
		return 0;
	if (!spaced)
		return hdr_fail(p, "expected a space after the auth scheme");
	/* Basic and Bearer take auth-params only; other schemes may carry a token68 */
	if (c->scheme == AUTH_NONE && (n = token68_len(p)) > 0) {
		p->pos += n;
		skip_ows(p);
		return 0;
	}
	return parse_params(p, c);
}

int auth_challenge_parse(const char *header, struct auth_challenge *out, struct vg_err *err)
{
	struct hdr_parser p = { header ? header : "", 0, err };
	bool have = false;

	memset(out, 0, sizeof(*out));
	if (strnlen(p.s, CHALLENGE_MAX + 1) > CHALLENGE_MAX)
		return vg_err_set(err, VG_ELIMIT, "WWW-Authenticate header longer than the %d byte limit",
				  CHALLENGE_MAX);
	skip_list_sep(&p);
	if (hdr_cur(&p) == '\0')
		return vg_err_set(err, VG_EFORMAT, "WWW-Authenticate header is empty");
	while (hdr_cur(&p) != '\0') {
		struct auth_challenge c;

		memset(&c, 0, sizeof(c));
		if (parse_challenge(&p, &c) != 0) {
			auth_challenge_free(&c);
			auth_challenge_free(out);
			return -1;
		}
		if (!have || (out->scheme == AUTH_NONE && c.scheme != AUTH_NONE)) {
			auth_challenge_free(out);
			*out = c;
			have = true;
		} else {
			auth_challenge_free(&c);
		}
		skip_list_sep(&p);
	}
	return 0;
}

/* ---- base64 ---- */

#define BASE64_IN_MAX ((size_t)(INT_MAX / 4) * 3) /* EVP_EncodeBlock's output length is an int */

char *base64_encode(const void *data, size_t len)
{
	size_t outlen = 4 * ((len + 2) / 3);
	char *out;

	if (len > BASE64_IN_MAX)
		return NULL;
	out = xmalloc(outlen + 1);
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	out[outlen] = '\0';
	return out;
}

static bool is_base64_char(char c)
{
	return is_alnum(c) || c == '+' || c == '/';
}

char *base64_decode(const char *s, size_t *len)
{
	size_t n = s ? strlen(s) : 0, pad = 0;
	unsigned char *out;
	int got = 0;

	if (!s || n % 4 != 0 || n > INT_MAX)
		return NULL;
	if (n > 0 && s[n - 1] == '=')
		pad = n > 1 && s[n - 2] == '=' ? 2 : 1;
	for (size_t i = 0; i < n - pad; i++)
		if (!is_base64_char(s[i]))
			return NULL;
	out = xmalloc(n / 4 * 3 + 1);
	if (n > 0)
		got = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	if (got < 0 || (size_t)got < pad) { /* cannot happen after the checks above */
		wipe_free(out, n / 4 * 3 + 1);
		return NULL;
	}
	got -= (int)pad; /* DecodeBlock counts the zero bytes the padding stands for */
	out[got] = '\0';
	if (len)
		*len = (size_t)got;
	return (char *)out;
}

/* ---- config.json keys ---- */

static const char *const hub_hosts[] = { "docker.io", "index.docker.io", "registry-1.docker.io" };

static bool is_docker_hub(const char *host, size_t n)
{
	for (size_t i = 0; i < VG_ARRAY_LEN(hub_hosts); i++)
		if (token_is(host, n, hub_hosts[i]))
			return true;
	return false;
}

bool docker_config_key_matches(const char *key, const char *host)
{
	size_t n;

	if (!key || !host || !*host)
		return false;
	if (strncasecmp(key, "https://", 8) == 0)
		key += 8;
	else if (strncasecmp(key, "http://", 7) == 0)
		key += 7;
	n = strcspn(key, "/");
	if (n == 0)
		return false;
	if (token_is(key, n, host))
		return true;
	return is_docker_hub(host, strlen(host)) && is_docker_hub(key, n);
}

/* The key Docker itself writes for host: tried before other matching keys. */
static bool key_is_exact(const char *key, const char *host)
{
	return strcmp(key, host) == 0 || (is_docker_hub(host, strlen(host)) && strcmp(key, HUB_SERVER_URL) == 0);
}

/* What a credential helper is asked for: Docker Hub's v1 URL, else the host. */
static const char *helper_server_url(const char *host)
{
	return is_docker_hub(host, strlen(host)) ? HUB_SERVER_URL : host;
}

/* ---- credential helpers ---- */

static bool valid_helper_name(const char *h)
{
	size_t n = h ? strlen(h) : 0;

	if (n == 0 || n > HELPER_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(h[i]) && h[i] != '.' && h[i] != '_' && h[i] != '-')
			return false;
	return true;
}

static bool helpers_disabled(void)
{
	const char *s = getenv("VIGIL_NO_CRED_HELPERS");

	return s && *s && strcmp(s, "0") != 0;
}

static long helper_timeout_ms(void)
{
	const char *s = getenv("VIGIL_CRED_HELPER_TIMEOUT_MS");
	char *end;
	long v;

	if (!s || !*s)
		return HELPER_TIMEOUT_MS;
	errno = 0;
	v = strtol(s, &end, 10);
	return *end || errno || v <= 0 || v > 3600 * 1000 ? HELPER_TIMEOUT_MS : v;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The executable prog in $PATH, searched as execvp does (an empty entry is
 * the current directory); malloc'd, or NULL. */
static char *find_on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p;

	if (!path)
		path = DEFAULT_PATH;
	for (p = path;; p++) {
		size_t n = strcspn(p, ":");
		struct strbuf sb = STRBUF_INIT;
		struct stat st;

		strbuf_addf(&sb, "%.*s/%s", (int)(n ? n : 1), n ? p : ".", prog);
		if (stat(sb.buf, &st) == 0 && S_ISREG(st.st_mode) && access(sb.buf, X_OK) == 0)
			return strbuf_detach(&sb, NULL);
		strbuf_release(&sb);
		p += n;
		if (!*p)
			return NULL;
	}
}

/* Move *fd above stdin/stdout/stderr (close-on-exec), so dup2 in the child
 * never overwrites a descriptor it still needs. */
static int fd_above_stdio(int *fd)
{
	int nfd;

	if (*fd > 2)
		return 0;
	nfd = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
	if (nfd < 0)
		return -1;
	close(*fd);
	*fd = nfd;
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* In the child, between fork and exec: async-signal-safe calls only. */
VG_NORETURN static void exec_child(const char *path, char *const argv[], int in, int out, int devnull, int report)
{
	int e;

	if (dup2(in, 0) >= 0 && dup2(out, 1) >= 0 && dup2(devnull, 2) >= 0)
		execve(path, argv, environ);
	e = errno;
	if (write(report, &e, sizeof(e)) < 0) {
		/* nothing more to do: the parent sees EOF and a 127 exit */
	}
	_exit(127);
}

struct helper_proc {
	const char *prog;  /* "docker-credential-<name>", for messages */
	pid_t pid;
	int in_fd;         /* the helper's stdin (write end) */
	int out_fd;        /* the helper's stdout (read end) */
};

/* Wait for pid; with kill_first, SIGKILL it before. Returns the wait status or -1. */
static int wait_child(pid_t pid, bool kill_first)
{
	int status;

	if (kill_first)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Start "path get" with stdin/stdout on pipes and stderr on /dev/null. */
static int spawn_helper(struct helper_proc *h, const char *path, struct vg_err *err)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, report[2] = { -1, -1 }, devnull = -1;
	int fds_ok, child_errno = 0;
	char *argv[] = { (char *)h->prog, (char *)"get", NULL };
	ssize_t r;

	fds_ok = pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0 && pipe2(report, O_CLOEXEC) == 0 &&
		 (devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) >= 0 && fd_above_stdio(&in[0]) == 0 &&
		 fd_above_stdio(&out[1]) == 0 && fd_above_stdio(&devnull) == 0 && fd_above_stdio(&report[1]) == 0;
	if (!fds_ok || (h->pid = fork()) < 0) {
		vg_err_set(err, VG_EIO, "%s: cannot start: %s", h->prog, strerror(errno));
		goto fail;
	}
	if (h->pid == 0)
		exec_child(path, argv, in[0], out[1], devnull, report[1]);
	close_fd(&in[0]);
	close_fd(&out[1]);
	close_fd(&devnull);
	close_fd(&report[1]);
	do
		r = read(report[0], &child_errno, sizeof(child_errno));
	while (r < 0 && errno == EINTR);
	close_fd(&report[0]);
	if (r > 0) { /* exec failed */
		wait_child(h->pid, false);
		vg_err_set(err, VG_EIO, "%s: cannot run %s: %s", h->prog, path, strerror(child_errno));
		goto fail;
	}
	h->in_fd = in[1];
	h->out_fd = out[0];
	return 0;
fail:
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&report[0]);
	close_fd(&report[1]);
	close_fd(&devnull);
	return -1;
}

/* Write all of data to fd with SIGPIPE blocked in this thread, so a helper
 * that exits without reading its stdin gives EPIPE rather than a signal; a
 * SIGPIPE this write raised is consumed before the old mask comes back. */
static int write_no_sigpipe(int fd, const char *data, size_t len)
{
	sigset_t pipe_set, old, pending;
	struct timespec zero = { 0, 0 };
	bool was_pending;
	int rc = 0, saved;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		data += w;
		len -= (size_t)w;
	}
	saved = errno;
	if (rc < 0 && saved == EPIPE && !was_pending)
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return rc;
}

/* Send "server_url\n" and close the helper's stdin. A helper that does not
 * read it (EPIPE) is not an error. */
static int send_server_url(struct helper_proc *h, const char *server_url, struct vg_err *err)
{
	char line[HELPER_URL_MAX + 2];
	int n = snprintf(line, sizeof(line), "%s\n", server_url);
	bool failed = write_no_sigpipe(h->in_fd, line, (size_t)n) < 0 && errno != EPIPE;

	if (failed)
		vg_err_set(err, VG_EIO, "%s: writing to its stdin: %s", h->prog, strerror(errno));
	close_fd(&h->in_fd);
	return failed ? -1 : 0;
}

/* Read the helper's stdout to EOF into buf (HELPER_OUT_MAX + 2 bytes) before deadline. */
static int read_answer(struct helper_proc *h, char *buf, size_t *len, long long deadline, long timeout,
		       struct vg_err *err)
{
	*len = 0;
	for (;;) {
		struct pollfd pfd = { h->out_fd, POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t r;
		int ready;

		if (left <= 0)
			return vg_err_set(err, VG_EIO, "%s: timed out after %ld ms", h->prog, timeout);
		ready = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (ready < 0 && errno != EINTR)
			return vg_err_set(err, VG_EIO, "%s: %s", h->prog, strerror(errno));
		if (ready <= 0)
			continue;
		r = read(h->out_fd, buf + *len, HELPER_OUT_MAX + 1 - *len);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return vg_err_set(err, VG_EIO, "%s: reading its answer: %s", h->prog, strerror(errno));
		if (r == 0)
			break;
		*len += (size_t)r;
		if (*len > HELPER_OUT_MAX)
			return vg_err_set(err, VG_ELIMIT, "%s: answer larger than the %d byte limit", h->prog,
					  HELPER_OUT_MAX);
	}
	buf[*len] = '\0';
	return 0;
}

/* Reap a helper that closed its stdout, killing it at the deadline.
 * Returns the wait status, -1 when it cannot be had, -2 after a timeout. */
static int reap_helper(struct helper_proc *h, long long deadline)
{
	const struct timespec tick = { 0, 5 * 1000 * 1000 };
	int status;

	for (;;) {
		pid_t r = waitpid(h->pid, &status, WNOHANG);
		if (r == h->pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (now_ms() >= deadline) {
			wait_child(h->pid, true);
			return -2;
		}
		nanosleep(&tick, NULL);
	}
}

/* Parse {"ServerURL","Username","Secret"}. 1 found, 0 empty, -1 malformed. */
static int parse_helper_answer(const char *prog, const char *buf, size_t len, struct registry_creds *out,
			       struct vg_err *err)
{
	json_error_t je;
	json_t *root = json_loadb(buf, len, 0, &je), *user, *secret;
	const char *u, *s;

	if (!json_is_object(root)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: answer is not a JSON object", prog);
	}
	user = json_object_get(root, "Username");
	secret = json_object_get(root, "Secret");
	if ((user && !json_is_string(user)) || (secret && !json_is_string(secret))) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: answer's Username or Secret is not a string", prog);
	}
	u = user ? json_string_value(user) : "";
	s = secret ? json_string_value(secret) : "";
	if (strcmp(u, "<token>") == 0) {
		set_field(&out->identity_token, s);
	} else {
		set_field(&out->username, u);
		set_field(&out->password, s);
	}
	json_decref(root);
	if (creds_empty(out))
		return 0;
	out->source = xstrdup(prog);
	return 1;
}

/* Turn a reaped helper's status (see reap_helper) and output into the result. */
static int helper_result(const char *prog, int status, long timeout, const char *buf, size_t len,
			 struct registry_creds *out, struct vg_err *err)
{
	if (status == -2)
		return vg_err_set(err, VG_EIO, "%s: timed out after %ld ms", prog, timeout);
	if (status == -1)
		return vg_err_set(err, VG_EIO, "%s: cannot get its exit status: %s", prog, strerror(errno));
	if (WIFSIGNALED(status))
		return vg_err_set(err, VG_EIO, "%s: killed by signal %d", prog, WTERMSIG(status));
	if (WEXITSTATUS(status) != 0) {
		if (memmem(buf, len, "credentials not found", 21))
			return 0;
		return vg_err_set(err, VG_EIO, "%s: exited with status %d", prog, WEXITSTATUS(status));
	}
	return parse_helper_answer(prog, buf, len, out, err);
}

int credential_helper_get(const char *helper, const char *server_url, struct registry_creds *out,
			  struct vg_err *err)
{
	struct helper_proc h = { NULL, -1, -1, -1 };
	char prog[HELPER_NAME_MAX + 32], *path, *buf;
	long timeout = helper_timeout_ms();
	long long deadline;
	size_t len = 0;
	int rc, status;

	memset(out, 0, sizeof(*out));
	if (!valid_helper_name(helper))
		return vg_err_set(err, VG_EFORMAT,
				  "invalid credential helper name (allowed: letters, digits, '.', '_', '-')");
	snprintf(prog, sizeof(prog), "docker-credential-%s", helper);
	h.prog = prog;
	if (!server_url || !*server_url || strlen(server_url) > HELPER_URL_MAX || strchr(server_url, '\n'))
		return vg_err_set(err, VG_EUSAGE, "%s: invalid server URL", prog);
	if (helpers_disabled())
		return vg_err_set(err, VG_EUNSUPPORTED, "%s: credential helpers disabled (VIGIL_NO_CRED_HELPERS)",
				  prog);
	if (!(path = find_on_path(prog)))
		return vg_err_set(err, VG_ENOTFOUND, "%s: not found on PATH", prog);
	rc = spawn_helper(&h, path, err);
	free(path);
	if (rc != 0)
		return -1;
	deadline = now_ms() + timeout;
	buf = xmalloc(HELPER_OUT_MAX + 2);
	if (send_server_url(&h, server_url, err) != 0 || read_answer(&h, buf, &len, deadline, timeout, err) != 0) {
		close_fd(&h.in_fd);
		close_fd(&h.out_fd);
		wait_child(h.pid, true);
		rc = -1;
	} else {
		close_fd(&h.out_fd);
		status = reap_helper(&h, deadline);
		rc = helper_result(prog, status, timeout, buf, len, out, err);
	}
	wipe_free(buf, HELPER_OUT_MAX + 2);
	if (rc <= 0)
		registry_creds_free(out);
	return rc;
}

/* ---- config.json ---- */

/* Decode an "auth" field (base64 of "user:password") into out. */
static int decode_auth_field(const char *name, const char *key, const char *b64, struct registry_creds *out,
			     struct vg_err *err)
{
	size_t len;
	char *plain = base64_decode(b64, &len), *colon;

	if (!plain)
		return vg_err_set(err, VG_EFORMAT, "%s: auths \"%.200s\": \"auth\" is not valid base64", name, key);
	colon = memchr(plain, ':', len);
	if (!colon || colon == plain || memchr(plain, '\0', len)) {
		wipe_free(plain, len);
		return vg_err_set(err, VG_EFORMAT,
				  "%s: auths \"%.200s\": \"auth\" does not decode to \"user:password\"", name, key);
	}
	*colon = '\0';
	set_field(&out->username, plain);
	set_field(&out->password, colon + 1);
	wipe_free(plain, len);
	return 0;
}

/* An optional string member of obj: *s is NULL when absent or null. */
static int member_string(const char *name, const char *what, json_t *obj, const char *member, const char **s,
			 struct vg_err *err)
{
	json_t *v = json_object_get(obj, member);

	*s = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return vg_err_set(err, VG_EFORMAT, "%s: %s\"%s\" is not a string", name, what, member);
	*s = json_string_value(v);
	return 0;
}

/* One "auths" entry: 1 with credentials, 0 when it holds none, -1 malformed. */
static int parse_auth_entry(const char *name, const char *key, json_t *entry, struct registry_creds *out,
			    struct vg_err *err)
{
	struct strbuf what = STRBUF_INIT, src = STRBUF_INIT;
	const char *auth, *user, *pass, *token;
	int rc = -1;

	if (!json_is_object(entry))
		return vg_err_set(err, VG_EFORMAT, "%s: auths \"%.200s\" is not an object", name, key);
	strbuf_addf(&what, "auths \"%.200s\": ", key);
	if (member_string(name, what.buf, entry, "auth", &auth, err) != 0 ||
	    member_string(name, what.buf, entry, "username", &user, err) != 0 ||
	    member_string(name, what.buf, entry, "password", &pass, err) != 0 ||
	    member_string(name, what.buf, entry, "identitytoken", &token, err) != 0)
		goto out;
	if (auth && *auth) {
		if (decode_auth_field(name, key, auth, out, err) != 0)
			goto out;
	} else {
		set_field(&out->username, user);
		set_field(&out->password, pass);
	}
	set_field(&out->identity_token, token);
	rc = creds_empty(out) ? 0 : 1;
	if (rc == 1) {
		strbuf_addf(&src, "%s (auths)", name);
		out->source = strbuf_detach(&src, NULL);
	}
out:
	strbuf_release(&what);
	if (rc <= 0)
		registry_creds_free(out);
	return rc;
}

/* "auths": the key Docker writes for host first, then any other matching key. */
static int find_in_auths(const char *name, json_t *root, const char *host, struct registry_creds *out,
			 struct vg_err *err)
{
	json_t *auths = json_object_get(root, "auths"), *entry;
	const char *key;

	if (!auths || json_is_null(auths))
		return 0;
	if (!json_is_object(auths))
		return vg_err_set(err, VG_EFORMAT, "%s: \"auths\" is not an object", name);
	for (int pass = 0; pass < 2; pass++) {
		json_object_foreach(auths, key, entry) {
			bool exact = key_is_exact(key, host);
			int rc;

			if (pass == 0 ? !exact : exact || !docker_config_key_matches(key, host))
				continue;
			if ((rc = parse_auth_entry(name, key, entry, out, err)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The helper for host: credHelpers[host] (or a matching key), else
 * credsStore; *helper is NULL when neither names one. */
static int find_helper(const char *name, json_t *root, const char *host, const char **helper, struct vg_err *err)
{
	json_t *helpers = json_object_get(root, "credHelpers"), *v = NULL, *val;
	const char *key, *found_key = host;

	*helper = NULL;
	if (helpers && !json_is_null(helpers)) {
		if (!json_is_object(helpers))
			return vg_err_set(err, VG_EFORMAT, "%s: \"credHelpers\" is not an object", name);
		if (!(v = json_object_get(helpers, host))) {
			json_object_foreach(helpers, key, val) {
				if (docker_config_key_matches(key, host)) {
					v = val;
					found_key = key;
					break;
				}
			}
		}
		if (v && !json_is_string(v))
			return vg_err_set(err, VG_EFORMAT, "%s: credHelpers \"%.200s\" is not a string", name,
					  found_key);
		if (v && *json_string_value(v)) {
			*helper = json_string_value(v);
			return 0;
		}
	}
	return member_string(name, "", root, "credsStore", helper, err);
}

static int lookup_config(const char *name, json_t *root, const char *host, struct registry_creds *out,
			 struct vg_err *err)
{
	const char *helper;
	int rc;

	if (find_helper(name, root, host, &helper, err) != 0)
		return -1;
	if (helper && *helper) {
		rc = credential_helper_get(helper, helper_server_url(host), out, err);
		if (rc < 0)
			vg_err_prefix(err, "%s", name);
		if (rc != 0)
			return rc;
	}
	return find_in_auths(name, root, host, out, err);
}

int docker_config_parse(const char *name, const char *json, size_t len, const char *host,
			struct registry_creds *out, struct vg_err *err)
{
	json_error_t je;
	json_t *root;
	char *near;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!host || !*host)
		return vg_err_set(err, VG_EUSAGE, "%s: no registry host to look up", name);
	root = json_loadb(json, len, JSON_DECODE_ANY, &je);
	if (!root) {
		/* jansson quotes the offending input after " near": it may be part of a secret */
		if ((near = strstr(je.text, " near")))
			*near = '\0';
		return vg_err_set(err, VG_EFORMAT, "%s: invalid JSON at line %d column %d: %s", name, je.line,
				  je.column, je.text);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: not a JSON object", name);
	}
	rc = lookup_config(name, root, host, out, err);
	json_decref(root);
	if (rc <= 0)
		registry_creds_free(out);
	return rc;
}

int docker_config_lookup(const char *host, struct registry_creds *out, struct vg_err *err)
{
	const char *dir = getenv("DOCKER_CONFIG"), *home = getenv("HOME");
	struct strbuf path = STRBUF_INIT;
	struct vg_err rerr;
	char *data = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (dir && *dir)
		strbuf_addf(&path, "%s/config.json", dir);
	else if (home && *home)
		strbuf_addf(&path, "%s/.docker/config.json", home);
	else
		return 0;
	if (read_file_capped(path.buf, CONFIG_MAX, &data, &len, &rerr) != 0) {
		strbuf_release(&path);
		if (rerr.code == VG_ENOTFOUND)
			return 0;
		if (err)
			*err = rerr;
		return -1;
	}
	rc = docker_config_parse(path.buf, data, len, host, out, err);
	wipe_free(data, len);
	strbuf_release(&path);
	return rc;
}
