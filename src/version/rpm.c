/* rpm.c - RPM version ordering through librpm: rpmverParse/rpmverCmp for a
 * full [epoch:]version[-release], rpmvercmp for one version or release. Only
 * strings up to RPM_VERSION_MAX reach librpm (it copies them onto the stack). */
#include <rpm/rpmver.h>

#include "vchar.h"
#include "version.h"

static bool fits_librpm(const char *s)
{
	return strnlen(s, RPM_VERSION_MAX + 1) <= RPM_VERSION_MAX;
}

/* Strings librpm is not given sort before all others, by bytes among
 * themselves; returns 2 when both are for librpm. */
static int compare_outside_librpm(const char *a, bool a_ok, const char *b, bool b_ok)
{
	if (a_ok && b_ok)
		return 2;
	if (a_ok != b_ok)
		return a_ok ? 1 : -1;
	return vc_sign(strcmp(a, b));
}

int rpm_part_compare(const char *a, const char *b)
{
	int r;

	a = a ? a : "";
	b = b ? b : "";
	r = compare_outside_librpm(a, fits_librpm(a), b, fits_librpm(b));
	return r != 2 ? r : vc_sign(rpmvercmp(a, b));
}

/* rpmverParse refuses only the empty string; the length cap is ours. */
static bool is_rpm_evr(const char *s)
{
	return *s && fits_librpm(s);
}

int rpm_version_compare(const char *a, const char *b)
{
	rpmver va, vb;
	int r;

	a = a ? a : "";
	b = b ? b : "";
	r = compare_outside_librpm(a, is_rpm_evr(a), b, is_rpm_evr(b));
	if (r != 2)
		return r;
	va = rpmverParse(a);
	vb = rpmverParse(b);
	if (va && vb)
		r = vc_sign(rpmverCmp(va, vb));
	else /* not reached: both are non-empty */
		r = (va != NULL) - (vb != NULL);
	rpmverFree(va);
	rpmverFree(vb);
	return r;
}
