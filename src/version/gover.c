/* gover.c - Go version ordering: module versions (go.dev/ref/mod#versions,
 * SemVer with a "v", pseudo-versions being pre-releases) and toolchain
 * versions ("go1.21rc2", "go1.20"), read in place with nothing allocated.
 * A toolchain suffix such as "rc2" is read as the pre-release "rc.2", so
 * "go1.21rc2" = "v1.21.0-rc.2" < "go1.21.0". */
#include "vchar.h"
#include "version.h"

/* A parsed version. pre is a '-' pre-release without its '-', or a toolchain
 * suffix ("rc2") when tool is set; pre_n == 0: none. */
struct gv {
	const char *num[3];
	size_t num_n[3];
	const char *pre;
	size_t pre_n;
	bool tool;
};

/* Dot-separated non-empty identifiers at p; their length, 0 if malformed. */
static size_t identifiers_at(const char *p)
{
	const char *s = p;

	for (;;) {
		size_t n = vc_span(p, vc_is_alnum_or_hyphen);

		if (n == 0)
			return 0;
		p += n;
		if (*p != '.')
			return (size_t)(p - s);
		p++;
	}
}

/* A toolchain pre-release suffix at p: "rc", "beta" or "alpha" and digits. */
static size_t toolchain_suffix_at(const char *p)
{
	static const char *const words[] = { "rc", "beta", "alpha" };

	for (size_t i = 0; i < VG_ARRAY_LEN(words); i++) {
		size_t n = strlen(words[i]), d;

		if (strncmp(p, words[i], n) != 0)
			continue;
		d = vc_span(p + n, vc_is_digit);
		return d ? n + d : 0;
	}
	return 0;
}

/* [go|v]N[.N[.N]] then, with all three numbers, [-pre][+build], or after
 * two or three numbers a toolchain suffix. */
static bool parse_gv(const char *s, struct gv *v)
{
	static const char zero[] = "0";
	int parts;

	if (strncmp(s, "go", 2) == 0)
		s += 2;
	else if (*s == 'v')
		s++;
	for (int i = 0; i < 3; i++)
		v->num[i] = zero, v->num_n[i] = 1;
	v->pre = "";
	v->pre_n = 0;
	v->tool = false;
	for (parts = 0; parts < 3; parts++) {
		size_t n;

		if (parts > 0) {
			if (*s != '.')
				break;
			s++;
		}
		n = vc_span(s, vc_is_digit);
		if (n == 0)
			return false;
		v->num[parts] = s;
		v->num_n[parts] = n;
		s += n;
	}
	if (parts >= 2 && (v->pre_n = toolchain_suffix_at(s)) > 0) {
		v->pre = s;
		v->tool = true;
		return s[v->pre_n] == '\0';
	}
	if (parts == 3 && *s == '-') {
		v->pre = s + 1;
		v->pre_n = identifiers_at(s + 1);
		if (v->pre_n == 0)
			return false;
		s += 1 + v->pre_n;
	}
	if (parts == 3 && *s == '+') {
		size_t n = identifiers_at(s + 1);

		if (n == 0)
			return false;
		s += 1 + n;
	}
	return *s == '\0';
}

/* The next pre-release identifier from *p (before end): dot-separated, or in
 * a toolchain suffix the word and then its number. */
static bool next_ident(const char **p, const char *end, bool tool, const char **id, size_t *n)
{
	const char *s = *p, *q = s;

	if (s >= end)
		return false;
	if (tool) {
		bool digits = vc_is_digit((unsigned char)*s);

		while (q < end && vc_is_digit((unsigned char)*q) == digits)
			q++;
	} else {
		while (q < end && *q != '.')
			q++;
	}
	*id = s;
	*n = (size_t)(q - s);
	*p = q < end && *q == '.' ? q + 1 : q;
	return true;
}

static bool is_numeric(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && vc_is_digit((unsigned char)p[i]))
		i++;
	return n > 0 && i == n;
}

/* SemVer identifier order: numbers by value, below words, which compare in
 * ASCII order with a prefix first. */
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
	return c ? vc_sign(c) : (na > nb) - (na < nb);
}

/* A pre-release sorts before the release; identifiers pairwise, then the
 * shorter list first. */
static int compare_pre(const struct gv *a, const struct gv *b)
{
	const char *pa = a->pre, *pb = b->pre, *ea = a->pre + a->pre_n, *eb = b->pre + b->pre_n;
	const char *ia, *ib;
	size_t na, nb;

	if (a->pre_n == 0 || b->pre_n == 0)
		return (a->pre_n == 0) - (b->pre_n == 0);
	for (;;) {
		bool more_a = next_ident(&pa, ea, a->tool, &ia, &na);
		bool more_b = next_ident(&pb, eb, b->tool, &ib, &nb);
		int c;

		if (!more_a || !more_b)
			return more_a - more_b;
		c = compare_ident(ia, na, ib, nb);
		if (c)
			return c;
	}
}

int go_version_compare(const char *a, const char *b)
{
	struct gv va, vb;
	bool ok_a, ok_b;

	a = a ? a : "";
	b = b ? b : "";
	ok_a = parse_gv(a, &va);
	ok_b = parse_gv(b, &vb);
	if (!ok_a || !ok_b)
		return ok_a != ok_b ? (ok_a ? 1 : -1) : vc_sign(strcmp(a, b));
	for (int i = 0; i < 3; i++) {
		int c = vc_compare_digits(va.num[i], va.num_n[i], vb.num[i], vb.num_n[i]);

		if (c)
			return c;
	}
	return compare_pre(&va, &vb);
}
