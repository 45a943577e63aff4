/* test_cvss.c - CVSS scoring: official example vectors with their published
 * scores (v2, v3.0, v3.1, v4.0), every vector of the shared NVD samples against
 * the feed's baseScore, v3.0/v3.1 Roundup, ratings, and malformed vectors. */
#include "testutil.h"

#include <jansson.h>
#include <math.h>

#include "core/common.h"
#include "severity/cvss.h"

struct vec_case {
	const char *vector;
	double score;
};

/* FIRST "CVSS v3.1 Examples" document: vector -> base score. */
static const struct vec_case v31_examples[] = {
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1 }, /* phpMyAdmin reflected XSS, CVE-2013-1937 */
	{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4 }, /* MySQL stored SQL injection, CVE-2013-0375 */
	{ "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1 }, /* SSLv3 POODLE, CVE-2014-3566 */
	{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9 }, /* VMware guest to host escape, CVE-2012-1516 */
	{ "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8 }, /* Adobe Acrobat buffer overflow, CVE-2009-0658 */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5 }, /* OpenSSL Heartbleed, CVE-2014-0160 */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8 }, /* Bash Shellshock, CVE-2014-6271 */
	{ "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8 }, /* DNS Kaminsky bug, CVE-2008-1447 */
	{ "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8 }, /* Sophos login screen bypass, CVE-2014-2005 */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8 }, /* Joomla directory traversal, CVE-2010-0467 */
	{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8 }, /* Cisco IOS command execution, CVE-2012-0384 */
	{ "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4 }, /* OpenSSL CCS injection, CVE-2014-0224 */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6 }, /* Chrome sandbox bypass, CVE-2012-5376 */
	{ "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6 }, /* Apple iOS lock screen bypass, CVE-2014-2019 */
	{ "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8 }, /* Windows Bluetooth RCE, CVE-2011-1265 */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8 }, /* SearchBlox CSRF, CVE-2015-0970 */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0 }, /* no impact */
	/* temporal and environmental metrics leave the base score alone */
	{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:L/IR:L/AR:L/MAV:P/MAC:H/MPR:H/MUI:R/MS:C/MC:N/MI:N/MA:N",
	  9.8 },
	{ "CVSS:3.1/S:U/A:H/I:H/C:H/UI:N/PR:N/AC:L/AV:N", 9.8 }, /* any order */
};

/* FIRST CVSS v2 Complete Guide, section 3.3 examples. */
static const struct vec_case v2_examples[] = {
	{ "AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8 },  /* Apache chunked encoding, CVE-2002-0392 */
	{ "AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0 }, /* Microsoft Windows ASN.1, CVE-2003-0818 */
	{ "AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2 },  /* NOD32 antivirus buffer overflow, CVE-2003-0062 */
	{ "AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0 },
	{ "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 7.8 },
};

/* CVSS v4.0 vectors with the scores of the FIRST / Red Hat reference
 * calculator, from RedHatProductSecurity/cvss tests/vectors_simple4,
 * vectors_threat4, vectors_security4 and tests/test_cvss4.py. */
static const struct vec_case v40_cases[] = {
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L", 9.2 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L", 7.8 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N", 6.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H", 7.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:N/VA:L/SC:N/SI:H/SA:N", 8.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:N/SA:L", 5.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.6 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:N/SC:N/SI:L/SA:L", 8.5 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:L/SC:N/SI:L/SA:N", 7.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:N/SC:H/SI:L/SA:L", 6.4 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:L", 7.2 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:L/SC:L/SI:L/SA:L", 7.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H", 9.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:N/VI:L/VA:L/SC:L/SI:L/SA:H", 6.2 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:N", 5.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:L/VI:L/VA:N/SC:L/SI:N/SA:N", 4.8 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:L/VI:N/VA:N/SC:H/SI:N/SA:H", 6.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 6.2 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H", 9.5 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:L/SI:L/SA:H", 9.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:L/VA:L/SC:H/SI:L/SA:L", 7.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:L/VI:L/VA:N/SC:H/SI:N/SA:N", 4.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:H/VI:L/VA:N/SC:L/SI:N/SA:L", 5.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:H", 4.6 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N", 2.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", 2.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:L/VI:L/VA:N/SC:L/SI:H/SA:H", 5.6 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:L/SC:L/SI:L/SA:L", 7.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:N/VC:N/VI:L/VA:L/SC:H/SI:H/SA:H", 5.5 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:P/VC:H/VI:L/VA:L/SC:L/SI:N/SA:L", 5.8 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:L/VI:N/VA:L/SC:L/SI:H/SA:N", 4.3 },
	{ "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:L/VA:L/SC:L/SI:N/SA:N", 1.8 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:H/SA:L", 9.4 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:H", 7.0 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", 2.1 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:N/VC:H/VI:N/VA:L/SC:L/SI:L/SA:L", 6.0 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:L/VI:L/VA:L/SC:H/SI:H/SA:H", 5.2 },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N", 4.0 },
	{ "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N", 9.5 },
	{ "CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:N/VI:L/VA:N/SC:L/SI:H/SA:L", 7.0 },
	/* threat (vectors_threat4) */
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A", 7.3 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P", 5.9 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 4.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:U", 0.0 },
	/* security requirements (vectors_security4) */
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M", 7.2 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:H/IR:M/AR:L", 7.1 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:M/IR:M/AR:M", 5.5 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L", 5.4 },
	{ "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/CR:L/IR:H/AR:L", 7.1 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/CR:H/IR:H/AR:H", 0.0 },
	/* test_cvss4.py: one high availability impact, then lowered by AR:L; MSI:H alone */
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/AR:L", 7.9 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:H", 7.7 },
	/* the MacroVector extremes of the lookup table */
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0 },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0 },
};

/* test_cvss4.py test_severity: whole BTE vectors and their severity word. */
static const struct {
	const char *vector, *rating;
} v40_ratings[] = {
	{ "CVSS:4.0/AV:L/AC:H/AT:P/PR:N/UI:P/VC:H/VI:N/VA:N/SC:N/SI:N/AU:N/SA:N/S:P/R:A/V:D/RE:L/U:Red/MAV:L/MAC:L/"
	  "MAT:N/MPR:L/MUI:A/MVC:L/MVI:N/MVA:H/MSC:H/MSI:L/MSA:N/CR:H/IR:L/AR:L/E:P",
	  "low" },
	{ "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:P/VC:N/VI:L/VA:L/SC:H/SI:N/AU:Y/SA:N/S:N/R:I/V:C/RE:M/U:Amber/MAV:L/MAC:H/"
	  "MAT:P/MPR:N/MUI:P/MVC:L/MVI:N/MVA:H/MSC:H/MSI:H/MSA:S/CR:M/IR:M/AR:M/E:A",
	  "high" },
	{ "CVSS:4.0/AV:N/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:L/SI:N/AU:Y/SA:L/S:P/R:U/V:D/RE:M/U:Red/MAV:N/MAC:H/"
	  "MAT:P/MPR:H/MUI:P/MVC:L/MVI:H/MVA:L/MSC:N/MSI:H/MSA:H/CR:L/IR:H/AR:M/E:U",
	  "low" },
	{ "CVSS:4.0/AV:A/AC:H/AT:N/PR:N/UI:A/VC:L/VI:L/VA:N/SC:N/SI:H/AU:N/SA:L/S:P/R:U/V:D/RE:H/U:Clear/MAV:A/MAC:L/"
	  "MAT:N/MPR:N/MUI:P/MVC:N/MVI:L/MVA:L/MSC:H/MSI:N/MSA:L/CR:M/IR:M/AR:L/E:U",
	  "low" },
	{ "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:A/VC:H/VI:H/VA:N/SC:H/SI:N/AU:Y/SA:N/S:N/R:I/V:C/RE:L/U:Green/MAV:L/MAC:L/"
	  "MAT:N/MPR:H/MUI:P/MVC:L/MVI:L/MVA:N/MSC:H/MSI:H/MSA:S/CR:H/IR:H/AR:H/E:P",
	  "medium" },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:H/SC:H/SI:L/AU:Y/SA:H/S:N/R:U/V:C/RE:M/U:Amber/MAV:L/MAC:H/"
	  "MAT:N/MPR:H/MUI:N/MVC:N/MVI:L/MVA:N/MSC:L/MSI:S/MSA:H/CR:H/IR:M/AR:M/E:A",
	  "medium" },
	{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L", "medium" },
	{ "CVSS:4.0/AV:A/AC:H/AT:P/PR:N/UI:P/VC:N/VI:L/VA:N/SC:H/SI:H/AU:N/SA:N/S:N/R:A/V:C/RE:M/U:Green/MAV:L/MAC:L/"
	  "MAT:P/MPR:L/MUI:A/MVC:N/MVI:L/MVA:H/MSC:L/MSI:N/MSA:S/CR:L/IR:L/AR:M/E:P",
	  "low" },
	{ "CVSS:4.0/AV:A/AC:H/AT:N/PR:H/UI:A/VC:H/VI:N/VA:H/SC:L/SI:N/AU:N/SA:H/S:P/R:I/V:D/RE:M/U:Red/MAV:N/MAC:L/"
	  "MAT:N/MPR:N/MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/CR:H/IR:H/AR:H/E:U",
	  "critical" },
	{ "CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:P/VC:L/VI:N/VA:H/SC:L/SI:N/AU:Y/SA:H/S:P/R:I/V:D/RE:H/U:Green/MAV:A/MAC:L/"
	  "MAT:N/MPR:N/MUI:A/MVC:L/MVI:H/MVA:H/MSC:N/MSI:H/MSA:L/CR:L/IR:H/AR:L/E:U",
	  "medium" },
	{ "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:N/VA:H/SC:L/SI:H/AU:N/SA:H/S:P/R:U/V:C/RE:H/U:Red/MAV:L/MAC:L/"
	  "MAT:P/MPR:L/MUI:P/MVC:N/MVI:N/MVA:N/MSC:N/MSI:N/MSA:N/CR:H/IR:H/AR:H/E:P",
	  "none" },
};

static int tenths_of(double s)
{
	return cvss_tenths(s);
}

/* Checks every case, printing each mismatch; fails at the end if any. */
static void check_cases(const struct vec_case *c, size_t n, int want_version)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		double s = -1;
		int v = 0;
		int rc = cvss_base_score(c[i].vector, &s, &v);

		if (rc != 0 || tenths_of(s) != tenths_of(c[i].score) || v != want_version ||
		    s != tenths_of(s) / 10.0) {
			fprintf(stderr, "# %s: rc %d score %.2f version %d, want %.1f version %d\n", c[i].vector, rc, s, v,
				c[i].score, want_version);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_v31_examples(void **state)
{
	(void)state;
	check_cases(v31_examples, VG_ARRAY_LEN(v31_examples), CVSS_VERSION_31);
}

/* The same examples as v3.0 vectors: the base equations did not change. */
static void test_v30_examples(void **state)
{
	struct vec_case c[VG_ARRAY_LEN(v31_examples)];
	char buf[VG_ARRAY_LEN(v31_examples)][300];

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(v31_examples); i++) {
		snprintf(buf[i], sizeof(buf[i]), "CVSS:3.0/%s", v31_examples[i].vector + 9);
		c[i].vector = buf[i];
		c[i].score = v31_examples[i].score;
	}
	check_cases(c, VG_ARRAY_LEN(c), CVSS_VERSION_30);
}

static void test_v2_examples(void **state)
{
	(void)state;
	check_cases(v2_examples, VG_ARRAY_LEN(v2_examples), CVSS_VERSION_2);
}

static void test_v40_vectors(void **state)
{
	(void)state;
	assert_true(VG_ARRAY_LEN(v40_cases) >= 30);
	check_cases(v40_cases, VG_ARRAY_LEN(v40_cases), CVSS_VERSION_40);
}

static void test_v40_ratings(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(v40_ratings); i++) {
		double s;
		int v;
		const char *r;

		assert_int_equal(cvss_base_score(v40_ratings[i].vector, &s, &v), 0);
		r = cvss_rating(s, v);
		if (!r || strcmp(r, v40_ratings[i].rating) != 0) {
			fprintf(stderr, "# %s: %.1f is %s, want %s\n", v40_ratings[i].vector, s, r ? r : "(null)",
				v40_ratings[i].rating);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* v3.0 rounds up whatever float error the equations leave; v3.1 first
 * takes the value to 5 decimals as an integer. */
static void test_roundup(void **state)
{
	(void)state;
	assert_int_equal(cvss_roundup_tenths(4.02, CVSS_VERSION_30), 41);
	assert_int_equal(cvss_roundup_tenths(4.02, CVSS_VERSION_31), 41);
	assert_int_equal(cvss_roundup_tenths(4.0, CVSS_VERSION_30), 40);
	assert_int_equal(cvss_roundup_tenths(4.0, CVSS_VERSION_31), 40);
	assert_int_equal(cvss_roundup_tenths(4.000002, CVSS_VERSION_30), 41);
	assert_int_equal(cvss_roundup_tenths(4.000002, CVSS_VERSION_31), 40);
	assert_int_equal(cvss_roundup_tenths(0.1 + 0.2, CVSS_VERSION_30), 4); /* 0.30000000000000004 */
	assert_int_equal(cvss_roundup_tenths(0.1 + 0.2, CVSS_VERSION_31), 3);
	assert_int_equal(cvss_roundup_tenths(9.99999, CVSS_VERSION_31), 100);
	assert_int_equal(cvss_roundup_tenths(0.0, CVSS_VERSION_31), 0);
}

static void test_ratings(void **state)
{
	(void)state;
	assert_string_equal(cvss_rating(0.0, CVSS_VERSION_31), "none");
	assert_string_equal(cvss_rating(0.1, CVSS_VERSION_31), "low");
	assert_string_equal(cvss_rating(3.9, CVSS_VERSION_40), "low");
	assert_string_equal(cvss_rating(4.0, CVSS_VERSION_30), "medium");
	assert_string_equal(cvss_rating(6.9, CVSS_VERSION_31), "medium");
	assert_string_equal(cvss_rating(7.0, CVSS_VERSION_31), "high");
	assert_string_equal(cvss_rating(8.9, CVSS_VERSION_40), "high");
	assert_string_equal(cvss_rating(9.0, CVSS_VERSION_31), "critical");
	assert_string_equal(cvss_rating(10.0, CVSS_VERSION_40), "critical");
	assert_string_equal(cvss_rating(0.0, CVSS_VERSION_2), "low");
	assert_string_equal(cvss_rating(3.9, CVSS_VERSION_2), "low");
	assert_string_equal(cvss_rating(4.0, CVSS_VERSION_2), "medium");
	assert_string_equal(cvss_rating(6.9, CVSS_VERSION_2), "medium");
	assert_string_equal(cvss_rating(7.0, CVSS_VERSION_2), "high");
	assert_string_equal(cvss_rating(10.0, CVSS_VERSION_2), "high");
	assert_null(cvss_rating(-0.1, CVSS_VERSION_31));
	assert_null(cvss_rating(10.1, CVSS_VERSION_31));
	assert_null(cvss_rating(NAN, CVSS_VERSION_31));
	assert_null(cvss_rating(5.0, 99));
	assert_string_equal(cvss_type_name(CVSS_VERSION_2), "CVSS_V2");
	assert_string_equal(cvss_type_name(CVSS_VERSION_30), "CVSS_V3");
	assert_string_equal(cvss_type_name(CVSS_VERSION_31), "CVSS_V3");
	assert_string_equal(cvss_type_name(CVSS_VERSION_40), "CVSS_V4");
	assert_null(cvss_type_name(0));
}

static const char *const malformed[] = {
	"",
	"CVSS:3.1",
	"CVSS:3.1/",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",           /* A missing */
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",   /* A twice */
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:U", /* E twice */
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y",  /* unknown metric */
	"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",       /* unknown value */
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",      /* empty component */
	"CVSS:3.1//AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:ND",  /* a v2 value */
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H:H",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/:H",
	"CVSS:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h",
	"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H ",
	"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
	"CVSS:3.1/AV:N/AC:L/Au:N/C:P/I:P/A:P",                /* v2 metrics under a v3 prefix */
	"AV:N/AC:L/Au:N/C:P/I:P",                             /* v2, A missing */
	"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X",                     /* a v3 value in v2 */
	"AV:N/AC:L/Au:N/C:P/I:P/A:P/",
	"(AV:N/AC:L/Au:N/C:P/I:P/A:P)",
	"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",                /* v3 without its prefix */
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H",     /* SA missing */
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H", /* S only for MSI/MSA */
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MSC:S",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:U",   /* v3 scope */
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/U:red",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/E:A",
	"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", /* UI:R is v3 */
};

static void test_malformed(void **state)
{
	char huge[CVSS_VECTOR_MAX + 64];
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < VG_ARRAY_LEN(malformed); i++) {
		double s = 42;
		int v = 42;

		if (cvss_base_score(malformed[i], &s, &v) != -1 || s != 42 || v != 42) {
			fprintf(stderr, "# accepted: \"%s\"\n", malformed[i]);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	assert_int_equal(cvss_base_score(NULL, NULL, NULL), -1);
	/* over the length cap, even though every component would be valid */
	strcpy(huge, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	while (strlen(huge) < CVSS_VECTOR_MAX)
		strcat(huge, "/E:X");
	assert_int_equal(cvss_base_score(huge, NULL, NULL), -1);
	/* NULL out-pointers are fine */
	assert_int_equal(cvss_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, NULL), 0);
}

static void test_check_feed_score(void **state)
{
	const char *v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	unsigned long before = cvss_disagreements();
	int version = 0;

	(void)state;
	assert_int_equal(cvss_check_feed_score(v, 9.8, &version), 1);
	assert_int_equal(version, CVSS_VERSION_31);
	assert_int_equal(cvss_disagreements(), before);
	assert_int_equal(cvss_check_feed_score(v, 9.7, NULL), 0);
	assert_int_equal(cvss_disagreements(), before + 1);
	assert_int_equal(cvss_check_feed_score("CVSS:3.1/AV:N", 9.8, NULL), -1);
	assert_int_equal(cvss_check_feed_score(v, 11, NULL), -1);
	assert_int_equal(cvss_check_feed_score(v, NAN, NULL), -1);
	assert_int_equal(cvss_disagreements(), before + 1);
}

/* ---- the shared NVD samples ---- */

struct nvd_tally {
	int checked[5]; /* by major version */
	int disagree;
};

/* Every object holding a vectorString and a numeric baseScore. */
static void walk_scores(json_t *j, struct nvd_tally *t)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		const char *vec = json_string_value(json_object_get(j, "vectorString"));
		json_t *score = json_object_get(j, "baseScore");

		if (vec && json_is_number(score)) {
			double s;
			int ver;

			if (cvss_base_score(vec, &s, &ver) != 0) {
				fprintf(stderr, "# malformed: %s\n", vec);
				t->disagree++;
			} else {
				t->checked[ver / 10]++;
				if (tenths_of(s) != tenths_of(json_number_value(score))) {
					fprintf(stderr, "# %s: %.1f, NVD %.1f\n", vec, s, json_number_value(score));
					t->disagree++;
				}
			}
		}
		json_object_foreach(j, key, v)
			walk_scores(v, t);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			walk_scores(v, t);
	}
}

/* Number printed by jq for filter on path, or -1 when jq cannot run. */
static long jq_number(const char *filter, const char *path)
{
	char cmd[8192];
	long n = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "jq -r '%s' '%s' 2>/dev/null", filter, path);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (fscanf(p, "%ld", &n) != 1)
		n = -1;
	if (pclose(p) != 0)
		n = -1;
	return n;
}

static void check_nvd_file(const char *rel, int *total)
{
	char path[4096];
	json_error_t je;
	json_t *root;
	struct nvd_tally t = { { 0, 0, 0, 0, 0 }, 0 };
	long want;
	int n;

	SKIP_WITHOUT_SHARED(path, rel);
	root = json_load_file(path, 0, &je);
	assert_non_null(root);
	walk_scores(root, &t);
	json_decref(root);
	n = t.checked[2] + t.checked[3] + t.checked[4];
	fprintf(stderr, "# %s: %d v2, %d v3, %d v4 vectors agree with baseScore\n", rel, t.checked[2], t.checked[3],
		t.checked[4]);
	assert_int_equal(t.disagree, 0);
	want = jq_number("[.. | objects | select(has(\"vectorString\") and (.baseScore | type) == \"number\")] "
			 "| length",
			 path);
	if (want >= 0)
		assert_int_equal(n, want);
	*total += n;
}

static void test_nvd_samples(void **state)
{
	int total = 0;

	(void)state;
	check_nvd_file("vulndata/severity/nvd-feed-1.1-sample.json", &total);
	check_nvd_file("vulndata/severity/nvd-api-2.0-sample.json", &total);
	assert_true(total > 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v31_examples),
		cmocka_unit_test(test_v30_examples),
		cmocka_unit_test(test_v2_examples),
		cmocka_unit_test(test_v40_vectors),
		cmocka_unit_test(test_v40_ratings),
		cmocka_unit_test(test_roundup),
		cmocka_unit_test(test_ratings),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_check_feed_score),
		cmocka_unit_test(test_nvd_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
