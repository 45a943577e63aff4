/* test_suppress.c - .vigilignore entries (ids, aliases, packages, expiry, bad
 * lines) and OpenVEX statements (statuses, products, subcomponents, purls,
 * latest wins, bad documents) on hand-built findings and temp files. */
#include <sys/stat.h>

#include "testutil.h"

#include "core/fileio.h"
#include "match/suppress.h"

#define TS 1700000000LL /* 2023-11-14T22:13:20Z */
#define IMG_DIGEST "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static char scratch[] = "/tmp/vigil-test-suppress.XXXXXX";
static int nfiles;

/* ---------------------------------------------------------------- fixtures */

struct world {
	struct inventory inv, rpm_inv;
	struct scan_result res;
	struct image_info image;
	const struct package *libssl3, *libc6, *bsdutils, *zlib1g, *openssl_libs;
};

static const char *const tags[] = { "registry.example.invalid/example/app:1.0" };

static struct package *deb(struct inventory *inv, const char *name, const char *version, const char *source)
{
	struct package *p = inventory_new_package(inv, PKG_DEB);

	p->name = inventory_strdup(inv, name);
	p->version = inventory_strdup(inv, version);
	p->arch = "amd64";
	p->source_name = inventory_strdup(inv, source);
	p->found_in = "/var/lib/dpkg/status";
	return p;
}

static void world_init(struct world *w)
{
	struct package *p;

	memset(w, 0, sizeof(*w));
	inventory_init(&w->inv);
	w->inv.os.detected = true;
	w->inv.os.id = "debian";
	w->inv.os.version_id = "12";
	w->libssl3 = deb(&w->inv, "libssl3", "3.0.11-1~deb12u1", "openssl");
	w->libc6 = deb(&w->inv, "libc6", "2.36-9+deb12u1", "glibc");
	w->bsdutils = deb(&w->inv, "bsdutils", "1:2.38.1-5+b1", "util-linux");
	w->zlib1g = deb(&w->inv, "zlib1g", "1:1.2.13.dfsg-1", "zlib");
	inventory_init(&w->rpm_inv);
	w->rpm_inv.os.detected = true;
	w->rpm_inv.os.id = "almalinux";
	w->rpm_inv.os.version_id = "9.2";
	p = inventory_new_package(&w->rpm_inv, PKG_RPM);
	p->name = "openssl-libs";
	p->version = "1:3.0.7-16.el9";
	p->epoch = 1;
	p->rpm_version = "3.0.7";
	p->rpm_release = "16.el9";
	p->arch = "x86_64";
	p->source_name = "openssl";
	w->openssl_libs = p;
	scan_result_init(&w->res);
	w->image.name = "example/app:1.0";
	w->image.manifest_digest = IMG_DIGEST;
	w->image.config_digest = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	w->image.repo_tags = tags;
	w->image.n_repo_tags = 1;
}

static void world_free(struct world *w)
{
	scan_result_free(&w->res);
	inventory_free(&w->inv);
	inventory_free(&w->rpm_inv);
}

/* A finding for p with the given id and (optional) alias. */
static const struct finding *finding(struct world *w, const struct package *p, const char *id, const char *alias)
{
	struct finding *f = arena_alloc(&w->res.arena, sizeof(*f));

	memset(f, 0, sizeof(*f));
	f->pkg = p;
	f->id = arena_strdup(&w->res.arena, id);
	if (alias)
		ptrvec_push(&f->aliases, arena_strdup(&w->res.arena, alias));
	f->status = "affected";
	f->installed = p->version;
	f->score = -1;
	ptrvec_push(&w->res.findings, f);
	return f;
}

/* Write text into a new file in the scratch dir; returns its path (static buffer rotation). */
static const char *write_tmp(const char *text, size_t len)
{
	static char paths[8][4200];
	char *path = paths[nfiles % 8];
	struct vg_err err = { 0 };

	snprintf(path, sizeof(paths[0]), "%s/f%03d", scratch, nfiles++);
	if (write_output(path, text, len, &err) != 0)
		fail_msg("%s", err.msg);
	return path;
}

static const char *tmp_text(const char *text)
{
	return write_tmp(text, strlen(text));
}

static int setup(void **state)
{
	return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[4200];

	for (int i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "%s/f%03d", scratch, i);
		unlink(path);
	}
	return rmdir(scratch);
}

/* Load an ignore file from text; assert success. */
static void load_ignore(struct suppressor *s, const char *text, long long now)
{
	struct vg_err err = { 0 };

	if (suppressor_load_ignorefile(s, tmp_text(text), now, &err) != 0)
		fail_msg("ignore file rejected: %s", err.msg);
}

static void load_vex(struct suppressor *s, const char *text)
{
	struct vg_err err = { 0 };

	if (suppressor_load_vex(s, tmp_text(text), &err) != 0)
		fail_msg("VEX rejected: %s", err.msg);
}

static void assert_reason(const char *got, const char *want)
{
	if (!want && got)
		fail_msg("suppressed (%s), expected shown", got);
	if (want && (!got || strcmp(got, want) != 0))
		fail_msg("got %s, expected %s", got ? got : "shown", want);
}

/* ------------------------------------------------------------- .vigilignore */

static void test_ignore_ids_and_aliases(void **state)
{
	struct world w;
	struct suppressor s;
	const struct finding *a, *b, *c, *d;

	world_init(&w);
	suppressor_init(&s);
	load_ignore(&s,
		    "\xef\xbb\xbf# vigil ignore file\n"
		    "\n"
		    "CVE-2023-0001\n"
		    "   cve-2023-0002   # lower case, trailing comment\r\n"
		    "GHSA-aaaa-bbbb-cccc\n"
		    "\t# indented comment\n",
		    TS);
	a = finding(&w, w.libssl3, "CVE-2023-0001", NULL);
	b = finding(&w, w.libc6, "CVE-2023-0002", NULL);
	c = finding(&w, w.libc6, "CVE-2023-0003", "GHSA-aaaa-bbbb-cccc"); /* by alias */
	d = finding(&w, w.libc6, "CVE-2023-0004", "GHSA-zzzz-zzzz-zzzz");
	assert_reason(suppressor_match(&s, a, &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, b, &w.inv.os), ".vigilignore");
	assert_reason(suppressor_match(&s, c, &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, d, &w.inv.os), NULL);
	assert_int_equal(s.warnings.n, 0);
	suppressor_free(&s);

	/* an empty file (or only comments) suppresses nothing */
	suppressor_init(&s);
	load_ignore(&s, "", TS);
	load_ignore(&s, "# nothing\n\n", TS);
	assert_reason(suppressor_match(&s, a, &w.inv.os), NULL);
	suppressor_free(&s);
	world_free(&w);
}

static void test_ignore_package_scope(void **state)
{
	struct world w;
	struct suppressor s;

	world_init(&w);
	suppressor_init(&s);
	load_ignore(&s,
		    "CVE-2023-1000 libssl3\n"        /* binary name */
		    "CVE-2023-2000 util-linux\n"     /* source name */
		    "CVE-2023-3000 pkg:deb/debian/libc6@2.36-9%2Bdeb12u1\n"
		    "CVE-2023-4000 pkg:deb/debian/libc6@9.99-1\n"
		    "CVE-2023-5000 pkg:rpm/almalinux/openssl-libs@1:3.0.7-16.el9?arch=x86_64\n",
		    TS);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-1000", NULL), &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-1000", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.bsdutils, "CVE-2023-2000", NULL), &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-2000", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-3000", NULL), &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-4000", NULL), &w.inv.os), NULL);
	/* rpm: the epoch in the version equals our epoch qualifier */
	assert_reason(suppressor_match(&s, finding(&w, w.openssl_libs, "CVE-2023-5000", NULL), &w.rpm_inv.os),
		      SUPPRESS_IGNOREFILE);
	suppressor_free(&s);
	world_free(&w);
}

static void test_ignore_expiry(void **state)
{
	struct world w;
	struct suppressor s;

	world_init(&w);
	suppressor_init(&s);
	/* TS is 2023-11-14T22:13:20Z: an entry holds through its expiry day */
	load_ignore(&s,
		    "CVE-2023-0001 exp:2023-11-14\n"
		    "CVE-2023-0002 exp:2023-11-13\n"
		    "CVE-2023-0003 libc6 exp:2099-12-31\n"
		    "CVE-2023-0004 exp:2024-02-29 libc6\n",
		    TS);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0001", NULL), &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0002", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0003", NULL), &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0004", NULL), &w.inv.os), SUPPRESS_IGNOREFILE);
	assert_int_equal(s.warnings.n, 1);
	assert_non_null(strstr(s.warnings.v[0], ":2: the entry for CVE-2023-0002 expired on 2023-11-13"));
	suppressor_free(&s);

	/* one second after the day ends, the first entry has expired too */
	suppressor_init(&s);
	load_ignore(&s, "CVE-2023-0001 exp:2023-11-14\n", 1700006400LL); /* 2023-11-15T00:00:00Z */
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0001", NULL), &w.inv.os), NULL);
	assert_int_equal(s.warnings.n, 1);
	suppressor_free(&s);
	world_free(&w);
}

static void test_ignore_malformed(void **state)
{
	static const struct { const char *text; int line; const char *what; } bad[] = {
		{ "exp:2024-01-01\n", 1, "not a vulnerability id" },
		{ "# ok\nCVE-2023-1 libc6 libssl3\n", 2, "a second package" },
		{ "CVE-2023-1 exp:2024-02-30\n", 1, "not a date" },
		{ "CVE-2023-1 exp:2024-1-01\n", 1, "not a date" },
		{ "CVE-2023-1 exp:2024-01-01 exp:2024-01-02\n", 1, "a second expiry date" },
		{ "CVE/2023/1\n", 1, "not a vulnerability id" },
		{ "pkg:deb/debian/libc6 CVE-2023-1\n", 1, "not a vulnerability id" },
		{ "CVE-2023-1 pkg:deb\n", 1, "not a valid package URL" },
		{ "CVE-2023-1 expires:2024-01-01\n", 1, "neither a package name" },
		{ "CVE-2023-1\n\n\nCVE-2023-2 libc6 exp:2024-01-01 extra\n", 4, "too many fields" },
		{ "CVE-2023-1 lib\xc3\xa9\n", 1, "neither a package name" },
	};
	struct world w;

	world_init(&w);
	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct suppressor s;
		struct vg_err err = { 0 };
		const char *path = tmp_text(bad[i].text);
		char want[4300];

		suppressor_init(&s);
		if (suppressor_load_ignorefile(&s, path, TS, &err) == 0)
			fail_msg("accepted: %s", bad[i].text);
		assert_int_equal(err.code, VG_EFORMAT);
		snprintf(want, sizeof(want), "%s:%d: ", path, bad[i].line);
		if (!str_starts_with(err.msg, want) || !strstr(err.msg, bad[i].what))
			fail_msg("case %zu: message \"%s\"", i, err.msg);
		/* nothing of a rejected file applies, not even its good lines */
		assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-1", NULL), &w.inv.os), NULL);
		suppressor_free(&s);
	}
	{
		struct suppressor s;
		struct vg_err err = { 0 };
		char path[4300];

		suppressor_init(&s);
		assert_int_equal(suppressor_load_ignorefile(&s, write_tmp("CVE-1\n\0x\n", 9), TS, &err), -1);
		assert_int_equal(err.code, VG_EFORMAT);
		snprintf(path, sizeof(path), "%s/absent", scratch);
		assert_int_equal(suppressor_load_ignorefile(&s, path, TS, &err), -1);
		assert_int_equal(err.code, VG_ENOTFOUND);
		assert_non_null(strstr(err.msg, path));
		suppressor_free(&s);
	}
	world_free(&w);
}

/* ------------------------------------------------------------------ OpenVEX */

#define DOC_HEAD "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"https://openvex.dev/docs/example/t\", " \
	"\"author\": \"test\", \"timestamp\": \"2023-11-01T00:00:00Z\", \"version\": 1, \"statements\": ["
#define DOC_TAIL "]}"

static void test_vex_statuses(void **state)
{
	struct world w;
	struct suppressor s;

	world_init(&w);
	suppressor_init(&s);
	load_vex(&s, DOC_HEAD
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0001\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libssl3\"}],"
		 " \"status\": \"not_affected\", \"justification\": \"component_not_present\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0002\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libssl3\"}],"
		 " \"status\": \"fixed\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0003\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libssl3\"}],"
		 " \"status\": \"affected\", \"action_statement\": \"upgrade\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0004\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libssl3\"}],"
		 " \"status\": \"under_investigation\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0005\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libssl3\"}],"
		 " \"status\": \"not_affected\", \"impact_statement\": \"not reachable\"}"
		 DOC_TAIL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0001", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	assert_string_equal(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0001", NULL), &w.inv.os),
			    "VEX not_affected");
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0002", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_string_equal(SUPPRESS_VEX_FIXED, "VEX fixed");
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0003", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0004", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0005", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	/* another package, another id */
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0001", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-9999", NULL), &w.inv.os), NULL);
	suppressor_free(&s);
	world_free(&w);
}

static void test_vex_purls(void **state)
{
	struct world w;
	struct suppressor s;

	world_init(&w);
	suppressor_init(&s);
	load_vex(&s, DOC_HEAD
		 /* versioned; qualifiers in another order and a subset of ours */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0001\"}, \"products\": ["
		 "  {\"@id\": \"pkg:deb/debian/libssl3@3.0.11-1~deb12u1?distro=debian-12&arch=amd64\"}],"
		 " \"status\": \"fixed\"},"
		 /* another version, another arch */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0002\"}, \"products\": ["
		 "  {\"@id\": \"pkg:deb/debian/libssl3@3.0.9-1\"}, {\"@id\": \"pkg:deb/debian/libssl3?arch=arm64\"}],"
		 " \"status\": \"fixed\"},"
		 /* encoded ':' and '+', and the epoch as a qualifier */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0003\"}, \"products\": ["
		 "  {\"@id\": \"pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1\"}], \"status\": \"fixed\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0004\"}, \"products\": ["
		 "  {\"@id\": \"pkg:deb/debian/bsdutils@2.38.1-5+b1?epoch=1\"}], \"status\": \"fixed\"},"
		 /* identifiers.purl instead of @id; rpm epoch in the version */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0005\"}, \"products\": ["
		 "  {\"@id\": \"https://example.invalid/products/openssl\","
		 "   \"identifiers\": {\"purl\": \"pkg:rpm/almalinux/openssl-libs@1:3.0.7-16.el9\", \"cpe23\": \"cpe:2.3:a:x\"}}],"
		 " \"status\": \"fixed\"},"
		 /* other namespace or type */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0006\"}, \"products\": ["
		 "  {\"@id\": \"pkg:deb/ubuntu/libssl3\"}, {\"@id\": \"pkg:apk/debian/libssl3\"}], \"status\": \"fixed\"}"
		 DOC_TAIL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0001", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0002", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.bsdutils, "CVE-2023-0003", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.bsdutils, "CVE-2023-0004", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.openssl_libs, "CVE-2023-0005", NULL), &w.rpm_inv.os),
		      SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0006", NULL), &w.inv.os), NULL);
	suppressor_free(&s);
	world_free(&w);
}

static void test_vex_names(void **state)
{
	struct world w;
	struct suppressor s;

	world_init(&w);
	suppressor_init(&s);
	load_vex(&s, DOC_HEAD
		 /* the finding's alias is the statement's name */
		 "{\"vulnerability\": {\"name\": \"GHSA-aaaa-bbbb-cccc\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}],"
		 " \"status\": \"fixed\"},"
		 /* the finding's id is one of the statement's aliases */
		 "{\"vulnerability\": {\"name\": \"DSA-1-1\", \"aliases\": [\"CVE-2023-0002\"]},"
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"fixed\"},"
		 /* only an @id IRI (as some producers write) */
		 "{\"vulnerability\": {\"@id\": \"https://nvd.nist.gov/vuln/detail/CVE-2023-0003\"},"
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"fixed\"},"
		 /* OpenVEX 0.0.1 strings */
		 "{\"vulnerability\": \"CVE-2023-0004\", \"products\": [\"pkg:deb/debian/libc6\"], \"status\": \"fixed\"}"
		 DOC_TAIL);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0001", "GHSA-aaaa-bbbb-cccc"), &w.inv.os),
		      SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0002", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0003", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "cve-2023-0004", NULL), &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0005", "DSA-1-2"), &w.inv.os), NULL);
	suppressor_free(&s);
	world_free(&w);
}

static void test_vex_image_products(void **state)
{
	static const char doc[] = DOC_HEAD
		/* the image, by digest, with subcomponents */
		"{\"vulnerability\": {\"name\": \"CVE-2023-0001\"}, \"products\": [{"
		"  \"@id\": \"pkg:oci/app@sha256%3Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"?repository_url=registry.example.invalid/example/app\","
		"  \"subcomponents\": [{\"@id\": \"pkg:deb/debian/libssl3\"}, {\"identifiers\": {\"purl\": \"pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1\"}}]}],"
		" \"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_in_execute_path\"},"
		/* the image by name, no subcomponents: every package */
		"{\"vulnerability\": {\"name\": \"CVE-2023-0002\"}, \"products\": [{\"@id\": \"pkg:oci/app\"}],"
		" \"status\": \"not_affected\", \"justification\": \"component_not_present\"},"
		/* another image */
		"{\"vulnerability\": {\"name\": \"CVE-2023-0003\"}, \"products\": [{"
		"  \"@id\": \"pkg:oci/app@sha256%3Acccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\","
		"  \"subcomponents\": [{\"@id\": \"pkg:deb/debian/libssl3\"}]}, {\"@id\": \"pkg:oci/other\"}],"
		" \"status\": \"not_affected\", \"justification\": \"component_not_present\"}"
		DOC_TAIL;
	struct world w;
	struct suppressor s;

	world_init(&w);
	suppressor_init(&s);
	load_vex(&s, doc);
	suppressor_set_image(&s, &w.image);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0001", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	assert_reason(suppressor_match(&s, finding(&w, w.zlib1g, "CVE-2023-0001", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0001", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0002", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0003", NULL), &w.inv.os), NULL);
	/* another scanned image: neither digest nor name match */
	w.image.manifest_digest = "sha256:dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd";
	w.image.name = "other-app:2";
	w.image.n_repo_tags = 0;
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0001", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-0002", NULL), &w.inv.os), NULL);
	/* no image set: an image product stands for whatever is scanned */
	suppressor_set_image(&s, NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0001", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "CVE-2023-0003", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	suppressor_free(&s);
	world_free(&w);
}

static void test_vex_latest_wins(void **state)
{
	struct world w;
	struct suppressor s;
	const struct finding *f1, *f2, *f3, *f4;

	world_init(&w);
	f1 = finding(&w, w.libc6, "CVE-2023-0001", NULL);
	f2 = finding(&w, w.libc6, "CVE-2023-0002", NULL);
	f3 = finding(&w, w.libc6, "CVE-2023-0003", NULL);
	f4 = finding(&w, w.libc6, "CVE-2023-0004", NULL);
	suppressor_init(&s);
	load_vex(&s, DOC_HEAD
		 /* later in the file but earlier in time: the not_affected wins */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0001\"}, \"timestamp\": \"2023-06-01T00:00:00Z\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"not_affected\","
		 " \"justification\": \"component_not_present\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0001\"}, \"timestamp\": \"2023-01-01T00:00:00Z\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"affected\", \"action_statement\": \"x\"},"
		 /* statement without a timestamp takes the document's (2023-11-01), later than the other */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0002\"}, \"timestamp\": \"2023-10-31T23:00:00-02:00\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"fixed\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0002\"},"
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"under_investigation\"},"
		 /* last_updated beats an older timestamp */
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0003\"}, \"timestamp\": \"2023-05-01T00:00:00.5Z\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"under_investigation\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0003\"}, \"timestamp\": \"2023-04-01T00:00:00Z\","
		 " \"last_updated\": \"2023-05-01T00:00:00.75Z\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"fixed\"}"
		 DOC_TAIL);
	/* 2023-10-31T23:00-02:00 is 2023-11-01T01:00Z: later than the document's date */
	assert_reason(suppressor_match(&s, f1, &w.inv.os), SUPPRESS_VEX_NOT_AFFECTED);
	assert_reason(suppressor_match(&s, f2, &w.inv.os), SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, f3, &w.inv.os), SUPPRESS_VEX_FIXED);
	/* a second document: a later affected statement re-opens CVE-2023-0001;
	 * the same time as an earlier one: loaded last wins */
	load_vex(&s, DOC_HEAD
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0001\"}, \"timestamp\": \"2023-07-01T00:00:00Z\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6@2.36-9+deb12u1\"}], \"status\": \"affected\","
		 " \"action_statement\": \"upgrade\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0003\"}, \"timestamp\": \"2023-05-01T00:00:00.75Z\","
		 " \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}], \"status\": \"under_investigation\"},"
		 "{\"vulnerability\": {\"name\": \"CVE-2023-0004\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}],"
		 " \"status\": \"fixed\"}"
		 DOC_TAIL);
	assert_reason(suppressor_match(&s, f1, &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, f3, &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, f4, &w.inv.os), SUPPRESS_VEX_FIXED);
	suppressor_free(&s);
	world_free(&w);
}

static void test_vex_malformed(void **state)
{
	static const struct { const char *text; const char *what; } bad[] = {
		{ "{\"@context\": ", "not JSON" },
		{ "[]", "not a JSON object" },
		{ "{\"statements\": []}", "not an OpenVEX document" },
		{ "{\"@context\": \"https://cyclonedx.org/\", \"statements\": []}", "not an OpenVEX document" },
		{ DOC_HEAD DOC_TAIL, "no \"statements\"" },
		{ "{\"@context\": \"https://openvex.dev/ns\", \"timestamp\": \"yesterday\", \"statements\": []}",
		  "\"timestamp\" is not an RFC 3339 date-time" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"maybe\"}" DOC_TAIL, "statement 1: unknown status \"maybe\"" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"fixed\"}, {\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"not_affected\"}" DOC_TAIL, "statement 2: status not_affected needs a" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"not_affected\", \"justification\": \"trust_me\"}" DOC_TAIL, "unknown justification" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"fixed\", \"timestamp\": \"2023-02-30T00:00:00Z\"}" DOC_TAIL, "not an RFC 3339" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb\"}],"
		  " \"status\": \"fixed\"}" DOC_TAIL, "is not a valid package URL" },
		{ DOC_HEAD "{\"products\": [{\"@id\": \"pkg:deb/debian/a\"}], \"status\": \"fixed\"}" DOC_TAIL,
		  "\"vulnerability\" is missing" },
		{ DOC_HEAD "{\"vulnerability\": {\"description\": \"x\"}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"fixed\"}" DOC_TAIL, "the vulnerability has no name" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"status\": \"fixed\"}" DOC_TAIL, "no \"products\"" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"hashes\": {}}], \"status\": \"fixed\"}"
		  DOC_TAIL, "neither \"@id\" nor \"identifiers\"" },
		{ DOC_HEAD "42" DOC_TAIL, "statement 1: not an object" },
		{ DOC_HEAD "{\"vulnerability\": {\"name\": 7}, \"products\": [{\"@id\": \"pkg:deb/debian/a\"}],"
		  " \"status\": \"fixed\"}" DOC_TAIL, "\"name\" is not a string" },
		{ "{\"@context\": \"https://openvex.dev/ns\", \"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\"},"
		  " \"products\": [{\"@id\": \"pkg:deb/debian/a\"}], \"status\": \"fixed\"}]}", "no \"timestamp\"" },
		{ "{\"@context\": \"https://openvex.dev/ns\", \"@context\": \"https://openvex.dev/ns\"}", "not JSON" },
	};
	struct world w;

	world_init(&w);
	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct suppressor s;
		struct vg_err err = { 0 };
		const char *path = tmp_text(bad[i].text);

		suppressor_init(&s);
		if (suppressor_load_vex(&s, path, &err) == 0)
			fail_msg("accepted case %zu: %s", i, bad[i].text);
		assert_int_equal(err.code, VG_EFORMAT);
		if (!str_starts_with(err.msg, path) || !strstr(err.msg, bad[i].what))
			fail_msg("case %zu: message \"%s\"", i, err.msg);
		assert_int_equal(s.statements.n, 0);
		suppressor_free(&s);
	}
	{
		/* a good statement before a bad one is not kept either */
		struct suppressor s;
		struct vg_err err = { 0 };
		char path[4300];

		suppressor_init(&s);
		assert_int_equal(suppressor_load_vex(&s, tmp_text(DOC_HEAD
			"{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:deb/debian/libc6\"}],"
			" \"status\": \"fixed\"}, {\"status\": \"fixed\"}" DOC_TAIL), &err), -1);
		assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-1", NULL), &w.inv.os), NULL);
		snprintf(path, sizeof(path), "%s/absent.json", scratch);
		assert_int_equal(suppressor_load_vex(&s, path, &err), -1);
		assert_int_equal(err.code, VG_ENOTFOUND);
		assert_non_null(strstr(err.msg, path));
		suppressor_free(&s);
	}
	world_free(&w);
}

/* The fixture in tests/data/vex (also checked against the OpenVEX schema by
 * tests/e2e/scan_schemas.sh). */
static void test_vex_fixture(void **state)
{
	const char *root = getenv("VIGIL_ROOT");
	char path[4096];
	struct world w;
	struct suppressor s;
	struct vg_err err = { 0 };

	snprintf(path, sizeof(path), "%s/tests/data/vex/example-app.openvex.json", root && *root ? root : ".");
	world_init(&w);
	suppressor_init(&s);
	if (suppressor_load_vex(&s, path, &err) != 0)
		fail_msg("%s", err.msg);
	suppressor_set_image(&s, &w.image);
	assert_int_equal(s.statements.n, 6);
	assert_reason(suppressor_match(&s, finding(&w, w.bsdutils, "CVE-2022-0563", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2022-0563", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.libssl3, "GHSA-2m5x-4x6h-8x7c", NULL), &w.inv.os),
		      SUPPRESS_VEX_FIXED);
	assert_reason(suppressor_match(&s, finding(&w, w.libc6, "CVE-2023-4911", NULL), &w.inv.os), NULL);
	assert_reason(suppressor_match(&s, finding(&w, w.zlib1g, "CVE-2022-37434", NULL), &w.inv.os),
		      SUPPRESS_VEX_NOT_AFFECTED);

	/* with an ignore file as well: the ignore file is asked first */
	load_ignore(&s, "CVE-2022-0563 bsdutils\n", TS);
	assert_reason(suppressor_match(&s, finding(&w, w.bsdutils, "CVE-2022-0563", NULL), &w.inv.os),
		      SUPPRESS_IGNOREFILE);
	suppressor_free(&s);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ignore_ids_and_aliases),
		cmocka_unit_test(test_ignore_package_scope),
		cmocka_unit_test(test_ignore_expiry),
		cmocka_unit_test(test_ignore_malformed),
		cmocka_unit_test(test_vex_statuses),
		cmocka_unit_test(test_vex_purls),
		cmocka_unit_test(test_vex_names),
		cmocka_unit_test(test_vex_image_products),
		cmocka_unit_test(test_vex_latest_wins),
		cmocka_unit_test(test_vex_malformed),
		cmocka_unit_test(test_vex_fixture),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
