/* match.h - the matcher: for each package of an inventory, ask the
 * vulnerability DB for advisories in the image's namespace and decide with
 * that namespace's version order. A scan_result owns its findings and every
 * string in them (arena); packages are borrowed from the inventory. */
#ifndef VG_MATCH_H
#define VG_MATCH_H

#include "../core/arena.h"
#include "../core/vec.h"
#include "../db/reader.h"
#include "../pkg/package.h"

enum severity_level {
	SEV_UNKNOWN,
	SEV_NEGLIGIBLE,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};

struct finding {
	const struct package *pkg;
	const char *id;               /* advisory id as the data source gives it */
	struct ptrvec aliases;        /* const char *: CVE ids and others */
	const char *status;           /* "fixed", "affected", "will_not_fix", "under_investigation" */
	const char *fixed_version;    /* NULL when no fix is known */
	const char *installed;        /* the version compared (deb: the source version) */
	enum severity_level severity;
	const char *severity_source;  /* where the rating came from: "debian-tracker", "nvd", ... */
	double score;                 /* CVSS base score, -1 when none */
	const char *vector;           /* CVSS vector or NULL */
	bool exploited;               /* listed in CISA KEV */
	const char *title;            /* summary or NULL */
	const char *description;
	const char *data_source;      /* the feed file(s) the advisory came from */
	const char *namespace;
};

struct scan_result {
	struct arena arena;
	struct ptrvec findings;       /* struct finding *, sorted by package, then id */
	const char *namespace;        /* the OS namespace, NULL if the OS is unknown */
	size_t packages_tested;       /* packages looked up in the DB */
	size_t packages_unsupported;  /* packages of an ecosystem with no namespace */
	size_t packages_os_owned;     /* language packages left to their OS package (not matched) */
};

struct match_options {
	/* also match language packages whose files belong to an OS package
	 * (default: not, since the distro patches them and its own advisories
	 * cover them) */
	bool os_owned_lang;
};

void scan_result_init(struct scan_result *r);
void scan_result_free(struct scan_result *r);
/* The DB namespace for the image's OS ("debian:12", "alpine:3.20"), in a; NULL if unknown. */
const char *namespace_for_os(const struct os_info *os, struct arena *a);
/* OS packages against the image's distro namespace, language packages
 * against their ecosystem's (npm, pypi, go, maven, rubygems, crates.io,
 * packagist). match_inventory uses the default options. */
int match_inventory(struct vulndb *db, const struct inventory *inv, struct scan_result *out, struct vg_err *err);
int match_inventory_with(struct vulndb *db, const struct inventory *inv, const struct match_options *opt,
			 struct scan_result *out, struct vg_err *err);

/* The end-of-support date of the namespace's release when it is before now
 * (seconds since the epoch), else NULL (supported, or not known). */
const char *namespace_eol_date(const char *ns, long long now);

const char *severity_name(enum severity_level s);        /* "CRITICAL" ... "UNKNOWN" */
enum severity_level severity_from_word(const char *w);   /* "high", "Important", "unimportant" ... */

#endif
