#!/usr/bin/env bash
# scan_rpm.sh - vigil scan of an AlmaLinux 9 image against the AlmaLinux OSV
# errata. The shared rpmdbs are not AlmaLinux, so the image is made here: empty
# packages with real AlmaLinux 9 names and chosen epochs/versions/releases are
# built with rpmbuild, recorded in a fresh sqlite rpmdb with rpm --justdb, and
# tarred with an AlmaLinux 9.2 os-release. Findings are compared with a
# reference computed independently from the same almalinux9.jsonl: python3
# reads the records, the installed list comes from `rpm -qa`, and every version
# comparison is made by rpm itself (rpm.vercmp in rpm's embedded Lua).
. "$(dirname "$0")/lib.sh"
need_shared "vigil scan of an AlmaLinux 9 rpmdb" || exit 0
for tool in rpm rpmbuild python3 jq; do
	command -v $tool >/dev/null || { skip "scan rpm: $tool not installed (apt-get install rpm; scripts/install-deps.sh)"; echo "1..$TAP_N"; exit 0; }
done
ALMA=$VIGIL_SHARED/vulndata/almalinux/almalinux9.jsonl
[ -f "$ALMA" ] || { skip "scan rpm: $ALMA absent"; echo "1..$TAP_N"; exit 0; }
DB=$TMP/alma.sqlite
ROOT=$TMP/root
# Debian's rpm keeps its own database in ~/.rpmdb (%_dbpath); an absolute
# --dbpath (no --root, so no chroot and no need to be root) puts it where
# AlmaLinux has it. rpm 4.18 writes the sqlite backend: var/lib/rpm/rpmdb.sqlite.
RPMDB=$ROOT/var/lib/rpm

# ---- the packages: source  epoch  version  release  arch  binaries ----
# Chosen against the errata in almalinux9.jsonl:
#  openssl-libs  1:3.0.7-27.el9: equal to ALSA-2024:2447's fix, above older fixes, below later ones
#  tar           1.34-6.el9_1 WITHOUT epoch: the fixes are 2:1.34-6.el9_1 (same V-R) and
#                2:1.34-9.el9_7; epoch 0 < 2 makes both apply
#  vim-minimal   2:8.2.2637-20.el9_1: equal to ALSA-2023:0958's fix
#  bash          5.1.8-6.el9: below the only fix 5.1.8-6.el9_1 (el9 < el9_1)
#  curl, libcurl 7.76.1-23.el9_2: above 7.76.1-23.el9 (ALSA-2023:2478), below 7.76.1-23.el9_2.1
#  glibc         2.34-60.el9_2.7: equal to the first fix
#  zlib          1.2.11-40.el9: above the only fix, no finding
#  libxml2       2.9.13-3.el9_2.1: equal to ALSA-2023:4349's fix
#  python3, python3-libs 3.9.16-1.el9_2.1
#  kernel-core   5.14.0-284.11.1.el9_2: also named by ALBA-2026:39332 (a bug-fix erratum)
#  java-1.8.0-openjdk-headless 1:1.8.0.472.b08-1.el9.alma.1: epoch, ".alma.1" release;
#                its errata also carry AlmaLinux:8 entries, which must not count
#  sudo          1.9.5p2-9.el9: "p2" inside the version
#  tzdata        2023c-1.el9 noarch: no advisory at all
PKGS="openssl 1 3.0.7 27.el9 x86_64 openssl-libs
tar - 1.34 6.el9_1 x86_64 tar
vim 2 8.2.2637 20.el9_1 x86_64 vim-minimal
bash - 5.1.8 6.el9 x86_64 bash
curl - 7.76.1 23.el9_2 x86_64 curl libcurl
glibc - 2.34 60.el9_2.7 x86_64 glibc
zlib - 1.2.11 40.el9 x86_64 zlib
libxml2 - 2.9.13 3.el9_2.1 x86_64 libxml2
python3.9 - 3.9.16 1.el9_2.1 x86_64 python3 python3-libs
kernel - 5.14.0 284.11.1.el9_2 x86_64 kernel-core
java-1.8.0-openjdk 1 1.8.0.472.b08 1.el9.alma.1 x86_64 java-1.8.0-openjdk-headless
sudo - 1.9.5p2 9.el9 x86_64 sudo
tzdata - 2023c 1.el9 noarch tzdata"

NPKG=$(awk '{n += NF - 5} END {print n}' <<< "$PKGS")
mkdir -p "$TMP/specs" "$RPMDB" "$ROOT/etc"
while read -r src epoch ver rel arch bins; do
	{
		printf 'Name: %s\n' "$src"
		[ "$epoch" = - ] || printf 'Epoch: %s\n' "$epoch"
		printf 'Version: %s\nRelease: %s\nSummary: %s\nLicense: MIT\nVendor: AlmaLinux\nBuildArch: %s\n' \
			"$ver" "$rel" "$src" "$arch"
		printf '%%description\nempty test package\n'
		# each other binary is a subpackage with its full name; a main package
		# without %files is not made. SOURCERPM is the source's for all.
		for b in $bins; do
			if [ "$b" = "$src" ]; then printf '%%files\n'; continue; fi
			printf '%%package -n %s\nSummary: %s\n%%description -n %s\nempty\n%%files -n %s\n' "$b" "$b" "$b" "$b"
		done
	} > "$TMP/specs/$src.spec"
done <<< "$PKGS"
if ! rpmbuild -bb --quiet --nodeps --define "_topdir $TMP/rpmbuild" --define 'debug_package %{nil}' \
	--define '__os_install_post %{nil}' "$TMP"/specs/*.spec > "$TMP/rpmbuild.log" 2>&1; then
	nok "rpmbuild of the test packages"; tail -20 "$TMP/rpmbuild.log" | sed 's/^/#   /'; echo "1..$TAP_N"; exit 0
fi
rpmq() { rpm --dbpath "$RPMDB" "$@"; }
rpmq --initdb && rpmq -i --justdb --nodeps --noscripts --ignorearch --ignoreos "$TMP"/rpmbuild/RPMS/*/*.rpm \
	> "$TMP/rpm.log" 2>&1
check "rpm --justdb recorded $NPKG packages in var/lib/rpm/rpmdb.sqlite" \
	test "$(rpmq -qa | wc -l)" = "$NPKG" -a -s "$RPMDB/rpmdb.sqlite"
printf 'NAME="AlmaLinux"\nVERSION="9.2 (Turquoise Kodkod)"\nID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.2"\nPRETTY_NAME="AlmaLinux 9.2 (Turquoise Kodkod)"\n' \
	> "$ROOT/etc/os-release"
# lock and WAL side files stay out: an image has the checkpointed database only
tar -C "$ROOT" -cf "$TMP/alma.tar" --exclude='.rpm.lock' --exclude='*-shm' --exclude='*-wal' etc var
IMG=rootfs-tar:$TMP/alma.tar

# ---- sbom: exactly what rpm -qa lists ----
rpmq -qa --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n' |
	LC_ALL=C sort > "$TMP/qa.tsv"
vigil sbom --format json "$IMG" > "$TMP/sbom.json" 2> "$TMP/sbom.err"
jq -r '.packages[] | [.name, .version, .arch, (.source_rpm // "")] | @tsv' "$TMP/sbom.json" |
	LC_ALL=C sort > "$TMP/sbom.tsv"
if [ -s "$TMP/qa.tsv" ] && diff -u "$TMP/qa.tsv" "$TMP/sbom.tsv" > "$TMP/diff"; then
	ok "sbom: $(wc -l < "$TMP/qa.tsv") packages (name, EVR, arch, source rpm) equal rpm -qa"
else
	nok "sbom: packages differ from rpm -qa"; head -30 "$TMP/diff" "$TMP/sbom.err" | sed 's/^/#   /'
fi
check "sbom: OS almalinux 9.2" test "$(jq -r '.os.id + " " + .os.version_id' "$TMP/sbom.json")" = "almalinux 9.2"

# ---- scan ----
check "db build from almalinux9.jsonl" vigil db build --db "$DB" "$ALMA"
vigil scan --db "$DB" --format json "$IMG" > "$TMP/scan.json" 2> "$TMP/scan.err"
check "scan: namespace almalinux:9, $NPKG packages tested" \
	test "$(jq -r '.os.namespace + " " + (.summary.packages_tested|tostring)' "$TMP/scan.json")" = "almalinux:9 $NPKG"

# ---- the reference ----
# Affected when an ECOSYSTEM range of an "AlmaLinux:9" entry for the package's
# binary name says so (OSV semantics: events sorted in rpm order, "0" first;
# the latest event at or below the version decides; last_affected covers its
# own version, limit caps the range); the fixed version is the lowest "fixed"
# above the installed version. Left out, as vigil does: withdrawn records, and
# the bug-fix/enhancement errata ALBA-/ALEA-, which name package updates that
# fix no vulnerability (vigil stores them but never reports them).
rpmq -qa --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\n' > "$TMP/installed.tsv"
python3 - "$ALMA" "$TMP/installed.tsv" "$TMP" > "$TMP/expected.tsv" 2> "$TMP/ref.err" <<'PY'
import functools, json, os, subprocess, sys
alma, installed_tsv, tmp = sys.argv[1:4]
installed = dict(l.rstrip("\n").split("\t") for l in open(installed_tsv) if l.strip())
entries, skipped_ids = [], set()   # (package, id, [ranges])
for line in open(alma):
    rec = json.loads(line)
    for a in rec.get("affected", []):
        p = a.get("package", {})
        if p.get("ecosystem") != "AlmaLinux:9" or p.get("name") not in installed:
            continue
        if rec.get("withdrawn") or rec["id"].startswith(("ALBA-", "ALEA-")):
            skipped_ids.add(rec["id"])
            continue
        rs = [r["events"] for r in a.get("ranges", []) if r.get("type") == "ECOSYSTEM"]
        entries.append((p["name"], rec["id"], rs))
# every comparison among the versions of one package, made by rpm
versions = {}
for name, _, rs in entries:
    s = versions.setdefault(name, {installed[name]})
    for evs in rs:
        for e in evs:
            s.update(v for v in e.values() if v not in ("0", "*"))
pairs = sorted({(a, b) for s in versions.values() for a in s for b in s if a < b})
with open(os.path.join(tmp, "pairs"), "w") as f:
    f.writelines(f"{a} {b}\n" for a, b in pairs)
lua = ("%{lua: for l in io.lines('" + os.path.join(tmp, "pairs") + "') do "
       "local a, b = l:match('^(%S+) (%S+)$'); print(rpm.vercmp(a, b) .. '\\n') end}")
out = subprocess.run(["rpm", "--eval", lua], stdout=subprocess.PIPE, text=True, check=True).stdout.split()
assert len(out) == len(pairs), (len(out), len(pairs))
order = {}
for (a, b), r in zip(pairs, out):
    order[a, b], order[b, a] = int(r), -int(r)
def cmp(a, b):
    if a == b: return 0
    if a == "0" or b == "0": return -1 if a == "0" else 1
    return order[a, b]
found = {}
for name, vid, rs in entries:
    v = installed[name]
    for evs in rs:
        evs = [next(iter(e.items())) for e in evs]
        if any(k == "limit" and x != "*" and cmp(v, x) >= 0 for k, x in evs):
            continue
        state = False
        for k, x in sorted(evs, key=functools.cmp_to_key(lambda p, q: cmp(p[1], q[1]))):
            if k == "introduced" and cmp(x, v) <= 0: state = True
            elif k == "fixed" and cmp(x, v) <= 0: state = False
            elif k == "last_affected" and cmp(x, v) < 0: state = False
        if not state:
            continue
        fixes = [x for k, x in evs if k == "fixed" and cmp(x, v) > 0]
        fix = min(fixes, key=functools.cmp_to_key(cmp)) if fixes else ""
        old = found.get((name, vid))
        if old is None or (fix and (old == "" or cmp(fix, old) < 0)):
            found[name, vid] = fix
for (name, vid), fix in found.items():
    print(f"{name}\t{vid}\t{fix}")
print("skipped:", " ".join(sorted(skipped_ids)), file=sys.stderr)
PY
rc=$?
LC_ALL=C sort -o "$TMP/expected.tsv" "$TMP/expected.tsv"
jq -r '.findings[] | [.package.name, .id, (.fixed_version // "")] | @tsv' "$TMP/scan.json" | LC_ALL=C sort > "$TMP/got.tsv"
if [ $rc = 0 ] && [ -s "$TMP/expected.tsv" ] && diff -u "$TMP/expected.tsv" "$TMP/got.tsv" > "$TMP/diff"; then
	ok "scan: $(wc -l < "$TMP/got.tsv") findings (package, advisory, fixed version) equal the rpm-ordered reference"
else
	nok "scan: findings differ from the reference"; head -30 "$TMP/diff" "$TMP/ref.err" "$TMP/scan.err" | sed 's/^/#   /'
fi

# ---- the cases the package list was chosen for ----
has() { grep -qxF "$(printf '%s\t%s\t%s' "$1" "$2" "$3")" "$TMP/got.tsv"; }
hasnt() { ! grep -qP "^\Q$1\E\t\Q$2\E\t" "$TMP/got.tsv"; }
check "openssl-libs 1:3.0.7-27.el9: equal to ALSA-2024:2447's fix, not affected" hasnt openssl-libs ALSA-2024:2447
check "openssl-libs 1:3.0.7-27.el9: ALSA-2024:6783 fixed in 1:3.0.7-28.el9_4" has openssl-libs ALSA-2024:6783 1:3.0.7-28.el9_4
check "tar without epoch: ALSA-2023:0959 (2:1.34-6.el9_1, same V-R) applies" has tar ALSA-2023:0959 2:1.34-6.el9_1
check "bash 5.1.8-6.el9 < 5.1.8-6.el9_1: ALSA-2023:0340" has bash ALSA-2023:0340 5.1.8-6.el9_1
check "curl 7.76.1-23.el9_2 > 7.76.1-23.el9: ALSA-2023:2478 does not apply" hasnt curl ALSA-2023:2478
check "libcurl 7.76.1-23.el9_2 < 7.76.1-23.el9_2.1: ALSA-2023:2650" has libcurl ALSA-2023:2650 7.76.1-23.el9_2.1
check "zlib above its only fix: no finding" test -z "$(grep -P '^zlib\t' "$TMP/got.tsv")"
check "kernel-core: bug-fix erratum ALBA-2026:39332 present in the data, not reported" \
	bash -c "grep -q 'ALBA-2026:39332' '$TMP/ref.err' && ! grep -q ALBA- '$TMP/got.tsv'"
check "java headless: ALSA-2025:18815's AlmaLinux:9 fix equals the version, not affected" \
	hasnt java-1.8.0-openjdk-headless ALSA-2025:18815
check "scan: findings carry the Red Hat rating of ALSA-2023:0340 (Moderate -> MEDIUM)" \
	test "$(jq -r '.findings[] | select(.id == "ALSA-2023:0340") | .severity' "$TMP/scan.json")" = MEDIUM
echo "1..$TAP_N"
