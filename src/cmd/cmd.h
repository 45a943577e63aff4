/* cmd.h - the subcommands behind the one dispatcher in main.c, and the exit
 * codes every command uses (documented in README.md and vigil(1)). */
#ifndef VG_CMD_H
#define VG_CMD_H

#include "../core/error.h"
#include "../core/vec.h"
#include "../registry/client.h"

enum vg_exit {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1, /* reserved for scan --exit-code */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_ERROR = 3,    /* the input could not be read or is malformed, or output failed */
};

int cmd_sbom(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_cache(int argc, char **argv);

/* Registry flags shared by the commands that read images. */
struct registry_cli {
	struct registry_options opt;
	struct ptrvec insecure;  /* const char * (argv strings) */
	bool password_stdin;
	char *password;          /* owned; wiped on release */
};
enum {
	OPT_USERNAME = 1000,
	OPT_PASSWORD_STDIN,
	OPT_CA_FILE,
	OPT_INSECURE_REGISTRY,
};
#define REGISTRY_LONGOPTS \
	{ "username", required_argument, NULL, OPT_USERNAME }, \
	{ "password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN }, \
	{ "ca-file", required_argument, NULL, OPT_CA_FILE }, \
	{ "insecure-registry", required_argument, NULL, OPT_INSECURE_REGISTRY }
extern const char registry_cli_usage[];
void registry_cli_init(struct registry_cli *r);
/* Take option c (from getopt_long) if it is a registry flag. */
bool registry_cli_option(struct registry_cli *r, int c, const char *arg);
/* Read the password from stdin or the environment and fill r->opt. */
int registry_cli_finish(struct registry_cli *r, bool quiet, struct vg_err *err);
void registry_cli_release(struct registry_cli *r);

/* Print "vigil: <msg>" and return the exit code for err. */
int report_error(const struct vg_err *err);
long long document_timestamp(void);

#endif
