"""The handouts on paper, read back from the real PDFs of every edition, language and paper:
how many pages, how full each is, no heading left at the foot of a page, no name split at a
line's end, the article's language named in words."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from brief.views.objects import language_name
from tests.helpers import body_filled, in_body, pdf_runs
from tests.workspaces import SAMPLE_BRIEF

# Letter repeats every check of A4 on another paper: the heavy step's (tests/processes.py).
PAPERS = (pytest.param("sample_build", id="A4"), pytest.param("letter_build", id="letter", marks=pytest.mark.heavy))
LANGS = ("en", "fr")
# The most pages each edition may take for the sample, on either paper.
MOST_PAGES = {"sheet": 2, "participant": 8, "facilitator": 10}
SUFFIX = {"sheet": ".sheet", "participant": "", "facilitator": ".facilitator"}
HYPHEN = "\u2010"  # what WeasyPrint puts at the end of a hyphenated line


@pytest.fixture(params=PAPERS)
def built(request: pytest.FixtureRequest) -> Path:
    """Every edition of the sample in both languages on one paper, built once by the real CLI."""
    return request.getfixturevalue(request.param)


@cache
def runs(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's runs of text as pypdf reads them, with how far down the page each stands (a share
    of the page's height); read once per run, since reading is the slow part."""
    return pdf_runs(pdf)


def lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's lines of body text, top to bottom, as (distance from the top as a share of the page
    height, text); the running header and the folio bands (the top and bottom 7 %) are left out."""
    pages = []
    for page in runs(pdf):
        found: dict[float, list[str]] = {}
        for y, text in page:
            found.setdefault(y, []).append(text)
        pages.append([(y, " ".join(found[y]).strip()) for y in sorted(found) if in_body(y)])
    return pages


def headings(html: Path) -> set[str]:
    """The text of every heading of the edition, as its HTML gives it."""
    text = html.read_text(encoding="utf-8")
    found = re.findall(r"<h[123][^>]*>(.*?)</h[123]>", text, re.S)
    return {" ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in found} - {""}


EDITIONS = [(lang, edition) for lang in LANGS for edition in MOST_PAGES]


@pytest.mark.parametrize(("lang", "edition"), EDITIONS, ids=[f"{lang}-{e}" for lang, e in EDITIONS])
def test_pages_are_few_and_full(built: Path, lang: str, edition: str) -> None:
    """The sheet is exactly one sheet (two pages); the dossier and the facilitator's copy stay short;
    no page but the last ends above half its height (as ../shared/tools/pagefill.py measures it)."""
    pdf = built / f"{SAMPLE_BRIEF}.{lang}{SUFFIX[edition]}.pdf"
    pages = lines(pdf)
    if edition == "sheet":
        assert len(pages) == 2
    else:
        assert len(pages) <= MOST_PAGES[edition]
    fill = {n: body_filled(page[-1][0]) if page else 0.0 for n, page in enumerate(pages[:-1], 1)}
    assert not {n: round(f, 2) for n, f in fill.items() if f < 0.5}


@pytest.mark.parametrize(("lang", "edition"), EDITIONS, ids=[f"{lang}-{e}" for lang, e in EDITIONS])
def test_no_heading_ends_a_page(built: Path, lang: str, edition: str) -> None:
    stem = f"{SAMPLE_BRIEF}.{lang}{SUFFIX[edition]}"
    titles = headings(built / f"{stem}.html")
    assert len(titles) >= 5
    pages = lines(built / f"{stem}.pdf")
    last_lines = {n: page[-1][1] for n, page in enumerate(pages[:-1], 1) if page}
    assert not {n: line for n, line in last_lines.items() if line in titles}


@pytest.mark.parametrize(("lang", "edition"), EDITIONS, ids=[f"{lang}-{e}" for lang, e in EDITIONS])
def test_no_word_is_hyphenated(built: Path, lang: str, edition: str) -> None:
    """Names (« Pou-tine », « États-/Unis »), headings and the question are never split at a line's end:
    the theme hyphenates nothing, so no line ends with WeasyPrint's hyphen."""
    pages = runs(built / f"{SAMPLE_BRIEF}.{lang}{SUFFIX[edition]}.pdf")
    assert pages and all(pages)
    assert not [text for page in pages for _, text in page if text.rstrip().endswith(HYPHEN)]


@pytest.mark.parametrize(("lang", "name"), [("en", "French"), ("fr", "français")])
def test_sources_name_the_article_language_in_the_edition_language(built: Path, lang: str, name: str) -> None:
    text = " ".join(line for page in lines(built / f"{SAMPLE_BRIEF}.{lang}.pdf") for _, line in page)
    assert re.search(rf"(Language|Langue)\s*:?\s*{name}", text)


def test_language_name_falls_back_on_the_code() -> None:
    assert language_name("xx", "en") == "xx"
    assert language_name("de", "fr") == "allemand"


@pytest.mark.parametrize("lang", LANGS)
def test_the_facilitators_clash_table_faces_the_numbered_points(built: Path, lang: str) -> None:
    """Printed on both sides and stapled, pages 2k and 2k+1 face each other: the clash table starts on
    a left-hand (even) page and the numbered points start on it or on the page facing it."""
    pages = lines(built / f"{SAMPLE_BRIEF}.{lang}.facilitator.pdf")
    clash_heading = "Where they clash" if lang == "en" else "Où elles s’opposent"
    detail_heading = "Each side in detail" if lang == "en" else "Chaque lecture en détail"

    def first(heading: str) -> int:
        return next(n for n, page in enumerate(pages, 1) if any(text == heading for _, text in page))

    clash, detail = first(clash_heading), first(detail_heading)
    assert clash % 2 == 0
    assert detail in (clash, clash + 1)
