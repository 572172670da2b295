"""The closed sets of choices a brief and a build name: editions, paper, imposition, output format.

One place for each, plain enums with no pydantic behind them, so the command line's `--help`
and a no-op build import them for nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Edition(StrEnum):
    # what a brief is printed as: the one-sheet handout, the participant's dossier, the facilitator's
    # copy, the questionnaire a participant fills in before and after, one review copy per side
    # (a comment, not a docstring: pydantic would print a docstring into the brief's JSON Schema)

    sheet = "sheet"
    participant = "participant"
    facilitator = "facilitator"
    questionnaire = "questionnaire"
    review = "review"

    @property
    def on_request(self) -> bool:
        """Printed for the forum around the brief rather than read as it: `--edition` builds it even
        when the brief does not declare it."""
        return self in (Edition.questionnaire, Edition.review)

    @property
    def fitted(self) -> bool:
        """Laid out to fit one sheet (two pages) or refused with what to shorten."""
        return self in (Edition.sheet, Edition.questionnaire)


class Paper(StrEnum):
    """The paper an edition is laid out on."""

    a4 = "A4"
    letter = "letter"

    @classmethod
    def named(cls, text: str) -> Paper | None:
        """The paper a person typed, in any case (`a4`, `Letter`); None when it is neither."""
        return next((paper for paper in cls if paper.value.lower() == text.lower()), None)


class Imposition(StrEnum):
    """How a PDF edition is also laid out for printing: as it is, or as a folded booklet."""

    none = "none"
    booklet = "booklet"


class OutputFormat(StrEnum):
    """What a build writes of each edition."""

    pdf = "pdf"
    html = "html"
    both = "both"
