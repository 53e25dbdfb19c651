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
# option top-1 / steps F1 / anti-patterns F1, from eval-replies --json
figures() {
    python3 -c 'import json, sys; e = json.load(sys.stdin); print("%.3f / %.3f / %.3f" % (e["option_top1"], e["steps_micro_f1"], e["anti_patterns_micro_f1"]), end="")'
}
printf '%-6s  %-24s  %-24s\n' part "rules alone (opt/steps/ap)" "rules + model never shown it"
for part in tune dev dev2 dev3 dev4 dev5; do
    python3 scripts/train-reply-model.py --without "$part" --out "$work/$part.json" >/dev/null
    rules=$("$rapport" eval-replies --json --no-model tests/replies/"$part"/*.jsonl | figures)
    model=$("$rapport" eval-replies --json --model "$work/$part.json" tests/replies/"$part"/*.jsonl | figures)
    printf '%-6s  %-24s  %-24s\n' "$part" "$rules" "$model"
done
