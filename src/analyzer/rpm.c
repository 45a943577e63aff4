/* rpm.c - the rpm analyzer: installed packages from an rpmdb (sqlite, BerkeleyDB
 * or ndb), every header parsed by librpm. The packages and strings it returns
 * belong to the caller's inventory (its arena); the parser keeps nothing. */

/* Formats, chosen by magic (never by file name):
 *  - sqlite: the bytes are opened in memory (sqlite3_deserialize, read-only)
 *    and every Packages.blob goes to headerImport.
 *  - BerkeleyDB hash: librpm's bdb_ro backend reads it from a private
 *    mkdtemp() directory under $TMPDIR, removed again on every path. bdb_ro
 *    trusts its input, so bdb_check() first walks exactly what its sequential
 *    scan will touch and refuses anything that could make it read out of
 *    bounds, allocate without limit or loop.
 *  - ndb: Debian's librpm has no ndb backend, so the slot/blob container is
 *    read here (bounds-checked) and each blob goes to headerImport.
 *
 * gpg-pubkey pseudo-packages (imported signing keys; `rpm -qa` lists them)
 * are skipped: they are not installed software. A damaged header is skipped
 * with a warning, like rpm does; a DB that cannot be read at all, or whose
 * headers are all damaged, is an error and adds no packages. A WAL-mode
 * sqlite DB is read without its -wal file (rpm checkpoints it on close).
 *
 * librpm has process-wide state: the one-time init (config files, logging)
 * runs under pthread_once and installs a log callback that keeps librpm off
 * stderr for the whole process; messages logged during a parse become
 * warnings or part of the error. parse() must not run in two threads at once. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmts.h>
#include <sqlite3.h>
#include <zlib.h>

#include "analyzer.h"
#include "../core/strbuf.h"

#define RPMDB_MAX_BYTES ((size_t)256 << 20)      /* whole database */
#define RPM_MAX_HEADERS 100000                    /* headers in one database */
#define RPM_MAX_HEADER_BYTES ((size_t)32 << 20)  /* one header blob */
#define RPM_MAX_FIELD 65536                       /* one string tag we keep */
#define RPM_MAX_WARNINGS 20                       /* per parse, then counted */
/* sqlite: abort a query after this many progress callbacks (x 1000 VM ops). */
#define SQLITE_MAX_PROGRESS 200000

static const char *const rpmdb_paths[] = {
	"var/lib/rpm/Packages",
	"var/lib/rpm/rpmdb.sqlite",
	"var/lib/rpm/Packages.db",
	"usr/lib/sysimage/rpm/Packages",
	"usr/lib/sysimage/rpm/rpmdb.sqlite",
	"usr/lib/sysimage/rpm/Packages.db",
};

static bool rpm_wants(const char *path)
{
	for (size_t i = 0; i < VG_ARRAY_LEN(rpmdb_paths); i++)
		if (strcmp(path, rpmdb_paths[i]) == 0)
			return true;
	return false;
}

/* ---- per-parse state ---------------------------------------------------- */

struct rpmctx {
	const char *path;
	const char *fmt;        /* "sqlite", "BerkeleyDB", "ndb": for messages */
	struct inventory *inv;
	struct vg_err *err;
	const char *found_in;   /* "/" + path, in inv's arena */
	size_t nheaders;        /* header blobs met */
	size_t nadded;          /* packages appended */
	size_t nskipped;        /* damaged or incomplete headers */
	size_t npubkeys;        /* gpg-pubkey headers skipped */
	size_t nwarn, nwarn_dropped;
	size_t budget;          /* header bytes still allowed (amplification guard) */
	struct strbuf rpmerr;   /* librpm error messages logged during the parse */
	const char *tmpdir;     /* BerkeleyDB: our private directory, else NULL */
	/* file-list mode (rpm_each_file): no packages, fn per file of each header */
	void (*file_fn)(void *ctx, const char *pkg, const char *file);
	void *file_ctx;
};

static void ctx_warn(struct rpmctx *c, const char *fmt, ...) VG_PRINTF(2, 3);
static void ctx_warn(struct rpmctx *c, const char *fmt, ...)
{
	char buf[900];
	va_list ap;

	if (c->nwarn >= RPM_MAX_WARNINGS) {
		c->nwarn_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	inventory_warn(c->inv, "%s: %s", c->path, buf);
	c->nwarn++;
}

/* Fill err with "<path>: <fmt> rpmdb: <msg>" (plus what librpm said). */
static int ctx_fail(struct rpmctx *c, enum vg_errcode code, const char *fmt, ...) VG_PRINTF(3, 4);
static int ctx_fail(struct rpmctx *c, enum vg_errcode code, const char *fmt, ...)
{
	char buf[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (c->rpmerr.len)
		return vg_err_set(c->err, code, "%s: %s rpmdb: %s (librpm: %.200s)", c->path,
				  c->fmt, buf, c->rpmerr.buf);
	return vg_err_set(c->err, code, "%s: %s rpmdb: %s", c->path, c->fmt, buf);
}

/* ---- librpm one-time init and logging ---------------------------------- */

static struct rpmctx *log_target; /* the parse in progress, or NULL */
static pthread_once_t rpm_once = PTHREAD_ONCE_INIT;
static int rpm_init_rc = -1;

static int rpm_log_cb(rpmlogRec rec, rpmlogCallbackData data)
{
	struct rpmctx *c = log_target;
	const char *msg = rpmlogRecMessage(rec);
	rpmlogLvl pri = rpmlogRecPriority(rec);
	size_t n;

	VG_UNUSED(data);
	if (!c || !msg)
		return 0; /* outside a parse: drop, never print */
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	if (!n)
		return 0;
	/* bdb_ro opens every index file; we only write Packages. */
	if (c->tmpdir && pri == RPMLOG_WARNING && strstr(msg, "could not open ") &&
	    strstr(msg, c->tmpdir))
		return 0;
	if (pri <= RPMLOG_ERR) {
		if (c->rpmerr.len < 400) {
			if (c->rpmerr.len)
				strbuf_addstr(&c->rpmerr, "; ");
			strbuf_add(&c->rpmerr, msg, n);
		}
	} else {
		ctx_warn(c, "librpm: %.*s", (int)(n > 300 ? 300 : n), msg);
	}
	return 0; /* no RPMLOG_DEFAULT (stderr), no RPMLOG_EXIT */
}

static void rpm_init_once(void)
{
	rpmlogSetCallback(rpm_log_cb, NULL);
	rpmlogSetMask(RPMLOG_UPTO(RPMLOG_WARNING));
	rpm_init_rc = rpmReadConfigFiles(NULL, NULL);
	rpmlogClose();
}

/* ---- header -> package -------------------------------------------------- */

static uint32_t rd_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t rd_le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void set_source(struct rpmctx *c, struct package *p, const char *srpm)
{
	size_t n = strlen(srpm);
	const char *rel, *ver;

	if (str_ends_with(srpm, ".src.rpm"))
		n -= 8;
	else if (str_ends_with(srpm, ".nosrc.rpm"))
		n -= 10;
	else
		goto bad;
	/* name-version-release, split from the right: names may hold '-'. */
	rel = memrchr(srpm, '-', n);
	if (!rel || rel == srpm || rel + 1 == srpm + n)
		goto bad;
	ver = memrchr(srpm, '-', (size_t)(rel - srpm));
	if (!ver || ver == srpm || ver + 1 == rel)
		goto bad;
	p->source_name = inventory_strndup(c->inv, srpm, (size_t)(ver - srpm));
	p->source_version = inventory_strndup(c->inv, ver + 1, (size_t)(srpm + n - (ver + 1)));
	return;
bad:
	ctx_warn(c, "%s: SOURCERPM \"%.200s\" is not name-version-release.src.rpm", p->name, srpm);
}

static const char *tag_str(Header h, rpmTagVal tag)
{
	const char *s = headerGetString(h, tag);

	return s && *s ? s : NULL;
}

/* Append the package in h. Returns -1 (err set) only for a hard limit. */
/* File-list mode: every path the header owns (librpm joins DIRNAMES,
 * BASENAMES and DIRINDEXES into FILENAMES). */
static int each_file_of(struct rpmctx *c, Header h, const char *name)
{
	rpmtd td = rpmtdNew();
	const char *f;

	c->nadded++;
	if (headerGet(h, RPMTAG_FILENAMES, td, HEADERGET_EXT | HEADERGET_MINMEM)) {
		while ((f = rpmtdNextString(td)))
			c->file_fn(c->file_ctx, name, f);
		rpmtdFreeData(td);
	}
	rpmtdFree(td);
	return 0;
}

static int add_header(struct rpmctx *c, Header h, unsigned long id)
{
	const char *name = tag_str(h, RPMTAG_NAME), *ver = tag_str(h, RPMTAG_VERSION);
	const char *rel = tag_str(h, RPMTAG_RELEASE), *arch = tag_str(h, RPMTAG_ARCH);
	const char *srpm = tag_str(h, RPMTAG_SOURCERPM), *lic = tag_str(h, RPMTAG_LICENSE);
	const char *vendor = tag_str(h, RPMTAG_VENDOR);
	const char *fields[] = { name, ver, rel, arch, srpm, lic, vendor };
	struct package *p;
	bool has_epoch;
	uint64_t epoch = 0;

	if (!name || !ver || !rel) {
		c->nskipped++;
		ctx_warn(c, "header #%lu has no name, version or release; skipped", id);
		return 0;
	}
	if (strcmp(name, "gpg-pubkey") == 0) {
		c->npubkeys++;
		return 0;
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(fields); i++) {
		if (fields[i] && strlen(fields[i]) > RPM_MAX_FIELD) {
			c->nskipped++;
			ctx_warn(c, "header #%lu has an implausibly long tag; skipped", id);
			return 0;
		}
	}
	if (c->file_fn)
		return each_file_of(c, h, name);
	has_epoch = headerIsEntry(h, RPMTAG_EPOCH);
	if (has_epoch)
		epoch = headerGetNumber(h, RPMTAG_EPOCH);

	p = inventory_new_package(c->inv, PKG_RPM);
	c->nadded++;
	p->name = inventory_strdup(c->inv, name);
	p->rpm_version = inventory_strdup(c->inv, ver);
	p->rpm_release = inventory_strdup(c->inv, rel);
	if (has_epoch) {
		/* Like rpm's %{EVR}: the epoch is shown whenever the tag exists. */
		p->version = arena_printf(&c->inv->arena, "%" PRIu64 ":%s-%s", epoch, ver, rel);
		if (epoch <= INT_MAX)
			p->epoch = (int)epoch;
		else
			ctx_warn(c, "%s: epoch %" PRIu64 " out of range", name, epoch);
	} else {
		p->version = arena_printf(&c->inv->arena, "%s-%s", ver, rel);
	}
	p->arch = inventory_strdup(c->inv, arch);
	p->source_rpm = inventory_strdup(c->inv, srpm);
	if (srpm)
		set_source(c, p, srpm);
	p->license = inventory_strdup(c->inv, lic);
	p->maintainer = inventory_strdup(c->inv, vendor);
	p->found_in = c->found_in;
	return 0;
}

/* Count a header blob against the limits; -1 (err set) when one is hit. */
static int count_header(struct rpmctx *c, size_t n)
{
	if (++c->nheaders > RPM_MAX_HEADERS)
		return ctx_fail(c, VG_ELIMIT, "more than %d headers", RPM_MAX_HEADERS);
	if (n > c->budget)
		return ctx_fail(c, VG_EFORMAT, "header data adds up to more than the file holds (corrupt)");
	c->budget -= n;
	return 0;
}

/* Hand one header blob (il, dl, index, data; big-endian) to librpm. */
static int import_blob(struct rpmctx *c, const unsigned char *blob, size_t n, unsigned long id)
{
	uint32_t il, dl;
	Header h;
	int rc;

	if (count_header(c, n))
		return -1;
	if (n < 8 || n > RPM_MAX_HEADER_BYTES) {
		c->nskipped++;
		ctx_warn(c, "header #%lu: %zu bytes is not a header size; skipped", id, n);
		return 0;
	}
	il = rd_be32(blob);
	dl = rd_be32(blob + 4);
	if (il == 0 || il > 0xffff || dl > RPM_MAX_HEADER_BYTES ||
	    8 + 16 * (uint64_t)il + dl != n) {
		c->nskipped++;
		ctx_warn(c, "header #%lu: sizes do not match the blob (%zu bytes); skipped", id, n);
		return 0;
	}
	/* COPY: librpm copies (and so aligns) the blob before checking it. */
	h = headerImport((void *)blob, (unsigned int)n, HEADERIMPORT_COPY);
	if (!h) {
		c->nskipped++;
		ctx_warn(c, "header #%lu is damaged (rejected by librpm); skipped", id);
		return 0;
	}
	rc = add_header(c, h, id);
	headerFree(h);
	return rc;
}

/* ---- sqlite ------------------------------------------------------------- */

static int sqlite_progress(void *arg)
{
	unsigned long *calls = arg;

	return ++*calls > SQLITE_MAX_PROGRESS;
}

static int parse_sqlite(struct rpmctx *c, const char *data, size_t len)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy;
	unsigned long progress = 0;
	int rc, ret = -1;

	c->fmt = "sqlite";
	if (len < 512)
		return ctx_fail(c, VG_EFORMAT, "truncated (%zu bytes)", len);
	/* A cut file reads as if the missing pages were empty: catch it from
	 * the page size and, when it is valid, the page count in the header. */
	{
		const unsigned char *d = (const unsigned char *)data;
		uint32_t ps = (uint32_t)d[16] << 8 | d[17], pages = rd_be32(d + 28);

		if (ps == 1)
			ps = 65536;
		if (ps < 512 || (ps & (ps - 1)))
			return ctx_fail(c, VG_EFORMAT, "bad page size %" PRIu32, ps);
		if (len % ps)
			return ctx_fail(c, VG_EFORMAT, "truncated: %zu bytes is not a whole number of %" PRIu32
					"-byte pages", len, ps);
		if (pages && rd_be32(d + 24) == rd_be32(d + 92) && (uint64_t)pages * ps > len)
			return ctx_fail(c, VG_EFORMAT, "truncated: %" PRIu32 " pages of %" PRIu32
					" bytes but %zu bytes", pages, ps, len);
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		ret = ctx_fail(c, VG_EINTERNAL, "cannot open sqlite: %s", db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	copy = sqlite3_malloc64(len);
	if (!copy)
		vg_die_oom();
	memcpy(copy, data, len);
	/* A WAL-mode file (read/write versions 2) cannot be read from memory;
	 * the -wal file is not ours anyway, so read it as a rollback journal DB. */
	if (copy[18] == 2)
		copy[18] = 1;
	if (copy[19] == 2)
		copy[19] = 1;
	/* On failure sqlite frees copy itself (FREEONCLOSE). */
	if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		ret = ctx_fail(c, VG_EFORMAT, "cannot load: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)RPM_MAX_HEADER_BYTES + 1);
	sqlite3_progress_handler(db, 1000, sqlite_progress, &progress);
	sqlite3_exec(db, "PRAGMA cell_size_check=ON; PRAGMA query_only=ON; PRAGMA temp_store=MEMORY", NULL, NULL, NULL);

	/* Packages must be a real table (a view could compute anything). */
	rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_schema WHERE name = 'Packages' COLLATE NOCASE",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ret = ctx_fail(c, VG_EFORMAT, "cannot read the schema: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (rc == SQLITE_DONE || !sqlite3_column_text(st, 0) ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "table") != 0) {
		ret = ctx_fail(c, VG_EFORMAT, "no Packages table: a sqlite database but not an rpmdb");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL) != SQLITE_OK) {
		ret = ctx_fail(c, VG_EFORMAT, "Packages table is not rpm's (hnum, blob): %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unsigned long id = (unsigned long)sqlite3_column_int64(st, 0);
		const unsigned char *blob;
		size_t n;

		if (sqlite3_column_type(st, 1) != SQLITE_BLOB) {
			if (count_header(c, 0))
				goto out;
			c->nskipped++;
			ctx_warn(c, "header #%lu is not a blob; skipped", id);
			continue;
		}
		blob = sqlite3_column_blob(st, 1);
		n = (size_t)sqlite3_column_bytes(st, 1);
		if (import_blob(c, blob, blob ? n : 0, id))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_INTERRUPT)
			ret = ctx_fail(c, VG_ELIMIT, "query aborted: too much work for a database of this size");
		else
			ret = ctx_fail(c, VG_EFORMAT, "reading Packages: %s", sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ret;
}

/* ---- ndb (Packages.db) -------------------------------------------------- */
/* Little-endian container: a 32-byte header ("RpmP", version 0, generation,
 * slot page count, next package index) sharing the first of slotnpages 4 KiB
 * pages with 16-byte slots ("Slot", pkgidx, blkoff, blkcnt; blkoff 0 = free).
 * A slot points at blkcnt 16-byte blocks holding a blob: "BlbS", pkgidx,
 * timestamp, length; the header blob; zero padding; then adler32 (of all the
 * preceding bytes of the blob), length again and "BlbE". */

#define NDB_PAGE 4096u
#define NDB_BLK 16u
#define NDB_MAGIC 0x506d7052u  /* "RpmP" */
#define NDB_SLOT 0x746f6c53u   /* "Slot" */
#define NDB_BLOBS 0x53626c42u  /* "BlbS" */
#define NDB_BLOBE 0x45626c42u  /* "BlbE" */

struct ndb_slot {
	uint32_t pkgidx, blkoff, blkcnt;
};

static int ndb_slot_cmp(const void *a, const void *b)
{
	const struct ndb_slot *x = a, *y = b;

	return x->blkoff < y->blkoff ? -1 : x->blkoff > y->blkoff;
}

static int parse_ndb(struct rpmctx *c, const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;
	struct ndb_slot *slots = NULL;
	size_t nslots = 0, maxslots, fileblks = len / NDB_BLK;
	uint32_t version, slotnpages;
	int ret = -1;

	c->fmt = "ndb";
	if (len < 32)
		return ctx_fail(c, VG_EFORMAT, "truncated (%zu bytes)", len);
	version = rd_le32(d + 4);
	slotnpages = rd_le32(d + 12);
	if (version != 0)
		return ctx_fail(c, VG_EUNSUPPORTED, "unknown ndb version %" PRIu32, version);
	if (slotnpages == 0 || slotnpages > len / NDB_PAGE)
		return ctx_fail(c, VG_EFORMAT, "truncated: %" PRIu32 " slot pages but %zu bytes",
				slotnpages, len);
	if (len % NDB_BLK)
		return ctx_fail(c, VG_EFORMAT, "truncated: size %zu is not a multiple of 16", len);

	maxslots = (size_t)slotnpages * (NDB_PAGE / 16);
	slots = xcalloc(maxslots, sizeof(*slots));
	for (size_t i = 2; i < maxslots; i++) { /* slots 0-1 are the file header */
		const unsigned char *s = d + i * 16;
		struct ndb_slot sl;

		if (rd_le32(s) != NDB_SLOT) {
			ret = ctx_fail(c, VG_EFORMAT, "bad slot magic in slot %zu", i);
			goto out;
		}
		sl.blkoff = rd_le32(s + 8);
		if (!sl.blkoff)
			continue;
		sl.pkgidx = rd_le32(s + 4);
		sl.blkcnt = rd_le32(s + 12);
		if (!sl.pkgidx || !sl.blkcnt || sl.blkoff < (uint64_t)slotnpages * (NDB_PAGE / NDB_BLK)) {
			ret = ctx_fail(c, VG_EFORMAT, "bad slot %zu", i);
			goto out;
		}
		if ((uint64_t)sl.blkoff + sl.blkcnt > fileblks) {
			ret = ctx_fail(c, VG_EFORMAT, "truncated: slot %zu points past the end of the file", i);
			goto out;
		}
		slots[nslots++] = sl;
	}
	/* Blobs must not overlap: that bounds the work by the file size. */
	qsort(slots, nslots, sizeof(*slots), ndb_slot_cmp);
	for (size_t i = 1; i < nslots; i++) {
		if ((uint64_t)slots[i - 1].blkoff + slots[i - 1].blkcnt > slots[i].blkoff) {
			ret = ctx_fail(c, VG_EFORMAT, "overlapping blobs (packages %" PRIu32 " and %" PRIu32 ")",
				       slots[i - 1].pkgidx, slots[i].pkgidx);
			goto out;
		}
	}
	for (size_t i = 0; i < nslots; i++) {
		const struct ndb_slot *sl = &slots[i];
		const unsigned char *b = d + (size_t)sl->blkoff * NDB_BLK;
		size_t total = (size_t)sl->blkcnt * NDB_BLK;
		const unsigned char *tail = b + total - 12;
		uint32_t bloblen;

		if (total < 16 + 12 || rd_le32(b) != NDB_BLOBS || rd_le32(b + 4) != sl->pkgidx) {
			if (count_header(c, 0))
				goto out;
			c->nskipped++;
			ctx_warn(c, "package %" PRIu32 ": bad blob header; skipped", sl->pkgidx);
			continue;
		}
		bloblen = rd_le32(b + 12);
		if ((16 + (uint64_t)bloblen + 12 + NDB_BLK - 1) / NDB_BLK != sl->blkcnt ||
		    rd_le32(tail + 4) != bloblen || rd_le32(tail + 8) != NDB_BLOBE) {
			if (count_header(c, 0))
				goto out;
			c->nskipped++;
			ctx_warn(c, "package %" PRIu32 ": blob size or trailer mismatch; skipped", sl->pkgidx);
			continue;
		}
		/* rpm itself does not verify the checksum when reading. */
		if (adler32_z(adler32_z(0, NULL, 0), b, total - 12) != rd_le32(tail))
			ctx_warn(c, "package %" PRIu32 ": blob checksum mismatch", sl->pkgidx);
		if (import_blob(c, b + 16, bloblen, sl->pkgidx))
			goto out;
	}
	ret = 0;
out:
	free(slots);
	return ret;
}

/* ---- BerkeleyDB hash (Packages) ----------------------------------------- */
/* bdb_check() mirrors the walk of librpm's bdb_ro over a hash database:
 * buckets 0..maxbucket in order, each a chain of pages linked by next_pgno,
 * each page an index of (key, value) item offsets; items are inline
 * (type 1) or overflow references (type 3: page, length) to chains of
 * overflow pages (type 7). It looks at each page as bdb_ro does (byte-swapped
 * in place when the file's byte order is not the host's) and accepts only
 * what bdb_ro reads safely and finitely: valid page numbers, index arrays
 * and items inside the page, every bucket page visited once, overflow chains
 * that make progress, header values of at least 8 bytes (bdb_ro passes a
 * 0 length on to librpm, which then trusts the blob). */

#define BDB_HASH_MAGIC 0x00061561u
#define BDB_BTREE_MAGIC 0x00053162u

struct bdbchk {
	const unsigned char *d;
	bool swap;             /* file byte order differs from the host's */
	uint32_t pagesize, lastpage, maxbucket;
	uint32_t spares[32];
	unsigned char *page;   /* the page being looked at, as bdb_ro sees it */
	unsigned char *ovpage;
	unsigned char *seen;   /* bucket pages visited */
	uint64_t bytes;        /* value bytes that will be read */
	size_t records;        /* values that librpm will import */
	char why[160];
};

static uint16_t h16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static uint32_t h32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void swap16_at(unsigned char *p)
{
	unsigned char t = p[0];

	p[0] = p[1];
	p[1] = t;
}

static void swap32_at(unsigned char *p)
{
	unsigned char t = p[0];

	p[0] = p[3];
	p[3] = t;
	t = p[1];
	p[1] = p[2];
	p[2] = t;
}

static int bdb_bad(struct bdbchk *v, const char *fmt, ...) VG_PRINTF(2, 3);
static int bdb_bad(struct bdbchk *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Load page pg into buf the way bdb_ro does; -1 where bdb_ro would fail. */
static int bdb_load(struct bdbchk *v, unsigned char *buf, uint32_t pg)
{
	uint32_t ps = v->pagesize;

	if (pg == 0 || pg > v->lastpage)
		return bdb_bad(v, "page number %" PRIu32 " out of range", pg);
	memcpy(buf, v->d + (size_t)pg * ps, ps);
	if (v->swap) {
		unsigned type = buf[25];

		swap32_at(buf + 8);
		swap32_at(buf + 12);
		swap32_at(buf + 16);
		swap16_at(buf + 20);
		swap16_at(buf + 22);
		/* Index offsets and overflow references of hash pages; other
		 * page types only matter for their header here. */
		if (type == 2 || type == 13) {
			uint32_t nent = h16(buf + 20), minoff;

			if (nent > (ps - 26) / 2)
				nent = (ps - 26) / 2;
			minoff = 26 + nent * 2;
			for (uint32_t i = 0; i < nent; i++) {
				uint32_t off;

				swap16_at(buf + 26 + i * 2);
				off = h16(buf + 26 + i * 2);
				if (off >= minoff && off < ps && buf[off] == 3 && off + 12 <= ps) {
					swap32_at(buf + off + 4);
					swap32_at(buf + off + 8);
				}
			}
		}
	}
	if (h32(buf + 8) != pg)
		return bdb_bad(v, "page %" PRIu32 " is numbered %" PRIu32, pg, h32(buf + 8));
	return 0;
}

/* Check the item at off (len bytes) of v->page. *len_out gets the data
 * length and *inl the inline data (NULL for an overflow item). */
static int bdb_item(struct bdbchk *v, int off, int len, uint32_t *len_out, const unsigned char **inl)
{
	const unsigned char *it = v->page + off;
	uint32_t pg, olen, left, steps = 0;

	if (len <= 0 || (uint32_t)off + (uint32_t)len > v->pagesize)
		return bdb_bad(v, "item outside its page");
	if (it[0] == 1) {
		*inl = it + 1;
		*len_out = (uint32_t)len - 1;
		return 0;
	}
	if (it[0] != 3 || len != 12)
		return bdb_bad(v, "unknown item type %u", it[0]);
	pg = h32(it + 4);
	olen = h32(it + 8);
	if (olen == 0 || olen > RPM_MAX_HEADER_BYTES)
		return bdb_bad(v, "overflow item of %" PRIu32 " bytes", olen);
	for (left = olen; left;) {
		uint32_t plen;

		if (bdb_load(v, v->ovpage, pg))
			return -1;
		if (v->ovpage[25] != 7)
			return bdb_bad(v, "page %" PRIu32 " is not an overflow page", pg);
		plen = h16(v->ovpage + 22);
		if (plen == 0 || plen + 26 > v->pagesize || plen > left)
			return bdb_bad(v, "overflow page %" PRIu32 " has a bad length", pg);
		left -= plen;
		pg = h32(v->ovpage + 16);
		if (++steps > v->lastpage)
			return bdb_bad(v, "overflow chain loops");
	}
	*inl = NULL;
	*len_out = olen;
	return 0;
}

static int bdb_check_page(struct bdbchk *v, size_t maxbytes)
{
	uint32_t ps = v->pagesize, n = h16(v->page + 20);

	if (v->page[25] != 2 && v->page[25] != 13)
		return bdb_bad(v, "page of type %u where a hash page belongs", v->page[25]);
	if (26 + 2 * n > ps)
		return bdb_bad(v, "page index larger than the page");
	for (uint32_t idx = 0; idx + 1 < n; idx += 2) {
		int koff = h16(v->page + 26 + 2 * idx), voff = h16(v->page + 28 + 2 * idx);
		int klen, vlen;
		uint32_t kl, vl;
		const unsigned char *k, *val;

		if ((uint32_t)koff >= ps || (uint32_t)voff >= ps || koff < (int)(26 + 2 * n) ||
		    voff < (int)(26 + 2 * n))
			return bdb_bad(v, "item offset out of range");
		klen = (idx == 0 ? (int)ps : (int)h16(v->page + 24 + 2 * idx)) - koff;
		vlen = koff - voff;
		if (bdb_item(v, koff, klen, &kl, &k) || bdb_item(v, voff, vlen, &vl, &val))
			return -1;
		/* bdb_ro's key: 4 bytes (the header number, 0 = not a header) */
		if (!k || kl != 4 || h32(k) == 0)
			continue;
		if (vl < 8)
			return bdb_bad(v, "header value of %" PRIu32 " bytes", vl);
		v->bytes += vl;
		if (++v->records > RPM_MAX_HEADERS)
			return bdb_bad(v, "more than %d headers", RPM_MAX_HEADERS);
		if (v->bytes > maxbytes)
			return bdb_bad(v, "header data adds up to more than the file holds");
	}
	return 0;
}

static uint32_t bdb_bucket_page(const struct bdbchk *v, uint32_t bucket)
{
	unsigned bits = 0;

	for (uint32_t b = bucket; b; b >>= 1)
		bits++;
	return bucket + v->spares[bits]; /* bits <= 31: maxbucket <= lastpage */
}

/* Returns 0 when bdb_ro can read d safely, else -1 with *code and v->why. */
static int bdb_check(struct bdbchk *v, const unsigned char *d, size_t len, enum vg_errcode *code)
{
	uint32_t m = h32(d + 12), version, bucket = 0, pg;
	bool be_file;

	*code = VG_EFORMAT;
	v->d = d;
	if (m == BDB_HASH_MAGIC || m == __builtin_bswap32(BDB_HASH_MAGIC)) {
		v->swap = m != BDB_HASH_MAGIC;
	} else {
		*code = VG_EUNSUPPORTED;
		return bdb_bad(v, "not a hash database (btree/queue Packages are not rpm's)");
	}
	be_file = rd_be32(d + 12) == BDB_HASH_MAGIC;
#define META(off) (be_file ? rd_be32(d + (off)) : rd_le32(d + (off)))
	version = META(16);
	v->pagesize = META(20);
	v->lastpage = META(32);
	v->maxbucket = META(72);
	for (unsigned i = 0; i < 32; i++)
		v->spares[i] = META(96 + 4 * i);
#undef META
	if (version < 8 || version > 10) {
		*code = VG_EUNSUPPORTED;
		return bdb_bad(v, "hash version %" PRIu32 " (librpm reads 8-10)", version);
	}
	if (v->pagesize < 512 || v->pagesize > 65536 || (v->pagesize & (v->pagesize - 1)))
		return bdb_bad(v, "bad page size %" PRIu32, v->pagesize);
	if (v->lastpage == 0 || ((uint64_t)v->lastpage + 1) * v->pagesize > len)
		return bdb_bad(v, "truncated: %" PRIu32 " pages of %" PRIu32 " bytes but %zu bytes",
			       v->lastpage + 1, v->pagesize, len);
	if (v->maxbucket > v->lastpage)
		return bdb_bad(v, "more buckets than pages");

	v->page = xmalloc(v->pagesize);
	v->ovpage = xmalloc(v->pagesize);
	v->seen = xcalloc((size_t)v->lastpage + 1, 1);
	pg = bdb_bucket_page(v, 0);
	for (;;) {
		if (bdb_load(v, v->page, pg))
			return -1;
		if (v->seen[pg])
			return bdb_bad(v, "page %" PRIu32 " reached twice", pg);
		v->seen[pg] = 1;
		if (bdb_check_page(v, len))
			return -1;
		pg = h32(v->page + 16);
		if (!pg) {
			if (bucket >= v->maxbucket)
				break;
			pg = bdb_bucket_page(v, ++bucket);
		}
	}
	return 0;
}

/* Escape '%' for an rpm macro value. */
static void add_macro_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '%')
			strbuf_addch(sb, '%');
		strbuf_addch(sb, *s);
	}
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Remove everything in dir (files only: we and librpm create no subdirs),
 * then dir. Returns -1 if anything is left. */
static int remove_tmpdir(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (dh) {
		while ((de = readdir(dh))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if (unlinkat(dirfd(dh), de->d_name, 0) != 0)
				ret = -1;
		}
		closedir(dh);
	}
	if (rmdir(dir) != 0)
		ret = -1;
	return ret;
}

static int parse_bdb(struct rpmctx *c, const char *data, size_t len)
{
	struct bdbchk chk;
	enum vg_errcode code;
	struct strbuf dir = STRBUF_INIT, file = STRBUF_INIT, mval = STRBUF_INIT;
	const char *tmp = getenv("TMPDIR");
	bool macros = false, made_dir = false;
	rpmts ts = NULL;
	rpmdbMatchIterator mi = NULL;
	Header h;
	int fd, ret = -1;

	c->fmt = "BerkeleyDB";
	if (len < 512)
		return ctx_fail(c, VG_EFORMAT, "truncated (%zu bytes)", len);
	memset(&chk, 0, sizeof(chk));
	ret = bdb_check(&chk, (const unsigned char *)data, len, &code);
	free(chk.page);
	free(chk.ovpage);
	free(chk.seen);
	if (ret)
		return ctx_fail(c, code, "%s", chk.why);
	ret = -1;

	strbuf_addf(&dir, "%s/vigil-rpmdb.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir.buf)) {
		ret = ctx_fail(c, VG_EIO, "cannot create a temporary directory in %s: %s",
			       tmp && *tmp ? tmp : "/tmp", strerror(errno));
		goto out;
	}
	made_dir = true;
	c->tmpdir = dir.buf;
	strbuf_addf(&file, "%s/Packages", dir.buf);
	fd = open(file.buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = ctx_fail(c, VG_EIO, "cannot create %s: %s", file.buf, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) != 0) {
		int e = errno;

		close(fd);
		ret = ctx_fail(c, VG_EIO, "cannot write %s: %s", file.buf, strerror(e));
		goto out;
	}
	if (close(fd) != 0) {
		ret = ctx_fail(c, VG_EIO, "cannot write %s: %s", file.buf, strerror(errno));
		goto out;
	}

	add_macro_escaped(&mval, dir.buf);
	rpmPushMacro(NULL, "_dbpath", NULL, mval.buf, RMIL_CMDLINE);
	rpmPushMacro(NULL, "_db_backend", NULL, "bdb_ro", RMIL_CMDLINE);
	macros = true;

	ts = rpmtsCreate();
	rpmtsSetRootDir(ts, "/");
	/* No digest or signature checks: they need a keyring, and headers
	 * are checked by headerImport like for the other formats. */
	rpmtsSetVSFlags(ts, RPMVSF_NOHDRCHK | RPMVSF_MASK_NODIGESTS | RPMVSF_MASK_NOSIGNATURES);
	if (rpmtsOpenDB(ts, O_RDONLY) != 0) {
		ret = ctx_fail(c, VG_EFORMAT, "librpm cannot open it");
		goto out;
	}
	mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
	if (!mi) {
		ret = ctx_fail(c, VG_EFORMAT, "librpm cannot iterate it");
		goto out;
	}
	while ((h = rpmdbNextIterator(mi))) {
		if (count_header(c, 0) || add_header(c, h, rpmdbGetIteratorOffset(mi)))
			goto out;
	}
	if (c->nheaders < chk.records)
		c->nskipped += chk.records - c->nheaders;
	ret = 0;
out:
	rpmdbFreeIterator(mi);
	if (ts)
		rpmtsFree(ts);
	if (macros) {
		rpmPopMacro(NULL, "_db_backend");
		rpmPopMacro(NULL, "_dbpath");
	}
	if (made_dir && remove_tmpdir(dir.buf) != 0) {
		if (ret == 0)
			ctx_warn(c, "could not remove temporary directory %s", dir.buf);
		else if (c->err) {
			size_t l = strlen(c->err->msg);

			snprintf(c->err->msg + l, sizeof(c->err->msg) - l,
				 "; temporary directory %s left behind", dir.buf);
		}
	}
	c->tmpdir = NULL;
	strbuf_release(&dir);
	strbuf_release(&file);
	strbuf_release(&mval);
	return ret;
}

/* ---- entry point -------------------------------------------------------- */

static int rpm_parse_mode(const char *path, const char *data, size_t len, struct inventory *inv, struct vg_err *err,
			  void (*file_fn)(void *, const char *, const char *), void *file_ctx)
{
	static const unsigned char sqlite_magic[16] = "SQLite format 3";
	const unsigned char *d = (const unsigned char *)data;
	struct rpmctx c;
	size_t start = inv->packages.n;
	int ret;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.fmt = "unknown";
	c.inv = inv;
	c.err = err;
	c.file_fn = file_fn;
	c.file_ctx = file_ctx;
	strbuf_init(&c.rpmerr);

	if (len == 0)
		return vg_err_set(err, VG_EFORMAT, "%s: empty file, not an rpmdb", path);
	if (len > RPMDB_MAX_BYTES)
		return vg_err_set(err, VG_ELIMIT, "%s: rpmdb of %zu bytes is over the %zu MiB limit",
				  path, len, RPMDB_MAX_BYTES >> 20);
	pthread_once(&rpm_once, rpm_init_once);
	if (rpm_init_rc != 0)
		return vg_err_set(err, VG_EINTERNAL, "%s: librpm could not read its configuration", path);

	c.found_in = arena_printf(&inv->arena, "/%s", path);
	c.budget = len;
	log_target = &c;
	if (len >= 16 && memcmp(d, sqlite_magic, 16) == 0)
		ret = parse_sqlite(&c, data, len);
	else if (len >= 4 && rd_le32(d) == NDB_MAGIC)
		ret = parse_ndb(&c, data, len);
	else if (len >= 16 && (rd_le32(d + 12) == BDB_HASH_MAGIC || rd_be32(d + 12) == BDB_HASH_MAGIC ||
			       rd_le32(d + 12) == BDB_BTREE_MAGIC || rd_be32(d + 12) == BDB_BTREE_MAGIC))
		ret = parse_bdb(&c, data, len);
	else
		ret = vg_err_set(err, VG_EFORMAT,
				 "%s: not an rpmdb (no sqlite, BerkeleyDB or ndb magic; %zu bytes)", path, len);
	log_target = NULL;

	if (ret == 0 && c.nadded == 0 && c.nskipped > 0)
		ret = ctx_fail(&c, VG_EFORMAT, "all %zu headers are damaged", c.nskipped);
	if (ret == 0) {
		if (c.rpmerr.len)
			ctx_warn(&c, "librpm: %.400s", c.rpmerr.buf);
		if (c.nskipped)
			ctx_warn(&c, "%zu damaged header(s) skipped", c.nskipped);
	} else {
		inv->packages.n = start; /* all or nothing: drop what this parse added */
	}
	if (c.nwarn_dropped)
		inventory_warn(inv, "%s: %zu more warning(s) not shown", path, c.nwarn_dropped);
	strbuf_release(&c.rpmerr);
	rpmlogClose(); /* librpm keeps every warning/error it logged */
	return ret;
}

static int rpm_parse(const char *path, const char *data, size_t len, struct inventory *inv, struct vg_err *err)
{
	return rpm_parse_mode(path, data, len, inv, err, NULL, NULL);
}

int rpm_each_file(const char *path, const char *data, size_t len, struct inventory *inv,
		  void (*fn)(void *ctx, const char *pkg, const char *file), void *ctx, struct vg_err *err)
{
	return rpm_parse_mode(path, data, len, inv, err, fn, ctx);
}

const struct analyzer analyzer_rpm = {
	.name = "rpm",
	.wants = rpm_wants,
	.parse = rpm_parse,
};
