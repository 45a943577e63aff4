/* cvss.h - CVSS base scores computed from vector strings: v2.0, v3.0, v3.1
 * (their own Roundup rules) and v4.0 (macro-vector lookup and severity-distance
 * interpolation), and the qualitative rating of a score. */
#ifndef VG_CVSS_H
#define VG_CVSS_H

/* Versions as cvss_base_score reports them. */
#define CVSS_VERSION_2 20   /* "AV:N/AC:L/Au:N/C:P/I:P/A:P" (no prefix) */
#define CVSS_VERSION_30 30  /* "CVSS:3.0/..." */
#define CVSS_VERSION_31 31  /* "CVSS:3.1/..." */
#define CVSS_VERSION_40 40  /* "CVSS:4.0/..." */

/* Longest vector string accepted (a v4.0 vector with every metric is ~250). */
#define CVSS_VECTOR_MAX 1024

/* Score the vector. Every metric of the version's base group must be present;
 * optional groups (v2/v3 temporal and environmental, v4 threat, environmental
 * and supplemental) are accepted in any order. A metric given twice, an unknown
 * metric or value, an empty component, whitespace or an unknown prefix makes the
 * vector malformed: returns -1 and leaves *score and *version alone.
 * v2/v3: the base score; temporal and environmental metrics do not change it.
 * v4.0: the score of the vector as given (CVSS-B, or CVSS-BT/-BE/-BTE when
 * threat or environmental metrics are present), which is what feeds publish as
 * the v4.0 baseScore. On success *score is a multiple of 0.1 in [0, 10]
 * (exactly score_tenths / 10.0) and *version one of CVSS_VERSION_*; either
 * pointer may be NULL. */
int cvss_base_score(const char *vector, double *score, int *version);

/* The same, with the score as an integer number of tenths (0..100). */
int cvss_base_score_tenths(const char *vector, int *tenths, int *version);

/* A score in [0, 10] as the nearest number of tenths (0..100; NaN gives 0),
 * e.g. to compare a feed's 7.499999 with a computed 7.5. */
int cvss_tenths(double score);

/* The Roundup of CVSS v3.0 (the smallest one-decimal number >= x: a float
 * computation of 4.000000001 becomes 4.1) or v3.1 (appendix A: x is first
 * taken to 5 decimals as an integer, so that becomes 4.0), in tenths. */
int cvss_roundup_tenths(double x, int version);

/* For readers whose feed gives a score beside the vector (NVD): compute the
 * vector's score and compare it with the feed's, to the tenth. Returns 1 when
 * they agree, 0 when they differ (counted, see cvss_disagreements), -1 when
 * the vector is malformed or the feed's score is not in [0, 10]. *version
 * (may be NULL) gets the vector's version when it parses. */
int cvss_check_feed_score(const char *vector, double feed_score, int *version);

/* How many cvss_check_feed_score calls found a disagreement since the process
 * started (thread-safe counter). */
unsigned long cvss_disagreements(void);

/* Qualitative rating, lower case: v3.x/v4.0 "none" (0.0), "low" (0.1-3.9),
 * "medium" (4.0-6.9), "high" (7.0-8.9), "critical" (9.0-10.0); v2 (version
 * CVSS_VERSION_2) "low" (0.0-3.9), "medium" (4.0-6.9), "high" (7.0-10.0).
 * The score is taken to the nearest tenth first. NULL for a score outside
 * [0, 10], NaN, or an unknown version. */
const char *cvss_rating(double score, int version);

/* The severity type name stored in the database: "CVSS_V2", "CVSS_V3" or
 * "CVSS_V4" (NULL for an unknown version). */
const char *cvss_type_name(int version);

#endif
