/* cache.c - `vigil cache info|prune`: describe the registry blob cache and
 * remove blobs from it, least recently used first. */
#include <getopt.h>
#include <stdarg.h>
#include <jansson.h>

#include "../registry/cache.h"
#include "cmd.h"

static const char cache_usage[] =
	"usage: vigil cache info [--format table|json]\n"
	"       vigil cache prune [--all | --max-size SIZE]\n"
	"\n"
	"The cache holds image blobs downloaded from registries, in $VIGIL_CACHE_DIR,\n"
	"else $XDG_CACHE_HOME/vigil, else ~/.cache/vigil. Its size cap is\n"
	"$VIGIL_CACHE_MAX_SIZE (default 10GiB; 0 = no cap), enforced after each download.\n"
	"info prints the directory, the number and size of blobs and unfinished\n"
	"downloads, and the cap. prune removes least recently used blobs until the\n"
	"cache fits the cap (or SIZE), and unfinished downloads older than an hour;\n"
	"--all removes every blob and every unfinished download.\n"
	"SIZE is bytes, or a number with K, M, G or T (powers of 1024): 512MiB, 10G, 1.5GB.\n";

/* "117.7 MiB"; plain bytes below 1 KiB. */
static void human_size(uint64_t n, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)n;
	size_t u = 0;

	if (n < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)n);
		return;
	}
	for (v /= 1024; v >= 1024 && u + 1 < VG_ARRAY_LEN(units); u++)
		v /= 1024;
	snprintf(buf, len, "%.1f %s", v, units[u]);
}

static void print_info_table(const struct blob_cache *c, const struct blob_cache_stats *st)
{
	char a[32], b[32], cap[32];

	human_size(st->bytes, a, sizeof(a));
	human_size(st->temp_bytes, b, sizeof(b));
	if (c->max_bytes)
		human_size(c->max_bytes, cap, sizeof(cap));
	else
		snprintf(cap, sizeof(cap), "none");
	printf("directory: %s\n", c->dir);
	printf("blobs: %llu (%s)\n", (unsigned long long)st->blobs, a);
	printf("unfinished downloads: %llu (%s)\n", (unsigned long long)st->temp_files, b);
	printf("size cap: %s\n", cap);
}

static int print_info_json(const struct blob_cache *c, const struct blob_cache_stats *st, struct vg_err *err)
{
	json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "dir", c->dir, "blobs", (json_int_t)st->blobs,
			      "bytes", (json_int_t)st->bytes, "temp_files", (json_int_t)st->temp_files,
			      "temp_bytes", (json_int_t)st->temp_bytes, "max_bytes", (json_int_t)c->max_bytes);
	char *text;

	if (!o) /* the only value that can be refused is the path */
		return vg_err_set(err, VG_EFORMAT, "cache directory %s: not valid UTF-8, cannot be written as JSON",
				  c->dir);
	if (!(text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2))))
		vg_die_oom();
	printf("%s\n", text);
	free(text);
	json_decref(o);
	return 0;
}

static int cache_info(const char *format)
{
	struct vg_err err = { VG_OK, "" };
	struct blob_cache c;
	struct blob_cache_stats st;
	bool json = strcmp(format, "json") == 0;

	if (!json && strcmp(format, "table") != 0) {
		fprintf(stderr, "vigil: cache info: unknown --format \"%s\" (table, json)\n", format);
		return EXIT_USAGE;
	}
	if (blob_cache_open(&c, NULL, &err) != 0)
		return report_error(&err);
	if (blob_cache_stats(&c, &st, &err) != 0) {
		blob_cache_close(&c);
		return report_error(&err);
	}
	if (json && print_info_json(&c, &st, &err) != 0) {
		blob_cache_close(&c);
		return report_error(&err);
	}
	if (!json)
		print_info_table(&c, &st);
	blob_cache_close(&c);
	return EXIT_OK;
}

/* max_size is NULL for the configured cap. */
static int cache_prune(bool all, const char *max_size)
{
	struct vg_err err = { VG_OK, "" };
	struct blob_cache c;
	uint64_t keep = UINT64_MAX, removed = 0, removed_bytes = 0;
	char size[32];

	if (all)
		keep = 0;
	else if (max_size && parse_size("--max-size", max_size, &keep, &err) != 0)
		return report_error(&err);
	if (blob_cache_open(&c, NULL, &err) != 0)
		return report_error(&err);
	if (!all && !max_size && c.max_bytes > 0)
		keep = c.max_bytes;
	if (blob_cache_prune(&c, keep, all, &removed, &removed_bytes, &err) != 0) {
		blob_cache_close(&c);
		return report_error(&err);
	}
	human_size(removed_bytes, size, sizeof(size));
	printf("removed %llu blob%s (%s)\n", (unsigned long long)removed, removed == 1 ? "" : "s", size);
	blob_cache_close(&c);
	return EXIT_OK;
}

static int usage_error(const char *fmt, ...) VG_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vigil cache: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", cache_usage);
	return EXIT_USAGE;
}

int cmd_cache(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "max-size", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sub, *format = NULL, *max_size = NULL;
	bool all = false;
	int c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(cache_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = argv[1];
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'a': all = true; break;
		case 'm': max_size = optarg; break;
		case 'h': fputs(cache_usage, stdout); return EXIT_OK;
		default: return usage_error("unknown option or missing argument: %s", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument \"%s\"", argv[optind]);
	if (strcmp(sub, "info") == 0) {
		if (all || max_size)
			return usage_error("info: --all and --max-size are options of cache prune");
		return cache_info(format ? format : "table");
	}
	if (strcmp(sub, "prune") == 0) {
		if (format)
			return usage_error("prune: --format is an option of cache info");
		if (all && max_size)
			return usage_error("prune: --all and --max-size cannot be combined");
		return cache_prune(all, max_size);
	}
	return usage_error("unknown subcommand \"%s\"", sub);
}
