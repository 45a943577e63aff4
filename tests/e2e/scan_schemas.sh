#!/usr/bin/env bash
# scan_schemas.sh - SARIF 2.1.0 / CycloneDX 1.6 scan reports and OpenVEX fixtures
# against the official schemas (ajv-cli), plus jq checks no schema can make
# (SARIF ruleIndex, CycloneDX refs). Sources: (1) build/tests/test_scan_report,
# (2) tests/data/vex/*.json, (3) `vigil scan` on a shared image (and --vex /
# --ignorefile once the binary has them).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD=${VIGIL_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$VIGIL_ROOT/$BUILD ;; esac
AJV=${VIGIL_TOOLS:-$HOME/.cache/vigil-tools}/ajv/node_modules/.bin/ajv
SCHEMAS=$VIGIL_SHARED/schemas
SARIF7=$TMP/sarif-schema-2.1.0.draft7.json

# ajv runs from the schemas folder, as the README's commands do. ajv-cli picks
# the parser by file extension, so every document is given as *.json.
as_json() { # $1 file -> prints a *.json path with the same content
	case $1 in *.json) echo "$1" ;; *) cp "$1" "$TMP/$(basename "$1").json" && echo "$TMP/$(basename "$1").json" ;; esac
}
ajv_sarif() { (cd "$SCHEMAS" && "$AJV" validate -c ajv-formats -s "$SARIF7" -d "$(as_json "$1")"); }
ajv_cdx16() {
	(cd "$SCHEMAS" && "$AJV" validate --strict-schema=false -c ajv-formats -s cyclonedx/bom-1.6.schema.json \
		-r cyclonedx/spdx.schema.json -r cyclonedx/jsf-0.82.schema.json -d "$(as_json "$1")") 2>&1 | grep -v 'unknown format'
	return "${PIPESTATUS[0]}"
}
ajv_openvex() {
	(cd "$SCHEMAS" && "$AJV" validate --spec=draft2020 --strict-schema=false -c ajv-formats \
		-s openvex/openvex_json_schema.json -d "$(as_json "$1")") 2>&1 | grep -v 'unknown format'
	return "${PIPESTATUS[0]}"
}

# Every result's ruleIndex names the rule with its ruleId; rule ids unique.
sarif_rules() {
	jq -e '.runs | length == 1 and (.[0] as $run
		| ($run.tool.driver.rules // []) as $rules
		| ($rules | map(.id) | length) == ($rules | map(.id) | unique | length)
		  and ($run.results | all(.ruleIndex >= 0 and .ruleIndex < ($rules | length)
		                          and $rules[.ruleIndex].id == .ruleId)))' "$1" >/dev/null
}
# Every bom-ref unique; every dependency ref and affects ref names one of them.
cdx_refs() {
	jq -e '
		[.. | objects | select(has("bom-ref")) | .["bom-ref"]] as $refs
		| ($refs | length) == ($refs | unique | length)
		  and ([.dependencies[]? | .ref, .dependsOn[]?] + [.vulnerabilities[]?.affects[]?.ref]
		       | all(. as $r | $refs | any(. == $r)))' "$1" >/dev/null
}

check_sarif() { # $1 label, $2 file
	check "$1: SARIF 2.1.0 schema (ajv, migrated to draft-07)" ajv_sarif "$2"
	check "$1: SARIF ruleIndex and ruleId agree" sarif_rules "$2"
}
check_cdx() { # $1 label, $2 file
	check "$1: CycloneDX 1.6 schema (ajv)" ajv_cdx16 "$2"
	check "$1: CycloneDX bom-refs unique, dependencies and affects resolve" cdx_refs "$2"
}
rejects() { # $1 name, then the command that must fail
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then nok "$name"; else ok "$name"; fi
}

if [ ! -x "$AJV" ]; then
	skip "ajv-cli not installed at $AJV (run scripts/install-deps.sh)"
	exit 0
fi
if [ ! -d "$SCHEMAS" ]; then
	skip "schemas absent: $SCHEMAS"
	exit 0
fi
# The SARIF schema is draft-04, which ajv-cli 5 cannot load: migrate a copy
# into $TMP (never into the shared folder; -o keeps migrate from rewriting its input).
if ! (cd "$SCHEMAS" && "$AJV" migrate -s sarif/sarif-schema-2.1.0.json -o "$SARIF7") >"$TMP/migrate.log" 2>&1; then
	nok "ajv migrate of the SARIF schema"
	sed 's/^/#   /' "$TMP/migrate.log" | head -5
	exit 0
fi
ok "ajv migrate of the SARIF schema to draft-07 (in \$TMP)"

# (1) documents from the unit test's hand-built scan report
UNIT=$BUILD/tests/test_scan_report
if [ -x "$UNIT" ]; then
	mkdir -p "$TMP/unit"
	if (cd "$VIGIL_ROOT" && VIGIL_REPORT_OUT="$TMP/unit" CMOCKA_MESSAGE_OUTPUT=TAP "$UNIT") >"$TMP/unit.log" 2>&1 \
		&& [ -s "$TMP/unit/scan.sarif" ] && [ -s "$TMP/unit/scan.cdx.json" ]; then
		ok "test_scan_report wrote its documents"
		for f in "$TMP"/unit/scan*.sarif; do check_sarif "unit $(basename "$f")" "$f"; done
		for f in "$TMP"/unit/scan*.cdx.json; do check_cdx "unit $(basename "$f")" "$f"; done
		check "unit scan.sarif has results with fingerprints" \
			jq -e '.runs[0].results | length > 0 and all(.partialFingerprints | length == 1)' "$TMP/unit/scan.sarif"
		check "unit scan.cdx.json has vulnerabilities" jq -e '.vulnerabilities | length > 0' "$TMP/unit/scan.cdx.json"
		# the validators and checks must also say no
		jq '.runs[0].results[0].level = "fatal"' "$TMP/unit/scan.sarif" >"$TMP/bad1.sarif.json"
		rejects "ajv rejects a SARIF result with level fatal" ajv_sarif "$TMP/bad1.sarif.json"
		jq '.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0' "$TMP/unit/scan.sarif" >"$TMP/bad2.sarif.json"
		rejects "ajv rejects a SARIF region with startLine 0" ajv_sarif "$TMP/bad2.sarif.json"
		jq '.runs[0].results[0].ruleIndex = (.runs[0].results[0].ruleIndex + 1)' "$TMP/unit/scan.sarif" >"$TMP/bad3.sarif.json"
		rejects "jq check rejects a wrong SARIF ruleIndex" sarif_rules "$TMP/bad3.sarif.json"
		jq '.vulnerabilities[0].ratings[0].severity = "negligible"' "$TMP/unit/scan.cdx.json" >"$TMP/bad1.cdx.json"
		rejects "ajv rejects a CycloneDX rating severity outside the enum" ajv_cdx16 "$TMP/bad1.cdx.json"
		jq '.vulnerabilities[0].affects[0].ref = "pkg:deb/debian/nowhere@1"' "$TMP/unit/scan.cdx.json" >"$TMP/bad2.cdx.json"
		rejects "jq check rejects a dangling CycloneDX affects ref" cdx_refs "$TMP/bad2.cdx.json"
	else
		nok "test_scan_report wrote its documents"
		sed 's/^/#   /' "$TMP/unit.log" | head -20
	fi
else
	skip "unit documents: $UNIT not built (make ${VIGIL_BUILD:-build}/tests/test_scan_report)"
fi

# (2) VEX fixtures
n=0
for f in "$VIGIL_ROOT"/tests/data/vex/*.json; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	check "OpenVEX schema: tests/data/vex/$(basename "$f")" ajv_openvex "$f"
	if [ "$n" = 1 ]; then
		jq '.statements[0].status = "maybe"' "$f" >"$TMP/bad.openvex.json"
		rejects "ajv rejects an OpenVEX statement with status maybe" ajv_openvex "$TMP/bad.openvex.json"
	fi
done
[ "$n" -gt 0 ] || nok "VEX fixtures present in tests/data/vex"

# (3) the real binary on a shared image
IMAGE="docker-archive:$IMAGES/debian/bullseye-stale.docker-archive.tar"
FEED=$VIGIL_SHARED/vulndata/debian/tracker-derived.json
if ! have_shared || [ ! -f "$FEED" ]; then
	skip "vigil scan on a shared image (no $VIGIL_SHARED images or Debian tracker data)"
	exit 0
fi
if [ ! -x "$VIGIL_BIN" ] || ! vigil scan --help >/dev/null 2>&1; then
	skip "vigil scan on a shared image ($VIGIL_BIN not built or without scan)"
	exit 0
fi
DB=$TMP/db.sqlite
if ! vigil db build --db "$DB" "$FEED" >"$TMP/db.log" 2>&1; then
	nok "vigil db build --db \$TMP/db.sqlite tracker-derived.json"
	sed 's/^/#   /' "$TMP/db.log" | head -10
	exit 0
fi
ok "vigil db build --db \$TMP/db.sqlite tracker-derived.json"
for fmt in sarif cyclonedx; do
	out=$TMP/img.$fmt.json
	if ! vigil scan --db "$DB" --format "$fmt" "$IMAGE" >"$out" 2>"$TMP/err"; then
		nok "vigil scan --format $fmt bullseye-stale: $(head -1 "$TMP/err")"
		continue
	fi
	if [ "$fmt" = sarif ]; then
		check_sarif "bullseye-stale" "$out"
		check "bullseye-stale: SARIF has results" jq -e '.runs[0].results | length > 0' "$out"
		check "bullseye-stale: SARIF locations are image paths without a leading /" \
			jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | all(startswith("/") | not)' "$out"
	else
		check_cdx "bullseye-stale" "$out"
		check "bullseye-stale: CycloneDX has vulnerabilities" jq -e '.vulnerabilities | length > 0' "$out"
	fi
	if vigil scan --db "$DB" --format "$fmt" "$IMAGE" >"$out.again" 2>/dev/null && cmp -s "$out" "$out.again"; then
		ok "bullseye-stale: scan --format $fmt is reproducible"
	else
		nok "bullseye-stale: scan --format $fmt is reproducible"
	fi
done

# language findings (Go and PyPI OSV) on bookworm-bench: the same schemas
LDB=$TMP/lang.sqlite
BENCH="oci:$IMAGES/debian/bookworm-oci:bookworm-bench"
if vigil db build --db "$LDB" "$VIGIL_SHARED/vulndata/osv/go.jsonl" "$VIGIL_SHARED/vulndata/osv/pypi.jsonl" \
	>"$TMP/ldb.log" 2>&1; then
	vigil scan --db "$LDB" --format sarif "$BENCH" >"$TMP/lang.sarif.json" 2>/dev/null
	check_sarif "bookworm-bench language findings" "$TMP/lang.sarif.json"
	check "bookworm-bench: SARIF names the Go binary as a location" \
		jq -e '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | index("usr/local/bin/fixture-app") != null' \
		"$TMP/lang.sarif.json"
	vigil scan --db "$LDB" --format cyclonedx "$BENCH" >"$TMP/lang.cdx.json" 2>/dev/null
	check_cdx "bookworm-bench language findings" "$TMP/lang.cdx.json"
	check "bookworm-bench: CycloneDX vulnerabilities affect golang and pypi components" \
		jq -e '[.vulnerabilities[].affects[].ref] | (any(startswith("pkg:golang/"))) and (any(startswith("pkg:pypi/")))' \
		"$TMP/lang.cdx.json"
else
	nok "vigil db build of the Go and PyPI OSV data"
fi

# --vex and --ignorefile, once cmd/scan.c has them: suppress the first
# finding of the JSON report and see it gone, counted under its reason.
if ! vigil scan --help 2>&1 | grep -q -- '--vex'; then
	skip "vigil scan --vex / --ignorefile (options not present yet)"
	exit 0
fi
if ! vigil scan --db "$DB" --format json "$IMAGE" >"$TMP/scan.json" 2>"$TMP/err" \
	|| ! jq -e '.findings | length > 0' "$TMP/scan.json" >/dev/null; then
	nok "vigil scan --format json bullseye-stale (for the suppression checks): $(head -1 "$TMP/err")"
	exit 0
fi
id=$(jq -r '.findings[0].id' "$TMP/scan.json")
purl=$(jq -r '.findings[0].package.purl' "$TMP/scan.json")
name=$(jq -r '.findings[0].package.name' "$TMP/scan.json")
# how many findings each suppresses: the versionless purl covers every
# package of that name; the ignore entry binary and source names alike
count=$(jq --arg id "$id" --arg n "$name" '[.findings[] | select(.id == $id and .package.name == $n)] | length' "$TMP/scan.json")
count_ign=$(jq --arg id "$id" --arg n "$name" \
	'[.findings[] | select(.id == $id and (.package.name == $n or .package.source_name == $n))] | length' "$TMP/scan.json")
cat >"$TMP/first.openvex.json" <<EOF
{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/example/vigil-e2e",
  "author": "vigil e2e",
  "timestamp": "2023-11-01T00:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": { "name": "$id" },
      "products": [ { "@id": "${purl%%@*}" } ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path"
    }
  ]
}
EOF
check "generated VEX for $id in $name: OpenVEX schema" ajv_openvex "$TMP/first.openvex.json"
suppressed_ok() { # $1 report, $2 reason, $3 expected count
	jq -e --arg id "$id" --arg n "$name" --arg why "$2" --argjson c "$3" '
		([.findings[] | select(.id == $id and .package.name == $n)] | length) == 0
		and ([.summary.suppressed[] | select(.reason == $why) | .count] | add) == $c' "$1" >/dev/null
}
if vigil scan --db "$DB" --format json --vex "$TMP/first.openvex.json" "$IMAGE" >"$TMP/vex.json" 2>"$TMP/err"; then
	check "--vex: $id in $name suppressed as \"VEX not_affected\" ($count)" suppressed_ok "$TMP/vex.json" "VEX not_affected" "$count"
else
	nok "vigil scan --vex: $(head -1 "$TMP/err")"
fi
printf '# e2e\n%s %s\n' "$id" "$name" >"$TMP/ignore"
if vigil scan --db "$DB" --format json --ignorefile "$TMP/ignore" "$IMAGE" >"$TMP/ign.json" 2>"$TMP/err"; then
	check "--ignorefile: $id in $name suppressed as \".vigilignore\" ($count_ign)" suppressed_ok "$TMP/ign.json" ".vigilignore" "$count_ign"
else
	nok "vigil scan --ignorefile: $(head -1 "$TMP/err")"
fi
printf 'CVE-1 exp:2024-13-01\n' >"$TMP/bad-ignore"
vigil scan --db "$DB" --ignorefile "$TMP/bad-ignore" "$IMAGE" >/dev/null 2>"$TMP/err"
rc=$?
if [ "$rc" = 3 ] && grep -q "bad-ignore:1:" "$TMP/err"; then
	ok "a malformed ignore file: exit 3, naming file and line"
else
	nok "a malformed ignore file: exit 3, naming file and line (got $rc: $(head -1 "$TMP/err"))"
fi
exit 0
