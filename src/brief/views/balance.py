"""How evenly the sides are treated: points, quotes and summary words per side, and the warnings past the ratio."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from brief.errors import Problem
from brief.model.source import ExpertKind, Source
from brief.model.validate import Debate
from brief.views.objects import LETTERS, Balance, SideBalance, Skew, tr

if TYPE_CHECKING:
    pass

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them: "l'Ukraine" is one (either apostrophe), a dash or a guillemet is none."""
    return len(_WORD.findall(text))


# What the brief itself chooses, and so what must stay comparable; who an article cites
# (named or unnamed) is the article's doing, shown but not held against the brief.
BALANCED_MEASURES = ("points", "quotes", "summary_words")


def side_balance(side_index: int, label: str, sources: tuple[Source, ...], lang: str) -> SideBalance:
    kinds = [e.kind for source in sources for e in source.experts]
    points = [p for source in sources for p in source.points]
    words = sum(count_words(tr(s.thesis, lang)) for s in sources) + sum(count_words(tr(p.claim, lang)) for p in points)
    quoted = sum(1 for p in points if p.quote)
    return SideBalance(
        letter=LETTERS[side_index],
        label=label,
        points=len(points),
        unquoted=len(points) - quoted,
        quotes=quoted + sum(1 for source in sources for q in source.open_questions if q.quote),
        named_experts=kinds.count(ExpertKind.named),
        institutions=kinds.count(ExpertKind.institution),
        unnamed_sources=kinds.count(ExpertKind.unnamed),
        invoked=kinds.count(ExpertKind.ideologue),
        summary_words=words,
    )


def ratio(a: int, b: int) -> float:
    """How many times the larger is the smaller; one side at nothing against something is infinite."""
    low, high = sorted((a, b))
    if high == 0:
        return 1.0
    return math.inf if low == 0 else high / low


def balance(debate: Debate, lang: str) -> Balance:
    """Each side's weight in this language's edition, and every pair of sides where it tips past the ratio."""
    brief = debate.brief.model
    sides = tuple(
        side_balance(i, tr(side.label, lang), tuple(s.model for s in debate.sides[i]), lang)
        for i, side in enumerate(brief.sides)
    )
    skews = []
    for measure in BALANCED_MEASURES:
        for i in range(len(sides)):
            for j in range(i + 1, len(sides)):
                a, b = sides[i].measure(measure), sides[j].measure(measure)
                r = ratio(a, b)
                if r > brief.balance_ratio:
                    skews.append(Skew(measure, i if a > b else j, j if a > b else i, r))
    return Balance(sides, brief.balance_ratio, tuple(skews))


_MEASURE_WORDS = {"points": "points", "quotes": "quotes", "summary_words": "words in our {lang} summaries"}


def balance_warnings(debate: Debate) -> list[Problem]:
    """`brief check`'s warnings: each measure, in each language built, on which one side outweighs another."""
    marks = debate.brief.marks
    found: dict[tuple[str, int, int], Problem] = {}  # points and quotes are the same in every language
    for lang in debate.brief.model.languages:
        result = balance(debate, lang)
        for skew in result.skews:
            heavy, light = result.sides[skew.heavier], result.sides[skew.lighter]
            what = _MEASURE_WORDS[skew.measure].format(lang=lang)
            times = "infinitely many" if math.isinf(skew.ratio) else f"{skew.ratio:.2f} times as many"
            message = (
                f"side {heavy.letter} has {heavy.measure(skew.measure)} {what}, side {light.letter} "
                f"{light.measure(skew.measure)}: {times}, more than balance_ratio {result.limit:g} allows"
            )
            lang_key = lang if skew.measure == "summary_words" else ""
            found.setdefault(
                (skew.measure + lang_key, skew.heavier, skew.lighter),
                marks.problem(("sides", skew.heavier), message, severity="warning"),
            )
    return list(found.values())
