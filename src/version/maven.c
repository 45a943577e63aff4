/* maven.c - Maven version ordering (ComparableVersion of Maven 3.9, as the
 * POM reference's "version order specification" describes it), read from
 * the caller's string with nothing copied or allocated.
 *
 * Maven parses a version into nested lists: numbers and qualifiers, with a
 * '-' (or a digit/letter switch) opening a sub-list that holds the rest of
 * the version. We read that structure flat: a stream of numbers, qualifiers
 * and "a sub-list starts here" marks. Maven compares items pairwise, numbers
 * above sub-lists above qualifiers, and a missing item as the null of the
 * other side's kind (0, "", an empty list), after trimming null items at the
 * end of each list. That comparison is not transitive (Maven's own MNG-5568:
 * "1-1" < "1.0.alpha-1" < "1" < "1-1"), so one rule is added to make it a
 * total order: an item first compares by which side of null it is on (a
 * qualifier or number against null; a null item or a sub-list mark by the
 * first non-null item after it), and only items on the same side compare by
 * kind and value. Every example of the specification and of Maven's own
 * ComparableVersionTest orders as in Maven 3.9; versions only differ where
 * Maven's comparison contradicts itself. */
#include "vchar.h"
#include "version.h"

/* Kinds in Maven's order when two meet at the same place. */
enum mvn_kind { MVN_STR, MVN_LIST, MVN_INT };

/* One item of the flat stream: a number or qualifier (its text), or the
 * start of a sub-list. */
struct mvn_sym {
	enum mvn_kind kind;
	const char *p;
	size_t n;
	bool before_digit; /* a qualifier followed directly by a digit ("a1") */
};

/* Reads the stream; one step of the string yields up to three items. */
struct mvn_scan {
	const char *s;
	bool list_has_items;
	struct mvn_sym queue[3];
	int head, count;
	size_t taken; /* items handed out so far */
};

/* Qualifier ranks; unknown qualifiers come after all of these, by text. */
enum { Q_ALPHA, Q_BETA, Q_MILESTONE, Q_RC, Q_SNAPSHOT, Q_RELEASE, Q_SP, Q_UNKNOWN };

/* An item ready to compare: its side of null (-1 or 1) decided. */
struct mvn_item {
	struct mvn_sym sym;
	int side;
};

/* The stream with Maven's trimming applied: null items (0, "") are dropped
 * when no non-null item follows them in their list, marks when no non-null
 * item follows at all. `next` is the next non-null item after the current
 * place, found by reading ahead, so each item is read at most twice. */
struct mvn_iter {
	struct mvn_scan scan;
	bool next_known, next_found, list_before_next;
	size_t next_at, last_list_at; /* stream positions (1-based counts) */
	int next_side;
};

static bool is_separator(unsigned char c)
{
	return c == '.' || c == '-';
}

static bool is_letter(unsigned char c)
{
	return c != '\0' && !vc_is_digit(c) && !is_separator(c);
}

static void push(struct mvn_scan *sc, enum mvn_kind kind, const char *p, size_t n, bool before_digit)
{
	struct mvn_sym *sym = &sc->queue[(sc->head + sc->count++) % 3];

	*sym = (struct mvn_sym){ kind, p, n, before_digit };
	sc->list_has_items = kind != MVN_LIST;
}

/* One step of Maven's parser: an empty token before a separator (a 0), or a
 * run of digits or of letters and the separator after it. */
static void scan_step(struct mvn_scan *sc)
{
	const char *run = sc->s;
	size_t n = 0;
	bool digits = vc_is_digit((unsigned char)*run);
	unsigned char next;

	if (is_separator((unsigned char)*run)) {
		push(sc, MVN_INT, run, 0, false);
		if (*run == '-')
			push(sc, MVN_LIST, run, 0, false);
		sc->s++;
		return;
	}
	while (run[n] && vc_is_digit((unsigned char)run[n]) == digits && !is_separator((unsigned char)run[n]))
		n++;
	next = (unsigned char)run[n];
	sc->s = run + n;
	if (digits) {
		push(sc, MVN_INT, run, n, false);
		if (is_letter(next))
			push(sc, MVN_LIST, run + n, 0, false);
	} else {
		/* "1.0.X1" and a final ".X" read as "-X" (Maven 3.9) */
		if ((vc_is_digit(next) || next == '\0') && sc->list_has_items)
			push(sc, MVN_LIST, run, 0, false);
		push(sc, MVN_STR, run, n, vc_is_digit(next));
		if (vc_is_digit(next))
			push(sc, MVN_LIST, run + n, 0, false);
	}
	if (is_separator(next)) {
		if (next == '-')
			push(sc, MVN_LIST, run + n, 0, false);
		sc->s++;
	}
}

static bool scan_next(struct mvn_scan *sc, struct mvn_sym *out)
{
	if (sc->count == 0) {
		if (*sc->s == '\0')
			return false;
		scan_step(sc);
	}
	*out = sc->queue[sc->head];
	sc->head = (sc->head + 1) % 3;
	sc->count--;
	sc->taken++;
	return true;
}

/* Case-insensitive equality of the item's text with a lowercase name. */
static bool text_is(const struct mvn_sym *s, const char *name)
{
	if (strlen(name) != s->n)
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (vc_lower((unsigned char)s->p[i]) != (unsigned char)name[i])
			return false;
	return true;
}

static int qualifier_rank(const struct mvn_sym *s)
{
	static const struct {
		const char *name;
		int rank;
	} names[] = {
		{ "alpha", Q_ALPHA },
		{ "beta", Q_BETA },
		{ "milestone", Q_MILESTONE },
		{ "rc", Q_RC },
		{ "cr", Q_RC },
		{ "snapshot", Q_SNAPSHOT },
		{ "ga", Q_RELEASE },
		{ "final", Q_RELEASE },
		{ "release", Q_RELEASE },
		{ "sp", Q_SP },
	};

	if (s->before_digit && s->n == 1) { /* a1 = alpha-1, b1 = beta-1, m1 = milestone-1 */
		switch (vc_lower((unsigned char)s->p[0])) {
		case 'a': return Q_ALPHA;
		case 'b': return Q_BETA;
		case 'm': return Q_MILESTONE;
		default: break;
		}
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(names); i++)
		if (text_is(s, names[i].name))
			return names[i].rank;
	return Q_UNKNOWN;
}

static bool is_zero(const struct mvn_sym *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i] != '0')
			return false;
	return true;
}

/* A number or qualifier against null: -1, 0 (it is null) or 1. */
static int side_of_null(const struct mvn_sym *s)
{
	if (s->kind == MVN_INT)
		return is_zero(s) ? 0 : 1;
	return vc_sign(qualifier_rank(s) - Q_RELEASE);
}

/* Find the first non-null number or qualifier after the current place,
 * unless the last search already found one further on. */
static void look_ahead(struct mvn_iter *it)
{
	struct mvn_scan ahead = it->scan;
	struct mvn_sym sym;

	if (it->next_known && it->next_at > it->scan.taken)
		return;
	it->next_known = true;
	it->next_found = false;
	it->list_before_next = false;
	while (scan_next(&ahead, &sym)) {
		if (sym.kind == MVN_LIST) {
			it->list_before_next = true;
			it->last_list_at = ahead.taken;
		} else if (side_of_null(&sym) != 0) {
			it->next_found = true;
			it->next_at = ahead.taken;
			it->next_side = side_of_null(&sym);
			return;
		}
	}
}

static bool iter_next(struct mvn_iter *it, struct mvn_item *out)
{
	struct mvn_sym sym;

	while (scan_next(&it->scan, &sym)) {
		size_t at = it->scan.taken;

		if (sym.kind != MVN_LIST && side_of_null(&sym) != 0) {
			*out = (struct mvn_item){ sym, side_of_null(&sym) };
			return true;
		}
		look_ahead(it);
		if (!it->next_found)
			return false; /* only null items are left: all trimmed */
		if (sym.kind == MVN_LIST || !it->list_before_next || it->last_list_at < at) {
			*out = (struct mvn_item){ sym, it->next_side };
			return true;
		}
		/* a null item at the end of its list: trimmed */
	}
	return false;
}

static int compare_digits(const struct mvn_sym *a, const struct mvn_sym *b)
{
	return vc_compare_digits(a->p, a->n, b->p, b->n);
}

/* Known qualifiers by rank, unknown ones after them by lowercase text. */
static int compare_qualifiers(const struct mvn_sym *a, const struct mvn_sym *b)
{
	int ra = qualifier_rank(a), rb = qualifier_rank(b);

	if (ra != rb || ra != Q_UNKNOWN)
		return vc_sign(ra - rb);
	for (size_t i = 0; i < a->n && i < b->n; i++) {
		int c = (int)vc_lower((unsigned char)a->p[i]) - (int)vc_lower((unsigned char)b->p[i]);

		if (c)
			return vc_sign(c);
	}
	return (a->n > b->n) - (a->n < b->n);
}

static int compare_items(const struct mvn_item *a, const struct mvn_item *b)
{
	if (a->side != b->side)
		return a->side < b->side ? -1 : 1;
	if (a->sym.kind != b->sym.kind)
		return a->sym.kind < b->sym.kind ? -1 : 1;
	if (a->sym.kind == MVN_INT)
		return compare_digits(&a->sym, &b->sym);
	if (a->sym.kind == MVN_STR)
		return compare_qualifiers(&a->sym, &b->sym);
	return 0;
}

static void iter_init(struct mvn_iter *it, const char *v)
{
	memset(it, 0, sizeof(*it));
	it->scan.s = v ? v : "";
}

int maven_version_compare(const char *a, const char *b)
{
	struct mvn_iter ia, ib;

	iter_init(&ia, a);
	iter_init(&ib, b);
	for (;;) {
		struct mvn_item xa, xb;
		bool more_a = iter_next(&ia, &xa), more_b = iter_next(&ib, &xb);
		int c;

		if (!more_a || !more_b) /* the shorter side reads as null */
			return more_a ? xa.side : more_b ? -xb.side : 0;
		c = compare_items(&xa, &xb);
		if (c)
			return c;
	}
}
