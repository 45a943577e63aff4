/* eol.c - end of (security) support of distribution releases, to warn when
 * an image's OS gets no more fixes. Dates are the end of the distribution's
 * own security support (Debian: LTS end; Ubuntu: standard support end). */
#include <time.h>

#include "match.h"

struct eol_entry {
	const char *id;
	const char *release;  /* namespace release part: "11", "3.12", "20.04" */
	const char *date;     /* YYYY-MM-DD */
};

static const struct eol_entry eol_table[] = {
	{ "debian", "7", "2018-05-31" }, { "debian", "8", "2020-06-30" }, { "debian", "9", "2022-06-30" },
	{ "debian", "10", "2024-06-30" }, { "debian", "11", "2026-08-31" }, { "debian", "12", "2028-06-30" },
	{ "debian", "13", "2030-06-30" },
	{ "ubuntu", "14.04", "2019-04-30" }, { "ubuntu", "16.04", "2021-04-30" }, { "ubuntu", "18.04", "2023-05-31" },
	{ "ubuntu", "20.04", "2025-05-31" }, { "ubuntu", "22.04", "2027-06-01" }, { "ubuntu", "24.04", "2029-05-31" },
	{ "alpine", "3.3", "2017-05-01" }, { "alpine", "3.4", "2018-05-01" }, { "alpine", "3.5", "2018-11-01" },
	{ "alpine", "3.6", "2019-05-01" }, { "alpine", "3.7", "2019-11-01" }, { "alpine", "3.8", "2020-05-01" },
	{ "alpine", "3.9", "2020-11-01" }, { "alpine", "3.10", "2021-05-01" }, { "alpine", "3.11", "2021-11-01" },
	{ "alpine", "3.12", "2022-05-01" }, { "alpine", "3.13", "2022-11-01" }, { "alpine", "3.14", "2023-05-01" },
	{ "alpine", "3.15", "2023-11-01" }, { "alpine", "3.16", "2024-05-23" }, { "alpine", "3.17", "2024-11-22" },
	{ "alpine", "3.18", "2025-05-09" }, { "alpine", "3.19", "2025-11-01" }, { "alpine", "3.20", "2026-04-01" },
	{ "alpine", "3.21", "2026-11-01" }, { "alpine", "3.22", "2027-05-01" },
	{ "almalinux", "8", "2029-03-01" }, { "almalinux", "9", "2032-05-31" },
	{ "rocky", "8", "2029-05-31" }, { "rocky", "9", "2032-05-31" },
	{ "centos", "7", "2024-06-30" }, { "centos", "8", "2021-12-31" },
};

const char *namespace_eol_date(const char *ns, long long now)
{
	const char *colon = ns ? strchr(ns, ':') : NULL;
	char today[11];
	time_t t = (time_t)now;
	struct tm tm;

	if (!colon)
		return NULL;
	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	for (size_t i = 0; i < VG_ARRAY_LEN(eol_table); i++) {
		const struct eol_entry *e = &eol_table[i];
		if (strlen(e->id) == (size_t)(colon - ns) && strncmp(ns, e->id, (size_t)(colon - ns)) == 0 &&
		    strcmp(colon + 1, e->release) == 0)
			return strcmp(today, e->date) > 0 ? e->date : NULL;
	}
	return NULL;
}
