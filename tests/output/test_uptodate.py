"""A build whose inputs have not changed is skipped and says so; anything that changed rebuilds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.output.manifest import MANIFEST
from tests.helpers import invoke, run_brief
from tests.workspaces import SAMPLE_BRIEF

runner = CliRunner()
HTML = f"build/{SAMPLE_BRIEF}.en.html"
# The sample declares en/fr x sheet/participant/facilitator; one edition is enough to test skipping.
ONE = ("--lang", "en", "--edition", "participant")


@pytest.fixture
def built(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample workspace with its HTML edition built once."""
    monkeypatch.chdir(workspace)
    result = runner.invoke(app, ["build", "--format", "html", *ONE])
    assert result.exit_code == 0, result.output
    assert f"wrote {HTML}" in result.output
    return workspace


def build_html(*extra: str) -> str:
    result = runner.invoke(app, ["build", "--format", "html", *ONE, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_unchanged_inputs_are_skipped(built: Path) -> None:
    before = (built / HTML).stat().st_mtime_ns
    assert build_html().strip() == f"up to date: {HTML}"
    assert (built / HTML).stat().st_mtime_ns == before
    manifest = json.loads((built / "build" / MANIFEST).read_text(encoding="utf-8"))
    (record,) = manifest["builds"].values()
    assert set(record["outputs"]) == {f"{SAMPLE_BRIEF}.en.html"}
    assert {Path(f).name for f in record["files"]} == {
        f"{SAMPLE_BRIEF}.yaml",
        "notrecontinent-2026-01-11.yaml",
        "ballet-diplomatique-2025-08-08.yaml",
    }


def test_force_rebuilds(built: Path) -> None:
    assert build_html("--force").strip() == f"wrote {HTML}"


def test_a_changed_source_rebuilds(built: Path, edit_yaml: Callable[[Path, str, str], None]) -> None:
    edit_yaml(built / "sources" / "ballet-diplomatique-2025-08-08.yaml", "kind: analysis", "kind: explainer")
    assert build_html().strip() == f"wrote {HTML}"
    assert build_html().strip() == f"up to date: {HTML}"


@pytest.mark.parametrize("saved", ["source", "theme"])
def test_a_save_during_a_build_leaves_its_output_stale(
    built: Path, saved: str, edit_yaml: Callable[[Path, str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source or a theme file saved while the build writes, after it was read: the output shows what
    was read, so the next build makes it again, never calls it up to date."""
    import brief.build.pipeline

    source = built / "sources" / "ballet-diplomatique-2025-08-08.yaml"
    locale = built / "templates" / "locale" / "en.yaml"
    locale.parent.mkdir(parents=True)
    locale.write_text("clash: Where the two readings part\n", encoding="utf-8")
    edit_yaml(source, "kind: analysis", "kind: explainer")
    writing = brief.build.pipeline.write_brief

    def saved_meanwhile(*args: object, **kwargs: object) -> list[Path]:
        if saved == "source":
            edit_yaml(source, "kind: explainer", "kind: news")
        else:
            edit_yaml(locale, "readings part", "readings split")
        return writing(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(brief.build.pipeline, "write_brief", saved_meanwhile)
    assert build_html().strip() == f"wrote {HTML}"
    monkeypatch.setattr(brief.build.pipeline, "write_brief", writing)
    assert build_html().strip() == f"wrote {HTML}"  # made again, from what was saved during the first
    assert build_html().strip() == f"up to date: {HTML}"


def test_touching_a_file_without_changing_it_does_not_rebuild(built: Path) -> None:
    source = built / "sources" / "ballet-diplomatique-2025-08-08.yaml"
    source.write_bytes(source.read_bytes())
    assert build_html().strip() == f"up to date: {HTML}"


def test_a_theme_override_rebuilds(built: Path) -> None:
    (built / "templates" / "locale").mkdir(parents=True)
    (built / "templates" / "locale" / "en.yaml").write_text("clash: Where the two readings part\n", encoding="utf-8")
    assert build_html().strip() == f"wrote {HTML}"
    assert "Where the two readings part" in (built / HTML).read_text(encoding="utf-8")


def test_other_options_rebuild(built: Path) -> None:
    assert build_html("--paper", "letter").strip() == f"wrote {HTML}"
    assert "size: letter" in (built / HTML).read_text(encoding="utf-8")
    # back to A4: the file on disk is the letter one, so it is rebuilt, not skipped
    assert build_html().strip() == f"wrote {HTML}"


@pytest.mark.parametrize("damage", ["delete", "modify"])
def test_a_missing_or_modified_output_rebuilds(built: Path, damage: str) -> None:
    if damage == "delete":
        (built / HTML).unlink()
    else:
        (built / HTML).write_text("<p>edited by hand</p>", encoding="utf-8")
    assert build_html().strip() == f"wrote {HTML}"
    assert (built / HTML).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_damaged_manifest_means_rebuild(built: Path) -> None:
    (built / "build" / MANIFEST).write_text("{not json", encoding="utf-8")
    assert build_html().strip() == f"wrote {HTML}"
    assert build_html().strip() == f"up to date: {HTML}"


def test_quiet_prints_nothing(built: Path) -> None:
    assert build_html("--quiet") == ""


def test_pdf_no_op_rebuild_in_a_real_process(sample_build: Path) -> None:
    workspace = sample_build.parent
    result = run_brief("build", "--format", "both", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == sorted(
        f"up to date: build/{SAMPLE_BRIEF}.{lang}{edition}.{ext}"
        for lang in ("en", "fr")
        for edition in (".sheet", "", ".facilitator", ".questionnaire")
        for ext in ("html", "pdf")
    )


def test_compiled_templates_are_cached_and_never_stale(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Jinja's bytecode cache: reused between runs, keyed by each template's source."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(workspace)
    (workspace / "templates" / "partials").mkdir(parents=True)
    override = workspace / "templates" / "partials" / "questions.html.j2"
    override.write_text('<section id="questions"><h1>First wording</h1></section>\n', encoding="utf-8")
    assert build_html().strip() == f"wrote {HTML}"
    cached = list((tmp_path / "cache" / "brief" / "jinja").glob("*.cache"))
    assert cached, "no compiled template was cached"
    override.write_text('<section id="questions"><h1>Second wording</h1></section>\n', encoding="utf-8")
    result = invoke("build", "--format", "html", *ONE, cwd=workspace)  # a new process: only the cache remembers
    assert result.stdout.strip() == f"wrote {HTML}"
    page = (workspace / HTML).read_text(encoding="utf-8")
    assert "Second wording" in page and "First wording" not in page


def test_an_articles_text_added_changed_or_removed_rebuilds(tiny_ws: Path) -> None:
    """texts/ shapes how quotes print: a text added, changed or removed, or the folder created, rebuilds."""
    html = "build/debate.en.html"

    def build() -> str:
        result = invoke("build", "--format", "html", "--edition", "participant", cwd=tiny_ws)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert build() == f"wrote {html}"
    texts = tiny_ws / "texts"
    texts.mkdir()
    assert build() == f"wrote {html}"
    article = texts / "left.txt"
    article.write_text("The salmon cannot climb a wall of concrete.\n", encoding="utf-8")
    assert build() == f"wrote {html}"
    assert build() == f"up to date: {html}"
    article.write_text("\u201cThe salmon cannot climb a wall of concrete.\u201d\n", encoding="utf-8")
    assert build() == f"wrote {html}"
    article.unlink()
    assert build() == f"wrote {html}"
    assert build() == f"up to date: {html}"


def test_every_module_of_brief_is_in_the_code_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit to any of brief's modules (the views, the model) makes every output stale, not only the output's."""
    import brief
    import brief.output.manifest as manifest

    read: list[Path] = []

    def digest(path: Path) -> str:
        read.append(path)
        return "digest"

    monkeypatch.setattr(manifest, "file_digest", digest)
    manifest.code_digest.cache_clear()
    try:
        manifest.code_digest()
    finally:
        manifest.code_digest.cache_clear()
    package = Path(brief.__file__).parent
    names = {p.relative_to(package).as_posix() for p in read}
    assert {"views/analysis.py", "model/texts.py", "output/manifest.py", "cli/commands.py"} <= names
