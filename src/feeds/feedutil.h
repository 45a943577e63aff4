/* feedutil.h - helpers the feed readers share: JSON documents, JSON Lines and
 * very large JSON objects read under the FEED_MAX_* caps, head sniffing for
 * detect(), and checks for ids, names and versions. Nothing here prints. */
#ifndef VG_FEEDUTIL_H
#define VG_FEEDUTIL_H

#include <jansson.h>

#include "feed.h"

/* Parse the whole file (at most FEED_MAX_FILE bytes) as one JSON value. On
 * success *out holds a new reference (the caller decrefs); on failure err
 * says where the file is broken (VG_EFORMAT), too big (VG_ELIMIT) or unreadable. */
int feed_load_json(const char *path, json_t **out, struct vg_err *err);

/* Call fn(rec, line, ctx) for each non-blank line of a JSON Lines file, with
 * rec the parsed line (borrowed: valid only during the call) and line its
 * 1-based number. A line longer than FEED_MAX_RECORD bytes or not valid JSON
 * is skipped with dbw_skip_record("line N: ..."). fn returns 0 to go on or
 * -1 (err filled) to stop. Returns -1 when the file cannot be read or fn stopped. */
int feed_each_jsonl(const char *path, int (*fn)(json_t *rec, size_t line, void *ctx), void *ctx,
		    struct dbw *w, struct vg_err *err);

/* Call fn(key, value, ctx) for each member of the top-level JSON object in
 * path (at most FEED_MAX_FILE bytes), parsing one member's value at a time so
 * memory follows the largest member rather than the whole document (value is
 * borrowed). A member whose key or value is not valid JSON is skipped with
 * dbw_skip_record("member N: ..."). Returns -1 (VG_EFORMAT) when the outer
 * object itself is broken or truncated (members before the break have been
 * handed to fn), or when fn returns -1. */
int feed_each_member(const char *path, int (*fn)(const char *key, json_t *value, void *ctx), void *ctx,
		     struct dbw *w, struct vg_err *err);

/* Head sniffing for detect(): the first byte that is not JSON whitespace
 * (NUL when there is none), and whether needle occurs in the head. */
char feed_head_first_byte(const char *head, size_t n);
bool feed_head_has(const char *head, size_t n, const char *needle);

/* The string member key of obj, or NULL when obj is not an object or the
 * member is absent or not a string. */
const char *feed_json_str(json_t *obj, const char *key);
/* An optional string member: absent or null gives NULL and true; a string
 * without NUL bytes of at most max bytes gives it; anything else is false. */
bool feed_optional_text(json_t *obj, const char *key, size_t max, const char **out);

/* A package name or version as feeds give them: 1 to FEED_MAX_WORD bytes,
 * no whitespace, no control bytes. */
#define FEED_MAX_WORD 255
bool feed_is_word(const char *s);

/* "CVE-" year "-" at least four digits, nothing else. */
bool feed_is_cve_id(const char *s);
/* A plausible advisory id: 3 to 64 bytes; letters first; then groups of
 * ASCII letters and digits joined by single '-' (or '_' / ':' / '.');
 * at least one digit unless it is PREFIX-xxxx-xxxx-xxxx (GHSA, CGA); CVE
 * ids must pass feed_is_cve_id. Accepts
 * GHSA-xxxx-xxxx-xxxx, XSA-252, ZBX-11023, wnpa-sec-2017-18, TALOS-2017-0394,
 * CGA-xxxx-xxxx-xxxx, TEMP-0000000-2A8DE1, DSA-5380-1. */
bool feed_is_vuln_id(const char *s);

#endif
