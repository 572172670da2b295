"""The suite's own machinery (tests.processes) does what its docstring says, or fails here, plainly."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from brief.render.fonts import private_font_config
from tests import processes
from tests.processes import (
    SharedBuild,
    fork_brief,
    forked_brief,
    pytest_collection_modifyitems,
    shared_build,
    start_shared_builds,
    waited,
)
from tests.workspaces import tiny_workspace


def _forked(main: Any, tmp_path: Path, timeout: float = 60) -> tuple[int, str]:
    """Run `main` in a forked child as fork_brief sets it up; its exit status and its stderr."""
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = fork_brief([], cwd=tmp_path, streams=(stdin.fileno(), out.fileno(), err.fileno()), main=main)
        code = waited(pid, timeout)
        err.seek(0)
        return code, err.read().decode()


def test_a_forked_brief_answers_as_the_command_does(tmp_path: Path) -> None:
    result = forked_brief(["--version"], cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("brief ") and result.stderr == ""
    result = forked_brief(["build"], cwd=tmp_path)  # an empty folder: no workspace
    assert result.returncode == 2 and "no workspace here" in result.stderr


def test_the_child_runs_in_its_own_folder_and_ends_with_its_status(tmp_path: Path) -> None:
    def main() -> None:
        Path("here").write_text(os.getcwd(), encoding="utf-8")
        sys.exit(3)

    code, _ = _forked(main, tmp_path)
    assert code == 3
    assert (tmp_path / "here").read_text(encoding="utf-8") == str(tmp_path)
    assert Path.cwd() != tmp_path  # the test process stays where it was


def test_a_child_that_raises_ends_with_70_and_its_traceback(tmp_path: Path) -> None:
    def main() -> None:
        raise RuntimeError("raised in the child")

    code, stderr = _forked(main, tmp_path)
    assert code == 70
    assert "RuntimeError: raised in the child" in stderr


def test_a_child_that_hangs_is_killed_at_the_deadline(tmp_path: Path) -> None:
    with tempfile.TemporaryFile() as stream:
        pid = fork_brief([], cwd=tmp_path, streams=(stream.fileno(),) * 3, main=lambda: time.sleep(60))
        start = time.monotonic()
        with pytest.raises(subprocess.TimeoutExpired):
            waited(pid, timeout=0.5)
        assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):  # killed and reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)


class _Item:
    def __init__(self, name: str, seconds: float | None, *fixturenames: str) -> None:
        self.name, self.seconds, self.fixturenames = name, seconds, fixturenames

    def get_closest_marker(self, name: str) -> Any:
        return None if self.seconds is None else pytest.mark.long(self.seconds).mark


def test_the_longest_tests_run_first_and_the_rest_keep_their_order() -> None:
    items: list[Any] = [_Item("a", None), _Item("b", 2), _Item("c", None), _Item("d", 8)]
    pytest_collection_modifyitems(items)
    assert [item.name for item in items] == ["d", "b", "a", "c"]


def test_the_tests_that_read_a_shared_build_come_last_longest_first() -> None:
    items: list[Any] = [
        _Item("a", None, "sample_build"),
        _Item("b", 2),
        _Item("c", 3, "letter_build"),
        _Item("d", None),
    ]
    pytest_collection_modifyitems(items)
    assert [item.name for item in items] == ["b", "d", "c", "a"]


class _Asks:
    def __init__(self, *fixturenames: str) -> None:
        self.fixturenames = fixturenames


class _Factory:
    """What shared_build needs of pytest's tmp_path_factory: the run's folder."""

    def __init__(self, base: Path) -> None:
        self.base = base

    def getbasetemp(self) -> Path:
        return self.base


def test_each_worker_builds_its_share_of_the_wanted_builds_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker gw1 of 2 takes the second and fourth builds a test asks for, never one no test asks
    for; a test asking for one waits for the builder instead of building it again."""
    builds = {
        f"build_{n}": SharedBuild(f"b{n}", ("--format", "html", "--lang", "en"), tiny_workspace) for n in range(5)
    }
    items: list[Any] = [_Asks("tmp_path", "build_0"), _Asks("build_1", "build_2"), _Asks("build_4")]  # not build_3
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    monkeypatch.setattr(processes, "_builders", [])
    factory: Any = _Factory(tmp_path / "gw1")
    factory.getbasetemp().mkdir()
    start_shared_builds(items, factory, builds)
    assert len(processes._builders) == 1  # one background process for this worker's share
    output = shared_build(factory, builds["build_4"])  # waits for the builder's lock
    assert output == tmp_path / "shared-b4" / "build" and (output / "debate.en.html").is_file()
    assert waited(processes._builders[0], 60) == 0
    built = sorted(p.name for p in tmp_path.iterdir() if p.is_dir() and (p / "done").is_file())
    assert built == ["shared-b1", "shared-b4"]
    done = (tmp_path / "shared-b4" / "done").read_text(encoding="utf-8")
    assert done.splitlines() == ["wrote build/debate.en.html", "wrote build/debate.en.facilitator.html"]


def test_the_warm_up_fills_the_caches_and_a_child_forked_after_it_writes_the_same_pdf(tmp_path: Path) -> None:
    processes.warm_renderer(tmp_path)
    assert private_font_config.cache_info().currsize >= 1  # the theme's font configuration, made once
    again = forked_brief(["build", "-q", "-e", "participant", "-o", "again"], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "debate.en.pdf").read_bytes() == (tmp_path / "build" / "debate.en.pdf").read_bytes()
