/* test_report.c - reporters and package URLs on hand-built inventories:
 * exact purls (one table), vigil JSON fields, CycloneDX/SPDX structure
 * (unique ids, resolvable refs, reproducible output), table alignment.
 * With VIGIL_REPORT_OUT=<dir> it also writes bom*.json there for the ajv
 * schema checks in tests/e2e/schemas.sh. */
#include <jansson.h>
#include <regex.h>

#include "testutil.h"
#include "reporttest.h"

#include "core/fileio.h"
#include "core/strmap.h"
#include "report/report.h"
#include "report/report_util.h"

#define TS 1700000000LL /* 2023-11-14T22:13:20Z */

/* ---------------------------------------------------------------- fixtures */

struct pkg_spec {
	enum pkg_type type;
	const char *name, *version;
	int epoch;
	const char *rpm_version, *rpm_release, *arch;
	const char *source_name, *source_version, *source_rpm;
	const char *license, *maintainer, *found_in;
	int layer; /* -1: unknown */
};

struct os_spec {
	const char *id, *version_id, *codename, *pretty_name, *source_file;
};

#define L0 "sha256:1111111111111111111111111111111111111111111111111111111111111111"
#define L1 "sha256:2222222222222222222222222222222222222222222222222222222222222222"
#define L2 "sha256:3333333333333333333333333333333333333333333333333333333333333333"
static const char *const diff_ids[] = { L0, L1, L2 };
static const char *const repo_tags[] = { "example/app:1.0" };

#define DPKG "/var/lib/dpkg/status"
static const struct pkg_spec deb_pkgs[] = {
	{ PKG_DEB, "libc6", "2.36-9+deb12u4", -1, NULL, NULL, "amd64", "glibc", "2.36-9+deb12u4", NULL,
	  NULL, "GNU Libc Maintainers <debian-glibc@lists.debian.org>", DPKG, 0 },
	/* the same record again from a distroless status.d file: same purl */
	{ PKG_DEB, "libc6", "2.36-9+deb12u4", -1, NULL, NULL, "amd64", "glibc", "2.36-9+deb12u4", NULL,
	  NULL, NULL, "/var/lib/dpkg/status.d/libc6", 1 },
	/* epoch in the version */
	{ PKG_DEB, "attr", "1:2.5.1-4", -1, NULL, NULL, "amd64", "attr", "1:2.5.1-4", NULL, "GPL-2+",
	  "Guillem Jover <guillem@debian.org>", DPKG, 0 },
	/* binNMU: binary version +b1, source version without it */
	{ PKG_DEB, "bsdutils", "1:2.38.1-5+b1", -1, NULL, NULL, "amd64", "util-linux", "2.38.1-5", NULL,
	  NULL, "util-linux packagers <util-linux@packages.debian.org>", DPKG, 0 },
	/* '+' in the name */
	{ PKG_DEB, "libstdc++6", "12.2.0-14", -1, NULL, NULL, "amd64", "gcc-12", "12.2.0-14", NULL, NULL,
	  "Debian GCC Maintainers <debian-gcc@lists.debian.org>", DPKG, 2 },
	/* Latin-1 maintainer (invalid UTF-8), arch all */
	{ PKG_DEB, "ca-certificates", "20230311", -1, NULL, NULL, "all", "ca-certificates", "20230311", NULL,
	  NULL, "Juli\xe1n Moreno Pati\xf1o <julian@debian.org>", DPKG, 2 },
	/* NULL arch, licence, maintainer, source and layer */
	{ PKG_DEB, "tzdata", "2024a-0+deb12u1", -1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, DPKG, -1 },
};

#define APKDB "/lib/apk/db/installed"
static const struct pkg_spec apk_pkgs[] = {
	{ PKG_APK, "busybox-binsh", "1.36.1-r29", -1, NULL, NULL, "x86_64", "busybox", "1.36.1-r29", NULL,
	  "GPL-2.0-only", "S\xc3\xb6ren Tempel <soeren+alpine@soeren-tempel.net>", APKDB, 0 },
	{ PKG_APK, "libcrypto3", "3.3.2-r0", -1, NULL, NULL, "x86_64", "openssl", "3.3.2-r0", NULL,
	  "Apache-2.0", "Ariadne Conill <ariadne@dereferenced.org>", APKDB, 0 },
	{ PKG_APK, "musl", "1.2.5-r0", -1, NULL, NULL, "x86_64", "musl", "1.2.5-r0", NULL, "MIT",
	  "Timo Ter\xc3\xa4s <timo.teras@iki.fi>", APKDB, 0 },
};

#define RPMDB "/var/lib/rpm/rpmdb.sqlite"
static const struct pkg_spec rpm_pkgs[] = {
	{ PKG_RPM, "bash", "5.1.8-6.el9", -1, "5.1.8", "6.el9", "x86_64", "bash", "5.1.8-6.el9",
	  "bash-5.1.8-6.el9.src.rpm", "GPLv3+", "AlmaLinux", RPMDB, 0 },
	{ PKG_RPM, "gpg-pubkey", "b86b3716-61e69f29", -1, "b86b3716", "61e69f29", NULL, NULL, NULL, NULL,
	  "pubkey", NULL, RPMDB, 1 },
	{ PKG_RPM, "openssl-libs", "1:3.0.7-16.el9", 1, "3.0.7", "16.el9", "x86_64", "openssl", "3.0.7-16.el9",
	  "openssl-3.0.7-16.el9.src.rpm", "ASL 2.0", "Red Hat, Inc. <http://bugzilla.redhat.com/bugzilla>", RPMDB, 0 },
};

struct fixture {
	const char *label;
	struct os_spec os;
	const struct pkg_spec *pkgs;
	size_t n;
};

static const struct fixture fixtures[] = {
	{ "deb", { "debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "/etc/os-release" },
	  deb_pkgs, VG_ARRAY_LEN(deb_pkgs) },
	{ "apk", { "alpine", "3.20.3", NULL, "Alpine Linux v3.20", "/etc/os-release" },
	  apk_pkgs, VG_ARRAY_LEN(apk_pkgs) },
	{ "rpm", { "almalinux", "9.2", NULL, "AlmaLinux 9.2 (Turquoise Kodkod)", "/etc/os-release" },
	  rpm_pkgs, VG_ARRAY_LEN(rpm_pkgs) },
	{ "empty", { NULL, NULL, NULL, NULL, NULL }, NULL, 0 },
};

static void add_pkg(struct inventory *inv, const struct pkg_spec *s)
{
	struct package *p = inventory_new_package(inv, s->type);

	p->name = inventory_strdup(inv, s->name);
	p->version = inventory_strdup(inv, s->version);
	p->epoch = s->epoch;
	p->rpm_version = inventory_strdup(inv, s->rpm_version);
	p->rpm_release = inventory_strdup(inv, s->rpm_release);
	p->arch = inventory_strdup(inv, s->arch);
	p->source_name = inventory_strdup(inv, s->source_name);
	p->source_version = inventory_strdup(inv, s->source_version);
	p->source_rpm = inventory_strdup(inv, s->source_rpm);
	p->license = inventory_strdup(inv, s->license);
	p->maintainer = inventory_strdup(inv, s->maintainer);
	p->found_in = inventory_strdup(inv, s->found_in);
	p->layer_index = s->layer;
	p->layer_digest = s->layer >= 0 ? diff_ids[s->layer] : NULL;
}

static void set_os(struct inventory *inv, const struct os_spec *o)
{
	inv->os.detected = o->id != NULL;
	inv->os.id = o->id;
	inv->os.version_id = o->version_id;
	inv->os.version_codename = o->codename;
	inv->os.pretty_name = o->pretty_name;
	inv->os.source_file = o->source_file;
}

static void build(const struct fixture *f, struct inventory *inv, struct sbom *s)
{
	inventory_init(inv);
	set_os(inv, &f->os);
	for (size_t i = 0; i < f->n; i++)
		add_pkg(inv, &f->pkgs[i]);
	if (f->n)
		inventory_warn(inv, "fixture %s: hand-built inventory", f->label);
	inventory_sort(inv);
	memset(s, 0, sizeof(*s));
	s->image.input = "oci:/images/example:1.0";
	s->image.transport = "oci";
	s->image.name = "example/app:1.0";
	s->image.manifest_digest = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	s->image.config_digest = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	s->image.os = "linux";
	s->image.architecture = "amd64";
	s->image.created = "2024-06-01T00:00:00Z";
	s->image.repo_tags = repo_tags;
	s->image.n_repo_tags = VG_ARRAY_LEN(repo_tags);
	s->image.diff_ids = diff_ids;
	s->image.n_layers = VG_ARRAY_LEN(diff_ids);
	s->inv = inv;
	s->tool_version = "0.1.0";
	s->timestamp = TS;
}

typedef int (*reporter)(const struct sbom *, struct strbuf *, struct vg_err *);

/* Run a reporter, assert success, return the text (caller frees). */
static char *run(reporter r, const struct sbom *s)
{
	struct strbuf out = STRBUF_INIT;
	struct vg_err err = { 0 };

	if (r(s, &out, &err) != 0)
		fail_msg("reporter failed: %s", err.msg);
	return strbuf_detach(&out, NULL);
}


static bool matches(const char *re, const char *s)
{
	regex_t rx;
	bool ok;

	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = s && regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ------------------------------------------------------------------ purls */

struct purl_case {
	struct os_spec os;
	struct pkg_spec p;
	const char *want;
};

#define DEB12 { "debian", "12", "bookworm", NULL, NULL }
#define ALP { "alpine", "3.20.3", NULL, NULL, NULL }
#define ALMA { "almalinux", "9.2", NULL, NULL, NULL }
#define NOOS { NULL, NULL, NULL, NULL, NULL }
#define P(type, name, ver, epoch, rv, rr, arch) { type, name, ver, epoch, rv, rr, arch, NULL, NULL, NULL, NULL, NULL, NULL, -1 }

static const struct purl_case purl_cases[] = {
	{ DEB12, P(PKG_DEB, "libc6", "2.36-9+deb12u4", -1, NULL, NULL, "amd64"),
	  "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12" },
	/* epoch stays in the deb version; ':' is never percent-encoded */
	{ DEB12, P(PKG_DEB, "attr", "1:2.4.47-2+b1", -1, NULL, NULL, "amd64"),
	  "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64&distro=debian-12" },
	{ DEB12, P(PKG_DEB, "libstdc++6", "12.2.0-14", -1, NULL, NULL, "amd64"),
	  "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14?arch=amd64&distro=debian-12" },
	{ DEB12, P(PKG_DEB, "tzdata", "2024a-0+deb12u1", -1, NULL, NULL, NULL),
	  "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?distro=debian-12" },
	/* '~' is unreserved */
	{ DEB12, P(PKG_DEB, "libfoo1", "1.0~rc1-1", -1, NULL, NULL, "arm64"),
	  "pkg:deb/debian/libfoo1@1.0~rc1-1?arch=arm64&distro=debian-12" },
	{ { "ubuntu", "22.04", "jammy", NULL, NULL }, P(PKG_DEB, "bash", "5.1-6ubuntu1", -1, NULL, NULL, "amd64"),
	  "pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04" },
	/* no VERSION_ID (testing/sid): the codename */
	{ { "debian", NULL, "trixie", NULL, NULL }, P(PKG_DEB, "bash", "5.2.21-2", -1, NULL, NULL, "amd64"),
	  "pkg:deb/debian/bash@5.2.21-2?arch=amd64&distro=debian-trixie" },
	/* namespace and name lowercased for deb */
	{ { "Debian", "12", NULL, NULL, NULL }, P(PKG_DEB, "Foo", "1.0", -1, NULL, NULL, "amd64"),
	  "pkg:deb/debian/foo@1.0?arch=amd64&distro=debian-12" },
	/* no OS detected: default namespace, no distro */
	{ NOOS, P(PKG_DEB, "foo", "1.0", -1, NULL, NULL, NULL), "pkg:deb/debian/foo@1.0" },
	/* characters that must be encoded */
	{ DEB12, P(PKG_DEB, "we ird/na@me?", "1.0#2", -1, NULL, NULL, "amd64"),
	  "pkg:deb/debian/we%20ird%2Fna%40me%3F@1.0%232?arch=amd64&distro=debian-12" },
	{ DEB12, P(PKG_DEB, "caf\xc3\xa9", "1", -1, NULL, NULL, NULL), "pkg:deb/debian/caf%C3%A9@1?distro=debian-12" },
	/* no version */
	{ DEB12, P(PKG_DEB, "foo", NULL, -1, NULL, NULL, "amd64"), "pkg:deb/debian/foo?arch=amd64&distro=debian-12" },

	{ ALP, P(PKG_APK, "musl", "1.2.5-r0", -1, NULL, NULL, "x86_64"),
	  "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.3" },
	{ ALP, P(PKG_APK, "libstdc++", "13.2.1_git20240309-r0", -1, NULL, NULL, "aarch64"),
	  "pkg:apk/alpine/libstdc%2B%2B@13.2.1_git20240309-r0?arch=aarch64&distro=3.20.3" },
	{ NOOS, P(PKG_APK, "busybox", "1.36.1-r29", -1, NULL, NULL, "x86_64"),
	  "pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64" },

	{ ALMA, P(PKG_RPM, "bash", "5.1.8-6.el9", -1, "5.1.8", "6.el9", "x86_64"),
	  "pkg:rpm/almalinux/bash@5.1.8-6.el9?arch=x86_64&distro=almalinux-9.2" },
	/* epoch goes to its qualifier, sorted after distro */
	{ ALMA, P(PKG_RPM, "openssl-libs", "1:3.0.7-16.el9", 1, "3.0.7", "16.el9", "x86_64"),
	  "pkg:rpm/almalinux/openssl-libs@3.0.7-16.el9?arch=x86_64&distro=almalinux-9.2&epoch=1" },
	/* epoch 0 orders like no epoch: left out */
	{ ALMA, P(PKG_RPM, "zlib", "1.2.11-40.el9", 0, "1.2.11", "40.el9", "x86_64"),
	  "pkg:rpm/almalinux/zlib@1.2.11-40.el9?arch=x86_64&distro=almalinux-9.2" },
	/* no VERSION/RELEASE split: taken from version, epoch from its prefix */
	{ ALMA, P(PKG_RPM, "perl-Errno", "2:1.30-480.el9", -1, NULL, NULL, "x86_64"),
	  "pkg:rpm/almalinux/perl-Errno@1.30-480.el9?arch=x86_64&distro=almalinux-9.2&epoch=2" },
	/* rpm names keep their case; no OS: no namespace */
	{ NOOS, P(PKG_RPM, "NetworkManager", "1.42.2-1.el9", 1, "1.42.2", "1.el9", "x86_64"),
	  "pkg:rpm/NetworkManager@1.42.2-1.el9?arch=x86_64&epoch=1" },
	{ { "amzn", "2023", NULL, NULL, NULL }, P(PKG_RPM, "glibc", "2.34-52.amzn2023.0.3", -1, "2.34", "52.amzn2023.0.3", "aarch64"),
	  "pkg:rpm/amzn/glibc@2.34-52.amzn2023.0.3?arch=aarch64&distro=amzn-2023" },
	{ { "opensuse-leap", "15.5", NULL, NULL, NULL }, P(PKG_RPM, "libzypp", "17.31.15-150400.3.40.1", -1, "17.31.15", "150400.3.40.1", "x86_64"),
	  "pkg:rpm/opensuse-leap/libzypp@17.31.15-150400.3.40.1?arch=x86_64&distro=opensuse-leap-15.5" },
	{ ALMA, P(PKG_RPM, "gpg-pubkey", "b86b3716-61e69f29", -1, "b86b3716", "61e69f29", NULL),
	  "pkg:rpm/almalinux/gpg-pubkey@b86b3716-61e69f29?distro=almalinux-9.2" },

	/* language packages (purl-spec PURL-TYPES.rst): no distro qualifiers, OS ignored */
	{ DEB12, P(PKG_NPM, "express", "4.21.2", -1, NULL, NULL, NULL), "pkg:npm/express@4.21.2" },
	{ NOOS, P(PKG_NPM, "@babel/core", "7.24.0", -1, NULL, NULL, NULL), "pkg:npm/%40babel/core@7.24.0" },
	{ NOOS, P(PKG_PYPI, "Jinja2", "3.1.2", -1, NULL, NULL, NULL), "pkg:pypi/jinja2@3.1.2" },
	{ NOOS, P(PKG_PYPI, "python_dateutil", "2.8.2", -1, NULL, NULL, NULL), "pkg:pypi/python-dateutil@2.8.2" },
	{ NOOS, P(PKG_GO, "github.com/google/uuid", "v1.3.0", -1, NULL, NULL, NULL),
	  "pkg:golang/github.com/google/uuid@v1.3.0" },
	{ NOOS, P(PKG_GO, "stdlib", "v1.19.8", -1, NULL, NULL, NULL), "pkg:golang/stdlib@v1.19.8" },
	{ NOOS, P(PKG_GO, "golang.org/x/sys", "v0.0.0-20220412211240-33da011f77ad", -1, NULL, NULL, NULL),
	  "pkg:golang/golang.org/x/sys@v0.0.0-20220412211240-33da011f77ad" },
	{ NOOS, P(PKG_GO, "github.com/Azure/go-autorest", "v14.2.0+incompatible", -1, NULL, NULL, NULL),
	  "pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible" },
	{ NOOS, P(PKG_MAVEN, "org.apache.logging.log4j:log4j-core", "2.19.0", -1, NULL, NULL, NULL),
	  "pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0" },
	{ NOOS, P(PKG_GEM, "rake", "13.0.6", -1, NULL, NULL, NULL), "pkg:gem/rake@13.0.6" },
	{ NOOS, P(PKG_CARGO, "serde_json", "1.0.108", -1, NULL, NULL, NULL), "pkg:cargo/serde_json@1.0.108" },
	{ NOOS, P(PKG_COMPOSER, "Monolog/Monolog", "2.9.1", -1, NULL, NULL, NULL), "pkg:composer/monolog/monolog@2.9.1" },
};

static void test_purl_table(void **state)
{
	for (size_t i = 0; i < VG_ARRAY_LEN(purl_cases); i++) {
		const struct purl_case *c = &purl_cases[i];
		struct inventory inv;
		char *got;

		inventory_init(&inv);
		set_os(&inv, &c->os);
		add_pkg(&inv, &c->p);
		got = purl_for_package(inv.packages.v[0], &inv.os, &inv.arena);
		if (!got || strcmp(got, c->want) != 0) {
			fprintf(stderr, "# case %zu: want %s\n#          got  %s\n", i, c->want, got ? got : "(null)");
			inventory_free(&inv);
			fail();
		}
		inventory_free(&inv);
	}
}

static void test_purl_no_name(void **state)
{
	struct inventory inv;
	struct package *p;

	inventory_init(&inv);
	p = inventory_new_package(&inv, PKG_DEB);
	assert_null(purl_for_package(p, &inv.os, &inv.arena));
	p->name = "";
	assert_null(purl_for_package(p, NULL, &inv.arena));
	p->name = "x";
	assert_string_equal(purl_for_package(p, NULL, &inv.arena), "pkg:deb/debian/x");
	inventory_free(&inv);
}

/* ---------------------------------------------------------------- helpers */

static void test_time_and_uuid(void **state)
{
	struct inventory inv;
	struct sbom s;
	struct vg_err err = { 0 };
	char ts[32], u1[37], u2[37], u3[37];

	assert_int_equal(report_format_time(0, ts, &err), 0);
	assert_string_equal(ts, "1970-01-01T00:00:00Z");
	assert_int_equal(report_format_time(TS, ts, &err), 0);
	assert_string_equal(ts, "2023-11-14T22:13:20Z");
	assert_int_equal(report_format_time(253402300799LL, ts, &err), 0);
	assert_string_equal(ts, "9999-12-31T23:59:59Z");
	assert_int_equal(report_format_time(-1, ts, &err), -1);
	assert_int_equal(err.code, VG_EUSAGE);
	assert_int_equal(report_format_time(253402300800LL, ts, &err), -1);

	build(&fixtures[0], &inv, &s);
	report_uuid(&s, "cyclonedx", u1);
	report_uuid(&s, "cyclonedx", u2);
	assert_string_equal(u1, u2);
	assert_true(matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", u1));
	report_uuid(&s, "spdx", u3);
	assert_string_not_equal(u1, u3);
	s.timestamp++;
	report_uuid(&s, "cyclonedx", u2);
	assert_string_not_equal(u1, u2);
	s.timestamp--;
	s.image.config_digest = NULL;
	report_uuid(&s, "cyclonedx", u2);
	assert_string_not_equal(u1, u2);
	inventory_free(&inv);

	/* every reporter refuses a time it cannot print */
	build(&fixtures[0], &inv, &s);
	s.timestamp = -5;
	{
		reporter rs[] = { report_json, report_cyclonedx, report_spdx };
		for (size_t i = 0; i < VG_ARRAY_LEN(rs); i++) {
			struct strbuf out = STRBUF_INIT;
			assert_int_equal(rs[i](&s, &out, &err), -1);
			assert_int_equal(err.code, VG_EUSAGE);
			strbuf_release(&out);
		}
	}
	inventory_free(&inv);
}

static void test_utf8_clean(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "S\xc3\xb6ren", "S\xc3\xb6ren" },
		{ "Juli\xe1n", "Juli\xef\xbf\xbdn" },            /* Latin-1 */
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },       /* overlong '/' */
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
		{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },       /* U+1F600 */
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* > U+10FFFF */
		{ "end\xe2\x82", "end\xef\xbf\xbd\xef\xbf\xbd" }, /* truncated */
	};
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct strbuf sb = STRBUF_INIT;
		report_utf8_clean(&sb, cases[i].in);
		assert_string_equal(strbuf_str(&sb), cases[i].out);
		strbuf_release(&sb);
	}
}

/* Fail if any value anywhere in v is JSON null. */
static void assert_no_nulls(json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	assert_false(json_is_null(v));
	if (json_is_object(v))
		json_object_foreach(v, k, x)
			assert_no_nulls(x);
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			assert_no_nulls(x);
}

/* -------------------------------------------------------------- vigil JSON */

static json_t *find_pkg(json_t *pkgs, const char *name, const char *found_in)
{
	size_t i;
	json_t *p;

	json_array_foreach(pkgs, i, p)
		if (strcmp(jstr(p, "name"), name) == 0 && (!found_in || strcmp(jstr(p, "found_in"), found_in) == 0))
			return p;
	fail_msg("package %s not in output", name);
	return NULL;
}

static void test_json(void **state)
{
	struct inventory inv;
	struct sbom s;
	json_t *root, *im, *os, *pkgs, *p, *layer;
	char *text;

	build(&fixtures[0], &inv, &s);
	text = run(report_json, &s);
	root = parse_report_json(text);
	assert_no_nulls(root);
	assert_int_equal(json_integer_value(json_object_get(root, "schema_version")), 1);
	assert_string_equal(jstr(json_object_get(root, "tool"), "name"), "vigil");
	assert_string_equal(jstr(json_object_get(root, "tool"), "version"), "0.1.0");
	assert_string_equal(jstr(root, "timestamp"), "2023-11-14T22:13:20Z");

	im = json_object_get(root, "image");
	assert_string_equal(jstr(im, "input"), "oci:/images/example:1.0");
	assert_string_equal(jstr(im, "transport"), "oci");
	assert_string_equal(jstr(im, "name"), "example/app:1.0");
	assert_string_equal(jstr(im, "config_digest"), s.image.config_digest);
	assert_string_equal(jstr(im, "manifest_digest"), s.image.manifest_digest);
	assert_string_equal(jstr(im, "architecture"), "amd64");
	assert_null(json_object_get(im, "variant"));
	assert_int_equal(json_array_size(json_object_get(im, "repo_tags")), 1);
	assert_int_equal(json_array_size(json_object_get(im, "layers")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(im, "layers"), 2)), L2);

	os = json_object_get(root, "os");
	assert_string_equal(jstr(os, "id"), "debian");
	assert_string_equal(jstr(os, "version_id"), "12");
	assert_string_equal(jstr(os, "codename"), "bookworm");
	assert_string_equal(jstr(os, "source_file"), "/etc/os-release");

	pkgs = json_object_get(root, "packages");
	assert_int_equal(json_array_size(pkgs), VG_ARRAY_LEN(deb_pkgs));
	p = find_pkg(pkgs, "bsdutils", NULL);
	assert_string_equal(jstr(p, "type"), "deb");
	assert_string_equal(jstr(p, "version"), "1:2.38.1-5+b1");
	assert_string_equal(jstr(p, "source_name"), "util-linux");
	assert_string_equal(jstr(p, "source_version"), "2.38.1-5");
	assert_string_equal(jstr(p, "purl"), "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bb1?arch=amd64&distro=debian-12");
	assert_string_equal(jstr(p, "found_in"), DPKG);
	assert_null(json_object_get(p, "epoch"));
	layer = json_object_get(p, "layer");
	assert_int_equal(json_integer_value(json_object_get(layer, "index")), 0);
	assert_string_equal(jstr(layer, "diff_id"), L0);

	p = find_pkg(pkgs, "tzdata", NULL);
	assert_null(json_object_get(p, "arch"));
	assert_null(json_object_get(p, "license"));
	assert_null(json_object_get(p, "maintainer"));
	assert_null(json_object_get(p, "layer"));
	assert_non_null(jstr(p, "purl"));

	/* Latin-1 maintainer came out as valid UTF-8 with U+FFFD */
	p = find_pkg(pkgs, "ca-certificates", NULL);
	assert_string_equal(jstr(p, "maintainer"), "Juli\xef\xbf\xbdn Moreno Pati\xef\xbf\xbdo <julian@debian.org>");

	assert_int_equal(json_array_size(json_object_get(root, "warnings")), 1);
	json_decref(root);
	free(text);
	inventory_free(&inv);

	/* rpm: epoch is a number, source_rpm present */
	build(&fixtures[2], &inv, &s);
	text = run(report_json, &s);
	root = parse_report_json(text);
	p = find_pkg(json_object_get(root, "packages"), "openssl-libs", NULL);
	assert_int_equal(json_integer_value(json_object_get(p, "epoch")), 1);
	assert_string_equal(jstr(p, "source_rpm"), "openssl-3.0.7-16.el9.src.rpm");
	json_decref(root);
	free(text);
	inventory_free(&inv);

	/* nothing detected: no "os", empty arrays still present */
	build(&fixtures[3], &inv, &s);
	text = run(report_json, &s);
	root = parse_report_json(text);
	assert_null(json_object_get(root, "os"));
	assert_true(json_is_array(json_object_get(root, "packages")));
	assert_int_equal(json_array_size(json_object_get(root, "packages")), 0);
	assert_true(json_is_array(json_object_get(root, "warnings")));
	json_decref(root);
	free(text);
	inventory_free(&inv);
}

/* --------------------------------------------------------------- CycloneDX */

static void check_cyclonedx(const struct fixture *f)
{
	struct inventory inv;
	struct sbom s;
	struct strmap refs = STRMAP_INIT;
	json_t *root, *meta, *comps, *c, *deps, *d, *x;
	char *text, *again;
	size_t i, j, n_os = f->os.id ? 1 : 0;

	build(f, &inv, &s);
	text = run(report_cyclonedx, &s);
	root = parse_report_json(text);
	assert_no_nulls(root);
	assert_string_equal(jstr(root, "bomFormat"), "CycloneDX");
	assert_string_equal(jstr(root, "specVersion"), "1.6");
	assert_int_equal(json_integer_value(json_object_get(root, "version")), 1);
	assert_true(matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
			    jstr(root, "serialNumber")));

	meta = json_object_get(root, "metadata");
	assert_string_equal(jstr(meta, "timestamp"), "2023-11-14T22:13:20Z");
	x = json_array_get(json_object_get(json_object_get(meta, "tools"), "components"), 0);
	assert_string_equal(jstr(x, "type"), "application");
	assert_string_equal(jstr(x, "name"), "vigil");
	assert_string_equal(jstr(x, "version"), "0.1.0");
	x = json_object_get(meta, "component");
	assert_string_equal(jstr(x, "type"), "container");
	assert_string_equal(jstr(x, "name"), "example/app:1.0");
	assert_string_equal(jstr(x, "version"), s.image.manifest_digest);
	assert_non_null(jstr(x, "bom-ref"));
	strmap_put(&refs, jstr(x, "bom-ref"), x);

	comps = json_object_get(root, "components");
	assert_int_equal(json_array_size(comps), f->n + n_os);
	json_array_foreach(comps, i, c) {
		const char *ref = jstr(c, "bom-ref");
		assert_non_null(ref);
		if (strmap_get(&refs, ref))
			fail_msg("duplicate bom-ref %s", ref);
		strmap_put(&refs, ref, c);
		if (i < n_os) {
			assert_string_equal(jstr(c, "type"), "operating-system");
			assert_string_equal(jstr(c, "name"), f->os.id);
			assert_string_equal(jstr(c, "version"), f->os.version_id);
			continue;
		}
		assert_string_equal(jstr(c, "type"), "library");
		assert_non_null(jstr(c, "name"));
		assert_true(str_starts_with(jstr(c, "purl"), "pkg:"));
		/* the bom-ref is the purl, or the purl plus "#n" */
		assert_true(str_starts_with(ref, jstr(c, "purl")));
		{
			const struct package *p = inv.packages.v[i - n_os];
			json_t *lic = json_object_get(c, "licenses"), *props = json_object_get(c, "properties"), *pr;
			bool saw_found_in = false;
			size_t k;
			assert_string_equal(jstr(c, "name"), p->name);
			if (p->license)
				assert_string_equal(jstr(json_object_get(json_array_get(lic, 0), "license"), "name"), p->license);
			else
				assert_null(lic);
			json_array_foreach(props, k, pr) {
				const char *name = jstr(pr, "name");
				assert_true(matches("^vigil:[a-z_]+(:[a-z_]+)?$", name));
				if (strcmp(name, "vigil:found_in") == 0) {
					assert_string_equal(jstr(pr, "value"), p->found_in);
					saw_found_in = true;
				}
			}
			assert_true(saw_found_in);
		}
	}

	/* every dependency ref and dependsOn entry resolves */
	deps = json_object_get(root, "dependencies");
	assert_int_equal(json_array_size(deps), 1);
	json_array_foreach(deps, i, d) {
		assert_non_null(strmap_get(&refs, jstr(d, "ref")));
		assert_int_equal(json_array_size(json_object_get(d, "dependsOn")), f->n + n_os);
		json_array_foreach(json_object_get(d, "dependsOn"), j, x)
			assert_non_null(strmap_get(&refs, json_string_value(x)));
	}
	assert_string_equal(jstr(json_array_get(deps, 0), "ref"),
			    jstr(json_object_get(meta, "component"), "bom-ref"));

	/* reproducible */
	again = run(report_cyclonedx, &s);
	assert_string_equal(text, again);
	free(again);
	s.timestamp++;
	again = run(report_cyclonedx, &s);
	assert_string_not_equal(text, again);
	free(again);

	strmap_free(&refs);
	json_decref(root);
	free(text);
	inventory_free(&inv);
}

static void test_cyclonedx(void **state)
{
	for (size_t i = 0; i < VG_ARRAY_LEN(fixtures); i++)
		check_cyclonedx(&fixtures[i]);
}

static void test_cyclonedx_duplicate_purl(void **state)
{
	struct inventory inv;
	struct sbom s;
	json_t *root, *comps;
	char *text;
	const char *purl = "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12";
	int seen = 0;
	size_t i;
	json_t *c;

	build(&fixtures[0], &inv, &s);
	text = run(report_cyclonedx, &s);
	root = parse_report_json(text);
	comps = json_object_get(root, "components");
	json_array_foreach(comps, i, c) {
		const char *p = jstr(c, "purl");
		if (p && strcmp(p, purl) == 0) {
			seen++;
			assert_string_equal(jstr(c, "bom-ref"), seen == 1 ? purl : "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12#2");
		}
	}
	assert_int_equal(seen, 2);
	json_decref(root);
	free(text);
	inventory_free(&inv);
}

/* -------------------------------------------------------------------- SPDX */

static void check_spdx(const struct fixture *f)
{
	struct inventory inv;
	struct sbom s;
	struct strmap ids = STRMAP_INIT;
	json_t *root, *ci, *pkgs, *p, *rels, *r;
	char *text, *again;
	size_t i, n_os = f->os.id ? 1 : 0, contains = 0;
	bool describes = false;

	build(f, &inv, &s);
	text = run(report_spdx, &s);
	root = parse_report_json(text);
	assert_no_nulls(root);
	assert_null(json_object_get(root, "$schema"));
	assert_string_equal(jstr(root, "spdxVersion"), "SPDX-2.3");
	assert_string_equal(jstr(root, "dataLicense"), "CC0-1.0");
	assert_string_equal(jstr(root, "SPDXID"), "SPDXRef-DOCUMENT");
	assert_string_equal(jstr(root, "name"), "example/app:1.0");
	assert_true(matches("^https://vigil\\.invalid/spdxdocs/example-app-1\\.0-[0-9a-f-]{36}$",
			    jstr(root, "documentNamespace")));
	ci = json_object_get(root, "creationInfo");
	assert_string_equal(jstr(ci, "created"), "2023-11-14T22:13:20Z");
	assert_string_equal(json_string_value(json_array_get(json_object_get(ci, "creators"), 0)), "Tool: vigil-0.1.0");
	strmap_put(&ids, "SPDXRef-DOCUMENT", root);

	pkgs = json_object_get(root, "packages");
	assert_int_equal(json_array_size(pkgs), 1 + n_os + f->n);
	json_array_foreach(pkgs, i, p) {
		const char *id = jstr(p, "SPDXID");
		assert_true(matches("^SPDXRef-[A-Za-z0-9.-]+$", id));
		if (strmap_get(&ids, id))
			fail_msg("duplicate SPDXID %s", id);
		strmap_put(&ids, id, p);
		assert_non_null(jstr(p, "name"));
		assert_string_equal(jstr(p, "downloadLocation"), "NOASSERTION");
		assert_string_equal(jstr(p, "licenseConcluded"), "NOASSERTION");
		assert_string_equal(jstr(p, "licenseDeclared"), "NOASSERTION");
		if (i == 0) {
			assert_string_equal(id, "SPDXRef-Image");
			assert_string_equal(jstr(p, "primaryPackagePurpose"), "CONTAINER");
		} else if (i < 1 + n_os) {
			assert_string_equal(jstr(p, "primaryPackagePurpose"), "OPERATING_SYSTEM");
			assert_string_equal(jstr(p, "name"), f->os.id);
		} else {
			const struct package *pk = inv.packages.v[i - 1 - n_os];
			json_t *ref = json_array_get(json_object_get(p, "externalRefs"), 0);
			const char *sup = jstr(p, "supplier");
			assert_string_equal(jstr(p, "name"), pk->name);
			assert_string_equal(jstr(ref, "referenceCategory"), "PACKAGE-MANAGER");
			assert_string_equal(jstr(ref, "referenceType"), "purl");
			assert_true(str_starts_with(jstr(ref, "referenceLocator"), "pkg:"));
			assert_non_null(strstr(jstr(p, "sourceInfo"), pk->found_in));
			if (sup)
				assert_true(matches("^(Person|Organization): [^()]+( \\([^() ]+@[^() ]+\\))?$", sup));
			else
				assert_null(pk->maintainer);
		}
	}

	rels = json_object_get(root, "relationships");
	json_array_foreach(rels, i, r) {
		const char *from = jstr(r, "spdxElementId"), *to = jstr(r, "relatedSpdxElement");
		const char *type = jstr(r, "relationshipType");
		if (!strmap_get(&ids, from) || !strmap_get(&ids, to))
			fail_msg("relationship %s %s %s points nowhere", from, type, to);
		if (strcmp(type, "DESCRIBES") == 0) {
			assert_string_equal(from, "SPDXRef-DOCUMENT");
			assert_string_equal(to, "SPDXRef-Image");
			describes = true;
		} else {
			assert_string_equal(type, "CONTAINS");
			assert_string_equal(from, "SPDXRef-Image");
			contains++;
		}
	}
	assert_true(describes);
	assert_int_equal(contains, n_os + f->n);

	again = run(report_spdx, &s);
	assert_string_equal(text, again);
	free(again);
	s.timestamp++;
	again = run(report_spdx, &s);
	assert_string_not_equal(text, again);
	free(again);

	strmap_free(&ids);
	json_decref(root);
	free(text);
	inventory_free(&inv);
}

static void test_spdx(void **state)
{
	for (size_t i = 0; i < VG_ARRAY_LEN(fixtures); i++)
		check_spdx(&fixtures[i]);
}

static void test_spdx_supplier(void **state)
{
	static const struct { enum pkg_type t; const char *m, *want; } cases[] = {
		{ PKG_DEB, "Guillem Jover <guillem@debian.org>", "Person: Guillem Jover (guillem@debian.org)" },
		{ PKG_DEB, "GNU Libc Maintainers <debian-glibc@lists.debian.org>",
		  "Organization: GNU Libc Maintainers (debian-glibc@lists.debian.org)" },
		{ PKG_DEB, "Some One (nick) <one@example.org>", "Person: Some One nick (one@example.org)" },
		{ PKG_APK, "<only@mail.org>", "Person: only@mail.org (only@mail.org)" },
		{ PKG_RPM, "AlmaLinux", "Organization: AlmaLinux" },
		{ PKG_RPM, "Red Hat, Inc. <http://bugzilla.redhat.com/bugzilla>", "Organization: Red Hat, Inc." },
	};
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct inventory inv;
		struct sbom s;
		struct package *p;
		json_t *root;
		char *text;

		build(&fixtures[3], &inv, &s);
		p = inventory_new_package(&inv, cases[i].t);
		p->name = "x";
		p->version = "1";
		p->maintainer = cases[i].m;
		text = run(report_spdx, &s);
		root = parse_report_json(text);
		assert_string_equal(jstr(json_array_get(json_object_get(root, "packages"), 1), "supplier"), cases[i].want);
		json_decref(root);
		free(text);
		inventory_free(&inv);
	}
}

/* Two identical records (same purl, same file) still get distinct ids. */
static void test_spdx_identical_records(void **state)
{
	struct inventory inv;
	struct sbom s;
	json_t *root, *pkgs;
	const char *a, *b;
	char *text;

	build(&fixtures[3], &inv, &s);
	add_pkg(&inv, &deb_pkgs[0]);
	add_pkg(&inv, &deb_pkgs[0]);
	text = run(report_spdx, &s);
	root = parse_report_json(text);
	pkgs = json_object_get(root, "packages");
	a = jstr(json_array_get(pkgs, 1), "SPDXID");
	b = jstr(json_array_get(pkgs, 2), "SPDXID");
	assert_true(matches("^SPDXRef-Package-deb-libc6-[0-9a-f]{16}$", a));
	assert_true(str_starts_with(b, a));
	assert_string_equal(b + strlen(a), "-2");
	json_decref(root);
	free(text);
	inventory_free(&inv);
}

/* ------------------------------------------------------------------- table */

/* Byte offset of display column col in line (UTF-8 code points), or -1. */
static long col_offset(const char *line, size_t len, size_t col)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)line[i] & 0xc0) == 0x80)
			continue;
		if (w++ == col)
			return (long)i;
	}
	return -1;
}

static void test_table(void **state)
{
	static const char *const titles[] = { "NAME", "VERSION", "TYPE", "SOURCE", "LAYER" };
	struct inventory inv;
	struct sbom s;
	struct package *p;
	char *text, *line, *next;
	size_t starts[5], nlines = 0, rows = 0;
	const char *lines[64];
	size_t lens[64];

	build(&fixtures[0], &inv, &s);
	/* a multi-byte name and one with a terminal escape */
	p = inventory_new_package(&inv, PKG_DEB);
	p->name = "na\xc3\xafve-p\xc3\xa4" "ckage-name";
	p->version = "1.0";
	p = inventory_new_package(&inv, PKG_DEB);
	p->name = "evil\x1b[2J";
	p->version = "1";
	inventory_sort(&inv);
	text = run(report_table, &s);

	for (line = text; *line && nlines < VG_ARRAY_LEN(lines); line = next) {
		next = strchr(line, '\n');
		assert_non_null(next);
		lines[nlines] = line;
		lens[nlines++] = (size_t)(next - line);
		next++;
	}
	assert_true(str_starts_with(lines[0], "Image: example/app:1.0 (bbbbbbbbbbbb, linux/amd64)  OS: Debian GNU/Linux 12 (bookworm)\n"));
	assert_int_equal(lens[1], 0);
	/* title row: find where each column starts */
	for (size_t c = 0; c < 5; c++) {
		const char *t = strstr(lines[2], titles[c]);
		assert_non_null(t);
		starts[c] = (size_t)(t - lines[2]); /* titles are ASCII */
	}
	assert_int_equal(starts[0], 0);
	for (size_t l = 3; l < nlines && lens[l]; l++, rows++) {
		for (size_t c = 1; c < 5; c++) {
			long o = col_offset(lines[l], lens[l], starts[c]);
			assert_true(o > 0);
			assert_int_equal(lines[l][o - 1], ' ');
			assert_int_not_equal(lines[l][o], ' ');
		}
		assert_int_not_equal(lines[l][lens[l] - 1], ' '); /* no trailing blanks */
		assert_null(memchr(lines[l], '\x1b', lens[l]));
	}
	assert_int_equal(rows, VG_ARRAY_LEN(deb_pkgs) + 2);
	assert_string_equal(lines[nlines - 1], "9 packages\n");
	assert_non_null(strstr(text, "bsdutils"));
	assert_non_null(strstr(text, "util-linux 2.38.1-5"));
	assert_non_null(strstr(text, "evil?[2J"));
	assert_non_null(strstr(text, "111111111111"));
	free(text);
	inventory_free(&inv);

	build(&fixtures[3], &inv, &s);
	text = run(report_table, &s);
	assert_string_equal(text, "Image: example/app:1.0 (bbbbbbbbbbbb, linux/amd64)  OS: unknown\n0 packages\n");
	free(text);
	inventory_free(&inv);
}

/* ------------------------------------------------- documents for ajv (e2e) */

static void test_write_outputs(void **state)
{
	static const struct { const char *suffix; reporter r; } kinds[] = {
		{ "cdx.json", report_cyclonedx }, { "spdx.json", report_spdx }, { "json", report_json },
	};
	const char *dir = getenv("VIGIL_REPORT_OUT");

	for (size_t f = 0; f < VG_ARRAY_LEN(fixtures); f++) {
		struct inventory inv;
		struct sbom s;

		build(&fixtures[f], &inv, &s);
		for (size_t k = 0; k < VG_ARRAY_LEN(kinds); k++) {
			char *text = run(kinds[k].r, &s), path[4096];
			struct vg_err err = { 0 };
			json_t *root = parse_report_json(text);

			json_decref(root);
			if (dir && *dir) {
				/* bom.<kind> for the Debian fixture, bom-<label>.<kind> for the rest */
				if (f == 0)
					snprintf(path, sizeof(path), "%s/bom.%s", dir, kinds[k].suffix);
				else
					snprintf(path, sizeof(path), "%s/bom-%s.%s", dir, fixtures[f].label, kinds[k].suffix);
				if (write_output(path, text, strlen(text), &err) != 0)
					fail_msg("%s", err.msg);
			}
			free(text);
		}
		inventory_free(&inv);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purl_table),
		cmocka_unit_test(test_purl_no_name),
		cmocka_unit_test(test_time_and_uuid),
		cmocka_unit_test(test_utf8_clean),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_cyclonedx),
		cmocka_unit_test(test_cyclonedx_duplicate_purl),
		cmocka_unit_test(test_spdx),
		cmocka_unit_test(test_spdx_supplier),
		cmocka_unit_test(test_spdx_identical_records),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_write_outputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
