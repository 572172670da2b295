"""One edition of one brief: its view, its HTML and PDF (the one-sheet edition fitted to two pages), its booklet.

Both the one-off build (brief.build.pipeline, brief.build.pool) and the warm renderer of watch and
serve (brief.build.warm) write editions through these functions.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief.build.options import BuildOptions
from brief.build.since import with_changes
from brief.build.targets import Target
from brief.errors import BriefError, Problem, display_path
from brief.interrupts import check
from brief.model.enums import Edition, Imposition
from brief.output.names import booklet_name, output_name
from brief.output.write import output_file, write_atomic
from brief.render.html import render_html, with_reading_time
from brief.render.imposition import PAGE_SIZES, impose_booklet
from brief.render.pdf import SheetOverflow, document_pdf, pdf_bytes, sheet_document
from brief.views.analysis import analyse
from brief.views.objects import variant

if TYPE_CHECKING:
    from brief.model.enums import Edition, Imposition
    from brief.model.revisions import Revision
    from brief.model.validate import Debate
    from brief.theme.search import Theme
    from brief.views.objects import BriefView


def edition_view(
    target: Target, history: tuple[Revision | None, Debate | None], theme: Theme, options: BuildOptions
) -> BriefView:
    """What one edition shows: the analysis, its changes since a revision, the reading times."""
    debate = target.debate
    revision, then = history
    view = analyse(debate, target.lang, target.edition)
    if target.side is not None:
        view = dataclasses.replace(view, review_side=target.side)
    if revision is not None:
        view = with_changes(view, then, revision, target)
    if view.facilitator:
        view = dataclasses.replace(view, handout_minutes=handout_minutes(debate, target.lang, theme))
    return with_reading_time(view, theme)  # counted once for every rendering of the edition


def write_target(
    target: Target,
    history: tuple[Revision | None, Debate | None],
    theme: Theme,
    out_dir: Path,
    options: BuildOptions,
) -> list[Path]:
    """Render and write one edition of one brief in one language (its HTML, PDF, booklet as asked)."""
    check()  # an interrupt that some library swallowed still stops the build here, between editions

    view = edition_view(target, history, theme, options)
    written: list[Path] = []
    if options.fmt in ("html", "both"):
        written.append(write_html(view, theme, target, out_dir, options))
    if options.fmt in ("pdf", "both"):
        written.append(write_pdf(view, theme, target, out_dir, options)[0])
        if wants_booklet(view, options):
            written.append(write_booklet(view, theme, target, out_dir, options))
    return written


def write_html(view: BriefView, theme: Theme, target: Target, out_dir: Path, options: BuildOptions) -> Path:
    """`<stem>.html`: the edition for screens, its fonts inlined so it needs nothing beside it."""
    path = output_file(out_dir, output_name(target.stem(), "html"))
    write_atomic(path, edition_html(view, theme, options, standalone=True))
    return path


def pdf_path(target: Target, out_dir: Path) -> Path:
    """Where an edition's PDF goes (checked: nothing in the way that is not ours to replace)."""
    return output_file(out_dir, output_name(target.stem(), "pdf"))


def write_pdf(
    view: BriefView, theme: Theme, target: Target, out_dir: Path, options: BuildOptions
) -> tuple[Path, bytes]:
    """`<stem>.pdf`: the edition laid out and written; the file and its bytes."""
    path = pdf_path(target, out_dir)
    data = edition_pdf(view, theme, options, target.debate)
    write_atomic(path, data)
    return path, data


def handout_minutes(debate: Debate, lang: str, theme: Theme) -> int:
    """The participants' reading time, for the facilitator's agenda: the sheet's if the brief has
    one, else the dossier's."""
    handout = Edition.sheet if Edition.sheet in debate.brief.model.editions else Edition.participant
    minutes = with_reading_time(analyse(debate, lang, handout), theme).reading_minutes
    assert minutes is not None
    return minutes


def edition_html(view: BriefView, theme: Theme, options: BuildOptions, *, standalone: bool) -> str:
    return render_html(view, theme, paper=options.paper, standalone=standalone)


def edition_pdf(view: BriefView, theme: Theme, options: BuildOptions, debate: Debate) -> bytes:
    """One edition's PDF; the one-sheet edition and the questionnaire fit two pages or fail with what
    to shorten."""
    created = debate.brief.model.as_of
    if not view.fitted:
        html = render_html(view, theme, paper=options.paper)  # fonts read from the theme, not inlined
        return pdf_bytes(html, theme, created=created, pdf_ua=options.pdf_ua)
    try:
        document = sheet_document(view, theme, paper=options.paper, pdf_ua=options.pdf_ua)
    except SheetOverflow as exc:
        raise BriefError([sheet_overflow_problem(debate, view, exc, options.paper)]) from None
    return document_pdf(document, theme, created=created, pdf_ua=options.pdf_ua)


FITTED_NAMES = {Edition.sheet: "one-sheet edition", Edition.questionnaire: "questionnaire"}


def sheet_overflow_problem(debate: Debate, view: BriefView, exc: Any, paper: str) -> Problem:
    """Where a one-sheet edition (the handout, the questionnaire) overflows, by how much, and the
    longest texts it prints."""
    lang, model = view.lang, debate.brief.model
    handout = view.sheet  # the questionnaire prints no thesis and no discussion question
    texts: list[tuple[int, str, tuple[Any, ...]]] = [
        (len(variant(model.question, lang)), "the question", ("question",)),
        *(
            (len(variant(s.model.thesis, lang)), f"the thesis of {s.id}", ("thesis",))
            for s in (debate.sources if handout else ())
        ),
        *(
            (len(variant(t.crux, lang)), f"topic {t.id!r}'s crux", ("topics", i, "crux"))
            for i, t in enumerate(model.topics)
        ),
        *(
            (len(variant(text, lang)), f"side {side}'s stance on {t.id!r}", ("topics", i, "stances", side))
            for i, t in enumerate(model.topics)
            for side, text in t.stances.items()
        ),
        *(
            (len(variant(q.text, lang)), f"question {n}", ("questions", n - 1, "text"))
            for n, q in enumerate(model.questions if handout else (), 1)
        ),
    ]
    longest = sorted(texts, key=lambda t: -t[0])[:3]
    marks = debate.brief.marks
    where = []
    for length, name, path in longest:
        if path == ("thesis",):
            source = next(s for s in debate.sources if name.endswith(s.id))
            line, column = source.marks.of(path)
            file = display_path(source.marks.file)
        else:
            line, column = marks.of(path)
            file = display_path(marks.file)
        where.append(f"{name} ({length} characters, {file}:{line}:{column})")
    lines = max(1, round(exc.overflow_mm / 4.2))
    message = (
        f"the {lang} {FITTED_NAMES[view.edition]} does not fit two {paper} pages: at its smallest type "
        f"({exc.sheet_pt:g} pt) it runs {max(1, round(exc.overflow_mm))} mm (about {lines} "
        f"{'line' if lines == 1 else 'lines'}) onto page 3; "
        f"shorten the longest texts: {'; '.join(where)}"
    )
    return marks.problem(("editions",), message)


def wants_booklet(view: BriefView, options: BuildOptions) -> bool:
    """Whether an edition also gets its booklet: one was asked for, and the edition is not fitted to
    one sheet already (the one-sheet handout, the questionnaire)."""
    return options.imposition is Imposition.booklet and not view.fitted


def booklet_path(target: Target, out_dir: Path) -> Path:
    """Where an edition's booklet goes (checked, as `pdf_path` is)."""
    return output_file(out_dir, booklet_name(target.stem()))


def write_booklet(view: BriefView, theme: Theme, target: Target, out_dir: Path, options: BuildOptions) -> Path:
    """`<stem>.booklet.pdf`: the edition laid out on half-size pages, imposed to print and fold."""
    path = booklet_path(target, out_dir)
    html = render_html(view, theme, paper=PAGE_SIZES[options.paper], booklet=True)
    pages = pdf_bytes(html, theme, created=target.debate.brief.model.as_of)  # imposed sheets keep no tags
    write_atomic(path, impose_booklet(pages, options.paper))
    return path
