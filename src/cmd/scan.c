/* scan.c - `vigil scan`: inventory an image, match it against the
 * vulnerability database, filter, report, and gate CI with an exit code. */
#include <getopt.h>
#include <strings.h>
#include <unistd.h>

#include "../analyzer/collect.h"
#include "../core/fileio.h"
#include "../core/strbuf.h"
#include "../db/reader.h"
#include "../image/image.h"
#include "../match/match.h"
#include "../match/suppress.h"
#include "../report/scan_report.h"
#include "cmd.h"

static const char scan_usage[] =
	"usage: vigil scan [--db PATH] [--format table|json|sarif|cyclonedx] [--output FILE]\n"
	"                  [--severity LIST] [--ignore-unfixed] [--exit-code N]\n"
	"                  [--ignorefile FILE] [--vex FILE]...\n"
	"                  [--platform OS/ARCH[/VARIANT]] [--pkg-types os,library] [--match-os-owned]\n"
	"                  [--quiet] [registry options] IMAGE\n"
	"\n"
	"IMAGE as for vigil sbom (a file, directory or registry reference). --severity takes a comma-separated list of\n"
	"CRITICAL,HIGH,MEDIUM,LOW,NEGLIGIBLE,UNKNOWN (default: all). --exit-code N makes\n"
	"vigil exit with N when findings remain after the filters (default 0).\n"
	"--ignorefile defaults to ./.vigilignore when it exists (docs/ignorefile.md);\n"
	"--vex takes OpenVEX documents whose not_affected/fixed statements suppress findings.\n"
	"Language packages whose files belong to an OS package are matched only with\n"
	"--match-os-owned (the distro's own advisories cover them).\n";

typedef int (*scan_render_fn)(const struct scan_report *, struct strbuf *, struct vg_err *);

struct scan_opts {
	const char *db, *format, *output;
	struct image_options image;
	bool severities[6];   /* shown levels */
	bool ignore_unfixed, quiet;
	int exit_code;
	const char *ignorefile;
	struct ptrvec vex;    /* const char * paths */
	struct registry_cli registry;
	struct collect_options collect;
	struct match_options match;
};

static scan_render_fn scan_renderer(const char *format)
{
	if (strcmp(format, "table") == 0)
		return report_scan_table;
	if (strcmp(format, "json") == 0)
		return report_scan_json;
	if (strcmp(format, "sarif") == 0)
		return report_scan_sarif;
	if (strcmp(format, "cyclonedx") == 0 || strcmp(format, "cdx") == 0)
		return report_scan_cyclonedx;
	return NULL;
}

static int parse_severities(const char *list, bool out[6])
{
	char *copy = xstrdup(list), *save = NULL, *tok;
	int rc = 0;

	memset(out, 0, 6 * sizeof(bool));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int level = -1;
		for (int l = 0; l < 6; l++)
			if (strcasecmp(tok, severity_name((enum severity_level)l)) == 0)
				level = l;
		if (level < 0) {
			fprintf(stderr, "vigil scan: unknown severity \"%s\" in --severity\n", tok);
			rc = -1;
			break;
		}
		out[level] = true;
	}
	free(copy);
	return rc;
}

static void count_suppressed(struct scan_report *r, const char *reason)
{
	for (size_t i = 0; i < r->n_suppressed; i++)
		if (strcmp(r->suppressed[i].reason, reason) == 0) {
			r->suppressed[i].count++;
			return;
		}
	if (r->n_suppressed < VG_ARRAY_LEN(r->suppressed)) {
		r->suppressed[r->n_suppressed].reason = reason;
		r->suppressed[r->n_suppressed].count = 1;
		r->n_suppressed++;
	}
}

static void apply_filters(struct scan_report *r, const struct scan_opts *o, const struct suppressor *sup)
{
	for (size_t i = 0; i < r->result->findings.n; i++) {
		struct finding *f = r->result->findings.v[i];
		const char *why = suppressor_match(sup, f, &r->sbom.inv->os);
		if (why)
			count_suppressed(r, why);
		else if (!o->severities[f->severity])
			count_suppressed(r, "severity filter");
		else if (o->ignore_unfixed && !f->fixed_version)
			count_suppressed(r, "--ignore-unfixed");
		else
			ptrvec_push(&r->shown, f);
	}
}

static int get_built_at(int ncol, const char *const *cols, void *ctx)
{
	struct arena *a = ((void **)ctx)[0];
	const char **out = ((void **)ctx)[1];

	if (ncol > 0 && cols[0])
		*out = arena_strdup(a, cols[0]);
	return 1;
}

static bool want_color(const struct scan_opts *o)
{
	const char *nc = getenv("NO_COLOR");

	return strcmp(o->format, "table") == 0 && !o->output && isatty(STDOUT_FILENO) && !(nc && *nc);
}

static int parse_scan_options(int argc, char **argv, struct scan_opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "severity", required_argument, NULL, 's' },
		{ "ignore-unfixed", no_argument, NULL, 'u' },
		{ "exit-code", required_argument, NULL, 'e' },
		{ "platform", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "ignorefile", required_argument, NULL, 'I' },
		{ "vex", required_argument, NULL, 'V' },
		{ "pkg-types", required_argument, NULL, 'T' },
		{ "match-os-owned", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		REGISTRY_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	registry_cli_init(&o->registry);
	o->format = "table";
	for (int l = 0; l < 6; l++)
		o->severities[l] = true;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:f:o:s:ue:p:qh", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 's':
			if (parse_severities(optarg, o->severities) != 0)
				return EXIT_USAGE;
			break;
		case 'u': o->ignore_unfixed = true; break;
		case 'e':
			o->exit_code = (int)strtol(optarg, &end, 10);
			if (*end || o->exit_code < 0 || o->exit_code > 255) {
				fprintf(stderr, "vigil scan: --exit-code takes a number from 0 to 255\n");
				return EXIT_USAGE;
			}
			break;
		case 'p': o->image.platform = optarg; break;
		case 'q': o->quiet = true; break;
		case 'I': o->ignorefile = optarg; break;
		case 'V': ptrvec_push(&o->vex, optarg); break;
		case 'T':
			if (collect_parse_pkg_types(optarg, &o->collect) != 0) {
				fprintf(stderr, "vigil scan: --pkg-types %s: expected os, library or both\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'M': o->match.os_owned_lang = true; break;
		case 'h': fputs(scan_usage, stdout); fputs(registry_cli_usage, stdout); return -1;
		default:
			if (registry_cli_option(&o->registry, c, optarg))
				break;
			fprintf(stderr, "vigil scan: unknown option or missing argument: %s\n%s", argv[optind - 1],
				scan_usage);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "vigil scan: expected exactly one IMAGE\n%s", scan_usage);
		return EXIT_USAGE;
	}
	if (!scan_renderer(o->format)) {
		fprintf(stderr, "vigil scan: unknown --format \"%s\" (table, json, sarif, cyclonedx)\n", o->format);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts o;
	struct vg_err err = { VG_OK, "" };
	struct image *img = NULL;
	struct vulndb *db = NULL;
	struct inventory inv;
	struct scan_result res;
	struct scan_report rep;
	struct strbuf out = STRBUF_INIT;
	struct suppressor sup;
	const char *ignorefile;
	char *db_path = NULL;
	int rc = parse_scan_options(argc, argv, &o);

	if (rc != 0) {
		ptrvec_free(&o.vex, NULL);
		registry_cli_release(&o.registry);
		return rc < 0 ? EXIT_OK : rc;
	}
	suppressor_init(&sup);
	inventory_init(&inv);
	scan_result_init(&res);
	memset(&rep, 0, sizeof(rep));
	db_path = o.db ? xstrdup(o.db) : vulndb_default_path();
	o.image.registry = &o.registry.opt;
	if (registry_cli_finish(&o.registry, o.quiet, &err) != 0 || vulndb_open(db_path, &db, &err) != 0 || image_open(argv[optind], &o.image, &img, &err) != 0 ||
	    collect_inventory(img, &o.collect, &inv, NULL, &err) != 0 ||
	    match_inventory_with(db, &inv, &o.match, &res, &err) != 0) {
		rc = report_error(&err);
		goto out;
	}
	if (!o.quiet)
		for (size_t i = 0; i < inv.warnings.n; i++)
			fprintf(stderr, "vigil: warning: %s\n", (const char *)inv.warnings.v[i]);
	rep.sbom.image = img->info;
	rep.sbom.inv = &inv;
	rep.sbom.tool_version = VIGIL_VERSION;
	rep.sbom.timestamp = document_timestamp();
	rep.result = &res;
	rep.color = want_color(&o);
	rep.eol_date = namespace_eol_date(res.namespace, rep.sbom.timestamp);
	{
		void *ctx[2] = { &res.arena, &rep.db_built_at };
		vulndb_query(db, "SELECT value FROM meta WHERE key = 'built_at'", get_built_at, ctx, &err);
	}
	if (rep.eol_date && !o.quiet && strcmp(o.format, "table") != 0)
		fprintf(stderr, "vigil: warning: %s reached its end of support on %s\n", res.namespace, rep.eol_date);
	suppressor_set_image(&sup, &img->info);
	ignorefile = o.ignorefile ? o.ignorefile : access(".vigilignore", F_OK) == 0 ? ".vigilignore" : NULL;
	if (ignorefile && suppressor_load_ignorefile(&sup, ignorefile, rep.sbom.timestamp, &err) != 0) {
		rc = report_error(&err);
		goto out;
	}
	for (size_t i = 0; i < o.vex.n; i++)
		if (suppressor_load_vex(&sup, o.vex.v[i], &err) != 0) {
			rc = report_error(&err);
			goto out;
		}
	if (!o.quiet)
		for (size_t i = 0; i < sup.warnings.n; i++)
			fprintf(stderr, "vigil: warning: %s\n", (const char *)sup.warnings.v[i]);
	apply_filters(&rep, &o, &sup);
	if (scan_renderer(o.format)(&rep, &out, &err) != 0 || write_output(o.output, strbuf_str(&out), out.len, &err) != 0) {
		rc = report_error(&err);
		goto out;
	}
	rc = rep.shown.n > 0 ? o.exit_code : EXIT_OK;
out:
	suppressor_free(&sup);
	ptrvec_free(&o.vex, NULL);
	registry_cli_release(&o.registry);
	ptrvec_free(&rep.shown, NULL);
	strbuf_release(&out);
	scan_result_free(&res);
	inventory_free(&inv);
	image_close(img);
	vulndb_close(db);
	free(db_path);
	return rc;
}
