#!/usr/bin/env bash
# Measures the CPU Rapport uses while its window sits idle: starts it under Xvfb, waits for it
# to settle, then reads the process's CPU ticks from /proc over a window of N seconds.
# Usage: scripts/idle-cpu.sh [path/to/rapport] [seconds] [library|reply|group]
#   library (default): the library screen; reply: a conversation in free-reply mode, with the
#   reply box focused and waiting for the trainee to type; group: a round of group practice,
#   the observer's sheet waiting for marks.
set -euo pipefail
binary=${1:-target/release/rapport}
seconds=${2:-10}
screen=${3:-library}
args=()
[ "$screen" = reply ] && args=(--free-reply)
export DISPLAY=:97
Xvfb "$DISPLAY" -screen 0 1280x820x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true' EXIT
sleep 1
RAPPORT_DATA_DIR=$(mktemp -d) RAPPORT_CONFIG_DIR=$(mktemp -d) "$binary" "${args[@]}" >/tmp/rapport-idle.log 2>&1 &
app=$!
sleep 8  # start-up, scenario loading, first frames
# Without a window manager nothing focuses the window, and an unfocused Bevy window runs in its
# low-power mode; focus it so the measurement covers the case a user sees.
window=$(xdotool search --sync --limit 1 --name '^Rapport$' || true)
[ -n "$window" ] && xdotool windowfocus --sync "$window" && sleep 2
if [ "$screen" = reply ]; then
    xdotool key Return  # start the highlighted scenario: the reply box opens, focused
    sleep 4
fi
if [ "$screen" = group ]; then
    xdotool key g; sleep 1  # the group set-up for the highlighted scenario
    xdotool key Tab; xdotool type --delay 50 Ana; xdotool key Tab; xdotool type --delay 50 Bo
    xdotool key Return; sleep 4
fi
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
before=$(ticks)
sleep "$seconds"
after=$(ticks)
hz=$(getconf CLK_TCK)
awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" \
    'BEGIN { printf "idle CPU: %d ticks in %d s = %.2f%% of one core\n", t, s, 100 * t / hz / s }'
# RAPPORT_IDLE_SHOT=out.png keeps a picture of the screen that was measured.
if [ -n "${RAPPORT_IDLE_SHOT:-}" ] && [ -n "$window" ]; then
    import -window "$window" "$RAPPORT_IDLE_SHOT"
fi
