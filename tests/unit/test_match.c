/* test_match.c - unit tests for the matcher: distro statuses, OSV ranges,
 * version-order edge cases, source-vs-binary lookups, merging one advisory
 * from two sources, severity choice, namespaces and end-of-life dates. */
#include "testutil.h"

#include <stdlib.h>

#include "db/reader.h"
#include "match/match.h"

static char db_path[256];

static void add_aff(struct dbw *w, const char *ns, const char *pkg, const char *id, enum affect_status st,
		    const char *fixed, const char *ranges, const char *versions, const char *rating)
{
	struct affected_rec a = { ns, pkg, id, st, fixed, ranges, versions, rating };
	struct vg_err err;

	assert_int_equal(dbw_add_affected(w, &a, &err), 0);
}

static void add_vuln(struct dbw *w, const char *id, const char *withdrawn)
{
	struct vuln_rec v = { id, "summary of the problem", NULL, NULL, NULL, withdrawn };
	struct vg_err err;

	assert_int_equal(dbw_add_vuln(w, &v, &err), 0);
}

#define RANGE(intro, evtype, ev) "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"" intro "\"},{\"" evtype "\":\"" ev "\"}]}]"

static int build_db(void **state)
{
	struct dbw *w;
	struct vg_err err;
	struct severity_rec nvd = { "CVE-2024-0003", "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, NULL };
	struct kev_rec kev = { "CVE-2024-0003", "2024-05-01", NULL, "Unknown", "x" };

	(void)state;
	snprintf(db_path, sizeof(db_path), "%s/vigil-test-match-%d.sqlite", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	assert_int_equal(dbw_open(db_path, &w, &err), 0);
	assert_int_equal(dbw_begin_source(w, "debian", "debian-tracker", "debian.json", &err), 0);
	/* Debian: by source package, source version */
	add_aff(w, "debian:12", "openssl", "CVE-2024-0001", AFFECT_FIXED, "3.0.11-1~deb12u10", NULL, NULL, "high");
	add_aff(w, "debian:12", "openssl", "CVE-2024-0002", AFFECT_FIXED, "3.0.11-1~deb12u1", NULL, NULL, NULL);
	add_aff(w, "debian:12", "openssl", "CVE-2024-0003", AFFECT_AFFECTED, NULL, NULL, NULL, NULL);
	add_aff(w, "debian:12", "openssl", "CVE-2024-0004", AFFECT_WONT_FIX, NULL, NULL, NULL, "low");
	add_aff(w, "debian:12", "openssl", "CVE-2024-0005", AFFECT_NOT_AFFECTED, NULL, NULL, NULL, NULL);
	add_aff(w, "debian:12", "coreutils", "CVE-2024-0010", AFFECT_FIXED, "8.32-4.1", NULL, NULL, NULL);
	add_aff(w, "debian:12", "coreutils", "CVE-2024-0011", AFFECT_FIXED, "8.32-4", NULL, NULL, NULL);
	add_aff(w, "debian:12", "zlib", "CVE-2024-0020", AFFECT_FIXED, "1:1.2.13.dfsg-1", NULL, NULL, "medium");
	add_aff(w, "debian:11", "openssl", "CVE-2024-0099", AFFECT_FIXED, "9.9", NULL, NULL, NULL);
	add_vuln(w, "CVE-2024-0001", NULL);
	assert_int_equal(dbw_begin_source(w, "osv-debian", "osv", "debian-osv.jsonl", &err), 0);
	/* the same CVE from a second source */
	add_aff(w, "debian:12", "openssl", "CVE-2024-0001", AFFECT_RANGES, NULL, RANGE("0", "fixed", "3.0.11-1~deb12u10"), NULL, NULL);
	assert_int_equal(dbw_begin_source(w, "dsa", "debian-dsa", "DSA-list.txt", &err), 0);
	/* a DSA naming a CVE that is already a finding merges into it; one naming
	 * a CVE nobody else has is a finding of its own */
	add_aff(w, "debian:12", "openssl", "DSA-9999-1", AFFECT_FIXED, "3.0.11-1~deb12u10", NULL, NULL, NULL);
	assert_int_equal(dbw_add_alias(w, "DSA-9999-1", "CVE-2024-0001", &err), 0);
	add_aff(w, "debian:12", "openssl", "DSA-9998-1", AFFECT_FIXED, "3.0.11-1~deb12u10", NULL, NULL, NULL);
	assert_int_equal(dbw_add_alias(w, "DSA-9998-1", "CVE-2024-7777", &err), 0);
	assert_int_equal(dbw_begin_source(w, "alpine", "alpine-secdb", "alpine.json", &err), 0);
	add_aff(w, "alpine:3.20", "openssl", "CVE-2024-0030", AFFECT_FIXED, "3.3.2-r0", NULL, NULL, NULL);
	add_aff(w, "alpine:3.20", "openssl", "CVE-2024-0031", AFFECT_FIXED, "3.3.2_rc1-r0", NULL, NULL, NULL);
	add_aff(w, "alpine:3.20", "openssl", "CVE-2024-0032", AFFECT_FIXED, "3.3.2_p1-r0", NULL, NULL, NULL);
	add_aff(w, "alpine:3.20", "openssl", "CVE-2024-0033", AFFECT_FIXED, "3.3.1-r10", NULL, NULL, NULL);
	add_aff(w, "alpine:3.20", "openssl", "CVE-2024-0034", AFFECT_NOT_AFFECTED, "0", NULL, NULL, NULL);
	assert_int_equal(dbw_begin_source(w, "alma", "osv", "alma.jsonl", &err), 0);
	add_aff(w, "almalinux:9", "bash", "ALSA-2024:0001", AFFECT_RANGES, NULL, RANGE("0", "fixed", "1:5.1.8-9.el9_2"), NULL, NULL);
	add_aff(w, "almalinux:9", "bash", "ALSA-2024:0002", AFFECT_RANGES, NULL, RANGE("0", "fixed", "5.1.8-9.el9"), NULL, NULL);
	add_aff(w, "almalinux:9", "bash", "ALSA-2024:0003", AFFECT_RANGES, NULL, RANGE("1:5.0", "last_affected", "1:5.1.8-6.el9"), NULL, NULL);
	add_aff(w, "almalinux:9", "bash", "ALSA-2024:0004", AFFECT_RANGES, NULL, RANGE("1:5.0", "limit", "1:5.1.0"), NULL, NULL);
	add_aff(w, "almalinux:9", "bash", "ALSA-2024:0005", AFFECT_RANGES, NULL, "[]", "[\"1:5.1.8-6.el9\"]", NULL);
	add_aff(w, "almalinux:9", "bash", "ALSA-2024:0006", AFFECT_RANGES, NULL, RANGE("0", "fixed", "1:5.1.8-7.el9"), NULL, NULL);
	add_vuln(w, "ALSA-2024:0006", "2024-06-01T00:00:00Z"); /* withdrawn */
	{ /* OSV gives a vector without a score: the matcher scores it */
		struct severity_rec osv = { "ALSA-2024:0005", "CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", -1, NULL };
		assert_int_equal(dbw_add_severity(w, &osv, &err), 0);
	}
	assert_int_equal(dbw_add_alias(w, "ALSA-2024:0001", "CVE-2024-0003", &err), 0);
	assert_int_equal(dbw_begin_source(w, "lang", "osv", "lang.jsonl", &err), 0);
	/* language ecosystems: PyPI names are stored PEP 503-normalised */
	add_aff(w, "pypi", "python-dateutil", "PYSEC-1", AFFECT_RANGES, NULL, RANGE("0", "fixed", "2.8.3"), NULL, NULL);
	add_aff(w, "pypi", "jinja2", "PYSEC-2", AFFECT_RANGES, NULL, RANGE("3.0.0a1", "fixed", "3.1.3"), NULL, NULL);
	add_aff(w, "go", "stdlib", "GO-1", AFFECT_RANGES, NULL,
		"[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.19.9\"}]}]", NULL, NULL);
	add_aff(w, "go", "stdlib", "GO-2", AFFECT_RANGES, NULL,
		"[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.20.0-0\"},{\"fixed\":\"1.20.4\"}]}]", NULL, NULL);
	add_aff(w, "npm", "lodash", "NSWG-1", AFFECT_RANGES, NULL,
		"[{\"type\":\"NPM_SEMVER_RANGE\",\"vulnerable\":\"<=4.17.4\",\"patched\":\">=4.17.5\"}]", NULL, NULL);
	add_aff(w, "npm", "lodash", "NSWG-2", AFFECT_RANGES, NULL,
		"[{\"type\":\"NPM_SEMVER_RANGE\",\"vulnerable\":\">=3.0.0 <3.5.0 || >=4.0.0 <4.17.11\",\"patched\":null}]",
		NULL, NULL);
	add_aff(w, "rubygems", "rack", "CVE-2018-16471", AFFECT_RANGES, NULL,
		"[{\"type\":\"GEM_REQUIREMENTS\",\"patched\":[\"~> 1.6.11\",\">= 2.0.6\"]}]", NULL, NULL);
	add_aff(w, "rubygems", "rack", "GEM-ALL", AFFECT_RANGES, NULL, "[{\"type\":\"GEM_REQUIREMENTS\"}]", NULL, NULL);
	add_aff(w, "maven", "org.apache.logging.log4j:log4j-core", "GHSA-jfh8", AFFECT_RANGES, NULL,
		RANGE("2.0-beta9", "fixed", "2.15.0"), NULL, NULL);
	assert_int_equal(dbw_begin_source(w, "nvd", "nvd", "nvd.json", &err), 0);
	assert_int_equal(dbw_add_severity(w, &nvd, &err), 0);
	assert_int_equal(dbw_add_exploited(w, &kev, &err), 0);
	assert_int_equal(dbw_commit(w, &err), 0);
	return 0;
}

static int remove_db(void **state)
{
	(void)state;
	unlink(db_path);
	return 0;
}

static struct package *pkg(struct inventory *inv, enum pkg_type t, const char *name, const char *version,
			   const char *src, const char *srcver)
{
	struct package *p = inventory_new_package(inv, t);

	p->name = inventory_strdup(inv, name);
	p->version = inventory_strdup(inv, version);
	p->source_name = inventory_strdup(inv, src ? src : name);
	p->source_version = inventory_strdup(inv, srcver ? srcver : version);
	return p;
}

static void set_os(struct inventory *inv, const char *id, const char *version)
{
	inv->os.detected = true;
	inv->os.id = inventory_strdup(inv, id);
	inv->os.version_id = inventory_strdup(inv, version);
}

static const struct finding *find(const struct scan_result *r, const char *pkgname, const char *id)
{
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = r->findings.v[i];
		if (strcmp(f->pkg->name, pkgname) == 0 && strcmp(f->id, id) == 0)
			return f;
	}
	return NULL;
}

static void run_match(struct inventory *inv, struct scan_result *res)
{
	struct vulndb *db;
	struct vg_err err = { VG_OK, "" };

	assert_int_equal(vulndb_open(db_path, &db, &err), 0);
	scan_result_init(res);
	assert_int_equal(match_inventory(db, inv, res, &err), 0);
	vulndb_close(db);
}

static void test_debian(void **state)
{
	struct inventory inv;
	struct scan_result res;
	const struct finding *f;

	(void)state;
	inventory_init(&inv);
	set_os(&inv, "debian", "12");
	/* binary libssl3 from source openssl; +deb12u1 < +deb12u10 */
	pkg(&inv, PKG_DEB, "libssl3", "3.0.11-1~deb12u2", "openssl", NULL);
	/* binNMU: binary 8.32-4+b1, source 8.32-4: fixed in 8.32-4 means not affected */
	pkg(&inv, PKG_DEB, "coreutils", "8.32-4+b1", NULL, "8.32-4");
	/* epoch */
	pkg(&inv, PKG_DEB, "zlib1g", "1:1.2.11.dfsg-2+deb11u2", "zlib", NULL);
	run_match(&inv, &res);
	assert_string_equal(res.namespace, "debian:12");
	f = find(&res, "libssl3", "CVE-2024-0001");
	assert_non_null(f);
	assert_string_equal(f->status, "fixed");
	assert_string_equal(f->fixed_version, "3.0.11-1~deb12u10");
	assert_int_equal(f->severity, SEV_HIGH);
	assert_non_null(strstr(f->data_source, "debian"));
	assert_non_null(strstr(f->data_source, "osv-debian")); /* one finding, two sources */
	assert_non_null(strstr(f->data_source, "dsa"));
	assert_null(find(&res, "libssl3", "DSA-9999-1"));        /* merged into its CVE */
	assert_non_null(find(&res, "libssl3", "DSA-9998-1"));
	assert_null(find(&res, "libssl3", "CVE-2024-0002"));     /* +deb12u2 >= +deb12u1 */
	f = find(&res, "libssl3", "CVE-2024-0003");
	assert_non_null(f);
	assert_string_equal(f->status, "affected");
	assert_null(f->fixed_version);
	assert_int_equal(f->severity, SEV_CRITICAL); /* from NVD CVSS 9.8 */
	assert_true(f->exploited);
	f = find(&res, "libssl3", "CVE-2024-0004");
	assert_non_null(f);
	assert_string_equal(f->status, "will_not_fix");
	assert_int_equal(f->severity, SEV_LOW);
	assert_null(find(&res, "libssl3", "CVE-2024-0005"));
	assert_null(find(&res, "libssl3", "CVE-2024-0099"));     /* another release */
	assert_non_null(find(&res, "coreutils", "CVE-2024-0010"));
	assert_null(find(&res, "coreutils", "CVE-2024-0011"));
	f = find(&res, "zlib1g", "CVE-2024-0020"); /* same epoch 1: 1.2.11 < 1.2.13 */
	assert_non_null(f);
	assert_int_equal(f->severity, SEV_MEDIUM);
	scan_result_free(&res);
	inventory_free(&inv);
}

static void test_debian_epoch(void **state)
{
	struct inventory inv;
	struct scan_result res;

	(void)state;
	inventory_init(&inv);
	set_os(&inv, "debian", "12.4");
	pkg(&inv, PKG_DEB, "zlib1g", "1:1.2.13.dfsg-1+b1", "zlib", "1:1.2.13.dfsg-1");
	pkg(&inv, PKG_DEB, "libz-old", "1.9", "zlib", NULL); /* no epoch: 0 < 1 */
	run_match(&inv, &res);
	assert_null(find(&res, "zlib1g", "CVE-2024-0020"));
	assert_non_null(find(&res, "libz-old", "CVE-2024-0020"));
	scan_result_free(&res);
	inventory_free(&inv);
}

static void test_alpine(void **state)
{
	struct inventory inv;
	struct scan_result res;

	(void)state;
	inventory_init(&inv);
	set_os(&inv, "alpine", "3.20.3");
	pkg(&inv, PKG_APK, "libcrypto3", "3.3.2_rc2-r0", "openssl", NULL);
	run_match(&inv, &res);
	assert_string_equal(res.namespace, "alpine:3.20");
	assert_non_null(find(&res, "libcrypto3", "CVE-2024-0030"));  /* _rc2 < release */
	assert_null(find(&res, "libcrypto3", "CVE-2024-0031"));      /* _rc2 > _rc1 */
	assert_non_null(find(&res, "libcrypto3", "CVE-2024-0032"));  /* _p1 is after the release */
	assert_null(find(&res, "libcrypto3", "CVE-2024-0033"));
	assert_null(find(&res, "libcrypto3", "CVE-2024-0034"));
	scan_result_free(&res);
	inventory_free(&inv);
}

static struct package *lang_pkg(struct inventory *inv, enum pkg_type t, const char *name, const char *version,
				const char *owner)
{
	struct package *p = inventory_new_package(inv, t);

	p->name = inventory_strdup(inv, name);
	p->version = inventory_strdup(inv, version);
	p->os_owner = inventory_strdup(inv, owner);
	return p;
}

static void test_language_packages(void **state)
{
	struct inventory inv;
	struct scan_result res;
	struct vulndb *db;
	struct vg_err err = { VG_OK, "" };
	struct match_options all = { true };

	(void)state;
	inventory_init(&inv);
	set_os(&inv, "debian", "12"); /* the OS namespace does not matter to language packages */
	lang_pkg(&inv, PKG_PYPI, "python_dateutil", "2.8.2", NULL);    /* name normalised: PEP 503 */
	lang_pkg(&inv, PKG_PYPI, "Jinja2", "3.1.2", "python3-jinja2"); /* OS-owned: not matched by default */
	lang_pkg(&inv, PKG_GO, "stdlib", "v1.19.8", NULL);
	lang_pkg(&inv, PKG_NPM, "lodash", "4.17.4", NULL);
	lang_pkg(&inv, PKG_GEM, "rack", "1.6.11", NULL);
	lang_pkg(&inv, PKG_MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1", NULL);
	run_match(&inv, &res);
	assert_non_null(find(&res, "python_dateutil", "PYSEC-1"));
	assert_string_equal(find(&res, "python_dateutil", "PYSEC-1")->namespace, "pypi");
	assert_null(find(&res, "Jinja2", "PYSEC-2"));
	assert_int_equal(res.packages_os_owned, 1);
	assert_non_null(find(&res, "stdlib", "GO-1"));                 /* v1.19.8 < 1.19.9 */
	assert_string_equal(find(&res, "stdlib", "GO-1")->fixed_version, "1.19.9");
	assert_null(find(&res, "stdlib", "GO-2"));
	assert_non_null(find(&res, "lodash", "NSWG-1"));
	assert_string_equal(find(&res, "lodash", "NSWG-1")->fixed_version, "4.17.5");
	assert_non_null(find(&res, "lodash", "NSWG-2"));               /* second alternative of the || */
	assert_null(find(&res, "rack", "CVE-2018-16471"));             /* ~> 1.6.11 holds */
	assert_non_null(find(&res, "rack", "GEM-ALL"));                /* no requirements: every version */
	assert_non_null(find(&res, "org.apache.logging.log4j:log4j-core", "GHSA-jfh8")); /* 2.0-beta9 <= 2.14.1 < 2.15.0 */
	scan_result_free(&res);

	assert_int_equal(vulndb_open(db_path, &db, &err), 0);
	scan_result_init(&res);
	assert_int_equal(match_inventory_with(db, &inv, &all, &res, &err), 0);
	vulndb_close(db);
	assert_non_null(find(&res, "Jinja2", "PYSEC-2"));              /* --match-os-owned */
	assert_int_equal(res.packages_os_owned, 0);
	scan_result_free(&res);
	inventory_free(&inv);
}

static void test_rpm_ranges(void **state)
{
	struct inventory inv;
	struct scan_result res;
	const struct finding *f;

	(void)state;
	inventory_init(&inv);
	set_os(&inv, "almalinux", "9.2");
	pkg(&inv, PKG_RPM, "bash", "1:5.1.8-6.el9", NULL, NULL);
	run_match(&inv, &res);
	assert_string_equal(res.namespace, "almalinux:9");
	f = find(&res, "bash", "ALSA-2024:0001");
	assert_non_null(f);
	assert_string_equal(f->fixed_version, "1:5.1.8-9.el9_2");
	assert_int_equal(f->severity, SEV_CRITICAL); /* via its CVE alias */
	assert_null(find(&res, "bash", "ALSA-2024:0002"));   /* epoch 1 > epoch 0 */
	assert_non_null(find(&res, "bash", "ALSA-2024:0003")); /* last_affected is inclusive */
	assert_null(find(&res, "bash", "ALSA-2024:0004"));   /* at or above the limit */
	f = find(&res, "bash", "ALSA-2024:0005"); /* explicit versions list */
	assert_non_null(f);
	assert_true(f->score > 6.49 && f->score < 6.51); /* scored from the vector: 6.5 */
	assert_int_equal(f->severity, SEV_MEDIUM);
	assert_null(find(&res, "bash", "ALSA-2024:0006"));   /* withdrawn */
	scan_result_free(&res);
	inventory_free(&inv);
}

static void test_namespaces_and_eol(void **state)
{
	struct arena a = ARENA_INIT;
	struct os_info os = { 0 };

	(void)state;
	assert_null(namespace_for_os(&os, &a));
	os.detected = true;
	os.id = "ubuntu";
	os.version_id = "22.04";
	assert_string_equal(namespace_for_os(&os, &a), "ubuntu:22.04");
	os.id = "wolfi";
	assert_string_equal(namespace_for_os(&os, &a), "wolfi:rolling");
	os.id = "debian";
	os.version_id = NULL;
	os.version_codename = "trixie";
	assert_string_equal(namespace_for_os(&os, &a), "debian:trixie");
	/* 2026-11-27 */
	assert_string_equal(namespace_eol_date("debian:11", 1795651200LL), "2026-08-31");
	assert_null(namespace_eol_date("debian:12", 1795651200LL));
	assert_null(namespace_eol_date("debian:11", 1700000000LL));
	assert_string_equal(namespace_eol_date("alpine:3.10", 1795651200LL), "2021-05-01");
	assert_null(namespace_eol_date("unknown:1", 1795651200LL));
	assert_int_equal(severity_from_word("Important"), SEV_HIGH);
	assert_int_equal(severity_from_word("unimportant"), SEV_NEGLIGIBLE);
	assert_int_equal(severity_from_word(NULL), SEV_UNKNOWN);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_debian_epoch),
		cmocka_unit_test(test_alpine),
		cmocka_unit_test(test_rpm_ranges),
		cmocka_unit_test(test_language_packages),
		cmocka_unit_test(test_namespaces_and_eol),
	};
	return cmocka_run_group_tests(tests, build_db, remove_db);
}
