#!/usr/bin/env bash
# run.sh - run every test and print one summary line: "N passed, M failed, K skipped".
# Unit tests are cmocka programs (TAP output); end-to-end tests are the
# tests/e2e/*.sh scripts, which drive the real binary and print TAP too.
set -u
cd "$(dirname "$0")/.."
BUILD=${VIGIL_BUILD:-build}
export VIGIL_BIN=${VIGIL_BIN:-$PWD/$BUILD/vigil}
export VIGIL_SHARED=${VIGIL_SHARED:-$PWD/../shared}
export VIGIL_ROOT=$PWD
export CMOCKA_MESSAGE_OUTPUT=TAP
LOG=$(mktemp -d "${TMPDIR:-/tmp}/vigil-test.XXXXXX")
trap 'rm -rf "$LOG"' EXIT
pass=0 fail=0 skip=0
failed_names=()

count() { # $1 = label, $2 = TAP file, $3 = exit code
	local p f s
	# cmocka prints skipped tests as "not ok N - name # SKIP"
	s=$(grep -cE '^(not )?ok .*# (SKIP|skip)' "$2")
	p=$(grep -E '^ok ' "$2" | grep -cvE '# (SKIP|skip)')
	f=$(grep -E '^not ok ' "$2" | grep -cvE '# (SKIP|skip)')
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $1 exited with status $3"; fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	[ "$f" -eq 0 ] || failed_names+=("$1")
}

# Unit tests run under valgrind on the optimised build (the sanitizer build
# has its own checks); VIGIL_VALGRIND=0 turns that off.
VG=()
if [ -z "${VIGIL_SAN:-}" ] && [ "${VIGIL_VALGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then
	VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	    --suppressions="$PWD/tests/valgrind.supp")
fi
only=${1:-}
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	[ -z "$only" ] || [[ "$name" == *"$only"* ]] || continue
	echo "# $name"
	vg=("${VG[@]}")
	# feed readers parse megabytes of real data, and the language version
	# orders check every triple of hundreds of versions: minutes under
	# valgrind; the sanitizer build covers them instead
	[[ "$name" == test_feed_* || "$name" == test_version_lang ]] && vg=()
	(cd "$VIGIL_ROOT" && "${vg[@]}" "$t") > "$LOG/$name.tap" 2>&1
	rc=$?
	grep -E '^(not ok|ok .*# (SKIP|skip))' "$LOG/$name.tap" || true
	count "$name" "$LOG/$name.tap" $rc
done
for t in tests/e2e/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	[ -z "$only" ] || [[ "$name" == *"$only"* ]] || continue
	echo "# e2e/$name"
	bash "$t" > "$LOG/$name.tap" 2>&1
	rc=$?
	grep -E '^(not ok|ok .*# (SKIP|skip)|# )' "$LOG/$name.tap" | grep -v '^# ok' || true
	count "e2e/$name" "$LOG/$name.tap" $rc
done
[ ${#failed_names[@]} -eq 0 ] || echo "# failing: ${failed_names[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
