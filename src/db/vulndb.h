/* vulndb.h - the vulnerability database: an SQLite file built once by
 * `vigil db build` from feeds, read-only during scans.
 *
 * Schema (user_version = VULNDB_SCHEMA_VERSION):
 *   meta(key, value)                      schema_version, built_at, vigil_version
 *   sources(name, format, location, records, skipped, newest)
 *   vulnerabilities(id, summary, description, published, modified, withdrawn, source)
 *   aliases(vuln_id, alias)               both directions are looked up
 *   severities(vuln_id, source, type, vector, score, rating)
 *   exploited(cve, date_added, due_date, ransomware, name)      CISA KEV
 *   affected(namespace, package, vuln_id, status, fixed, ranges, versions, rating, source)
 *
 * Namespaces name where a package comes from, lower case:
 *   "debian:12", "ubuntu:22.04", "alpine:3.20", "wolfi:rolling", "chainguard:rolling",
 *   "almalinux:9", "rocky:9", and OSV ecosystems for language packages:
 *   "go", "pypi", "crates.io", "npm", "rubygems", "maven", "packagist", "nuget".
 * Packages are looked up by: Debian/Ubuntu source package, Alpine/Wolfi origin,
 * RPM binary name, language package name (PyPI names normalised per PEP 503).
 *
 * AFFECT_RANGES rows: `ranges` is a JSON array of range objects, compact, in
 * the feed's order; a version is affected when any range says so (or when
 * `versions` lists it). Range types, by "type":
 *   "ECOSYSTEM", "SEMVER" (OSV): {"type", "events": [{"introduced" | "fixed" |
 *       "last_affected" | "limit": "<version>"}, ...]}, evaluated as the OSV schema says.
 *   "NPM_SEMVER_RANGE" (npm-wg, namespace "npm"):
 *       {"type":"NPM_SEMVER_RANGE","vulnerable":"<range>","patched":"<range>" or null}
 *       with node-semver range expressions (npm_range_satisfies in version.h):
 *       affected = satisfies vulnerable and, when patched is not null, not patched.
 *   "GEM_REQUIREMENTS" (rubysec, namespace "rubygems"):
 *       {"type":"GEM_REQUIREMENTS","patched":["~> 1.2.3", ">= 1.3"],"unaffected":["< 1.0"]}
 *       each element one RubyGems requirement, itself maybe ','-joined parts that
 *       must all hold (gem_requirement_satisfies in version.h); an empty list is
 *       left out: affected = satisfies no element of patched and none of
 *       unaffected, so {"type":"GEM_REQUIREMENTS"} alone means every version.
 * The matcher ignores range types it does not know. */
#ifndef VG_VULNDB_H
#define VG_VULNDB_H

#include "../core/error.h"

#define VULNDB_SCHEMA_VERSION 1

/* Status of a package for one vulnerability in one namespace. */
enum affect_status {
	AFFECT_FIXED,             /* fixed in `fixed` (versions below it are affected) */
	AFFECT_AFFECTED,          /* affected, no fix yet */
	AFFECT_WONT_FIX,          /* affected, the distro will not fix it */
	AFFECT_NOT_AFFECTED,      /* explicitly not affected */
	AFFECT_UNDER_INVESTIGATION,
	AFFECT_RANGES,            /* decided by `ranges` / `versions` (OSV) */
};

const char *affect_status_name(enum affect_status s); /* "fixed", "affected", "wont-fix", ... */

struct vuln_rec {
	const char *id;           /* required: "CVE-2024-1234", "ALSA-2024:1234", "GHSA-..." */
	const char *summary;      /* may be NULL */
	const char *description;
	const char *published;    /* RFC 3339 or NULL */
	const char *modified;
	const char *withdrawn;    /* non-NULL: the record was withdrawn at that time */
};

struct affected_rec {
	const char *namespace;    /* required, see above */
	const char *package;      /* required */
	const char *vuln_id;      /* required: the advisory id as the feed gives it */
	enum affect_status status;
	const char *fixed;        /* AFFECT_FIXED: the first fixed version */
	const char *ranges;       /* AFFECT_RANGES: JSON array of range objects (see the types above) */
	const char *versions;     /* AFFECT_RANGES: JSON array of explicitly affected versions, or NULL */
	const char *rating;       /* the distro's own severity word for this entry, or NULL */
};

struct severity_rec {
	const char *vuln_id;
	const char *type;         /* "CVSS_V2", "CVSS_V3", "CVSS_V4" or "rating" */
	const char *vector;       /* CVSS vector string, or NULL */
	double score;             /* base score, or -1 when unknown */
	const char *rating;       /* "critical", "high", "medium", "low", "negligible", "unknown"... or NULL */
};

struct kev_rec {
	const char *cve;
	const char *date_added;
	const char *due_date;
	const char *ransomware;   /* "Known" / "Unknown" */
	const char *name;         /* vulnerabilityName */
};

/* The writer used by `vigil db build`. Everything goes into a temporary file
 * beside the final path inside one transaction; dbw_commit renames it into
 * place, so a failed build never leaves a broken database. */
struct dbw;

int dbw_open(const char *final_path, struct dbw **out, struct vg_err *err);
/* Start a source: every record added until dbw_end_source counts for it. */
int dbw_begin_source(struct dbw *w, const char *name, const char *format, const char *location,
		     struct vg_err *err);
int dbw_add_vuln(struct dbw *w, const struct vuln_rec *v, struct vg_err *err);
int dbw_add_alias(struct dbw *w, const char *vuln_id, const char *alias, struct vg_err *err);
int dbw_add_severity(struct dbw *w, const struct severity_rec *s, struct vg_err *err);
int dbw_add_affected(struct dbw *w, const struct affected_rec *a, struct vg_err *err);
int dbw_add_exploited(struct dbw *w, const struct kev_rec *k, struct vg_err *err);
/* One record of the current source was read; date (RFC 3339 or YYYY-MM-DD,
 * may be NULL) updates the source's newest date. */
void dbw_count_record(struct dbw *w, const char *date);
/* One record of the current source was malformed and skipped: prints a
 * one-line notice "vigil: <location>: <why>" (at most a few per source) and
 * counts it. */
void dbw_skip_record(struct dbw *w, const char *fmt, ...) VG_PRINTF(2, 3);
/* A one-line notice about the current source that is not a skipped record
 * ("vigil: <location>: <text>"), e.g. entries left out on purpose. */
void dbw_notice(struct dbw *w, const char *fmt, ...) VG_PRINTF(2, 3);
int dbw_end_source(struct dbw *w, struct vg_err *err);
/* Write metadata and indexes, then rename into place. Frees w whether it
 * succeeds or not (on failure the temporary file is removed). */
int dbw_commit(struct dbw *w, struct vg_err *err);
/* Remove the temporary file and free w, instead of dbw_commit. */
void dbw_abort(struct dbw *w);

/* Default database path (malloc'd): $VIGIL_DB, $XDG_CACHE_HOME/vigil/db.sqlite,
 * or ~/.cache/vigil/db.sqlite. */
char *vulndb_default_path(void);
/* mkdir -p the directory that will hold path. */
int vulndb_make_parent_dir(const char *path, struct vg_err *err);

#endif
