/* npmwg.c - the Node.js security-wg npm advisories (vuln/npm/<n>.json, the
 * frozen Node Security Project data, 2013-2020): one record per line of a
 * JSON Lines file, or a .json file holding one record or an array of them.
 * A record becomes one vulnerability (id: its first CVE, else NSWG-ECO-<id>;
 * the other CVEs and NSWG-ECO-<id> are aliases), one severity from its CVSS
 * vector or score, and one "npm" affected row whose NPM_SEMVER_RANGE range
 * holds vulnerable_versions / patched_versions (see vulndb.h). */
#include "../core/strbuf.h"
#include "../severity/cvss.h"
#include "feedutil.h"

#define NPMWG_MAX_TITLE 4096  /* titles are one line; longer ones are hostile */
#define NPMWG_MAX_RANGE 1024  /* a node-semver range expression */
#define NPMWG_MAX_DATE 40     /* "YYYY-MM-DD" or an RFC 3339 time */
#define NPMWG_NO_DATE "1970-01-01" /* what some records give for an unknown publish_date */

struct npmwg_rec {
	long long num;                      /* "id" */
	char own_id[32];                    /* "NSWG-ECO-<id>" */
	const char *id;                     /* the first CVE, else own_id */
	const char *module, *title, *overview, *recommendation;
	const char *vulnerable, *patched;   /* node-semver ranges; patched may be NULL */
	const char *published, *created, *updated;
	json_t *cves;                       /* array of strings, or NULL */
	const char *vector;                 /* CVSS vector, or NULL */
	double score;                       /* the feed's score, or -1 */
};

struct npmwg_read {
	struct dbw *w;
	struct vg_err *err;
	struct strbuf ranges, text;
	const char *unit;                   /* "line" (JSON Lines) or "record" (a .json document) */
	long bad_cves, bad_vectors;         /* left out, reported in one notice per file */
};

/* ---- checking fields ---- */

/* A node-semver range as stored: non-empty, no control bytes. */
static bool is_range_text(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* "YYYY-MM-DD" with a plausible month and day, alone or starting a "T..." time. */
static bool is_date(const char *s)
{
	int month, day;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' || (s[10] && s[10] != 'T'))
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static bool read_dates(json_t *root, struct npmwg_rec *r)
{
	static const char *const keys[] = { "publish_date", "created_at", "updated_at" };
	const char **outs[] = { &r->published, &r->created, &r->updated };

	for (size_t i = 0; i < VG_ARRAY_LEN(keys); i++)
		if (!feed_optional_text(root, keys[i], NPMWG_MAX_DATE, outs[i]) || (*outs[i] && !is_date(*outs[i])))
			return false;
	return true;
}

/* cvss_vector (string or null) and cvss_score (number from 0 to 10; the feed
 * writes -1 for "none"). */
static bool read_cvss(json_t *root, struct npmwg_rec *r)
{
	json_t *score = json_object_get(root, "cvss_score");

	r->score = -1;
	if (!feed_optional_text(root, "cvss_vector", CVSS_VECTOR_MAX, &r->vector))
		return false;
	if (!score || json_is_null(score))
		return true;
	if (!json_is_number(score) || !(json_number_value(score) <= 10))
		return false;
	if (json_number_value(score) >= 0)
		r->score = json_number_value(score);
	return true;
}

static bool read_cve_list(json_t *root, struct npmwg_rec *r)
{
	json_t *v = json_object_get(root, "cves"), *c;
	size_t i;

	r->cves = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, c)
		if (!json_is_string(c))
			return false;
	r->cves = v;
	return true;
}

/* Fill r from a record, or say why it is malformed. */
static bool read_record(json_t *root, struct npmwg_rec *r, const char **why)
{
	json_t *num = json_object_get(root, "id");

	memset(r, 0, sizeof(*r));
	if (!json_is_integer(num) || json_integer_value(num) < 0) {
		*why = "\"id\" is not a number";
		return false;
	}
	r->num = (long long)json_integer_value(num);
	snprintf(r->own_id, sizeof(r->own_id), "NSWG-ECO-%lld", r->num);
	r->module = feed_json_str(root, "module_name");
	if (!feed_is_word(r->module)) {
		*why = "\"module_name\" is not a package name";
		return false;
	}
	if (!feed_optional_text(root, "vulnerable_versions", NPMWG_MAX_RANGE, &r->vulnerable) ||
	    !is_range_text(r->vulnerable) ||
	    !feed_optional_text(root, "patched_versions", NPMWG_MAX_RANGE, &r->patched) ||
	    (r->patched && !is_range_text(r->patched))) {
		*why = "vulnerable_versions is missing, or it or patched_versions is not a version range";
		return false;
	}
	if (!feed_optional_text(root, "title", NPMWG_MAX_TITLE, &r->title) ||
	    !feed_optional_text(root, "overview", FEED_MAX_RECORD, &r->overview) ||
	    !feed_optional_text(root, "recommendation", FEED_MAX_RECORD, &r->recommendation)) {
		*why = "\"title\", \"overview\" or \"recommendation\" is not a string or is too long";
		return false;
	}
	if (!read_dates(root, r)) {
		*why = "publish_date, created_at or updated_at is not a YYYY-MM-DD date";
		return false;
	}
	if (!read_cve_list(root, r)) {
		*why = "\"cves\" is not a list of strings";
		return false;
	}
	if (!read_cvss(root, r)) {
		*why = "cvss_vector is not a string, or cvss_score not a number up to 10";
		return false;
	}
	return true;
}

/* ---- storing ---- */

/* The record's id: its first well-formed CVE, else NSWG-ECO-<id>; other CVE
 * strings are counted and left out. */
static void choose_id(struct npmwg_read *rd, struct npmwg_rec *r)
{
	size_t i;
	json_t *c;

	r->id = r->own_id;
	json_array_foreach(r->cves, i, c) {
		const char *cve = json_string_value(c);
		if (!feed_is_cve_id(cve))
			rd->bad_cves++;
		else if (r->id == r->own_id)
			r->id = cve;
	}
}

static int add_aliases(struct npmwg_read *rd, const struct npmwg_rec *r)
{
	size_t i;
	json_t *c;

	if (dbw_add_alias(rd->w, r->id, r->own_id, rd->err) != 0)
		return -1;
	json_array_foreach(r->cves, i, c) {
		const char *cve = json_string_value(c);
		if (feed_is_cve_id(cve) && dbw_add_alias(rd->w, r->id, cve, rd->err) != 0)
			return -1;
	}
	return 0;
}

/* From the vector when it parses (its version gives the type; the feed's
 * score is kept when there is one), else from the score alone: the
 * security-wg scored with CVSS 3.0, so such a score is a CVSS_V3 one. */
static int add_severity(struct npmwg_read *rd, const struct npmwg_rec *r)
{
	struct severity_rec sv = { r->id, "CVSS_V3", NULL, r->score, NULL };
	int version = CVSS_VERSION_30, tenths;

	if (r->vector && cvss_base_score_tenths(r->vector, &tenths, &version) == 0) {
		if (r->score >= 0)
			cvss_check_feed_score(r->vector, r->score, NULL); /* the feed's score is kept either way */
		sv.type = cvss_type_name(version);
		sv.vector = r->vector;
		sv.score = (r->score >= 0 ? cvss_tenths(r->score) : tenths) / 10.0;
	} else {
		if (r->vector)
			rd->bad_vectors++;
		if (r->score < 0)
			return 0;
		sv.score = cvss_tenths(r->score) / 10.0;
	}
	sv.rating = cvss_rating(sv.score, version);
	return dbw_add_severity(rd->w, &sv, rd->err);
}

/* [{"type":"NPM_SEMVER_RANGE","vulnerable":"<range>","patched":"<range>"|null}] */
static const char *ranges_json(struct strbuf *sb, const struct npmwg_rec *r)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, "[{\"type\":\"NPM_SEMVER_RANGE\",\"vulnerable\":\"");
	strbuf_add_json_escaped(sb, r->vulnerable);
	if (r->patched) {
		strbuf_addstr(sb, "\",\"patched\":\"");
		strbuf_add_json_escaped(sb, r->patched);
		strbuf_addstr(sb, "\"}]");
	} else {
		strbuf_addstr(sb, "\",\"patched\":null}]");
	}
	return sb->buf;
}

/* The overview, then the recommendation under its own heading. */
static const char *description_of(struct strbuf *sb, const struct npmwg_rec *r)
{
	if (!r->recommendation || !*r->recommendation)
		return r->overview;
	strbuf_reset(sb);
	if (r->overview && *r->overview)
		strbuf_addf(sb, "%s\n\n", r->overview);
	strbuf_addf(sb, "## Recommendation\n\n%s", r->recommendation);
	return sb->buf;
}

static int store_record(struct npmwg_read *rd, struct npmwg_rec *r)
{
	struct vuln_rec v = { 0 };
	struct affected_rec a = { 0 };

	choose_id(rd, r);
	v.id = r->id;
	v.summary = r->title;
	v.description = description_of(&rd->text, r);
	v.published = r->published && strcmp(r->published, NPMWG_NO_DATE) != 0 ? r->published : r->created;
	v.modified = r->updated;
	a.namespace = "npm";
	a.package = r->module;
	a.vuln_id = r->id;
	a.status = AFFECT_RANGES;
	a.ranges = ranges_json(&rd->ranges, r);
	if (dbw_add_vuln(rd->w, &v, rd->err) != 0 || add_aliases(rd, r) != 0 || add_severity(rd, r) != 0 ||
	    dbw_add_affected(rd->w, &a, rd->err) != 0)
		return -1;
	dbw_count_record(rd->w, r->updated ? r->updated : r->created);
	return 0;
}

static int read_one(json_t *root, size_t where, void *ctx)
{
	struct npmwg_read *rd = ctx;
	struct npmwg_rec r;
	const char *why = "malformed record";

	if (!json_is_object(root)) {
		dbw_skip_record(rd->w, "%s %zu: not a JSON object", rd->unit, where);
		return 0;
	}
	if (!read_record(root, &r, &why)) {
		json_t *num = json_object_get(root, "id");
		if (json_is_integer(num))
			dbw_skip_record(rd->w, "%s %zu (id %lld): %s", rd->unit, where,
					(long long)json_integer_value(num), why);
		else
			dbw_skip_record(rd->w, "%s %zu: %s", rd->unit, where, why);
		return 0;
	}
	return store_record(rd, &r);
}

/* A .json document: one record, or an array of records (numbered from 1). */
static int ingest_document(const char *path, struct npmwg_read *rd)
{
	json_t *root, *rec;
	size_t i;
	int rc = 0;

	if (feed_load_json(path, &root, rd->err) != 0)
		return -1;
	rd->unit = "record";
	if (json_is_object(root)) {
		rc = read_one(root, 1, rd);
	} else if (json_is_array(root)) {
		json_array_foreach(root, i, rec)
			if ((rc = read_one(rec, i + 1, rd)) != 0)
				break;
	} else {
		rc = vg_err_set(rd->err, VG_EFORMAT, "%s: not a security-wg advisory or a list of them", path);
	}
	json_decref(root);
	return rc;
}

static int npmwg_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct npmwg_read rd = { .w = w, .err = err, .unit = "line" };
	int rc;

	strbuf_init(&rd.ranges);
	strbuf_init(&rd.text);
	if (str_ends_with(path, ".json"))
		rc = ingest_document(path, &rd);
	else
		rc = feed_each_jsonl(path, read_one, &rd, w, err);
	if (rc == 0 && rd.bad_cves)
		dbw_notice(w, "\"cves\" entries that are not CVE ids, left out: %ld", rd.bad_cves);
	if (rc == 0 && rd.bad_vectors)
		dbw_notice(w, "cvss_vector values that are not CVSS vectors, ignored (cvss_score kept): %ld",
			   rd.bad_vectors);
	strbuf_release(&rd.ranges);
	strbuf_release(&rd.text);
	return rc;
}

/* A .json or .jsonl whose first record has the security-wg's module_name
 * and vulnerable_versions. */
static bool npmwg_detect(const char *path, const char *head, size_t n)
{
	bool lines = str_ends_with(path, ".jsonl");

	if (!lines && !str_ends_with(path, ".json"))
		return false;
	return feed_head_has_top_key(head, n, lines, "module_name") &&
	       feed_head_has_top_key(head, n, lines, "vulnerable_versions");
}

const struct feed feed_npm_wg = {
	.name = "npm-wg",
	.detect = npmwg_detect,
	.ingest = npmwg_ingest,
};
