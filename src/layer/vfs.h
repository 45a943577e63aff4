/* vfs.h - the merged view of an image's layers: a tree of every path, with
 * content for the kept files. Layers are applied bottom first as the OCI
 * image spec says (whiteouts, opaque directories, replacement); symlinks are
 * resolved inside the image only, never on the host. The vfs borrows file
 * contents from the layer_results it was built from: keep those alive. */
#ifndef VG_VFS_H
#define VG_VFS_H

#include "../core/strbuf.h"
#include "../core/strmap.h"
#include "walk.h"

enum vnode_type { VN_DIR, VN_FILE, VN_SYMLINK, VN_OTHER };

struct vnode {
	const char *name;         /* last component ("" for the root) */
	struct vnode *parent;
	enum vnode_type type;
	int layer;                /* layer that last wrote this path */
	const char *link;         /* VN_SYMLINK: target */
	/* VN_FILE: where the bytes are: layer src_layer, path src_path in that layer
	 * (differs from the node's own path for hard links) */
	int src_layer;
	const char *src_path;
	const char *data;         /* content if kept, else NULL */
	uint64_t size;
	uint8_t extractor;        /* data is a content extractor's summary (see walk.h), or 0 */
	struct vnode *older;      /* the VN_FILE this one replaced at the same path, if any */
	struct strmap children;   /* VN_DIR: name -> struct vnode * */
};

struct vfs {
	struct vnode *root;
	struct arena arena;
	size_t n_nodes;
};

void vfs_init(struct vfs *fs);
void vfs_free(struct vfs *fs);
/* Apply one layer's entries (index = layer number, bottom = 0). */
void vfs_apply_layer(struct vfs *fs, int index, const struct layer_result *r);

/* Find path, following symlinks in every component (the final one too when
 * follow_last). Returns NULL when absent; sets *loop when a symlink loop or
 * too many links were met. */
struct vnode *vfs_lookup(struct vfs *fs, const char *path, bool follow_last, bool *loop);
/* Write the node's path (relative, no leading "/") into buf. */
void vfs_node_path(const struct vnode *n, struct strbuf *buf);
/* Call fn for every node in depth-first order (no symlink following). */
void vfs_walk(struct vfs *fs, void (*fn)(struct vnode *n, void *ctx), void *ctx);

#endif
