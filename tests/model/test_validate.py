"""Checks across files: a brief and the sources it names, loaded and validated together."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.errors import BriefError, display_path
from brief.model.load import load_brief, load_source
from brief.model.validate import check_files, is_brief_file, load_debate, missing_languages

BRIEF = Path("briefs/debate.yaml")
LEFT = Path("sources/left.yaml")
RIGHT = Path("sources/right.yaml")
Edit = Callable[[Path, str, str], None]


def test_a_debate_has_each_side_its_sources_in_the_brief_order(tiny_ws: Path) -> None:
    debate = load_debate(tiny_ws / BRIEF)
    assert debate.id == "debate"
    assert [[source.id for source in side] for side in debate.sides] == [["left"], ["right"]]
    assert [source.model.thesis for source in debate.sources] == [
        "Dams do more harm than good.",
        "Dams give clean power cheaply.",
    ]
    assert debate.digests == {  # each file as it was read, the brief first
        tiny_ws / name: hashlib.sha256((tiny_ws / name).read_bytes()).hexdigest() for name in (BRIEF, LEFT, RIGHT)
    }
    assert list(debate.digests) == [tiny_ws / BRIEF, tiny_ws / LEFT, tiny_ws / RIGHT]


def test_a_side_naming_a_missing_source_is_located_with_a_did_you_mean(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(BRIEF, "    source: right", "    source: rigth")
    with pytest.raises(BriefError) as caught:
        load_debate(BRIEF)
    # the topics' references to right/... are not reported too: no telling what they meant
    assert str(caught.value) == "briefs/debate.yaml:14:13: sides[1].source: no source 'rigth'; did you mean 'right'?"


def test_a_missing_source_with_no_close_name_lists_the_sources(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(BRIEF, "    source: right", "    source: hydro")
    with pytest.raises(BriefError) as caught:
        load_debate(BRIEF)
    assert [p.message for p in caught.value.problems] == ["no source 'hydro'; sources in sources: left, right"]


def test_a_point_reference_to_a_missing_point_names_the_points(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(BRIEF, "points: [left/silt, right/cheap]", "points: [left/silt, right/chip]")
    with pytest.raises(BriefError) as caught:
        load_debate(BRIEF)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.path) == (25, 25, ("topics", 1, "points", 1))
    assert problem.message == "right has no point 'chip'; did you mean 'cheap'?"


def test_missing_languages_names_each_text_without_the_brief_language(tiny_ws: Path, edit_yaml: Edit) -> None:
    edit_yaml(tiny_ws / LEFT, "thesis: Dams do more harm than good.", "thesis: {fr: Les barrages nuisent.}")
    source = load_source(tiny_ws / LEFT)
    (problem,) = missing_languages(source, ["en", "fr"], tiny_ws / BRIEF)
    assert (problem.file, problem.line, problem.path) == (tiny_ws / LEFT, 10, ("thesis",))
    assert problem.message == "no 'en' text, which debate.yaml builds (this text has 'fr')"
    assert missing_languages(source, ["fr"], tiny_ws / BRIEF) == []


def test_missing_languages_of_the_brief_itself(tiny_ws: Path, edit_yaml: Edit) -> None:
    edit_yaml(tiny_ws / BRIEF, "label: Nature", "label: {en: Nature, fr: Nature}")
    brief = load_brief(tiny_ws / BRIEF)
    assert missing_languages(brief, ["en", "fr"], tiny_ws / BRIEF) == []
    (problem,) = missing_languages(brief, ["de"], tiny_ws / BRIEF)
    assert problem.path == ("topics", 0, "label")
    assert problem.message == "no 'de' text, which debate.yaml builds (this text has 'en', 'fr')"


def test_is_brief_file_by_folder_then_by_content(tiny_ws: Path, tmp_path: Path) -> None:
    assert is_brief_file(tiny_ws / BRIEF)
    assert not is_brief_file(tiny_ws / LEFT)
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "a-brief.yaml").write_text((tiny_ws / BRIEF).read_text(encoding="utf-8"), encoding="utf-8")
    (loose / "a-source.yaml").write_text((tiny_ws / LEFT).read_text(encoding="utf-8"), encoding="utf-8")
    (loose / "broken.yaml").write_text("sides: [unclosed\n", encoding="utf-8")
    assert is_brief_file(loose / "a-brief.yaml")
    assert not is_brief_file(loose / "a-source.yaml")
    assert not is_brief_file(loose / "broken.yaml")  # reported when loaded as a source


def test_check_files_reports_the_problems_of_every_file_together(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(LEFT, "kind: opinion", "kind: rant")
    edit_yaml(RIGHT, "thesis: Dams give clean power cheaply.", "thesis: ''")
    with pytest.raises(BriefError) as caught:
        check_files([BRIEF, LEFT, RIGHT])
    assert sorted({(display_path(p.file), p.path) for p in caught.value.problems}) == [
        ("sources/left.yaml", ("provenance", "kind")),
        ("sources/right.yaml", ("thesis",)),
    ]


def test_check_files_of_good_files_reports_briefs_and_sources(tiny_ws: Path) -> None:
    report = check_files([tiny_ws / BRIEF, tiny_ws / LEFT])
    assert [debate.id for debate in report.briefs] == ["debate"]
    assert [source.id for source in report.sources] == ["left"]
    assert report.sources[0] is report.briefs[0].sides[0][0]  # one run loads a source once
