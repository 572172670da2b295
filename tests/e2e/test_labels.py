"""Every printed label resolves where it is printed: a point code only in an edition that defines
it, and a publication date that is our reading of a bare header marked as ours wherever it prints.

Read from the sample's shared build, as a reader of each PDF reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import pdf_text

CODE = re.compile(r"(?<![\w-])[AB]\d{1,2}(?!\w)")  # a point code as the dossier prints it: A9, B12

OURS = {
    "en": ("August 8, 2025", "(our reading of a bare date at its head)"),
    "fr": ("8 août 2025", "(notre lecture d’une date isolée en tête)"),
}
CITATION = {
    "en": ("NotreContinent.com · Khadim Nd. · January 11, 2026", "outlet not stated · unsigned · August 8, 2025"),
    "fr": ("NotreContinent.com · Khadim Nd. · 11 janvier 2026", "média non indiqué · non signé · 8 août 2025"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_sheet_prints_no_point_code_and_heads_each_quote_with_its_article(sample_build: Path, lang: str) -> None:
    sheet = pdf_text(sample_build / f"trump-putin.{lang}.sheet.pdf")
    assert CODE.findall(sheet) == []
    quotes = sheet[sheet.index("In their own words" if lang == "en" else "Dans leurs propres mots") :]
    a, b = CITATION[lang]
    assert quotes.index(a) < quotes.index("« En s’alignant") < quotes.index(b) < quotes.index("« Ces échanges")
    # the dossier, which defines the codes, still prints them
    assert "A9" in pdf_text(sample_build / f"trump-putin.{lang}.pdf")


@pytest.mark.parametrize("edition", ["sheet", "participant", "facilitator"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_date_read_from_a_bare_header_is_marked_as_ours_wherever_it_prints(
    sample_build: Path, lang: str, edition: str
) -> None:
    name = f"trump-putin.{lang}.pdf" if edition == "participant" else f"trump-putin.{lang}.{edition}.pdf"
    text = pdf_text(sample_build / name)
    date, mark = OURS[lang]
    printed = [m.start() for m in re.finditer(re.escape(date), text)]
    assert printed
    for at in printed:
        after = text[at + len(date) : at + len(date) + 160]
        # the date itself is marked, or it heads the timeline's row whose publication entry is
        timeline = ("Article published" if lang == "en" else "Publication de l’article") in after[:40]
        assert after.startswith(f" {mark}") or (timeline and mark in after), (date, after)
    # the critical piece's date, which its page states, carries no mark
    assert mark not in text[text.index(CITATION[lang][0]) :][len(CITATION[lang][0]) : len(CITATION[lang][0]) + 3]
