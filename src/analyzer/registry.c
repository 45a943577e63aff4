/* registry.c - the list of package analyzers run on every image. */
#include "analyzer.h"

const struct analyzer *const vg_analyzers[] = {
	&analyzer_dpkg,
	&analyzer_apk,
	&analyzer_rpm,
	NULL,
};
