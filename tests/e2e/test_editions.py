"""The four handouts of the sample (en/fr x participant/facilitator), read back as their readers would."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.model.brief import Brief
from brief.model.load import load_brief, load_source
from brief.model.source import Source
from brief.views.objects import tr, variant
from tests.helpers import pdf_pages
from tests.workspaces import ROOT, SAMPLE_BRIEF, SOURCE_IDS

EDITIONS = [(lang, suffix) for lang in ("en", "fr") for suffix in (".sheet", "", ".facilitator", ".questionnaire")]
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml").model


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return [load_source(ROOT / "sources" / f"{s}.yaml").model for s in SOURCE_IDS]


def pages(path: Path) -> list[str]:
    """Each page's text as pypdf extracts it."""
    return list(pdf_pages(path))


@cache
def pdf_text(path: Path) -> str:
    """As conftest.pdf_text (pages joined, whitespace folded, hyphenation undone), from the cached pages."""
    return " ".join(" ".join(page.split()) for page in pages(path)).replace("\u2010 ", "")


def folded(s: str) -> str:
    return " ".join(s.split())


class _Text(HTMLParser):
    """The text a reader of the HTML sees (no <style>, no attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


# --- editions ------------------------------------------------------------------


def test_build_writes_every_declared_edition(sample_build: Path, brief: Brief) -> None:
    assert brief.languages == ["en", "fr"]
    assert [e.value for e in brief.editions] == ["sheet", "participant", "facilitator", "questionnaire"]
    pdfs = sorted(p.name for p in sample_build.glob("*.pdf"))
    assert pdfs == sorted(f"{SAMPLE_BRIEF}.{lang}{suffix}.pdf" for lang, suffix in EDITIONS)
    htmls = sorted(p.name for p in sample_build.glob("*.html"))
    assert htmls == sorted(f"{SAMPLE_BRIEF}.{lang}{suffix}.html" for lang, suffix in EDITIONS)


@pytest.mark.parametrize(("lang", "mark"), [("en", "FACILITATOR EDITION"), ("fr", "ÉDITION ANIMATEUR")])
def test_facilitator_edition_is_marked_on_every_page(sample_build: Path, lang: str, mark: str) -> None:
    facilitator = pages(sample_build / f"{SAMPLE_BRIEF}.{lang}.facilitator.pdf")
    assert len(facilitator) > 5
    assert all(mark in page for page in facilitator)
    assert not any(mark in page for page in pages(sample_build / f"{SAMPLE_BRIEF}.{lang}.pdf"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_facilitator_gets_notes_timings_hints_and_omissions(
    sample_build: Path, brief: Brief, sources: list[Source], lang: str
) -> None:
    facilitator = pdf_text(sample_build / f"{SAMPLE_BRIEF}.{lang}.facilitator.pdf")
    participant = pdf_text(sample_build / f"{SAMPLE_BRIEF}.{lang}.pdf")
    private = []
    for topic in brief.topics:
        assert topic.note is not None and topic.minutes is not None
        private.append(folded(tr(topic.note, lang)))
        assert f"({topic.minutes} min)" in facilitator
    for question in brief.questions:
        assert question.hint is not None
        private.append(folded(tr(question.hint, lang)))
    for source in sources:
        assert source.leaves_out
        private += [folded(tr(item, lang)) for item in source.leaves_out]
    for text in private:
        assert text in facilitator
        assert text not in participant
    # the agenda: opening, reading, each topic with its minutes, closing, and the total
    agenda = facilitator[facilitator.index("Agenda" if lang == "en" else "Déroulé") :]
    for topic in brief.topics:
        assert f"{folded(tr(topic.label, lang))} " in agenda
    reading = re.search(r"(\d+) min", agenda[agenda.index("Reading" if lang == "en" else "Lecture") :])
    assert reading is not None
    total = brief.opening_minutes + int(reading.group(1)) + sum(t.minutes or 0 for t in brief.topics)
    total += brief.closing_minutes
    assert f"Total {total} min" in facilitator
    assert "Total" not in participant


def test_balance_warnings_in_the_facilitator_plan(workspace: Path) -> None:
    """Where the balance check finds a skew, the facilitator's plan says so, in the edition's language."""
    from dataclasses import replace

    from brief.model.enums import Edition
    from brief.model.validate import load_debate
    from brief.render.html import Theme, render_html
    from brief.views.analysis import analyse
    from brief.views.objects import Skew

    debate = load_debate(workspace / "briefs" / f"{SAMPLE_BRIEF}.yaml")
    theme = Theme(workspace)

    def plan(html: str) -> str:
        return html[html.index('id="facilitator-plan"') : html.index('id="experts"')]

    cases = (
        ("en", "Balance check", "1.5", "1.6", "side B", f"{NBSP}:{NBSP}1"),
        ("fr", "Contrôle de l’équilibre", "1,5", "1,6", "lecture B", f"{NNBSP}:{NBSP}1"),
    )
    for lang, heading, limit, skew_ratio, heavier, to_one in cases:
        view = analyse(debate, lang, Edition.facilitator)
        assert not view.balance.skews  # the sample is balanced: the plan says within which ratio
        balanced = plan(render_html(view, theme))
        assert heading in balanced and f"{limit}{to_one}" in balanced and heavier not in balanced
        skewed = replace(view, balance=replace(view.balance, skews=(Skew("points", 1, 0, 1.6),)))
        warned = plan(render_html(skewed, theme))  # a skewed one is named, side and ratio
        assert heading in warned and f"{heavier} " in warned and f"{skew_ratio}{to_one}" in warned
        participant = render_html(replace(skewed, edition=Edition.participant), theme)
        assert 'id="facilitator-plan"' not in participant and heading not in participant


# --- French -------------------------------------------------------------------


def test_french_edition_has_french_labels_and_dates(sample_build: Path) -> None:
    fr = pdf_text(sample_build / f"{SAMPLE_BRIEF}.fr.pdf")
    en = pdf_text(sample_build / f"{SAMPLE_BRIEF}.en.pdf")
    for label in ("Où elles s’opposent", "Chaque lecture en détail", "Questions pour le groupe", "sans indication"):
        assert label in fr and label not in en
    assert "Source la plus récente : 11 janvier 2026" in fr and "mis à jour le 21 novembre 2026" in fr
    assert "Publié le 11 janvier 2026" in fr and "8 août 2025" in fr
    assert "Where they clash" not in fr and "November" not in fr


def test_every_text_of_the_french_edition_is_in_french(sample_build: Path, sources: list[Source]) -> None:
    fr = pdf_text(sample_build / f"{SAMPLE_BRIEF}.fr.pdf")
    for source in sources:
        assert folded(tr(source.thesis, "fr")) in fr
        assert folded(tr(source.thesis, "en")) not in fr
        for point in source.points:
            assert folded(tr(point.claim, "fr")) in fr


def test_quotes_stay_in_the_original_and_translations_show_only_across_languages(
    sample_build: Path, sources: list[Source]
) -> None:
    fr = pdf_text(sample_build / f"{SAMPLE_BRIEF}.fr.pdf")
    en = pdf_text(sample_build / f"{SAMPLE_BRIEF}.en.pdf")
    assert all(s.provenance.language == "fr" for s in sources)
    for source in sources:
        for point in source.points:
            assert folded(point.quote) in fr and folded(point.quote) in en
            assert point.translation is not None
            assert folded(tr(point.translation, "en")) in en
            assert folded(tr(point.translation, "en")) not in fr
    assert "Our translation" in en
    assert "Notre traduction" not in fr


def test_adding_a_language_is_adding_one_locale_file() -> None:
    """Every label the templates use exists in each locale file, and the two files agree."""
    import yaml

    folder = ROOT / "templates" / "locale"
    locales = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.glob("*.yaml")}
    assert {"en", "fr"} <= set(locales)
    keys = {lang: set(labels) for lang, labels in locales.items()}
    assert keys["fr"] == keys["en"]


# --- typography ---------------------------------------------------------------


def test_french_typography_in_the_french_edition(sample_build: Path, brief: Brief) -> None:
    for suffix in ("", ".facilitator"):
        text = html_text(sample_build / f"{SAMPLE_BRIEF}.fr{suffix}.html")
        # a narrow no-break space before ; : ! ? everywhere, never a plain space or none
        assert not re.search(r"[ \w][;:!?](\s|$)", text), re.search(r".{20}[ \w][;:!?](\s|$)", text)
        assert text.count(f"{NNBSP}?") > 10 and text.count(f"{NNBSP}:") > 5 and f"{NNBSP};" in text
        # guillemets hold their content with no-break spaces
        assert "« " not in text and " »" not in text and f"«{NBSP}ballet diplomatique{NBSP}»" in text
        assert "'" not in text and '"' not in text
    title = tr(brief.title, "fr")
    assert title == f"Trump et Poutine{NNBSP}: admiration ou calcul{NNBSP}?"
    pdf = PdfReader(sample_build / f"{SAMPLE_BRIEF}.fr.pdf")
    assert pdf.metadata is not None and pdf.metadata.title == title
    assert title in (pdf.pages[0].extract_text() or "")


def test_english_edition_has_curly_quotes(sample_build: Path, sources: list[Source]) -> None:
    text = html_text(sample_build / f"{SAMPLE_BRIEF}.en.facilitator.html")
    written = " ".join(variant(item, "en") for s in sources for item in s.leaves_out)
    assert "experts' statements" in written  # the YAML has a straight apostrophe...
    assert "experts’ statements" in text  # ...the handout a curly one
    assert "'" not in text and '"' not in text
    # French spacing only inside the French quotes (lang="fr"), never in the English text
    html = (sample_build / f"{SAMPLE_BRIEF}.en.facilitator.html").read_text(encoding="utf-8")
    assert NNBSP in html
    english = re.sub(r'<(blockquote|q) class="[^"]*" lang="fr">.*?</\1>', "", html, flags=re.S)
    assert NNBSP not in english


def test_french_edition_declares_its_language(sample_build: Path) -> None:
    """Screen readers and WeasyPrint's typography follow the lang attribute."""
    html = (sample_build / f"{SAMPLE_BRIEF}.fr.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html


# --- the PDF itself ---------------------------------------------------------------


@pytest.mark.parametrize(("lang", "suffix"), EDITIONS)
def test_pdf_is_tagged_with_metadata(sample_build: Path, brief: Brief, lang: str, suffix: str) -> None:
    reader = PdfReader(sample_build / f"{SAMPLE_BRIEF}.{lang}{suffix}.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == lang
    assert reader.metadata is not None
    assert reader.metadata.title == tr(brief.title, lang)
    assert reader.metadata.author == tr(brief.editor, lang)
    assert reader.metadata.subject == tr(brief.question, lang)
    assert reader.metadata["/CreationDate"] == "D:20261121000000Z"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    expected = {"en": ["Where they clash", "Sources"], "fr": ["Où elles s’opposent", "Sources"]}[lang]
    if suffix == ".questionnaire":  # its title, and under it a bookmark per topic
        expected = [tr(brief.title, lang)]
        assert [item.title for item in reader.outline[1]][:1] == [tr(brief.topics[0].label, lang)]
    assert all(t in titles for t in expected)
    assert ("Facilitator’s plan" in titles or "Plan de l’animateur" in titles) is (suffix == ".facilitator")


@pytest.mark.parametrize(("lang", "suffix"), EDITIONS)
def test_every_font_is_bundled_and_embedded(sample_build: Path, lang: str, suffix: str) -> None:
    reader = PdfReader(sample_build / f"{SAMPLE_BRIEF}.{lang}{suffix}.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith(("Brief-Serif", "Brief-Sans")) for f in fonts), fonts


def test_bundled_fonts_have_every_character_the_handouts_use(sample_build: Path) -> None:
    """Else the text engine would fall back to whatever font the machine has."""
    from fontTools.ttLib import TTFont

    used = set()
    for html in sample_build.glob("*.html"):
        used |= set(html_text(html))
    used |= set("«»“”‘’\u2010–—·•…") | {NBSP, NNBSP}
    used -= {"\n", "\t", "\r"}
    for font_file in sorted((ROOT / "templates" / "fonts").glob("*.ttf")):
        cmap = TTFont(font_file, lazy=True).getBestCmap()
        missing = sorted(c for c in used if ord(c) not in cmap)
        assert not missing, f"{font_file.name} lacks {[f'U+{ord(c):04X}' for c in missing]}"


def test_the_sample_cites_what_the_articles_give_and_names_in_the_editions_language(sample_build: Path) -> None:
    """Our own labels never stand where a citation belongs; names follow the edition's language; what a
    piece is called is the page's word or visibly ours; the brief gives both of its dates."""
    en = pdf_text(sample_build / f"{SAMPLE_BRIEF}.en.pdf")
    fr = pdf_text(sample_build / f"{SAMPLE_BRIEF}.fr.pdf")
    assert "Quotes from: outlet not stated · unsigned · August 8, 2025" in en
    assert "The diplomatic-ballet view, August 8, 2025" not in en
    assert "Aleksandr Dugin" in en and "Alexandre Douguine" in fr
    assert "institution the Kremlin" in en  # a named institution, not an unnamed source
    assert "opinion (as its page says)" in en and "analysis (our classification)" in en
    assert "Newest source: January 11, 2026 · edited November 21, 2026 · Prepared by the brief editors" in en
    assert "Balance warnings" not in en and "Source file" not in en and "sources/" not in en
    assert "non précisé" not in fr and "sans indication" in fr
