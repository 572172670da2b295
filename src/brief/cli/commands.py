"""The command line: wiring and messages only; the work is in the pipeline modules."""

from __future__ import annotations

import dataclasses
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from brief import interrupts
from brief.build.options import cores
from brief.cli.format import WORKSPACE_TEXTS, BriefCommand, BriefGroup
from brief.cli.options import (
    BriefFiles,
    EditionOpt,
    FormatOpt,
    ImpositionOpt,
    JobsOpt,
    LangOpt,
    OutDir,
    PaperOpt,
    PdfUaOpt,
    QuietOpt,
    SinceOpt,
    WatchJobsOpt,
    _build_options,
    _out_dir,
)
from brief.errors import BriefError, UsageError, display_path, problems_found
from brief.model.enums import Imposition, OutputFormat
from brief.paths import BRIEFS, SOURCES, TEXTS, find_root
from brief.workspace import find_briefs, require_root, yaml_files

if TYPE_CHECKING:
    from brief.build.targets import BriefBuilt

app = typer.Typer(
    name="brief",
    help="Build debate briefs: two opposing readings of a news story, side by side, as a PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=BriefGroup,
)

_debug = False
_interrupt_said = False  # whether the interrupted build said so already


def _fail(code: int, message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _interrupted() -> NoReturn:
    global _interrupt_said
    _interrupt_said = True
    _fail(130, "interrupted; files not yet written are as they were")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every user error into a located message and exit code 1, never a traceback.

    After Ctrl-C or SIGTERM, whatever the command made of the interrupt (see `brief.interrupts`),
    the answer is "interrupted" and exit 130: every output is its old self or its new one, whole.
    """
    try:
        yield
    except BaseException:
        if interrupts.requested():
            _interrupted()
        with _reported():
            raise
    if interrupts.requested():
        _interrupted()


@contextmanager
def _reported() -> Iterator[None]:
    """Each kind of error as the person at the terminal should read it."""
    try:
        yield
    except BriefError as exc:
        for problem in exc.problems:
            typer.echo(f"{problem}", err=True)
        count = len(exc.problems)
        not_built = getattr(exc, "briefs", ())  # build.NotBuilt: the other briefs were built
        built = f"; not built: {', '.join(display_path(b) for b in not_built)}" if not_built else ""
        _fail(1, f"{problems_found(count)}{built}.")
    except UsageError as exc:
        _fail(2, f"Usage error: {exc}")
    except typer.Exit:
        raise
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM in a process that did not install brief.interrupts
        _interrupted()
    except Exception as exc:  # an internal error: ours, not the user's
        if _debug:
            traceback.print_exc()
        hint = "" if _debug else " (run with --debug for the traceback)"
        _fail(3, f"internal error: {type(exc).__name__}: {exc}{hint}")


def _version(value: bool) -> None:
    if value:
        from brief import __version__  # lazy: looked up in the installed metadata, slow to import

        typer.echo(f"brief {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    """Build debate briefs: two opposing readings of a news story, side by side, as a PDF."""
    global _debug
    _debug = debug


@app.command(cls=BriefCommand)
def build(
    briefs: BriefFiles = None,
    out_dir: OutDir = None,
    fmt: FormatOpt = OutputFormat.pdf,
    lang: LangOpt = None,
    edition: EditionOpt = None,
    paper: PaperOpt = "A4",
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what is up to date.")] = False,
    quiet: QuietOpt = False,
    since: SinceOpt = None,
    jobs: JobsOpt = None,
    pdf_ua: PdfUaOpt = False,
    imposition: ImpositionOpt = Imposition.none,
) -> None:
    """Build the PDF (or HTML) editions of briefs; what is up to date is skipped."""
    with user_errors():
        options = _build_options(
            fmt, lang, edition, paper, since, cores() if jobs is None else jobs, pdf_ua, imposition, force
        )
        from brief.build.run import build as run_build  # lazy: --help imports no build machinery

        files = list(briefs) if briefs else find_briefs(require_root() / BRIEFS)
        with _progress(len(files), quiet) as advance:
            for outcome in run_build(files, _out_dir(out_dir), options):
                _report(outcome, quiet)
                advance()


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for a multi-brief build, only when a person is watching the terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("building briefs"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("build", total=total)
        yield lambda: progress.advance(task)


def _report(outcome: BriefBuilt, quiet: bool) -> None:
    if not quiet:
        for path in outcome.outputs:
            said = "up to date:" if outcome.skipped else "unchanged:" if path in outcome.unchanged else "wrote"
            typer.echo(f"{said} {display_path(path)}")
        for reason in outcome.lacking:
            typer.echo(f"note: not built: {reason}", err=True)
    for warning in outcome.warnings:  # problems, so shown even with --quiet; the build goes on
        typer.echo(str(warning), err=True)


def _report_failure(error: Exception) -> None:
    """A failed rebuild while watching: the same messages as `brief build`, then carry on."""
    if isinstance(error, BriefError):
        for problem in error.problems:
            typer.echo(f"{problem}", err=True)
        count = len(error.problems)
        typer.echo(f"{problems_found(count)}; still watching", err=True)
    elif isinstance(error, UsageError):
        typer.echo(f"Usage error: {error}; still watching", err=True)
    else:
        if _debug:
            traceback.print_exception(error)
        typer.echo(f"internal error: {type(error).__name__}: {error}; still watching", err=True)


@app.command(cls=BriefCommand)
def watch(
    briefs: BriefFiles = None,
    out_dir: OutDir = None,
    fmt: FormatOpt = OutputFormat.pdf,
    lang: LangOpt = None,
    edition: EditionOpt = None,
    paper: PaperOpt = "A4",
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what is up to date at the start.")] = False,
    quiet: QuietOpt = False,
    since: SinceOpt = None,
    jobs: WatchJobsOpt = None,
    pdf_ua: PdfUaOpt = False,
    imposition: ImpositionOpt = Imposition.none,
) -> None:
    """Build, then rebuild whatever a saved source, article text, brief or theme file affects (Ctrl-C stops)."""
    from brief.build.run import build as run_build
    from brief.commands.watch import Changed, Failed, Watching, watch as run_watch

    with user_errors():
        options = _build_options(fmt, lang, edition, paper, since, 1 if jobs is None else jobs, pdf_ua, imposition)
        out_dir = _out_dir(out_dir)
        briefs_folder = (Path(".") if briefs else require_root()) / BRIEFS
        first = [force]  # --force applies to the first build only
        from brief.build.warm import WarmRenderer

        warm = WarmRenderer() if options.jobs == 1 else None  # the renderer stays loaded between saves

        def rebuild(files: Sequence[Path]) -> Iterator[BriefBuilt]:
            return run_build(files, out_dir, dataclasses.replace(options, force=first[0]), warm)

        try:
            for event in run_watch(list(briefs) if briefs else None, rebuild, briefs_folder=briefs_folder):
                if isinstance(event, Watching):
                    first[0] = False
                    folders = ", ".join(f"{display_path(f)}/" for f in event.folders)
                    typer.echo(f"watching {folders} for changes (Ctrl-C to stop)")
                elif isinstance(event, Changed):
                    if not quiet:
                        typer.echo(f"changed: {', '.join(display_path(f) for f in event.files)}")
                elif isinstance(event, Failed):
                    _report_failure(event.error)
                else:
                    _report(event, quiet)
        except KeyboardInterrupt:
            pass
        interrupts.clear()  # Ctrl-C is how watching ends (watchfiles takes it quietly while it waits)
        typer.echo("stopped watching")


@app.command(cls=BriefCommand)
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Brief or source files to check; by default every file in the workspace's briefs/ and sources/.",
            metavar="FILE.yaml",
            show_default=False,
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            metavar="[DIR]",
            help="Folder of article texts, <source-id>.txt: verify that every quote is verbatim in its text "
            "(alone: the workspace's texts/, which is also read by default when it exists).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Treat warnings (an unbalanced brief or block, a dropped hedge or attribution) as errors."
        ),
    ] = False,
) -> None:
    """Validate sources and briefs without rendering anything; weigh each brief's balance."""
    from brief.commands.check import run_check

    with user_errors():
        if files:
            chosen = list(files)
        else:
            root = require_root()
            chosen = yaml_files(root / BRIEFS) + yaml_files(root / SOURCES)
            if not chosen:
                raise UsageError(
                    f"no files given and no YAML files in {display_path(root / BRIEFS)}/ or "
                    f"{display_path(root / SOURCES)}/; start one with `brief new brief ID` or `brief new source ID`"
                )
        if texts is not None and str(texts) == WORKSPACE_TEXTS:  # `--texts` alone
            root = require_root()
            texts = root / TEXTS
            if not texts.is_dir():
                raise UsageError(
                    f"--texts: no {display_path(texts)}/ folder; `brief import PAGE` puts each article's text "
                    "there, or give the folder: --texts DIR"
                )
        if texts is None:  # where `brief import` puts the articles' texts
            root = find_root()
            if root is not None and (root / TEXTS).is_dir():
                texts = root / TEXTS
        if texts is not None and not texts.is_dir():
            raise UsageError(f"--texts {texts}: no such folder")
        outcome = run_check(chosen, texts=texts, strict=strict)
        if outcome.quotes is not None:
            typer.echo(outcome.quotes.summary())
        for note in outcome.notes:
            typer.echo(note)
        for warning in outcome.warnings:
            typer.echo(str(warning), err=True)
        if outcome.errors:
            raise BriefError(outcome.errors)
        typer.echo(outcome.summary())


class NewKind(StrEnum):
    source = "source"
    brief = "brief"


@app.command(cls=BriefCommand)
def new(
    kind: Annotated[
        NewKind, typer.Argument(metavar="KIND", help="What to start: source (one article) or brief (the debate).")
    ],
    file_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new file's id, e.g. lemonde-2026-01-11 (its file name).")
    ],
) -> None:
    """Write a commented scaffold to sources/ID.yaml or briefs/ID.yaml (never overwriting)."""
    from brief.commands.scaffold import ensure_schema, schema_file, write_scaffold

    with user_errors():
        root = find_root() or Path(".")  # a new workspace starts in the current folder
        schema_file(root, kind.value)  # what is in the schema's way is said before anything is written
        path = write_scaffold(kind.value, file_id, root)
        typer.echo(f"wrote {display_path(path)}: fill in the blank values, then run `brief check {display_path(path)}`")
        schema = ensure_schema(root, kind.value)
        if schema is not None:
            typer.echo(f"wrote {display_path(schema)}, which editors read for completion and inline errors")


@app.command("import", cls=BriefCommand)
def import_page(
    page: Annotated[
        str, typer.Argument(metavar="PAGE", help="A saved HTML page, an http(s) address, or a plain-text file.")
    ],
    file_id: Annotated[
        str | None,
        typer.Option(
            "--id", metavar="ID", help="The source's id; by default the site and the date.", show_default=False
        ),
    ] = None,
) -> None:
    """Extract an article's text to texts/ID.txt and start sources/ID.yaml with its provenance (never overwriting)."""
    from brief.commands.importer import ImportFailure, import_page as run_import
    from brief.commands.scaffold import ensure_schema, schema_file

    with user_errors():
        root = find_root() or Path(".")
        schema_file(root, "source")  # what is in the schema's way is said before anything is written
        try:
            text_path, source_path, _ = run_import(page, root, file_id)
        except ImportFailure as exc:
            _fail(1, f"error: {exc}")
        typer.echo(f"wrote {display_path(text_path)}: the article's text, which quotes are checked against")
        typer.echo(
            f"wrote {display_path(source_path)}: check the provenance it found, write the thesis and the points, "
            f"then run `brief check {display_path(source_path)}`"
        )
        schema = ensure_schema(root, "source")
        if schema is not None:
            typer.echo(f"wrote {display_path(schema)}, which editors read for completion and inline errors")


@app.command(cls=BriefCommand)
def draft(
    target: Annotated[
        str,
        typer.Argument(metavar="ID|TEXT", help="A source id (texts/ID.txt, sources/ID.yaml) or a text file."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the suggestions as JSON for other tools; write nothing.")
    ] = False,
    quotes: Annotated[
        int,
        typer.Option(
            "--quotes", min=1, max=200, metavar="N", help="Suggest the N best claims (and every question it asks)."
        ),
    ] = 20,
) -> None:
    """Suggest quotes, people, sources, dated events and keywords from an article's text alone.

    With an ID, the suggestions are added to sources/ID.yaml as a commented block that the build
    never reads; a person moves what they keep into the fields.
    """
    import json

    from brief.commands import draft as drafting

    with user_errors():
        chosen = drafting.resolve(target, find_root() or Path("."))
        language, published = (None, None)
        if chosen.source_file is not None:
            language, published = drafting.read_source_facts(chosen.source_file)
        text = drafting.read_article(chosen.text_file)
        result = drafting.draft(text, language=language, published=published, quotes=quotes)
        for note in result.notes:
            typer.echo(f"note: {note}", err=True)
        if as_json:
            typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        block = drafting.comment_block(result, display_path(chosen.text_file))
        if chosen.source_file is None:
            typer.echo(block, nl=False)
            return
        drafting.add_to_source(chosen.source_file, block)
        counts = drafting.counted(result)
        typer.echo(
            f"added {counts} to {display_path(chosen.source_file)} as a commented block: "
            "move what you keep into the fields"
        )


@app.command(cls=BriefCommand)
def serve(
    briefs: BriefFiles = None,
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, metavar="PORT", help="The port; 0 picks a free one.")
    ] = 8000,
    host: Annotated[
        str,
        typer.Option("--host", metavar="ADDRESS", help="Where to listen; other machines can connect if not 127.0.0.1."),
    ] = "127.0.0.1",
) -> None:
    """Preview the HTML editions in a browser; the page follows every saved file (Ctrl-C stops)."""
    from brief.commands.serve import Preview, serve as run_serve

    def changed(files: list[Path], preview: Preview) -> None:
        typer.echo(f"changed: {', '.join(display_path(f) for f in files)}")
        for problem in preview.problems:
            typer.echo(problem, err=True)
        if preview.problems:
            count = len(preview.problems)
            typer.echo(f"{problems_found(count)}; shown in the page", err=True)

    with user_errors():
        try:
            folder = (Path(".") if briefs else require_root()) / BRIEFS
            run_serve(
                list(briefs) if briefs else None,
                host=host,
                port=port,
                announce=typer.echo,
                on_change=changed,
                briefs_folder=folder,
            )
        except KeyboardInterrupt:  # Ctrl-C is how serving ends
            interrupts.clear()
            typer.echo("stopped serving")


class SchemaKind(StrEnum):
    source = "source"
    brief = "brief"
    locale = "locale"


@app.command(cls=BriefCommand)
def schema(
    kind: Annotated[SchemaKind, typer.Argument(metavar="KIND", help="Which file's schema: source, brief or locale.")],
) -> None:
    """Print the JSON Schema of a source, a brief or a theme's labels, for editors' autocompletion."""
    from brief.model.schema import schema_text

    with user_errors():
        typer.echo(schema_text(kind.value), nl=False)


def main() -> None:
    """The console script's entry point."""
    interrupts.install()
    try:
        app()
    except SystemExit as exc:
        # typer's own Ctrl-C exit while it parses (silent), or an interrupt something swallowed: said once
        if (exc.code == 130 or interrupts.requested()) and not _interrupt_said:
            typer.echo("interrupted", err=True)
            sys.exit(130)
        raise
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt) or interrupts.requested():  # or turned into another error
            typer.echo("interrupted", err=True)
            sys.exit(130)
        raise
