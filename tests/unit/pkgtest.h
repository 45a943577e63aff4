/* pkgtest.h - shared bits of the package analyzer tests (test_apk.c,
 * test_dpkg.c): finding and describing a parsed package, looking through the
 * inventory's warnings, and comparing vigil's packages with another tool's. */
#ifndef VG_PKGTEST_H
#define VG_PKGTEST_H

#include "testutil.h"

#include <stdbool.h>

#include "analyzer/analyzer.h"
#include "core/strbuf.h"

static inline const struct package *find_package(const struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		if (strcmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

/* "name|version|arch|source (apk: origin)|source_version", caller frees. */
static inline char *describe_package(const struct package *p)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s|%s|%s|%s|%s", p->name, p->version, p->arch ? p->arch : "",
		    p->source_name, p->source_version);
	return strbuf_detach(&sb, NULL);
}

/* The package called name must be there and describe as expected. */
static inline void assert_package(const struct inventory *inv, const char *name, const char *expected)
{
	const struct package *p = find_package(inv, name);
	char *got;

	if (!p)
		fail_msg("package %s not found", name);
	got = describe_package(p);
	assert_string_equal(got, expected);
	free(got);
}

static inline bool any_warning_contains(const struct inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->warnings.n; i++)
		if (strstr(inv->warnings.v[i], needle))
			return true;
	return false;
}

/* strcmp for ptrvec_sort of strings. */
static inline int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort both lists of lines and require them equal, reporting the first
 * difference; what names the file, tool the source of want ("awk"). */
static inline void assert_same_lines(const char *what, const char *tool, struct ptrvec *got, struct ptrvec *want)
{
	ptrvec_sort(got, cmp_str);
	ptrvec_sort(want, cmp_str);
	for (size_t i = 0; i < got->n && i < want->n; i++)
		if (strcmp(got->v[i], want->v[i]) != 0)
			fail_msg("%s: entry %zu: vigil '%s', %s '%s'", what, i, (char *)got->v[i], tool,
				 (char *)want->v[i]);
	if (got->n != want->n)
		fail_msg("%s: vigil found %zu packages, %s %zu", what, got->n, tool, want->n);
}

#endif
