"""Where a workspace's files are: `briefs/`, `sources/`, `templates/`, `texts/`, found like git finds a repo.

A workspace is a folder holding `briefs/` or `sources/`. Run from any folder below it (say
`cd sources && brief build`), brief walks up to it, so paths in messages and defaults mean the
same wherever the command is typed. YAML files end in `.yaml` or `.yml`, alike everywhere.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brief.errors import UsageError, display_path
from brief.paths import BRIEFS, SOURCES, TEMPLATES, TEXTS, YAML_SUFFIXES, find_root, present, real

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"  # an id: a source's, a brief's, a point's, a topic's (its file name)

NO_WORKSPACE = (
    "no workspace here: no briefs/ or sources/ folder in {where} or any folder above it; "
    "`brief new brief ID` starts one here, or cd into a workspace"
)


def is_yaml(path: Path) -> bool:
    """A `.yaml` or `.yml` file name (editors' hidden and backup files excluded)."""
    return path.suffix in YAML_SUFFIXES and not path.name.startswith(".")


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly in a folder, in name order; none when it does not exist.

    A YAML name that is not a regular file (a folder, a pipe, a link loop) is listed too: reading
    it names what it is, where skipping it would drop it silently.
    """
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_yaml(p))


def find_briefs(folder: Path) -> list[Path]:
    """Every brief file (`.yaml` or `.yml`) in a `briefs/` folder, in name order."""
    if not folder.is_dir():
        raise UsageError(
            f"no briefs given and no {display_path(folder)}/ folder; name a brief file, "
            "or start one with `brief new brief ID`"
        )
    files = yaml_files(folder)
    if not files:
        raise UsageError(f"{display_path(folder)}/ holds no brief (.yaml or .yml); start one with `brief new brief ID`")
    return files


def require_root(start: Path | None = None) -> Path:
    """The workspace the command runs in, or a usage error that says how to start one."""
    root = find_root(start)
    if root is None:
        raise UsageError(NO_WORKSPACE.format(where=Path(os.path.abspath(start or Path.cwd()))))
    return root


def root_of(file: Path) -> Path:
    """The workspace of a brief or source file: the folder above its `briefs/` or `sources/`."""
    return real(file).parent.parent  # a link loop names itself when read, never a crash here


def sources_dir(brief_file: Path) -> Path:
    """Sources live in `sources/` beside the `briefs/` folder that holds the brief."""
    return root_of(brief_file) / SOURCES


def source_files(folder: Path, source_id: str) -> list[Path]:
    """The files that may hold source `source_id`: `<id>.yaml` and `<id>.yml`, those that exist."""
    return [folder / f"{source_id}{suffix}" for suffix in YAML_SUFFIXES if present(folder / f"{source_id}{suffix}")]


@functools.cache  # it ships with brief: found once per process
def builtin_theme() -> Path:
    """The default theme: inside the installed package, or `templates/` of a source checkout."""
    packaged = Path(__file__).parent / "templates"
    if (packaged / "brief.html.j2").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@functools.cache
def builtin_theme_resolved() -> Path:
    """The default theme's folder with its links resolved, as theme folders are compared and read."""
    return builtin_theme().resolve()


def theme_dirs(root: Path) -> list[Path]:
    """The theme's folders in lookup order: the workspace's `templates/` when it has one, then built-in."""
    builtin = builtin_theme_resolved()
    own = (root / TEMPLATES).resolve()
    return [own, builtin] if own.is_dir() and own != builtin else [builtin]


def theme_folders(root: Path) -> list[Path]:
    """The folders whose files shape a workspace's output: the theme's, and its own `templates/` even
    when absent (a templates/ created later changes the output, so a build records it too)."""
    dirs = theme_dirs(root)
    own = root / TEMPLATES
    return [*dirs, *([] if own.resolve() in dirs else [own])]


def output_folders(root: Path) -> list[Path]:
    """Every folder whose files shape a workspace's output besides its YAML: the theme's
    (`theme_folders`) and `texts/`, whose articles give verified quotes their own characters (absent
    or not: a text added, changed or removed changes how a quote prints)."""
    return [*theme_folders(root), root / TEXTS]


@dataclass(frozen=True)
class Watched:
    """What watch and serve follow in some workspaces: the theme's folders, every folder a save in
    which matters, the workspaces' texts/, and the roots to watch (each workspace, so a folder
    created later is seen, and the built-in theme)."""

    theme: tuple[Path, ...]
    folders: tuple[Path, ...]
    roots: tuple[Path, ...]
    texts: tuple[Path, ...] = ()

    def relevant(self, file: Path) -> bool:
        """A YAML file in briefs/ or sources/, any theme file, an article's text in texts/ (or the
        folder itself, moved into place or away); not editors' hidden or temporary files."""
        if file.name.startswith(".") or not any(file.is_relative_to(d) for d in self.folders):
            return False
        for texts in self.texts:
            if file.is_relative_to(texts):
                return file == texts or (file.parent == texts and file.suffix == ".txt")
        return file.suffix in YAML_SUFFIXES or any(file.is_relative_to(d) for d in self.theme)


def watched(workspaces: Iterable[Path]) -> Watched:
    """The folders watch and serve follow for these workspaces."""
    workspaces = sorted(set(workspaces))
    theme = sorted({d for w in workspaces for d in (*theme_dirs(w), (w / TEMPLATES).resolve())})
    texts = sorted(w / TEXTS for w in workspaces)
    folders = sorted({*theme, *texts, *(w / BRIEFS for w in workspaces), *(w / SOURCES for w in workspaces)})
    roots = sorted({*workspaces, *(d for d in theme if d.exists())})
    return Watched(tuple(theme), tuple(folders), tuple(roots), tuple(texts))
