"""The frozen view objects the templates read: what one edition shows, every text in its language.

Nothing here computes: brief.views.analysis builds a BriefView from a debate, brief.views.changes
marks what changed since a revision, brief.views.timeline and brief.views.balance fill their parts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

from brief.model.enums import Edition
from brief.model.fields import PartialDate, Text
from brief.model.source import ExpertKind, QuestionKind
from brief.model.texts import Article, as_written
from brief.theme.typography import typeset
from brief.views.record import SessionView, SideReview, TopicRecord


def variant(text: Text, lang: str) -> str:
    """A text's variant in one language, as written; validation has made sure it exists."""
    if isinstance(text, str):
        return text
    return text[lang]


def tr(text: Text, lang: str) -> str:
    """A text as the edition in `lang` prints it: its variant, set by the language's typography."""
    return typeset(variant(text, lang), lang)


def verbatim(text: str, lang: str, article: Article | None = None) -> str:
    """Words the article wrote, in its language: only the kind of a space may change.

    Found in the article's text (`article`, from the workspace's texts/), the quote prints with the
    article's own apostrophes, quotation marks and dashes; without the text, or when the quote is
    not in it (`brief check` says so), a straight apostrophe or quotation mark, which is how a
    keyboard types the article's, takes the edition's form.
    """
    written = None if article is None else as_written(text, article)
    if written is None:
        return typeset(text, lang, verbatim=True)
    return typeset(written, lang, as_written=True)


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
    reports: str | None = None  # whose words the quote reports, when not the author's own
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
    published_from: str  # "page": the article states it; "header": our reading of a bare date at its head
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
    review_side: str | None = None  # the side whose review copy this is (the review edition)
    record: tuple[TopicRecord, ...] = ()  # the latest session's counts for each topic that has one
    sessions: tuple[SessionView, ...] = ()  # every session of the group's record
    show_record: bool = False  # whether the participants' dossier shows the record too
    reviews: tuple[SideReview, ...] = ()  # per side, its latest review or none

    @property
    def any_review(self) -> bool:
        """Whether the brief records a review of any side (the balance section then says, per side)."""
        return any(r.who is not None for r in self.reviews)

    @property
    def review(self) -> bool:
        return self.edition is Edition.review

    @property
    def reviewed(self) -> SideView:
        """The side whose review copy this is."""
        return next(side for side in self.sides if side.id == self.review_side)

    @property
    def review_questions(self) -> tuple[DiscussionView, ...]:
        """The discussion questions that refer to one of the reviewed side's points."""
        index = self.reviewed.index
        return tuple(q for q in self.questions if any(ref.side == index for ref in q.refs))

    @property
    def facilitator(self) -> bool:
        return self.edition is Edition.facilitator

    @property
    def sheet(self) -> bool:
        return self.edition is Edition.sheet

    @property
    def record_date(self) -> dt.date | None:
        """The one date of the record's sessions, when every topic's latest is the same session day."""
        dates = {r.date for r in self.record}
        return dates.pop() if len(dates) == 1 else None

    @property
    def questionnaire(self) -> bool:
        return self.edition is Edition.questionnaire

    @property
    def fitted(self) -> bool:
        """Whether the edition must fit one sheet (two pages)."""
        return self.edition.fitted

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
    def newest_from_header(self) -> bool:
        """Whether the newest publication date is our reading of a bare header (the page-1 line says so)."""
        newest = self.newest_source
        return any(s.published == newest and s.published_from == "header" for s in self.sources)

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


Status = Literal["added", "changed", "removed"]


@dataclass(frozen=True)
class Change:
    """One item added, changed or removed; `old` and `new` are what a reader compares."""

    status: Status
    side: str | None  # "A" or "B"; None for the brief's own questions
    label: str  # which item: a point's number, an expert's name, a topic's label, a question's number
    old: str | None
    new: str | None
    fields: tuple[str, ...] = ()  # for a changed item: which of its parts changed


@dataclass(frozen=True)
class ChangesView:
    """The section's content, and the marks to set on items where they appear."""

    spec: str  # the revision as the user wrote it
    commit: str  # its short commit id
    commit_date: dt.date
    since: dt.date  # the date the heading gives: the one asked for, else the commit's
    brief_is_new: bool  # the brief did not exist then: everything is new
    points: tuple[Change, ...] = ()
    experts: tuple[Change, ...] = ()
    questions: tuple[Change, ...] = ()
    positions: tuple[Change, ...] = ()
    marks: dict[str, ChangeMark] = field(default_factory=dict)
    sessions: tuple[SessionView, ...] = ()  # sessions of the group's record added since

    @property
    def count(self) -> int:
        return len(self.points) + len(self.experts) + len(self.questions) + len(self.positions) + len(self.sessions)


def language_name(code: str, lang: str) -> str:
    """A language code as a reader of the `lang` edition names it (Babel's CLDR data), so the
    sources page says "French" or "français" rather than "fr"; a code CLDR does not know stays as is."""
    from babel import Locale, UnknownLocaleError  # here, not at the top: `brief check` never needs it

    try:
        return Locale.parse(code, sep="-").get_display_name(Locale.parse(lang, sep="-")) or code
    except (ValueError, UnknownLocaleError):
        return code
