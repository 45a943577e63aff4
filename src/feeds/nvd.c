/* nvd.c - NVD CVE data: the retired JSON 1.1 feeds (CVE_Items[]) and CVE API
 * 2.0 pages / 2.0 feeds (vulnerabilities[].cve) into vulnerabilities and one
 * severity per CVSS version, each score cross-checked against its vector. */
#include <ctype.h>

#include "../severity/cvss.h"
#include "feedutil.h"

/* RFC 3339 as written here: "YYYY-MM-DDTHH:MM:SS" + up to 9 fraction digits + zone. */
#define NVD_TIME_MAX 48

/* One CVSS metric of a record, as the feed gives it. */
struct nvd_metric {
	const char *vector; /* NULL: the record has none of this version */
	double score;       /* the feed's baseScore, or -1 when it gives none */
};

struct nvd_item {
	const char *id;
	const char *description; /* English, or NULL */
	char published[NVD_TIME_MAX], modified[NVD_TIME_MAX];
	bool has_published, has_modified, rejected;
	struct nvd_metric v2, v3, v4;
};

static bool nvd_detect(const char *path, const char *head, size_t n)
{
	VG_UNUSED(path);
	if (feed_head_first_byte(head, n) != '{')
		return false;
	if (feed_head_has(head, n, "\"CVE_Items\"") || feed_head_has(head, n, "\"CVE_data_type\""))
		return true; /* JSON 1.1 feed */
	return feed_head_has(head, n, "\"NVD_CVE\"") &&
	       (feed_head_has(head, n, "\"resultsPerPage\"") || feed_head_has(head, n, "\"vulnerabilities\""));
}

/* ---- small checks ---- */

static size_t take_digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return n;
}

/* NVD times are UTC without seconds (1.1: "2022-01-18T17:15Z") or without a
 * zone (2.0: "2023-10-12T19:15:11.747"); write them as RFC 3339
 * ("2022-01-18T17:15:00Z", "2023-10-12T19:15:11.747Z"). An explicit offset is
 * kept. False for anything else. */
static bool nvd_time(const char *s, char out[NVD_TIME_MAX])
{
	int y, mo, d, h, mi, sec = 0;
	const char *p = s, *frac = NULL, *zone;
	size_t nfrac = 0;

	if (!take_digits(p, 4, &y) || p[4] != '-' || !take_digits(p + 5, 2, &mo) || p[7] != '-' ||
	    !take_digits(p + 8, 2, &d) || (p[10] != 'T' && p[10] != 't') || !take_digits(p + 11, 2, &h) ||
	    p[13] != ':' || !take_digits(p + 14, 2, &mi))
		return false;
	p += 16;
	if (*p == ':') {
		if (!take_digits(p + 1, 2, &sec))
			return false;
		p += 3;
		if (*p == '.') {
			frac = ++p;
			while (isdigit((unsigned char)*p))
				p++;
			nfrac = (size_t)(p - frac);
			if (nfrac == 0 || nfrac > 9)
				return false;
		}
	}
	zone = p;
	if (*zone == '\0' || ((*zone == 'Z' || *zone == 'z') && zone[1] == '\0')) {
		zone = "Z";
	} else {
		int zh, zm;
		if ((*zone != '+' && *zone != '-') || !take_digits(zone + 1, 2, &zh) || zone[3] != ':' ||
		    !take_digits(zone + 4, 2, &zm) || zone[6] != '\0' || zh > 23 || zm > 59)
			return false;
	}
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	/* all fields are checked above; the modulos only tell the compiler their width */
	snprintf(out, NVD_TIME_MAX, "%04u-%02u-%02uT%02u:%02u:%02u%s%.*s%s", (unsigned)y % 10000u, (unsigned)mo % 100u,
		 (unsigned)d % 100u, (unsigned)h % 100u, (unsigned)mi % 100u, (unsigned)sec % 100u, frac ? "." : "",
		 (int)(nfrac % 10), frac ? frac : "", zone);
	return true;
}

/* An optional member that must be an object / array when present. */
static bool optional_object(json_t *obj, const char *key, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = v && !json_is_null(v) ? v : NULL;
	return !*out || json_is_object(*out);
}

static bool optional_array(json_t *obj, const char *key, json_t **out)
{
	json_t *v = json_object_get(obj, key);

	*out = v && !json_is_null(v) ? v : NULL;
	return !*out || json_is_array(*out);
}

/* The first English text of a [{lang, value}] list (1.1 description_data,
 * 2.0 descriptions); false when the list is malformed. */
static bool english_text(json_t *list, const char **out)
{
	size_t i;
	json_t *d;

	*out = NULL;
	if (!list)
		return true;
	json_array_foreach(list, i, d) {
		const char *lang, *value;

		if (!json_is_object(d) || !feed_optional_text(d, "lang", 64, &lang) ||
		    !feed_optional_text(d, "value", FEED_MAX_RECORD, &value))
			return false;
		if (!*out && value && lang && (strcmp(lang, "en") == 0 || strncmp(lang, "en-", 3) == 0))
			*out = value;
	}
	return true;
}

/* A cvssV3 / cvssV2 / cvssData object: vectorString (required, a vector of
 * the wanted major version) and baseScore (optional number in [0, 10]). */
static bool read_cvss_data(json_t *data, int major, struct nvd_metric *m, const char **why)
{
	json_t *score;
	int version;

	if (!json_is_object(data) || !feed_optional_text(data, "vectorString", CVSS_VECTOR_MAX, &m->vector) ||
	    !m->vector) {
		*why = "CVSS data without a vectorString";
		return false;
	}
	if (cvss_base_score(m->vector, NULL, &version) != 0 || version / 10 != major) {
		*why = "malformed CVSS vector, or one of another version";
		return false;
	}
	score = json_object_get(data, "baseScore");
	m->score = -1;
	if (score && !json_is_null(score)) {
		if (!json_is_number(score) || !(json_number_value(score) >= 0 && json_number_value(score) <= 10)) {
			*why = "baseScore is not a number from 0 to 10";
			return false;
		}
		m->score = json_number_value(score);
	}
	return true;
}

/* Fill dates and the rejected flag from the raw strings. */
static bool read_dates(struct nvd_item *it, const char *published, const char *modified, const char **why)
{
	it->has_published = published != NULL;
	it->has_modified = modified != NULL;
	if ((published && !nvd_time(published, it->published)) || (modified && !nvd_time(modified, it->modified))) {
		*why = "a date is not an ISO 8601 time";
		return false;
	}
	return true;
}

/* ---- JSON 1.1 feed ---- */

static bool read_item_11(json_t *item, struct nvd_item *it, const char **why)
{
	json_t *cve, *meta, *desc = NULL, *list = NULL, *impact, *bm;
	const char *published, *modified;

	*why = "malformed record";
	if (!json_is_object(item) || !optional_object(item, "cve", &cve) || !cve ||
	    !optional_object(cve, "CVE_data_meta", &meta) || !meta) {
		*why = "no cve.CVE_data_meta object";
		return false;
	}
	if (!feed_optional_text(meta, "ID", 64, &it->id) || !it->id || !feed_is_cve_id(it->id)) {
		*why = "cve.CVE_data_meta.ID missing or not a CVE id";
		it->id = NULL;
		return false;
	}
	if (!optional_object(cve, "description", &desc) || (desc && !optional_array(desc, "description_data", &list)) ||
	    !english_text(list, &it->description)) {
		*why = "malformed cve.description";
		return false;
	}
	if (!feed_optional_text(item, "publishedDate", 64, &published) ||
	    !feed_optional_text(item, "lastModifiedDate", 64, &modified)) {
		*why = "publishedDate or lastModifiedDate is not a string";
		return false;
	}
	if (!read_dates(it, published, modified, why))
		return false;
	it->rejected = it->description && str_starts_with(it->description, "** REJECT **");
	if (!optional_object(item, "impact", &impact)) {
		*why = "impact is not an object";
		return false;
	}
	if (!impact)
		return true;
	if (!optional_object(impact, "baseMetricV3", &bm)) {
		*why = "impact.baseMetricV3 is not an object";
		return false;
	}
	if (bm && !read_cvss_data(json_object_get(bm, "cvssV3"), 3, &it->v3, why))
		return false;
	if (!optional_object(impact, "baseMetricV2", &bm)) {
		*why = "impact.baseMetricV2 is not an object";
		return false;
	}
	if (bm && !read_cvss_data(json_object_get(bm, "cvssV2"), 2, &it->v2, why))
		return false;
	return true;
}

/* ---- CVE API 2.0 ---- */

/* Pick one metric from the arrays lists[0..n) (most wanted version first):
 * the first "Primary" one (NVD's own) in that order, else the first one.
 * Every element must be well formed. */
static bool pick_metric(json_t *const *lists, size_t n, int major, struct nvd_metric *out, const char **why)
{
	bool have_primary = false;

	for (size_t l = 0; l < n; l++) {
		size_t i;
		json_t *e;

		if (!lists[l])
			continue;
		json_array_foreach(lists[l], i, e) {
			struct nvd_metric m;
			const char *type;

			if (!json_is_object(e) || !feed_optional_text(e, "type", 64, &type)) {
				*why = "a metrics entry is not an object or its type not a string";
				return false;
			}
			if (!read_cvss_data(json_object_get(e, "cvssData"), major, &m, why))
				return false;
			if (!out->vector || (!have_primary && type && strcmp(type, "Primary") == 0)) {
				*out = m;
				have_primary = type && strcmp(type, "Primary") == 0;
			}
		}
	}
	return true;
}

static bool read_item_20(json_t *entry, struct nvd_item *it, const char **why)
{
	json_t *cve, *list, *metrics, *v4[1], *v3[2], *v2[1];
	const char *published, *modified, *status;

	if (!json_is_object(entry) || !optional_object(entry, "cve", &cve) || !cve) {
		*why = "no cve object";
		return false;
	}
	if (!feed_optional_text(cve, "id", 64, &it->id) || !it->id || !feed_is_cve_id(it->id)) {
		*why = "cve.id missing or not a CVE id";
		it->id = NULL;
		return false;
	}
	if (!optional_array(cve, "descriptions", &list) || !english_text(list, &it->description)) {
		*why = "malformed cve.descriptions";
		return false;
	}
	if (!feed_optional_text(cve, "published", 64, &published) || !feed_optional_text(cve, "lastModified", 64, &modified) ||
	    !feed_optional_text(cve, "vulnStatus", 64, &status)) {
		*why = "published, lastModified or vulnStatus is not a string";
		return false;
	}
	if (!read_dates(it, published, modified, why))
		return false;
	it->rejected = (status && strcmp(status, "Rejected") == 0) ||
		       (it->description && str_starts_with(it->description, "** REJECT **"));
	if (!optional_object(cve, "metrics", &metrics)) {
		*why = "cve.metrics is not an object";
		return false;
	}
	if (!metrics)
		return true;
	if (!optional_array(metrics, "cvssMetricV40", &v4[0]) || !optional_array(metrics, "cvssMetricV31", &v3[0]) ||
	    !optional_array(metrics, "cvssMetricV30", &v3[1]) || !optional_array(metrics, "cvssMetricV2", &v2[0])) {
		*why = "a cve.metrics list is not an array";
		return false;
	}
	return pick_metric(v4, 1, 4, &it->v4, why) && pick_metric(v3, 2, 3, &it->v3, why) &&
	       pick_metric(v2, 1, 2, &it->v2, why);
}

/* ---- storing ---- */

static int add_metric(struct dbw *w, const char *id, const struct nvd_metric *m, struct vg_err *err)
{
	struct severity_rec sv;
	int version, tenths;

	if (!m->vector)
		return 0;
	if (cvss_base_score_tenths(m->vector, &tenths, &version) != 0)
		return 0; /* checked before */
	if (m->score >= 0)
		cvss_check_feed_score(m->vector, m->score, NULL); /* the feed's score is kept either way */
	sv.vuln_id = id;
	sv.type = cvss_type_name(version);
	sv.vector = m->vector;
	sv.score = (m->score >= 0 ? cvss_tenths(m->score) : tenths) / 10.0;
	sv.rating = cvss_rating(sv.score, version);
	return dbw_add_severity(w, &sv, err);
}

static int store_item(struct dbw *w, const struct nvd_item *it, struct vg_err *err)
{
	struct vuln_rec v = { it->id, NULL, it->description, it->has_published ? it->published : NULL,
			      it->has_modified ? it->modified : NULL, NULL };

	if (it->rejected)
		v.withdrawn = it->has_modified ? it->modified : it->has_published ? it->published : "1970-01-01T00:00:00Z";
	if (dbw_add_vuln(w, &v, err) != 0 || add_metric(w, it->id, &it->v4, err) != 0 ||
	    add_metric(w, it->id, &it->v3, err) != 0 || add_metric(w, it->id, &it->v2, err) != 0)
		return -1;
	dbw_count_record(w, it->has_modified ? it->modified : it->has_published ? it->published : NULL);
	return 0;
}

static int nvd_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	json_t *root, *list, *e;
	bool v11;
	size_t i;
	int rc = 0;

	if (feed_load_json(path, &root, err) != 0)
		return -1;
	list = json_object_get(root, "CVE_Items");
	v11 = list != NULL;
	if (!v11)
		list = json_object_get(root, "vulnerabilities");
	if (!json_is_object(root) || !json_is_array(list)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: not an NVD feed: no \"CVE_Items\" or \"vulnerabilities\" array",
				  path);
	}
	json_array_foreach(list, i, e) {
		struct nvd_item it;
		const char *why = "malformed record";

		memset(&it, 0, sizeof(it));
		if (!(v11 ? read_item_11(e, &it, &why) : read_item_20(e, &it, &why))) {
			dbw_skip_record(w, "%s[%zu]%s%s%s: %s", v11 ? "CVE_Items" : "vulnerabilities", i,
					it.id ? " (" : "", it.id ? it.id : "", it.id ? ")" : "", why);
			continue;
		}
		if (store_item(w, &it, err) != 0) {
			rc = -1;
			break;
		}
	}
	json_decref(root);
	return rc;
}

const struct feed feed_nvd = {
	.name = "nvd",
	.detect = nvd_detect,
	.ingest = nvd_ingest,
};
