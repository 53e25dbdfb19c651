#!/usr/bin/env bash
# Time to first frame with an empty data folder, with 10,000 session records, with a
# 1,000-scenario folder, and with both, under Xvfb; the data sets are made in a temporary folder. Beside
# scripts/compare-bare.sh, which compares Rapport with a bare window.
# Usage: scripts/startup-with-data.sh [rapport binary] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/rapport}
runs=${2:-3}
work=$(mktemp -d)
export DISPLAY=:92
Xvfb "$DISPLAY" -screen 0 1280x820x24 >/dev/null 2>&1 &
xvfb=$!
app=
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1

# Data sets: one played session copied 10,000 times, and 1,000 copies of a scenario.
mkdir -p "$work/empty/data" "$work/records/data/sessions" "$work/library/scenarios" "$work/library/data"
"$bin" play scenarios/late_delivery.ron --json >"$work/session.json"
python3 - "$work" <<'PY'
import json, pathlib, re, sys
work = pathlib.Path(sys.argv[1])
record = json.loads((work / "session.json").read_text())
for n in range(10_000):
    record["started_at"] = 1_790_000_000 + n * 600
    (work / "records/data/sessions" / f"{record['started_at']}-{n}.json").write_text(json.dumps(record))
text = pathlib.Path("scenarios/price_renewal.ron").read_text()
for n in range(1_000):
    copy = re.sub(r'id: "price_renewal"', f'id: "price_renewal_{n}"', text, count=1)
    (work / "library/scenarios" / f"price_renewal_{n}.ron").write_text(copy)
PY

# first_frame_ms DATA_DIR [args…]: milliseconds from launch to the first frame.
first_frame_ms() {
    local data=$1; shift
    local log="$work/log"
    : >"$log"
    local start
    start=$(date +%s%3N)
    RAPPORT_REPORT_FIRST_FRAME=1 RAPPORT_DATA_DIR="$data" RAPPORT_CONFIG_DIR="$data" \
        "$bin" "$@" 2>"$log" >/dev/null &
    app=$!
    local waited=0
    until grep -q first-frame-unix-ms "$log"; do
        sleep 0.02
        waited=$((waited + 1))
        [ "$waited" -lt 3000 ] || { echo "no first frame" >&2; kill "$app"; exit 1; }
    done
    local first
    first=$(grep -m1 first-frame-unix-ms "$log" | awk '{print $2}')
    kill "$app"; wait "$app" 2>/dev/null || true; app=
    echo $((first - start))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() {
    for _ in $(seq "$runs"); do first_frame_ms "$@"; done | median
}
empty=$(measure "$work/empty/data")
records=$(measure "$work/records/data")
library=$(measure "$work/library/data" --scenarios "$work/library/scenarios")
both=$(measure "$work/records/data" --scenarios "$work/library/scenarios")
echo "first frame (median of $runs, $bin):"
awk -v e="$empty" -v r="$records" -v l="$library" -v b="$both" 'BEGIN {
    printf "  empty data folder        %6d ms\n", e
    printf "  10,000 session records   %6d ms  (%.2fx)\n", r, r / e
    printf "  1,000-scenario folder    %6d ms  (%.2fx)\n", l, l / e
    printf "  both                     %6d ms  (%.2fx)\n", b, b / e
}'
