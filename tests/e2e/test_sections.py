"""The sample's clash table, timeline and balance box as a reader sees them, and stable section ids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.model.enums import Edition
from brief.model.validate import load_debate
from brief.render.html import Theme, render_html
from brief.views.analysis import analyse
from brief.views.objects import BriefView
from tests.helpers import pdf_pages
from tests.workspaces import ROOT, SAMPLE_BRIEF

SECTION_IDS = ["summary", "clash", "sides", "experts", "timeline", "balance", "questions", "sources"]


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdf_text folds it (whitespace folded, end-of-line hyphens undone)."""
    return [" ".join(p.split()).replace("\u2010 ", "") for p in pdf_pages(pdf)]


@pytest.fixture(scope="module")
def pages(sample_build: Path) -> list[str]:
    return page_texts(sample_build / f"{SAMPLE_BRIEF}.en.pdf")


@pytest.fixture(scope="module")
def sample_view() -> BriefView:
    debate = load_debate(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml")
    return analyse(debate, "en", Edition.participant)


def first_page(pages: list[str], heading: str) -> int:
    """The first page a section heading stands on (sections flow on; a lead may quote a heading)."""
    return next(i for i, text in enumerate(pages) if heading in text.replace(f"“{heading}”", ""))


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
    for edition in (Edition.participant, Edition.facilitator):
        html = render_html(analyse(debate, "en", edition), Theme())
        assert [i for i in section_ids(html) if i in SECTION_IDS] == SECTION_IDS
        assert "Balance of this brief" in html
    # the one sheet: the question, the clash in words, the quotes, the questions, the sources
    sheet = render_html(analyse(debate, "en", Edition.sheet), Theme())
    assert section_ids(sheet) == ["summary", "clash", "quotes", "questions", "sources"]


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


def test_clash_table_gives_each_stance_in_words(pages: list[str], sample_view: BriefView) -> None:
    """The clash table, each row whole on one page: each topic's crux, then each side's stance in words
    and its point numbers; the points themselves follow in "Each side in detail", each printed once.
    The table follows page 1 where it fits, so its rows may run on over the next page."""
    clash = first_page(pages, "Where they clash")
    in_detail = first_page(pages, "Each side in detail A The critical view")
    assert in_detail in (clash, clash + 1)
    both = pages[clash] + "\n" + pages[clash + 1]
    for row in sample_view.clash:
        a, b = row.positions
        assert a.stance and b.stance
        numbers = [" ".join(p.number for p in position.points) for position in row.positions]
        assert f"{' '.join(row.topic.crux.split())} {' '.join(a.stance.split())} {numbers[0]}" in both
        assert f"{' '.join(b.stance.split())} {numbers[1]}" in both
    detail = " ".join(pages[in_detail:])[" ".join(pages[in_detail:]).index("Each side in detail") :]
    for side in sample_view.sides:
        for point in side.points:
            assert detail.count(f"{point.number} {' '.join(point.claim.split())}") == 1


def test_clash_rows_carry_topic_and_side_ids(sample_build: Path, sample_view: BriefView) -> None:
    """Themes and tests find each row by `data-topic`, each stance by `class="stance"` and `data-side`."""
    html = (sample_build / f"{SAMPLE_BRIEF}.en.html").read_text(encoding="utf-8")
    for row in sample_view.clash:
        block = html[html.index(f'data-topic="{row.topic.id}"') :]
        block = block[: block.index("</tr>")]
        for position in row.positions:
            assert f'<td class="stance" data-side="{position.side_id}">' in block
    assert {p.side_id for row in sample_view.clash for p in row.positions} == {"critical", "ballet"}


def test_timeline_shows_when_each_article_was_written(pages: list[str]) -> None:
    start = first_page(pages, "Timeline")
    text = " ".join(pages[start : start + 2])
    # every dated event comes from the critical piece, and the lead says so rather than "both articles"
    assert "Dated events come only from the articles of: A ." in text and "both articles" not in text
    # the ballet piece: a week before the Alaska summit, by the bare date at its head, which we read as its date
    assert (
        "August 8, 2025 B Article published (our reading of a bare date at its head): title not stated "
        "7 days before the next event dated to the day (August 15, 2025) "
        "August 15, 2025 A Trump\u2013Putin summit in Alaska"
    ) in text
    # the critical piece: after the peace plan of November 2025
    plan = text.index("November 2025 A A peace plan for Ukraine")
    critic = text.index("January 11, 2026 A Article published: title not stated")
    assert plan < critic
    assert "149 days after the last event dated to the day before it (August 15, 2025)" in text[critic:]
    # partial dates are shown as such, a year before the days within it
    assert (
        text.index("2022 A Start of the war")
        < text.index("2025 A The Trump\u2013Putin relationship")
        < text.index("August 8, 2025")
    )


def test_balance_box_shows_each_sides_weight(pages: list[str], sample_view: BriefView) -> None:
    start = first_page(pages, "Balance of this brief")
    text = " ".join(pages[start : start + 2])
    box = text[text.index("Balance of this brief") :]
    a, b = sample_view.balance.sides
    assert f"Points summarised {a.points} {b.points}" in box
    assert f"Verbatim quotes {a.quotes} {b.quotes}" in box
    assert f"Words in our summaries {a.summary_words} {b.summary_words}" in box
    assert f"Named experts cited {a.named_experts} {b.named_experts}" in box
    assert f"Unnamed sources {a.unnamed_sources} {b.unnamed_sources}" in box
    assert f"Institutions cited {a.institutions} {b.institutions}" in box
    assert f"Points without a quote {a.unquoted} {b.unquoted}" in box
    assert "no side outweighs another by more than 1.5 : 1" in box
