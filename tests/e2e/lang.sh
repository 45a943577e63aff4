#!/usr/bin/env bash
# lang.sh - language packages end to end. Inventories are compared with what
# the files say (read here by python3 from the shared fixtures and straight
# from the image's layer tars), findings with references computed
# independently from the same advisory data: node-semver itself for the npm
# security-wg ranges, pip's own `packaging` for PEP 440 (PyPI OSV), and a
# small SemVer evaluator here for Go's OSV ranges.
. "$(dirname "$0")/lib.sh"
need_shared "language packages" || exit 0
V=$VIGIL_SHARED/vulndata
L=$IMAGES/lang
DB=$TMP/db.sqlite
BENCH="oci:$IMAGES/debian/bookworm-oci:bookworm-bench"
APP="oci:$IMAGES/alpine/alpine-oci:3.12.12-app"
SEMVER_JS=${VIGIL_TOOLS:-$HOME/.cache/vigil-tools}/semver/node_modules/semver

check "db build from the Go, PyPI, crates.io OSV, RubySec and npm security-wg data" \
	vigil db build --db "$DB" "$V/osv" "$V/npm" "$V/rubysec"

# ---- npm: alpine-3.12-app, /app replaced through an opaque directory ----
vigil sbom --format json "$APP" > "$TMP/app.json" 2> "$TMP/app.err"
python3 - "$L/node/demo-app-1.1.0" > "$TMP/app.want" <<'PY'
import json, os, sys
root = sys.argv[1]
for d, _, files in os.walk(os.path.join(root, "node_modules")):
    if "package.json" in files:
        p = os.path.join(d, "package.json")
        j = json.load(open(p))
        if j.get("name") and j.get("version"):
            print("/app" + p[len(root):], j["name"], j["version"])
PY
jq -r '.packages[] | select(.type == "npm") | "\(.found_in) \(.name) \(.version)"' "$TMP/app.json" | sort > "$TMP/app.got"
sort -o "$TMP/app.want" "$TMP/app.want"
check "alpine-3.12-app: npm packages equal the node_modules package.json files of demo-app 1.1.0 ($(wc -l < "$TMP/app.want"))" \
	diff "$TMP/app.want" "$TMP/app.got"
check "alpine-3.12-app: the demo-app 1.0.0 tree hidden by the opaque directory is not reported (lodash 4.17.4)" \
	bash -c "! grep -q ' lodash 4.17.4$' '$TMP/app.got'"
check "alpine-3.12-app: npm packages are attributed to layer 3 (the opaque one)" \
	bash -c "[ \"\$(jq -r '[.packages[] | select(.type == \"npm\") | .layer.index] | unique | tostring' '$TMP/app.json')\" = '[3]' ]"
check "alpine-3.12-app: npm purls" \
	bash -c "jq -e '[.packages[] | select(.type == \"npm\" and .name == \"express\")][0].purl == \"pkg:npm/express@4.21.2\"' '$TMP/app.json' >/dev/null"
vigil sbom --format json "docker-archive:$IMAGES/alpine/alpine-3.12-app.docker-archive.tar" > "$TMP/app.da.json"
check "alpine-3.12-app as docker-archive: the same language packages" \
	diff <(jq -S '[.packages[] | select(.type == "npm")]' "$TMP/app.json") <(jq -S '[.packages[] | select(.type == "npm")]' "$TMP/app.da.json")

# npm findings: the vulnerable demo-app 1.0.0 tree as a root filesystem
npm_reference() { # $1 = vigil sbom json; prints "name version NSWG-ECO-id" lines
	node - "$SEMVER_JS" "$V/npm/nodejs-security-wg-npm.jsonl" "$1" <<'JS'
const [semverPath, data, sbom] = process.argv.slice(2);
const semver = require(semverPath), fs = require('fs');
const recs = fs.readFileSync(data, 'utf8').split('\n').filter(Boolean).map(JSON.parse);
const pkgs = JSON.parse(fs.readFileSync(sbom, 'utf8')).packages.filter(p => p.type === 'npm');
const seen = new Set();
for (const p of pkgs) for (const r of recs) {
	if (r.module_name !== p.name || !r.vulnerable_versions) continue;
	if (!semver.satisfies(p.version, r.vulnerable_versions)) continue;
	if (r.patched_versions && semver.satisfies(p.version, r.patched_versions)) continue;
	const line = `${p.name} ${p.version} NSWG-ECO-${r.id}`;
	if (!seen.has(line)) { seen.add(line); console.log(line); }
}
JS
}
npm_findings() { # $1 = vigil scan json
	jq -r '.findings[] | select(.namespace == "npm") | . as $f | ([$f.id] + ($f.aliases // []))[] |
		select(startswith("NSWG-ECO-")) | "\($f.package.name) \($f.installed_version) \(.)"' "$1" | sort -u
}
if [ -f "$SEMVER_JS/package.json" ] && command -v node >/dev/null; then
	for tree in demo-app-1.0.0 demo-app-1.1.0; do
		vigil sbom --format json "dir:$L/node/$tree" > "$TMP/$tree.sbom.json"
		vigil scan --db "$DB" --format json "dir:$L/node/$tree" > "$TMP/$tree.scan.json" 2>/dev/null
		npm_reference "$TMP/$tree.sbom.json" | sort -u > "$TMP/$tree.want"
		npm_findings "$TMP/$tree.scan.json" > "$TMP/$tree.got"
		check "$tree: npm findings equal node-semver's reading of the security-wg data ($(wc -l < "$TMP/$tree.want"))" \
			diff "$TMP/$tree.want" "$TMP/$tree.got"
	done
	check "demo-app-1.0.0: lodash 4.17.4 is found vulnerable" grep -q "^lodash 4.17.4 " "$TMP/demo-app-1.0.0.got"
else
	skip "npm findings against node-semver (run scripts/install-deps.sh for the semver package)"
fi
check "demo-app-1.0.0: lockfile entries are not listed twice beside node_modules" \
	bash -c "[ \$(jq '[.packages[] | select(.type == \"npm\")] | length' '$TMP/demo-app-1.0.0.sbom.json') = \$(find '$L/node/demo-app-1.0.0/node_modules' -name package.json | wc -l) ]"

# ---- bookworm-bench: Python, Go, Java ----
vigil sbom --format json "$BENCH" > "$TMP/bench.json" 2> "$TMP/bench.err"
python3 - "$L/python" > "$TMP/py.want" <<'PY'
import email.parser, os, sys
root = sys.argv[1]
prefix = {"debian-bookworm-dist-packages": "/usr/lib/python3/dist-packages",
          "venv-site-packages": "/opt/venv/lib/python3.11/site-packages"}
for tree, where in prefix.items():
    base = os.path.join(root, tree)
    for d, _, files in os.walk(base):
        for f in files:
            if (d.endswith(".dist-info") and f == "METADATA") or (d.endswith(".egg-info") and f == "PKG-INFO"):
                m = email.parser.Parser().parse(open(os.path.join(d, f), encoding="utf-8"), headersonly=True)
                print(where + os.path.join(d, f)[len(base):], m["Name"], m["Version"])
PY
sort -o "$TMP/py.want" "$TMP/py.want"
jq -r '.packages[] | select(.type == "pypi") | "\(.found_in) \(.name) \(.version)"' "$TMP/bench.json" | sort > "$TMP/py.got"
check "bookworm-bench: Python packages equal the METADATA/PKG-INFO files ($(wc -l < "$TMP/py.want"))" \
	diff "$TMP/py.want" "$TMP/py.got"
check "bookworm-bench: dist-packages are owned by their Debian packages, the venv's are not" \
	bash -c "jq -e '[.packages[] | select(.type == \"pypi\") | select((.found_in | startswith(\"/usr/lib/\")) != (.os_owner != null))] | length == 0' '$TMP/bench.json' >/dev/null"
check "bookworm-bench: requests is owned by python3-requests" \
	bash -c "jq -e '[.packages[] | select(.type == \"pypi\" and .name == \"requests\")][0].os_owner == \"python3-requests\"' '$TMP/bench.json' >/dev/null"

# Go: the fixture binary's build info, as `go version -m` printed it
awk -F'\t' '/^fixture-app:/ {split($0, a, " "); print "stdlib v" substr(a[2], 3)} $2 == "dep" {print $3, $4}' \
	"$L/go/fixture-app.go-version-m.txt" | sort > "$TMP/go.want"
jq -r '.packages[] | select(.type == "golang") | "\(.name) \(.version)"' "$TMP/bench.json" | sort > "$TMP/go.got"
check "bookworm-bench: Go modules of /usr/local/bin/fixture-app equal go version -m (stdlib + deps)" \
	diff "$TMP/go.want" "$TMP/go.got"
check "bookworm-bench: Go packages are found in /usr/local/bin/fixture-app with golang purls" \
	bash -c "jq -e '[.packages[] | select(.type == \"golang\")] | all(.found_in == \"/usr/local/bin/fixture-app\") and
		(map(.purl) | index(\"pkg:golang/github.com/sirupsen/logrus@v1.9.0\") != null)' '$TMP/bench.json' >/dev/null"

# Java: pom.properties of every jar in the image, read from the layer tars by python
python3 - "$IMAGES/debian/bookworm-oci" bookworm-bench > "$TMP/jar.want" <<'PY'
import io, json, os, sys, tarfile, zipfile
layout, tag = sys.argv[1:3]
blob = lambda d: os.path.join(layout, "blobs", *d.split(":"))
idx = json.load(open(os.path.join(layout, "index.json")))
m = [x for x in idx["manifests"] if x.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag][0]
man = json.load(open(blob(m["digest"])))
jars = {}
for layer in man["layers"]:
    with tarfile.open(blob(layer["digest"]), "r|gz") as t:
        for e in t:
            name = e.name.lstrip("./")
            if e.isfile() and name.endswith(".jar"):
                jars["/" + name] = t.extractfile(e).read()
            elif name.split("/")[-1].startswith(".wh.") and "/" + name.replace(".wh.", "") in jars:
                del jars["/" + name.replace(".wh.", "")]
for path, data in sorted(jars.items()):
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        continue
    for n in z.namelist():
        if n.startswith("META-INF/maven/") and n.endswith("/pom.properties"):
            props = {}
            for line in z.read(n).decode("utf-8", "replace").splitlines():
                line = line.strip()
                if line and not line.startswith(("#", "!")):
                    k, _, v = line.replace(":", "=", 1).partition("=") if "=" not in line else line.partition("=")
                    props[k.strip()] = v.strip()
            if props.get("groupId") and props.get("artifactId") and props.get("version"):
                print(path, props["groupId"] + ":" + props["artifactId"], props["version"])
PY
sort -u -o "$TMP/jar.want" "$TMP/jar.want"
jq -r '.packages[] | select(.type == "maven" and .found_in_inner == null) | "\(.found_in) \(.name) \(.version)"' \
	"$TMP/bench.json" | sort -u > "$TMP/jar.got"
check "bookworm-bench: every pom.properties of the image's jars is reported ($(wc -l < "$TMP/jar.want"))" \
	bash -c "[ -s '$TMP/jar.want' ] && [ -z \"\$(comm -23 '$TMP/jar.want' '$TMP/jar.got')\" ]"
cut -d' ' -f1 "$TMP/jar.want" | sort -u > "$TMP/jar.withpom"
comm -13 "$TMP/jar.want" "$TMP/jar.got" | cut -d' ' -f1 | sort -u > "$TMP/jar.extra"
check "bookworm-bench: a jar with pom.properties yields nothing beyond them" \
	bash -c "[ -z \"\$(comm -12 '$TMP/jar.withpom' '$TMP/jar.extra')\" ]"
check "bookworm-bench: log4j-core 2.19.0 and jackson-databind 2.14.0 with maven purls" \
	bash -c "jq -e '[.packages[] | .purl] | (index(\"pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0\") != null) and
		(index(\"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0\") != null)' '$TMP/bench.json' >/dev/null"
check "bookworm-bench: the jars in /usr/share/java are owned by Debian packages" \
	bash -c "jq -e '[.packages[] | select(.type == \"maven\" and (.found_in | startswith(\"/usr/share/java/\")))] |
		length > 0 and all(.os_owner != null)' '$TMP/bench.json' >/dev/null"

# ---- findings: Go and PyPI against references ----
vigil scan --db "$DB" --format json "$BENCH" > "$TMP/bench.scan.json" 2>/dev/null
vigil scan --db "$DB" --format json --match-os-owned "$BENCH" > "$TMP/bench.scan.all.json" 2>/dev/null
python3 - "$V/osv/go.jsonl" "$TMP/go.want" > "$TMP/gofind.want" <<'PY'
import json, re, sys
def key(v):
    v = v.lstrip("v")
    core, _, pre = v.partition("-")
    nums = [int(x) for x in re.split(r"\.", core.split("+")[0])]
    while len(nums) < 3: nums.append(0)
    pre_key = [(0, int(x)) if x.isdigit() else (1, x) for x in pre.split(".")] if pre else None
    return (nums, pre_key is None, pre_key or [])
def lt(a, b): return key(a) < key(b)
pkgs = [l.split() for l in open(sys.argv[2])]
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("withdrawn"): continue
    for a in r.get("affected", []):
        for name, ver in pkgs:
            if a["package"]["name"] != name: continue
            hit = False
            for rg in a.get("ranges", []):
                if rg["type"] != "SEMVER": continue
                state = False
                evs = sorted(((0 if list(e.values())[0] == "0" else 1, key(list(e.values())[0]) if list(e.values())[0] != "0" else ([0], False, []), list(e.items())[0]) for e in rg["events"]), key=lambda x: (x[0], x[1]))
                for _, _, (k, v) in evs:
                    if k == "introduced" and (v == "0" or not lt(ver, v)): state = True
                    elif k == "fixed" and not lt(ver, v): state = False
                    elif k == "last_affected" and lt(v, ver): state = False
                hit = hit or state
            if hit: print(name, ver, r["id"])
PY
sort -u -o "$TMP/gofind.want" "$TMP/gofind.want"
jq -r '.findings[] | select(.namespace == "go") | "\(.package.name) \(.installed_version) \(.id)"' "$TMP/bench.scan.json" | sort -u > "$TMP/gofind.got"
check "bookworm-bench: Go findings (stdlib go1.19.8 and modules) equal the Go OSV data ($(wc -l < "$TMP/gofind.want"))" \
	diff "$TMP/gofind.want" "$TMP/gofind.got"
check "bookworm-bench: go1.19.8's standard library has findings" grep -q "^stdlib " "$TMP/gofind.got"

pypi_reference() { # $1 = sbom json, $2 = include OS-owned (0/1)
	python3 - "$V/osv/pypi.jsonl" "$1" "$2" <<'PY'
import json, re, sys
try:
    from packaging.version import Version, InvalidVersion  # Debian: python3-packaging
except ImportError:
    from pip._vendor.packaging.version import Version, InvalidVersion  # pip's own copy
def V(s):
    try: return Version(s)
    except InvalidVersion: return None
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
pkgs = [p for p in json.load(open(sys.argv[2]))["packages"] if p["type"] == "pypi" and (sys.argv[3] == "1" or not p.get("os_owner"))]
recs = [json.loads(l) for l in open(sys.argv[1])]
out = set()
for p in pkgs:
    pv = V(p["version"])
    for r in recs:
        if r.get("withdrawn"): continue
        for a in r.get("affected", []):
            if a["package"].get("ecosystem") != "PyPI" or norm(a["package"]["name"]) != norm(p["name"]): continue
            hit = p["version"] in a.get("versions", [])
            for rg in a.get("ranges", []):
                if rg["type"] not in ("ECOSYSTEM", "SEMVER") or pv is None: continue
                evs = []
                for e in rg["events"]:
                    (k, v), = e.items()
                    evs.append((k, v, Version("0") if v == "0" else V(v)))
                evs = [e for e in evs if e[2] is not None]
                evs.sort(key=lambda e: (e[1] != "0", e[2]))
                state = False
                for k, v, vv in evs:
                    if k == "introduced" and (v == "0" or pv >= vv): state = True
                    elif k == "fixed" and pv >= vv: state = False
                    elif k == "last_affected" and pv > vv: state = False
                hit = hit or state
            if hit: out.add("%s %s %s" % (p["name"], p["version"], r["id"]))
print("\n".join(sorted(out)))
PY
}
pypi_findings() {
	jq -r '.findings[] | select(.namespace == "pypi") | "\(.package.name) \(.installed_version) \(.id)"' "$1" | sort -u
}
pypi_reference "$TMP/bench.json" 0 | sed '/^$/d' > "$TMP/pyfind.want"
pypi_findings "$TMP/bench.scan.json" > "$TMP/pyfind.got"
check "bookworm-bench: PyPI findings of the venv's packages equal pip's packaging reading of the OSV data ($(wc -l < "$TMP/pyfind.want"))" \
	diff "$TMP/pyfind.want" "$TMP/pyfind.got"
pypi_reference "$TMP/bench.json" 1 | sed '/^$/d' > "$TMP/pyfind.all.want"
pypi_findings "$TMP/bench.scan.all.json" > "$TMP/pyfind.all.got"
check "bookworm-bench --match-os-owned: PyPI findings of all Python packages equal the reference ($(wc -l < "$TMP/pyfind.all.want"))" \
	diff "$TMP/pyfind.all.want" "$TMP/pyfind.all.got"
check "bookworm-bench: OS-owned Python packages are not matched by default" \
	bash -c "[ \$(wc -l < '$TMP/pyfind.all.got') -gt \$(wc -l < '$TMP/pyfind.got') ]"

# ---- RubySec: gem requirements (expectations read off the advisory data by hand) ----
G=$TMP/gems
for v in 1.6.11 2.0.1 2.0.9.2; do
	d=$G/$v/usr/lib/ruby/gems/3.1.0/specifications
	mkdir -p "$d"
	printf '# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = "rack".freeze\n  s.version = "%s"\n  s.licenses = ["MIT".freeze]\nend\n' \
		"$v" > "$d/rack-$v.gemspec"
	vigil scan --db "$DB" --format json "dir:$G/$v" 2>/dev/null |
		jq -r '.findings[] | select(.namespace == "rubygems") | .id' | sort > "$TMP/rack-$v.ids"
done
# CVE-2018-16471: patched "~> 1.6.11", ">= 2.0.6"; CVE-2019-16782: "~> 1.6.12", ">= 2.0.8";
# CVE-2022-44570: "~> 2.0.9, >= 2.0.9.2", ... ">= 3.0.4.1"
check "rack 2.0.1: CVE-2018-16471, CVE-2019-16782 and CVE-2022-44570 apply" \
	bash -c "grep -qx CVE-2018-16471 '$TMP/rack-2.0.1.ids' && grep -qx CVE-2019-16782 '$TMP/rack-2.0.1.ids' && grep -qx CVE-2022-44570 '$TMP/rack-2.0.1.ids'"
check "rack 1.6.11: patched for CVE-2018-16471 (~> 1.6.11), not for CVE-2019-16782 (~> 1.6.12)" \
	bash -c "! grep -qx CVE-2018-16471 '$TMP/rack-1.6.11.ids' && grep -qx CVE-2019-16782 '$TMP/rack-1.6.11.ids'"
check "rack 2.0.9.2: patched for all three" \
	bash -c "! grep -qxE 'CVE-2018-16471|CVE-2019-16782|CVE-2022-44570' '$TMP/rack-2.0.9.2.ids'"
vigil sbom --format json "dir:$G/2.0.1" > "$TMP/rack.json"
check "gemspec: rack 2.0.1 with purl pkg:gem/rack@2.0.1" \
	bash -c "jq -e '.packages[0].purl == \"pkg:gem/rack@2.0.1\"' '$TMP/rack.json' >/dev/null"

# ---- --pkg-types ----
vigil sbom --format json --pkg-types os "$BENCH" > "$TMP/os.json"
vigil sbom --format json --pkg-types library "$BENCH" > "$TMP/lib.json"
check "--pkg-types os: only deb packages" \
	bash -c "jq -e '[.packages[].type] | unique == [\"deb\"]' '$TMP/os.json' >/dev/null"
check "--pkg-types library: only language packages" \
	bash -c "jq -e '[.packages[].type] | unique | index(\"deb\") == null and length >= 3' '$TMP/lib.json' >/dev/null"
vigil sbom --pkg-types nonsense "$BENCH" > /dev/null 2> "$TMP/pt.err"
check "--pkg-types nonsense: exit 2" test $? -eq 2

# ---- malformed language files: skipped with a warning naming them ----
R=$TMP/rootfs
mkdir -p "$R/app/node_modules/broken" "$R/app/node_modules/good" "$R/usr/lib/python3/dist-packages/bad-1.0.dist-info" \
	"$R/usr/share/java" "$R/usr/local/bin" "$R/usr/lib/ruby/gems/3.1.0/specifications" "$R/app/vendor/composer"
printf '{"name": "broken", "version": ' > "$R/app/node_modules/broken/package.json"
printf '{"name": "good", "version": "1.2.3", "license": "MIT"}' > "$R/app/node_modules/good/package.json"
printf 'Metadata-Version: 2.1\nSummary: no name here\n' > "$R/usr/lib/python3/dist-packages/bad-1.0.dist-info/METADATA"
head -c 3000 "$L/java/commons-text-1.10.0.jar" > "$R/usr/share/java/truncated.jar"
cp "$L/java/commons-text-1.10.0.jar" "$R/usr/share/java/commons-text.jar"
{ printf '\177ELF\002\001\001'; head -c 4000 /dev/urandom; } > "$R/usr/local/bin/garbage" && chmod 755 "$R/usr/local/bin/garbage"
head -c 100000 "$L/go/fixture-app" > "$R/usr/local/bin/cut-go" && chmod 755 "$R/usr/local/bin/cut-go"
printf 'not json' > "$R/app/vendor/composer/installed.json"
vigil sbom --format json "dir:$R" > "$TMP/bad.json" 2> "$TMP/bad.err"
check "malformed language files: exit 0" test $? -eq 0
check "malformed package.json: a warning names it" grep -q "node_modules/broken/package.json" "$TMP/bad.err"
check "METADATA without a Name: a warning names it" grep -q "bad-1.0.dist-info/METADATA" "$TMP/bad.err"
check "truncated jar: a warning names it" grep -q "truncated.jar" "$TMP/bad.err"
check "malformed installed.json: a warning names it" grep -q "vendor/composer/installed.json" "$TMP/bad.err"
check "the good files beside them are still read (good 1.2.3, commons-text 1.10.0)" \
	bash -c "jq -e '[.packages[] | \"\(.name) \(.version)\"] | (index(\"good 1.2.3\") != null) and
		(index(\"org.apache.commons:commons-text 1.10.0\") != null)' '$TMP/bad.json' >/dev/null"
echo "1..$TAP_N"
