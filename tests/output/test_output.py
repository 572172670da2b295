"""output.py: output names, the one atomic writer, the mode of what it writes."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from brief.errors import BriefError
from brief.output.names import output_names, output_stem
from brief.output.write import new_file_mode, replace_file, write_atomic


def test_output_names_follow_the_edition_and_the_format() -> None:
    assert output_stem("trump-putin", "en", "participant") == "trump-putin.en"
    assert output_stem("trump-putin", "fr", "facilitator") == "trump-putin.fr.facilitator"
    assert output_stem("trump-putin", "en", "sheet") == "trump-putin.en.sheet"
    assert output_names("x.en", "pdf") == ["x.en.pdf"]
    assert output_names("x.en", "html") == ["x.en.html"]
    assert output_names("x.en", "both") == ["x.en.html", "x.en.pdf"]


def test_a_write_gives_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        replace_file(tmp_path / "a.pdf", b"%PDF")
        assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o640 == new_file_mode()
        replace_file(tmp_path / "b.yaml", b"id: b\n", mode=0o600, durable=False)
        assert stat.S_IMODE((tmp_path / "b.yaml").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.en.pdf"
    target.write_bytes(b"old and whole")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("brief.output.write.os.fsync", full)
    with pytest.raises(BriefError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value.problems[0]).endswith("cannot write: No space left on device")
    assert target.read_bytes() == b"old and whole"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.en.pdf"]


def test_write_atomic_creates_the_output_folder_and_replaces_a_link_rather_than_follow_it(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    out = tmp_path / "build" / "deeper"
    write_atomic(out / "a.html", "<p>é</p>")
    assert (out / "a.html").read_text(encoding="utf-8") == "<p>é</p>"
    (out / "b.html").symlink_to(elsewhere)
    write_atomic(out / "b.html", "<p>new</p>")
    assert not (out / "b.html").is_symlink() and elsewhere.read_text(encoding="utf-8") == "keep"


def test_an_output_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("", encoding="utf-8")
    with pytest.raises(BriefError, match="is a file, not a folder; choose another --out-dir"):
        write_atomic(tmp_path / "build" / "a.pdf", b"%PDF")
