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
