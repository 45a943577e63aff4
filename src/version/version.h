/* version.h - package version ordering for the matcher, by dpkg, apk-tools and
 * rpm rules. Every function is pure: it reads the caller's NUL-terminated
 * strings (NULL reads as "") and keeps nothing. */
#ifndef VG_VERSION_H
#define VG_VERSION_H

#include "../core/common.h"

enum version_scheme { VS_DEB, VS_APK, VS_RPM };

/* Longest rpm string handed to librpm (whose rpmvercmp copies both inputs onto
 * the stack); longer ones are ordered without it, see rpm_version_compare. */
#define RPM_VERSION_MAX 4096

/* Every compare returns -1, 0 or 1 (a < b, a == b, a > b) and never fails.
 * Each is a total preorder on all strings, invalid ones included: reflexive,
 * antisymmetric (cmp(a, b) == -cmp(b, a)) and transitive, so it can sort.
 * Distinct strings may compare equal ("1.0" and "1.00" in dpkg). */

/* dpkg / Debian Policy 5.6.12, [epoch:]upstream[-revision]. Invalid versions
 * are split the same lenient way: the epoch is the text before the first ':'
 * if that text is only digits (none counts as 0), else the epoch is 0 and the
 * ':' stays in the upstream part; the revision follows the last '-' (no '-'
 * means ""); bytes that are not ASCII sort as non-letters, after all ASCII. */
int deb_version_compare(const char *a, const char *b);
/* dpkg's syntax rules; on false writes the reason into why (if non-NULL). */
bool deb_version_valid(const char *v, char *why, size_t whylen);

/* apk-tools: digits{.digits}[letter]{_suffix[N]}[~hash][-rN]. Invalid
 * versions compare as apk-tools does: token by token up to the first invalid
 * token, which sorts below everything at its position but a pre-release
 * suffix (so "1.0" < "1.0bc"); versions invalid at the same token are equal. One
 * deliberate difference: numbers too big for 64 bits compare by value where
 * apk-tools wraps them. */
int apk_version_compare(const char *a, const char *b);
bool apk_version_valid(const char *v);

/* rpm, full [epoch:]version[-release] via librpm's rpmverParse/rpmverCmp
 * (missing epoch = 0, a missing release sorts before any release). The empty
 * string and strings longer than RPM_VERSION_MAX are invalid: they sort before
 * every valid EVR (unreadable = oldest, so a matcher reports rather than
 * hides), in strcmp order among themselves. */
int rpm_version_compare(const char *a, const char *b);
/* One version or release string on its own by librpm's rpmvercmp(), with no
 * epoch or release split ("" is valid: above "~..." and below all else).
 * Strings longer than RPM_VERSION_MAX sort first, in strcmp order. */
int rpm_part_compare(const char *a, const char *b);

static inline int version_compare(enum version_scheme s, const char *a, const char *b)
{
	switch (s) {
	case VS_DEB:
		return deb_version_compare(a, b);
	case VS_APK:
		return apk_version_compare(a, b);
	case VS_RPM:
		return rpm_version_compare(a, b);
	}
	return 0;
}

#endif
