/* vfs.c - merging layers into one tree and resolving paths in it. */
#include "../core/strbuf.h"
#include "vfs.h"

#define VFS_MAX_SYMLINKS 40

static struct vnode *node_new(struct vfs *fs, struct vnode *parent, const char *name, enum vnode_type t)
{
	struct vnode *n = arena_alloc(&fs->arena, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->name = name;
	n->parent = parent;
	n->type = t;
	n->layer = -1;
	n->src_layer = -1;
	fs->n_nodes++;
	return n;
}

void vfs_init(struct vfs *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->root = node_new(fs, NULL, "", VN_DIR);
}

static void node_free_children(struct vnode *n)
{
	const char *k;
	void *v;

	if (n->type != VN_DIR)
		return;
	for (size_t it = 0; strmap_next(&n->children, &it, &k, &v);)
		node_free_children(v);
	strmap_free(&n->children);
}

void vfs_free(struct vfs *fs)
{
	if (fs->root)
		node_free_children(fs->root);
	arena_free(&fs->arena);
	memset(fs, 0, sizeof(*fs));
}

static struct vnode *child_of(struct vnode *dir, const char *name)
{
	return dir->type == VN_DIR ? strmap_get(&dir->children, name) : NULL;
}

/* Drop a node (and its subtree) from its parent. */
static void node_unlink(struct vnode *n)
{
	if (!n->parent)
		return;
	strmap_remove(&n->parent->children, n->name);
	node_free_children(n);
}

/* Turn n into an empty directory (if it is not one already). */
static void make_dir(struct vnode *n)
{
	if (n->type == VN_DIR)
		return;
	n->type = VN_DIR;
	n->link = NULL;
	n->data = NULL;
	n->older = NULL;
	memset(&n->children, 0, sizeof(n->children));
}

/* Walk to the parent directory of path, creating directories (and replacing
 * non-directories, as a layer that holds "a/b" holds the directory "a") on
 * the way. Returns the parent and sets *base to the last component. */
static struct vnode *ensure_parent(struct vfs *fs, const char *path, int layer, const char **base)
{
	struct vnode *cur = fs->root;
	const char *p = path;

	for (;;) {
		const char *slash = strchr(p, '/');
		struct vnode *next;
		char *name;

		if (!slash) {
			*base = p;
			return cur;
		}
		name = arena_strndup(&fs->arena, p, (size_t)(slash - p));
		next = child_of(cur, name);
		if (!next) {
			next = node_new(fs, cur, name, VN_DIR);
			next->layer = layer;
			strmap_put(&cur->children, next->name, next);
		} else if (next->type != VN_DIR) {
			make_dir(next);
			next->layer = layer;
		}
		cur = next;
		p = slash + 1;
	}
}

/* Find a node by its physical path (no symlink following). */
static struct vnode *lookup_physical(struct vfs *fs, const char *path)
{
	struct vnode *cur = fs->root;
	char buf[4096];
	const char *p = path;

	if (!*path)
		return fs->root;
	while (cur) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n >= sizeof(buf))
			return NULL;
		memcpy(buf, p, n);
		buf[n] = '\0';
		cur = child_of(cur, buf);
		if (!slash)
			return cur;
		p = slash + 1;
	}
	return NULL;
}

static void apply_removal(struct vfs *fs, const struct layer_entry *e)
{
	struct vnode *n = lookup_physical(fs, e->path);

	if (!n)
		return;
	if (e->type == ENT_WHITEOUT) {
		if (n != fs->root)
			node_unlink(n);
	} else if (n->type == VN_DIR) { /* opaque: hide what lower layers had inside */
		node_free_children(n);
		memset(&n->children, 0, sizeof(n->children));
	}
}

static void apply_entry(struct vfs *fs, int layer, const struct layer_entry *e)
{
	const char *base;
	struct vnode *parent, *n, *old;
	enum vnode_type t;

	if (!*e->path) /* the root directory itself */
		return;
	parent = ensure_parent(fs, e->path, layer, &base);
	old = child_of(parent, base);
	switch (e->type) {
	case ENT_DIR: t = VN_DIR; break;
	case ENT_SYMLINK: t = VN_SYMLINK; break;
	case ENT_FILE: case ENT_HARDLINK: t = VN_FILE; break;
	default: t = VN_OTHER; break;
	}
	if (old && old->type == VN_DIR && t == VN_DIR) {
		old->layer = layer; /* a directory entry over a directory merges */
		return;
	}
	if (e->type == ENT_HARDLINK) {
		struct vnode *target = lookup_physical(fs, e->link);
		if (!target || target->type != VN_FILE) {
			t = VN_OTHER; /* dangling hard link: nothing to read */
			target = NULL;
		}
		n = node_new(fs, parent, old ? old->name : arena_strdup(&fs->arena, base), t);
		if (target) {
			n->src_layer = target->src_layer;
			n->src_path = target->src_path;
			n->data = target->data;
			n->size = target->size;
			n->extractor = target->extractor;
		}
	} else {
		n = node_new(fs, parent, old ? old->name : arena_strdup(&fs->arena, base), t);
		if (t == VN_FILE) {
			n->src_layer = layer;
			n->src_path = e->path;
			n->data = e->kept ? e->data : NULL;
			n->size = e->size;
			n->extractor = e->kept ? e->extractor : 0;
		} else if (t == VN_SYMLINK) {
			n->link = e->link;
		}
	}
	n->layer = layer;
	if (old) {
		if (old->type == VN_FILE && n->type == VN_FILE)
			n->older = old;
		node_free_children(old);
	}
	strmap_put(&parent->children, n->name, n);
}

void vfs_apply_layer(struct vfs *fs, int index, const struct layer_result *r)
{
	/* whiteouts and opaque markers apply to lower layers only: do them first */
	for (size_t i = 0; i < r->n; i++)
		if (r->entries[i].type == ENT_WHITEOUT || r->entries[i].type == ENT_OPAQUE)
			apply_removal(fs, &r->entries[i]);
	for (size_t i = 0; i < r->n; i++)
		if (r->entries[i].type != ENT_WHITEOUT && r->entries[i].type != ENT_OPAQUE)
			apply_entry(fs, index, &r->entries[i]);
}

void vfs_node_path(const struct vnode *n, struct strbuf *buf)
{
	const struct vnode *chain[512];
	int depth = 0;

	strbuf_reset(buf);
	for (; n && n->parent && depth < 512; n = n->parent)
		chain[depth++] = n;
	while (depth-- > 0) {
		strbuf_addstr(buf, chain[depth]->name);
		if (depth)
			strbuf_addch(buf, '/');
	}
}

struct vnode *vfs_lookup(struct vfs *fs, const char *path, bool follow_last, bool *loop)
{
	struct strbuf rest = STRBUF_INIT, tmp = STRBUF_INIT;
	struct vnode *cur = fs->root, *result = NULL;
	int links = 0;
	size_t pos = 0;

	if (loop)
		*loop = false;
	strbuf_addstr(&rest, path);
	while (pos <= rest.len) {
		const char *p = rest.buf + pos;
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		bool last = !slash || !slash[1];
		struct vnode *next;
		char name[256];

		pos += n + 1;
		if (n == 0 || (n == 1 && p[0] == '.')) {
			if (!slash)
				break;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (cur->parent)
				cur = cur->parent;
			if (!slash)
				break;
			continue;
		}
		if (n >= sizeof(name) || cur->type != VN_DIR)
			goto out;
		memcpy(name, p, n);
		name[n] = '\0';
		next = strmap_get(&cur->children, name);
		if (!next)
			goto out;
		if (next->type == VN_SYMLINK && (!last || follow_last)) {
			if (++links > VFS_MAX_SYMLINKS) {
				if (loop)
					*loop = true;
				goto out;
			}
			/* replace the consumed component by the link target */
			strbuf_reset(&tmp);
			strbuf_addstr(&tmp, next->link);
			if (slash) {
				strbuf_addch(&tmp, '/');
				strbuf_addstr(&tmp, slash + 1);
			}
			strbuf_reset(&rest);
			strbuf_add(&rest, tmp.buf, tmp.len);
			pos = 0;
			if (next->link[0] == '/')
				cur = fs->root;
			continue;
		}
		cur = next;
		if (!slash)
			break;
	}
	result = cur;
out:
	strbuf_release(&rest);
	strbuf_release(&tmp);
	return result;
}

static void walk_node(struct vnode *n, void (*fn)(struct vnode *, void *), void *ctx, int depth)
{
	const char *k;
	void *v;

	fn(n, ctx);
	if (n->type != VN_DIR || depth > 512)
		return;
	for (size_t it = 0; strmap_next(&n->children, &it, &k, &v);)
		walk_node(v, fn, ctx, depth + 1);
}

void vfs_walk(struct vfs *fs, void (*fn)(struct vnode *n, void *ctx), void *ctx)
{
	walk_node(fs->root, fn, ctx, 0);
}
