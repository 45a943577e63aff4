/* report.h - reporters turn a finished inventory into bytes. They decide
 * nothing: ordering, filtering and detection happen before. Each writes into
 * a caller-owned strbuf, so --output is written only after success. */
#ifndef VG_REPORT_H
#define VG_REPORT_H

#include "../core/error.h"
#include "../core/strbuf.h"
#include "../pkg/package.h"

/* What is known about the scanned image; strings are owned by whoever built
 * it (the image source) and outlive the report call. */
struct image_info {
	const char *input;           /* what the user passed, e.g. "oci:dir:tag" */
	const char *transport;       /* "oci", "oci-archive", "docker-archive", "dir", "rootfs-tar" */
	const char *name;            /* tag / repo:tag if known, else the input path */
	const char *manifest_digest; /* "sha256:..." or NULL (rootfs inputs) */
	const char *config_digest;   /* "sha256:..." or NULL */
	const char *os;              /* from the config: "linux" */
	const char *architecture;    /* "amd64" */
	const char *variant;         /* "v8" or NULL */
	const char *created;         /* config "created" or NULL */
	const char *const *repo_tags;
	size_t n_repo_tags;
	const char *const *diff_ids; /* one per layer, bottom first */
	size_t n_layers;
};

struct sbom {
	struct image_info image;
	struct inventory *inv;       /* sorted */
	const char *tool_version;    /* VIGIL_VERSION */
	/* Document time as seconds since the epoch: SOURCE_DATE_EPOCH when set,
	 * else the current time. Reporters derive serial numbers and namespaces
	 * from it and the image so that output is reproducible. */
	long long timestamp;
};

int report_json(const struct sbom *s, struct strbuf *out, struct vg_err *err);
int report_table(const struct sbom *s, struct strbuf *out, struct vg_err *err);
int report_cyclonedx(const struct sbom *s, struct strbuf *out, struct vg_err *err);
int report_spdx(const struct sbom *s, struct strbuf *out, struct vg_err *err);

/* Package URL (purl spec) for p, allocated in a. e.g.
 * pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12
 * pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3
 * pkg:rpm/almalinux/bash@5.1.8-6.el9?arch=x86_64&epoch=1&distro=almalinux-9 */
char *purl_for_package(const struct package *p, const struct os_info *os, struct arena *a);

#endif
