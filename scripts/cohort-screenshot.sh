#!/usr/bin/env bash
# The README's pictures of `rapport cohort`: a made-up class (examples/class_demo.rs) is sent to a
# local LRS (scripts/local-lrs.sh, stopped at the end), the report is written in both languages
# and photographed with headless Chromium (apt-get install chromium).
# Usage: scripts/cohort-screenshot.sh [rapport binary]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="${1:-$target/debug/rapport}"
work=$(mktemp -d)
eval "$(bash scripts/local-lrs.sh "$work")"
trap 'kill -- -"$RAPPORT_TEST_LRS_PGID" 2>/dev/null; rm -rf "$work"' EXIT
RAPPORT_LRS="$RAPPORT_TEST_LRS" RAPPORT_LRS_USER="$RAPPORT_TEST_LRS_USER" \
    RAPPORT_LRS_PASSWORD="$RAPPORT_TEST_LRS_PASSWORD" \
    cargo run --quiet --no-default-features --example class_demo
printf 'Lrs(endpoint: "%s", user: "%s", learner: (name: "Trainer"))\n' \
    "$RAPPORT_TEST_LRS" "$RAPPORT_TEST_LRS_USER" >"$work/lrs.ron"
for lang in en zh; do
    RAPPORT_LRS_PASSWORD="$RAPPORT_TEST_LRS_PASSWORD" "$bin" cohort --config "$work/lrs.ron" \
        --format html --lang "$lang" --out "$work/cohort-$lang.html"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1250 \
        --screenshot="docs/screenshots/cohort-$lang.png" "file://$work/cohort-$lang.html" 2>/dev/null
done
ls -l docs/screenshots/cohort-*.png
