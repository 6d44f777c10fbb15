#!/bin/sh
# tools/deps.sh - install the Debian packages trawl needs to build, test and
# benchmark, when they are missing. Runs apt-get only when something is
# missing; needs root (or sudo).
set -eu

# build: compiler, pkg-config, Hyperscan API (Vectorscan), cJSON, libyaml,
#        and libcurl/libarchive for the S3 and archive stages
# tests: Debian's python3 with python-stdnum (validator oracle), util-linux
#        (setpriv, script), file tools
# bench: ripgrep (the baseline), GNU time (peak RSS)
BUILD="build-essential make pkg-config libvectorscan-dev libcjson-dev libyaml-dev
       libcurl4-openssl-dev libarchive-dev libqpdf-dev zlib1g-dev"
TEST="python3 python3-stdnum util-linux bsdutils man-db zip unzip tar gzip bzip2 xz-utils
      zstd p7zip-full cpio python3-docx python3-openpyxl python3-reportlab
      python3-xlsxwriter python3-odf"
BENCH="ripgrep time"

missing=""
for p in $BUILD $TEST $BENCH; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "deps: need root to install:$missing" >&2; exit 1; }
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
