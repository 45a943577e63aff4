#!/usr/bin/env bash
# db_update.sh - vigil db update against a mirror of the shared feed files served
# on 127.0.0.1 by a python3 server that injects faults (5xx, 429 + Retry-After,
# truncated bodies, 404, 403, redirects, HTML). Never contacts another host.
. "$(dirname "$0")/lib.sh"
need_shared "vigil db update" || { echo "1..$TAP_N"; exit 0; }
if ! command -v python3 >/dev/null; then skip "vigil db update (python3 absent)"; echo "1..$TAP_N"; exit 0; fi
V=$VIGIL_SHARED/vulndata
M=$TMP/mirror
# the mirror is on loopback: no proxy may see these requests
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

# ---- the mirror tree (symlinks to the shared files, in $TMP only) ----
FILES=() # mirror paths in the order `vigil db update` ingests them
for b in 3 4 5 6 7 8 9 10 11; do
	mkdir -p "$M/alpine/v3.$b"
	for r in main community; do
		ln -s "$V/alpine/secdb-legacy-json/v3.$b/$r.json" "$M/alpine/v3.$b/$r.json"
		FILES+=("alpine/v3.$b/$r.json")
	done
done
mkdir -p "$M/wolfi" "$M/debian" "$M/osv/AlmaLinux" "$M/kev"
ln -s "$V/samples/wolfi/secdb-security-excerpt.json" "$M/wolfi/security.json"
ln -s "$V/debian/tracker-derived.json" "$M/debian/tracker.json"
ln -s "$V/severity/cisa-kev.json" "$M/kev/known_exploited_vulnerabilities.json"
python3 - "$V/almalinux/almalinux9.jsonl" "$M/osv/AlmaLinux/all.zip" <<'PY'
import json, sys, zipfile
with open(sys.argv[1], encoding="utf-8") as f, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for line in f:
        if line.strip():
            rec = json.loads(line)
            z.writestr(rec["id"] + ".json", json.dumps(rec, indent=2))
PY
FILES+=(wolfi/security.json debian/tracker.json osv/AlmaLinux/all.zip kev/known_exploited_vulnerabilities.json)

# ---- the server: files under $M, faults from $TMP/faults.json ----
# faults.json: {"gen": N, "paths": {"<path>": [action, ...]}}: request k of a path
# (counted per gen) gets action k; past the end the file is served, unless the
# last action ends in "*" (then it repeats). Actions: "500", "403", ...: that
# status; "429": with Retry-After: 1; "trunc": Content-Length of the whole file,
# half of it sent; "html": a 200 HTML page; "302:/x": a redirect. Paths under
# r/ serve the same files. Every request is logged as "<gen> <path> <action> <user-agent>".
cat > "$TMP/server.py" <<'PY'
import http.server, json, os, socket, sys, threading
root, portfile, faults, log = sys.argv[1:5]
lock = threading.Lock()
count = {}

class H(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=root, **kw)
    def log_message(self, *a):
        pass
    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        path = self.path.lstrip("/")
        with lock:
            try:
                with open(faults) as f:
                    spec = json.load(f)
            except (OSError, ValueError):
                spec = {"gen": 0, "paths": {}}
            key = (spec["gen"], path)
            n = count[key] = count.get(key, 0) + 1
            acts = spec["paths"].get(path, [])
            act = acts[n - 1] if n <= len(acts) else (acts[-1] if acts and acts[-1].endswith("*") else "serve")
            act = act.rstrip("*")
            with open(log, "a") as f:
                f.write("%s %s %s %s\n" % (spec["gen"], path, act, self.headers.get("User-Agent")))
        if path.startswith("r/"):
            self.path = "/" + path[2:]
        if act == "serve":
            return super().do_GET()
        if act == "429":
            return self.reply(429, b"slow down\n", [("Retry-After", "1")])
        if act == "html":
            return self.reply(200, b"<html><body>Please log in</body></html>\n", [("Content-Type", "text/html")])
        if act.startswith("302:"):
            return self.reply(302, b"", [("Location", act[4:])])
        if act == "trunc":
            data = open(os.path.join(root, path), "rb").read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        return self.reply(int(act), b"error\n")

srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
PY
faults() { printf '%s\n' "$1" > "$TMP/faults.json"; }
faults '{"gen": 1, "paths": {}}'
python3 "$TMP/server.py" "$M" "$TMP/port" "$TMP/faults.json" "$TMP/server.log" 2> "$TMP/server.err" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
if [ ! -s "$TMP/port" ]; then
	nok "the test server did not start"; sed 's/^/#   /' "$TMP/server.err"; echo "1..$TAP_N"; exit 1
fi
PORT=$(cat "$TMP/port")
URL=http://127.0.0.1:$PORT
DIR=$TMP/dbdir
DB=$DIR/db.sqlite
mkdir -p "$DIR"
requests() { grep -c "^$1 $2 " "$TMP/server.log"; } # requests() GEN PATH
only_db_left() { [ "$(cd "$1" && ls -A)" = "$(basename "$2")" ]; }

vigil db update --list-feeds > "$TMP/list"
check "--list-feeds gives the mirror layout" \
	grep -qP '^debian/tracker.json\thttps://security-tracker.debian.org/tracker/data/json\tdebian-tracker\trequired$' "$TMP/list"
check "--list-feeds: Alpine branches, OSV ecosystems, KEV" bash -c "grep -q '^alpine/v3.22/community.json' '$TMP/list' &&
	grep -q '^osv/Rocky%20Linux/all.zip' '$TMP/list' && grep -q '^kev/known_exploited_vulnerabilities.json' '$TMP/list'"

# ---- 1. a clean update ----
start=$SECONDS
vigil db update --db "$DB" --mirror "$URL/" > "$TMP/u1.out" 2> "$TMP/u1.err"; rc=$?
check "db update from the mirror succeeds" test "$rc" = 0
size=$(stat -L -c %s "$M/debian/tracker.json")
check "one progress line per fetched feed" \
	bash -c "[ \$(grep -c '^vigil: fetched ' '$TMP/u1.err') = ${#FILES[@]} ] &&
	grep -qx 'vigil: fetched $URL/debian/tracker.json ($size bytes)' '$TMP/u1.err'"
check "a required feed the mirror lacks is a warning" \
	grep -q "^vigil: warning: $URL/osv/Ubuntu/all.zip: HTTP status 404 (not on the mirror); required feed skipped" "$TMP/u1.err"
check "an optional feed the mirror lacks is a warning" \
	grep -q "^vigil: warning: $URL/osv/npm/all.zip: HTTP status 404 (not on the mirror); optional feed skipped" "$TMP/u1.err"
check "User-Agent is vigil/$(cat "$VIGIL_ROOT/VERSION")" \
	bash -c "! grep -v ' vigil/$(cat "$VIGIL_ROOT/VERSION")\$' '$TMP/server.log' | grep -q ."
check "nothing but the database is left beside it" only_db_left "$DIR" "$DB"
vigil db info --db "$DB" > "$TMP/info" 2>&1
check "db info: the Debian tracker source, its URL and record count" \
	grep -qE "debian-tracker +1350 .* $URL/debian/tracker.json\$" "$TMP/info"
check "db info: the AlmaLinux OSV zip" grep -qE "osv +1783 .* $URL/osv/AlmaLinux/all.zip\$" "$TMP/info"
check "db info: KEV, Wolfi secdb, Alpine v3.7" bash -c "grep -qE 'kev +1404 ' '$TMP/info' &&
	grep -qE 'alpine-secdb +59 .*/wolfi/security.json\$' '$TMP/info' && grep -qE 'alpine-secdb +1164 .*/alpine/v3.7/main.json\$' '$TMP/info'"
check "db info: namespaces alpine:3.7, almalinux:9, debian:11, wolfi" bash -c "grep -q '^  alpine:3.7 ' '$TMP/info' &&
	grep -q '^  almalinux:9 ' '$TMP/info' && grep -q '^  debian:11 ' '$TMP/info' && grep -q '^  wolfi:rolling ' '$TMP/info'"

# the same files through `vigil db build` give the same findings
REF=$TMP/ref.sqlite
(cd "$M" && vigil db build --db "$REF" "${FILES[@]}") > /dev/null 2>&1
STALE=$IMAGES/debian/bullseye-stale.docker-archive.tar
norm() { # findings with the source names (URL or path) reduced to the mirror path
	jq --arg a "$URL/" '[.findings[] | walk(if type == "string" then gsub($a; "") else . end)]'
}
vigil scan --db "$DB" --format json "docker-archive:$STALE" 2>/dev/null | norm > "$TMP/f.update"
vigil scan --db "$REF" --format json "docker-archive:$STALE" 2>/dev/null | norm > "$TMP/f.build"
if [ "$(jq length "$TMP/f.update")" -gt 0 ] && cmp -s "$TMP/f.update" "$TMP/f.build"; then
	ok "bullseye-stale: $(jq length "$TMP/f.update") findings, the same as with db build of the same files"
else
	nok "bullseye-stale: findings differ from db build"; diff "$TMP/f.build" "$TMP/f.update" | head -20 | sed 's/^/#   /'
fi
check "the JSON report names the feed URL as data source" \
	bash -c "vigil scan --db '$DB' --format json 'docker-archive:$STALE' 2>/dev/null | jq -e '[.findings[].data_source] | index(\"$URL/debian/tracker.json\")' >/dev/null"
echo "# clean update: $((SECONDS - start)) s"

# ---- 2. transient faults are retried; an optional feed that keeps failing is skipped ----
faults '{"gen": 2, "paths": {"debian/tracker.json": ["500", "500"], "alpine/v3.7/main.json": ["429"],
	"kev/known_exploited_vulnerabilities.json": ["trunc*"], "wolfi/security.json": ["302:/r/wolfi/security.json"],
	"osv/Alpine/all.zip": ["html"], "alpine/edge/main.json": ["404"]}}'
start=$SECONDS
vigil db update --db "$DB" --mirror "$URL" > /dev/null 2> "$TMP/u2.err"; rc=$?
check "db update with transient faults succeeds" test "$rc" = 0
check "HTTP 500 twice: retried, fetched on the third request" \
	bash -c "[ $(requests 2 debian/tracker.json) = 3 ] && grep -q '^vigil: $URL/debian/tracker.json: HTTP status 500; retrying in 1.0 s (attempt 2 of 4)' '$TMP/u2.err' &&
	grep -q '^vigil: fetched $URL/debian/tracker.json ' '$TMP/u2.err'"
check "HTTP 429 with Retry-After: 1: retried after 1 s" \
	bash -c "[ $(requests 2 alpine/v3.7/main.json) = 2 ] && grep -q '^vigil: $URL/alpine/v3.7/main.json: HTTP status 429; retrying in 1.0 s' '$TMP/u2.err'"
check "a redirect is followed" \
	bash -c "[ $(requests 2 r/wolfi/security.json) = 1 ] && grep -q '^vigil: fetched $URL/wolfi/security.json ' '$TMP/u2.err'"
check "a truncated body (Content-Length too big) is retried, then the optional feed is skipped" \
	bash -c "[ $(requests 2 kev/known_exploited_vulnerabilities.json) = 4 ] &&
	grep -q '^vigil: warning: $URL/kev/known_exploited_vulnerabilities.json: .*(4 attempts); optional feed skipped' '$TMP/u2.err'"
check "an HTML page instead of a feed is not ingested" \
	grep -q "^vigil: warning: $URL/osv/Alpine/all.zip: expected the osv format, got a file in no format vigil reads; optional feed skipped" "$TMP/u2.err"
check "a 404 for an optional feed is a warning" \
	grep -q "^vigil: warning: $URL/alpine/edge/main.json: HTTP status 404 (not on the mirror); optional feed skipped" "$TMP/u2.err"
vigil db info --db "$DB" > "$TMP/info2" 2>&1
check "the truncated KEV feed was never ingested" \
	bash -c "! grep -q 'known_exploited' '$TMP/info2' && grep -qE '^  exploited \(KEV\) +0\$' '$TMP/info2'"
check "the retried feeds were ingested" bash -c "grep -qE 'debian-tracker +1350 ' '$TMP/info2' &&
	grep -qE 'alpine-secdb +1164 .*/alpine/v3.7/main.json\$' '$TMP/info2' && grep -qE 'alpine-secdb +59 .*/wolfi/security.json\$' '$TMP/info2'"
check "nothing but the database is left beside it (after retries)" only_db_left "$DIR" "$DB"
echo "# update with faults: $((SECONDS - start)) s"

# ---- 3. a required feed fails: the previous database stays, byte for byte ----
cp "$DB" "$TMP/db.before"
faults '{"gen": 3, "paths": {"debian/tracker.json": ["403*"]}}'
vigil db update --db "$DB" --mirror "http://vigil:s3cret@127.0.0.1:$PORT" > /dev/null 2> "$TMP/u3.err"; rc=$?
check "a 403 for a required feed fails the update (exit 3), not retried" \
	bash -c "[ $rc = 3 ] && [ $(requests 3 debian/tracker.json) = 1 ]"
check "the error names the URL and the status" \
	grep -q "^vigil: db update failed: $URL/debian/tracker.json: HTTP status 403; the previous database is unchanged\$" "$TMP/u3.err"
check "the password in the mirror URL is never printed" bash -c "! grep -q s3cret '$TMP/u3.err'"
check "the failed update left the database byte-identical" cmp "$DB" "$TMP/db.before"
check "nothing but the database is left beside it (after a failure)" only_db_left "$DIR" "$DB"

# ---- 4. no feed at all ----
vigil db update --quiet --db "$DB" --mirror "$URL/nothing-here" > /dev/null 2> "$TMP/u4.err"; rc=$?
check "a mirror without any feed: exit 3, 'none of the feeds'" \
	bash -c "[ $rc = 3 ] && grep -q '^vigil: db update: none of the 60 feeds could be downloaded from $URL/nothing-here; the previous database is unchanged' '$TMP/u4.err'"
check "--quiet: warnings but no progress lines" \
	bash -c "grep -q '^vigil: warning: ' '$TMP/u4.err' && ! grep -q '^vigil: fetched' '$TMP/u4.err'"
check "the database is still byte-identical" cmp "$DB" "$TMP/db.before"
check "nothing but the database is left beside it (no feed)" only_db_left "$DIR" "$DB"

# ---- 5. bad --mirror URLs are usage errors ----
for u in ftp://127.0.0.1/ "file://$M" "$URL/?x=1" "http://" "127.0.0.1:$PORT"; do
	vigil db update --db "$TMP/none/db.sqlite" --mirror "$u" > /dev/null 2>&1; rc=$?
	check "--mirror $u: exit 2, nothing created" bash -c "[ $rc = 2 ] && [ ! -e '$TMP/none' ]"
done
echo "1..$TAP_N"
