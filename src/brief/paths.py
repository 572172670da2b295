"""The ground under every other module: the workspace's folder names, and paths that never raise.

A workspace is a folder holding `briefs/` or `sources/`; `find_root` walks up to it from any
folder below, as git finds a repository. `present` and `real` look at a path without ever
raising, whatever stands there (a broken link, a loop, a name too long).
"""

from __future__ import annotations

import os
from pathlib import Path

BRIEFS = "briefs"
SOURCES = "sources"
TEMPLATES = "templates"
TEXTS = "texts"
YAML_SUFFIXES = (".yaml", ".yml")


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: the current one) holding briefs/ or sources/."""
    here = Path(os.path.abspath(start or Path.cwd()))
    for folder in (here, *here.parents):
        if (folder / BRIEFS).is_dir() or (folder / SOURCES).is_dir():
            return folder
    return None


def present(path: Path) -> bool:
    """Whether anything at all stands at `path` (a broken link, a folder, a pipe): never raises."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def real(path: Path) -> Path:
    """The path with its links resolved as far as they go; a link loop stays as written, never an error."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return Path(os.path.abspath(path))
