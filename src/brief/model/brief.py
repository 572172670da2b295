"""A brief: the question, the sides and their sources, the topics where they clash, questions for the group."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from brief.model.enums import Edition
from brief.model.fields import _TEXT_SCHEMA, POINT_REF_RE, Base, Day, LangCode, Slug, Text, _validate_text

PointRef = Annotated[str, WithJsonSchema({"type": "string", "pattern": POINT_REF_RE})]
"""A point named across files: `<source-id>/<point-id>`. Its shape is checked with the other
references (brief.model.validate), where the workspace's own points make the example and the
did-you-mean, and so that one `brief check` reports it beside an unknown highlight or side."""

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


class Tally(Base):
    """What one topic's questionnaires say, counted: how many ticked each answer before and after."""

    before: dict[Slug, Annotated[int, Field(ge=0, strict=True)]] = Field(
        default_factory=dict,
        description="Ticks in the Before column, keyed by side id, `undecided` or `none` (none of these); "
        "an answer no one ticked may be left out.",
        examples=[{"critical": 5, "ballet": 4, "undecided": 3}],
    )
    after: dict[Slug, Annotated[int, Field(ge=0, strict=True)]] = Field(
        default_factory=dict,
        description="Ticks in the After column, keyed like `before`.",
        examples=[{"critical": 3, "ballet": 7, "undecided": 2}],
    )


class Session(Base):
    """One meeting of the group: when, how many took part, and the questionnaires counted per topic."""

    date: Day = Field(description="The day the group met (YYYY-MM-DD).", examples=["2026-12-01"])
    participants: int = Field(
        ge=1, strict=True, description="How many people took part (and filled in a questionnaire).", examples=[12]
    )
    topics: dict[Slug, Tally] = Field(
        default_factory=dict,
        description="The counts of the questionnaires, keyed by topic id; a topic the group did not reach "
        "may be left out.",
        examples=[{"nature": {"before": {"critical": 5, "ballet": 4, "undecided": 3}, "after": {"ballet": 7}}}],
    )


class Review(Base):
    """A side's right of reply: someone who argues that side read its review copy, and what came of it."""

    side: Slug = Field(description="The id of the side that was reviewed.", examples=["critical"])
    who: str = Field(
        min_length=1,
        description="Who read it for that side: a name, or a role if they prefer.",
        examples=["A member of the editorial board of Notre Continent"],
    )
    date: Day = Field(description="The day they gave their reply (YYYY-MM-DD).", examples=["2026-11-25"])
    outcome: Text = Field(
        description="What came of it, in one line.",
        examples=[{"en": "Point A3 reworded; no other change asked."}],
    )


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
    block_ratio: float = Field(
        1.25,
        gt=1,
        strict=True,
        description="How many times one side's block may outweigh the same block of another, in words "
        "(page 1's strongest points, the thesis, 'Questions it raises', the sheet's quote, the stances "
        "taken together), before `brief check` names it (and `--strict` fails).",
        examples=[1.25],
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

    sessions: list[Session] = Field(
        default_factory=list,
        description="The group's record: each session's date, participants, and the questionnaires' "
        "counts per topic (the facilitator edition charts the latest).",
        examples=[
            [
                {
                    "date": "2026-12-01",
                    "participants": 12,
                    "topics": {
                        "nature": {
                            "before": {"critical": 5, "ballet": 4, "undecided": 3},
                            "after": {"critical": 3, "ballet": 7, "undecided": 2},
                        }
                    },
                }
            ]
        ],
    )
    show_record: bool = Field(
        False,
        strict=True,
        description="Also show the participants where the group stood at its latest session.",
        examples=[False],
    )
    reviews: list[Review] = Field(
        default_factory=list,
        description="Each side's reply to its review copy: who read it, when, and the outcome.",
        examples=[[{"side": "critical", "who": "J. Doe", "date": "2026-11-25", "outcome": "No change asked."}]],
    )

    @field_validator("languages", "editions")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        if len(set(values)) != len(values):
            raise ValueError("a value is listed twice")
        return values
