/* alpine.c - the Alpine secdb reader (secdb.alpinelinux.org vX.Y/main.json,
 * community.json) and the same-shaped Wolfi/Chainguard security.json: one
 * affected row per (origin, advisory id), fixed in the lowest listed version. */
#include <ctype.h>

#include "../core/arena.h"
#include "../core/strmap.h"
#include "../core/vec.h"
#include "../version/version.h"
#include "feedutil.h"

#define SECDB_MAX_TOKENS 64
#define SECDB_MAX_NS 64

/* One (origin, id): the lowest fixed version seen so far ("0" = never affected). */
struct secfix_row {
	const char *origin, *id, *fixed;
};

struct secdb_read {
	struct dbw *w;
	const char *ns;
	struct arena arena;
	struct strmap rows;      /* "origin\nid" -> struct secfix_row */
	struct ptrvec order;     /* rows, first seen first */
	struct ptrvec aliases;   /* pairs of const char *: id, its CVE */
};

/* ---- which distribution ---- */

static bool text_mentions(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* "v3.11" or "3.11" -> "3.11" into out; false when it is not MAJOR.MINOR. */
static bool alpine_branch_of(const char *dv, char *out, size_t n)
{
	const char *p = dv + (dv[0] == 'v');
	size_t i = 0, dots = 0;

	if (!isdigit((unsigned char)p[0]))
		return false;
	for (; p[i]; i++) {
		if (p[i] == '.' && i > 0 && isdigit((unsigned char)p[i + 1]))
			dots++;
		else if (!isdigit((unsigned char)p[i]))
			return false;
	}
	if (dots != 1 || i >= n)
		return false;
	memcpy(out, p, i + 1);
	return true;
}

/* The namespace the document's rows belong to, from where its packages are
 * served (urlprefix/apkurl), then distroversion, then reponame. */
static int secdb_namespace_of(json_t *root, const char *path, char *ns, size_t n, struct vg_err *err)
{
	const char *url = feed_json_str(root, "urlprefix"), *apkurl = feed_json_str(root, "apkurl");
	const char *dv = feed_json_str(root, "distroversion"), *repo = feed_json_str(root, "reponame");
	char branch[32];

	if (text_mentions(url, "wolfi.dev") || text_mentions(apkurl, "wolfi.dev"))
		snprintf(ns, n, "wolfi:rolling");
	else if (text_mentions(url, "cgr.dev") || text_mentions(apkurl, "cgr.dev"))
		snprintf(ns, n, "chainguard:rolling");
	else if (dv && strcmp(dv, "edge") == 0)
		snprintf(ns, n, "alpine:edge");
	else if (dv && alpine_branch_of(dv, branch, sizeof(branch)))
		snprintf(ns, n, "alpine:%s", branch);
	else if (repo && strcmp(repo, "os") == 0)
		snprintf(ns, n, "wolfi:rolling");
	else if (repo && strcmp(repo, "chainguard") == 0)
		snprintf(ns, n, "chainguard:rolling");
	else
		return vg_err_set(err, VG_EFORMAT,
				  "%s: cannot tell which distribution this secdb is for (distroversion %s, urlprefix %s)",
				  path, dv ? dv : "absent", url ? url : "absent");
	return 0;
}

/* ---- ids ---- */

/* "YYYY-NNNN..." (the part of a CVE id after "CVE-"). */
static bool is_cve_number(const char *s)
{
	char buf[48];

	if (strlen(s) + 5 > sizeof(buf))
		return false;
	snprintf(buf, sizeof(buf), "CVE-%s", s);
	return feed_is_cve_id(buf);
}

/* Repair the id typos real secdb files have, each unambiguous about the CVE
 * meant: "CVE_2019-2426" (underscore), "CVE-2017-8073.patch" (a patch file
 * name), "CVE-2017-17434-1" (first of several patches for one CVE). Returns
 * tok itself, an arena copy, or tok when nothing applies. */
static const char *repaired_id(struct secdb_read *rd, const char *tok)
{
	size_t n = strlen(tok);
	char *s;

	if (feed_is_vuln_id(tok) || n < 13 || n > 40 || strncasecmp(tok, "CVE", 3) != 0 ||
	    (tok[3] != '-' && tok[3] != '_'))
		return tok;
	s = arena_strdup(&rd->arena, tok);
	memcpy(s, "CVE-", 4);
	if (str_ends_with(s, ".patch"))
		s[n - 6] = '\0';
	else if (!feed_is_cve_id(s)) {
		char *dash = strrchr(s, '-');
		if (dash && dash > s + 8 && strlen(dash + 1) <= 2 && isdigit((unsigned char)dash[1]) &&
		    (dash[2] == '\0' || isdigit((unsigned char)dash[2])))
			*dash = '\0';
	}
	return feed_is_cve_id(s) ? s : tok;
}

/* ---- collecting rows ---- */

/* a lower than b in apk order, "0" (never affected) lowest of all. */
static bool version_is_lower(const char *a, const char *b)
{
	if (strcmp(b, "0") == 0)
		return false;
	if (strcmp(a, "0") == 0)
		return true;
	return version_compare(VS_APK, a, b) < 0;
}

static void note_fix(struct secdb_read *rd, const char *origin, const char *fixed, const char *id)
{
	char *key = arena_printf(&rd->arena, "%s\n%s", origin, id);
	struct secfix_row *row = strmap_get(&rd->rows, key);

	if (!row) {
		row = arena_alloc(&rd->arena, sizeof(*row));
		row->origin = origin;
		row->id = arena_strdup(&rd->arena, id);
		row->fixed = fixed;
		strmap_put(&rd->rows, key, row);
		ptrvec_push(&rd->order, row);
	} else if (version_is_lower(fixed, row->fixed)) {
		row->fixed = fixed;
	}
}

/* Several ids in one string name one issue when exactly one of them is a CVE
 * ("CVE-2017-2887 TALOS-2017-0394"): the others become its aliases. */
static void note_aliases(struct secdb_read *rd, const char **ids, size_t n)
{
	const char *cve = NULL;
	size_t cves = 0;

	for (size_t i = 0; i < n; i++)
		if (feed_is_cve_id(ids[i])) {
			cve = ids[i];
			cves++;
		}
	if (cves != 1)
		return;
	for (size_t i = 0; i < n; i++)
		if (ids[i] != cve) {
			ptrvec_push(&rd->aliases, arena_strdup(&rd->arena, ids[i]));
			ptrvec_push(&rd->aliases, arena_strdup(&rd->arena, cve));
		}
}

/* Split s on blanks into rd's arena; stops at a "(" remark. */
static size_t split_id_string(struct secdb_read *rd, const char *s, const char **tok, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		size_t len;
		while (*s && isspace((unsigned char)*s))
			s++;
		len = strcspn(s, " \t\r\n\v\f");
		if (!len || *s == '(')
			break;
		tok[n++] = arena_strndup(&rd->arena, s, len);
		s += len;
	}
	return n;
}

/* One string of a secfixes list: one or more ids, maybe a remark. */
static void read_id_string(struct secdb_read *rd, const char *origin, const char *fixed, const char *s)
{
	const char *tok[SECDB_MAX_TOKENS], *ids[SECDB_MAX_TOKENS];
	size_t ntok = split_id_string(rd, s, tok, SECDB_MAX_TOKENS), nids = 0;

	if (ntok == 0)
		dbw_skip_record(rd->w, "%s %s: empty id \"%.80s\"", origin, fixed, s);
	for (size_t i = 0; i < ntok; i++) {
		const char *id = tok[i];
		if (strcasecmp(id, "CVE") == 0 && i + 1 < ntok && is_cve_number(tok[i + 1]))
			id = arena_printf(&rd->arena, "CVE-%s", tok[++i]); /* "CVE 2018-16859" */
		else
			id = repaired_id(rd, id);
		if (!feed_is_vuln_id(id)) {
			dbw_skip_record(rd->w, "%s %s: malformed id \"%.80s\"", origin, fixed, tok[i]);
			continue;
		}
		note_fix(rd, origin, fixed, id);
		ids[nids++] = id;
	}
	note_aliases(rd, ids, nids);
}

static void read_secfix_entry(struct secdb_read *rd, const char *origin, const char *fixed, json_t *list)
{
	size_t i;
	json_t *item;

	if (!feed_is_word(fixed)) {
		dbw_skip_record(rd->w, "%s: malformed version \"%.80s\"", origin, fixed);
		return;
	}
	if (json_is_null(list)) {
		dbw_skip_record(rd->w, "%s %s: null secfixes entry", origin, fixed);
		return;
	}
	if (!json_is_array(list)) {
		dbw_skip_record(rd->w, "%s %s: secfixes entry is not a list", origin, fixed);
		return;
	}
	json_array_foreach(list, i, item) {
		if (json_is_string(item))
			read_id_string(rd, origin, fixed, json_string_value(item));
		else
			dbw_skip_record(rd->w, "%s %s: id %zu is not a string", origin, fixed, i);
	}
}

static void read_package(struct secdb_read *rd, json_t *entry, size_t index)
{
	json_t *pkg = json_object_get(entry, "pkg"), *secfixes = json_object_get(pkg, "secfixes"), *list;
	const char *name = feed_json_str(pkg, "name"), *fixed;
	char *origin;

	if (!feed_is_word(name)) {
		dbw_skip_record(rd->w, "packages[%zu]: no usable pkg.name", index);
		return;
	}
	if (!json_is_object(secfixes)) {
		dbw_skip_record(rd->w, "%s: secfixes is %s", name, secfixes ? "not an object" : "missing");
		return;
	}
	origin = arena_strdup(&rd->arena, name);
	json_object_foreach(secfixes, fixed, list)
		read_secfix_entry(rd, origin, arena_strdup(&rd->arena, fixed), list);
}

/* ---- writing ---- */

static int write_row(struct secdb_read *rd, const struct secfix_row *row, struct vg_err *err)
{
	bool never = strcmp(row->fixed, "0") == 0;
	struct vuln_rec v = { .id = row->id };
	struct affected_rec a = {
		.namespace = rd->ns,
		.package = row->origin,
		.vuln_id = row->id,
		.status = never ? AFFECT_NOT_AFFECTED : AFFECT_FIXED,
		.fixed = never ? NULL : row->fixed,
	};

	if (dbw_add_vuln(rd->w, &v, err) != 0 || dbw_add_affected(rd->w, &a, err) != 0)
		return -1;
	dbw_count_record(rd->w, NULL);
	return 0;
}

static int write_rows(struct secdb_read *rd, struct vg_err *err)
{
	for (size_t i = 0; i < rd->order.n; i++)
		if (write_row(rd, rd->order.v[i], err) != 0)
			return -1;
	for (size_t i = 0; i + 1 < rd->aliases.n; i += 2)
		if (dbw_add_alias(rd->w, rd->aliases.v[i], rd->aliases.v[i + 1], err) != 0)
			return -1;
	return 0;
}

static int read_secdb(struct secdb_read *rd, json_t *root, const char *path, struct vg_err *err)
{
	char ns[SECDB_MAX_NS];
	json_t *packages, *entry;
	size_t i;

	if (!json_is_object(root))
		return vg_err_set(err, VG_EFORMAT, "%s: not a secdb document (expected a JSON object)", path);
	if (secdb_namespace_of(root, path, ns, sizeof(ns), err) != 0)
		return -1;
	rd->ns = ns;
	packages = json_object_get(root, "packages");
	if (packages && !json_is_null(packages) && !json_is_array(packages))
		return vg_err_set(err, VG_EFORMAT, "%s: \"packages\" is not a list", path);
	json_array_foreach(packages, i, entry)
		read_package(rd, entry, i);
	return write_rows(rd, err);
}

static int alpine_ingest(const char *path, struct dbw *w, struct vg_err *err)
{
	struct secdb_read rd = { w, NULL, ARENA_INIT, STRMAP_INIT, PTRVEC_INIT, PTRVEC_INIT };
	json_t *root;
	int rc;

	if (feed_load_json(path, &root, err) != 0)
		return -1;
	rc = read_secdb(&rd, root, path, err);
	json_decref(root);
	strmap_free(&rd.rows);
	ptrvec_free(&rd.order, NULL);
	ptrvec_free(&rd.aliases, NULL);
	arena_free(&rd.arena);
	return rc;
}

static bool alpine_detect(const char *path, const char *head, size_t n)
{
	VG_UNUSED(path);
	return feed_head_first_byte(head, n) == '{' && !feed_head_has(head, n, "\"schema-version\"") &&
	       (feed_head_has(head, n, "\"distroversion\"") || feed_head_has(head, n, "\"secfixes\"") ||
		feed_head_has(head, n, "\"apkurl\""));
}

const struct feed feed_alpine_secdb = {
	.name = "alpine-secdb",
	.detect = alpine_detect,
	.ingest = alpine_ingest,
};
