"""One build: every chosen edition of every chosen brief, written atomically.

This module only strings the pipeline together (load -> validate -> analyse -> render);
each arrow lives in its own module.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import BriefError, Problem, UsageError, display_path
from .out_guard import clashing_outputs, remove_stale_temporaries
from .uptodate import Manifest, Record, options_key
from .workspace import root_of, yaml_files

if TYPE_CHECKING:
    from .analysis import BriefView
    from .history import Revision
    from .model import Edition
    from .render import Theme
    from .validate import Debate

# The pipeline modules (pydantic, Jinja, WeasyPrint) are imported where they are used, so
# that finding every output up to date costs no more than reading a few files.

Format = Literal["pdf", "html", "both"]
Imposition = Literal["booklet"] | None


@dataclass(frozen=True)
class Target:
    """One file to write: a brief in one language and one edition."""

    debate: Debate
    lang: str
    edition: Edition

    def names(self, fmt: Format) -> list[str]:
        """The files this target writes in the output folder."""
        return [f"{self.stem()}.{ext}" for ext in ("html", "pdf") if fmt in (ext, "both")]

    def stem(self) -> str:
        """`<brief>.<lang>` for the participant dossier, `<brief>.<lang>.<edition>` for the others."""
        suffix = "" if self.edition.value == "participant" else f".{self.edition.value}"
        return f"{self.debate.id}.{self.lang}{suffix}"


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
    """What to write: the languages and editions each brief declares, narrowed by the options."""
    out = []
    for debate in debates:
        model = debate.brief.model
        for lang in langs or model.languages:
            if lang not in model.languages:
                raise UsageError(
                    f"{debate.id} declares languages {', '.join(model.languages)}; --lang {lang} is not one"
                )
        for edition in editions or model.editions:
            if edition not in model.editions:
                raise UsageError(
                    f"{debate.id} declares editions {', '.join(e.value for e in model.editions)}; "
                    f"--edition {edition.value} is not one"
                )
        out += [Target(debate, lang, ed) for lang in (langs or model.languages) for ed in (editions or model.editions)]
    return out


@dataclass(frozen=True)
class BriefBuilt:
    """One brief's outcome: the files it wrote, or found up to date and left alone."""

    brief: Path
    outputs: tuple[Path, ...]
    skipped: bool


def theme_folders(theme: Theme, workspace: Path) -> list[Path]:
    """The folders whose files shape the output, with the workspace's `templates/` even if absent."""
    own = workspace / "templates"
    return [*theme.dirs, *([] if own.resolve() in theme.dirs else [own])]


def build(
    files: Sequence[Path],
    out_dir: Path,
    *,
    fmt: Format = "pdf",
    langs: Sequence[str] | None = None,
    editions: Sequence[str] | None = None,
    paper: str = "A4",
    force: bool = False,
    since: str | None = None,
    jobs: int = 1,
    pdf_ua: bool = False,
    imposition: Imposition = None,
) -> Iterator[BriefBuilt]:
    """Build the targets of the given brief files, yielding each brief's outcome as it is done.

    A brief whose inputs and outputs are as the last build into `out_dir` left them is
    skipped (unless `force`). Everything else is loaded and checked before the first file
    is written: a brief with bad input writes nothing, the valid ones are built, and then
    NotBuilt names the others with their problems. `since` (else a brief's own `since:`) adds the
    changes since that git revision or date. `jobs` > 1 spreads the briefs over processes.
    `imposition="booklet"` also writes each PDF as a booklet to print and fold.
    """
    # Every option that changes what is written belongs in this key.
    options: dict[str, Any] = {
        "format": fmt,
        "langs": list(langs) if langs else None,
        "editions": [str(e) for e in editions] if editions else None,
        "paper": paper,
        "since": since,
        "pdf_ua": pdf_ua,
        "imposition": imposition,
    }
    manifest = Manifest(out_dir)
    stale = []
    for file in files:
        outputs = None if force else manifest.up_to_date(options_key(file, options))
        if outputs is None:
            stale.append(file)
        else:
            yield BriefBuilt(file, outputs, skipped=True)
    if not stale:
        return

    from .model import Edition
    from .render import Theme, ensure_out_dir
    from .theme_guard import theme_problems

    debates, problems, failed = load_all(stale)
    if not debates:
        raise NotBuilt(problems, failed)
    chosen = targets(debates, langs, [Edition(e) for e in editions] if editions else None)
    themes = {workspace: Theme(workspace) for workspace in {workspace_of(d.brief.marks.file) for d in debates}}
    # Two briefs writing one file, a theme reaching outside itself: no brief of this build is written.
    outputs = [(t.debate.brief.marks.file, name) for t in chosen for name in t.names(fmt)]
    blocking = clashing_outputs(outputs, out_dir, manifest)
    blocking += [p for theme in themes.values() for p in theme_problems(theme.dirs)]
    if blocking:
        raise BriefError([*problems, *blocking])
    history = {id(debate): earlier_version(debate, since) for debate in debates}
    ensure_out_dir(out_dir)
    remove_stale_temporaries(out_dir)  # left by a build that was killed while writing
    job = Job(out_dir, fmt, tuple(langs or ()), tuple(editions or ()), paper, since, pdf_ua, imposition)
    if jobs > 1 and len(debates) > 1:
        done = in_processes([d.brief.marks.file for d in debates], job, jobs)
    else:
        done = (
            (
                debate.brief.marks.file,
                write_brief(debate, [t for t in chosen if t.debate is debate], history[id(debate)], job),
            )
            for debate in debates
        )
    by_file = {d.brief.marks.file: d for d in debates}
    unrecorded: BriefError | None = None  # the manifest could not be written: said once the files are
    for brief_file, written in done:
        debate = by_file[brief_file]
        workspace = workspace_of(brief_file)
        key = options_key(brief_file, options)
        revision, _ = history[id(debate)]
        revisions = [] if revision is None else [(workspace, revision.spec, revision.commit)]
        theme = themes[workspace]
        manifest.remember(
            key, Record.of(debate.files, theme_folders(theme, workspace), written, revisions, brief=brief_file)
        )
        try:
            manifest.save()
        except BriefError as exc:
            unrecorded = exc
        yield BriefBuilt(brief_file, tuple(written), skipped=False)
    if problems:
        raise NotBuilt([*problems, *(unrecorded.problems if unrecorded else [])], failed)
    if unrecorded is not None:
        raise unrecorded


@dataclass(frozen=True)
class Job:
    """What every brief of one build shares: where to write, and the options (picklable)."""

    out_dir: Path
    fmt: Format
    langs: tuple[str, ...]
    editions: tuple[str, ...]
    paper: str
    since: str | None
    pdf_ua: bool = False
    imposition: Imposition = None


def write_brief(
    debate: Debate, chosen: Sequence[Target], history: tuple[Revision | None, Debate | None], job: Job
) -> list[Path]:
    """Render and write every chosen edition of one brief; returns the files written."""
    from .analysis import analyse
    from .render import Theme, output_file, write_atomic

    theme = Theme(workspace_of(debate.brief.marks.file))
    revision, then = history
    written: list[Path] = []
    for target in chosen:
        view = analyse(target.debate, target.lang, target.edition)
        if revision is not None:
            view = with_changes(view, then, revision, target)
        if view.facilitator:
            view = dataclasses.replace(view, handout_minutes=handout_minutes(debate, target.lang, theme, job.paper))
        if job.fmt in ("html", "both"):
            path = output_file(job.out_dir, f"{target.stem()}.html")
            write_atomic(path, edition_html(view, theme, job, standalone=True))
            written.append(path)
        if job.fmt in ("pdf", "both"):
            path = output_file(job.out_dir, f"{target.stem()}.pdf")
            write_atomic(path, edition_pdf(view, theme, job, debate))
            written.append(path)
            if job.imposition == "booklet" and not view.sheet:  # a sheet is already one sheet
                written.append(write_booklet(view, theme, target, job))
    return written


def handout_minutes(debate: Debate, lang: str, theme: Theme, paper: str) -> int:
    """The participants' reading time, for the facilitator's agenda: the sheet's if the brief has
    one, else the dossier's."""
    from .analysis import analyse
    from .model import Edition
    from .render import reading_minutes, render_html

    handout = Edition.sheet if Edition.sheet in debate.brief.model.editions else Edition.participant
    return reading_minutes(render_html(analyse(debate, lang, handout), theme, paper=paper))


def edition_html(view: BriefView, theme: Theme, job: Job, *, standalone: bool) -> str:
    from .render import render_html

    return render_html(view, theme, paper=job.paper, standalone=standalone)


def edition_pdf(view: BriefView, theme: Theme, job: Job, debate: Debate) -> bytes:
    """One edition's PDF; the one-sheet edition fits two pages or fails with what to shorten."""
    from .render import SheetOverflow, document_pdf, pdf_bytes, render_html, sheet_document

    created = debate.brief.model.as_of
    if not view.sheet:
        html = render_html(view, theme, paper=job.paper)  # fonts read from the theme, not inlined
        return pdf_bytes(html, theme, created=created, pdf_ua=job.pdf_ua)
    try:
        document, _ = sheet_document(view, theme, paper=job.paper, pdf_ua=job.pdf_ua)
    except SheetOverflow as exc:
        raise BriefError([sheet_overflow_problem(debate, view, exc, job.paper)]) from None
    return document_pdf(document, theme, created=created, pdf_ua=job.pdf_ua)


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


def write_booklet(view: BriefView, theme: Theme, target: Target, job: Job) -> Path:
    """`<stem>.booklet.pdf`: the edition laid out on half-size pages, imposed to print and fold."""
    from .imposition import PAGE_SIZES, impose_booklet
    from .render import output_file, pdf_bytes, render_html, write_atomic

    path = output_file(job.out_dir, f"{target.stem()}.booklet.pdf")
    html = render_html(view, theme, paper=PAGE_SIZES[job.paper], booklet=True)
    pages = pdf_bytes(html, theme, created=target.debate.brief.model.as_of)  # imposed sheets keep no tags
    write_atomic(path, impose_booklet(pages, job.paper))
    return path


def _write_in_worker(brief_file: Path, job: Job) -> list[Path] | list[Problem] | str:
    """One brief in a worker process: loaded again there (cheap), rendered with its fonts.

    Problems come back as data (a BriefError does not survive pickling), usage errors as text.
    """
    from .model import Edition
    from .validate import load_debate

    try:
        debate = load_debate(brief_file)
        chosen = targets([debate], job.langs or None, [Edition(e) for e in job.editions] or None)
        return write_brief(debate, chosen, earlier_version(debate, job.since), job)
    except BriefError as exc:
        return list(exc.problems)
    except UsageError as exc:
        return f"usage: {exc}"


def in_processes(files: Sequence[Path], job: Job, jobs: int) -> Iterator[tuple[Path, list[Path]]]:
    """Briefs spread over `jobs` worker processes, each brief's files as it is done.

    Workers come from a fork server (spawn where there is none) with the renderer already
    imported; each keeps one WeasyPrint font configuration for all the briefs it renders.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["brief.build", "brief.render", "brief.analysis", "weasyprint"])
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=context)
    try:
        pending = {pool.submit(_write_in_worker, file, job): file for file in files}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                file = pending.pop(future)
                result = future.result()
                if isinstance(result, str):
                    raise UsageError(result.removeprefix("usage: "))
                if result and isinstance(result[0], Problem):
                    raise BriefError(result)  # type: ignore[arg-type]
                yield file, result  # type: ignore[misc]
    finally:
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
    import dataclasses

    from .analysis import analyse
    from .changes import compare

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
    changes = compare(before, view, revision.spec, revision.short, revision.date, since)
    return dataclasses.replace(view, changes=changes)
