"""WeasyPrint's font configuration: the theme's fonts and no other, so a PDF is the same on any machine."""

from __future__ import annotations

import functools
import hashlib
import os
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


@functools.cache
def private_font_config(dirs: tuple[Path, ...]) -> FontConfiguration:
    """A WeasyPrint font configuration that sees the theme's fonts only (one per theme, per process).

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
