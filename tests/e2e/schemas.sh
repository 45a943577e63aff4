#!/usr/bin/env bash
# schemas.sh - validate vigil's CycloneDX 1.6 and SPDX 2.3 documents with the
# real ajv-cli against the official schemas in $VIGIL_SHARED/schemas (commands
# exactly as its README.md gives them), and check with jq the cross-references
# no schema can: bom-refs unique and every dependency ref resolving; SPDXIDs
# unique and every relationship element existing.
#  (1) documents written by build/tests/test_report (hand-built inventories);
#  (2) `vigil sbom --format cyclonedx|spdx IMAGE` on three shared images
#      (a failing command is a failure).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD=${VIGIL_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$VIGIL_ROOT/$BUILD ;; esac
AJV=${VIGIL_TOOLS:-$HOME/.cache/vigil-tools}/ajv/node_modules/.bin/ajv
SCHEMAS=$VIGIL_SHARED/schemas

# ajv runs from the schemas folder, as the README's commands do; documents are
# given by absolute path. "unknown format ... ignored" warnings are expected.
ajv_cdx16() {
	(cd "$SCHEMAS" && "$AJV" validate --strict-schema=false -c ajv-formats -s cyclonedx/bom-1.6.schema.json \
		-r cyclonedx/spdx.schema.json -r cyclonedx/jsf-0.82.schema.json -d "$1") 2>&1 | grep -v 'unknown format'
	return "${PIPESTATUS[0]}"
}
ajv_spdx23() { (cd "$SCHEMAS" && "$AJV" validate -c ajv-formats -s spdx/v2.3/spdx-schema.json -d "$1"); }
ajv_spdx231() { (cd "$SCHEMAS" && "$AJV" validate --spec=draft2019 -c ajv-formats -s spdx/support-2.3.1/spdx-schema.json -d "$1"); }

# Every bom-ref anywhere is unique; every dependencies[].ref and dependsOn[]
# names one of them.
cdx_refs() {
	jq -e '
		[.. | objects | select(has("bom-ref")) | .["bom-ref"]] as $refs
		| ($refs | length) == ($refs | unique | length)
		  and ([.dependencies[]? | .ref, .dependsOn[]?]
		       | all(. as $r | $refs | any(. == $r)))' "$1" >/dev/null
}

# SPDXIDs (document, packages, files, snippets) unique and well-formed; every
# relationship end and documentDescribes entry is one of them (or NONE /
# NOASSERTION / an external DocumentRef-).
spdx_refs() {
	jq -e '
		[.SPDXID, (.packages[]?, .files[]?, .snippets[]? | .SPDXID)] as $ids
		| ($ids | length) == ($ids | unique | length)
		  and all($ids[]; test("^SPDXRef-[A-Za-z0-9.-]+$"))
		  and ([.relationships[]? | .spdxElementId, .relatedSpdxElement] + (.documentDescribes // [])
		       | all(. as $e | ($e == "NONE" or $e == "NOASSERTION" or ($e | startswith("DocumentRef-"))
		                        or ($ids | any(. == $e)))))
		  and any(.relationships[]?; .spdxElementId == "SPDXRef-DOCUMENT" and .relationshipType == "DESCRIBES")' \
		"$1" >/dev/null
}

check_cdx() { # $1 label, $2 file
	check "$1: CycloneDX 1.6 schema (ajv)" ajv_cdx16 "$2"
	check "$1: CycloneDX bom-refs unique, dependencies resolve" cdx_refs "$2"
}
check_spdx() { # $1 label, $2 file
	check "$1: SPDX v2.3 schema (ajv)" ajv_spdx23 "$2"
	check "$1: SPDX support-2.3.1 schema (ajv)" ajv_spdx231 "$2"
	check "$1: SPDX ids unique, relationships resolve" spdx_refs "$2"
}

# The validators must also say no: one broken copy per schema.
check_rejects() { # $1 cdx doc, $2 spdx doc
	jq '.specVersion = 1.6 | .components[0].type = "gadget"' "$1" >"$TMP/bad.cdx.json"
	if ajv_cdx16 "$TMP/bad.cdx.json" >/dev/null 2>&1; then nok "ajv rejects a broken CycloneDX document"; else ok "ajv rejects a broken CycloneDX document"; fi
	jq '. + {"$schema": "https://example.org/x"}' "$2" >"$TMP/bad1.spdx.json"
	if ajv_spdx23 "$TMP/bad1.spdx.json" >/dev/null 2>&1; then nok "ajv (v2.3) rejects a top-level \$schema"; else ok "ajv (v2.3) rejects a top-level \$schema"; fi
	jq 'del(.documentNamespace)' "$2" >"$TMP/bad2.spdx.json"
	if ajv_spdx231 "$TMP/bad2.spdx.json" >/dev/null 2>&1; then nok "ajv (2.3.1) rejects a missing documentNamespace"; else ok "ajv (2.3.1) rejects a missing documentNamespace"; fi
	jq '.relationships += [{"spdxElementId":"SPDXRef-Image","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-Nowhere"}]' \
		"$2" >"$TMP/bad3.spdx.json"
	if spdx_refs "$TMP/bad3.spdx.json"; then nok "jq check rejects a dangling SPDX relationship"; else ok "jq check rejects a dangling SPDX relationship"; fi
	jq '.dependencies[0].dependsOn += ["pkg:deb/debian/nowhere@1"]' "$1" >"$TMP/bad2.cdx.json"
	if cdx_refs "$TMP/bad2.cdx.json"; then nok "jq check rejects a dangling CycloneDX dependency"; else ok "jq check rejects a dangling CycloneDX dependency"; fi
}

if [ ! -x "$AJV" ]; then
	skip "ajv-cli not installed at $AJV (run scripts/install-deps.sh)"
	exit 0
fi
if [ ! -d "$SCHEMAS" ]; then
	skip "schemas absent: $SCHEMAS"
	exit 0
fi

# (1) documents from the unit test's hand-built inventories
UNIT=$BUILD/tests/test_report
if [ -x "$UNIT" ]; then
	mkdir -p "$TMP/unit"
	if VIGIL_REPORT_OUT="$TMP/unit" CMOCKA_MESSAGE_OUTPUT=TAP "$UNIT" >"$TMP/unit.log" 2>&1 \
		&& [ -s "$TMP/unit/bom.cdx.json" ] && [ -s "$TMP/unit/bom.spdx.json" ]; then
		ok "test_report wrote its documents"
		for f in "$TMP"/unit/bom*.cdx.json; do check_cdx "unit $(basename "$f")" "$f"; done
		for f in "$TMP"/unit/bom*.spdx.json; do check_spdx "unit $(basename "$f")" "$f"; done
		check "unit bom.json is JSON" jq -e '.schema_version == 1' "$TMP/unit/bom.json"
		check_rejects "$TMP/unit/bom.cdx.json" "$TMP/unit/bom.spdx.json"
	else
		nok "test_report wrote its documents"
		sed 's/^/#   /' "$TMP/unit.log" | head -20
	fi
else
	skip "unit documents: $UNIT not built (make $BUILD/tests/test_report)"
fi

# (2) the real binary on shared images
images=(
	"oci:$IMAGES/debian/bookworm-oci:bookworm-curl"
	"oci:$IMAGES/alpine/alpine-oci:3.20.3"
	"docker-archive:$IMAGES/debian/bullseye-stale.docker-archive.tar"
	"oci:$IMAGES/debian/bookworm-oci:bookworm-bench"
	"$IMAGES/alpine/alpine-3.12-app.oci-archive-zstd.tar"
	"rootfs-tar:$IMAGES/alpine/minirootfs/alpine-minirootfs-3.7.3-x86_64.tar.gz"
)
if ! have_shared; then
	skip "vigil sbom on shared images (no $VIGIL_SHARED/images)"
	exit 0
fi
if [ ! -x "$VIGIL_BIN" ]; then
	nok "vigil sbom on shared images ($VIGIL_BIN not built)"
	exit 0
fi
n=0
for img in "${images[@]}"; do
	n=$((n + 1))
	label=${img#*"$IMAGES"/}
	for fmt in cyclonedx spdx; do
		out=$TMP/img$n.$fmt.json
		if ! vigil sbom --format "$fmt" "$img" >"$out" 2>"$TMP/err"; then
			nok "vigil sbom --format $fmt $label: $(head -1 "$TMP/err")"
			continue
		fi
		if [ "$fmt" = cyclonedx ]; then check_cdx "$label" "$out"; else check_spdx "$label" "$out"; fi
		# same input + SOURCE_DATE_EPOCH (set by lib.sh) -> the same bytes
		if vigil sbom --format "$fmt" "$img" >"$out.again" 2>/dev/null && cmp -s "$out" "$out.again"; then
			ok "$label: $fmt output is reproducible"
		else
			nok "$label: $fmt output is reproducible"
		fi
	done
done
exit 0
