#!/usr/bin/env bash
# bad_input.sh - hostile and broken inputs, all built at test time under $TMP. vigil
# must fail cleanly on each: right exit code, one "vigil: <file>: <problem>" line, no
# crash or hang, bounded memory, nothing written (cwd/TMPDIR empty, no --output).
. "$(dirname "$0")/lib.sh"
set -u
need_shared "bad input" || exit 0
for tool in python3 jq zstd gzip tar truncate timeout; do
	command -v $tool >/dev/null || { skip "bad input: $tool not installed (scripts/install-deps.sh)"; exit 0; }
done
A=$IMAGES/alpine/alpine-oci
MINI=$IMAGES/alpine/minirootfs/alpine-minirootfs-3.7.3-x86_64.tar.gz
F=$TMP/fx            # fixtures
OUTDIR=$TMP/out      # where --output points
LIMIT=30             # seconds before a run counts as a hang (bad/good set it per case)
RSS_MAX_KB=204800    # 200 MB peak RSS for the bomb and sparse cases
L373=9d795583edec1016fd092cbd905171c3eb6a2359c06bb26f24300d48970a79c1   # 3.7.3 layer (gzip)
C373=83eadcb473e8d0397bc612ec1ddb0664f70b2469175a3493b84ab7a55d1e8f54   # 3.7.3 config
M373=e82acb5043b3075afec9e1e5b10341fd8d2c6c88969da39a9c9bb63601f21c69   # 3.7.3 manifest
mkdir -p "$F"

# ---- fixtures: tars, OCI layouts and the gzip bomb, all from one python run ----
python3 - "$F" "$A/blobs/sha256" "$L373" "$C373" "$M373" "$IMAGES/pkgdb/rpm/libuuid-bdb/Packages" <<'PY' || { nok "building fixtures failed"; echo "1..$TAP_N"; exit 1; }
import hashlib, io, json, os, struct, sys, tarfile, zlib

F, BLOBS, L373, C373, M373, BDB = sys.argv[1:7]
MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_TGZ = "application/vnd.oci.image.layer.v1.tar+gzip"
MT_TAR = "application/vnd.oci.image.layer.v1.tar"
REF = "org.opencontainers.image.ref.name"

def sha(b): return "sha256:" + hashlib.sha256(b).hexdigest()
def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f: f.write(data)
def shared(hexd):
    with open(os.path.join(BLOBS, hexd), "rb") as f: return f.read()
def garbage(n, seed):
    out, h = bytearray(), seed.encode()
    while len(out) < n:
        h = hashlib.sha256(h).digest(); out += h
    return bytes(out[:n])

def tar(members):
    """members: (name, "file"|"dir"|"sym", data or link target)"""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, kind, val in members:
            ti = tarfile.TarInfo(name); ti.mtime = 1700000000
            if kind == "file":
                ti.size = len(val); t.addfile(ti, io.BytesIO(val))
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            else:
                ti.type = tarfile.SYMTYPE; ti.linkname = val; t.addfile(ti)
    return bio.getvalue()

class Layout:
    """An OCI image layout directory under F."""
    def __init__(self, name):
        self.d = os.path.join(F, name)
        put(os.path.join(self.d, "oci-layout"), b'{"imageLayoutVersion": "1.0.0"}')
    def blob(self, data):
        d = sha(data)
        put(os.path.join(self.d, "blobs", "sha256", d[7:]), data)
        return {"digest": d, "size": len(data)}
    def manifest(self, config, layers, layer_mt=MT_TGZ):
        m = {"schemaVersion": 2, "mediaType": MT_MANIFEST,
             "config": dict(mediaType=MT_CONFIG, **self.blob(config)),
             "layers": [dict(mediaType=layer_mt, **self.blob(l)) for l in layers]}
        return dict(mediaType=MT_MANIFEST, **self.blob(json.dumps(m).encode()))
    def index(self, descs, raw=None):
        put(os.path.join(self.d, "index.json"),
            raw if raw is not None else json.dumps({"schemaVersion": 2, "manifests": descs}).encode())
    def path(self, hexd): return os.path.join(self.d, "blobs", "sha256", hexd)

def copy373(name):
    """Tag 3.7.3 of the shared alpine layout, blobs copied as they are."""
    lay = Layout(name)
    for h in (L373, C373, M373):
        put(lay.path(h), shared(h))
    lay.index([{"mediaType": MT_MANIFEST, "digest": "sha256:" + M373, "size": len(shared(M373)),
                "annotations": {REF: "3.7.3"}}])
    return lay

def patch(path, off, new):
    with open(path, "r+b") as f:
        f.seek(off); f.write(new)

layer, config, manifest = shared(L373), shared(C373), shared(M373)

# docker-archive: manifest.json missing, malformed, of the wrong types; missing members
cfg1 = json.dumps({"architecture": "amd64", "os": "linux",
                   "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]}}).encode()
put(f"{F}/da-nomanifest.tar", tar([("hello.txt", "file", b"hello\n")]))
put(f"{F}/da-badjson.tar", tar([("manifest.json", "file", b'[{"Config": "c.json", "Layers": [')]))
put(f"{F}/da-object.tar", tar([("manifest.json", "file", b'{"Config": "c.json", "Layers": []}')]))
put(f"{F}/da-fieldtypes.tar", tar([("manifest.json", "file", b'[{"Config": 5, "Layers": "l.tar"}]')]))
put(f"{F}/da-layertype.tar", tar([("manifest.json", "file", b'[{"Config": "c.json", "Layers": [7]}]'),
                                  ("c.json", "file", cfg1)]))
put(f"{F}/da-diffids.tar", tar([("manifest.json", "file", b'[{"Config": "c.json", "Layers": ["l.tar"]}]'),
                                ("c.json", "file", b'{"rootfs": {"diff_ids": [42]}}')]))
put(f"{F}/da-noconfig.tar", tar([("manifest.json", "file", b'[{"Config": "gone.json", "Layers": []}]')]))
put(f"{F}/da-nolayer.tar", tar([("manifest.json", "file", b'[{"Config": "c.json", "Layers": ["gone.tar"]}]'),
                                ("c.json", "file", cfg1)]))

# OCI layouts: broken index.json
Layout("oci-badindex").index(None, raw=b'{"schemaVersion": 2, "manifests": [')
Layout("oci-emptyindex").index(None, raw=b"")
Layout("oci-indextypes").index(None, raw=b'{"schemaVersion": 2, "manifests": {"digest": "x"}}')
Layout("oci-desctypes").index(None, raw=b'{"schemaVersion": 2, "manifests": [{"digest": 5, "size": "big"}]}')
Layout("oci-digestpath").index([{"mediaType": MT_MANIFEST, "digest": "sha256:../../../../../../etc/passwd", "size": 1}])
lay = Layout("oci-cfgdigest")           # the manifest's config digest is not a digest
m = lay.blob(json.dumps({"schemaVersion": 2, "config": {"mediaType": MT_CONFIG, "digest": "sha256:1234",
                        "size": 2}, "layers": []}).encode())
lay.index([dict(mediaType=MT_MANIFEST, **m)])
lay = Layout("oci-deep")                # indexes nested 6 deep
d = lay.manifest(config, [layer[:100]])
for _ in range(6):
    d = dict(mediaType=MT_INDEX, **lay.blob(json.dumps({"schemaVersion": 2, "manifests": [
        dict(platform={"os": "linux", "architecture": "amd64"}, **d)]}).encode()))
lay.index([d])
# descriptor digests that do not match the content
lay = copy373("oci-layer-digest")       # gzip header OS byte: same tar, other bytes
patch(lay.path(L373), 9, bytes([layer[9] ^ 0x01]))
lay = copy373("oci-layer-corrupt")      # a byte in the middle of the deflate data
patch(lay.path(L373), len(layer) // 2, bytes([layer[len(layer) // 2] ^ 0xff]))
lay = copy373("oci-config-digest")      # still valid JSON: only the digest can tell
i = config.index(b'"amd64"') + 5
patch(lay.path(C373), i, b"5")
lay = copy373("oci-manifest-digest")    # still valid JSON: the layer size 2157198 -> 2157199
i = manifest.index(b"2157198") + 6
patch(lay.path(M373), i, b"9")
lay = copy373("oci-index-size")         # index.json gives the manifest a wrong size
lay.index([{"mediaType": MT_MANIFEST, "digest": "sha256:" + M373, "size": len(manifest) - 1}])
lay = copy373("oci-missing-layer"); os.remove(lay.path(L373))
lay = copy373("oci-missing-config"); os.remove(lay.path(C373))
# truncated gzip layer whose descriptor digest matches the truncated bytes
lay = Layout("oci-trunc")
lay.index([lay.manifest(config, [layer[: len(layer) // 2]])])
# a layer that walks out of the root
bad = tar([("etc", "dir", None), ("../evil", "file", b"x\n")])
cfg = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [sha(bad)]}})
lay = Layout("oci-dotdot")
lay.index([lay.manifest(cfg.encode(), [bad], layer_mt=MT_TAR)])

# multi-platform: index.json -> nested index -> linux/amd64 (3.7.3) and linux/arm64/v8
lay = Layout("oci-multi")
amd = dict(mediaType=MT_MANIFEST, **lay.blob(manifest))
lay.blob(layer); lay.blob(config)
c = json.loads(config); c["architecture"] = "arm64"; c["variant"] = "v8"
arm = lay.manifest(json.dumps(c).encode(), [layer])
amd["platform"] = {"os": "linux", "architecture": "amd64"}
arm["platform"] = {"os": "linux", "architecture": "arm64", "variant": "v8"}
nested = lay.blob(json.dumps({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": [amd, arm]}).encode())
lay.index([dict(mediaType=MT_INDEX, annotations={REF: "multi"}, **nested)])

# root filesystem tarballs
put(f"{F}/rt-dotdot.tar", tar([("etc", "dir", None), ("../evil", "file", b"x\n")]))
put(f"{F}/rt-absolute.tar", tar([("etc", "dir", None), ("/etc/evil", "file", b"x\n")]))
put(f"{F}/rt-symloop.tar", tar([("var", "dir", None), ("var/lib", "dir", None),
                                ("var/lib/rpm", "sym", "rpm2"), ("var/lib/rpm2", "sym", "rpm")]))
def db(name, path, data): put(f"{F}/{name}.tar", tar([(path, "file", data)]))
db("rt-dpkg-nul", "var/lib/dpkg/status", b"Package: a\nVersion: 1\n\0\0\0garbage\xff\n")
db("rt-dpkg-garbage", "var/lib/dpkg/status", bytes(range(1, 256)) * 16)
db("rt-apk-nul", "lib/apk/db/installed", b"P:a\nV:1\n\0\0\0garbage\xff\n")
db("rt-apk-garbage", "lib/apk/db/installed", bytes(range(1, 256)) * 16)
db("rt-rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", garbage(8192, "sqlite"))
db("rt-rpm-sqlite-magic", "var/lib/rpm/rpmdb.sqlite", b"SQLite format 3\0" + garbage(8192, "sqlite"))
db("rt-rpm-bdb", "var/lib/rpm/Packages", garbage(8192, "bdb"))
db("rt-rpm-bdb-magic", "var/lib/rpm/Packages", garbage(12, "m") + struct.pack("<I", 0x061561) + garbage(8192, "bdb"))
with open(BDB, "rb") as f:
    db("rt-rpm-bdb-ok", "var/lib/rpm/Packages", f.read())

# plain non-images
put(f"{F}/empty.tar", b"")
put(f"{F}/not-a-tar.tar", b"this is not a tar archive, just some text\n" * 64)

# gzip bombs: tars holding 16 GiB of zeros, gzip'd to ~17 MB. Built without ever
# holding or compressing 16 GiB: one MiB of zeros is deflated once, ended with a
# full flush (byte-aligned, no back-references past it), and repeated; the CRC
# of the zeros comes from crc32_combine (GF(2) matrices, as in zlib).
def gf2_times(mat, vec):
    s, i = 0, 0
    while vec:
        if vec & 1: s ^= mat[i]
        vec >>= 1; i += 1
    return s
def gf2_square(mat): return [gf2_times(mat, mat[n]) for n in range(32)]
def crc32_combine(crc1, crc2, len2):
    odd = [0xedb88320] + [1 << n for n in range(31)]
    even = gf2_square(odd); odd = gf2_square(even)
    while len2:
        even = gf2_square(odd)
        if len2 & 1: crc1 = gf2_times(even, crc1)
        len2 >>= 1
        if not len2: break
        odd = gf2_square(even)
        if len2 & 1: crc1 = gf2_times(odd, crc1)
        len2 >>= 1
    return crc1 ^ crc2
def deflate(data, mode):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(mode)
def member(name, data, size=None):
    ti = tarfile.TarInfo(name); ti.mtime = 1700000000
    ti.size = len(data) if size is None else size
    return ti.tobuf(format=tarfile.GNU_FORMAT) + data + bytes(-len(data) % 512)
ZSIZE, CHUNK = 16 << 30, 1 << 20
zchunk = deflate(bytes(CHUNK), zlib.Z_FULL_FLUSH)
zcrc, n = zlib.crc32(bytes(CHUNK)), CHUNK
while n < ZSIZE:
    zcrc, n = crc32_combine(zcrc, zcrc, n), n * 2
def bomb(path, head):
    """head: tar bytes up to and including the header of the ZSIZE member"""
    tail = bytes(1024)
    crc = crc32_combine(crc32_combine(zlib.crc32(head), zcrc, ZSIZE), zlib.crc32(tail), len(tail))
    with open(path, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\0\0\0\0\x02\x03")
        f.write(deflate(head, zlib.Z_FULL_FLUSH))
        for _ in range(ZSIZE // CHUNK):
            f.write(zchunk)
        f.write(deflate(tail, zlib.Z_FINISH))
        f.write(struct.pack("<II", crc, (len(head) + ZSIZE + len(tail)) & 0xffffffff))
bomb(f"{F}/bomb.tar.gz", member("zeros", b"", ZSIZE))
bomb(f"{F}/bomb-docker.tar.gz",
     member("manifest.json", b'[{"Config": "c.json", "RepoTags": ["bomb:1"], "Layers": ["l.tar"]}]') +
     member("c.json", cfg1) + member("l.tar", b"", ZSIZE))
# a docker-archive whose layer member is a symlink loop
put(f"{F}/da-linkloop.tar", tar([("manifest.json", "file", b'[{"Config": "c.json", "Layers": ["a/layer.tar"]}]'),
                                 ("c.json", "file", cfg1), ("a", "dir", None), ("b", "dir", None),
                                 ("a/layer.tar", "sym", "../b/layer.tar"), ("b/layer.tar", "sym", "../a/layer.tar")]))
PY

# shell-made fixtures: truncated gzip / zstd rootfs tarballs, a 10 GB sparse status file
SZ=$(stat -c %s "$MINI")
head -c $((SZ / 2)) "$MINI" > "$F/trunc.tar.gz"
gzip -dc "$MINI" > "$F/full.tar"
head -c $(($(stat -c %s "$F/full.tar") / 2)) "$F/full.tar" > "$F/trunc.tar"
zstd -q -3 < "$F/full.tar" > "$F/full.tar.zst"
head -c $(($(stat -c %s "$F/full.tar.zst") / 2)) "$F/full.tar.zst" > "$F/trunc.tar.zst"
mkdir -p "$F/sp" && truncate -s 10G "$F/sp/status"
tar -C "$F/sp" -S -cf "$F/sparse.tar" --transform 's,^status$,var/lib/dpkg/status,' status
rm -rf "$F/sp"

# ---- running vigil ----
# python3 -c "$MEASURE" RSSFILE CMD...: run CMD; write "<peak RSS of CMD in kB>
# <wall ms>" to RSSFILE; exit as CMD did (128+N when killed by signal N)
MEASURE='import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d %d\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, (time.monotonic() - t) * 1000))
sys.exit(rc if rc >= 0 else 128 - rc)'
# run_vigil ARGS: vigil sbom --output $OUTDIR/sbom.json ARGS, with cwd and TMPDIR
# fresh empty directories, killed after LIMIT seconds; sets RC and ELAPSED (ms),
# and with FAST set RSS_KB (peak).
run_vigil() {
	local t0 t1 wrap=()
	rm -rf "$TMP/cwd" "$TMP/tmpd" "$OUTDIR" "$TMP/rss"
	mkdir -p "$TMP/cwd" "$TMP/tmpd" "$OUTDIR"
	[ -z "$FAST" ] || wrap=(python3 -c "$MEASURE" "$TMP/rss")
	t0=$(date +%s%N)
	(cd "$TMP/cwd" && TMPDIR=$TMP/tmpd timeout -k 5 $LIMIT "${wrap[@]}" \
		"$VIGIL_BIN" sbom --output "$OUTDIR/sbom.json" "$@") >"$TMP/stdout" 2>"$TMP/stderr"
	RC=$?
	t1=$(date +%s%N)
	ELAPSED=$(((t1 - t0) / 1000000))
	RSS_KB=
	if [ -n "$FAST" ] && [ -s "$TMP/rss" ]; then
		read -r RSS_KB ELAPSED <"$TMP/rss"
	fi
	return 0
}

leftovers() { # cwd and TMPDIR must stay empty
	[ -z "$(ls -A "$TMP/cwd")" ] || WHY+=("left files in the working directory: $(ls -A "$TMP/cwd" | head -5 | tr '\n' ' ')")
	[ -z "$(ls -A "$TMP/tmpd")" ] || WHY+=("left files in TMPDIR: $(ls -A "$TMP/tmpd" | head -5 | tr '\n' ' ')")
}

report() { # name: ok if WHY is empty, else not ok with the reasons and stderr
	if [ ${#WHY[@]} -eq 0 ]; then
		ok "$1"
	else
		nok "$1"
		printf '#   %s\n' "${WHY[@]}"
		head -c 2000 "$TMP/stderr" | head -n 5 | sed 's/^/#   stderr: /'
	fi
}

# bad NAME RC FILE WORD ARGS... : `vigil sbom ARGS` must exit RC (2 usage, 3 bad
# input) with exactly one "vigil: " line on stderr that contains FILE (fixed
# string) and, apart from FILE, matches WORD (extended regex, any case); nothing
# on stdout, no --output, nothing left in cwd or TMPDIR. With FAST=MS it must
# also be done within MS milliseconds (and is killed after a few times that)
# with a peak RSS under RSS_MAX_KB.
FAST=
bad() {
	local name=$1 want=$2 file=$3 word=$4 lines msg
	shift 4
	WHY=()
	LIMIT=30
	[ -z "$FAST" ] || LIMIT=$((FAST / 1000 * 3 + 1))
	run_vigil "$@"
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		WHY+=("still running after ${LIMIT}s: killed")
		leftovers
		report "$name (killed after ${ELAPSED} ms)"
		return
	elif [ "$RC" -ge 128 ]; then
		WHY+=("crashed: exit status $RC")
	elif [ "$RC" -ne "$want" ]; then
		WHY+=("exit status $RC, expected $want")
	fi
	lines=$(grep -c '' "$TMP/stderr")
	[ "$lines" -eq 1 ] || WHY+=("stderr has $lines lines, expected exactly 1")
	head -n 1 "$TMP/stderr" | grep -q '^vigil: ' || WHY+=("stderr does not start with \"vigil: \"")
	msg=$(head -c 4096 "$TMP/stderr")
	[[ $msg == *"$file"* ]] || WHY+=("the message does not name $file")
	grep -qiE -- "$word" <<<"${msg//"$file"/}" || WHY+=("the message does not say /$word/")
	[ ! -s "$TMP/stdout" ] || WHY+=("wrote $(wc -c <"$TMP/stdout") bytes to stdout")
	[ ! -e "$OUTDIR/sbom.json" ] || WHY+=("created --output although it failed")
	leftovers
	if [ -n "$FAST" ]; then
		[ "$ELAPSED" -lt "$FAST" ] || WHY+=("took ${ELAPSED} ms, more than $FAST ms")
		if [ -z "$RSS_KB" ]; then
			WHY+=("peak RSS not measured")
		elif [ "$RSS_KB" -ge "$RSS_MAX_KB" ]; then
			WHY+=("peak RSS ${RSS_KB} kB, over $RSS_MAX_KB kB")
		fi
	fi
	report "$name (exit $RC${RSS_KB:+, ${RSS_KB} kB}, ${ELAPSED} ms)"
}

# good NAME JQ-FILTER EXPECTED ARGS... : success; jq FILTER of the JSON output
# equals EXPECTED; --output written, nothing else.
good() {
	local name=$1 filter=$2 want=$3 got
	shift 3
	WHY=()
	LIMIT=30
	run_vigil --format json "$@"
	[ "$RC" -eq 0 ] || WHY+=("exit status $RC, expected 0")
	[ ! -s "$TMP/stdout" ] || WHY+=("wrote to stdout although --output was given")
	if [ -s "$OUTDIR/sbom.json" ]; then
		got=$(jq -r "$filter" "$OUTDIR/sbom.json" 2>&1)
		[ "$got" = "$want" ] || WHY+=("$filter is \"$got\", expected \"$want\"")
	else
		WHY+=("--output was not written")
	fi
	leftovers
	report "$name"
}

# Cases marked "was:" failed before 7677456; the note says how.

# ---- docker-archive ----
da() { bad "docker-archive: $1" "$2" "$F/$3" "$4" "docker-archive:$F/$3"; }
da "no manifest.json" 3 da-nomanifest.tar 'manifest\.json'
da "malformed manifest.json" 3 da-badjson.tar 'manifest\.json.*(malformed|JSON)'
da "manifest.json is an object" 3 da-object.tar 'manifest\.json.*array'
da "Config a number, Layers a string" 3 da-fieldtypes.tar 'Config|Layers'
da "Layers[0] a number" 3 da-layertype.tar 'Layers\[0\]'
da "config diff_ids[0] a number" 3 da-diffids.tar 'diff_ids'
da "Config member missing" 3 da-noconfig.tar 'gone\.json'
da "layer member missing" 3 da-nolayer.tar 'gone\.tar'
# was: 'no member "a/layer.tar"' (store_stream overwrote store_find's message)
da "layer member is a symlink loop" 3 da-linkloop.tar 'loop|too many'
# was: libarchive's "Error reading '<dir>'"
da "a directory" 3 oci-multi 'director'

# ---- OCI layout: index.json ----
bad "oci: malformed index.json" 3 "$F/oci-badindex" 'index\.json.*(malformed|JSON)' "oci:$F/oci-badindex"
bad "oci: empty index.json" 3 "$F/oci-emptyindex" 'index\.json' "oci:$F/oci-emptyindex"
bad "oci: index.json manifests is an object" 3 "$F/oci-indextypes" 'manifests' "oci:$F/oci-indextypes"
bad "oci: descriptor digest is a number" 3 "$F/oci-desctypes" 'digest' "oci:$F/oci-desctypes"
# was (both): 'vigil: malformed digest "sha256:..."', no layout named
bad "oci: index.json digest with a path in it" 3 "$F/oci-digestpath" 'malformed digest' "oci:$F/oci-digestpath"
bad "oci: manifest config digest malformed" 3 "$F/oci-cfgdigest" 'malformed digest' "oci:$F/oci-cfgdigest"
bad "oci: indexes nested 6 deep" 3 "$F/oci-deep" 'nested' "oci:$F/oci-deep"
bad "oci: several tags, none given: lists them" 2 "$A" 'tags.*3\.7\.3.*3\.20\.3' "oci:$A"
bad "oci: unknown tag: lists the tags" 3 "$A" '9\.9\.9.*3\.7\.3.*3\.12\.12-app' "oci:$A:9.9.9"

# ---- OCI layout: blobs that do not match their descriptors ----
bad "oci: layer blob digest mismatch" 3 "$L373" 'digest mismatch' "oci:$F/oci-layer-digest"
# was: "Damaged tar archive", not the cause (the blob does not match its digest)
bad "oci: layer blob corrupted mid-stream" 3 "$L373" 'digest mismatch' "oci:$F/oci-layer-corrupt"
bad "oci: config blob digest mismatch" 3 "$C373" 'digest mismatch' "oci:$F/oci-config-digest"
bad "oci: manifest blob digest mismatch" 3 "$M373" 'digest mismatch' "oci:$F/oci-manifest-digest"
bad "oci: manifest size differs from its descriptor" 3 "$M373" 'size' "oci:$F/oci-index-size"
bad "oci: manifest points at a missing layer blob" 3 "$L373" 'no such file|missing|not found' "oci:$F/oci-missing-layer"
bad "oci: manifest points at a missing config blob" 3 "$C373" 'no such file|missing|not found' "oci:$F/oci-missing-config"
bad "oci: truncated gzip layer (digest matches)" 3 "$F/oci-trunc/blobs/sha256/" 'truncated' "oci:$F/oci-trunc"
bad "oci: layer entry with ../" 3 "$F/oci-dotdot/blobs/sha256/" '"\.\."' "oci:$F/oci-dotdot"

# ---- compressed streams ----
bad "rootfs-tar: truncated gzip" 3 "$F/trunc.tar.gz" 'truncated' "rootfs-tar:$F/trunc.tar.gz"
bad "rootfs-tar: truncated plain tar" 3 "$F/trunc.tar" 'truncated' "rootfs-tar:$F/trunc.tar"
bad "rootfs-tar: truncated zstd" 3 "$F/trunc.tar.zst" 'truncated' "rootfs-tar:$F/trunc.tar.zst"
FAST=5000
Z="16 GiB of zeros in $(($(stat -c %s "$F/bomb.tar.gz") >> 20)) MiB"
bad "rootfs-tar: gzip bomb ($Z)" 3 "$F/bomb.tar.gz" 'bomb|ratio|times its size' "rootfs-tar:$F/bomb.tar.gz"
# was: a path whose type is detected, and docker-archive:/oci-archive: on a
# compressed archive, were listed by store_open_archive, which inflated the
# whole file with no size or ratio limit (~3.5 s per GiB)
bad "detected path: gzip bomb ($Z)" 3 "$F/bomb.tar.gz" 'bomb|ratio|times its size' "$F/bomb.tar.gz"
bad "docker-archive: gzip'd archive is a bomb ($Z)" 3 "$F/bomb-docker.tar.gz" 'bomb|ratio|times its size' \
	"docker-archive:$F/bomb-docker.tar.gz"

# ---- tar entries and limits ----
FAST=2000
bad "rootfs-tar: 10 GB sparse var/lib/dpkg/status" 3 "var/lib/dpkg/status" 'limit' "rootfs-tar:$F/sparse.tar"
FAST=
bad "rootfs-tar: entry with ../" 3 "$F/rt-dotdot.tar" '"\.\."' "rootfs-tar:$F/rt-dotdot.tar"
bad "rootfs-tar: entry with an absolute name" 3 "$F/rt-absolute.tar" 'absolute' "rootfs-tar:$F/rt-absolute.tar"
bad "detected archive: entry with ../" 3 "$F/rt-dotdot.tar" '"\.\."' "$F/rt-dotdot.tar"
bad "rootfs-tar: symlink loop var/lib/rpm -> rpm2 -> rpm" 3 "var/lib/rpm" 'symlink loop' "rootfs-tar:$F/rt-symloop.tar"

# ---- package databases ----
pkgdb() { bad "$1" 3 "$2" "$3" "rootfs-tar:$F/$4"; }
pkgdb "dpkg status with NUL bytes" var/lib/dpkg/status 'NUL' rt-dpkg-nul.tar
pkgdb "dpkg status of garbage" var/lib/dpkg/status 'not a dpkg status' rt-dpkg-garbage.tar
pkgdb "apk installed with NUL bytes" lib/apk/db/installed 'NUL' rt-apk-nul.tar
pkgdb "apk installed of garbage" lib/apk/db/installed 'not an apk' rt-apk-garbage.tar
pkgdb "rpmdb.sqlite of garbage" var/lib/rpm/rpmdb.sqlite 'not an rpmdb' rt-rpm-sqlite.tar
pkgdb "rpmdb.sqlite: sqlite magic, then garbage" var/lib/rpm/rpmdb.sqlite 'sqlite rpmdb' rt-rpm-sqlite-magic.tar
pkgdb "rpm Packages (bdb) of garbage" var/lib/rpm/Packages 'not an rpmdb' rt-rpm-bdb.tar
pkgdb "rpm Packages: bdb magic, then garbage" var/lib/rpm/Packages 'berkeleydb rpmdb' rt-rpm-bdb-magic.tar
good "a real bdb Packages: read, no temporary files left" '[.packages[]|select(.type=="rpm")]|length>0' true \
	"rootfs-tar:$F/rt-rpm-bdb-ok.tar"

# ---- not images at all, and bad command lines ----
# was (both): "Unrecognized archive format"
bad "empty file" 3 "$F/empty.tar" 'empty' "$F/empty.tar"
bad "empty file as rootfs-tar:" 3 "$F/empty.tar" 'empty' "rootfs-tar:$F/empty.tar"
bad "not a tar file" 3 "$F/not-a-tar.tar" 'unrecognized|not a tar' "$F/not-a-tar.tar"
bad "not a tar file as oci-archive:" 3 "$F/not-a-tar.tar" 'unrecognized|not a tar' "oci-archive:$F/not-a-tar.tar"
bad "nonexistent path" 3 "$F/does-not-exist.tar" 'no such file' "$F/does-not-exist.tar"
bad "nonexistent docker-archive:" 3 "$F/does-not-exist.tar" 'no such file' "docker-archive:$F/does-not-exist.tar"
bad "--format nope" 2 "nope" 'format' --format nope "oci:$A:3.7.3"
bad "--platform x" 2 "x" 'platform' --platform x "oci:$A:3.7.3"

# ---- multi-platform index ----
good "multi-platform: default is linux/amd64" .image.architecture amd64 "oci:$F/oci-multi"
good "multi-platform: --platform linux/arm64/v8 picks arm64" '.image.architecture+"/"+.image.variant' arm64/v8 \
	--platform linux/arm64/v8 "oci:$F/oci-multi"
good "multi-platform: --platform linux/arm64 picks arm64" .image.architecture arm64 --platform linux/arm64 "oci:$F/oci-multi"
bad "multi-platform: --platform linux/s390x lists what there is" 3 "$F/oci-multi" \
	's390x.*linux/amd64.*linux/arm64/v8' --platform linux/s390x "oci:$F/oci-multi"
echo "1..$TAP_N"
