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

from tests.processes import fork_brief, forked_brief, pytest_collection_modifyitems, waited


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
    def __init__(self, name: str, seconds: float | None) -> None:
        self.name, self.seconds = name, seconds

    def get_closest_marker(self, name: str) -> Any:
        return None if self.seconds is None else pytest.mark.long(self.seconds).mark


def test_the_longest_tests_run_first_and_the_rest_keep_their_order() -> None:
    items: list[Any] = [_Item("a", None), _Item("b", 2), _Item("c", None), _Item("d", 8)]
    pytest_collection_modifyitems(items)
    assert [item.name for item in items] == ["d", "b", "a", "c"]
