"""The handouts on paper: no near-empty page, the clash table and the sources each on one page,
the article's language named in words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from brief.analysis import analyse, language_name
from brief.model import Edition
from brief.render import Theme, laid_out, render_html
from brief.validate import load_debate

from .conftest import ROOT, SAMPLE_BRIEF, pdf_text

EDITIONS = [(lang, edition) for lang in ("en", "fr") for edition in Edition]
CONTENT_TAGS = {"p", "li", "tr", "td", "th", "h1", "h2", "h3", "blockquote", "div", "figure"}


@pytest.fixture(scope="module", params=EDITIONS, ids=[f"{lang}-{e.value}" for lang, e in EDITIONS])
def pages(request: pytest.FixtureRequest) -> list[Any]:
    """The sample's pages as WeasyPrint lays them out for one language and edition."""
    lang, edition = request.param
    theme = Theme()
    debate = load_debate(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml")
    return [page._page_box for page in laid_out(render_html(analyse(debate, lang, edition), theme), theme).pages]


def elements_on(page: Any) -> list[Any]:
    return [box.element for box in page.descendants() if getattr(box, "element", None) is not None]


def fill(page: Any) -> float:
    """How far down the page its content reaches, as a share of the text area (running heads left out)."""
    bottom = max(
        box.position_y + box.margin_height()
        for box in page.descendants()
        if getattr(box, "element_tag", None) in CONTENT_TAGS
    )
    return (bottom - page.content_box_y()) / page.height


def pages_holding(pages: list[Any], css_class: str) -> set[int]:
    return {
        number
        for number, page in enumerate(pages, 1)
        for element in elements_on(page)
        if css_class in (element.get("class") or "").split()
    }


def test_no_page_is_left_near_empty(pages: list[Any]) -> None:
    """A section may end part-way down a page, but no page holds a lone card or heading: each
    is at least half full, except the last and the facilitator's plan (a page of its own)."""
    plan = {n for n, page in enumerate(pages, 1) if any(e.get("id") == "facilitator-plan" for e in elements_on(page))}
    sparse = {n: round(fill(page), 2) for n, page in enumerate(pages[:-1], 1) if n not in plan and fill(page) < 0.5}
    assert not sparse, sparse


def test_clash_table_fits_one_page(pages: list[Any]) -> None:
    assert len(pages_holding(pages, "clash-row")) == 1


def test_both_sources_share_the_last_page(pages: list[Any]) -> None:
    assert pages_holding(pages, "provenance") == {len(pages)}


@pytest.mark.parametrize(("lang", "name"), [("en", "Language French"), ("fr", "Langue français")])
def test_sources_name_the_article_language_in_the_edition_language(sample_build: Path, lang: str, name: str) -> None:
    text = pdf_text(sample_build / f"{SAMPLE_BRIEF}.{lang}.pdf")
    sources = text[text.rindex("Sources") :]
    assert len(re.findall(name, sources)) == 2
    assert not re.search(r"Langu(ag)?e fr\b", sources)


def test_language_name_falls_back_on_the_code() -> None:
    assert language_name("pt-BR", "en") == "Portuguese (Brazil)"
    assert language_name("de", "fr") == "allemand"
    assert language_name("qq", "en") == "qq"
