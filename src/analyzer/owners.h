/* owners.h - mark language packages whose file belongs to an OS package
 * (see owners.c). */
#ifndef VG_OWNERS_H
#define VG_OWNERS_H

#include "../layer/vfs.h"
#include "../pkg/package.h"

/* The OS package file lists owners_mark reads (kept by the layer walk). */
bool owners_wants(const char *path);
/* Set os_owner on every language package whose found_in an OS package lists.
 * Returns how many were marked. */
size_t owners_mark(struct vfs *fs, struct inventory *inv);

#endif
