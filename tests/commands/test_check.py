"""`brief check` on the brief's own balance: a warning by default, an error with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke
from tests.workspaces import mini


@pytest.fixture
def skewed(tmp_path: Path) -> Path:
    """A brief whose left side has three points (and quotes) to the right side's one."""
    left = mini.source([mini.point(f"p{i}", ["x"]) for i in range(3)])
    right = mini.source([mini.point("q", ["x"])])
    mini.write(tmp_path, mini.brief(["x"]), left, right)
    return tmp_path


def sides_line(workspace: Path) -> int:
    lines = (workspace / "briefs" / "mini.yaml").read_text().splitlines()
    return next(i for i, t in enumerate(lines, 1) if t.startswith("sides:")) + 1


def line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_an_unbalanced_brief_warns_and_passes(skewed: Path) -> None:
    result = invoke("check", cwd=skewed)
    assert result.returncode == 0, result.stderr
    points = line_with(result.stderr, "3 points")
    assert points.startswith(f"briefs/mini.yaml:{sides_line(skewed)}:")
    assert points.endswith(
        ": warning: sides[0]: side A has 3 points, side B 1: 3.00 times as many, more than balance_ratio 1.5 allows"
    )
    assert ": warning: sides[0]: side A has 3 quotes, side B 1" in result.stderr
    assert ": warning: sides[0]: side A has 20 words in our en summaries, side B 10" in result.stderr
    assert result.stdout.splitlines() == [
        "our prose's quotation marks were not checked: no article texts at hand; "
        "give them with --texts DIR (or keep them in the workspace's texts/)",
        "ok: 1 brief and 2 sources checked, 3 warnings",
    ]


def test_strict_turns_the_warnings_into_errors(skewed: Path) -> None:
    result = invoke("check", "--strict", cwd=skewed)
    assert result.returncode == 1
    assert "warning:" not in result.stderr
    points = line_with(result.stderr, "3 points")
    assert points.startswith(f"briefs/mini.yaml:{sides_line(skewed)}:")
    assert ": sides[0]: side A has 3 points" in points
    assert "(--strict)" in result.stderr and "3 problems found." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_brief_may_allow_a_larger_ratio(skewed: Path) -> None:
    brief = skewed / "briefs" / "mini.yaml"
    brief.write_text(brief.read_text() + "balance_ratio: 3.5\n", encoding="utf-8")
    result = invoke("check", "--strict", cwd=skewed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ok: 1 brief and 2 sources checked, no problems"


def test_the_sample_brief_is_balanced(workspace: Path) -> None:
    result = invoke("check", "--strict", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_one_check_reports_a_malformed_reference_an_unknown_highlight_and_an_unknown_side(tmp_path: Path) -> None:
    """The three mistakes of a first brief, all in the first run: the reference's form is checked
    with the other references, and its example is a point of this workspace."""
    brief = mini.brief(["x"])
    brief["sides"][0]["highlights"] = ["left/p1x"]
    mini.write(tmp_path, brief, mini.source([mini.point("p1", ["x"])]), mini.source([mini.point("q", ["x"])]))
    file = tmp_path / "briefs" / "mini.yaml"
    text = file.read_text().replace("- left/p1\n", "- p1\n").replace("    left: Left on x.", "    lfet: Left on x.")
    file.write_text(text, encoding="utf-8")
    result = invoke("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "sides[0].highlights[0]: left has no point 'p1x'; did you mean 'p1'?" in result.stderr
    assert "stances.lfet: no side 'lfet'; did you mean 'left'?" in result.stderr
    assert (
        "topics[0].points[0]: expected a point as <source-id>/<point-id> (lowercase letters, digits and hyphens), "
        "found 'p1'; did you mean 'left/p1'?"
    ) in result.stderr
    assert "3 problems found." in result.stderr


def test_a_brief_that_leaves_languages_out_builds_its_sources_language(tmp_path: Path) -> None:
    """The sources are French and the brief names no languages: it is French, with nothing to translate."""
    brief = mini.brief(["x"])
    del brief["languages"]
    left, right = mini.source([mini.point("p", ["x"])]), mini.source([mini.point("q", ["x"])])
    for source in (left, right):
        for point in source["points"]:
            del point["translation"]
    mini.write(tmp_path, brief, left, right)
    brief_file = tmp_path / "briefs" / "mini.yaml"
    brief_file.write_text(brief_file.read_text() + "editions: [sheet]\n", encoding="utf-8")
    result = invoke("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "build").glob("*.pdf")] == ["mini.fr.sheet.pdf"]


def test_a_shape_error_comes_with_the_briefs_unknown_references(tmp_path: Path) -> None:
    """A value of the wrong kind used to hide every cross-file problem until it was fixed: now the
    unknown highlight and side come in the same run, and the well-formed references pass."""
    brief = mini.brief(["x"])
    brief["sides"][0]["highlights"] = ["left/p1x"]
    brief["topics"][0]["minutes"] = "ten"
    mini.write(tmp_path, brief, mini.source([mini.point("p1", ["x"])]), mini.source([mini.point("q", ["x"])]))
    file = tmp_path / "briefs" / "mini.yaml"
    file.write_text(file.read_text().replace("    left: Left on x.", "    lfet: Left on x."), encoding="utf-8")
    result = invoke("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "topics[0].minutes: expected a whole number, found 'ten'" in result.stderr
    assert "sides[0].highlights[0]: left has no point 'p1x'; did you mean 'p1'?" in result.stderr
    assert "stances.lfet: no side 'lfet'; did you mean 'left'?" in result.stderr
    assert "3 problems found." in result.stderr
