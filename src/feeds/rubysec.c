/* rubysec.c - ruby-advisory-db (rubysec) in its native schema, one YAML
 * advisory a line as JSON Lines. A gem advisory becomes one vulnerability
 * (id: CVE, else GHSA, else OSVDB; the others are aliases), its CVSS scores
 * and one "rubygems" affected row whose GEM_REQUIREMENTS range holds the
 * patched_versions / unaffected_versions requirements (see vulndb.h).
 * Interpreter advisories (rubies/<engine>/, an "engine" instead of a "gem")
 * have no package to match and are left out with one notice per file. */
#include <strings.h>

#include "../core/strbuf.h"
#include "../severity/cvss.h"
#include "feedutil.h"

#define RUBYSEC_MAX_TITLE 4096 /* titles are one line; longer ones are hostile */
#define RUBYSEC_MAX_REQ 255    /* one requirement string, "~> 4.2.5, >= 4.2.5.1" */
#define RUBYSEC_MAX_CVE 24     /* "YYYY-" and up to 19 digits (feed_is_cve_id) */

/* The fields of one gem advisory, pointing into its jansson tree. */
struct rubysec_rec {
	const char *gem, *title, *description, *date, *criticality;
	char id[40], cve[32], ghsa[32], osvdb[32]; /* id is one of the other three */
	double cvss[3];                             /* v2, v3, v4 base scores; -1 when absent */
	json_t *patched, *unaffected;               /* non-empty arrays of requirements, or NULL */
};

struct rubysec_read {
	struct dbw *w;
	struct vg_err *err;
	struct strbuf ranges;
	long engines; /* interpreter advisories left out */
};

static const struct {
	const char *key, *type;
	int version;
} cvss_keys[] = {
	{ "cvss_v2", "CVSS_V2", CVSS_VERSION_2 },
	{ "cvss_v3", "CVSS_V3", CVSS_VERSION_31 },
	{ "cvss_v4", "CVSS_V4", CVSS_VERSION_40 },
};

/* ---- checking fields ---- */

/* "YYYY-MM-DD" with a plausible month and day. */
static bool is_date(const char *s)
{
	int month, day;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* GHSA ids without their prefix: "xxxx-xxxx-xxxx", lower-case letters and digits. */
static bool is_ghsa_suffix(const char *s)
{
	if (strlen(s) != 14)
		return false;
	for (int i = 0; i < 14; i++) {
		bool dash = i == 4 || i == 9;
		if (dash ? s[i] != '-' : !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	}
	return true;
}

/* cve ("2014-2322"), ghsa ("hgmw-x865-hf9x") and osvdb (104365) as full ids. */
static bool read_ids(json_t *root, struct rubysec_rec *r, const char **why)
{
	json_t *osvdb = json_object_get(root, "osvdb");
	const char *cve, *ghsa;

	if (!feed_optional_text(root, "cve", RUBYSEC_MAX_CVE, &cve) ||
	    !feed_optional_text(root, "ghsa", 32, &ghsa)) {
		*why = "\"cve\" or \"ghsa\" is not a short string";
		return false;
	}
	if (cve) {
		snprintf(r->cve, sizeof(r->cve), "CVE-%s", cve);
		if (!feed_is_cve_id(r->cve)) {
			*why = "\"cve\" is not YYYY-NNNN";
			return false;
		}
	}
	if (ghsa) {
		if (!is_ghsa_suffix(ghsa)) {
			*why = "\"ghsa\" is not xxxx-xxxx-xxxx";
			return false;
		}
		snprintf(r->ghsa, sizeof(r->ghsa), "GHSA-%s", ghsa);
	}
	if (osvdb && !json_is_null(osvdb)) {
		if (!json_is_integer(osvdb) || json_integer_value(osvdb) <= 0) {
			*why = "\"osvdb\" is not a positive integer";
			return false;
		}
		snprintf(r->osvdb, sizeof(r->osvdb), "OSVDB-%lld", (long long)json_integer_value(osvdb));
	}
	snprintf(r->id, sizeof(r->id), "%s", r->cve[0] ? r->cve : r->ghsa[0] ? r->ghsa : r->osvdb);
	if (!r->id[0]) {
		*why = "no \"cve\", \"ghsa\" or \"osvdb\" id";
		return false;
	}
	return true;
}

/* Absent, null or empty gives NULL; else an array of requirement strings. */
static bool read_requirements(json_t *root, const char *key, json_t **out)
{
	json_t *list = json_object_get(root, key), *v;
	size_t i;

	*out = NULL;
	if (!list || json_is_null(list))
		return true;
	if (!json_is_array(list))
		return false;
	json_array_foreach(list, i, v) {
		const char *s = json_string_value(v);
		if (!s || !*s || json_string_length(v) > RUBYSEC_MAX_REQ || strlen(s) != json_string_length(v))
			return false;
		for (const char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return false;
	}
	*out = json_array_size(list) ? list : NULL;
	return true;
}

static bool read_scores(json_t *root, struct rubysec_rec *r, const char **why)
{
	for (size_t i = 0; i < VG_ARRAY_LEN(cvss_keys); i++) {
		json_t *v = json_object_get(root, cvss_keys[i].key);

		r->cvss[i] = -1;
		if (!v || json_is_null(v))
			continue;
		if (!json_is_number(v) || !(json_number_value(v) >= 0 && json_number_value(v) <= 10)) {
			*why = "a cvss_v2/v3/v4 score is not a number from 0 to 10";
			return false;
		}
		r->cvss[i] = cvss_tenths(json_number_value(v)) / 10.0;
	}
	return true;
}

/* Fill r from a gem advisory, or say why it is malformed. */
static bool read_gem_record(json_t *root, struct rubysec_rec *r, const char **why)
{
	memset(r, 0, sizeof(*r));
	r->gem = feed_json_str(root, "gem");
	if (!feed_is_word(r->gem)) {
		*why = "\"gem\" is not a gem name";
		return false;
	}
	if (!read_ids(root, r, why) || !read_scores(root, r, why))
		return false;
	if (!feed_optional_text(root, "title", RUBYSEC_MAX_TITLE, &r->title) ||
	    !feed_optional_text(root, "description", FEED_MAX_RECORD, &r->description) ||
	    !feed_optional_text(root, "criticality", 64, &r->criticality)) {
		*why = "\"title\", \"description\" or \"criticality\" is not a string or is too long";
		return false;
	}
	if (!feed_optional_text(root, "date", 10, &r->date) || (r->date && !is_date(r->date))) {
		*why = "\"date\" is not a YYYY-MM-DD date";
		return false;
	}
	if (!read_requirements(root, "patched_versions", &r->patched) ||
	    !read_requirements(root, "unaffected_versions", &r->unaffected)) {
		*why = "patched_versions or unaffected_versions is not a list of requirement strings";
		return false;
	}
	return true;
}

/* ---- storing ---- */

/* ruby-advisory-db's criticality words, as ratings. */
static const char *rating_of_criticality(const char *word)
{
	static const char *const known[] = { "none", "low", "medium", "high", "critical" };

	for (size_t i = 0; word && i < VG_ARRAY_LEN(known); i++)
		if (strcasecmp(word, known[i]) == 0)
			return known[i];
	return NULL;
}

static int add_severities(struct rubysec_read *rd, const struct rubysec_rec *r)
{
	const char *rating = rating_of_criticality(r->criticality);

	for (size_t i = 0; i < VG_ARRAY_LEN(cvss_keys); i++) {
		struct severity_rec sv = { r->id, cvss_keys[i].type, NULL, r->cvss[i], NULL };

		if (r->cvss[i] < 0)
			continue;
		sv.rating = cvss_rating(r->cvss[i], cvss_keys[i].version);
		if (dbw_add_severity(rd->w, &sv, rd->err) != 0)
			return -1;
	}
	if (rating) {
		struct severity_rec sv = { r->id, "rating", NULL, -1, rating };
		return dbw_add_severity(rd->w, &sv, rd->err);
	}
	return 0;
}

static void add_json_list(struct strbuf *sb, const char *key, json_t *list)
{
	size_t i;
	json_t *v;

	strbuf_addf(sb, ",\"%s\":[", key);
	json_array_foreach(list, i, v) {
		strbuf_addstr(sb, i ? ",\"" : "\"");
		strbuf_add_json_escaped(sb, json_string_value(v));
		strbuf_addch(sb, '"');
	}
	strbuf_addch(sb, ']');
}

/* [{"type":"GEM_REQUIREMENTS","patched":[...],"unaffected":[...]}], empty lists left out. */
static const char *ranges_json(struct strbuf *sb, const struct rubysec_rec *r)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, "[{\"type\":\"GEM_REQUIREMENTS\"");
	if (r->patched)
		add_json_list(sb, "patched", r->patched);
	if (r->unaffected)
		add_json_list(sb, "unaffected", r->unaffected);
	strbuf_addstr(sb, "}]");
	return sb->buf;
}

static int add_aliases(struct rubysec_read *rd, const struct rubysec_rec *r)
{
	const char *const ids[] = { r->cve, r->ghsa, r->osvdb };

	for (size_t i = 0; i < VG_ARRAY_LEN(ids); i++)
		if (ids[i][0] && dbw_add_alias(rd->w, r->id, ids[i], rd->err) != 0)
			return -1;
	return 0;
}

static int store_gem_record(struct rubysec_read *rd, const struct rubysec_rec *r)
{
	struct vuln_rec v = { r->id, r->title, r->description, r->date, NULL, NULL };
	struct affected_rec a = { 0 };

	a.namespace = "rubygems";
	a.package = r->gem;
	a.vuln_id = r->id;
	a.status = AFFECT_RANGES;
	a.ranges = ranges_json(&rd->ranges, r);
	if (dbw_add_vuln(rd->w, &v, rd->err) != 0 || add_aliases(rd, r) != 0 || add_severities(rd, r) != 0 ||
	    dbw_add_affected(rd->w, &a, rd->err) != 0)
		return -1;
	dbw_count_record(rd->w, r->date);
	return 0;
}

/* The id a skip notice can quote: the record's gem when it is a plain word. */
static const char *quotable_gem(json_t *root)
{
	const char *gem = feed_json_str(root, "gem");

	return feed_is_word(gem) && strlen(gem) <= 64 ? gem : "?";
}

static int read_line(json_t *root, size_t line, void *ctx)
{
	struct rubysec_read *rd = ctx;
	struct rubysec_rec r;
	const char *why = "malformed record";

	if (!json_is_object(root)) {
		dbw_skip_record(rd->w, "line %zu: not a JSON object", line);
		return 0;
	}
	if (!json_object_get(root, "gem") && json_is_string(json_object_get(root, "engine"))) {
		rd->engines++;
		return 0;
	}
	if (!read_gem_record(root, &r, &why)) {
		dbw_skip_record(rd->w, "line %zu (%s): %s", line, quotable_gem(root), why);
		return 0;
	}
	return store_gem_record(rd, &r);
}

static int rubysec_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct rubysec_read rd = { .w = w, .err = err };
	int rc;

	strbuf_init(&rd.ranges);
	rc = feed_each_jsonl(path, read_line, &rd, w, err);
	if (rc == 0 && rd.engines)
		dbw_notice(w, "Ruby interpreter advisories (\"engine\" records) left out, vigil matches gems only: %ld",
			   rd.engines);
	strbuf_release(&rd.ranges);
	return rc;
}

/* JSON Lines whose first record is a ruby-advisory-db advisory: a "gem" (or
 * "engine") and one of the keys only that schema has beside it. */
static bool rubysec_detect(const char *path, const char *head, size_t n)
{
	static const char *const keys[] = { "patched_versions", "unaffected_versions", "cve", "ghsa", "osvdb" };

	if (!str_ends_with(path, ".jsonl") || feed_head_first_byte(head, n) != '{')
		return false;
	if (!feed_head_has_top_key(head, n, true, "gem") && !feed_head_has_top_key(head, n, true, "engine"))
		return false;
	for (size_t i = 0; i < VG_ARRAY_LEN(keys); i++)
		if (feed_head_has_top_key(head, n, true, keys[i]))
			return true;
	return false;
}

const struct feed feed_rubysec = {
	.name = "rubysec",
	.detect = rubysec_detect,
	.ingest = rubysec_ingest,
};
