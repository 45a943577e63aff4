#!/usr/bin/env bash
# install-deps.sh - install everything vigil needs to build and test on Debian 12.
# Idempotent: installs only what is missing. Needs root (or sudo).
set -euo pipefail
PKGS=(build-essential pkg-config clang libclang-rt-14-dev valgrind
      libarchive-dev libjansson-dev libssl-dev librpm-dev rpm libisal-dev libzstd-dev zlib1g-dev
      libsqlite3-dev sqlite3 libcurl4-openssl-dev libcmocka-dev jq pigz zstd skopeo umoci python3 tar gzip hyperfine time groff-base man-db zip
      docker-registry apache2-utils openssl curl libelf-dev python3-packaging)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# JSON-schema validator for the SBOM tests (ajv-cli, see ../shared/schemas/README.md).
AJV_DIR="${VIGIL_TOOLS:-$HOME/.cache/vigil-tools}/ajv"
if [ ! -x "$AJV_DIR/node_modules/.bin/ajv" ]; then
	mkdir -p "$AJV_DIR"
	(cd "$AJV_DIR" && npm install --silent --no-audit --no-fund ajv@8 ajv-formats@3 ajv-cli@5 >/dev/null)
fi
# node-semver: the reference implementation the language-package tests check
# vigil's npm range matching against (tests/e2e/lang.sh).
SEMVER_DIR="${VIGIL_TOOLS:-$HOME/.cache/vigil-tools}/semver"
if [ ! -f "$SEMVER_DIR/node_modules/semver/package.json" ]; then
	mkdir -p "$SEMVER_DIR"
	(cd "$SEMVER_DIR" && npm install --silent --no-audit --no-fund semver@7 >/dev/null)
fi
echo "install-deps: ok"
