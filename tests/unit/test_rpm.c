/* test_rpm.c - rpm analyzer tests: every rpmdb in ../shared must list what
 * `rpm -qa` (sqlite, bdb) or packages.csv (ndb, amazonlinux) says, and bad
 * input must fail cleanly, leaving no files in $TMPDIR. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "analyzer/analyzer.h"
#include "core/fileio.h"
#include "core/strbuf.h"

#define RPMDIR "images/pkgdb/rpm"
#define SEP "\xc2\xb6" /* ¶, the field separator of packages.csv */
/* epoch, name, version, release, arch, sourcerpm, license, vendor */
#define QF "%{EPOCH}" SEP "%{NAME}" SEP "%{VERSION}" SEP "%{RELEASE}" SEP "%{ARCH}" SEP \
	   "%{SOURCERPM}" SEP "%{LICENSE}" SEP "%{VENDOR}\\n"

static char scratch[4096]; /* private scratch dir for this test program */
static char tmpdir[4200];  /* $TMPDIR given to the parser: must stay empty */

/* ---- helpers ------------------------------------------------------------ */

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

static void rm_rf(const char *p)
{
	nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int tmp_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int group_setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/vigil-test-rpm.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(scratch))
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", scratch);
	if (mkdir(tmpdir, 0700) != 0)
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rm_rf(scratch);
	return 0;
}

struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, const char *s)
{
	vg_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(char *));
	l->v[l->n++] = xstrdup(s);
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lines_sort(struct lines *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(char *), cmp_str);
}

static const char *none(const char *s)
{
	return s && *s ? s : "(none)";
}

/* The inventory as QF lines; also checks the derived fields of each package. */
static void inventory_lines(const struct inventory *inv, const char *path, struct lines *out)
{
	char want[512];

	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(p->type, PKG_RPM);
		assert_int_equal(p->layer_index, -1);
		assert_null(p->layer_digest);
		assert_string_not_equal(p->name, "gpg-pubkey");
		snprintf(want, sizeof(want), "/%s", path);
		assert_string_equal(p->found_in, want);
		if (p->epoch >= 0)
			snprintf(want, sizeof(want), "%d:%s-%s", p->epoch, p->rpm_version, p->rpm_release);
		else
			snprintf(want, sizeof(want), "%s-%s", p->rpm_version, p->rpm_release);
		assert_string_equal(p->version, want);
		if (p->source_rpm) {
			assert_non_null(p->source_name);
			assert_non_null(p->source_version);
			snprintf(want, sizeof(want), "%s-%s.src.rpm", p->source_name, p->source_version);
			assert_string_equal(p->source_rpm, want);
		}
		if (p->epoch >= 0)
			strbuf_addf(&sb, "%d", p->epoch);
		else
			strbuf_addstr(&sb, "(none)");
		strbuf_addf(&sb, SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s",
			    p->name, p->rpm_version, p->rpm_release, none(p->arch),
			    none(p->source_rpm), none(p->license), none(p->maintainer));
		lines_add(out, sb.buf);
		strbuf_release(&sb);
	}
	lines_sort(out);
}

/* Empty fields read as "(none)", as rpm prints absent tags (rpm prints an
 * empty VENDOR as ""; the parser reports empty tags as absent). */
static void normalize_line(const char *line, struct strbuf *out)
{
	const char *p = line;

	for (;;) {
		const char *e = strstr(p, SEP);
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n)
			strbuf_add(out, p, n);
		else
			strbuf_addstr(out, "(none)");
		if (!e)
			break;
		strbuf_addstr(out, SEP);
		p = e + strlen(SEP);
	}
}

static bool is_pubkey(const char *line)
{
	const char *n = strstr(line, SEP);

	return n && str_starts_with(n + strlen(SEP), "gpg-pubkey" SEP);
}

/* `rpm --dbpath <copy> -qa --qf QF` on a private copy of db (so that rpm,
 * running as root, can never write into ../shared). gpg-pubkey lines are
 * left out and counted in *pubkeys. */
static void rpm_qa(const char *db, const char *name, struct lines *out, int *pubkeys)
{
	char dir[4300], cmd[9000], line[4096];
	char *data;
	size_t len;
	struct vg_err err = { 0 };
	FILE *f;
	int fd;

	snprintf(dir, sizeof(dir), "%s/copy.XXXXXX", scratch);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(read_file_capped(db, (size_t)512 << 20, &data, &len, &err), 0);
	snprintf(cmd, sizeof(cmd), "%s/%s", dir, name);
	fd = open(cmd, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(data);

	/* bdb prints warnings about the missing index files: ignored. */
	snprintf(cmd, sizeof(cmd), "TMPDIR='%s' rpm --dbpath '%s' -qa --qf '%s' 2>/dev/null",
		 scratch, dir, QF);
	f = popen(cmd, "r");
	assert_non_null(f);
	*pubkeys = 0;
	while (fgets(line, sizeof(line), f)) {
		struct strbuf sb = STRBUF_INIT;

		line[strcspn(line, "\n")] = '\0';
		normalize_line(line, &sb);
		if (is_pubkey(sb.buf))
			(*pubkeys)++;
		else
			lines_add(out, sb.buf);
		strbuf_release(&sb);
	}
	assert_int_equal(pclose(f), 0);
	rm_rf(dir);
	lines_sort(out);
}

/* packages.csv: epoch¶name¶version¶release¶arch¶sourcerpm¶size¶license¶vendor¶summary¶sigmd5 */
static void csv_lines(const char *csv, struct lines *out, int *pubkeys)
{
	char *data, *line, *save = NULL;
	size_t len;
	struct vg_err err = { 0 };

	assert_int_equal(read_file_capped(csv, 1 << 20, &data, &len, &err), 0);
	*pubkeys = 0;
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *f[11];
		char *p = line;
		struct strbuf sb = STRBUF_INIT;
		int n = 0;

		while (n < 11) {
			char *e = strstr(p, SEP);

			f[n++] = p;
			if (!e)
				break;
			*e = '\0';
			p = e + strlen(SEP);
		}
		assert_int_equal(n, 11);
		strbuf_addf(&sb, "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s" SEP "%s",
			    none(f[0]), f[1], f[2], f[3], none(f[4]), none(f[5]), none(f[7]), none(f[8]));
		if (is_pubkey(sb.buf))
			(*pubkeys)++;
		else
			lines_add(out, sb.buf);
		strbuf_release(&sb);
	}
	free(data);
	lines_sort(out);
}

static void assert_same(const struct lines *got, const struct lines *want, const char *what)
{
	size_t n = got->n < want->n ? got->n : want->n;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(got->v[i], want->v[i]) != 0)
			fprintf(stderr, "# %s: first difference at line %zu\n", what, i);
		assert_string_equal(got->v[i], want->v[i]);
	}
	if (got->n != want->n)
		fprintf(stderr, "# %s: %zu packages parsed, %zu expected\n", what, got->n, want->n);
	assert_int_equal(got->n, want->n);
}

/* Parse a file of ../shared as the image path ipath; 0 or -1. */
static int parse_file(const char *file, const char *ipath, struct inventory *inv, struct vg_err *err)
{
	char *data;
	size_t len;
	int rc;

	assert_int_equal(read_file_capped(file, (size_t)512 << 20, &data, &len, err), 0);
	rc = analyzer_rpm.parse(ipath, data, len, inv, err);
	free(data);
	assert_int_equal(tmp_entries(), 0);
	return rc;
}

enum truth { TRUTH_RPM = 1, TRUTH_CSV = 2 };

/* Parse <shared>/RPMDIR/<sub>/<name> and compare it with the ground truth.
 * Returns the number of packages; *pubkeys_out gets gpg-pubkeys in the truth. */
static size_t check_db(const char *sub, const char *name, const char *ipath, int truth, int *pubkeys_out)
{
	char file[4096], csv[4096];
	struct inventory inv;
	struct vg_err err = { 0 };
	struct lines got = { 0 };
	size_t n;
	int pub = 0;

	snprintf(file, sizeof(file), "%s/" RPMDIR "/%s/%s", test_shared_dir(), sub, name);
	inventory_init(&inv);
	if (parse_file(file, ipath, &inv, &err) != 0)
		fprintf(stderr, "# %s: %s\n", file, err.msg);
	assert_int_equal(err.code, VG_OK);
	for (size_t i = 0; i < inv.warnings.n; i++)
		fprintf(stderr, "# warning: %s\n", (const char *)inv.warnings.v[i]);
	inventory_lines(&inv, ipath, &got);
	if (truth & TRUTH_RPM) {
		struct lines want = { 0 };

		rpm_qa(file, name, &want, &pub);
		assert_same(&got, &want, file);
		lines_free(&want);
	}
	if (truth & TRUTH_CSV) {
		struct lines want = { 0 };

		snprintf(csv, sizeof(csv), "%s/" RPMDIR "/%s/packages.csv", test_shared_dir(), sub);
		csv_lines(csv, &want, &pub);
		assert_same(&got, &want, csv);
		lines_free(&want);
	}
	if (pubkeys_out)
		*pubkeys_out = pub;
	n = got.n;
	lines_free(&got);
	inventory_free(&inv);
	return n;
}

/* ---- tests -------------------------------------------------------------- */

static void test_wants(void **state)
{
	static const char *yes[] = {
		"var/lib/rpm/Packages", "var/lib/rpm/rpmdb.sqlite", "var/lib/rpm/Packages.db",
		"usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/rpmdb.sqlite",
		"usr/lib/sysimage/rpm/Packages.db",
	};
	static const char *no[] = {
		"/var/lib/rpm/Packages", "var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal",
		"var/lib/rpm/rpmdb.sqlite-shm", "var/lib/rpm/Index.db", "usr/lib/sysimage/rpm/Packages.bak",
		"xvar/lib/rpm/Packages", "var/lib/rpm", "var/lib/dpkg/status", "",
	};

	(void)state;
	assert_string_equal(analyzer_rpm.name, "rpm");
	for (size_t i = 0; i < VG_ARRAY_LEN(yes); i++)
		assert_true(analyzer_rpm.wants(yes[i]));
	for (size_t i = 0; i < VG_ARRAY_LEN(no); i++)
		assert_false(analyzer_rpm.wants(no[i]));
}

static void test_amazonlinux_sqlite(void **state)
{
	char buf[4096];
	int pub = -1;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	/* rpm -qa and packages.csv list 103: 102 packages + 1 gpg-pubkey, skipped. */
	assert_int_equal(check_db("amazonlinux2023-plain", "rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite",
				  TRUTH_RPM, &pub), 102);
	assert_int_equal(pub, 1);
	assert_int_equal(check_db("amazonlinux2023-plain", "rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite",
				  TRUTH_CSV, &pub), 102);
	assert_int_equal(pub, 1);
}

static void test_amazonlinux_fields(void **state)
{
	char buf[4096], file[4096];
	struct inventory inv;
	struct vg_err err = { 0 };
	int epochs = 0, found = 0;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/amazonlinux2023-plain/rpmdb.sqlite", test_shared_dir());
	inventory_init(&inv);
	assert_int_equal(parse_file(file, "usr/lib/sysimage/rpm/rpmdb.sqlite", &inv, &err), 0);
	assert_int_equal(inv.warnings.n, 0);
	for (size_t i = 0; i < inv.packages.n; i++) {
		const struct package *p = inv.packages.v[i];

		if (p->epoch >= 0) {
			epochs++;
			assert_int_equal(p->epoch, 1);
			assert_true(str_starts_with(p->version, "1:"));
		}
		if (strcmp(p->name, "amazon-linux-repo-cdn") == 0) {
			found++;
			assert_string_equal(p->version, "2023.1.20230825-0.amzn2023");
			assert_string_equal(p->arch, "noarch");
			assert_string_equal(p->source_name, "system-release");
			assert_string_equal(p->source_version, "2023.1.20230825-0.amzn2023");
			assert_string_equal(p->license, "MIT");
			assert_string_equal(p->maintainer, "Amazon Linux");
			assert_string_equal(p->found_in, "/usr/lib/sysimage/rpm/rpmdb.sqlite");
		}
	}
	assert_int_equal(epochs, 3);
	assert_int_equal(found, 1);
	inventory_free(&inv);
}

static void test_mariner_sqlite(void **state)
{
	char buf[4096];

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	assert_int_equal(check_db("cbl-mariner-2.0", "rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite",
				  TRUTH_RPM, NULL), 129);
}

static void test_sle15_ndb(void **state)
{
	char buf[4096];

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	assert_int_equal(check_db("sle15-bci", "Packages.db", "usr/lib/sysimage/rpm/Packages.db",
				  TRUTH_CSV, NULL), 36);
}

/* Run fn with fd 2 sent to a file; assert nothing was written there. */
static size_t check_bdb_quiet(const char *sub, const char *ipath)
{
	char path[4300];
	struct stat st;
	size_t n;
	int saved, fd;

	snprintf(path, sizeof(path), "%s/stderr.txt", scratch);
	fflush(stderr);
	saved = dup(2);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	n = check_db(sub, "Packages", ipath, TRUTH_RPM, NULL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0); /* librpm logged nothing to stderr */
	unlink(path);
	return n;
}

static void test_libuuid_bdb(void **state)
{
	char buf[4096], file[4096];
	struct inventory inv;
	struct vg_err err = { 0 };
	const struct package *p;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	assert_int_equal(check_bdb_quiet("libuuid-bdb", "var/lib/rpm/Packages"), 1);

	snprintf(file, sizeof(file), "%s/" RPMDIR "/libuuid-bdb/Packages", test_shared_dir());
	inventory_init(&inv);
	assert_int_equal(parse_file(file, "var/lib/rpm/Packages", &inv, &err), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_int_equal(inv.warnings.n, 0);
	p = inv.packages.v[0];
	assert_string_equal(p->name, "libuuid");
	assert_int_equal(p->epoch, -1);
	assert_string_equal(p->version, "2.32.1-42.el8_8");
	assert_string_equal(p->rpm_version, "2.32.1");
	assert_string_equal(p->rpm_release, "42.el8_8");
	assert_string_equal(p->arch, "x86_64");
	assert_string_equal(p->source_rpm, "util-linux-2.32.1-42.el8_8.src.rpm");
	assert_string_equal(p->source_name, "util-linux");
	assert_string_equal(p->source_version, "2.32.1-42.el8_8");
	assert_string_equal(p->found_in, "/var/lib/rpm/Packages");
	inventory_free(&inv);
}

static void test_dive_bdb(void **state)
{
	char buf[4096];

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	assert_int_equal(check_bdb_quiet("syft-dive-bdb", "usr/lib/sysimage/rpm/Packages"), 1);
}

/* Every rpmdb file in the folder, whatever is added later: sqlite and bdb
 * against rpm -qa, ndb against packages.csv. (sle15-bci/rpmdb.sqlite is an
 * empty DB that rpm created there when it could not read Packages.db.) */
static void test_every_shared_db(void **state)
{
	static const char *names[] = { "rpmdb.sqlite", "Packages", "Packages.db" };
	char buf[4096], dir[4096], file[4400];
	struct dirent *de;
	DIR *d;
	int checked = 0;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(dir, sizeof(dir), "%s/" RPMDIR, test_shared_dir());
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		for (size_t i = 0; i < VG_ARRAY_LEN(names); i++) {
			char ipath[64];

			snprintf(file, sizeof(file), "%s/%s/%s", dir, de->d_name, names[i]);
			if (access(file, R_OK) != 0)
				continue;
			snprintf(ipath, sizeof(ipath), "var/lib/rpm/%s", names[i]);
			fprintf(stderr, "# checking %s/%s\n", de->d_name, names[i]);
			check_db(de->d_name, names[i], ipath, i == 2 ? TRUTH_CSV : TRUTH_RPM, NULL);
			checked++;
		}
	}
	closedir(d);
	assert_true(checked >= 5);
}

/* Byte-swap a little-endian BerkeleyDB hash file into its big-endian twin
 * (as written on s390x): meta words, page headers, index offsets, overflow
 * references and the 4-byte header-number keys. */
static void bdb_to_big_endian(unsigned char *d, size_t len)
{
	uint32_t ps, last;

#define SW16(p) do { unsigned char t_ = (p)[0]; (p)[0] = (p)[1]; (p)[1] = t_; } while (0)
#define SW32(p) do { unsigned char *q_ = (p), t_ = q_[0]; q_[0] = q_[3]; q_[3] = t_; \
		     t_ = q_[1]; q_[1] = q_[2]; q_[2] = t_; } while (0)
	memcpy(&ps, d + 20, 4);
	memcpy(&last, d + 32, 4);
	assert_true(((size_t)last + 1) * ps <= len);
	for (size_t pg = 1; pg <= last; pg++) {
		unsigned char *p = d + pg * ps;
		uint16_t n;

		memcpy(&n, p + 20, 2);
		if (p[25] == 13 || p[25] == 2) {
			for (uint16_t i = 0; i < n; i++) {
				uint16_t off, next = i ? 0 : (uint16_t)ps;

				memcpy(&off, p + 26 + 2 * i, 2);
				if (i)
					memcpy(&next, p + 24 + 2 * i, 2);
				if (p[off] == 3) {
					SW32(p + off + 4);
					SW32(p + off + 8);
				} else if (i % 2 == 0 && p[off] == 1 && next - off == 5) {
					SW32(p + off + 1); /* key: header number */
				}
				SW16(p + 26 + 2 * i);
			}
		}
		SW32(p + 8);
		SW32(p + 12);
		SW32(p + 16);
		SW16(p + 20);
		SW16(p + 22);
	}
	for (size_t off = 8; off < 224; off += 4)
		if (off != 24) /* bytes: unused, type, flags, unused */
			SW32(d + off);
#undef SW16
#undef SW32
}

static void test_bdb_big_endian(void **state)
{
	char buf[4096], file[4096], out[4300];
	char *data;
	size_t len;
	struct inventory inv;
	struct vg_err err = { 0 };
	struct lines got = { 0 }, want = { 0 };
	int pub, fd;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/libuuid-bdb/Packages", test_shared_dir());
	assert_int_equal(read_file_capped(file, 1 << 20, &data, &len, &err), 0);
	bdb_to_big_endian((unsigned char *)data, len);
	/* rpm reads the swapped file too: it is the ground truth */
	snprintf(out, sizeof(out), "%s/Packages-be", scratch);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	rpm_qa(out, "Packages", &want, &pub);
	unlink(out);
	assert_int_equal(want.n, 1);

	inventory_init(&inv);
	assert_int_equal(analyzer_rpm.parse("var/lib/rpm/Packages", data, len, &inv, &err), 0);
	assert_int_equal(tmp_entries(), 0);
	inventory_lines(&inv, "var/lib/rpm/Packages", &got);
	assert_same(&got, &want, "big-endian libuuid");
	lines_free(&got);
	lines_free(&want);
	inventory_free(&inv);
	free(data);
}

/* ---- errors ------------------------------------------------------------- */

/* parse must fail with code and a message naming the path and containing
 * needle; no packages, no temp files. */
static void expect_fail(const char *data, size_t len, enum vg_errcode code, const char *needle)
{
	struct inventory inv;
	struct vg_err err = { 0 };
	const char *path = "var/lib/rpm/Packages";

	inventory_init(&inv);
	assert_int_equal(analyzer_rpm.parse(path, data, len, &inv, &err), -1);
	if (err.code != code || !strstr(err.msg, needle))
		fprintf(stderr, "# got %s: %s\n", vg_errcode_name(err.code), err.msg);
	assert_int_equal(err.code, code);
	assert_true(str_starts_with(err.msg, path));
	assert_non_null(strstr(err.msg, needle));
	assert_int_equal(inv.packages.n, 0);
	assert_int_equal(tmp_entries(), 0);
	inventory_free(&inv);
}

static void test_empty_and_garbage(void **state)
{
	char junk[8192];
	unsigned x = 12345;

	(void)state;
	expect_fail("", 0, VG_EFORMAT, "empty");
	expect_fail("hello, world\n", 13, VG_EFORMAT, "not an rpmdb");
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)((x = x * 1103515245 + 12345) >> 16);
	expect_fail(junk, sizeof(junk), VG_EFORMAT, "not an rpmdb");
	/* the right magic with nothing after it */
	expect_fail("SQLite format 3", 16, VG_EFORMAT, "sqlite");
	expect_fail("RpmP", 4, VG_EFORMAT, "ndb");
	memset(junk, 0, 64);
	memcpy(junk + 12, "\x61\x15\x06\x00", 4);
	expect_fail(junk, 64, VG_EFORMAT, "BerkeleyDB");
	/* over the size limit: refused before the bytes are read */
	expect_fail(junk, (size_t)300 << 20, VG_ELIMIT, "limit");
}

static void test_truncated(void **state)
{
	static const struct {
		const char *file, *fmt;
		size_t cut[4];
	} cases[] = {
		{ "cbl-mariner-2.0/rpmdb.sqlite", "sqlite", { 100, 4096, 100000, 1800000 } },
		{ "sle15-bci/Packages.db", "ndb", { 20, 4096 + 16, 20000, 710000 } },
		{ "libuuid-bdb/Packages", "BerkeleyDB", { 511, 4096, 8192, 90000 } },
		{ "syft-dive-bdb/Packages", "BerkeleyDB", { 600, 4096 * 2, 4096 * 3, 16000 } },
	};
	char buf[4096], file[4096];

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		char *data;
		size_t len;
		struct vg_err err = { 0 };

		snprintf(file, sizeof(file), "%s/" RPMDIR "/%s", test_shared_dir(), cases[i].file);
		assert_int_equal(read_file_capped(file, 8 << 20, &data, &len, &err), 0);
		for (size_t j = 0; j < 4; j++) {
			assert_true(cases[i].cut[j] < len);
			fprintf(stderr, "# %s cut to %zu bytes\n", cases[i].file, cases[i].cut[j]);
			expect_fail(data, cases[i].cut[j], VG_EFORMAT, cases[i].fmt);
		}
		free(data);
	}
}

/* Serialize a fresh in-memory sqlite database built by sql. */
static unsigned char *make_sqlite(const char *sql, sqlite3_int64 *len)
{
	sqlite3 *db;
	unsigned char *p;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	p = sqlite3_serialize(db, "main", len, 0);
	assert_non_null(p);
	sqlite3_close(db);
	return p;
}

static void test_sqlite_not_rpmdb(void **state)
{
	unsigned char *p;
	sqlite3_int64 len;

	(void)state;
	p = make_sqlite("CREATE TABLE t(x); INSERT INTO t VALUES (1);", &len);
	expect_fail((const char *)p, (size_t)len, VG_EFORMAT, "not an rpmdb");
	sqlite3_free(p);
	/* a view named Packages could compute anything: refused */
	p = make_sqlite("CREATE VIEW Packages AS SELECT 1 AS hnum, x'00' AS blob;", &len);
	expect_fail((const char *)p, (size_t)len, VG_EFORMAT, "not an rpmdb");
	sqlite3_free(p);
	p = make_sqlite("CREATE TABLE Packages(a, b);", &len);
	expect_fail((const char *)p, (size_t)len, VG_EFORMAT, "(hnum, blob)");
	sqlite3_free(p);
	/* rows that are not headers */
	p = make_sqlite("CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, blob BLOB);"
			"INSERT INTO Packages VALUES (1, x'0000000100000010'), (2, 'text'), (3, NULL),"
			"(4, x'0000000100000000000003e8000000060000000000000001');", &len);
	expect_fail((const char *)p, (size_t)len, VG_EFORMAT, "damaged");
	sqlite3_free(p);
}

static void test_sqlite_empty_rpmdb(void **state)
{
	unsigned char *p;
	sqlite3_int64 len;
	struct inventory inv;
	struct vg_err err = { 0 };

	(void)state;
	p = make_sqlite("CREATE TABLE Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);", &len);
	inventory_init(&inv);
	assert_int_equal(analyzer_rpm.parse("var/lib/rpm/rpmdb.sqlite", (const char *)p, (size_t)len, &inv, &err), 0);
	assert_int_equal(inv.packages.n, 0);
	assert_int_equal(inv.warnings.n, 0);
	inventory_free(&inv);
	sqlite3_free(p);
}

/* One good header (from Mariner) among damaged rows: kept, with warnings. */
static void test_sqlite_some_damaged(void **state)
{
	char buf[4096], file[4096], *data;
	size_t len;
	sqlite3 *src, *dst;
	sqlite3_stmt *st;
	struct vg_err err = { 0 };
	struct inventory inv;
	unsigned char *p;
	sqlite3_int64 plen;
	bool saw_skip = false;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/cbl-mariner-2.0/rpmdb.sqlite", test_shared_dir());
	assert_int_equal(read_file_capped(file, 8 << 20, &data, &len, &err), 0);
	assert_int_equal(sqlite3_open(":memory:", &src), SQLITE_OK);
	data[18] = data[19] = 1; /* WAL -> rollback journal, for the test's own reading */
	assert_int_equal(sqlite3_deserialize(src, "main", (unsigned char *)data, (sqlite3_int64)len,
					     (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY), SQLITE_OK);
	assert_int_equal(sqlite3_open(":memory:", &dst), SQLITE_OK);
	assert_int_equal(sqlite3_exec(dst, "CREATE TABLE Packages(hnum INTEGER PRIMARY KEY, blob BLOB);"
					   "INSERT INTO Packages VALUES (1, x'00000001'), (3, zeroblob(64));",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(src, "SELECT blob FROM Packages WHERE hnum = 2", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	{
		sqlite3_stmt *ins;

		assert_int_equal(sqlite3_prepare_v2(dst, "INSERT INTO Packages VALUES (2, ?)", -1, &ins, NULL), SQLITE_OK);
		sqlite3_bind_blob(ins, 1, sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0), SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_finalize(ins);
	}
	sqlite3_finalize(st);
	sqlite3_close(src);
	free(data);
	p = sqlite3_serialize(dst, "main", &plen, 0);
	sqlite3_close(dst);
	assert_non_null(p);

	inventory_init(&inv);
	assert_int_equal(analyzer_rpm.parse("var/lib/rpm/rpmdb.sqlite", (const char *)p, (size_t)plen, &inv, &err), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_true(inv.warnings.n >= 2);
	for (size_t i = 0; i < inv.warnings.n; i++) {
		const char *w = inv.warnings.v[i];

		assert_true(str_starts_with(w, "var/lib/rpm/rpmdb.sqlite: "));
		if (strstr(w, "skipped"))
			saw_skip = true;
	}
	assert_true(saw_skip);
	inventory_free(&inv);
	sqlite3_free(p);
}

static void test_ndb_damaged(void **state)
{
	char buf[4096], file[4096], *data;
	size_t len;
	struct vg_err err = { 0 };
	struct inventory inv;

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/sle15-bci/Packages.db", test_shared_dir());
	assert_int_equal(read_file_capped(file, 8 << 20, &data, &len, &err), 0);

	data[4] = 1; /* version 1 */
	expect_fail(data, len, VG_EUNSUPPORTED, "ndb version");
	data[4] = 0;

	data[32 + 16] = 'X'; /* magic of slot 3 */
	expect_fail(data, len, VG_EFORMAT, "slot magic");
	data[32 + 16] = 'S';

	/* slot 2 points into slot 3's blob: overlapping blobs */
	{
		char save[4];

		memcpy(save, data + 32 + 8, 4);
		memcpy(data + 32 + 8, data + 48 + 8, 4);
		expect_fail(data, len, VG_EFORMAT, "overlapping");
		memcpy(data + 32 + 8, save, 4);
	}

	/* break the first blob's magic: that header is skipped, the rest kept */
	{
		uint32_t blkoff;

		memcpy(&blkoff, data + 32 + 8, 4);
		data[(size_t)blkoff * 16] ^= 0x20;
		inventory_init(&inv);
		assert_int_equal(analyzer_rpm.parse("var/lib/rpm/Packages.db", data, len, &inv, &err), 0);
		assert_int_equal(inv.packages.n, 35);
		assert_true(inv.warnings.n >= 1);
		inventory_free(&inv);
		data[(size_t)blkoff * 16] ^= 0x20;
	}
	free(data);
}

static void test_bdb_damaged(void **state)
{
	char buf[4096], file[4096], *data;
	size_t len;
	struct vg_err err = { 0 };

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/syft-dive-bdb/Packages", test_shared_dir());
	assert_int_equal(read_file_capped(file, 1 << 20, &data, &len, &err), 0);

	data[16] = 7; /* hash version 7 */
	expect_fail(data, len, VG_EUNSUPPORTED, "hash version");
	data[16] = 9;

	memcpy(data + 12, "\x62\x31\x05\x00", 4); /* btree */
	expect_fail(data, len, VG_EUNSUPPORTED, "not a hash");
	memcpy(data + 12, "\x61\x15\x06\x00", 4);

	data[21] = 0x11; /* page size 0x1100 */
	expect_fail(data, len, VG_EFORMAT, "page size");
	data[21] = 0x10;

	/* bucket page 2 chained to itself */
	data[4096 * 2 + 16] = 2;
	expect_fail(data, len, VG_EFORMAT, "reached twice");
	data[4096 * 2 + 16] = 0;

	/* overflow page with a 0 length (bdb_ro would loop or misread) */
	{
		unsigned char save0 = (unsigned char)data[4096 * 3 + 22], save1 = (unsigned char)data[4096 * 3 + 23];

		data[4096 * 3 + 22] = data[4096 * 3 + 23] = 0;
		expect_fail(data, len, VG_EFORMAT, "bad length");
		data[4096 * 3 + 22] = (char)save0;
		data[4096 * 3 + 23] = (char)save1;
	}

	/* index count larger than the page */
	data[4096 * 2 + 20] = (char)0xff;
	data[4096 * 2 + 21] = (char)0xff;
	expect_fail(data, len, VG_EFORMAT, "index larger");
	data[4096 * 2 + 20] = 2;
	data[4096 * 2 + 21] = 0;

	free(data);
}

static void test_bdb_tmpdir_missing(void **state)
{
	char buf[4096], file[4096], bad[4300], *data;
	size_t len;
	struct vg_err err = { 0 };

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/syft-dive-bdb/Packages", test_shared_dir());
	assert_int_equal(read_file_capped(file, 1 << 20, &data, &len, &err), 0);
	snprintf(bad, sizeof(bad), "%s/does-not-exist", scratch);
	setenv("TMPDIR", bad, 1);
	expect_fail(data, len, VG_EIO, "temporary directory");
	setenv("TMPDIR", tmpdir, 1);
	free(data);
}

/* A failed parse leaves what earlier parses put in the inventory alone. */
static void test_failure_keeps_inventory(void **state)
{
	char buf[4096], file[4096];
	struct inventory inv;
	struct vg_err err = { 0 };

	(void)state;
	SKIP_WITHOUT_SHARED(buf, RPMDIR);
	snprintf(file, sizeof(file), "%s/" RPMDIR "/syft-dive-bdb/Packages", test_shared_dir());
	inventory_init(&inv);
	assert_int_equal(parse_file(file, "var/lib/rpm/Packages", &inv, &err), 0);
	assert_int_equal(inv.packages.n, 1);
	assert_int_equal(analyzer_rpm.parse("var/lib/rpm/rpmdb.sqlite", "SQLite format 3", 16, &inv, &err), -1);
	assert_int_equal(inv.packages.n, 1);
	assert_string_equal(((const struct package *)inv.packages.v[0])->name, "dive");
	inventory_free(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_amazonlinux_sqlite),
		cmocka_unit_test(test_amazonlinux_fields),
		cmocka_unit_test(test_mariner_sqlite),
		cmocka_unit_test(test_sle15_ndb),
		cmocka_unit_test(test_libuuid_bdb),
		cmocka_unit_test(test_dive_bdb),
		cmocka_unit_test(test_every_shared_db),
		cmocka_unit_test(test_bdb_big_endian),
		cmocka_unit_test(test_empty_and_garbage),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_sqlite_not_rpmdb),
		cmocka_unit_test(test_sqlite_empty_rpmdb),
		cmocka_unit_test(test_sqlite_some_damaged),
		cmocka_unit_test(test_ndb_damaged),
		cmocka_unit_test(test_bdb_damaged),
		cmocka_unit_test(test_bdb_tmpdir_missing),
		cmocka_unit_test(test_failure_keeps_inventory),
	};

	return cmocka_run_group_tests_name("rpm", tests, group_setup, group_teardown);
}
