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
	char prefix[512];
	size_t pl, ml, room;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	pl = strlen(prefix);
	ml = strlen(err->msg);
	room = sizeof(err->msg) - 1 - pl - 2; /* pl < 512, so room > 0 */
	if (ml > room)
		ml = room;
	memmove(err->msg + pl + 2, err->msg, ml);
	memcpy(err->msg, prefix, pl);
	memcpy(err->msg + pl, ": ", 2);
	err->msg[pl + 2 + ml] = '\0';
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
