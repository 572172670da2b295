"""What a brief computes from its models, for one language and one edition.

The result is a tree of plain, already-translated values: templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Edition, ExpertKind, PartialDate, QuestionKind, Source, Text
from .validate import Debate


def tr(text: Text, lang: str) -> str:
    """A text in one language; validation has made sure every variant the brief needs exists."""
    if isinstance(text, str):
        return text
    return text[lang]


def tr_opt(text: Text | None, lang: str) -> str | None:
    return None if text is None else tr(text, lang)


@dataclass(frozen=True)
class PointView:
    ref: str
    id: str
    claim: str
    quote: str
    quote_lang: str
    translation: str | None
    topics: tuple[str, ...]
    side: int


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

    @property
    def facilitator(self) -> bool:
        return self.edition is Edition.facilitator


def _side(debate: Debate, index: int, lang: str) -> SideView:
    side = debate.brief.model.sides[index]
    loaded = debate.sources[index]
    src: Source = loaded.model
    prov = src.provenance
    points = tuple(
        PointView(
            ref=f"{loaded.id}/{p.id}",
            id=p.id,
            claim=tr(p.claim, lang),
            quote=p.quote,
            quote_lang=prov.language,
            translation=None if lang == prov.language else tr_opt(p.translation, lang),
            topics=tuple(p.topics),
            side=index,
        )
        for p in src.points
    )
    by_id = {p.id: p for p in points}
    highlights = tuple(by_id[h] for h in side.highlights) if side.highlights else points[:3]
    return SideView(
        index=index,
        letter="AB"[index],
        label=tr(side.label, lang),
        source_id=loaded.id,
        title=prov.title,
        outlet=prov.outlet,
        author=prov.author,
        author_role=tr_opt(prov.author_role, lang),
        published=prov.published,
        url=prov.url,
        language=prov.language,
        kind=prov.kind.value,
        notes=tuple(tr(n, lang) for n in prov.notes),
        thesis=tr(src.thesis, lang),
        points=points,
        highlights=highlights,
        experts=tuple(
            ExpertView(tr(e.name, lang), e.kind, tr_opt(e.role, lang), tr(e.attributed, lang), tr(e.use, lang))
            for e in src.experts
        ),
        open_questions=tuple(QuestionView(tr(q.text, lang), q.kind, q.quote) for q in src.open_questions),
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
        editor=brief.editor,
        as_of=brief.as_of,
        sides=sides,
        clash=clash,
        other_points=other,
        questions=questions,
    )
