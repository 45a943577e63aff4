/* test_os.c - unit tests of OS detection (analyzer/os.c): the os-release and
 * alpine-release files of every $VIGIL_SHARED/images/pkgdb dir, os-release
 * quoting, and the debian_version / redhat-release style fallbacks. */
#include "testutil.h"

#include <dirent.h>

#include "analyzer/analyzer.h"
#include "core/fileio.h"

/* ---- an in-memory image: a few files by path ---- */

struct memfile {
	const char *path;
	char *data; /* NUL-terminated at data[len] */
	size_t len;
};

struct memfs {
	struct memfile files[8];
	size_t n;
};

static const char *memfs_read(void *ctx, const char *path, size_t *len)
{
	struct memfs *fs = ctx;

	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->files[i].path, path) == 0) {
			*len = fs->files[i].len;
			return fs->files[i].data;
		}
	}
	return NULL;
}

static void memfs_add_bytes(struct memfs *fs, const char *path, const char *data, size_t len)
{
	struct memfile *f = &fs->files[fs->n++];

	assert_true(fs->n <= VG_ARRAY_LEN(fs->files));
	f->path = path;
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
}

static void memfs_add(struct memfs *fs, const char *path, const char *text)
{
	memfs_add_bytes(fs, path, text, strlen(text));
}

/* Add the host file `file` (if it exists) as `path`. */
static bool memfs_add_host_file(struct memfs *fs, const char *path, const char *file)
{
	struct vg_err err = { 0 };
	char *data;
	size_t len;

	if (access(file, F_OK) != 0)
		return false;
	if (read_file_capped(file, 1 << 20, &data, &len, &err) != 0)
		fail_msg("%s", err.msg);
	memfs_add_bytes(fs, path, data, len);
	free(data);
	return true;
}

static void memfs_free(struct memfs *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		free(fs->files[i].data);
	fs->n = 0;
}

static bool any_warning_contains(const struct inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->warnings.n; i++)
		if (strstr(inv->warnings.v[i], needle))
			return true;
	return false;
}

static void assert_opt_string(const char *what, const char *got, const char *want)
{
	if (!want && !got)
		return;
	if (!want || !got || strcmp(got, want) != 0)
		fail_msg("%s: got %s%s%s, want %s%s%s", what, got ? "'" : "", got ? got : "NULL", got ? "'" : "",
			 want ? "'" : "", want ? want : "NULL", want ? "'" : "");
}

/* What os_detect should find. */
struct os_expect {
	const char *id, *version_id, *codename, *source_file;
};

static void assert_os(const struct inventory *inv, const struct os_expect *e)
{
	assert_true(inv->os.detected);
	assert_opt_string("id", inv->os.id, e->id);
	assert_opt_string("version_id", inv->os.version_id, e->version_id);
	assert_opt_string("version_codename", inv->os.version_codename, e->codename);
	assert_opt_string("source_file", inv->os.source_file, e->source_file);
}

/* Detect the OS of fs into inv (initialised here). */
static void detect(struct memfs *fs, struct inventory *inv)
{
	inventory_init(inv);
	os_detect(memfs_read, fs, inv);
}

/* ---- the shared pkgdb dirs ---- */

static const struct {
	const char *dir;
	struct os_expect os;
	const char *name, *pretty_name, *id_like;
} shared_expectations[] = {
	{ "apk/alpine-3.7.3-x86_64", { "alpine", "3.7.3", NULL, "/etc/os-release" }, "Alpine Linux", "Alpine Linux v3.7", NULL },
	{ "apk/alpine-3.10.9-x86_64", { "alpine", "3.10.9", NULL, "/etc/os-release" }, "Alpine Linux", "Alpine Linux v3.10", NULL },
	{ "apk/alpine-3.12.12-x86_64", { "alpine", "3.12.12", NULL, "/etc/os-release" }, "Alpine Linux", "Alpine Linux v3.12", NULL },
	{ "apk/alpine-3.16.9-x86_64", { "alpine", "3.16.9", NULL, "/etc/os-release" }, "Alpine Linux", "Alpine Linux v3.16", NULL },
	{ "apk/alpine-3.20.3-x86_64", { "alpine", "3.20.3", NULL, "/etc/os-release" }, "Alpine Linux", "Alpine Linux v3.20", NULL },
	{ "dpkg/debian-12-bookworm-slim", { "debian", "12", "bookworm", "/etc/os-release" },
	  "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", NULL },
	/* no VERSION_ID and no debian_version: "wheezy/sid" in PRETTY_NAME */
	{ "dpkg/debian-wheezy-powerpc", { "debian", "7", "wheezy", "/etc/os-release" },
	  "Debian GNU/Linux", "Debian GNU/Linux wheezy/sid", NULL },
	/* no VERSION_CODENAME: from VERSION="14.04, Trusty Tahr" */
	{ "dpkg/ubuntu-14.04-armhf", { "ubuntu", "14.04", "trusty", "/etc/os-release" },
	  "Ubuntu", "Ubuntu 14.04 LTS", "debian" },
	{ "dpkg/ubuntu-20.04-armhf", { "ubuntu", "20.04", "focal", "/etc/os-release" },
	  "Ubuntu", "Ubuntu 20.04 LTS", "debian" },
};

/* Load <dir>/os-release and <dir>/alpine-release as the image's /etc files. */
static void load_shared_dir(struct memfs *fs, const char *dir)
{
	char file[8192 + 64];

	snprintf(file, sizeof(file), "%s/os-release", dir);
	memfs_add_host_file(fs, "etc/os-release", file);
	snprintf(file, sizeof(file), "%s/alpine-release", dir);
	memfs_add_host_file(fs, "etc/alpine-release", file);
}

static void check_shared_dir(const char *root, const char *kind, const char *name)
{
	char dir[8192], rel[512];
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	snprintf(dir, sizeof(dir), "%s/%s/%s", root, kind, name);
	snprintf(rel, sizeof(rel), "%s/%s", kind, name);
	load_shared_dir(&fs, dir);
	detect(&fs, &inv);
	if (fs.n == 0) {
		/* package-DB-only fixtures: nothing to detect */
		assert_false(inv.os.detected);
		assert_null(inv.os.id);
	} else {
		size_t i;
		for (i = 0; i < VG_ARRAY_LEN(shared_expectations); i++)
			if (strcmp(shared_expectations[i].dir, rel) == 0)
				break;
		if (i == VG_ARRAY_LEN(shared_expectations))
			fail_msg("%s: no expectations for this dir; add them", rel);
		assert_os(&inv, &shared_expectations[i].os);
		assert_opt_string("name", inv.os.name, shared_expectations[i].name);
		assert_opt_string("pretty_name", inv.os.pretty_name, shared_expectations[i].pretty_name);
		assert_opt_string("id_like", inv.os.id_like, shared_expectations[i].id_like);
		assert_int_equal(inv.warnings.n, 0);
	}
	inventory_free(&inv);
	memfs_free(&fs);
}

static void test_every_shared_pkgdb_dir(void **state)
{
	static const char *const kinds[] = { "apk", "dpkg" };
	char root[4096], dir[8192];
	int dirs = 0;

	SKIP_WITHOUT_SHARED(root, "images/pkgdb");
	for (size_t k = 0; k < VG_ARRAY_LEN(kinds); k++) {
		struct dirent *de;
		DIR *d;

		snprintf(dir, sizeof(dir), "%s/%s", root, kinds[k]);
		d = opendir(dir);
		assert_non_null(d);
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			check_shared_dir(root, kinds[k], de->d_name);
			dirs++;
		}
		closedir(d);
	}
	assert_true(dirs >= 12);
}

/* alpine-release alone gives the VERSION_ID that os-release has. */
static void test_shared_alpine_release_fallback(void **state)
{
	char root[4096], file[8192];

	SKIP_WITHOUT_SHARED(root, "images/pkgdb/apk");
	for (size_t i = 0; i < VG_ARRAY_LEN(shared_expectations); i++) {
		struct memfs fs = { .n = 0 };
		struct inventory inv;

		if (strcmp(shared_expectations[i].os.id, "alpine") != 0)
			continue;
		snprintf(file, sizeof(file), "%s/../%s/alpine-release", root, shared_expectations[i].dir);
		assert_true(memfs_add_host_file(&fs, "etc/alpine-release", file));
		detect(&fs, &inv);
		assert_os(&inv, &(struct os_expect){ "alpine", shared_expectations[i].os.version_id, NULL,
						       "/etc/alpine-release" });
		inventory_free(&inv);
		memfs_free(&fs);
	}
}

/* ---- os_wants ---- */

static void test_wants(void **state)
{
	static const char *const wanted[] = {
		"etc/os-release", "usr/lib/os-release", "etc/alpine-release", "etc/debian_version",
		"etc/redhat-release", "etc/centos-release", "etc/rocky-release",
		"etc/almalinux-release", "etc/system-release",
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(wanted); i++)
		assert_true(os_wants(wanted[i]));
	assert_false(os_wants("/etc/os-release"));
	assert_false(os_wants("etc/os-release.d/x"));
	assert_false(os_wants("etc/lsb-release-x"));
	assert_false(os_wants("var/lib/dpkg/status"));
}

/* ---- os-release syntax ---- */

static void detect_os_release(const char *text, struct inventory *inv)
{
	struct memfs fs = { .n = 0 };

	memfs_add(&fs, "etc/os-release", text);
	detect(&fs, inv);
	memfs_free(&fs);
}

static void test_quoting(void **state)
{
	struct inventory inv;

	detect_os_release("# a comment\n"
			  "\n"
			  "   # indented comment\n"
			  "NAME='Single \"quoted\" \\n'\n"
			  "PRETTY_NAME=\"Double \\\"esc\\\" \\\\ \\$HOME \\`x\\` \\q 'single'\"\n"
			  "ID=plain\\ word   # trailing comment\n"
			  "VERSION_ID = \"1.0\"\n"
			  "ID_LIKE=\"rhel \"'fedora'\n"
			  "VERSION_CODENAME=\n",
			  &inv);
	assert_os(&inv, &(struct os_expect){ "plain word", "1.0", NULL, "/etc/os-release" });
	assert_string_equal(inv.os.name, "Single \"quoted\" \\n");
	assert_string_equal(inv.os.pretty_name, "Double \"esc\" \\ $HOME `x` \\q 'single'");
	assert_string_equal(inv.os.id_like, "rhel fedora");
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_later_assignment_wins_and_crlf(void **state)
{
	struct inventory inv;

	detect_os_release("ID=first\r\nID=\"second\"\r\nVERSION_ID=2\r\nexport VERSION_CODENAME=cool\r\n", &inv);
	assert_os(&inv, &(struct os_expect){ "second", "2", "cool", "/etc/os-release" });
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
}

static void test_malformed_lines_warn(void **state)
{
	struct inventory inv;

	detect_os_release("ID=\"unterminated\nVERSION_ID='3.1\nnot an assignment\n=novalue\n"
			  "NAME=\"x\" trailing junk\nPRETTY_NAME=ok\n",
			  &inv);
	assert_os(&inv, &(struct os_expect){ "unterminated", "3.1", NULL, "/etc/os-release" });
	assert_string_equal(inv.os.name, "x");
	assert_string_equal(inv.os.pretty_name, "ok");
	assert_true(any_warning_contains(&inv, "/etc/os-release: line 1: unterminated \" quote"));
	assert_true(any_warning_contains(&inv, "/etc/os-release: line 2: unterminated ' quote"));
	assert_true(any_warning_contains(&inv, "/etc/os-release: line 3: not a KEY=value assignment"));
	assert_true(any_warning_contains(&inv, "/etc/os-release: line 4: not a KEY=value assignment"));
	assert_true(any_warning_contains(&inv, "/etc/os-release: line 5: text after the value ignored"));
	inventory_free(&inv);
}

static void test_long_value_is_ignored(void **state)
{
	char text[4096];
	struct inventory inv;

	snprintf(text, sizeof(text), "ID=debian\nNAME=%02000d\nVERSION_ID=12\n", 7);
	detect_os_release(text, &inv);
	assert_os(&inv, &(struct os_expect){ "debian", "12", NULL, "/etc/os-release" });
	assert_null(inv.os.name);
	assert_true(any_warning_contains(&inv, "line 2: value longer than 1024 bytes"));
	inventory_free(&inv);
}

static void test_usr_lib_os_release_fallback(void **state)
{
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	memfs_add(&fs, "usr/lib/os-release", "ID=fedora\nVERSION_ID=39\nVERSION=\"39 (Container Image)\"\n");
	detect(&fs, &inv);
	/* a codename is only derived from VERSION for debian and ubuntu */
	assert_os(&inv, &(struct os_expect){ "fedora", "39", NULL, "/usr/lib/os-release" });
	inventory_free(&inv);
	memfs_free(&fs);

	/* /etc/os-release wins over /usr/lib/os-release */
	memfs_add(&fs, "usr/lib/os-release", "ID=fedora\n");
	memfs_add(&fs, "etc/os-release", "ID=rocky\nVERSION_ID=\"9.3\"\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "rocky", "9.3", NULL, "/etc/os-release" });
	inventory_free(&inv);
	memfs_free(&fs);
}

static void test_os_release_without_id(void **state)
{
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	/* a release file says more than an os-release without ID */
	memfs_add(&fs, "etc/os-release", "NAME=Something\n");
	memfs_add(&fs, "etc/alpine-release", "3.19.1\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "alpine", "3.19.1", NULL, "/etc/alpine-release" });
	inventory_free(&inv);
	memfs_free(&fs);

	/* with nothing else, os-release(5)'s default ID "linux" */
	memfs_add(&fs, "etc/os-release", "NAME=Something\nVERSION_ID=1\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "linux", "1", NULL, "/etc/os-release" });
	assert_string_equal(inv.os.name, "Something");
	inventory_free(&inv);
	memfs_free(&fs);
}

static void test_unusable_os_release_falls_back(void **state)
{
	static const char nul_text[] = "ID=debian\0junk\n";
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	memfs_add_bytes(&fs, "etc/os-release", nul_text, sizeof(nul_text) - 1);
	memfs_add(&fs, "usr/lib/os-release", "# only comments\n\n");
	memfs_add(&fs, "etc/debian_version", "11.11\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "debian", "11", NULL, "/etc/debian_version" });
	assert_true(any_warning_contains(&inv, "/etc/os-release: contains NUL bytes"));
	inventory_free(&inv);
	memfs_free(&fs);
}

static void test_nothing_detected(void **state)
{
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	detect(&fs, &inv);
	assert_false(inv.os.detected);
	assert_null(inv.os.id);
	assert_null(inv.os.source_file);
	inventory_free(&inv);

	memfs_add(&fs, "etc/os-release", "");
	memfs_add(&fs, "etc/debian_version", "not a version at all\n");
	memfs_add(&fs, "etc/redhat-release", "garbage\n");
	memfs_add(&fs, "etc/alpine-release", "\n");
	detect(&fs, &inv);
	assert_false(inv.os.detected);
	assert_null(inv.os.id);
	assert_null(inv.os.version_id);
	assert_true(any_warning_contains(&inv, "/etc/debian_version: not a Debian version"));
	assert_true(any_warning_contains(&inv, "/etc/redhat-release: not of the form"));
	inventory_free(&inv);
	memfs_free(&fs);
}

/* ---- Debian ---- */

static void test_debian_version_fallbacks(void **state)
{
	static const struct {
		const char *text;
		struct os_expect os;
	} cases[] = {
		{ "11.11\n", { "debian", "11", NULL, "/etc/debian_version" } },
		{ "12.15", { "debian", "12", NULL, "/etc/debian_version" } },
		{ "  7.11 \r\n", { "debian", "7", NULL, "/etc/debian_version" } },
		{ "10\n", { "debian", "10", NULL, "/etc/debian_version" } },
		{ "bookworm/sid\n", { "debian", "12", "bookworm", "/etc/debian_version" } },
		{ "trixie/sid\n", { "debian", "13", "trixie", "/etc/debian_version" } },
		{ "wheezy/sid\n", { "debian", "7", "wheezy", "/etc/debian_version" } },
		{ "sid\n", { "debian", NULL, "sid", "/etc/debian_version" } },
		{ "futurename/sid\n", { "debian", NULL, "futurename", "/etc/debian_version" } },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct memfs fs = { .n = 0 };
		struct inventory inv;

		memfs_add(&fs, "etc/debian_version", cases[i].text);
		detect(&fs, &inv);
		assert_os(&inv, &cases[i].os);
		assert_int_equal(inv.warnings.n, 0);
		inventory_free(&inv);
		memfs_free(&fs);
	}
}

static void test_debian_os_release_without_version_id(void **state)
{
	static const struct {
		const char *os_release, *debian_version;
		struct os_expect os;
	} cases[] = {
		/* testing: codename in os-release, debian_version says testing/sid */
		{ "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nID=debian\nVERSION_CODENAME=trixie\n",
		  "trixie/sid\n", { "debian", "13", "trixie", "/etc/os-release" } },
		/* debian_version with a number fills the major version */
		{ "ID=debian\nVERSION_CODENAME=bookworm\n", "12.4\n", { "debian", "12", "bookworm", "/etc/os-release" } },
		/* no debian_version: the codename is enough */
		{ "ID=debian\nVERSION_CODENAME=bullseye\n", NULL, { "debian", "11", "bullseye", "/etc/os-release" } },
		/* only VERSION (old os-release) */
		{ "ID=debian\nVERSION=\"9 (stretch)\"\n", NULL, { "debian", "9", "stretch", "/etc/os-release" } },
		/* unstable */
		{ "PRETTY_NAME=\"Debian GNU/Linux sid\"\nID=debian\n", "sid\n", { "debian", NULL, "sid", "/etc/os-release" } },
		/* VERSION_ID present: debian_version is not needed */
		{ "ID=debian\nVERSION_ID=\"12\"\n", "12.15\n", { "debian", "12", NULL, "/etc/os-release" } },
		/* ubuntu keeps its own version even though debian_version says bookworm/sid */
		{ "ID=ubuntu\nVERSION_ID=\"24.04\"\nVERSION_CODENAME=noble\n", "trixie/sid\n",
		  { "ubuntu", "24.04", "noble", "/etc/os-release" } },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct memfs fs = { .n = 0 };
		struct inventory inv;

		memfs_add(&fs, "etc/os-release", cases[i].os_release);
		if (cases[i].debian_version)
			memfs_add(&fs, "etc/debian_version", cases[i].debian_version);
		detect(&fs, &inv);
		assert_os(&inv, &cases[i].os);
		inventory_free(&inv);
		memfs_free(&fs);
	}
}

static void test_shared_wheezy_with_debian_version(void **state)
{
	char file[4096];
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	SKIP_WITHOUT_SHARED(file, "images/pkgdb/dpkg/debian-wheezy-powerpc/os-release");
	assert_true(memfs_add_host_file(&fs, "etc/os-release", file));
	memfs_add(&fs, "etc/debian_version", "7.0\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "debian", "7", NULL, "/etc/os-release" });
	inventory_free(&inv);
	memfs_free(&fs);
}

static void test_alpine_os_release_without_version_id(void **state)
{
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	memfs_add(&fs, "etc/os-release", "ID=alpine\nNAME=\"Alpine Linux\"\n");
	memfs_add(&fs, "etc/alpine-release", "3.21.0_alpha20240807\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "alpine", "3.21.0_alpha20240807", NULL, "/etc/os-release" });
	inventory_free(&inv);
	memfs_free(&fs);
}

/* ---- Red Hat family release files ---- */

static void test_rpm_release_files(void **state)
{
	static const struct {
		const char *path, *text;
		struct os_expect os;
		const char *name;
	} cases[] = {
		{ "etc/system-release", "AlmaLinux release 9.2 (Turquoise Kodkod)\n",
		  { "almalinux", "9.2", "Turquoise Kodkod", "/etc/system-release" }, "AlmaLinux" },
		{ "etc/redhat-release", "Red Hat Enterprise Linux release 8.8 (Ootpa)\n",
		  { "rhel", "8.8", "Ootpa", "/etc/redhat-release" }, "Red Hat Enterprise Linux" },
		{ "etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)",
		  { "rhel", "7.9", "Maipo", "/etc/redhat-release" }, "Red Hat Enterprise Linux Server" },
		{ "etc/centos-release", "CentOS Linux release 7.9.2009 (Core)\n",
		  { "centos", "7.9.2009", "Core", "/etc/centos-release" }, "CentOS Linux" },
		{ "etc/centos-release", "CentOS Stream release 9\n",
		  { "centos", "9", NULL, "/etc/centos-release" }, "CentOS Stream" },
		{ "etc/rocky-release", "Rocky Linux release 9.3 (Blue Onyx)\r\n",
		  { "rocky", "9.3", "Blue Onyx", "/etc/rocky-release" }, "Rocky Linux" },
		{ "etc/almalinux-release", "AlmaLinux release 8.10 (Cerulean Leopard)\n",
		  { "almalinux", "8.10", "Cerulean Leopard", "/etc/almalinux-release" }, "AlmaLinux" },
		{ "etc/system-release", "Amazon Linux release 2 (Karoo)\n",
		  { "amzn", "2", "Karoo", "/etc/system-release" }, "Amazon Linux" },
		{ "etc/redhat-release", "Fedora release 38 (Thirty Eight)\n",
		  { "fedora", "38", "Thirty Eight", "/etc/redhat-release" }, "Fedora" },
		{ "etc/system-release", "Foo Linux release 1.0\n", { "foo", "1.0", NULL, "/etc/system-release" }, "Foo Linux" },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct memfs fs = { .n = 0 };
		struct inventory inv;

		memfs_add(&fs, cases[i].path, cases[i].text);
		detect(&fs, &inv);
		assert_os(&inv, &cases[i].os);
		assert_string_equal(inv.os.name, cases[i].name);
		assert_int_equal(inv.warnings.n, 0);
		inventory_free(&inv);
		memfs_free(&fs);
	}
}

static void test_rpm_release_file_order(void **state)
{
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	/* a bad specific file does not hide a good generic one */
	memfs_add(&fs, "etc/centos-release", "no release word here\n");
	memfs_add(&fs, "etc/redhat-release", "CentOS Linux release 8.5.2111\n");
	memfs_add(&fs, "etc/system-release", "CentOS Linux release 8.5.2111\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "centos", "8.5.2111", NULL, "/etc/redhat-release" });
	assert_true(any_warning_contains(&inv, "/etc/centos-release: not of the form"));
	inventory_free(&inv);
	memfs_free(&fs);

	/* os-release beats every release file */
	memfs_add(&fs, "etc/os-release", "ID=\"almalinux\"\nVERSION_ID=\"9.2\"\nID_LIKE=\"rhel centos fedora\"\n");
	memfs_add(&fs, "etc/redhat-release", "AlmaLinux release 9.2 (Turquoise Kodkod)\n");
	detect(&fs, &inv);
	assert_os(&inv, &(struct os_expect){ "almalinux", "9.2", NULL, "/etc/os-release" });
	assert_string_equal(inv.os.id_like, "rhel centos fedora");
	inventory_free(&inv);
	memfs_free(&fs);
}

static void test_os_detect_resets_previous_result(void **state)
{
	struct memfs fs = { .n = 0 };
	struct inventory inv;

	memfs_add(&fs, "etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n");
	detect(&fs, &inv);
	memfs_free(&fs);
	os_detect(memfs_read, &fs, &inv);
	assert_false(inv.os.detected);
	assert_null(inv.os.id);
	inventory_free(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_every_shared_pkgdb_dir),
		cmocka_unit_test(test_shared_alpine_release_fallback),
		cmocka_unit_test(test_shared_wheezy_with_debian_version),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_later_assignment_wins_and_crlf),
		cmocka_unit_test(test_malformed_lines_warn),
		cmocka_unit_test(test_long_value_is_ignored),
		cmocka_unit_test(test_usr_lib_os_release_fallback),
		cmocka_unit_test(test_os_release_without_id),
		cmocka_unit_test(test_unusable_os_release_falls_back),
		cmocka_unit_test(test_nothing_detected),
		cmocka_unit_test(test_debian_version_fallbacks),
		cmocka_unit_test(test_debian_os_release_without_version_id),
		cmocka_unit_test(test_alpine_os_release_without_version_id),
		cmocka_unit_test(test_rpm_release_files),
		cmocka_unit_test(test_rpm_release_file_order),
		cmocka_unit_test(test_os_detect_resets_previous_result),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
