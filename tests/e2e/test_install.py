"""Installed as a user installs it: the wheel, with no test extras, in a fresh virtual environment.

One test, since making the environment is the slow part (about 10 s): pip installs the wheel
and its dependencies without compiling them, and the environment gets no pip of its own.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from ..conftest import ROOT, pdf_text
from ..workspaces.tiny import tiny_workspace


def test_the_installed_wheel_gives_a_working_brief(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-compile", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    brief = venv / "bin" / "brief"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "debate-brief"

    version = subprocess.run([str(brief), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"brief {project['version']}", version.stderr

    # Everything comes from the environment: the package, its theme, no test extras.
    probe = (
        "import brief, importlib.util; from brief.workspace import builtin_theme; "
        "print(brief.__file__); print(builtin_theme()); print(importlib.util.find_spec('pytest'))"
    )
    package, theme, pytest_spec = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.split()
    assert Path(package).is_relative_to(venv) and Path(theme).is_relative_to(venv)
    assert pytest_spec == "None"

    ws = tiny_workspace(tmp_path / "ws")
    built = subprocess.run(
        [str(brief), "build", "--edition", "participant"], cwd=ws, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.strip() == "wrote build/debate.en.pdf"
    text = pdf_text(ws / "build" / "debate.en.pdf")
    assert "Should the valley build the dam?" in text and "The salmon cannot climb a wall of concrete." in text
