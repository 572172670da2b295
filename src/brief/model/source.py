"""A source summary: one article's thesis, points with their quotes, experts, open questions and provenance."""

from __future__ import annotations

from enum import StrEnum

from pydantic import (
    Field,
    field_validator,
)

from brief.model.fields import MAX_URL, URL_RE, Base, DateLike, LangCode, Slug, Text


class Kind(StrEnum):
    opinion = "opinion"
    analysis = "analysis"
    news = "news"
    explainer = "explainer"
    other = "other"


class KindFrom(StrEnum):
    page = "page"
    ours = "ours"


class PublishedFrom(StrEnum):
    page = "page"
    header = "header"


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
    published_from: PublishedFrom = Field(
        PublishedFrom.page,
        description="page: the article or its page states this as its publication date; header: a bare "
        "date at the head of the copy, which we read as the publication date (every edition marks it as "
        "our reading).",
        examples=["header"],
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
    reports: str | None = Field(
        None,
        min_length=1,
        description="When the quote is the author reporting someone else's words: that expert's or unnamed "
        "source's name as this source's `experts` list gives it (in any language). The printed point then "
        "says whose words they are; null when the words are the author's own.",
        examples=["Scott Lucas"],
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
