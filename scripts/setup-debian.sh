#!/usr/bin/env bash
# Installs the Debian packages Rapport needs to build and run, skipping what is already there.
# Usage: scripts/setup-debian.sh [--headless]   (--headless adds Xvfb and Mesa's software Vulkan)
set -euo pipefail
packages=(pkg-config libasound2-dev libudev-dev libxkbcommon-dev libwayland-dev libx11-dev
          libxcursor-dev libxrandr-dev libxi-dev mesa-vulkan-drivers)
if [ "${1:-}" = "--headless" ]; then
    packages+=(xvfb xauth xdotool)
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust is not installed: see https://rustup.rs (Rapport needs rustc 1.95 or newer)" >&2
    exit 1
fi
