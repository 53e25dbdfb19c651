#!/usr/bin/env bash
# Installs what is missing, then builds and opens Rapport (optimised build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
cargo run --release -- "$@"
