"""The ground of both file kinds: the base model, texts in several languages, partial dates, ids and patterns."""

from __future__ import annotations

import datetime as dt
import re
from functools import total_ordering
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from brief.workspace import SLUG_PATTERN

LANG_PATTERN = r"^[a-z]{2,3}$"
LANG_RE = re.compile(LANG_PATTERN)
SLUG_RE = SLUG_PATTERN
URL_RE = r"^https?://\S+$"
MAX_URL = 2048  # what browsers keep of an address; it also fits a printable QR code
POINT_REF_RE = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"


class Base(BaseModel):
    """Every model refuses unknown keys, so a misspelt key is an error, not a lost value."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


# --- text that may come in several languages -------------------------------------


def _validate_text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("text is empty")
        return value.strip()
    if isinstance(value, dict):
        if not value:
            raise ValueError("expected text or a mapping of language to text, found an empty mapping")
        out: dict[str, str] = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not LANG_RE.match(lang):
                raise ValueError(f"{lang!r} is not a language code such as 'en' or 'fr'")
            if not isinstance(text, str):
                raise ValueError(f"the {lang!r} text must be text, found {type_name(text)}")
            if not text.strip():
                raise ValueError(f"the {lang!r} text is empty")
            out[lang] = text.strip()
        return out
    raise ValueError(f"expected text or a mapping of language to text, found {type_name(value)}")


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "description": "The same text in several languages, keyed by language code.",
            "patternProperties": {"^[a-z]{2,3}$": {"type": "string", "minLength": 1}},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}

Text = Annotated[
    str | dict[str, str],
    PlainValidator(_validate_text),
    WithJsonSchema(_TEXT_SCHEMA),
]
"""Our own words: a plain string, or one string per language (`{en: ..., fr: ...}`)."""


def type_name(value: Any) -> str:
    """How a YAML value's type reads to the person who typed it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a true/false value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


# --- dates that may be partial ----------------------------------------------------


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january janvier jan janv",
            "february février fevrier feb févr fevr",
            "march mars mar",
            "april avril apr avr",
            "may mai",
            "june juin jun",
            "july juillet jul juil",
            "august août aout aug",
            "september septembre sep sept",
            "october octobre oct",
            "november novembre nov",
            "december décembre decembre dec déc",
        ),
        start=1,
    )
    for name in names.split()
}


# '14 septembre 2025', '1er août 2025', 'September 14 2025', 'August 2025'
_WRITTEN_OUT = r"(?:(\d{1,2})(?:er|st|nd|rd|th)?\s+)?([^\W\d_]+)\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(\d{4})"


def as_iso(value: str) -> str | None:
    """A date written in a usual form, as brief writes it ('14/09/2025' -> '2025-09-14',
    '14 septembre 2025', 'September 14, 2025', '2025/09/14', '09/2025'), or None. A day and a
    month that could be either way round (04/09/2025) are read day first, as Europe writes them."""
    text = value.strip().lower().replace(",", " ").replace(".", " ").strip()
    day = month = year = None
    if m := re.fullmatch(r"(\d{1,2})[/ -](\d{1,2})[/ -](\d{4})", re.sub(r"\s+", " ", text)):
        first, second, year = (int(g) for g in m.groups())
        day, month = (second, first) if first <= 12 < second else (first, second)
    elif m := re.fullmatch(r"(\d{4})[/. ](\d{1,2})[/. ](\d{1,2})", re.sub(r"\s+", " ", text)):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[/ -](\d{4})", text):
        month, year = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(
        r"(?:(\d{1,2})(?:er|st|nd|rd|th)?\s+)?([^\W\d_]+)\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(\d{4})", text
    ):
        if m.group(2) not in _MONTHS or (m.group(1) and m.group(3)):
            return None
        month, year = _MONTHS[m.group(2)], int(m.group(4))
        day = int(m.group(1) or m.group(3)) if (m.group(1) or m.group(3)) else None
    else:
        return None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _date_hint(value: Any) -> str:
    iso = as_iso(value) if isinstance(value, str) else None
    return f"; write {iso}" if iso else ""


@total_ordering
class PartialDate:
    """A date known to the day, the month or only the year, as an article gives it."""

    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        dt.date(year, month or 1, day or 1)  # raises ValueError on 2025-02-30
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not (m := cls.PATTERN.match(value.strip())):
            raise ValueError(
                f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found {value!r}{_date_hint(value)}"
                if isinstance(value, str)
                else f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found {type_name(value)}"
            )
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            return cls(year, month, day)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[int, int, int]:
        # A month or a year heads its period, as in a calendar: "2025" sorts before "August 2025",
        # which sorts before "1 August 2025". Where within its period it fell is not known.
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def to_date(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self.iso() == other.iso()

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __hash__(self) -> int:
        return hash(self.iso())

    def __repr__(self) -> str:
        return f"PartialDate({self.iso()!r})"

    def __str__(self) -> str:
        return self.iso()


DateLike = Annotated[
    PartialDate,
    PlainValidator(PartialDate.parse),
    PlainSerializer(PartialDate.iso, return_type=str),
    WithJsonSchema(
        {
            # an unquoted year (2025) is a number in YAML, and brief takes it
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "A full date (2025-08-15), a month (2025-08) or a year (2025).",
        }
    ),
]


def _parse_day(value: Any) -> dt.date:
    """A full date written YYYY-MM-DD; never a number read as a timestamp."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
        shown = repr(value) if isinstance(value, str) else type_name(value)
        iso = as_iso(value) if isinstance(value, str) else None
        hint = f"; write {iso}" if iso and len(iso) == 10 else ""
        raise ValueError(f"expected a date as YYYY-MM-DD, found {shown}{hint}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"{value.strip()!r} is not a real date ({exc})") from None


Day = Annotated[
    dt.date,
    PlainValidator(_parse_day),
    PlainSerializer(dt.date.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
"""A full date, YYYY-MM-DD."""

Slug = Annotated[str, Field(pattern=SLUG_RE, min_length=1, max_length=60)]
LangCode = Annotated[str, Field(pattern=LANG_PATTERN)]


# --- a source: one article ----------------------------------------------------------


# --- a brief: the debate -----------------------------------------------------------
