"""Earlier versions of a brief and its sources, read from git for "changes since the last session".

A revision is anything git names (a commit, a tag, HEAD~2) or a date (YYYY-MM-DD), which
stands for the last commit before that day began. Old files are read with `git show` and
loaded through our own loader, exactly as today's files are.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BriefError, Problem
from .workspace import SLUG_PATTERN, YAML_SUFFIXES, root_of

if TYPE_CHECKING:
    from .validate import Debate

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


def old_debate(brief_file: Path, revision: Revision) -> Debate | None:
    """The brief and the sources it named as they were at `revision`; None if the brief was not there.

    The old files are written to a scratch workspace and loaded and checked like today's,
    so an old version means exactly what it meant then. Problems in them are reported as
    `<commit>:<path>`.
    """
    from .load import read_yaml
    from .validate import load_debate

    workspace = root_of(brief_file)
    brief_rel = f"briefs/{brief_file.name}"
    brief_bytes = old_text(workspace, revision, brief_rel)
    if brief_bytes is None:
        return None
    scratch = Path(tempfile.mkdtemp(prefix="brief-since-"))
    try:
        (scratch / "briefs").mkdir()
        (scratch / "sources").mkdir()
        old_brief = scratch / brief_rel
        old_brief.write_bytes(brief_bytes)
        try:
            data, _ = read_yaml(old_brief)
            names = [side["source"] for side in data["sides"]]
        except (BriefError, KeyError, TypeError):
            names = []  # load_debate below reports what is wrong with it
        for name in names:
            if isinstance(name, str) and re.match(SLUG_PATTERN, name):
                for suffix in YAML_SUFFIXES:
                    source = old_text(workspace, revision, f"sources/{name}{suffix}")
                    if source is not None:
                        (scratch / "sources" / f"{name}{suffix}").write_bytes(source)
        try:
            return load_debate(old_brief)
        except BriefError as exc:
            label = f"{revision.short}:"
            raise BriefError(
                Problem(
                    Path(label + str(p.file.relative_to(scratch))) if p.file.is_relative_to(scratch) else p.file,
                    p.line,
                    p.column,
                    # a message naming the scratch folder (a hint's "sources in ...") names the revision
                    f"(the version at {revision.spec}) {p.message.replace(f'{scratch}/', label)}",
                    p.path,
                    p.severity,
                )
                for p in exc.problems
            ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
