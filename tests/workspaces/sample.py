"""The repository's own sample workspace (briefs/ and sources/), copied so a test may change it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_BRIEF = "trump-putin"
SOURCE_IDS = ("notrecontinent-2026-01-11", "ballet-diplomatique-2025-08-08")


def copy_workspace(dest: Path, *, templates: bool = False) -> Path:
    """A copy of the repo's briefs/ and sources/ (and, if asked, templates/) under dest."""
    for name in ("briefs", "sources") + (("templates",) if templates else ()):
        shutil.copytree(ROOT / name, dest / name)
    return dest
