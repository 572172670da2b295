"""The real sample brief, built by the real CLI, read back as a reader of the PDF would."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.model.load import load_brief, load_source
from brief.model.source import ExpertKind
from brief.views.objects import tr
from tests.helpers import pdf_pages, pdf_text
from tests.workspaces import ROOT, SAMPLE_BRIEF, SOURCE_IDS


@pytest.fixture(scope="module")
def pdf(sample_build: Path) -> Path:
    return sample_build / f"{SAMPLE_BRIEF}.en.pdf"


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return pdf_text(pdf)


def folded(s: str) -> str:
    return " ".join(s.split())


def test_pdf_is_a4_with_numbered_pages(pdf: Path) -> None:
    reader = PdfReader(pdf)
    count = len(reader.pages)
    assert 6 <= count <= 30
    for number, (page, text) in enumerate(zip(reader.pages, pdf_pages(pdf), strict=True), 1):
        assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
        assert f"{number} / {count}" in text


def test_page_one_sets_the_two_theses_side_by_side(pdf: Path) -> None:
    brief = load_brief(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml").model
    first = folded(pdf_pages(pdf)[0])
    assert folded(tr(brief.question, "en")) in first
    for side in brief.sides:
        assert folded(tr(side.label, "en")) in first
        source = load_source(ROOT / "sources" / f"{side.source}.yaml").model
        # pypdf reads two columns line by line, so check each thesis by its opening words
        assert folded(tr(source.thesis, "en"))[:40] in first or all(
            w in first for w in tr(source.thesis, "en").split()[:8]
        )
    assert "January 11, 2026" in first and "August 8, 2025" in first


def test_every_thesis_expert_and_quote_is_printed(text: str) -> None:
    for source_id in SOURCE_IDS:
        source = load_source(ROOT / "sources" / f"{source_id}.yaml").model
        assert folded(tr(source.thesis, "en")) in text
        for expert in source.experts:
            assert folded(tr(expert.name, "en")) in text
        for point in source.points:
            assert folded(point.quote) in text
            assert folded(tr(point.claim, "en")) in text


def test_unnamed_sources_are_flagged(text: str) -> None:
    source = load_source(ROOT / "sources" / "ballet-diplomatique-2025-08-08.yaml").model
    unnamed = [e for e in source.experts if e.kind is ExpertKind.unnamed]
    assert unnamed, "the ballet piece leans on unnamed sources"
    for expert in unnamed:
        assert f"unnamed source {folded(tr(expert.name, 'en'))}" in text


def test_sources_page_says_what_is_not_stated(text: str) -> None:
    sources = text[text.rindex("Sources") :]
    assert (
        sources.count("not stated") >= 5
    )  # the ballet piece: no title, outlet, author, address; no title for the other
    assert "Khadim Nd." in sources and "NotreContinent.com" in sources


def test_clash_table_and_sections_are_there(text: str) -> None:
    for heading in ("Where they clash", "Each side in detail", "Questions for the group", "Sources"):
        assert heading in text


def test_metadata_names_title_author_language(pdf: Path) -> None:
    reader = PdfReader(pdf)
    brief = load_brief(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml").model
    assert reader.metadata is not None
    assert reader.metadata.title == tr(brief.title, "en")
    assert reader.metadata.author == tr(brief.editor, "en")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_bookmarks_follow_the_headings(pdf: Path) -> None:
    titles = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    assert "Where they clash" in titles and "Sources" in titles


def test_fonts_are_the_bundled_ones_and_embedded(pdf: Path) -> None:
    reader = PdfReader(pdf)
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    # only the theme's bundled fonts: nothing falls back to whatever the machine has
    assert fonts and all(f.startswith(("Brief-Serif", "Brief-Sans")) for f in fonts), fonts


def test_html_edition_is_written_and_escaped(sample_build: Path) -> None:
    html = (sample_build / f"{SAMPLE_BRIEF}.en.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'lang="en"' in html and 'id="clash"' in html
