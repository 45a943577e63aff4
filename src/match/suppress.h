/* suppress.h - findings the user has decided not to see: entries of a
 * .vigilignore file (docs/ignorefile.md) and OpenVEX 0.2.0 statements with
 * status not_affected or fixed. Loaded once, then asked about each finding. */
#ifndef VG_SUPPRESS_H
#define VG_SUPPRESS_H

#include "../core/arena.h"
#include "../core/error.h"
#include "../core/vec.h"
#include "../report/report.h"
#include "match.h"

/* The reasons suppressor_match returns (static strings, usable as
 * struct suppression.reason). */
#define SUPPRESS_IGNOREFILE ".vigilignore"
#define SUPPRESS_VEX_NOT_AFFECTED "VEX not_affected"
#define SUPPRESS_VEX_FIXED "VEX fixed"

struct suppressor {
	struct arena arena;             /* every rule and string below */
	struct ptrvec ignores;          /* internal: active .vigilignore entries */
	struct ptrvec statements;       /* internal: VEX statements, in load order */
	struct ptrvec warnings;         /* char *: e.g. expired entries; the caller prints them */
	const struct image_info *image; /* for VEX products naming the image; NULL: any image */
	size_t seq;                     /* load order, breaks timestamp ties (later wins) */
};

void suppressor_init(struct suppressor *s);
void suppressor_free(struct suppressor *s);

/* VEX products that are the image itself (pkg:oci/..., pkg:docker/...) are
 * compared with im: by digest (manifest or config) when the purl has a
 * version, else by repository name. im must outlive s. Without it, such a
 * product matches whatever image is scanned. */
void suppressor_set_image(struct suppressor *s, const struct image_info *im);

/* Add the entries of a .vigilignore file. now (seconds since the epoch, the
 * document timestamp) decides which exp: dates have passed: those entries
 * are dropped, with a warning. Returns -1 with err (VG_ENOTFOUND / VG_EIO
 * / VG_ELIMIT from reading it, VG_EFORMAT "PATH:LINE: ..." for a malformed line); nothing from the file
 * is added then. */
int suppressor_load_ignorefile(struct suppressor *s, const char *path, long long now, struct vg_err *err);

/* Add the statements of an OpenVEX JSON document. Returns -1 with err
 * (as for reading an ignore file, or VG_EFORMAT "PATH: ..." for anything that is not a valid OpenVEX
 * 0.2.0 document); nothing from the file is added then. */
int suppressor_load_vex(struct suppressor *s, const char *path, struct vg_err *err);

/* Why f should not be shown: SUPPRESS_IGNOREFILE, SUPPRESS_VEX_NOT_AFFECTED
 * or SUPPRESS_VEX_FIXED; NULL to show it. os is the inventory's (for the
 * package's purl). For VEX, of the statements naming f's id (or an alias) and
 * f's package, the latest (statement last_updated, else its timestamp, else
 * the document's; ties: loaded last) decides: affected and
 * under_investigation keep the finding. */
const char *suppressor_match(const struct suppressor *s, const struct finding *f, const struct os_info *os);

#endif
