"""One build: every chosen edition of every chosen brief, written atomically.

This module only strings the pipeline together (load -> validate -> analyse -> render);
each arrow lives in its own module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BriefError, Problem, UsageError, display_path
from .options import BuildOptions, Format
from .out_guard import clashing_outputs, remove_stale_temporaries
from .output import output_names, output_stem
from .uptodate import Manifest, Record, folder_digests, options_key
from .workspace import root_of, yaml_files

if TYPE_CHECKING:
    from .analysis import BriefView
    from .history import Revision
    from .model import Edition
    from .theme import Theme
    from .validate import Debate
    from .warm import WarmRenderer

# The pipeline modules (pydantic, Jinja, WeasyPrint) are imported where they are used, so
# that finding every output up to date costs no more than reading a few files.


@dataclass(frozen=True)
class Target:
    """One file to write: a brief in one language and one edition."""

    debate: Debate
    lang: str
    edition: Edition

    def names(self, fmt: Format) -> list[str]:
        """The files this target writes in the output folder."""
        return output_names(self.stem(), fmt)

    def stem(self) -> str:
        """`<brief>.<lang>` for the participant dossier, `<brief>.<lang>.<edition>` for the others."""
        return output_stem(self.debate.id, self.lang, self.edition.value)


workspace_of = root_of  # the folder holding `briefs/`, `sources/` and perhaps `templates/`


def find_briefs(folder: Path) -> list[Path]:
    """Every brief file (`.yaml` or `.yml`) in a `briefs/` folder, in name order."""
    if not folder.is_dir():
        raise UsageError(
            f"no briefs given and no {display_path(folder)}/ folder; name a brief file, "
            "or start one with `brief new brief ID`"
        )
    files = yaml_files(folder)
    if not files:
        raise UsageError(f"{display_path(folder)}/ holds no brief (.yaml or .yml); start one with `brief new brief ID`")
    return files


class NotBuilt(BriefError):
    """Some briefs have problems: every other brief was built, these were not."""

    def __init__(self, problems: Iterable[Problem], briefs: Sequence[Path]) -> None:
        super().__init__(problems)
        self.briefs = tuple(briefs)


def load_all(files: Sequence[Path]) -> tuple[list[Debate], list[Problem], list[Path]]:
    """The debates that are valid, and the problems and files of the others.

    One unfinished brief must not hold back the rest: each is loaded on its own.
    """
    from .validate import SourceCache, load_debate

    cache = SourceCache()
    debates, problems, failed = [], [], []
    for file in files:
        try:
            debates.append(load_debate(file, cache))
        except BriefError as exc:
            problems += exc.problems
            failed.append(file)
    return debates, problems, failed


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
            if edition not in model.editions
        ]
        if missing:
            lacking[debate.brief.marks.file] = missing
        out += [
            Target(debate, lang, ed)
            for lang in (langs or model.languages)
            if lang in model.languages
            for ed in (editions or model.editions)
            if ed in model.editions
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


def theme_folders(theme: Theme, workspace: Path) -> list[Path]:
    """The folders whose files shape the output, with the workspace's `templates/` even if absent."""
    own = workspace / "templates"
    return [*theme.dirs, *([] if own.resolve() in theme.dirs else [own])]


def build(
    files: Sequence[Path], out_dir: Path, options: BuildOptions, warm: WarmRenderer | None = None
) -> Iterator[BriefBuilt]:
    """Build the targets of the given brief files, yielding each brief's outcome as it is done.

    A brief whose inputs and outputs are as the last build into `out_dir` left them is
    skipped (unless `options.force`). Everything else is loaded and checked before the first
    file is written: a brief with bad input writes nothing, the valid ones are built, and then
    NotBuilt names the others with their problems. `options.since` (else a brief's own `since:`)
    adds the changes since that git revision or date. With `options.jobs` > 1 the editions (of
    one brief or of several) are spread over worker processes; else `warm` (watch's renderer,
    kept between builds) may skip the PDFs whose content did not change.
    """
    key_options = options.shapes_output()
    manifest = Manifest(out_dir)
    stale = []
    for file in files:
        record = None if options.force else manifest.up_to_date(options_key(file, key_options))
        if record is None:
            stale.append(file)
        else:  # and still says what it lacks of what was asked, as at every build
            yield BriefBuilt(file, manifest.outputs(record), skipped=True, lacking=tuple(record.lacking))
    if not stale:
        return

    from .model import Edition
    from .output import ensure_out_dir
    from .theme import Theme
    from .theme_guard import theme_problems

    debates, problems, failed = load_all(stale)
    if not debates:
        raise NotBuilt(problems, failed)
    # Of several briefs, those that declare what --lang and --edition ask are built and the others
    # say what they lack; a build that would write nothing at all is a usage error.
    chosen, lacking = narrowed(debates, options.langs or None, [Edition(e) for e in options.editions] or None)
    if not chosen and lacking and len(stale) == len(files):
        raise UsageError(next(iter(lacking.values()))[0])
    with_targets = {id(t.debate) for t in chosen}
    for debate in debates:
        if id(debate) not in with_targets:
            yield BriefBuilt(
                debate.brief.marks.file, (), skipped=False, lacking=tuple(lacking[debate.brief.marks.file])
            )
    debates = [d for d in debates if id(d) in with_targets]
    themes = {workspace: Theme(workspace) for workspace in {workspace_of(d.brief.marks.file) for d in debates}}
    # The manifest records what this build read: the YAML's digests are those of the bytes loaded,
    # the theme folders' are taken here, before any template, stylesheet or font is read. A file
    # saved during the build leaves its outputs stale for the next build, never "up to date".
    folders = {workspace: folder_digests(theme_folders(theme, workspace)) for workspace, theme in themes.items()}
    # Two briefs writing one file, a theme reaching outside itself: no brief of this build is written.
    outputs = [(t.debate.brief.marks.file, name) for t in chosen for name in t.names(options.fmt)]
    blocking = clashing_outputs(outputs, out_dir, manifest)
    blocking += [p for theme in themes.values() for p in theme_problems(theme.dirs)]
    if blocking:
        raise BriefError([*problems, *blocking])
    history = {id(debate): earlier_version(debate, options.since) for debate in debates}
    ensure_out_dir(out_dir)
    remove_stale_temporaries(out_dir)  # left by a build that was killed while writing
    # Processes only for PDFs: an HTML edition renders in milliseconds, less than a worker takes
    # to start, and the workers would import WeasyPrint for nothing (the sample's six HTML
    # editions took 0.5 s in one process, 0.9 s with two).
    workers = min(options.jobs, len(chosen)) if warm is None and options.fmt != "html" else 1
    if workers > 1:
        done = in_processes(chosen, history, themes, out_dir, options, workers)
    else:
        done = (
            (
                debate.brief.marks.file,
                write_brief(
                    debate, [t for t in chosen if t.debate is debate], history[id(debate)], out_dir, options, warm
                ),
            )
            for debate in debates
        )
    by_file = {d.brief.marks.file: d for d in debates}
    unrecorded: BriefError | None = None  # the manifest could not be written: said once the files are
    for brief_file, written in done:
        debate = by_file[brief_file]
        workspace = workspace_of(brief_file)
        key = options_key(brief_file, key_options)
        revision, _ = history[id(debate)]
        revisions = [] if revision is None else [(workspace, revision.spec, revision.commit)]
        said = lacking.get(brief_file, ())
        manifest.remember(
            key, Record.of(debate.digests, folders[workspace], written, revisions, brief=brief_file, lacking=said)
        )
        try:
            manifest.save()
        except BriefError as exc:
            unrecorded = exc
        unchanged = warm.unchanged_of(written) if warm is not None else ()
        yield BriefBuilt(brief_file, tuple(written), skipped=False, unchanged=unchanged, lacking=tuple(said))
    if problems:
        raise NotBuilt([*problems, *(unrecorded.problems if unrecorded else [])], failed)
    if unrecorded is not None:
        raise unrecorded


def write_brief(
    debate: Debate,
    chosen: Sequence[Target],
    history: tuple[Revision | None, Debate | None],
    out_dir: Path,
    options: BuildOptions,
    warm: WarmRenderer | None = None,
) -> list[Path]:
    """Render and write every chosen edition of one brief in this process; returns the files written.

    With a warm renderer (watch), every HTML comes first, then only the PDFs whose content
    changed, the quickest first."""
    from .theme import Theme

    theme = Theme(workspace_of(debate.brief.marks.file))
    if warm is not None:
        return warm.write(chosen, history, theme, out_dir, options)
    return [path for target in chosen for path in write_target(target, history, theme, out_dir, options)]


def edition_view(
    target: Target, history: tuple[Revision | None, Debate | None], theme: Theme, options: BuildOptions
) -> BriefView:
    """What one edition shows: the analysis, its changes since a revision, the reading times."""
    from .analysis import analyse
    from .render import with_reading_time

    debate = target.debate
    revision, then = history
    view = analyse(debate, target.lang, target.edition)
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
    from .interrupts import check
    from .output import output_file, write_atomic

    check()  # an interrupt that some library swallowed still stops the build here, between editions

    view = edition_view(target, history, theme, options)
    written: list[Path] = []
    if options.fmt in ("html", "both"):
        path = output_file(out_dir, f"{target.stem()}.html")
        write_atomic(path, edition_html(view, theme, options, standalone=True))
        written.append(path)
    if options.fmt in ("pdf", "both"):
        path = output_file(out_dir, f"{target.stem()}.pdf")
        write_atomic(path, edition_pdf(view, theme, options, target.debate))
        written.append(path)
        if options.imposition == "booklet" and not view.sheet:  # a sheet is already one sheet
            written.append(write_booklet(view, theme, target, out_dir, options))
    return written


def handout_minutes(debate: Debate, lang: str, theme: Theme) -> int:
    """The participants' reading time, for the facilitator's agenda: the sheet's if the brief has
    one, else the dossier's."""
    from .analysis import analyse
    from .model import Edition
    from .render import with_reading_time

    handout = Edition.sheet if Edition.sheet in debate.brief.model.editions else Edition.participant
    minutes = with_reading_time(analyse(debate, lang, handout), theme).reading_minutes
    assert minutes is not None
    return minutes


def edition_html(view: BriefView, theme: Theme, options: BuildOptions, *, standalone: bool) -> str:
    from .render import render_html

    return render_html(view, theme, paper=options.paper, standalone=standalone)


def edition_pdf(view: BriefView, theme: Theme, options: BuildOptions, debate: Debate) -> bytes:
    """One edition's PDF; the one-sheet edition fits two pages or fails with what to shorten."""
    from .render import SheetOverflow, document_pdf, pdf_bytes, render_html, sheet_document

    created = debate.brief.model.as_of
    if not view.sheet:
        html = render_html(view, theme, paper=options.paper)  # fonts read from the theme, not inlined
        return pdf_bytes(html, theme, created=created, pdf_ua=options.pdf_ua)
    try:
        document = sheet_document(view, theme, paper=options.paper, pdf_ua=options.pdf_ua)
    except SheetOverflow as exc:
        raise BriefError([sheet_overflow_problem(debate, view, exc, options.paper)]) from None
    return document_pdf(document, theme, created=created, pdf_ua=options.pdf_ua)


def sheet_overflow_problem(debate: Debate, view: BriefView, exc: Any, paper: str) -> Problem:
    """Where the one-sheet edition overflows, by how much, and the longest texts it prints."""
    from .analysis import variant

    lang, model = view.lang, debate.brief.model
    texts: list[tuple[int, str, tuple[Any, ...]]] = [
        (len(variant(model.question, lang)), "the question", ("question",)),
        *((len(variant(s.model.thesis, lang)), f"the thesis of {s.id}", ("thesis",)) for s in debate.sources),
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
            for n, q in enumerate(model.questions, 1)
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
    lines = round(exc.overflow_mm / 4.2)
    message = (
        f"the {lang} one-sheet edition does not fit two {paper} pages: at its smallest type "
        f"({exc.sheet_pt:g} pt) it runs {exc.overflow_mm:.0f} mm (about {lines} lines) onto page 3; "
        f"shorten the longest texts: {'; '.join(where)}"
    )
    return marks.problem(("editions",), message)


def write_booklet(view: BriefView, theme: Theme, target: Target, out_dir: Path, options: BuildOptions) -> Path:
    """`<stem>.booklet.pdf`: the edition laid out on half-size pages, imposed to print and fold."""
    from .imposition import PAGE_SIZES, impose_booklet
    from .output import output_file, write_atomic
    from .render import pdf_bytes, render_html

    path = output_file(out_dir, f"{target.stem()}.booklet.pdf")
    html = render_html(view, theme, paper=PAGE_SIZES[options.paper], booklet=True)
    pages = pdf_bytes(html, theme, created=target.debate.brief.model.as_of)  # imposed sheets keep no tags
    write_atomic(path, impose_booklet(pages, options.paper))
    return path


def _signals_back() -> None:
    """A worker takes Ctrl-C and SIGTERM again once started (they were held while it started)."""
    import signal

    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


WorkerResult = list[Path] | list[Problem] | str  # files written, problems found, or a usage error

# Per worker process: each brief loaded once (with its earlier version) for all its editions.
_loaded: dict[Path, tuple[Debate, tuple[Revision | None, Debate | None]]] = {}


def _write_in_worker(brief_file: Path, lang: str, edition: str, out_dir: Path, options: BuildOptions) -> WorkerResult:
    """One edition in a worker process: its brief loaded again there (cheap), rendered with its fonts.

    Problems come back as data (a BriefError does not survive pickling), usage errors as text.
    """
    from .model import Edition
    from .theme import Theme
    from .validate import load_debate

    try:
        if brief_file not in _loaded:
            debate = load_debate(brief_file)
            _loaded[brief_file] = debate, earlier_version(debate, options.since)
        debate, history = _loaded[brief_file]
        target = Target(debate, lang, Edition(edition))
        return write_target(target, history, Theme(workspace_of(brief_file)), out_dir, options)
    except BriefError as exc:
        return list(exc.problems)
    except UsageError as exc:
        return f"usage: {exc}"


# Longest first, so the last edition to finish is a short one: a facilitator's plan lays out the
# most pages, the one-sheet edition is two pages (one layout when the type fits at once).
_EDITION_COST = {"facilitator": 0, "participant": 1, "sheet": 2}


def in_processes(
    chosen: Sequence[Target],
    history: Mapping[int, tuple[Revision | None, Debate | None]],
    themes: Mapping[Path, Theme],
    out_dir: Path,
    options: BuildOptions,
    workers: int,
) -> Iterator[tuple[Path, list[Path]]]:
    """Editions spread over `workers` processes, this one among them; each brief's files, in target
    order, once all of them are written.

    Editions are independent: one brief's six (two languages, three editions) keep two cores as
    busy as six briefs do. This process renders too, from the debates it has loaded, while
    `workers - 1` others take editions as they free up, forked with the renderer already
    loaded; each keeps one WeasyPrint font configuration for all it renders.
    """
    import multiprocessing
    import queue
    import signal
    import threading
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    from . import render, weasy  # noqa: F401  (loaded here once, before the workers are forked)

    # Forked from this process when it has no other thread: the workers start with WeasyPrint,
    # the models and the loaded briefs already in memory, where a fork server would import them
    # again (half a second of CPU). A process with threads (a test runner, a watcher) forks
    # nothing: a fork server with the renderer imported, else spawn.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            ["brief.build", "brief.render", "brief.analysis", "brief.validate", "brief.weasy"]
        )
    else:
        context = multiprocessing.get_context("spawn")
    todo = deque(sorted(range(len(chosen)), key=lambda i: _EDITION_COST.get(chosen[i].edition.value, 1)))
    lock = threading.Lock()
    done: queue.SimpleQueue[tuple[int, WorkerResult | BaseException]] = queue.SimpleQueue()

    def take() -> int | None:
        with lock:
            return todo.popleft() if todo else None

    pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=context, initializer=_signals_back)

    def submit_next() -> None:
        index = take()
        if index is None:
            return
        target = chosen[index]
        try:
            future = pool.submit(
                _write_in_worker, target.debate.brief.marks.file, target.lang, target.edition.value, out_dir, options
            )
        except RuntimeError as exc:  # the pool is shutting down: this build has stopped
            done.put((index, exc))
            return

        def finished(future: Future[WorkerResult], index: int = index) -> None:
            if future.cancelled():  # only once the build has stopped
                return
            error = future.exception()
            done.put((index, future.result() if error is None else error))
            if error is None:
                submit_next()

        future.add_done_callback(finished)

    results: dict[int, list[Path]] = {}
    left = len(chosen)

    def settle(
        index: int, result: list[Path] | list[Problem] | str | BaseException
    ) -> Iterator[tuple[Path, list[Path]]]:
        nonlocal left
        left -= 1
        if isinstance(result, BaseException):
            raise result
        if isinstance(result, str):
            raise UsageError(result.removeprefix("usage: "))
        if result and isinstance(result[0], Problem):
            raise BriefError([r for r in result if isinstance(r, Problem)])
        results[index] = [r for r in result if isinstance(r, Path)]
        file = chosen[index].debate.brief.marks.file
        mine = [i for i, t in enumerate(chosen) if t.debate.brief.marks.file == file]
        if all(i in results for i in mine):
            yield file, [path for i in mine for path in results[i]]

    try:
        # Ctrl-C while the fork server and the workers start would leave a worker unpickling its
        # task after this process is gone (a traceback on the terminal): it is held until they run.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for _ in range(workers - 1):
                submit_next()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        while (index := take()) is not None:
            target = chosen[index]
            written = write_target(
                target,
                history[id(target.debate)],
                themes[workspace_of(target.debate.brief.marks.file)],
                out_dir,
                options,
            )
            yield from settle(index, written)
            while True:
                try:
                    yield from settle(*done.get_nowait())
                except queue.Empty:
                    break
        while left:
            yield from settle(*done.get())
    finally:
        with lock:
            todo.clear()
        pool.shutdown(wait=True, cancel_futures=True)


def earlier_version(debate: Debate, since: str | None) -> tuple[Revision | None, Debate | None]:
    """The revision to compare with (`since`, else the brief's own `since:`) and the debate then.

    The debate is None when the brief did not exist at that revision.
    """
    from .history import RevisionError, old_debate, resolve

    spec = since or debate.brief.model.since
    if not spec:
        return None, None
    brief_file = debate.brief.marks.file
    try:
        revision = resolve(workspace_of(brief_file), spec)
    except RevisionError as exc:
        if since:
            raise UsageError(f"--since {since}: {exc}") from None
        raise BriefError([debate.brief.marks.problem(("since",), str(exc))]) from None
    return revision, old_debate(brief_file, revision)


def with_changes(view: BriefView, then: Debate | None, revision: Revision, target: Target) -> BriefView:
    """The view with its "Changes since" section, compared with the same edition then."""

    from .analysis import analyse
    from .changes import compare, marked

    before = None
    if then is not None:
        try:
            before = analyse(then, target.lang, target.edition)
        except KeyError:  # the brief then had no texts in this language
            raise BriefError(
                [
                    target.debate.brief.marks.problem(
                        ("since",),
                        f"the version at {revision.spec} has no {target.lang!r} texts to compare with; "
                        "choose a later revision",
                    )
                ]
            ) from None
    since = revision.asked_date or revision.date
    return marked(view, compare(before, view, revision.spec, revision.short, revision.date, since))
