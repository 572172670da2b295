"""WeasyPrint's font configuration: the theme's fonts and no other, so a PDF is the same on any machine."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from brief.render.weasy import weasyprint  # imported without its library search's subprocesses

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration


def fonts_conf(font_dirs: Sequence[Path], cache_dir: Path) -> str:
    """A fontconfig configuration that knows the theme's fonts folders and nothing else."""
    dirs = "".join(f"  <dir>{escape(str(d))}</dir>\n" for d in font_dirs)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<!-- written by brief: only the theme's fonts, so a PDF is the same on any machine -->\n"
        f"<fontconfig>\n{dirs}  <cachedir>{escape(str(cache_dir))}</cachedir>\n</fontconfig>\n"
    )


def _conf_folder(text: str) -> Path:
    """A folder for one configuration and its font cache: in the user's cache, else a temporary one."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "brief" / "fontconfig" / digest
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        return base
    except OSError:
        return Path(tempfile.mkdtemp(prefix="brief-fontconfig-"))


def theme_font_dirs(dirs: Sequence[Path]) -> list[Path]:
    """The theme folders' `fonts/` folders, the workspace's first."""
    return [root / "fonts" for root in dirs if (root / "fonts").is_dir()]


_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")

FontState = tuple[str, tuple[tuple[str, int, int], ...]]


def font_state(dirs: Sequence[Path], css: str) -> FontState:
    """What the fonts of a rendering are made of: the stylesheet's @font-face rules, and the name,
    size and time of change of each file in the theme's `fonts/` folders.

    A font configuration keeps every face loaded into it, and fontconfig the files it scanned: a
    process that renders again after a theme's fonts changed (`brief watch`, `brief serve`) needs
    another configuration, or it goes on embedding the old faces.
    """
    files = []
    for folder in theme_font_dirs(dirs):
        for file in sorted(folder.iterdir()):
            try:
                info = file.stat()
            except OSError:  # removed since the folder was listed: the next rendering sees it gone
                continue
            files.append((str(file), info.st_size, info.st_mtime_ns))
    return "".join(_FONT_FACE.findall(css)), tuple(files)


@functools.lru_cache(maxsize=8)
def private_font_config(dirs: tuple[Path, ...], state: FontState = ("", ())) -> FontConfiguration:
    """A WeasyPrint font configuration that sees the theme's fonts only: one per theme and state of
    its fonts (`font_state`), per process.

    fontconfig reads FONTCONFIG_FILE each time a configuration is loaded, so it is set just
    while WeasyPrint loads this one, and put back after.
    """
    FontConfiguration = weasyprint.text.fonts.FontConfiguration

    font_dirs = theme_font_dirs(dirs)
    folder = _conf_folder(fonts_conf(font_dirs, Path("cache")))
    conf = folder / "fonts.conf"
    text = fonts_conf(font_dirs, folder / "cache")
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        conf.write_text(text, encoding="utf-8")
    old = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    try:
        return FontConfiguration()
    finally:
        if old is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = old
