# lib.sh - helpers for end-to-end tests (sourced). Prints TAP lines.
# VIGIL_BIN, VIGIL_SHARED, VIGIL_ROOT are set by tests/run.sh.
: "${VIGIL_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${VIGIL_BIN:=$VIGIL_ROOT/build/vigil}"
: "${VIGIL_SHARED:=$VIGIL_ROOT/../shared}"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
TAP_N=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vigil-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
IMAGES="$VIGIL_SHARED/images"

ok()   { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
nok()  { TAP_N=$((TAP_N + 1)); echo "not ok $TAP_N - $*"; }
skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $* # SKIP"; }
check() { # check "name" cmd...  : ok if the command succeeds
	local name=$1; shift
	if "$@" >"$TMP/check.out" 2>&1; then ok "$name"; else nok "$name"; sed 's/^/#   /' "$TMP/check.out" | head -20; fi
}
have_shared() { [ -d "$VIGIL_SHARED/images" ]; }
need_shared() {
	if ! have_shared; then skip "$1 (no $VIGIL_SHARED: shared test data absent)"; return 1; fi
}
vigil() { "$VIGIL_BIN" "$@"; }
