/* error.c - formatting of struct vg_err. */
#include <stdarg.h>

#include "error.h"

int vg_err_set(struct vg_err *err, enum vg_errcode code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void vg_err_prefix(struct vg_err *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
}

const char *vg_errcode_name(enum vg_errcode code)
{
	switch (code) {
	case VG_OK: return "ok";
	case VG_EUSAGE: return "usage";
	case VG_EIO: return "io";
	case VG_EFORMAT: return "format";
	case VG_EDIGEST: return "digest";
	case VG_ELIMIT: return "limit";
	case VG_ENOTFOUND: return "not-found";
	case VG_EUNSUPPORTED: return "unsupported";
	case VG_EINTERNAL: return "internal";
	}
	return "unknown";
}
