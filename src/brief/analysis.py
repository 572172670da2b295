"""What a brief computes from its models, for one language and one edition.

The result is a tree of plain, already-translated values: templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .errors import Problem
from .load import Loaded
from .model import Brief, Edition, Event, ExpertKind, PartialDate, QuestionKind, Source, Text
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


LETTERS = "ABCD"


ChangeMark = Literal["new", "changed"]  # how an item differs from the brief at an earlier revision


@dataclass(frozen=True)
class PointView:
    ref: str
    id: str
    number: str  # as printed and cross-referenced: "A3" is side A's third point
    claim: str
    quote: str | None  # None: no short passage makes the point; the brief marks it "no quote"
    quote_lang: str
    translation: str | None
    side: int
    source_id: str
    anchor: str  # the HTML id of the point in "Each side in detail"
    change: ChangeMark | None = None  # set by changes.marked when the brief shows changes since a revision


@dataclass(frozen=True)
class ExpertView:
    name: str
    kind: ExpertKind
    role: str | None
    attributed: str
    use: str
    source: int = 0  # which of the side's sources leans on them (an index into SideView.sources)
    change: ChangeMark | None = None


@dataclass(frozen=True)
class QuestionView:
    text: str
    kind: QuestionKind
    quote: str | None
    source: int = 0
    change: ChangeMark | None = None


@dataclass(frozen=True)
class EventView:
    date: PartialDate
    what: str


@dataclass(frozen=True)
class SourceView:
    """One article, with what it states about itself; what it does not state is None."""

    id: str
    letter: str  # its side's
    title: str | None
    outlet: str | None
    author: str | None
    author_role: str | None
    published: PartialDate | None
    url: str | None
    language: str
    language_name: str  # the article's language named in the edition's: "French", "français"
    kind: str
    kind_from: str  # "page": what its page calls it; "ours": our classification
    notes: tuple[str, ...]
    thesis: str
    leaves_out: tuple[str, ...]


@dataclass(frozen=True)
class SideView:
    """One side: its label, its sources, and their content in the edition's language."""

    index: int
    id: str
    letter: str
    label: str
    sources: tuple[SourceView, ...]
    points: tuple[PointView, ...]
    highlights: tuple[PointView, ...]
    experts: tuple[ExpertView, ...]
    open_questions: tuple[QuestionView, ...]

    @property
    def several(self) -> bool:
        """Whether the side is argued by more than one article (items then name theirs)."""
        return len(self.sources) > 1

    @property
    def strongest_quote(self) -> PointView | None:
        """The quote the one-sheet edition prints: the first highlight that has one."""
        return next((p for p in (*self.highlights, *self.points) if p.quote), None)


@dataclass(frozen=True)
class TopicView:
    id: str
    label: str
    crux: str
    note: str | None
    minutes: int | None


@dataclass(frozen=True)
class Position:
    """Where one side stands on one topic: its stance in our words (None: silent) and its points."""

    side: int
    letter: str
    side_id: str
    stance: str | None
    points: tuple[PointView, ...]
    change: ChangeMark | None = None


@dataclass(frozen=True)
class ClashRow:
    """One topic, and each side's position on it."""

    topic: TopicView
    positions: tuple[Position, ...]


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
    topic: str | None  # the topic id it belongs to in the facilitator's agenda
    change: ChangeMark | None = None


@dataclass(frozen=True)
class AgendaItem:
    """One step of the facilitator's plan: its minutes and the discussion questions it takes up."""

    kind: str  # "opening", "reading", "topic", "closing"
    label: str | None  # the topic's label for a topic
    minutes: int | None
    questions: tuple[DiscussionView, ...] = ()


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
    sides: tuple[SideView, ...]
    clash: tuple[ClashRow, ...]
    other_points: tuple[tuple[PointView, ...], ...]
    questions: tuple[DiscussionView, ...]
    timeline: Timeline
    balance: Balance
    opening_minutes: int = 5
    closing_minutes: int = 5
    reading_minutes: int | None = None  # this edition's words at 200 a minute (set when rendered)
    handout_minutes: int | None = None  # the participants' handout's, for the facilitator's agenda
    changes: ChangesView | None = None  # set by build when asked for changes since a revision

    @property
    def facilitator(self) -> bool:
        return self.edition is Edition.facilitator

    @property
    def sheet(self) -> bool:
        return self.edition is Edition.sheet

    @property
    def sources(self) -> tuple[SourceView, ...]:
        return tuple(source for side in self.sides for source in side.sources)

    @property
    def translated(self) -> bool:
        """Whether any translation of ours is shown (the note that says so prints only then)."""
        return any(p.translation for side in self.sides for p in side.points)

    @property
    def newest_source(self) -> PartialDate | None:
        """The publication date of the most recent source: what the brief is up to."""
        dates = [s.published for s in self.sources if s.published is not None]
        return max(dates) if dates else None

    @property
    def timed_topics(self) -> tuple[TopicView, ...]:
        return tuple(row.topic for row in self.clash if row.topic.minutes)

    @property
    def agenda(self) -> tuple[AgendaItem, ...]:
        """The facilitator's plan in order: opening, reading, each topic with its questions, closing."""
        by_topic = {row.topic.id: [q for q in self.questions if q.topic == row.topic.id] for row in self.clash}
        items = [AgendaItem("opening", None, self.opening_minutes)]
        if self.handout_minutes:
            items.append(AgendaItem("reading", None, self.handout_minutes))
        items += [
            AgendaItem("topic", row.topic.label, row.topic.minutes, tuple(by_topic[row.topic.id])) for row in self.clash
        ]
        closing = tuple(q for q in self.questions if q.topic is None)
        items.append(AgendaItem("closing", None, self.closing_minutes, closing))
        return tuple(items)

    @property
    def total_minutes(self) -> int:
        """The suggested length of the session: every step of the agenda."""
        return sum(item.minutes or 0 for item in self.agenda)


def language_name(code: str, lang: str) -> str:
    """A language code as a reader of the `lang` edition names it (Babel's CLDR data), so the
    sources page says "French" or "français" rather than "fr"; a code CLDR does not know stays as is."""
    from babel import Locale, UnknownLocaleError  # here, not at the top: `brief check` never needs it

    try:
        return Locale.parse(code, sep="-").get_display_name(Locale.parse(lang, sep="-")) or code
    except (ValueError, UnknownLocaleError):
        return code


def _source_view(loaded: Loaded[Source], letter: str, lang: str) -> SourceView:
    src = loaded.model
    prov = src.provenance
    return SourceView(
        id=loaded.id,
        letter=letter,
        # typed by us like every other field (straight quotes and all): set like them, in the article's language
        title=tr_opt(prov.title, prov.language),
        outlet=None if prov.outlet is None else typeset(prov.outlet, lang),
        author=None if prov.author is None else typeset(prov.author, lang),
        author_role=tr_opt(prov.author_role, lang),
        published=prov.published,
        url=prov.url,
        language=prov.language,
        language_name=language_name(prov.language, lang),
        kind=prov.kind.value,
        kind_from=prov.kind_from.value,
        notes=tuple(tr(n, lang) for n in prov.notes),
        thesis=tr(src.thesis, lang),
        leaves_out=tuple(tr(x, lang) for x in src.leaves_out),
    )


def _side(debate: Debate, index: int, lang: str) -> SideView:
    side = debate.brief.model.sides[index]
    letter = LETTERS[index]
    loaded = debate.sides[index]
    several = len(loaded) > 1
    points: list[PointView] = []
    for source in loaded:
        language = source.model.provenance.language
        for p in source.model.points:
            anchor = f"point-{letter.lower()}-{source.id}-{p.id}" if several else f"point-{letter.lower()}-{p.id}"
            points.append(
                PointView(
                    ref=f"{source.id}/{p.id}",
                    id=p.id,
                    number=f"{letter}{len(points) + 1}",
                    claim=tr(p.claim, lang),
                    quote=None if p.quote is None else verbatim(p.quote, language),
                    quote_lang=language,
                    translation=None if lang == language or p.quote is None else tr_opt(p.translation, lang),
                    side=index,
                    source_id=source.id,
                    anchor=anchor,
                )
            )
    by_ref = {p.ref: p for p in points}
    highlights = tuple(by_ref[h] for h in side.highlights) if side.highlights else tuple(points[:3])
    return SideView(
        index=index,
        id=side.id,
        letter=letter,
        label=tr(side.label, lang),
        sources=tuple(_source_view(source, letter, lang) for source in loaded),
        points=tuple(points),
        highlights=highlights,
        experts=tuple(
            ExpertView(tr(e.name, lang), e.kind, tr_opt(e.role, lang), tr(e.attributed, lang), tr(e.use, lang), n)
            for n, source in enumerate(loaded)
            for e in source.model.experts
        ),
        open_questions=tuple(
            QuestionView(
                tr(q.text, lang),
                q.kind,
                None if q.quote is None else verbatim(q.quote, source.model.provenance.language),
                n,
            )
            for n, source in enumerate(loaded)
            for q in source.model.open_questions
        ),
    )


def clash_rows(
    brief: Brief, topics: tuple[TopicView, ...], sides: tuple[SideView, ...], lang: str
) -> tuple[tuple[ClashRow, ...], tuple[tuple[PointView, ...], ...]]:
    """One row per topic in the brief's order, and each side's points that bear on no topic."""
    by_ref = {p.ref: p for side in sides for p in side.points}
    rows = []
    on_a_topic: set[str] = set()
    for model, topic in zip(brief.topics, topics, strict=True):
        refs = [r for r in model.points if r in by_ref]
        on_a_topic.update(refs)
        positions = tuple(
            Position(
                side=side.index,
                letter=side.letter,
                side_id=side.id,
                stance=tr_opt(model.stances.get(side.id), lang),
                # in the side's own order, as numbered
                points=tuple(p for p in side.points if p.ref in refs),
            )
            for side in sides
        )
        rows.append(ClashRow(topic, positions))
    other = tuple(tuple(p for p in side.points if p.ref not in on_a_topic) for side in sides)
    return tuple(rows), other


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
    source: SourceView
    label: str  # its side's label
    several: bool  # its side has several articles: the entry names this one
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
    """The articles' dated events and their own dates, merged in one date order."""

    entries: tuple[TimelineEntry, ...]
    undated: tuple[SourceView, ...]  # articles whose publication date is not stated
    sides_with_events: tuple[str, ...]  # letters of the sides whose articles date any event


def _same_event(a: Event, b: Event) -> bool:
    """Two sources' events are one entry only when they give the same date and the same words."""
    return a.date == b.date and a.what == b.what


def timeline(debate: Debate, sides: tuple[SideView, ...], lang: str) -> Timeline:
    """Every source's dated events merged with the publication dates, in date order.

    A month or a year heads its period (see `PartialDate.sort_key`). Gaps in days are given
    only between dates known to the day: anything coarser would be invented precision.
    """
    merged: list[tuple[Event, list[str]]] = []
    for loaded, side in zip(debate.sides, sides, strict=True):
        for source in loaded:
            for event in source.model.events:
                match = next((entry for entry in merged if _same_event(entry[0], event)), None)
                if match is None:
                    merged.append((event, [side.letter]))
                elif side.letter not in match[1]:
                    match[1].append(side.letter)
    day_dates = sorted({e.date for e, _ in merged if e.date.precision == "day"})

    def publication(side: SideView, source: SourceView, date: PartialDate) -> Publication:
        before = after = None
        if date.precision == "day":
            later = [d for d in day_dates if d > date]
            earlier = [d for d in day_dates if d < date]
            if later:
                before = Gap((later[0].to_date() - date.to_date()).days, later[0])
            if earlier:
                after = Gap((date.to_date() - earlier[-1].to_date()).days, earlier[-1])
        return Publication(side.letter, source, side.label, side.several, before, after)

    articles = [(side, source) for side in sides for source in side.sources]
    dates = sorted({e.date for e, _ in merged} | {src.published for _, src in articles if src.published})
    entries = tuple(
        TimelineEntry(
            date,
            tuple(TimelineEvent(tr(e.what, lang), tuple(letters)) for e, letters in merged if e.date == date),
            tuple(publication(side, src, date) for side, src in articles if src.published == date),
        )
        for date in dates
    )
    with_events = tuple(dict.fromkeys(letter for _, letters in merged for letter in letters))
    return Timeline(entries, tuple(src for _, src in articles if src.published is None), with_events)


# --- balance -----------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them: "l'Ukraine" is one (either apostrophe), a dash or a guillemet is none."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class SideBalance:
    """How much room the brief gives one side, and what its articles themselves lean on."""

    letter: str
    label: str
    points: int
    unquoted: int  # points printed as our summary alone, with no verbatim passage
    quotes: int  # verbatim passages: one per quoted point, plus questions the articles ask outright
    named_experts: int
    institutions: int
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
    """One measure on which one side outweighs another by more than the brief allows."""

    measure: str
    heavier: int  # side index
    lighter: int
    ratio: float

    @property
    def infinite(self) -> bool:
        """The lighter side has none at all."""
        return math.isinf(self.ratio)


@dataclass(frozen=True)
class Balance:
    """The brief's own fairness, shown to every reader and checked by `brief check`."""

    sides: tuple[SideBalance, ...]
    limit: float
    skews: tuple[Skew, ...]


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


def analyse(debate: Debate, lang: str, edition: Edition) -> BriefView:
    """The view of one edition of a brief in one language."""
    brief = debate.brief.model
    sides = tuple(_side(debate, i, lang) for i in range(len(brief.sides)))
    topics = tuple(
        TopicView(t.id, tr(t.label, lang), tr(t.crux, lang), tr_opt(t.note, lang), t.minutes) for t in brief.topics
    )
    clash, other = clash_rows(brief, topics, sides, lang)
    points_by_ref = {p.ref: p for s in sides for p in s.points}
    questions = tuple(
        DiscussionView(
            number=n,
            text=tr(q.text, lang),
            refs=tuple(QuestionRef(points_by_ref[r].side, points_by_ref[r]) for r in q.points),
            hint=tr_opt(q.hint, lang),
            topic=q.topic,
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
        timeline=timeline(debate, sides, lang),
        balance=balance(debate, lang),
        opening_minutes=brief.opening_minutes,
        closing_minutes=brief.closing_minutes,
    )
