"""render.py: the theme's stylesheet is parsed once per process and cascades as it does inline."""

from __future__ import annotations

import shutil
from pathlib import Path

from brief.build.pipeline import load_all
from brief.model.enums import Edition
from brief.render.html import render_html
from brief.render.pdf import _stylesheet, pdf_bytes
from brief.theme.search import Theme
from brief.views.analysis import analyse
from tests.workspaces import ROOT


def test_the_stylesheet_parsed_once_gives_the_bytes_of_the_inline_one(tiny_ws: Path) -> None:
    (debate,), problems, _ = load_all([tiny_ws / "briefs" / "debate.yaml"])
    assert not problems
    theme = Theme(tiny_ws)
    html = render_html(analyse(debate, "en", Edition.sheet), theme, paper="A4")
    # A second (empty) style element keeps the stylesheet inline, as WeasyPrint reads it on its own.
    inline = html.replace("</head>", "<style></style></head>", 1)
    first = pdf_bytes(html, theme, created=debate.brief.model.as_of)
    before = _stylesheet.cache_info()
    again = pdf_bytes(html, theme, created=debate.brief.model.as_of)
    after = _stylesheet.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)  # the second layout parsed nothing
    assert first == again == pdf_bytes(inline, theme, created=debate.brief.model.as_of)


def _page(font: str) -> str:
    """A page in one face, loaded from the theme's fonts/ as a theme's @font-face rule does."""
    return (
        '<!DOCTYPE html><html lang="en"><head><style>'
        f'@font-face {{ font-family: "Face"; src: url("fonts/{font}.ttf"); }} body {{ font-family: "Face"; }}'
        "</style></head><body><p>Fonts changed while brief watches</p></body></html>"
    )


def _theme(root: Path, own: str) -> Theme:
    """A workspace whose theme has a font file of its own, Own.ttf, with the built-in font `own`'s bytes."""
    (root / "templates" / "fonts").mkdir(parents=True)
    (root / "templates" / "fonts" / "Own.ttf").write_bytes((ROOT / "templates" / "fonts" / f"{own}.ttf").read_bytes())
    return Theme(root)


def test_a_process_that_renders_again_after_its_fonts_changed_embeds_the_new_ones(tmp_path: Path) -> None:
    """As `brief watch` and `brief serve` render again in one process: once a theme's @font-face rule
    or one of its font files has changed, the PDF is the one a process meeting the new fonts first
    writes (a font configuration keeps every face it loaded: one was kept, and won)."""
    theme = _theme(tmp_path / "watched", "NotoSerif-Regular")
    serif = pdf_bytes(_page("NotoSerif-Regular"), theme)
    assert pdf_bytes(_page("Own"), theme) == serif  # the same face, from the theme's own file

    # the rule names another file
    sans = pdf_bytes(_page("NotoSans-Regular"), theme)
    assert sans != serif
    assert sans == pdf_bytes(_page("NotoSans-Regular"), _theme(tmp_path / "fresh", "NotoSerif-Regular"))

    # the file the rule names is written over with another font
    shutil.copy(
        ROOT / "templates" / "fonts" / "NotoSans-Regular.ttf", tmp_path / "watched" / "templates" / "fonts" / "Own.ttf"
    )
    assert pdf_bytes(_page("Own"), theme) == pdf_bytes(_page("Own"), _theme(tmp_path / "other", "NotoSans-Regular"))
