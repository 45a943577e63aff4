/* apk.c - Alpine/Wolfi version ordering and syntax check, with the semantics
 * of apk-tools: digits{.digits}[letter]{_suffix[N]}[~hash][-rN]. Reads the
 * caller's string token by token; nothing is copied, allocated or kept. */
#include "vchar.h"
#include "version.h"

/* Token kinds in the order a version may contain them; the order matters:
 * a kind may only follow the kinds its rules below allow, and when two
 * versions differ in kind at the same place, the higher kind sorts lower. */
enum apk_kind {
	APK_INITIAL_DIGITS,
	APK_DIGITS,    /* ".N" */
	APK_LETTER,    /* one lowercase letter right after digits */
	APK_SUFFIX,    /* "_alpha" ... "_p" */
	APK_SUFFIX_NO, /* digits right after a suffix */
	APK_HASH,      /* "~" and lowercase hex digits */
	APK_REVISION,  /* "-r" and digits */
	APK_END,
	APK_INVALID,
};

/* Suffix ranks: pre-releases before APK_RELEASE, the rest after it. */
enum apk_suffix {
	APK_ALPHA,
	APK_BETA,
	APK_PRE,
	APK_RC,
	APK_RELEASE,
	APK_CVS,
	APK_SVN,
	APK_GIT,
	APK_HG,
	APK_P,
};

struct apk_token {
	enum apk_kind kind;
	enum apk_suffix suffix; /* APK_SUFFIX only */
	const char *val;        /* the token's text without its lead-in */
	size_t len;
	const char *next;       /* where the following token starts */
};

static bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_lower_hex(unsigned char c)
{
	return vc_is_digit(c) || (c >= 'a' && c <= 'f');
}

/* Take the run of bytes at p accepted by in_class as the token's value. */
static void take_run(struct apk_token *t, const char *p, bool (*in_class)(unsigned char))
{
	t->val = p;
	t->len = vc_span(p, in_class);
	t->next = p + t->len;
}

/* Digits at p become a token of kind k; none makes it invalid. */
static void take_digits(struct apk_token *t, const char *p, enum apk_kind k)
{
	take_run(t, p, vc_is_digit);
	t->kind = t->len ? k : APK_INVALID;
}

static bool suffix_named(const char *p, size_t n, enum apk_suffix *out)
{
	static const struct {
		const char *name;
		enum apk_suffix rank;
	} names[] = {
		{ "alpha", APK_ALPHA }, { "beta", APK_BETA }, { "pre", APK_PRE },
		{ "rc", APK_RC },       { "cvs", APK_CVS },   { "svn", APK_SVN },
		{ "git", APK_GIT },     { "hg", APK_HG },     { "p", APK_P },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(names); i++) {
		if (strlen(names[i].name) == n && memcmp(names[i].name, p, n) == 0) {
			*out = names[i].rank;
			return true;
		}
	}
	return false;
}

static void take_suffix(struct apk_token *t, const char *p)
{
	take_run(t, p, is_lower);
	t->kind = suffix_named(t->val, t->len, &t->suffix) ? APK_SUFFIX : APK_INVALID;
}

static void take_hash(struct apk_token *t, const char *p)
{
	take_run(t, p, is_lower_hex);
	t->kind = t->len ? APK_HASH : APK_INVALID;
}

static struct apk_token first_token(const char *v)
{
	struct apk_token t = { APK_INVALID, APK_RELEASE, v, 0, v };

	take_digits(&t, v, APK_INITIAL_DIGITS);
	return t;
}

/* Advance t to the token after it; t must be neither APK_END nor invalid.
 * Which kinds may follow which is checked here. */
static void next_token(struct apk_token *t)
{
	const char *p = t->next;
	enum apk_kind prev = t->kind;
	unsigned char c = (unsigned char)*p;

	t->kind = APK_INVALID;
	if (c == '\0') {
		t->kind = APK_END;
	} else if (is_lower(c)) {
		if (prev <= APK_DIGITS) {
			t->val = p, t->len = 1, t->next = p + 1;
			t->kind = APK_LETTER;
		}
	} else if (c == '.') {
		if (prev <= APK_DIGITS)
			take_digits(t, p + 1, APK_DIGITS);
	} else if (vc_is_digit(c)) {
		if (prev == APK_SUFFIX)
			take_digits(t, p, APK_SUFFIX_NO);
	} else if (c == '_') {
		if (prev <= APK_SUFFIX_NO)
			take_suffix(t, p + 1);
	} else if (c == '~') {
		if (prev < APK_HASH)
			take_hash(t, p + 1);
	} else if (c == '-') {
		if (prev < APK_REVISION && p[1] == 'r')
			take_digits(t, p + 2, APK_REVISION);
	}
}

/* Numbers of any length by value: leading zeros do not count. */
static int compare_by_value(const struct apk_token *a, const struct apk_token *b)
{
	return vc_compare_digits(a->val, a->len, b->val, b->len);
}

/* Byte order, a prefix before the longer string. */
static int compare_as_text(const struct apk_token *a, const struct apk_token *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = n ? memcmp(a->val, b->val, n) : 0;

	if (r)
		return vc_sign(r);
	return (a->len > b->len) - (a->len < b->len);
}

/* Two tokens of the same kind. A ".N" part with a leading zero on either side
 * compares as text ("1.01" < "1.1", "8.2.0" < "8.2.001"), like apk-tools. */
static int compare_same_kind(const struct apk_token *a, const struct apk_token *b)
{
	switch (a->kind) {
	case APK_DIGITS:
		if (a->val[0] == '0' || b->val[0] == '0')
			return compare_as_text(a, b);
		return compare_by_value(a, b);
	case APK_INITIAL_DIGITS:
	case APK_SUFFIX_NO:
	case APK_REVISION:
		return compare_by_value(a, b);
	case APK_LETTER:
		return vc_sign((unsigned char)a->val[0] - (unsigned char)b->val[0]);
	case APK_SUFFIX:
		return vc_sign((int)a->suffix - (int)b->suffix);
	case APK_HASH:
		return compare_as_text(a, b);
	case APK_END:
	case APK_INVALID:
		break;
	}
	return 0;
}

static bool is_prerelease(const struct apk_token *t)
{
	return t->kind == APK_SUFFIX && t->suffix < APK_RELEASE;
}

/* Where the versions first differ in kind: a pre-release suffix is lowest,
 * otherwise the kind further along (the end, an invalid token) is lower:
 * "1.0_rc1" < "1.0" < "1.0.1" and "1.0-r0" < "1.0.1". */
static int compare_different_kinds(const struct apk_token *a, const struct apk_token *b)
{
	if (is_prerelease(a))
		return -1;
	if (is_prerelease(b))
		return 1;
	return a->kind > b->kind ? -1 : 1;
}

int apk_version_compare(const char *a, const char *b)
{
	struct apk_token ta = first_token(a ? a : "");
	struct apk_token tb = first_token(b ? b : "");

	while (ta.kind == tb.kind && ta.kind < APK_END) {
		int r = compare_same_kind(&ta, &tb);

		if (r)
			return r;
		next_token(&ta);
		next_token(&tb);
	}
	if (ta.kind == tb.kind)
		return 0;
	return compare_different_kinds(&ta, &tb);
}

bool apk_version_valid(const char *v)
{
	struct apk_token t = first_token(v ? v : "");

	while (t.kind < APK_END)
		next_token(&t);
	return t.kind == APK_END;
}
