/* rootfs.h - read an unpacked root filesystem directory as if it were one
 * layer. Symlinks are recorded, never followed on the host; files are opened
 * with O_NOFOLLOW. The result is owned by the caller (layer_result_free). */
#ifndef VG_ROOTFS_H
#define VG_ROOTFS_H

#include "../layer/walk.h"

int rootfs_dir_walk(const char *dir, const struct walk_options *o, struct layer_result *out, struct vg_err *err);

#endif
