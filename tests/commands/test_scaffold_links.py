"""`brief new` never writes through a link, and says what is in the way before writing anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app

runner = CliRunner()


@pytest.fixture
def empty_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = tmp_path / "empty_ws"
    workspace.mkdir()
    monkeypatch.chdir(workspace)
    return workspace


def test_a_schema_that_links_outside_the_workspace_is_left_alone(empty_ws: Path, tmp_path: Path) -> None:
    victim = tmp_path / "elsewhere.json"
    victim.write_text("someone else's file\n", encoding="utf-8")
    (empty_ws / "schema").mkdir()
    (empty_ws / "schema" / "source.schema.json").symlink_to(victim)
    result = runner.invoke(app, ["new", "source", "lemonde-2026-03-09"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"schema/source.schema.json: is a symbolic link (to {victim}); brief never writes through a link: remove it",
        "1 problem found.",
    ]
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    assert not (empty_ws / "sources" / "lemonde-2026-03-09.yaml").exists()


def test_a_schema_folder_that_is_a_link_is_refused(empty_ws: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (empty_ws / "schema").symlink_to(elsewhere)
    result = runner.invoke(app, ["new", "brief", "dams"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"schema: is a symbolic link (to {elsewhere}); brief never writes through a link: remove it"
    )
    assert os.listdir(elsewhere) == []


def test_a_schema_that_is_a_folder_is_named(empty_ws: Path) -> None:
    (empty_ws / "schema" / "brief.schema.json").mkdir(parents=True)
    result = runner.invoke(app, ["new", "brief", "dams"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        "schema/brief.schema.json: is a folder; brief would write a file here: move it away",
        "1 problem found.",
    ]
    assert "Traceback" not in result.output and not (empty_ws / "briefs" / "dams.yaml").exists()


def test_a_stale_schema_file_is_replaced_in_place(empty_ws: Path) -> None:
    (empty_ws / "schema").mkdir()
    (empty_ws / "schema" / "source.schema.json").write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "source", "a-1"])
    assert result.exit_code == 0, result.output
    assert '"$schema"' in (empty_ws / "schema" / "source.schema.json").read_text(encoding="utf-8")
    assert [p.name for p in (empty_ws / "schema").iterdir()] == ["source.schema.json"]  # no temporary left
