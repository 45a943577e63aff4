/* lines.c - line cursor and blank/word helpers (see lines.h). */
#include <limits.h>

#include "lines.h"

bool line_cursor_next(struct line_cursor *c, const char **line, size_t *len)
{
	const char *nl;

	if (c->p >= c->end)
		return false;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	*line = c->p;
	*len = (size_t)((nl ? nl : c->end) - c->p);
	c->p = nl ? nl + 1 : c->end;
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	if (c->lineno < INT_MAX)
		c->lineno++;
	return true;
}

bool char_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void trim_blanks(const char **s, size_t *n)
{
	while (*n > 0 && char_is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && char_is_blank((*s)[*n - 1]))
		(*n)--;
}

bool line_is_blank(const char *s, size_t n)
{
	trim_blanks(&s, &n);
	return n == 0;
}

bool is_single_word(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

int line_of_offset(const char *data, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off && line < INT_MAX; i++)
		if (data[i] == '\n')
			line++;
	return line;
}
