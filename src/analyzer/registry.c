/* registry.c - the list of package analyzers run on every image. */
#include "analyzer.h"

const struct analyzer *const vg_analyzers[] = {
	&analyzer_dpkg,
	&analyzer_apk,
	&analyzer_rpm,
	&analyzer_npm,
	&analyzer_python,
	&analyzer_gemspec,
	&analyzer_composer,
	&analyzer_gobinary,
	&analyzer_jar,
	NULL,
};
