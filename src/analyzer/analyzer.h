/* analyzer.h - the interface every package analyzer implements.
 * An analyzer never sees tar, layers or compression: it says which paths it
 * wants and parses the bytes of one merged file at a time. Paths are relative
 * to the image root with no leading "/" or "./" ("var/lib/dpkg/status"). */
#ifndef VG_ANALYZER_H
#define VG_ANALYZER_H

#include "../core/error.h"
#include "../pkg/package.h"

struct analyzer {
	const char *name;
	/* Is the file at this path one this analyzer parses? */
	bool (*wants)(const char *path);
	/* Parse one file into packages appended to out (strings copied into
	 * out's arena; found_in set to "/" + path). Oddities that do not stop
	 * parsing go to inventory_warn. Returns 0, or -1 with err filled when the
	 * file is malformed (the caller reports it and goes on). */
	int (*parse)(const char *path, const char *data, size_t len,
		     struct inventory *out, struct vg_err *err);
};

extern const struct analyzer analyzer_dpkg;
extern const struct analyzer analyzer_apk;
extern const struct analyzer analyzer_rpm;

/* All package analyzers, NULL-terminated. */
extern const struct analyzer *const vg_analyzers[];

/* Reads a file of the merged image (symlinks resolved inside the image).
 * Returns NULL when absent; *len gets the size. The buffer is NUL-terminated
 * and owned by the reader's context. */
typedef const char *(*vfs_read_fn)(void *ctx, const char *path, size_t *len);

/* OS detection (analyzer/os.c): the files it reads. */
bool os_wants(const char *path);
/* Fill inv->os from /etc/os-release, /usr/lib/os-release and the fallbacks
 * (/etc/alpine-release, /etc/debian_version, /etc/redhat-release, ...).
 * Leaves inv->os.detected false for distroless images with none of them. */
void os_detect(vfs_read_fn read, void *ctx, struct inventory *inv);

#endif
