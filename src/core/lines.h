/* lines.h - reading text databases line by line without copying, never past
 * the end of the buffer (which may hold NUL bytes). Used by the dpkg and apk
 * parsers; nothing here allocates. */
#ifndef VG_LINES_H
#define VG_LINES_H

#include "common.h"

struct line_cursor {
	const char *p, *end;
	int lineno; /* 1-based number of the line last returned */
};

static inline struct line_cursor line_cursor_of(const char *data, size_t len)
{
	struct line_cursor c = { data, data + len, 0 };
	return c;
}

/* Next line without its "\n" (and a trailing "\r"); false at the end. */
bool line_cursor_next(struct line_cursor *c, const char **line, size_t *len);
bool char_is_blank(char c); /* space, tab or CR */
void trim_blanks(const char **s, size_t *n);
bool line_is_blank(const char *s, size_t n);
/* At least one byte, and only printable non-space ASCII or UTF-8 bytes. */
bool is_single_word(const char *s, size_t n);
/* 1-based line number of byte offset off in data. */
int line_of_offset(const char *data, size_t off);

#endif
