"""Many briefs: --jobs spreads their PDFs over processes with the same result (HTML alone is
built in one process); a progress bar shows only to a person at a terminal."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.helpers import run_brief
from tests.processes import fork_brief, forked_brief, waited
from tests.workspaces import SAMPLE_BRIEF

COPIES = ("alpha", "beta", "gamma")
ONE = ("--lang", "en", "--edition", "participant")  # one edition of each brief is enough here


@pytest.fixture
def many(workspace: Path) -> Path:
    """The sample workspace with three more briefs (copies of the sample under other names)."""
    for name in COPIES:
        shutil.copy(workspace / "briefs" / f"{SAMPLE_BRIEF}.yaml", workspace / "briefs" / f"{name}.yaml")
    return workspace


def test_jobs_write_what_one_process_writes(many: Path, sample_build: Path) -> None:
    """Two briefs' questionnaires over two processes: each the very bytes of the sample's as the
    run's shared build wrote it in one process (the copy differs from it only in name), though
    built in another folder, in another workspace and at least a second later. (The questionnaire:
    the one-sheet layout, sized to fit and then given its box, at the least cost of any edition.)"""
    built_ago = time.time() - (sample_build.parent / "done").stat().st_mtime
    time.sleep(max(0.0, 1.1 - built_ago))
    args = ("--lang", "en", "--edition", "questionnaire", "--out-dir", "two", "--jobs", "2")
    names = sorted([COPIES[0], SAMPLE_BRIEF])
    files = [f"briefs/{name}.yaml" for name in names]
    two = run_brief("build", *files, *args, cwd=many)
    assert two.returncode == 0, two.stderr
    assert sorted(two.stdout.splitlines()) == [f"wrote two/{n}.en.questionnaire.pdf" for n in names]
    one = (sample_build / f"{SAMPLE_BRIEF}.en.questionnaire.pdf").read_bytes()
    for name in names:
        assert (many / "two" / f"{name}.en.questionnaire.pdf").read_bytes() == one, name
    again = run_brief("build", *files, *args, cwd=many)
    assert sorted(again.stdout.splitlines()) == [f"up to date: two/{n}.en.questionnaire.pdf" for n in names]


def no_worker_processes() -> None:
    """In the build's process: starting a pool of worker processes fails the build loudly."""
    import concurrent.futures

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool of worker processes was started")

    concurrent.futures.ProcessPoolExecutor = refuse  # type: ignore[assignment,misc]


def test_html_alone_is_built_in_one_process(tiny_ws: Path) -> None:
    """HTML renders faster than a worker process starts: --jobs starts none for it, and the same
    build with PDFs does (the check itself is seen to work)."""
    html = forked_brief(["build", "--format", "html", "--jobs", "2"], cwd=tiny_ws, prepare=no_worker_processes)
    assert html.returncode == 0, html.stderr
    assert html.stdout.splitlines() == ["wrote build/debate.en.html", "wrote build/debate.en.facilitator.html"]
    pdf = forked_brief(["build", "--jobs", "2"], cwd=tiny_ws, prepare=no_worker_processes)
    assert pdf.returncode != 0 and "a pool of worker processes was started" in pdf.stderr


def test_jobs_with_one_bad_brief_build_the_others(many: Path) -> None:
    brief = many / "briefs" / "beta.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("\ntopics:", "\ntopix:", 1), encoding="utf-8")
    result = run_brief("build", "--format", "html", "--jobs", "2", "--lang", "en", cwd=many)
    assert result.returncode == 1
    assert "briefs/beta.yaml:" in result.stderr and "unknown key 'topix'" in result.stderr
    assert result.stderr.splitlines()[-1].endswith("not built: briefs/beta.yaml.")
    assert "Traceback" not in result.stderr
    assert not list((many / "build").glob("beta.*"))  # the broken brief writes nothing...
    assert (many / "build" / "alpha.en.html").is_file() and (many / "build" / "gamma.en.html").is_file()  # ...alone


def run_on_a_terminal(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run brief with stderr on a pseudo-terminal (as a person sees it) and stdout on a pipe, in a
    process forked from this one (what a terminal changes is decided at run time, not at import)."""
    controller, terminal = pty.openpty()
    out_read, out_write = os.pipe()
    with open(os.devnull, "rb") as nothing:
        pid = fork_brief(
            list(args),
            cwd=cwd,
            streams=(nothing.fileno(), out_write, terminal),
            env={"TERM": "xterm-256color", "COLUMNS": "100"},
            close=(controller, out_read, out_write, terminal),
        )
    os.close(terminal)
    os.close(out_write)
    read = {controller: b"", out_read: b""}
    reading = set(read)
    deadline = time.monotonic() + 300
    while reading and time.monotonic() < deadline:  # until brief has closed both
        for fd in select.select(list(reading), [], [], 0.1)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # a terminal whose other side is closed
                chunk = b""
            read[fd] += chunk
            if not chunk:
                reading.discard(fd)
    if reading:
        os.kill(pid, signal.SIGKILL)
    status = waited(pid, 60)
    os.close(controller)
    os.close(out_read)
    assert not reading, "brief never ended"
    return status, read[out_read].decode(), read[controller].decode(errors="replace")


@pytest.mark.long(3)
def test_progress_bar_on_a_terminal_only(many: Path) -> None:
    code, out, terminal = run_on_a_terminal(many, "build", "--format", "html", *ONE)
    assert code == 0
    assert "building briefs" in terminal and "4/4" in terminal
    assert out.count("wrote ") == 4

    piped = run_brief("build", "--format", "html", "--force", *ONE, cwd=many)
    assert piped.returncode == 0 and piped.stderr == ""

    code, out, terminal = run_on_a_terminal(many, "build", "--format", "html", "--force", "--quiet", *ONE)
    assert code == 0 and out == "" and terminal == ""


def test_the_editions_of_one_brief_spread_over_processes_write_what_one_process_writes(
    workspace: Path, sample_build: Path
) -> None:
    """The sample's two questionnaires over two processes: the very files, said in the very order,
    of the run's shared build in one process."""
    args = ("--format", "both", "--edition", "questionnaire", "--out-dir", "two", "--jobs", "2")
    two = run_brief("build", *args, cwd=workspace)
    assert two.returncode == 0, two.stderr
    # One brief: its files are said together once all its editions are written, in the same order.
    one_said = (sample_build.parent / "done").read_text(encoding="utf-8").splitlines()
    said = [line for line in one_said if ".questionnaire." in line]
    assert len(said) == 4 and two.stdout.replace("two/", "build/").splitlines() == said
    names = sorted(p.name for p in (workspace / "two").glob(f"{SAMPLE_BRIEF}.*"))
    assert len(names) == 4  # two languages, as HTML and PDF
    for name in names:
        assert (workspace / "two" / name).read_bytes() == (sample_build / name).read_bytes(), name
