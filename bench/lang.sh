#!/usr/bin/env bash
# lang.sh - what the language-package analyzers cost: `vigil sbom` and
# `vigil scan` of the bookworm-bench tag of images/debian/bookworm-oci with
# OS packages only (--pkg-types os) and with everything (the default), median
# of BENCH_RUNS (5) each, and the ratio. The scan DB is built from the Debian
# tracker data and the Go/PyPI/crates.io OSV files of $VIGIL_SHARED/vulndata.
# Prints figures only: no thresholds.
#
# Env: VIGIL_BIN (default build/vigil), VIGIL_SHARED (default ../shared), BENCH_RUNS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VIGIL_BIN=${VIGIL_BIN:-$ROOT/build/vigil}
VIGIL_SHARED=${VIGIL_SHARED:-$ROOT/../shared}
RUNS=${BENCH_RUNS:-5}
IMG="oci:$VIGIL_SHARED/images/debian/bookworm-oci:bookworm-bench"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$VIGIL_BIN" ] || die "$VIGIL_BIN not built (make)"
[ -d "$VIGIL_SHARED/images/debian/bookworm-oci" ] || die "no bookworm-oci in $VIGIL_SHARED/images"
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;; esac

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-lang.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
DB=$SCRATCH/db.sqlite
"$VIGIL_BIN" db build --db "$DB" "$VIGIL_SHARED/vulndata/debian" "$VIGIL_SHARED/vulndata/osv" > /dev/null 2>&1

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
now() { date +%s.%N; }
time_it() {
	local i s e
	for ((i = 0; i < RUNS; i++)); do
		s=$(now); "$@" > /dev/null; e=$(now)
		awk -v s="$s" -v e="$e" 'BEGIN {printf "%.4f\n", e - s}'
	done | median
}
# interleave the two variants so that load changes hit both alike
sbom_os=$(time_it "$VIGIL_BIN" sbom --quiet --format json --pkg-types os "$IMG")
sbom_all=$(time_it "$VIGIL_BIN" sbom --quiet --format json "$IMG")
scan_os=$(time_it "$VIGIL_BIN" scan --quiet --db "$DB" --format json --pkg-types os "$IMG")
scan_all=$(time_it "$VIGIL_BIN" scan --quiet --db "$DB" --format json "$IMG")
npk_os=$("$VIGIL_BIN" sbom --format json --pkg-types os "$IMG" | jq '.packages | length')
npk_all=$("$VIGIL_BIN" sbom --format json "$IMG" | jq '.packages | length')

echo "# bookworm-bench, median of $RUNS, $(nproc) cores"
printf '%-40s %8s %9s\n' "what" "seconds" "packages"
printf '%-40s %8.3f %9s\n' "vigil sbom --pkg-types os" "$sbom_os" "$npk_os"
printf '%-40s %8.3f %9s\n' "vigil sbom (OS + language packages)" "$sbom_all" "$npk_all"
printf '%-40s %8.3f\n' "vigil scan --pkg-types os" "$scan_os"
printf '%-40s %8.3f\n' "vigil scan (OS + language packages)" "$scan_all"
awk -v a="$sbom_all" -v o="$sbom_os" -v sa="$scan_all" -v so="$scan_os" \
	'BEGIN {printf "language analyzers on / off: sbom %.2f, scan %.2f\n", a / o, sa / so}'
