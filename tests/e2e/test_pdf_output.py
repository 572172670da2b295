"""The PDF as a file: reproducible to the byte, PDF/UA on request, and no card cut by a page break."""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.model.enums import Edition
from brief.render.html import Theme
from brief.render.pdf import pdf_bytes
from tests.helpers import cards_of
from tests.workspaces import SAMPLE_BRIEF


def test_font_subsetting_by_fonttools_does_not_stamp_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without HarfBuzz's subsetter WeasyPrint falls back to fontTools, which writes the current
    time into each font's `head` table: the brief's as-of date must stand in for it."""
    import weasyprint.pdf.fonts

    import brief.render.fonts
    import brief.render.pdf

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    # A font configuration of its own: the font face below would otherwise stay registered in this
    # process's, and a build forked from it later would print other fonts' names.
    fresh = functools.cache(brief.render.fonts.private_font_config.__wrapped__)
    monkeypatch.setattr(brief.render.pdf, "private_font_config", fresh)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    theme = Theme()
    html = (
        '<html lang="en"><style>@font-face { font-family: T; src: url(fonts/NotoSans-Regular.ttf) }'
        "body { font-family: T }</style><p>Two builds, one file.</p></html>"
    )
    as_of = dt.date(2026, 11, 21)
    first = pdf_bytes(html, theme, created=as_of)
    unpinned = pdf_bytes(html, theme)
    time.sleep(1.1)
    assert pdf_bytes(html, theme, created=as_of) == first
    assert pdf_bytes(html, theme) != unpinned  # the clock does leak when nothing pins it
    assert "SOURCE_DATE_EPOCH" not in os.environ  # and the pin is undone after the write


@pytest.mark.heavy
def test_pdf_ua_on_letter_paper(letter_build: Path) -> None:
    reader = PdfReader(letter_build / f"{SAMPLE_BRIEF}.en.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "Trump and Putin: admiration or calculation?" in xmp
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 612 and round(float(page.mediabox.height)) == 792


@pytest.mark.parametrize(
    "build",
    [pytest.param("sample_build", id="a4"), pytest.param("letter_build", id="letter", marks=pytest.mark.heavy)],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("edition", [Edition.participant, Edition.facilitator, Edition.sheet])
def test_no_card_is_split_across_pages(build: str, lang: str, edition: Edition, request: pytest.FixtureRequest) -> None:
    """Points, experts, sources and clash rows each sit whole on one page, in the very layout
    each PDF of the run's shared builds was written from."""
    cards = cards_of(request.getfixturevalue(build), lang, edition.value)
    assert len(cards) >= (30 if edition != Edition.sheet else 5)  # the sheet has only the clash table's rows
    split = [card for card in cards if len(card["pages"]) > 1]
    assert not split, split
