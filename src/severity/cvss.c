/* cvss.c - CVSS base scores from vector strings, written from the FIRST
 * specifications: v2.0 base equation, v3.0/v3.1 base equations with each one's
 * Roundup, v4.0 MacroVector lookup with severity-distance interpolation. */
#include "cvss.h"

#include "../core/common.h"

#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* ---- vector parsing, shared by every version ---- */

/* A metric of one version: its abbreviation, the values it may take
 * ("|"-separated) and whether a vector must carry it. */
struct metric_def {
	const char *name;
	const char *values;
	bool required;
};

#define MAX_METRICS 32

/* Index of the value [v, v + n) in the "|"-separated list, or -1. */
static int value_index(const char *list, const char *v, size_t n)
{
	int idx = 0;

	for (const char *p = list;; idx++) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && memcmp(p, v, n) == 0)
			return idx;
		if (!bar)
			return -1;
		p = bar + 1;
	}
}

/* Fill val[i] with the value index of defs[i] (-1 when absent). Returns -1 for
 * an empty component, a component without exactly one ':', an unknown metric
 * or value, a metric given twice, or a required metric missing. */
static int parse_metrics(const char *body, const struct metric_def *defs, size_t ndefs, int *val)
{
	for (size_t i = 0; i < ndefs; i++)
		val[i] = -1;
	for (const char *p = body;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		const char *colon = memchr(p, ':', len);
		size_t i;

		if (!colon || colon == p || colon + 1 == p + len ||
		    memchr(colon + 1, ':', (size_t)(p + len - colon - 1)))
			return -1;
		for (i = 0; i < ndefs; i++)
			if (strlen(defs[i].name) == (size_t)(colon - p) &&
			    memcmp(defs[i].name, p, (size_t)(colon - p)) == 0)
				break;
		if (i == ndefs || val[i] >= 0)
			return -1;
		val[i] = value_index(defs[i].values, colon + 1, (size_t)(p + len - colon - 1));
		if (val[i] < 0)
			return -1;
		if (!slash)
			break;
		p = slash + 1;
	}
	for (size_t i = 0; i < ndefs; i++)
		if (defs[i].required && val[i] < 0)
			return -1;
	return 0;
}

/* ---- CVSS v2.0 ---- */

enum { V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A, V2_N };

static const struct metric_def v2_defs[] = {
	{ "AV", "L|A|N", true },
	{ "AC", "H|M|L", true },
	{ "Au", "M|S|N", true },
	{ "C", "N|P|C", true },
	{ "I", "N|P|C", true },
	{ "A", "N|P|C", true },
	/* temporal */
	{ "E", "U|POC|F|H|ND", false },
	{ "RL", "OF|TF|W|U|ND", false },
	{ "RC", "UC|UR|C|ND", false },
	/* environmental */
	{ "CDP", "N|L|LM|MH|H|ND", false },
	{ "TD", "N|L|M|H|ND", false },
	{ "CR", "L|M|H|ND", false },
	{ "IR", "L|M|H|ND", false },
	{ "AR", "L|M|H|ND", false },
};

static int v2_score(const int *val)
{
	static const double av[] = { 0.395, 0.646, 1.0 };  /* L A N */
	static const double ac[] = { 0.35, 0.61, 0.71 };   /* H M L */
	static const double au[] = { 0.45, 0.56, 0.704 };  /* M S N */
	static const double cia[] = { 0.0, 0.275, 0.660 }; /* N P C */
	double impact = 10.41 * (1 - (1 - cia[val[V2_C]]) * (1 - cia[val[V2_I]]) * (1 - cia[val[V2_A]]));
	double expl = 20 * av[val[V2_AV]] * ac[val[V2_AC]] * au[val[V2_AU]];
	double f = impact == 0 ? 0 : 1.176;
	double base = ((0.6 * impact) + (0.4 * expl) - 1.5) * f;

	/* round_to_1_decimal: to the nearest tenth, halves up */
	if (base <= 0)
		return 0;
	return (int)(base * 10 + 0.5);
}

/* ---- CVSS v3.0 / v3.1 ---- */

enum { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A, V3_N };

static const struct metric_def v3_defs[] = {
	{ "AV", "N|A|L|P", true },
	{ "AC", "L|H", true },
	{ "PR", "N|L|H", true },
	{ "UI", "N|R", true },
	{ "S", "U|C", true },
	{ "C", "H|L|N", true },
	{ "I", "H|L|N", true },
	{ "A", "H|L|N", true },
	/* temporal */
	{ "E", "X|U|P|F|H", false },
	{ "RL", "X|O|T|W|U", false },
	{ "RC", "X|U|R|C", false },
	/* environmental */
	{ "CR", "X|L|M|H", false },
	{ "IR", "X|L|M|H", false },
	{ "AR", "X|L|M|H", false },
	{ "MAV", "X|N|A|L|P", false },
	{ "MAC", "X|L|H", false },
	{ "MPR", "X|N|L|H", false },
	{ "MUI", "X|N|R", false },
	{ "MS", "X|U|C", false },
	{ "MC", "X|N|L|H", false },
	{ "MI", "X|N|L|H", false },
	{ "MA", "X|N|L|H", false },
};

/* v3.1 Roundup (spec appendix A): work on an integer to keep float error out.
 * (No libm here: the build does not link it; x is never negative.) */
static int roundup_v31(double x)
{
	long i = x > 0 ? (long)(x * 100000.0 + 0.5) : 0; /* round_to_nearest_integer */

	return i % 10000 == 0 ? (int)(i / 10000) : (int)(i / 10000) + 1;
}

/* v3.0 Roundup: the smallest number with one decimal that is >= its input. */
static int roundup_v30(double x)
{
	double t = x * 10.0;
	long i = (long)t;

	return (int)(i < t ? i + 1 : i);
}

/* x to the 15th power, as pow() computes it for these arguments
 * (correctly rounded where it matters: checked against the reference
 * calculators over every base vector). */
static double pow15(double x)
{
	double x2 = x * x, x4 = x2 * x2, x8 = x4 * x4;

	return x8 * x4 * x2 * x;
}

static int v3_score(const int *val, bool v31)
{
	static const double av[] = { 0.85, 0.62, 0.55, 0.2 }; /* N A L P */
	static const double ac[] = { 0.77, 0.44 };            /* L H */
	static const double pr_u[] = { 0.85, 0.62, 0.27 };    /* N L H, scope unchanged */
	static const double pr_c[] = { 0.85, 0.68, 0.5 };     /* N L H, scope changed */
	static const double ui[] = { 0.85, 0.62 };            /* N R */
	static const double cia[] = { 0.56, 0.22, 0 };       /* H L N */
	bool changed = val[V3_S] == 1;
	double iss = 1 - ((1 - cia[val[V3_C]]) * (1 - cia[val[V3_I]]) * (1 - cia[val[V3_A]]));
	double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02) : 6.42 * iss;
	double expl = 8.22 * av[val[V3_AV]] * ac[val[V3_AC]] *
		      (changed ? pr_c : pr_u)[val[V3_PR]] * ui[val[V3_UI]];
	double sum;

	if (impact <= 0)
		return 0;
	sum = changed ? 1.08 * (impact + expl) : impact + expl;
	if (sum > 10)
		sum = 10;
	return v31 ? roundup_v31(sum) : roundup_v30(sum);
}

/* ---- CVSS v4.0 ---- */

enum {
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA,
	V4_E,
	V4_CR, V4_IR, V4_AR,
	V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI, V4_MVC, V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA,
	V4_N
};

static const struct metric_def v4_defs[] = {
	{ "AV", "N|A|L|P", true },
	{ "AC", "L|H", true },
	{ "AT", "N|P", true },
	{ "PR", "N|L|H", true },
	{ "UI", "N|P|A", true },
	{ "VC", "H|L|N", true },
	{ "VI", "H|L|N", true },
	{ "VA", "H|L|N", true },
	{ "SC", "H|L|N", true },
	{ "SI", "H|L|N", true },
	{ "SA", "H|L|N", true },
	/* threat */
	{ "E", "X|A|P|U", false },
	/* environmental: security requirements, then modified base metrics */
	{ "CR", "X|H|M|L", false },
	{ "IR", "X|H|M|L", false },
	{ "AR", "X|H|M|L", false },
	{ "MAV", "X|N|A|L|P", false },
	{ "MAC", "X|L|H", false },
	{ "MAT", "X|N|P", false },
	{ "MPR", "X|N|L|H", false },
	{ "MUI", "X|N|P|A", false },
	{ "MVC", "X|H|L|N", false },
	{ "MVI", "X|H|L|N", false },
	{ "MVA", "X|H|L|N", false },
	{ "MSC", "X|H|L|N", false },
	{ "MSI", "X|S|H|L|N", false },
	{ "MSA", "X|S|H|L|N", false },
	/* supplemental: no effect on the score */
	{ "S", "X|N|P", false },
	{ "AU", "X|N|Y", false },
	{ "R", "X|A|U|I", false },
	{ "V", "X|D|C", false },
	{ "RE", "X|L|M|H", false },
	{ "U", "X|Clear|Green|Amber|Red", false },
};

/* Score of every MacroVector in tenths, from the CVSS v4.0 lookup table
 * published with the specification; index [EQ1][EQ2][EQ3+EQ6][EQ4 * 3 + EQ5]
 * with EQ3+EQ6 = 00, 01, 10, 11, 21 (EQ3 = 2 with EQ6 = 0 cannot occur). */
static const unsigned char macro_score[3][2][5][9] = {
	{ /* EQ1 = 0 */
		{ /* EQ2 = 0 */
			{ 100, 98, 95, 100, 93, 91, 93, 89, 81 },
			{ 99, 95, 92, 96, 87, 81, 90, 80, 68 },
			{ 98, 95, 90, 93, 89, 81, 88, 78, 69 },
			{ 95, 92, 84, 92, 81, 65, 80, 70, 48 },
			{ 92, 82, 72, 79, 69, 50, 69, 55, 27 },
		},
		{ /* EQ2 = 1 */
			{ 99, 95, 92, 95, 90, 84, 92, 82, 72 },
			{ 97, 92, 85, 91, 83, 71, 81, 71, 53 },
			{ 95, 92, 85, 92, 80, 70, 84, 71, 50 },
			{ 93, 85, 73, 82, 72, 59, 70, 52, 30 },
			{ 86, 75, 52, 71, 52, 29, 63, 29, 17 },
		},
	},
	{ /* EQ1 = 1 */
		{
			{ 98, 94, 91, 94, 86, 77, 87, 74, 63 },
			{ 95, 87, 81, 89, 74, 64, 75, 63, 49 },
			{ 94, 88, 76, 86, 74, 59, 72, 57, 52 },
			{ 89, 77, 67, 76, 58, 50, 57, 52, 25 },
			{ 83, 70, 54, 65, 58, 26, 53, 21, 13 },
		},
		{
			{ 95, 88, 76, 90, 75, 61, 77, 68, 52 },
			{ 90, 76, 70, 77, 62, 53, 66, 59, 30 },
			{ 89, 76, 62, 74, 57, 47, 61, 57, 24 },
			{ 78, 67, 58, 59, 57, 23, 52, 29, 16 },
			{ 71, 59, 30, 58, 26, 15, 23, 13, 6 },
		},
	},
	{ /* EQ1 = 2 */
		{
			{ 93, 86, 75, 86, 74, 56, 70, 52, 40 },
			{ 87, 72, 58, 74, 61, 34, 54, 40, 22 },
			{ 85, 74, 62, 72, 55, 46, 53, 34, 19 },
			{ 75, 55, 51, 57, 41, 19, 36, 19, 8 },
			{ 64, 51, 20, 47, 21, 11, 24, 9, 4 },
		},
		{
			{ 88, 73, 60, 73, 59, 41, 54, 45, 20 },
			{ 75, 53, 50, 55, 40, 20, 43, 22, 11 },
			{ 75, 58, 40, 61, 48, 20, 46, 17, 8 },
			{ 55, 45, 21, 51, 18, 9, 18, 7, 2 },
			{ 53, 24, 14, 24, 12, 5, 10, 3, 1 },
		},
	},
};

/* Index of EQ3+EQ6 in macro_score, or -1 where no such MacroVector exists. */
static int eq36_index(int eq3, int eq6)
{
	static const int idx[3][2] = { { 0, 1 }, { 2, 3 }, { -1, 4 } };

	if (eq3 < 0 || eq3 > 2 || eq6 < 0 || eq6 > 1)
		return -1;
	return idx[eq3][eq6];
}

/* Score (tenths) of a MacroVector, or -1 when it does not exist. */
static int macro_lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6)
{
	int j = eq36_index(eq3, eq6);

	if (eq1 < 0 || eq1 > 2 || eq2 < 0 || eq2 > 1 || j < 0 || eq4 < 0 || eq4 > 2 || eq5 < 0 || eq5 > 2)
		return -1;
	return macro_score[eq1][eq2][j][eq4 * 3 + eq5];
}

/* The metrics as scored: one letter each, after applying the modified
 * metrics and the worst-case defaults for E, CR, IR and AR. */
struct v4_metrics {
	char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

static char v4_letter(const int *val, int m)
{
	return v4_defs[m].values[2 * val[m]]; /* every scored value is one letter */
}

/* The base metric m, or its modified metric mm when that is given and not X. */
static char v4_effective(const int *val, int m, int mm)
{
	return val[mm] > 0 ? v4_letter(val, mm) : v4_letter(val, m);
}

static void v4_resolve(const int *val, struct v4_metrics *x)
{
	x->av = v4_effective(val, V4_AV, V4_MAV);
	x->ac = v4_effective(val, V4_AC, V4_MAC);
	x->at = v4_effective(val, V4_AT, V4_MAT);
	x->pr = v4_effective(val, V4_PR, V4_MPR);
	x->ui = v4_effective(val, V4_UI, V4_MUI);
	x->vc = v4_effective(val, V4_VC, V4_MVC);
	x->vi = v4_effective(val, V4_VI, V4_MVI);
	x->va = v4_effective(val, V4_VA, V4_MVA);
	x->sc = v4_effective(val, V4_SC, V4_MSC);
	x->si = v4_effective(val, V4_SI, V4_MSI);
	x->sa = v4_effective(val, V4_SA, V4_MSA);
	/* Not Defined: E assumes Attacked, CR/IR/AR assume High */
	x->e = val[V4_E] > 0 ? v4_letter(val, V4_E) : 'A';
	x->cr = val[V4_CR] > 0 ? v4_letter(val, V4_CR) : 'H';
	x->ir = val[V4_IR] > 0 ? v4_letter(val, V4_IR) : 'H';
	x->ar = val[V4_AR] > 0 ? v4_letter(val, V4_AR) : 'H';
}

/* Severity level of a value in tenths: 0 for the most severe, one tenth per
 * step down (the spec's metric-value ordering used for severity distances). */
static int level_of(const char *order, char v)
{
	const char *p = strchr(order, v);

	return p ? (int)(p - order) : 0;
}
#define LVL_AV(v) level_of("NALP", v)
#define LVL_PR(v) level_of("NLH", v)
#define LVL_UI(v) level_of("NPA", v)
#define LVL_AC(v) level_of("LH", v)
#define LVL_AT(v) level_of("NP", v)
#define LVL_VX(v) level_of("HLN", v)
#define LVL_SX(v) level_of("SHLN", v) /* SC has no S: its H is still 1 */
#define LVL_XR(v) level_of("HML", v)

/* Highest-severity vectors of each EQ level (the spec's "max composed" lists),
 * as the letters of the metrics that EQ covers, in the order of the lists. */
static const char *const eq1_max[3][4] = { /* AV PR UI */
	{ "NNN", NULL }, { "ANN", "NLN", "NNP", NULL }, { "PNN", "ALP", NULL },
};
static const char *const eq2_max[2][3] = { /* AC AT */
	{ "LN", NULL }, { "HN", "LP", NULL },
};
static const char *const eq36_max[5][6] = { /* VC VI VA CR IR AR; 00 01 10 11 21 */
	{ "HHHHHH", NULL },
	{ "HHLMMH", "HHHMMM", NULL },
	{ "LHHHHH", "HLHHHH", NULL },
	{ "LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM", NULL },
	{ "LLLHHH", NULL },
};
static const char *const eq4_max[3][2] = { /* SC SI SA */
	{ "HSS", NULL }, { "HHH", NULL }, { "LLL", NULL },
};
/* Depth of each MacroVector level, in severity steps (the spec's max severity). */
static const int eq1_depth[3] = { 1, 4, 5 };
static const int eq2_depth[2] = { 1, 2 };
static const int eq36_depth[5] = { 7, 6, 8, 8, 10 };
static const int eq4_depth[3] = { 6, 5, 4 };

/* Distances of x from one max vector of an EQ, metric by metric; the sum is
 * returned and *ok tells whether none is negative. */
static int dist_eq1(const struct v4_metrics *x, const char *m, bool *ok)
{
	int d[3] = { LVL_AV(x->av) - LVL_AV(m[0]), LVL_PR(x->pr) - LVL_PR(m[1]), LVL_UI(x->ui) - LVL_UI(m[2]) };

	*ok = d[0] >= 0 && d[1] >= 0 && d[2] >= 0;
	return d[0] + d[1] + d[2];
}

static int dist_eq2(const struct v4_metrics *x, const char *m, bool *ok)
{
	int d[2] = { LVL_AC(x->ac) - LVL_AC(m[0]), LVL_AT(x->at) - LVL_AT(m[1]) };

	*ok = d[0] >= 0 && d[1] >= 0;
	return d[0] + d[1];
}

static int dist_eq36(const struct v4_metrics *x, const char *m, bool *ok)
{
	int d[6] = {
		LVL_VX(x->vc) - LVL_VX(m[0]), LVL_VX(x->vi) - LVL_VX(m[1]), LVL_VX(x->va) - LVL_VX(m[2]),
		LVL_XR(x->cr) - LVL_XR(m[3]), LVL_XR(x->ir) - LVL_XR(m[4]), LVL_XR(x->ar) - LVL_XR(m[5]),
	};
	int sum = 0;

	*ok = true;
	for (int i = 0; i < 6; i++) {
		*ok = *ok && d[i] >= 0;
		sum += d[i];
	}
	return sum;
}

static int dist_eq4(const struct v4_metrics *x, const char *m, bool *ok)
{
	int d[3] = { LVL_SX(x->sc) - LVL_SX(m[0]), LVL_SX(x->si) - LVL_SX(m[1]), LVL_SX(x->sa) - LVL_SX(m[2]) };

	*ok = d[0] >= 0 && d[1] >= 0 && d[2] >= 0;
	return d[0] + d[1] + d[2];
}

typedef int (*dist_fn)(const struct v4_metrics *, const char *, bool *);

/* The distance to the first max vector of the list that x does not exceed
 * anywhere; *found is false when there is none, and then the distance is the
 * one to the list's last vector. */
static int eq_distance(const struct v4_metrics *x, const char *const *maxes, dist_fn fn, bool *found, int *last)
{
	int d = 0;
	bool ok = false;

	for (size_t i = 0; maxes[i]; i++) {
		d = fn(x, maxes[i], &ok);
		if (ok)
			break;
	}
	*found = ok;
	*last = 0;
	for (size_t i = 0; maxes[i]; i++)
		if (!maxes[i + 1])
			*last = fn(x, maxes[i], &ok);
	return d;
}

static int v4_score(const int *val)
{
	struct v4_metrics x;
	int eq1, eq2, eq3, eq4, eq5, eq6, value, j;
	int lower[5], dist[5], depth[5];
	bool found[4];
	int last[4] = { 0, 0, 0, 0 };
	long long prod = 1, n = 0, s = 0, num, den;

	v4_resolve(val, &x);
	if (x.vc == 'N' && x.vi == 'N' && x.va == 'N' && x.sc == 'N' && x.si == 'N' && x.sa == 'N')
		return 0;

	/* MacroVector: the six equivalence classes of the specification */
	if (x.av == 'N' && x.pr == 'N' && x.ui == 'N')
		eq1 = 0;
	else if ((x.av == 'N' || x.pr == 'N' || x.ui == 'N') && x.av != 'P')
		eq1 = 1;
	else
		eq1 = 2;
	eq2 = x.ac == 'L' && x.at == 'N' ? 0 : 1;
	if (x.vc == 'H' && x.vi == 'H')
		eq3 = 0;
	else if (x.vc == 'H' || x.vi == 'H' || x.va == 'H')
		eq3 = 1;
	else
		eq3 = 2;
	if (x.si == 'S' || x.sa == 'S')
		eq4 = 0;
	else if (x.sc == 'H' || x.si == 'H' || x.sa == 'H')
		eq4 = 1;
	else
		eq4 = 2;
	eq5 = x.e == 'A' ? 0 : x.e == 'P' ? 1 : 2;
	eq6 = (x.cr == 'H' && x.vc == 'H') || (x.ir == 'H' && x.vi == 'H') || (x.ar == 'H' && x.va == 'H') ? 0 : 1;
	j = eq36_index(eq3, eq6);
	value = macro_lookup(eq1, eq2, eq3, eq4, eq5, eq6);

	/* The next lower MacroVector of each EQ (-1: none). EQ3 and EQ6 move
	 * together: 00 goes to the higher-scoring of 01 and 10. */
	lower[0] = macro_lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
	lower[1] = macro_lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
	if (eq3 == 0 && eq6 == 0) {
		int a = macro_lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
		int b = macro_lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
		lower[2] = a > b ? a : b;
	} else if (eq3 == 1 && eq6 == 0) {
		lower[2] = macro_lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
	} else if (eq3 == 2) {
		lower[2] = -1;
	} else {
		lower[2] = macro_lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
	}
	lower[3] = macro_lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
	lower[4] = macro_lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

	/* Severity distance from the highest-severity vector of the MacroVector:
	 * the first combination of the EQs' max vectors that x does not exceed. */
	dist[0] = eq_distance(&x, eq1_max[eq1], dist_eq1, &found[0], &last[0]);
	dist[1] = eq_distance(&x, eq2_max[eq2], dist_eq2, &found[1], &last[1]);
	dist[2] = eq_distance(&x, eq36_max[j], dist_eq36, &found[2], &last[2]);
	dist[3] = eq_distance(&x, eq4_max[eq4], dist_eq4, &found[3], &last[3]);
	if (!(found[0] && found[1] && found[2] && found[3]))
		for (int i = 0; i < 4; i++)
			dist[i] = last[i]; /* none fits: the last combination is used */
	dist[4] = 0;                         /* EQ5 has no distance */
	depth[0] = eq1_depth[eq1];
	depth[1] = eq2_depth[eq2];
	depth[2] = eq36_depth[j];
	depth[3] = eq4_depth[eq4];
	depth[4] = 1;

	/* score = value - mean over existing lower MacroVectors of
	 * (value - lower) * distance / depth, in tenths; kept exact as the
	 * fraction num / den and rounded half up once at the end. */
	for (int i = 0; i < 5; i++)
		prod *= depth[i];
	for (int i = 0; i < 5; i++) {
		if (lower[i] < 0)
			continue;
		n++;
		s += (long long)(value - lower[i]) * dist[i] * (prod / depth[i]);
	}
	if (n == 0)
		return value;
	den = n * prod;
	num = value * den - s;
	if (num <= 0)
		return 0;
	if (num >= 100 * den)
		return 100;
	return (int)((2 * num + den) / (2 * den));
}

/* ---- entry points ---- */

_Static_assert(VG_ARRAY_LEN(v2_defs) <= MAX_METRICS && VG_ARRAY_LEN(v3_defs) <= MAX_METRICS &&
		       VG_ARRAY_LEN(v4_defs) <= MAX_METRICS,
	       "metric tables fit the parse array");

int cvss_base_score_tenths(const char *vector, int *tenths, int *version)
{
	int val[MAX_METRICS];
	int t, ver;

	if (!vector || strnlen(vector, CVSS_VECTOR_MAX + 1) > CVSS_VECTOR_MAX)
		return -1;
	if (strncmp(vector, "CVSS:3.0/", 9) == 0 || strncmp(vector, "CVSS:3.1/", 9) == 0) {
		ver = vector[7] == '1' ? CVSS_VERSION_31 : CVSS_VERSION_30;
		if (parse_metrics(vector + 9, v3_defs, VG_ARRAY_LEN(v3_defs), val) < 0)
			return -1;
		t = v3_score(val, ver == CVSS_VERSION_31);
	} else if (strncmp(vector, "CVSS:4.0/", 9) == 0) {
		ver = CVSS_VERSION_40;
		if (parse_metrics(vector + 9, v4_defs, VG_ARRAY_LEN(v4_defs), val) < 0)
			return -1;
		t = v4_score(val);
	} else if (strncmp(vector, "CVSS:", 5) == 0) {
		return -1;
	} else {
		ver = CVSS_VERSION_2;
		if (parse_metrics(vector, v2_defs, VG_ARRAY_LEN(v2_defs), val) < 0)
			return -1;
		t = v2_score(val);
	}
	if (t < 0)
		t = 0;
	if (t > 100)
		t = 100;
	if (tenths)
		*tenths = t;
	if (version)
		*version = ver;
	return 0;
}

int cvss_base_score(const char *vector, double *score, int *version)
{
	int t;

	if (cvss_base_score_tenths(vector, &t, version) < 0)
		return -1;
	if (score)
		*score = t / 10.0;
	return 0;
}

int cvss_tenths(double score)
{
	if (isnan(score) || score <= 0)
		return 0;
	if (score >= 10)
		return 100;
	return (int)(score * 10 + 0.5);
}

int cvss_roundup_tenths(double x, int version)
{
	return version == CVSS_VERSION_30 ? roundup_v30(x) : roundup_v31(x);
}

static atomic_ulong disagreement_count;

int cvss_check_feed_score(const char *vector, double feed_score, int *version)
{
	int t;

	if (isnan(feed_score) || feed_score < 0 || feed_score > 10 ||
	    cvss_base_score_tenths(vector, &t, version) < 0)
		return -1;
	if (cvss_tenths(feed_score) == t)
		return 1;
	atomic_fetch_add(&disagreement_count, 1);
	return 0;
}

unsigned long cvss_disagreements(void)
{
	return atomic_load(&disagreement_count);
}

const char *cvss_rating(double score, int version)
{
	int t;

	if (isnan(score) || score < 0 || score > 10)
		return NULL;
	t = cvss_tenths(score);
	switch (version) {
	case CVSS_VERSION_2:
		return t < 40 ? "low" : t < 70 ? "medium" : "high";
	case CVSS_VERSION_30:
	case CVSS_VERSION_31:
	case CVSS_VERSION_40:
		return t == 0 ? "none" : t < 40 ? "low" : t < 70 ? "medium" : t < 90 ? "high" : "critical";
	default:
		return NULL;
	}
}

const char *cvss_type_name(int version)
{
	switch (version) {
	case CVSS_VERSION_2: return "CVSS_V2";
	case CVSS_VERSION_30:
	case CVSS_VERSION_31: return "CVSS_V3";
	case CVSS_VERSION_40: return "CVSS_V4";
	default: return NULL;
	}
}
