/* common.c - helpers shared by the commands: error printing, timestamps. */
#include <errno.h>
#include <time.h>

#include "../core/strbuf.h"
#include "cmd.h"

int report_error(const struct vg_err *err)
{
	fprintf(stderr, "vigil: %s\n", err->msg[0] ? err->msg : "unknown error");
	return err->code == VG_EUSAGE ? EXIT_USAGE : EXIT_ERROR;
}

long long document_timestamp(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");

	if (s && *s) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(s, &end, 10);
		if (!errno && !*end && v >= 0)
			return v;
	}
	return (long long)time(NULL);
}

/* ---- registry flags ---- */

const char registry_cli_usage[] =
	"registry options (IMAGE = registry:HOST/REPO[:TAG][@DIGEST], or a reference that is not a path):\n"
	"  --username USER             log in as USER (password from --password-stdin or\n"
	"                              VIGIL_REGISTRY_PASSWORD; also VIGIL_REGISTRY_USERNAME;\n"
	"                              else ~/.docker/config.json)\n"
	"  --password-stdin            read the password from standard input\n"
	"  --ca-file FILE              also trust the CA certificates in FILE (PEM)\n"
	"  --insecure-registry HOST    allow plain HTTP and unverified TLS for HOST[:PORT]\n";

void registry_cli_init(struct registry_cli *r)
{
	memset(r, 0, sizeof(*r));
}

bool registry_cli_option(struct registry_cli *r, int c, const char *arg)
{
	switch (c) {
	case OPT_USERNAME: r->opt.username = arg; return true;
	case OPT_PASSWORD_STDIN: r->password_stdin = true; return true;
	case OPT_CA_FILE: r->opt.ca_file = arg; return true;
	case OPT_INSECURE_REGISTRY: ptrvec_push(&r->insecure, (void *)arg); return true;
	default: return false;
	}
}

static int read_password(struct registry_cli *r, struct vg_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[256];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		strbuf_add(&sb, buf, n);
		if (sb.len > 8192) {
			explicit_bzero(sb.buf, sb.len);
			strbuf_release(&sb);
			return vg_err_set(err, VG_EUSAGE, "--password-stdin: the password is longer than 8 KiB");
		}
	}
	explicit_bzero(buf, sizeof(buf));
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
		sb.buf[--sb.len] = 0;
	if (!sb.len) {
		strbuf_release(&sb);
		return vg_err_set(err, VG_EUSAGE, "--password-stdin: no password on standard input");
	}
	r->password = strbuf_detach(&sb, NULL);
	return 0;
}

int registry_cli_finish(struct registry_cli *r, bool quiet, struct vg_err *err)
{
	const char *env_user = getenv("VIGIL_REGISTRY_USERNAME"), *env_pass = getenv("VIGIL_REGISTRY_PASSWORD");

	if (r->password_stdin) {
		if (!r->opt.username && !(env_user && *env_user))
			return vg_err_set(err, VG_EUSAGE, "--password-stdin needs --username");
		if (read_password(r, err) != 0)
			return -1;
	} else if (env_pass && *env_pass) {
		r->password = xstrdup(env_pass);
	}
	if (!r->opt.username && env_user && *env_user)
		r->opt.username = env_user;
	if (r->opt.username && !r->password)
		return vg_err_set(err, VG_EUSAGE, "--username %s: no password (use --password-stdin or "
				  "VIGIL_REGISTRY_PASSWORD)", r->opt.username);
	r->opt.password = r->password;
	r->opt.insecure_hosts = (const char *const *)r->insecure.v;
	r->opt.n_insecure = r->insecure.n;
	r->opt.progress = !quiet;
	return 0;
}

void registry_cli_release(struct registry_cli *r)
{
	if (r->password) {
		explicit_bzero(r->password, strlen(r->password));
		free(r->password);
	}
	ptrvec_free(&r->insecure, NULL);
	memset(r, 0, sizeof(*r));
}
