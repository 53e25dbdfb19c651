#!/usr/bin/env bash
# Builds the Debian package with cargo-deb: target/debian/rapport_<version>-1_<arch>.deb, holding
# the program (its scenario library and pictures are built in), a menu entry and an icon.
# Usage: scripts/package-deb.sh [cargo-deb options, e.g. --profile dev for a quick test build]
# Install it with: sudo apt-get install ./target/debian/rapport_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
# dpkg-shlibdeps (dpkg-dev) works out the libraries the program links to.
if ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
fi
if ! command -v cargo-deb >/dev/null 2>&1; then
    echo "installing cargo-deb (once)"
    cargo install cargo-deb --locked --quiet
fi
cargo deb "$@"
