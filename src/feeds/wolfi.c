/* wolfi.c - the Wolfi/Chainguard advisories reader (wolfi-dev/advisories as
 * JSON Lines, one package document a line, schema 2.x): the latest event of
 * each CGA advisory decides its status; its CVE/GHSA aliases go to aliases. */
#include <ctype.h>

#include "feedutil.h"

#define WOLFI_MAX_NS 32

struct wolfi_read {
	struct dbw *w;
	char ns[WOLFI_MAX_NS];
	struct vg_err *err;
};

/* A point in time from an RFC 3339 timestamp, comparable as a pair. */
struct instant {
	int64_t secs;
	long nanos;
};

/* ---- timestamps ---- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Exactly n digits at *p, advancing past them; -1 otherwise. */
static int take_digits(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

static bool take_char(const char **p, const char *set)
{
	if (**p && strchr(set, **p)) {
		(*p)++;
		return true;
	}
	return false;
}

/* "YYYY-MM-DD", optionally followed by "THH:MM:SS[.frac](Z|+HH:MM|-HH:MM)". */
static bool parse_timestamp(const char *s, struct instant *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	long nanos = 0, scale = 100000000;

	if (!s || (y = take_digits(&p, 4)) < 0 || !take_char(&p, "-") || (mo = take_digits(&p, 2)) < 1 ||
	    mo > 12 || !take_char(&p, "-") || (d = take_digits(&p, 2)) < 1 || d > 31)
		return false;
	if (*p) {
		if (!take_char(&p, "Tt ") || (h = take_digits(&p, 2)) < 0 || h > 23 || !take_char(&p, ":") ||
		    (mi = take_digits(&p, 2)) < 0 || mi > 59 || !take_char(&p, ":") ||
		    (se = take_digits(&p, 2)) < 0 || se > 60)
			return false;
		if (take_char(&p, ".")) {
			if (!isdigit((unsigned char)*p))
				return false;
			for (; isdigit((unsigned char)*p); p++, scale /= 10)
				nanos += (*p - '0') * scale;
		}
		if (take_char(&p, "Zz"))
			sign = 0;
		else if (*p == '+' || *p == '-') {
			sign = *p++ == '+' ? 1 : -1;
			if ((oh = take_digits(&p, 2)) < 0 || oh > 23 || !take_char(&p, ":") ||
			    (om = take_digits(&p, 2)) < 0 || om > 59)
				return false;
		} else
			return false;
		if (*p)
			return false;
	}
	out->secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - sign * (oh * 3600 + om * 60);
	out->nanos = nanos;
	return true;
}

static int instant_cmp(const struct instant *a, const struct instant *b)
{
	if (a->secs != b->secs)
		return a->secs < b->secs ? -1 : 1;
	return (a->nanos > b->nanos) - (a->nanos < b->nanos);
}

/* ---- events ---- */

/* The status an event type leaves an advisory in; false for types this
 * reader does not know (they never decide). */
static bool status_of_event_type(const char *type, enum affect_status *st)
{
	static const struct {
		const char *type;
		enum affect_status status;
	} map[] = {
		{ "fixed", AFFECT_FIXED },
		{ "false-positive-determination", AFFECT_NOT_AFFECTED },
		{ "fix-not-planned", AFFECT_WONT_FIX },
		{ "analysis-not-planned", AFFECT_WONT_FIX },
		{ "detection", AFFECT_AFFECTED },
		{ "true-positive-determination", AFFECT_AFFECTED },
		{ "pending-upstream-fix", AFFECT_AFFECTED },
	};

	for (size_t i = 0; type && i < VG_ARRAY_LEN(map); i++)
		if (strcmp(type, map[i].type) == 0) {
			*st = map[i].status;
			return true;
		}
	return false;
}

struct verdict {
	json_t *event;                 /* the latest event of a known type */
	enum affect_status status;
	const char *first, *last;      /* timestamps of the earliest and the latest event */
};

/* Pick the deciding event: the latest by timestamp (the later in the list on
 * a tie) among the known types. Returns NULL, or why the advisory is unusable. */
static const char *decide_advisory(json_t *events, struct verdict *v)
{
	struct instant first = { 0, 0 }, last = { 0, 0 }, decided = { 0, 0 }, t;
	size_t i;
	json_t *ev;
	enum affect_status st;

	if (!json_is_array(events) || json_array_size(events) == 0)
		return "no events";
	memset(v, 0, sizeof(*v));
	json_array_foreach(events, i, ev) {
		const char *ts = feed_json_str(ev, "timestamp");
		if (!parse_timestamp(ts, &t))
			return "an event without a valid timestamp";
		if (!v->first || instant_cmp(&t, &first) < 0) {
			first = t;
			v->first = ts;
		}
		if (!v->last || instant_cmp(&t, &last) >= 0) {
			last = t;
			v->last = ts;
		}
		if (!status_of_event_type(feed_json_str(ev, "type"), &st))
			continue;
		if (!v->event || instant_cmp(&t, &decided) >= 0) {
			decided = t;
			v->event = ev;
			v->status = st;
		}
	}
	return v->event ? NULL : "no event of a known type";
}

/* ---- advisories ---- */

static int add_aliases(struct wolfi_read *rd, const char *id, json_t *aliases, size_t line)
{
	size_t i;
	json_t *a;

	if (aliases && !json_is_array(aliases)) {
		dbw_skip_record(rd->w, "line %zu: %s: aliases is not a list", line, id);
		return 0;
	}
	json_array_foreach(aliases, i, a) {
		const char *alias = json_string_value(a);
		if (!feed_is_vuln_id(alias)) {
			dbw_skip_record(rd->w, "line %zu: %s: malformed alias \"%.80s\"", line, id,
					alias ? alias : "(not a string)");
			continue;
		}
		if (dbw_add_alias(rd->w, id, alias, rd->err) != 0)
			return -1;
	}
	return 0;
}

static int read_advisory(struct wolfi_read *rd, const char *pkg, json_t *adv, size_t line)
{
	const char *id = feed_json_str(adv, "id"), *why, *fixed = NULL;
	struct verdict v;
	struct vuln_rec vr = { 0 };
	struct affected_rec a = { 0 };

	if (!feed_is_vuln_id(id)) {
		dbw_skip_record(rd->w, "line %zu: %s: advisory without a usable id", line, pkg);
		return 0;
	}
	if ((why = decide_advisory(json_object_get(adv, "events"), &v))) {
		dbw_skip_record(rd->w, "line %zu: %s %s: %s", line, pkg, id, why);
		return 0;
	}
	if (v.status == AFFECT_FIXED) {
		fixed = feed_json_str(json_object_get(v.event, "data"), "fixed-version");
		if (!feed_is_word(fixed)) {
			dbw_skip_record(rd->w, "line %zu: %s %s: fixed event without a usable fixed-version", line,
					pkg, id);
			return 0;
		}
		if (strcmp(fixed, "0") == 0) {
			v.status = AFFECT_NOT_AFFECTED;
			fixed = NULL;
		}
	}
	vr.id = id;
	vr.published = v.first;
	vr.modified = v.last;
	a.namespace = rd->ns;
	a.package = pkg;
	a.vuln_id = id;
	a.status = v.status;
	a.fixed = fixed;
	if (dbw_add_vuln(rd->w, &vr, rd->err) != 0 || dbw_add_affected(rd->w, &a, rd->err) != 0 ||
	    add_aliases(rd, id, json_object_get(adv, "aliases"), line) != 0)
		return -1;
	dbw_count_record(rd->w, v.last);
	return 0;
}

static int read_package_line(json_t *rec, size_t line, void *ctx)
{
	struct wolfi_read *rd = ctx;
	const char *pkg = feed_json_str(json_object_get(rec, "package"), "name");
	json_t *advisories = json_object_get(rec, "advisories"), *adv;
	size_t i;

	if (!json_is_object(rec)) {
		dbw_skip_record(rd->w, "line %zu: not a JSON object", line);
		return 0;
	}
	if (!feed_is_word(pkg)) {
		dbw_skip_record(rd->w, "line %zu: no usable package.name", line);
		return 0;
	}
	if (advisories && !json_is_array(advisories) && !json_is_null(advisories)) {
		dbw_skip_record(rd->w, "line %zu: %s: advisories is not a list", line, pkg);
		return 0;
	}
	json_array_foreach(advisories, i, adv)
		if (read_advisory(rd, pkg, adv, line) != 0)
			return -1;
	return 0;
}

/* The file itself does not say whose advisories it holds: a file whose name
 * mentions chainguard is Chainguard's, anything else Wolfi's. */
static void namespace_of_path(const char *path, char *ns, size_t n)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	snprintf(ns, n, "%s", strcasestr(base, "chainguard") ? "chainguard:rolling" : "wolfi:rolling");
}

static int wolfi_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct wolfi_read rd = { .w = w, .err = err };

	namespace_of_path(path, rd.ns, sizeof(rd.ns));
	return feed_each_jsonl(path, read_package_line, &rd, w, err);
}

static bool wolfi_detect(const char *path, const char *head, size_t n)
{
	VG_UNUSED(path);
	return feed_head_first_byte(head, n) == '{' && feed_head_has(head, n, "\"schema-version\"") &&
	       (feed_head_has(head, n, "\"advisories\"") || feed_head_has(head, n, "\"package\""));
}

const struct feed feed_wolfi_advisories = {
	.name = "wolfi-advisories",
	.detect = wolfi_detect,
	.ingest = wolfi_ingest,
};
