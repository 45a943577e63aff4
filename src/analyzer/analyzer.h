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
	/* Content-based analyzers (binaries, archives) find their files by what
	 * they hold, not by name; path-based ones leave these NULL.
	 * probe: is a regular file with this path, size and mode (st_mode bits) a
	 * candidate? magic/magic_len: the bytes a candidate must start with (or
	 * NULL). extract: called during the layer walk with the whole file in
	 * memory (the walk drops the file afterwards); returns a small summary to
	 * keep in its place (malloc'd, NUL-terminated, *out_len set), or NULL when
	 * the file holds nothing for this analyzer or is malformed (a malformed
	 * file also gets a message in *why, if non-NULL, which the caller turns
	 * into a warning naming the file). parse later receives that summary as
	 * the file's data. Both run on layer-walk threads: no shared state. */
	bool (*probe)(const char *path, uint64_t size, uint32_t mode);
	const char *magic;
	size_t magic_len;
	char *(*extract)(const char *path, const char *data, size_t len, size_t *out_len, char *why,
			 size_t why_len);
};

extern const struct analyzer analyzer_dpkg;
extern const struct analyzer analyzer_apk;
extern const struct analyzer analyzer_rpm;
/* The files an rpmdb's packages own: fn(ctx, package name, "/abs/path") for
 * each (rpm.c). Warnings go to inv. Returns 0, or -1 with err filled. */
int rpm_each_file(const char *path, const char *data, size_t len, struct inventory *inv,
		  void (*fn)(void *ctx, const char *pkg, const char *file), void *ctx, struct vg_err *err);
/* language packages */
extern const struct analyzer analyzer_npm;      /* node_modules/.../package.json, package-lock.json */
extern const struct analyzer analyzer_python;   /* NAME.dist-info/METADATA, NAME.egg-info/PKG-INFO, NAME.egg-info */
extern const struct analyzer analyzer_gemspec;  /* specifications/NAME.gemspec */
extern const struct analyzer analyzer_composer; /* vendor/composer/installed.json */
extern const struct analyzer analyzer_gobinary; /* ELF: Go build info and cargo-auditable .dep-v0 */
extern const struct analyzer analyzer_jar;      /* jar/war/ear: pom.properties, MANIFEST.MF, nested jars */

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
