"""What changed in a brief since an earlier version: the "Changes since …" section and its marks.

Two views of the same edition and language, then and now, are compared item by item:
points and experts by their id and name, questions (which have no ids) by their order and
words, positions by topic and side. The result lists each item added, changed (old and new
side by side) or removed, and marks the changed items where the brief shows them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from typing import TypeVar

from brief.views.objects import (
    BriefView,
    Change,
    ChangeMark,
    ChangesView,
    ClashRow,
    ExpertView,
    PointView,
    Position,
    QuestionView,
)

T = TypeVar("T")


def pair(old: Sequence[T], new: Sequence[T], key: Callable[[T], str]) -> list[tuple[T | None, T | None]]:
    """Old and new items paired by key; an item without a partner stands alone (added or removed)."""
    old_by_key = {key(o): o for o in old}
    new_keys = {key(n) for n in new}
    pairs: list[tuple[T | None, T | None]] = [(old_by_key.get(key(n)), n) for n in new]
    pairs += [(o, None) for o in old if key(o) not in new_keys]
    return pairs


def align(old: Sequence[T], new: Sequence[T], key: Callable[[T], str]) -> list[tuple[T | None, T | None]]:
    """Items without ids paired by position in a diff of their words: an edited question stays one."""
    pairs: list[tuple[T | None, T | None]] = []
    matcher = difflib.SequenceMatcher(a=[key(o) for o in old], b=[key(n) for n in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        if op == "equal":
            pairs += list(zip(olds, news, strict=True))
            continue
        common = min(len(olds), len(news)) if op == "replace" else 0
        pairs += list(zip(olds[:common], news[:common], strict=True))
        pairs += [(None, n) for n in news[common:]]
        pairs += [(o, None) for o in olds[common:]]
    return pairs


def _point_text(p: PointView) -> str:
    return p.claim


def _point_fields(old: PointView, new: PointView) -> tuple[str, ...]:
    names = ("claim", "quote", "translation")
    return tuple(n for n in names if getattr(old, n) != getattr(new, n))


def _expert_text(e: ExpertView) -> str:
    role = f" ({e.role})" if e.role else ""
    return f"{e.name}{role}: {e.attributed}"


def _expert_fields(old: ExpertView, new: ExpertView) -> tuple[str, ...]:
    return tuple(n for n in ("kind", "role", "attributed", "use") if getattr(old, n) != getattr(new, n))


def _cell(position: Position) -> str:
    """A position as the changes table shows it: the stance, then its points' numbers."""
    numbers = " ".join(p.number for p in position.points)
    return "\n".join(x for x in (position.stance or "", numbers) if x)  # one per line


def compare(
    then: BriefView | None, now: BriefView, spec: str, commit: str, commit_date: dt.date, since: dt.date
) -> ChangesView:
    """Every point, expert, question and position added, changed or removed between two views."""
    if then is None:
        return ChangesView(spec, commit, commit_date, since, brief_is_new=True)
    marks: dict[str, ChangeMark] = {}
    points: list[Change] = []
    experts: list[Change] = []
    questions: list[Change] = []
    positions: list[Change] = []

    for side_then, side_now in pair(then.sides, now.sides, lambda s: s.id):
        if side_now is None:  # a side no longer in the brief: its points are gone
            assert side_then is not None
            points += [Change("removed", side_then.letter, p.number, _point_text(p), None) for p in side_then.points]
            continue
        letter = side_now.letter
        old_points = side_then.points if side_then is not None else ()
        for old, new in pair(old_points, side_now.points, lambda p: p.ref):
            if new is None and old is not None:
                points.append(Change("removed", letter, old.number, _point_text(old), None))
            elif old is None and new is not None:
                points.append(Change("added", letter, new.number, None, _point_text(new)))
                marks[new.ref] = "new"
            elif old is not None and new is not None and (changed := _point_fields(old, new)):
                shown = "claim" if "claim" in changed else changed[0]
                old_text, new_text = getattr(old, shown), getattr(new, shown)
                points.append(Change("changed", letter, new.number, old_text or "", new_text or "", changed))
                marks[new.ref] = "changed"
        for old_e, new_e in pair(side_then.experts if side_then else (), side_now.experts, lambda e: e.name):
            key = f"expert:{letter}:{new_e.name}" if new_e is not None else ""
            if new_e is None and old_e is not None:
                experts.append(Change("removed", letter, old_e.name, _expert_text(old_e), None))
            elif old_e is None and new_e is not None:
                experts.append(Change("added", letter, new_e.name, None, _expert_text(new_e)))
                marks[key] = "new"
            elif old_e is not None and new_e is not None and (changed := _expert_fields(old_e, new_e)):
                experts.append(Change("changed", letter, new_e.name, _expert_text(old_e), _expert_text(new_e), changed))
                marks[key] = "changed"

        def question_text(q: QuestionView) -> str:
            return q.text

        old_open = side_then.open_questions if side_then else ()
        for old_q, new_q in align(old_open, side_now.open_questions, question_text):
            if new_q is None and old_q is not None:
                questions.append(Change("removed", letter, "", old_q.text, None))
            elif old_q is None and new_q is not None:
                questions.append(Change("added", letter, "", None, new_q.text))
                marks[f"open:{letter}:{new_q.text}"] = "new"
            elif old_q is not None and new_q is not None and (old_q.text, old_q.quote) != (new_q.text, new_q.quote):
                questions.append(Change("changed", letter, "", old_q.text, new_q.text))
                marks[f"open:{letter}:{new_q.text}"] = "changed"

    for old_d, new_d in align(then.questions, now.questions, lambda q: q.text):
        if new_d is None and old_d is not None:
            questions.append(Change("removed", None, f"{old_d.number}", old_d.text, None))
        elif old_d is None and new_d is not None:
            questions.append(Change("added", None, f"{new_d.number}", None, new_d.text))
            marks[f"question:{new_d.number}"] = "new"
        elif old_d is not None and new_d is not None:
            old_refs = [r.point.ref for r in old_d.refs]
            new_refs = [r.point.ref for r in new_d.refs]
            if (old_d.text, old_refs, old_d.hint) != (new_d.text, new_refs, new_d.hint):
                questions.append(Change("changed", None, f"{new_d.number}", old_d.text, new_d.text))
                marks[f"question:{new_d.number}"] = "changed"

    def rows(view: BriefView) -> list[ClashRow]:
        return list(view.clash)

    for old_r, new_r in pair(rows(then), rows(now), lambda r: r.topic.id):
        if new_r is None and old_r is not None:
            positions.append(Change("removed", None, old_r.topic.label, old_r.topic.crux, None))
            continue
        if old_r is None and new_r is not None:
            positions.append(Change("added", None, new_r.topic.label, None, new_r.topic.crux))
            for position in new_r.positions:
                marks[f"clash:{new_r.topic.id}:{position.side}"] = "new"
            continue
        assert old_r is not None and new_r is not None
        before_by_side = {p.side_id: p for p in old_r.positions}
        for after in new_r.positions:
            before = before_by_side.get(after.side_id)
            # a point's new words are a point change; here, the stance and which points bear on the topic
            if before is None or (before.stance, [p.ref for p in before.points]) != (
                after.stance,
                [p.ref for p in after.points],
            ):
                old_cell = _cell(before) if before else ""
                positions.append(Change("changed", after.letter, new_r.topic.label, old_cell, _cell(after)))
                marks[f"clash:{new_r.topic.id}:{after.side}"] = "changed"

    return ChangesView(
        spec,
        commit,
        commit_date,
        since,
        brief_is_new=False,
        points=tuple(points),
        experts=tuple(experts),
        questions=tuple(questions),
        positions=tuple(positions),
        marks=marks,
        sessions=tuple(s for s in now.sessions if s not in then.sessions),
    )


def marked(view: BriefView, changes: ChangesView) -> BriefView:
    """The view with each new or changed item's mark set on the item itself, where the templates
    print it (`item.change`); which item a mark belongs to is known here only."""
    from dataclasses import replace

    marks = changes.marks
    if not marks:
        return replace(view, changes=changes)
    sides = tuple(
        replace(
            side,
            points=tuple(replace(p, change=marks.get(p.ref)) for p in side.points),
            experts=tuple(replace(e, change=marks.get(f"expert:{side.letter}:{e.name}")) for e in side.experts),
            open_questions=tuple(
                replace(q, change=marks.get(f"open:{side.letter}:{q.text}")) for q in side.open_questions
            ),
        )
        for side in view.sides
    )
    questions = tuple(replace(q, change=marks.get(f"question:{q.number}")) for q in view.questions)
    clash = tuple(
        replace(
            row, positions=tuple(replace(p, change=marks.get(f"clash:{row.topic.id}:{p.side}")) for p in row.positions)
        )
        for row in view.clash
    )
    return replace(view, sides=sides, questions=questions, clash=clash, changes=changes)
