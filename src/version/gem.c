/* gem.c - RubyGems version ordering (Gem::Version) and requirements
 * (Gem::Requirement, as ruby-advisory-db writes them), read in place.
 * A version is a list of segments, runs of digits or of letters, with each
 * '-' standing for a "pre" segment; trailing zeros of the numeric part and
 * of the rest do not count. Nothing is copied or allocated. */
#include "vchar.h"
#include "version.h"

struct gem_seg {
	bool num;
	const char *p;
	size_t n;
};

/* A valid version's text [s, end) and the numeric zeros that do not count:
 * those in [drop_from, first_str), after the last non-zero number before
 * the first letter or '-' ("1.0.a" = "1.a"). */
struct gem_version {
	const char *s, *end;
	const char *drop_from, *first_str;
};

static size_t span(const char *p, const char *end, bool (*in_class)(unsigned char))
{
	size_t n = 0;

	while (p + n < end && in_class((unsigned char)p[n]))
		n++;
	return n;
}

/* Gem::Version's pattern, N(.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(.[0-9A-Za-z-]+)*)?,
 * at p; returns its end, or p when there is none. */
static const char *version_end(const char *p, const char *end)
{
	const char *q = p + span(p, end, vc_is_digit);

	if (q == p)
		return p;
	while (q < end && *q == '.' && span(q + 1, end, vc_is_alnum))
		q += 1 + span(q + 1, end, vc_is_alnum);
	if (q < end && *q == '-' && span(q + 1, end, vc_is_alnum_or_hyphen)) {
		q += 1 + span(q + 1, end, vc_is_alnum_or_hyphen);
		while (q < end && *q == '.' && span(q + 1, end, vc_is_alnum_or_hyphen))
			q += 1 + span(q + 1, end, vc_is_alnum_or_hyphen);
	}
	return q;
}

static bool zero_text(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '0')
			return false;
	return true;
}

/* The next segment of [*p, end); a '-' is the segment "pre". */
static bool next_segment(const char **p, const char *end, struct gem_seg *seg)
{
	const char *s = *p;

	while (s < end && *s == '.')
		s++;
	if (s == end)
		return false;
	if (*s == '-') {
		*seg = (struct gem_seg){ false, "pre", 3 };
		*p = s + 1;
		return true;
	}
	seg->num = vc_is_digit((unsigned char)*s);
	seg->p = s;
	seg->n = span(s, end, seg->num ? vc_is_digit : vc_is_letter);
	*p = s + seg->n;
	return true;
}

/* A version in [p, end) (surrounding spaces allowed; empty reads as "0"). */
static bool parse_gem(const char *p, const char *end, struct gem_version *v)
{
	const char *q;
	struct gem_seg seg;

	p = vc_skip_spaces(p, end);
	q = version_end(p, end);
	if (vc_skip_spaces(q, end) != end)
		return false;
	v->s = p == q ? "0" : p;
	v->end = p == q ? v->s + 1 : q;
	v->first_str = v->s;
	while (v->first_str < v->end && !vc_is_letter((unsigned char)*v->first_str) && *v->first_str != '-')
		v->first_str++;
	v->drop_from = v->s;
	q = v->s;
	while (next_segment(&q, v->first_str, &seg))
		if (!zero_text(seg.p, seg.n))
			v->drop_from = q;
	return true;
}

static bool parse_gem_str(const char *s, struct gem_version *v)
{
	s = s ? s : "";
	return parse_gem(s, s + strlen(s), v);
}

/* The next segment that counts: zeros at the end of the numeric part do not. */
static bool next_counted(const struct gem_version *v, const char **p, struct gem_seg *seg)
{
	while (next_segment(p, v->end, seg))
		if (!seg->num || seg->p < v->drop_from || seg->p >= v->first_str)
			return true;
	return false;
}

/* Numbers by value, above strings, which compare bytewise, a prefix first. */
static int compare_segments(const struct gem_seg *a, const struct gem_seg *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c;

	if (a->num && b->num)
		return vc_compare_digits(a->p, a->n, b->p, b->n);
	if (a->num != b->num)
		return a->num ? 1 : -1;
	c = n ? memcmp(a->p, b->p, n) : 0;
	return c ? vc_sign(c) : (a->n > b->n) - (a->n < b->n);
}

/* Segment by segment, a missing one reading as 0. */
static int compare_valid(const struct gem_version *a, const struct gem_version *b)
{
	static const struct gem_seg zero = { true, "0", 1 };
	const char *pa = a->s, *pb = b->s;

	for (;;) {
		struct gem_seg sa, sb;
		bool more_a = next_counted(a, &pa, &sa), more_b = next_counted(b, &pb, &sb);
		int c;

		if (!more_a && !more_b)
			return 0;
		c = compare_segments(more_a ? &sa : &zero, more_b ? &sb : &zero);
		if (c)
			return c;
	}
}

int gem_version_compare(const char *a, const char *b)
{
	struct gem_version va, vb;
	bool ok_a = parse_gem_str(a, &va), ok_b = parse_gem_str(b, &vb);

	if (ok_a && ok_b)
		return compare_valid(&va, &vb);
	if (ok_a != ok_b)
		return ok_a ? 1 : -1;
	return vc_sign(strcmp(a ? a : "", b ? b : ""));
}

bool gem_version_valid(const char *v)
{
	struct gem_version parsed;

	return parse_gem_str(v, &parsed);
}

/* ---- requirements ---- */

enum gem_op { GEM_EQ, GEM_NE, GEM_GT, GEM_LT, GEM_GE, GEM_LE, GEM_TWIDDLE };

/* The operator at p (none: "="); returns its length. */
static size_t take_op(const char *p, const char *end, enum gem_op *op)
{
	static const struct {
		const char *text;
		enum gem_op op;
	} ops[] = { /* two-character operators first */
		{ "~>", GEM_TWIDDLE }, { ">=", GEM_GE }, { "<=", GEM_LE }, { "!=", GEM_NE },
		{ ">", GEM_GT }, { "<", GEM_LT }, { "=", GEM_EQ },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(ops); i++) {
		size_t n = strlen(ops[i].text);

		if ((size_t)(end - p) >= n && memcmp(p, ops[i].text, n) == 0) {
			*op = ops[i].op;
			return n;
		}
	}
	*op = GEM_EQ;
	return 0;
}

/* Whether y == x + 1 (digit strings, leading zeros allowed). */
static bool is_successor(const char *x, size_t nx, const char *y, size_t ny)
{
	size_t last;

	while (nx && *x == '0')
		x++, nx--;
	while (ny && *y == '0')
		y++, ny--;
	last = nx;
	while (last && x[last - 1] == '9')
		last--;
	if (last == 0) /* 99..9 + 1 = 100..0, and 0 + 1 = 1 */
		return ny == nx + 1 && y[0] == '1' && zero_text(y + 1, nx);
	return ny == nx && memcmp(x, y, last - 1) == 0 && y[last - 1] == x[last - 1] + 1 &&
	       zero_text(y + last, ny - last);
}

/* v's release (its numbers before any letter or '-') against r.bump: r's
 * numbers before any letter, less the last one if there are two or more,
 * the last one left plus one ("~> 1.2.3": 1.3; "~> 1.2": 2). */
static int compare_release_to_bump(const struct gem_version *v, const struct gem_version *r)
{
	struct gem_seg sv, sr;
	const char *pv = v->s, *pr = r->s, *count_p = r->s;
	size_t kept = 0, i = 0;

	while (next_segment(&count_p, r->first_str, &sr))
		kept++;
	if (kept > 1)
		kept--;
	for (;; i++) {
		bool more_v = next_segment(&pv, v->first_str, &sv);
		int c;

		if (i < kept)
			next_segment(&pr, r->first_str, &sr);
		if (!more_v)
			sv = (struct gem_seg){ true, "0", 1 };
		if (i + 1 < kept)
			c = vc_compare_digits(sv.p, sv.n, sr.p, sr.n);
		else if (i + 1 == kept) /* sv against sr + 1 */
			c = vc_compare_digits(sv.p, sv.n, sr.p, sr.n) <= 0 ? -1 : is_successor(sr.p, sr.n, sv.p, sv.n) ? 0 : 1;
		else if (!more_v)
			return 0;
		else
			c = zero_text(sv.p, sv.n) ? 0 : 1;
		if (c)
			return c;
	}
}

static bool requirement_holds(enum gem_op op, const struct gem_version *v, const struct gem_version *r)
{
	int c = compare_valid(v, r);

	switch (op) {
	case GEM_EQ: return c == 0;
	case GEM_NE: return c != 0;
	case GEM_GT: return c > 0;
	case GEM_LT: return c < 0;
	case GEM_GE: return c >= 0;
	case GEM_LE: return c <= 0;
	case GEM_TWIDDLE: return c >= 0 && compare_release_to_bump(v, r) < 0;
	}
	return false;
}

int gem_requirement_satisfies(const char *requirement, const char *version)
{
	const char *p = requirement ? requirement : "", *end = p + strlen(p);
	struct gem_version v, r;
	int result = 1;

	if (!parse_gem_str(version, &v))
		return -1;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p)), *part_end = comma ? comma : end;
		enum gem_op op;

		p = vc_skip_spaces(p, part_end);
		p = vc_skip_spaces(p + take_op(p, part_end, &op), part_end);
		if (version_end(p, part_end) == p || !parse_gem(p, part_end, &r))
			return -1;
		if (!requirement_holds(op, &v, &r))
			result = 0;
		if (!comma)
			return result;
		p = comma + 1;
	}
}
