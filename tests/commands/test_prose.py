"""`brief check` on our own prose: quotation marks hold the article's words, hedges and attributions
carry over, blocks facing each other are even. Each finding at its file:line:column, in both languages.

The workspace is tests/data/prose: a French and an English article of our own, clean as it stands.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brief.views.hedges import hedges_in
from tests.helpers import invoke, replace_in

DATA = Path(__file__).parent.parent / "data" / "prose"


@pytest.fixture
def valley(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA, tmp_path / "ws"))


def where(file: Path, needle: str) -> str:
    """`line:column` of the first occurrence of `needle` in a file, as brief reports it."""
    for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{n}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {file}")


def check(ws: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke("check", *args, cwd=ws)


def test_the_clean_workspace_passes_strict_with_its_verbatim_passages_in_both_languages(valley: Path) -> None:
    result = check(valley, "--strict", "--texts", "texts")
    assert result.returncode == 0, result.stderr
    assert "3 passages in quotation marks in our prose verified" in result.stdout
    assert result.stderr == ""
    assert result.stdout.strip().endswith("ok: 1 brief and 2 sources checked, no problems")


def test_a_french_passage_the_article_lacks_is_an_error_at_its_opening_mark(valley: Path) -> None:
    brief = valley / "briefs" / "valley.yaml"
    replace_in(brief, "« pourrait baisser de moitié en été »", "« pourrait chuter de moitié en été »")
    result = check(valley, "--texts", "texts")
    assert result.returncode == 1
    expected = f"briefs/valley.yaml:{where(brief, '« pourrait chuter')}: topics[0].stances.worried.fr: "
    line = next(line for line in result.stderr.splitlines() if "chuter" in line)
    assert line.startswith(expected), line
    assert "“pourrait chuter de moitié en été” is in quotation marks but not verbatim in texts/barrage.txt" in line
    assert "the quote has 'chuter' where the text has 'baisser'" in line


def test_our_english_translation_in_quotation_marks_is_an_error(valley: Path) -> None:
    source = valley / "sources" / "barrage.yaml"
    replace_in(source, "warns that the flow could fall", "warns that the flow “could fall by half”, falling")
    result = check(valley, "--texts", "texts")
    assert result.returncode == 1
    assert f"sources/barrage.yaml:{where(source, '“could fall')}: points[0].claim.en: “could fall by half”" in (
        result.stderr
    )
    assert "drop the marks and say it in our words" in result.stderr


def test_an_english_passage_the_english_article_lacks_is_an_error(valley: Path) -> None:
    brief = valley / "briefs" / "valley.yaml"
    replace_in(brief, "“may fall by half in summer”", "“will fall by half in summer”")
    result = check(valley, "--texts", "texts")
    assert result.returncode == 1
    assert f"briefs/valley.yaml:{where(brief, '“will fall')}: topics[0].stances.council.en:" in result.stderr
    assert "not verbatim in texts/river.txt" in result.stderr


def test_without_texts_the_prose_is_said_once_to_be_unchecked(valley: Path) -> None:
    shutil.rmtree(valley / "texts")
    result = check(valley)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("quotation marks were not checked") == 1
    assert "give them with --texts DIR" in result.stdout


def test_a_french_claim_that_drops_its_quotes_hedge_warns_at_the_claim(valley: Path) -> None:
    source = valley / "sources" / "barrage.yaml"
    replace_in(
        source,
        'fr: "Certains agriculteurs craignent parfois pour leurs puits."',
        'fr: "Les agriculteurs craignent pour leurs puits."',
    )
    result = check(valley, "--texts", "texts")
    assert result.returncode == 0, result.stderr
    expected = (
        f"sources/barrage.yaml:{where(source, 'Les agriculteurs').split(':')[0]}:11: warning: points[1].claim.fr: "
        "the quote hedges (“Certains”, “parfois”) but the fr claim states it flatly"
    )
    assert expected in result.stderr
    assert "points[1].claim.en" not in result.stderr  # the English claim keeps "some" and "sometimes"
    strict = check(valley, "--strict", "--texts", "texts")
    assert strict.returncode == 1
    assert "points[1].claim.fr: the quote hedges" in strict.stderr and "(--strict)" in strict.stderr


def test_an_english_claim_that_drops_its_quotes_hedge_warns_at_the_claim(valley: Path) -> None:
    source = valley / "sources" / "river.yaml"
    replace_in(source, 'en: "Engineers say the flow may fall by half in summer."', 'en: "The flow will fall by half."')
    result = check(valley)
    line = where(source, "The flow will").split(":")[0]
    assert f"sources/river.yaml:{line}:11: warning: points[1].claim.en: the quote hedges (“may”)" in result.stderr


def test_a_question_whose_points_all_hedge_must_not_state_the_matter_flatly(valley: Path) -> None:
    brief = valley / "briefs" / "valley.yaml"
    replace_in(brief, "Could the farmers' wells run dry?", "Why are the farmers' wells running dry?")
    result = check(valley)
    assert "questions[0].text.en: every point it cites hedges (“certains”, “parfois”)" in result.stderr
    assert "questions[0].text.fr" not in result.stderr


def test_a_stance_whose_points_all_hedge_must_hedge(valley: Path) -> None:
    brief = valley / "briefs" / "valley.yaml"
    replace_in(
        brief, 'fr: "Le débit « pourrait baisser de moitié en été », selon une ingénieure."', 'fr: "Le débit baissera."'
    )
    result = check(valley)
    at = where(brief, '"Le débit baissera')
    assert f"briefs/valley.yaml:{at}: warning: topics[0].stances.worried.fr:" in result.stderr


def test_a_claim_naming_an_expert_the_quote_does_not_warns_unless_the_point_reports_them(valley: Path) -> None:
    source = valley / "sources" / "barrage.yaml"
    replace_in(source, "    reports: Claire Martin\n", "")
    result = check(valley)
    assert "points[0].claim.en: the en claim names Claire Martin but the quote does not" in result.stderr
    assert "points[0].claim.fr: the fr claim names Claire Martin" in result.stderr
    assert "say so with `reports: Claire Martin`" in result.stderr


def test_reports_must_name_one_of_the_sources_experts(valley: Path) -> None:
    source = valley / "sources" / "barrage.yaml"
    replace_in(source, "reports: Claire Martin", "reports: Claire Martine")
    result = check(valley)
    assert result.returncode == 1
    assert f"sources/barrage.yaml:{where(source, 'Claire Martine')}: points[0].reports: 'Claire Martine'" in (
        result.stderr
    )
    assert "its experts are: Claire Martin" in result.stderr


@pytest.mark.parametrize(
    ("lang", "old", "new", "file"),
    [
        (
            "en",
            'en: "The article reports that the council backs the project for the jobs it promises."',
            'en: "The article reports that the council backs the project for the many jobs it promises to the '
            'valley, and says the mayor thinks the budget is settled."',
            "river",
        ),
        (
            "fr",
            'fr: "Le texte rapporte que le barrage divise les habitants de la vallée."',
            'fr: "Le texte rapporte que le barrage divise les habitants de la vallée, entre les agriculteurs '
            'inquiets et ceux qui espèrent des emplois."',
            "barrage",
        ),
    ],
)
def test_an_unbalanced_block_is_named_at_its_line(valley: Path, lang: str, old: str, new: str, file: str) -> None:
    source = valley / "sources" / f"{file}.yaml"
    replace_in(source, old, new)
    result = check(valley)
    line = where(source, new[:20]).split(":")[0]
    assert f"sources/{file}.yaml:{line}:7: warning: thesis.{lang}: in {lang}, the thesis of side " in result.stderr
    assert "reaching block_ratio 1.25" in result.stderr
    brief = valley / "briefs" / "valley.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "block_ratio: 3\n", encoding="utf-8")
    assert "thesis" not in check(valley).stderr


def test_the_month_may_is_no_hedge_and_the_verb_is() -> None:
    assert hedges_in("Work begins in May 2027.", "en") == []
    assert hedges_in("The flow may fall.", "en") == ["may"]
    assert hedges_in("Le débit semblait baisser, peut-être.", "fr") == ["semblait", "peut-être"]
    assert hedges_in("une certaine prudence ; certains pays", "fr") == ["une certaine", "certains"]
