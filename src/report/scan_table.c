/* scan_table.c - the human scan report: findings grouped by package, coloured
 * by severity on a terminal, and a closing summary line. */
#include "report_util.h"
#include "scan_report.h"

#define NCOLS 6

static const char *const titles[NCOLS] = { "PACKAGE", "VULNERABILITY", "SEVERITY", "INSTALLED", "FIXED", "STATUS" };

static const char *color_of(enum severity_level s)
{
	switch (s) {
	case SEV_CRITICAL: return "\033[1;31m";
	case SEV_HIGH: return "\033[31m";
	case SEV_MEDIUM: return "\033[33m";
	case SEV_LOW: return "\033[34m";
	default: return "\033[2m";
	}
}

static void row_cells(const struct finding *f, bool first_of_pkg, char *cells[NCOLS])
{
	struct strbuf sb = STRBUF_INIT;

	report_add_safe(&sb, first_of_pkg ? f->pkg->name : "");
	cells[0] = strbuf_detach(&sb, NULL);
	report_add_safe(&sb, f->id);
	if (f->exploited)
		strbuf_addstr(&sb, " (exploited)");
	cells[1] = strbuf_detach(&sb, NULL);
	cells[2] = xstrdup(severity_name(f->severity));
	report_add_safe(&sb, first_of_pkg ? f->pkg->version : "");
	cells[3] = strbuf_detach(&sb, NULL);
	report_add_safe(&sb, f->fixed_version ? f->fixed_version : "-");
	cells[4] = strbuf_detach(&sb, NULL);
	cells[5] = xstrdup(f->status);
}

int report_scan_table(const struct scan_report *r, struct strbuf *out, struct vg_err *err)
{
	size_t n = r->shown.n, widths[NCOLS], counts[6];
	char **cells = xcalloc(n ? n * NCOLS : 1, sizeof(char *));

	VG_UNUSED(err);
	report_header_line(&r->sbom, out);
	if (r->eol_date)
		strbuf_addf(out, "WARNING: this OS release reached its end of support on %s; it gets no security fixes\n",
			    r->eol_date);
	for (int c = 0; c < NCOLS; c++)
		widths[c] = strlen(titles[c]);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = r->shown.v[i], *prev = i ? r->shown.v[i - 1] : NULL;
		row_cells(f, !prev || prev->pkg != f->pkg, &cells[i * NCOLS]);
		for (int c = 0; c < NCOLS; c++)
			if (report_text_width(cells[i * NCOLS + c]) > widths[c])
				widths[c] = report_text_width(cells[i * NCOLS + c]);
	}
	if (n) {
		strbuf_addch(out, '\n');
		for (int c = 0; c < NCOLS; c++)
			report_add_padded(out, titles[c], widths[c], c == NCOLS - 1);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = r->shown.v[i];
		for (int c = 0; c < NCOLS; c++) {
			bool colored = r->color && c == 2;
			if (colored)
				strbuf_addstr(out, color_of(f->severity));
			if (colored) { /* pad outside the escape codes */
				strbuf_addstr(out, cells[i * NCOLS + c]);
				strbuf_addstr(out, "\033[0m");
				for (size_t w = report_text_width(cells[i * NCOLS + c]); w < widths[c] + 2; w++)
					strbuf_addch(out, ' ');
			} else {
				report_add_padded(out, cells[i * NCOLS + c], widths[c], c == NCOLS - 1);
			}
		}
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < n * NCOLS; i++)
		free(cells[i]);
	free(cells);
	scan_report_count(r, counts);
	strbuf_addf(out, "\nTested %zu packages, found %zu vulnerabilities (%zu critical, %zu high, %zu medium, %zu low",
		    r->result->packages_tested, n, counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM],
		    counts[SEV_LOW]);
	if (counts[SEV_NEGLIGIBLE])
		strbuf_addf(out, ", %zu negligible", counts[SEV_NEGLIGIBLE]);
	if (counts[SEV_UNKNOWN])
		strbuf_addf(out, ", %zu unknown", counts[SEV_UNKNOWN]);
	strbuf_addstr(out, ")\n");
	for (size_t i = 0; i < r->n_suppressed; i++)
		if (r->suppressed[i].count)
			strbuf_addf(out, "Suppressed %zu by %s\n", r->suppressed[i].count, r->suppressed[i].reason);
	if (!r->result->namespace)
		strbuf_addstr(out, "Note: the OS could not be identified, so OS packages were not matched\n");
	return 0;
}
