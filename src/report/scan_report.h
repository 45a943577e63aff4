/* scan_report.h - what the scan reporters format: the image and inventory
 * (as for an SBOM), the findings left after filters, and what was
 * suppressed and why. Built by cmd/scan.c; reporters only read it. */
#ifndef VG_SCAN_REPORT_H
#define VG_SCAN_REPORT_H

#include "../match/match.h"
#include "report.h"

struct suppression {
	const char *reason;   /* "severity filter", "unfixed", ".vigilignore", "VEX not_affected", ... */
	size_t count;
};

struct scan_report {
	struct sbom sbom;               /* image, inventory, tool version, timestamp */
	const struct scan_result *result;
	struct ptrvec shown;            /* struct finding * after filters, in result order */
	struct suppression suppressed[8];
	size_t n_suppressed;
	const char *db_built_at;        /* from the DB's meta, or NULL */
	const char *eol_date;           /* the OS release's end of support when past, else NULL */
	bool color;                     /* table: ANSI colours by severity */
};

int report_scan_table(const struct scan_report *r, struct strbuf *out, struct vg_err *err);
int report_scan_json(const struct scan_report *r, struct strbuf *out, struct vg_err *err);
int report_scan_sarif(const struct scan_report *r, struct strbuf *out, struct vg_err *err);
int report_scan_cyclonedx(const struct scan_report *r, struct strbuf *out, struct vg_err *err);

/* Counts of shown findings per severity level (index: enum severity_level). */
void scan_report_count(const struct scan_report *r, size_t counts[6]);

/* Where to read about an advisory (allocated in a): NVD for CVEs, the Debian
 * tracker for DSA/DLA/TEMP ids, OSV for the rest; *publisher (if non-NULL)
 * gets "NVD", "Debian Security Tracker" or "OSV". */
const char *scan_advisory_source(const char *id, struct arena *a, const char **publisher);

#endif
