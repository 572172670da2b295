"""View -> HTML (Jinja, sandboxed, every value from YAML escaped), reading nothing but the theme's own files.

The theme (where its files are, its labels) is brief.theme.search; the PDF is brief.render.pdf,
which alone imports WeasyPrint, so `brief check`, `brief --help` and HTML previews stay fast.
"""

from __future__ import annotations

import base64
import dataclasses
import math
import os
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from brief.errors import BriefError
from brief.model.fields import PartialDate
from brief.render.qr import qr_data_url
from brief.theme.guard import ThemeLoader
from brief.theme.search import Theme
from brief.theme.typography import NBSP, typeset
from brief.views.balance import count_words
from brief.views.objects import BriefView

if TYPE_CHECKING:
    pass


# --- fetching: the theme's files and data: URLs, nothing else ----------------------


# --- HTML ------------------------------------------------------------------------


def _format_partial(value: PartialDate | None, lang: str, not_stated: str = "") -> str:
    if value is None:
        return not_stated
    if value.precision == "day":
        return format_date(value.to_date(), format="long", locale=lang)
    if value.precision == "month":
        return format_skeleton("yMMMM", value.to_date(), locale=lang)
    return str(value.year)


def _format_any_date(value: Any, lang: str) -> str:
    """The `date` filter: `{{ value | date(b.lang) }}` for a date or a partial date."""
    if isinstance(value, PartialDate):
        return _format_partial(value, lang)
    return format_date(value, format="long", locale=lang)


def _format_ratio(value: float, lang: str) -> str:
    """The `ratio` filter: 1.6 -> "1.6 : 1" in English, "1,6 : 1" in French, never split at a line's end."""
    return typeset(f"{format_decimal(value, format='0.##', locale=lang)} : 1", lang).replace(" ", NBSP)


def breakable(text: str, every: int = 16) -> Markup:
    """The `breakable` filter: a long unspaced text (an address) with a line-break opportunity
    every few characters. WeasyPrint's line breaking and hyphenation of one long word take time
    that grows with its square (26 s for a 2,300-character address); short pieces keep it linear,
    as long as the text may break only there (`td.url` sets `word-break: normal`: with `break-all`
    a 2,048-character address took 26 s again).
    The opportunity is a zero-width space, not `<wbr>`: inside a link, `<wbr>` leaves WeasyPrint's link
    annotation outside its Link structure element, which PDF/UA-1 refuses (page-validation's
    PDFUA1-LINK-LINK-TAG-001)."""
    pieces = [text[i : i + every] for i in range(0, len(text), every)]
    return Markup("\u200b").join(pieces)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (most of a cold render's time is compiling them).

    Jinja keys each entry by the template's name and a checksum of its source, and checks the
    Python version, so an edited theme or a workspace override is never served stale.
    `BRIEF_NO_CACHE=1` turns it off; a cache folder we cannot create means no cache.
    """
    if os.environ.get("BRIEF_NO_CACHE"):
        return None
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "brief" / "jinja"
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(root))


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, a theme's only way to reach Python: it formats the data, never
    reaches Python's internals nor changes what it is given.

    The sandbox decides at every attribute a template reads (a thousand per dossier) whether it is
    safe; its answer depends only on the object's type and the attribute's name, so each pair is
    decided once, by the sandbox itself, and remembered (its checks were a third of a render in the
    profile; a dossier's HTML renders in 3 to 5 ms instead of 5.5 to 6.3).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if len(self._safe) < 4096:  # names a theme computes from data stay bounded
                self._safe[key] = safe
        return safe


@cache
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = ThemeEnvironment(
        loader=ThemeLoader(dirs),  # only files inside the theme folders
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["date"] = _format_any_date
    env.filters["ratio"] = _format_ratio
    env.filters["qr"] = qr_data_url
    env.filters["breakable"] = breakable
    return env


def _template_error(exc: Exception, theme: Theme) -> BriefError:
    """Name the template file and line of a Jinja error, never a Python traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = Path(exc.filename) if exc.filename else theme.dirs[-1] / str(exc.name)
        return BriefError.at(file, exc.lineno or 1, 1, f"template error: {exc.message}")
    tb = exc.__traceback__
    file, line = theme.dirs[-1] / "brief.html.j2", 1
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.endswith(".css"):
            file, line = Path(name), tb.tb_lineno
        tb = tb.tb_next
    return BriefError.at(file, line, 1, f"template error: {exc}")


@cache
def _data_url(file: Path, mime: str, mtime_ns: int) -> str:
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def _font_source(theme: Theme, standalone: bool) -> Callable[[str], Markup]:
    """The `font_src(stem)` of the stylesheet's @font-face rules.

    For the PDF, the theme's `fonts/<stem>.ttf` (read through the fetcher). For an HTML file
    meant to be opened on its own, `fonts/web/<stem>.woff2` inlined as a data: URL, so it looks
    the same from any folder and on any machine; a theme without web fonts falls back on the
    TTF address and the font stack.
    """

    def font_src(stem: str) -> Markup:
        web = theme.find(f"fonts/web/{stem}.woff2") if standalone else None
        if web is not None:
            url = _data_url(web, "font/woff2", web.stat().st_mtime_ns)
            return Markup(f'url({url}) format("woff2")')
        return Markup(f'url(fonts/{stem}.ttf) format("truetype")')

    return font_src


SHEET_SIZES = (10.5, 10.0, 9.5, 9.0)
"""The one-sheet edition's body sizes in points, tried in turn until it fits two pages; its smallest
text is 90 % of the body and never under 8.5 pt."""

WORDS_PER_MINUTE = 200


def render_html(
    view: BriefView,
    theme: Theme,
    *,
    paper: str = "A4",
    standalone: bool = False,
    sheet_pt: float = SHEET_SIZES[0],
    notes_height: float = 0,
    notes_own_page: bool = False,
    booklet: bool = False,
) -> str:
    """The edition as an HTML document; every value from YAML is escaped.

    `standalone` is for the HTML file itself: its fonts are inlined (about 140 kB) so it
    needs nothing beside it; the HTML handed to WeasyPrint reads the full fonts from the theme.
    The reading time printed on page 1 is this very document's words at 200 a minute.
    `booklet` lays it out for the half-size pages of a booklet (`paper` is then their size).
    """
    view = with_reading_time(view, theme)
    return _render(view, theme, paper, standalone, sheet_pt, notes_height, notes_own_page, booklet)


def with_reading_time(view: BriefView, theme: Theme) -> BriefView:
    """The view with its reading time: the words of its document (without that line) at 200 a minute.

    The words do not depend on the paper, the type size or the fonts, so one count serves every
    rendering of the edition; a view that has its reading time already is returned as it is.
    """
    if view.reading_minutes is not None:
        return view
    draft = _render(view, theme, "A4", False, SHEET_SIZES[0], 0, False, False)
    return dataclasses.replace(view, reading_minutes=reading_minutes(draft))


class _VisibleText(HTMLParser):
    """The words a reader of the document sees: no style, no head, no running headers."""

    def __init__(self) -> None:
        super().__init__()
        self.words = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "head", "title") or ("aria-hidden", "true") in attrs:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag in ("style", "head", "title", "div"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.words += count_words(data)


def reading_minutes(html: str) -> int:
    """How long the document takes to read, at 200 words a minute, rounded up."""
    parser = _VisibleText()
    parser.feed(html)
    return max(1, math.ceil(parser.words / WORDS_PER_MINUTE))


def _render(
    view: BriefView,
    theme: Theme,
    paper: str,
    standalone: bool,
    sheet_pt: float,
    notes_height: float,
    notes_own_page: bool,
    booklet: bool = False,
) -> str:
    env = _environment(theme.dirs)
    labels = theme.labels(view.lang)
    try:
        template = env.get_template("brief.html.j2")
        return template.render(
            b=view,
            L=labels,
            paper=paper,
            booklet=booklet,
            font_src=_font_source(theme, standalone),
            sheet_pt=sheet_pt,
            notes_height=round(notes_height, 1),
            notes_own_page=notes_own_page,
        )
    except BriefError:
        raise  # a theme file that leads outside the theme, already located
    except Exception as exc:
        if isinstance(exc, jinja2.TemplateError) or _raised_in_a_template(exc):
            raise _template_error(exc, theme) from None
        raise


def _raised_in_a_template(exc: BaseException) -> bool:
    """Whether a template line is on the way to the error (`{{ 1 / 0 }}`), so the theme is to blame."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".j2", ".css")):
            return True
        tb = tb.tb_next
    return False


# --- PDF and files ---------------------------------------------------------------


# --- the one-sheet edition: two pages, or a clear refusal ----------------------------
