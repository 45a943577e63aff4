/* sbom.c - `vigil sbom`: read an image and print its package inventory. */
#include <getopt.h>

#include "../analyzer/collect.h"
#include "../core/fileio.h"
#include "../core/strbuf.h"
#include "../image/image.h"
#include "../report/report.h"
#include "cmd.h"

static const char sbom_usage[] =
	"usage: vigil sbom [--format cyclonedx|spdx|json|table] [--output FILE]\n"
	"                  [--platform OS/ARCH[/VARIANT]] [--pkg-types os,library] [--quiet]\n"
	"                  [registry options] IMAGE\n"
	"\n"
	"IMAGE is a path, detected from what it is, or one of:\n"
	"  docker-archive:FILE[:TAG]   `docker save` output (legacy or Docker 25+ layout, may be gzipped)\n"
	"  oci:DIR[:TAG]               OCI image layout directory\n"
	"  oci-archive:FILE[:TAG]      OCI image layout as a tar\n"
	"  dir:DIR                     unpacked root filesystem\n"
	"  rootfs-tar:FILE             root filesystem tarball (e.g. Alpine minirootfs .tar.gz)\n"
	"  registry:HOST/REPO[:TAG][@sha256:DIGEST]  pull from a registry (Docker Hub when HOST is left out;\n"
	"                              a reference that is not a path, such as alpine:3.20, works without the prefix)\n"
	"\n";

typedef int (*render_fn)(const struct sbom *, struct strbuf *, struct vg_err *);

static render_fn renderer_for(const char *format)
{
	if (strcmp(format, "table") == 0)
		return report_table;
	if (strcmp(format, "json") == 0)
		return report_json;
	if (strcmp(format, "cyclonedx") == 0 || strcmp(format, "cdx") == 0)
		return report_cyclonedx;
	if (strcmp(format, "spdx") == 0 || strcmp(format, "spdx-json") == 0)
		return report_spdx;
	return NULL;
}

int cmd_sbom(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "platform", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "pkg-types", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		REGISTRY_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "table", *output = NULL;
	struct image_options iopt = { NULL, NULL };
	struct image *img = NULL;
	struct inventory inv;
	struct strbuf out = STRBUF_INIT;
	struct vg_err err = { VG_OK, "" };
	struct sbom doc;
	render_fn render;
	bool quiet = false;
	struct registry_cli reg;
	struct collect_options copt = { 0, false, false };
	int c, rc = EXIT_ERROR;

	registry_cli_init(&reg);

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:p:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'p': iopt.platform = optarg; break;
		case 'q': quiet = true; break;
		case 'T':
			if (collect_parse_pkg_types(optarg, &copt) != 0) {
				fprintf(stderr, "vigil: sbom: --pkg-types %s: expected os, library or both\n", optarg);
				registry_cli_release(&reg);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(sbom_usage, stdout); fputs(registry_cli_usage, stdout); return EXIT_OK;
		default:
			if (registry_cli_option(&reg, c, optarg))
				break;
			fprintf(stderr, "vigil sbom: unknown option or missing argument: %s\n%s", argv[optind - 1],
				sbom_usage);
			registry_cli_release(&reg);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "vigil: sbom: expected exactly one IMAGE\n%s", sbom_usage);
		registry_cli_release(&reg);
		return EXIT_USAGE;
	}
	if (!(render = renderer_for(format))) {
		fprintf(stderr, "vigil: sbom: unknown --format \"%s\" (cyclonedx, spdx, json, table)\n", format);
		registry_cli_release(&reg);
		return EXIT_USAGE;
	}
	inventory_init(&inv);
	if (registry_cli_finish(&reg, quiet, &err) != 0) {
		rc = report_error(&err);
		goto out;
	}
	iopt.registry = &reg.opt;
	if (image_open(argv[optind], &iopt, &img, &err) != 0 ||
	    collect_inventory(img, &copt, &inv, NULL, &err) != 0) {
		rc = report_error(&err);
		goto out;
	}
	if (!quiet)
		for (size_t i = 0; i < inv.warnings.n; i++)
			fprintf(stderr, "vigil: warning: %s\n", (const char *)inv.warnings.v[i]);
	memset(&doc, 0, sizeof(doc));
	doc.image = img->info;
	doc.inv = &inv;
	doc.tool_version = VIGIL_VERSION;
	doc.timestamp = document_timestamp();
	if (render(&doc, &out, &err) != 0 || write_output(output, strbuf_str(&out), out.len, &err) != 0) {
		rc = report_error(&err);
		goto out;
	}
	rc = EXIT_OK;
out:
	strbuf_release(&out);
	inventory_free(&inv);
	image_close(img);
	registry_cli_release(&reg);
	return rc;
}
