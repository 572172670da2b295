"""The timeline: the sources' dated events and publications in order, with the gaps between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brief.model.fields import PartialDate
from brief.model.source import Event
from brief.model.validate import Debate
from brief.views.objects import Gap, Publication, SideView, SourceView, Timeline, TimelineEntry, TimelineEvent, tr

if TYPE_CHECKING:
    pass


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
