/* semver.c - SemVer 2.0.0 precedence (semver.org section 11) as npm and Cargo
 * use it, and node-semver range expressions (the npm advisory format). Reads
 * the caller's strings in place: numbers of any length compare by value, and
 * range bounds such as "<2.0.0-0" for "^1.2.3" are built as views of the
 * range text plus an "add one" flag, so nothing is copied or allocated. */
#include "vchar.h"
#include "version.h"

/* A number as written (leading zeros allowed, "" reads as 0), plus one when
 * plus_one is set (the upper bounds of caret, tilde and x-ranges). */
struct sv_num {
	const char *p;
	size_t n;
	bool plus_one;
};

/* A parsed version; pre is the pre-release without its '-' (pre_n == 0: none). */
struct sv {
	struct sv_num num[3];
	const char *pre;
	size_t pre_n;
};

static size_t digits_at(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && vc_is_digit((unsigned char)p[n]))
		n++;
	return n;
}

static void strip_zeros(const char **p, size_t *n)
{
	while (*n && **p == '0')
		(*p)++, (*n)--;
}

static bool all_zeros(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '0')
			return false;
	return true;
}

/* Whether y == x + 1, both without leading zeros ("" is 0). */
static bool is_successor(const char *x, size_t nx, const char *y, size_t ny)
{
	size_t last = nx; /* just past the last digit that is not a 9 */

	while (last && x[last - 1] == '9')
		last--;
	if (last == 0) /* 99..9 + 1 = 100..0, and 0 + 1 = 1 */
		return ny == nx + 1 && y[0] == '1' && all_zeros(y + 1, nx);
	return ny == nx && memcmp(x, y, last - 1) == 0 && y[last - 1] == x[last - 1] + 1 &&
	       all_zeros(y + last, ny - last);
}

static int compare_num(struct sv_num a, struct sv_num b)
{
	int c;

	if (a.plus_one == b.plus_one)
		return vc_compare_digits(a.p, a.n, b.p, b.n);
	if (b.plus_one)
		return -compare_num(b, a);
	/* a + 1 against b */
	c = vc_compare_digits(a.p, a.n, b.p, b.n);
	if (c >= 0)
		return 1;
	strip_zeros(&a.p, &a.n);
	strip_zeros(&b.p, &b.n);
	return is_successor(a.p, a.n, b.p, b.n) ? 0 : -1;
}

/* ---- pre-release identifiers ---- */

static bool is_numeric(const char *p, size_t n)
{
	return n > 0 && digits_at(p, p + n) == n;
}

/* Numeric identifiers by value and below alphanumeric ones, which compare
 * in ASCII order, a prefix first. */
static int compare_ident(const char *a, size_t na, const char *b, size_t nb)
{
	bool num_a = is_numeric(a, na), num_b = is_numeric(b, nb);
	size_t n = na < nb ? na : nb;
	int c;

	if (num_a && num_b)
		return vc_compare_digits(a, na, b, nb);
	if (num_a != num_b)
		return num_a ? -1 : 1;
	c = n ? memcmp(a, b, n) : 0;
	if (c)
		return vc_sign(c);
	return (na > nb) - (na < nb);
}

static size_t ident_len(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && p[n] != '.')
		n++;
	return n;
}

/* Two pre-releases (n == 0: none, which sorts last). */
static int compare_pre(const char *a, size_t na, const char *b, size_t nb)
{
	const char *ea = a + na, *eb = b + nb;

	if (na == 0 || nb == 0)
		return (na == 0) - (nb == 0);
	for (;;) {
		size_t la = ident_len(a, ea), lb = ident_len(b, eb);
		int c = compare_ident(a, la, b, lb);

		if (c)
			return c;
		a += la, b += lb;
		if (a == ea || b == eb)
			return (a != ea) - (b != eb);
		a++, b++; /* the dots */
	}
}

static int compare_sv(const struct sv *a, const struct sv *b)
{
	for (int i = 0; i < 3; i++) {
		int c = compare_num(a->num[i], b->num[i]);

		if (c)
			return c;
	}
	return compare_pre(a->pre, a->pre_n, b->pre, b->pre_n);
}

/* ---- parsing ---- */

/* Dot-separated non-empty [0-9A-Za-z-] identifiers at p; returns their
 * length, 0 if there are none or one is empty. Sets *lead_zero when a
 * numeric identifier has a leading zero (not strict SemVer). */
static size_t identifiers_at(const char *p, const char *end, bool *lead_zero)
{
	const char *s = p;

	for (;;) {
		size_t n = 0;

		while (p + n < end && vc_is_alnum_or_hyphen((unsigned char)p[n]))
			n++;
		if (n == 0)
			return 0;
		if (lead_zero && n > 1 && p[0] == '0' && is_numeric(p, n))
			*lead_zero = true;
		p += n;
		if (p == end || *p != '.')
			return (size_t)(p - s);
		p++;
	}
}

/* One number of the version core; a leading zero makes it non-strict. */
static const char *take_number(const char *p, const char *end, struct sv_num *out, bool *strict)
{
	size_t n = digits_at(p, end);

	if (n == 0)
		return NULL;
	if (n > 1 && p[0] == '0')
		*strict = false;
	*out = (struct sv_num){ p, n, false };
	return p + n;
}

/* A version in [p, end): [spaces][=][v]N[.N[.N]][-pre][+build][spaces].
 * *strict tells whether it is strict SemVer (only a leading "v" extra). */
static bool parse_sv(const char *p, const char *end, struct sv *v, bool *strict)
{
	const char *start = p;
	bool lead_zero = false;
	int parts;

	p = vc_skip_spaces(p, end);
	if (p < end && *p == '=')
		p++;
	*strict = p == start;
	if (p < end && *p == 'v')
		p++;
	for (int i = 0; i < 3; i++)
		v->num[i] = (struct sv_num){ "0", 1, false };
	v->pre = "";
	v->pre_n = 0;
	for (parts = 0; parts < 3; parts++) {
		if (parts > 0) {
			if (p == end || *p != '.')
				break;
			p++;
		}
		p = take_number(p, end, &v->num[parts], strict);
		if (!p)
			return false;
	}
	if (parts < 3)
		*strict = false;
	if (p < end && *p == '-') {
		v->pre = p + 1;
		v->pre_n = identifiers_at(p + 1, end, &lead_zero);
		if (v->pre_n == 0)
			return false;
		p += 1 + v->pre_n;
	}
	if (p < end && *p == '+') {
		size_t n = identifiers_at(p + 1, end, NULL);

		if (n == 0)
			return false;
		p += 1 + n;
	}
	if (lead_zero || p != end)
		*strict = false;
	return vc_skip_spaces(p, end) == end;
}

static bool parse_version_str(const char *s, struct sv *v, bool *strict)
{
	s = s ? s : "";
	return parse_sv(s, s + strlen(s), v, strict);
}

int semver_compare(const char *a, const char *b)
{
	struct sv va, vb;
	bool strict;
	bool ok_a = parse_version_str(a, &va, &strict);
	bool ok_b = parse_version_str(b, &vb, &strict);

	if (ok_a && ok_b)
		return compare_sv(&va, &vb);
	if (ok_a != ok_b)
		return ok_a ? 1 : -1;
	return vc_sign(strcmp(a ? a : "", b ? b : ""));
}

bool semver_valid(const char *v)
{
	struct sv parsed;
	bool strict;

	return parse_version_str(v, &parsed, &strict) && strict;
}

/* ---- npm ranges (node-semver's Range, without its loose mode) ---- */

enum np_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ };

/* One primitive comparator that a range comparator desugars into. */
struct bound {
	enum np_op op;
	struct sv v;
};

/* A comparator's version, maybe partial: "1", "1.2.x", "*", "1.2.3-rc.1".
 * wild is the index of the first wildcard or missing part (3: none). */
struct partial {
	struct sv v;
	int wild;
};

static const struct sv_num zero_num = { "0", 1, false };

static bool is_wildcard(unsigned char c)
{
	return c == 'x' || c == 'X' || c == '*';
}

static bool is_zero(struct sv_num n)
{
	return !n.plus_one && vc_compare_digits(n.p, n.n, "", 0) == 0;
}

/* One part of a partial version: digits, or a wildcard, after which only
 * wildcards may follow ("1.x.3" is malformed). */
static const char *take_part(const char *p, const char *end, struct partial *pv, int i)
{
	size_t n;

	if (p < end && is_wildcard((unsigned char)*p)) {
		if (pv->wild == 3)
			pv->wild = i;
		return p + 1;
	}
	n = digits_at(p, end);
	if (n == 0 || pv->wild != 3)
		return NULL;
	pv->v.num[i] = (struct sv_num){ p, n, false };
	return p + n;
}

/* The operand in [p, end), with an optional leading "v". A pre-release and
 * a build need all three parts; after a wildcard they are ignored, as
 * node-semver does ("1.2.x-pre" is 1.2.x). */
static bool parse_partial(const char *p, const char *end, struct partial *pv)
{
	int parts;

	if (p < end && *p == 'v')
		p++;
	pv->wild = 3;
	for (int i = 0; i < 3; i++)
		pv->v.num[i] = zero_num;
	pv->v.pre = "";
	pv->v.pre_n = 0;
	for (parts = 0; parts < 3; parts++) {
		if (parts > 0) {
			if (p == end || *p != '.')
				break;
			p++;
		}
		p = take_part(p, end, pv, parts);
		if (!p)
			return false;
	}
	if (parts < 3 && pv->wild == 3)
		pv->wild = parts;
	if (p < end && *p == '-') {
		size_t n = identifiers_at(p + 1, end, NULL);

		if (parts < 3 || n == 0)
			return false;
		if (pv->wild == 3) {
			pv->v.pre = p + 1;
			pv->v.pre_n = n;
		}
		p += 1 + n;
	}
	if (p < end && *p == '+') {
		size_t n = identifiers_at(p + 1, end, NULL);

		if (parts < 3 || n == 0)
			return false;
		p += 1 + n;
	}
	return p == end;
}

/* v's parts before `from`, zeros after, no pre-release: "1.2.x" -> 1.2.0. */
static struct sv zeroed_from(const struct sv *v, int from)
{
	struct sv out = { { zero_num, zero_num, zero_num }, "", 0 };

	for (int i = 0; i < from && i < 3; i++)
		out.num[i] = v->num[i];
	return out;
}

/* The next version up at part i: 1.2.3 at 1 gives 1.3.0; as an exclusive upper
 * bound it takes the "-0" pre-release, the lowest there is ("<1.3.0-0"). */
static struct sv next_up(const struct sv *v, int i, bool as_upper_bound)
{
	struct sv out = zeroed_from(v, i + 1);

	out.num[i].plus_one = true;
	if (as_upper_bound) {
		out.pre = "0";
		out.pre_n = 1;
	}
	return out;
}

static int add(struct bound *out, int n, enum np_op op, struct sv v)
{
	out[n].op = op;
	out[n].v = v;
	return n + 1;
}

/* The lower end of a tilde, caret or hyphen range: the version itself when
 * complete, else with its missing parts as zeros. */
static struct sv lower_end(const struct partial *pv)
{
	return pv->wild == 3 ? pv->v : zeroed_from(&pv->v, pv->wild);
}

/* How a comparator starts. */
enum np_kind { K_PLAIN, K_EQ, K_LT, K_LE, K_GT, K_GE, K_TILDE, K_CARET };

/* An x-range after an optional <, <=, >, >=, = (node-semver's replaceXRange).
 * This and the functions below write the bounds a comparator stands for and
 * return how many (0: any version). */
static int desugar_xrange(enum np_kind k, const struct partial *pv, struct bound *out)
{
	static const enum np_op op_of[] = { OP_EQ, OP_EQ, OP_LT, OP_LE, OP_GT, OP_GE };
	struct sv below;
	int w = pv->wild;

	if (w == 3)
		return add(out, 0, op_of[k], pv->v);
	if (w == 0) { /* "<*" and ">*" match nothing: <0.0.0-0; the rest anything */
		below = zeroed_from(&pv->v, 0);
		below.pre = "0";
		below.pre_n = 1;
		return k == K_LT || k == K_GT ? add(out, 0, OP_LT, below) : 0;
	}
	switch (k) {
	case K_GT: /* >1.2 is >=1.3.0 */
		return add(out, 0, OP_GE, next_up(&pv->v, w - 1, false));
	case K_LE: /* <=1.2 is <1.3.0-0 */
		return add(out, 0, OP_LT, next_up(&pv->v, w - 1, true));
	case K_LT: /* <1.2 is <1.2.0-0 */
		below = zeroed_from(&pv->v, w);
		below.pre = "0";
		below.pre_n = 1;
		return add(out, 0, OP_LT, below);
	case K_GE:
		return add(out, 0, OP_GE, zeroed_from(&pv->v, w));
	default: /* 1.2.x is >=1.2.0 <1.3.0-0 */
		return add(out, add(out, 0, OP_GE, zeroed_from(&pv->v, w)), OP_LT, next_up(&pv->v, w - 1, true));
	}
}

/* "~1.2.3" is >=1.2.3 <1.3.0-0, "~1" is >=1.0.0 <2.0.0-0. */
static int desugar_tilde(const struct partial *pv, struct bound *out)
{
	if (pv->wild == 0)
		return 0;
	return add(out, add(out, 0, OP_GE, lower_end(pv)), OP_LT, next_up(&pv->v, pv->wild == 1 ? 0 : 1, true));
}

/* "^1.2.3" is >=1.2.3 <2.0.0-0: the first non-zero part given may not change
 * ("^0.2.3" <0.3.0-0, "^0.0.3" <0.0.4-0, "^0.0" <0.1.0-0). */
static int desugar_caret(const struct partial *pv, struct bound *out)
{
	int w = pv->wild, fixed = 0;

	if (w == 0)
		return 0;
	while (fixed < w - 1 && is_zero(pv->v.num[fixed]))
		fixed++;
	return add(out, add(out, 0, OP_GE, lower_end(pv)), OP_LT, next_up(&pv->v, fixed, true));
}

/* "1.2.3 - 2.3" is >=1.2.3 <2.4.0-0; "1.2 - 2.3.4" is >=1.2.0 <=2.3.4. */
static int desugar_hyphen(const struct partial *from, const struct partial *to, struct bound *out)
{
	int n = 0;

	if (from->wild > 0)
		n = add(out, n, OP_GE, lower_end(from));
	if (to->wild == 3)
		n = add(out, n, OP_LE, to->v);
	else if (to->wild > 0)
		n = add(out, n, OP_LT, next_up(&to->v, to->wild - 1, true));
	return n;
}

/* The operator at the start of a word; returns its length. */
static size_t take_operator(const char *p, const char *end, enum np_kind *k)
{
	bool eq = end - p > 1 && p[1] == '=';

	*k = K_PLAIN;
	if (p == end)
		return 0;
	switch (*p) {
	case '~':
		*k = K_TILDE;
		return end - p > 1 && p[1] == '>' ? 2 : 1;
	case '^':
		*k = K_CARET;
		return 1;
	case '<':
		*k = eq ? K_LE : K_LT;
		return eq ? 2 : 1;
	case '>':
		*k = eq ? K_GE : K_GT;
		return eq ? 2 : 1;
	case '=':
		*k = K_EQ;
		return 1;
	default:
		return 0;
	}
}

static int desugar(enum np_kind k, const struct partial *pv, struct bound *out)
{
	if (k == K_TILDE)
		return desugar_tilde(pv, out);
	if (k == K_CARET)
		return desugar_caret(pv, out);
	return desugar_xrange(k, pv, out);
}

/* The next whitespace-separated word of [*p, end); false when none is left. */
static bool next_word(const char **p, const char *end, const char **ws, const char **we)
{
	const char *s = vc_skip_spaces(*p, end), *e = s;

	while (e < end && !vc_is_space((unsigned char)*e))
		e++;
	*ws = s;
	*we = e;
	*p = e;
	return e > s;
}

/* A version checked against one comparator set: all bounds must hold, and a
 * pre-release version also needs a bound with a pre-release on its own
 * major.minor.patch (node-semver without includePrerelease). */
struct set_check {
	const struct sv *ver;
	bool all_hold;
	bool pre_allowed;
};

static bool holds(enum np_op op, int c)
{
	switch (op) {
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	case OP_GE: return c >= 0;
	case OP_EQ: return c == 0;
	}
	return false;
}

static bool same_core(const struct sv *a, const struct sv *b)
{
	for (int i = 0; i < 3; i++)
		if (compare_num(a->num[i], b->num[i]) != 0)
			return false;
	return true;
}

static void check_bounds(struct set_check *sc, const struct bound *b, int n)
{
	for (int i = 0; i < n; i++) {
		if (!holds(b[i].op, compare_sv(sc->ver, &b[i].v)))
			sc->all_hold = false;
		if (b[i].v.pre_n && same_core(sc->ver, &b[i].v))
			sc->pre_allowed = true;
	}
}

/* "A - B" with exactly three words; false when the set is not one. */
static bool is_hyphen_set(const char *p, const char *end, const char *w[3][2])
{
	int n = 0;
	const char *s, *e;

	while (next_word(&p, end, &s, &e)) {
		if (n == 3)
			return false;
		w[n][0] = s;
		w[n][1] = e;
		n++;
	}
	return n == 3 && w[1][1] - w[1][0] == 1 && w[1][0][0] == '-';
}

/* The comparators of one set in [p, end): 1 satisfied, 0 not, -1 malformed. */
static int check_set(const char *p, const char *end, const struct sv *ver)
{
	struct set_check sc = { ver, true, false };
	struct partial pv, to;
	struct bound b[2];
	const char *w[3][2], *s, *e;

	if (is_hyphen_set(p, end, w)) {
		if (!parse_partial(w[0][0], w[0][1], &pv) || !parse_partial(w[2][0], w[2][1], &to))
			return -1;
		check_bounds(&sc, b, desugar_hyphen(&pv, &to, b));
	} else {
		while (next_word(&p, end, &s, &e)) {
			enum np_kind k;

			s += take_operator(s, e, &k);
			if (s == e && !next_word(&p, end, &s, &e)) /* "< 1.2.3": operand in the next word */
				return -1;
			if (!parse_partial(s, e, &pv))
				return -1;
			check_bounds(&sc, b, desugar(k, &pv, b));
		}
	}
	if (!sc.all_hold)
		return 0;
	return ver->pre_n == 0 || sc.pre_allowed;
}

/* The next "||" in [p, end), or end. */
static const char *find_or(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '|' && p[1] == '|')
			return p;
	return end;
}

int npm_range_satisfies(const char *range, const char *version)
{
	const char *p = range ? range : "", *end = p + strlen(p);
	struct sv ver;
	bool strict;
	int result = 0;

	if (!parse_version_str(version, &ver, &strict))
		return -1;
	for (;;) {
		const char *set_end = find_or(p, end);
		int r = check_set(p, set_end, &ver);

		if (r < 0)
			return -1;
		if (r > 0)
			result = 1;
		if (set_end == end)
			return result;
		p = set_end + 2;
	}
}
