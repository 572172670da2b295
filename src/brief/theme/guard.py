"""A theme reads only itself: its files, its fonts, nothing of the machine it is built on.

A theme is a folder someone may have downloaded. A partial or a stylesheet that is a link to a
file elsewhere would put that file's content in the handout; a font named by family
(`font-family: 'DejaVu Sans'`) or by `local()` would embed whatever this machine has installed,
so two machines would print two different PDFs. Before anything renders, every file of the
theme is resolved and what leads outside is refused at its place; templates are read through a
loader that checks again; WeasyPrint gets a fontconfig configuration of its own that lists only
the theme's fonts folders.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from brief.errors import BriefError, Problem
from brief.safe_io import leads_outside, read_regular

if TYPE_CHECKING:
    pass

MAX_TEMPLATE_BYTES = 5_000_000

# What a theme's text may not ask for, with the reason, located at the line that asks.
_ASKS = (
    (
        re.compile(r"\blocal\s*\(", re.IGNORECASE),
        (".css", ".j2", ".html"),
        "local() asks for a font installed on this machine, so the PDF would differ from machine "
        "to machine; put the font file in the theme's fonts/ folder and use url(fonts/...)",
    ),
    (
        re.compile(r"<base\b", re.IGNORECASE),
        (".j2", ".html"),
        "a <base> element sends the theme's relative addresses elsewhere; brief reads only the "
        "theme's own files: remove it",
    ),
)


def theme_problems(dirs: Sequence[Path]) -> list[Problem]:
    """Every entry of the theme folders that leads outside them, and every line that asks for the machine."""
    problems = []
    for root in dirs:
        for folder, subdirs, files in os.walk(root):  # links to folders are listed, not followed
            for name in sorted([*subdirs, *files]):
                entry = Path(folder) / name
                reason = leads_outside(root, entry)
                if reason is not None:
                    problems.append(Problem(entry, 0, 0, reason))
                elif name in files and entry.suffix in (".css", ".j2", ".html"):
                    problems += _asks(entry)
    return problems


def _asks(file: Path) -> list[Problem]:
    try:
        text = read_regular(file, MAX_TEMPLATE_BYTES).decode("utf-8", errors="replace")
    except BriefError as exc:
        return exc.problems
    problems = []
    for pattern, suffixes, reason in _ASKS:
        if file.suffix not in suffixes:
            continue
        for found in pattern.finditer(text):
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            problems.append(Problem(file, line, column, f"refused: {reason}"))
    return problems


class ThemeLoader(jinja2.BaseLoader):
    """Jinja's file loader, reading only regular files that resolve inside their theme folder."""

    def __init__(self, dirs: Sequence[Path]) -> None:
        self.dirs = tuple(dirs)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for root in self.dirs:
            candidate = root.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            reason = leads_outside(root, candidate)
            if reason is not None:
                raise BriefError.at(candidate, 0, 0, reason)
            data = read_regular(candidate, MAX_TEMPLATE_BYTES, "template")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise BriefError.at(candidate, line, 1, "not UTF-8; save the template as UTF-8") from None
            mtime = os.stat(candidate).st_mtime_ns
            return text, str(candidate), functools.partial(_unchanged, candidate, mtime)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: int) -> bool:
    try:
        return os.stat(path).st_mtime_ns == mtime
    except OSError:
        return False


# --- fonts: the theme's, and none of the machine's ---------------------------------
