"""Nothing lost on output: a failed or interrupted build leaves the previous files byte-identical.

Each output is written to a temporary file in the output folder, then renamed into place.
The output folder is created when missing; brief writes only plain files directly inside
it, so a symbolic link in an output's place (which would write elsewhere) is refused.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.errors import BriefError
from brief.output.write import output_file, write_atomic
from tests.helpers import pdf_text, run_brief
from tests.processes import ctrl_c_works
from tests.workspaces.tiny import tiny_workspace

PDF = "debate.en.pdf"
HTML = "debate.en.html"
ONE_PDF = ("build", "--edition", "participant")
ONE_HTML = ("build", "--edition", "participant", "--format", "html")


def digest(data: bytes) -> str:
    """Compare PDFs by digest: a failing byte comparison would make pytest diff megabytes."""
    return hashlib.sha256(data).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind (there must never be any)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The tiny workspace with its participant PDF built once, and that PDF's bytes."""
    built_ws = tiny_workspace(tmp_path_factory.mktemp("output"))
    result = run_brief(*ONE_PDF, cwd=built_ws)
    assert result.returncode == 0, result.stderr
    return built_ws, (built_ws / "build" / PDF).read_bytes()


@pytest.fixture
def built_ws(built: tuple[Path, bytes]) -> Path:
    """The built workspace with its inputs as they were built (each test may break them)."""
    built_ws, before = built
    tiny_workspace(built_ws)
    theme = built_ws / "templates"
    if theme.exists():
        for file in sorted(theme.rglob("*"), reverse=True):
            file.unlink() if file.is_file() else file.rmdir()
        theme.rmdir()
    pdf = built_ws / "build" / PDF
    if pdf.read_bytes() != before:  # an interrupt test whose build finished first wrote the new PDF
        pdf.write_bytes(before)
    return built_ws


def replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_input_leaves_the_previous_pdf_byte_identical(built_ws: Path, built: tuple[Path, bytes]) -> None:
    replace(built_ws / "sources" / "left.yaml", "thesis: Dams do more harm than good.", "thesys: Dams harm.")
    result = run_brief(*ONE_PDF, cwd=built_ws)
    assert result.returncode == 1
    assert "sources/left.yaml:10:1: thesys: unknown key 'thesys'; did you mean 'thesis'?" in result.stderr
    assert digest((built_ws / "build" / PDF).read_bytes()) == digest(built[1])
    assert leftovers(built_ws / "build") == []


def test_a_template_error_leaves_the_previous_pdf_byte_identical(built_ws: Path, built: tuple[Path, bytes]) -> None:
    replace(built_ws / "sources" / "left.yaml", "Dams do more harm than good.", "Dams do far more harm than good.")
    (built_ws / "templates").mkdir()
    (built_ws / "templates" / "brief.html.j2").write_text("<p>{{ b.title }</p>\n", encoding="utf-8")
    result = run_brief(*ONE_PDF, cwd=built_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "templates/brief.html.j2:1:1: template error: unexpected '}'",
        "1 problem found.",
    ]
    assert digest((built_ws / "build" / PDF).read_bytes()) == digest(built[1])
    assert leftovers(built_ws / "build") == []


def test_a_failing_render_leaves_the_previous_pdf_byte_identical(built_ws: Path, built: tuple[Path, bytes]) -> None:
    # the HTML renders; WeasyPrint then fails on a resource outside the theme
    replace(built_ws / "sources" / "left.yaml", "Dams do more harm than good.", "Dams do far more harm than good.")
    (built_ws / "templates").mkdir()
    (built_ws / "templates" / "brief.css").write_text('@import url("file:///etc/hostname");\n', encoding="utf-8")
    result = run_brief(*ONE_PDF, cwd=built_ws)
    assert result.returncode == 1
    assert "refused to read" in result.stderr
    assert digest((built_ws / "build" / PDF).read_bytes()) == digest(built[1])
    assert leftovers(built_ws / "build") == []


def wait_for_the_renderer(pid: int) -> None:
    """Until the process has loaded WeasyPrint's Pango (so brief's own signal handling is set up)."""
    maps = Path(f"/proc/{pid}/maps")
    deadline = time.monotonic() + 60
    while maps.exists() and time.monotonic() < deadline:
        try:
            if "libpango" in maps.read_text():
                return
        except OSError:
            return  # the process is gone: it finished
        time.sleep(0.05)
    time.sleep(1.0)  # no /proc here: by now it is loading or rendering


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_leaves_a_whole_pdf(
    built_ws: Path, built: tuple[Path, bytes], sig: signal.Signals
) -> None:
    replace(built_ws / "sources" / "left.yaml", "Dams do more harm than good.", "Dams do far more harm than good.")
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", *ONE_PDF, "--force"],
        cwd=built_ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    wait_for_the_renderer(process.pid)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=120)
    after = (built_ws / "build" / PDF).read_bytes()
    if process.returncode == 0:  # it had finished: the new PDF, whole
        assert "far more harm" in pdf_text(built_ws / "build" / PDF)
    else:
        assert process.returncode == 130, stderr
        assert stderr.splitlines()[-1] == "interrupted; files not yet written are as they were"
        assert "Traceback" not in stderr
        assert digest(after) == digest(built[1])
    assert leftovers(built_ws / "build") == []


def test_a_write_interrupted_half_way_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new and much longer")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_a_full_disk_is_a_problem_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BriefError) as caught:
        write_atomic(target, b"new")
    assert [p.message for p in caught.value.problems] == ["cannot write: No space left on device"]
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_the_output_folder_is_created_when_missing(built_ws: Path) -> None:
    result = run_brief(*ONE_HTML, "--out-dir", "out/handouts/today", cwd=built_ws)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote out/handouts/today/{HTML}"
    assert (built_ws / "out" / "handouts" / "today" / HTML).is_file()


def test_an_output_folder_that_is_a_file(built_ws: Path) -> None:
    (built_ws / "notes.txt").write_text("not a folder", encoding="utf-8")
    result = run_brief(*ONE_HTML, "--out-dir", "notes.txt", cwd=built_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "notes.txt: is a file, not a folder; choose another --out-dir",
        "1 problem found.",
    ]
    assert (built_ws / "notes.txt").read_text(encoding="utf-8") == "not a folder"


def test_a_symbolic_link_in_an_outputs_place_is_refused(built_ws: Path) -> None:
    outside = built_ws / "precious.html"
    outside.write_text("keep me", encoding="utf-8")
    (built_ws / "links").mkdir()
    (built_ws / "links" / HTML).symlink_to(outside)
    result = run_brief(*ONE_HTML, "--out-dir", "links", cwd=built_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"links/{HTML}: is a symbolic link (to {outside}); brief writes only plain files inside links/: "
        "remove the link",
        "1 problem found.",
    ]
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert (built_ws / "links" / HTML).is_symlink()


def test_a_folder_in_an_outputs_place_is_refused(built_ws: Path) -> None:
    (built_ws / "folders" / HTML).mkdir(parents=True)
    result = run_brief(*ONE_HTML, "--out-dir", "folders", cwd=built_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"folders/{HTML}: is a folder; brief would write a file here: move the folder away",
        "1 problem found.",
    ]


@pytest.mark.parametrize("name", ["../escape.pdf", "sub/x.pdf", "..", "", "a\x00b.pdf"])
def test_output_names_never_leave_the_output_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(BriefError) as caught:
        output_file(tmp_path, name)
    assert caught.value.problems[0].message == f"{name!r} is not a plain file name; outputs stay inside the folder"


def test_a_symbolic_link_written_over_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "x.html"
    link.symlink_to(outside)
    write_atomic(link, "<p>new</p>")  # even past output_file's check, the rename never writes through a link
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "<p>new</p>"


def test_the_built_pdf_is_whole(built: tuple[Path, bytes]) -> None:
    built_ws, data = built
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(built_ws / "build" / PDF).pages) >= 1
