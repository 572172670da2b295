"""The command line as a user meets it: help, version, exit codes, messages without tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief import __version__
from brief.cli.commands import app
from tests.helpers import run_brief
from tests.workspaces import SAMPLE_BRIEF

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"brief {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_help_on_every_command(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_check_passes_on_the_sample(workspace: Path) -> None:
    result = run_brief("check", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ok: 1 brief and 2 sources checked, no problems"


def test_bad_input_exits_1_with_a_located_message(workspace: Path, edit_yaml: Callable[[Path, str, str], None]) -> None:
    source = workspace / "sources" / "notrecontinent-2026-01-11.yaml"
    edit_yaml(source, "\nthesis:", "\nthesys:")
    line = next(i for i, t in enumerate(source.read_text().splitlines(), 1) if t.startswith("thesys:"))
    result = run_brief("build", cwd=workspace)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"sources/notrecontinent-2026-01-11.yaml:{line}:1: thesys: unknown key 'thesys'; did you mean 'thesis'?" in (
        result.stderr
    )
    assert not (workspace / "build" / f"{SAMPLE_BRIEF}.en.pdf").exists()


def test_unknown_option_is_a_usage_error(workspace: Path) -> None:
    result = run_brief("build", "--colour", "red", cwd=workspace)
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_no_briefs_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_brief("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "no workspace here" in result.stderr
    assert "`brief new brief ID` starts one here" in result.stderr


def test_lang_not_declared_by_the_brief(workspace: Path) -> None:
    result = run_brief("build", "--lang", "de", cwd=workspace)
    assert result.returncode == 2
    assert "--lang de is not one" in result.stderr


def test_build_prints_each_file_written(workspace: Path) -> None:
    result = run_brief("build", "--format", "html", "--out-dir", "out", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert f"wrote out/{SAMPLE_BRIEF}.en.html" in result.stdout
    assert (workspace / "out" / f"{SAMPLE_BRIEF}.en.html").is_file()
