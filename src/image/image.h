/* image.h - an image, whatever it was read from: its config facts and an
 * ordered list of layers (bottom first), each openable as a byte stream with
 * the digests it must match. Everything downstream sees only this.
 * image_open returns an image the caller frees with image_close; all strings
 * in it live in the image's arena. */
#ifndef VG_IMAGE_H
#define VG_IMAGE_H

#include "../report/report.h"
#include "store.h"
#include "../registry/client.h"

enum layer_compression { COMP_DETECT, COMP_NONE, COMP_GZIP, COMP_ZSTD };

struct layer_desc {
	const char *member;      /* name in the store ("blobs/sha256/<hex>", "<id>/layer.tar") */
	const char *digest;      /* expected sha256 of the stored (compressed) bytes, or NULL */
	const char *diff_id;     /* expected sha256 of the uncompressed tar, or NULL */
	const char *media_type;  /* or NULL */
	enum layer_compression compression;
	int64_t size;            /* from the manifest, -1 if unknown */
};

enum image_transport {
	TRANSPORT_OCI,
	TRANSPORT_OCI_ARCHIVE,
	TRANSPORT_DOCKER_ARCHIVE,
	TRANSPORT_DIR,
	TRANSPORT_ROOTFS_TAR,
	TRANSPORT_REGISTRY,
};

struct image {
	enum image_transport transport;
	struct image_info info;   /* for reporters */
	const char *where;        /* for messages: the path, or "registry/repository" */
	struct store *store;      /* NULL for TRANSPORT_DIR and TRANSPORT_REGISTRY */
	struct registry_client *registry; /* TRANSPORT_REGISTRY */
	const char *rootfs_dir;   /* TRANSPORT_DIR: the directory */
	const char *rootfs_file;  /* TRANSPORT_ROOTFS_TAR: the tarball */
	struct layer_desc *layers;
	size_t n_layers;
	struct arena arena;
};

struct image_options {
	const char *platform;     /* "os/arch[/variant]"; NULL = linux/amd64 */
	const struct registry_options *registry; /* for registry references; NULL = defaults */
};

/* Open IMAGE as given on the command line ("oci:DIR:TAG", "docker-archive:FILE",
 * "registry:HOST/REPO:TAG", a plain path, or a reference that is not a path). */
int image_open(const char *ref, const struct image_options *opt, struct image **out, struct vg_err *err);
void image_close(struct image *img);
/* Open layer i as a stream of its stored (possibly compressed) bytes. */
int image_open_layer(struct image *img, size_t i, struct stream **out, struct vg_err *err);
/* Stored size of layer i (manifest size, else the file/member size), or -1. */
int64_t image_layer_size(struct image *img, size_t i);
const char *image_transport_name(enum image_transport t);

#endif
