/* version.h - package version ordering for the matcher, by dpkg, apk-tools and
 * rpm rules. Every function is pure: it reads the caller's NUL-terminated
 * strings (NULL reads as "") and keeps nothing. */
#ifndef VG_VERSION_H
#define VG_VERSION_H

#include "../core/common.h"

enum version_scheme {
	VS_DEB, VS_APK, VS_RPM,
	VS_SEMVER,  /* npm, crates.io, Packagist */
	VS_GO,      /* Go modules and the toolchain (stdlib) */
	VS_PEP440,  /* PyPI */
	VS_MAVEN,
	VS_GEM,     /* RubyGems */
};

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

/* ---- language ecosystems (src/version/semver.c, gover.c, pep440.c, maven.c, gem.c) ----
 * The same contract as above: total preorders on all strings, never failing;
 * invalid versions sort below every valid one (strcmp order among themselves)
 * unless a rule below says otherwise. */

/* SemVer 2.0.0 (semver.org, section 11), as npm and Cargo use it: an optional
 * leading "v" or "=" and surrounding whitespace are ignored; build metadata
 * ("+...") is ignored for ordering; numeric identifiers compare as numbers of
 * any length; a pre-release sorts before its release. Loose forms "1.2" and
 * "1" read as "1.2.0" / "1.0.0" (Composer and some npm data use them). */
int semver_compare(const char *a, const char *b);
bool semver_valid(const char *v); /* strict SemVer 2.0.0 (a leading "v" allowed) */

/* Go module versions (go.dev/ref/mod#versions): "v" + SemVer, pseudo-versions
 * ("v0.0.0-20191109021931-daa7c04131f5", which are SemVer pre-releases and
 * order as such), "+incompatible" ignored for ordering. Without the leading
 * "v" the same string is accepted (OSV writes "1.2.3"). Toolchain versions
 * "go1.19.8", "1.19.8", "v1.19.8", "go1.21rc2", "go1.20" (= 1.20.0, and
 * go1.21rc2 < go1.21.0) compare in the Go release order; "go1.21rc2" equals
 * "v1.21.0-rc.2", and "go1.21" reads as 1.21.0 too. "0" is 0.0.0, which the
 * pseudo-versions v0.0.0-... sort below (OSV's "introduced": "0" means "from
 * the start" and is for the caller to treat as such). */
int go_version_compare(const char *a, const char *b);

/* PEP 440 (packaging.python.org/en/latest/specifications/version-specifiers),
 * with its normalisation: case-insensitive, "v" prefix, alternate spellings
 * of pre/post/dev ("1.0a1" = "1.0.alpha.1" = "1.0-a-1", "1.0-1" = "1.0.post1",
 * "c"/"pre"/"preview" = "rc"), implicit zeros in release segments, epochs
 * ("1!2.0"), local versions ("+ubuntu1", compared segment-wise after the
 * public version). Invalid versions sort below every valid one. */
int pep440_compare(const char *a, const char *b);
bool pep440_valid(const char *v);

/* Maven's ComparableVersion (maven.apache.org/pom.html#version-order-specification):
 * items split at '.', '-' and digit/letter transitions; qualifiers
 * alpha < beta < milestone < rc = cr < snapshot < "" = final = ga = release < sp,
 * "a1"/"b1"/"m1" aliases; unknown qualifiers after known ones, lexically;
 * trailing zero/null items removed ("1.0.0" = "1"). Never invalid. Maven's
 * own comparison is not transitive for some qualifier mixes ("1-1" <
 * "1.0.alpha-1" < "1" < "1-1"); there, items first compare by their side of
 * "null" (see maven.c), so the order stays a total preorder. */
int maven_version_compare(const char *a, const char *b);

/* RubyGems Gem::Version: segments split at '.' and digit/letter boundaries,
 * a '-' means ".pre." ; numbers compare as numbers, strings lexically, any
 * string segment sorts before any number (so "1.0.a" < "1.0"); trailing zero
 * segments ignored ("1.0" = "1"; also "1.0.a" = "1.a"). "" is valid and reads
 * as "0", as in Gem::Version. Invalid (not matching Gem::Version's pattern)
 * sorts below every valid version. */
int gem_version_compare(const char *a, const char *b);
bool gem_version_valid(const char *v);

/* npm (node-semver) range expressions as in the Node security-wg records:
 * "||"-separated sets of space-separated comparators (<, <=, >, >=, =, bare
 * version), x-ranges ("1.2.x", "*", ""), tilde ("~1.2.3"), caret ("^1.2.3")
 * and hyphen ranges ("1.2.3 - 2.3.4"). A pre-release version satisfies a
 * comparator set only if some comparator in it has a pre-release on the same
 * major.minor.patch (node-semver's default). The version is read as by
 * semver_compare; numbers of any length are allowed on both sides. Returns 1
 * (satisfies), 0 (does not), -1 (the range or the version is malformed). */
int npm_range_satisfies(const char *range, const char *version);

/* One RubyGems requirement ("~> 1.2.3", ">= 2.0", "< 3", "= 1.0", "!= 1.1",
 * a bare version meaning "="; several joined by ',' must all hold), as in
 * ruby-advisory-db patched_versions / unaffected_versions. Returns 1, 0, or -1
 * when malformed. */
int gem_requirement_satisfies(const char *requirement, const char *version);

static inline int version_compare(enum version_scheme s, const char *a, const char *b)
{
	switch (s) {
	case VS_DEB:
		return deb_version_compare(a, b);
	case VS_APK:
		return apk_version_compare(a, b);
	case VS_RPM:
		return rpm_version_compare(a, b);
	case VS_SEMVER:
		return semver_compare(a, b);
	case VS_GO:
		return go_version_compare(a, b);
	case VS_PEP440:
		return pep440_compare(a, b);
	case VS_MAVEN:
		return maven_version_compare(a, b);
	case VS_GEM:
		return gem_version_compare(a, b);
	}
	return 0;
}

#endif
