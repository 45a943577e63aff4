/* common.c - helpers shared by the commands: error printing, timestamps. */
#include <errno.h>
#include <time.h>

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
