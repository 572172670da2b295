"""What a page states about itself, for `brief import`: its publication date and its byline.

The date its metadata states is kept whatever its year: htmldate, which reads the rest of the
markup, sets aside any date before 1995 or after today; a page that states 1787-11-22 states it,
and the scaffold must say so rather than "not stated". A byline near the top of the text gives the
author and the author's role ('Par Sophie Lemaire, journaliste'). Each `Found` value says where
in the page it was found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from brief.model.fields import PartialDate

# Metadata that states when the article was published, most specific first; a generic date after.
_PUBLISHED_NAMES = (
    "article:published_time",
    "og:published_time",
    "JSON-LD datePublished",
    "datePublished",
    "citation_publication_date",
    "citation_date",
    "DC.date.issued",
    "dcterms.issued",
    "DC.date",
    "dcterms.date",
    "pubdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
    "JSON-LD dateCreated",
    "<time datetime>",
)
_STATED_DATE = re.compile(r"^\s*(\d{4})(?:[-/](\d{2})(?:[-/](\d{2}))?)?(?![\d])")


def stated_date(value: Callable[[str], tuple[str, str] | None]) -> tuple[str, str] | None:
    """The publication date the page's metadata states, whatever its year, as partial as it is written,
    and the metadata it was read from; `value(name)` gives a metadata's (label, text) or None.

    htmldate, which reads the rest of the markup, sets aside any date before 1995 or after today:
    a page that states 1787-11-22 states it, and the scaffold must say so.
    """
    for name in _PUBLISHED_NAMES:
        found = value(name)
        if found is None:
            continue
        label, raw = found
        m = _STATED_DATE.match(raw)
        if m is None:
            continue
        year, month, day = m.groups()
        date = "-".join(p for p in (year, month, day) if p)
        try:
            PartialDate.parse(date)
        except ValueError:
            continue  # 2025-13-40 is no date, whatever the page says
        return date, label
    return None


def plausible(value: str) -> bool:
    """Whether htmldate would have kept this date: from 1995 to today."""
    parsed, today = PartialDate.parse(value), dt.date.today()
    return parsed.year >= 1995 and parsed.sort_key() <= (today.year, today.month, today.day)


@dataclass(frozen=True)
class Found:
    """A provenance value taken from the page, and where in the page it was found."""

    value: str
    where: str


# A byline's opening word, in the languages brief reads: "By Hannah Reed", "Par Sophie Lemaire, journaliste".
_BYLINE = re.compile(
    r"^(?:By|Par|Von|Por|Di|Door)\s+(?P<name>[^\W\d_][\w’'.-]*(?:\s+[^\W\d_][\w’'.-]*){0,3})"
    r"(?:\s*,\s*(?P<role>[^\W\d_][^,;:!?()\n]{1,80}?))?\s*\.?$"
)


def byline(text: str, author: Found | None) -> tuple[Found | None, Found | None]:
    """The author (when the markup gives none) and the author's role, from a byline line near the
    top of the text that names them: 'Par Sophie Lemaire, journaliste'."""
    for number, line in enumerate(text.split("\n")[:8], 1):
        m = _BYLINE.match(line.strip())
        if not m:
            continue
        name = m.group("name").strip()
        if author is not None and author.value.casefold() != name.casefold():
            continue  # a byline naming someone else
        where = f"from the byline (line {number} of the text)"
        found_author = author or Found(name, where)
        role = m.group("role")
        return found_author, Found(role.strip(), where) if role else None
    return author, None
