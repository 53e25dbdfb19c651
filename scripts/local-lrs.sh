#!/usr/bin/env bash
# Starts a local xAPI Learning Record Store (ralph, filesystem backend) on loopback for the tests,
# and prints the environment the xAPI test reads. Usage (from scripts/test.sh):
#   eval "$(bash scripts/local-lrs.sh "$work_dir")"
# The LRS runs in its own process group; stop it with: kill -- -"$RAPPORT_TEST_LRS_PGID"
set -euo pipefail
work=${1:?a working folder}
venv="${RAPPORT_LRS_VENV:-$HOME/.cache/rapport-ralph-venv}"
if [ ! -x "$venv/bin/ralph" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check 'ralph-malph[cli,lrs]' requests >&2
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=rapport-test
password=rapport-test-$RANDOM$RANDOM
mkdir -p "$work/data"
export RALPH_APP_DIR="$work/app" RALPH_AUTH_FILE="$work/auth.json" RALPH_RUNSERVER_BACKEND=fs
"$venv/bin/ralph" auth -u "$user" -p "$password" -s all -M mailto:ci@example.org -w >/dev/null 2>&1
# setsid --fork detaches the server into its own session and process group and returns at once;
# with every standard stream redirected, nothing holds the caller's output pipe open.
cd "$work"
setsid --fork "$venv/bin/ralph" runserver -b fs -h 127.0.0.1 -p "$port" \
    --fs-default-directory-path "$work/data" </dev/null >"$work/server.log" 2>&1
cd - >/dev/null
sleep 0.5
# pgrep never matches itself; the server leads its own process group (setsid).
pid=$(pgrep -f "ralph runserver -b fs -h 127.0.0.1 -p $port" | head -n 1)
pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
for _ in $(seq 1 60); do
    if python3 - "$port" <<'PY' 2>/dev/null; then break; fi
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/__heartbeat__", timeout=1)
except urllib.error.HTTPError:
    pass
PY
    sleep 1
done
echo "export RAPPORT_TEST_LRS=http://127.0.0.1:$port/xAPI/ RAPPORT_TEST_LRS_USER=$user RAPPORT_TEST_LRS_PASSWORD=$password RAPPORT_REQUIRE_LRS=1 RAPPORT_TEST_LRS_PGID=$pgid"
