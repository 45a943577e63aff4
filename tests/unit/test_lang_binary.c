/* test_lang_binary.c - unit tests of the content-based analyzers
 * (analyzer/gobinary.c, analyzer/jar.c): the Go fixture binary against its
 * `go version -m` output, ELF files built at test time (objcopy on a copy of
 * /bin/true, cc for Go's pre-1.18 pointer format) for build info variants and
 * cargo-auditable sections, the real commons-text jar, the Debian jars'
 * extracted metadata zipped at test time, and hand-made zips (written here
 * byte by byte) for nesting, fallbacks, bounds and damage. */
#include "pkgtest.h"

#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "core/fileio.h"

#define SHARED_GO "images/lang/go/fixture-app"
#define SHARED_JAVA "images/lang/java"
#define FILE_MAX (600u << 20)

static char tmp_dir[64];

static int make_tmp_dir(void **state)
{
	snprintf(tmp_dir, sizeof(tmp_dir), "%s", "/tmp/vigil-test-binary.XXXXXX");
	return mkdtemp(tmp_dir) ? 0 : -1;
}

static int remove_tmp_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void tmp_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tmp_dir, name);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *read_whole(const char *path, size_t *len)
{
	struct vg_err err = { 0 };
	char *data = NULL;

	if (read_file_capped(path, FILE_MAX, &data, len, &err) != 0)
		fail_msg("%s", err.msg);
	return data;
}

static bool have_tool(const char *cmd)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "command -v %s >/dev/null 2>&1", cmd);
	return system(buf) == 0;
}

/* Run a shell command that must succeed. */
static void run(const char *fmt, ...) VG_PRINTF(1, 2);
static void run(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

/* extract, then parse into inv when there is a summary; returns the summary (caller frees). */
static char *analyze(const struct analyzer *a, const char *path, const char *data, size_t len,
		     struct inventory *inv, char *why, size_t why_len)
{
	struct vg_err err = { 0 };
	size_t n = 0;
	char *summary;

	why[0] = '\0';
	summary = a->extract(path, data, len, &n, why, why_len);
	if (!summary)
		return NULL;
	assert_int_equal(strlen(summary), n);
	if (a->parse(path, summary, n, inv, &err) != 0)
		fail_msg("%s: parse of its own summary failed: %s\n%s", path, err.msg, summary);
	return summary;
}

/* analyze() on a file of the test machine; path in the image = the file's path without "/". */
static char *analyze_file(const struct analyzer *a, const char *file, const char *image_path, struct inventory *inv,
			  char *why, size_t why_len)
{
	size_t len;
	char *data = read_whole(file, &len), *summary;

	summary = analyze(a, image_path, data, len, inv, why, why_len);
	free(data);
	return summary;
}

/* "name|version|found_in|inner" of every package, for assert_same_lines. */
static void describe_all(const struct inventory *inv, struct ptrvec *out, bool with_place)
{
	for (size_t i = 0; i < inv->packages.n; i++) {
		const struct package *p = inv->packages.v[i];
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s|%s", p->name, p->version);
		if (with_place)
			strbuf_addf(&sb, "|%s|%s", p->found_in, p->found_in_inner ? p->found_in_inner : "-");
		ptrvec_push(out, strbuf_detach(&sb, NULL));
	}
}

/* The inventory must hold exactly these "name|version[|found_in|inner]" lines. */
static void assert_packages(const char *what, const struct inventory *inv, bool with_place, const char *const *want,
			    size_t n)
{
	struct ptrvec got = PTRVEC_INIT, exp = PTRVEC_INIT;

	describe_all(inv, &got, with_place);
	for (size_t i = 0; i < n; i++)
		ptrvec_push(&exp, xstrdup(want[i]));
	assert_same_lines(what, "expected", &got, &exp);
	ptrvec_free(&got, free);
	ptrvec_free(&exp, free);
}

#define ASSERT_PACKAGES(what, inv, place, ...)                                              \
	do {                                                                                 \
		static const char *const want_[] = { __VA_ARGS__ };                          \
		assert_packages(what, inv, place, want_, VG_ARRAY_LEN(want_));               \
	} while (0)

/* ---- a zip writer (enough for jars: stored or deflated entries, no zip64) ---- */

struct zipw {
	struct strbuf data, cd;
	unsigned entries;
};

static void put16(struct strbuf *sb, unsigned v)
{
	strbuf_addch(sb, (char)(v & 0xff));
	strbuf_addch(sb, (char)(v >> 8 & 0xff));
}

static void put32(struct strbuf *sb, uint32_t v)
{
	put16(sb, v & 0xffff);
	put16(sb, v >> 16);
}

/* An entry whose bytes are already compressed (method 0 or 8). */
static void zip_add_raw(struct zipw *z, const char *name, int method, const void *stored, size_t stored_len,
			uint32_t size, uint32_t crc)
{
	uint32_t offset = (uint32_t)z->data.len;
	size_t nlen = strlen(name);

	put32(&z->data, 0x04034b50);
	put16(&z->data, 20);
	put16(&z->data, 0);
	put16(&z->data, (unsigned)method);
	put16(&z->data, 0);
	put16(&z->data, 0x21);
	put32(&z->data, crc);
	put32(&z->data, (uint32_t)stored_len);
	put32(&z->data, size);
	put16(&z->data, (unsigned)nlen);
	put16(&z->data, 0);
	strbuf_add(&z->data, name, nlen);
	strbuf_add(&z->data, stored, stored_len);

	put32(&z->cd, 0x02014b50);
	put16(&z->cd, 20);
	put16(&z->cd, 20);
	put16(&z->cd, 0);
	put16(&z->cd, (unsigned)method);
	put16(&z->cd, 0);
	put16(&z->cd, 0x21);
	put32(&z->cd, crc);
	put32(&z->cd, (uint32_t)stored_len);
	put32(&z->cd, size);
	put16(&z->cd, (unsigned)nlen);
	put16(&z->cd, 0);
	put16(&z->cd, 0);
	put16(&z->cd, 0);
	put16(&z->cd, 0);
	put32(&z->cd, 0);
	put32(&z->cd, offset);
	strbuf_add(&z->cd, name, nlen);
	z->entries++;
}

/* Raw deflate of data (caller frees). */
static char *deflate_raw(const void *data, size_t len, size_t *out_len)
{
	z_stream s = { 0 };
	size_t cap = deflateBound(&s, (uLong)len) + 64;
	char *out = xmalloc(cap);

	assert_int_equal(deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	s.next_in = (Bytef *)data;
	s.avail_in = (uInt)len;
	s.next_out = (Bytef *)out;
	s.avail_out = (uInt)cap;
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	*out_len = cap - s.avail_out;
	deflateEnd(&s);
	return out;
}

static void zip_add(struct zipw *z, const char *name, const void *data, size_t len, bool compress)
{
	uint32_t crc = (uint32_t)crc32(0, data, (uInt)len);

	if (compress) {
		size_t clen;
		char *c = deflate_raw(data, len, &clen);
		zip_add_raw(z, name, 8, c, clen, (uint32_t)len, crc);
		free(c);
	} else {
		zip_add_raw(z, name, 0, data, len, (uint32_t)len, crc);
	}
}

static void zip_add_str(struct zipw *z, const char *name, const char *text)
{
	zip_add(z, name, text, strlen(text), true);
}

/* pom.properties of group:artifact:version, at its usual place. */
static void zip_add_pom(struct zipw *z, const char *group, const char *artifact, const char *version)
{
	char name[512], text[512];

	snprintf(name, sizeof(name), "META-INF/maven/%s/%s/pom.properties", group, artifact);
	snprintf(text, sizeof(text), "#Generated by Maven\ngroupId=%s\nartifactId=%s\nversion=%s\n", group, artifact,
		 version);
	zip_add_str(z, name, text);
}

/* The finished zip (caller frees); z is emptied. */
static char *zip_finish(struct zipw *z, size_t *len)
{
	uint32_t cd_offset = (uint32_t)z->data.len, cd_size = (uint32_t)z->cd.len;

	strbuf_add(&z->data, z->cd.buf ? z->cd.buf : "", z->cd.len);
	put32(&z->data, 0x06054b50);
	put16(&z->data, 0);
	put16(&z->data, 0);
	put16(&z->data, z->entries);
	put16(&z->data, z->entries);
	put32(&z->data, cd_size);
	put32(&z->data, cd_offset);
	put16(&z->data, 0);
	strbuf_release(&z->cd);
	z->entries = 0;
	return strbuf_detach(&z->data, len);
}

/* A finished zip added to another as an entry (stored, as jar tools store nested jars). */
static void zip_add_zip(struct zipw *z, const char *name, struct zipw *inner)
{
	size_t len;
	char *data = zip_finish(inner, &len);

	zip_add(z, name, data, len, false);
	free(data);
}

/* ---- Go ---- */

/* Expected packages from `go version -m` output: stdlib, the main module
 * unless (devel), every dep (a "=>" line replacing the dep above it). */
static void expected_from_go_version_m(const char *file, struct ptrvec *out)
{
	char line[4096], last_dep[4096] = "";
	FILE *f = fopen(file, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *fields[5] = { 0 }, *s = line;
		int nf = 0;

		line[strcspn(line, "\n")] = '\0';
		if (!strchr(line, '\t')) { /* "<file>: go1.19.8" */
			char *go = strstr(line, ": go");
			assert_non_null(go);
			if (last_dep[0])
				ptrvec_push(out, xstrdup(last_dep));
			last_dep[0] = '\0';
			snprintf(last_dep, sizeof(last_dep), "stdlib|v%s", go + 4);
			continue;
		}
		while (*s == '\t')
			s++;
		while (nf < 5 && (fields[nf] = strsep(&s, "\t")))
			nf++;
		if (strcmp(fields[0], "=>") == 0) {
			snprintf(last_dep, sizeof(last_dep), "%s|%s", fields[1], fields[2]);
			continue;
		}
		if (last_dep[0])
			ptrvec_push(out, xstrdup(last_dep));
		last_dep[0] = '\0';
		if (strcmp(fields[0], "dep") == 0 || (strcmp(fields[0], "mod") == 0 && strcmp(fields[2], "(devel)")))
			snprintf(last_dep, sizeof(last_dep), "%s|%s", fields[1], fields[2]);
	}
	if (last_dep[0])
		ptrvec_push(out, xstrdup(last_dep));
	fclose(f);
}

static void test_go_fixture_matches_go_version_m(void **state)
{
	char file[4096], expected[4200], why[256];
	struct ptrvec got = PTRVEC_INIT, want = PTRVEC_INIT;
	struct inventory inv;
	char *summary;
	struct stat st;

	SKIP_WITHOUT_SHARED(file, SHARED_GO);
	snprintf(expected, sizeof(expected), "%s.go-version-m.txt", file);
	assert_int_equal(stat(file, &st), 0);
	assert_true(analyzer_gobinary.probe("usr/local/bin/fixture-app", (uint64_t)st.st_size, st.st_mode));
	inventory_init(&inv);
	summary = analyze_file(&analyzer_gobinary, file, "usr/local/bin/fixture-app", &inv, why, sizeof(why));
	assert_non_null(summary);
	assert_non_null(strstr(summary, "go\tgo1.19.8\n"));
	assert_non_null(strstr(summary, "path\texample.com/fixture-app\n"));
	assert_non_null(strstr(summary, "mod\texample.com/fixture-app\t(devel)\t\n"));
	assert_null(strstr(summary, "build"));
	describe_all(&inv, &got, false);
	expected_from_go_version_m(expected, &want);
	assert_int_equal(want.n, 4);
	assert_same_lines(file, "go version -m", &got, &want);
	for (size_t i = 0; i < inv.packages.n; i++) {
		const struct package *p = inv.packages.v[i];
		assert_int_equal(p->type, PKG_GO);
		assert_string_equal(p->found_in, "/usr/local/bin/fixture-app");
		assert_null(p->found_in_inner);
	}
	assert_int_equal(inv.warnings.n, 0);
	ptrvec_free(&got, free);
	ptrvec_free(&want, free);
	free(summary);
	inventory_free(&inv);
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Without section headers the build info is found in the first data segment. */
static void test_go_fixture_without_section_headers(void **state)
{
	char file[4096], why[256];
	struct inventory inv;
	char *data, *summary, *copy;
	size_t len;

	SKIP_WITHOUT_SHARED(file, SHARED_GO);
	data = read_whole(file, &len);
	copy = xmalloc(len + 1);
	memcpy(copy, data, len + 1);
	put_le((unsigned char *)copy + 0x28, 0, 8); /* e_shoff */
	put_le((unsigned char *)copy + 0x3c, 0, 2); /* e_shnum */
	put_le((unsigned char *)copy + 0x3e, 0, 2); /* e_shstrndx */
	inventory_init(&inv);
	summary = analyze(&analyzer_gobinary, "app", copy, len, &inv, why, sizeof(why));
	assert_non_null(summary);
	ASSERT_PACKAGES("stripped", &inv, false, "stdlib|v1.19.8", "github.com/google/uuid|v1.3.0",
			"github.com/sirupsen/logrus|v1.9.0", "golang.org/x/sys|v0.3.0");
	/* the file's bytes are untouched */
	put_le((unsigned char *)data + 0x28, 0, 8);
	put_le((unsigned char *)data + 0x3c, 0, 2);
	put_le((unsigned char *)data + 0x3e, 0, 2);
	assert_memory_equal(data, copy, len);
	free(summary);
	inventory_free(&inv);
	free(copy);
	free(data);
}

static void add_varint(struct strbuf *sb, size_t n)
{
	do {
		strbuf_addch(sb, (char)((n & 0x7f) | (n > 0x7f ? 0x80 : 0)));
		n >>= 7;
	} while (n);
}

#define GO_SENTINEL_START "0w\xaf\x0c\x92t\x08\x02" "A\xe1\xc1\x07\xe6\xd6\x18\xe6"
#define GO_SENTINEL_END "\xf9" "2C1\x86\x18 r\x00\x82" "B\x10" "A\x16\xd8\xf2"

/* A Go 1.18+ .go.buildinfo section: header, version, modinfo within its markers. */
static char *go_buildinfo_blob(const char *version, const char *modinfo, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, "\xff Go buildinf:", 14);
	strbuf_addch(&sb, 8);
	strbuf_addch(&sb, 2);
	while (sb.len < 32)
		strbuf_addch(&sb, 0);
	add_varint(&sb, strlen(version));
	strbuf_addstr(&sb, version);
	add_varint(&sb, 32 + strlen(modinfo));
	strbuf_add(&sb, GO_SENTINEL_START, 16);
	strbuf_addstr(&sb, modinfo);
	strbuf_add(&sb, GO_SENTINEL_END, 16);
	return strbuf_detach(&sb, len);
}

/* A copy of /bin/true with one or two extra sections (name, file holding its bytes). */
static bool elf_with_sections(const char *out, const char *sec1, const char *file1, const char *sec2,
			      const char *file2)
{
	char second[512] = "";

	if (!have_tool("objcopy") || access("/bin/true", R_OK) != 0) {
		fprintf(stderr, "# skip: objcopy or /bin/true absent\n");
		return false;
	}
	if (sec2)
		snprintf(second, sizeof(second), "--add-section '%s=%s'", sec2, file2);
	run("objcopy --add-section '%s=%s' %s /bin/true '%s'", sec1, file1, second, out);
	return true;
}

static void test_go_buildinfo_variants(void **state)
{
	static const char modinfo[] =
		"path\texample.com/app/cmd/app\n"
		"mod\texample.com/app\tv1.2.3\th1:abc=\n"
		"dep\tgithub.com/a/b\tv1.0.0\th1:x=\n"
		"dep\tgithub.com/old/c\tv0.1.0\n"
		"=>\tgithub.com/new/c\tv0.2.0\th1:y=\n"
		"dep\tgithub.com/local/d\tv0.0.1\n"
		"=>\t../d\t\t\n"
		"dep\tgolang.org/x/text\tv0.3.7\th1:z=\n"
		"build\t-compiler=gc\n"
		"build\tvcs.revision=0123456789abcdef\n";
	char blob_file[256], elf[256], why[256];
	struct inventory inv;
	char *blob, *summary;
	size_t len;

	tmp_path(blob_file, sizeof(blob_file), "buildinfo.bin");
	tmp_path(elf, sizeof(elf), "goapp");
	blob = go_buildinfo_blob("go1.21rc2", modinfo, &len);
	write_file(blob_file, blob, len);
	free(blob);
	if (!elf_with_sections(elf, ".go.buildinfo", blob_file, NULL, NULL))
		skip();
	inventory_init(&inv);
	summary = analyze_file(&analyzer_gobinary, elf, "app", &inv, why, sizeof(why));
	assert_non_null(summary);
	assert_non_null(strstr(summary, "dep\tgithub.com/old/c\tv0.1.0\t\nreplace\tgithub.com/new/c\tv0.2.0\th1:y=\n"));
	ASSERT_PACKAGES("variants", &inv, false, "stdlib|v1.21.0-rc.2", "example.com/app|v1.2.3",
			"github.com/a/b|v1.0.0", "github.com/new/c|v0.2.0", "golang.org/x/text|v0.3.7");
	free(summary);
	inventory_free(&inv);

	/* cut short: nothing, and a reason */
	blob = go_buildinfo_blob("go1.21.5", modinfo, &len);
	write_file(blob_file, blob, len - 20);
	free(blob);
	assert_true(elf_with_sections(elf, ".go.buildinfo", blob_file, NULL, NULL));
	inventory_init(&inv);
	assert_null(analyze_file(&analyzer_gobinary, elf, "app", &inv, why, sizeof(why)));
	assert_string_equal(why, "Go build info truncated");
	inventory_free(&inv);
}

/* Big-endian and 32-bit ELF files (objcopy output targets); libelf must not write to the file's bytes. */
static void test_go_other_elf_classes(void **state)
{
	static const char *const targets[] = { "elf64-big", "elf32-big", "elf32-i386", "elf64-x86-64" };
	char blob_file[256], elf[256], why[256], cmd[1024];
	char *blob, *data, *copy, *summary;
	size_t len;

	if (!have_tool("objcopy")) {
		fprintf(stderr, "# skip: no objcopy\n");
		skip();
	}
	tmp_path(blob_file, sizeof(blob_file), "buildinfo-classes.bin");
	tmp_path(elf, sizeof(elf), "classes.o");
	blob = go_buildinfo_blob("go1.20.3", "path\tx\nmod\tx\tv1.0.0\t\ndep\ta/b\tv2.0.0\t\n", &len);
	write_file(blob_file, blob, len);
	free(blob);
	for (size_t i = 0; i < VG_ARRAY_LEN(targets); i++) {
		struct inventory inv;

		snprintf(cmd, sizeof(cmd),
			 "objcopy -I binary -O %s --add-section '.go.buildinfo=%s' '%s' '%s' 2>/dev/null",
			 targets[i], blob_file, blob_file, elf);
		if (system(cmd) != 0) {
			fprintf(stderr, "# %s: objcopy cannot write it; skipped\n", targets[i]);
			continue;
		}
		data = read_whole(elf, &len);
		copy = xmalloc(len + 1);
		memcpy(copy, data, len + 1);
		inventory_init(&inv);
		summary = analyze(&analyzer_gobinary, "x.o", data, len, &inv, why, sizeof(why));
		assert_non_null(summary);
		ASSERT_PACKAGES(targets[i], &inv, false, "stdlib|v1.20.3", "x|v1.0.0", "a/b|v2.0.0");
		assert_memory_equal(data, copy, len);
		free(summary);
		inventory_free(&inv);
		free(copy);
		free(data);
	}
}

/* Before Go 1.18 the header points at Go string headers: built with cc, without PIE. */
#define OLD_GO_SOURCE \
	"struct gostr { const char *p; unsigned long n; };\n" \
	"static const char ver[] = \"go1.16.15\";\n" \
	"static const char mod[] = \"%s\" \"path\\tx.io/tool\\nmod\\tx.io/tool\\tv0.9.0\\th1:q=\\n\"\n" \
	"  \"dep\\tgithub.com/pkg/errors\\tv0.9.1\\th1:r=\\n\" \"%s\";\n" \
	"static const struct gostr vs = { ver, sizeof ver - 1 }, ms = { mod, sizeof mod - 1 };\n" \
	"__attribute__((section(\".go.buildinfo\"), used, aligned(16)))\n" \
	"const struct { char magic[14]; unsigned char ps, flags; const struct gostr *v, *m; } bi =\n" \
	"  { \"\\377 Go buildinf:\", sizeof(void *), 0, &vs, &ms };\n" \
	"int main(void) { return bi.flags; }\n"

static void test_go_pointer_format(void **state)
{
	char c_file[256], elf[256], why[256], start[128] = "", end[128] = "";
	struct strbuf src = STRBUF_INIT;
	struct inventory inv;
	char *summary, cmd[1024];

	if (!have_tool("cc")) {
		fprintf(stderr, "# skip: no cc\n");
		skip();
	}
	for (int i = 0; i < 16; i++) {
		snprintf(start + 4 * i, 5, "\\%03o", (unsigned char)GO_SENTINEL_START[i]);
		snprintf(end + 4 * i, 5, "\\%03o", (unsigned char)GO_SENTINEL_END[i]);
	}
	strbuf_addf(&src, OLD_GO_SOURCE, start, end);
	tmp_path(c_file, sizeof(c_file), "oldgo.c");
	tmp_path(elf, sizeof(elf), "oldgo");
	write_file(c_file, src.buf, src.len);
	strbuf_release(&src);
	snprintf(cmd, sizeof(cmd), "cc -O0 -fno-pie -no-pie -o '%s' '%s' 2>/dev/null", elf, c_file);
	if (system(cmd) != 0) {
		fprintf(stderr, "# skip: cc -no-pie failed\n");
		skip();
	}
	inventory_init(&inv);
	summary = analyze_file(&analyzer_gobinary, elf, "usr/bin/tool", &inv, why, sizeof(why));
	assert_non_null(summary);
	ASSERT_PACKAGES("pointer format", &inv, false, "stdlib|v1.16.15", "x.io/tool|v0.9.0",
			"github.com/pkg/errors|v0.9.1");
	free(summary);
	inventory_free(&inv);
}

static void test_go_stdlib_versions(void **state)
{
	static const struct {
		const char *go, *want;
	} cases[] = {
		{ "go1.19.8", "v1.19.8" },
		{ "go1.19", "v1.19.0" },
		{ "go1.21.0", "v1.21.0" },
		{ "go1.21rc2", "v1.21.0-rc.2" },
		{ "go1.18beta1", "v1.18.0-beta.1" },
		{ "go1.9.2rc2", "v1.9.2-rc.2" },
		{ "go1.22.3 X:boringcrypto", "v1.22.3" },
		{ "go1.20.1-custom", "v1.20.1-custom" },
		{ "devel go1.23-abcdef Tue", NULL },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct vg_err err = { 0 };
		struct inventory inv;
		char text[256];

		snprintf(text, sizeof(text), "go\t%s\n", cases[i].go);
		inventory_init(&inv);
		assert_int_equal(analyzer_gobinary.parse("bin/x", text, strlen(text), &inv, &err), 0);
		if (!cases[i].want) {
			assert_int_equal(inv.packages.n, 0);
		} else {
			assert_int_equal(inv.packages.n, 1);
			assert_string_equal(((struct package *)inv.packages.v[0])->name, "stdlib");
			assert_string_equal(((struct package *)inv.packages.v[0])->version, cases[i].want);
		}
		inventory_free(&inv);
	}
}

static void test_go_bad_summaries_are_errors(void **state)
{
	static const char *const bad[] = {
		"bogus\tline\n", "dep\tx\n", "go\n", "\n", "dep\tx y\tv1\t\n", "cargo\ta\t1\tcrates.io\truntime\t2\n",
		"go\tgo1.19\ndep\ta\tv1\t\nwarn\n", "dep\ta\tv1\t\t\n",
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		struct vg_err err = { 0 };
		struct inventory inv;

		inventory_init(&inv);
		assert_int_equal(analyzer_gobinary.parse("bin/x", bad[i], strlen(bad[i]), &inv, &err), -1);
		assert_int_equal(inv.packages.n, 0);
		assert_non_null(strstr(err.msg, "bin/x: line"));
		inventory_free(&inv);
	}
	{
		struct vg_err err = { 0 };
		struct inventory inv;
		static const char nul[] = "go\tgo1.2\0\n";

		inventory_init(&inv);
		assert_int_equal(analyzer_gobinary.parse("bin/x", nul, sizeof(nul) - 1, &inv, &err), -1);
		inventory_free(&inv);
	}
}

/* ---- cargo-auditable ---- */

static char *zlib_compress(const char *text, size_t *len)
{
	uLongf n = compressBound((uLong)strlen(text));
	char *out = xmalloc(n);

	assert_int_equal(compress2((Bytef *)out, &n, (const Bytef *)text, (uLong)strlen(text), 9), Z_OK);
	*len = n;
	return out;
}

static void test_cargo_auditable(void **state)
{
	static const char json[] =
		"{\"packages\":["
		"{\"name\":\"hello\",\"version\":\"0.1.0\",\"source\":\"local\",\"dependencies\":[1,2,3],"
		"\"root\":true},"
		"{\"name\":\"serde\",\"version\":\"1.0.188\",\"source\":\"crates.io\",\"dependencies\":[4]},"
		"{\"name\":\"libc\",\"version\":\"0.2.147\",\"source\":\"crates.io\",\"kind\":\"runtime\"},"
		"{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\",\"kind\":\"build\"},"
		"{\"name\":\"serde_derive\",\"version\":\"1.0.188\",\"source\":{\"Other\":\"my-registry\"}},"
		"{\"name\":\"bad name\",\"version\":\"1\",\"source\":\"crates.io\"},"
		"{\"version\":\"1\"}, 7]}";
	char dep_file[256], go_file[256], elf[256], why[256];
	struct inventory inv;
	char *z, *summary, *blob;
	size_t len;

	tmp_path(dep_file, sizeof(dep_file), "dep-v0.bin");
	tmp_path(go_file, sizeof(go_file), "gobuild.bin");
	tmp_path(elf, sizeof(elf), "rustapp");
	z = zlib_compress(json, &len);
	write_file(dep_file, z, len);
	free(z);
	if (!elf_with_sections(elf, ".dep-v0", dep_file, NULL, NULL))
		skip();
	inventory_init(&inv);
	summary = analyze_file(&analyzer_gobinary, elf, "usr/bin/hello", &inv, why, sizeof(why));
	assert_non_null(summary);
	assert_non_null(strstr(summary, "cargo\thello\t0.1.0\tlocal\truntime\t1\n"));
	assert_non_null(strstr(summary, "cargo\tcc\t1.0.83\tcrates.io\tbuild\t0\n"));
	assert_non_null(strstr(summary, "cargo\tserde_derive\t1.0.188\tmy-registry\truntime\t0\n"));
	ASSERT_PACKAGES("cargo", &inv, true, "hello|0.1.0|/usr/bin/hello|-", "serde|1.0.188|/usr/bin/hello|-",
			"libc|0.2.147|/usr/bin/hello|-", "serde_derive|1.0.188|/usr/bin/hello|-");
	for (size_t i = 0; i < inv.packages.n; i++)
		assert_int_equal(((struct package *)inv.packages.v[i])->type, PKG_CARGO);
	free(summary);
	inventory_free(&inv);

	/* both in one binary; and a broken .dep-v0 next to good Go info is a warning */
	blob = go_buildinfo_blob("go1.22.1", "path\tm\nmod\tm\tv1.0.0\t\n", &len);
	write_file(go_file, blob, len);
	free(blob);
	write_file(dep_file, "not zlib at all", 15);
	assert_true(elf_with_sections(elf, ".go.buildinfo", go_file, ".dep-v0", dep_file));
	inventory_init(&inv);
	summary = analyze_file(&analyzer_gobinary, elf, "usr/bin/both", &inv, why, sizeof(why));
	assert_non_null(summary);
	ASSERT_PACKAGES("broken cargo", &inv, false, "stdlib|v1.22.1", "m|v1.0.0");
	assert_true(any_warning_contains(&inv, "usr/bin/both: cargo-auditable .dep-v0 section: not a zlib stream"));
	free(summary);
	inventory_free(&inv);

	/* only a broken .dep-v0: NULL and a reason */
	z = zlib_compress("{\"packages\": {}}", &len);
	write_file(dep_file, z, len);
	free(z);
	assert_true(elf_with_sections(elf, ".dep-v0", dep_file, NULL, NULL));
	inventory_init(&inv);
	assert_null(analyze_file(&analyzer_gobinary, elf, "usr/bin/x", &inv, why, sizeof(why)));
	assert_non_null(strstr(why, ".dep-v0"));
	inventory_free(&inv);
}

/* ---- ELF files without build info ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_other_elf_files_give_nothing(void **state)
{
	static const char *const files[] = { "/bin/true", "/usr/bin/ls", "/bin/sh" };
	char why[256] = "x";

	for (size_t i = 0; i < VG_ARRAY_LEN(files); i++) {
		struct inventory inv;
		struct stat st;
		size_t len;
		char *data, *copy;
		double t;

		if (stat(files[i], &st) != 0)
			continue;
		data = read_whole(files[i], &len);
		copy = xmalloc(len);
		memcpy(copy, data, len);
		assert_true(analyzer_gobinary.probe(files[i] + 1, (uint64_t)st.st_size, st.st_mode));
		inventory_init(&inv);
		t = now();
		assert_null(analyze(&analyzer_gobinary, files[i] + 1, data, len, &inv, why, sizeof(why)));
		fprintf(stderr, "# %s: %.3f ms\n", files[i], (now() - t) * 1e3);
		assert_string_equal(why, "");
		assert_memory_equal(data, copy, len);
		inventory_free(&inv);
		free(copy);
		free(data);
	}
	/* not ELF, or too short */
	assert_null(analyzer_gobinary.extract("x", "\x7f" "ELF", 4, &(size_t){ 0 }, why, sizeof(why)));
	assert_null(analyzer_gobinary.extract("x", "#!/bin/sh\nexit 0\n", 17, &(size_t){ 0 }, why, sizeof(why)));
}

static void test_binary_probe(void **state)
{
	const struct analyzer *a = &analyzer_gobinary;

	assert_false(a->wants("usr/bin/ls"));
	assert_true(a->probe("usr/bin/app", 4096, 0100755));
	assert_true(a->probe("usr/bin/app", 4096, 0100700));
	assert_false(a->probe("usr/bin/app", 4096, 0100644));
	assert_false(a->probe("usr/bin/app", 1023, 0100755));
	assert_false(a->probe("usr/bin/app", (512ull << 20) + 1, 0100755));
	assert_int_equal(a->magic_len, 4);
	assert_memory_equal(a->magic, "\x7f" "ELF", 4);
	assert_string_equal(a->name, "binary");
}

/* ---- jars ---- */

static void test_jar_probe(void **state)
{
	const struct analyzer *a = &analyzer_jar;

	assert_false(a->wants("usr/share/java/x.jar"));
	assert_string_equal(a->name, "jar");
	assert_memory_equal(a->magic, "PK\x03\x04", 4);
	for (const char *const *n = (const char *const[]){ "a.jar", "b.WAR", "c.ear", "d.Par", "e.sar", "f.jpi",
							   "g.hpi", NULL }; *n; n++)
		assert_true(a->probe(*n, 100, 0100644));
	assert_false(a->probe("x.rar", 100, 0100644));
	assert_false(a->probe("x.zip", 100, 0100644));
	assert_false(a->probe("jar", 100, 0100644));
	assert_false(a->probe("dir.jar/file", 100, 0100644));
	assert_false(a->probe("x.jar", (512ull << 20) + 1, 0100644));
}

static void test_commons_text_jar(void **state)
{
	char file[4096], why[256];
	struct inventory inv;
	char *summary;

	SKIP_WITHOUT_SHARED(file, SHARED_JAVA "/commons-text-1.10.0.jar");
	inventory_init(&inv);
	summary = analyze_file(&analyzer_jar, file, "usr/share/java/commons-text-1.10.0.jar", &inv, why, sizeof(why));
	assert_non_null(summary);
	assert_string_equal(summary, "maven\torg.apache.commons\tcommons-text\t1.10.0\t-\n");
	ASSERT_PACKAGES("commons-text", &inv, true,
			"org.apache.commons:commons-text|1.10.0|/usr/share/java/commons-text-1.10.0.jar|-");
	assert_int_equal(((struct package *)inv.packages.v[0])->type, PKG_MAVEN);
	free(summary);
	inventory_free(&inv);
}

/* The Debian jars' META-INF, zipped here: pom.properties wins; without it, MANIFEST.MF. */
static void test_debian_jar_metadata(void **state)
{
	static const struct {
		const char *dir, *pom, *manifest;
	} cases[] = {
		{ "log4j-core.jar", "org.apache.logging.log4j:log4j-core|2.19.0", NULL },
		{ "log4j-api.jar", "org.apache.logging.log4j:log4j-api|2.19.0", NULL },
		{ "jackson-databind.jar", "com.fasterxml.jackson.core:jackson-databind|2.14.0", NULL },
		{ "jackson-core.jar", "com.fasterxml.jackson.core:jackson-core|2.14.1", NULL },
		{ "commons-text.jar", "org.apache.commons:commons-text|1.10.0", NULL },
		{ "commons-lang3.jar", "org.apache.commons:commons-lang3|3.12.0", "org.apache.commons:lang3|3.12.0" },
		{ "guava.jar", "com.google.guava:guava|31.1-jre", "com.google:guava|31.1.0.jre" },
		{ "gson.jar", "com.google.code.gson:gson|2.10", "com.google:Gson|2.7.0" },
		{ "httpclient.jar", "org.apache.httpcomponents:httpclient|4.5.14", NULL },
		{ "commons-compress.jar", "org.apache.commons:commons-compress|1.22", NULL },
	};
	char root[4096];

	SKIP_WITHOUT_SHARED(root, SHARED_JAVA "/extracted-metadata");
	if (!have_tool("zip")) {
		fprintf(stderr, "# skip: no zip\n");
		skip();
	}
	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		char jar[512], why[256], *summary;
		struct inventory inv;

		tmp_path(jar, sizeof(jar), cases[i].dir);
		unlink(jar);
		run("cd '%s/%s' && zip -qr '%s' META-INF", root, cases[i].dir, jar);
		inventory_init(&inv);
		summary = analyze_file(&analyzer_jar, jar, "usr/share/java/x.jar", &inv, why, sizeof(why));
		assert_non_null(summary);
		assert_packages(cases[i].dir, &inv, false, &cases[i].pom, 1);
		free(summary);
		inventory_free(&inv);

		/* the manifest alone */
		unlink(jar);
		run("cd '%s/%s' && zip -q '%s' META-INF/MANIFEST.MF", root, cases[i].dir, jar);
		inventory_init(&inv);
		summary = analyze_file(&analyzer_jar, jar, "usr/share/java/x.jar", &inv, why, sizeof(why));
		if (cases[i].manifest)
			assert_packages(cases[i].dir, &inv, false, &cases[i].manifest, 1);
		else if (summary)
			assert_int_equal(inv.packages.n, strstr(summary, "maven\t") ? 1 : 0);
		free(summary);
		inventory_free(&inv);
	}
}

/* pom.properties spellings: ':' and '=' separators, blanks, comments, escapes, continuations. */
static void test_pom_properties_syntax(void **state)
{
	static const struct {
		const char *file, *want;
	} syft[] = {
		{ "small.pom.properties", "org.anchore:example-java-app-maven|0.1.0" },
		{ "extra.pom.properties", "org.anchore:example-java-app-maven|0.1.0" },
		{ "colon-delimited.pom.properties", "org.anchore:example-java-app-maven|0.1.0" },
		{ "colon-delimited-with-equals.pom.properties", "org.anchore:example-java=app-maven|0.1.0=something" },
		{ "equals-delimited-with-colons.pom.properties", "org.anchore:example-java:app-maven|0.1.0:something" },
	};
	static const struct {
		const char *text, *want;
	} own[] = {
		{ "! comment\n  groupId = g.h \r\nartifactId\ta\nversion:1.\\\n    2.3\n", "g.h:a|1.2.3" },
		{ "groupId=\\u0067\nartifactId=a\\\\b\nversion=\\u00311\n", "g:a\\b|11" },
		{ "version=2.0\n", "dir-group:dir-artifact|2.0" }, /* the directory names stand in */
		{ "groupId=g\nartifactId=a\nversion=1.0\nversion=9.9\n", "g:a|9.9" }, /* the last one wins */
	};
	char root[4096], file[8192];

	for (size_t i = 0; i < VG_ARRAY_LEN(own) + VG_ARRAY_LEN(syft); i++) {
		bool is_own = i < VG_ARRAY_LEN(own);
		struct zipw z = { STRBUF_INIT, STRBUF_INIT, 0 };
		char why[256], *data = NULL, *zip, *summary;
		struct inventory inv;
		size_t len;

		if (is_own) {
			data = xstrdup(own[i].text);
		} else {
			if (!test_shared_path(root, sizeof(root), "images/lang/syft-testdata"))
				break;
			snprintf(file, sizeof(file), "%s/syft/pkg/cataloger/java/testdata/pom/%s", root,
				 syft[i - VG_ARRAY_LEN(own)].file);
			data = read_whole(file, &len);
		}
		zip_add_str(&z, "META-INF/maven/dir-group/dir-artifact/pom.properties", data);
		zip = zip_finish(&z, &len);
		inventory_init(&inv);
		summary = analyze(&analyzer_jar, "app/x.jar", zip, len, &inv, why, sizeof(why));
		assert_non_null(summary);
		assert_packages(is_own ? own[i].text : file, &inv, false,
				is_own ? &own[i].want : &syft[i - VG_ARRAY_LEN(own)].want, 1);
		free(summary);
		inventory_free(&inv);
		free(zip);
		free(data);
	}
}

static void test_nested_jars_to_depth_two(void **state)
{
	struct zipw outer = { STRBUF_INIT, STRBUF_INIT, 0 }, inner = outer, deep = outer, deeper = outer;
	struct inventory inv;
	char why[256], *zip, *summary;
	size_t len;

	zip_add_pom(&deeper, "com.example", "deeper", "4.0.0");
	zip_add_pom(&deep, "com.example", "deep", "3.0.0");
	zip_add_zip(&deep, "lib/deeper-4.0.0.jar", &deeper);
	zip_add_pom(&inner, "com.example", "inner", "2.0.0");
	zip_add_pom(&inner, "org.shaded", "shaded", "0.5");
	zip_add_zip(&inner, "lib/deep.jar", &deep);
	zip_add_str(&inner, "com/example/Inner.class", "\xca\xfe\xba\xbe");
	zip_add_str(&outer, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: x.Y\r\n");
	zip_add_pom(&outer, "com.example", "outer", "1.0.0");
	zip_add_zip(&outer, "BOOT-INF/lib/inner-2.0.0.jar", &inner);
	zip_add_str(&outer, "BOOT-INF/lib/notes.txt", "not a jar");
	zip = zip_finish(&outer, &len);
	inventory_init(&inv);
	summary = analyze(&analyzer_jar, "app/app.jar", zip, len, &inv, why, sizeof(why));
	assert_non_null(summary);
	ASSERT_PACKAGES("nested", &inv, true, "com.example:outer|1.0.0|/app/app.jar|-",
			"com.example:inner|2.0.0|/app/app.jar|BOOT-INF/lib/inner-2.0.0.jar",
			"org.shaded:shaded|0.5|/app/app.jar|BOOT-INF/lib/inner-2.0.0.jar",
			"com.example:deep|3.0.0|/app/app.jar|BOOT-INF/lib/inner-2.0.0.jar!lib/deep.jar");
	assert_true(any_warning_contains(&inv, "app/app.jar: archives nested more than 2 levels deep were not read"));
	free(summary);
	inventory_free(&inv);
	free(zip);
}

static void test_manifest_and_file_name_fallbacks(void **state)
{
	static const struct {
		const char *name, *manifest, *want;
	} cases[] = {
		{ "app.jar",
		  "Manifest-Version: 1.0\r\nImplementation-Title: my-lib\r\nImplementation-Version: 1.2.3\r\n"
		  "Implementation-Vendor-Id: org.example\r\n\r\nName: x/\r\nImplementation-Version: 9\r\n",
		  "org.example:my-lib|1.2.3" },
		/* a continuation line, directives after ';', Bundle-Version */
		{ "app.jar",
		  "Manifest-Version: 1.0\nBundle-SymbolicName: org.example.fo\n o;singleton:=true\n"
		  "Bundle-Version: 2.0\n",
		  "org.example:foo|2.0" },
		/* a title with spaces is no artifact name; the symbolic name's last part is */
		{ "app.jar",
		  "Implementation-Title: My Library\nBundle-SymbolicName: org.example.mylib\n"
		  "Implementation-Version: 3\n",
		  "org.example:mylib|3" },
		/* no version in the manifest: the file name */
		{ "foo-bar-2.3.4.jar", "Manifest-Version: 1.0\nImplementation-Title: foo-bar\n", "foo-bar|2.3.4" },
		/* no group: the file name */
		{ "tool-1.0.jar", "Implementation-Title: tool\nImplementation-Version: 1.0\n", "tool|1.0" },
		{ "guava-31.1-jre.jar", NULL, "guava|31.1-jre" },
		{ "log4j-1.2-api-2.19.0.JAR", NULL, "log4j-1.2-api|2.19.0" },
		{ "bar-2.0-1.jar", NULL, "bar|2.0-1" },
		{ "jsr305-0.1~+svn49.jar", NULL, "jsr305|0.1~+svn49" },
		{ "app.jar", NULL, NULL },
		{ "app-v2.jar", NULL, NULL },
		{ "app.jar", "Implementation-Title: x\nImplementation-Version: ${project.version}\n", NULL },
	};

	for (size_t i = 0; i < VG_ARRAY_LEN(cases); i++) {
		struct zipw z = { STRBUF_INIT, STRBUF_INIT, 0 };
		char path[256], why[256] = "", *zip, *summary;
		struct inventory inv;
		size_t len;

		if (cases[i].manifest)
			zip_add_str(&z, "META-INF/MANIFEST.MF", cases[i].manifest);
		zip_add_str(&z, "x/Y.class", "\xca\xfe\xba\xbe");
		zip = zip_finish(&z, &len);
		snprintf(path, sizeof(path), "opt/%s", cases[i].name);
		inventory_init(&inv);
		summary = analyze(&analyzer_jar, path, zip, len, &inv, why, sizeof(why));
		if (cases[i].want) {
			assert_non_null(summary);
			assert_packages(cases[i].name, &inv, false, &cases[i].want, 1);
		} else {
			assert_null(summary);
			assert_string_equal(why, "");
		}
		free(summary);
		inventory_free(&inv);
		free(zip);
	}
}

/* A nested entry of 100 MiB of zeros (about 100 KB compressed). */
static void zip_add_zeros(struct zipw *z, const char *name, unsigned mib, uint32_t declared_size)
{
	static unsigned char zeros[1 << 20];
	struct strbuf stored = STRBUF_INIT;
	unsigned char chunk[1 << 14], tail[64];
	z_stream s = { 0 };
	uLong crc1 = crc32(0, zeros, sizeof(zeros)), crc = 0;
	size_t chunk_len, tail_len;

	assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	s.next_in = zeros;
	s.avail_in = sizeof(zeros);
	s.next_out = chunk;
	s.avail_out = sizeof(chunk);
	assert_int_equal(deflate(&s, Z_FULL_FLUSH), Z_OK); /* byte-aligned, no history: repeatable */
	assert_int_equal(s.avail_in, 0);
	chunk_len = sizeof(chunk) - s.avail_out;
	s.next_out = tail;
	s.avail_out = sizeof(tail);
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	tail_len = sizeof(tail) - s.avail_out;
	deflateEnd(&s);
	for (unsigned i = 0; i < mib; i++) {
		strbuf_add(&stored, chunk, chunk_len);
		crc = crc32_combine(crc, crc1, sizeof(zeros));
	}
	strbuf_add(&stored, tail, tail_len);
	zip_add_raw(z, name, 8, stored.buf, stored.len, declared_size, (uint32_t)crc);
	strbuf_release(&stored);
}

static void test_zip_bomb_is_bounded(void **state)
{
	for (int lying = 0; lying < 2; lying++) {
		struct zipw outer = { STRBUF_INIT, STRBUF_INIT, 0 }, inner = outer;
		struct inventory inv;
		char why[256], *zip, *summary;
		size_t len;
		double t;

		zip_add_pom(&inner, "com.example", "inner", "2.0.0");
		zip_add_zeros(&inner, "lib/huge.jar", 100, lying ? 1000 : 100u << 20);
		zip_add_pom(&outer, "com.example", "outer", "1.0.0");
		zip_add_zip(&outer, "BOOT-INF/lib/inner.jar", &inner);
		zip = zip_finish(&outer, &len);
		assert_true(len < (1u << 20));
		inventory_init(&inv);
		t = now();
		summary = analyze(&analyzer_jar, "app.jar", zip, len, &inv, why, sizeof(why));
		fprintf(stderr, "# zip bomb (%s size): %.3f s\n", lying ? "lying" : "true", now() - t);
		assert_non_null(summary);
		ASSERT_PACKAGES("bomb", &inv, true, "com.example:outer|1.0.0|/app.jar|-",
				"com.example:inner|2.0.0|/app.jar|BOOT-INF/lib/inner.jar");
		assert_true(any_warning_contains(&inv, "BOOT-INF/lib/inner.jar!lib/huge.jar: larger than 64 MiB"));
		free(summary);
		inventory_free(&inv);
		free(zip);
	}
}

static void test_package_cap(void **state)
{
	struct zipw z = { STRBUF_INIT, STRBUF_INIT, 0 };
	struct inventory inv;
	char why[256], *zip, *summary;
	size_t len;

	for (int i = 0; i < 4200; i++) {
		char artifact[32];
		snprintf(artifact, sizeof(artifact), "a%d", i);
		zip_add_pom(&z, "g", artifact, "1.0");
	}
	zip = zip_finish(&z, &len);
	inventory_init(&inv);
	summary = analyze(&analyzer_jar, "big.jar", zip, len, &inv, why, sizeof(why));
	assert_non_null(summary);
	assert_int_equal(inv.packages.n, 4096);
	assert_true(any_warning_contains(&inv, "big.jar: more than 4096 packages; the rest not read"));
	free(summary);
	inventory_free(&inv);
	free(zip);
}

static void test_damaged_zips(void **state)
{
	char why[256];
	struct inventory inv;
	char *data, *summary;
	size_t len;
	static const char garbage[] = "PK\x03\x04 this is not really a zip file at all, just bytes............";
	struct zipw z = { STRBUF_INIT, STRBUF_INIT, 0 }, inner = z;

	/* garbage: NULL and a reason */
	inventory_init(&inv);
	assert_null(analyze(&analyzer_jar, "x.jar", garbage, sizeof(garbage) - 1, &inv, why, sizeof(why)));
	assert_non_null(strstr(why, "not a readable zip archive"));
	assert_null(analyze(&analyzer_jar, "x.jar", "PK\x03\x04", 4, &inv, why, sizeof(why)));
	assert_true(why[0] != '\0');
	assert_null(analyze(&analyzer_jar, "x.jar", "", 0, &inv, why, sizeof(why)));
	assert_int_equal(inv.packages.n, 0);
	inventory_free(&inv);

	/* a zip64 end record declaring 2^21 entries is refused before libarchive indexes them */
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_add(&sb, "PK\x03\x04", 4);
		put32(&sb, 0x06064b50); /* zip64 end of central directory, at offset 4 */
		put32(&sb, 44);
		put32(&sb, 0);
		put32(&sb, 45 << 16 | 45);
		put32(&sb, 0);
		put32(&sb, 0);
		put32(&sb, 1u << 21); /* entries on this disk */
		put32(&sb, 0);
		put32(&sb, 1u << 21); /* entries in all */
		put32(&sb, 0);
		for (int i = 0; i < 4; i++)
			put32(&sb, 0);
		put32(&sb, 0x07064b50); /* its locator */
		put32(&sb, 0);
		put32(&sb, 4);
		put32(&sb, 0);
		put32(&sb, 1);
		put32(&sb, 0x06054b50); /* end of central directory */
		put16(&sb, 0);
		put16(&sb, 0);
		put16(&sb, 0xffff);
		put16(&sb, 0xffff);
		put32(&sb, 0xffffffff);
		put32(&sb, 0xffffffff);
		put16(&sb, 0);
		inventory_init(&inv);
		assert_null(analyze(&analyzer_jar, "x.jar", sb.buf, sb.len, &inv, why, sizeof(why)));
		assert_string_equal(why, "zip declares 2097152 entries, more than 1048576");
		inventory_free(&inv);
		strbuf_release(&sb);
	}

	/* a nested garbage jar: a warning, the rest still read */
	zip_add_pom(&z, "g", "outer", "1.0");
	zip_add(&z, "lib/broken.jar", garbage, sizeof(garbage) - 1, false);
	zip_add_pom(&inner, "g", "inner", "2.0");
	zip_add_zip(&z, "lib/inner.jar", &inner);
	data = zip_finish(&z, &len);
	inventory_init(&inv);
	summary = analyze(&analyzer_jar, "x.jar", data, len, &inv, why, sizeof(why));
	assert_non_null(summary);
	ASSERT_PACKAGES("nested garbage", &inv, false, "g:outer|1.0", "g:inner|2.0");
	assert_true(any_warning_contains(&inv, "x.jar: lib/broken.jar: not a readable zip archive"));
	free(summary);
	inventory_free(&inv);

	/* truncated: whatever libarchive can still read, or NULL with a reason; never a crash */
	for (size_t cut = 1; cut < len; cut += len / 7 + 1) {
		inventory_init(&inv);
		summary = analyze(&analyzer_jar, "x.jar", data, cut, &inv, why, sizeof(why));
		assert_true(summary || why[0]);
		free(summary);
		inventory_free(&inv);
	}
	free(data);
}

/* The real jar cut short at several places. */
static void test_truncated_jar(void **state)
{
	char file[4096], why[256];
	struct inventory inv;
	char *data, *summary;
	size_t len;

	SKIP_WITHOUT_SHARED(file, SHARED_JAVA "/commons-text-1.10.0.jar");
	data = read_whole(file, &len);
	for (size_t cut = len / 10; cut < len; cut += len / 5) {
		inventory_init(&inv);
		summary = analyze(&analyzer_jar, "x.jar", data, cut, &inv, why, sizeof(why));
		assert_true(summary || why[0]);
		free(summary);
		inventory_free(&inv);
	}
	free(data);
}

static void test_jar_bad_summaries_are_errors(void **state)
{
	static const char *const bad[] = {
		"maven\tg\ta\t1.0\n",     "maven\tg\ta\t1.0\t-\textra\n", "maven\tg\t\t1.0\t-\n",
		"maven\tg\ta\t\t-\n",     "maven\tg h\ta\t1\t-\n",        "warn\n",
		"pkg\tg\ta\t1\t-\n",      "maven\tg\ta\t1\t\n",           "\n",
	};
	static const char good[] = "maven\t\tfoo\t1.0\tlib/x.jar!y.jar\nwarn\tsomething odd\n";
	struct vg_err err = { 0 };
	struct inventory inv;
	const struct package *p;

	for (size_t i = 0; i < VG_ARRAY_LEN(bad); i++) {
		inventory_init(&inv);
		assert_int_equal(analyzer_jar.parse("x.jar", bad[i], strlen(bad[i]), &inv, &err), -1);
		assert_int_equal(inv.packages.n, 0);
		inventory_free(&inv);
	}
	inventory_init(&inv);
	assert_int_equal(analyzer_jar.parse("opt/x.jar", good, strlen(good), &inv, &err), 0);
	assert_int_equal(inv.packages.n, 1);
	p = inv.packages.v[0];
	assert_string_equal(p->name, "foo");
	assert_string_equal(p->found_in, "/opt/x.jar");
	assert_string_equal(p->found_in_inner, "lib/x.jar!y.jar");
	assert_true(any_warning_contains(&inv, "opt/x.jar: something odd"));
	inventory_free(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binary_probe),
		cmocka_unit_test(test_go_fixture_matches_go_version_m),
		cmocka_unit_test(test_go_fixture_without_section_headers),
		cmocka_unit_test(test_go_buildinfo_variants),
		cmocka_unit_test(test_go_pointer_format),
		cmocka_unit_test(test_go_other_elf_classes),
		cmocka_unit_test(test_go_stdlib_versions),
		cmocka_unit_test(test_go_bad_summaries_are_errors),
		cmocka_unit_test(test_cargo_auditable),
		cmocka_unit_test(test_other_elf_files_give_nothing),
		cmocka_unit_test(test_jar_probe),
		cmocka_unit_test(test_commons_text_jar),
		cmocka_unit_test(test_debian_jar_metadata),
		cmocka_unit_test(test_pom_properties_syntax),
		cmocka_unit_test(test_nested_jars_to_depth_two),
		cmocka_unit_test(test_manifest_and_file_name_fallbacks),
		cmocka_unit_test(test_zip_bomb_is_bounded),
		cmocka_unit_test(test_package_cap),
		cmocka_unit_test(test_damaged_zips),
		cmocka_unit_test(test_truncated_jar),
		cmocka_unit_test(test_jar_bad_summaries_are_errors),
	};

	return cmocka_run_group_tests(tests, make_tmp_dir, remove_tmp_dir);
}
