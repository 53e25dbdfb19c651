#!/usr/bin/env bash
# Installs the Debian package built by scripts/package-deb.sh and checks, from an empty folder and
# a fresh home, that the installed program opens with its built-in library in both languages and
# that the menu entry and icon are in place. Needs root (or sudo) and a display (Xvfb is started
# when there is none).
# Usage: scripts/test-package.sh [path/to/rapport.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
shipped=$(find scenarios -maxdepth 1 -name '*.ron' | wc -l)
deb="${1:-$(ls -t "$target"/debian/rapport_*.deb | head -1)}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# --reinstall: the version string does not change between builds, and apt would keep an older
# build of the same version; then check that what is installed is this package's program.
case "$deb" in /*) ;; *) deb="./$deb" ;; esac
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --reinstall "$deb" >/dev/null
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/rapport | cmp - /usr/bin/rapport
test -x /usr/bin/rapport
test -f /usr/share/applications/rapport.desktop
test -f /usr/share/icons/hicolor/256x256/apps/rapport.png
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate /usr/share/applications/rapport.desktop
fi
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true' EXIT
cd "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"
if [ -z "${DISPLAY:-}" ]; then
    Xvfb :97 -screen 0 1400x900x24 >/dev/null 2>&1 &
    xvfb=$!
    export DISPLAY=:97
    sleep 1
fi
rapport=/usr/bin/rapport
"$rapport" explain sandwich_refusal --lang zh | grep -q "三明治拒绝"
for lang in zh en; do
    "$rapport" --screenshot "$work/library-$lang.png" --lang "$lang" 2>"$work/log-$lang.txt"
    "$rapport" --screenshot "$work/conversation-$lang.png" --screen conversation \
        --scenario late_delivery --lang "$lang" 2>>"$work/log-$lang.txt"
    test -s "$work/library-$lang.png" && test -s "$work/conversation-$lang.png"
    # The built-in library, all of it, with nothing read from the (empty) current folder.
    grep -q "library: ${shipped} scenarios" "$work/log-$lang.txt" \
        || { echo "the installed library is not the ${shipped} shipped scenarios:" >&2; cat "$work/log-$lang.txt" >&2; exit 1; }
done
# The user's scenario folder was made for them, and `rapport new` writes into it.
"$rapport" new my_case >/dev/null
"$rapport" check | grep -q "1 ok"
echo "package ok: $(dpkg-query -W -f='${Package} ${Version}' rapport), installed and run from $work"
