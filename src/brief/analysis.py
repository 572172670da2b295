"""What a brief computes from its models, for one language and one edition.

The result is a tree of plain, already-translated values: templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from .errors import Problem
from .model import Edition, Event, ExpertKind, PartialDate, QuestionKind, Source, Text
from .typography import typeset
from .validate import Debate

if TYPE_CHECKING:
    from .changes import ChangesView


def variant(text: Text, lang: str) -> str:
    """A text's variant in one language, as written; validation has made sure it exists."""
    if isinstance(text, str):
        return text
    return text[lang]


def tr(text: Text, lang: str) -> str:
    """A text as the edition in `lang` prints it: its variant, set by the language's typography."""
    return typeset(variant(text, lang), lang)


def verbatim(text: str, lang: str) -> str:
    """Words the article wrote, in its language: only the kind of a space may change."""
    return typeset(text, lang, verbatim=True)


def tr_opt(text: Text | None, lang: str) -> str | None:
    return None if text is None else tr(text, lang)


@dataclass(frozen=True)
class PointView:
    ref: str
    id: str
    number: str  # as printed and cross-referenced: "A3" is side A's third point
    claim: str
    quote: str
    quote_lang: str
    translation: str | None
    topics: tuple[str, ...]
    side: int

    @property
    def anchor(self) -> str:
        """The HTML id of the point's card in "Each side in detail"."""
        return f"point-{'ab'[self.side]}-{self.id}"


@dataclass(frozen=True)
class ExpertView:
    name: str
    kind: ExpertKind
    role: str | None
    attributed: str
    use: str


@dataclass(frozen=True)
class QuestionView:
    text: str
    kind: QuestionKind
    quote: str | None


@dataclass(frozen=True)
class EventView:
    date: PartialDate
    what: str


@dataclass(frozen=True)
class SideView:
    """One side with its source's content in the edition's language."""

    index: int
    letter: str
    label: str
    source_id: str
    title: str | None
    outlet: str | None
    author: str | None
    author_role: str | None
    published: PartialDate | None
    url: str | None
    language: str
    language_name: str  # the article's language named in the edition's: "French", "français"
    kind: str
    notes: tuple[str, ...]
    thesis: str
    points: tuple[PointView, ...]
    highlights: tuple[PointView, ...]
    experts: tuple[ExpertView, ...]
    open_questions: tuple[QuestionView, ...]
    events: tuple[EventView, ...]
    leaves_out: tuple[str, ...]

    @property
    def named_experts(self) -> tuple[ExpertView, ...]:
        return tuple(e for e in self.experts if e.kind is ExpertKind.named)


@dataclass(frozen=True)
class TopicView:
    id: str
    label: str
    crux: str
    note: str | None
    minutes: int | None


@dataclass(frozen=True)
class ClashRow:
    """One topic: each side's points on it (an empty tuple: the side is silent on it)."""

    topic: TopicView
    positions: tuple[tuple[PointView, ...], tuple[PointView, ...]]


@dataclass(frozen=True)
class QuestionRef:
    side: int
    point: PointView


@dataclass(frozen=True)
class DiscussionView:
    number: int
    text: str
    refs: tuple[QuestionRef, ...]
    hint: str | None


@dataclass(frozen=True)
class BriefView:
    """Everything one edition of one brief shows, in one language."""

    id: str
    lang: str
    edition: Edition
    title: str
    question: str
    editor: str
    as_of: dt.date
    sides: tuple[SideView, SideView]
    clash: tuple[ClashRow, ...]
    other_points: tuple[tuple[PointView, ...], tuple[PointView, ...]]
    questions: tuple[DiscussionView, ...]
    timeline: Timeline
    balance: Balance
    changes: ChangesView | None = None  # set by build when asked for changes since a revision

    @property
    def facilitator(self) -> bool:
        return self.edition is Edition.facilitator

    @property
    def timed_topics(self) -> tuple[TopicView, ...]:
        return tuple(row.topic for row in self.clash if row.topic.minutes)

    @property
    def total_minutes(self) -> int:
        """The suggested length of the discussion: the sum of the topics' minutes."""
        return sum(topic.minutes or 0 for topic in self.timed_topics)


def language_name(code: str, lang: str) -> str:
    """A language code as a reader of the `lang` edition names it (Babel's CLDR data), so the
    sources page says "French" or "français" rather than "fr"; a code CLDR does not know stays as is."""
    try:
        return Locale.parse(code, sep="-").get_display_name(Locale.parse(lang, sep="-")) or code
    except (ValueError, UnknownLocaleError):
        return code


def _side(debate: Debate, index: int, lang: str) -> SideView:
    side = debate.brief.model.sides[index]
    loaded = debate.sources[index]
    src: Source = loaded.model
    prov = src.provenance
    points = tuple(
        PointView(
            ref=f"{loaded.id}/{p.id}",
            id=p.id,
            number=f"{'AB'[index]}{n}",
            claim=tr(p.claim, lang),
            quote=verbatim(p.quote, prov.language),
            quote_lang=prov.language,
            translation=None if lang == prov.language else tr_opt(p.translation, lang),
            topics=tuple(p.topics),
            side=index,
        )
        for n, p in enumerate(src.points, 1)
    )
    by_id = {p.id: p for p in points}
    highlights = tuple(by_id[h] for h in side.highlights) if side.highlights else points[:3]
    return SideView(
        index=index,
        letter="AB"[index],
        label=tr(side.label, lang),
        source_id=loaded.id,
        # typed by us like every other field (straight quotes and all), so set like them; the
        # title in the article's language
        title=tr_opt(prov.title, prov.language),
        outlet=tr_opt(prov.outlet, lang),
        author=tr_opt(prov.author, lang),
        author_role=tr_opt(prov.author_role, lang),
        published=prov.published,
        url=prov.url,
        language=prov.language,
        language_name=language_name(prov.language, lang),
        kind=prov.kind.value,
        notes=tuple(tr(n, lang) for n in prov.notes),
        thesis=tr(src.thesis, lang),
        points=points,
        highlights=highlights,
        experts=tuple(
            ExpertView(tr(e.name, lang), e.kind, tr_opt(e.role, lang), tr(e.attributed, lang), tr(e.use, lang))
            for e in src.experts
        ),
        open_questions=tuple(
            QuestionView(tr(q.text, lang), q.kind, None if q.quote is None else verbatim(q.quote, prov.language))
            for q in src.open_questions
        ),
        events=tuple(sorted((EventView(e.date, tr(e.what, lang)) for e in src.events), key=lambda e: e.date)),
        leaves_out=tuple(tr(x, lang) for x in src.leaves_out),
    )


def clash_rows(
    topics: tuple[TopicView, ...], sides: tuple[SideView, SideView]
) -> tuple[tuple[ClashRow, ...], tuple[tuple[PointView, ...], tuple[PointView, ...]]]:
    """One row per topic in the brief's order, and each side's points that bear on no topic."""
    rows = tuple(
        ClashRow(
            topic,
            (
                tuple(p for p in sides[0].points if topic.id in p.topics),
                tuple(p for p in sides[1].points if topic.id in p.topics),
            ),
        )
        for topic in topics
    )
    other = (
        tuple(p for p in sides[0].points if not p.topics),
        tuple(p for p in sides[1].points if not p.topics),
    )
    return rows, other


# --- timeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    """An event as one or both sources date it; `letters` are the sides that mention it."""

    what: str
    letters: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """Whole days between an article's publication and a day-dated event."""

    days: int
    date: PartialDate


@dataclass(frozen=True)
class Publication:
    """An article's own date on the timeline, with what it could and could not have known."""

    letter: str
    label: str
    before_next: Gap | None  # the first day-dated event after it
    after_last: Gap | None  # the last day-dated event before it


@dataclass(frozen=True)
class TimelineEntry:
    """Everything dated to one day, month or year: events first, then articles published then."""

    date: PartialDate
    events: tuple[TimelineEvent, ...]
    publications: tuple[Publication, ...]


@dataclass(frozen=True)
class Timeline:
    """Both articles' dated events and their own dates, merged in one date order."""

    entries: tuple[TimelineEntry, ...]
    undated: tuple[str, ...]  # letters of sides whose publication date is not stated


def _same_event(a: Event, b: Event) -> bool:
    """Two sources' events are one entry only when they give the same date and the same words."""
    return a.date == b.date and a.what == b.what


def timeline(sources: tuple[Source, Source], sides: tuple[SideView, SideView], lang: str) -> Timeline:
    """Both sources' dated events merged with the two publication dates, in date order.

    A month or a year heads its period (see `PartialDate.sort_key`). Gaps in days are given
    only between dates known to the day: anything coarser would be invented precision.
    """
    merged: list[tuple[Event, list[str]]] = []
    for source, side in zip(sources, sides, strict=True):
        for event in source.events:
            match = next((entry for entry in merged if _same_event(entry[0], event)), None)
            if match is None:
                merged.append((event, [side.letter]))
            elif side.letter not in match[1]:
                match[1].append(side.letter)
    day_dates = sorted({e.date for e, _ in merged if e.date.precision == "day"})

    def publication(side: SideView, date: PartialDate) -> Publication:
        before = after = None
        if date.precision == "day":
            later = [d for d in day_dates if d > date]
            earlier = [d for d in day_dates if d < date]
            if later:
                before = Gap((later[0].to_date() - date.to_date()).days, later[0])
            if earlier:
                after = Gap((date.to_date() - earlier[-1].to_date()).days, earlier[-1])
        return Publication(side.letter, side.label, before, after)

    dates = sorted({e.date for e, _ in merged} | {s.published for s in sides if s.published})
    entries = tuple(
        TimelineEntry(
            date,
            tuple(TimelineEvent(tr(e.what, lang), tuple(letters)) for e, letters in merged if e.date == date),
            tuple(publication(s, date) for s in sides if s.published == date),
        )
        for date in dates
    )
    return Timeline(entries, tuple(s.letter for s in sides if s.published is None))


# --- balance -----------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them: "l'Ukraine" is one (either apostrophe), a dash or a guillemet is none."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class SideBalance:
    """How much room the brief gives one side, and what the article itself leans on."""

    letter: str
    label: str
    points: int
    quotes: int  # verbatim passages: one per point, plus questions the article asks outright
    named_experts: int
    unnamed_sources: int
    invoked: int  # ideologues invoked, neither experts nor sources
    summary_words: int  # our words in this language: thesis and point claims

    def measure(self, name: str) -> int:
        return int(getattr(self, name))


# What the brief itself chooses, and so what must stay comparable; who an article cites
# (named or unnamed) is the article's doing, shown but not held against the brief.
BALANCED_MEASURES = ("points", "quotes", "summary_words")


@dataclass(frozen=True)
class Skew:
    """One measure on which one side outweighs the other by more than the brief allows."""

    measure: str
    heavier: int  # side index
    ratio: float

    @property
    def infinite(self) -> bool:
        """The lighter side has none at all."""
        return math.isinf(self.ratio)


@dataclass(frozen=True)
class Balance:
    """The brief's own fairness, shown to every reader and checked by `brief check`."""

    sides: tuple[SideBalance, SideBalance]
    limit: float
    skews: tuple[Skew, ...]


def side_balance(side_index: int, label: str, source: Source, lang: str) -> SideBalance:
    kinds = [e.kind for e in source.experts]
    words = count_words(tr(source.thesis, lang)) + sum(count_words(tr(p.claim, lang)) for p in source.points)
    return SideBalance(
        letter="AB"[side_index],
        label=label,
        points=len(source.points),
        quotes=len(source.points) + sum(1 for q in source.open_questions if q.quote),
        named_experts=kinds.count(ExpertKind.named),
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
    """Each side's weight in this language's edition, and where it tips past the brief's ratio."""
    brief = debate.brief.model
    sides = tuple(side_balance(i, tr(brief.sides[i].label, lang), debate.sources[i].model, lang) for i in range(2))
    skews = []
    for measure in BALANCED_MEASURES:
        a, b = sides[0].measure(measure), sides[1].measure(measure)
        r = ratio(a, b)
        if r > brief.balance_ratio:
            skews.append(Skew(measure, 0 if a > b else 1, r))
    return Balance((sides[0], sides[1]), brief.balance_ratio, tuple(skews))


_MEASURE_WORDS = {"points": "points", "quotes": "quotes", "summary_words": "words in our {lang} summaries"}


def balance_warnings(debate: Debate) -> list[Problem]:
    """`brief check`'s warnings: each measure, in each language built, on which one side outweighs the other."""
    marks = debate.brief.marks
    found: dict[tuple[str, int], Problem] = {}  # points and quotes are the same in every language
    for lang in debate.brief.model.languages:
        result = balance(debate, lang)
        for skew in result.skews:
            heavy, light = result.sides[skew.heavier], result.sides[1 - skew.heavier]
            what = _MEASURE_WORDS[skew.measure].format(lang=lang)
            times = "infinitely many" if math.isinf(skew.ratio) else f"{skew.ratio:.2f} times as many"
            message = (
                f"side {heavy.letter} has {heavy.measure(skew.measure)} {what}, side {light.letter} "
                f"{light.measure(skew.measure)}: {times}, more than balance_ratio {result.limit:g} allows"
            )
            lang_key = lang if skew.measure == "summary_words" else ""
            found.setdefault(
                (skew.measure + lang_key, skew.heavier),
                marks.problem(("sides", skew.heavier), message, severity="warning"),
            )
    return list(found.values())


def analyse(debate: Debate, lang: str, edition: Edition) -> BriefView:
    """The view of one edition of a brief in one language."""
    brief = debate.brief.model
    sides = (_side(debate, 0, lang), _side(debate, 1, lang))
    topics = tuple(
        TopicView(t.id, tr(t.label, lang), tr(t.crux, lang), tr_opt(t.note, lang), t.minutes) for t in brief.topics
    )
    clash, other = clash_rows(topics, sides)
    points_by_ref = {p.ref: p for s in sides for p in s.points}
    questions = tuple(
        DiscussionView(
            number=n,
            text=tr(q.text, lang),
            refs=tuple(QuestionRef(points_by_ref[r].side, points_by_ref[r]) for r in q.points),
            hint=tr_opt(q.hint, lang),
        )
        for n, q in enumerate(brief.questions, 1)
    )
    return BriefView(
        id=debate.id,
        lang=lang,
        edition=edition,
        title=tr(brief.title, lang),
        question=tr(brief.question, lang),
        editor=tr(brief.editor, lang),
        as_of=brief.as_of,
        sides=sides,
        clash=clash,
        other_points=other,
        questions=questions,
        timeline=timeline((debate.sources[0].model, debate.sources[1].model), sides, lang),
        balance=balance(debate, lang),
    )
