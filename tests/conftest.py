"""Shared fixtures: the real sample workspace, copied so tests may change it freely."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from pypdf import PdfReader

# Property tests draw the same examples on every run, so CI is never red by chance.
settings.register_profile("brief", derandomize=True, database=None)
settings.load_profile("brief")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_BRIEF = "trump-putin"
SOURCE_IDS = ("notrecontinent-2026-01-11", "ballet-diplomatique-2025-08-08")


def copy_workspace(dest: Path, *, templates: bool = False) -> Path:
    """A copy of the repo's briefs/ and sources/ (and, if asked, templates/) under dest."""
    for name in ("briefs", "sources") + (("templates",) if templates else ()):
        shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the sample workspace (briefs/, sources/); the built-in theme renders it."""
    return copy_workspace(tmp_path)


def ctrl_c_works() -> None:
    """Give the child the default SIGINT handling a terminal's Ctrl-C reaches.

    A shell ignores SIGINT in the jobs it starts in the background, and children inherit
    that, so a test suite run in the background would otherwise see Ctrl-C do nothing.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_brief(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a subprocess, as a user at a terminal runs it."""
    return subprocess.run(
        [sys.executable, "-m", "brief", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        timeout=300,
    )


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief built once per test session with the real CLI; returns the output folder."""
    ws = copy_workspace(tmp_path_factory.mktemp("sample"))
    result = run_brief("build", "--format", "both", cwd=ws)
    assert result.returncode == 0, result.stderr
    return ws / "build"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test session as `pip wheel .` builds it."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def pdf_text(path: Path) -> str:
    """All the text a reader of the PDF sees, pages joined, whitespace folded, hyphenation undone."""
    reader = PdfReader(path)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return text.replace("\u2010 ", "")  # WeasyPrint hyphenates with U+2010 at a line's end


@pytest.fixture
def edit_yaml() -> Callable[[Path, str, str], None]:
    """Replace one exact passage in a YAML file (failing loudly if it is not there)."""

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit
