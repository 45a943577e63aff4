#!/usr/bin/env bash
# registry.sh - what pulling from a registry costs. Starts Debian's
# docker-registry on 127.0.0.1 (a free port, a temp directory), pushes the
# bookworm-bench tag of images/debian/bookworm-oci with skopeo, then times
# (median of BENCH_RUNS, default 5):
#   cold    `vigil sbom` of the registry reference with an empty blob cache
#           (pull + decompress + analyse, streamed)
#   warm    the same with the cache filled by the previous run (manifest only
#           over the network)
#   file    `vigil sbom` of the same image from its OCI layout on disk
#   skopeo  `skopeo copy` of the image from the registry to a dir: (transfer and
#           verification only, no analysis), with an empty destination
#   scan    `vigil scan` cold and warm when a DB can be built (alpine secdb and
#           the Debian tracker data from $VIGIL_SHARED/vulndata)
# Prints figures only: no thresholds.
#
# Env: VIGIL_BIN (default build/vigil), VIGIL_SHARED (default ../shared),
#      BENCH_RUNS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VIGIL_BIN=${VIGIL_BIN:-$ROOT/build/vigil}
VIGIL_SHARED=${VIGIL_SHARED:-$ROOT/../shared}
RUNS=${BENCH_RUNS:-5}
OCI=$VIGIL_SHARED/images/debian/bookworm-oci

die() { echo "bench: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
[ -x "$VIGIL_BIN" ] || die "$VIGIL_BIN not built (make)"
[ -f "$OCI/index.json" ] || die "$OCI: no OCI layout (set VIGIL_SHARED)"
for t in docker-registry skopeo curl python3; do have "$t" || die "$t is needed (scripts/install-deps.sh)"; done
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;; esac

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-reg.XXXXXX")
REG_PID=
cleanup() {
	if [ -n "$REG_PID" ]; then
		kill "$REG_PID" 2>/dev/null || true
		wait "$REG_PID" 2>/dev/null || true
	fi
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$SCRATCH/config.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $SCRATCH/data
http:
  addr: 127.0.0.1:$PORT
EOF
docker-registry serve "$SCRATCH/config.yml" > "$SCRATCH/registry.log" 2>&1 &
REG_PID=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$PORT/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
REF=127.0.0.1:$PORT/bench/debian:bookworm-bench
skopeo copy -q --dest-tls-verify=false "oci:$OCI:bookworm-bench" "docker://$REF"

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
now() { date +%s.%N; }
# time_it PREPARE CMD...: median wall seconds of RUNS runs, PREPARE run before each (untimed)
time_it() {
	local prep=$1 i s e; shift
	for ((i = 0; i < RUNS; i++)); do
		eval "$prep"
		s=$(now); "$@" > /dev/null; e=$(now)
		awk -v s="$s" -v e="$e" 'BEGIN {printf "%.4f\n", e - s}'
	done | median
}
CACHE=$SCRATCH/cache
export VIGIL_CACHE_DIR=$CACHE
cold=$(time_it 'rm -rf "$CACHE"' "$VIGIL_BIN" sbom --quiet --format json "$REF")
warm=$(time_it ':' "$VIGIL_BIN" sbom --quiet --format json "$REF")
file=$(time_it ':' "$VIGIL_BIN" sbom --quiet --format json "oci:$OCI:bookworm-bench")
skop=$(time_it 'rm -rf "$SCRATCH/skopeo"' skopeo copy -q --src-tls-verify=false "docker://$REF" "dir:$SCRATCH/skopeo")
bytes=$(du -sb "$CACHE/blobs/sha256" | cut -f1)

echo "# bookworm-bench from a local docker-registry ($(awk -v b="$bytes" 'BEGIN {printf "%.1f MiB", b / 1048576}') of blobs), median of $RUNS, $(nproc) cores"
printf '%-34s %8s\n' "what" "seconds"
printf '%-34s %8.3f\n' "vigil sbom, cold cache (pull)" "$cold"
printf '%-34s %8.3f\n' "vigil sbom, warm cache" "$warm"
printf '%-34s %8.3f\n' "vigil sbom, OCI layout on disk" "$file"
printf '%-34s %8.3f\n' "skopeo copy to dir: (no analysis)" "$skop"
awk -v c="$cold" -v s="$skop" 'BEGIN {printf "cold pull+sbom / skopeo copy: %.2f\n", c / s}'

VULN=$VIGIL_SHARED/vulndata
if [ -d "$VULN/debian" ]; then
	DB=$SCRATCH/db.sqlite
	if "$VIGIL_BIN" db build --db "$DB" "$VULN"/debian > /dev/null 2>&1; then
		scold=$(time_it 'rm -rf "$CACHE"' "$VIGIL_BIN" scan --quiet --db "$DB" --format json "$REF")
		swarm=$(time_it ':' "$VIGIL_BIN" scan --quiet --db "$DB" --format json "$REF")
		printf '%-34s %8.3f\n' "vigil scan, cold cache (pull)" "$scold"
		printf '%-34s %8.3f\n' "vigil scan, warm cache" "$swarm"
	fi
fi
