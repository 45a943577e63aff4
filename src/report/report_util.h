/* report_util.h - what every reporter needs: the document time as text, a
 * reproducible document UUID, UTF-8 clean-up and small jansson helpers.
 * Output buffers belong to the caller; jansson values follow jansson's rules. */
#ifndef VG_REPORT_UTIL_H
#define VG_REPORT_UTIL_H

#include <jansson.h>

#include "../core/strmap.h"
#include "report.h"

/* "YYYY-MM-DDThh:mm:ssZ" (UTC) for t seconds since the epoch. Returns -1 and
 * fills err (VG_EUSAGE) when t is not a time in the years 1970..9999. */
int report_format_time(long long t, char out[32], struct vg_err *err);

/* A UUID in the RFC 4122 version-4 layout whose bits come from sha256 of
 * kind ("cyclonedx", "spdx"), the tool version, the image's config digest,
 * manifest digest and input, and s->timestamp. Same scan + same timestamp
 * gives the same UUID; a different kind gives a different one.
 * out receives 36 characters + NUL, lowercase. */
void report_uuid(const struct sbom *s, const char *kind, char out[37]);

/* The name that identifies the image in documents: image.name, else
 * image.input, else "unknown-image". Never NULL. */
const char *report_image_name(const struct sbom *s);

/* "sha256:0123456789abcdef..." -> "0123456789ab" (12 hex digits) into out;
 * a string without "algo:" is cut the same way. "" for NULL. */
void report_short_digest(const char *digest, char out[13]);

/* Copy s into sb replacing every byte that is not part of valid UTF-8 with
 * U+FFFD, so that jansson accepts it (package DBs may hold Latin-1). */
void report_utf8_clean(struct strbuf *sb, const char *s);

/* A new JSON string from s (cleaned as above). Never NULL (OOM is fatal). */
json_t *rj_str(const char *s);
/* Set obj[key] = string s, or nothing when s is NULL. */
void rj_set_str(json_t *obj, const char *key, const char *s);
/* Set obj[key] = v, taking the reference to v (v NULL: out of memory). */
void rj_set(json_t *obj, const char *key, json_t *v);
/* Append v to arr, taking the reference. */
void rj_append(json_t *arr, json_t *v);
json_t *rj_object(void);
json_t *rj_array(void);

/* Serialise root (2-space indent, keys in insertion order, trailing newline)
 * onto out, then drop the reference to root. Returns 0, or -1 with err. */
int rj_dump(json_t *root, struct strbuf *out, struct vg_err *err);

/* Shared by the SBOM and scan reporters (json.c): the "image", "os" and
 * package objects of vigil's own JSON format. */
json_t *report_json_image(const struct image_info *im);
json_t *report_json_os(const struct os_info *os);
json_t *report_json_package(const struct package *p, const struct os_info *os, struct arena *a);

/* Shared by the SBOM and scan CycloneDX writers (cyclonedx.c). add_prop
 * appends {name, value} to a properties array (nothing for a NULL value),
 * set_props sets obj["properties"] when it is not empty, else drops it. */
void add_prop(json_t *props, const char *name, const char *value);
void set_props(json_t *obj, json_t *props);

/* The bom-refs of one CycloneDX document: cdx_unique_ref returns want, or
 * want#2, want#3 ... whichever is still free, stored in the arena a. */
struct cdx_refs {
	struct strmap used; /* bom-ref -> itself; keys in the arena */
	struct arena *a;
};
const char *cdx_unique_ref(struct cdx_refs *r, const char *want);
/* A CycloneDX 1.6 document: $schema, bomFormat, specVersion, serialNumber
 * ("urn:uuid:" uuid) and version. */
json_t *cdx_document(const char *uuid);
/* metadata: timestamp ts, vigil as the tool, and the image as the component;
 * *image_ref gets the image's bom-ref (the document's first). */
json_t *cdx_metadata(struct cdx_refs *r, const struct sbom *s, const char *ts, const char **image_ref);
/* The OS component, when an OS was detected, onto comps and its ref onto depends. */
void cdx_add_os(struct cdx_refs *r, const struct os_info *os, json_t *comps, json_t *depends);
/* p's component (bom-ref: its purl) onto comps and its ref onto depends; returns the ref. */
const char *cdx_add_package(struct cdx_refs *r, const struct package *p, const struct os_info *os, json_t *comps,
			    json_t *depends);
/* dependencies: the image depends on every ref of depends (the reference is taken). */
json_t *cdx_dependencies(const char *image_ref, json_t *depends);

/* Shared by the table reporters (table.c). */
size_t report_text_width(const char *s);                 /* UTF-8 code points */
void report_add_safe(struct strbuf *sb, const char *s);  /* control characters -> '?' */
void report_add_padded(struct strbuf *out, const char *s, size_t width, bool last);
void report_header_line(const struct sbom *s, struct strbuf *out); /* "Image: ...  OS: ..." */

#endif
