"""The sample's clash table, timeline and balance box as a reader sees them, and stable section ids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.analysis import BriefView, analyse
from brief.model import Edition
from brief.render import Theme, render_html
from brief.validate import load_debate

from .conftest import ROOT, SAMPLE_BRIEF

SECTION_IDS = ["summary", "clash", "sides", "experts", "timeline", "balance", "questions", "sources"]


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdf_text folds it (whitespace folded, end-of-line hyphens undone)."""
    return [" ".join((p.extract_text() or "").split()).replace("\u2010 ", "") for p in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def pages(sample_build: Path) -> list[str]:
    return page_texts(sample_build / f"{SAMPLE_BRIEF}.en.pdf")


@pytest.fixture(scope="module")
def sample_view() -> BriefView:
    debate = load_debate(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml")
    return analyse(debate, "en", Edition.participant)


def first_page(pages: list[str], heading: str) -> int:
    return next(i for i, text in enumerate(pages) if text.startswith(heading))


class _SectionIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.ids += [v for k, v in attrs if k == "id" and v]


def section_ids(html: str) -> list[str]:
    parser = _SectionIds()
    parser.feed(html)
    return parser.ids


def test_html_sections_have_stable_ids_in_order(sample_build: Path) -> None:
    ids = section_ids((sample_build / f"{SAMPLE_BRIEF}.en.html").read_text(encoding="utf-8"))
    assert [i for i in ids if i in SECTION_IDS] == SECTION_IDS
    assert len(ids) == len(set(ids))


def test_every_edition_has_the_sections_and_the_balance_box() -> None:
    debate = load_debate(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml")
    for edition in Edition:
        html = render_html(analyse(debate, "en", edition), Theme())
        assert [i for i in section_ids(html) if i in SECTION_IDS] == SECTION_IDS
        assert "Balance of this brief" in html


def test_pdf_bookmarks_follow_the_section_headings(sample_build: Path) -> None:
    outline = PdfReader(sample_build / f"{SAMPLE_BRIEF}.en.pdf").outline
    top = [item.title for item in outline if not isinstance(item, list)]
    wanted = [
        "Where they clash",
        "Each side in detail",
        "Who each side leans on",
        "Timeline",
        "Balance of this brief",
        "Questions for the group",
        "Sources",
    ]
    assert [t for t in top if t in wanted] == wanted


def test_clash_table_is_one_page_with_the_points_on_the_next(pages: list[str], sample_view: BriefView) -> None:
    clash = first_page(pages, "Where they clash")
    assert pages[clash + 1].startswith("The points, numbered")
    assert first_page(pages, "Each side in detail") == clash + 2
    for row in sample_view.clash:
        a, b = (" ".join(p.number for p in side) for side in row.positions)
        # each topic's crux, then side A's point numbers, then side B's
        assert f"{row.topic.crux} {a} {b}" in pages[clash]
    for side in sample_view.sides:
        for point in side.points:
            assert f"{point.number} {' '.join(point.claim.split())}" in pages[clash + 1]


def test_timeline_shows_when_each_article_was_written(pages: list[str]) -> None:
    text = pages[first_page(pages, "Timeline")]
    # the ballet piece: a week before the Alaska summit
    assert (
        "August 8, 2025 B Article published: The diplomatic-ballet view "
        "7 days before the next dated event (August 15, 2025) "
        "August 15, 2025 A Trump\u2013Putin summit in Alaska"
    ) in text
    # the critical piece: after the peace plan of November 2025
    plan = text.index("November 2025 A A peace plan for Ukraine")
    critic = text.index("January 11, 2026 A Article published: The critical view")
    assert plan < critic
    assert "149 days after the last dated event before it (August 15, 2025)" in text[critic:]
    # partial dates are shown as such, a year before the days within it
    assert (
        text.index("2022 A Start of the war")
        < text.index("2025 A The Trump\u2013Putin relationship")
        < text.index("August 8, 2025")
    )


def test_balance_box_shows_each_sides_weight(pages: list[str], sample_view: BriefView) -> None:
    text = pages[first_page(pages, "Timeline")]
    box = text[text.index("Balance of this brief") :]
    a, b = sample_view.balance.sides
    assert f"Points summarised {a.points} {b.points}" in box
    assert f"Verbatim quotes {a.quotes} {b.quotes}" in box
    assert f"Words in our summaries {a.summary_words} {b.summary_words}" in box
    assert f"Named experts cited {a.named_experts} {b.named_experts}" in box
    assert f"Unnamed sources {a.unnamed_sources} {b.unnamed_sources}" in box
    assert "neither side outweighs the other by more than 1.5 : 1" in box
