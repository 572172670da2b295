"""The options the build commands share (build, watch, serve), and the build's options made from them, checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from brief.build.options import BuildOptions
from brief.errors import UsageError
from brief.model.enums import Edition, Imposition, OutputFormat, Paper
from brief.paths import find_root

# The options `build` and `watch` share, declared once.
BriefFiles = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Brief files; by default every brief in the workspace's briefs/ (.yaml or .yml).",
        show_default=False,
        metavar="BRIEF.yaml",
    ),
]

OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out-dir",
        "-o",
        metavar="DIR",
        help="Where to write the files.  [default: build/ in the workspace]",
        show_default=False,
    ),
]

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", metavar="pdf|html|both", help="What to write.")]

LangOpt = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", metavar="LANG", help="Only this language (repeatable); among the brief's."),
]

EditionOpt = Annotated[
    list[Edition] | None,
    typer.Option(
        "--edition",
        "-e",
        metavar="|".join(Edition),
        help="Only this edition (repeatable): among the brief's, or the questionnaire or the sides' review "
        "copies, which it builds though the brief does not declare them.",
    ),
]

PaperOpt = Annotated[str, typer.Option("--paper", metavar="A4|letter", help="Paper size: A4 or letter.")]

QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")]

SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="REV|DATE",
        help="Add a 'Changes since' section: a git revision (HEAD~1, a tag) or a date (YYYY-MM-DD, "
        "the last commit before it). Overrides the brief's own since:.",
    ),
]

JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="Build this many editions at once, in separate processes.  [default: the number of cores]",
        show_default=False,
    ),
]

WatchJobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        help="Rebuild this many editions at once, in separate processes.  [default: 1, in this process, "
        "where the renderer stays warm between saves]",
        show_default=False,
    ),
]

PdfUaOpt = Annotated[
    bool, typer.Option("--pdf-ua", help="Write PDF/UA-1 (accessible PDF); every PDF is tagged anyway.")
]

ImpositionOpt = Annotated[
    Imposition,
    typer.Option(
        "--imposition",
        help="booklet: also write <stem>.booklet.pdf, the edition on A5 (half-letter with --paper letter) "
        "imposed two pages to a side of landscape A4 (letter), to print duplex (short edge), fold and staple.",
    ),
]


def _build_options(
    fmt: OutputFormat,
    lang: list[str] | None,
    edition: list[Edition] | None,
    paper: str,
    since: str | None,
    jobs: int,
    pdf_ua: bool,
    imposition: Imposition = Imposition.none,
    force: bool = False,
) -> BuildOptions:
    """The build's options from the command line's shared ones, checked."""
    chosen = Paper.named(paper)
    if chosen is None:
        raise UsageError(f"--paper takes A4 or letter, not {paper!r}")
    if jobs < 1:  # checked here, not by typer, whose help would print the bound as "x>=1"
        raise UsageError(f"--jobs takes a number of 1 or more, not {jobs}")
    if imposition is Imposition.booklet and fmt is OutputFormat.html:
        raise UsageError("--imposition booklet imposes the PDF; use it with --format pdf or both")
    return BuildOptions(
        fmt=fmt,
        langs=tuple(lang or ()),
        editions=tuple(edition or ()),
        paper=chosen,
        since=since,
        jobs=jobs,
        pdf_ua=pdf_ua,
        imposition=imposition,
        force=force,
    )


def _out_dir(given: Path | None) -> Path:
    """--out-dir as given, else build/ of the workspace the command runs in (walking up, like git)."""
    return given if given is not None else (find_root() or Path.cwd()) / "build"
