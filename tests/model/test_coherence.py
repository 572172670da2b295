"""What no single file can tell: dates that contradict each other, a language the theme has no
words for, a source handed over as a brief, two files for one source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from brief.errors import display_path
from brief.model.coherence import both_files, missing_labels, not_a_brief, published_after_as_of
from brief.model.load import load_brief, load_source
from brief.workspace import builtin_theme

BRIEF = Path("briefs/debate.yaml")
LEFT = Path("sources/left.yaml")
RIGHT = Path("sources/right.yaml")
Edit = Callable[[Path, str, str], None]


def test_sources_published_after_as_of_are_named_with_their_date_and_line(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(BRIEF, "as_of: 2025-05-01", "as_of: 2025-02-15")
    brief = load_brief(BRIEF)
    problems = published_after_as_of(brief, [load_source(LEFT), load_source(RIGHT)])
    assert [str(p) for p in problems] == [
        "briefs/debate.yaml:5:8: as_of: 2025-02-15 is earlier than the publication of left (2025-03-01, "
        "sources/left.yaml:6); set as_of to the day the brief is up to, 2025-03-01 or later",
        "briefs/debate.yaml:5:8: as_of: 2025-02-15 is earlier than the publication of right (2025-04, "
        "sources/right.yaml:6); set as_of to the day the brief is up to, 2025-04-01 or later",
    ]


def test_a_month_contradicts_as_of_only_when_the_whole_month_is_later(tiny_cwd: Path, edit_yaml: Edit) -> None:
    sources = [load_source(LEFT), load_source(RIGHT)]  # published 2025-03-01 and 2025-04
    edit_yaml(BRIEF, "as_of: 2025-05-01", "as_of: 2025-04-01")
    assert published_after_as_of(load_brief(BRIEF), sources) == []
    edit_yaml(BRIEF, "as_of: 2025-04-01", "as_of: 2025-03-31")
    assert [p.message.split(" (")[0] for p in published_after_as_of(load_brief(BRIEF), sources)] == [
        "2025-03-31 is earlier than the publication of right"
    ]


def test_the_builtin_languages_have_every_label(tiny_ws: Path, edit_yaml: Edit) -> None:
    edit_yaml(tiny_ws / BRIEF, "languages: [en]", "languages: [en, fr]")
    assert missing_labels(load_brief(tiny_ws / BRIEF)) == []


def test_a_language_without_labels_names_the_file_to_create(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(BRIEF, "languages: [en]", "languages: [en, de]")
    (problem,) = missing_labels(load_brief(BRIEF))
    reference = display_path(builtin_theme() / "locale" / "en.yaml")
    assert str(problem) == (
        "briefs/debate.yaml:6:17: languages[1]: the theme has no labels for 'de' (it has en, fr): create "
        f"templates/locale/de.yaml in this workspace, with the labels of {reference} translated "
        "(`brief schema locale` describes the file)"
    )


def test_a_workspace_locale_with_missing_labels_names_them(tiny_cwd: Path, edit_yaml: Edit) -> None:
    edit_yaml(BRIEF, "languages: [en]", "languages: [en, de]")
    locale = tiny_cwd / "templates" / "locale"
    locale.mkdir(parents=True)
    english = (builtin_theme() / "locale" / "en.yaml").read_text(encoding="utf-8")
    (locale / "de.yaml").write_text(english.replace("lang_name: English\n", ""), encoding="utf-8")
    (problem,) = missing_labels(load_brief(BRIEF))
    assert (display_path(problem.file), problem.line, problem.column) == ("templates/locale/de.yaml", 1, 1)
    assert problem.message.startswith("1 label the theme prints is missing for 'de': lang_name (see ")


def test_a_source_handed_over_as_a_brief_is_one_clear_problem(tiny_ws: Path) -> None:
    problem = not_a_brief(tiny_ws / LEFT)
    assert problem is not None
    assert (problem.file, problem.line) == (tiny_ws / LEFT, 2)
    assert problem.message.startswith("this is a source summary (one article), not a brief: ")


def test_a_brief_or_an_unreadable_file_is_not_called_a_source(tiny_ws: Path) -> None:
    assert not_a_brief(tiny_ws / BRIEF) is None
    broken = tiny_ws / "briefs" / "broken.yaml"
    broken.write_text("thesis: [unclosed\n", encoding="utf-8")
    assert not_a_brief(broken) is None  # its syntax error is the problem to report
    other = tiny_ws / "briefs" / "notes.yaml"
    other.write_text("title: Notes\n", encoding="utf-8")
    assert not_a_brief(other) is None  # a broken brief, not a source


def test_both_files_names_the_two_files_to_keep_one_of(tiny_cwd: Path) -> None:
    found = [tiny_cwd / "sources" / "left.yaml", tiny_cwd / "sources" / "left.yml"]
    assert both_files(found) == "both sources/left.yaml and sources/left.yml exist; keep one"
