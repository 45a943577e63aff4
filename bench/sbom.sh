#!/usr/bin/env bash
# sbom.sh - how long `vigil sbom --format json IMAGE` takes on the bookworm-bench
# image (4 gzip layers, 112 MiB stored, ~310 MiB of tar), read three ways:
#   oci                  the shared OCI layout directory (gzip layers)
#   docker-archive       `skopeo copy` of it to a docker-archive (uncompressed layers)
#   docker-archive-gzip  the same image in the crane layout (the OCI gzip blobs as
#                        <hex>.tar.gz members), built here with python3
# next to the "floor": the time plain gzip needs just to decompress the same
# layer blobs, 2 at a time and one after another (pigz -dc for reference), or
# `cat` of the file for the uncompressed archive. Prints figures only: no
# thresholds, the exit status says nothing about speed. See bench/README.md.
#
# Env: VIGIL_BIN (default build/vigil), VIGIL_SHARED (default ../shared),
#      BENCH_RUNS (5), BENCH_JOBS (2: parallel gzip floor), BENCH_CACHE
#      (${TMPDIR:-/tmp}/vigil-bench: the docker-archives made once),
#      BENCH_HYPERFINE=0 to time with a plain loop even if hyperfine is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VIGIL_BIN=${VIGIL_BIN:-$ROOT/build/vigil}
VIGIL_SHARED=${VIGIL_SHARED:-$ROOT/../shared}
RUNS=${BENCH_RUNS:-5}
JOBS=${BENCH_JOBS:-2}
CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/vigil-bench}
OCI=$VIGIL_SHARED/images/debian/bookworm-oci
TAG=bookworm-bench
T0=$(date +%s)

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "# $*"; }
have() { command -v "$1" >/dev/null 2>&1; }

[ -x "$VIGIL_BIN" ] || die "$VIGIL_BIN not built (make)"
[ -f "$OCI/index.json" ] || die "$OCI: no OCI layout (set VIGIL_SHARED)"
have jq || die "jq is needed to read the manifest (scripts/install-deps.sh)"
have gzip || die "gzip is needed for the floor"
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;; esac

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-run.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

# ---- the image: manifest, config, layer blobs ----
MDIGEST=$(jq -r --arg t "$TAG" \
	'.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $t) | .digest' "$OCI/index.json")
[ -n "$MDIGEST" ] || die "$OCI: no tag $TAG"
MANIFEST=$OCI/blobs/sha256/${MDIGEST#sha256:}
LAYERS=()
while IFS= read -r d; do LAYERS+=("$OCI/blobs/sha256/${d#sha256:}"); done \
	< <(jq -r '.layers[].digest' "$MANIFEST")
STORED=$(jq '[.layers[].size] | add' "$MANIFEST")
ID=${MDIGEST#sha256:}
ID=${ID:0:12}

# ---- timing helpers ----
# Every measured command is a bash -c string; its stdout goes to /dev/null.
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# rusage CMD -> "user sys maxrss_kib" of one run of CMD (bash -c), or "- - -"
rusage() {
	local f=$SCRATCH/rusage
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S %M' -o "$f" bash -c "$1" >/dev/null 2>"$SCRATCH/stderr" || {
			cat "$SCRATCH/stderr" >&2; return 1; }
		tail -1 "$f"
	elif have python3; then
		python3 - "$1" <<'EOF'
import resource, subprocess, sys
subprocess.run(["bash", "-c", sys.argv[1]], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime:.2f} {r.ru_stime:.2f} {r.ru_maxrss}")
EOF
	else
		bash -c "$1" >/dev/null || return 1
		echo "- - -"
	fi
}

USE_HYPERFINE=0
if [ "${BENCH_HYPERFINE:-1}" != 0 ] && have hyperfine; then USE_HYPERFINE=1; fi

# measure LABEL CMD [rss]: sets M_WALL (median s), M_CPU (user+sys s, median
# or mean) and, when asked for, M_RSS (MiB). No warm-up run: the script has
# read every input once already.
measure() {
	local label=$1 cmd=$2 want_rss=${3:-} i s e line
	local walls=() cpus=() rsss=()
	if [ $USE_HYPERFINE = 1 ]; then
		hyperfine --shell=bash --style=none --runs "$RUNS" \
			--export-json "$SCRATCH/hf.json" "$cmd" >/dev/null 2>"$SCRATCH/stderr" || {
			cat "$SCRATCH/stderr" >&2; die "$label: command failed: $cmd"; }
		M_WALL=$(jq '.results[0].median' "$SCRATCH/hf.json")
		M_CPU=$(jq '.results[0].user + .results[0].system' "$SCRATCH/hf.json")
		if [ -n "$want_rss" ]; then
			line=$(rusage "$cmd") || die "$label: command failed: $cmd"
			rsss=("${line##* }")
		fi
	else
		for ((i = 0; i < RUNS; i++)); do
			s=$(date +%s.%N)
			line=$(rusage "$cmd") || die "$label: command failed: $cmd"
			e=$(date +%s.%N)
			walls+=("$(awk -v s="$s" -v e="$e" 'BEGIN {print e - s}')")
			# shellcheck disable=SC2086
			set -- $line
			[ "$1" = - ] || cpus+=("$(awk -v u="$1" -v y="$2" 'BEGIN {print u + y}')")
			rsss+=("$3")
		done
		M_WALL=$(printf '%s\n' "${walls[@]}" | median)
		M_CPU=$([ ${#cpus[@]} -gt 0 ] && printf '%s\n' "${cpus[@]}" | median || echo nan)
	fi
	if [ "${rsss[0]:-}" = - ] || [ -z "${rsss[0]:-}" ]; then
		M_RSS=-
	else
		M_RSS=$(printf '%s\n' "${rsss[@]}" | median | awk '{printf "%.1f", $1 / 1024}')
	fi
}

q() { printf '%q' "$1"; }
fmt() { awk -v v="$1" 'BEGIN {if (v == "nan" || v == "-" || v == "") print "-"; else printf "%.3f", v}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else print "-"}'; }

# ---- the docker-archives, made once per manifest digest ----
mkdir -p "$CACHE"
DA=$CACHE/$TAG-$ID.docker-archive.tar
DAGZ=$CACHE/$TAG-$ID.docker-archive-gzip.tar
if [ ! -s "$DA" ]; then
	if have skopeo; then
		note "making $DA (skopeo copy, once)"
		rm -f "$DA.tmp"
		if skopeo copy -q "oci:$OCI:$TAG" "docker-archive:$DA.tmp:example.com/debian:$TAG" >"$SCRATCH/skopeo.log" 2>&1; then
			mv "$DA.tmp" "$DA"
		else
			rm -f "$DA.tmp"
			note "skopeo copy failed, no docker-archive row: $(head -1 "$SCRATCH/skopeo.log")"
		fi
	else
		note "skopeo not installed: no docker-archive row"
	fi
fi
if [ ! -s "$DAGZ" ]; then
	if have python3; then
		note "making $DAGZ (crane layout with the OCI gzip blobs, once)"
		python3 - "$OCI" "$MANIFEST" "$DAGZ.tmp" "example.com/debian:$TAG" <<'EOF'
# Write a docker-archive in the go-containerregistry layout: config member
# "sha256:<hex>", each layer blob as "<hex>.tar.gz" (bytes unchanged), then
# manifest.json. Members are ustar, mode 0644, owner 0, mtime 0.
import io, json, os, sys, tarfile

layout, manifest_path, out, repo_tag = sys.argv[1:5]
with open(manifest_path) as f:
    manifest = json.load(f)

def blob(digest):
    return os.path.join(layout, "blobs", "sha256", digest.split(":", 1)[1])

def info(name, size):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.uid, ti.gid, ti.mtime = size, 0o644, 0, 0, 0
    return ti

cfg = manifest["config"]["digest"]
layer_names = []
with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as tar:
    with open(blob(cfg), "rb") as f:
        tar.addfile(info(cfg, os.path.getsize(blob(cfg))), f)
    for layer in manifest["layers"]:
        name = layer["digest"].split(":", 1)[1] + ".tar.gz"
        with open(blob(layer["digest"]), "rb") as f:
            tar.addfile(info(name, os.path.getsize(blob(layer["digest"]))), f)
        layer_names.append(name)
    data = json.dumps([{"Config": cfg, "RepoTags": [repo_tag], "Layers": layer_names}],
                      separators=(",", ":")).encode()
    tar.addfile(info("manifest.json", len(data)), io.BytesIO(data))
EOF
		mv "$DAGZ.tmp" "$DAGZ"
	else
		note "python3 not installed: no docker-archive-gzip row"
	fi
fi

# ---- machine ----
# Read every input once so that all runs see a warm page cache.
for f in "${LAYERS[@]}" "$DA" "$DAGZ"; do [ -f "$f" ] && cat "$f" >/dev/null; done
CPUS=$(nproc 2>/dev/null || echo "?")
FIRST_CPU=$(awk '/^Cpus_allowed_list:/ {split($2, a, /[-,]/); print a[1]}' /proc/self/status 2>/dev/null || true)
note "vigil $("$VIGIL_BIN" --version 2>/dev/null | awk '{print $2}'), $VIGIL_BIN"
note "image oci:$OCI:$TAG ($MDIGEST)"
note "  ${#LAYERS[@]} gzip layers, $STORED bytes stored"
note "machine: $CPUS online CPUs ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
if [ $USE_HYPERFINE = 1 ]; then
	note "timing: hyperfine $(hyperfine --version | awk '{print $2}'), $RUNS runs, median wall; user+sys = mean; RSS from one more run"
else
	note "timing: bash loop (date +%s.%N), $RUNS runs, medians (install hyperfine for steadier figures)"
fi
[ -x /usr/bin/time ] || note "/usr/bin/time not installed: peak RSS $(have python3 && echo 'from python3 getrusage' || echo 'not measured')"
note "page cache warm (every input read once first), output to /dev/null"

# ---- floors ----
LAYER_ARGS=""
for l in "${LAYERS[@]}"; do LAYER_ARGS+=" $(q "$l")"; done
note "measuring the floors"
measure "gzip x$JOBS" "printf '%s\\0'$LAYER_ARGS | xargs -0 -P $JOBS -n 1 sh -c 'exec gzip -dc \"\$0\" >/dev/null'"
F_PAR=$M_WALL F_PAR_CPU=$M_CPU
measure "gzip serial" "for f in$LAYER_ARGS; do gzip -dc \"\$f\"; done"
F_SER=$M_WALL
F_PIGZ=-
if have pigz; then
	measure "pigz serial" "for f in$LAYER_ARGS; do pigz -dc \"\$f\"; done"
	F_PIGZ=$M_WALL
fi
F_CAT=-
if [ -s "$DA" ]; then
	measure "cat docker-archive" "cat $(q "$DA")"
	F_CAT=$M_WALL
fi

# ---- vigil ----
ROWS=()
ONE=""
if have taskset && [ -n "$FIRST_CPU" ]; then ONE="taskset -c $FIRST_CPU "; fi
bench_image() { # label ref floor
	local label=$1 ref=$2 floor=$3 one=-
	note "measuring vigil sbom on $label"
	measure "$label" "$(q "$VIGIL_BIN") sbom --format json $(q "$ref")" rss
	local wall=$M_WALL cpu=$M_CPU rss=$M_RSS
	if [ -n "$ONE" ]; then
		measure "$label, 1 core" "$ONE$(q "$VIGIL_BIN") sbom --format json $(q "$ref")"
		one=$M_WALL
	fi
	ROWS+=("$(printf '%-20s %-6s %9s %9s %9s %9s %9s %7s %8s' "$label" json "$(fmt "$wall")" "$(fmt "$one")" \
		"$(ratio "$one" "$wall")" "$(fmt "$cpu")" "$(fmt "$floor")" "$(ratio "$wall" "$floor")" "$rss")")
}
bench_image oci "oci:$OCI:$TAG" "$F_PAR"
[ -s "$DA" ] && bench_image docker-archive "docker-archive:$DA" "$F_CAT"
[ -s "$DAGZ" ] && bench_image docker-archive-gzip "docker-archive:$DAGZ" "$F_PAR"

echo
echo "floors (decompress/read the same layers, output discarded), seconds:"
printf '  %-38s %s\n' "gzip -dc, $JOBS at a time ($JOBS cores)" "$(fmt "$F_PAR")  (user+sys $(fmt "$F_PAR_CPU"))"
printf '  %-38s %s\n' "gzip -dc, one after another" "$(fmt "$F_SER")"
printf '  %-38s %s\n' "pigz -dc, one after another" "$(fmt "$F_PIGZ")"
printf '  %-38s %s\n' "cat of the docker-archive" "$(fmt "$F_CAT")"
echo
echo "vigil sbom --format json IMAGE >/dev/null, seconds:"
printf '%-20s %-6s %9s %9s %9s %9s %9s %7s %8s\n' image format "vigil" "1 core" "gain" "user+sys" "floor" "ratio" "RSS MiB"
printf '%s\n' "${ROWS[@]}"
echo
if [ -n "$ONE" ]; then
	note "vigil = median wall time on all $CPUS CPUs; 1 core = the same under ${ONE% }; gain = 1 core / vigil"
else
	note "vigil = median wall time on all $CPUS CPUs; taskset missing: no 1 core figures"
fi
note "floor = gzip -dc of the layer blobs $JOBS at a time (cat of the file for the uncompressed docker-archive)"
note "ratio = vigil / floor (below 1: vigil is faster than plain gzip); RSS = peak resident set of one run"
note "total bench time $(($(date +%s) - T0)) s; load now $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo ?)"
