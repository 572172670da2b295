"""The facilitator's plan is complete: every topic has a question or says it has none, the closing
questions print before the total, the total prints once, and no note calls attributed points unsourced.

Read from the facilitator PDF as a reader reads it, and from `brief check` at the terminal.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from tests.commands.test_prose import DATA, where
from tests.helpers import invoke, pdf_pages, pdf_text, replace_in, run_brief


def page_text(page: Path) -> str:
    """The text of an HTML page as its reader sees it, a space between elements, whitespace folded."""
    body = page.read_text(encoding="utf-8").split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def valley(tmp_path: Path) -> Path:
    """The prose workspace with a facilitator edition: one topic (water), one closing question."""
    ws = Path(shutil.copytree(DATA, tmp_path / "ws"))
    replace_in(ws / "briefs" / "valley.yaml", "languages: [en, fr]", "languages: [en, fr]\neditions: [facilitator]")
    return ws


def test_a_topic_without_a_question_says_so_in_the_plan_and_check_warns_at_the_topic(valley: Path) -> None:
    brief = valley / "briefs" / "valley.yaml"
    result = invoke("check", cwd=valley)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if "no question is tied" in line)
    assert line.startswith(f"briefs/valley.yaml:{where(brief, 'id: water')}: warning: topics[0]: "), line
    assert "add a question with `topic: water`" in line
    assert invoke("check", "--strict", cwd=valley).returncode == 1

    # the English plan read from its PDF, the French one from the HTML page the PDF is laid out from
    built = run_brief("build", "--edition", "facilitator", "--lang", "en", "-o", "out", cwd=valley)
    assert built.returncode == 0, built.stderr
    built = invoke("build", "--edition", "facilitator", "--lang", "fr", "--format", "html", "-o", "out", cwd=valley)
    assert built.returncode == 0, built.stderr
    for lang, water, none, closing, total in (
        ("en", "Water", "no question set", "Closing: what the group takes away", "Total"),
        ("fr", "L’eau", "aucune question prévue", "Conclusion : ce que le groupe retient", "Total"),
    ):
        if lang == "en":
            text = pdf_text(valley / "out" / f"valley.{lang}.facilitator.pdf")
            plan = text[text.index(water + " ") :]
        else:
            text = page_text(valley / "out" / f"valley.{lang}.facilitator.html")
            plan = text[text.index(water + " ", text.index("Plan de l’animateur")) :]
        # the topic's row says it has no question, before the next row
        assert plan.index(none) < plan.index(closing), plan[:300]
        # the closing question prints under the closing row, and the total after it, once
        question = "Could the farmers" if lang == "en" else "Les puits des agriculteurs"
        assert plan.index(closing) < plan.index(question) < plan.index(f"{total} "), plan[:600]
        assert text.count(f"{total} ") == 1

    # a question tied to the topic: the plan prints it there, and check has nothing to say
    replace_in(brief, "    points: [barrage/puits]", "    topic: water\n    points: [barrage/puits]")
    assert "no question is tied" not in invoke("check", cwd=valley).stderr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_sample_plan_prints_its_total_once_though_the_agenda_breaks_across_a_page(
    sample_build: Path, lang: str
) -> None:
    pdf = sample_build / f"trump-putin.{lang}.facilitator.pdf"
    closing = "Closing: what the group takes away" if lang == "en" else "Conclusion : ce que le groupe retient"
    pages = pdf_pages(pdf)
    reading = "Reading the handout" if lang == "en" else "Lecture de la feuille"
    start = next(i for i, page in enumerate(pages) if reading in " ".join(page.split()))
    end = next(i for i, page in enumerate(pages) if closing in " ".join(page.split()))
    if lang == "en":  # the English agenda spans a page break: what a <tfoot> would repeat
        assert end > start
    assert sum(page.count("Total") for page in pages) == 1
    text = pdf_text(pdf)
    # the closing row, its question, then the total
    assert text.index(closing) < text.index("Q7 ") < text.index("Total ")


SOURCING = (
    ("en", "Only one text names its sources.", "The worried reading's figures come without sources."),
    ("fr", "Un seul texte nomme ses sources.", "Les chiffres de la lecture inquiète sont sans source."),
)


def test_a_note_calling_attributed_points_unsourced_is_warned_at_the_note(valley: Path) -> None:
    brief = valley / "briefs" / "valley.yaml"
    note = f'    note:\n      en: "{SOURCING[0][1]}"\n      fr: "{SOURCING[1][1]}"\n'
    points = "    points: [barrage/debit, river/flow, river/start]\n"
    replace_in(brief, points, points + note)
    assert "name their source" not in invoke("check", cwd=valley).stderr

    for _, fair, unsourced in SOURCING:
        replace_in(brief, fair, unsourced)
    result = invoke("check", cwd=valley)
    assert result.returncode == 0, result.stderr
    lines = sorted(line for line in result.stderr.splitlines() if "name their source" in line)
    assert len(lines) == 2, result.stderr
    for line, (lang, _, unsourced) in zip(lines, SOURCING, strict=True):
        at = where(brief, '"' + unsourced)
        assert line.startswith(f"briefs/valley.yaml:{at}: warning: topics[0].note.{lang}: "), line
        assert "Claire Martin" in line
    # naming whose words they are answers it
    replace_in(
        brief, SOURCING[0][2], "Only the flow figure is attributed, to Claire Martin; the rest comes without sources."
    )
    replace_in(
        brief, SOURCING[1][2], "Seul le chiffre du débit est attribué, à Claire Martin ; le reste est sans source."
    )
    assert "name their source" not in invoke("check", cwd=valley).stderr
