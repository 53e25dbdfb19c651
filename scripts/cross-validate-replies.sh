#!/usr/bin/env bash
# How the reply analyser does on an author it has never read: each tuning part measured with a
# word model trained on the other parts (scripts/train-reply-model.py --without PART), beside
# the cue rules alone. The rules themselves were written against these parts' misses, so the
# "rules" column is their best case; the held-out part (tests/replies/held_out) is not used.
#
#   bash scripts/cross-validate-replies.sh [path/to/rapport]
set -euo pipefail
cd "$(dirname "$0")/.."
rapport=${1:-${CARGO_TARGET_DIR:-target}/debug/rapport}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
figures() { awk 'NR==2{o=$3} NR==3{s=$8} NR==5{a=$8} END{printf "%s / %s / %s", o, s, a}'; }
printf '%-6s  %-24s  %-24s\n' part "rules alone (opt/steps/ap)" "rules + model never shown it"
for part in tune dev dev2 dev3 dev4 dev5; do
    python3 scripts/train-reply-model.py --without "$part" --out "$work/$part.json" >/dev/null
    rules=$("$rapport" eval-replies --no-model tests/replies/"$part"/*.jsonl | figures)
    model=$("$rapport" eval-replies --model "$work/$part.json" tests/replies/"$part"/*.jsonl | figures)
    printf '%-6s  %-24s  %-24s\n' "$part" "$rules" "$model"
done
