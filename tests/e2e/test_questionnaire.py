"""The questionnaire: one sheet a participant ticks before the discussion and again after it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.model.brief import Brief
from brief.model.load import load_brief
from brief.theme.typography import typeset
from brief.views.objects import variant
from tests.helpers import invoke, pdf_pages
from tests.workspaces import ROOT, SAMPLE_BRIEF

LABELS = {
    "en": ("Before", "After", "Undecided", "None of these", "What would change your mind?", "Do not write your name"),
    "fr": ("Avant", "Après", "Sans avis", "Aucune de celles-ci", "Qu’est-ce qui vous ferait changer", "N’écrivez pas"),
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)  # line ends fall anywhere, a hyphenated word's included


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(ROOT / "briefs" / f"{SAMPLE_BRIEF}.yaml").model


def _variant(text: object, lang: str) -> str:
    """A text of the brief as the edition prints it: its language's variant, typeset."""
    return typeset(variant(text, lang), lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("build", ["sample_build", pytest.param("letter_build", marks=pytest.mark.heavy)])
def test_the_sample_questionnaire_is_one_sheet_with_every_stance_and_its_boxes(
    build: str, lang: str, brief: Brief, request: pytest.FixtureRequest
) -> None:
    """Title, question, each topic's label, crux and stances, the answers anyone may give, the
    closing question; on one sheet (two pages at most) on A4 and on Letter, in both languages."""
    out: Path = request.getfixturevalue(build)
    pdf = out / f"trump-putin.{lang}.questionnaire.pdf"
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 2
    text = _flat(" ".join(pages))
    for needle in (_variant(brief.title, lang), *LABELS[lang]):
        assert _flat(needle) in text, needle
    for topic in brief.topics:
        assert _flat(_variant(topic.label, lang)) in text
        assert _flat(_variant(topic.crux, lang)) in text
        for stance in topic.stances.values():
            assert _flat(_variant(stance, lang)) in text
    assert text.rindex(_flat(LABELS[lang][4])) > text.rindex(_flat(_variant(brief.topics[-1].crux, lang)))
    assert "Name:" not in text and "Nom:" not in text  # asks for no name


def test_each_answer_has_a_before_and_an_after_box(sample_build: Path, brief: Brief) -> None:
    """Per topic, a row for each side's stance, then undecided and none of these, each with two boxes."""
    html = (sample_build / "trump-putin.en.questionnaire.html").read_text(encoding="utf-8")
    for topic in brief.topics:
        section = html.split(f'data-topic="{topic.id}"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r'<tr data-side="([^"]+)">(.*?)</tr>', section, re.S)
        assert [side for side, _ in rows] == [*topic.stances, "undecided", "none"]
        assert all(row.count('class="tick-box"') == 2 for _, row in rows)
    assert "<main>" in html


def test_a_questionnaire_for_three_sides_and_one_asked_for_without_being_declared(views_ws: Path) -> None:
    """`--edition questionnaire` builds it for a brief that does not declare it; three sides each get their row."""
    result = invoke("build", "--edition", "questionnaire", "--format", "both", cwd=views_ws)
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in (views_ws / "build").glob("*.questionnaire.pdf"))
    assert built
    html = (views_ws / "build" / built[0].replace(".pdf", ".html")).read_text(encoding="utf-8")
    first = html.split("</table>", 1)[0]
    assert len(re.findall(r'<tr data-side="', first)) >= 4  # the sides with a stance, undecided, none
    assert len(PdfReader(views_ws / "build" / built[0]).pages) <= 2


def test_a_questionnaire_that_does_not_fit_one_sheet_names_what_to_shorten(tiny_ws: Path) -> None:
    brief = tiny_ws / "briefs" / "debate.yaml"
    long = " ".join(["Is the river better off with the dam or without it, and for whom, and when?"] * 4)
    text = brief.read_text(encoding="utf-8")
    text = text.replace("editions: [participant, facilitator]", "editions: [questionnaire]")
    topics = "".join(
        f"  - id: t{n}\n    label: Topic {n}\n    crux: {long}\n"
        f"    stances: {{against: Dams harm the fish., for: Dams emit little carbon.}}\n"
        for n in range(1, 10)  # nine run about a hundred mm onto page 3 at the smallest type
    )
    brief.write_text(text.replace("topics:\n", "topics:\n" + topics), encoding="utf-8")
    result = invoke("build", cwd=tiny_ws)
    assert result.returncode == 1
    message = result.stderr.splitlines()[0]
    assert message.startswith("briefs/debate.yaml:7:11: editions: the en questionnaire does not fit two A4 pages")
    assert "topic 't1''s crux (303 characters, briefs/debate.yaml:18:11)" in message  # where it is written
    assert not (tiny_ws / "build" / "debate.en.questionnaire.pdf").exists()


def test_the_sample_declares_the_questionnaire(brief: Brief) -> None:
    assert "questionnaire" in brief.editions
