"""Briefs beyond the sample: three views, one argued by two articles, a point with no quote, and an
article shared by two briefs with topics of their own, built by the real CLI and read from the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import pdf_text, run_brief
from tests.workspaces.views import views_workspace


@pytest.fixture(scope="session")
def built(views_build: Path) -> Path:
    """The car-free workspace built once for the run by the real CLI (shared by the xdist workers)."""
    build = views_build
    printed = (build.parent / "done").read_text(encoding="utf-8")
    assert "wrote build/car-free.en.sheet.pdf" in printed and "wrote build/parking.en.pdf" in printed
    return build


def test_three_views_side_by_side_with_their_stances(built: Path) -> None:
    text = pdf_text(built / "car-free.en.pdf")
    clash = text[text.index("Where they clash") : text.index("Each side in detail A")]
    assert "A The traders’ view B The green view C The cautious view" in clash
    # each side's stance in words, its points' numbers, and "silent on this" where it takes none
    assert "Drivers would shop elsewhere and jobs would go. A1 A2 Walkers spend more than drivers. B2" in clash
    assert "Nobody knows until a trial counts it. C1" in clash
    assert "Deliveries and people with limited mobility would suffer. A3 A4 silent on this silent on this" in clash
    html = (built / "car-free.en.html").read_text(encoding="utf-8")
    row = html[html.index('data-topic="access"') :]
    row = row[: row.index("</tr>")]
    assert [s for s in ("traders", "green", "trial") if f'class="stance" data-side="{s}"' in row] == [
        "traders",
        "green",
        "trial",
    ]


def test_a_side_of_two_articles_numbers_its_points_across_them(built: Path) -> None:
    text = pdf_text(built / "car-free.en.pdf")
    detail = text[text.index("Each side in detail A") : text.index("B The green view Quotes from")]
    assert "Quotes from: The City Post · R. Baker · February 1, 2026" in detail
    assert "Quotes from: Valley Herald · unsigned · February 3, 2026" in detail
    # the points of both articles, numbered on from one to the next, each under its article
    assert detail.index("Shops fear the empty street A1") < detail.index("A2 Small shops")
    assert detail.index("A2 Small shops") < detail.index("Deliveries at dawn A3 Vans allowed")
    assert "A4 People with limited mobility" in detail
    # the timeline names which of the side's articles each date belongs to
    assert "Article published: Shops fear the empty street" in text
    assert "Article published: Deliveries at dawn" in text
    # and the sources page has all four articles
    sources = text[text.rindex("Sources") :]
    for title in ("Shops fear the empty street", "Deliveries at dawn", "Air we can breathe"):
        assert title in sources


def test_a_point_without_a_quote_is_marked_and_counted(built: Path) -> None:
    text = pdf_text(built / "car-free.en.pdf")
    assert "B2 Walkers spend more time, and money, in shops than drivers do. NO QUOTE" in text
    assert "Points without a quote 0 1 0" in text
    assert "Verbatim quotes 4 2 2" in text


def test_balance_compares_every_pair_of_sides(built: Path) -> None:
    text = pdf_text(built / "car-free.en.pdf")
    box = text[text.index("Balance of this brief") :]
    assert "points summarised (side A over C, 2 : 1)" in box
    assert "verbatim quotes (side A over B, 2 : 1); verbatim quotes (side A over C, 2 : 1)" in box


def test_the_sheet_of_three_views_is_two_pages_with_greyscale_badges(built: Path) -> None:
    reader = PdfReader(built / "car-free.en.sheet.pdf")
    assert len(reader.pages) == 2
    text = pdf_text(built / "car-free.en.sheet.pdf")
    assert "A The traders’ view B The green view C The cautious view" in text
    css = (built / "car-free.en.sheet.html").read_text(encoding="utf-8")
    # told apart without colour: A outlined, B solid black, C grey; D would take a double outline
    assert ".side-c .badge, .badge.side-c { background: #bbb;" in css
    assert ".side-d .badge, .badge.side-d { border-style: double;" in css


def test_one_article_serves_two_briefs_with_their_own_topics(built: Path) -> None:
    parking = pdf_text(built / "parking.en.pdf")
    car_free = pdf_text(built / "car-free.en.pdf")
    assert "Parking fees Do higher fees drive customers away?" in parking
    assert "Dearer parking sends drivers to the mall. A1" in parking
    assert "Parking fees" not in car_free
    # the same article, numbered within each brief
    assert "A1 Shoppers who drive would go to the out-of-town mall instead." in parking
    assert "A1 Shoppers who drive would go to the out-of-town mall instead." in car_free


def test_an_article_on_two_sides_is_an_error(tmp_path: Path) -> None:
    ws = views_workspace(tmp_path)
    brief = ws / "briefs" / "car-free.yaml"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace(
            "    source: greenvoice-2026-02-02", "    source: citypost-2026-02-01"
        ),
        encoding="utf-8",
    )
    result = run_brief("check", "briefs/car-free.yaml", cwd=ws)
    assert result.returncode == 1
    assert (
        "briefs/car-free.yaml:13:13: sides[1].source: source 'citypost-2026-02-01' is already on side 'traders'; "
        "a source argues one side"
    ) in result.stderr


def test_check_flags_a_stance_with_no_point_and_points_with_no_stance(tmp_path: Path) -> None:
    ws = views_workspace(tmp_path)
    brief = ws / "briefs" / "car-free.yaml"
    text = brief.read_text(encoding="utf-8")
    text = text.replace("      trial: Measure pollution before and after.\n", "")  # C's point stays, its stance goes
    text = text.replace(
        "      traders: Deliveries and people with limited mobility would suffer.\n",
        "      traders: Deliveries and people with limited mobility would suffer.\n      green: Buses would do.\n",
    )
    brief.write_text(text, encoding="utf-8")
    result = run_brief("check", "--strict", "briefs/car-free.yaml", cwd=ws)
    assert result.returncode == 1
    assert (
        "topics[1].stances.green: side 'green' has a stance on 'access' but none of its points is listed in "
        "this topic's points"
    ) in result.stderr
    assert "topics[2].points: side 'trial' has points on 'health' but no stance there" in result.stderr
