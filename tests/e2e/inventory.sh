#!/usr/bin/env bash
# inventory.sh - the package list vigil finds in every shared image, in every
# format, equals the ground truth: dpkg-query / the apk db read from a root
# filesystem that umoci unpacked (an independent whiteout implementation).
# The same image in different formats must give identical package output.
. "$(dirname "$0")/lib.sh"
need_shared "inventory of shared images" || exit 0
for tool in umoci skopeo dpkg-query jq; do
	command -v $tool >/dev/null || { skip "inventory: $tool not installed (scripts/install-deps.sh)"; exit 0; }
done

# vigil's packages as TSV: type name version arch source_name source_version
vigil_tsv() { vigil sbom --format json --pkg-types os "$1" | jq -r '.packages[] | [.type,.name,.version,(.arch//""),(.source_name//""),(.source_version//"")] | @tsv' | LC_ALL=C sort; }
# the full package records (layer, found_in, purl...), for cross-format identity
vigil_pkgs() { vigil sbom --format json "$1" | jq -c '.packages'; }

# ground truth from an unpacked rootfs
truth_tsv() {
	local root=$1
	if [ -f "$root/var/lib/dpkg/status" ]; then
		dpkg-query --admindir="$root/var/lib/dpkg" -W \
			-f='deb\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\t${db:Status-Status}\n' |
			awk -F'\t' -v OFS='\t' '$7=="installed" {print $1,$2,$3,$4,$5,$6}'
	fi
	if [ -f "$root/lib/apk/db/installed" ]; then
		awk -v OFS='\t' '
			/^P:/ {p=substr($0,3)} /^V:/ {v=substr($0,3)} /^A:/ {a=substr($0,3)} /^o:/ {o=substr($0,3)}
			/^$/ { if (p!="") print "apk",p,v,a,(o==""?p:o),v; p=v=a=o="" }
			END { if (p!="") print "apk",p,v,a,(o==""?p:o),v }' "$root/lib/apk/db/installed"
	fi
}

unpack() { # unpack OCI ref $1 into $2 with umoci
	umoci unpack --rootless --image "$1" "$2" >/dev/null 2>&1 || umoci unpack --image "$1" "$2" >/dev/null 2>&1
}

compare() { # name, vigil ref, rootfs
	local name=$1 ref=$2 root=$3
	truth_tsv "$root" | LC_ALL=C sort > "$TMP/truth.tsv"
	if ! vigil_tsv "$ref" > "$TMP/vigil.tsv" 2> "$TMP/err"; then
		nok "$name: vigil sbom failed"; sed 's/^/#   /' "$TMP/err"; return
	fi
	if [ ! -s "$TMP/truth.tsv" ]; then nok "$name: ground truth is empty"; return; fi
	if diff -u "$TMP/truth.tsv" "$TMP/vigil.tsv" > "$TMP/diff"; then
		ok "$name: $(wc -l < "$TMP/truth.tsv") packages equal ground truth"
	else
		nok "$name: package list differs from ground truth"; head -30 "$TMP/diff" | sed 's/^/#   /'
	fi
}

same_output() { # name, ref A, ref B
	if [ "$(vigil_pkgs "$2")" = "$(vigil_pkgs "$3")" ] && [ -n "$(vigil_pkgs "$2")" ]; then
		ok "$1: identical package output"
	else
		nok "$1: package output differs between $2 and $3"
		diff <(vigil_pkgs "$2" | jq .) <(vigil_pkgs "$3" | jq .) | head -20 | sed 's/^/#   /'
	fi
}

D=$IMAGES/debian/bookworm-oci
A=$IMAGES/alpine/alpine-oci
for tag in bookworm-slim bookworm-curl bookworm-bench; do
	unpack "$D:$tag" "$TMP/u-$tag"
	compare "oci $tag" "oci:$D:$tag" "$TMP/u-$tag/rootfs"
done
for tag in 3.7.3 3.10.9 3.12.12 3.16.9 3.20.3 3.12.12-app; do
	unpack "$A:$tag" "$TMP/u-$tag"
	compare "oci alpine $tag" "oci:$A:$tag" "$TMP/u-$tag/rootfs"
done

# docker-archive (crane layout, gzip layers): ground truth via skopeo -> oci -> umoci
skopeo copy -q "docker-archive:$IMAGES/debian/bullseye-stale.docker-archive.tar" "oci:$TMP/bw:x" >/dev/null 2>&1
unpack "$TMP/bw:x" "$TMP/u-bw"
compare "docker-archive bullseye-stale" "docker-archive:$IMAGES/debian/bullseye-stale.docker-archive.tar" "$TMP/u-bw/rootfs"
same_output "bullseye-stale: docker-archive vs OCI copy" "$IMAGES/debian/bullseye-stale.docker-archive.tar" "oci:$TMP/bw:x"

# one image, many formats
APP=oci:$A:3.12.12-app
for f in alpine-3.12-app.docker-archive.tar alpine-3.12-app.docker-save-legacy.tar.gz alpine-3.12-app.oci-archive-zstd.tar; do
	compare "alpine app as $f" "$IMAGES/alpine/$f" "$TMP/u-3.12.12-app/rootfs"
	same_output "alpine app: $f vs OCI dir" "$APP" "$IMAGES/alpine/$f"
done
same_output "alpine 3.7.3: uncompressed oci-archive vs OCI dir" "oci:$A:3.7.3" "$IMAGES/alpine/alpine-3.7.3.oci-archive-uncompressed.tar"
compare "alpine 3.7.3 oci-archive (uncompressed layer)" "oci-archive:$IMAGES/alpine/alpine-3.7.3.oci-archive-uncompressed.tar" "$TMP/u-3.7.3/rootfs"

# rootfs tarballs and unpacked directories
for v in 3.7.3 3.20.3; do
	compare "minirootfs $v" "rootfs-tar:$IMAGES/alpine/minirootfs/alpine-minirootfs-$v-x86_64.tar.gz" "$TMP/u-$v/rootfs"
	compare "minirootfs $v (detected)" "$IMAGES/alpine/minirootfs/alpine-minirootfs-$v-x86_64.tar.gz" "$TMP/u-$v/rootfs"
done
compare "dir: bookworm-curl rootfs" "dir:$TMP/u-bookworm-curl/rootfs" "$TMP/u-bookworm-curl/rootfs"
compare "dir: alpine app rootfs" "$TMP/u-3.12.12-app/rootfs" "$TMP/u-3.12.12-app/rootfs"

# whiteouts and layer attribution
J=$(vigil sbom --format json "oci:$D:bookworm-curl")
check "bookworm-curl: purged tzdata is not reported" test -z "$(jq -r '.packages[]|select(.name=="tzdata")|.name' <<<"$J")"
check "bookworm-curl: curl attributed to layer 1" test "$(jq -r '.packages[]|select(.name=="curl")|.layer.index' <<<"$J")" = 1
check "bookworm-curl: libc6 attributed to layer 0" test "$(jq -r '.packages[]|select(.name=="libc6")|.layer.index' <<<"$J")" = 0
J=$(vigil sbom --format json "oci:$D:bookworm-bench")
check "bookworm-bench: re-installed tzdata attributed to layer 2" test "$(jq -r '.packages[]|select(.name=="tzdata")|.layer.index' <<<"$J")" = 2
check "bookworm-bench: diff_id of layer 2 recorded" test "$(jq -r '.packages[]|select(.name=="tzdata")|.layer.diff_id' <<<"$J")" = "$(jq -r '.image.layers[2]' <<<"$J")"
J=$(vigil sbom --format json "$APP")
check "alpine app: apk-deleted libc-utils/musl-utils/scanelf absent" test -z "$(jq -r '.packages[]|select(.name=="libc-utils" or .name=="musl-utils" or .name=="scanelf")|.name' <<<"$J")"
check "alpine app: OS detected" test "$(jq -r '.os.id + " " + .os.version_id' <<<"$J")" = "alpine 3.12.12"

# package DBs reached only through a symlink (rpm) or a hard link (dpkg):
# the second, targeted pass must fetch them
mkdir -p "$TMP/links"
cp "$IMAGES/pkgdb/rpm/amazonlinux2023-plain/rpmdb.sqlite" "$TMP/links/rpmdb.sqlite"
python3 - "$TMP/links" "$IMAGES/pkgdb/dpkg/debian-12-bookworm-slim/status" <<'PY'
import io, sys, tarfile
d, status = sys.argv[1], sys.argv[2]
def add(t, name, data=None, link=None, kind=None):
    ti = tarfile.TarInfo(name)
    if kind == "sym": ti.type, ti.linkname = tarfile.SYMTYPE, link
    elif kind == "hard": ti.type, ti.linkname = tarfile.LNKTYPE, link
    elif kind == "dir": ti.type, ti.mode = tarfile.DIRTYPE, 0o755
    else: ti.size = len(data)
    t.addfile(ti, io.BytesIO(data) if data is not None else None)
with tarfile.open(d + "/rpm-symlink.tar", "w") as t:
    add(t, "usr/lib/os-release", b'ID="amzn"\nVERSION_ID="2023"\n')
    add(t, "etc/os-release", link="../usr/lib/os-release", kind="sym")
    add(t, "opt/db/rpmdb.sqlite", open(d + "/rpmdb.sqlite", "rb").read())
    add(t, "var/lib/rpm", link="../../opt/db", kind="sym")
with tarfile.open(d + "/dpkg-hardlink.tar", "w") as t:
    add(t, "srv/copy-of-status", open(status, "rb").read())
    add(t, "var/lib/dpkg/status", link="srv/copy-of-status", kind="hard")
PY
if command -v rpm >/dev/null; then
	mkdir -p "$TMP/links/db" && cp "$TMP/links/rpmdb.sqlite" "$TMP/links/db/"
	rpm --dbpath "$TMP/links/db" -qa --qf 'rpm\t%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\n' 2>/dev/null |
		grep -v '^rpm.gpg-pubkey' | LC_ALL=C sort > "$TMP/truth.tsv"
	vigil sbom --format json "rootfs-tar:$TMP/links/rpm-symlink.tar" > "$TMP/rpm.json" 2> "$TMP/err"
	jq -r '.packages[] | [.type,.name,.version,.arch] | @tsv' "$TMP/rpm.json" | LC_ALL=C sort > "$TMP/vigil.tsv"
	if [ -s "$TMP/truth.tsv" ] && diff -u "$TMP/truth.tsv" "$TMP/vigil.tsv" > "$TMP/diff"; then
		ok "rpmdb behind /var/lib/rpm -> /opt/db symlink: $(wc -l < "$TMP/truth.tsv") packages equal rpm -qa"
	else
		nok "rpmdb behind a symlink"; head -20 "$TMP/diff" "$TMP/err" | sed 's/^/#   /'
	fi
	check "rpmdb behind a symlink: found_in is the logical path" test "$(jq -r '.packages[0].found_in' "$TMP/rpm.json")" = /var/lib/rpm/rpmdb.sqlite
	check "os-release behind a symlink: amzn 2023" test "$(jq -r '.os.id + " " + .os.version_id' "$TMP/rpm.json")" = "amzn 2023"
else
	skip "rpmdb behind a symlink (rpm not installed)"
fi
mkdir -p "$TMP/links/root/var/lib/dpkg" && cp "$IMAGES/pkgdb/dpkg/debian-12-bookworm-slim/status" "$TMP/links/root/var/lib/dpkg/"
compare "dpkg status as a hard link" "rootfs-tar:$TMP/links/dpkg-hardlink.tar" "$TMP/links/root"

# docker save fixtures from go-containerregistry (no package DBs)
G=$IMAGES/formats/ggcr-testdata
for f in hello-world-v25.tar test_image_1.tar whiteout_image.tar; do
	check "ggcr $f reads" vigil sbom --format json "$G/$f"
done
if vigil sbom "$G/test_bundle.tar" > "$TMP/out" 2> "$TMP/err"; then
	nok "ggcr test_bundle.tar without a tag must fail"
else
	check "ggcr test_bundle.tar: error lists the tags" grep -q "tags:" "$TMP/err"
fi
tag=$(tar -xOf "$G/test_bundle.tar" manifest.json | jq -r '.[1].RepoTags[0]')
check "ggcr test_bundle.tar:$tag reads" vigil sbom --format json "docker-archive:$G/test_bundle.tar:$tag"
echo "1..$TAP_N"
