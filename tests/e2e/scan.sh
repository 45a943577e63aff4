#!/usr/bin/env bash
# scan.sh - vigil db build / db info / scan end to end. Debian findings are
# compared with a reference computed independently from the same data: the
# tracker JSON read by python3 and versions ordered by dpkg --compare-versions.
. "$(dirname "$0")/lib.sh"
need_shared "vigil scan" || exit 0
V=$VIGIL_SHARED/vulndata
DB=$TMP/db.sqlite
I=$IMAGES

check "db build from the Debian, Alpine, KEV and NVD data" \
	vigil db build --db "$DB" "$V/debian/tracker-derived.json" "$V/alpine/secdb-legacy-json" "$V/severity"
vigil db info --db "$DB" > "$TMP/info" 2>&1
check "db info lists the tracker source and its record count" grep -q "debian-tracker *1350 .*tracker-derived.json" "$TMP/info"
check "db info lists the alpine:3.7 namespace" grep -q "alpine:3.7 " "$TMP/info"

# ---- Debian: stale bullseye against an independent reference ----
STALE=$I/debian/bullseye-stale.docker-archive.tar
vigil sbom --format json "$STALE" > "$TMP/stale.sbom.json"
vigil scan --db "$DB" --format json "$STALE" > "$TMP/stale.scan.json" 2> "$TMP/stale.err"
python3 - "$V/debian/tracker-derived.json" "$TMP/stale.sbom.json" > "$TMP/expected.tsv" <<'PY'
import json, subprocess, sys
tracker = json.load(open(sys.argv[1]))
pkgs = json.load(open(sys.argv[2]))["packages"]
def lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0
for p in pkgs:
    src, ver = p.get("source_name", p["name"]), p.get("source_version", p["version"])
    for cve, rec in tracker.get(src, {}).items():
        r = rec.get("releases", {}).get("bullseye")
        if not r or r.get("status") != "resolved" or r.get("fixed_version") in (None, "0"):
            continue
        if lt(ver, r["fixed_version"]):
            print("\t".join([p["name"], cve, r["fixed_version"]]))
PY
jq -r '.findings[] | [.package.name, .id, (.fixed_version // "")] | @tsv' "$TMP/stale.scan.json" | LC_ALL=C sort > "$TMP/got.tsv"
LC_ALL=C sort -o "$TMP/expected.tsv" "$TMP/expected.tsv"
if [ -s "$TMP/expected.tsv" ] && diff -u "$TMP/expected.tsv" "$TMP/got.tsv" > "$TMP/diff"; then
	ok "bullseye-stale: $(wc -l < "$TMP/got.tsv") findings equal the dpkg-ordered reference"
else
	nok "bullseye-stale: findings differ from the reference"; head -30 "$TMP/diff" | sed 's/^/#   /'
fi
NOW=1795651200 # 2026-11-27: end of life is judged at the document time
check "bullseye-stale: end of life reported (at 2026-11-27)" \
	test "$(SOURCE_DATE_EPOCH=$NOW vigil scan --db "$DB" --format json "$STALE" 2>/dev/null | jq -r .os.end_of_life)" = 2026-08-31
check "bullseye-stale: no end of life at 2023-11-14" test "$(jq -r '.os.end_of_life // "none"' "$TMP/stale.scan.json")" = none
check "bullseye-stale: JSON summary counts the findings" \
	test "$(jq '.summary.vulnerabilities' "$TMP/stale.scan.json")" = "$(jq '.findings|length' "$TMP/stale.scan.json")"

# ---- Alpine ----
vigil scan --db "$DB" --format json "oci:$I/alpine/alpine-oci:3.7.3" > "$TMP/a37.json"
check "alpine 3.7.3: musl CVE-2019-14697 fixed in 1.1.18-r4 (looked up by origin for musl-utils too)" \
	test "$(jq -r '[.findings[] | .package.name + " " + .id + " " + .fixed_version] | sort | join(",")' "$TMP/a37.json")" = \
	"musl CVE-2019-14697 1.1.18-r4,musl-utils CVE-2019-14697 1.1.18-r4"
check "alpine 3.7.3 and the uncompressed oci-archive give the same findings" \
	test "$(jq -c .findings "$TMP/a37.json")" = "$(vigil scan --db "$DB" --format json "$I/alpine/alpine-3.7.3.oci-archive-uncompressed.tar" | jq -c .findings)"

# ---- the table and exit codes ----
SOURCE_DATE_EPOCH=$NOW vigil scan --db "$DB" "$STALE" > "$TMP/table" 2>&1
check "table ends with the summary line" grep -qE '^Tested 108 packages, found [0-9]+ vulnerabilities \([0-9]+ critical, [0-9]+ high, [0-9]+ medium, [0-9]+ low' "$TMP/table"
check "table warns about end of life" grep -q "end of support on 2026-08-31" "$TMP/table"
NO_COLOR= vigil scan --db "$DB" "$STALE" > "$TMP/table2" 2>&1
check "no colour when not a terminal" bash -c "! grep -q $'\033' '$TMP/table2'"
vigil scan --db "$DB" --exit-code 7 "$STALE" > /dev/null 2>&1; rc=$?
check "--exit-code 7 with findings exits 7" test "$rc" = 7
vigil scan --db "$DB" --exit-code 7 "oci:$I/alpine/alpine-oci:3.10.9" > /dev/null 2>&1; rc=$?
check "--exit-code 7 without findings exits 0" test "$rc" = 0
vigil scan --db "$DB" --exit-code 7 --severity CRITICAL,HIGH "$STALE" > "$TMP/sev" 2>&1; rc=$?
check "--severity CRITICAL,HIGH filters the unrated findings (exit 0)" test "$rc" = 0
check "--severity: the report says how many were suppressed" grep -q "Suppressed [0-9]* by severity filter" "$TMP/sev"
vigil scan --db "$DB" --format nope "$STALE" > /dev/null 2>&1; rc=$?
check "unknown --format exits 2" test "$rc" = 2
vigil scan --db "$TMP/missing.sqlite" "$STALE" > /dev/null 2> "$TMP/err"; rc=$?
check "a missing database exits 3 with a hint" bash -c "[ $rc = 3 ] && grep -q 'vigil db build' '$TMP/err'"

# ---- .vigilignore ----
first=$(jq -r '.findings[0].id' "$TMP/stale.scan.json")
total=$(jq '.findings|length' "$TMP/stale.scan.json")
printf '# test\n%s\n' "$first" > "$TMP/ignore"
n=$(vigil scan --db "$DB" --format json --ignorefile "$TMP/ignore" "$STALE" | jq '.findings|length')
check ".vigilignore removes $first" test "$n" -lt "$total"
printf '%s exp:2020-01-01\n' "$first" > "$TMP/ignore-expired"
n=$(vigil scan --db "$DB" --format json --ignorefile "$TMP/ignore-expired" "$STALE" 2>/dev/null | jq '.findings|length')
check "an expired .vigilignore entry no longer ignores" test "$n" = "$total"
# ---- hostile feed data: reported per record, skipped, the build succeeds ----
mkdir -p "$TMP/feeds"
{
	head -2 "$V/almalinux/almalinux9.jsonl"
	echo '{"id":"ALSA-BROKEN","affected":[{"package":'        # truncated
	echo '{"id":"ALSA-TYPES","modified":"2024-01-01T00:00:00Z","affected":5}'
	printf '\001\377 binary garbage {[\n'
	sed -n 3p "$V/almalinux/almalinux9.jsonl"
} > "$TMP/feeds/hostile.jsonl"
printf 'not a feed\n' > "$TMP/feeds/README.txt"
vigil db build --db "$TMP/hostile.sqlite" "$TMP/feeds" > "$TMP/hb.out" 2> "$TMP/hb.err"; rc=$?
check "hostile feed: the build succeeds" test "$rc" = 0
check "hostile feed: each bad record gets a notice naming the file and line" \
	test "$(grep -c 'hostile.jsonl: line [0-9]' "$TMP/hb.err")" -ge 3
check "hostile feed: the other file is skipped with a notice" grep -q "README.txt: not a feed format" "$TMP/hb.err"
check "hostile feed: db info counts 3 records and 3 skipped" \
	grep -qE "osv +3 +3 .*hostile.jsonl" <(vigil db info --db "$TMP/hostile.sqlite")
cp "$TMP/hostile.sqlite" "$TMP/before.sqlite"
vigil db build --db "$TMP/hostile.sqlite" "$TMP/no-such-dir" > /dev/null 2>&1; rc=$?
check "a failed build exits 3 and leaves the previous database untouched" \
	bash -c "[ $rc = 3 ] && cmp -s '$TMP/hostile.sqlite' '$TMP/before.sqlite' && [ -z \"\$(ls '$TMP' | grep 'hostile.sqlite.tmp')\" ]"
echo "1..$TAP_N"
