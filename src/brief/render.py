"""View -> HTML (Jinja) -> PDF (WeasyPrint), reading nothing but the theme's own files.

A theme is a search path: a workspace's `templates/` first, file by file, then the
built-in theme. WeasyPrint is imported only when a PDF is written, so `brief check`
and `brief --help` stay fast.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import math
import mimetypes
import os
import tempfile
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
from markupsafe import Markup

from .analysis import BriefView, count_words
from .errors import BriefError, display_path
from .filemode import new_file_mode
from .load import build_data, compose, read_text
from .model import PartialDate, type_name
from .qr import qr_data_url
from .typography import NBSP, typeset
from .workspace import builtin_theme

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration


class Theme:
    """The folders a build may read, in lookup order: the workspace's overrides, then built-in."""

    def __init__(self, workspace: Path | None = None) -> None:
        builtin = builtin_theme().resolve()
        dirs = []
        if workspace is not None:
            own = (workspace / "templates").resolve()
            if own.is_dir() and own != builtin:
                dirs.append(own)
        dirs.append(builtin)
        self.dirs: tuple[Path, ...] = tuple(dirs)

    def find(self, relative: str) -> Path | None:
        """The first theme file at this relative path, never outside a theme folder."""
        for root in self.dirs:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None

    def files(self) -> list[Path]:
        """Every file the theme could serve (for up-to-date checks and watching)."""
        return sorted(p for root in self.dirs for p in root.rglob("*") if p.is_file())

    @property
    def base_url(self) -> str:
        return self.dirs[-1].as_uri() + "/"

    def labels(self, lang: str) -> dict[str, str]:
        """The theme's words for one language, from `locale/<lang>.yaml`.

        A workspace's locale file need only hold the labels it changes: the files are merged
        label by label, the workspace's winning.
        """
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
            data, marks = build_data(file, compose(file, read_text(file)))
            if not isinstance(data, dict):
                raise BriefError.at(
                    file,
                    *marks.of(()),
                    f"a locale file is a flat mapping of label names to text; found {type_name(data)}",
                )
            wrong = [
                marks.problem((k,), f"expected text, found {type_name(v)}")
                for k, v in data.items()
                if not isinstance(v, str)
            ]
            if wrong:
                raise BriefError(wrong)
            labels.update(data)
        return {key: typeset(value, lang) for key, value in labels.items()}


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


@cache
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["date"] = _format_any_date
    env.filters["ratio"] = _format_ratio
    env.filters["qr"] = qr_data_url
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
) -> str:
    """The edition as an HTML document; every value from YAML is escaped.

    `standalone` is for the HTML file itself: its fonts are inlined (about 140 kB) so it
    needs nothing beside it; the HTML handed to WeasyPrint reads the full fonts from the theme.
    The reading time printed on page 1 is this very document's words at 200 a minute.
    """
    if view.reading_minutes is None:
        draft = _render(view, theme, paper, standalone, sheet_pt, notes_height, notes_own_page)
        view = dataclasses.replace(view, reading_minutes=reading_minutes(draft))
    return _render(view, theme, paper, standalone, sheet_pt, notes_height, notes_own_page)


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
) -> str:
    env = _environment(theme.dirs)
    labels = theme.labels(view.lang)
    try:
        template = env.get_template("brief.html.j2")
        return template.render(
            b=view,
            L=labels,
            paper=paper,
            font_src=_font_source(theme, standalone),
            sheet_pt=sheet_pt,
            notes_height=round(notes_height, 1),
            notes_own_page=notes_own_page,
        )
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


_font_config: FontConfiguration | None = None


def _shared_font_config() -> FontConfiguration:
    """One font configuration per process: every edition of every brief reuses it."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


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


def laid_out(html: str, theme: Theme, *, pdf_ua: bool = False) -> Document:
    """The document cut into pages as its PDF will be, to check where pages break."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    try:
        document = HTML(string=html, base_url=theme.base_url, url_fetcher=_make_fetcher(theme))
        return document.render(font_config=_shared_font_config(), pdf_tags=True, pdf_variant=PDF_UA if pdf_ua else None)
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


def sheet_document(view: BriefView, theme: Theme, *, paper: str, pdf_ua: bool = False) -> tuple[Document, str]:
    """The one-sheet edition laid out on exactly two pages, and its HTML.

    The type steps down (never under 8.5 pt) until the content fits two pages; the space left
    at the end of the second page becomes a ruled box to write in.
    """
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
            return candidate, html
        notes -= 6
    return document, render_html(view, theme, paper=paper, sheet_pt=size)


def output_file(out_dir: Path, name: str) -> Path:
    """Where to write `name`: a plain file directly inside `out_dir`, never anywhere else.

    A name with a folder in it, or a symbolic link in its place, would write outside the
    output folder, so both are refused; the link is left alone for the person to remove.
    """
    if name in ("", ".", "..") or any(c in name for c in "/\\\x00"):
        raise BriefError.at(out_dir, 0, 0, f"{name!r} is not a plain file name; outputs stay inside the folder")
    target = out_dir / name
    if target.is_symlink():
        raise BriefError.at(
            target,
            0,
            0,
            f"is a symbolic link (to {os.readlink(target)}); brief writes only plain files inside "
            f"{display_path(out_dir)}/: remove the link",
        )
    if target.is_dir():
        raise BriefError.at(target, 0, 0, "is a folder; brief would write a file here: move the folder away")
    return target


def ensure_out_dir(out_dir: Path) -> None:
    """Create the output folder (and its parents) when missing; a clear problem when it cannot be."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BriefError.at(out_dir, 0, 0, "is a file, not a folder; choose another --out-dir")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefError.at(out_dir, 0, 0, f"cannot create the output folder: {exc.strerror}") from None


def write_atomic(target: Path, data: bytes | str) -> None:
    """Write beside the target, then rename: the old file stays whole until the new one is.

    Interrupted or failed at any point, the target is either the old file or the new one,
    never a mix, and the temporary file is gone. A symbolic link in the target's place is
    replaced, never followed.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    ensure_out_dir(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise BriefError.at(target, 0, 0, f"cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), new_file_mode())  # not mkstemp's 0600: others may read what they could
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise BriefError.at(target, 0, 0, f"cannot write: {exc.strerror or exc}") from None
        raise
