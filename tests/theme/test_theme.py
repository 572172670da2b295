"""theme.py: the search path (the workspace's templates/ first, file by file) and its labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.errors import BriefError
from brief.theme.search import Theme
from brief.workspace import builtin_theme


def test_without_templates_the_theme_is_the_builtin_one(tmp_path: Path) -> None:
    (tmp_path / "briefs").mkdir()
    theme = Theme(tmp_path)
    assert theme.dirs == (builtin_theme().resolve(),)
    assert theme.find("brief.html.j2") == builtin_theme().resolve() / "brief.html.j2"
    assert theme.find("../pyproject.toml") is None  # never outside a theme folder
    assert theme.base_url == builtin_theme().resolve().as_uri() + "/"


def test_a_workspace_file_wins_and_its_labels_merge_over_the_builtin_ones(tmp_path: Path) -> None:
    (tmp_path / "templates" / "locale").mkdir(parents=True)
    (tmp_path / "templates" / "brief.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "templates" / "locale" / "en.yaml").write_text("question: 'The motion'\n", encoding="utf-8")
    theme = Theme(tmp_path)
    assert theme.dirs[0] == (tmp_path / "templates").resolve()
    assert theme.find("brief.css") == (tmp_path / "templates" / "brief.css").resolve()
    assert theme.find("brief.html.j2") == builtin_theme().resolve() / "brief.html.j2"
    labels = theme.labels("en")
    assert labels["question"] == "The motion"
    assert labels["balance_named_experts"] == "Named experts cited"  # the built-in label for the rest


def test_a_locale_file_that_is_not_a_flat_mapping_is_located(tmp_path: Path) -> None:
    (tmp_path / "templates" / "locale").mkdir(parents=True)
    (tmp_path / "templates" / "locale" / "en.yaml").write_text("question:\n  - a list\n", encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        Theme(tmp_path).labels("en")
    assert str(caught.value.problems[0]).endswith("en.yaml:2:3: question: expected text, found a list")


def test_a_language_with_no_labels_names_those_the_theme_has(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match=r"no labels for language 'de' \(it has: en, fr\); add locale/de.yaml"):
        Theme(tmp_path).labels("de")
