"""What each command imports: help and check never load WeasyPrint, a no-op build loads no model.

Import lists, not timings (those live in bench/run.py): a module that is not imported costs
nothing, on any machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.workspaces import SAMPLE_BRIEF


def imported(*args: str, cwd: Path) -> set[str]:
    """The modules `python -m brief ARGS` imports, from -X importtime."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "brief", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["watch", "--help"], ["new", "--help"]])
def test_help_imports_neither_weasyprint_nor_the_models(args: list[str], tmp_path: Path) -> None:
    modules = imported(*args, cwd=tmp_path)
    assert "brief.cli.commands" in modules
    assert not any(m.startswith("weasyprint") for m in modules)
    assert "brief.model.fields" not in modules and "jinja2" not in modules


def test_top_level_help_imports_no_pydantic(tmp_path: Path) -> None:
    modules = imported("--help", cwd=tmp_path)
    assert "pydantic" not in modules and "importlib.metadata" not in modules


def test_check_never_imports_weasyprint(workspace: Path) -> None:
    modules = imported("check", cwd=workspace)
    assert "brief.model.validate" in modules
    assert not any(m.startswith("weasyprint") for m in modules)


def test_a_no_op_build_loads_no_model_template_or_weasyprint(sample_build: Path) -> None:
    workspace = sample_build.parent
    modules = imported("build", "--format", "both", cwd=workspace)
    assert "brief.output.manifest" in modules
    for heavy in ("brief.model.fields", "jinja2", "weasyprint", "brief.render.html"):
        assert heavy not in modules, heavy
    assert (workspace / "build" / f"{SAMPLE_BRIEF}.en.pdf").is_file()
