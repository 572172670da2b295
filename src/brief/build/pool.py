"""Editions spread over worker processes: forked with the renderer loaded, each brief loaded once per worker."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.editions import write_target
from brief.build.options import BuildOptions
from brief.build.since import earlier_version
from brief.build.targets import Target, workspace_of
from brief.errors import BriefError, Problem, UsageError
from brief.model.enums import Edition
from brief.model.validate import load_debate
from brief.theme.search import Theme

if TYPE_CHECKING:
    from brief.model.enums import Edition
    from brief.model.revisions import Revision
    from brief.model.validate import Debate
    from brief.theme.search import Theme


def _signals_back() -> None:
    """A worker takes Ctrl-C and SIGTERM again once started (they were held while it started)."""
    import signal

    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


WorkerResult = list[Path] | list[Problem] | str  # files written, problems found, or a usage error

# Per worker process: each brief loaded once (with its earlier version) for all its editions.
_loaded: dict[Path, tuple[Debate, tuple[Revision | None, Debate | None]]] = {}


def _write_in_worker(
    brief_file: Path, lang: str, edition: str, side: str | None, out_dir: Path, options: BuildOptions
) -> WorkerResult:
    """One edition in a worker process: its brief loaded again there (cheap), rendered with its fonts.

    Problems come back as data (a BriefError does not survive pickling), usage errors as text.
    """
    try:
        if brief_file not in _loaded:
            debate = load_debate(brief_file, texts=True)
            _loaded[brief_file] = debate, earlier_version(debate, options.since)
        debate, history = _loaded[brief_file]
        target = Target(debate, lang, Edition(edition), side)
        return write_target(target, history, Theme(workspace_of(brief_file)), out_dir, options)
    except BriefError as exc:
        return list(exc.problems)
    except UsageError as exc:
        return f"usage: {exc}"


# Longest first, so the last edition to finish is a short one: a facilitator's plan lays out the
# most pages, the one-sheet edition is two pages (one layout when the type fits at once).
_EDITION_COST = {"facilitator": 0, "participant": 1, "sheet": 2, "questionnaire": 2, "review": 1}


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
            [
                "brief.build.targets",
                "brief.render.html",
                "brief.views.analysis",
                "brief.model.validate",
                "brief.render.weasy",
            ]
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
                _write_in_worker,
                target.debate.brief.marks.file,
                target.lang,
                target.edition.value,
                target.side,
                out_dir,
                options,
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
