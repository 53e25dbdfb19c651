#!/usr/bin/env python3
"""Cut the bundled fonts (both SIL OFL 1.1) down to what Rapport needs.

- Noto Sans CJK SC: all 6,763 hanzi of GB2312 (so trainers can write new scenarios freely),
  Latin, common punctuation and symbols, plus every character already used in scenarios/ and src/.
- Noto Sans: Latin and punctuation, used first when the interface is in English so that quotes
  and dashes in English text are not drawn with full-width CJK glyphs.
Needs Debian's fonts-noto-cjk and fonts-noto-core, and fontTools (pip install fonttools).
Run from the repository root:
    python3 scripts/subset-font.py
"""
import pathlib
import subprocess

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # Noto Sans CJK SC within the collection
TARGET = pathlib.Path("assets/fonts/NotoSansSC-Rapport.otf")

chars = set()
for first in range(0xB0, 0xF8):  # GB2312 levels 1 and 2
    for second in range(0xA1, 0xFF):
        try:
            chars.add(bytes([first, second]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [
    (0x20, 0x7E), (0xA0, 0x17F),  # Latin
    (0x2000, 0x206F),  # general punctuation
    (0x2190, 0x21FF), (0x2200, 0x22FF),  # arrows, maths
    (0x2460, 0x24FF), (0x25A0, 0x25FF), (0x2600, 0x26FF),  # enclosed numbers, shapes, symbols
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF00, 0xFFEF),  # full-width forms
]
for start, end in ranges:
    chars.update(chr(c) for c in range(start, end + 1))
for folder, pattern in [("scenarios", "*.ron"), ("src", "*.rs"), ("assets", "*.ron")]:
    for path in pathlib.Path(folder).rglob(pattern):
        chars.update(path.read_text(encoding="utf-8"))

text = "".join(sorted(c for c in chars if c.isprintable()))
TARGET.parent.mkdir(parents=True, exist_ok=True)
subprocess.run(
    [
        "pyftsubset", SOURCE, f"--font-number={SC_INDEX}", f"--output-file={TARGET}",
        f"--text={text}", "--layout-features=*", "--no-hinting", "--desubroutinize",
        "--name-IDs=*", "--name-languages=*",
    ],
    check=True,
)
print(f"{TARGET}: {len(text)} characters, {TARGET.stat().st_size // 1024} KiB")

LATIN_SOURCE = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
LATIN_TARGET = pathlib.Path("assets/fonts/NotoSans-Rapport.ttf")
latin = "".join(chr(c) for start, end in [(0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2212, 0x2212)]
                for c in range(start, end + 1))
subprocess.run(
    ["pyftsubset", LATIN_SOURCE, f"--output-file={LATIN_TARGET}", f"--text={latin}", "--layout-features=*",
     "--name-IDs=*", "--name-languages=*"],
    check=True,
)
print(f"{LATIN_TARGET}: {LATIN_TARGET.stat().st_size // 1024} KiB")
