"""Checks on the facilitator's plan that need no article text: every topic on the agenda has a
question, and no note says "without sources" about points whose source names who said them.

`brief check` runs them, and so does every build; each finding is a located warning.
"""

from __future__ import annotations

import re
from functools import cache

from brief.errors import KeyPath, Problem
from brief.model.coherence import expert_names
from brief.model.enums import Edition
from brief.model.fields import Text
from brief.model.source import ExpertKind
from brief.model.validate import Debate
from brief.views.objects import variant
from brief.views.prose import CitedPoint, cited

# What a note says when it claims that something comes with no source, per language, as regular
# expressions over whole words. A language without a list is not read for such claims.
UNSOURCED: dict[str, tuple[str, ...]] = {
    "en": (
        r"without (?:any )?(?:sources?|attribution)",
        r"unsourced",
        r"unattributed",
        r"(?:with )?no (?:sources?|attribution)",
        r"not sourced",
        r"not attributed",
    ),
    "fr": (
        r"sans (?:aucune )?(?:sources?|attribution)",
        r"non sourcée?s?",
        r"non attribuée?s?",
        r"aucune source",
    ),
}


@cache
def _unsourced(lang: str) -> re.Pattern[str] | None:
    forms = UNSOURCED.get(lang)
    if forms is None:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{f})" for f in forms) + r")(?!\w)", re.IGNORECASE)


def unsourced_claims(text: str, lang: str) -> list[str]:
    """The phrases by which a text says something has no source, as written."""
    pattern = _unsourced(lang)
    return [m.group() for m in pattern.finditer(text)] if pattern is not None else []


def question_warnings(debate: Debate) -> list[Problem]:
    """A topic on the facilitator's agenda with no discussion question tied to it."""
    model, marks = debate.brief.model, debate.brief.marks
    if Edition.facilitator not in model.editions:
        return []
    asked = {q.topic for q in model.questions}
    return [
        marks.problem(
            ("topics", i),
            f"topic {topic.id!r} is on the facilitator's agenda but no question is tied to it, so the plan "
            f"prints 'no question set' there: add a question with `topic: {topic.id}`, or say in the topic's "
            "note what the group discusses",
            severity="warning",
        )
        for i, topic in enumerate(model.topics)
        if topic.id not in asked
    ]


def _named_sources(points: list[CitedPoint]) -> dict[str, list[str]]:
    """Whom the points say they report (a named expert or an institution, never an unnamed source),
    as `reports` gives the name, with every spelling of it."""
    named: dict[str, list[str]] = {}
    for p in points:
        if not p.point.reports:
            continue
        model = p.source.model
        k = expert_names(model).get(p.point.reports.casefold())
        if k is not None and model.experts[k].kind in (ExpertKind.named, ExpertKind.institution):
            name = model.experts[k].name
            named[p.point.reports] = [name] if isinstance(name, str) else list(name.values())
    return named


def sourcing_warnings(debate: Debate) -> list[Problem]:
    """A topic's note or a question's hint that calls something unsourced, where a point it concerns
    names whose words they are (`reports`) and the note does not name them."""
    model, marks = debate.brief.model, debate.brief.marks
    texts: list[tuple[KeyPath, Text, list[str]]] = []
    for t, topic in enumerate(model.topics):
        if topic.note is not None:
            texts.append((("topics", t, "note"), topic.note, list(topic.points)))
    for q, question in enumerate(model.questions):
        if question.hint is not None:
            texts.append((("questions", q, "hint"), question.hint, list(question.points)))
    problems: list[Problem] = []
    for path, text, refs in texts:
        named = _named_sources(cited(debate, refs))
        if not named:
            continue
        for lang in model.languages:
            said = variant(text, lang)
            claims = unsourced_claims(said, lang)
            unnamed = [
                n for n, spellings in named.items() if not any(w.casefold() in said.casefold() for w in spellings)
            ]
            if claims and unnamed:
                where = path if isinstance(text, str) else (*path, lang)
                problems.append(
                    marks.problem(
                        where,
                        f"the {lang} text says \u201c{claims[0]}\u201d, but the points it concerns name their "
                        f"source: {', '.join(unnamed)} (their `reports`); say which claims are unsourced "
                        "and which are attributed, to whom",
                        severity="warning",
                    )
                )
    return problems


def plan_warnings(debate: Debate) -> list[Problem]:
    """Every check of this module on one brief."""
    return [*question_warnings(debate), *sourcing_warnings(debate)]
