#!/usr/bin/env bash
# cli.sh - the command-line surface of the real binary: --version/--help,
# exit codes for usage and input errors, --output, the table's closing line,
# valid and reproducible JSON / CycloneDX / SPDX, the man pages rendering
# without groff warnings, and a valgrind pass (no memory errors, no definite
# leaks) over four shared images in different formats.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ ! -x "$VIGIL_BIN" ]; then
	skip "cli: $VIGIL_BIN not built (make)"
	echo "1..$TAP_N"
	exit 0
fi

# run ARGS...: run vigil; stdout in $TMP/out, stderr in $TMP/err, status in RC
run() {
	RC=0
	"$VIGIL_BIN" "$@" >"$TMP/out" 2>"$TMP/err" || RC=$?
}
# expect NAME CODE ARGS...: ok when vigil exits with CODE
expect() {
	local name=$1 code=$2
	shift 2
	run "$@"
	if [ "$RC" -eq "$code" ]; then
		ok "$name (exit $code)"
	else
		nok "$name: exit $RC, expected $code"
		sed 's/^/#   /' "$TMP/err" | head -5
	fi
}
has() { grep -q -- "$1" "$2"; }
empty() { [ ! -s "$1" ]; }
# has_all FILE PATTERN...: every pattern occurs in FILE
has_all() {
	local f=$1
	shift
	for p in "$@"; do grep -q -- "$p" "$f" || return 1; done
}
one_line() { [ "$(wc -l <"$1")" -eq 1 ]; }
# same_twice FMT IMAGE: two runs give the same non-empty bytes
same_twice() {
	"$VIGIL_BIN" sbom --format "$1" "$2" >"$TMP/r1.$1" 2>"$TMP/err" &&
		"$VIGIL_BIN" sbom --format "$1" "$2" >"$TMP/r2.$1" 2>>"$TMP/err" &&
		[ -s "$TMP/r1.$1" ] && cmp -s "$TMP/r1.$1" "$TMP/r2.$1"
}

# ---- help, version, usage errors (no image needed) ----
expect "vigil --version" 0 --version
check "--version prints 'vigil $(cat "$VIGIL_ROOT/VERSION" 2>/dev/null)'" \
	grep -qx "vigil $(cat "$VIGIL_ROOT/VERSION" 2>/dev/null || echo '[0-9.]*')" "$TMP/out"
expect "vigil --help" 0 --help
check "--help prints the usage and the sbom command on stdout" has_all "$TMP/out" "^usage: vigil" "^  sbom "
expect "vigil sbom --help" 0 sbom --help
check "sbom --help prints the sbom usage on stdout" has_all "$TMP/out" "^usage: vigil sbom" "docker-archive:FILE"
expect "vigil without arguments" 2
check "vigil without arguments prints the usage on stderr" has "^usage: vigil" "$TMP/err"
check "vigil without arguments prints nothing on stdout" empty "$TMP/out"
expect "unknown command" 2 frobnicate
check "unknown command is named on stderr" has "'frobnicate' is not a vigil command" "$TMP/err"
expect "vigil sbom without IMAGE" 2 sbom
check "missing IMAGE is explained on stderr" has "expected exactly one IMAGE" "$TMP/err"
expect "vigil sbom with two IMAGEs" 2 sbom a b
expect "unknown option" 2 sbom --no-such-option x
expect "unknown --format" 2 sbom --format xml x
expect "malformed --platform" 2 sbom --platform linux x
expect "missing image file" 3 sbom "$TMP/does-not-exist.tar"
check "missing image file: one line on stderr" one_line "$TMP/err"
check "missing image file: 'vigil: FILE: ...'" has "^vigil: .*does-not-exist.tar: " "$TMP/err"

# ---- man pages ----
if command -v groff >/dev/null 2>&1; then
	for page in "$VIGIL_ROOT"/docs/vigil.1 "$VIGIL_ROOT"/docs/vigil-sbom.1; do
		if [ ! -f "$page" ]; then
			nok "man page $(basename "$page") exists"
			continue
		fi
		if groff -man -Tutf8 -ww -z "$page" >"$TMP/groff.out" 2>&1 && [ ! -s "$TMP/groff.out" ]; then
			ok "$(basename "$page") renders without groff warnings"
		else
			nok "$(basename "$page") renders without groff warnings"
			sed 's/^/#   /' "$TMP/groff.out" | head -10
		fi
	done
else
	skip "man pages: groff not installed (apt-get install groff-base)"
fi

# ---- on a real image ----
if need_shared "cli on shared images"; then
	A=oci:$IMAGES/alpine/alpine-oci:3.20.3

	# table: ends with "N packages", N = the number of packages in the JSON
	expect "table output" 0 sbom "$A"
	last=$(tail -n 1 "$TMP/out")
	run sbom --format json "$A"
	njson=$(jq '.packages | length' "$TMP/out" 2>/dev/null || echo "?")
	if [[ $last =~ ^([0-9]+)\ packages$ ]] && [ "${BASH_REMATCH[1]}" = "$njson" ] && [ "$njson" -gt 0 ]; then
		ok "table ends with '$last' (as many as the JSON lists)"
	else
		nok "table ends with 'N packages' matching the JSON: last line '$last', JSON has $njson"
	fi

	# json is valid JSON, options may follow IMAGE
	expect "json output" 0 sbom --format json "$A"
	check "json output is valid JSON with schema_version 1" jq -e '.schema_version == 1 and (.packages | length) > 0' "$TMP/out"
	cp "$TMP/out" "$TMP/json.stdout"
	expect "options after IMAGE" 0 sbom "$A" --format json
	check "options after IMAGE give the same document" cmp -s "$TMP/out" "$TMP/json.stdout"

	# --output: the file holds the document, stdout is empty
	rm -f "$TMP/doc.json"
	expect "--output FILE" 0 sbom --format json --output "$TMP/doc.json" "$A"
	check "--output writes nothing to stdout" empty "$TMP/out"
	check "--output FILE holds the document" cmp -s "$TMP/doc.json" "$TMP/json.stdout"
	expect "-o - is stdout" 0 sbom -f json -o - "$A"
	check "-o - writes the document to stdout" cmp -s "$TMP/out" "$TMP/json.stdout"
	echo keep >"$TMP/keep.json"
	expect "--output with a missing image" 3 sbom --format json --output "$TMP/keep.json" "$TMP/does-not-exist.tar"
	check "a failed run leaves the --output file untouched" grep -qx keep "$TMP/keep.json"
	expect "--output into a missing directory" 3 sbom --output "$TMP/no/such/dir/x.json" "$A"

	# SOURCE_DATE_EPOCH: byte-identical documents across runs
	export SOURCE_DATE_EPOCH=1700000000
	for fmt in json cyclonedx spdx; do
		if same_twice $fmt "$A"; then
			ok "SOURCE_DATE_EPOCH=1700000000: $fmt output is byte-identical across two runs"
		else
			nok "SOURCE_DATE_EPOCH=1700000000: $fmt output is byte-identical across two runs"
			diff "$TMP/r1.$fmt" "$TMP/r2.$fmt" | head -5 | sed 's/^/#   /'
		fi
	done
	check "SOURCE_DATE_EPOCH sets the json timestamp" jq -e '.timestamp == "2023-11-14T22:13:20Z"' "$TMP/r1.json"
	check "SOURCE_DATE_EPOCH sets the CycloneDX timestamp" jq -e '.metadata.timestamp == "2023-11-14T22:13:20Z"' "$TMP/r1.cyclonedx"
	check "SOURCE_DATE_EPOCH sets the SPDX creation time" jq -e '.creationInfo.created == "2023-11-14T22:13:20Z"' "$TMP/r1.spdx"
fi

# ---- valgrind ----
# Not on a sanitizer build (VIGIL_SAN=1, or a binary linked with libasan):
# ASan and valgrind cannot run together.
if [ "${VIGIL_SAN:-0}" = 1 ] || { command -v ldd >/dev/null && ldd "$VIGIL_BIN" 2>/dev/null | grep -q libasan; }; then
	skip "valgrind: $VIGIL_BIN is a sanitizer build"
elif ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind: not installed (scripts/install-deps.sh)"
elif have_shared; then
	for img in "$IMAGES/alpine/alpine-3.12-app.docker-save-legacy.tar.gz" \
		"$IMAGES/alpine/alpine-3.12-app.oci-archive-zstd.tar" \
		"docker-archive:$IMAGES/debian/bullseye-stale.docker-archive.tar" \
		"oci:$IMAGES/debian/bookworm-oci:bookworm-curl"; do
		label=${img/"$IMAGES/"/}
		rc=0
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			"$VIGIL_BIN" sbom --format json "$img" >"$TMP/vg.out" 2>"$TMP/vg.err" || rc=$?
		if [ $rc -eq 0 ] && jq -e '(.packages | length) > 0' "$TMP/vg.out" >/dev/null 2>&1; then
			ok "valgrind: sbom --format json $label: no errors, no definite leaks"
		else
			nok "valgrind: sbom --format json $label: exit $rc"
			grep -v '^$' "$TMP/vg.err" | head -30 | sed 's/^/#   /'
		fi
	done
else
	skip "valgrind: no $VIGIL_SHARED/images"
fi

echo "1..$TAP_N"
