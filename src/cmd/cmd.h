/* cmd.h - the subcommands behind the one dispatcher in main.c, and the exit
 * codes every command uses (documented in README.md and vigil(1)). */
#ifndef VG_CMD_H
#define VG_CMD_H

#include "../core/error.h"

enum vg_exit {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1, /* reserved for scan --exit-code */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_ERROR = 3,    /* the input could not be read or is malformed, or output failed */
};

int cmd_sbom(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_scan(int argc, char **argv);

/* Print "vigil: <msg>" and return the exit code for err. */
int report_error(const struct vg_err *err);
long long document_timestamp(void);

#endif
