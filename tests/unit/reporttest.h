/* reporttest.h - shared by the reporter tests: parse a reporter's JSON output
 * (which must end with "}\n") or fail the test. The caller json_decref()s. */
#ifndef VG_REPORTTEST_H
#define VG_REPORTTEST_H

#include <jansson.h>

#include "testutil.h"

static inline json_t *parse_report_json(const char *text)
{
	json_error_t je;
	json_t *root = json_loads(text, 0, &je);
	size_t n = strlen(text);

	if (!root)
		fail_msg("output is not JSON: line %d: %s", je.line, je.text);
	assert_true(n >= 2 && strcmp(text + n - 2, "}\n") == 0);
	return root;
}

#endif
