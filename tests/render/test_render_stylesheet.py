"""render.py: the theme's stylesheet is parsed once per process and cascades as it does inline."""

from __future__ import annotations

from pathlib import Path

from brief.build.pipeline import load_all
from brief.model.enums import Edition
from brief.render.html import render_html
from brief.render.pdf import _stylesheet, pdf_bytes
from brief.theme.search import Theme
from brief.views.analysis import analyse
from tests.workspaces import SAMPLE_BRIEF


def test_the_stylesheet_parsed_once_gives_the_bytes_of_the_inline_one(workspace: Path) -> None:
    (debate,), problems, _ = load_all([workspace / "briefs" / f"{SAMPLE_BRIEF}.yaml"])
    assert not problems
    theme = Theme(workspace)
    html = render_html(analyse(debate, "en", Edition.sheet), theme, paper="A4")
    # A second (empty) style element keeps the stylesheet inline, as WeasyPrint reads it on its own.
    inline = html.replace("</head>", "<style></style></head>", 1)
    first = pdf_bytes(html, theme, created=debate.brief.model.as_of)
    before = _stylesheet.cache_info()
    again = pdf_bytes(html, theme, created=debate.brief.model.as_of)
    after = _stylesheet.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)  # the second layout parsed nothing
    assert first == again == pdf_bytes(inline, theme, created=debate.brief.model.as_of)
