/* scan_common.c - small pieces every scan reporter uses. */
#include "scan_report.h"

void scan_report_count(const struct scan_report *r, size_t counts[6])
{
	memset(counts, 0, 6 * sizeof(counts[0]));
	for (size_t i = 0; i < r->shown.n; i++) {
		const struct finding *f = r->shown.v[i];
		counts[f->severity]++;
	}
}

const char *scan_advisory_source(const char *id, struct arena *a, const char **publisher)
{
	const char *name, *url;

	if (strncmp(id, "CVE-", 4) == 0) {
		name = "NVD";
		url = arena_printf(a, "https://nvd.nist.gov/vuln/detail/%s", id);
	} else if (strncmp(id, "DSA-", 4) == 0 || strncmp(id, "DLA-", 4) == 0 || strncmp(id, "TEMP-", 5) == 0) {
		name = "Debian Security Tracker";
		url = arena_printf(a, "https://security-tracker.debian.org/tracker/%s", id);
	} else {
		name = "OSV";
		url = arena_printf(a, "https://osv.dev/vulnerability/%s", id);
	}
	if (publisher)
		*publisher = name;
	return url;
}
