"""`brief check`'s word on each side's review: has the side's copy changed since its reviewer read it?

What a review copy shows comes from the brief and the side's sources, so a review is out of date
when either changed after the review's date. git tells (the last commit of that day against the
files as they are now, committed or not), as `--since` reads it; without git, check says it
cannot tell rather than guess.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from brief.errors import BriefError, Problem
from brief.model.revisions import RevisionError, old_text, resolve
from brief.model.validate import Debate
from brief.model.yaml_data import parse_yaml_text
from brief.workspace import root_of

# What a brief records about its forum rather than shows a side: adding a review or a session
# does not change the review copy.
_FORUM_KEYS = ("reviews", "sessions", "show_record", "since")


def _shown(text: bytes | str, name: str) -> Any:
    """A brief's YAML without its forum keys, to compare two versions of what it shows."""
    try:
        data = parse_yaml_text(text.decode("utf-8") if isinstance(text, bytes) else text, Path(name))
    except (BriefError, UnicodeDecodeError):
        return None
    return {k: v for k, v in data.items() if k not in _FORUM_KEYS} if isinstance(data, dict) else data


def review_warnings(debate: Debate) -> list[Problem]:
    """A warning for each review whose side's copy changed after the review's date."""
    model, marks = debate.brief.model, debate.brief.marks
    workspace = root_of(marks.file)
    problems: list[Problem] = []
    side_index = {side.id: i for i, side in enumerate(model.sides)}
    for i, review in enumerate(model.reviews):
        where = ("reviews", i, "date")
        day_after = (review.date + dt.timedelta(days=1)).isoformat()
        try:
            revision = resolve(workspace, day_after)  # the last commit on or before the review's day
        except RevisionError as exc:
            why = "the workspace is not in git" if "not in a git repository" in str(exc) else str(exc)
            problems.append(
                marks.problem(
                    where,
                    f"cannot tell whether side {review.side!r}'s copy changed since its review of "
                    f"{review.date.isoformat()}: {why}; keep the workspace in git, committed on the day of "
                    "each review, to be told",
                    severity="warning",
                )
            )
            continue
        changed = []
        brief_rel = marks.file.relative_to(workspace).as_posix()
        then = old_text(workspace, revision, brief_rel)
        now = marks.file.read_bytes()
        if then is None or _shown(then, brief_rel) != _shown(now, brief_rel):
            changed.append("the brief")
        for source in debate.sides[side_index[review.side]]:
            relative = source.marks.file.relative_to(workspace).as_posix()
            if old_text(workspace, revision, relative) != source.marks.file.read_bytes():
                changed.append(relative)
        if changed:
            problems.append(
                marks.problem(
                    where,
                    f"side {review.side!r} was reviewed on {review.date.isoformat()}, but {' and '.join(changed)} "
                    f"changed since; send its reviewer the new copy (brief build --edition review) and record "
                    "their reply with a new date",
                    severity="warning",
                )
            )
    return problems
