/* osv.c - the OSV feed reader: one record per *.json file, JSON Lines of
 * records, or OSV's per-ecosystem all.zip (read member by member, never
 * extracted). All it reads goes into the caller's dbw; it returns nothing it owns.
 *
 * A file is a zip by its magic bytes, one record when named *.json, else JSON
 * Lines (so /proc/self/fd/N is JSON Lines). A malformed record (bad JSON,
 * wrong types, bad id, over FEED_MAX_RECORD) is skipped whole with
 * dbw_skip_record; affected entries whose ecosystem has no namespace are left
 * out and reported in one notice per file (which the writer counts as a skip).
 *
 * What goes where (decisions, see also the test):
 * - vulnerabilities: id, summary, details -> description, published, modified, withdrawn.
 * - aliases: `aliases` and `upstream` (the ids a Ubuntu/Chainguard record restates
 *   for its distro). `related` only for RHEL-family errata (ALSA-, RLSA-, ...):
 *   see related_ids_are_aliases().
 * - severities: CVSS_V2/V3/V4 vectors with score -1 (computed later); one
 *   "rating" row from, in this order, a {type: "Ubuntu"} entry, GHSA's
 *   database_specific.severity, or the Red Hat word prefixing an errata summary.
 * - affected: one AFFECT_RANGES row per affected[] entry whose ecosystem maps to
 *   a namespace; ranges keep only ECOSYSTEM and SEMVER ranges as compact
 *   {"type","events"} objects in their order; versions is NULL when absent or empty.
 *   An entry with neither ranges nor versions left gives no row, and a row equal
 *   to one the same record already gave is not repeated (Go lists a module once
 *   per vulnerable package).
 * - withdrawn records: the vulnerability row and its aliases only, so the
 *   matcher never sees them and reports can still say the id was withdrawn. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "../core/arena.h"
#include "../core/fileio.h"
#include "../core/limits.h"
#include "../core/strbuf.h"
#include "../core/strmap.h"
#include "feed.h"

#define OSV_MAX_ID 256       /* longer ids are hostile, not real */
_Static_assert(FEED_MAX_RECORD == 16u << 20, "notices say 16 MiB");
#define OSV_MAX_NAMESPACE 64
#define OSV_WHY_MAX 256

/* The fields of one record, pointing into its jansson tree; checked by record_is_well_formed. */
struct osv_record {
	const char *id, *summary, *details, *published, *modified, *withdrawn;
	json_t *aliases, *related, *upstream; /* arrays of strings, or NULL */
	json_t *severity;                     /* array of {type, score}, or NULL */
	json_t *affected;                     /* array of objects, or NULL */
	json_t *database_specific;            /* any JSON, or NULL */
};

/* One ingest: the writer, where the current record came from, and scratch buffers. */
struct osv_reader {
	struct dbw *w;
	struct vg_err *err;       /* set when the writer fails, which stops the ingest */
	char where[320];          /* "line 12", "GO-2024-1.json": names the record in notices */
	char why[OSV_WHY_MAX];    /* why the current record is malformed */
	struct strbuf ranges, versions, name;
	/* the affected rows of the current record, to leave out repeats; keys in rows_arena */
	struct strmap rows;
	struct arena rows_arena;
	/* affected entries skipped for an ecosystem we have no namespace for */
	long unknown_entries, unknown_records;
	char first_unknown[64];
};

/* ---- notices ------------------------------------------------------------ */

/* Replace bytes that must not reach a terminal (control characters) by '?'. */
static void make_printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* A skip notice "<where>: <why>", safe to print whatever the input held. */
static void VG_PRINTF(2, 3) skip_this_record(struct osv_reader *r, const char *fmt, ...)
{
	char msg[OSV_WHY_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	make_printable(msg);
	dbw_skip_record(r->w, "%s: %s", r->where, msg);
}

static void VG_PRINTF(2, 3) set_where(struct osv_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->where, sizeof(r->where), fmt, ap);
	va_end(ap);
	make_printable(r->where);
}

/* Record the first defect of a record as its skip reason; always false. */
static bool VG_PRINTF(2, 3) malformed(struct osv_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return false;
}

/* ---- checking a record's shape ----------------------------------------- */

/* Absent or null gives NULL; a string gives its value; anything else is malformed. */
static bool read_optional_string(struct osv_reader *r, json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return malformed(r, "\"%s\" is not a string", key);
	*out = json_string_value(v);
	return true;
}

static bool array_holds_only_strings(json_t *a)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (!json_is_string(v))
			return false;
	return true;
}

/* Absent or null gives NULL; an array of strings gives the array. */
static bool read_optional_string_array(struct osv_reader *r, json_t *obj, const char *key, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_array(v) || !array_holds_only_strings(v))
		return malformed(r, "\"%s\" is not an array of strings", key);
	*out = v;
	return true;
}

/* Absent or null gives NULL; an array gives the array. */
static bool read_optional_array(struct osv_reader *r, json_t *obj, const char *key, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_array(v))
		return malformed(r, "\"%s\" is not an array", key);
	*out = v;
	return true;
}

static bool id_is_acceptable(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > OSV_MAX_ID)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] <= ' ' || id[i] == 0x7f)
			return false;
	return true;
}

static bool severity_list_is_well_formed(struct osv_reader *r, json_t *list, const char *what)
{
	size_t i;
	json_t *s;

	json_array_foreach(list, i, s) {
		if (!json_is_object(s) || !json_is_string(json_object_get(s, "type")) ||
		    !json_is_string(json_object_get(s, "score")))
			return malformed(r, "%s[%zu] is not an object with string \"type\" and \"score\"", what, i);
	}
	return true;
}

static const char *const event_kinds[] = { "introduced", "fixed", "last_affected", "limit" };

/* An event is an object holding exactly one of event_kinds, with a string value. */
static bool event_is_well_formed(json_t *ev)
{
	int kinds = 0;

	if (!json_is_object(ev))
		return false;
	for (size_t k = 0; k < VG_ARRAY_LEN(event_kinds); k++) {
		json_t *v = json_object_get(ev, event_kinds[k]);
		if (!v)
			continue;
		if (!json_is_string(v))
			return false;
		kinds++;
	}
	return kinds == 1;
}

static bool range_is_well_formed(struct osv_reader *r, json_t *range, size_t ai, size_t ri)
{
	json_t *events = json_object_get(range, "events"), *ev;
	bool introduced = false;
	size_t i;

	if (!json_is_object(range) || !json_is_string(json_object_get(range, "type")))
		return malformed(r, "affected[%zu].ranges[%zu] is not an object with a string \"type\"", ai, ri);
	if (!json_is_array(events) || json_array_size(events) == 0)
		return malformed(r, "affected[%zu].ranges[%zu].events is not a non-empty array", ai, ri);
	json_array_foreach(events, i, ev) {
		if (!event_is_well_formed(ev))
			return malformed(r, "affected[%zu].ranges[%zu].events[%zu] is not one introduced/fixed/"
					 "last_affected/limit string", ai, ri, i);
		if (json_object_get(ev, "introduced"))
			introduced = true;
	}
	if (!introduced)
		return malformed(r, "affected[%zu].ranges[%zu] has no \"introduced\" event", ai, ri);
	return true;
}

static bool affected_entry_is_well_formed(struct osv_reader *r, json_t *a, size_t ai)
{
	json_t *pkg, *ranges, *range, *versions, *severity;
	const char *name;
	size_t ri;

	if (!json_is_object(a))
		return malformed(r, "affected[%zu] is not an object", ai);
	pkg = json_object_get(a, "package");
	if (!json_is_object(pkg) || !json_is_string(json_object_get(pkg, "ecosystem")) ||
	    !json_is_string(json_object_get(pkg, "name")))
		return malformed(r, "affected[%zu].package has no string \"ecosystem\" and \"name\"", ai);
	name = json_string_value(json_object_get(pkg, "name"));
	if (!*name || strlen(name) > 1024)
		return malformed(r, "affected[%zu].package.name is empty or too long", ai);
	if (!read_optional_array(r, a, "ranges", &ranges) || !read_optional_string_array(r, a, "versions", &versions) ||
	    !read_optional_array(r, a, "severity", &severity)) {
		char inner[OSV_WHY_MAX];
		memcpy(inner, r->why, sizeof(inner));
		return malformed(r, "affected[%zu]: %s", ai, inner);
	}
	if (severity && !severity_list_is_well_formed(r, severity, "affected[].severity"))
		return false;
	json_array_foreach(ranges, ri, range)
		if (!range_is_well_formed(r, range, ai, ri))
			return false;
	return true;
}

/* Fill rec from root, or say (in r->why) why root is not an OSV record. */
static bool record_is_well_formed(struct osv_reader *r, json_t *root, struct osv_record *rec)
{
	json_t *id = json_object_get(root, "id"), *a;
	size_t i;

	memset(rec, 0, sizeof(*rec));
	if (!json_is_object(root))
		return malformed(r, "not a JSON object");
	if (!json_is_string(id))
		return malformed(r, "\"id\" is missing or not a string");
	if (!id_is_acceptable(json_string_value(id)))
		return malformed(r, "\"id\" is empty, longer than %d bytes or holds blanks", OSV_MAX_ID);
	rec->id = json_string_value(id);
	if (!read_optional_string(r, root, "summary", &rec->summary) ||
	    !read_optional_string(r, root, "details", &rec->details) ||
	    !read_optional_string(r, root, "published", &rec->published) ||
	    !read_optional_string(r, root, "modified", &rec->modified) ||
	    !read_optional_string(r, root, "withdrawn", &rec->withdrawn) ||
	    !read_optional_string_array(r, root, "aliases", &rec->aliases) ||
	    !read_optional_string_array(r, root, "related", &rec->related) ||
	    !read_optional_string_array(r, root, "upstream", &rec->upstream) ||
	    !read_optional_array(r, root, "severity", &rec->severity) ||
	    !read_optional_array(r, root, "affected", &rec->affected))
		return false;
	if (rec->severity && !severity_list_is_well_formed(r, rec->severity, "severity"))
		return false;
	json_array_foreach(rec->affected, i, a)
		if (!affected_entry_is_well_formed(r, a, i))
			return false;
	rec->database_specific = json_object_get(root, "database_specific");
	return true;
}

/* ---- namespaces --------------------------------------------------------- */

/* A release number such as "12", "22.04", "3.20". */
static bool is_release_number(const char *s, size_t n)
{
	if (n == 0 || n > 16 || s[0] < '0' || s[0] > '9')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	return true;
}

/* "Ubuntu:22.04:LTS" -> "ubuntu:22.04"; "Ubuntu:Pro:16.04:LTS" -> "ubuntu-pro:16.04".
 * Ubuntu Pro (ESM) entries get their own namespace: their fixes exist only for
 * Pro subscribers (versions "+esmN"), and an LTS entry for the same package
 * often says "no fix"; merging both would make one contradict the other. The
 * matcher can consult ubuntu-pro:<release> when it sees ESM packages. Other
 * variants (FIPS, Realtime ...) are not matched. */
static bool ubuntu_namespace(const char *rest, char *out, size_t n)
{
	const char *family = "ubuntu";
	const char *colon;
	size_t len;

	if (str_starts_with(rest, "Pro:")) {
		family = "ubuntu-pro";
		rest += 4;
	}
	colon = strchr(rest, ':');
	len = colon ? (size_t)(colon - rest) : strlen(rest);
	if (!is_release_number(rest, len) || (colon && strcmp(colon, ":LTS") != 0))
		return false;
	snprintf(out, n, "%s:%.*s", family, (int)len, rest);
	return true;
}

/* The namespace of an OSV ecosystem (see vulndb.h), or false when we match none. */
static bool namespace_of_ecosystem(const char *eco, char *out, size_t n)
{
	static const struct { const char *ecosystem, *ns; } unversioned[] = {
		{ "Go", "go" }, { "PyPI", "pypi" }, { "crates.io", "crates.io" }, { "npm", "npm" },
		{ "RubyGems", "rubygems" }, { "Maven", "maven" }, { "Packagist", "packagist" },
		{ "NuGet", "nuget" }, { "Wolfi", "wolfi:rolling" }, { "Chainguard", "chainguard:rolling" },
	};
	static const struct { const char *prefix, *ns; } versioned[] = {
		{ "Debian:", "debian" }, { "AlmaLinux:", "almalinux" }, { "Rocky Linux:", "rocky" },
		{ "Alpine:v", "alpine" },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(unversioned); i++)
		if (strcmp(eco, unversioned[i].ecosystem) == 0) {
			snprintf(out, n, "%s", unversioned[i].ns);
			return true;
		}
	if (str_starts_with(eco, "Maven:")) { /* Maven:<repository URL>: same coordinates */
		snprintf(out, n, "maven");
		return true;
	}
	if (str_starts_with(eco, "Ubuntu:"))
		return ubuntu_namespace(eco + 7, out, n);
	if (strcmp(eco, "Alpine:edge") == 0) {
		snprintf(out, n, "alpine:edge");
		return true;
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(versioned); i++) {
		const char *rest = eco + strlen(versioned[i].prefix);
		if (str_starts_with(eco, versioned[i].prefix) && is_release_number(rest, strlen(rest))) {
			snprintf(out, n, "%s:%s", versioned[i].ns, rest);
			return true;
		}
	}
	return false;
}

/* PEP 503: lower case, every run of "-", "_" and "." becomes one "-". */
static void normalise_pypi_name(const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	for (const char *p = name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			while (p[1] == '-' || p[1] == '_' || p[1] == '.')
				p++;
			strbuf_addch(out, '-');
		} else {
			strbuf_addch(out, (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
		}
	}
}

/* ---- severity ----------------------------------------------------------- */

static bool is_cvss_type(const char *type)
{
	return strcmp(type, "CVSS_V2") == 0 || strcmp(type, "CVSS_V3") == 0 || strcmp(type, "CVSS_V4") == 0;
}

/* Ubuntu priorities: negligible, low, medium, high, critical; untriaged -> unknown. */
static const char *rating_of_ubuntu_priority(const char *word)
{
	static const char *const known[] = { "negligible", "low", "medium", "high", "critical" };

	for (size_t i = 0; i < VG_ARRAY_LEN(known); i++)
		if (strcmp(word, known[i]) == 0)
			return known[i];
	return strcmp(word, "untriaged") == 0 ? "unknown" : NULL;
}

/* GitHub advisories: database_specific.severity LOW / MODERATE / HIGH / CRITICAL. */
static const char *rating_of_ghsa_severity(json_t *database_specific)
{
	json_t *v = json_object_get(database_specific, "severity");
	const char *s = json_string_value(v);

	if (!s)
		return NULL;
	if (strcmp(s, "CRITICAL") == 0) return "critical";
	if (strcmp(s, "HIGH") == 0) return "high";
	if (strcmp(s, "MODERATE") == 0) return "medium";
	if (strcmp(s, "LOW") == 0) return "low";
	return NULL;
}

/* AlmaLinux and Rocky errata copy Red Hat's summary, "Important: openssl security update". */
static const char *rating_of_red_hat_summary(const char *summary)
{
	static const struct { const char *word, *rating; } words[] = {
		{ "Critical: ", "critical" }, { "Important: ", "high" }, { "Moderate: ", "medium" }, { "Low: ", "low" },
	};

	for (size_t i = 0; summary && i < VG_ARRAY_LEN(words); i++)
		if (str_starts_with(summary, words[i].word))
			return words[i].rating;
	return NULL;
}

/* The rating of a {type: "Ubuntu"} entry of list, or NULL. */
static const char *ubuntu_rating_in(json_t *list)
{
	size_t i;
	json_t *s;

	json_array_foreach(list, i, s)
		if (strcmp(json_string_value(json_object_get(s, "type")), "Ubuntu") == 0)
			return rating_of_ubuntu_priority(json_string_value(json_object_get(s, "score")));
	return NULL;
}

/* Errata of RHEL rebuilds: Alma (ALSA/ALBA/ALEA), Rocky (RLSA/RLBA/RLEA/RXSA), Red Hat. */
static bool is_rhel_family_erratum(const char *id)
{
	static const char *const prefixes[] = { "ALSA-", "ALBA-", "ALEA-", "RLSA-", "RLBA-", "RLEA-",
						"RXSA-", "RHSA-", "RHBA-", "RHEA-" };

	for (size_t i = 0; i < VG_ARRAY_LEN(prefixes); i++)
		if (str_starts_with(id, prefixes[i]))
			return true;
	return false;
}

/* The distro's own severity word for the whole record, or NULL. */
static const char *distro_rating_of(const struct osv_record *rec)
{
	const char *rating = ubuntu_rating_in(rec->severity);

	if (!rating && is_rhel_family_erratum(rec->id))
		rating = rating_of_red_hat_summary(rec->summary);
	return rating;
}

static int add_cvss_vectors(struct osv_reader *r, const char *id, json_t *list, unsigned *seen)
{
	size_t i;
	json_t *s;

	json_array_foreach(list, i, s) {
		const char *type = json_string_value(json_object_get(s, "type"));
		const char *vector = json_string_value(json_object_get(s, "score"));
		struct severity_rec sv = { id, type, vector, -1, NULL };
		unsigned bit;

		if (!is_cvss_type(type) || !*vector)
			continue;
		/* one row per (id, source, type): the first vector of a type wins */
		bit = 1u << (type[6] - '2'); /* "CVSS_V2".."CVSS_V4" */
		if (*seen & bit)
			continue;
		*seen |= bit;
		if (dbw_add_severity(r->w, &sv, r->err) != 0)
			return -1;
	}
	return 0;
}

static int add_severities(struct osv_reader *r, const struct osv_record *rec)
{
	unsigned seen = 0;
	const char *rating = distro_rating_of(rec);
	size_t i;
	json_t *a;

	if (add_cvss_vectors(r, rec->id, rec->severity, &seen) != 0)
		return -1;
	json_array_foreach(rec->affected, i, a)
		if (add_cvss_vectors(r, rec->id, json_object_get(a, "severity"), &seen) != 0)
			return -1;
	if (!rating)
		rating = rating_of_ghsa_severity(rec->database_specific);
	if (rating) {
		struct severity_rec sv = { rec->id, "rating", NULL, -1, rating };
		if (dbw_add_severity(r->w, &sv, r->err) != 0)
			return -1;
	}
	return 0;
}

/* ---- aliases ------------------------------------------------------------ */

/* OSV says `related` names different vulnerabilities, so GO/PYSEC/RUSTSEC
 * related ids are not aliases. But RHEL-family errata (ALSA-, RLSA-...) put
 * the CVEs they fix in `related`: the erratum is the fix for exactly those
 * CVEs, and CVE-keyed data (NVD scores, KEV, --ignore CVE-...) must reach
 * it. So for those ids, and only their CVE- entries, related ids are aliases. */
static bool related_ids_are_aliases(const char *id)
{
	return is_rhel_family_erratum(id);
}

static int add_alias_list(struct osv_reader *r, const char *id, json_t *list, bool cves_only)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) {
		const char *alias = json_string_value(v);
		if (!id_is_acceptable(alias) || (cves_only && !str_starts_with(alias, "CVE-")))
			continue;
		if (dbw_add_alias(r->w, id, alias, r->err) != 0)
			return -1;
	}
	return 0;
}

static int add_aliases(struct osv_reader *r, const struct osv_record *rec)
{
	if (add_alias_list(r, rec->id, rec->aliases, false) != 0 ||
	    add_alias_list(r, rec->id, rec->upstream, false) != 0)
		return -1;
	if (related_ids_are_aliases(rec->id))
		return add_alias_list(r, rec->id, rec->related, true);
	return 0;
}

/* ---- affected ----------------------------------------------------------- */

static void add_json_string(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	strbuf_add_json_escaped(sb, s);
	strbuf_addch(sb, '"');
}

/* {"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2"}]} */
static void add_range_json(struct strbuf *sb, json_t *range)
{
	json_t *events = json_object_get(range, "events"), *ev;
	size_t i;

	strbuf_addstr(sb, "{\"type\":");
	add_json_string(sb, json_string_value(json_object_get(range, "type")));
	strbuf_addstr(sb, ",\"events\":[");
	json_array_foreach(events, i, ev) {
		const char *key;
		json_t *v;
		json_object_foreach(ev, key, v) {
			for (size_t k = 0; k < VG_ARRAY_LEN(event_kinds); k++)
				if (strcmp(key, event_kinds[k]) == 0) {
					strbuf_addstr(sb, i ? ",{" : "{");
					add_json_string(sb, key);
					strbuf_addch(sb, ':');
					add_json_string(sb, json_string_value(v));
					strbuf_addch(sb, '}');
				}
		}
	}
	strbuf_addstr(sb, "]}");
}

static bool range_is_kept(json_t *range)
{
	const char *type = json_string_value(json_object_get(range, "type"));

	return strcmp(type, "ECOSYSTEM") == 0 || strcmp(type, "SEMVER") == 0;
}

/* The ECOSYSTEM and SEMVER ranges of an affected entry as a JSON array; false if none. */
static bool build_ranges_json(struct strbuf *sb, json_t *ranges)
{
	size_t i, kept = 0;
	json_t *range;

	strbuf_reset(sb);
	strbuf_addch(sb, '[');
	json_array_foreach(ranges, i, range) {
		if (!range_is_kept(range))
			continue;
		if (kept++)
			strbuf_addch(sb, ',');
		add_range_json(sb, range);
	}
	strbuf_addch(sb, ']');
	return kept > 0;
}

/* The versions list as a JSON array; false if absent or empty. */
static bool build_versions_json(struct strbuf *sb, json_t *versions)
{
	size_t i;
	json_t *v;

	strbuf_reset(sb);
	if (json_array_size(versions) == 0)
		return false;
	strbuf_addch(sb, '[');
	json_array_foreach(versions, i, v) {
		if (i)
			strbuf_addch(sb, ',');
		add_json_string(sb, json_string_value(v));
	}
	strbuf_addch(sb, ']');
	return true;
}

static void note_unknown_ecosystem(struct osv_reader *r, const char *eco, bool *record_noted)
{
	r->unknown_entries++;
	if (!*record_noted) {
		r->unknown_records++;
		*record_noted = true;
	}
	if (!r->first_unknown[0]) {
		snprintf(r->first_unknown, sizeof(r->first_unknown), "%s", eco);
		make_printable(r->first_unknown);
	}
}

static bool is_distro_namespace(const char *ns)
{
	return strchr(ns, ':') != NULL; /* "debian:12", "wolfi:rolling"; never a language ecosystem */
}

/* True the first time the current record gives this row. */
static bool row_is_new(struct osv_reader *r, const struct affected_rec *row)
{
	char *key = arena_printf(&r->rows_arena, "%s\n%s\n%s\n%s\n%s", row->namespace, row->package, row->ranges,
				 row->versions ? row->versions : "", row->rating ? row->rating : "");

	if (strmap_get(&r->rows, key))
		return false;
	strmap_put(&r->rows, key, key);
	return true;
}

static int add_affected_entry(struct osv_reader *r, const struct osv_record *rec, json_t *a,
			      const char *record_rating, bool *unknown_noted)
{
	json_t *pkg = json_object_get(a, "package");
	const char *eco = json_string_value(json_object_get(pkg, "ecosystem"));
	const char *name = json_string_value(json_object_get(pkg, "name"));
	const char *entry_rating = ubuntu_rating_in(json_object_get(a, "severity"));
	char ns[OSV_MAX_NAMESPACE];
	bool has_ranges, has_versions;
	struct affected_rec row = { 0 };

	if (!namespace_of_ecosystem(eco, ns, sizeof(ns))) {
		note_unknown_ecosystem(r, eco, unknown_noted);
		return 0;
	}
	has_ranges = build_ranges_json(&r->ranges, json_object_get(a, "ranges"));
	has_versions = build_versions_json(&r->versions, json_object_get(a, "versions"));
	if (!has_ranges && !has_versions)
		return 0; /* only GIT ranges: nothing a package version can be matched against */
	if (strcmp(ns, "pypi") == 0) {
		normalise_pypi_name(name, &r->name);
		name = r->name.buf;
	}
	row.namespace = ns;
	row.package = name;
	row.vuln_id = rec->id;
	row.status = AFFECT_RANGES;
	row.ranges = r->ranges.buf;
	row.versions = has_versions ? r->versions.buf : NULL;
	if (is_distro_namespace(ns))
		row.rating = entry_rating ? entry_rating : record_rating;
	if (!row_is_new(r, &row))
		return 0;
	return dbw_add_affected(r->w, &row, r->err);
}

/* Bug-fix and enhancement errata (ALBA, RLEA, RHBA ...) name package updates
 * that fix no vulnerability: they are stored, but are not findings. */
static bool is_non_security_erratum(const char *id)
{
	static const char *const prefixes[] = { "ALBA-", "ALEA-", "RLBA-", "RLEA-", "RHBA-", "RHEA-" };

	for (size_t i = 0; i < VG_ARRAY_LEN(prefixes); i++)
		if (str_starts_with(id, prefixes[i]))
			return true;
	return false;
}

static int add_affected(struct osv_reader *r, const struct osv_record *rec)
{
	const char *rating = distro_rating_of(rec);
	bool unknown_noted = false;
	int rc = 0;
	size_t i;
	json_t *a;

	if (is_non_security_erratum(rec->id))
		return 0;
	json_array_foreach(rec->affected, i, a)
		if ((rc = add_affected_entry(r, rec, a, rating, &unknown_noted)) != 0)
			break;
	strmap_free(&r->rows);
	arena_free(&r->rows_arena);
	return rc;
}

/* ---- records ------------------------------------------------------------ */

static int store_record(struct osv_reader *r, const struct osv_record *rec)
{
	struct vuln_rec v = { rec->id, rec->summary, rec->details, rec->published, rec->modified, rec->withdrawn };

	if (dbw_add_vuln(r->w, &v, r->err) != 0 || add_aliases(r, rec) != 0)
		return -1;
	if (rec->withdrawn)
		return 0;
	if (add_severities(r, rec) != 0 || add_affected(r, rec) != 0)
		return -1;
	return 0;
}

/* Parse and store one record of len bytes; malformed ones are skipped.
 * Returns -1 only when the writer failed. */
static int ingest_record(struct osv_reader *r, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root = json_loadb(data, len, 0, &jerr);
	struct osv_record rec;
	int rc = 0;

	if (!root) {
		skip_this_record(r, "not valid JSON (%s, column %d)", jerr.text, jerr.column);
		return 0;
	}
	if (!record_is_well_formed(r, root, &rec)) {
		skip_this_record(r, "not an OSV record: %s", r->why);
	} else {
		rc = store_record(r, &rec);
		if (rc == 0)
			dbw_count_record(r->w, rec.modified);
	}
	json_decref(root);
	return rc;
}

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* ---- JSON Lines --------------------------------------------------------- */

struct line_reader {
	FILE *f;
	char buf[1 << 16];
	size_t pos, len;
	long lineno;
};

/* The next line (without "\n") into line; *too_long when it exceeded max bytes
 * (line is then empty). False at the end of the file. */
static bool read_next_line(struct line_reader *lr, struct strbuf *line, size_t max, bool *too_long)
{
	bool got = false;

	strbuf_reset(line);
	*too_long = false;
	for (;;) {
		const char *start, *nl;
		size_t avail, take;

		if (lr->pos == lr->len) {
			lr->len = fread(lr->buf, 1, sizeof(lr->buf), lr->f);
			lr->pos = 0;
			if (lr->len == 0)
				break;
		}
		got = true;
		start = lr->buf + lr->pos;
		avail = lr->len - lr->pos;
		nl = memchr(start, '\n', avail);
		take = nl ? (size_t)(nl - start) : avail;
		if (!*too_long && line->len + take > max) {
			*too_long = true;
			strbuf_reset(line);
		}
		if (!*too_long)
			strbuf_add(line, start, take);
		lr->pos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (got)
		lr->lineno++;
	return got;
}

static int ingest_json_lines(const char *path, struct osv_reader *r)
{
	struct line_reader *lr = xcalloc(1, sizeof(*lr));
	struct strbuf line = STRBUF_INIT;
	bool too_long;
	int rc = 0;

	lr->f = fopen(path, "rb");
	if (!lr->f) {
		rc = vg_err_set(r->err, errno == ENOENT ? VG_ENOTFOUND : VG_EIO, "%s: %s", path, strerror(errno));
		free(lr);
		return rc;
	}
	while (rc == 0 && read_next_line(lr, &line, FEED_MAX_RECORD, &too_long)) {
		set_where(r, "line %ld", lr->lineno);
		if (too_long)
			skip_this_record(r, "record larger than %u MiB", FEED_MAX_RECORD >> 20);
		else if (!is_blank(line.buf, line.len))
			rc = ingest_record(r, line.buf, line.len);
	}
	if (rc == 0 && ferror(lr->f))
		rc = vg_err_set(r->err, VG_EIO, "%s: read error", path);
	fclose(lr->f);
	free(lr);
	strbuf_release(&line);
	return rc;
}

/* ---- one record per file ------------------------------------------------ */

static int ingest_single_record(const char *path, struct osv_reader *r)
{
	struct vg_err rerr = { 0 };
	char *data;
	size_t len;
	int rc;

	set_where(r, "record");
	if (read_file_capped(path, FEED_MAX_RECORD, &data, &len, &rerr) != 0) {
		if (rerr.code != VG_ELIMIT) {
			*r->err = rerr;
			return -1;
		}
		skip_this_record(r, "record larger than %u MiB", FEED_MAX_RECORD >> 20);
		return 0;
	}
	rc = ingest_record(r, data, len);
	free(data);
	return rc;
}

/* ---- all.zip ------------------------------------------------------------ */

/* Read the current member into sb; false (sb empty) when it is over max bytes or unreadable. */
static bool read_member(struct archive *a, struct strbuf *sb, size_t max, uint64_t *total, const char **why)
{
	char chunk[65536];
	la_ssize_t n;

	strbuf_reset(sb);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		*total += (uint64_t)n;
		if (sb->len + (size_t)n > max) {
			*why = "record larger than 16 MiB";
			strbuf_reset(sb);
			return false;
		}
		strbuf_add(sb, chunk, (size_t)n);
	}
	if (n < 0) {
		*why = archive_error_string(a) ? archive_error_string(a) : "unreadable member";
		return false;
	}
	return true;
}

static bool member_is_a_record(struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e);

	return archive_entry_filetype(e) == AE_IFREG && name && str_ends_with(name, ".json");
}

static int ingest_zip(const char *path, struct osv_reader *r)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct strbuf member = STRBUF_INIT;
	uint64_t total = 0, ratio = vg_max_ratio();
	struct stat st;
	int rc = 0, ar;

	archive_read_support_format_zip(a);
	if (stat(path, &st) != 0 || archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		rc = vg_err_set(r->err, VG_EIO, "%s: %s", path,
				archive_error_string(a) ? archive_error_string(a) : strerror(errno));
		archive_read_free(a);
		return rc;
	}
	while (rc == 0 && ((ar = archive_read_next_header(a, &e)) == ARCHIVE_OK || ar == ARCHIVE_WARN)) {
		const char *why = NULL;

		if (!member_is_a_record(e))
			continue;
		set_where(r, "%.300s", archive_entry_pathname(e));
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)FEED_MAX_RECORD) {
			skip_this_record(r, "record larger than %u MiB", FEED_MAX_RECORD >> 20);
			continue;
		}
		if (!read_member(a, &member, FEED_MAX_RECORD, &total, &why))
			skip_this_record(r, "%s", why);
		else
			rc = ingest_record(r, member.buf, member.len);
		if (rc == 0 && vg_ratio_exceeded(total, (uint64_t)st.st_size, ratio))
			rc = vg_err_set(r->err, VG_ELIMIT, "%s: unpacks to more than %llu times its size", path,
					(unsigned long long)ratio);
	}
	if (rc == 0 && ar != ARCHIVE_EOF)
		rc = vg_err_set(r->err, VG_EFORMAT, "%s: broken zip: %s", path,
				archive_error_string(a) ? archive_error_string(a) : "read error");
	archive_read_free(a);
	strbuf_release(&member);
	return rc;
}

/* ---- the feed ----------------------------------------------------------- */

static bool starts_like_zip(const char *head, size_t n)
{
	return n >= 4 && memcmp(head, "PK\3\4", 4) == 0;
}

static bool file_starts_like_zip(const char *path)
{
	char head[4];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return starts_like_zip(head, n);
}

/* A zip by its magic; otherwise "*.json" is one record and anything else JSON Lines. */
static int osv_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct osv_reader *r = xcalloc(1, sizeof(*r));
	int rc;

	r->w = w;
	r->err = err;
	strbuf_init(&r->ranges);
	strbuf_init(&r->versions);
	strbuf_init(&r->name);
	if (file_starts_like_zip(path))
		rc = ingest_zip(path, r);
	else if (str_ends_with(path, ".json"))
		rc = ingest_single_record(path, r);
	else
		rc = ingest_json_lines(path, r);
	if (rc == 0 && r->unknown_entries) {
		make_printable(r->first_unknown);
		dbw_notice(r->w, "%ld affected entries of %ld records name ecosystems vigil has no namespace for"
			   " (e.g. \"%s\"); those entries were left out", r->unknown_entries, r->unknown_records,
			   r->first_unknown);
	}
	strbuf_release(&r->ranges);
	strbuf_release(&r->versions);
	strbuf_release(&r->name);
	free(r);
	return rc;
}

/* What the top-level keys in the (possibly cut short) head of a JSON object say. */
struct head_keys {
	bool object;
	bool id_is_string;
	bool osv_key;   /* a key only OSV records have at the top level */
	bool text_key;  /* summary or details */
};

static void note_top_level_key(struct head_keys *k, const char *key, size_t n, bool string_value)
{
	static const char *const osv_keys[] = { "schema_version", "modified", "published", "withdrawn",
						"aliases", "related", "upstream", "affected", "severity" };

	if (n == 2 && memcmp(key, "id", 2) == 0)
		k->id_is_string = string_value;
	for (size_t i = 0; i < VG_ARRAY_LEN(osv_keys); i++)
		if (strlen(osv_keys[i]) == n && memcmp(key, osv_keys[i], n) == 0)
			k->osv_key = true;
	if ((n == 7 && memcmp(key, "summary", 7) == 0) || (n == 7 && memcmp(key, "details", 7) == 0))
		k->text_key = true;
}

static size_t skip_json_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

/* Walk the first JSON object in s[0..n) (stopping at its end, at a newline
 * outside strings when one_line, or where s is cut) and note its top-level keys. */
static void scan_top_level_keys(const char *s, size_t n, bool one_line, struct head_keys *k)
{
	size_t i = 0;
	int depth;
	bool expect_key = true;

	memset(k, 0, sizeof(*k));
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	i = skip_json_blanks(s, i, n);
	if (i >= n || s[i] != '{')
		return;
	k->object = true;
	for (depth = 1, i++; i < n && depth > 0;) {
		char ch = s[i];

		if (ch == '"') {
			size_t start = ++i, end;
			while (i < n && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			if (i >= n)
				return;
			end = i++;
			if (depth == 1 && expect_key) {
				size_t j = skip_json_blanks(s, i, n);
				if (j < n && s[j] == ':') {
					j = skip_json_blanks(s, j + 1, n);
					note_top_level_key(k, s + start, end - start, j < n && s[j] == '"');
					expect_key = false;
					i = j;
				}
			}
			continue;
		}
		if (ch == '\n' && one_line)
			return;
		if (ch == '{' || ch == '[')
			depth++;
		else if (ch == '}' || ch == ']')
			depth--;
		else if (ch == ',' && depth == 1)
			expect_key = true;
		i++;
	}
}

/* A .json or .jsonl whose (first) object has a string "id" and OSV's keys, or
 * a .zip whose first member is a .json file (OSV's all.zip). */
static bool osv_detect(const char *path, const char *head, size_t n)
{
	struct head_keys k;

	if (str_ends_with(path, ".zip")) {
		size_t name_len;
		if (!starts_like_zip(head, n) || n < 30)
			return false;
		name_len = (unsigned char)head[26] | (size_t)(unsigned char)head[27] << 8;
		return name_len >= 5 && 30 + name_len <= n && memcmp(head + 30 + name_len - 5, ".json", 5) == 0;
	}
	if (!str_ends_with(path, ".json") && !str_ends_with(path, ".jsonl"))
		return false;
	scan_top_level_keys(head, n, str_ends_with(path, ".jsonl"), &k);
	return k.object && k.id_is_string && (k.osv_key || k.text_key);
}

const struct feed feed_osv = {
	.name = "osv",
	.detect = osv_detect,
	.ingest = osv_ingest,
};
