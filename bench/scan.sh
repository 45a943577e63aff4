#!/usr/bin/env bash
# scan.sh - what `vigil db build` and `vigil scan` cost:
#   build   `vigil db build` of all of $VIGIL_SHARED/vulndata into a temp dir
#           (median of BENCH_BUILD_RUNS, default 3; each run starts without a DB)
#   images  `vigil sbom --format json` and `vigil scan --db DB --format json`
#           (median of BENCH_RUNS, default 5) on the bookworm-bench tag of
#           images/debian/bookworm-oci and on the bullseye-stale docker-archive,
#           with the DB just built. scan/sbom is what matching and the report
#           add to reading the image; findings and peak RSS come from one more
#           run under /usr/bin/time.
# Prints figures only: no thresholds, the exit status says nothing about speed.
# See bench/README.md.
#
# Env: VIGIL_BIN (default build/vigil), VIGIL_SHARED (default ../shared),
#      BENCH_RUNS (5), BENCH_BUILD_RUNS (3), BENCH_HYPERFINE=0 to time with a
#      plain loop even if hyperfine is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VIGIL_BIN=${VIGIL_BIN:-$ROOT/build/vigil}
VIGIL_SHARED=${VIGIL_SHARED:-$ROOT/../shared}
RUNS=${BENCH_RUNS:-5}
BUILD_RUNS=${BENCH_BUILD_RUNS:-3}
VULNDATA=$VIGIL_SHARED/vulndata
OCI=$VIGIL_SHARED/images/debian/bookworm-oci
STALE=$VIGIL_SHARED/images/debian/bullseye-stale.docker-archive.tar
T0=$(date +%s)

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "# $*"; }
have() { command -v "$1" >/dev/null 2>&1; }

[ -x "$VIGIL_BIN" ] || die "$VIGIL_BIN not built (make)"
[ -d "$VULNDATA" ] || die "$VULNDATA not found (set VIGIL_SHARED)"
[ -f "$OCI/index.json" ] || die "$OCI: no OCI layout (set VIGIL_SHARED)"
[ -f "$STALE" ] || die "$STALE not found"
have jq || die "jq is needed to count findings (scripts/install-deps.sh)"
for n in "$RUNS" "$BUILD_RUNS"; do
	case $n in '' | *[!0-9]* | 0) die "BENCH_RUNS and BENCH_BUILD_RUNS must be positive numbers" ;; esac
done

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-scan.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
DB=$SCRATCH/db.sqlite

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
fmt() { awk -v v="$1" 'BEGIN {if (v == "nan" || v == "-" || v == "") print "-"; else printf "%.3f", v}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else print "-"}'; }
q() { printf '%q' "$1"; }

USE_HYPERFINE=0
if [ "${BENCH_HYPERFINE:-1}" != 0 ] && have hyperfine; then USE_HYPERFINE=1; fi

# measure RUNS CMD [PREPARE]: M_WALL = median wall seconds of RUNS runs of the
# bash -c string CMD (stdout and stderr discarded); PREPARE runs before each,
# untimed.
measure() {
	local runs=$1 cmd=$2 prep=${3:-true} i s e walls=()
	if [ $USE_HYPERFINE = 1 ]; then
		hyperfine --shell=bash --style=none --runs "$runs" --prepare "$prep" \
			--export-json "$SCRATCH/hf.json" "$cmd >/dev/null 2>&1" >/dev/null 2>"$SCRATCH/stderr" || {
			cat "$SCRATCH/stderr" >&2; die "command failed: $cmd"; }
		M_WALL=$(jq '.results[0].median' "$SCRATCH/hf.json")
	else
		for ((i = 0; i < runs; i++)); do
			bash -c "$prep" >/dev/null 2>&1
			s=$(date +%s.%N)
			bash -c "$cmd" >/dev/null 2>&1 || die "command failed: $cmd"
			e=$(date +%s.%N)
			walls+=("$(awk -v s="$s" -v e="$e" 'BEGIN {print e - s}')")
		done
		M_WALL=$(printf '%s\n' "${walls[@]}" | median)
	fi
}

# rss CMD [OUT]: peak resident set (MiB) of one run of CMD; its stdout goes
# to OUT (default /dev/null).
rss() {
	local cmd=$1 out=${2:-/dev/null}
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$SCRATCH/rss" bash -c "$cmd" >"$out" 2>"$SCRATCH/stderr" ||
			{ cat "$SCRATCH/stderr" >&2; die "command failed: $cmd"; }
		awk '{v = $1} END {printf "%.1f", v / 1024}' "$SCRATCH/rss"
	else
		bash -c "$cmd" >"$out" 2>/dev/null || die "command failed: $cmd"
		python3 -c 'import resource; print("%.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))' \
			2>/dev/null || echo -
	fi
}

V=$(q "$VIGIL_BIN")
note "vigil $("$VIGIL_BIN" --version 2>/dev/null | awk '{print $2}'), $VIGIL_BIN"
note "machine: $(nproc 2>/dev/null || echo '?') online CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
if [ $USE_HYPERFINE = 1 ]; then
	note "timing: hyperfine $(hyperfine --version | awk '{print $2}'), median wall time"
else
	note "timing: bash loop (date +%s.%N), median wall time (install hyperfine for steadier figures)"
fi
# warm the page cache: every input read once
find "$VULNDATA" -type f -exec cat {} + >/dev/null
cat "$OCI"/blobs/sha256/* "$STALE" >/dev/null

# ---- db build ----
note "measuring vigil db build of $VULNDATA ($BUILD_RUNS runs)"
measure "$BUILD_RUNS" "$V db build --db $(q "$DB") $(q "$VULNDATA")" "rm -f $(q "$DB")"
B_WALL=$M_WALL
rm -f "$DB"
B_RSS=$(rss "$V db build --db $(q "$DB") $(q "$VULNDATA") 2>$(q "$SCRATCH/build.log")")
[ -s "$DB" ] || die "db build made no database"
B_SIZE=$(awk -v b="$(stat -c %s "$DB")" 'BEGIN {printf "%.1f", b / 1048576}')
# "vigil: built DB from 42 feed files (38 other files skipped)"; records = sum of db info's RECORDS
B_FILES=$(sed -n 's/.* from \([0-9]*\) feed files.*/\1/p' "$SCRATCH/build.log" | tail -1)
B_RECORDS=$("$VIGIL_BIN" db info --db "$DB" 2>/dev/null |
	awk '$1 == "FORMAT" {f = 1; next} f && NF >= 5 && $2 ~ /^[0-9]+$/ {n += $2} f && NF == 0 {f = 0} END {print n + 0}')

# ---- per image ----
ROWS=()
bench_image() { # label ref
	local label=$1 ref=$2 sbom scan sbom_rss scan_rss findings pkgs
	note "measuring $label: sbom and scan ($RUNS runs each)"
	measure "$RUNS" "$V sbom --format json $(q "$ref")"
	sbom=$M_WALL
	measure "$RUNS" "$V scan --db $(q "$DB") --format json $(q "$ref")"
	scan=$M_WALL
	sbom_rss=$(rss "$V sbom --format json $(q "$ref")")
	scan_rss=$(rss "$V scan --db $(q "$DB") --format json $(q "$ref")" "$SCRATCH/scan.json")
	findings=$(jq '.findings | length' "$SCRATCH/scan.json")
	pkgs=$(jq '.summary.packages' "$SCRATCH/scan.json")
	ROWS+=("$(printf '%-22s %6s %8s %8s %9s %9s %10s %10s' "$label" "$pkgs" "$(fmt "$sbom")" "$(fmt "$scan")" \
		"$(ratio "$scan" "$sbom")" "$findings" "$sbom_rss" "$scan_rss")")
}
bench_image bookworm-bench "oci:$OCI:bookworm-bench"
bench_image bullseye-stale "docker-archive:$STALE"

echo
printf 'vigil db build of all of %s (median of %d runs):\n' "$VULNDATA" "$BUILD_RUNS"
printf '  %s s, peak RSS %s MiB; %s feed files, %s records, DB %s MiB\n' \
	"$(fmt "$B_WALL")" "$B_RSS" "${B_FILES:-?}" "$B_RECORDS" "$B_SIZE"
echo
echo "vigil sbom / scan --format json IMAGE >/dev/null, seconds (median of $RUNS):"
printf '%-22s %6s %8s %8s %9s %9s %10s %10s\n' image pkgs sbom scan scan/sbom findings "sbom MiB" "scan MiB"
printf '%s\n' "${ROWS[@]}"
echo
note "MiB = peak resident set of one run (/usr/bin/time -f %M); findings = .findings | length of the JSON report"
note "total bench time $(($(date +%s) - T0)) s; load now $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
