#!/usr/bin/env bash
# Runs Rapport and a bare bevy_egui window (examples/bare_window.rs) one after the other under
# Xvfb, and reports for each: time to first frame, idle CPU over 10 s with the window focused,
# and resident memory; then Rapport's figures as ratios of the bare window's.
# Usage: scripts/compare-bare.sh [profile]   (profile: release (default) or dev)
# Needs: xvfb, xdotool. Builds both binaries in that profile first.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
idle_seconds=10
cargo build --profile "$profile" --bin rapport --example bare_window >&2
dir=${CARGO_TARGET_DIR:-target}/$([ "$profile" = dev ] && echo debug || echo "$profile")
export DISPLAY=:93
Xvfb "$DISPLAY" -screen 0 1280x820x24 >/dev/null 2>&1 &
xvfb=$!
app=
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 1
hz=$(getconf CLK_TCK)
log=$(mktemp)

# measure NAME TITLE BINARY… : prints "ttff_ms idle_percent rss_kib"
measure() {
    local title=$1; shift
    : >"$log"
    local start
    start=$(date +%s%3N)
    RAPPORT_REPORT_FIRST_FRAME=1 "$@" 2>"$log" >/dev/null &
    app=$!
    local waited=0
    until grep -q first-frame-unix-ms "$log"; do
        sleep 0.05
        waited=$((waited + 1))
        [ "$waited" -lt 2400 ] || { echo "no first frame from $*" >&2; exit 1; }
    done
    local first
    first=$(grep -m1 first-frame-unix-ms "$log" | awk '{print $2}')
    # Focus the window (no window manager here), then let start-up work finish.
    local window
    window=$(xdotool search --sync --limit 1 --name "^$title\$")
    xdotool windowfocus --sync "$window"
    sleep 3
    local before after
    before=$(awk '{print $14 + $15}' "/proc/$app/stat")
    sleep "$idle_seconds"
    after=$(awk '{print $14 + $15}' "/proc/$app/stat")
    local rss
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$app/status")
    kill "$app"
    wait "$app" 2>/dev/null || true
    app=
    awk -v ttff=$((first - start)) -v t=$((after - before)) -v hz="$hz" -v s="$idle_seconds" -v rss="$rss" \
        'BEGIN { printf "%d %.2f %d\n", ttff, 100 * t / hz / s, rss }'
}

read -r bare_ttff bare_idle bare_rss < <(measure Bare "$dir/examples/bare_window")
read -r app_ttff app_idle app_rss < <(measure Rapport "$dir/rapport")
echo "profile: $profile (Xvfb, llvmpipe; idle CPU over ${idle_seconds} s with the window focused)"
printf '%-26s %12s %12s %8s\n' "" "bare window" "Rapport" "ratio"
awk -v b="$bare_ttff" -v a="$app_ttff" 'BEGIN { printf "%-26s %10d ms %10d ms %7.2fx\n", "time to first frame", b, a, a / b }'
awk -v b="$bare_idle" -v a="$app_idle" 'BEGIN { printf "%-26s %11.2f%% %11.2f%% %8s\n", "idle CPU (of one core)", b, a, "-" }'
awk -v b="$bare_rss" -v a="$app_rss" 'BEGIN { printf "%-26s %9.1f MiB %9.1f MiB %7.2fx\n", "resident memory", b / 1024, a / 1024, a / b }'
