"""`brief check`: the files valid together, the brief's own balance and, given the texts, every quote.

Plain Python only: checking never loads the renderer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brief.commands.prose_quotes import verify_prose
from brief.commands.quotes import verify
from brief.commands.reviews import review_warnings
from brief.errors import Problem
from brief.model.load import Loaded
from brief.model.source import Source
from brief.model.validate import CheckReport, check_files
from brief.views.prose import unchecked_languages
from brief.views.warnings import brief_warnings

if TYPE_CHECKING:
    from brief.commands.quotes import QuoteReport


@dataclass(frozen=True)
class CheckOutcome:
    """What `brief check` found; `errors` fail the run, `warnings` are shown and pass."""

    report: CheckReport
    quotes: QuoteReport | None
    notes: tuple[str, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
        nb, ns = len(self.report.briefs), len(self.report.sources)
        checked = f"ok: {nb} brief{'s' if nb != 1 else ''} and {ns} source{'s' if ns != 1 else ''} checked"
        nw = len(self.warnings)
        return f"{checked}, {f'{nw} warning' + ('s' if nw != 1 else '') if nw else 'no problems'}"


def checked_sources(report: CheckReport) -> list[Loaded[Source]]:
    """Every source the run loaded, named on the command line or by a brief, once each."""
    seen: dict[Path, Loaded[Source]] = {}
    for source in [*report.sources, *(s for debate in report.briefs for s in debate.sources)]:
        seen.setdefault(source.marks.file.resolve(), source)
    return list(seen.values())


def run_check(files: Iterable[Path], *, texts: Path | None = None, strict: bool = False) -> CheckOutcome:
    """Validate the files (raising BriefError on bad input), then weigh each brief and verify quotes.

    With `strict`, an unbalanced brief, a dropped hedge or attribution, is an error rather than a warning.
    """
    report = check_files(files)
    # the warnings every build prints, and the review's: that one reads git (brief.commands.reviews)
    warnings = [w for debate in report.briefs for w in (*brief_warnings(debate), *review_warnings(debate))]
    notes = []
    unknown = sorted({lang for debate in report.briefs for lang in unchecked_languages(debate)})
    if unknown:
        notes.append(
            f"hedges not checked in {', '.join(unknown)}: brief's theme lists no hedges of that language "
            "(under hedges: in its templates/locale/<lang>.yaml)"
        )
    quotes = None
    errors: list[Problem] = []
    if texts is not None:
        sources = checked_sources(report)
        quotes = verify(sources, texts)
        prose = verify_prose(list(report.briefs), sources, texts)
        errors += [*quotes.failures, *prose.failures]
        notes.append(
            f"{prose.checked} passage{'s' if prose.checked != 1 else ''} in quotation marks in our prose verified"
        )
    else:
        notes.append(
            "our prose's quotation marks were not checked: no article texts at hand; "
            "give them with --texts DIR (or keep them in the workspace's texts/)"
        )
    if strict:
        errors += [dataclasses.replace(w, severity="error", message=f"{w.message} (--strict)") for w in warnings]
        warnings = []
    return CheckOutcome(report, quotes, tuple(notes), tuple(sorted(errors)), tuple(sorted(warnings)))
