/* error.h - the one error type passed up the stack.
 * Functions that can fail take a `struct vg_err *` and return -1 (or NULL)
 * after filling it; only main prints it, as "vigil: <msg>". */
#ifndef VG_ERROR_H
#define VG_ERROR_H

#include "common.h"

enum vg_errcode {
	VG_OK = 0,
	VG_EUSAGE,       /* bad command line */
	VG_EIO,          /* cannot open/read/write a file */
	VG_EFORMAT,      /* malformed input (JSON, tar, package DB ...) */
	VG_EDIGEST,      /* content does not match its digest */
	VG_ELIMIT,       /* a size, count or depth limit was hit */
	VG_ENOTFOUND,    /* tag, platform, blob or file not present */
	VG_EUNSUPPORTED, /* understood but not supported (media type, rpmdb format) */
	VG_EINTERNAL,
};

struct vg_err {
	enum vg_errcode code;
	char msg[1024];
};

/* Fill err (if non-NULL) and return -1. */
int vg_err_set(struct vg_err *err, enum vg_errcode code, const char *fmt, ...) VG_PRINTF(3, 4);
/* Prefix an existing message with "<prefix>: ". */
void vg_err_prefix(struct vg_err *err, const char *fmt, ...) VG_PRINTF(2, 3);
const char *vg_errcode_name(enum vg_errcode code);

#endif
