#!/usr/bin/env bash
# Peak memory of opening a conversation whose portrait is a 2.6 MB PNG declaring 30,000 × 30,000
# pixels, against the same scenario with its normal portrait (issue #18's media limits).
# Usage: scripts/portrait-memory.sh [path/to/rapport]   (needs xvfb-run and GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-target/release/rapport}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/assets/portraits" "$work/huge" "$work/normal"
cp assets/portraits/*.png "$work/assets/portraits/"
python3 - "$work/assets/portraits/huge.png" <<'PY'
import struct, sys, zlib
side = 30_000
def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
compress = zlib.compressobj(9)
row = b"\x00" + b"\x00" * (side * 3)
idat = b"".join(compress.compress(row) for _ in range(side)) + compress.flush()
with open(sys.argv[1], "wb") as out:
    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)))
    out.write(chunk(b"IDAT", idat))
    out.write(chunk(b"IEND", b""))
PY
ls -l "$work/assets/portraits/huge.png" | awk '{print "huge.png: " $5 " bytes"}'
cp scenarios/late_delivery.ron "$work/normal/"
sed 's#portraits/dominant.png#portraits/huge.png#' scenarios/late_delivery.ron >"$work/huge/late_delivery.ron"
for case in normal huge; do
    /usr/bin/time -f "$case: peak RSS %M KiB" xvfb-run -a -s "-screen 0 1280x820x24" "$binary" \
        --screenshot "$work/$case.png" --screen conversation --scenario late_delivery \
        --scenarios "$work/$case" --assets "$work/assets" >/dev/null 2>"$work/$case.log" || true
    grep "peak RSS" "$work/$case.log"
done
