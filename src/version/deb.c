/* deb.c - Debian version ordering and syntax check, from Debian Policy 5.6.12
 * ([epoch:]upstream[-revision]). Works on spans of the caller's string:
 * nothing is copied, allocated or kept. */
#include <limits.h>

#include "vchar.h"
#include "version.h"

/* A piece of the caller's string; never NUL-terminated on its own. */
struct span {
	const char *p;
	size_t n;
};

struct deb_version {
	struct span epoch;    /* digits only; empty means 0 */
	struct span upstream;
	struct span revision; /* empty when there is no '-' */
	bool has_revision;
};

static bool span_is_digits(struct span s)
{
	for (size_t i = 0; i < s.n; i++)
		if (!vc_is_digit((unsigned char)s.p[i]))
			return false;
	return true;
}

/* Split v the lenient way described in version.h; never fails. */
static struct deb_version deb_version_split(const char *v)
{
	struct deb_version d = { { v, 0 }, { v, 0 }, { v, 0 }, false };
	const char *colon = strchr(v, ':');
	const char *rest = v, *hyphen;

	if (colon && span_is_digits((struct span){ v, (size_t)(colon - v) })) {
		d.epoch.n = (size_t)(colon - v);
		rest = colon + 1;
	}
	hyphen = strrchr(rest, '-');
	d.upstream.p = rest;
	if (hyphen) {
		d.upstream.n = (size_t)(hyphen - rest);
		d.revision.p = hyphen + 1;
		d.revision.n = strlen(hyphen + 1);
		d.has_revision = true;
	} else {
		d.upstream.n = strlen(rest);
		d.revision.p = rest + d.upstream.n;
	}
	return d;
}

/* Policy's weight of one byte of a non-digit run: '~' before the end of the
 * run, the end before letters, letters before every other byte. Digits count
 * as the end of the run. */
static int nondigit_weight(const struct span *s, size_t i)
{
	unsigned char c;

	if (i >= s->n)
		return 0;
	c = (unsigned char)s->p[i];
	if (vc_is_digit(c))
		return 0;
	if (c == '~')
		return -1;
	if (vc_is_letter(c))
		return c;
	return c + 256;
}

static size_t digit_run_length(const struct span *s, size_t i)
{
	size_t start = i;

	while (i < s->n && vc_is_digit((unsigned char)s->p[i]))
		i++;
	return i - start;
}

/* Upstream or revision parts: alternate non-digit runs (byte weights) and
 * digit runs (numeric, an empty run is 0) until both parts end. */
static int deb_part_compare(struct span a, struct span b)
{
	size_t i = 0, j = 0;

	while (i < a.n || j < b.n) {
		while ((i < a.n && !vc_is_digit((unsigned char)a.p[i])) ||
		       (j < b.n && !vc_is_digit((unsigned char)b.p[j]))) {
			int wa = nondigit_weight(&a, i), wb = nondigit_weight(&b, j);

			if (wa != wb)
				return wa < wb ? -1 : 1;
			i++, j++; /* both are non-digit bytes here */
		}
		size_t na = digit_run_length(&a, i), nb = digit_run_length(&b, j);
		int r = vc_compare_digits(a.p + i, na, b.p + j, nb);

		if (r)
			return r;
		i += na, j += nb;
	}
	return 0;
}

int deb_version_compare(const char *a, const char *b)
{
	struct deb_version da = deb_version_split(a ? a : "");
	struct deb_version db = deb_version_split(b ? b : "");
	int r = vc_compare_digits(da.epoch.p, da.epoch.n, db.epoch.p, db.epoch.n);

	if (!r)
		r = deb_part_compare(da.upstream, db.upstream);
	if (!r)
		r = deb_part_compare(da.revision, db.revision);
	return r;
}

static bool say_why(char *why, size_t whylen, const char *reason)
{
	if (why && whylen)
		snprintf(why, whylen, "%s", reason);
	return false;
}

static bool span_has_only(struct span s, const char *extra)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (!vc_is_digit(c) && !vc_is_letter(c) && (c == '\0' || !strchr(extra, c)))
			return false;
	}
	return true;
}

static bool epoch_fits_int(struct span e)
{
	char max[32];
	int n = snprintf(max, sizeof(max), "%d", INT_MAX);

	return vc_compare_digits(e.p, e.n, max, (size_t)n) <= 0;
}

/* Checks the whole string before splitting, then each part, in the order dpkg
 * reports them. */
bool deb_version_valid(const char *v, char *why, size_t whylen)
{
	const char *colon;
	struct deb_version d;

	if (!v || !*v)
		return say_why(why, whylen, "version string is empty");
	for (const char *p = v; *p; p++)
		if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			return say_why(why, whylen, "version string has embedded spaces");
	colon = strchr(v, ':');
	if (colon) {
		struct span e = { v, (size_t)(colon - v) };

		if (e.n == 0)
			return say_why(why, whylen, "epoch in version is empty");
		if (!span_is_digits(e))
			return say_why(why, whylen, "epoch in version is not a number");
		if (!epoch_fits_int(e))
			return say_why(why, whylen, "epoch in version is too big");
		if (colon[1] == '\0')
			return say_why(why, whylen, "nothing after colon in version number");
	}
	d = deb_version_split(v);
	if (d.has_revision && d.revision.n == 0)
		return say_why(why, whylen, "revision number is empty");
	if (d.upstream.n == 0)
		return say_why(why, whylen, "version number is empty");
	if (!vc_is_digit((unsigned char)d.upstream.p[0]))
		return say_why(why, whylen, "version number does not start with digit");
	if (!span_has_only(d.upstream, ".-+~:"))
		return say_why(why, whylen, "invalid character in version number");
	if (!span_has_only(d.revision, ".+~"))
		return say_why(why, whylen, "invalid character in revision number");
	return true;
}
