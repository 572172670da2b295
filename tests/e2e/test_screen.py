"""The HTML edition on a screen: one self-contained file, with the theme's fonts and a screen stylesheet."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tests.e2e.test_editions import EDITIONS, html_text
from tests.workspaces import ROOT, SAMPLE_BRIEF

FONTS = ROOT / "templates" / "fonts"


def web_fonts_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("web_fonts", ROOT / "tools" / "web_fonts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("lang", "suffix"), EDITIONS)
def test_html_file_needs_nothing_beside_it(sample_build: Path, lang: str, suffix: str) -> None:
    """Opened from build/ (or mailed, or on a USB stick), it reads the same: fonts are inlined."""
    page = (sample_build / f"{SAMPLE_BRIEF}.{lang}{suffix}.html").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]*)\)", page)
    assert len(urls) == 7 and all(u.startswith("data:font/woff2;base64,") for u in urls)
    assert not re.search(r"""\b(?:src|href)=["'](?!data:|https?://|#)""", page)
    assert "@media screen" in page
    assert len(page) < 400_000  # the inlined subsets are small


def test_the_pdf_still_uses_the_full_fonts(sample_build: Path) -> None:
    from brief.model.enums import Edition
    from brief.model.validate import load_debate
    from brief.render.html import Theme, render_html
    from brief.views.analysis import analyse

    debate = load_debate(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml")
    for_pdf = render_html(analyse(debate, "fr", Edition.participant), Theme(ROOT))
    assert 'url(fonts/NotoSerif-Regular.ttf) format("truetype")' in for_pdf
    assert "data:font/woff2" not in for_pdf


def test_web_fonts_cover_what_the_handouts_print(sample_build: Path) -> None:
    used = set()
    for page in sample_build.glob("*.html"):
        used |= set(html_text(page))
    used -= {"\n", "\t", "\r"}
    for ttf in sorted(FONTS.glob("*.ttf")):
        web = FONTS / "web" / f"{ttf.stem}.woff2"
        assert web.is_file(), f"run tools/web_fonts.py: {web.name} is missing"
        cmap = TTFont(web).getBestCmap()
        missing = sorted(f"U+{ord(c):04X}" for c in used if ord(c) not in cmap)
        assert not missing, f"{web.name} lacks {missing}; widen CHARSET in tools/web_fonts.py"


def test_web_fonts_are_what_the_tool_makes(tmp_path: Path) -> None:
    """The committed subsets hold what the tool would put in them today (so they are not stale)."""
    tool = web_fonts_tool()
    ttf = FONTS / "NotoSans-Regular.ttf"
    tool.make(ttf, tmp_path / "out.woff2")
    fresh, committed = TTFont(tmp_path / "out.woff2"), TTFont(FONTS / "web" / "NotoSans-Regular.woff2")
    assert fresh.getBestCmap() == committed.getBestCmap()
    assert sorted(fresh.getGlyphOrder()) == sorted(committed.getGlyphOrder())
