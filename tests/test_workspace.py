"""Where a workspace's files are: the root found by walking up like git, its YAML files, its theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.errors import UsageError
from brief.paths import find_root
from brief.workspace import builtin_theme, require_root, root_of, source_files, theme_dirs, yaml_files


def test_the_root_is_found_from_a_subfolder(tiny_ws: Path) -> None:
    deep = tiny_ws / "sources" / "notes" / "drafts"
    deep.mkdir(parents=True)
    assert find_root(deep) == tiny_ws
    assert require_root(tiny_ws / "briefs") == tiny_ws


def test_a_folder_with_only_sources_is_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    assert find_root(tmp_path) == tmp_path


def test_the_current_folder_is_where_the_walk_starts(tiny_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_ws / "sources")
    assert find_root() == tiny_ws
    assert require_root() == tiny_ws


def test_outside_any_workspace_the_error_says_how_to_start_one(tmp_path: Path) -> None:
    elsewhere = tmp_path / "notes"
    elsewhere.mkdir()
    assert find_root(elsewhere) is None
    with pytest.raises(UsageError) as caught:
        require_root(elsewhere)
    assert str(caught.value) == (
        f"no workspace here: no briefs/ or sources/ folder in {elsewhere} or any folder above it; "
        "`brief new brief ID` starts one here, or cd into a workspace"
    )


def test_yaml_files_are_yaml_and_yml_in_name_order(tiny_ws: Path) -> None:
    folder = tiny_ws / "sources"
    (folder / "middle.yml").write_text("thesis: x\n", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("thesis: x\n", encoding="utf-8")  # an editor's swap or backup
    (folder / "notes.txt").write_text("not YAML\n", encoding="utf-8")
    (folder / "left.yaml~").write_text("a backup\n", encoding="utf-8")
    (folder / "folder.yaml").mkdir()  # listed: reading it says what it is, rather than dropping it silently
    assert [p.name for p in yaml_files(folder)] == ["folder.yaml", "left.yaml", "middle.yml", "right.yaml"]


def test_a_missing_folder_has_no_yaml_files(tmp_path: Path) -> None:
    assert yaml_files(tmp_path / "briefs") == []


def test_source_files_are_the_existing_yaml_and_yml_of_an_id(tiny_ws: Path) -> None:
    folder = tiny_ws / "sources"
    assert source_files(folder, "left") == [folder / "left.yaml"]
    assert source_files(folder, "centre") == []
    (folder / "left.yml").write_text("thesis: x\n", encoding="utf-8")
    assert source_files(folder, "left") == [folder / "left.yaml", folder / "left.yml"]


def test_root_of_a_brief_or_a_source_is_the_folder_above(tiny_ws: Path) -> None:
    assert root_of(tiny_ws / "briefs" / "debate.yaml") == tiny_ws.resolve()
    assert root_of(tiny_ws / "sources" / "right.yaml") == tiny_ws.resolve()


def test_root_of_a_linked_brief_is_the_workspace_of_its_target(tiny_ws: Path, tmp_path: Path) -> None:
    link = tmp_path / "debate.yaml"
    link.symlink_to(tiny_ws / "briefs" / "debate.yaml")
    assert root_of(link) == tiny_ws.resolve()


def test_the_builtin_theme_holds_the_default_templates() -> None:
    theme = builtin_theme()
    assert (theme / "brief.html.j2").is_file()
    assert (theme / "locale" / "en.yaml").is_file()


def test_theme_dirs_without_a_workspace_theme_is_the_builtin_one(tiny_ws: Path) -> None:
    assert theme_dirs(tiny_ws) == [builtin_theme().resolve()]


def test_theme_dirs_put_the_workspace_templates_first(tiny_ws: Path) -> None:
    (tiny_ws / "templates").mkdir()
    assert theme_dirs(tiny_ws) == [(tiny_ws / "templates").resolve(), builtin_theme().resolve()]


def test_the_builtin_theme_is_listed_once_when_it_is_the_workspace_theme() -> None:
    checkout = builtin_theme().resolve().parent  # the repository: its templates/ is the built-in theme
    assert theme_dirs(checkout) == [builtin_theme().resolve()]
