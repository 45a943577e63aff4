/* reference.h - image references in Docker's grammar
 * (host[:port]/path[:tag][@sha256:hex]) with Docker Hub normalisation:
 * "alpine" is docker.io/library/alpine:latest. A parsed reference owns its
 * strings; image_ref_free releases them. */
#ifndef VG_REFERENCE_H
#define VG_REFERENCE_H

#include "../core/error.h"

struct image_ref {
	char *registry;    /* "docker.io", "localhost:5000", "127.0.0.1:5000" */
	char *repository;  /* "library/alpine", "team/app" */
	char *tag;         /* "latest" when neither tag nor digest was given; NULL with a digest only */
	char *digest;      /* "sha256:<64 hex>" or NULL */
};

int image_ref_parse(const char *s, struct image_ref *out, struct vg_err *err);
void image_ref_free(struct image_ref *r);
/* "registry/repository[:tag][@digest]" (malloc'd). */
char *image_ref_string(const struct image_ref *r);

#endif
