"""The theme: a search path of folders (the workspace's `templates/` first, file by file, then
the built-in theme) and its labels, the words it prints in each language.

Rendering reads its templates, stylesheet and fonts through here; watching and up-to-date
checks read its folders. Nothing here imports Jinja or WeasyPrint.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from brief.errors import BriefError
from brief.model.yaml_data import read_labels
from brief.theme.typography import typeset
from brief.workspace import builtin_theme_resolved, theme_dirs


class Theme:
    """The folders a build may read, in lookup order: the workspace's overrides, then built-in."""

    def __init__(self, workspace: Path | None = None) -> None:
        dirs = theme_dirs(workspace) if workspace is not None else [builtin_theme_resolved()]
        self.dirs: tuple[Path, ...] = tuple(dirs)
        self._labels: dict[str, dict[str, str]] = {}

    @classmethod
    def of(cls, dirs: tuple[Path, ...]) -> Theme:
        """The theme of these folders, as `Theme(workspace).dirs` gave them."""
        theme = cls.__new__(cls)
        theme.dirs, theme._labels = tuple(dirs), {}
        return theme

    def find(self, relative: str) -> Path | None:
        """The first theme file at this relative path, never outside a theme folder."""
        for root in self.dirs:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None

    @cached_property
    def base_url(self) -> str:
        return self.dirs[-1].as_uri() + "/"

    def labels(self, lang: str) -> dict[str, str]:
        """The theme's words for one language, from `locale/<lang>.yaml`, read once per theme.

        A workspace's locale file need only hold the labels it changes: the files are merged
        label by label, the workspace's winning.
        """
        if lang not in self._labels:
            self._labels[lang] = self._read_labels(lang)
        return self._labels[lang]

    def _read_labels(self, lang: str) -> dict[str, str]:
        files = [root / "locale" / f"{lang}.yaml" for root in reversed(self.dirs)]
        files = [f for f in files if f.is_file()]
        if not files:
            have = sorted({p.stem for root in self.dirs for p in (root / "locale").glob("*.yaml")})
            raise BriefError.at(
                self.dirs[-1] / "locale",
                1,
                1,
                f"the theme has no labels for language {lang!r} (it has: {', '.join(have)}); add locale/{lang}.yaml",
            )
        labels: dict[str, str] = {}
        for file in files:
            labels.update(read_labels(file))
        return {key: typeset(value, lang) for key, value in labels.items()}
