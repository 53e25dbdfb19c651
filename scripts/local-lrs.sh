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
# ralph's filesystem backend creates its one store file on the first write and refuses every
# later one (it is meant for one-off imports); the tests write many times, so the server started
# here appends instead. The switch lives in the test venv only and acts only when
# RAPPORT_RALPH_APPEND=1 is set, as it is for this server.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ ! -f "$site/rapport_ralph_append.py" ]; then
    cat >"$site/rapport_ralph_append.py" <<'PY'
import os
if os.environ.get("RAPPORT_RALPH_APPEND") == "1":
    from ralph.backends.data import fs
    from ralph.backends.data.base import BaseOperationType
    fs.FSDataBackend.default_operation_type = BaseOperationType.APPEND
PY
    echo "import rapport_ralph_append" >"$site/rapport_ralph_append.pth"
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=rapport-test
password=rapport-test-$RANDOM$RANDOM
mkdir -p "$work/data"
export RALPH_APP_DIR="$work/app" RALPH_AUTH_FILE="$work/auth.json" RALPH_RUNSERVER_BACKEND=fs
export RAPPORT_RALPH_APPEND=1
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
up=
for _ in $(seq 1 60); do
    if python3 - "$port" <<'PY' 2>/dev/null; then up=1; break; fi
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/__heartbeat__", timeout=1)
except urllib.error.HTTPError:
    pass
PY
    sleep 1
done
if [ -z "$up" ]; then
    echo "the local LRS did not answer within 60 s; its log:" >&2
    cat "$work/server.log" >&2
    kill -- -"$pgid" 2>/dev/null || true
    exit 1
fi
echo "export RAPPORT_TEST_LRS=http://127.0.0.1:$port/xAPI/ RAPPORT_TEST_LRS_USER=$user RAPPORT_TEST_LRS_PASSWORD=$password RAPPORT_REQUIRE_LRS=1 RAPPORT_TEST_LRS_PGID=$pgid"
