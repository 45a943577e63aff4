/* vchar.h - character classes and digit-string comparison shared by the
 * version orders; static inline, no state. Classes are ASCII only and take
 * the byte as unsigned char, so they also serve as bool (*)(unsigned char). */
#ifndef VG_VERSION_VCHAR_H
#define VG_VERSION_VCHAR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool vc_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool vc_is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool vc_is_alnum(unsigned char c)
{
	return vc_is_digit(c) || vc_is_letter(c);
}

static inline bool vc_is_alnum_or_hyphen(unsigned char c)
{
	return vc_is_alnum(c) || c == '-';
}

static inline bool vc_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline unsigned char vc_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* -1, 0 or 1 by the sign of v. */
static inline int vc_sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Past the spaces at the start of [p, end). */
static inline const char *vc_skip_spaces(const char *p, const char *end)
{
	while (p < end && vc_is_space((unsigned char)*p))
		p++;
	return p;
}

/* Length of the run at p of bytes in_class accepts; in_class must reject
 * '\0', which ends the run at the end of a NUL-terminated string. */
static inline size_t vc_span(const char *p, bool (*in_class)(unsigned char))
{
	size_t n = 0;

	while (in_class((unsigned char)p[n]))
		n++;
	return n;
}

/* Two digit strings of any length by value: leading zeros do not count and
 * an empty string reads as 0. Returns -1, 0 or 1. */
static inline int vc_compare_digits(const char *a, size_t na, const char *b, size_t nb)
{
	while (na && *a == '0')
		a++, na--;
	while (nb && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	return na ? vc_sign(memcmp(a, b, na)) : 0;
}

#endif
