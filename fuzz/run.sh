#!/usr/bin/env bash
# run.sh SECONDS - seed the corpora, then run each target in build-fuzz/fuzz/ (make
# fuzz) for SECONDS; reproducers go to build-fuzz/artifacts/<target>/, logs to
# build-fuzz/logs/. Exits 1 if any target crashed, leaked, timed out or ran out of memory.
set -u
cd "$(dirname "$0")/.."
SECS=${1:-30}
OUT=build-fuzz
case $SECS in '' | *[!0-9]*) echo "usage: fuzz/run.sh SECONDS" >&2; exit 2 ;; esac
bash fuzz/seed.sh || exit 1
shopt -s nullglob
targets=("$OUT"/fuzz/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then
	echo "run.sh: no targets in $OUT/fuzz (run make fuzz)" >&2
	exit 1
fi
mkdir -p "$OUT/logs" "$OUT/tmp"
failed=()
for t in "${targets[@]}"; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	mkdir -p "$OUT/corpus/$n" "$OUT/artifacts/$n"
	opts=(-max_total_time="$SECS" -rss_limit_mb=2048 -timeout=60 -print_final_stats=1
	      -artifact_prefix="$OUT/artifacts/$n/")
	[ -f "$OUT/dict/$n.dict" ] && opts+=(-dict="$OUT/dict/$n.dict")
	echo "run.sh: $n for ${SECS}s"
	# TMPDIR: targets that need a scratch file make it there
	TMPDIR=$PWD/$OUT/tmp "$t" "${opts[@]}" "$OUT/corpus/$n" >"$OUT/logs/$n.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)' "$OUT/logs/$n.log" | sed "s/^/  /"
	if [ $rc -ne 0 ]; then
		failed+=("$n")
		echo "run.sh: $n FAILED (exit $rc); see $OUT/logs/$n.log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$OUT/logs/$n.log" | head -10 | sed "s/^/  /"
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "run.sh: failing targets: ${failed[*]}"
	exit 1
fi
echo "run.sh: ${#targets[@]} targets ran ${SECS}s each without a failure"
