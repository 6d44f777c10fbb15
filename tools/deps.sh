#!/bin/sh
# tools/deps.sh - install the Debian packages trawl needs to build, test and
# benchmark, when they are missing. Runs apt-get only when something is
# missing; needs root (or sudo).
set -eu

# build: compiler, pkg-config, Hyperscan API (Vectorscan), cJSON, libyaml,
#        and libcurl/libarchive for the S3 and archive stages
# tests: Debian's python3 with python-stdnum (validator oracle), util-linux
#        (setpriv, script), file tools, boto3 (the S3 tests' client);
#        node and npm (Debian's nodejs/npm, only when the commands are missing)
#        for tests/node: s3rver, a local S3-protocol server (npm ci when
#        tests/node/package-lock.json is newer than what is installed)
#        chromium and python3-pil: the HTML report opened in a headless
#        browser, its screenshot checked (tests/p6000-report.py)
# bench: ripgrep (the baseline), GNU time (peak RSS)
BUILD="build-essential make pkg-config libvectorscan-dev libcjson-dev libyaml-dev
       libcurl4-openssl-dev libarchive-dev libqpdf-dev zlib1g-dev"
TEST="python3 python3-stdnum util-linux bsdutils man-db zip unzip tar gzip bzip2 xz-utils
      zstd p7zip-full cpio python3-docx python3-openpyxl python3-reportlab
      python3-xlsxwriter python3-odf python3-boto3 iso-codes
      python3-fake-factory chromium python3-pil"
BENCH="ripgrep time"

missing=""
for p in $BUILD $TEST $BENCH; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

SUDO=""
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || { echo "deps: need root to install:$missing" >&2; exit 1; }
		SUDO=sudo
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# node modules of the S3 tests (tests/node/node_modules is not tracked)
top=$(cd "$(dirname "$0")/.." && pwd)
lock=$top/tests/node/package-lock.json
stamp=$top/tests/node/node_modules/.package-lock.json
if [ -f "$lock" ] && { [ ! -f "$stamp" ] || [ -n "$(find "$lock" -newer "$stamp")" ]; }; then
	echo "deps: npm ci in tests/node"
	npm ci --prefix "$top/tests/node" --no-audit --no-fund --loglevel=error >/dev/null
fi
