"""Characters the theme's fonts cannot draw are named at their field, and the build refuses them,
unless the workspace's theme brings a font that has them (then the PDF draws them in it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pypdf import PdfReader
from typer.testing import CliRunner

from brief.cli.commands import app
from tests.helpers import invoke, pdf_text, replace_in

runner = CliRunner()
THESIS = "thesis: Dams do more harm than good.\n"  # sources/left.yaml, line 10


@pytest.fixture
def glyph_ws(tiny_cwd: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny workspace as the current folder, with a cache of its own (font coverage is cached)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tiny_cwd


def with_thesis(glyph_ws: Path, thesis: str) -> None:
    replace_in(glyph_ws / "sources" / "left.yaml", THESIS, f"thesis: {thesis}\n")


@pytest.mark.parametrize(
    ("thesis", "named"),
    [
        ("Dams ☃ harm.", "'☃' (U+2603 SNOWMAN)"),
        ("Dams 😀 harm.", "'😀' (U+1F600 GRINNING FACE)"),
        ("水坝 harm.", "'水' (U+6C34 CJK UNIFIED IDEOGRAPH-6C34), '坝' (U+575D CJK UNIFIED IDEOGRAPH-575D)"),
        ("댐 harm.", "'댐' (U+B310 HANGUL SYLLABLE DAEM)"),
        (
            "बाँध",
            "'ब' (U+092C DEVANAGARI LETTER BA), 'ा' (U+093E DEVANAGARI VOWEL SIGN AA), "
            "'ँ' (U+0901 DEVANAGARI SIGN CANDRABINDU), 'ध' (U+0927 DEVANAGARI LETTER DHA)",
        ),
        ("سد", "'س' (U+0633 ARABIC LETTER SEEN), 'د' (U+062F ARABIC LETTER DAL)"),
        ('"Dams\\e harm."', "U+001B (a control character)"),
    ],
    ids=["snowman", "emoji", "cjk", "hangul", "devanagari", "arabic", "control"],
)
def test_check_names_each_character_no_font_has_at_its_field(glyph_ws: Path, thesis: str, named: str) -> None:
    with_thesis(glyph_ws, thesis)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1, result.output
    plural = "," in named
    assert result.stderr.splitlines() == [
        f"sources/left.yaml:10:9: thesis: no font of the theme can draw {named}: "
        + (
            "they would print as empty boxes, or in other fonts on another machine; remove them, or add a font "
            "that has them to templates/fonts/"
            if plural
            else "it would print as an empty box, or in another font on another machine; remove it, or add a font "
            "that has it to templates/fonts/"
        ),
        "1 problem found.",
    ]


def test_a_per_language_text_and_a_brief_field_are_located_too(glyph_ws: Path) -> None:
    brief = glyph_ws / "briefs" / "debate.yaml"
    brief.write_text(brief.read_text().replace("title: Dams", "title: {en: Dams ✓}"), encoding="utf-8")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        "briefs/debate.yaml:2:13: title.en: no font of the theme can draw '✓' (U+2713 CHECK MARK)"
    )


def test_the_build_refuses_them_and_writes_nothing(glyph_ws: Path) -> None:
    with_thesis(glyph_ws, "Dams ☠ harm.")
    result = invoke("build", "--format", "both", cwd=glyph_ws)
    assert result.returncode == 1
    assert "'☠' (U+2620 SKULL AND CROSSBONES)" in result.stderr.splitlines()[0]
    assert not (glyph_ws / "build").exists()


def snowman_font(path: Path) -> None:
    """A tiny font of our own that draws '☃' (a square will do) and nothing else."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "snowman"])
    builder.setupCharacterMap({0x2603: "snowman"})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((600, 700))
    pen.lineTo((600, 0))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "snowman": square})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "snowman": (700, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Snowman Test", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))


def test_a_theme_font_that_has_the_character_lets_it_print(glyph_ws: Path) -> None:
    fonts = glyph_ws / "templates" / "fonts"
    fonts.mkdir(parents=True)
    snowman_font(fonts / "Snowman.ttf")
    with_thesis(glyph_ws, "Dams ☃ harm.")
    assert runner.invoke(app, ["check"]).exit_code == 0
    result = invoke("build", "--edition", "participant", cwd=glyph_ws)
    assert result.returncode == 0, result.stderr
    pdf = glyph_ws / "build" / "debate.en.pdf"
    assert "Dams ☃ harm." in pdf_text(pdf)
    fonts_used = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(pdf).pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("Snowman" in name for name in fonts_used), fonts_used
