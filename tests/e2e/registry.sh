#!/usr/bin/env bash
# registry.sh - vigil against real local registries (Debian's docker-registry,
# CNCF distribution 2.8) started under $TMP: images pushed with skopeo (Docker
# schema 2, OCI, a docker-archive, a multi-platform OCI index) must give the
# same packages and findings as the same images read from their files; pulls
# by tag and by digest; plain HTTP, TLS with a private CA, HTTP Basic and
# Bearer-token auth (credentials from flags, the environment, a Docker
# config.json; token refresh after expiry); --platform; the blob cache (no
# second download, consistent after concurrent runs); and faults injected by
# tests/registry/fault_proxy.py (connection resets, truncation, a flipped
# byte, 5xx, 429 + Retry-After, stalls, a hang). Helpers: tests/registry/lib.sh.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../registry/lib.sh"

if ! have_shared; then
	skip "registry: shared test data absent ($VIGIL_SHARED/images)"
	echo "1..$TAP_N"
	exit 0
fi
missing=()
for c in docker-registry skopeo curl jq python3 openssl sha256sum; do
	command -v "$c" > /dev/null 2>&1 || missing+=("$c")
done
if [ ${#missing[@]} -gt 0 ]; then
	skip "registry: ${missing[*]} not installed (apt-get install docker-registry skopeo curl jq python3 openssl)"
	echo "1..$TAP_N"
	exit 0
fi
HAVE_HTPASSWD=1
command -v htpasswd > /dev/null 2>&1 || HAVE_HTPASSWD=

# Nothing outside $TMP: no default cache, no user Docker config, no credentials.
export HOME=$TMP/home XDG_CACHE_HOME=$TMP/xdg-cache DOCKER_CONFIG=$TMP/docker-none
mkdir -p "$HOME" "$DOCKER_CONFIG"
unset VIGIL_CACHE_DIR VIGIL_REGISTRY_USERNAME VIGIL_REGISTRY_PASSWORD VIGIL_REGISTRY_TIMEOUT VIGIL_CACHE_MAX_SIZE
export VIGIL_REGISTRY_RETRY_BASE_MS=50 VIGIL_NO_CRED_HELPERS=1
cd "$TMP" || exit 1 # references like 127.0.0.1:PORT/repo:tag are not paths here
I=$IMAGES
O=$TMP/out
mkdir -p "$O"
T0=$SECONDS

# ---- helpers -----------------------------------------------------------

# vr NAME [VAR=VALUE...] -- ARGS...: run vigil (at most ${VR_TIMEOUT:-120} s)
# with VIGIL_CACHE_DIR=$TMP/cache-NAME unless given; stdin from ${VR_IN:-/dev/null};
# stdout in $O/NAME.out, stderr in $O/NAME.err, status in RC and $O/NAME.rc.
vr() {
	local name=$1
	shift
	local envs=("VIGIL_CACHE_DIR=$TMP/cache-$name")
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	local t=$SECONDS
	env "${envs[@]}" timeout -k 5 "${VR_TIMEOUT:-120}" "$VIGIL_BIN" "$@" \
		> "$O/$name.out" 2> "$O/$name.err" < "${VR_IN:-/dev/null}"
	RC=$?
	echo "$RC" > "$O/$name.rc"
	ELAPSED=$((SECONDS - t))
}

# norm_sbom FILE: the parts of `sbom --format json` that must not depend on
# where the image was read from (drops input/transport/name/manifest
# digest/repo_tags/timestamp/warnings)
norm_sbom() {
	jq -S '{os, packages, image: (.image | {config_digest, os, architecture, created, layers})}' "$1"
}
norm_scan() { jq -S '{os, findings, summary}' "$1"; }

# diag NAME [LOGNAMES...]: why a vigil run failed
diag() {
	local name=$1
	shift
	echo "#   exit status: $(cat "$O/$name.rc" 2> /dev/null)"
	if [ -s "$O/$name.err" ]; then
		echo "#   stderr:"
		head -8 "$O/$name.err" | cut -c1-300 | sed 's/^/#     /'
	fi
	local l
	for l in "$@"; do reg_logs "$l" 6; done
}

# same NAME KIND EXPECTED-NORM [LOGNAMES...]: ok when run NAME exited 0 and
# its JSON (KIND sbom|scan|pkgs) equals the expectation
same() {
	local name=$1 kind=$2 exp=$3 label=$4
	shift 4
	local got=$O/$name.norm
	case $kind in
	sbom) norm_sbom "$O/$name.out" > "$got" 2> /dev/null ;;
	scan) norm_scan "$O/$name.out" > "$got" 2> /dev/null ;;
	pkgs) jq -S .packages "$O/$name.out" > "$got" 2> /dev/null ;;
	esac
	if [ "$(cat "$O/$name.rc")" = 0 ] && [ -s "$got" ] && cmp -s "$got" "$exp"; then
		ok "$label"
	else
		nok "$label"
		diag "$name" "$@"
		if [ -s "$got" ]; then
			diff -u "$exp" "$got" | head -12 | sed 's/^/#   /'
		fi
	fi
}

# fails NAME REGEX LABEL [LOGNAMES...]: ok when run NAME exited 3 and its
# stderr matches REGEX (grep -Ei)
fails() {
	local name=$1 re=$2 label=$3
	shift 3
	if [ "$(cat "$O/$name.rc")" = 3 ] && grep -Eqi -- "$re" "$O/$name.err"; then
		ok "$label"
	else
		nok "$label (want exit 3 and /$re/ on stderr)"
		diag "$name" "$@"
	fi
}

# quiet NAME LABEL: ok when run NAME exited 0 and printed nothing on stderr
quiet() {
	if [ "$(cat "$O/$1.rc")" = 0 ] && [ ! -s "$O/$1.err" ]; then ok "$2"; else nok "$2"; diag "$1"; fi
}

# cache_ok DIR [allow-empty]: every blob hashes to its name, no temp file is left
cache_ok() {
	local dir=$1 f n=0 bad=0
	if [ -d "$dir/blobs/sha256" ]; then
		for f in "$dir/blobs/sha256"/*; do
			[ -f "$f" ] || continue
			n=$((n + 1))
			if [ "$(sha256sum "$f" | cut -d' ' -f1)" != "$(basename "$f")" ]; then
				echo "blob $(basename "$f") does not hash to its name"
				bad=1
			fi
		done
	fi
	if [ -n "$(ls -A "$dir/blobs/tmp" 2> /dev/null)" ]; then
		echo "left in blobs/tmp: $(ls -A "$dir/blobs/tmp" | head -3 | tr '\n' ' ')"
		bad=1
	fi
	if [ "$n" = 0 ] && [ "${2:-}" != allow-empty ]; then
		echo "no blob in $dir/blobs/sha256"
		bad=1
	fi
	return $bad
}

# blob_gets LOGFILE [FROM-LINE]: number of blob GETs logged by a fault proxy
blob_gets() { tail -n +"${2:-1}" "$1" | grep -cE '^GET /v2/.+/blobs/sha256:'; }

# ---- registries and images --------------------------------------------

setup_ok=1
start() { # NAME MODE [issuer args]
	if reg_start "$@" 2> "$O/start-$1.err"; then
		ok "setup: docker-registry '$1' ($2) answers on /v2/"
	else
		nok "setup: docker-registry '$1' ($2) did not start"
		sed 's/^/#   /' "$O/start-$1.err" | head -8
		setup_ok=
	fi
}
push() { # SRC DEST [skopeo args]
	if reg_push "$@" 2> "$O/push.err"; then
		ok "setup: skopeo pushed $1 to $2${3:+ (${*:3})}"
	else
		nok "setup: skopeo could not push $1 to $2"
		sed 's/^/#   /' "$O/push.err" | head -8
		setup_ok=
	fi
}

A37=oci:$I/alpine/alpine-oci:3.7.3
A320=oci:$I/alpine/alpine-oci:3.20.3
APP=oci:$I/alpine/alpine-oci:3.12.12-app
CURL=oci:$I/debian/bookworm-oci:bookworm-curl
STALE=docker-archive:$I/debian/bullseye-stale.docker-archive.tar

start plain plain
if [ -n "$HAVE_HTPASSWD" ]; then start basic basic; fi
start tok token
# a second registry on the same storage whose tokens expire after 2 s
REG_DATA_DIR=$REG_TOK_DATA start tokshort token --expires-in 2
start tls tls
if [ -z "$setup_ok" ]; then
	echo "# the registries did not start: nothing more to test"
	echo "1..$TAP_N"
	exit 1
fi

P=$REG_PLAIN_HOST
push "$A37" "$P/library/alpine:3.7.3" --format v2s2
push "$APP" "$P/demo/alpine-app:3.12"
push "$CURL" "$P/demo/debian:bookworm-curl"
push "$STALE" "$P/demo/debian:bullseye-stale"
if make_multiplatform_layout "$TMP/multi" 2> "$O/multi.err"; then
	push "oci:$TMP/multi:multi" "$P/multi/alpine:latest" --all
else
	nok "setup: make_multiplatform_layout failed"
	sed 's/^/#   /' "$O/multi.err" | head -5
fi
[ -n "$HAVE_HTPASSWD" ] && push "$A37" "$REG_BASIC_HOST/library/alpine:3.7.3" --format v2s2
push "$A37" "$REG_TOK_HOST/library/alpine:3.7.3" --format v2s2
push "$A37" "$REG_TLS_HOST/library/alpine:3.7.3" --format v2s2

# the registry serves what the tests assume
check "setup: library/alpine:3.7.3 is served as a Docker schema 2 manifest" \
	test "$(reg_curl "$P" /v2/library/alpine/manifests/3.7.3 "${REG_ACCEPT[@]}" | jq -r .mediaType)" = \
	application/vnd.docker.distribution.manifest.v2+json
check "setup: demo/alpine-app:3.12 is served as an OCI manifest" \
	grep -qi '^content-type: application/vnd.oci.image.manifest.v1+json' \
	<(reg_curl "$P" /v2/demo/alpine-app/manifests/3.12 -I "${REG_ACCEPT[@]}")
check "setup: multi/alpine:latest is served as an OCI index of linux/amd64 and linux/arm64" \
	test "$(reg_curl "$P" /v2/multi/alpine/manifests/latest "${REG_ACCEPT[@]}" |
		jq -r '.mediaType + " " + ([.manifests[].platform | .os + "/" + .architecture] | join(","))')" = \
	"application/vnd.oci.image.index.v1+json linux/amd64,linux/arm64"

# ---- expected results, from the image files ---------------------------
DB=$TMP/db.sqlite
"$VIGIL_BIN" db build --db "$DB" "$VIGIL_SHARED/vulndata/debian/tracker-derived.json" \
	"$VIGIL_SHARED/vulndata/alpine/secdb-legacy-json" > "$O/dbbuild.out" 2>&1
check "setup: vulnerability database built (debian tracker + alpine secdb)" test -s "$DB"
exp_ok=1
expect_from() { # KEY IMAGE [scan]
	"$VIGIL_BIN" sbom --format json "$2" > "$O/local-$1.json" 2> "$O/local-$1.err" &&
		norm_sbom "$O/local-$1.json" > "$O/exp-$1.sbom" &&
		jq -S .packages "$O/local-$1.json" > "$O/exp-$1.pkgs" &&
		[ "$(jq length "$O/exp-$1.pkgs")" -gt 0 ] || { exp_ok=; echo "# local sbom of $2 failed"; return 1; }
	if [ "${3:-}" = scan ]; then
		"$VIGIL_BIN" scan --db "$DB" --format json "$2" > "$O/local-$1.scan.json" 2> "$O/local-$1.scan.err"
		norm_scan "$O/local-$1.scan.json" > "$O/exp-$1.scan" || exp_ok=
	fi
}
expect_from a37 "$A37" scan
expect_from a320 "$A320"
expect_from app "$APP" scan
expect_from curl "$CURL" scan
expect_from stale "$STALE" scan
check "setup: the local SBOMs of the five images" test -n "$exp_ok"
# (bookworm-curl and 3.12.12-app have no findings in this data: their summaries are compared)
check "setup: the alpine 3.7.3 and bullseye scans have findings to compare" \
	test "$(jq -s 'map(.findings | length) | min' "$O/local-a37.scan.json" "$O/local-stale.scan.json")" -gt 0

# ---- plain HTTP: the same packages as from the files --------------------
vr reg-a37 -- sbom --format json "registry:$P/library/alpine:3.7.3"
same reg-a37 sbom "$O/exp-a37.sbom" "registry:HOST/library/alpine:3.7.3 (Docker schema 2) = oci:…:3.7.3" plain
quiet reg-a37 "a registry pull that is not on a terminal prints nothing on stderr"
vr reg-app -- sbom --format json "$P/demo/alpine-app:3.12"
same reg-app sbom "$O/exp-app.sbom" "HOST/demo/alpine-app:3.12 (OCI, detected reference) = oci:…:3.12.12-app" plain
quiet reg-app "detected reference, not a terminal: nothing on stderr"
vr reg-curl -- sbom --format json "$P/demo/debian:bookworm-curl"
same reg-curl sbom "$O/exp-curl.sbom" "HOST/demo/debian:bookworm-curl = oci:…:bookworm-curl" plain
vr reg-stale -- sbom --format json "$P/demo/debian:bullseye-stale"
same reg-stale sbom "$O/exp-stale.sbom" "HOST/demo/debian:bullseye-stale (pushed from the docker-archive) = docker-archive:…" plain
vr reg-quiet -- sbom --quiet --format json "$P/library/alpine:3.7.3"
same reg-quiet sbom "$O/exp-a37.sbom" "--quiet: same packages" plain
quiet reg-quiet "--quiet: nothing on stderr"
# on a terminal (script(1) gives it one): per-layer progress lines on stderr
if command -v script > /dev/null; then
	VIGIL_CACHE_DIR=$TMP/cache-tty script -qec "$(printf '%q ' "$VIGIL_BIN" sbom --format json -o "$O/tty.json" "$P/demo/alpine-app:3.12")" \
		"$O/tty.typescript" > /dev/null 2>&1
	check "on a terminal: a progress line per layer, each ending 'done'" \
		bash -c "[ \$(tr '\\r' '\\n' < '$O/tty.typescript' | grep -E '^.\\[K[0-9a-f]{12}  done ' | sort -u | wc -l) -ge 4 ]"
	check "on a terminal: the document is the same" bash -c "cmp -s <(jq -S .packages '$O/tty.json') <(jq -S .packages '$O/exp-app.sbom')"
else
	skip "progress on a terminal (no script(1))"
fi
vr reg-insecure -- sbom --format json --insecure-registry "$P" "$P/library/alpine:3.7.3"
same reg-insecure sbom "$O/exp-a37.sbom" "--insecure-registry HOST:PORT" plain

# other output formats work on a registry image and list as many packages
vr reg-cdx -- sbom --format cyclonedx "$P/demo/alpine-app:3.12"
"$VIGIL_BIN" sbom --format cyclonedx "$APP" > "$O/local-app.cdx" 2> /dev/null
check "--format cyclonedx: as many components as from the file" \
	test "$(jq '.components | length' "$O/reg-cdx.out" 2> /dev/null)" = "$(jq '.components | length' "$O/local-app.cdx")"
vr reg-spdx -- sbom --format spdx "$P/demo/alpine-app:3.12"
"$VIGIL_BIN" sbom --format spdx "$APP" > "$O/local-app.spdx" 2> /dev/null
check "--format spdx: as many packages as from the file" \
	test "$(jq '.packages | length' "$O/reg-spdx.out" 2> /dev/null)" = "$(jq '.packages | length' "$O/local-app.spdx")"
vr reg-table -- sbom --format table "$P/demo/alpine-app:3.12"
check "--format table: exit 0 and a non-empty table" test "$(cat "$O/reg-table.rc")" = 0 -a -s "$O/reg-table.out"

# ---- by digest ----
D_APP=$(reg_manifest_digest "$P/demo/alpine-app:3.12")
D_A37=$(reg_manifest_digest "$P/library/alpine:3.7.3")
check "setup: manifest digests from the registry" test -n "$D_APP" -a -n "$D_A37"
vr dig-app -- sbom --format json "$P/demo/alpine-app@$D_APP"
same dig-app sbom "$O/exp-app.sbom" "pull by digest (OCI manifest): same packages" plain
check "pull by digest: manifest_digest (if reported) is the registry's" \
	test "$(jq -r ".image.manifest_digest // \"$D_APP\"" "$O/dig-app.out" 2> /dev/null)" = "$D_APP"
vr dig-a37 -- sbom --format json "registry:$P/library/alpine@$D_A37"
same dig-a37 sbom "$O/exp-a37.sbom" "pull by digest (Docker schema 2, registry: prefix): same packages" plain
WRONG=sha256:$(printf 'no such manifest' | sha256sum | cut -d' ' -f1)
vr dig-wrong -- sbom --format json "$P/demo/alpine-app@$WRONG"
fails dig-wrong . "a digest that is not in the registry: exit 3" plain

# ---- not found ----
vr nf-repo -- sbom --format json "$P/demo/nosuchrepo:latest"
fails nf-repo 'demo/nosuchrepo' "unknown repository: exit 3, the message names it" plain
vr nf-tag -- sbom --format json "$P/demo/alpine-app:no-such-tag"
fails nf-tag 'demo/alpine-app' "unknown tag: exit 3, the message names the repository" plain

# ---- scan (reusing the blobs cached by the sbom runs above) ----
vr scan-a37 VIGIL_CACHE_DIR="$TMP/cache-reg-a37" -- scan --db "$DB" --format json "$P/library/alpine:3.7.3"
same scan-a37 scan "$O/exp-a37.scan" "scan HOST/library/alpine:3.7.3: same findings as the file" plain
vr scan-stale VIGIL_CACHE_DIR="$TMP/cache-reg-stale" -- scan --db "$DB" --format json "$P/demo/debian:bullseye-stale"
same scan-stale scan "$O/exp-stale.scan" "scan HOST/demo/debian:bullseye-stale: same findings as the docker-archive" plain
vr scan-app VIGIL_CACHE_DIR="$TMP/cache-reg-app" -- scan --db "$DB" --format json "$P/demo/alpine-app:3.12"
same scan-app scan "$O/exp-app.scan" "scan HOST/demo/alpine-app:3.12: same result as the file" plain
vr scan-curl VIGIL_CACHE_DIR="$TMP/cache-reg-curl" -- scan --db "$DB" --format json "$P/demo/debian:bookworm-curl"
same scan-curl scan "$O/exp-curl.scan" "scan HOST/demo/debian:bookworm-curl: same result as the file" plain

# ---- multi-platform index ----
vr mp-default -- sbom --format json "$P/multi/alpine:latest"
same mp-default pkgs "$O/exp-a320.pkgs" "multi-platform, default platform: the linux/amd64 image (alpine 3.20.3)" plain
vr mp-amd64 -- sbom --format json --platform linux/amd64 "$P/multi/alpine:latest"
same mp-amd64 pkgs "$O/exp-a320.pkgs" "--platform linux/amd64: alpine 3.20.3" plain
vr mp-arm64 -- sbom --format json --platform linux/arm64 "$P/multi/alpine:latest"
same mp-arm64 pkgs "$O/exp-a37.pkgs" "--platform linux/arm64: alpine 3.7.3's packages" plain
check "--platform linux/arm64: the image's architecture is arm64" \
	test "$(jq -r .image.architecture "$O/mp-arm64.out" 2> /dev/null)" = arm64
vr mp-s390x -- sbom --format json --platform linux/s390x "$P/multi/alpine:latest"
fails mp-s390x 'linux/amd64' "--platform linux/s390x: exit 3, the available platforms listed (linux/amd64)" plain
check "--platform linux/s390x: the message lists linux/arm64 too" grep -q 'linux/arm64' "$O/mp-s390x.err"

# ---- the blob cache ----
proxy_start pt "$REG_PLAIN_PORT" '' 2> "$O/proxy-pt.err" || { nok "setup: pass-through proxy"; cat "$O/proxy-pt.err"; }
C=$TMP/cache-pt
vr c1 VIGIL_CACHE_DIR="$C" -- sbom --format json "$PROXY_PT_HOST/demo/alpine-app:3.12"
same c1 sbom "$O/exp-app.sbom" "through a pass-through proxy: same packages" pt
n1=$(blob_gets "$PROXY_PT_LOG")
check "first run downloads the blobs ($n1 blob GETs)" test "$n1" -ge 5
from=$(($(wc -l < "$PROXY_PT_LOG") + 1))
vr c2 VIGIL_CACHE_DIR="$C" -- sbom --format json "$PROXY_PT_HOST/demo/alpine-app:3.12"
same c2 sbom "$O/exp-app.sbom" "second run with the same cache: same packages" pt
n2=$(blob_gets "$PROXY_PT_LOG" "$from")
if [ "$n2" = 0 ]; then ok "second run: no blob GET (everything from the cache)"; else
	nok "second run: $n2 blob GETs, expected none"; tail -n +"$from" "$PROXY_PT_LOG" | head -5 | sed 's/^/#   /'; fi
vr cinfo VIGIL_CACHE_DIR="$C" -- cache info --format json
check "cache info --format json: blobs > 0, bytes > 0, no temp files" \
	jq -e '.blobs > 0 and .bytes > 0 and .temp_files == 0 and (.dir | type == "string") and has("max_bytes") and has("temp_bytes")' "$O/cinfo.out"
check "every cached blob hashes to its name" cache_ok "$C"

# two processes at once on an empty cache
CC=$TMP/cache-concurrent
vr conc1 VIGIL_CACHE_DIR="$CC" -- sbom --format json "$P/demo/debian:bookworm-curl" &
pa=$!
vr conc2 VIGIL_CACHE_DIR="$CC" -- sbom --format json "$P/demo/debian:bookworm-curl" &
pb=$!
wait "$pa" "$pb"
same conc1 sbom "$O/exp-curl.sbom" "concurrent run 1 of 2 on an empty cache" plain
same conc2 sbom "$O/exp-curl.sbom" "concurrent run 2 of 2 on an empty cache" plain
check "after the concurrent runs the cache is consistent" cache_ok "$CC"
proxy_stop pt

# ---- faults (each: a new proxy in front of the plain registry, a new cache) ----
fault_n=0
# fault SPEC [VAR=VALUE...]: run vigil through a proxy with SPEC; sets FN (run name), FPROXY
fault() {
	local spec=$1
	shift
	fault_n=$((fault_n + 1))
	FN=fault$fault_n
	FPROXY=f$fault_n
	if ! proxy_start "$FPROXY" "$REG_PLAIN_PORT" "$spec" 2> "$O/$FN.proxy.err"; then
		nok "setup: fault proxy '$spec'"
		sed 's/^/#   /' "$O/$FN.proxy.err"
		return 1
	fi
	local h
	h=$(_reg_get PROXY "$FPROXY" HOST)
	vr "$FN" "$@" -- sbom --format json "$h/demo/alpine-app:3.12"
	proxy_stop "$FPROXY"
	FLOG=$(_reg_get PROXY "$FPROXY" LOG)
}
# injected SPEC-ITEM...: the proxy log shows each fault was applied
injected() {
	local f
	for f in "$@"; do grep -q " fault=$f " "$FLOG" || return 1; done
}
recovers() { # SPEC LABEL [VAR=VALUE...]
	local spec=$1 label=$2 items
	shift 2
	fault "$spec" "$@" || return
	items=$(echo "$spec" | tr ',' '\n' | cut -d: -f2- | tr '\n' ' ')
	# shellcheck disable=SC2086
	if injected $items; then
		same "$FN" sbom "$O/exp-app.sbom" "fault $spec: $label" "$FPROXY"
	else
		nok "fault $spec: not injected (vigil never made the request)"
		diag "$FN" "$FPROXY"
	fi
	check "fault $spec: the cache is consistent afterwards" cache_ok "$TMP/cache-$FN"
}
recovers 'blob:reset' "connection reset mid-body, recovered"
recovers 'layer:reset' "reset in the middle of a 2.9 MB layer, recovered"
recovers 'blob:reset0' "connection reset before the headers, recovered"
recovers 'manifest:reset0' "manifest request reset before the headers, recovered"
recovers 'blob:truncate' "truncated body (real Content-Length), recovered"
recovers 'layer:truncate' "truncated layer, recovered"
recovers 'blob:500' "500 then success, recovered"
recovers 'manifest:500' "manifest 500 then success, recovered"
recovers 'blob:503,layer:503' "503 on a blob and on the layer, recovered"
recovers 'blob:429:1' "429 with Retry-After: 1, recovered"
# the retry after the 429 came at least ~1 s later (Retry-After honoured)
wait429=$(awk '/ fault=429:1 / { p = $2; t = substr($NF, 3) } p != "" && $2 == p && !/ fault=429/ { print substr($NF, 3) - t; exit }' "$FLOG")
check "429: the retry waits for Retry-After (waited ${wait429:-?} s)" awk -v w="${wait429:-0}" 'BEGIN { exit !(w >= 0.9) }'
recovers 'layer:slow:2' "a layer stalled 2 s before its body, recovered"

# a flipped byte: recovered with the right output, or exit 3 naming the digest
fault 'layer:flip'
if ! injected flip; then
	nok "fault layer:flip: not injected"
	diag "$FN" "$FPROXY"
elif [ "$RC" = 0 ]; then
	same "$FN" sbom "$O/exp-app.sbom" "fault layer:flip: recovered with the right packages" "$FPROXY"
else
	fails "$FN" digest "fault layer:flip: exit 3 with a digest error" "$FPROXY"
fi
check "fault layer:flip: every cached blob hashes to its name, nothing in blobs/tmp" cache_ok "$TMP/cache-$FN" allow-empty
fault 'blob:flip'
if [ "$RC" = 0 ]; then
	same "$FN" sbom "$O/exp-app.sbom" "fault blob:flip: recovered with the right packages" "$FPROXY"
else
	fails "$FN" digest "fault blob:flip: exit 3 with a digest error" "$FPROXY"
fi
check "fault blob:flip: every cached blob hashes to its name, nothing in blobs/tmp" cache_ok "$TMP/cache-$FN" allow-empty

# a hang: VIGIL_REGISTRY_TIMEOUT=3 s without progress, then a retry (or a clear error)
VR_TIMEOUT=60 fault 'layer:hang' VIGIL_REGISTRY_TIMEOUT=3
if [ "$RC" = 0 ]; then
	same "$FN" sbom "$O/exp-app.sbom" "fault layer:hang: recovered after the timeout" "$FPROXY"
else
	fails "$FN" 'time|progress' "fault layer:hang: exit 3 with a clear error" "$FPROXY"
fi
check "fault layer:hang: finished within 30 s (took ${ELAPSED} s)" test "$ELAPSED" -le 30
check "fault layer:hang: the cache is consistent afterwards" cache_ok "$TMP/cache-$FN" allow-empty

# ---- HTTP Basic auth ----
if [ -n "$HAVE_HTPASSWD" ]; then
	B=$REG_BASIC_HOST
	vr basic-none -- sbom --format json "$B/library/alpine:3.7.3"
	fails basic-none 'authenticat' "basic auth, no credentials: exit 3, says authentication" basic
	printf '%s\n' "$REG_PASS" > "$TMP/pw"
	VR_IN=$TMP/pw vr basic-stdin -- sbom --format json --username "$REG_USER" --password-stdin "$B/library/alpine:3.7.3"
	same basic-stdin sbom "$O/exp-a37.sbom" "basic auth: --username + --password-stdin" basic
	vr basic-env VIGIL_REGISTRY_USERNAME="$REG_USER" VIGIL_REGISTRY_PASSWORD="$REG_PASS" -- \
		sbom --format json "$B/library/alpine:3.7.3"
	same basic-env sbom "$O/exp-a37.sbom" "basic auth: VIGIL_REGISTRY_USERNAME/PASSWORD" basic
	mkdir -p "$TMP/dockercfg"
	jq -n --arg h "$B" --arg a "$(printf '%s:%s' "$REG_USER" "$REG_PASS" | base64 -w0)" \
		'{auths: {($h): {auth: $a}}}' > "$TMP/dockercfg/config.json"
	vr basic-dcfg DOCKER_CONFIG="$TMP/dockercfg" -- sbom --format json "$B/library/alpine:3.7.3"
	same basic-dcfg sbom "$O/exp-a37.sbom" "basic auth: credentials from \$DOCKER_CONFIG/config.json" basic
	BADPW=wrong-Pw-7391x
	printf '%s\n' "$BADPW" > "$TMP/badpw"
	VR_IN=$TMP/badpw vr basic-wrong -- sbom --format json --username "$REG_USER" --password-stdin "$B/library/alpine:3.7.3"
	fails basic-wrong 'authentication|unauthorized' "basic auth, wrong password: exit 3, says authentication" basic
	check "basic auth, wrong password: the password is not printed" \
		bash -c "! grep -qF -- '$BADPW' '$O/basic-wrong.err' '$O/basic-wrong.out'"
	vr basic-wrongenv VIGIL_REGISTRY_USERNAME="$REG_USER" VIGIL_REGISTRY_PASSWORD="$BADPW" -- \
		sbom --format json "$B/library/alpine:3.7.3"
	fails basic-wrongenv 'authentication|unauthorized' "basic auth, wrong password from the environment: exit 3" basic
	check "basic auth, wrong password from the environment: not printed" \
		bash -c "! grep -qF -- '$BADPW' '$O/basic-wrongenv.err' '$O/basic-wrongenv.out'"
	VR_IN=$TMP/pw vr basic-scan -- scan --db "$DB" --format json --username "$REG_USER" --password-stdin "$B/library/alpine:3.7.3"
	same basic-scan scan "$O/exp-a37.scan" "basic auth: scan with --username/--password-stdin, same findings" basic
else
	skip "basic auth (htpasswd from apache2-utils not installed)"
fi

# ---- Bearer token auth ----
K=$REG_TOK_HOST
vr tok-none -- sbom --format json "$K/library/alpine:3.7.3"
fails tok-none 'authenticat' "token auth, no credentials: exit 3, says authentication" tok
printf '%s\n' "$REG_PASS" > "$TMP/pw"
VR_IN=$TMP/pw vr tok-ok -- sbom --format json --username "$REG_USER" --password-stdin "$K/library/alpine:3.7.3"
same tok-ok sbom "$O/exp-a37.sbom" "token auth: --username + --password-stdin" tok
check "token auth: the token server issued a pull token to alice" \
	grep -q 'auth=basic user=alice status=200 granted=repository:library/alpine:pull' "$REG_TOK_TOKEN_LOG"
vr tok-env VIGIL_REGISTRY_USERNAME="$REG_USER" VIGIL_REGISTRY_PASSWORD="$REG_PASS" -- \
	sbom --format json "$K/library/alpine:3.7.3"
same tok-env sbom "$O/exp-a37.sbom" "token auth: VIGIL_REGISTRY_USERNAME/PASSWORD" tok
mkdir -p "$TMP/dockercfg-tok"
jq -n --arg h "$K" --arg a "$(printf '%s:%s' "$REG_USER" "$REG_PASS" | base64 -w0)" \
	'{auths: {($h): {auth: $a}}}' > "$TMP/dockercfg-tok/config.json"
vr tok-dcfg DOCKER_CONFIG="$TMP/dockercfg-tok" -- sbom --format json "$K/library/alpine:3.7.3"
same tok-dcfg sbom "$O/exp-a37.sbom" "token auth: credentials from \$DOCKER_CONFIG/config.json" tok
BADPW=wrong-Pw-7391x
printf '%s\n' "$BADPW" > "$TMP/badpw"
VR_IN=$TMP/badpw vr tok-wrong -- sbom --format json --username "$REG_USER" --password-stdin "$K/library/alpine:3.7.3"
fails tok-wrong 'authentication|unauthorized' "token auth, wrong password: exit 3, says authentication" tok
check "token auth, wrong password: the password is not printed" \
	bash -c "! grep -qF -- '$BADPW' '$O/tok-wrong.err' '$O/tok-wrong.out'"
check "token server log holds no password" bash -c "! grep -qF -e '$BADPW' -e '$REG_PASS' '$REG_TOK_TOKEN_LOG'"

# token expiry: tokens live 2 s; the manifest body is stalled 3 s, so the
# blob requests that follow need a new token
proxy_start ts "$REG_TOKSHORT_PORT" 'manifest:slow:3' 2> "$O/proxy-ts.err" || nok "setup: proxy before tokshort"
VR_IN=$TMP/pw vr tok-refresh -- sbom --format json --username "$REG_USER" --password-stdin "$PROXY_TS_HOST/library/alpine:3.7.3"
same tok-refresh sbom "$O/exp-a37.sbom" "token auth: a token that expires during the pull is refreshed" ts tokshort
ntok=$(grep -c 'auth=basic user=alice status=200' "$REG_TOKSHORT_TOKEN_LOG" 2> /dev/null)
check "token auth: a second token was fetched after the first expired ($ntok tokens)" test "${ntok:-0}" -ge 2
proxy_stop ts

# ---- TLS with a private CA ----
S=$REG_TLS_HOST
vr tls-ca -- sbom --format json --ca-file "$REG_TLS_CA" "$S/library/alpine:3.7.3"
same tls-ca sbom "$O/exp-a37.sbom" "TLS registry with --ca-file" tls
vr tls-noca -- sbom --format json "$S/library/alpine:3.7.3"
fails tls-noca 'certif' "TLS registry without --ca-file: exit 3, says certificate" tls

echo "# registry.sh took $((SECONDS - T0)) s"
echo "1..$TAP_N"
