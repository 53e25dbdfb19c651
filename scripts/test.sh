#!/usr/bin/env bash
# Installs what is missing, then runs every check CI runs:
#   1. formatting;
#   2. the engine and CLI without Bevy (fast, no GUI dependencies);
#   3. the whole suite with the desktop app, under Xvfb, including a screenshot of every screen
#      in both languages checked for content, and an xAPI round trip through a local LRS
#      (ralph from PyPI, on loopback only);
#   4. with RAPPORT_TEST_PACKAGE=1 (CI sets it; it installs system-wide): the Debian package,
#      built from the same debug build, installed and run from an empty folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh --headless

log=$(mktemp)
lrs_work=$(mktemp -d)
RAPPORT_TEST_LRS_PGID=""
stop() {
    [ -n "$RAPPORT_TEST_LRS_PGID" ] && kill -- -"$RAPPORT_TEST_LRS_PGID" 2>/dev/null
    rm -rf "$log" "$lrs_work"
}
trap stop EXIT

echo "== cargo fmt --check"
cargo fmt --check

echo "== engine and CLI, without Bevy"
cargo test --no-default-features --locked 2>&1 | tee -a "$log"

echo "== local xAPI LRS"
eval "$(bash scripts/local-lrs.sh "$lrs_work")"
echo "LRS at $RAPPORT_TEST_LRS"

echo "== full suite with the desktop app (under Xvfb)"
export RAPPORT_REQUIRE_DISPLAY=1
xvfb-run -a -s "-screen 0 1280x820x24" cargo test --locked 2>&1 | tee -a "$log"

if [ "${RAPPORT_TEST_PACKAGE:-}" = "1" ]; then
    echo "== the Debian package, installed and run from an empty folder"
    rm -f "${CARGO_TARGET_DIR:-target}"/debian/rapport_*.deb
    bash scripts/package-deb.sh --profile dev
    xvfb-run -a -s "-screen 0 1280x820x24" bash scripts/test-package.sh
fi

# One closing line with the totals of both runs.
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "tests: %d passed, %d failed\n", passed, failed }' "$log"
