"""A source's address is capped at 2,048 characters, as browsers keep: `brief check` says so at the
url's line, and an address at the cap builds (its QR code fits, its line breaks stay cheap)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.model.fields import MAX_URL
from tests.helpers import replace_in, run_brief
from tests.workspaces.tiny import tiny_workspace

runner = CliRunner()
ADDRESS = "  url: https://example.org/power\n"


def with_url(ws: Path, url: str) -> None:
    replace_in(ws / "sources" / "right.yaml", ADDRESS, f"  url: {url}\n")


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://example.org/" + "a" * 10_000, "expected at most 2048 characters, found 10020"),
        ("https://example.org/" + "é" * 1020, "expected at most 2048 characters, found 2060 bytes as UTF-8"),
    ],
    ids=["10-kB", "non-ascii"],
)
def test_an_address_past_the_cap_is_located_by_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, found: str
) -> None:
    ws = tiny_workspace(tmp_path)
    with_url(ws, url)
    monkeypatch.chdir(ws)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [f"sources/right.yaml:7:8: provenance.url: {found}", "1 problem found."]


@pytest.mark.long(2)
def test_an_address_at_the_cap_builds_with_its_qr_code(tmp_path: Path) -> None:
    ws = tiny_workspace(tmp_path)
    url = "https://example.org/" + "a" * (MAX_URL - len("https://example.org/"))
    with_url(ws, url)
    result = run_brief("build", "--edition", "participant", cwd=ws)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(ws / "build" / "debate.en.pdf")
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    ]
    assert url in links
