/* progress.h - per-layer download progress on a terminal (stderr): one
 * line per blob being fetched, with bytes done, total and rate, redrawn at
 * most ten times a second. A NULL progress does nothing, so callers need no
 * checks. Thread-safe. */
#ifndef VG_REG_PROGRESS_H
#define VG_REG_PROGRESS_H

#include <stdint.h>

#include "../core/common.h"

struct progress;

/* NULL unless enabled and stderr is a terminal. */
struct progress *progress_new(bool enabled);
/* Start a line for one download; returns its id (or -1). */
int progress_add(struct progress *p, const char *label, int64_t total);
void progress_set(struct progress *p, int id, uint64_t done);
void progress_finish(struct progress *p, int id, bool ok);
/* Erase the progress lines and free. */
void progress_free(struct progress *p);

#endif
