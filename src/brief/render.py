"""View -> HTML (Jinja) -> PDF (WeasyPrint), reading nothing but the theme's own files.

The theme (where its files are, its labels) is `theme.py`; writing files is `output.py`.
WeasyPrint is imported only when a PDF is laid out, so `brief check` and `brief --help`
stay fast.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import math
import mimetypes
import os
import re
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import jinja2
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .analysis import BriefView, count_words
from .errors import BriefError
from .model import PartialDate
from .qr import qr_data_url
from .theme import Theme
from .theme_guard import ThemeLoader, private_font_config
from .typography import NBSP, typeset

if TYPE_CHECKING:
    from weasyprint.document import Document


# --- fetching: the theme's files and data: URLs, nothing else ----------------------


class RefusedResource(Exception):
    """WeasyPrint asked for something outside the theme."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url


# What a theme may reference: its own files and data: URLs. Anything else (the network, a
# file elsewhere on the disk, a redirect, which could only come from the network) is refused
# before it is opened, and the build fails rather than print a page with a hole in it.
_REFUSAL = "brief reads only the theme's own files and data: URLs"


def _make_fetcher(theme: Theme) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ThemeFetcher(URLFetcher):
        """Serves theme files (with workspace overrides) and data: URLs; refuses the rest."""

        def __init__(self) -> None:
            super().__init__(allow_redirects=False, fail_on_errors=True, allowed_protocols={"file", "data"})

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                url = rooted_file_url(url)
                path = Path(urllib.request.url2pathname(urlsplit(url).path)).resolve()
                for root in theme.dirs:
                    if path.is_relative_to(root):
                        found = theme.find(str(path.relative_to(root)))
                        if found is not None:
                            mime = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                            return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime})
                        raise RefusedResource(url, f"the theme has no file {path.relative_to(root)}")
            raise RefusedResource(url, f"it is outside the theme; {_REFUSAL}")

    return ThemeFetcher()


def rooted_file_url(url: str) -> str:
    """A file: URL with its path from the root, as every file path is.

    Python 3.13's urljoin drops the leading slash when a relative URL climbs above the
    root (`../../etc/hostname` from `file:///a/` gives `file:etc/hostname`, where 3.11 and
    3.12 give `file:///etc/hostname`); read as relative, such a path would depend on the
    current folder, and a message would name a file no one can find.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.path.startswith("/"):
        return url
    return parts._replace(path="/" + parts.path).geturl()


def _referenced_at(theme: Theme, url: str) -> tuple[Path, int, int]:
    """The theme file, line and column that name a refused URL, as near as a text search tells.

    WeasyPrint gives us the absolute URL; a theme may have written it whole, or as a
    relative path whose last part we look for. Line 0 when no theme file names it.
    """
    parts = urlsplit(url)
    needles = [url, unquote(url)]
    if parts.scheme == "file" and (name := Path(unquote(parts.path)).name):
        path = Path(unquote(parts.path))
        needles += [str(path.relative_to(root)) for root in theme.dirs if path.is_relative_to(root)]
        needles.append(name)
    texts = []
    for root in theme.dirs:
        for file in sorted(root.rglob("*")):
            if file.suffix in (".j2", ".css", ".html") and file.is_file():
                texts.append((file, file.read_text(encoding="utf-8", errors="replace")))
    for needle in needles:
        for file, text in texts:
            at = text.find(needle)
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                return file, line, at - (text.rfind("\n", 0, at) + 1) + 1
    return theme.dirs[0], 0, 0


def _refused(exc: BaseException, theme: Theme) -> BriefError:
    """A refused resource as a problem located where the theme names it."""
    cause = exc.__cause__
    if isinstance(cause, RefusedResource):
        url, reason = cause.url, str(cause)
    else:
        url, reason = str(exc).removeprefix("Error fetching ").strip('"'), str(cause or exc)
    file, line, column = _referenced_at(theme, url)
    shown = url if len(url) <= 100 else url[:97] + "..."
    return BriefError.at(file, line, column, f"refused to read {shown}: {reason}")


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
    that grows with its square (26 s for a 2,300-character address); short pieces keep it linear."""
    pieces = [text[i : i + every] for i in range(0, len(text), every)]
    return Markup("<wbr>").join(pieces)


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


@contextmanager
def source_date_epoch(moment: dt.date) -> Iterator[None]:
    """Pin "now" to a date for tools that stamp it (fontTools writes it into a subset font's
    `head.modified` when HarfBuzz cannot subset), so the same input gives the same bytes."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    midnight = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


PDF_UA = "pdf/ua-1"


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _own_style(html: str) -> tuple[str, str | None]:
    """The document without its one `<style>` element, and that element's text.

    Only when the head holds exactly one style element and no linked stylesheet: the style is
    then the document's only author stylesheet, and handing it to WeasyPrint apart (parsed once,
    see `_stylesheet`) cascades exactly as inline. Our templates escape every value from YAML,
    so a `<style>` in the text is always the theme's own.
    """
    head = html[: max(html.find("<body"), 0)]
    if html.count("<style") != 1 or "<link" in head or (found := _STYLE.search(head)) is None:
        return html, None
    return html[: found.start()] + html[found.end() :], found.group(1)


@functools.lru_cache(maxsize=32)
def _stylesheet(text: str, dirs: tuple[Path, ...]) -> tuple[Any, Any]:
    """A theme stylesheet parsed once per process (WeasyPrint takes a tenth of a second to parse and
    index the default one), with the counter styles it defines; its @font-face rules are loaded
    into the theme's font configuration once."""
    from .weasy import weasyprint

    theme = Theme.of(dirs)
    counters = weasyprint.css.counters.CounterStyle()
    css = weasyprint.CSS(
        string=text,
        base_url=theme.base_url,
        url_fetcher=_make_fetcher(theme),
        font_config=private_font_config(dirs),
        counter_style=counters,
    )
    return css, counters


def laid_out(html: str, theme: Theme, *, pdf_ua: bool = False) -> Document:
    """The document cut into pages as its PDF will be, to check where pages break."""
    from .weasy import weasyprint  # imported without its library search's subprocesses

    HTML, FatalURLFetchingError = weasyprint.HTML, weasyprint.urls.FatalURLFetchingError

    try:
        html, style = _own_style(html)
        css, counters = _stylesheet(style, theme.dirs) if style is not None else (None, None)
        document = HTML(string=html, base_url=theme.base_url, url_fetcher=_make_fetcher(theme))
        return document.render(
            font_config=private_font_config(theme.dirs),
            counter_style=counters,
            stylesheets=[css] if css is not None else None,
            pdf_tags=True,
            pdf_variant=PDF_UA if pdf_ua else None,
        )
    except FatalURLFetchingError as exc:
        raise _refused(exc, theme) from None


def document_pdf(document: Document, theme: Theme, *, created: dt.date | None = None, pdf_ua: bool = False) -> bytes:
    """The PDF of a laid-out document; `created` (the brief's date) is the only clock it may show.

    Attachments are fetched only now, so a refusal can come from here too, located in the theme.
    """
    from weasyprint.urls import FatalURLFetchingError

    pinned: AbstractContextManager[None] = source_date_epoch(created) if created else nullcontext()
    try:
        with pinned:
            data = document.write_pdf(pdf_tags=True, pdf_variant=PDF_UA if pdf_ua else None)
    except FatalURLFetchingError as exc:
        raise _refused(exc, theme) from None
    assert data is not None
    return data


def pdf_bytes(html: str, theme: Theme, *, created: dt.date | None = None, pdf_ua: bool = False) -> bytes:
    """The tagged PDF of an HTML document rendered by WeasyPrint with the theme-only fetcher.

    `created` (the brief's as-of date) is the only clock the PDF may show; `pdf_ua` asks
    WeasyPrint for PDF/UA-1 (tags, XMP metadata, PDF 1.7).
    """
    return document_pdf(laid_out(html, theme, pdf_ua=pdf_ua), theme, created=created, pdf_ua=pdf_ua)


# --- the one-sheet edition: two pages, or a clear refusal ----------------------------

PX_PER_MM = 96 / 25.4
SHEET_PAGES = 2


def content_bottom(page: Any) -> float:
    """How far down a laid-out page its body content reaches, in CSS px from the page's top edge."""
    from weasyprint.formatting_structure import boxes

    bottom = 0.0
    root = page._page_box.children[0]  # the html box; margin boxes (running headers, folios) follow it
    for box in root.descendants():
        if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableCellBox):
            bottom = max(bottom, box.position_y + box.margin_height())
    return bottom


def content_limit(page: Any) -> float:
    """The lowest point a page's body may reach: its height less the bottom margin."""
    box = page._page_box
    return box.position_y + box.margin_height() - box.margin_bottom


class SheetOverflow(Exception):
    """The one-sheet edition's content does not fit two pages even at its smallest type."""

    def __init__(self, overflow_mm: float, pages: int, sheet_pt: float) -> None:
        super().__init__(f"overflows by {overflow_mm:.0f} mm")
        self.overflow_mm, self.pages, self.sheet_pt = overflow_mm, pages, sheet_pt


def sheet_document(view: BriefView, theme: Theme, *, paper: str, pdf_ua: bool = False) -> Document:
    """The one-sheet edition laid out on exactly two pages.

    The type steps down (never under 8.5 pt) until the content fits two pages; the space left
    at the end of the second page becomes a ruled box to write in.
    """
    view = with_reading_time(view, theme)  # counted once, whatever the size tried
    for size in SHEET_SIZES:
        html = render_html(view, theme, paper=paper, sheet_pt=size)
        document = laid_out(html, theme, pdf_ua=pdf_ua)
        if len(document.pages) <= SHEET_PAGES:
            break
    else:
        extra = document.pages[SHEET_PAGES:]
        first = extra[0]
        top = first._page_box.position_y + first._page_box.margin_top
        beyond = sum(content_bottom(p) - top for p in extra[:-1]) if len(extra) > 1 else 0.0
        beyond += content_bottom(extra[-1]) - top
        raise SheetOverflow(beyond / PX_PER_MM, len(document.pages), SHEET_SIZES[-1])
    last = document.pages[-1]
    own_page = len(document.pages) == 1  # the second page is all room to write
    top = last._page_box.position_y + last._page_box.margin_top
    room = (content_limit(last) - (top if own_page else content_bottom(last))) / PX_PER_MM
    notes = room - 8  # the box's margin
    while notes >= 20:
        html = render_html(view, theme, paper=paper, sheet_pt=size, notes_height=notes, notes_own_page=own_page)
        candidate = laid_out(html, theme, pdf_ua=pdf_ua)
        if len(candidate.pages) == SHEET_PAGES:
            return candidate
        notes -= 6
    return document
