"""How the suite runs fast on two cores, in one place; a test never needs to read this.

Each trick was measured (see the developer guide's Tests page) and each has a test of its own in
tests/test_processes.py, so a broken one fails an assertion instead of hanging the run:

- `fork_brief` / `forked_brief`: brief runs in a child forked from the test process, where brief,
  WeasyPrint and the models are imported already, instead of a fresh interpreter each time
  (Python's start-up and the imports cost a second of CPU per run). The child is set up as a
  fresh one would be: its folder, environment, signal handlers, standard streams and
  multiprocessing helpers of its own; `gc.freeze` before the fork spares copying pages for the
  child's collector. It always ends with `os._exit`.
- `warm_renderer`: each worker builds one small PDF in its own process before it forks anything,
  so that every child starts with WeasyPrint's per-process caches filled (cffi's parsed C types
  alone are half a second of CPU per cold process).
- `waited`: a forked child is waited for with a deadline, killed past it (TimeoutExpired), as
  `subprocess.run(timeout=)` does, so that a child that hangs fails its test.
- `shared_build`: the sample (and the other `SHARED_BUILDS`) is built once per run for every
  xdist worker (a file lock, the first process builds), and `shared_result` keeps one reading of
  each of its PDFs as JSON. `start_shared_builds` starts the builds the run's tests ask for in
  the background as the run starts, shared out among the workers, so that no worker's core waits
  idle on another's build.
- `record_cards`: in that build, which pages each card of a laid-out document is on.
- pytest hooks: the longest tests first (`@pytest.mark.long`), those reading a shared build
  last, the garbage collector tuned for WeasyPrint's young objects, xdist workers ended with
  `os._exit` once every result is sent, and WeasyPrint's font configurations released before the
  interpreter's exit.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.workspaces import copy_workspace, tiny_workspace, views_workspace


def ctrl_c_works() -> None:
    """Give the child the default SIGINT handling a terminal's Ctrl-C reaches.

    A shell ignores SIGINT in the jobs it starts in the background, and children inherit
    that, so a test suite run in the background would otherwise see Ctrl-C do nothing; and a
    terminal's command starts with no signal blocked, whatever the test process holds.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def forked_brief(
    args: list[str],
    *,
    cwd: Path,
    input: str | None = None,
    timeout: float = 300,
    prepare: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m brief ARGS` in a child forked from this process: its own pid, folder, standard
    streams (files, as pipes would be), signal handlers and exit status, and brief's own entry
    point (`brief.__main__.run`, which ends the process with `os._exit`). What differs from a
    cold start is only what was imported already and the caches keyed by file contents.
    `prepare` runs in the child just before brief does (to watch what the run lays out).
    """
    import io
    import locale
    import tempfile

    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin.write((input or "").encode())
        stdin.flush()
        stdin.seek(0)
        pid = fork_brief(args, cwd=cwd, streams=(stdin.fileno(), out.fileno(), err.fileno()), prepare=prepare)
        code = waited(pid, timeout, ["brief", *args])

        def text(file: object) -> str:  # decoded with universal newlines, as subprocess.run(text=True)
            file.seek(0)  # type: ignore[attr-defined]
            return io.TextIOWrapper(io.BytesIO(file.read()), encoding=locale.getpreferredencoding(False)).read()  # type: ignore[attr-defined]

        return subprocess.CompletedProcess(["brief", *args], code, text(out), text(err))


def waited(pid: int, timeout: float = 120, what: list[str] | None = None) -> int:
    """The exit code of a forked child once it ends; past `timeout` seconds it is killed and
    TimeoutExpired raised, so that a child that hangs fails its test instead of stalling the run."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired(what or [f"process {pid}"], timeout)
        time.sleep(0.002)


def fork_brief(
    args: list[str],
    *,
    cwd: Path,
    streams: tuple[int, int, int],
    prepare: Callable[[], None] | None = None,
    main: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    close: tuple[int, ...] = (),
) -> int:
    """Start `python -m brief ARGS` (or `main`, such as serve's PDF worker) in a child forked from
    this process, its standard streams on the given file descriptors; returns its pid, unwaited.

    The child is set up as a fresh interpreter would be: its folder, environment, default signal
    handlers, multiprocessing helpers of its own, new standard stream objects. `close` names this
    process's descriptors the child must not keep (the other end of a pipe it reads, which would
    otherwise never end). It always ends with `os._exit`: SystemExit's status, 0 when `main`
    returns, or a traceback on its stderr and status 70 when `main` raises.
    """
    import gc
    import io
    import locale
    import multiprocessing.forkserver
    import multiprocessing.resource_tracker
    import traceback
    import warnings

    import brief.__main__
    import brief.build.run
    import brief.cli.commands
    import brief.commands.check
    import brief.render.weasy

    sys.stdout.flush()
    sys.stderr.flush()
    pid = -1
    gc.freeze()  # the child's collector leaves this process's objects alone: no page copied for it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "fork() with threads": the child runs no thread
            pid = os.fork()
    finally:
        if pid != 0:
            gc.unfreeze()
    if pid != 0:
        return pid
    try:  # the child: never returns
        for fd, standard in zip(streams, (0, 1, 2), strict=True):
            os.dup2(fd, standard)
        for fd in close:
            os.close(fd)
        os.chdir(cwd)
        os.environ.update(env or {})
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # multiprocessing's helper processes belong to the parent: this process starts its own
        multiprocessing.forkserver._forkserver.__init__()  # type: ignore[attr-defined]
        multiprocessing.resource_tracker._resource_tracker.__init__()  # type: ignore[attr-defined]
        encoding = locale.getpreferredencoding(False)
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "rb", closefd=False)), encoding=encoding)
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "wb", closefd=False)), encoding=encoding)
        sys.stderr = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(2, "wb", closefd=False)),
            encoding=encoding,
            errors="backslashreplace",
            line_buffering=True,
        )
        sys.argv = [brief.__main__.__file__, *args]
        if prepare is not None:
            prepare()
        status = 0
        try:
            (main or brief.__main__.run)()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(70)


def warm_renderer(folder: Path) -> None:
    """Build one PDF (the tiny workspace's participant edition) in this process, before it forks.

    WeasyPrint fills caches the first time a process lays out and writes a PDF: cffi parses each C
    type it is asked for (about 10 ms each, half a second for a build), the theme's font
    configuration is made, its stylesheet parsed. A child forked from a process that has done it
    once starts with them filled, as a build's later editions do, and is half a second faster.
    """
    from tests.helpers import invoke  # tests.helpers imports this module

    result = invoke("build", "-q", "-e", "participant", cwd=tiny_workspace(folder))
    assert result.returncode == 0, result.stderr


@dataclass(frozen=True)
class SharedBuild:
    """A workspace built once by the real CLI for the whole run (see `shared_build`)."""

    name: str  # its folder: shared-<name>
    args: tuple[str, ...]  # `brief build ARGS`
    make: Callable[[Path], Path] = copy_workspace  # makes the workspace in a folder; the sample by default


def shared_build(tmp_path_factory: pytest.TempPathFactory, spec: SharedBuild) -> Path:
    """A workspace (the sample unless `spec.make` gives another) built once by the real CLI for the
    whole run, however many xdist workers share it; what the build printed is in `done` beside it.

    The first process to get the lock builds into a folder beside every worker's own temporary
    folder (usually the background builder `start_shared_builds` started); the others wait for it
    and read the same files (tests only read them). A module-scoped fixture would not do:
    pytest-xdist's work stealing interleaves modules, and pytest builds a module's fixture again
    each time its tests come back to a worker.
    """
    import fcntl

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    folder = root / f"shared-{spec.name}"
    with open(root / f"shared-{spec.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            ws = spec.make(folder)
            result = forked_brief(
                ["build", *spec.args], cwd=ws, prepare=functools.partial(record_cards, folder / "cards")
            )
            assert result.returncode == 0, result.stderr
            (folder / "done").write_text(result.stdout, encoding="utf-8")
    return folder / "build"


# The workspaces built once per run, by the name of the fixture that gives each one's output folder
# (tests/conftest.py).
SHARED_BUILDS = {
    "sample_build": SharedBuild("a4", ("--format", "both", "--jobs", "1")),
    "letter_build": SharedBuild("letter", ("--format", "both", "--paper", "letter", "--pdf-ua", "--jobs", "1")),
    "views_build": SharedBuild("views", ("--format", "both", "-e", "sheet", "-e", "participant"), views_workspace),
}

_builders: list[int] = []  # the background builders this process started, waited for at the end


def shared_reads(item: pytest.Item, builds: Mapping[str, SharedBuild] = SHARED_BUILDS) -> set[str]:
    """The shared builds a test reads: fixtures it asks for by name, or through a parameter that
    names the fixture (`request.getfixturevalue(build)`)."""
    named = set(getattr(item, "fixturenames", ()))
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        named |= {value for value in callspec.params.values() if isinstance(value, str)}
    return named & builds.keys()


def start_shared_builds(
    items: list[pytest.Item],
    tmp_path_factory: pytest.TempPathFactory,
    builds: Mapping[str, SharedBuild] = SHARED_BUILDS,
) -> None:
    """Start, in a child of this process, the shared builds the run's tests ask for (by fixture
    name) that fall to this worker (the i-th worker takes every n-th), while it goes on with tests.

    Without it the first test to ask for a build made it with the test process's core while every
    other test asking for it, on the other worker, waited with its core idle: about 10 s of the
    default run's wall time at the start. A builder that fails leaves no `done`: the first test that
    asks for that build makes it again and fails with what brief said.
    """
    wanted = [spec for fixture, spec in builds.items() if any(fixture in shared_reads(item, builds) for item in items)]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index, count = int(worker.removeprefix("gw")), int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    mine = wanted[index::count]
    if not mine:
        return
    tmp_path_factory.getbasetemp()  # made here, once: the builder must use this process's folder

    def build_mine() -> None:
        for spec in mine:
            shared_build(tmp_path_factory, spec)

    _builders.append(fork_brief([], cwd=Path.cwd(), streams=(0, 1, 2), main=build_mine))


CARDS = frozenset({"point", "expert", "provenance", "clash-row"})  # what must sit whole on one page


def record_cards(into: Path) -> None:
    """In the build of a shared sample: as each PDF is written, note the pages every card of its
    laid-out document is on, as `<lang>.<edition>.json` in `into` (see `cards_of`)."""
    import json

    import brief.build.editions
    import brief.render.pdf

    write = brief.render.pdf.document_pdf

    def document_pdf(document: Any, *args: Any, **kwargs: Any) -> bytes:
        pages_of: dict[int, list[int]] = {}
        names: dict[int, str] = {}
        lang = edition = ""
        for number, page in enumerate(document.pages, 1):
            for box in page._page_box.descendants():
                element = getattr(box, "element", None)
                if element is None:
                    continue
                classes = (element.get("class") or "").split()
                if element.tag == "html":
                    lang = element.get("lang")
                elif element.tag == "body":
                    edition = next(c.removeprefix("edition-") for c in classes if c.startswith("edition-"))
                elif not CARDS.isdisjoint(classes):
                    pages = pages_of.setdefault(id(element), [])
                    if number not in pages:
                        pages.append(number)
                    names[id(element)] = f"<{element.tag} class={' '.join(classes)}>"
        into.mkdir(exist_ok=True)
        cards = [{"card": names[k], "pages": v} for k, v in pages_of.items()]
        (into / f"{lang}.{edition}.json").write_text(json.dumps(cards), encoding="utf-8")
        return write(document, *args, **kwargs)

    # where it is looked up: by pdf_bytes (dossiers) and by the one-sheet edition
    brief.render.pdf.document_pdf = brief.build.editions.document_pdf = document_pdf


def shared_result(pdf: Path, kind: str, read: Callable[[Path], dict[str, Any]]) -> Any:
    """One kind of a PDF's reading (`read(pdf)[kind]`): for a PDF of a shared build (`shared_build`),
    read once per run by whichever xdist worker asks first and kept as JSON beside the build."""
    if not pdf.parent.parent.name.startswith("shared-"):
        return read(pdf)[kind]
    import fcntl
    import json

    cache = pdf.parent.parent / "read" / f"{pdf.name}.json"  # read_pdf's whole reading: one pass, every kind
    cache.parent.mkdir(exist_ok=True)
    with open(cache.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cache.is_file():
            cache.write_text(json.dumps(read(pdf)), encoding="utf-8")
        return json.loads(cache.read_text(encoding="utf-8"))[kind]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Reap the background builders; then, in a run without workers, release WeasyPrint's font
    configurations while the interpreter still has its modules: left to the interpreter's exit,
    their `__del__` finds the modules gone and prints a traceback."""
    import gc

    for pid in _builders:
        waited(pid, 300, ["shared builds"])
    if "PYTEST_XDIST_WORKER" in os.environ:
        return  # a worker ends with os._exit (pytest_configure): no finalizer runs, nothing to release
    pdf, guard = sys.modules.get("brief.render.pdf"), sys.modules.get("brief.render.fonts")
    if pdf is not None:
        pdf._stylesheet.cache_clear()  # a parsed stylesheet keeps the configuration it was loaded into
    if guard is not None:
        guard.private_font_config.cache_clear()
        gc.collect()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first, longest of all at the head (`@pytest.mark.long(seconds)`), the rest
    in their order, and the tests that read a shared build last, once the background builders
    (`start_shared_builds`) are done. Each xdist worker starts on its own slice of this list and
    takes from the other once its own is done, so short tests fill the end of the run on both
    cores; a long test met last kept one core busy for seconds after the other had finished."""

    def order(item: pytest.Item) -> tuple[bool, float]:
        mark = item.get_closest_marker("long")
        return bool(shared_reads(item)), -float(mark.args[0]) if mark is not None else 0.0

    items.sort(key=order)  # stable: tests of equal length keep their order


def pytest_collection_finish(session: pytest.Session) -> None:
    """WeasyPrint's layouts make young objects by the million: the collector looks at them less
    often. Nothing is frozen for the run: with every long-lived object frozen, CPython counts none
    as long-lived and makes each full pass it would otherwise skip, about a tenth slower."""
    import gc

    gc.collect()
    gc.set_threshold(20_000, 20, 20)


def pytest_configure(config: pytest.Config) -> None:
    """A pytest-xdist worker ends at once when its interpreter comes to exit: by then it has sent
    every result and run every hook, and the atexit handlers registered after this one (those of
    multiprocessing, tempfile, the libraries the tests import) have run. Left to tear down a heap
    holding WeasyPrint, spaCy and hypothesis piece by piece, it kept the whole run waiting 1-2 s."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        import atexit

        def end_now() -> None:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

        atexit.register(end_now)
