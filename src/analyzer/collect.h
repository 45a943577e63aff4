/* collect.h - the inventory stage of the pipeline: walk an image's layers
 * (in parallel), merge them, fetch any package file the first pass did not
 * keep (files reached through symlinks or hard links), run the analyzers and
 * attribute each package to the layer that last changed it. */
#ifndef VG_COLLECT_H
#define VG_COLLECT_H

#include "../image/image.h"
#include "../pkg/package.h"

struct collect_options {
	int threads;           /* 0 = number of online CPUs */
	bool no_os;            /* skip OS package databases (dpkg, apk, rpm) */
	bool no_lang;          /* skip language packages (npm, PyPI, Go, Java, ...) */
};

/* Parse a --pkg-types list ("os", "library" (or "lang"), comma-separated)
 * into opt. Returns -1 on an unknown word. */
int collect_parse_pkg_types(const char *list, struct collect_options *opt);

struct collect_stats {
	uint64_t bytes_in, bytes_out;   /* stored and uncompressed layer bytes */
	uint64_t kept_bytes;
	size_t entries;
	int refetched_layers;
};

/* Fill inv (initialised by the caller) from img. On error inv may hold a
 * partial result; the caller frees it either way. */
int collect_inventory(struct image *img, const struct collect_options *opt, struct inventory *inv,
		      struct collect_stats *stats, struct vg_err *err);

#endif
