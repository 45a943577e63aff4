/* registry.c - the feed readers `vigil db build` tries, most specific first. */
#include "feed.h"

const struct feed *const vg_feeds[] = {
	&feed_wolfi_advisories,
	&feed_alpine_secdb,
	&feed_debian_tracker,
	&feed_debian_dsa,
	&feed_kev,
	&feed_nvd,
	&feed_osv,
	NULL,
};

const struct feed *feed_detect(const char *path, const char *head, size_t n)
{
	for (const struct feed *const *f = vg_feeds; *f; f++)
		if ((*f)->detect(path, head, n))
			return *f;
	return NULL;
}
