#!/usr/bin/env bash
# Regenerates the README screenshots (every screen, both languages) under Xvfb.
# Usage: scripts/screenshots.sh [path/to/rapport]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-target/release/rapport}
mkdir -p docs/screenshots
for screen in library conversation debrief settings progress map group-setup group; do
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
# Free reply: the coach's reading of a typed reply, with the telling words marked.
replies_zh="张先生，明天九点就要演示，包裹还没到，您一定急坏了。我理解，但是我们会尽快处理的。"
replies_en="Mr Zhang, I can hear how stressed you are about tomorrow's demo, and I'm sorry the parcel is late. We'll sort it out as soon as possible."
for lang in zh en; do
    reply=$replies_zh
    [ "$lang" = en ] && reply=$replies_en
    xvfb-run -a -s "-screen 0 1280x820x24" "$binary" --screenshot "docs/screenshots/free-reply-$lang.png" \
        --screen conversation --reply "$reply" --lang "$lang" --scenario late_delivery >/dev/null 2>&1
    echo "docs/screenshots/free-reply-$lang.png"
done
