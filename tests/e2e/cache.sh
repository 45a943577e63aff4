#!/usr/bin/env bash
# cache.sh - `vigil cache info|prune` on a blob cache filled by hand under
# $TMP: counts and sizes in JSON and the table, least recently used blobs
# pruned first down to --max-size or $VIGIL_CACHE_MAX_SIZE, abandoned
# downloads dropped, --all emptying it, files the cache did not create left
# alone, the directory order ($VIGIL_CACHE_DIR, $XDG_CACHE_HOME, $HOME), and
# the exit codes for usage errors (2) and an unusable directory (3).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ ! -x "$VIGIL_BIN" ]; then
	skip "cache: $VIGIL_BIN not built (make)"
	echo "1..$TAP_N"
	exit 0
fi

# Nothing outside $TMP: every directory the cache could resolve to is in it.
export VIGIL_CACHE_DIR=$TMP/cache HOME=$TMP/home
unset XDG_CACHE_HOME VIGIL_CACHE_MAX_SIZE
BLOBS=$VIGIL_CACHE_DIR/blobs/sha256
TEMPS=$VIGIL_CACHE_DIR/blobs/tmp

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
# json_is NAME JQ-FILTER: the last output is JSON for which the filter is true
json_is() { check "$1" jq -e "$2" "$TMP/out"; }

# add_blob NAME SIZE AGE: a blob of SIZE bytes last used AGE ago ("3 hours");
# its hex digest is stored in the variable NAME
add_blob() {
	local f=$TMP/blob.$1 hex
	{ printf 'blob %s\n' "$1"; head -c "$(($2 - ${#1} - 6))" /dev/zero; } >"$f"
	hex=$(sha256sum "$f" | cut -d' ' -f1)
	mv "$f" "$BLOBS/$hex"
	touch -d "$3 ago" "$BLOBS/$hex"
	printf -v "$1" '%s' "$hex"
}
present() { [ -f "$BLOBS/$1" ]; }
absent() { [ ! -e "$BLOBS/$1" ]; }

# ---- help and usage errors ----
expect "cache --help" 0 cache --help
check "cache --help prints the usage on stdout" has "^usage: vigil cache info" "$TMP/out"
expect "cache prune --help" 0 cache prune --help
expect "cache without a subcommand" 2 cache
check "cache without a subcommand prints the usage on stderr" has "^usage: vigil cache" "$TMP/err"
run --help
check "vigil --help lists the cache command" has "^  cache " "$TMP/out"
expect "unknown subcommand" 2 cache frobnicate
check "unknown subcommand is named" has 'unknown subcommand "frobnicate"' "$TMP/err"
expect "unknown option" 2 cache info --frob
expect "extra argument" 2 cache info extra
expect "info --format xml" 2 cache info --format xml
check "unknown format is named" has '"xml"' "$TMP/err"
expect "prune --format" 2 cache prune --format json
expect "prune --all --max-size" 2 cache prune --all --max-size 1G
for bad in 12XB -5 1.5 "" 99999999999T; do
	expect "prune --max-size '$bad'" 2 cache prune --max-size "$bad"
	check "prune --max-size '$bad' names the option and the value" has "\-\-max-size: .*\"$bad\"" "$TMP/err"
done
check "usage errors create no cache directory" test ! -e "$VIGIL_CACHE_DIR"

# ---- an empty cache ----
expect "info on a new cache" 0 cache info
check "info prints the directory" has "^directory: $VIGIL_CACHE_DIR\$" "$TMP/out"
check "info: no blobs" has "^blobs: 0 (0 B)\$" "$TMP/out"
check "info: no unfinished downloads" has "^unfinished downloads: 0 (0 B)\$" "$TMP/out"
check "info: the default cap is 10 GiB" has "^size cap: 10.0 GiB\$" "$TMP/out"
check "blobs/sha256 and blobs/tmp are created with mode 700" \
	test "$(stat -c %a "$BLOBS") $(stat -c %a "$TEMPS")" = "700 700"

# ---- a filled cache ----
add_blob A 1000 "4 hours"
add_blob B 2000 "3 hours"
add_blob C 3000 "2 hours"
add_blob D 4000 "1 hour"
head -c 500 /dev/zero >"$TEMPS/$A.Ab12Cd" # an abandoned download
touch -d "2 hours ago" "$TEMPS/$A.Ab12Cd"
head -c 300 /dev/zero >"$TEMPS/$B.Xy34Zw" # a download in progress
echo "not a blob" >"$BLOBS/README"      # files the cache did not create
echo "notes" >"$TEMPS/notes.txt"

expect "info --format json" 0 cache info --format json
json_is "json: dir, 4 blobs of 10000 bytes, 2 temp files of 800 bytes, 10 GiB cap" \
	".dir == \"$VIGIL_CACHE_DIR\" and .blobs == 4 and .bytes == 10000 and .temp_files == 2 and
	 .temp_bytes == 800 and .max_bytes == 10737418240"
check "json: one object" jq -e -s 'length == 1' "$TMP/out"
expect "info (table)" 0 cache info
check "table: blobs with a human-readable size" has "^blobs: 4 (9.8 KiB)\$" "$TMP/out"
check "table: unfinished downloads" has "^unfinished downloads: 2 (800 B)\$" "$TMP/out"
VIGIL_CACHE_MAX_SIZE=1.5M expect "info with VIGIL_CACHE_MAX_SIZE=1.5M" 0 cache info --format json
json_is "json: max_bytes from VIGIL_CACHE_MAX_SIZE" ".max_bytes == 1572864"
VIGIL_CACHE_MAX_SIZE=0 expect "info with VIGIL_CACHE_MAX_SIZE=0" 0 cache info
check "table: cap 0 is no cap" has "^size cap: none\$" "$TMP/out"
VIGIL_CACHE_MAX_SIZE=huge expect "an invalid VIGIL_CACHE_MAX_SIZE" 2 cache info
check "the invalid VIGIL_CACHE_MAX_SIZE is named" has "VIGIL_CACHE_MAX_SIZE: invalid size \"huge\"" "$TMP/err"

# ---- pruning ----
expect "prune under the default cap" 0 cache prune
check "prune under the cap removes no blob" has "^removed 0 blobs (0 B)\$" "$TMP/out"
check "prune removes the abandoned download only" \
	test ! -e "$TEMPS/$A.Ab12Cd" -a -f "$TEMPS/$B.Xy34Zw" -a -f "$TEMPS/notes.txt"
expect "prune --max-size 7.5K" 0 cache prune --max-size 7.5K
check "prune --max-size reports 2 blobs, 3000 bytes" has "^removed 2 blobs (2.9 KiB)\$" "$TMP/out"
check "the two least recently used blobs are gone" absent "$A"
check "the two least recently used blobs are gone (2)" absent "$B"
check "the two most recently used blobs stay" present "$C"
check "the two most recently used blobs stay (2)" present "$D"
touch "$BLOBS/$C" # C is used again: now D is the oldest
VIGIL_CACHE_MAX_SIZE=4000 expect "prune to VIGIL_CACHE_MAX_SIZE=4000" 0 cache prune
check "prune to the cap reports 1 blob" has "^removed 1 blob (3.9 KiB)\$" "$TMP/out"
check "prune to the cap removed the least recently used blob" absent "$D"
check "prune to the cap kept the recently used blob" present "$C"
expect "prune --all" 0 cache prune --all
check "prune --all reports the last blob" has "^removed 1 blob (2.9 KiB)\$" "$TMP/out"
expect "info after prune --all" 0 cache info --format json
json_is "json: nothing left after prune --all" \
	".blobs == 0 and .bytes == 0 and .temp_files == 0 and .temp_bytes == 0"
check "files the cache did not create are left alone" test -f "$BLOBS/README" -a -f "$TEMPS/notes.txt"

# ---- where the cache is ----
unset VIGIL_CACHE_DIR
XDG_CACHE_HOME=$TMP/xdg expect "info with XDG_CACHE_HOME" 0 cache info
check "XDG_CACHE_HOME/vigil is used without VIGIL_CACHE_DIR" has "^directory: $TMP/xdg/vigil\$" "$TMP/out"
expect "info with HOME only" 0 cache info
check "HOME/.cache/vigil is used without XDG_CACHE_HOME" has "^directory: $TMP/home/.cache/vigil\$" "$TMP/out"
VIGIL_CACHE_DIR=$TMP/first XDG_CACHE_HOME=$TMP/xdg expect "info with VIGIL_CACHE_DIR and XDG_CACHE_HOME" 0 cache info
check "VIGIL_CACHE_DIR comes first" has "^directory: $TMP/first\$" "$TMP/out"
echo "a file" >"$TMP/plain"
VIGIL_CACHE_DIR=$TMP/plain expect "VIGIL_CACHE_DIR is a regular file" 3 cache info
check "the unusable directory is named" has "cache directory $TMP/plain: Not a directory" "$TMP/err"
VIGIL_CACHE_DIR=$TMP/plain/sub expect "VIGIL_CACHE_DIR below a regular file" 3 cache prune
check "the regular file in the way is named" has "$TMP/plain: Not a directory" "$TMP/err"

# ---- the man page ----
if command -v groff >/dev/null 2>&1; then
	check "vigil-cache.1 renders without groff warnings" \
		bash -c '! groff -man -Tutf8 -ww -z "$1" 2>&1 | grep -q .' _ "$VIGIL_ROOT/docs/vigil-cache.1"
else
	skip "vigil-cache.1: groff not installed"
fi

echo "1..$TAP_N"
