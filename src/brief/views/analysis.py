"""What a brief computes from its models, for one language and one edition.

The result is a tree of plain, already-translated values: templates only lay it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brief.model.brief import Brief
from brief.model.coherence import expert_names
from brief.model.enums import Edition
from brief.model.load import Loaded
from brief.model.source import Source
from brief.model.validate import Debate
from brief.theme.typography import typeset
from brief.views.balance import balance
from brief.views.objects import (
    LETTERS,
    BriefView,
    ClashRow,
    DiscussionView,
    ExpertView,
    PointView,
    Position,
    QuestionRef,
    QuestionView,
    SideView,
    SourceView,
    TopicView,
    language_name,
    tr,
    tr_opt,
    verbatim,
)
from brief.views.record import sessions, side_reviews, topic_records
from brief.views.timeline import timeline

if TYPE_CHECKING:
    pass


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
        published_from=prov.published_from.value,
        url=prov.url,
        language=prov.language,
        language_name=language_name(prov.language, lang),
        kind=prov.kind.value,
        kind_from=prov.kind_from.value,
        notes=tuple(tr(n, lang) for n in prov.notes),
        thesis=tr(src.thesis, lang),
        leaves_out=tuple(tr(x, lang) for x in src.leaves_out),
    )


def _reported(source: Source, name: str | None, lang: str) -> str | None:
    """The expert whose words a quote reports, named as this language's edition names them."""
    if name is None:
        return None
    index = expert_names(source).get(name.casefold())
    return name if index is None else tr(source.experts[index].name, lang)


def _side(debate: Debate, index: int, lang: str) -> SideView:
    side = debate.brief.model.sides[index]
    letter = LETTERS[index]
    loaded = debate.sides[index]
    several = len(loaded) > 1
    points: list[PointView] = []
    for source in loaded:
        language = source.model.provenance.language
        article = debate.articles.get(source.id)  # its text, where the workspace has it
        for p in source.model.points:
            anchor = f"point-{letter.lower()}-{source.id}-{p.id}" if several else f"point-{letter.lower()}-{p.id}"
            points.append(
                PointView(
                    ref=f"{source.id}/{p.id}",
                    id=p.id,
                    number=f"{letter}{len(points) + 1}",
                    claim=tr(p.claim, lang),
                    quote=None if p.quote is None else verbatim(p.quote, language, article),
                    quote_lang=language,
                    translation=None if lang == language or p.quote is None else tr_opt(p.translation, lang),
                    side=index,
                    source_id=source.id,
                    anchor=anchor,
                    reports=_reported(source.model, p.reports, lang),
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
                None
                if q.quote is None
                else verbatim(q.quote, source.model.provenance.language, debate.articles.get(source.id)),
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


# --- balance -----------------------------------------------------------------------


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
        record=topic_records(brief, {t.id: t.label for t in topics}, [(s.id, s.letter) for s in sides]),
        sessions=sessions(brief),
        show_record=brief.show_record,
        reviews=side_reviews(brief, lang, [(s.id, s.letter, s.label) for s in sides]),
    )
