/* fileio.h - whole-file reads with a size cap, and safe output writing. */
#ifndef VG_FILEIO_H
#define VG_FILEIO_H

#include "error.h"

/* Read path into a new NUL-terminated buffer (caller frees). Fails with
 * VG_ELIMIT if the file is larger than max bytes. */
int read_file_capped(const char *path, size_t max, char **out, size_t *len, struct vg_err *err);
/* Write data to path (or stdout when path is NULL or "-"). */
int write_output(const char *path, const char *data, size_t len, struct vg_err *err);

#endif
