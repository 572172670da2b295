"""The theme travels with the package (a wheel holds every theme file); a workspace overrides it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from brief.theme.search import Theme
from brief.workspace import builtin_theme
from tests.workspaces import ROOT


def test_wheel_ships_the_whole_theme(wheel: Path) -> None:
    assert wheel.name.startswith("debate_brief-")  # `brief` on PyPI is another project
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = sorted(p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file())
    assert theme and all(f"brief/templates/{name}" in names for name in theme)
    package = ROOT / "src" / "brief"
    modules = sorted(f"brief/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py"))
    assert "brief/cli/commands.py" in modules and all(module in names for module in modules)  # every subpackage


def test_a_workspace_template_overrides_the_builtin_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "templates" / "locale").mkdir(parents=True)
    (tmp_path / "templates" / "locale" / "en.yaml").write_text("not_stated: unknown\n", encoding="utf-8")
    theme = Theme(tmp_path)
    assert theme.dirs == ((tmp_path / "templates").resolve(), builtin_theme().resolve())
    assert theme.find("locale/en.yaml") == (tmp_path / "templates" / "locale" / "en.yaml").resolve()
    assert theme.find("brief.css") == builtin_theme().resolve() / "brief.css"
    labels = theme.labels("en")
    assert labels["not_stated"] == "unknown"  # the workspace's label wins...
    assert labels["clash"] == "Where they clash"  # ...and the built-in ones fill in the rest
    assert theme.find("../pyproject.toml") is None
