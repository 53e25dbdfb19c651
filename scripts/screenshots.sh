#!/usr/bin/env bash
# Regenerates the README screenshots (every screen, both languages) under Xvfb.
# Usage: scripts/screenshots.sh [path/to/rapport]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-target/release/rapport}
mkdir -p docs/screenshots
for screen in library conversation debrief settings progress map; do
    for lang in zh en; do
        xvfb-run -a -s "-screen 0 1280x820x24" "$binary" --screenshot "docs/screenshots/$screen-$lang.png" \
            --screen "$screen" --lang "$lang" --scenario late_delivery >/dev/null 2>&1
        echo "docs/screenshots/$screen-$lang.png"
    done
done
# Author mode: the conversation with each option's effect shown.
for lang in zh en; do
    xvfb-run -a -s "-screen 0 1280x820x24" "$binary" --screenshot "docs/screenshots/author-$lang.png" \
        --screen conversation --author-mode --lang "$lang" --scenario late_delivery >/dev/null 2>&1
    echo "docs/screenshots/author-$lang.png"
done
