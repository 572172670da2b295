"""Files that are not files: a device, a pipe, a link loop or a folder where a source should be.

Each is named for what it is, at `file:1:1:`, exit 1; none is read until memory runs out, none
blocks the run, none crashes path resolution. Through the real command in a process (a hang
or an exhausted memory must show as what it is, and `timeout` ends a hang).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import invoke

L = "sources/left.yaml"


def replace_left(tiny_ws: Path, how: str) -> None:
    left = tiny_ws / L
    left.unlink()
    if how == "zero":
        left.symlink_to("/dev/zero")
    elif how == "urandom":
        left.symlink_to("/dev/urandom")
    elif how == "pipe":
        os.mkfifo(left)
    elif how == "loop":
        left.symlink_to("left.yaml")
    elif how == "folder":
        left.mkdir()


EXPECTED = {
    "zero": f"{L}:1:1: is a symbolic link to /dev/zero, which is not a regular file (a character device); "
    "brief reads only regular files",
    "urandom": f"{L}:1:1: is a symbolic link to /dev/urandom, which is not a regular file (a character device); "
    "brief reads only regular files",
    "pipe": f"{L}:1:1: is not a regular file (a named pipe); brief reads only regular files",
    "loop": f"{L}:1:1: is a symbolic link loop (or a chain of links too long); it leads to no file",
    "folder": f"{L}:1:1: is a folder, not a YAML file",
}


@pytest.mark.parametrize("how", sorted(EXPECTED))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_source_that_is_not_a_file_is_named_for_what_it_is(tiny_ws: Path, how: str, command: str) -> None:
    replace_left(tiny_ws, how)
    result = invoke(command, "--format", "html", cwd=tiny_ws) if command == "build" else invoke(command, cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == EXPECTED[how]
    assert "did you mean" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/dev/zero", "/dev/zero:1:1: is not a regular file (a character device); brief reads only regular files"),
        (
            "sources/loop.yaml",
            "sources/loop.yaml:1:1: is a symbolic link loop (or a chain of links too long); it leads to no file",
        ),
    ],
)
def test_check_of_a_named_file_that_is_not_a_file(tiny_ws: Path, path: str, message: str) -> None:
    (tiny_ws / "sources" / "loop.yaml").symlink_to("loop.yaml")
    result = invoke("check", path, cwd=tiny_ws)
    assert (result.returncode, result.stderr.splitlines()) == (1, [message, "1 problem found."])


def test_a_brief_that_is_a_link_loop_or_a_folder_is_reported_not_skipped_and_the_others_build(tiny_ws: Path) -> None:
    (tiny_ws / "briefs" / "loop.yaml").symlink_to("loop.yaml")
    (tiny_ws / "briefs" / "folder.yaml").mkdir()
    result = invoke("build", "--format", "html", cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "briefs/folder.yaml:1:1: is a folder, not a YAML file",
        "briefs/loop.yaml:1:1: is a symbolic link loop (or a chain of links too long); it leads to no file",
        "2 problems found; not built: briefs/folder.yaml, briefs/loop.yaml.",
    ]
    assert result.stdout.splitlines() == ["wrote build/debate.en.html", "wrote build/debate.en.facilitator.html"]


def test_a_source_id_too_long_for_the_file_system(tiny_ws: Path) -> None:
    brief = tiny_ws / "briefs" / "debate.yaml"
    brief.write_text(brief.read_text().replace("source: left", "source: " + "x" * 300), encoding="utf-8")
    result = invoke("check", cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "briefs/debate.yaml:11:13: sides[0].source: expected at most 60 characters, found 300",
        "1 problem found.",
    ]
