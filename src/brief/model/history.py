"""Earlier versions of a brief and its sources, read from git for "changes since the last session".

A revision is anything git names (a commit, a tag, HEAD~2) or a date (YYYY-MM-DD), which
stands for the last commit before that day began. Old files are read with `git show` and
loaded through our own loader, exactly as today's files are.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from brief.errors import BriefError, Problem
from brief.model.revisions import Revision, old_text
from brief.model.validate import load_debate
from brief.model.yaml_data import read_yaml
from brief.paths import YAML_SUFFIXES
from brief.workspace import SLUG_PATTERN, root_of

if TYPE_CHECKING:
    from brief.model.validate import Debate


def old_debate(brief_file: Path, revision: Revision) -> Debate | None:
    """The brief and the sources it named as they were at `revision`; None if the brief was not there.

    The old files are written to a scratch workspace and loaded and checked like today's,
    so an old version means exactly what it meant then. Problems in them are reported as
    `<commit>:<path>`.
    """
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
