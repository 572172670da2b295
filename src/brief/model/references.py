"""Point references and the ids a brief names across files: why one does not resolve, with the
nearest of the workspace's own (never the sample's) as the did-you-mean or the example.

Used on a valid brief (brief.model.validate) and on the plain data of one that failed its shape
check, so that one `brief check` reports a malformed value beside an unknown highlight or side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from brief.errors import KeyPath, Problem
from brief.model.fields import POINT_REF_RE
from brief.model.load import Loaded, closest
from brief.model.source import Source
from brief.model.yaml_data import Marks


def did_you_mean(value: str, options: Iterable[str]) -> str | None:
    """ "did you mean 'x'?" when one option is close to what was typed."""
    close = closest(value, options)
    return f"did you mean {close!r}?" if close else None


def malformed_ref(ref: str, by_id: dict[str, Loaded[Source]]) -> str | None:
    """Why a reference is not of the form <source-id>/<point-id>, with the nearest point of the
    brief's own sources (or one of them as the example), or None when its form is right."""
    if re.match(POINT_REF_RE, ref):
        return None
    refs = [f"{sid}/{p.id}" for sid, s in by_id.items() for p in s.model.points]
    bare = ref.strip().strip("/").split("/")[-1]
    matching = [r for r in refs if r.split("/", 1)[1] == bare]
    if len(matching) == 1:
        hint = f"did you mean {matching[0]!r}?"
    else:
        close = closest(ref, refs) or closest(bare, [r.split("/", 1)[1] for r in refs])
        full = next((r for r in refs if close and (r == close or r.endswith("/" + close))), None)
        hint = f"did you mean {full!r}?" if full else (f"such as {refs[0]!r}" if refs else "")
    expected = "expected a point as <source-id>/<point-id> (lowercase letters, digits and hyphens)"
    return f"{expected}, found {ref!r}" + (f"; {hint}" if hint else "")


def resolve_ref(ref: str, by_id: dict[str, Loaded[Source]]) -> str | None:
    """Why a point reference does not resolve among the brief's sources, or None when it does."""
    malformed = malformed_ref(ref, by_id)
    if malformed is not None:
        return malformed
    source_id, point_id = ref.split("/", 1)
    if source_id not in by_id:
        return f"{source_id!r} is not a source of this brief; " + (
            did_you_mean(source_id, by_id) or f"its sources are: {', '.join(by_id)}"
        )
    ids = [p.id for p in by_id[source_id].model.points]
    if point_id not in ids:
        return f"{source_id} has no point {point_id!r}; " + (
            did_you_mean(point_id, ids) or f"its points are: {', '.join(sorted(ids))}"
        )
    return None


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(item: dict[str, Any], key: str) -> Iterator[tuple[int, str]]:
    value = item.get(key)
    if isinstance(value, list):
        yield from ((j, v) for j, v in enumerate(value) if isinstance(v, str))


def side_sources(side: dict[str, Any]) -> list[str]:
    """The source ids a side names in plain data (`source: x` or `sources: [x, y]`)."""
    listed = side.get("sources")
    named = [side.get("source"), *(listed if isinstance(listed, list) else [])]
    return [s for s in named if isinstance(s, str)]


def raw_reference_problems(
    data: Any, marks: Marks, by_id: dict[str, Loaded[Source]], complete: bool, reported: Iterable[KeyPath]
) -> list[Problem]:
    """The unknown highlights, points, sides and topics of a brief that failed its shape check, read
    from its plain data; a value already reported (at or under a reported key path) is left out."""
    done = [tuple(path) for path in reported]

    def unreported(path: KeyPath) -> bool:
        return not any(path[: len(p)] == p for p in done if p)

    problems: list[Problem] = []
    sides = _items(data, "sides")
    side_ids = [s["id"] for _, s in sides if isinstance(s.get("id"), str)]
    side_of = {sid: i for i, side in sides for sid in side_sources(side)}

    def check(ref: str, path: KeyPath, side: int | None = None) -> None:
        if not unreported(path) or (not complete and "/" in ref and ref.split("/", 1)[0] not in by_id):
            return
        why = resolve_ref(ref, by_id)
        if why is None and side is not None and side_of.get(ref.split("/", 1)[0]) != side:
            why = f"{ref} is not a point of side {side_ids[side] if side < len(side_ids) else side!r}"
        if why is not None:
            problems.append(marks.problem(path, why))

    for i, side in sides:
        for j, ref in _strings(side, "highlights"):
            check(ref, ("sides", i, "highlights", j), side=i)
    topics = _items(data, "topics")
    for i, topic in topics:
        stances = topic.get("stances")
        for key in stances if isinstance(stances, dict) and side_ids else ():
            path: KeyPath = ("topics", i, "stances", key)
            if isinstance(key, str) and key not in side_ids and unreported(path):
                hint = did_you_mean(key, side_ids) or f"the sides are: {', '.join(side_ids)}"
                problems.append(marks.problem(path, f"no side {key!r}; {hint}", key=True))
        for j, ref in _strings(topic, "points"):
            check(ref, ("topics", i, "points", j))
    topic_ids = [t["id"] for _, t in topics if isinstance(t.get("id"), str)]
    for i, question in _items(data, "questions"):
        for j, ref in _strings(question, "points"):
            check(ref, ("questions", i, "points", j))
        topic = question.get("topic")
        if isinstance(topic, str) and topic_ids and topic not in topic_ids and unreported(("questions", i, "topic")):
            hint = did_you_mean(topic, topic_ids) or f"its topics are: {', '.join(topic_ids)}"
            problems.append(marks.problem(("questions", i, "topic"), f"no topic {topic!r}; {hint}"))
    return problems
