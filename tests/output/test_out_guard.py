"""Nothing lost in the output folder: no brief silently replaces another's file, no build's record
of what it wrote is lost to another build, a manifest that cannot be written is named (exit 1)
with the outputs kept, and temporary files of a killed build are cleaned up by the next one."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.output.manifest import MANIFEST, Manifest, Record
from tests.helpers import invoke
from tests.processes import fork_brief, waited
from tests.workspaces.tiny import tiny_workspace

runner = CliRunner()
HTML = ("build", "--format", "html")


def test_two_briefs_with_one_stem_are_both_named(tiny_ws: Path) -> None:
    shutil.copy(tiny_ws / "briefs" / "debate.yaml", tiny_ws / "briefs" / "debate.yml")
    result = invoke(*HTML, cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"build/debate.en.{edition}html: both briefs/debate.yaml and briefs/debate.yml would write this file, "
        "and one would silently replace the other: rename one of them"
        for edition in ("facilitator.", "")
    ] + ["2 problems found."]
    assert not (tiny_ws / "build").exists() or not list((tiny_ws / "build").glob("*.html"))


def test_one_brief_name_from_two_workspaces_into_one_folder(tmp_path: Path) -> None:
    first, second = tiny_workspace(tmp_path / "first"), tiny_workspace(tmp_path / "second")
    (second / "briefs" / "debate.yaml").write_text(
        (second / "briefs" / "debate.yaml").read_text().replace("title: Dams", "title: Other dams"), encoding="utf-8"
    )
    shared = tmp_path / "handouts"
    assert invoke(*HTML, "--out-dir", str(shared), cwd=first).returncode == 0
    before = (shared / "debate.en.html").read_bytes()
    result = invoke(*HTML, "--out-dir", str(shared), cwd=second)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{shared}/debate.en.facilitator.html: was written by {first}/briefs/debate.yaml; building "
        "briefs/debate.yaml would replace it: choose another --out-dir, or delete the file to replace it"
    )
    assert (shared / "debate.en.html").read_bytes() == before
    # the same workspace building again is not a clash, nor is a file someone deleted
    assert invoke(*HTML, "--force", "--out-dir", str(shared), cwd=first).returncode == 0
    for output in shared.glob("*.html"):
        output.unlink()
    assert invoke(*HTML, "--out-dir", str(shared), cwd=second).returncode == 0


def record(brief: str) -> Record:
    return Record(files={}, folders={}, outputs={f"{brief}.en.pdf": "x"}, code="c", brief=brief)


def test_two_builds_saving_the_manifest_at_once_lose_no_record(tmp_path: Path) -> None:
    """The lost update, step by step: both read the manifest, both write it; both records stay."""
    first, second = Manifest(tmp_path), Manifest(tmp_path)
    first.remember("a", record("a"))
    second.remember("b", record("b"))
    first.save()
    second.save()
    assert sorted(json.loads((tmp_path / MANIFEST).read_text())["builds"]) == ["a", "b"]
    assert sorted(Manifest(tmp_path).records) == ["a", "b"]


def test_two_build_processes_into_one_folder_both_count_as_up_to_date(tiny_ws: Path) -> None:
    other = tiny_ws / "briefs" / "other.yaml"
    other.write_text((tiny_ws / "briefs" / "debate.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with open(os.devnull, "r+b") as nothing:  # two processes at once, forked from this one
        children = [
            fork_brief([*HTML, f"briefs/{name}.yaml"], cwd=tiny_ws, streams=(nothing.fileno(),) * 3)
            for name in ("debate", "other")
        ]
    assert [waited(pid) for pid in children] == [0, 0]
    again = invoke(*HTML, cwd=tiny_ws)
    assert again.returncode == 0, again.stderr
    assert all(line.startswith("up to date:") for line in again.stdout.splitlines()), again.stdout


def test_a_manifest_that_is_a_folder_is_named_and_the_pdf_stays(tiny_ws: Path) -> None:
    (tiny_ws / "build" / MANIFEST).mkdir(parents=True)
    result = invoke("build", "--edition", "participant", cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == ["wrote build/debate.en.pdf"]
    assert result.stderr.splitlines() == [
        f"build/{MANIFEST}: cannot record this build (Is a directory); the files written are whole, "
        "but the next build will not know they are up to date",
        "1 problem found.",
    ]
    assert (tiny_ws / "build" / "debate.en.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_a_full_disk_while_writing_the_manifest(tiny_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.chdir(tiny_ws)
    monkeypatch.setattr("brief.output.manifest.json.dump", full)
    result = runner.invoke(app, [*HTML, "--edition", "participant"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0].startswith(f"build/{MANIFEST}: cannot record this build (No space left")
    assert "<html" in (tiny_ws / "build" / "debate.en.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tiny_ws / "build").iterdir()) == ["debate.en.html"]  # no temporary left


def test_the_next_build_removes_a_killed_builds_temporary_files(tiny_ws: Path) -> None:
    out = tiny_ws / "build"
    out.mkdir()
    stale = [out / ".debate.en.pdf.k1ll3d_x.tmp", out / f".{MANIFEST}.abcd1234.tmp"]
    for path in stale:
        path.write_bytes(b"%PDF-1.7 half")
    live = out / ".debate.en.facilitator.pdf.w0rk1ng_.tmp"  # another build is writing this one
    live.write_bytes(b"%PDF-1.7 in progress")
    theirs = out / "notes.tmp"
    theirs.write_text("someone's file")
    with open(live, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = invoke(*HTML, cwd=tiny_ws)
        assert result.returncode == 0, result.stderr
        assert live.exists()
    assert not any(path.exists() for path in stale)
    assert theirs.read_text() == "someone's file"
