"""`brief check [FILES...]`: validates without rendering, never loads WeasyPrint, exits 1 on any error.

Each run is a subprocess that reports, after the command, whether any `weasyprint` module
is in `sys.modules`; the error paths matter as much as the happy one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import invoke

PROBE = """
import sys
from brief.cli import main
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'weasyprint')
    sys.stdout.write('\\nweasyprint modules: ' + repr(loaded) + '\\n')
"""


def check(tiny_ws: Path, *files: str) -> tuple[int, str, str]:
    """Exit code, stdout (without the probe's line) and stderr of `brief check FILES`."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "check", *files], cwd=tiny_ws, capture_output=True, text=True, timeout=120
    )
    out, probe = done.stdout.rsplit("\nweasyprint modules: ", 1)
    assert probe.strip() == "[]", f"brief check imported {probe.strip()}"
    return done.returncode, (out.strip().splitlines() or [""])[-1], done.stderr


def test_check_passes_without_weasyprint(tiny_ws: Path) -> None:
    assert check(tiny_ws) == (0, "ok: 1 brief and 2 sources checked, no problems", "")


def test_check_says_once_that_without_texts_our_prose_was_not_checked(tiny_ws: Path) -> None:
    out = invoke("check", cwd=tiny_ws).stdout
    assert out.count("our prose's quotation marks were not checked") == 1


def test_check_of_named_files(tiny_ws: Path) -> None:
    assert check(tiny_ws, "sources/left.yaml") == (0, "ok: 0 briefs and 1 source checked, no problems", "")
    assert check(tiny_ws, "briefs/debate.yaml")[:2] == (0, "ok: 1 brief and 0 sources checked, no problems")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "sources/left.yaml",
            "  kind: opinion",
            "  kind: opnion",
            "sources/left.yaml:9:9: provenance.kind: expected 'opinion', 'analysis', 'news', 'explainer' or "
            "'other', found 'opnion'; did you mean 'opinion'?",
        ),
        (
            "briefs/debate.yaml",
            "source: right",
            "source: rihgt",
            "briefs/debate.yaml:14:13: sides[1].source: no source 'rihgt'; did you mean 'right'?",
        ),
        (
            "sources/right.yaml",
            "thesis: Dams give clean power cheaply.",
            "thesis: [unclosed",
            "sources/right.yaml:11:7: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence "
            "that starts at line 10, column 9)",
        ),
    ],
    ids=["model", "cross-file", "syntax"],
)
def test_check_exits_1_on_any_error_without_weasyprint(
    tiny_ws: Path, file: str, old: str, new: str, message: str
) -> None:
    text = (tiny_ws / file).read_text(encoding="utf-8")
    (tiny_ws / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = check(tiny_ws)
    assert (code, out) == (1, "")
    assert err.splitlines() == [message, "1 problem found."]


def test_check_of_a_file_that_is_not_there(tiny_ws: Path) -> None:
    code, _, err = check(tiny_ws, "sources/nowhere.yaml", "sources")
    assert code == 1
    assert err.splitlines() == [
        "sources:1:1: is a folder, not a YAML file",
        "sources/nowhere.yaml:1:1: no such file",
        "2 problems found.",
    ]


def test_a_broken_brief_still_reports_the_problems_of_its_sources(tiny_ws: Path) -> None:
    brief, left = tiny_ws / "briefs" / "debate.yaml", tiny_ws / "sources" / "left.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("as_of: 2025-05-01", "as_of: 01/05/2025"), "utf-8")
    left.write_text(left.read_text(encoding="utf-8").replace("\nthesis:", "\nthesys:"), encoding="utf-8")
    for files in ((), ("briefs/debate.yaml",)):
        code, _, err = check(tiny_ws, *files)
        assert code == 1
        assert err.splitlines() == [
            "briefs/debate.yaml:5:8: as_of: expected a date as YYYY-MM-DD, found '01/05/2025'",
            "sources/left.yaml:10:1: thesys: unknown key 'thesys'; did you mean 'thesis'?",
            "2 problems found.",
        ]


def test_the_user_guide_example_is_a_real_run(tmp_path: Path) -> None:
    """The messages in the user guide's "When something is wrong" are what brief prints today."""
    import re

    from tests.helpers import run_brief
    from tests.workspaces import ROOT, copy_workspace

    page = (ROOT / "docs" / "user-guide" / "when-something-is-wrong.md").read_text(encoding="utf-8")
    section = page[page.index("# When something is wrong") :]
    shown = re.search(r"```\n\$ brief build\n(.*?)```", section, flags=re.S)
    assert shown, "the section shows a `$ brief build` run"
    tiny_ws = copy_workspace(tmp_path)
    source, brief = tiny_ws / "sources" / "notrecontinent-2026-01-11.yaml", tiny_ws / "briefs" / "trump-putin.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("\nthesis:", "\nthesys:", 1), encoding="utf-8")
    brief.write_text(
        brief.read_text(encoding="utf-8").replace(
            "source: ballet-diplomatique-2025-08-08", "source: ballet-diplomatique-2025-08-09", 1
        ),
        encoding="utf-8",
    )
    result = run_brief("build", cwd=tiny_ws)
    assert result.returncode == 1
    assert result.stderr == shown.group(1), f"the user guide's example is stale; today brief prints:\n{result.stderr}"
