"""One build: every chosen edition of every chosen brief, written atomically.

This module only strings the pipeline together (load -> validate -> analyse -> render);
each arrow lives in its own module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brief.errors import BriefError, Problem, UsageError
from brief.model.enums import Edition, OutputFormat
from brief.output.names import output_names, output_stem
from brief.workspace import root_of

if TYPE_CHECKING:
    from brief.model.validate import Debate

# The pipeline modules (pydantic, Jinja, WeasyPrint) are imported where they are used, so
# that finding every output up to date costs no more than reading a few files.


@dataclass(frozen=True)
class Target:
    """One file to write: a brief in one language and one edition."""

    debate: Debate
    lang: str
    edition: Edition
    side: str | None = None  # the side a review edition is for; one target per side

    def names(self, fmt: OutputFormat) -> list[str]:
        """The files this target writes in the output folder."""
        return output_names(self.stem(), fmt)

    def stem(self) -> str:
        """`<brief>.<lang>` for the participant dossier, `<brief>.<lang>.<edition>` for the others,
        `<brief>.<lang>.review-<side>` for a side's review copy."""
        return output_stem(self.debate.id, self.lang, self.edition.value, self.side)


workspace_of = root_of  # the folder holding `briefs/`, `sources/` and perhaps `templates/`


class NotBuilt(BriefError):
    """Some briefs have problems: every other brief was built, these were not."""

    def __init__(self, problems: Iterable[Problem], briefs: Sequence[Path]) -> None:
        super().__init__(problems)
        self.briefs = tuple(briefs)


def targets(debates: Sequence[Debate], langs: Sequence[str] | None, editions: Sequence[Edition] | None) -> list[Target]:
    """What to write: the languages and editions each brief declares, narrowed by the options;
    a language or edition asked for that a brief does not declare is a usage error."""
    chosen, lacking = narrowed(debates, langs, editions)
    if lacking:
        raise UsageError(next(iter(lacking.values()))[0])
    return chosen


def narrowed(
    debates: Sequence[Debate], langs: Sequence[str] | None, editions: Sequence[Edition] | None
) -> tuple[list[Target], dict[Path, list[str]]]:
    """What to write of each brief, and, by brief file, what was asked that it does not declare."""
    out: list[Target] = []
    lacking: dict[Path, list[str]] = {}
    for debate in debates:
        model = debate.brief.model
        missing = [
            f"{debate.id} declares languages {', '.join(model.languages)}; --lang {lang} is not one"
            for lang in langs or ()
            if lang not in model.languages
        ]
        missing += [
            f"{debate.id} declares editions {', '.join(e.value for e in model.editions)}; "
            f"--edition {edition.value} is not one"
            for edition in editions or ()
            if edition not in model.editions and not edition.on_request
        ]
        if missing:
            lacking[debate.brief.marks.file] = missing
        out += [
            Target(debate, lang, ed, side)
            for lang in (langs or model.languages)
            if lang in model.languages
            for ed in (editions or model.editions)
            if ed in model.editions or ed.on_request
            for side in ([s.id for s in model.sides] if ed is Edition.review else [None])
        ]
    return out, lacking


@dataclass(frozen=True)
class BriefBuilt:
    """One brief's outcome: the files it wrote, or found up to date and left alone."""

    brief: Path
    outputs: tuple[Path, ...]
    skipped: bool
    unchanged: tuple[Path, ...] = ()  # rendered again by watch, found the same, left alone
    lacking: tuple[str, ...] = ()  # languages and editions asked for that the brief does not declare
    warnings: tuple[Problem, ...] = ()  # what `brief check` would warn about that needs no article text
