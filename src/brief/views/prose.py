"""Checks on our own prose that need no article text: hedges kept, attribution kept, blocks of the
same weight on every side. `brief check` runs them; each finding is a located warning.

Which article a brief-level text draws on is the points it lists: a topic's points of one side
for that side's stance, a question's points for the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from brief.errors import KeyPath, Problem
from brief.model.coherence import expert_names
from brief.model.fields import Text
from brief.model.load import Loaded
from brief.model.source import ExpertKind, Point, Source
from brief.model.validate import Debate
from brief.views.balance import count_words, ratio
from brief.views.hedges import has_list, hedges_in
from brief.views.objects import LETTERS, variant

# Under this many words, the heavier of two blocks is too short to weigh (a line either way).
MIN_BLOCK_WORDS = 12


@dataclass(frozen=True)
class CitedPoint:
    """A point a brief cites, with the source file it lives in."""

    source: Loaded[Source]
    index: int

    @property
    def point(self) -> Point:
        return self.source.model.points[self.index]

    @property
    def quote_hedges(self) -> list[str]:
        quote = self.point.quote
        return hedges_in(quote, self.source.model.provenance.language) if quote else []


def _text_path(path: KeyPath, text: Text, lang: str) -> KeyPath:
    """Where one language's variant of a text stands: under its language key when it has several."""
    return path if isinstance(text, str) else (*path, lang)


def cited(debate: Debate, refs: list[str]) -> list[CitedPoint]:
    """The points `source/point` references name, in order (validation made sure they resolve)."""
    by_id = {s.id: s for s in debate.sources}
    found = []
    for ref in refs:
        source_id, point_id = ref.split("/", 1)
        source = by_id.get(source_id)
        if source is None:
            continue
        for i, point in enumerate(source.model.points):
            if point.id == point_id:
                found.append(CitedPoint(source, i))
    return found


def unchecked_languages(debate: Debate) -> list[str]:
    """The languages whose hedges are not known, so whose texts the hedge check cannot read."""
    langs = {*debate.brief.model.languages, *(s.model.provenance.language for s in debate.sources)}
    return sorted(lang for lang in langs if not has_list(lang))


def hedge_warnings(debate: Debate) -> list[Problem]:
    """A claim that drops its quote's hedge; a stance or question whose cited points all hedge, stated flatly."""
    languages = debate.brief.model.languages
    problems: list[Problem] = []
    for source in debate.sources:
        for i, point in enumerate(source.model.points):
            hedges = CitedPoint(source, i).quote_hedges
            for lang in languages if hedges else ():
                claim = variant(point.claim, lang)
                if has_list(lang) and not hedges_in(claim, lang):
                    problems.append(
                        source.marks.problem(
                            _text_path(("points", i, "claim"), point.claim, lang),
                            f"the quote hedges ({_listed(hedges)}) but the {lang} claim states it flatly: "
                            "keep the article's hedge in our words",
                            severity="warning",
                        )
                    )
    for path, text, points in _brief_texts_with_points(debate):
        quoted = [p for p in points if p.point.quote]
        if not quoted or not all(p.quote_hedges for p in quoted):
            continue
        hedges = sorted({h.lower() for p in quoted for h in p.quote_hedges})
        for lang in languages:
            if has_list(lang) and not hedges_in(variant(text, lang), lang):
                problems.append(
                    debate.brief.marks.problem(
                        _text_path(path, text, lang),
                        f"every point it cites hedges ({_listed(hedges)}) but the {lang} text states "
                        "the matter flatly: keep a hedge in our words",
                        severity="warning",
                    )
                )
    return problems


def _brief_texts_with_points(debate: Debate) -> Iterator[tuple[KeyPath, Text, list[CitedPoint]]]:
    """Each stance with its side's points in the topic, and each discussion question with its points."""
    model = debate.brief.model
    side_of = {s.id: i for i, side in enumerate(debate.sides) for s in side}
    for t, topic in enumerate(model.topics):
        for s, side in enumerate(model.sides):
            stance = topic.stances.get(side.id)
            if stance is not None:
                refs = [ref for ref in topic.points if side_of.get(ref.split("/", 1)[0]) == s]
                yield ("topics", t, "stances", side.id), stance, cited(debate, refs)
    for q, question in enumerate(model.questions):
        yield ("questions", q, "text"), question.text, cited(debate, list(question.points))


def _listed(words: list[str]) -> str:
    return ", ".join(f"\u201c{w}\u201d" for w in dict.fromkeys(words))


def _names_in(text: str, names: list[str]) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text) for name in names)


def _how_named(name: Text) -> list[str]:
    """An expert's name in each language's spelling, and each spelling's surname."""
    spellings = [name] if isinstance(name, str) else list(name.values())
    surnames = [s.split()[-1] for s in spellings if len(s.split()) > 1 and len(s.split()[-1]) >= 4]
    return list(dict.fromkeys([*spellings, *surnames]))


def attribution_warnings(debate: Debate) -> list[Problem]:
    """A claim that names a person whom its quote does not, unless the point says the quote reports them."""
    problems: list[Problem] = []
    for source in debate.sources:
        model = source.model
        index = expert_names(model)
        people = [(k, e) for k, e in enumerate(model.experts) if e.kind in (ExpertKind.named, ExpertKind.ideologue)]
        for i, point in enumerate(model.points):
            reported = index.get(point.reports.casefold()) if point.reports else None
            for k, expert in people:
                names = _how_named(expert.name)
                if k == reported or (point.quote and _names_in(point.quote, names)):
                    continue
                for lang in debate.brief.model.languages:
                    claim = variant(point.claim, lang)
                    if _names_in(claim, names):
                        problems.append(
                            source.marks.problem(
                                _text_path(("points", i, "claim"), point.claim, lang),
                                f"the {lang} claim names {names[0]} but the quote does not: if the quote "
                                f"reports their words, say so with `reports: {names[0]}`; otherwise do not "
                                "lend them the point",
                                severity="warning",
                            )
                        )
    return problems


@dataclass(frozen=True)
class Block:
    """One block of one side as a page prints it: its words in one language, and where it is written."""

    words: int
    loaded: Loaded[object]
    path: KeyPath


def _side_blocks(debate: Debate, s: int, lang: str) -> dict[str, Block]:
    model = debate.brief.model
    side = model.sides[s]
    sources = debate.sides[s]
    highlights = cited(debate, list(side.highlights))
    blocks = {
        "page 1's strongest points": Block(
            sum(count_words(variant(p.point.claim, lang)) for p in highlights), debate.brief, ("sides", s, "highlights")
        ),
        "the thesis": Block(
            sum(count_words(variant(src.model.thesis, lang)) for src in sources),
            sources[0],
            _text_path(("thesis",), sources[0].model.thesis, lang),
        ),
        "\u201cQuestions it raises\u201d": Block(
            sum(  # as printed: our question, then the article's own when it asks it outright
                count_words(variant(q.text, lang)) + count_words(q.quote or "")
                for src in sources
                for q in src.model.open_questions
            ),
            sources[0],
            ("open_questions",),
        ),
        "the stances taken together": Block(
            sum(count_words(variant(t.stances[side.id], lang)) for t in model.topics if side.id in t.stances),
            debate.brief,
            ("sides", s),
        ),
    }
    everything = [*highlights, *(CitedPoint(src, i) for src in sources for i in range(len(src.model.points)))]
    quoted = next((p for p in everything if p.point.quote), None)
    if quoted is not None:
        point = quoted.point  # weighed as the edition's reader reads it: our translation, else the quote
        read = point.quote or ""
        if point.translation is not None and lang != quoted.source.model.provenance.language:
            read = variant(point.translation, lang)
        words = count_words(read)
        blocks["the sheet's quote"] = Block(words, quoted.source, ("points", quoted.index, "quote"))
    return blocks


def block_warnings(debate: Debate) -> list[Problem]:
    """Each block facing the same block of another side, compared in words; one reaching `block_ratio` is named."""
    model = debate.brief.model
    limit = model.block_ratio
    problems: list[Problem] = []
    for lang in model.languages:
        blocks = [_side_blocks(debate, s, lang) for s in range(len(model.sides))]
        for name in blocks[0]:
            for i in range(len(blocks)):
                for j in range(i + 1, len(blocks)):
                    a, b = blocks[i].get(name), blocks[j].get(name)
                    if a is None or b is None or 0 in (a.words, b.words):
                        continue
                    r = ratio(a.words, b.words)
                    if max(a.words, b.words) < MIN_BLOCK_WORDS or r < limit:
                        continue
                    heavy, light = (i, j) if a.words > b.words else (j, i)
                    block, other = blocks[heavy][name], blocks[light][name]
                    problems.append(
                        block.loaded.marks.problem(
                            block.path,
                            f"in {lang}, {name} of side {LETTERS[heavy]} runs {block.words} words, side "
                            f"{LETTERS[light]}'s {other.words}: {r:.2f} times as long, reaching block_ratio "
                            f"{limit:g}; shorten one or fill out the other so that both sides get the same room",
                            severity="warning",
                        )
                    )
    return problems


def prose_warnings(debate: Debate) -> list[Problem]:
    """Every check of this module on one brief."""
    return [*hedge_warnings(debate), *attribution_warnings(debate), *block_warnings(debate)]
