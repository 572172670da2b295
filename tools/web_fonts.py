"""Make the theme's web fonts: WOFF2 subsets of the bundled Noto fonts for the HTML edition.

The HTML edition inlines these as data: URLs so the file reads the same from any folder and
on any machine (projector laptops included). The PDF keeps using the full TTF files.
Run after changing templates/fonts/*.ttf:  python tools/web_fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "templates" / "fonts"

# Latin (Western and Central European languages), general punctuation (U+202F, curly quotes,
# dashes, the hyphen U+2010), and a few symbols; anything else falls back to the reader's fonts.
CHARSET = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2000, 0x2070),
    0x0152, 0x0153, 0x0178, 0x02C6, 0x02DC, 0x20AC, 0x20BD, 0x2116, 0x2122, 0x2190, 0x2192, 0x2212, 0x25A0, 0x25CF,
]  # fmt: skip


def make(ttf: Path, out: Path) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    font = TTFont(ttf, recalcTimestamp=False)  # same input, same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CHARSET)
    subsetter.subset(font)
    font.flavor = "woff2"
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return out.stat().st_size


def main() -> int:
    for ttf in sorted(FONTS.glob("*.ttf")):
        size = make(ttf, FONTS / "web" / f"{ttf.stem}.woff2")
        print(f"{ttf.name} -> web/{ttf.stem}.woff2 ({size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
