"""Characters the theme's fonts cannot draw: named at their field, before anything is printed.

An emoji, a CJK or Devanagari word, or ☃ in a summary prints as an empty box where no font
has it, or in whatever font the machine happens to have: two machines, two PDFs. brief gives
WeasyPrint only the theme's fonts, so `brief check` (and every build) names each character
none of them has, at its field's `file:line:column`; a workspace adds a font that has it to
`templates/fonts/`. The fonts' character maps are read once with fontTools and cached.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from brief.errors import KeyPath, Problem
from brief.model.load import Loaded, derived
from brief.paths import real
from brief.workspace import builtin_theme_resolved, root_of

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
MAX_LISTED = 8  # characters named per field; more are counted


def font_files(workspace: Path) -> tuple[Path, ...]:
    """The font files a build in `workspace` gives WeasyPrint: its own theme's, then the built-in's."""
    own, builtin = real(workspace / "templates"), builtin_theme_resolved()
    return (*_fonts_under(own), *_builtin_font_files()) if own != builtin else _builtin_font_files()


def _fonts_under(root: Path) -> list[Path]:
    fonts = root / "fonts"
    if not fonts.is_dir():
        return []
    return sorted(p for p in fonts.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file())


@cache
def _builtin_font_files() -> tuple[Path, ...]:
    """The built-in theme's fonts, found once per process: they ship with brief. A workspace's own
    fonts are looked for on every check, so that a font added while `brief watch` runs counts."""
    return tuple(_fonts_under(builtin_theme_resolved()))


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "brief" / "glyphs"


def _ranges(points: Iterable[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for point in sorted(points):
        if out and out[-1][1] == point - 1:
            out[-1][1] = point
        else:
            out.append([point, point])
    return out


@cache
def _font_coverage(file: Path, size: int, mtime_ns: int) -> frozenset[int]:
    """The code points one font file maps to a glyph (kept on disk, keyed by its path, size and time)."""
    key = hashlib.sha256(f"{file}\0{size}\0{mtime_ns}".encode()).hexdigest()[:24]
    cached = _cache_dir() / f"{key}.json"
    try:
        return frozenset(p for a, b in json.loads(cached.read_text(encoding="utf-8")) for p in range(a, b + 1))
    except (OSError, ValueError, TypeError):
        pass
    from fontTools.ttLib import TTCollection, TTFont

    points: set[int] = set()
    try:
        fonts = TTCollection(file, lazy=True).fonts if file.suffix.lower() == ".ttc" else [TTFont(file, lazy=True)]
        for font in fonts:
            points |= set(font["cmap"].getBestCmap() or {})
    except Exception:  # not a font fontTools can read: it draws nothing we can count on
        return frozenset()
    if not os.environ.get("BRIEF_NO_CACHE"):
        try:
            cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            cached.write_text(json.dumps(_ranges(points)), encoding="utf-8")
        except OSError:
            pass
    return frozenset(points)


def coverage(files: Iterable[Path]) -> frozenset[int]:
    """Every code point at least one of the fonts can draw."""
    return _union(tuple((file, (info := file.stat()).st_size, info.st_mtime_ns) for file in files))


@functools.lru_cache(maxsize=16)
def _union(fonts: tuple[tuple[Path, int, int], ...]) -> frozenset[int]:
    """The fonts' code points together, worked out once per set of font files as they are."""
    points: set[int] = set()
    for file, size, mtime_ns in fonts:
        points |= _font_coverage(file, size, mtime_ns)
    return frozenset(points)


def _needs_no_glyph(char: str) -> bool:
    """Line ends, tabs and invisible format characters (joiners, variation selectors) draw nothing."""
    if char in "\n\r\t":
        return True
    category = unicodedata.category(char)
    return category == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF


def _texts(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every text of a model with its key path (per-language texts under their language key)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, str):
        yield path, value


def describe(char: str) -> str:
    """'☃' (U+2603 SNOWMAN), as a person can find it in their text."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if unicodedata.category(char) == "Cc":
        return f"{code} (a control character)"
    return f"{char!r} ({code}{' ' + name if name else ''})"


def undrawable(loaded: Loaded[Any], drawable: frozenset[int]) -> list[Problem]:
    """One problem per field holding characters none of the fonts has (once per file and fonts)."""
    return list(derived("undrawable", loaded, drawable, lambda: _undrawable(loaded, drawable)))


def _undrawable(loaded: Loaded[Any], drawable: frozenset[int]) -> list[Problem]:
    problems = []
    for path, text in _texts(loaded.model, ()):
        if (text.isascii() and text.isprintable()) or drawable.issuperset(map(ord, text)):
            continue
        missing = [c for c in dict.fromkeys(text) if ord(c) not in drawable and not _needs_no_glyph(c)]
        if not missing:
            continue
        named = ", ".join(describe(c) for c in missing[:MAX_LISTED])
        more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
        problems.append(
            loaded.marks.problem(
                path,
                f"no font of the theme can draw {named}{more}: "
                + (
                    "it would print as an empty box, or in another font on another machine; "
                    "remove it, or add a font that has it to templates/fonts/"
                    if len(missing) == 1
                    else "they would print as empty boxes, or in other fonts on another machine; "
                    "remove them, or add a font that has them to templates/fonts/"
                ),
            )
        )
    return problems


def glyph_problems(files: Iterable[Loaded[Any]]) -> list[Problem]:
    """The undrawable characters of each loaded file, against the fonts of its own workspace."""
    problems = []
    drawable: dict[Path, frozenset[int]] = {}  # workspace -> its fonts' code points, looked up once
    for loaded in files:
        workspace = root_of(loaded.marks.file)
        if workspace not in drawable:
            drawable[workspace] = coverage(font_files(workspace))
        problems += undrawable(loaded, drawable[workspace])
    return problems
