"""The pydantic models of a source summary and of a brief: the YAML a person edits."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import total_ordering
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .workspace import SLUG_PATTERN

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
                f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found {value!r}"
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
        raise ValueError(f"expected a date as YYYY-MM-DD, found {shown}")
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


class Kind(StrEnum):
    opinion = "opinion"
    analysis = "analysis"
    news = "news"
    explainer = "explainer"
    other = "other"


class KindFrom(StrEnum):
    page = "page"
    ours = "ours"


class Provenance(Base):
    """What the article itself states about where it comes from; null means not stated."""

    title: str | None = Field(
        None, description="The article's title as published; null when the copy gives none.", examples=[None]
    )
    outlet: str | None = Field(
        None, description="Where it was published; null when not stated.", examples=["NotreContinent.com"]
    )
    author: str | None = Field(
        None, description="The author as the article names them; null when unsigned.", examples=["Khadim Nd."]
    )
    author_role: Text | None = Field(
        None,
        description="The author's role as the article gives it; null when not stated.",
        examples=[{"en": "content creator", "fr": "créateur de contenu"}],
    )
    published: DateLike | None = Field(
        None,
        description="Publication date (YYYY-MM-DD, YYYY-MM or YYYY); null when not stated.",
        examples=["2026-01-11"],
    )
    url: str | None = Field(
        None,
        description="The article's address; null when the copy does not give it. Never guess one. "
        f"At most {MAX_URL:,} characters, as browsers keep (a non-ASCII letter counts as its UTF-8 bytes).",
        examples=[None],
        pattern=URL_RE,
        max_length=MAX_URL,
    )
    language: LangCode = Field(description="The article's language (its quotes are in it).", examples=["fr"])
    kind: Kind = Field(description="What sort of piece it is.", examples=["opinion"])
    kind_from: KindFrom = Field(
        KindFrom.ours,
        description="page: the article's own page calls it this (the brief says so); ours: it is our "
        "classification (the brief says so).",
        examples=["page"],
    )
    notes: list[Text] = Field(
        default_factory=list,
        description="What a critical reader should know about the provenance (disclaimers, missing byline…).",
        examples=[[{"en": "The platform disclaims the opinions of its contributors."}]],
    )

    @field_validator("url")
    @classmethod
    def _url_fits_a_qr_code(cls, value: str | None) -> str | None:
        size = len(value.encode("utf-8")) if value else 0
        if size > MAX_URL:
            raise ValueError(f"expected at most {MAX_URL} characters, found {size} bytes as UTF-8")
        return value


class Point(Base):
    """One supporting point of an article: our summary, backed by its own words where it has any."""

    id: Slug = Field(description="Short unique id within the source, used in references.", examples=["model"])
    claim: Text = Field(description="The point in our own words.", examples=[{"en": "Trump takes Putin as a model."}])
    quote: str | None = Field(
        None,
        min_length=1,
        description="A short verbatim passage (at most 30 words) from the article, in its original language; "
        "null when no short passage makes the point (the brief marks it 'no quote').",
        examples=["Vladimir Poutine, en tant que modèle pour Trump, incarne un choix déplorable pour la diplomatie."],
    )
    translation: Text | None = Field(
        None,
        description="Our translation of the quote, one per edition language that differs from the article's.",
        examples=[{"en": "Vladimir Putin, as a model for Trump, embodies a deplorable choice for diplomacy."}],
    )

    @field_validator("quote")
    @classmethod
    def _short_quote(cls, value: str | None) -> str | None:
        if value is None:
            return value
        words = len(value.split())
        if words > 30:
            raise ValueError(f"a quote is at most 30 words; this one has {words}")
        return value


class ExpertKind(StrEnum):
    named = "named"
    institution = "institution"
    unnamed = "unnamed"
    ideologue = "ideologue"


class Expert(Base):
    """Someone the article leans on: a named expert, an unnamed source, or an ideologue it invokes."""

    name: Text = Field(
        description="The person's name; for an unnamed source, how the article designates it.",
        examples=["Natasha Lindstaedt", {"en": "anonymous sources", "fr": "sources anonymes"}],
    )
    kind: ExpertKind = Field(
        description="named: a named person cited as an authority; institution: a named body (a government, "
        "the Kremlin) whose spokesperson may go unnamed; unnamed: a source the article does not name; "
        "ideologue: someone whose ideas are invoked, not quoted as an authority.",
        examples=["named"],
    )
    role: Text | None = Field(
        None,
        description="Credentials as the article gives them; null when it gives none.",
        examples=[{"en": "specialist in authoritarian regimes"}],
    )
    attributed: Text = Field(
        description="What the article attributes to them.", examples=[{"en": "Trump admires strongmen."}]
    )
    use: Text = Field(
        description="How the article uses them (as an authority, as backing, as a foil…).",
        examples=[{"en": "Backs the thesis with academic authority."}],
    )


class QuestionKind(StrEnum):
    asked = "asked"
    left_open = "left_open"


class OpenQuestion(Base):
    """A question the article asks outright, or one it leaves open."""

    text: Text = Field(description="The question in our words.", examples=[{"en": "Is the alliance lasting?"}])
    kind: QuestionKind = Field(
        description="asked: the article asks it outright; left_open: it raises it without answering.",
        examples=["asked"],
    )
    quote: str | None = Field(
        None,
        description="The question verbatim, when the article asks it outright.",
        examples=["Pouvons-nous croire à une alliance durable entre ces deux leaders ?"],
    )


class Event(Base):
    """A dated event the article mentions."""

    date: DateLike = Field(description="When: YYYY-MM-DD, YYYY-MM or YYYY.", examples=["2025-08-15"])
    what: Text = Field(description="What happened, in our words.", examples=[{"en": "Summit in Alaska."}])


class Source(Base):
    """Our curated summary of one article. Its id is the file's name without `.yaml`."""

    provenance: Provenance = Field(
        description="What the article states about its origin.",
        examples=[
            {
                "title": None,
                "outlet": "NotreContinent.com",
                "author": "Khadim Nd.",
                "published": "2026-01-11",
                "url": None,
                "language": "fr",
                "kind": "opinion",
            }
        ],
    )
    thesis: Text = Field(
        description="The article's central claim in our words.",
        examples=[{"en": "Trump takes Putin as his model."}],
    )
    points: list[Point] = Field(
        min_length=1,
        description="Every supporting point, in the article's order.",
        examples=[
            [
                {
                    "id": "model",
                    "claim": {"en": "Trump takes Putin as a model."},
                    "quote": "Vladimir Poutine, en tant que modèle pour Trump, incarne un choix déplorable.",
                    "translation": {"en": "Vladimir Putin, as a model for Trump, embodies a deplorable choice."},
                }
            ]
        ],
    )
    experts: list[Expert] = Field(
        default_factory=list,
        description="Everyone the article leans on, named or not.",
        examples=[
            [
                {
                    "name": "Natasha Lindstaedt",
                    "kind": "named",
                    "role": {"en": "specialist in authoritarian regimes"},
                    "attributed": {"en": "Trump admires strongmen."},
                    "use": {"en": "Backs the thesis with academic authority."},
                }
            ]
        ],
    )
    open_questions: list[OpenQuestion] = Field(
        default_factory=list,
        description="Questions it asks or leaves open.",
        examples=[[{"text": {"en": "Is the alliance lasting?"}, "kind": "left_open"}]],
    )
    events: list[Event] = Field(
        default_factory=list,
        description="Dated events it mentions.",
        examples=[[{"date": "2025-08-15", "what": {"en": "Summit in Alaska."}}]],
    )
    leaves_out: list[Text] = Field(
        default_factory=list,
        description="What the article leaves out that a reader should know (shown to the facilitator).",
        examples=[[{"en": "No source is given for the experts' statements."}]],
    )


# --- a brief: the debate -----------------------------------------------------------


class Edition(StrEnum):
    sheet = "sheet"
    participant = "participant"
    facilitator = "facilitator"


PointRef = Annotated[str, Field(pattern=POINT_REF_RE)]
"""A point named across files: `<source-id>/<point-id>`."""

STANCE_WORDS = 30


def _short_stance(value: Any) -> Any:
    for text in [value] if isinstance(value, str) else value.values() if isinstance(value, dict) else []:
        words = len(str(text).split())
        if words > STANCE_WORDS:
            raise ValueError(f"a stance is at most {STANCE_WORDS} words; this one has {words}")
    return value


Stance = Annotated[Text, PlainValidator(lambda v: _short_stance(_validate_text(v))), WithJsonSchema(_TEXT_SCHEMA)]
"""Where one side stands on one topic, in our words (at most 30 words)."""


class Side(Base):
    """One view in the debate: a label and the one to three sources that argue it."""

    id: Slug = Field(
        description="A short id for this side, used as the key of its stance in each topic.",
        examples=["critical"],
    )
    label: Text = Field(description="How the handout names this side.", examples=[{"en": "The critical view"}])
    source: Slug | None = Field(
        None,
        description="The id of the one source in sources/ that argues this side (its file name without .yaml); "
        "use `sources` for several.",
        examples=["notrecontinent-2026-01-11"],
    )
    sources: list[Slug] | None = Field(
        None,
        min_length=1,
        max_length=3,
        description="The ids of the one to three sources in sources/ that argue this side.",
        examples=[["notrecontinent-2026-01-11"]],
    )
    highlights: list[PointRef] = Field(
        default_factory=list,
        max_length=3,
        description="Up to three of this side's points to show on page 1 as its strongest, as "
        "<source-id>/<point-id>; by default its first three points.",
        examples=[["notrecontinent-2026-01-11/authoritarian-model"]],
    )

    @model_validator(mode="after")
    def _one_way_to_name_sources(self) -> Side:
        if self.source is not None and self.sources is not None:
            raise ValueError("give either `source` (one) or `sources` (a list), not both")
        if self.source is None and self.sources is None:
            raise ValueError("missing key 'sources': the ids of the sources that argue this side")
        return self

    @property
    def source_ids(self) -> list[str]:
        return [self.source] if self.source is not None else list(self.sources or [])


class Topic(Base):
    """A topic on which the sides clash: its crux, each side's stance and the points that bear on it."""

    id: Slug = Field(description="Short id of the topic.", examples=["ukraine"])
    label: Text = Field(description="The topic's heading.", examples=[{"en": "Ukraine and the peace plan"}])
    crux: Text = Field(
        description="Where the disagreement lies, in one sentence.",
        examples=[{"en": "Is Washington siding with Moscow, or bargaining with it?"}],
    )
    stances: dict[Slug, Stance] = Field(
        default_factory=dict,
        description="Each side's position on this topic in our words (at most 30 words), keyed by side id; "
        "a side with no stance here is 'silent on this'.",
        examples=[{"critical": {"en": "Washington gives way to Moscow's demands."}}],
    )
    points: list[PointRef] = Field(
        default_factory=list,
        description="The points that bear on this topic, as <source-id>/<point-id>.",
        examples=[["notrecontinent-2026-01-11/peace-plan-russian-demands"]],
    )
    note: Text | None = Field(
        None, description="A note for the facilitator (facilitator edition only).", examples=[None]
    )
    minutes: int | None = Field(
        None,
        ge=1,
        le=240,
        strict=True,
        description="Suggested minutes of discussion (facilitator edition).",
        examples=[10],
    )


class DiscussionQuestion(Base):
    """A question for the group."""

    text: Text = Field(description="The question.", examples=[{"en": "Which reading does the evidence favour?"}])
    points: list[PointRef] = Field(
        default_factory=list,
        description="Points it refers to, as <source-id>/<point-id>.",
        examples=[["notrecontinent-2026-01-11/model"]],
    )
    topic: Slug | None = Field(
        None,
        description="The id of the topic it belongs to, for the facilitator's agenda; none: a closing question.",
        examples=["nature"],
    )
    hint: Text | None = Field(None, description="A hint for the facilitator.", examples=[None])


class Brief(Base):
    """A debate brief: the question, two to four sides, where they clash, and questions for the group."""

    title: Text = Field(description="The handout's title.", examples=[{"en": "Trump and Putin"}])
    question: Text = Field(
        description="The question under debate.",
        examples=[{"en": "Is Trump taking Putin as a model, or playing a strategic game?"}],
    )
    editor: Text = Field(
        description="Who prepared the brief (the PDF's author): a name, or one text per language.",
        examples=["Jeanne Martin", {"en": "The discussion group", "fr": "Le groupe de discussion"}],
    )
    as_of: Day = Field(description="The date the brief was last edited (YYYY-MM-DD).", examples=["2026-11-21"])
    languages: list[LangCode] = Field(
        default_factory=lambda: ["en"], min_length=1, description="Languages to build.", examples=[["en", "fr"]]
    )
    editions: list[Edition] = Field(
        default_factory=lambda: [Edition.participant],
        min_length=1,
        description="Editions to build: sheet (one sheet, two pages), participant (the dossier), facilitator.",
        examples=[["sheet", "participant", "facilitator"]],
    )
    balance_ratio: float = Field(
        1.5,
        gt=1,
        strict=True,
        description="How many times one side may outweigh another, in points, quotes or words of our "
        "summaries, before `brief check` warns (and `--strict` fails).",
        examples=[1.5],
    )
    opening_minutes: int = Field(
        5,
        ge=0,
        le=120,
        strict=True,
        description="Minutes the facilitator's agenda gives to opening the session.",
        examples=[5],
    )
    closing_minutes: int = Field(
        5,
        ge=0,
        le=120,
        strict=True,
        description="Minutes the facilitator's agenda gives to closing (the questions tied to no topic).",
        examples=[10],
    )
    since: str | None = Field(
        None,
        description="A git revision or date: show what changed since then.",
        examples=[None],
    )
    sides: list[Side] = Field(
        min_length=2,
        max_length=4,
        description="Two to four sides, in the order to show them (A, B, C, D).",
        examples=[
            [
                {"id": "critical", "label": {"en": "The critical view"}, "source": "notrecontinent-2026-01-11"},
                {"id": "ballet", "label": {"en": "The strategic view"}, "source": "ballet-diplomatique-2025-08-08"},
            ]
        ],
    )
    topics: list[Topic] = Field(
        min_length=1,
        description="Where the sides clash, in the order to show them.",
        examples=[
            [
                {
                    "id": "ukraine",
                    "label": {"en": "Ukraine and the peace plan"},
                    "crux": {"en": "Is Washington siding with Moscow, or bargaining with it?"},
                    "stances": {"critical": {"en": "It gives way to Moscow."}},
                    "points": ["notrecontinent-2026-01-11/peace-plan-russian-demands"],
                }
            ]
        ],
    )
    questions: list[DiscussionQuestion] = Field(
        default_factory=list,
        description="Questions for the group.",
        examples=[
            [
                {
                    "text": {"en": "Which reading does the evidence favour?"},
                    "points": ["notrecontinent-2026-01-11/model"],
                }
            ]
        ],
    )

    @field_validator("languages", "editions")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        if len(set(values)) != len(values):
            raise ValueError("a value is listed twice")
        return values
