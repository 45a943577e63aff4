/* pep440.c - Python version ordering by PEP 440 (the version specifiers
 * spec on packaging.python.org): parsed with the spec's normalisation
 * (case, spellings of pre/post/dev, separators, implicit numbers) straight
 * from the caller's string, ordered by epoch, release, pre, post, dev and
 * local as the spec's sort key does. Nothing is copied or allocated. */
#include "vchar.h"
#include "version.h"

/* Pre-release kinds in order; PRE_NONE_DEV is a bare dev release (1.0.dev1),
 * which sorts before every pre-release of its release. */
enum pep_pre { PRE_NONE_DEV, PRE_A, PRE_B, PRE_RC, PRE_NONE };

/* A digit string as written (leading zeros allowed, n == 0 reads as 0). */
struct pep_num {
	const char *p;
	size_t n;
};

struct pep_version {
	struct pep_num epoch;
	const char *release; /* "1.2.3" as written */
	size_t release_n;
	enum pep_pre pre;
	struct pep_num pre_num;
	bool has_post, has_dev;
	struct pep_num post_num, dev_num;
	const char *local; /* after '+' (local_n == 0: none) */
	size_t local_n;
};

static bool is_separator(unsigned char c)
{
	return c == '.' || c == '-' || c == '_';
}

static int compare_num(struct pep_num a, struct pep_num b)
{
	return vc_compare_digits(a.p, a.n, b.p, b.n);
}

/* Whether p starts with word, ignoring case. */
static bool starts_with_word(const char *p, const char *word)
{
	for (; *word; p++, word++)
		if (vc_lower((unsigned char)*p) != (unsigned char)*word)
			return false;
	return true;
}

/* The longest of words that p starts with; its index, or -1. */
static int longest_word(const char *p, const char *const *words, size_t n_words, size_t *len)
{
	int best = -1;

	*len = 0;
	for (size_t i = 0; i < n_words; i++) {
		size_t n = strlen(words[i]);

		if (n > *len && starts_with_word(p, words[i])) {
			best = (int)i;
			*len = n;
		}
	}
	return best;
}

/* "[sep]word[sep][N]" at *p, one of words; on a match advances *p and sets
 * *which and *num (no digits: 0). An optional separator is taken only when
 * what it separates is there, as the spec's regular expression allows. */
static bool take_marker(const char **p, const char *const *words, size_t n_words, int *which,
			struct pep_num *num)
{
	const char *s = *p;
	size_t len;

	if (is_separator((unsigned char)*s))
		s++;
	*which = longest_word(s, words, n_words, &len);
	if (*which < 0)
		return false;
	s += len;
	if (is_separator((unsigned char)*s))
		s++;
	num->p = s;
	num->n = vc_span(s, vc_is_digit);
	*p = s + num->n;
	return true;
}

static bool take_pre(const char **p, struct pep_version *v)
{
	static const char *const words[] = { "alpha", "a", "beta", "b", "preview", "pre", "c", "rc" };
	static const enum pep_pre kinds[] = { PRE_A, PRE_A, PRE_B, PRE_B, PRE_RC, PRE_RC, PRE_RC, PRE_RC };
	int which;

	if (!take_marker(p, words, VG_ARRAY_LEN(words), &which, &v->pre_num))
		return false;
	v->pre = kinds[which];
	return true;
}

/* "-N" (an implicit post-release) or "[sep]post|rev|r[sep][N]". */
static bool take_post(const char **p, struct pep_version *v)
{
	static const char *const words[] = { "post", "rev", "r" };
	const char *s = *p;
	int which;

	if (*s == '-' && vc_is_digit((unsigned char)s[1])) {
		v->post_num.p = s + 1;
		v->post_num.n = vc_span(s + 1, vc_is_digit);
		*p = s + 1 + v->post_num.n;
		return true;
	}
	return take_marker(p, words, VG_ARRAY_LEN(words), &which, &v->post_num);
}

static bool take_dev(const char **p, struct pep_version *v)
{
	static const char *const words[] = { "dev" };
	int which;

	return take_marker(p, words, 1, &which, &v->dev_num);
}

/* "+" and [a-z0-9]+ segments joined by '.', '-' or '_'; its length past '+'. */
static size_t local_at(const char *p)
{
	const char *s = p;

	for (;;) {
		size_t n = vc_span(p, vc_is_alnum);

		if (n == 0)
			return 0;
		p += n;
		if (!is_separator((unsigned char)*p))
			return (size_t)(p - s);
		p++;
	}
}

/* "N(.N)*" at p; its length. */
static size_t release_at(const char *p)
{
	const char *s = p;

	for (;;) {
		size_t n = vc_span(p, vc_is_digit);

		if (n == 0)
			return 0;
		p += n;
		if (*p != '.' || !vc_is_digit((unsigned char)p[1]))
			return (size_t)(p - s);
		p++;
	}
}

static bool parse_pep440(const char *s, struct pep_version *v)
{
	size_t n;

	memset(v, 0, sizeof(*v));
	v->epoch.p = v->pre_num.p = v->post_num.p = v->dev_num.p = v->local = "";
	v->pre = PRE_NONE;
	s = s ? s : "";
	s += vc_span(s, vc_is_space);
	if (*s == 'v' || *s == 'V')
		s++;
	n = vc_span(s, vc_is_digit);
	if (n && s[n] == '!') {
		v->epoch = (struct pep_num){ s, n };
		s += n + 1;
	}
	v->release = s;
	v->release_n = release_at(s);
	if (v->release_n == 0)
		return false;
	s += v->release_n;
	take_pre(&s, v);
	v->has_post = take_post(&s, v);
	v->has_dev = take_dev(&s, v);
	if (v->pre == PRE_NONE && !v->has_post && v->has_dev)
		v->pre = PRE_NONE_DEV;
	if (*s == '+') {
		v->local = s + 1;
		v->local_n = local_at(s + 1);
		if (v->local_n == 0)
			return false;
		s += 1 + v->local_n;
	}
	s += vc_span(s, vc_is_space);
	return *s == '\0';
}

bool pep440_valid(const char *v)
{
	struct pep_version parsed;

	return parse_pep440(v, &parsed);
}

/* The next dot-separated number of a release from *p; "" (0) past its end. */
static struct pep_num next_release_part(const char **p, const char *end)
{
	struct pep_num n = { *p, 0 };

	if (*p >= end)
		return n;
	while (*p < end && **p != '.')
		(*p)++, n.n++;
	if (*p < end)
		(*p)++;
	return n;
}

/* Releases with trailing zeros not counting: "1.0" = "1.0.0". */
static int compare_release(const struct pep_version *a, const struct pep_version *b)
{
	const char *pa = a->release, *ea = a->release + a->release_n;
	const char *pb = b->release, *eb = b->release + b->release_n;

	while (pa < ea || pb < eb) {
		int c = compare_num(next_release_part(&pa, ea), next_release_part(&pb, eb));

		if (c)
			return c;
	}
	return 0;
}

static size_t local_segment_len(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && !is_separator((unsigned char)p[n]))
		n++;
	return n;
}

static bool all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!vc_is_digit((unsigned char)p[i]))
			return false;
	return true;
}

/* Local segments: numbers by value above words, which compare ignoring case. */
static int compare_local_segment(const char *a, size_t na, const char *b, size_t nb)
{
	bool num_a = all_digits(a, na), num_b = all_digits(b, nb);

	if (num_a && num_b)
		return vc_compare_digits(a, na, b, nb);
	if (num_a != num_b)
		return num_a ? 1 : -1;
	for (size_t i = 0; i < na && i < nb; i++) {
		int c = (int)vc_lower((unsigned char)a[i]) - (int)vc_lower((unsigned char)b[i]);

		if (c)
			return vc_sign(c);
	}
	return (na > nb) - (na < nb);
}

/* No local version sorts first, then segment by segment, a prefix first. */
static int compare_local(const struct pep_version *a, const struct pep_version *b)
{
	const char *pa = a->local, *ea = a->local + a->local_n;
	const char *pb = b->local, *eb = b->local + b->local_n;

	if (a->local_n == 0 || b->local_n == 0)
		return (a->local_n != 0) - (b->local_n != 0);
	for (;;) {
		size_t na = local_segment_len(pa, ea), nb = local_segment_len(pb, eb);
		int c = compare_local_segment(pa, na, pb, nb);

		if (c)
			return c;
		pa += na, pb += nb;
		if (pa == ea || pb == eb)
			return (pa != ea) - (pb != eb);
		pa++, pb++;
	}
}

/* The spec's sort key, field by field: a missing post-release sorts first, a
 * missing dev release last. */
static int compare_valid(const struct pep_version *a, const struct pep_version *b)
{
	int c = compare_num(a->epoch, b->epoch);

	if (!c)
		c = compare_release(a, b);
	if (!c)
		c = vc_sign((int)a->pre - (int)b->pre);
	if (!c && a->pre != PRE_NONE && a->pre != PRE_NONE_DEV)
		c = compare_num(a->pre_num, b->pre_num);
	if (!c)
		c = a->has_post != b->has_post ? (a->has_post ? 1 : -1) : compare_num(a->post_num, b->post_num);
	if (!c)
		c = a->has_dev != b->has_dev ? (a->has_dev ? -1 : 1) : compare_num(a->dev_num, b->dev_num);
	if (!c)
		c = compare_local(a, b);
	return c;
}

int pep440_compare(const char *a, const char *b)
{
	struct pep_version va, vb;
	bool ok_a = parse_pep440(a, &va), ok_b = parse_pep440(b, &vb);

	if (ok_a && ok_b)
		return compare_valid(&va, &vb);
	if (ok_a != ok_b)
		return ok_a ? 1 : -1;
	return vc_sign(strcmp(a ? a : "", b ? b : ""));
}
