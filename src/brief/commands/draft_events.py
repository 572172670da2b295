"""brief draft's dated events: the mentions of a date in the text's language, each with the sentence around it."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator

from brief.commands.draft_text import EventSuggestion, Lines, sentences


def _month_names(language: str | None, widths: tuple[str, ...] = ("wide", "abbreviated")) -> list[str]:
    from babel.core import UnknownLocaleError
    from babel.dates import get_month_names

    try:
        names = {
            str(n)
            for width in widths
            for context in ("format", "stand-alone")
            for n in get_month_names(width, context, locale=language or "en").values()
        }
    except (UnknownLocaleError, ValueError):
        return []
    return sorted((n.rstrip(".") for n in names if len(n.rstrip(".")) >= 4 or n.lower() in ("mai", "may")), key=len)[
        ::-1
    ]


def _date_mentions(text: str, language: str | None) -> Iterator[tuple[int, int, bool]]:
    """(start, end, has_year) of each date the text writes out, longest form first, never overlapping."""
    months = "|".join(re.escape(m) for m in _month_names(language))
    # A month alone is its full name: « sept ans » is seven years, not September.
    whole = "|".join(re.escape(m) for m in _month_names(language, ("wide",)))
    year = r"(?:1[89]\d\d|20\d\d)"
    forms = [
        (rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{months})\.?\s+{year}\b", True) if months else None,
        (rf"\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{year}\b", True) if months else None,
        (rf"\b(?:{months})\.?\s+{year}\b", True) if months else None,
        (rf"\b{year}-\d{{2}}-\d{{2}}\b", True),
        (rf"\b\d{{1,2}}/\d{{1,2}}/{year}\b", True),
        (rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{months})\b", False) if months else None,
        (rf"\b(?:{whole})\b", False) if whole else None,
        (rf"(?<![\d/-]){year}(?![\d/-])", True),
    ]
    taken: list[tuple[int, int]] = []
    found = []
    for form in forms:
        if form is None:
            continue
        pattern, has_year = form
        flags = re.IGNORECASE if language != "en" else 0  # English month names are capitalised ("may" is a verb)
        for m in re.finditer(pattern, text, flags):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), has_year))
    yield from sorted(found)


def suggest_events(text: str, language: str | None, published: str | None) -> list[EventSuggestion]:
    """Dated mentions, as partial as the text writes them; a month without a year takes the year
    last named before it (else the publication's), marked inferred_year."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=[language] if language else None,
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False, "DATE_ORDER": "DMY"}
        if language != "en"
        else {"PREFER_DAY_OF_MONTH": "first"},
    )
    lines = Lines(text)
    context = _sentence_index(text)
    last_year: int | None = None
    events: list[EventSuggestion] = []
    seen: set[tuple[str, int]] = set()
    for start, end, has_year in _date_mentions(text, language):
        mention = text[start:end]
        parsed = parser.get_date_data(re.sub(r"^(?:en|in|au mois d[e’']|since|depuis)\s*", "", mention, flags=re.I))
        if parsed is None or parsed.date_obj is None:
            continue
        moment, period = parsed.date_obj, parsed.period
        if has_year:
            year, inferred = _explicit_year(mention, moment.year), False
            last_year = year
        else:
            year = last_year or (int(published[:4]) if published else None)
            inferred = True
            if year is None:
                continue  # a month in no known year: nothing to date it by
        if period == "day" and re.search(r"\d", re.sub(r"(?:1[89]|20)\d\d", "", mention)):
            date = dt.date(year, moment.month, moment.day).isoformat()
        elif period in ("day", "month") and not re.fullmatch(r"\s*(?:1[89]|20)\d\d\s*", mention):
            date = f"{year:04d}-{moment.month:02d}"
        else:
            date = f"{year:04d}"
        line = lines.at(start)[0]
        if (date, line) in seen:
            continue
        seen.add((date, line))
        events.append(EventSuggestion(date, context(start), line, inferred))
    return events


def _explicit_year(mention: str, parsed_year: int) -> int:
    m = re.search(r"(?:1[89]|20)\d\d", mention)
    return int(m.group()) if m else parsed_year


def _sentence_index(text: str) -> Callable[[int], str]:
    """offset -> the sentence holding it, for an event's context."""
    spans = list(sentences(text))
    starts = [s.start for s in spans]

    def around(offset: int) -> str:
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        return spans[index].text if spans else ""

    return around
