"""Every build prints the warnings `brief check` gives without article texts: a dropped hedge, a
dropped attribution, an unbalanced block, each at its file:line:column, and builds all the same.

The workspace is tests/data/prose (clean as it stands); HTML only, which renders in milliseconds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.commands.test_prose import DATA, where
from tests.helpers import invoke, replace_in


@pytest.fixture
def valley(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA, tmp_path / "ws"))


def build(ws: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke("build", "--format", "html", "-o", "out", *args, cwd=ws)


def test_a_clean_brief_builds_without_a_warning(valley: Path) -> None:
    result = build(valley)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_build_prints_each_prose_warning_at_its_place_and_still_writes(valley: Path) -> None:
    barrage, river = valley / "sources" / "barrage.yaml", valley / "sources" / "river.yaml"
    # a French claim that drops its quote's hedges; an English one that drops "may"; an attribution lost
    replace_in(
        barrage,
        'fr: "Certains agriculteurs craignent parfois pour leurs puits."',
        'fr: "Les agriculteurs craignent pour leurs puits."',
    )
    replace_in(river, 'en: "Engineers say the flow may fall by half in summer."', 'en: "The flow will fall by half."')
    replace_in(barrage, "    reports: Claire Martin\n", "")
    for quiet in ((), ("--quiet",)):
        result = build(valley, "--force", *quiet)
        assert result.returncode == 0, result.stderr
        lines = result.stderr.splitlines()
        fr_line = where(barrage, "Les agriculteurs").split(":")[0]
        en_line = where(river, "The flow will").split(":")[0]
        assert any(
            line.startswith(f"sources/barrage.yaml:{fr_line}:11: warning: points[1].claim.fr: the quote hedges")
            for line in lines
        ), result.stderr
        assert any(
            line.startswith(f"sources/river.yaml:{en_line}:11: warning: points[1].claim.en: the quote hedges (“may”)")
            for line in lines
        ), result.stderr
        assert any("points[0].claim.en: the en claim names Claire Martin but the quote does not" in x for x in lines)
        assert (valley / "out" / "valley.en.html").is_file() and (valley / "out" / "valley.fr.html").is_file()
        assert ("wrote" in result.stdout) is not bool(quiet)


def test_a_build_names_an_unbalanced_block(valley: Path) -> None:
    source = valley / "sources" / "river.yaml"
    thesis = source.read_text(encoding="utf-8").split("thesis:", 1)[1].split("fr:", 1)[0]
    old = thesis.split("en: ", 1)[1].strip().rstrip('"')
    replace_in(
        source, old, old + " It adds at length that jobs, roads, schools and the whole valley's future depend on it"
    )
    result = build(valley)
    assert result.returncode == 0, result.stderr
    assert "warning: thesis.en: in en, the thesis of side B runs" in result.stderr, result.stderr
