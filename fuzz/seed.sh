#!/usr/bin/env bash
# seed.sh - fill build-fuzz/corpus/<target>/ with small seeds made from $VIGIL_SHARED
# (cut-down image archives and layers, tiny hand-made images, package DBs, release
# files; from vulndata: a few real feed records, CVSS vectors and version strings)
# and write libFuzzer dictionaries to build-fuzz/dict/. Safe to rerun.
set -u
cd "$(dirname "$0")/.."
SHARED=${VIGIL_SHARED:-$PWD/../shared}
OUT=build-fuzz
if [ ! -d "$SHARED/images" ]; then
	echo "seed.sh: $SHARED/images not found (set VIGIL_SHARED)" >&2
	exit 1
fi
command -v python3 >/dev/null || { echo "seed.sh: python3 is needed (scripts/install-deps.sh)" >&2; exit 1; }
for t in fuzz_image fuzz_walk fuzz_dpkg fuzz_apk fuzz_rpm fuzz_osrelease \
	fuzz_feed_osv fuzz_feed_secdb fuzz_feed_wolfi fuzz_feed_kevnvd fuzz_feed_lang fuzz_cvss fuzz_version fuzz_auth \
	fuzz_lang_text fuzz_gobinary fuzz_jar fuzz_version_lang; do
	mkdir -p "$OUT/corpus/$t"
done
mkdir -p "$OUT/dict"

python3 - "$SHARED/images" "$OUT" <<'PY'
import gzip, hashlib, io, json, os, subprocess, sys, tarfile

IMG, OUT = sys.argv[1:3]
C = os.path.join(OUT, "corpus")
MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_TGZ = "application/vnd.oci.image.layer.v1.tar+gzip"
REF = "org.opencontainers.image.ref.name"
count = {}

def seed(target, name, data):
    with open(os.path.join(C, target, name), "wb") as f:
        f.write(data)
    count[target] = count.get(target, 0) + 1

def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()
def gz(b): return gzip.compress(b, mtime=0)
def zst(b):
    try:
        return subprocess.run(["zstd", "-q", "-c"], input=b, stdout=subprocess.PIPE, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None

def tar(members, fmt=tarfile.GNU_FORMAT):
    """members: (name, kind, value); kind file/dir/sym/link/chr/fifo"""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=fmt) as t:
        for name, kind, val in members:
            ti = tarfile.TarInfo(name); ti.mtime = 1700000000; ti.mode = 0o644
            if kind == "file":
                ti.size = len(val); t.addfile(ti, io.BytesIO(val)); continue
            ti.type = {"dir": tarfile.DIRTYPE, "sym": tarfile.SYMTYPE, "link": tarfile.LNKTYPE,
                       "chr": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE}[kind]
            if kind in ("sym", "link"): ti.linkname = val
            t.addfile(ti)
    return bio.getvalue()

def strip(src, keep=1024, big=16384):
    """Copy an archive (maybe compressed), cutting regular members over big bytes to keep bytes."""
    bio = io.BytesIO()
    with tarfile.open(src, "r:*") as tin, tarfile.open(fileobj=bio, mode="w", format=tarfile.PAX_FORMAT) as tout:
        for m in tin:
            if m.isreg():
                data = tin.extractfile(m).read(keep if m.size > big else m.size)
                m.size = len(data)
                tout.addfile(m, io.BytesIO(data))
            else:
                tout.addfile(m)
    return bio.getvalue()

def oci_archive(blobs, index, extra=()):
    members = [("oci-layout", "file", b'{"imageLayoutVersion": "1.0.0"}'),
               ("index.json", "file", json.dumps(index).encode()), ("blobs", "dir", None),
               ("blobs/sha256", "dir", None)]
    members += [("blobs/sha256/" + d[7:], "file", b) for d, b in blobs.items()]
    return tar(list(members) + list(extra))

# ---- fuzz_image: archives whose JSON is real and whose layers are cut short ----
fx = os.path.join(IMG, "formats", "ggcr-testdata")
for n in sorted(os.listdir(fx)):
    with open(os.path.join(fx, n), "rb") as f:
        seed("fuzz_image", "ggcr-" + n, f.read())
al = os.path.join(IMG, "alpine")
for n in ("alpine-3.7.3.oci-archive-uncompressed.tar", "alpine-3.12-app.oci-archive-zstd.tar",
          "alpine-3.12-app.docker-archive.tar", "alpine-3.12-app.docker-save-legacy.tar.gz"):
    s = strip(os.path.join(al, n))
    seed("fuzz_image", "cut-" + n.replace(".tar.gz", ".tar"), s)
seed("fuzz_image", "cut-docker-save-legacy.tar.gz", gz(strip(os.path.join(al, "alpine-3.12-app.docker-save-legacy.tar.gz"))))
# the alpine and debian OCI layouts as archives: every manifest and config, layers cut
for lay in ("alpine/alpine-oci", "debian/bookworm-oci"):
    d = os.path.join(IMG, lay)
    blobs = {}
    for h in sorted(os.listdir(os.path.join(d, "blobs", "sha256"))):
        with open(os.path.join(d, "blobs", "sha256", h), "rb") as f:
            data = f.read(65537)
        if len(data) > 65536:   # a layer: keep its first KB
            data = data[:1024]
        blobs["sha256:" + h] = data
    with open(os.path.join(d, "index.json"), "rb") as f:
        index = json.load(f)
    seed("fuzz_image", "layout-" + lay.split("/")[0] + ".tar", oci_archive(blobs, index))
    seed("fuzz_image", "index-" + lay.split("/")[0] + ".json", json.dumps(index).encode())

# small complete images: one dpkg layer, a nested multi-platform index, a docker-archive
with open(os.path.join(IMG, "pkgdb/dpkg/debian-12-bookworm-slim/status"), "rb") as f:
    status = b"\n\n".join(f.read().split(b"\n\n")[:2]) + b"\n"   # two stanzas
layer_tar = tar([("var", "dir", None), ("var/lib", "dir", None), ("var/lib/dpkg", "dir", None),
                 ("var/lib/dpkg/status", "file", status), ("etc", "dir", None),
                 ("etc/os-release", "file", b'ID=debian\nVERSION_ID="12"\n')])
layer = gz(layer_tar)
def config(arch, variant=None, diff_ids=(sha(layer_tar),)):
    c = {"architecture": arch, "os": "linux", "rootfs": {"type": "layers", "diff_ids": list(diff_ids)}}
    if variant: c["variant"] = variant
    return json.dumps(c).encode()
def manifest(cfg, layers):
    return json.dumps({"schemaVersion": 2, "mediaType": MT_MANIFEST,
                       "config": {"mediaType": MT_CONFIG, "digest": sha(cfg), "size": len(cfg)},
                       "layers": [{"mediaType": MT_TGZ, "digest": sha(l), "size": len(l)} for l in layers]}).encode()
def desc(mt, b, **kw): return dict(mediaType=mt, digest=sha(b), size=len(b), **kw)
ca, cb = config("amd64"), config("arm64", "v8")
ma, mb = manifest(ca, [layer]), manifest(cb, [layer])
blobs = {sha(b): b for b in (layer, ca, cb, ma, mb)}
seed("fuzz_image", "tiny-oci.tar", oci_archive(blobs, {"schemaVersion": 2, "manifests": [
    desc(MT_MANIFEST, ma, annotations={REF: "amd"}), desc(MT_MANIFEST, mb, annotations={REF: "arm"})]}))
nested = json.dumps({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": [
    desc(MT_MANIFEST, ma, platform={"os": "linux", "architecture": "amd64"}),
    desc(MT_MANIFEST, mb, platform={"os": "linux", "architecture": "arm64", "variant": "v8"})]}).encode()
blobs[sha(nested)] = nested
seed("fuzz_image", "tiny-oci-multiplatform.tar",
     oci_archive(blobs, {"schemaVersion": 2, "manifests": [desc(MT_INDEX, nested, annotations={REF: "multi"})]}))
seed("fuzz_image", "tiny-docker.tar", tar([
    ("manifest.json", "file", json.dumps([{"Config": sha(ca)[7:] + ".json", "RepoTags": ["tiny:1", "tiny:2"],
                                           "Layers": ["abc/layer.tar"]}]).encode()),
    (sha(ca)[7:] + ".json", "file", ca), (sha(layer_tar)[7:] + ".tar", "file", layer_tar),
    ("abc", "dir", None), ("abc/layer.tar", "sym", "../" + sha(layer_tar)[7:] + ".tar"),
    ("repositories", "file", b'{"tiny": {"1": "abc"}}')]))
seed("fuzz_image", "tiny-docker-v25.tar", tar([
    ("manifest.json", "file", json.dumps([{"Config": "blobs/sha256/" + sha(ca)[7:], "RepoTags": ["tiny:1"],
                                           "Layers": ["blobs/sha256/" + sha(layer)[7:]]}]).encode()),
    ("blobs/sha256/" + sha(ca)[7:], "file", ca), ("blobs/sha256/" + sha(layer)[7:], "file", layer)]))

# ---- fuzz_walk: layer blobs ----
mini = os.path.join(al, "minirootfs", "alpine-minirootfs-3.7.3-x86_64.tar.gz")
with gzip.open(mini, "rb") as f:
    raw = f.read(65536)
for kb in (4, 16, 64):
    seed("fuzz_walk", f"minirootfs-{kb}k.tar", raw[: kb * 1024])
seed("fuzz_walk", "minirootfs-16k.tar.gz", gz(raw[: 16 * 1024]))
odd = tar([("./", "dir", None), ("var/lib/dpkg", "dir", None), ("var/lib/dpkg/status", "file", status),
           ("var/lib/dpkg/status-old", "link", "var/lib/dpkg/status"),
           ("var/lib/rpm", "sym", "../../usr/lib/sysimage/rpm"), ("usr/lib/sysimage/rpm", "dir", None),
           ("etc/os-release", "sym", "../usr/lib/os-release"), ("usr/lib/os-release", "file", b"ID=alpine\n"),
           ("loop/a", "sym", "b"), ("loop/b", "sym", "a"), ("abs", "sym", "/var/lib/dpkg"),
           ("usr/share/.wh.doc", "file", b""), ("opt/.wh..wh..opq", "file", b""), ("dev/null", "chr", None),
           ("run/fifo", "fifo", None), ("x/" + "long-name-" * 20 + "/file", "file", b"long\n")])
seed("fuzz_walk", "layer-odd.tar", odd)
seed("fuzz_walk", "layer-odd-pax.tar", tar([("var/lib/dpkg/status", "file", status), ("ü/ñ", "file", b"x")],
                                           fmt=tarfile.PAX_FORMAT))
seed("fuzz_walk", "layer-odd.tar.gz", gz(odd))
seed("fuzz_walk", "layer-two-gzip-members.tar.gz", gz(odd[:1024]) + gz(odd[1024:]))
z = zst(odd)
if z: seed("fuzz_walk", "layer-odd.tar.zst", z)
seed("fuzz_walk", "layer-dpkg.tar.gz", layer)
for n in sorted(os.listdir(fx)):
    with tarfile.open(os.path.join(fx, n)) as t:
        for m in t:
            if m.isreg() and m.size > 1024 and not m.name.endswith(".json"):
                seed("fuzz_walk", "ggcr-" + n[:-4] + "-" + hashlib.sha1(m.name.encode()).hexdigest()[:8],
                     t.extractfile(m).read(65536))

# ---- the analyzers' targets: real databases and release files ----
pk = os.path.join(IMG, "pkgdb")
for root, _, files in os.walk(pk):
    for n in sorted(files):
        p = os.path.join(root, n)
        rel = os.path.relpath(p, pk).replace("/", "_")
        if n == "status" or (os.sep + "status.d" + os.sep in p and not n.endswith(".md5sums")):
            target = "fuzz_dpkg"
        elif n == "installed":
            target = "fuzz_apk"
        elif n in ("Packages", "Packages.db", "rpmdb.sqlite"):
            target = "fuzz_rpm"
        elif n in ("os-release", "alpine-release"):
            target = "fuzz_osrelease"
        else:
            continue
        with open(p, "rb") as f:
            seed(target, rel, f.read())
with tarfile.open(mini) as t:
    for m in t:
        if m.isreg() and m.name.lstrip("./") in ("etc/os-release", "etc/alpine-release", "lib/apk/db/installed"):
            target = "fuzz_apk" if m.name.endswith("installed") else "fuzz_osrelease"
            seed(target, "minirootfs-" + os.path.basename(m.name), t.extractfile(m).read())

# ---- dictionaries ----
def dictionary(target, words):
    with open(os.path.join(OUT, "dict", target + ".dict"), "w") as f:
        for w in words:
            f.write('"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c) for c in w) + '"\n')
dictionary("fuzz_image", [
    "index.json", "oci-layout", "manifest.json", "repositories", "blobs/sha256/", "sha256:", "layer.tar",
    '"manifests"', '"mediaType"', '"digest"', '"size"', '"platform"', '"os"', '"architecture"', '"variant"',
    '"annotations"', '"org.opencontainers.image.ref.name"', '"config"', '"layers"', '"rootfs"', '"diff_ids"',
    '"Config"', '"Layers"', '"RepoTags"', MT_INDEX, MT_MANIFEST, MT_CONFIG, MT_TGZ,
    "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "linux", "amd64", "arm64", "v8", "ustar\x00", "ustar  \x00", "../", "\x1f\x8b\x08", "\x28\xb5\x2f\xfd"])
dictionary("fuzz_walk", [
    "ustar\x00", "ustar  \x00", "00", "././@LongLink", "././@PaxHeader", "path=", "linkpath=", "size=",
    "GNU.sparse.map=", "GNU.sparse.size=", "GNU.sparse.major=", "GNU.sparse.minor=", "GNU.sparse.realsize=",
    ".wh.", ".wh..wh..opq", ".wh..wh.plnk", "var/lib/dpkg/status", "var/lib/", "../", "./", "/",
    "\x1f\x8b\x08\x00", "\x28\xb5\x2f\xfd"])
# ---- fuzz_auth: WWW-Authenticate challenges and Docker config files ----
for i, h in enumerate([
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
        'Basic realm="Registry Realm"',
        'bearer Realm="http://127.0.0.1:5000/token", service = "reg, with comma", error="insufficient_scope"',
        'Bearer realm="a\\"b"',
        'Negotiate abc==, Basic realm=x']):
    seed("fuzz_auth", "challenge-%d" % i, h.encode())
for i, c in enumerate([
        {"auths": {"127.0.0.1:5000": {"auth": "YWxpY2U6czNjcmV0"}}},
        {"auths": {"https://index.docker.io/v1/": {"auth": "dTpwOnE="}}},
        {"auths": {"docker.io": {"username": "u", "password": "p"}, "x": {"identitytoken": "t"}}},
        {"auths": {"127.0.0.1:5000": {"auth": "!!"}}},
        {"credsStore": "desktop", "auths": {}},
        {"credHelpers": {"127.0.0.1:5000": "pass"}}]):
    seed("fuzz_auth", "config-%d" % i, json.dumps(c).encode())
dictionary("fuzz_auth", ['Bearer', 'Basic', 'realm=', 'service=', 'scope=', 'error=', '"', '\\', ',',
    '"auths"', '"auth"', '"username"', '"password"', '"identitytoken"', '"credsStore"', '"credHelpers"',
    '"https://index.docker.io/v1/"', '"127.0.0.1:5000"', '"docker.io"'])
# ---- fuzz_lang_text: byte 0 picks the kind (0 package.json, 1 package-lock.json, 2 METADATA,
# 3 gemspec, 4 installed.json, 5 lockfile + package.json), the rest is the file ----
LANG = os.path.join(IMG, "lang")
def lang_seed(sel, rel, limit=8192):
    with open(os.path.join(LANG, rel), "rb") as f:
        seed("fuzz_lang_text", "%d-%s" % (sel, "_".join(rel.split("/")[-2:])), bytes([sel]) + f.read(limit))
for n in ("express", "ms"):
    lang_seed(0, "node/demo-app-1.0.0/node_modules/%s/package.json" % n)
for n in ("package.json", "package-license-objects.json", "package-nested-author.json", "package-partial.json"):
    lang_seed(0, "syft-testdata/syft/pkg/cataloger/javascript/testdata/pkg-json/" + n)
for n in ("alias-package-lock-1.json", "alias-package-lock-2.json", "array-license-package-lock.json",
          "nested-package-lock-1.json", "package-lock-3.json"):
    lang_seed(1, "syft-testdata/syft/pkg/cataloger/javascript/testdata/pkg-lock/" + n)
lang_seed(5, "syft-testdata/syft/pkg/cataloger/javascript/testdata/pkg-lock/package-lock.json")
for rel in ("python/debian-bookworm-dist-packages/six-1.16.0.egg-info/PKG-INFO",
            "python/debian-bookworm-dist-packages/colorama-0.4.6.dist-info/METADATA",
            "python/venv-site-packages/setuptools-66.1.1.dist-info/METADATA",
            "syft-testdata/syft/pkg/cataloger/python/testdata/site-packages/no-version/no-version-py3.8.egg-info",
            "syft-testdata/syft/pkg/cataloger/python/testdata/site-packages/nested/egg-name/egg-info/PKG-INFO-INVALID"):
    lang_seed(2, rel, 4096)
# no gemspec or installed.json in the shared data: small hand-made ones
seed("fuzz_lang_text", "3-rake.gemspec", b"\x03" + b"""# -*- encoding: utf-8 -*-
# stub: rake 13.0.6 ruby lib

Gem::Specification.new do |s|
  s.name = "rake".freeze
  s.version = "13.0.6"
  s.required_rubygems_version = Gem::Requirement.new(">= 1.3.2".freeze) if s.respond_to? :required_rubygems_version=
  s.authors = ["Hiroshi SHIBATA".freeze, "Eric Hodel".freeze]
  s.licenses = ["MIT".freeze, %q{Ruby}]
  s.installed_by_version = "3.3.15" if s.respond_to? :installed_by_version
end
""")
seed("fuzz_lang_text", "3-old.gemspec", b"\x03Gem::Specification.new do |spec|\n  spec.name = %q{net-ssh}\n"
     b"  spec.version = Gem::Version.new('2.0.4')\n  spec.license = 'M\\'IT'\nend\n")
seed("fuzz_lang_text", "4-installed-v2.json", b"\x04" + json.dumps({"packages": [
    {"name": "monolog/monolog", "version": "2.9.1", "version_normalized": "2.9.1.0", "license": ["MIT"],
     "authors": [{"name": "Jordi Boggiano", "email": "j.boggiano@seld.be"}]},
    {"name": "symfony/console", "version": "v6.2.7", "license": ["MIT", "GPL-2.0-only"]}],
    "dev": True, "dev-package-names": ["symfony/console"]}, indent=4).encode())
seed("fuzz_lang_text", "4-installed-v1.json", b"\x04" + json.dumps([
    {"name": "psr/log", "version": "1.1.4", "license": "MIT", "authors": [{"name": "PHP-FIG"}]}]).encode())
dictionary("fuzz_lang_text", [
    '"name"', '"version"', '"license"', '"licenses"', '"type"', '"author"', '"authors"', '"packages"',
    '"dependencies"', '"lockfileVersion"', '"link"', '"dev"', '"node_modules/', "node_modules/", '"npm:',
    "Name: ", "Version: ", "License: ", "License-Expression: ", "Classifier: License :: OSI Approved :: ",
    "Author: ", "Maintainer: ", "Author-email: ", "\n ", "\n\n", "UNKNOWN",
    "Gem::Specification.new do |s|", "  s.name = ", "  s.version = ", "  s.licenses = [", "  s.authors = [",
    ".freeze", "%q{", "Gem::Version.new(", "\"#{", " if s.respond_to? :x"])
# ---- fuzz_gobinary: tiny hand-built ELF64 files with Go build info / cargo-auditable sections ----
import struct, zipfile, zlib
ELF_BASE, ELF_FIRST = 0x400000, 128    # section data starts at file offset 128 (after 64 + 56 header bytes)
def elf64(secs, shdrs=True):
    """secs: [(name, bytes)]; one PT_LOAD (read/write) maps every section; no section headers if not shdrs."""
    names = b"\0" + b"".join(n.encode() + b"\0" for n, _ in secs) + b".shstrtab\0"
    body, placed = b"\0" * 8, []
    for n, data in secs:
        body += b"\0" * (-(120 + len(body)) % 16)
        placed.append((n, 120 + len(body), len(data)))
        body += data
    shstr_off = 120 + len(body)
    body += names + b"\0" * (-(len(names) + shstr_off) % 8)
    shoff, name_off, sh = 120 + len(body), 1, b"\0" * 64
    for n, o, l in placed:
        sh += struct.pack("<IIQQQQIIQQ", name_off, 1, 3, ELF_BASE + o, o, l, 0, 0, 16, 0)
        name_off += len(n) + 1
    sh += struct.pack("<IIQQQQIIQQ", name_off, 3, 0, 0, shstr_off, len(names), 0, 0, 1, 0)
    nsec = len(placed) + 2
    span = shstr_off - ELF_FIRST
    ph = struct.pack("<IIQQQQQQ", 1, 6, ELF_FIRST, ELF_BASE + ELF_FIRST, ELF_BASE + ELF_FIRST, span, span, 0x1000)
    eh = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, ELF_BASE + ELF_FIRST, 64,
                                                           shoff if shdrs else 0, 0, 64, 56, 1, 64,
                                                           nsec if shdrs else 0, nsec - 1 if shdrs else 0)
    return eh + ph + body + (sh if shdrs else b"")
def uvarint(n):
    out = b""
    while True:
        out += bytes([(n & 0x7f) | (0x80 if n > 0x7f else 0)])
        n >>= 7
        if not n:
            return out
def go_inline(version, modinfo):
    return (b"\xff Go buildinf:\x08\x02" + b"\0" * 16 + uvarint(len(version)) + version +
            uvarint(len(modinfo)) + modinfo)
with open(os.path.join(IMG, "lang", "go", "fixture-app"), "rb") as f:
    app = f.read()
at = next(i for i in range(0, len(app), 16) if app[i:i + 14] == b"\xff Go buildinf:")
rest = app[at + 32:]
def take(b):
    n = s = 0
    while True:
        n |= (b[s] & 0x7f) << (7 * s)
        s += 1
        if b[s - 1] < 0x80:
            return b[s:s + n], b[s + n:]
go_version, rest = take(rest)
go_mod, _ = take(rest)   # modinfo with its 16-byte markers
seed("fuzz_gobinary", "fixture-app-buildinfo.elf", elf64([(".go.buildinfo", go_inline(go_version, go_mod))]))
seed("fuzz_gobinary", "fixture-app-no-section-headers.elf",
     elf64([(".go.buildinfo", go_inline(go_version, go_mod))], shdrs=False))
mods = (go_mod[:16] + b"path\texample.com/app\nmod\texample.com/app\tv1.2.3\th1:abc=\n"
        b"dep\tgithub.com/old/c\tv0.1.0\n=>\tgithub.com/new/c\tv0.2.0\th1:y=\n"
        b"dep\tgithub.com/local/d\tv0.0.1\n=>\t../d\t\t\nbuild\tGOOS=linux\n" + go_mod[-16:])
seed("fuzz_gobinary", "replace-rc.elf", elf64([(".go.buildinfo", go_inline(b"go1.21rc2", mods))]))
# Go < 1.18: the header points at string headers (address, length); all in one section at ELF_FIRST
ver, ptr = b"go1.16.15", ELF_BASE + ELF_FIRST
blob = b"\xff Go buildinf:\x08\x00" + struct.pack("<QQ", ptr + 32, ptr + 48)
blob += struct.pack("<QQQQ", ptr + 64, len(ver), ptr + 64 + len(ver), len(mods)) + ver + mods
seed("fuzz_gobinary", "pointer-format.elf", elf64([(".go.buildinfo", blob)]))
crates = json.dumps({"packages": [
    {"name": "hello", "version": "0.1.0", "source": "local", "dependencies": [1, 2], "root": True},
    {"name": "serde", "version": "1.0.188", "source": "crates.io"},
    {"name": "cc", "version": "1.0.83", "source": "crates.io", "kind": "build"},
    {"name": "x", "version": "2.0.0", "source": {"Other": "my-registry"}}]}, separators=(",", ":")).encode()
seed("fuzz_gobinary", "cargo.elf", elf64([(".dep-v0", zlib.compress(crates, 9))]))
seed("fuzz_gobinary", "go-and-cargo.elf", elf64([(".go.buildinfo", go_inline(b"go1.22.1", mods)),
                                                  (".dep-v0", zlib.compress(crates, 9))]))
seed("fuzz_gobinary", "summary.txt", b"go\tgo1.19.8\npath\tm\nmod\tm\t(devel)\t\ndep\ta/b\tv1.0.0\th1:x=\n"
     b"dep\tc/d\tv0.1.0\t\nreplace\te/f\tv0.2.0\t\ncargo\tserde\t1.0.188\tcrates.io\truntime\t0\nwarn\todd\n")
dictionary("fuzz_gobinary", [
    "\xff Go buildinf:", ".go.buildinfo", ".dep-v0", ".shstrtab", "path\t", "mod\t", "dep\t", "=>\t",
    "build\t", "(devel)", "go1.", "rc1", "go\t", "replace\t", "cargo\t", "warn\t", "\truntime\t", "\tbuild\t",
    '"packages"', '"name"', '"version"', '"source"', '"kind"', '"root"', '"dependencies"', '"Other"',
    "\x78\x9c", "\x7fELF"])

# ---- fuzz_jar: the commons-text jar, hand-made nested / manifest-only jars, a summary ----
with open(os.path.join(IMG, "lang", "java", "commons-text-1.10.0.jar"), "rb") as f:
    seed("fuzz_jar", "commons-text-1.10.0.jar", f.read())
def jar(members, stored=()):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                       zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return bio.getvalue()
def pom(g, a, v):
    return ("META-INF/maven/%s/%s/pom.properties" % (g, a), "#Generated\ngroupId=%s\nartifactId=%s\nversion=%s\n" % (g, a, v))
deeper = jar([pom("com.example", "deeper", "4.0.0")])
deep = jar([pom("com.example", "deep", "3.0.0"), ("lib/deeper-4.0.0.jar", deeper)], stored=("lib/deeper-4.0.0.jar",))
inner = jar([pom("com.example", "inner", "2.0.0"), pom("org.shaded", "shaded", "0.5"), ("lib/deep.jar", deep)],
            stored=("lib/deep.jar",))
seed("fuzz_jar", "nested.jar", jar([("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: a.B\r\n"),
                                    pom("com.example", "outer", "1.0.0"),
                                    ("BOOT-INF/lib/inner-2.0.0.jar", inner)], stored=("BOOT-INF/lib/inner-2.0.0.jar",)))
seed("fuzz_jar", "manifest-only.jar", jar([("META-INF/MANIFEST.MF",
    "Manifest-Version: 1.0\r\nImplementation-Title: my-lib\r\nImplementation-Version: 1.2.3\r\n"
    "Bundle-SymbolicName: org.example.my\r\n -lib;singleton:=true\r\nImplementation-Vendor-Id: org.example\r\n")]))
seed("fuzz_jar", "file-name-only.jar", jar([("a/B.class", b"\xca\xfe\xba\xbe")]))
meta = os.path.join(IMG, "lang", "java", "extracted-metadata", "guava.jar")
members = []
for root, _, files in os.walk(meta):
    for n in sorted(files):
        with open(os.path.join(root, n), "rb") as f:
            members.append((os.path.relpath(os.path.join(root, n), meta), f.read()))
seed("fuzz_jar", "guava-metadata.jar", jar(sorted(members)))
seed("fuzz_jar", "summary.txt", b"maven\torg.example\tlib\t1.0\t-\nmaven\t\tfoo\t2.0\tBOOT-INF/lib/foo-2.0.jar\n"
     b"maven\tg\ta\t3\tx.jar!y.jar\nwarn\tsomething\n")
dictionary("fuzz_jar", [
    "PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "PK\x06\x06", "PK\x06\x07", "PK\x07\x08", "META-INF/maven/",
    "/pom.properties", "META-INF/MANIFEST.MF", "groupId=", "artifactId=", "version=", "groupId:", "\\u00",
    "\\\n", "Implementation-Title: ", "Implementation-Version: ", "Implementation-Vendor-Id: ",
    "Bundle-SymbolicName: ", "Bundle-Version: ", "Bundle-Name: ", "Specification-Version: ", "\r\n ",
    ".jar", ".war", "BOOT-INF/lib/", "WEB-INF/lib/", "maven\t", "warn\t", "\t-\n", "${"])
for t in sorted(count):
    print(f"seed.sh: {t}: {count[t]} seed files")
PY

# ---- the feed readers, CVSS and version ordering: small real records ----
# (a second python3 run, skipped with a notice when there is no vulndata)
if [ ! -d "$SHARED/vulndata" ]; then
	echo "seed.sh: $SHARED/vulndata not found: no seeds for the feed, cvss and version targets" >&2
	exit 0
fi
python3 - "$SHARED/vulndata" "$OUT" <<'PY'
import io, json, os, sys, zipfile

V, OUT = sys.argv[1:3]
C = os.path.join(OUT, "corpus")
count = {}

def seed(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(C, target, name), "wb") as f:
        f.write(data)
    count[target] = count.get(target, 0) + 1

def jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield line

def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)

def satisfies(want, line):
    try:
        return want(json.loads(line))
    except (ValueError, KeyError, TypeError, AttributeError):
        return False   # the data holds a few deliberately malformed records

def smallest(path, want, n=1, limit=4096):
    """The n shortest lines (under limit bytes) whose record satisfies want."""
    hits = [l for l in jsonl(path) if len(l) < limit and satisfies(want, l)]
    return sorted(hits, key=len)[:n]

def ecosystems(rec):
    return {a.get("package", {}).get("ecosystem", "") for a in rec.get("affected", [])}

# ---- fuzz_feed_osv: JSON Lines (or a zip of *.json) of OSV records ----
alma9 = os.path.join(V, "almalinux", "almalinux9.jsonl")
osv_lines = []
osv_lines += smallest(alma9, lambda r: r["id"].startswith("ALSA-") and
                      any(":" in e.get("fixed", "") for a in r["affected"] for g in a["ranges"] for e in g["events"]))
osv_lines += smallest(alma9, lambda r: r["id"].startswith("ALBA-"), limit=1 << 20)
osv_lines += smallest(alma9, lambda r: len(ecosystems(r)) > 1, limit=16384)
osv_lines += smallest(os.path.join(V, "almalinux", "almalinux10.jsonl"), lambda r: True)
for f in ("go", "pypi", "crates.io"):
    p = os.path.join(V, "osv", f + ".jsonl")
    osv_lines += smallest(p, lambda r: bool(r.get("severity")))
    osv_lines += smallest(p, lambda r: bool(r.get("withdrawn")), limit=16384)
osv_lines += smallest(os.path.join(V, "osv", "crates.io.jsonl"),
                      lambda r: any(s["type"] == "CVSS_V4" for s in r.get("severity") or []), limit=16384)
osv_lines += smallest(os.path.join(V, "osv", "pypi.jsonl"),
                      lambda r: any("versions" in a for a in r.get("affected", [])) and
                      any(g["type"] == "SEMVER" or "last_affected" in str(g) for a in r.get("affected", [])
                          for g in a.get("ranges", [])), limit=16384)
samples = []
for d in ("ubuntu", "debian", "rocky", "chainguard"):
    for n in sorted(os.listdir(os.path.join(V, "samples", d))):
        p = os.path.join(V, "samples", d, n)
        if n.startswith("osv-") and os.path.getsize(p) < 16384:
            with open(p, encoding="utf-8") as f:
                samples.append((d + "-" + n, json.load(f)))
for i, l in enumerate(osv_lines):
    rec = json.loads(l)
    seed("fuzz_feed_osv", "line-%02d-%s.jsonl" % (i, str(rec.get("id")).replace(":", "_")), l)
for n, rec in samples:
    seed("fuzz_feed_osv", n[:-5] + ".jsonl", compact(rec) + "\n")
# several records, a blank line, a malformed one and a line without its newline
seed("fuzz_feed_osv", "mixed.jsonl", "".join(osv_lines[:3]) + "\n{\"id\": 7}\n" + compact(samples[0][1]))
bio = io.BytesIO()
with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
    for n, rec in samples[:3]:
        z.writestr(rec["id"] + ".json", json.dumps(rec, indent=2))
    z.writestr("README.txt", "not a record\n")
seed("fuzz_feed_osv", "all.zip", bio.getvalue())

# ---- fuzz_feed_secdb: 'A' secdb, 'D' Debian tracker, 'L' DSA/DLA list, else detected ----
def secdb_cut(path, n=3):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    doc["packages"] = doc["packages"][:n]
    return json.dumps(doc, indent=2)
seed("fuzz_feed_secdb", "alpine-v3.7-main.json", "A" + secdb_cut(os.path.join(V, "alpine", "secdb-legacy-json", "v3.7", "main.json")))
seed("fuzz_feed_secdb", "alpine-v3.11-community.json",
     "A" + secdb_cut(os.path.join(V, "alpine", "secdb-legacy-json", "v3.11", "community.json"), 2))
seed("fuzz_feed_secdb", "wolfi-secdb.json", "A" + secdb_cut(os.path.join(V, "samples", "wolfi", "secdb-security-excerpt.json")))
seed("fuzz_feed_secdb", "chainguard-secdb-detected.json", secdb_cut(os.path.join(V, "samples", "chainguard", "secdb-security-excerpt.json")))
with open(os.path.join(V, "debian", "tracker-derived.json"), encoding="utf-8") as f:
    tracker = json.load(f)
cut = {}
for src in sorted(tracker)[:40]:
    cves = tracker[src]
    statuses = {r.get("status") for c in cves.values() for r in c.get("releases", {}).values()}
    if len(cut) < 4 or (statuses - {"resolved"} and len(cut) < 6):
        cut[src] = dict(list(cves.items())[:2])
seed("fuzz_feed_secdb", "debian-tracker.json", "D" + compact(cut))
with open(os.path.join(V, "samples", "debian", "tracker-json-excerpt.json"), encoding="utf-8") as f:
    seed("fuzz_feed_secdb", "debian-tracker-excerpt-detected.json", f.read())
def list_cut(path, entries=8):
    out, n = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("[") and n == entries:
                break
            n += line.startswith("[")
            out.append(line)
    return "".join(out)
seed("fuzz_feed_secdb", "dsa-list.txt", "L" + list_cut(os.path.join(V, "debian", "DSA-list.txt")))
seed("fuzz_feed_secdb", "dla-list-detected.txt", list_cut(os.path.join(V, "debian", "DLA-list.txt")))

# ---- fuzz_feed_wolfi: JSON Lines of Wolfi/Chainguard advisory documents ----
by_type = {}
for l in jsonl(os.path.join(V, "wolfi", "wolfi-advisories.jsonl")):
    rec = json.loads(l)
    for t in {e.get("type") for a in rec.get("advisories", []) for e in a.get("events", [])}:
        if t not in by_type or len(l) < len(by_type[t]):
            by_type[t] = l
for t in sorted(by_type):
    seed("fuzz_feed_wolfi", "event-" + str(t) + ".jsonl", by_type[t])
seed("fuzz_feed_wolfi", "several.jsonl", "".join(by_type[t] for t in sorted(by_type)))

# ---- fuzz_cvss: byte 0 even, then a vector (byte 0 odd: a vector built from the bytes) ----
vectors = set()
def vector_strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "vectorString" and isinstance(v, str):
                yield v
            else:
                yield from vector_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from vector_strings(v)
for n in ("nvd-api-2.0-sample.json", "nvd-feed-1.1-sample.json"):
    with open(os.path.join(V, "severity", n), encoding="utf-8") as f:
        vectors.update(vector_strings(json.load(f)))
for f in ("crates.io", "pypi"):
    for l in jsonl(os.path.join(V, "osv", f + ".jsonl")):
        vectors.update(s["score"] for s in json.loads(l).get("severity") or [] if s["type"].startswith("CVSS"))
def kind(v):
    return v.split("/")[0] if v.startswith("CVSS:") else "v2"
picked = {}
for v in sorted(vectors, key=lambda v: (len(v), v)):
    k = kind(v)
    if len(picked.setdefault(k, [])) < 4 and not any(p == v for p in picked[k]):
        picked[k].append(v)
for v in sorted(vectors, key=len, reverse=True)[:2]:   # the longest (environmental/threat metrics)
    picked.setdefault("long", []).append(v)
for k in sorted(picked):
    for i, v in enumerate(picked[k]):
        seed("fuzz_cvss", "%s-%d" % (k.replace(":", "").replace(".", ""), i), b"\x00" + v.encode())
for i, b in enumerate((bytes(range(1, 48)), b"\x03" + bytes(range(255, 200, -1)), b"\x05" * 40, b"\x07" + b"\x01" * 60)):
    seed("fuzz_cvss", "built-%d" % i, b)

# ---- fuzz_version: "a\nb\nc" ----
for eco in ("rpm", "dpkg", "apk"):
    rows = []
    with open(os.path.join(V, "version-vectors", eco + ".tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                rows.append((cols[1], cols[2]))
    step = max(1, len(rows) // 12)
    for i in range(0, len(rows), step):
        a, b = rows[i]
        c = rows[(i + 1) % len(rows)][0]
        seed("fuzz_version", "%s-%03d" % (eco, i // step), "\n".join((a, b, c)))
for i, (a, b, c) in enumerate((("1:3.0.7-27.el9", "1:3.0.7-28.el9_4", "3.0.7-27.el9"),
                              ("7.76.1-23.el9_2", "7.76.1-23.el9", "7.76.1-23.el9_2.1"),
                              ("2.34-125.el9_5.8.alma.1", "2.34-125.el9_5.8", "2.34-125.el9_5.8~rc1"),
                              ("1.9.5p2-9.el9", "1.9.5p2-10.el9_3", "1.9.17p2-3.el9_8"))):
    seed("fuzz_version", "evr-%d" % i, "\n".join((a, b, c)))
seed("fuzz_version", "nul-separated", b"1.0~rc1^git1\x001.0\x001.0^")

# ---- fuzz_feed_kevnvd: a KEV catalog, an NVD API 2.0 page, an NVD 1.1 feed (cut) ----
with open(os.path.join(V, "severity", "cisa-kev.json"), encoding="utf-8") as f:
    kev = json.load(f)
kev["vulnerabilities"] = kev["vulnerabilities"][:3]
kev["count"] = 3
seed("fuzz_feed_kevnvd", "kev.json", json.dumps(kev, indent=4))
with open(os.path.join(V, "severity", "nvd-api-2.0-sample.json"), encoding="utf-8") as f:
    nvd2 = json.load(f)
def metric_kinds(v):
    return tuple(sorted(v["cve"].get("metrics", {})))
keep, seen = [], set()
for v in nvd2["vulnerabilities"]:
    if metric_kinds(v) not in seen or v["cve"].get("vulnStatus") == "Rejected":
        seen.add(metric_kinds(v))
        keep.append(v)
nvd2["vulnerabilities"] = sorted(keep, key=lambda v: len(json.dumps(v)))[:4]
nvd2["resultsPerPage"] = nvd2["totalResults"] = len(nvd2["vulnerabilities"])
seed("fuzz_feed_kevnvd", "nvd-api-2.0.json", json.dumps(nvd2, indent=4))
with open(os.path.join(V, "severity", "nvd-feed-1.1-sample.json"), encoding="utf-8") as f:
    nvd11 = json.load(f)
keep, seen = [], set()
for it in sorted(nvd11["CVE_Items"], key=lambda it: len(json.dumps(it))):
    k = tuple(sorted(it.get("impact", {})))
    if k not in seen:
        seen.add(k)
        keep.append(it)
nvd11["CVE_Items"] = keep[:3]
nvd11["CVE_data_numberOfCVEs"] = str(len(nvd11["CVE_Items"]))
seed("fuzz_feed_kevnvd", "nvd-feed-1.1.json", json.dumps(nvd11, indent=2))

# ---- dictionaries ----
def dictionary(target, words):
    with open(os.path.join(OUT, "dict", target + ".dict"), "w") as f:
        for w in words:
            f.write('"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c) for c in w) + '"\n')
dictionary("fuzz_feed_osv", [
    '"id"', '"summary"', '"details"', '"aliases"', '"related"', '"upstream"', '"published"', '"modified"',
    '"withdrawn"', '"severity"', '"type"', '"score"', '"affected"', '"package"', '"ecosystem"', '"name"',
    '"ranges"', '"events"', '"introduced"', '"fixed"', '"last_affected"', '"limit"', '"versions"',
    '"database_specific"', '"ECOSYSTEM"', '"SEMVER"', '"GIT"', '"CVSS_V3"', '"CVSS_V4"', '"CVSS_V2"',
    '"Ubuntu"', '"AlmaLinux:9"', '"Rocky Linux:9"', '"Debian:12"', '"Alpine:v3.20"', '"Ubuntu:22.04:LTS"',
    '"Ubuntu:Pro:18.04:LTS"', '"PyPI"', '"Go"', '"npm"', '"crates.io"', '"RubyGems"', '"Maven:"', '"Wolfi"',
    '"Chainguard"', "ALSA-", "ALBA-", "RLSA-", "CVE-", "GHSA-", "Important: ", "Moderate: ",
    "1:", ".el9_2", "PK\x03\x04", "\n"])
dictionary("fuzz_feed_secdb", [
    '"packages"', '"pkg"', '"name"', '"secfixes"', '"distroversion"', '"reponame"', '"urlprefix"',
    '"apkurl"', '"archs"', "CVE-", "-r0", '"releases"', '"status"', '"fixed_version"', '"urgency"',
    '"repositories"', '"nodsa"', '"nodsa_reason"', '"resolved"', '"open"', '"undetermined"',
    '"not yet assigned"', '"unimportant"', '"bookworm"', '"bullseye"', '"sid"', "[bookworm] - ",
    "[bullseye] - ", "<not-affected>", "<unfixed>", "DSA-", "DLA-", "\n\t{", "} ", "[01 Jan 2024] "])
dictionary("fuzz_feed_wolfi", [
    '"schema-version"', '"package"', '"name"', '"advisories"', '"id"', '"aliases"', '"events"',
    '"timestamp"', '"type"', '"data"', '"fixed-version"', '"fixed"', '"detection"',
    '"false-positive-determination"', '"true-positive-determination"', '"pending-upstream-fix"',
    '"fix-not-planned"', '"analysis-not-planned"', "CGA-", "CVE-", "GHSA-", "2024-01-01T00:00:00Z"])
dictionary("fuzz_cvss", [
    "CVSS:2.0/", "CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/", "AV:", "AC:", "Au:", "PR:", "UI:", "S:", "C:",
    "I:", "A:", "AT:", "VC:", "VI:", "VA:", "SC:", "SI:", "SA:", "E:", "RL:", "RC:", "CR:", "IR:", "AR:",
    "MAV:", "MAC:", "MPR:", "MUI:", "MS:", "MC:", "MI:", "MA:", "MSI:", "MSA:", "CDP:", "TD:", "U:Amber",
    "/", "N", "L", "H", "X", "ND"])
dictionary("fuzz_version", [
    "~", "^", ":", "-", ".", "+", "_alpha", "_beta", "_pre", "_rc", "_p", "_git", "_svn", "_cvs", "_hg",
    "-r", "el9", "el9_2", ".alma", "~rc", "+deb12u1", "+b1", "1:", "\n"])
dictionary("fuzz_feed_kevnvd", [
    '"catalogVersion"', '"dateReleased"', '"count"', '"vulnerabilities"', '"cveID"', '"vendorProject"',
    '"product"', '"vulnerabilityName"', '"dateAdded"', '"dueDate"', '"knownRansomwareCampaignUse"',
    '"Known"', '"Unknown"', '"NVD_CVE"', '"resultsPerPage"', '"format"', '"cve"', '"id"', '"published"',
    '"lastModified"', '"vulnStatus"', '"Rejected"', '"descriptions"', '"lang"', '"en"', '"value"',
    '"metrics"', '"cvssMetricV2"', '"cvssMetricV30"', '"cvssMetricV31"', '"cvssMetricV40"', '"type"',
    '"Primary"', '"Secondary"', '"cvssData"', '"vectorString"', '"baseScore"', '"CVE_Items"',
    '"CVE_data_type"', '"CVE_data_meta"', '"ID"', '"description"', '"description_data"', '"impact"',
    '"baseMetricV2"', '"baseMetricV3"', '"cvssV2"', '"cvssV3"', '"publishedDate"', '"lastModifiedDate"',
    "CVE-2024-", "2024-01-01", "2023-10-12T19:15:11.747", "2022-01-18T17:15Z", "CVSS:3.1/"])
# ---- fuzz_feed_lang: RubySec and npm security-wg records (JSON Lines; npm-wg also as .json) ----
def lang_pick(path, wants):
    out = []
    for want, n in wants:
        out += smallest(path, want, n)
    return list(dict.fromkeys(out))   # in order, without repeats
def is_gem(r):
    return "gem" in r
ruby_lines = lang_pick(os.path.join(V, "rubysec", "ruby-advisory-db.jsonl"), [
    (lambda r: is_gem(r) and "cve" in r and "ghsa" in r and "osvdb" in r, 1),
    (lambda r: is_gem(r) and "unaffected_versions" in r and "patched_versions" in r, 1),
    (lambda r: is_gem(r) and "cve" not in r and "ghsa" in r, 1),
    (lambda r: is_gem(r) and "cve" not in r and "ghsa" not in r, 1),
    (lambda r: is_gem(r) and not r.get("patched_versions") and not r.get("unaffected_versions"), 1),
    (lambda r: is_gem(r) and any("," in p for p in r.get("patched_versions", [])), 1),
    (lambda r: is_gem(r) and "cvss_v4" in r and "cvss_v3" in r, 1),
    (lambda r: is_gem(r) and "cvss_v2" in r, 1),
    (lambda r: "engine" in r, 2)])
npm_lines = lang_pick(os.path.join(V, "npm", "nodejs-security-wg-npm.jsonl"), [
    (lambda r: len(r["cves"]) > 1, 1),
    (lambda r: not r["cves"], 1),
    (lambda r: r["patched_versions"] is None, 1),
    (lambda r: "||" in r["vulnerable_versions"], 1),
    (lambda r: r["cvss_vector"] is None, 1),
    (lambda r: r["publish_date"].startswith("1970"), 1),
    (lambda r: r["module_name"] == "lodash", 2),
    (lambda r: any(not c[-1].isdigit() for c in r["cves"]), 1),
    (lambda r: "/I:U" in (r["cvss_vector"] or ""), 1)])
for i, l in enumerate(ruby_lines):
    seed("fuzz_feed_lang", "rubysec-%02d.jsonl" % i, l)
for i, l in enumerate(npm_lines):
    seed("fuzz_feed_lang", "npmwg-%02d.jsonl" % i, l)
seed("fuzz_feed_lang", "rubysec-several.jsonl", "".join(ruby_lines[:4]) + "\n{\"gem\": 7}\n" + ruby_lines[-1].rstrip("\n"))
seed("fuzz_feed_lang", "npmwg-several.jsonl", "".join(npm_lines[:4]) + "\n[]\n" + npm_lines[-1].rstrip("\n"))
seed("fuzz_feed_lang", "npmwg-one.json", json.dumps(json.loads(npm_lines[0]), indent=2))
seed("fuzz_feed_lang", "npmwg-array.json", json.dumps([json.loads(l) for l in npm_lines[:3]], indent=1))
dictionary("fuzz_feed_lang", [
    '"gem"', '"engine"', '"cve"', '"ghsa"', '"osvdb"', '"title"', '"date"', '"description"', '"cvss_v2"',
    '"cvss_v3"', '"cvss_v4"', '"criticality"', '"patched_versions"', '"unaffected_versions"', "~> ", ">= ",
    "< ", "!= ", '"id"', '"module_name"', '"vulnerable_versions"', '"cves"', '"cvss_vector"', '"cvss_score"',
    '"overview"', '"recommendation"', '"publish_date"', '"created_at"', '"updated_at"', "CVE-2020-", "||",
    " - ", "^", "~", "x", "*", "1970-01-01", "2020-01-01", "CVSS:3.0/", "null", "\n"])
# ---- fuzz_version_lang: "a\nb\nc", versions of one ecosystem or a range/requirement and versions ----
def first_strings(path, pick, n):
    out = []
    for l in jsonl(path):
        try:
            out += [v for v in pick(json.loads(l)) if isinstance(v, str)]
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if len(set(out)) >= n:
            break
    return list(dict.fromkeys(out))[:n]
def osv_versions(r):
    return [v for a in r.get("affected", []) for g in a.get("ranges", []) if g.get("type") != "GIT"
            for e in g.get("events", []) for v in e.values()] + [v for a in r.get("affected", [])
                                                                  for v in a.get("versions", [])[:2]]
lang_sets = {
    "npm": first_strings(os.path.join(V, "npm", "nodejs-security-wg-npm.jsonl"),
                         lambda r: [r["vulnerable_versions"], r["patched_versions"]], 24),
    "gem": first_strings(os.path.join(V, "rubysec", "ruby-advisory-db.jsonl"),
                         lambda r: r.get("patched_versions", []) + r.get("unaffected_versions", []), 24),
    "pypi": first_strings(os.path.join(V, "osv", "pypi.jsonl"), osv_versions, 24),
    "go": first_strings(os.path.join(V, "osv", "go.jsonl"), osv_versions, 24) + [
        "go1.21rc2", "go1.21.0", "go1.20", "v0.0.0-20191109021931-daa7c04131f5", "v2.0.0+incompatible", "1.9beta1"],
    "maven": ["1-alpha2snapshot", "1-SNAPSHOT", "1", "1-sp", "1.foo", "1-foo10", "1-1", "1.1", "2.0.a", "2-1",
              "2.0.2", "1.0.alpha-1", "1.sp.1", "2.5.6.SEC03", "9.4.44.v20210927", "1.0.0.RELEASE", "1-ga-1",
              "31.1-jre"],
    "semver": ["1.0.0-alpha", "1.0.0-alpha.beta", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0+build", "v1.2", "=1.2.3",
               "99999999999999999999.0.0", "1.0.0-x.7.z.92"],
}
for name, vals in sorted(lang_sets.items()):
    for i in range(0, len(vals) - 2, 3):
        seed("fuzz_version_lang", "%s-%02d" % (name, i // 3), "\n".join(vals[i:i + 3]))
seed("fuzz_version_lang", "range-then-version", "^1.2.3 || 2.x\n1.9.0-rc.1\n1.9.0")
seed("fuzz_version_lang", "requirement-then-version", "~> 1.2.3, != 1.2.4\n1.2.5.pre\n1.3")
seed("fuzz_version_lang", "nul-separated", b"1.0a1.post2.dev3+local.7\x001!1.0\x001.0-1")
dictionary("fuzz_version_lang", [
    "alpha", "beta", "rc", "pre", "preview", "post", "rev", "dev", "SNAPSHOT", "snapshot", "sp", "ga", "final",
    "release", "milestone", "cr", "incompatible", "||", " - ", "~>", ">=", "<=", "!=", "^", "~", "x", "*", "v",
    "go1.", "v0.0.0-", "!", "+", "-", ".", "_", "0.", "99999999999999999999", "\n"])
for t in sorted(count):
    print(f"seed.sh: {t}: {count[t]} seed files")
PY
