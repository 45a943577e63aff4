/* gobinary.c - the "binary" analyzer: dependency lists that compilers embed
 * in ELF executables. Go (1.13+) writes its module build info to the
 * .go.buildinfo section: the magic "\xff Go buildinf:", a 32-byte header
 * (pointer size, flags), then the toolchain version and the modinfo text,
 * inline as varint-prefixed strings since Go 1.18 (flag 0x2), through
 * pointers to string headers before. cargo-auditable writes a zlib-compressed
 * JSON list of crates to the .dep-v0 section.
 *
 * extract runs on every executable ELF of an image, so it reads only the
 * section header table and those two sections; it scans for the Go magic
 * (the first 64 KiB of the first writable segment, as Go's debug/buildinfo
 * does) only when the section headers were stripped. Its summary has one
 * tab-separated line per fact:
 *   go <toolchain>                  path <main package path>
 *   mod <path> <version> <sum>      dep <path> <version> <sum>
 *   replace <path> <version> <sum>  (the replacement of the dep line above)
 *   cargo <name> <version> <source> <kind> <root: 0|1>
 *   warn <text>                     (a problem the scan should report)
 *
 * parse turns a summary into packages (found_in = "/" + path):
 * - Go: "stdlib" at the toolchain version in the Go vulnerability database's
 *   semver spelling (go1.19.8 -> v1.19.8, go1.21 -> v1.21.0, go1.21rc2 ->
 *   v1.21.0-rc.2, " X:..." experiment suffixes dropped; a "devel" toolchain
 *   gets no stdlib package); the main module unless its version is empty or
 *   "(devel)" (what go build records for the module being built; Trivy skips
 *   it too); every dep, a replaced one under its replacement's path and
 *   version (the code actually linked in, as Trivy and Syft report it). A
 *   replacement by a local directory has no version and is skipped.
 * - cargo: every crate of kind "runtime", the root crate included (it is the
 *   binary's own crate and has a version); "build" crates (build scripts,
 *   proc macros) are not linked into the binary and are skipped. */
#include <gelf.h>
#include <jansson.h>
#include <libelf.h>
#include <pthread.h>
#include <stdarg.h>
#include <zlib.h>

#include "analyzer.h"
#include "../core/lines.h"
#include "../core/strbuf.h"
#include "stanza.h"

#define GO_MAGIC "\xff Go buildinf:"
#define GO_MAGIC_LEN 14
#define GO_HEADER_LEN 32
#define GO_ALIGN 16
#define GO_FLAG_BIG_ENDIAN 0x1 /* pointer format: the pointers' byte order */
#define GO_FLAG_INLINE 0x2     /* Go 1.18+: strings follow the header */
#define GO_SENTINEL_LEN 16     /* modinfo is wrapped in two 16-byte markers */
#define GO_SCAN_MAX (64u << 10)
#define GO_STRING_MAX (4u << 20)
#define ELF_PHDR_MAX 4096u
#define ELF_SECTIONS_MAX 65536u
#define CARGO_JSON_MAX (16u << 20)
#define CARGO_CRATES_MAX 100000u
#define FIELD_MAX 1024
#define SUMMARY_WARN_MAX 32

/* Bytes of the file (or of a string in it). */
struct span {
	const unsigned char *p;
	size_t n;
};

/* One ELF file being looked at. */
struct elf_view {
	Elf *elf;
	const unsigned char *data;
	size_t len;
	bool has_sections;
	struct span go, dep; /* .go.buildinfo and .dep-v0; p is NULL when absent */
};

static pthread_once_t elf_once = PTHREAD_ONCE_INIT;

static void elf_init(void)
{
	elf_version(EV_CURRENT);
}

static bool go_binary_probe(const char *path, uint64_t size, uint32_t mode)
{
	VG_UNUSED(path);
	return (mode & 0111) && size >= 1024 && size <= (512ull << 20);
}

static bool go_binary_wants(const char *path)
{
	VG_UNUSED(path);
	return false;
}

/* ---- summary fields ---- */

/* No control bytes (tab and newline included), at most FIELD_MAX bytes. */
static bool is_text(const char *s, size_t n)
{
	if (n > FIELD_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static bool is_word(const char *s, size_t n)
{
	return n <= FIELD_MAX && is_single_word(s, n);
}

static bool is_word_or_empty(const char *s, size_t n)
{
	return n == 0 || is_word(s, n);
}

/* Append "warn\t<message>\n" (control bytes made '?'), at most SUMMARY_WARN_MAX times. */
static void summary_warn(struct strbuf *sb, int *warnings, const char *fmt, ...) VG_PRINTF(3, 4);
static void summary_warn(struct strbuf *sb, int *warnings, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if ((*warnings)++ >= SUMMARY_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	strbuf_addf(sb, "warn\t%s\n", msg);
}

/* ---- ELF ---- */

/* An unsigned integer of size bytes in the given byte order. */
static uint64_t read_uint(const unsigned char *p, int size, bool big_endian)
{
	uint64_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[big_endian ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

/* libelf allocates a descriptor per section up front: refuse files whose
 * header declares more than ELF_SECTIONS_MAX (real executables have dozens;
 * a hostile file could declare millions through the extended count). */
static bool section_count_ok(const unsigned char *d, size_t len)
{
	bool is64, big;
	uint64_t shoff, count;

	if (len < 64) /* an ELF64 header; the ELF32 one is 52 bytes */
		return false;
	is64 = d[EI_CLASS] == ELFCLASS64;
	big = d[EI_DATA] == ELFDATA2MSB;
	shoff = read_uint(d + (is64 ? 0x28 : 0x20), is64 ? 8 : 4, big);
	count = read_uint(d + (is64 ? 0x3c : 0x30), 2, big);
	if (count == 0 && shoff != 0 && shoff < len && len - shoff >= (is64 ? 64u : 40u))
		count = read_uint(d + shoff + (is64 ? 0x20 : 0x14), is64 ? 8 : 4, big); /* section 0's sh_size */
	return count <= ELF_SECTIONS_MAX;
}

/* The file bytes of a section, if it has some inside the file. */
static void section_span(const struct elf_view *v, const GElf_Shdr *sh, struct span *out)
{
	if (sh->sh_type == SHT_NOBITS || (sh->sh_flags & SHF_COMPRESSED))
		return;
	if (sh->sh_offset > v->len || sh->sh_size > v->len - sh->sh_offset)
		return;
	out->p = v->data + sh->sh_offset;
	out->n = sh->sh_size;
}

/* Find .go.buildinfo and .dep-v0 by name in the section header table. */
static void find_sections(struct elf_view *v)
{
	size_t nsections, shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(v->elf, &nsections) != 0 || nsections == 0 ||
	    elf_getshdrstrndx(v->elf, &shstrndx) != 0)
		return;
	v->has_sections = true;
	while ((scn = elf_nextscn(v->elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(v->elf, shstrndx, sh.sh_name)))
			continue;
		if (!v->go.p && strcmp(name, ".go.buildinfo") == 0)
			section_span(v, &sh, &v->go);
		else if (!v->dep.p && strcmp(name, ".dep-v0") == 0)
			section_span(v, &sh, &v->dep);
	}
}

/* The i-th PT_LOAD segment's header, or false past the last one. */
static bool load_segment(const struct elf_view *v, size_t *i, GElf_Phdr *ph)
{
	size_t n;

	if (elf_getphdrnum(v->elf, &n) != 0)
		return false;
	if (n > ELF_PHDR_MAX)
		n = ELF_PHDR_MAX;
	for (; *i < n; (*i)++)
		if (gelf_getphdr(v->elf, (int)*i, ph) && ph->p_type == PT_LOAD) {
			(*i)++;
			return true;
		}
	return false;
}

/* The file bytes of a segment (up to the end of the file). */
static bool segment_span(const struct elf_view *v, const GElf_Phdr *ph, struct span *out)
{
	if (ph->p_offset >= v->len)
		return false;
	out->p = v->data + ph->p_offset;
	out->n = v->len - ph->p_offset < ph->p_filesz ? v->len - ph->p_offset : ph->p_filesz;
	return true;
}

/* n bytes at virtual address addr, when a loaded segment holds them in the file. */
static bool vaddr_span(const struct elf_view *v, uint64_t addr, uint64_t n, struct span *out)
{
	GElf_Phdr ph;
	size_t i = 0;

	while (load_segment(v, &i, &ph)) {
		struct span seg;
		uint64_t off;

		if (addr < ph.p_vaddr || !segment_span(v, &ph, &seg))
			continue;
		off = addr - ph.p_vaddr;
		if (off > seg.n || n > seg.n - off)
			continue;
		out->p = seg.p + off;
		out->n = n;
		return true;
	}
	return false;
}

/* No section headers: Go's build info starts at a 16-byte boundary in the
 * first 64 KiB of the first writable, non-executable segment. */
static void scan_data_segment(struct elf_view *v)
{
	GElf_Phdr ph;
	struct span seg;
	size_t i = 0, window;
	bool found = false;

	while (!found && load_segment(v, &i, &ph))
		found = (ph.p_flags & (PF_X | PF_W)) == PF_W;
	if (!found || !segment_span(v, &ph, &seg))
		return;
	window = seg.n < GO_SCAN_MAX ? seg.n : GO_SCAN_MAX;
	for (size_t off = 0; off + GO_HEADER_LEN <= window; off += GO_ALIGN)
		if (memcmp(seg.p + off, GO_MAGIC, GO_MAGIC_LEN) == 0) {
			v->go.p = seg.p + off;
			v->go.n = seg.n - off;
			return;
		}
}

/* ---- Go build info ---- */

/* A uvarint-prefixed string at the start of *s; advances *s past it. */
static bool take_varint_string(struct span *s, struct span *out)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->n && i < 10; i++) {
		n |= (uint64_t)(s->p[i] & 0x7f) << (7 * i);
		if (!(s->p[i] & 0x80))
			break;
	}
	if (i >= s->n || i >= 10 || n > GO_STRING_MAX || n > s->n - i - 1)
		return false;
	out->p = s->p + i + 1;
	out->n = (size_t)n;
	s->p += i + 1 + n;
	s->n -= i + 1 + n;
	return true;
}

/* Before Go 1.18: the header holds the address of a Go string header
 * (data pointer, length) for each string. */
static bool read_string_at(const struct elf_view *v, uint64_t header_addr, int ptr_size, bool big_endian,
			   struct span *out)
{
	struct span hdr;
	uint64_t addr, n;

	if (!vaddr_span(v, header_addr, 2 * (uint64_t)ptr_size, &hdr))
		return false;
	addr = read_uint(hdr.p, ptr_size, big_endian);
	n = read_uint(hdr.p + ptr_size, ptr_size, big_endian);
	if (n > GO_STRING_MAX)
		return false;
	if (n == 0) {
		out->p = hdr.p;
		out->n = 0;
		return true;
	}
	return vaddr_span(v, addr, n, out);
}

/* The toolchain version and the modinfo text (without its markers); NULL,
 * or why they cannot be read. */
static const char *read_go_strings(const struct elf_view *v, struct span *version, struct span *mod)
{
	const unsigned char *h = v->go.p;
	int ptr_size = h[14];
	unsigned flags = h[15];

	if (flags & GO_FLAG_INLINE) {
		struct span rest = { h + GO_HEADER_LEN, v->go.n - GO_HEADER_LEN };
		if (!take_varint_string(&rest, version) || !take_varint_string(&rest, mod))
			return "Go build info truncated";
	} else {
		bool big = flags & GO_FLAG_BIG_ENDIAN;
		if ((ptr_size != 4 && ptr_size != 8) || v->go.n < 16 + 2 * (size_t)ptr_size)
			return "Go build info header corrupt";
		if (!read_string_at(v, read_uint(h + 16, ptr_size, big), ptr_size, big, version) ||
		    !read_string_at(v, read_uint(h + 16 + ptr_size, ptr_size, big), ptr_size, big, mod))
			return "Go build info (pre-1.18 format) points outside the file's loaded data"
			       " (a position-independent build?)";
	}
	if (mod->n >= 2 * GO_SENTINEL_LEN + 1 && mod->p[mod->n - GO_SENTINEL_LEN - 1] == '\n') {
		mod->p += GO_SENTINEL_LEN;
		mod->n -= 2 * GO_SENTINEL_LEN;
	} else {
		mod->n = 0;
	}
	return NULL;
}

/* Split a line at tabs into at most max fields; returns the count. */
static int split_tabs(const char *s, size_t n, const char **f, size_t *fn, int max)
{
	int nf = 0;

	while (nf < max) {
		const char *tab = memchr(s, '\t', n);
		size_t k = tab ? (size_t)(tab - s) : n;
		f[nf] = s;
		fn[nf++] = k;
		if (!tab)
			return nf;
		s += k + 1;
		n -= k + 1;
	}
	return nf + 1; /* more fields than max */
}

/* One "mod", "dep" or "=>" line of modinfo as a summary line; false when unusable. */
static bool add_module_line(struct strbuf *sb, const char *tag, const char **f, const size_t *fn, int nf)
{
	static const char empty[] = "";
	const char *version = nf > 2 ? f[2] : empty, *sum = nf > 3 ? f[3] : empty;
	size_t version_len = nf > 2 ? fn[2] : 0, sum_len = nf > 3 ? fn[3] : 0;
	bool replace = strcmp(tag, "replace") == 0;

	if (nf < 2 || nf > 4 || !(replace ? is_text(f[1], fn[1]) && fn[1] : is_word(f[1], fn[1])) ||
	    !is_word_or_empty(version, version_len) || !is_word_or_empty(sum, sum_len))
		return false;
	strbuf_addf(sb, "%s\t%.*s\t%.*s\t%.*s\n", tag, (int)fn[1], f[1], (int)version_len, version,
		    (int)sum_len, sum);
	return true;
}

/* The modinfo lines vigil uses ("build" settings are dropped). */
static void add_modinfo(struct strbuf *sb, struct span mod)
{
	struct line_cursor c = line_cursor_of((const char *)mod.p, mod.n);
	bool dep_kept = false;
	const char *line, *f[5];
	size_t n, fn[5];

	while (line_cursor_next(&c, &line, &n)) {
		int nf = split_tabs(line, n, f, fn, 5);
		bool is_dep = fn[0] == 3 && memcmp(f[0], "dep", 3) == 0;

		if (fn[0] == 4 && memcmp(f[0], "path", 4) == 0 && nf == 2 && is_word(f[1], fn[1]))
			strbuf_addf(sb, "path\t%.*s\n", (int)fn[1], f[1]);
		else if (fn[0] == 3 && memcmp(f[0], "mod", 3) == 0)
			add_module_line(sb, "mod", f, fn, nf);
		else if (fn[0] == 2 && memcmp(f[0], "=>", 2) == 0 && dep_kept)
			add_module_line(sb, "replace", f, fn, nf);
		dep_kept = is_dep && add_module_line(sb, "dep", f, fn, nf);
	}
}

/* Go build info -> "go", "path", "mod", "dep", "replace" lines; -1 with *what set when unreadable. */
static int add_go_info(struct strbuf *sb, const struct elf_view *v, const char **what)
{
	struct span version, mod;

	if (v->go.n < GO_HEADER_LEN || memcmp(v->go.p, GO_MAGIC, GO_MAGIC_LEN) != 0)
		return 0; /* a .go.buildinfo section without the magic: not Go's */
	if ((*what = read_go_strings(v, &version, &mod)))
		return -1;
	if (version.n && is_text((const char *)version.p, version.n))
		strbuf_addf(sb, "go\t%.*s\n", (int)version.n, (const char *)version.p);
	add_modinfo(sb, mod);
	return 0;
}

/* ---- cargo-auditable ---- */

/* Inflate a zlib (or gzip) stream of at most max bytes; NULL when it is
 * broken, truncated or larger. */
static char *inflate_capped(struct span in, size_t max, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap = 64 << 10, have = 0;
	char *out;
	int rc = Z_OK;

	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return NULL;
	out = xmalloc(cap + 1);
	z.next_in = (Bytef *)in.p;
	z.avail_in = in.n > UINT32_MAX ? UINT32_MAX : (uInt)in.n;
	while (rc == Z_OK) {
		if (have == cap) {
			if (cap >= max)
				break;
			cap = cap * 2 > max ? max : cap * 2;
			out = xrealloc(out, cap + 1);
		}
		z.next_out = (Bytef *)out + have;
		z.avail_out = (uInt)(cap - have);
		rc = inflate(&z, Z_NO_FLUSH);
		have = cap - z.avail_out;
	}
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	out[have] = '\0';
	*out_len = have;
	return out;
}

static const char *json_str(const json_t *o, const char *key, const char *dflt)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : dflt;
}

/* "crates.io", "git", ... or {"Other": "..."}. */
static const char *crate_source(const json_t *pkg)
{
	const json_t *s = json_object_get(pkg, "source");

	if (json_is_object(s))
		return json_str(s, "Other", "");
	return json_is_string(s) ? json_string_value(s) : "";
}

static void add_crate(struct strbuf *sb, const json_t *pkg)
{
	const char *name = json_str(pkg, "name", ""), *version = json_str(pkg, "version", "");
	const char *source = crate_source(pkg), *kind = json_str(pkg, "kind", "runtime");

	if (!is_word(name, strlen(name)) || !is_word(version, strlen(version)) ||
	    !is_word_or_empty(source, strlen(source)) || !is_word(kind, strlen(kind)))
		return;
	strbuf_addf(sb, "cargo\t%s\t%s\t%s\t%s\t%d\n", name, version, source, kind,
		    json_is_true(json_object_get(pkg, "root")) ? 1 : 0);
}

/* .dep-v0 -> "cargo" lines; -1 with *what set when unreadable. */
static int add_cargo_info(struct strbuf *sb, const struct elf_view *v, const char **what)
{
	json_error_t jerr;
	const json_t *pkgs;
	json_t *doc;
	size_t n, i;
	char *text = inflate_capped(v->dep, CARGO_JSON_MAX, &n);

	if (!text) {
		*what = "not a zlib stream of at most 16 MiB";
		return -1;
	}
	doc = json_loadb(text, n, 0, &jerr);
	free(text);
	pkgs = json_object_get(doc, "packages");
	if (!json_is_array(pkgs)) {
		json_decref(doc);
		*what = doc ? "no \"packages\" array" : "not JSON";
		return -1;
	}
	for (i = 0; i < json_array_size(pkgs) && i < CARGO_CRATES_MAX; i++)
		if (json_is_object(json_array_get(pkgs, i)))
			add_crate(sb, json_array_get(pkgs, i));
	json_decref(doc);
	return 0;
}

static char *go_binary_extract(const char *path, const char *data, size_t len, size_t *out_len, char *why,
			       size_t why_len)
{
	struct elf_view v = { .data = (const unsigned char *)data, .len = len };
	struct strbuf sb = STRBUF_INIT;
	const char *go_why = NULL, *cargo_why = NULL;
	int warnings = 0, go_rc = 0, cargo_rc = 0;

	VG_UNUSED(path);
	if (len < 4 || memcmp(data, ELFMAG, SELFMAG) != 0 || !section_count_ok(v.data, len))
		return NULL;
	pthread_once(&elf_once, elf_init);
	/* libelf only reads the image: nothing here writes or updates it */
	v.elf = elf_memory((char *)data, len);
	if (!v.elf)
		return NULL;
	if (elf_kind(v.elf) == ELF_K_ELF) {
		find_sections(&v);
		if (!v.has_sections)
			scan_data_segment(&v);
		if (v.go.p)
			go_rc = add_go_info(&sb, &v, &go_why);
		if (v.dep.p)
			cargo_rc = add_cargo_info(&sb, &v, &cargo_why);
	}
	elf_end(v.elf);
	if (sb.len && go_rc < 0)
		summary_warn(&sb, &warnings, "%s", go_why);
	if (sb.len && cargo_rc < 0)
		summary_warn(&sb, &warnings, "cargo-auditable .dep-v0 section: %s", cargo_why);
	if (sb.len == 0) {
		if (why && why_len && go_rc < 0)
			snprintf(why, why_len, "%s", go_why);
		else if (why && why_len && cargo_rc < 0)
			snprintf(why, why_len, "cargo-auditable .dep-v0 section: %s", cargo_why);
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, out_len);
}

/* ---- parse ---- */

/* The fields each summary line kind must have (the tag included). */
static int summary_fields(const char *tag, size_t n)
{
	static const struct {
		const char *tag;
		int fields;
	} kinds[] = {
		{ "go", 2 }, { "path", 2 }, { "mod", 4 }, { "dep", 4 }, { "replace", 4 }, { "cargo", 6 }, { "warn", 2 },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(kinds); i++)
		if (strlen(kinds[i].tag) == n && memcmp(kinds[i].tag, tag, n) == 0)
			return kinds[i].fields;
	return -1;
}

/* Does a split summary line hold what its kind needs? */
static bool summary_line_ok(const char **f, const size_t *fn, int nf)
{
	if (nf != summary_fields(f[0], fn[0]))
		return false;
	switch (f[0][0]) {
	case 'g': /* go */
	case 'w': /* warn */
		return fn[1] > 0 && is_text(f[1], fn[1]);
	case 'p': /* path */
		return is_word(f[1], fn[1]);
	case 'm': /* mod */
	case 'd': /* dep */
	case 'r': /* replace */
		return (f[0][0] == 'r' ? fn[1] > 0 && is_text(f[1], fn[1]) : is_word(f[1], fn[1])) &&
		       is_word_or_empty(f[2], fn[2]) && is_word_or_empty(f[3], fn[3]);
	default: /* cargo */
		return is_word(f[1], fn[1]) && is_word(f[2], fn[2]) && is_word_or_empty(f[3], fn[3]) &&
		       is_word(f[4], fn[4]) && fn[5] == 1 && (f[5][0] == '0' || f[5][0] == '1');
	}
}

struct go_reader {
	const char *path;
	const char *found_in;
	struct inventory *inv;
	int warnings;
	/* path, version and sum of the last dep line and of its replacement,
	 * emitted at the next other line or the end; NULL path: none */
	const char *dep[3], *repl[3];
	size_t dep_n[3], repl_n[3];
};

static bool is_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The length of "rc" or "beta" when s starts with one of them and more follows, else 0. */
static size_t prerelease_tag(const char *s, size_t n)
{
	if (n > 2 && memcmp(s, "rc", 2) == 0)
		return 2;
	if (n > 4 && memcmp(s, "beta", 4) == 0)
		return 4;
	return 0;
}

/* Go's toolchain version in semver form (see the top of the file); NULL for "devel ...". */
static const char *go_stdlib_version(struct inventory *inv, const char *v, size_t n)
{
	const char *num[3] = { "0", "0", "0" }, *p, *end, *pre = NULL;
	size_t num_n[3] = { 1, 1, 1 }, pre_n = 0, pre_tag_n = 0;
	int parts = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i] == ' ')
			n = i;
	if (n < 3 || memcmp(v, "go", 2) != 0 || v[2] < '0' || v[2] > '9')
		return NULL;
	p = v + 2;
	end = v + n;
	while (parts < 3 && p < end && *p >= '0' && *p <= '9') {
		num[parts] = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		num_n[parts] = (size_t)(p - num[parts]);
		parts++;
		if (p < end && *p == '.' && parts < 3)
			p++;
		else
			break;
	}
	if (p < end) {
		pre_tag_n = prerelease_tag(p, (size_t)(end - p));
		pre = p;
		pre_n = (size_t)(end - p);
		if (!pre_tag_n || !is_digits(p + pre_tag_n, pre_n - pre_tag_n) || p[-1] == '.')
			return arena_printf(&inv->arena, "v%.*s", (int)(n - 2), v + 2); /* unusual: kept as is */
	}
	if (pre)
		return arena_printf(&inv->arena, "v%.*s.%.*s.%.*s-%.*s.%.*s", (int)num_n[0], num[0], (int)num_n[1],
				    num[1], (int)num_n[2], num[2], (int)pre_tag_n, pre, (int)(pre_n - pre_tag_n),
				    pre + pre_tag_n);
	return arena_printf(&inv->arena, "v%.*s.%.*s.%.*s", (int)num_n[0], num[0], (int)num_n[1], num[1],
			    (int)num_n[2], num[2]);
}

static void add_package(struct go_reader *r, enum pkg_type type, const char *name, size_t name_n,
			const char *version)
{
	struct package *p = inventory_new_package(r->inv, type);

	p->name = inventory_strndup(r->inv, name, name_n);
	p->version = version;
	p->found_in = r->found_in;
}

/* A module with a real version: not empty, not "(devel)". */
static bool has_module_version(const char *v, size_t n)
{
	return n > 0 && !(n == 7 && memcmp(v, "(devel)", 7) == 0);
}

static void add_module(struct go_reader *r, const char *path, size_t path_n, const char *v, size_t v_n)
{
	if (has_module_version(v, v_n) && is_word(path, path_n))
		add_package(r, PKG_GO, path, path_n, inventory_strndup(r->inv, v, v_n));
}

static void flush_dep(struct go_reader *r)
{
	if (r->repl[0])
		add_module(r, r->repl[0], r->repl_n[0], r->repl[1], r->repl_n[1]);
	else if (r->dep[0])
		add_module(r, r->dep[0], r->dep_n[0], r->dep[1], r->dep_n[1]);
	r->dep[0] = r->repl[0] = NULL;
}

static void emit_line(struct go_reader *r, const char **f, const size_t *fn)
{
	const char *version;

	if (f[0][0] != 'r')
		flush_dep(r); /* a replacement follows its dep line directly */
	switch (f[0][0]) {
	case 'g':
		if ((version = go_stdlib_version(r->inv, f[1], fn[1])))
			add_package(r, PKG_GO, "stdlib", 6, version);
		break;
	case 'm':
		add_module(r, f[1], fn[1], f[2], fn[2]);
		break;
	case 'd':
		memcpy(r->dep, f + 1, sizeof(r->dep));
		memcpy(r->dep_n, fn + 1, sizeof(r->dep_n));
		break;
	case 'r':
		if (r->dep[0]) {
			memcpy(r->repl, f + 1, sizeof(r->repl));
			memcpy(r->repl_n, fn + 1, sizeof(r->repl_n));
		}
		break;
	case 'c':
		if (!(fn[4] == 5 && memcmp(f[4], "build", 5) == 0))
			add_package(r, PKG_CARGO, f[1], fn[1], inventory_strndup(r->inv, f[2], fn[2]));
		break;
	case 'w':
		warn_capped(r->inv, r->path, &r->warnings, SUMMARY_WARN_MAX, "%s: %.*s", r->path, (int)fn[1], f[1]);
		break;
	}
}

/* Two passes: every line is checked first, so a bad summary adds nothing. */
static int go_binary_parse(const char *path, const char *data, size_t len, struct inventory *out,
			   struct vg_err *err)
{
	struct go_reader r = { .path = path, .inv = out };
	struct line_cursor c = line_cursor_of(data, len);
	const char *line, *f[7];
	size_t n, fn[7];

	while (line_cursor_next(&c, &line, &n))
		if (!summary_line_ok(f, fn, split_tabs(line, n, f, fn, 6)))
			return vg_err_set(err, VG_EFORMAT, "%s: line %d: not a binary analyzer summary line",
					  path, c.lineno);
	r.found_in = arena_printf(&out->arena, "/%s", path);
	c = line_cursor_of(data, len);
	while (line_cursor_next(&c, &line, &n)) {
		split_tabs(line, n, f, fn, 6);
		emit_line(&r, f, fn);
	}
	flush_dep(&r);
	return 0;
}

const struct analyzer analyzer_gobinary = {
	.name = "binary",
	.wants = go_binary_wants,
	.parse = go_binary_parse,
	.probe = go_binary_probe,
	.magic = ELFMAG,
	.magic_len = SELFMAG,
	.extract = go_binary_extract,
};
