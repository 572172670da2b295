"""Many briefs: --jobs spreads them over processes with the same result; a progress bar shows
only to a person at a terminal."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import SAMPLE_BRIEF, run_brief

COPIES = ("alpha", "beta", "gamma")
ONE = ("--lang", "en", "--edition", "participant")  # one edition of each brief is enough here


@pytest.fixture
def many(workspace: Path) -> Path:
    """The sample workspace with three more briefs (copies of the sample under other names)."""
    for name in COPIES:
        shutil.copy(workspace / "briefs" / f"{SAMPLE_BRIEF}.yaml", workspace / "briefs" / f"{name}.yaml")
    return workspace


def test_jobs_write_what_one_process_writes(many: Path) -> None:
    one = run_brief("build", "--format", "html", *ONE, "--out-dir", "one", cwd=many)
    two = run_brief("build", "--format", "html", *ONE, "--out-dir", "two", "--jobs", "2", cwd=many)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    names = sorted([*COPIES, SAMPLE_BRIEF])
    assert sorted(two.stdout.splitlines()) == [f"wrote two/{n}.en.html" for n in names]
    for name in names:
        assert (many / "two" / f"{name}.en.html").read_text(encoding="utf-8") == (
            many / "one" / f"{name}.en.html"
        ).read_text(encoding="utf-8")
    again = run_brief("build", "--format", "html", *ONE, "--out-dir", "two", "--jobs", "2", cwd=many)
    assert sorted(again.stdout.splitlines()) == [f"up to date: two/{n}.en.html" for n in names]


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
    """Run brief with stderr on a pseudo-terminal (as a person sees it) and stdout on a pipe."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "brief", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=terminal, env=env
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is gone
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(controller)
    out = proc.stdout.read().decode() if proc.stdout else ""
    return proc.wait(timeout=60), out, seen.decode(errors="replace")


@pytest.mark.long(3)
def test_progress_bar_on_a_terminal_only(many: Path) -> None:
    code, out, terminal = run_on_a_terminal(many, "build", "--format", "html", *ONE)
    assert code == 0
    assert "building briefs" in terminal and "4/4" in terminal
    assert out.count("wrote ") == 4

    piped = run_brief("build", "--format", "html", "--force", cwd=many)
    assert piped.returncode == 0 and piped.stderr == ""

    code, out, terminal = run_on_a_terminal(many, "build", "--format", "html", "--force", "--quiet")
    assert code == 0 and out == "" and terminal == ""


def test_the_editions_of_one_brief_spread_over_processes_write_what_one_process_writes(workspace: Path) -> None:
    one = run_brief("build", "--format", "html", "--out-dir", "one", "--jobs", "1", cwd=workspace)
    two = run_brief("build", "--format", "html", "--out-dir", "two", "--jobs", "3", cwd=workspace)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    # One brief: its files are said together once all its editions are written, in the same order.
    assert two.stdout.replace("two/", "one/") == one.stdout
    names = sorted(p.name for p in (workspace / "one").glob("*.html"))
    assert len(names) == 6  # two languages, three editions
    for name in names:
        assert (workspace / "two" / name).read_text(encoding="utf-8") == (workspace / "one" / name).read_text(
            encoding="utf-8"
        )
