"""Git revisions: a revision or a date resolved to a commit, and a file's bytes at that commit.

Light on purpose: the manifest asks whether a recorded revision still names the same commit
on every build, up to date or not.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RevisionError(Exception):
    """A revision that cannot be used: no git, not a repository, or nothing by that name."""


@dataclass(frozen=True)
class Revision:
    """A resolved revision: what the user wrote and the commit it names."""

    spec: str
    commit: str
    date: dt.date  # the commit's date
    asked_date: dt.date | None  # the date the user gave, when they gave one

    @property
    def short(self) -> str:
        return self.commit[:7]


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed; changes since a revision need git") from None


def resolve_commit(folder: Path, spec: str) -> str:
    """The full commit id a revision or a date names in the repository holding `folder`."""
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise RevisionError(f"{folder} is not in a git repository, so there is no earlier version to compare with")
    if DATE_RE.match(spec):
        try:
            dt.date.fromisoformat(spec)
        except ValueError:
            raise RevisionError(f"{spec!r} is not a real date") from None
        found = _git(folder, "rev-list", "-1", f"--before={spec} 00:00:00", "HEAD")
        commit = found.stdout.decode().strip()
        if found.returncode != 0 or not commit:
            raise RevisionError(f"no commit before {spec} in this repository")
        return commit
    if spec.startswith("-"):
        raise RevisionError(f"unknown revision {spec!r}")
    found = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    if found.returncode != 0:
        raise RevisionError(f"unknown revision {spec!r}: git knows no commit by that name here")
    return found.stdout.decode().strip()


def resolve(folder: Path, spec: str) -> Revision:
    """A revision with its commit and date, or RevisionError."""
    commit = resolve_commit(folder, spec)
    shown = _git(folder, "show", "-s", "--format=%cs", commit)
    return Revision(
        spec=spec,
        commit=commit,
        date=dt.date.fromisoformat(shown.stdout.decode().strip()),
        asked_date=dt.date.fromisoformat(spec) if DATE_RE.match(spec) else None,
    )


def old_text(folder: Path, revision: Revision, relative: str) -> bytes | None:
    """A file's bytes at a revision (path relative to `folder`), or None if it did not exist."""
    shown = _git(folder, "show", f"{revision.commit}:./{relative}")
    return shown.stdout if shown.returncode == 0 else None
