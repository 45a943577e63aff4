/* db.c - `vigil db build|info`: build the vulnerability database from feed
 * files and directories, and describe an existing one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/strbuf.h"
#include "../db/reader.h"
#include "../db/update.h"
#include "../feeds/feed.h"
#include "cmd.h"

static const char db_usage[] =
	"usage: vigil db build [--db PATH] SOURCE...\n"
	"       vigil db update [--db PATH] [--mirror URL] [--quiet]\n"
	"       vigil db update --list-feeds\n"
	"       vigil db info [--db PATH]\n"
	"\n"
	"SOURCE is a feed file or a directory searched for them: OSV JSON (.json, .jsonl,\n"
	"all.zip), Alpine/Wolfi secdb JSON, Wolfi advisories JSONL, the Debian security\n"
	"tracker JSON, CISA KEV JSON, NVD JSON, RubySec (ruby-advisory-db as JSON Lines),\n"
	"Node security-wg npm records. Files in other formats are skipped.\n"
	"update downloads the feeds from their upstream URLs (or from --mirror URL, which\n"
	"serves them under the paths --list-feeds prints) and rebuilds the database.\n"
	"The database is --db PATH, else $VIGIL_DB, else $XDG_CACHE_HOME/vigil/db.sqlite.\n";

#define DB_MAX_DEPTH 16

struct build_state {
	struct dbw *w;
	int files, skipped_files;
};

static const struct feed *detect_feed(const char *path, struct vg_err *err)
{
	char head[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n < 0) {
		vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return feed_detect(path, head, (size_t)n);
}

static int ingest_file(struct build_state *bs, const char *path, struct vg_err *err)
{
	const struct feed *f;

	err->code = VG_OK;
	f = detect_feed(path, err);
	if (!f) {
		if (err->code != VG_OK)
			return -1;
		fprintf(stderr, "vigil: %s: not a feed format vigil reads; skipped\n", path);
		bs->skipped_files++;
		return 0;
	}
	bs->files++;
	if (dbw_begin_source(bs->w, path, f->name, path, err) != 0 || f->ingest(path, bs->w, err) != 0 ||
	    dbw_end_source(bs->w, err) != 0)
		return -1;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int ingest_path(struct build_state *bs, const char *path, int depth, struct vg_err *err)
{
	struct stat sb;
	struct ptrvec names = PTRVEC_INIT;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (stat(path, &sb) != 0)
		return vg_err_set(err, VG_ENOTFOUND, "%s: %s", path, strerror(errno));
	if (S_ISREG(sb.st_mode))
		return ingest_file(bs, path, err);
	if (!S_ISDIR(sb.st_mode))
		return 0;
	if (depth > DB_MAX_DEPTH)
		return vg_err_set(err, VG_ELIMIT, "%s: directories nested too deep", path);
	if (!(d = opendir(path)))
		return vg_err_set(err, VG_EIO, "%s: %s", path, strerror(errno));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			ptrvec_push(&names, xstrdup(de->d_name));
	closedir(d);
	ptrvec_sort(&names, cmp_names); /* a stable build order */
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		struct strbuf child = STRBUF_INIT;
		strbuf_addf(&child, "%s/%s", path, (const char *)names.v[i]);
		rc = ingest_path(bs, child.buf, depth + 1, err);
		strbuf_release(&child);
	}
	ptrvec_free(&names, free);
	return rc;
}

static int db_build(const char *path, int nsrc, char **srcs)
{
	struct vg_err err = { VG_OK, "" };
	struct build_state bs = { NULL, 0, 0 };

	if (nsrc == 0) {
		fprintf(stderr, "vigil: db build: no SOURCE given\n%s", db_usage);
		return EXIT_USAGE;
	}
	if (vulndb_make_parent_dir(path, &err) != 0 || dbw_open(path, &bs.w, &err) != 0)
		return report_error(&err);
	for (int i = 0; i < nsrc; i++)
		if (ingest_path(&bs, srcs[i], 0, &err) != 0) {
			dbw_abort(bs.w);
			return report_error(&err);
		}
	if (dbw_commit(bs.w, &err) != 0)
		return report_error(&err);
	fprintf(stderr, "vigil: built %s from %d feed files (%d other files skipped)\n", path, bs.files,
		bs.skipped_files);
	return EXIT_OK;
}

static int print_row(int ncol, const char *const *cols, void *ctx)
{
	const char *fmt = ctx;

	if (strcmp(fmt, "meta") == 0)
		printf("%-16s %s\n", cols[0] ? cols[0] : "", cols[1] ? cols[1] : "");
	else if (strcmp(fmt, "source") == 0)
		printf("  %-18s %9s %8s  %-26s %s\n", cols[1] ? cols[1] : "", cols[3] ? cols[3] : "0",
		       cols[4] ? cols[4] : "0", cols[5] ? cols[5] : "-", cols[0] ? cols[0] : "");
	else
		for (int i = 0; i < ncol; i++)
			printf(i ? " %8s" : "  %-22s", cols[i] ? cols[i] : "");
	if (strcmp(fmt, "count") == 0)
		putchar('\n');
	return 0;
}

static int db_info(const char *path)
{
	struct vg_err err = { VG_OK, "" };
	struct vulndb *db;

	if (vulndb_open(path, &db, &err) != 0)
		return report_error(&err);
	printf("database         %s\n", path);
	if (vulndb_query(db, "SELECT key, value FROM meta ORDER BY key", print_row, "meta", &err) != 0)
		goto fail;
	printf("\nsources:\n  %-18s %9s %8s  %-26s %s\n", "FORMAT", "RECORDS", "SKIPPED", "NEWEST", "LOCATION");
	if (vulndb_query(db, "SELECT name, format, location, records, skipped, newest FROM sources ORDER BY name",
			 print_row, "source", &err) != 0)
		goto fail;
	printf("\nadvisories per namespace:\n  %-22s %8s %8s\n", "NAMESPACE", "ENTRIES", "PACKAGES");
	if (vulndb_query(db, "SELECT namespace, count(*), count(DISTINCT package) FROM affected GROUP BY namespace"
			     " ORDER BY namespace", print_row, "count", &err) != 0)
		goto fail;
	printf("\n");
	if (vulndb_query(db, "SELECT 'vulnerabilities', count(*) FROM vulnerabilities UNION ALL"
			     " SELECT 'exploited (KEV)', count(*) FROM exploited UNION ALL"
			     " SELECT 'severities', count(*) FROM severities", print_row, "count", &err) != 0)
		goto fail;
	vulndb_close(db);
	return EXIT_OK;
fail:
	vulndb_close(db);
	return report_error(&err);
}

int cmd_db(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "mirror", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "list-feeds", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	char *path = NULL;
	const char *sub, *mirror = NULL;
	bool quiet = false, list_feeds = false;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(db_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = argv[1];
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': free(path); path = xstrdup(optarg); break;
		case 'h': fputs(db_usage, stdout); free(path); return EXIT_OK;
		case 'm': mirror = optarg; break;
		case 'q': quiet = true; break;
		case 'L': list_feeds = true; break;
		default:
			fprintf(stderr, "vigil db: unknown option or missing argument: %s\n%s", argv[optind - 1], db_usage);
			free(path);
			return EXIT_USAGE;
		}
	}
	if ((mirror || quiet || list_feeds) && strcmp(sub, "update") != 0) {
		fprintf(stderr, "vigil db %s: --mirror, --quiet and --list-feeds are options of db update\n%s", sub, db_usage);
		free(path);
		return EXIT_USAGE;
	}
	if (!path)
		path = vulndb_default_path();
	if (strcmp(sub, "build") == 0) {
		rc = db_build(path, argc - optind, argv + optind);
	} else if (strcmp(sub, "update") == 0) {
		struct vg_err err = { VG_OK, "" };
		if (optind != argc)
			rc = (fputs(db_usage, stderr), EXIT_USAGE);
		else if (list_feeds)
			rc = (db_update_list_feeds(stdout), EXIT_OK);
		else
			rc = db_update(path, mirror, quiet, &err) == 0 ? EXIT_OK : report_error(&err);
	} else if (strcmp(sub, "info") == 0) {
		rc = optind == argc ? db_info(path) : (fputs(db_usage, stderr), EXIT_USAGE);
	} else {
		fprintf(stderr, "vigil db: unknown subcommand \"%s\"\n%s", sub, db_usage);
		rc = EXIT_USAGE;
	}
	free(path);
	return rc;
}
