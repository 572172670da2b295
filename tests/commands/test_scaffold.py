"""`brief new`: a commented scaffold that, once its blanks are filled, passes `brief check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.commands.scaffold import _model
from brief.model.brief import Brief
from brief.model.load import load_source
from brief.model.source import Source
from brief.model.validate import load_debate

runner = CliRunner()

BLANK = re.compile(r"^(\s*(?:- )?)([a-z_]+):$")


def new(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(cwd)
    return runner.invoke(app, ["new", *args])


def fill(path: Path, values: dict[str, list[str]]) -> int:
    """Give every blank leaf key its next value from `values`; returns how many were filled."""
    lines = path.read_text(encoding="utf-8").splitlines()
    filled = 0
    for i, line in enumerate(lines):
        m = BLANK.match(line)
        if not m:
            continue
        following = next((x for x in lines[i + 1 :] if x.strip() and not x.lstrip().startswith("#")), "")
        indent = len(m.group(1))
        if len(following) - len(following.lstrip(" -")) > indent and not following.lstrip().startswith("- "):
            continue  # a mapping key with nested keys under it, not a blank value
        if following.startswith(" " * (indent + 2) + "- "):
            continue  # a list with entries under it
        lines[i] = f"{line} {values[m.group(2)].pop(0)}"
        filled += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return filled


def test_scaffolds_start_with_the_schema_line_and_refuse_to_build_until_filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = new(tmp_path, monkeypatch, "source", "lemonde-2026-01-11")
    assert result.exit_code == 0, result.output
    assert "wrote sources/lemonde-2026-01-11.yaml" in result.output
    text = (tmp_path / "sources" / "lemonde-2026-01-11.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/source.schema.json"

    assert new(tmp_path, monkeypatch, "brief", "weekly").exit_code == 0
    brief_text = (tmp_path / "briefs" / "weekly.yaml").read_text(encoding="utf-8")
    assert brief_text.splitlines()[0] == "# yaml-language-server: $schema=../schema/brief.schema.json"

    # As written, the blanks are errors: `brief check` names each one by line and key.
    result = runner.invoke(app, ["check", "sources/lemonde-2026-01-11.yaml"])
    assert result.exit_code == 1
    thesis_line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("thesis:"))
    assert f"sources/lemonde-2026-01-11.yaml:{thesis_line}:8: thesis: expected text" in result.output
    assert "points[0].claim" in result.output and "provenance.kind" in result.output


def _keys(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^[#\s-]*([a-z_]+):", text, re.M)}


@pytest.mark.parametrize(("kind", "model"), [("source", Source), ("brief", Brief)])
def test_every_field_is_there_with_its_description(
    kind: str, model: type[BaseModel], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert new(tmp_path, monkeypatch, kind, "x").exit_code == 0
    text = (tmp_path / f"{kind}s" / "x.yaml").read_text(encoding="utf-8")
    comments = " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.lstrip().startswith("#"))

    def walk(m: type[BaseModel]) -> None:
        for name, field in m.model_fields.items():
            assert name in _keys(text), f"{m.__name__}.{name} missing from the {kind} scaffold"
            assert field.description
            assert " ".join(field.description.split()) in comments, f"{m.__name__}.{name} is not explained"
            if (sub := _model(field.annotation)) is not None:
                walk(sub)

    walk(model)


def test_filled_scaffolds_load_and_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (("source", "left-2026-01-01"), ("source", "right-2026-01-02"), ("brief", "weekly")):
        assert new(tmp_path, monkeypatch, *args).exit_code == 0, args
    for source_id in ("left-2026-01-01", "right-2026-01-02"):
        path = tmp_path / "sources" / f"{source_id}.yaml"
        filled = fill(
            path,
            {
                "language": ["en"],
                "kind": ["opinion"],
                "thesis": [f"The {source_id} thesis."],
                "id": ["main"],
                "claim": ["Our summary of the point."],
            },
        )
        assert filled == 5  # a quote is optional: a point may stand on our summary alone
        assert load_source(path).model.points[0].id == "main"
    brief = tmp_path / "briefs" / "weekly.yaml"
    filled = fill(
        brief,
        {
            "title": ["Weekly"],
            "question": ["Which reading holds?"],
            "editor": ["The editors"],
            "id": ["left", "right", "main"],
            "label": ["Left", "Right", "The main topic"],
            "crux": ["Where they differ."],
        },
    )
    assert filled == 10
    text = brief.read_text(encoding="utf-8")
    for source_id in ("left-2026-01-01", "right-2026-01-02"):
        text = text.replace("    source: null", f"    source: {source_id}", 1)
    text = text.replace("    points: []", "    points: [left-2026-01-01/main, right-2026-01-02/main]", 1)
    text = text.replace("    stances: {}", "    stances: {left: One way., right: The other.}", 1)
    brief.write_text(text, encoding="utf-8")
    debate = load_debate(brief)
    assert [s.id for s in debate.sources] == ["left-2026-01-01", "right-2026-01-02"]
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "ok: 1 brief and 2 sources checked" in result.output


def test_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sources").mkdir()
    existing = tmp_path / "sources" / "kept.yaml"
    existing.write_text("thesis: mine\n", encoding="utf-8")
    result = new(tmp_path, monkeypatch, "source", "kept")
    assert result.exit_code == 2
    assert "sources/kept.yaml already exists; not overwriting it" in result.output
    assert existing.read_text(encoding="utf-8") == "thesis: mine\n"


@pytest.mark.parametrize("bad", ["Le-Monde", "under_score", "-leading", "a" * 61, "dir/name", "x.yaml"])
def test_refuses_an_invalid_id(bad: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = new(tmp_path, monkeypatch, "brief", "--", bad)
    assert result.exit_code == 2
    assert "is not a valid id" in result.output
    assert not (tmp_path / "briefs").exists() or not any((tmp_path / "briefs").iterdir())


def test_a_brief_in_a_french_workspace_is_french_and_builds_every_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A French facilitator's sources are French: the new brief declares French, and the sheet too."""
    for source_id in ("ecrans-primaire", "ecrans-college"):
        assert new(tmp_path, monkeypatch, "source", source_id).exit_code == 0
        fill(
            tmp_path / "sources" / f"{source_id}.yaml",
            {"language": ["fr"], "kind": ["opinion"], "thesis": ["T."], "id": ["main"], "claim": ["C."]},
        )
    assert new(tmp_path, monkeypatch, "brief", "ecrans").exit_code == 0
    text = (tmp_path / "briefs" / "ecrans.yaml").read_text(encoding="utf-8")
    assert "\nlanguages: [fr]\n" in text
    assert "\neditions: [sheet, participant, facilitator]\n" in text


def test_a_mixed_workspace_keeps_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for source_id, lang in (("a-1", "fr"), ("b-1", "en")):
        assert new(tmp_path, monkeypatch, "source", source_id).exit_code == 0
        fill(
            tmp_path / "sources" / f"{source_id}.yaml",
            {"language": [lang], "kind": ["opinion"], "thesis": ["T."], "id": ["main"], "claim": ["C."]},
        )
    assert new(tmp_path, monkeypatch, "brief", "mixed").exit_code == 0
    assert "\nlanguages: [en]\n" in (tmp_path / "briefs" / "mixed.yaml").read_text(encoding="utf-8")


def test_an_id_with_an_accent_gets_the_nearest_valid_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = new(tmp_path, monkeypatch, "source", "écriture")
    assert result.exit_code == 2
    assert "'écriture' is not a valid id: use lowercase a to z, digits and hyphens, no accents" in result.output
    assert "write 'ecriture'" in result.output
