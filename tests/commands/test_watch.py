"""`brief watch` in a real process: a save rebuilds what it affects, a broken save is reported
and watching goes on, the next good save rebuilds, Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.cli.commands import app
from brief.commands import watch as watch_module
from tests.processes import ctrl_c_works
from tests.workspaces import SAMPLE_BRIEF

LEFT = "notrecontinent-2026-01-11"
TIMEOUT = 90  # seconds for any one expected line; a pass takes well under a second each


class Watcher:
    """`python -m brief watch` with its stdout and stderr read line by line as they come."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "brief", "watch", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=ctrl_c_works,
            env=env,
        )
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name: str, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put((name, line.rstrip("\n")))

    def expect(self, wanted: Callable[[str, str], bool], what: str) -> list[tuple[str, str]]:
        """Every line up to and including the first one `wanted` accepts; fails after TIMEOUT."""
        got: list[tuple[str, str]] = []
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                pytest.fail(f"no {what} within {TIMEOUT}s; the watcher printed: {self.seen}")
            got.append(line)
            self.seen.append(line)
            if wanted(*line):
                return got

    def expect_out(self, text: str) -> list[tuple[str, str]]:
        return self.expect(lambda stream, line: stream == "out" and text in line, repr(text))

    def expect_err(self, text: str) -> list[tuple[str, str]]:
        return self.expect(lambda stream, line: stream == "err" and text in line, repr(text))

    def interrupt(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=TIMEOUT)
        finally:
            time.sleep(0.2)  # let the readers drain what is left
            while not self.lines.empty():
                self.seen.append(self.lines.get())

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def two_briefs(workspace: Path) -> Path:
    """The sample plus a second brief whose left side is a copy of the sample's left source."""
    shutil.copy(workspace / "sources" / f"{LEFT}.yaml", workspace / "sources" / "copy-left.yaml")
    text = (workspace / "briefs" / f"{SAMPLE_BRIEF}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"source: {LEFT}", "source: copy-left").replace(f"{LEFT}/", "copy-left/")
    (workspace / "briefs" / "other.yaml").write_text(text, encoding="utf-8")
    return workspace


def replace_in(path: Path, old: str, new: str, *, atomic: bool = False) -> None:
    """Save an edit the way an editor does: in place, or to a temporary file renamed over it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    text = text.replace(old, new, 1)
    if atomic:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    else:
        path.write_text(text, encoding="utf-8")


def test_save_broken_save_recovery_and_ctrl_c(two_briefs: Path) -> None:
    ws = two_briefs
    left = ws / "sources" / f"{LEFT}.yaml"
    sample_html = ws / "build" / f"{SAMPLE_BRIEF}.en.html"
    other_html = ws / "build" / "other.en.html"
    watcher = Watcher(ws, "--format", "html", "--lang", "en", "--edition", "participant")
    try:
        first = watcher.expect_out("watching")
        assert ("out", "wrote build/other.en.html") in first
        assert ("out", f"wrote build/{SAMPLE_BRIEF}.en.html") in first
        other_mtime = other_html.stat().st_mtime_ns

        # 1. a good save of a source rebuilds the brief naming it, and only that one
        replace_in(left, "\nthesis:\n  en: ", "\nthesis:\n  en: First edit. ")
        watcher.expect_out(f"wrote build/{SAMPLE_BRIEF}.en.html")
        assert "First edit." in sample_html.read_text(encoding="utf-8")
        assert other_html.stat().st_mtime_ns == other_mtime
        assert not any("other.en.html" in line for _, line in watcher.seen[len(first) :])

        # 2. a broken save: the located problem, the last good output kept, still watching
        replace_in(left, "\nthesis:", "\nthesys:")
        line = next(i for i, t in enumerate(left.read_text(encoding="utf-8").splitlines(), 1) if t == "thesys:")
        watcher.expect_err(f"sources/{LEFT}.yaml:{line}:1: thesys: unknown key 'thesys'; did you mean 'thesis'?")
        watcher.expect_err("still watching")
        assert "First edit." in sample_html.read_text(encoding="utf-8")

        # 3. the next good save (written to a temporary file and renamed) rebuilds
        replace_in(left, "\nthesys:\n  en: First edit. ", "\nthesis:\n  en: Second edit. ", atomic=True)
        watcher.expect_out(f"wrote build/{SAMPLE_BRIEF}.en.html")
        assert "Second edit." in sample_html.read_text(encoding="utf-8")

        # 4. a theme file (a workspace override created while watching) rebuilds every brief
        (ws / "templates" / "locale").mkdir(parents=True)
        (ws / "templates" / "locale" / "en.yaml").write_text("clash: Where the readings part\n", encoding="utf-8")
        rebuilt = watcher.expect(
            lambda stream, line: stream == "out" and line.startswith("wrote") and SAMPLE_BRIEF in line,
            "the theme rebuild",
        )
        assert ("out", "wrote build/other.en.html") in rebuilt
        assert "Where the readings part" in other_html.read_text(encoding="utf-8")

        # 5. Ctrl-C: a clean exit, no traceback
        assert watcher.interrupt() == 0
        assert ("out", "stopped watching") in watcher.seen
        assert not any("Traceback" in line for _, line in watcher.seen)
    finally:
        watcher.kill()


def test_watch_takes_the_same_options_as_build() -> None:
    from typer.main import get_command

    command = get_command(app)
    build, watch = command.commands["build"], command.commands["watch"]  # type: ignore[attr-defined]
    options = {p.name: sorted(p.opts) for p in build.params}
    assert options == {p.name: sorted(p.opts) for p in watch.params}


def test_watch_without_briefs_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "brief", "watch"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "no workspace here" in proc.stderr and "`brief new brief ID`" in proc.stderr


def test_watching_names_only_the_users_own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed theme (inside site-packages) is watched but never named as one of the user's folders."""
    workspace, installed = tmp_path / "briefs-ws", tmp_path / "venv" / "site-packages" / "brief" / "templates"
    for folder in (workspace / "briefs", workspace / "sources", installed):
        folder.mkdir(parents=True)
    monkeypatch.setattr(watch_module, "builtin_theme_resolved", lambda: installed)
    folders = [workspace / "briefs", workspace / "sources", installed]
    assert watch_module.own_folders(folders, [workspace]) == (workspace / "briefs", workspace / "sources")
    # Working in brief's own repository, the built-in theme is the workspace's templates/: named.
    own_theme = workspace / "templates"
    own_theme.mkdir()
    monkeypatch.setattr(watch_module, "builtin_theme_resolved", lambda: own_theme)
    assert own_theme in watch_module.own_folders([*folders[:2], own_theme], [workspace])


def test_an_articles_text_rebuilds_the_briefs_naming_its_source(tiny_ws: Path) -> None:
    """texts/<id>.txt is followed like sources/<id>.yaml; the texts/ folder itself, moved into place, rebuilds all."""
    from brief.workspace import watched

    ws = tiny_ws.resolve()
    debate, other = ws / "briefs" / "debate.yaml", ws / "briefs" / "other.yaml"
    other.write_text("sides:\n  - id: a\n    sources: [right, elsewhere]\n", encoding="utf-8")
    followed = watched([ws])
    texts = ws / "texts"
    assert followed.relevant(texts) and followed.relevant(texts / "left.txt")
    for ignored in (texts / ".left.txt.swp", texts / "left.yaml", texts / "notes" / "left.txt"):
        assert not followed.relevant(ignored), ignored
    briefs = [debate, other]
    assert watch_module.affected([texts / "left.txt"], briefs, followed.theme) == [debate]
    assert watch_module.affected([texts / "right.txt"], briefs, followed.theme) == briefs
    assert watch_module.affected([texts], briefs, followed.theme) == briefs
    # a source a side names in a list (sources: [...]) rebuilds that brief too
    assert watch_module.affected([ws / "sources" / "elsewhere.yaml"], briefs, followed.theme) == [other]
