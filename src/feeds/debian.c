/* debian.c - Debian readers: the security tracker JSON ({source: {CVE:
 * {description, releases: {codename: {status, fixed_version, urgency, nodsa,
 * nodsa_reason}}}}}, read one source package at a time) and the DSA/DLA lists. */
#include <ctype.h>

#include "../core/arena.h"
#include "../core/fileio.h"
#include "../core/lines.h"
#include "../core/vec.h"
#include "feedutil.h"

struct tracker_read {
	struct dbw *w;
	struct vg_err *err;
};

/* ---- releases and urgencies ---- */

/* "bookworm" -> "debian:12", "sid" -> "debian:sid"; NULL when unknown. */
static const char *namespace_of_codename(const char *codename)
{
	static const struct {
		const char *codename, *ns;
	} map[] = {
		{ "potato", "debian:2.2" },   { "woody", "debian:3.0" },  { "sarge", "debian:3.1" },
		{ "etch", "debian:4" },       { "lenny", "debian:5" },    { "squeeze", "debian:6" },
		{ "wheezy", "debian:7" },     { "jessie", "debian:8" },   { "stretch", "debian:9" },
		{ "buster", "debian:10" },    { "bullseye", "debian:11" }, { "bookworm", "debian:12" },
		{ "trixie", "debian:13" },    { "forky", "debian:14" },   { "duke", "debian:15" },
		{ "sid", "debian:sid" },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(map); i++)
		if (strcmp(codename, map[i].codename) == 0)
			return map[i].ns;
	return NULL;
}

/* The urgency without the "**" the tracker appends when it copied the
 * urgency from NVD, into out. */
static void urgency_word(const char *urgency, char *out, size_t n)
{
	size_t len;

	snprintf(out, n, "%s", urgency ? urgency : "");
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '*' || out[len - 1] == ' '))
		out[--len] = '\0';
}

/* The distro severity word for an urgency: unimportant -> negligible; low,
 * medium, high, critical as they are; NULL for "not yet assigned",
 * "end-of-life" and anything else. */
static const char *rating_of_urgency(const char *word)
{
	static const char *const kept[] = { "low", "medium", "high", "critical" };

	if (strcmp(word, "unimportant") == 0)
		return "negligible";
	for (size_t i = 0; i < VG_ARRAY_LEN(kept); i++)
		if (strcmp(word, kept[i]) == 0)
			return kept[i];
	return NULL;
}

/* ---- one release of one CVE ---- */

/* Fill a's status and fixed version from the release entry; returns NULL or
 * why the entry is unusable. */
static const char *decide_release(json_t *rel, const char *urgency, struct affected_rec *a)
{
	const char *status = feed_json_str(rel, "status"), *fixed = feed_json_str(rel, "fixed_version");
	const char *reason = feed_json_str(rel, "nodsa_reason");

	if (!status)
		return "no status";
	if (strcmp(status, "resolved") == 0) {
		if (!feed_is_word(fixed))
			return "resolved without a usable fixed_version";
		if (strcmp(fixed, "0") == 0) {
			a->status = AFFECT_NOT_AFFECTED;
		} else {
			a->status = AFFECT_FIXED;
			a->fixed = fixed;
		}
	} else if (strcmp(status, "open") == 0) {
		if (strcmp(urgency, "end-of-life") == 0 || (reason && strcmp(reason, "ignored") == 0))
			a->status = AFFECT_WONT_FIX;
		else
			a->status = AFFECT_AFFECTED; /* plain <no-dsa> and <postponed>: a fix may still come */
	} else if (strcmp(status, "undetermined") == 0) {
		a->status = strcmp(urgency, "end-of-life") == 0 ? AFFECT_WONT_FIX : AFFECT_UNDER_INVESTIGATION;
	} else {
		return "unknown status";
	}
	return NULL;
}

static int read_release(struct tracker_read *rd, const char *source, const char *cve, const char *codename,
			json_t *rel)
{
	const char *ns = namespace_of_codename(codename), *why;
	char urgency[64];
	struct affected_rec a = { .package = source, .vuln_id = cve };

	if (!ns) {
		dbw_skip_record(rd->w, "%s %s: unknown release \"%.40s\"", source, cve, codename);
		return 0;
	}
	if (!json_is_object(rel)) {
		dbw_skip_record(rd->w, "%s %s %s: release entry is not an object", source, cve, codename);
		return 0;
	}
	urgency_word(feed_json_str(rel, "urgency"), urgency, sizeof(urgency));
	if ((why = decide_release(rel, urgency, &a))) {
		dbw_skip_record(rd->w, "%s %s %s: %s", source, cve, codename, why);
		return 0;
	}
	a.namespace = ns;
	a.rating = rating_of_urgency(urgency);
	return dbw_add_affected(rd->w, &a, rd->err);
}

/* ---- one CVE of one source package ---- */

static int read_cve(struct tracker_read *rd, const char *source, const char *cve, json_t *entry)
{
	json_t *releases = json_object_get(entry, "releases"), *rel;
	struct vuln_rec v = { .id = cve };
	const char *codename;

	if (!feed_is_vuln_id(cve)) {
		dbw_skip_record(rd->w, "%s: malformed id \"%.80s\"", source, cve);
		return 0;
	}
	if (!json_is_object(entry)) {
		dbw_skip_record(rd->w, "%s %s: entry is not an object", source, cve);
		return 0;
	}
	if (!json_is_object(releases) && !(json_is_array(releases) && json_array_size(releases) == 0)) {
		dbw_skip_record(rd->w, "%s %s: no releases object", source, cve);
		return 0;
	}
	v.description = feed_json_str(entry, "description");
	if (dbw_add_vuln(rd->w, &v, rd->err) != 0)
		return -1;
	json_object_foreach(releases, codename, rel)
		if (read_release(rd, source, cve, codename, rel) != 0)
			return -1;
	dbw_count_record(rd->w, NULL);
	return 0;
}

static int read_source_package(const char *source, json_t *cves, void *ctx)
{
	struct tracker_read *rd = ctx;
	const char *cve;
	json_t *entry;

	if (!feed_is_word(source)) {
		dbw_skip_record(rd->w, "malformed source package name \"%.80s\"", source);
		return 0;
	}
	if (!json_is_object(cves)) {
		dbw_skip_record(rd->w, "%s: not an object of CVEs", source);
		return 0;
	}
	json_object_foreach(cves, cve, entry)
		if (read_cve(rd, source, cve, entry) != 0)
			return -1;
	return 0;
}

static int tracker_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct tracker_read rd = { w, err };

	return feed_each_member(path, read_source_package, &rd, w, err);
}

/* ---- detect ---- */

/* Past JSON whitespace, then past c; NULL when the next byte is not c. */
static const char *head_expect(const char *p, const char *end, char c)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p < end && *p == c ? p + 1 : NULL;
}

/* {"<source>": {"CVE-... or {"<source>": {"TEMP-... */
static bool tracker_detect(const char *path, const char *head, size_t n)
{
	const char *end = head + n, *p = head;

	VG_UNUSED(path);
	if (!(p = head_expect(p, end, '{')) || !(p = head_expect(p, end, '"')))
		return false;
	while (p < end && *p != '"' && *p != '\\')
		p++;
	if (!(p = head_expect(p, end, '"')) || !(p = head_expect(p, end, ':')) || !(p = head_expect(p, end, '{')) ||
	    !(p = head_expect(p, end, '"')))
		return false;
	return (size_t)(end - p) >= 5 && (memcmp(p, "CVE-", 4) == 0 || memcmp(p, "TEMP-", 5) == 0);
}

const struct feed feed_debian_tracker = {
	.name = "debian-tracker",
	.detect = tracker_detect,
	.ingest = tracker_ingest,
};

/* ---- DSA / DLA lists (security-tracker data/DSA/list, data/DLA/list) ----
 *
 *   [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *   	{CVE-2023-1393}
 *   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 *   	NOTE: ...
 *
 * One record per advisory: the DSA/DLA id is the vuln_id of one affected row
 * per release line, and its CVEs are the id's aliases. */

struct list_fix {
	const char *ns, *package, *fixed;
	enum affect_status status;
};

struct list_advisory {
	char id[48], date[16];
	const char *summary;
	struct ptrvec cves;   /* const char * in arena */
	struct ptrvec fixes;  /* struct list_fix * in arena */
	struct arena arena;
	bool open;
};

struct list_read {
	struct dbw *w;
	struct vg_err *err;
	struct list_advisory adv;
	int lineno;
};

/* "29 Mar 2023" -> "2023-03-29"; false when it is not such a date. */
static bool list_date_of(const char *s, size_t n, char *out, size_t outn)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4] = "";
	int day, year, used = 0;
	char buf[32];
	const char *m;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (sscanf(buf, "%2d %3[A-Za-z] %4d%n", &day, mon, &year, &used) != 3 || (size_t)used != n || day < 1 ||
	    day > 31 || strlen(mon) != 3 || !(m = strstr(months, mon)) || (m - months) % 3)
		return false;
	snprintf(out, outn, "%04d-%02d-%02d", year, (int)((m - months) / 3 + 1), day);
	return true;
}

/* The next blank-separated word of s..end into the arena, advancing s; NULL at the end. */
static const char *next_word(struct arena *a, const char **s, const char *end)
{
	const char *p = *s, *start;

	while (p < end && char_is_blank(*p))
		p++;
	start = p;
	while (p < end && !char_is_blank(*p))
		p++;
	*s = p;
	return p > start ? arena_strndup(a, start, (size_t)(p - start)) : NULL;
}

static int write_list_advisory(struct list_read *rd)
{
	struct list_advisory *adv = &rd->adv;
	struct vuln_rec v = { .id = adv->id, .summary = adv->summary, .published = adv->date };

	if (dbw_add_vuln(rd->w, &v, rd->err) != 0)
		return -1;
	for (size_t i = 0; i < adv->cves.n; i++)
		if (dbw_add_alias(rd->w, adv->id, adv->cves.v[i], rd->err) != 0)
			return -1;
	for (size_t i = 0; i < adv->fixes.n; i++) {
		const struct list_fix *f = adv->fixes.v[i];
		struct affected_rec a = { .namespace = f->ns, .package = f->package, .vuln_id = adv->id,
					  .status = f->status, .fixed = f->fixed };
		if (dbw_add_affected(rd->w, &a, rd->err) != 0)
			return -1;
	}
	dbw_count_record(rd->w, adv->date);
	return 0;
}

/* Write the advisory being read (if any) and forget it. */
static int finish_list_advisory(struct list_read *rd)
{
	int rc = rd->adv.open ? write_list_advisory(rd) : 0;

	ptrvec_free(&rd->adv.cves, NULL);
	ptrvec_free(&rd->adv.fixes, NULL);
	arena_free(&rd->adv.arena);
	memset(&rd->adv, 0, sizeof(rd->adv));
	return rc;
}

/* "[29 Mar 2023] DSA-5380-1 xorg-server - security update" */
static int read_list_header(struct list_read *rd, const char *line, size_t n)
{
	const char *end = line + n, *close = memchr(line, ']', n), *p, *id;
	struct list_advisory *adv = &rd->adv;

	if (finish_list_advisory(rd) != 0)
		return -1;
	if (!close || !list_date_of(line + 1, (size_t)(close - line - 1), adv->date, sizeof(adv->date))) {
		dbw_skip_record(rd->w, "line %d: malformed advisory date", rd->lineno);
		return 0;
	}
	p = close + 1;
	id = next_word(&adv->arena, &p, end);
	if (!id || strlen(id) >= sizeof(adv->id) || !feed_is_vuln_id(id) ||
	    (!str_starts_with(id, "DSA-") && !str_starts_with(id, "DLA-"))) {
		dbw_skip_record(rd->w, "line %d: no DSA or DLA id", rd->lineno);
		return 0;
	}
	snprintf(adv->id, sizeof(adv->id), "%s", id);
	while (p < end && char_is_blank(*p))
		p++;
	adv->summary = p < end ? arena_strndup(&adv->arena, p, (size_t)(end - p)) : NULL;
	adv->open = true;
	return 0;
}

/* "{CVE-2023-1393 CVE-2023-1394}" */
static void read_list_cves(struct list_read *rd, const char *line, size_t n)
{
	const char *p = line + 1, *end = line + n - 1, *id;

	while ((id = next_word(&rd->adv.arena, &p, end))) {
		if (feed_is_vuln_id(id))
			ptrvec_push(&rd->adv.cves, (void *)id);
		else
			dbw_skip_record(rd->w, "line %d: %s: malformed id \"%.80s\"", rd->lineno, rd->adv.id, id);
	}
}

/* The status a "<tag>" in place of a version gives. */
static bool status_of_list_tag(const char *tag, enum affect_status *st)
{
	if (strcmp(tag, "<not-affected>") == 0)
		*st = AFFECT_NOT_AFFECTED;
	else if (strcmp(tag, "<end-of-life>") == 0 || strcmp(tag, "<ignored>") == 0)
		*st = AFFECT_WONT_FIX;
	else if (strcmp(tag, "<unfixed>") == 0 || strcmp(tag, "<no-dsa>") == 0 || strcmp(tag, "<postponed>") == 0)
		*st = AFFECT_AFFECTED;
	else
		return false;
	return true;
}

/* "[bullseye] - xorg-server 2:1.20.11-1+deb11u6" (a remark in parentheses may follow) */
static void read_list_fix(struct list_read *rd, const char *line, size_t n)
{
	const char *end = line + n, *close = memchr(line, ']', n), *p, *pkg, *ver, *ns;
	struct arena *a = &rd->adv.arena;
	struct list_fix *f;
	char codename[32];

	if (!close || (size_t)(close - line - 1) >= sizeof(codename) || end - close < 4 || memcmp(close, "] - ", 4) != 0) {
		dbw_skip_record(rd->w, "line %d: %s: malformed release line", rd->lineno, rd->adv.id);
		return;
	}
	memcpy(codename, line + 1, (size_t)(close - line - 1));
	codename[close - line - 1] = '\0';
	if (!(ns = namespace_of_codename(codename))) {
		dbw_skip_record(rd->w, "line %d: %s: unknown release \"%s\"", rd->lineno, rd->adv.id, codename);
		return;
	}
	p = close + 4;
	pkg = next_word(a, &p, end);
	ver = next_word(a, &p, end);
	f = arena_alloc(a, sizeof(*f));
	f->ns = ns;
	f->package = pkg;
	f->fixed = NULL;
	if (!feed_is_word(pkg) || !ver || (ver[0] == '<' ? !status_of_list_tag(ver, &f->status) : !feed_is_word(ver))) {
		dbw_skip_record(rd->w, "line %d: %s: malformed release line", rd->lineno, rd->adv.id);
		return;
	}
	if (ver[0] != '<') {
		f->status = AFFECT_FIXED;
		f->fixed = ver;
	}
	ptrvec_push(&rd->adv.fixes, f);
}

static int read_list_line(struct list_read *rd, const char *line, size_t n)
{
	const char *t = line;
	size_t tn = n;

	if (line_is_blank(line, n))
		return 0;
	if (line[0] == '[')
		return read_list_header(rd, line, n);
	trim_blanks(&t, &tn);
	if (!char_is_blank(line[0]) || !rd->adv.open) {
		dbw_skip_record(rd->w, "line %d: not part of an advisory", rd->lineno);
		return 0;
	}
	if (tn >= 2 && t[0] == '{' && t[tn - 1] == '}')
		read_list_cves(rd, t, tn);
	else if (t[0] == '[')
		read_list_fix(rd, t, tn);
	else if (tn < 5 || memcmp(t, "NOTE:", 5) != 0)
		dbw_skip_record(rd->w, "line %d: %s: unknown line", rd->lineno, rd->adv.id);
	return 0;
}

static int dsa_list_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct list_read rd = { .w = w, .err = err };
	struct line_cursor c;
	const char *line;
	size_t len, n;
	char *buf;
	int rc = 0;

	if (read_file_capped(path, FEED_MAX_FILE, &buf, &len, err) != 0)
		return -1;
	c = line_cursor_of(buf, len);
	while (rc == 0 && line_cursor_next(&c, &line, &n)) {
		rd.lineno = c.lineno;
		rc = read_list_line(&rd, line, n);
	}
	if (finish_list_advisory(&rd) != 0)
		rc = -1;
	free(buf);
	return rc;
}

/* "[29 Mar 2023] DSA-" or "DLA-" at the very start. */
static bool dsa_list_detect(const char *path, const char *head, size_t n)
{
	const char *close = n ? memchr(head, ']', n < 16 ? n : 16) : NULL;
	char date[16];

	VG_UNUSED(path);
	return n > 0 && head[0] == '[' && close && list_date_of(head + 1, (size_t)(close - head - 1), date, sizeof(date)) &&
	       (size_t)(head + n - close) > 6 && (memcmp(close, "] DSA-", 6) == 0 || memcmp(close, "] DLA-", 6) == 0);
}

const struct feed feed_debian_dsa = {
	.name = "debian-dsa",
	.detect = dsa_list_detect,
	.ingest = dsa_list_ingest,
};
