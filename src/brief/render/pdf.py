"""HTML -> PDF with WeasyPrint, reading nothing but the theme's own files and data: URLs.

Importing this module imports WeasyPrint (through brief.render.weasy); the HTML side
(brief.render.html) does not, so `brief check`, `brief --help` and HTML previews stay fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
import os
import re
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from brief.errors import BriefError
from brief.render.fonts import FontState, font_state, private_font_config
from brief.render.html import SHEET_SIZES, render_html, with_reading_time
from brief.render.weasy import weasyprint  # imported without its library search's subprocesses
from brief.theme.search import Theme
from brief.views.objects import BriefView

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration


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
def _stylesheet(text: str, dirs: tuple[Path, ...], fonts: FontState) -> tuple[Any, Any, FontConfiguration]:
    """A theme stylesheet parsed once per process and state of the theme's fonts (WeasyPrint takes a
    tenth of a second to parse and index the default one), with the counter styles it defines and
    the font configuration its @font-face rules were loaded into, which its layouts must use."""
    theme = Theme.of(dirs)
    counters = weasyprint.css.counters.CounterStyle()
    font_config = private_font_config(dirs, fonts)
    css = weasyprint.CSS(
        string=text,
        base_url=theme.base_url,
        url_fetcher=_make_fetcher(theme),
        font_config=font_config,
        counter_style=counters,
    )
    return css, counters, font_config


def laid_out(html: str, theme: Theme, *, pdf_ua: bool = False) -> Document:
    """The document cut into pages as its PDF will be, to check where pages break."""
    HTML, FatalURLFetchingError = weasyprint.HTML, weasyprint.urls.FatalURLFetchingError

    try:
        html, style = _own_style(html)
        fonts = font_state(theme.dirs, html if style is None else style)
        if style is not None:
            css, counters, font_config = _stylesheet(style, theme.dirs, fonts)
        else:  # the document's own style elements, loaded into the configuration as it is parsed
            css, counters, font_config = None, None, private_font_config(theme.dirs, fonts)
        document = HTML(string=html, base_url=theme.base_url, url_fetcher=_make_fetcher(theme))
        return document.render(
            font_config=font_config,
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
    """A one-sheet edition (the handout, the questionnaire) laid out on one sheet: two pages at most.

    The type steps down (never under 8.5 pt) until the content fits two pages. The space left
    at the end becomes a ruled box to write in: the handout's notes, on a page of their own when the
    rest fits one page; the questionnaire's "what would change your mind?", which it always holds
    and which grows to the foot of its last page (one page when it fits one).
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
    own_page = len(document.pages) == 1 and view.sheet  # the handout's second page is all room to write
    pages = SHEET_PAGES if own_page else len(document.pages)
    top = last._page_box.position_y + last._page_box.margin_top
    room = (content_limit(last) - (top if own_page else content_bottom(last))) / PX_PER_MM
    notes = room - 8  # the box's margin
    while notes >= 20:
        html = render_html(view, theme, paper=paper, sheet_pt=size, notes_height=notes, notes_own_page=own_page)
        candidate = laid_out(html, theme, pdf_ua=pdf_ua)
        if len(candidate.pages) == pages:
            return candidate
        notes -= 6
    return document
