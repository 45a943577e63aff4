#!/usr/bin/env bash
# seed.sh - fill build-fuzz/corpus/<target>/ with small seeds made from $VIGIL_SHARED
# (cut-down image archives and layers, tiny hand-made images, package DBs, release
# files) and write libFuzzer dictionaries to build-fuzz/dict/. Safe to rerun.
set -u
cd "$(dirname "$0")/.."
SHARED=${VIGIL_SHARED:-$PWD/../shared}
OUT=build-fuzz
if [ ! -d "$SHARED/images" ]; then
	echo "seed.sh: $SHARED/images not found (set VIGIL_SHARED)" >&2
	exit 1
fi
command -v python3 >/dev/null || { echo "seed.sh: python3 is needed (scripts/install-deps.sh)" >&2; exit 1; }
for t in fuzz_image fuzz_walk fuzz_dpkg fuzz_apk fuzz_rpm fuzz_osrelease; do
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
for t in sorted(count):
    print(f"seed.sh: {t}: {count[t]} seed files")
PY
