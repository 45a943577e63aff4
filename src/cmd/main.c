/* main.c - the vigil command dispatcher. Each command lives in its own file
 * and returns an exit code (cmd.h). */
#include "cmd.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, "find known vulnerabilities in an image" },
	{ "sbom", cmd_sbom, "list the packages installed in an image" },
	{ "db", cmd_db, "build or describe the vulnerability database" },
	{ "cache", cmd_cache, "show or prune the registry blob cache" },
};

static void usage(FILE *f)
{
	fputs("usage: vigil [--version] [--help] COMMAND [ARGS]\n\ncommands:\n", f);
	for (size_t i = 0; i < VG_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'vigil COMMAND --help' for a command's options.\n", f);
}

int main(int argc, char **argv)
{
	/* Every time vigil prints is UTC. Without TZ, glibc re-reads
	 * /etc/localtime for each libarchive timestamp conversion: one stat per
	 * zip entry, which doubles the cost of reading jars. */
	setenv("TZ", "UTC", 0);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("vigil %s\n", VIGIL_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "vigil: '%s' is not a vigil command\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
