#!/usr/bin/env bash
# check.sh - everything CI runs: install dependencies, build, run the whole
# test suite on the optimised build and again on the ASan+UBSan build, then a
# short bounded fuzzing pass. Ends with one line "N passed, M failed, K skipped".
set -u
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
P=0 F=0 S=0
run_suite() { # label, make args...
	local label=$1 out; shift
	echo "## $label"
	if ! make -j"$(nproc)" "$@" all unit >/dev/null 2>"${TMPDIR:-/tmp}/vigil-build.log"; then
		cat "${TMPDIR:-/tmp}/vigil-build.log"; F=$((F + 1)); return
	fi
	out=$(make "$@" test 2>&1)
	echo "$out" | grep -vE '^(make|VIGIL_BUILD)' 
	local line
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -z "$line" ]; then F=$((F + 1)); return; fi
	read -r p _ f _ s _ <<<"$(echo "$line" | tr -d ',')"
	P=$((P + p)); F=$((F + f)); S=$((S + s))
}
run_suite "optimised build"
export VIGIL_SAN=1 ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite "sanitizer build (ASan + UBSan)" SAN=1
unset VIGIL_SAN
if [ -n "${VIGIL_SKIP_FUZZ:-}" ]; then
	echo "## fuzz: skipped (VIGIL_SKIP_FUZZ)"
elif make fuzz >/dev/null 2>"${TMPDIR:-/tmp}/vigil-fuzz.log" && bash fuzz/run.sh "${FUZZ_SECONDS:-20}"; then
	echo "## fuzz: ok"; P=$((P + 1))
else
	echo "## fuzz: FAILED"; tail -20 "${TMPDIR:-/tmp}/vigil-fuzz.log"; F=$((F + 1))
fi
echo "$P passed, $F failed, $S skipped"
[ "$F" -eq 0 ]
