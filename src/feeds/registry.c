/* registry.c - the feed readers `vigil db build` tries, most specific first,
 * and the top-level key sniffing their detect() functions share. */
#include "feed.h"

const struct feed *const vg_feeds[] = {
	&feed_wolfi_advisories,
	&feed_alpine_secdb,
	&feed_debian_tracker,
	&feed_debian_dsa,
	&feed_kev,
	&feed_nvd,
	&feed_rubysec,
	&feed_npm_wg,
	&feed_osv,
	NULL,
};

const struct feed *feed_detect(const char *path, const char *head, size_t n)
{
	for (const struct feed *const *f = vg_feeds; *f; f++)
		if ((*f)->detect(path, head, n))
			return *f;
	return NULL;
}

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

/* s[i] is '"': the index just past the closing quote, or 0 when s is cut
 * inside the string (by its end, or by a newline when one_line). */
static size_t string_end(const char *s, size_t i, size_t n, bool one_line)
{
	for (i++; i < n; i++) {
		if (s[i] == '\n' && one_line)
			return 0;
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return 0;
}

/* Where the first object of head starts ('{'), or n when it does not start like one. */
static size_t first_object(const char *head, size_t n)
{
	size_t i = n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	i = skip_blanks(head, i, n);
	if (i < n && head[i] == '[')
		i = skip_blanks(head, i + 1, n);
	return i < n && head[i] == '{' ? i : n;
}

bool feed_head_has_top_key(const char *head, size_t n, bool one_line, const char *key)
{
	size_t klen = strlen(key), i = first_object(head, n);
	bool want_key = true;
	int depth = 1;

	for (i++; i < n && depth > 0;) {
		char c = head[i];

		if (c == '"') {
			size_t start = i + 1, end = string_end(head, i, n, one_line), j;

			if (!end)
				return false;
			if (depth == 1 && want_key) {
				j = skip_blanks(head, end, n);
				if (j < n && head[j] == ':') {
					if (end - 1 - start == klen && memcmp(head + start, key, klen) == 0)
						return true;
					want_key = false;
				}
			}
			i = end;
			continue;
		}
		if (c == '\n' && one_line)
			return false;
		if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
		else if (c == ',' && depth == 1)
			want_key = true;
		i++;
	}
	return false;
}
