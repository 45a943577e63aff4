/* test_dpkg.c - unit tests of the dpkg analyzer (analyzer/dpkg.c): every
 * status file under $VIGIL_SHARED/images/pkgdb/dpkg against dpkg-query run
 * at test time, the distroless status.d files against hand-read values, and
 * hand-written edge cases. */
#include "pkgtest.h"

#include <ftw.h>
#include <sys/stat.h>

#include "core/fileio.h"

#define STATUS_PATH "var/lib/dpkg/status"
#define SHARED_DPKG "images/pkgdb/dpkg"

/* ---- helpers ---- */

static int parse_text(const char *path, const char *text, struct inventory *inv, struct vg_err *err)
{
	return analyzer_dpkg.parse(path, text, strlen(text), inv, err);
}

static char *read_whole_file(const char *path, size_t *len)
{
	struct vg_err err = { 0 };
	char *data = NULL;

	if (read_file_capped(path, 64u << 20, &data, len, &err) != 0)
		fail_msg("%s", err.msg);
	return data;
}

/* ---- ground truth from dpkg-query ---- */

static bool have_dpkg_query(void)
{
	return system("dpkg-query --version >/dev/null 2>&1") == 0;
}

/*
 * Run dpkg-query on a copy of a status file (admindir with status and empty
 * info/ and updates/) and collect "name|version|arch|source|srcversion" of
 * the packages whose files are on disk: ${db:Status-Abbrev}'s second letter
 * is not 'n' (not-installed) or 'c' (config-files), the rule dpkg.c follows.
 */
static void dpkg_query_packages(const char *status_file, struct ptrvec *out)
{
	char dir[] = "/tmp/vigil-test-dpkg.XXXXXX", path[4096], cmd[8192], line[8192];
	struct vg_err err = { 0 };
	size_t len;
	char *data;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	data = read_whole_file(status_file, &len);
	snprintf(path, sizeof(path), "%s/status", dir);
	assert_int_equal(write_output(path, data, len, &err), 0);
	free(data);
	snprintf(path, sizeof(path), "%s/info", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/updates", dir);
	assert_int_equal(mkdir(path, 0700), 0);

	snprintf(cmd, sizeof(cmd),
		 "dpkg-query --admindir='%s' -W -f='${db:Status-Abbrev}|${Package}|${Version}|"
		 "${Architecture}|${source:Package}|${source:Version}\\n' 2>/dev/null", dir);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strlen(line) < 4 || line[1] == 'n' || line[1] == 'c')
			continue;
		ptrvec_push(out, xstrdup(line + 4)); /* drop "ii |" */
	}
	assert_int_equal(pclose(f), 0);

	snprintf(path, sizeof(path), "%s/info", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/updates", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/status", dir);
	unlink(path);
	rmdir(dir);
}

/* ---- finding the shared status files ---- */

static struct ptrvec found_status_files;   /* .../status */
static struct ptrvec found_status_d_files; /* .../status.d/<name> */

static int collect_status_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *slash = strrchr(path, '/');

	if (type != FTW_F)
		return 0;
	if (strcmp(slash + 1, "status") == 0)
		ptrvec_push(&found_status_files, xstrdup(path));
	else if (slash - path >= 9 && memcmp(slash - 9, "/status.d", 9) == 0)
		ptrvec_push(&found_status_d_files, xstrdup(path));
	return 0;
}

static void find_shared_status_files(const char *root)
{
	assert_int_equal(nftw(root, collect_status_file, 16, FTW_PHYS), 0);
	ptrvec_sort(&found_status_files, cmp_str);
	ptrvec_sort(&found_status_d_files, cmp_str);
}

static void forget_shared_status_files(void)
{
	ptrvec_free(&found_status_files, free);
	ptrvec_free(&found_status_d_files, free);
}

static void parse_file_as(const char *file, const char *image_path, struct inventory *inv)
{
	struct vg_err err = { 0 };
	size_t len;
	char *data = read_whole_file(file, &len);

	if (analyzer_dpkg.parse(image_path, data, len, inv, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
	free(data);
}

/* Parse a status file and assert the same packages as dpkg-query lists;
 * returns how many. */
static size_t assert_matches_dpkg_query(const char *file)
{
	struct inventory inv;
	struct ptrvec got = PTRVEC_INIT, want = PTRVEC_INIT;
	size_t n;

	inventory_init(&inv);
	parse_file_as(file, STATUS_PATH, &inv);
	for (size_t j = 0; j < inv.packages.n; j++) {
		const struct package *p = inv.packages.v[j];
		assert_int_equal(p->type, PKG_DEB);
		assert_string_equal(p->found_in, "/var/lib/dpkg/status");
		ptrvec_push(&got, describe_package(p));
	}
	dpkg_query_packages(file, &want);
	assert_same_lines(file, "dpkg-query", &got, &want);
	n = got.n;
	ptrvec_free(&got, free);
	ptrvec_free(&want, free);
	inventory_free(&inv);
	return n;
}

/* ---- tests on the shared data ---- */

static void test_every_shared_status_file_matches_dpkg_query(void **state)
{
	char root[4096];

	SKIP_WITHOUT_SHARED(root, SHARED_DPKG);
	if (!have_dpkg_query()) {
		fprintf(stderr, "# skip: dpkg-query not installed\n");
		skip();
	}
	find_shared_status_files(root);
	assert_true(found_status_files.n >= 5);
	for (size_t i = 0; i < found_status_files.n; i++) {
		size_t n = assert_matches_dpkg_query(found_status_files.v[i]);
		assert_true(n > 0);
		fprintf(stderr, "# %s: %zu packages match dpkg-query\n", (char *)found_status_files.v[i], n);
	}
	forget_shared_status_files();
}

/* The installed-state rule itself, checked against dpkg-query: one stanza per
 * Status word, a deinstall-wanted package, binNMU/epoch sources, no Status,
 * no Architecture. */
static void test_state_rule_matches_dpkg_query(void **state)
{
	static const char *const words[] = {
		"installed", "triggers-awaited", "triggers-pending", "half-configured",
		"unpacked", "half-installed", "config-files", "not-installed",
	};
	char file[] = "/tmp/vigil-test-status.XXXXXX";
	struct strbuf sb = STRBUF_INIT;
	struct vg_err err = { 0 };
	int fd;

	if (!have_dpkg_query()) {
		fprintf(stderr, "# skip: dpkg-query not installed\n");
		skip();
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(words); i++)
		strbuf_addf(&sb, "Package: p-%s\nStatus: install ok %s\nVersion: 1.%zu\n"
			    "Architecture: amd64\nMaintainer: m\nDescription: d\n%s\n", words[i], words[i], i,
			    strcmp(words[i], "triggers-awaited") == 0 ? "Triggers-Awaited: p-triggers-pending\n" :
			    strcmp(words[i], "triggers-pending") == 0 ? "Triggers-Pending: t\n" : "");
	strbuf_addstr(&sb,
		      "Package: q\nStatus: deinstall ok installed\nVersion: 1:2.0-1+b1\nSource: qsrc (1:2.0-1)\n"
		      "Architecture: i386\nMaintainer: m\nDescription: d\n\n"
		      "Package: r\nVersion: 1\nArchitecture: amd64\nMaintainer: m\nDescription: d\n\n"
		      "Package: s\nStatus: install ok installed\nVersion: 3\nSource: ssrc\nMaintainer: m\n"
		      "Description: d\n long\n .\n text\n");
	fd = mkstemp(file);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(write_output(file, sb.buf, sb.len, &err), 0);
	assert_int_equal(assert_matches_dpkg_query(file), 8);
	unlink(file);
	strbuf_release(&sb);
}

/* Counts and versions read by hand from the files and the README. */
static void test_shared_status_files_hand_checked(void **state)
{
	static const struct {
		const char *dir;
		size_t count;
		const char *name, *expected;
	} cases[] = {
		{ "debian-12-bookworm-slim", 88, "libc6", "libc6|2.36-9+deb12u14|amd64|glibc|2.36-9+deb12u14" },
		{ "ubuntu-18.04-trivy-testdata", 90, NULL, NULL },
		{ "ubuntu-14.04-armhf", 184, NULL, NULL },
		{ "ubuntu-20.04-armhf", 221, NULL, NULL },
		{ "debian-wheezy-powerpc", 311, NULL, NULL },
	};
	char root[4096], file[8192];

	SKIP_WITHOUT_SHARED(root, SHARED_DPKG);
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;

		inventory_init(&inv);
		snprintf(file, sizeof(file), "%s/%s/status", root, cases[i].dir);
		parse_file_as(file, STATUS_PATH, &inv);
		if (inv.packages.n != cases[i].count)
			fail_msg("%s: %zu packages, expected %zu", file, inv.packages.n, cases[i].count);
		if (cases[i].name)
			assert_package(&inv, cases[i].name, cases[i].expected);
		inventory_free(&inv);
	}
}

/* The one config-files package of the trivy file is not reported. */
static void test_shared_config_files_package_excluded(void **state)
{
	char file[4096];
	struct inventory inv;
	size_t len;
	char *data;
	const char *rc_name, *end;
	char name[256];

	SKIP_WITHOUT_SHARED(file, SHARED_DPKG "/ubuntu-18.04-trivy-testdata/status");
	data = read_whole_file(file, &len);
	rc_name = strstr(data, "Status: deinstall ok config-files");
	assert_non_null(rc_name);
	/* the Package line precedes Status in this file */
	while (rc_name > data && !str_starts_with(rc_name, "\nPackage: "))
		rc_name--;
	rc_name += strlen("\nPackage: ");
	end = strchr(rc_name, '\n');
	snprintf(name, sizeof(name), "%.*s", (int)(end - rc_name), rc_name);
	inventory_init(&inv);
	assert_int_equal(analyzer_dpkg.parse(STATUS_PATH, data, len, &inv, NULL), 0);
	assert_null(find_package(&inv, name));
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
	free(data);
}

/* Hand-checked expectations for each distroless status.d file. */
static const struct {
	const char *file;
	size_t count, warnings;
	const char *packages[3]; /* describe_package() lines */
} status_d_expectations[] = {
	{ "libsqlite3-0", 1, 0, { "libsqlite3-0|3.34.1-3|arm64|sqlite3|3.34.1-3" } },
	/* "Package:" (empty) and "no-version" are skipped with a warning each */
	{ "multiple", 2, 2,
	  { "tzdata|2020a-0+deb10u1|all|tzdata-dev|2020a-0+deb10u1",
	    "util-linux|2.33.1-0.1|amd64|util-linux|2.33.1-0.1" } },
};

static void check_status_d_file(const char *file)
{
	const char *base = strrchr(file, '/') + 1;
	char image_path[512];
	struct inventory inv;

	snprintf(image_path, sizeof(image_path), "var/lib/dpkg/status.d/%s", base);
	if (!analyzer_dpkg.wants(image_path)) {
		if (!str_ends_with(base, ".md5sums"))
			fail_msg("%s: not wanted, and not a .md5sums file", file);
		return;
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(status_d_expectations); i++) {
		if (strcmp(status_d_expectations[i].file, base) != 0)
			continue;
		inventory_init(&inv);
		parse_file_as(file, image_path, &inv);
		assert_int_equal(inv.packages.n, status_d_expectations[i].count);
		assert_int_equal(inv.warnings.n, status_d_expectations[i].warnings);
		for (size_t w = 0; w < inv.warnings.n; w++)
			assert_non_null(strstr(inv.warnings.v[w], image_path));
		for (size_t j = 0; j < inv.packages.n; j++) {
			const struct package *p = inv.packages.v[j];
			char *got = describe_package(p), found_in[600];
			assert_string_equal(got, status_d_expectations[i].packages[j]);
			snprintf(found_in, sizeof(found_in), "/%s", image_path);
			assert_string_equal(p->found_in, found_in);
			free(got);
		}
		inventory_free(&inv);
		return;
	}
	fail_msg("%s: no hand-checked expectations for this status.d file; add them", file);
}

static void test_every_shared_status_d_file(void **state)
{
	char root[4096];

	SKIP_WITHOUT_SHARED(root, SHARED_DPKG);
	find_shared_status_files(root);
	assert_true(found_status_d_files.n >= 3);
	for (size_t i = 0; i < found_status_d_files.n; i++)
		check_status_d_file(found_status_d_files.v[i]);
	forget_shared_status_files();
}

static void test_distroless_maintainer_and_found_in(void **state)
{
	char file[4096];
	struct inventory inv;
	const struct package *p;

	SKIP_WITHOUT_SHARED(file, SHARED_DPKG "/syft-distroless-status.d/var/lib/dpkg/status.d/libsqlite3-0");
	inventory_init(&inv);
	parse_file_as(file, "var/lib/dpkg/status.d/libsqlite3-0", &inv);
	p = find_package(&inv, "libsqlite3-0");
	assert_non_null(p);
	assert_string_equal(p->maintainer, "Laszlo Boszormenyi (GCS) <gcs@debian.org>");
	assert_string_equal(p->found_in, "/var/lib/dpkg/status.d/libsqlite3-0");
	assert_int_equal(p->epoch, -1);
	assert_int_equal(p->layer_index, -1);
	inventory_free(&inv);
}

/* ---- wants ---- */

static void test_wants(void **state)
{
	assert_true(analyzer_dpkg.wants("var/lib/dpkg/status"));
	assert_true(analyzer_dpkg.wants("var/lib/dpkg/status.d/libsqlite3-0"));
	assert_true(analyzer_dpkg.wants("var/lib/dpkg/status.d/libssl1.1"));
	assert_true(analyzer_dpkg.wants("var/lib/dpkg/status.d/base"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d/libsqlite3-0.md5sums"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d/foo.list"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d/foo.dpkg-old"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d/.hidden"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d/"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d/sub/x"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status.d"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/status-old"));
	assert_false(analyzer_dpkg.wants("var/lib/dpkg/available"));
	assert_false(analyzer_dpkg.wants("/var/lib/dpkg/status"));
	assert_false(analyzer_dpkg.wants("usr/var/lib/dpkg/status"));
	assert_false(analyzer_dpkg.wants("lib/apk/db/installed"));
}

/* ---- hand-written edge cases ---- */

#define STANZA(name, version, extra) \
	"Package: " name "\nStatus: install ok installed\n" extra "Architecture: amd64\nVersion: " version "\n"

static void test_epoch_kept_in_version(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    STANZA("zlib1g", "1:1.2.11.dfsg-2+deb11u2", "Source: zlib\n"), &inv, NULL), 0);
	assert_package(&inv, "zlib1g", "zlib1g|1:1.2.11.dfsg-2+deb11u2|amd64|zlib|1:1.2.11.dfsg-2+deb11u2");
	assert_int_equal(find_package(&inv, "zlib1g")->epoch, -1);
	inventory_free(&inv);
}

static void test_binnmu_source_version(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    STANZA("coreutils", "8.32-4+b1", "Source: coreutils (8.32-4)\n") "\n"
				    STANZA("librtmp1", "2.4+20151223.gitfa8646d.1-2+b2",
					   "Source: rtmpdump (2.4+20151223.gitfa8646d.1-2)\n") "\n"
				    STANZA("libfoo", "2:1.0-1+b1", "Source:   foo   (  2:1.0-1 )  \n"),
				    &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 3);
	assert_package(&inv, "coreutils", "coreutils|8.32-4+b1|amd64|coreutils|8.32-4");
	assert_package(&inv, "librtmp1",
		       "librtmp1|2.4+20151223.gitfa8646d.1-2+b2|amd64|rtmpdump|2.4+20151223.gitfa8646d.1-2");
	assert_package(&inv, "libfoo", "libfoo|2:1.0-1+b1|amd64|foo|2:1.0-1");
	inventory_free(&inv);
}

static void test_source_defaults_and_malformed_source(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    STANZA("plain", "1.0", "") "\n"
				    STANZA("empty-source", "1.0", "Source:\n") "\n"
				    STANZA("bad-source", "1.0", "Source: foo (1.0\n") "\n"
				    STANZA("spaced-source", "1.0", "Source: foo (1.0 2.0)\n"),
				    &inv, NULL), 0);
	assert_package(&inv, "plain", "plain|1.0|amd64|plain|1.0");
	assert_package(&inv, "empty-source", "empty-source|1.0|amd64|empty-source|1.0");
	assert_package(&inv, "bad-source", "bad-source|1.0|amd64|bad-source|1.0");
	assert_package(&inv, "spaced-source", "spaced-source|1.0|amd64|spaced-source|1.0");
	assert_int_equal(inv.warnings.n, 2);
	assert_true(any_warning_contains(&inv, "malformed Source 'foo (1.0'"));
	inventory_free(&inv);
}

static void test_continuation_lines(void **state)
{
	struct inventory inv;
	const struct package *p;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "Package: util-linux\n"
				    "Status: install ok installed\n"
				    "Maintainer: LaMont Jones\n"
				    "  <lamont@debian.org>\n"
				    "Conffiles:\n"
				    " /etc/default/hwclock 3916544450533eca69131f894db0ca12\n"
				    "Package-Like: not a field we use\n"
				    "Description: miscellaneous system utilities\n"
				    " Version: 9.9 is not a field here\n"
				    "\tPackage: neither is this\n"
				    " .\n"
				    "Architecture: amd64\n"
				    "Version: 2.33.1-0.1\n",
				    &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_package(&inv, "util-linux", "util-linux|2.33.1-0.1|amd64|util-linux|2.33.1-0.1");
	p = find_package(&inv, "util-linux");
	assert_string_equal(p->maintainer, "LaMont Jones <lamont@debian.org>");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_continued_version_is_rejected(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "Package: a\nStatus: install ok installed\nVersion: 1.0\n -1\n\n"
				    STANZA("b", "2.0", ""), &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_non_null(find_package(&inv, "b"));
	assert_true(any_warning_contains(&inv, "Version field contains spaces"));
	inventory_free(&inv);
}

static void test_status_states(void **state)
{
	static const struct {
		const char *status;
		bool kept, warned;
	} cases[] = {
		{ "install ok installed", true, false },
		{ "install  ok\tinstalled ", true, false },
		{ "hold ok installed", true, false },
		{ "deinstall ok installed", true, false },  /* marked for removal, still on disk */
		{ "purge ok installed", true, false },
		{ "install ok triggers-pending", true, false },
		{ "install ok triggers-awaited", true, false },
		{ "install ok half-configured", true, true },
		{ "install ok unpacked", true, true },
		{ "install reinstreq half-installed", true, true },
		{ "deinstall ok config-files", false, false },
		{ "purge ok not-installed", false, false },
		{ "install ok triggers-awaiting", false, true }, /* not a dpkg word */
		{ "install ok", false, true },
		{ "install ok installed extra", false, true },
		{ "", false, true },
	};
	char text[512];

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;

		snprintf(text, sizeof(text), "Package: p\nStatus: %s\nVersion: 1\nArchitecture: amd64\n",
			 cases[i].status);
		inventory_init(&inv);
		assert_int_equal(parse_text(STATUS_PATH, text, &inv, NULL), 0);
		if (inv.packages.n != (cases[i].kept ? 1u : 0u) || (inv.warnings.n > 0) != cases[i].warned)
			fail_msg("Status '%s': %zu packages, %zu warnings", cases[i].status,
				 inv.packages.n, inv.warnings.n);
		inventory_free(&inv);
	}
}

static void test_missing_status(void **state)
{
	const char *text = "Package: nostatus\nVersion: 1.0\nArchitecture: arm64\n";
	struct inventory inv;

	/* status file: no Status means not installed, as for dpkg */
	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH, text, &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 0);
	assert_true(any_warning_contains(&inv, "no Status field"));
	inventory_free(&inv);

	/* distroless status.d: no Status means installed */
	inventory_init(&inv);
	assert_int_equal(parse_text("var/lib/dpkg/status.d/nostatus", text, &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_package(&inv, "nostatus", "nostatus|1.0|arm64|nostatus|1.0");
	assert_string_equal(find_package(&inv, "nostatus")->found_in, "/var/lib/dpkg/status.d/nostatus");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_missing_package_or_version_warns(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "Package:\nStatus: install ok installed\nVersion: 1\n\n"
				    "Package: no-version\nStatus: install ok installed\n\n"
				    "Status: install ok installed\nVersion: 1\n\n"
				    STANZA("good", "1", ""), &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_int_equal(inv.warnings.n, 3);
	assert_true(any_warning_contains(&inv, STATUS_PATH ": line 1: stanza without a Package name"));
	assert_true(any_warning_contains(&inv, STATUS_PATH ": line 5: package no-version has no Version"));
	assert_true(any_warning_contains(&inv, STATUS_PATH ": line 8: stanza without a Package name"));
	inventory_free(&inv);
}

static void test_crlf(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "Package: a\r\nStatus: install ok installed\r\nVersion: 1.0-1\r\n"
				    "Architecture: amd64\r\nSource: srca (1.0-0)\r\nDescription: x\r\n more\r\n"
				    "\r\n"
				    "Package: b\r\nStatus: install ok installed\r\nVersion: 2\r\n",
				    &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_package(&inv, "a", "a|1.0-1|amd64|srca|1.0-0");
	assert_package(&inv, "b", "b|2||b|2");
	assert_null(find_package(&inv, "b")->arch);
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_missing_trailing_newline_and_blank_lines(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "\n\n \t\n" STANZA("a", "1", "") " \n\n\n\t\n" STANZA("b", "2", "")
				    "Maintainer: last line, no newline", &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_string_equal(find_package(&inv, "b")->maintainer, "last line, no newline");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_empty_and_blank_files(void **state)
{
	const char *texts[] = { "", "\n", "\n\n  \r\n\t\n" };

	for (size_t i = 0; i < VG_ARRAY_LEN(texts); i++) {
		struct inventory inv;
		struct vg_err err = { 0 };

		inventory_init(&inv);
		assert_int_equal(parse_text(STATUS_PATH, texts[i], &inv, &err), 0);
		assert_int_equal(inv.packages.n, 0);
		assert_int_equal(inv.warnings.n, 0);
		inventory_free(&inv);
	}
}

static void test_nul_bytes_are_an_error(void **state)
{
	static const char data[] = "Package: a\nVersion: 1\0\n\nPackage: b\n";
	struct inventory inv;
	struct vg_err err = { 0 };

	inventory_init(&inv);
	assert_int_equal(analyzer_dpkg.parse(STATUS_PATH, data, sizeof(data) - 1, &inv, &err), -1);
	assert_int_equal(err.code, VG_EFORMAT);
	assert_string_equal(err.msg, STATUS_PATH ": line 2: NUL byte; not a dpkg status file");
	assert_int_equal(inv.packages.n, 0);
	inventory_free(&inv);
}

static void test_garbage_is_an_error(void **state)
{
	static const char *const texts[] = {
		"this is not\na dpkg status file\n",
		"\n\n{\"json\": true}\n",
		"Name: x\nVersion: 1\n",  /* fields, but never a Package */
		" leading continuation\n",
		"\x89PNG\r\n\x1a\n binary junk \xff\xfe\n",
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(texts); i++) {
		struct inventory inv;
		struct vg_err err = { 0 };

		inventory_init(&inv);
		assert_int_equal(parse_text(STATUS_PATH, texts[i], &inv, &err), -1);
		assert_int_equal(err.code, VG_EFORMAT);
		assert_non_null(strstr(err.msg, STATUS_PATH ": line "));
		assert_non_null(strstr(err.msg, "not a dpkg status file"));
		assert_int_equal(inv.packages.n, 0);
		assert_int_equal(inv.warnings.n, 0); /* a rejected file leaves no warnings */
		inventory_free(&inv);
	}
	/* err may be NULL */
	{
		struct inventory inv;
		inventory_init(&inv);
		assert_int_equal(parse_text(STATUS_PATH, "garbage\n", &inv, NULL), -1);
		inventory_free(&inv);
	}
}

static void test_bad_stanza_is_skipped(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    STANZA("a", "1", "") "\n"
				    "Package: broken\nStatus: install ok installed\nthis line has no colon\nVersion: 1\n\n"
				    "Package: dup\nPackage: dup2\nStatus: install ok installed\nVersion: 1\n\n"
				    "Package: badname\nStat us: x\nStatus: install ok installed\nVersion: 1\n\n"
				    " continuation first\nPackage: c\nStatus: install ok installed\nVersion: 1\n\n"
				    STANZA("b", "2", ""), &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	assert_non_null(find_package(&inv, "a"));
	assert_non_null(find_package(&inv, "b"));
	assert_int_equal(inv.warnings.n, 4);
	assert_true(any_warning_contains(&inv, STATUS_PATH ": line 8: line with no ':'"));
	assert_true(any_warning_contains(&inv, "line 12: duplicate Package field"));
	assert_true(any_warning_contains(&inv, "line 17: invalid field name"));
	assert_true(any_warning_contains(&inv, "line 21: continuation line before any field"));
	inventory_free(&inv);
}

static void test_field_names_are_case_insensitive(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "package: a\nSTATUS: install ok installed\nversion:1.0\narchitecture:\tall\n",
				    &inv, NULL), 0);
	assert_package(&inv, "a", "a|1.0|all|a|1.0");
	inventory_free(&inv);
}

static void test_duplicate_packages_and_multiarch(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH,
				    "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36\n\n"
				    "Package: libc6\nStatus: install ok installed\nArchitecture: i386\nVersion: 2.36\n\n"
				    "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 9.99\n",
				    &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 2);
	for (size_t i = 0; i < inv.packages.n; i++)
		assert_string_equal(((struct package *)inv.packages.v[i])->version, "2.36");
	assert_true(any_warning_contains(&inv, "line 11: package libc6 listed twice"));
	inventory_free(&inv);
}

static void test_long_values_and_lines(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct inventory inv;

	/* a 1 MiB Description is fine; a 5000-byte Version is not */
	strbuf_addstr(&sb, STANZA("big-description", "1", "") "Description: ");
	for (int i = 0; i < (1 << 20); i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, "\n\nPackage: big-version\nStatus: install ok installed\nVersion: ");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&sb, '1');
	strbuf_addstr(&sb, "\n");
	inventory_init(&inv);
	assert_int_equal(analyzer_dpkg.parse(STATUS_PATH, sb.buf, sb.len, &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_non_null(find_package(&inv, "big-description"));
	assert_true(any_warning_contains(&inv, "Version field longer than 4096 bytes"));
	inventory_free(&inv);
	strbuf_release(&sb);
}

static void test_warnings_are_capped(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct inventory inv;

	for (int i = 0; i < 5000; i++)
		strbuf_addf(&sb, "Package: p%d\nStatus: install ok installed\n\n", i);
	inventory_init(&inv);
	assert_int_equal(analyzer_dpkg.parse(STATUS_PATH, sb.buf, sb.len, &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 0);
	assert_true(inv.warnings.n <= 40);
	assert_true(any_warning_contains(&inv, "further ones not reported"));
	inventory_free(&inv);
	strbuf_release(&sb);
}

static void test_comment_lines_are_ignored(void **state)
{
	struct inventory inv;

	inventory_init(&inv);
	assert_int_equal(parse_text(STATUS_PATH, "# generated\n" STANZA("a", "1", "# inside\n"), &inv, NULL), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_every_shared_status_file_matches_dpkg_query),
		cmocka_unit_test(test_state_rule_matches_dpkg_query),
		cmocka_unit_test(test_shared_status_files_hand_checked),
		cmocka_unit_test(test_shared_config_files_package_excluded),
		cmocka_unit_test(test_every_shared_status_d_file),
		cmocka_unit_test(test_distroless_maintainer_and_found_in),
		cmocka_unit_test(test_epoch_kept_in_version),
		cmocka_unit_test(test_binnmu_source_version),
		cmocka_unit_test(test_source_defaults_and_malformed_source),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_continued_version_is_rejected),
		cmocka_unit_test(test_status_states),
		cmocka_unit_test(test_missing_status),
		cmocka_unit_test(test_missing_package_or_version_warns),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_missing_trailing_newline_and_blank_lines),
		cmocka_unit_test(test_empty_and_blank_files),
		cmocka_unit_test(test_nul_bytes_are_an_error),
		cmocka_unit_test(test_garbage_is_an_error),
		cmocka_unit_test(test_bad_stanza_is_skipped),
		cmocka_unit_test(test_field_names_are_case_insensitive),
		cmocka_unit_test(test_duplicate_packages_and_multiarch),
		cmocka_unit_test(test_long_values_and_lines),
		cmocka_unit_test(test_warnings_are_capped),
		cmocka_unit_test(test_comment_lines_are_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
