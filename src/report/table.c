/* table.c - the human-readable report: one line about the image and OS, an
 * aligned NAME/VERSION/TYPE/SOURCE/LAYER table, then "N packages". Appends
 * to the caller's strbuf; the cells built here are freed before returning.
 * Control characters from the image are shown as '?' so that a hostile
 * package database cannot send escape sequences to the terminal. */
#include "report_util.h"

enum { COL_NAME, COL_VERSION, COL_TYPE, COL_SOURCE, COL_LAYER, NCOLS };

static const char *const col_titles[NCOLS] = { "NAME", "VERSION", "TYPE", "SOURCE", "LAYER" };

/* Display width: one column per UTF-8 code point (continuation bytes do not
 * count). Wide CJK characters come out one short; good enough here. */
size_t report_text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Copy s into sb with control characters replaced by '?'. */
void report_add_safe(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		strbuf_addch(sb, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
}

static char *cell(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	report_add_safe(&sb, s && *s ? s : "-");
	return strbuf_detach(&sb, NULL);
}

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* "-" when the package is its own source; else the source name, followed
 * by its version when that differs from the binary's. */
static char *source_cell(const struct package *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (!p->source_name || !*p->source_name)
		return cell(NULL);
	if (same(p->source_name, p->name) && (!p->source_version || same(p->source_version, p->version)))
		return cell(NULL);
	report_add_safe(&sb, p->source_name);
	if (p->source_version && *p->source_version && !same(p->source_version, p->version)) {
		strbuf_addch(&sb, ' ');
		report_add_safe(&sb, p->source_version);
	}
	return strbuf_detach(&sb, NULL);
}

static char *layer_cell(const struct package *p)
{
	char shortd[13];

	report_short_digest(p->layer_digest, shortd);
	return cell(shortd);
}

void report_add_padded(struct strbuf *out, const char *s, size_t width, bool last)
{
	strbuf_addstr(out, s);
	if (last)
		return;
	for (size_t w = report_text_width(s); w < width + 2; w++)
		strbuf_addch(out, ' ');
}

void report_header_line(const struct sbom *s, struct strbuf *out)
{
	const struct image_info *im = &s->image;
	const struct os_info *os = &s->inv->os;
	char shortd[13];

	strbuf_addstr(out, "Image: ");
	report_add_safe(out, report_image_name(s));
	report_short_digest(im->config_digest ? im->config_digest : im->manifest_digest, shortd);
	if (*shortd || im->os || im->architecture) {
		const char *sep = "";
		strbuf_addstr(out, " (");
		if (*shortd) {
			strbuf_addf(out, "%s", shortd);
			sep = ", ";
		}
		if (im->os || im->architecture) {
			strbuf_addstr(out, sep);
			report_add_safe(out, im->os ? im->os : "?");
			strbuf_addch(out, '/');
			report_add_safe(out, im->architecture ? im->architecture : "?");
			if (im->variant) {
				strbuf_addch(out, '/');
				report_add_safe(out, im->variant);
			}
		}
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, "  OS: ");
	if (!os->detected || !os->id)
		strbuf_addstr(out, "unknown");
	else if (os->pretty_name && *os->pretty_name)
		report_add_safe(out, os->pretty_name);
	else {
		report_add_safe(out, os->id);
		if (os->version_id) {
			strbuf_addch(out, ' ');
			report_add_safe(out, os->version_id);
		}
	}
	strbuf_addch(out, '\n');
}

int report_table(const struct sbom *s, struct strbuf *out, struct vg_err *err)
{
	const struct ptrvec *pkgs = &s->inv->packages;
	size_t width[NCOLS];
	char **cells;

	report_header_line(s, out);
	if (pkgs->n) {
		cells = xcalloc(pkgs->n * NCOLS, sizeof(*cells));
		for (int c = 0; c < NCOLS; c++)
			width[c] = strlen(col_titles[c]);
		for (size_t i = 0; i < pkgs->n; i++) {
			const struct package *p = pkgs->v[i];
			char **row = cells + i * NCOLS;
			row[COL_NAME] = cell(p->name);
			row[COL_VERSION] = cell(p->version);
			row[COL_TYPE] = cell(pkg_type_name(p->type));
			row[COL_SOURCE] = source_cell(p);
			row[COL_LAYER] = layer_cell(p);
			for (int c = 0; c < NCOLS; c++) {
				size_t w = report_text_width(row[c]);
				if (w > width[c])
					width[c] = w;
			}
		}
		strbuf_addch(out, '\n');
		for (int c = 0; c < NCOLS; c++)
			report_add_padded(out, col_titles[c], width[c], c == NCOLS - 1);
		strbuf_addch(out, '\n');
		for (size_t i = 0; i < pkgs->n; i++) {
			char **row = cells + i * NCOLS;
			for (int c = 0; c < NCOLS; c++)
				report_add_padded(out, row[c], width[c], c == NCOLS - 1);
			strbuf_addch(out, '\n');
		}
		for (size_t i = 0; i < pkgs->n * NCOLS; i++)
			free(cells[i]);
		free(cells);
		strbuf_addch(out, '\n');
	}
	strbuf_addf(out, "%zu %s\n", pkgs->n, pkgs->n == 1 ? "package" : "packages");
	return 0;
}
