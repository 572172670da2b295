"""The closed sets of choices a brief and a build name: editions, paper, imposition, output format.

One place for each, plain enums with no pydantic behind them, so the command line's `--help`
and a no-op build import them for nothing.
"""

from __future__ import annotations

from enum import StrEnum


class Edition(StrEnum):
    # what a brief is printed as: the one-sheet handout, the participant's dossier, the facilitator's
    # copy (a comment, not a docstring: pydantic would print a docstring into the brief's JSON Schema)

    sheet = "sheet"
    participant = "participant"
    facilitator = "facilitator"


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
