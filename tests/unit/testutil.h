/* testutil.h - shared bits for cmocka unit tests: where ../shared is, and a
 * skip helper for tests that need it. */
#ifndef VG_TESTUTIL_H
#define VG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline const char *test_shared_dir(void)
{
	const char *s = getenv("VIGIL_SHARED");
	return s && *s ? s : "../shared";
}

/* Build "<shared>/<rel>" into buf; returns buf, or NULL when ../shared is absent. */
static inline const char *test_shared_path(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", test_shared_dir(), rel);
	return access(test_shared_dir(), F_OK) == 0 ? buf : NULL;
}

#define SKIP_WITHOUT_SHARED(buf, rel)                                           \
	do {                                                                    \
		if (!test_shared_path(buf, sizeof(buf), rel)) {                  \
			fprintf(stderr, "# skip: %s absent\n", test_shared_dir()); \
			skip();                                                 \
		}                                                               \
	} while (0)

#endif
