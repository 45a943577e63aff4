/* kev.c - the CISA Known Exploited Vulnerabilities catalog (JSON: title,
 * catalogVersion, dateReleased, count, vulnerabilities[]) into the exploited
 * table, one row per entry; malformed entries are skipped and counted. */
#include <ctype.h>

#include "feedutil.h"

/* Longest free-text field kept (vulnerabilityName is well under 200 bytes). */
#define KEV_MAX_TEXT 4096

static bool kev_detect(const char *path, const char *head, size_t n)
{
	VG_UNUSED(path);
	return feed_head_first_byte(head, n) == '{' && feed_head_has(head, n, "\"catalogVersion\"") &&
	       (feed_head_has(head, n, "\"vulnerabilities\"") || feed_head_has(head, n, "\"cveID\""));
}

/* "YYYY-MM-DD" with a plausible month and day. */
static bool is_date(const char *s)
{
	int month, day;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Check entry i and fill k; on a malformed entry say why in *why. */
static bool read_entry(json_t *e, struct kev_rec *k, const char **why)
{
	const char *vendor, *product;

	if (!json_is_object(e)) {
		*why = "not an object";
		return false;
	}
	if (!feed_optional_text(e, "cveID", 64, &k->cve) || !k->cve || !feed_is_cve_id(k->cve)) {
		*why = "cveID missing or not a CVE id";
		return false;
	}
	if (!feed_optional_text(e, "dateAdded", 64, &k->date_added) || !k->date_added || !is_date(k->date_added)) {
		*why = "dateAdded missing or not a YYYY-MM-DD date";
		return false;
	}
	if (!feed_optional_text(e, "dueDate", 64, &k->due_date) || (k->due_date && !is_date(k->due_date))) {
		*why = "dueDate is not a YYYY-MM-DD date";
		return false;
	}
	if (!feed_optional_text(e, "knownRansomwareCampaignUse", 64, &k->ransomware) ||
	    !feed_optional_text(e, "vulnerabilityName", KEV_MAX_TEXT, &k->name) ||
	    !feed_optional_text(e, "vendorProject", SIZE_MAX, &vendor) ||
	    !feed_optional_text(e, "product", SIZE_MAX, &product)) {
		*why = "a text field is not a string or is too long";
		return false;
	}
	return true;
}

static int kev_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	json_t *root, *list, *e;
	size_t i;
	int rc = 0;

	if (feed_load_json(path, &root, err) != 0)
		return -1;
	list = json_object_get(root, "vulnerabilities");
	if (!json_is_object(root) || !json_is_array(list)) {
		json_decref(root);
		return vg_err_set(err, VG_EFORMAT, "%s: not a KEV catalog: no \"vulnerabilities\" array", path);
	}
	json_array_foreach(list, i, e) {
		struct kev_rec k = { NULL, NULL, NULL, NULL, NULL };
		const char *why = NULL;

		if (!read_entry(e, &k, &why)) {
			const char *id = json_string_value(json_object_get(e, "cveID"));

			if (id && (!feed_is_word(id) || strlen(id) > 64))
				id = NULL; /* not worth quoting */
			dbw_skip_record(w, "vulnerabilities[%zu]%s%s%s: %s", i, id ? " (" : "", id ? id : "",
					id ? ")" : "", why);
			continue;
		}
		if (dbw_add_exploited(w, &k, err) != 0) {
			rc = -1;
			break;
		}
		dbw_count_record(w, k.date_added);
	}
	json_decref(root);
	return rc;
}

const struct feed feed_kev = {
	.name = "kev",
	.detect = kev_detect,
	.ingest = kev_ingest,
};
