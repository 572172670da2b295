"""User-facing problems: each names a file, a line, a column and a key path.

A `BriefError` is the user's to fix and ends the run with exit code 1 and a message;
any other exception is ours and only `--debug` shows its traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from brief.paths import find_root

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """('points', 2, 'quote') -> 'points[2].quote', as a person reads a YAML location."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(path: Path) -> str:
    """A path relative to the current folder when it is below it, so messages stay short.

    The path's own symbolic links are kept (a link is named as the link, not its target).
    """
    return _display_path(path, os.getcwd())


@lru_cache(maxsize=1024)
def _display_path(path: Path, cwd: str) -> str:
    try:
        return str(Path(os.path.abspath(path)).relative_to(cwd))
    except ValueError:
        pass
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        pass
    # Run from a subfolder of a workspace (cd sources), name its files as git does: ../briefs/x.yaml
    root = find_root(Path(cwd))
    if root is not None and Path(os.path.abspath(path)).is_relative_to(root):
        return os.path.relpath(os.path.abspath(path), cwd)
    return str(path)


def problems_found(count: int) -> str:
    """The summary line under a list of problems: "1 problem found", "3 problems found"."""
    return f"{count} problem{'s' if count != 1 else ''} found"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or, as a warning, worth a look) at one place in one file."""

    file: Path
    line: int
    column: int
    message: str
    path: KeyPath = field(default=(), compare=False)
    severity: Literal["error", "warning"] = field(default="error", compare=False)

    def __str__(self) -> str:
        # line 0: the problem is the file itself (an output path, say), not a place in it
        where = f"{display_path(self.file)}:{self.line}:{self.column}" if self.line else display_path(self.file)
        key = f" {format_path(self.path)}:" if self.path else ""
        label = "" if self.severity == "error" else " warning:"
        return f"{where}:{label}{key} {self.message}"


class BriefError(Exception):
    """Bad input: one or more located problems, all reported together."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # in the order a person reads them: file by file as displayed, then top to bottom
        self.problems = sorted(set(problems), key=lambda p: (display_path(p.file), p.line, p.column, p.message))
        super().__init__(len(self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def at(cls, file: Path, line: int, column: int, message: str, path: KeyPath = ()) -> BriefError:
        return cls([Problem(file, line, column, message, path)])


class UsageError(Exception):
    """The command line asks for something impossible (exit code 2)."""
