"""The forum around a brief as an edition shows it: the group's record (the latest session for each
topic, its counts before and after, and the bars of its chart as shares of the participants, which
the template draws) and each side's review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from brief.model.brief import Brief
from brief.model.record import NONE, UNDECIDED


@dataclass(frozen=True)
class RecordRow:
    """One answer of the questionnaire: how many ticked it before and after."""

    answer: str  # a side id, "undecided" or "none"
    letter: str | None  # the side's letter; None for undecided and none of these
    before: int
    after: int
    before_share: float  # of the participants, 0 to 1: the length of its bar
    after_share: float


@dataclass(frozen=True)
class TopicRecord:
    """Where the group stood on one topic at the latest session that counted it."""

    topic_id: str
    label: str
    date: dt.date
    participants: int
    rows: tuple[RecordRow, ...]

    @property
    def before_total(self) -> int:
        return sum(r.before for r in self.rows)

    @property
    def after_total(self) -> int:
        return sum(r.after for r in self.rows)


@dataclass(frozen=True)
class SessionView:
    """A session as the "Changes since" section lists it."""

    date: dt.date
    participants: int
    topics: int


def sessions(model: Brief) -> tuple[SessionView, ...]:
    return tuple(SessionView(s.date, s.participants, len(s.topics)) for s in model.sessions)


def topic_records(model: Brief, labels: dict[str, str], letters: Sequence[tuple[str, str]]) -> tuple[TopicRecord, ...]:
    """The latest session of each topic that has one, in the order of the topics.

    `labels` are the topics' labels in the edition's language; `letters` the sides' ids and letters.
    Of two sessions on one day, the later in the list counts.
    """
    out = []
    for topic in model.topics:
        counted = [s for s in model.sessions if topic.id in s.topics]
        if not counted:
            continue
        latest = max(reversed(counted), key=lambda s: s.date)  # max keeps the first of equals: the last listed
        tally = latest.topics[topic.id]
        answers = [(side, letter) for side, letter in letters if side in topic.stances]
        answers += [(UNDECIDED, None), (NONE, None)]
        n = latest.participants
        rows = tuple(
            RecordRow(
                answer,
                letter,
                tally.before.get(answer, 0),
                tally.after.get(answer, 0),
                tally.before.get(answer, 0) / n,
                tally.after.get(answer, 0) / n,
            )
            for answer, letter in answers
        )
        out.append(TopicRecord(topic.id, labels[topic.id], latest.date, n, rows))
    return tuple(out)


@dataclass(frozen=True)
class SideReview:
    """A side's latest review as the balance section prints it; `who` is None when it has none."""

    letter: str
    label: str
    who: str | None = None
    date: dt.date | None = None
    outcome: str | None = None


def side_reviews(model: Brief, lang: str, sides: Sequence[tuple[str, str, str]]) -> tuple[SideReview, ...]:
    """Per side (its id, letter and label), its latest review, or none."""
    out = []
    for side_id, letter, label in sides:
        reviews = [r for r in model.reviews if r.side == side_id]
        if not reviews:
            out.append(SideReview(letter, label))
            continue
        latest = max(reversed(reviews), key=lambda r: r.date)
        outcome = latest.outcome if isinstance(latest.outcome, str) else latest.outcome[lang]
        out.append(SideReview(letter, label, latest.who, latest.date, outcome))
    return tuple(out)
