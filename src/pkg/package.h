/* package.h - the inventory: one package record type for every ecosystem,
 * plus the detected operating system. All strings in an inventory live in
 * its arena and are freed by inventory_free; packages are owned by it too. */
#ifndef VG_PACKAGE_H
#define VG_PACKAGE_H

#include "../core/arena.h"
#include "../core/vec.h"

enum pkg_type {
	PKG_DEB,
	PKG_APK,
	PKG_RPM,
	/* language packages */
	PKG_NPM,      /* name "express" or "@scope/name" */
	PKG_PYPI,     /* name as its metadata spells it ("Jinja2"); matched PEP 503-normalised */
	PKG_GO,       /* module path; the toolchain is the module "stdlib", version "v1.19.8" */
	PKG_MAVEN,    /* name "groupId:artifactId" */
	PKG_GEM,
	PKG_CARGO,
	PKG_COMPOSER, /* name "vendor/package" */
};

struct package {
	enum pkg_type type;
	const char *name;
	/* Full version as the package manager prints it:
	 * deb "[epoch:]upstream[-revision]", apk "ver-rN", rpm "[epoch:]version-release". */
	const char *version;
	int epoch;                /* rpm epoch; -1 when absent (deb keeps it in version) */
	const char *rpm_version;  /* rpm only: VERSION tag */
	const char *rpm_release;  /* rpm only: RELEASE tag */
	const char *arch;         /* may be NULL */
	/* deb: Source name (defaults to name), apk: origin, rpm: name parsed from SOURCERPM */
	const char *source_name;
	/* deb: source version (defaults to version), apk: version, rpm: "version-release" of SOURCERPM */
	const char *source_version;
	const char *source_rpm;   /* rpm only: SOURCERPM as recorded ("x-1.0-1.el9.src.rpm") */
	const char *license;      /* may be NULL */
	const char *maintainer;   /* may be NULL (dpkg Maintainer, apk m:, rpm vendor/packager) */
	const char *found_in;     /* absolute path in the image of the record: "/var/lib/dpkg/status" */
	const char *layer_digest; /* diff_id of the layer that last changed the record; NULL if unknown */
	int layer_index;          /* 0-based index of that layer; -1 if unknown */
	/* language packages: the OS package (dpkg/apk/rpm name) whose file list
	 * holds found_in, or NULL. Such packages are reported but, by default,
	 * not matched against language advisories (the distro patches them). */
	const char *os_owner;
	/* language packages found inside another file: the jar within a jar
	 * ("BOOT-INF/lib/x.jar", or "a.jar!lib/b.jar" one level deeper), else NULL */
	const char *found_in_inner;
};

struct os_info {
	bool detected;
	const char *id;               /* "debian", "alpine", "almalinux", ...; NULL if unknown */
	const char *version_id;       /* "12", "3.20.3" */
	const char *version_codename; /* "bookworm" */
	const char *name;             /* NAME */
	const char *pretty_name;      /* PRETTY_NAME */
	const char *id_like;
	const char *source_file;      /* "/etc/os-release", "/etc/alpine-release", ... */
};

struct inventory {
	struct arena arena;
	struct os_info os;
	struct ptrvec packages; /* struct package *, allocated in arena */
	struct ptrvec warnings; /* char *, allocated in arena */
};

void inventory_init(struct inventory *inv);
void inventory_free(struct inventory *inv);
/* A zeroed package in inv->arena with epoch = -1, layer_index = -1, appended to inv->packages. */
struct package *inventory_new_package(struct inventory *inv, enum pkg_type type);
char *inventory_strdup(struct inventory *inv, const char *s);      /* NULL-safe */
char *inventory_strndup(struct inventory *inv, const char *s, size_t n);
void inventory_warn(struct inventory *inv, const char *fmt, ...) VG_PRINTF(2, 3);
/* Sort packages by type, name, version, arch (stable output order). */
void inventory_sort(struct inventory *inv);
/* "deb", "apk", "rpm", "npm", "pypi", "golang", "maven", "gem", "cargo", "composer"
 * (the package-URL type names). */
const char *pkg_type_name(enum pkg_type t);
/* True for the language ecosystems (PKG_NPM and after). */
static inline bool pkg_type_is_lang(enum pkg_type t)
{
	return t >= PKG_NPM;
}

#endif
