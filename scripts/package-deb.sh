#!/usr/bin/env bash
# Builds the Debian package with cargo-deb: target/debian/rapport_<version>-1_<arch>.deb, holding
# the program (its scenario library and pictures are built in), a menu entry and an icon.
# Usage: scripts/package-deb.sh [cargo-deb options, e.g. --profile dev for a quick test build]
# Install it with: sudo apt-get install ./target/debian/rapport_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
if ! command -v cargo-deb >/dev/null 2>&1; then
    echo "installing cargo-deb (once)"
    cargo install cargo-deb --locked --quiet
fi
cargo deb "$@"
