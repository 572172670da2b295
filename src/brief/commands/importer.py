"""`brief import`: a saved page, an address or a plain-text file -> the article's text and a source scaffold.

trafilatura keeps the article's main text (no navigation, comments, footer or related links)
and reads its metadata; htmldate reads the publication date from the page's markup only,
never from a copyright line or a guess. Every provenance value written into the scaffold says
where it came from; what the page does not give stays null. This is the only module of brief
that touches the network, and only for an http(s) address named on the command line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from brief.commands.page_facts import Found, byline, plausible, stated_date
from brief.commands.scaffold import MAX_ID, check_id, scaffold
from brief.errors import UsageError, display_path
from brief.model.fields import LANG_RE, URL_RE

FETCH_TIMEOUT = 20.0  # seconds without an answer before giving up
MAX_PAGE_BYTES = 5_000_000  # a news page is well under a megabyte; more is not an article
MIN_WORDS = 40  # fewer words than this is a listing, a login wall or an error page, not an article
USER_AGENT = "brief-import (a debate-brief generator; one page, on a person's request)"

# schema.org article types that name the kind of piece; a plain NewsArticle says nothing about it.
_KINDS = {
    "opinionnewsarticle": "opinion",
    "analysisnewsarticle": "analysis",
    "reportagenewsarticle": "news",
    "backgroundnewsarticle": "explainer",
}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


class ImportFailure(Exception):
    """The page cannot be imported (unreachable, not an article, not text): the person's to fix."""


@dataclass(frozen=True)
class Page:
    """What an imported page gives: the article's text and whatever provenance it states."""

    text: str
    origin: str  # the address or the file it was read from, for the scaffold's header
    title: Found | None = None
    outlet: Found | None = None
    author: Found | None = None
    author_role: Found | None = None
    published: Found | None = None
    url: Found | None = None
    language: Found | None = None
    kind: Found | None = None
    site: str | None = None  # the site's short name for the default id, e.g. notrecontinent


# --- reading the page --------------------------------------------------------------


def is_url(page: str) -> bool:
    return bool(re.match(r"^https?://", page, re.IGNORECASE))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to other http(s) addresses."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        if not is_url(newurl):
            raise ImportFailure(f"{req.full_url}: redirected to {newurl}, which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, timeout: float | None = None, limit: int | None = None) -> tuple[bytes, str, str]:
    """The page's bytes, its final address (after redirects) and its content type."""
    timeout = FETCH_TIMEOUT if timeout is None else timeout
    limit = MAX_PAGE_BYTES if limit is None else limit
    host = urlsplit(url).hostname or url
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain"})
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise ImportFailure(f"{url}: the page is {int(length):,} bytes, over the {limit:,}-byte limit")
            data = response.read(limit + 1)
            if len(data) > limit:
                raise ImportFailure(f"{url}: the page is over the {limit:,}-byte limit; not importing it")
            return data, response.geturl(), response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise ImportFailure(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise ImportFailure(f"{url}: no answer from {host} within {timeout:g} s") from None
        raise ImportFailure(
            f"{url}: cannot reach {host} ({reason}); offline? Save the page from your browser "
            "and import the saved file instead"
        ) from None
    except TimeoutError:
        raise ImportFailure(f"{url}: no answer from {host} within {timeout:g} s") from None
    except OSError as exc:  # a connection reset half-way, say
        raise ImportFailure(f"{url}: the connection to {host} failed ({exc})") from None


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<p>" in head


def _decode_text(data: bytes, origin: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailure(
            f"{origin}: byte {exc.start + 1} is not UTF-8; save the text as UTF-8 and import it again"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_page(page: str) -> Page:
    """Read PAGE (an http(s) address, a saved HTML page or a plain-text file) into a Page."""
    if is_url(page):
        data, final_url, content_type = fetch(page)
        if content_type == "text/plain":
            return _plain(_decode_text(data, page), page, url=final_url)
        if content_type not in ("text/html", "application/xhtml+xml"):
            raise ImportFailure(f"{page}: the address serves {content_type}, not an HTML page or plain text")
        return _from_html(data, page, fetched_url=final_url)
    path = Path(page)
    if not path.is_file():
        raise UsageError(f"{page}: no such file, and not an http(s) address")
    data = path.read_bytes()
    if len(data) > MAX_PAGE_BYTES:
        raise ImportFailure(f"{page}: the file is over the {MAX_PAGE_BYTES:,}-byte limit; not an article")
    if path.suffix.lower() in _HTML_SUFFIXES or (path.suffix.lower() != ".txt" and _looks_like_html(data)):
        return _from_html(data, display_path(path), fetched_url=None)
    return _plain(_decode_text(data, display_path(path)), display_path(path), url=None)


def _plain(text: str, origin: str, *, url: str | None) -> Page:
    """A plain-text copy: its text as it is; it states nothing about its provenance."""
    text = "\n".join(line.rstrip() for line in text.strip("\n").split("\n")) + "\n"
    _enough_words(text, origin)
    found_url = Found(url, "the address it was fetched from") if url else None
    return Page(text=text, origin=origin, url=found_url, site=_site_of_host(url) if url else None)


def _enough_words(text: str, origin: str) -> None:
    words = len(text.split())
    if words < MIN_WORDS:
        raise ImportFailure(
            f"{origin}: no article text found ({words} word{'s' if words != 1 else ''} of main text); "
            "is it a home page, a listing or a login wall? Import the article's own page, or a plain-text copy"
        )


# --- what the markup states --------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Markup:
    """The page's metadata: <meta> values, <title>, JSON-LD, canonical link and <html lang>."""

    def __init__(self, tree: Any) -> None:
        self.values: list[tuple[str, str]] = []  # (label, text)
        for meta in tree.iter("meta"):
            name = meta.get("property") or meta.get("name") or meta.get("itemprop")
            if name and meta.get("content"):
                self.values.append((name, meta.get("content")))
        for title in tree.iter("title"):
            if title.text:
                self.values.append(("<title>", title.text))
        for time in tree.iter("time"):
            if time.get("datetime"):
                self.values.append(("<time datetime>", time.get("datetime")))
        self.json_ld: list[dict[str, Any]] = []
        for script in tree.iter("script"):
            if (script.get("type") or "").lower() == "application/ld+json" and script.text:
                try:
                    data = json.loads(script.text)
                except ValueError:
                    continue
                self._walk_json_ld(data)
        self.canonical = next(
            (link.get("href") for link in tree.iter("link") if (link.get("rel") or "").lower() == "canonical"), None
        )
        html = tree if tree.tag == "html" else next(tree.iter("html"), None)
        self.lang = html.get("lang") if html is not None else None

    def _walk_json_ld(self, data: Any, label: str = "JSON-LD") -> None:
        if isinstance(data, list):
            for item in data:
                self._walk_json_ld(item, label)
        elif isinstance(data, dict):
            if "@graph" in data:
                self._walk_json_ld(data["@graph"], label)
            if "@type" in data:
                self.json_ld.append(data)
            for key, value in data.items():
                if isinstance(value, str):
                    self.values.append((f"JSON-LD {key}", value))
                elif isinstance(value, dict | list):
                    self._walk_json_ld(value, label)

    def label_of(self, value: str) -> str | None:
        """Which metadata holds this value (the first that does), if any."""
        wanted = _fold(value)
        for label, text in self.values:
            if wanted and wanted in _fold(text):
                return label
        return None

    def value(self, *names: str) -> tuple[str, str] | None:
        for name in names:
            for label, text in self.values:
                if label.lower() == name.lower() and text.strip():
                    return label, text.strip()
        return None

    def article_types(self) -> list[str]:
        types: list[str] = []
        for item in self.json_ld:
            kind = item.get("@type")
            types += [t for t in (kind if isinstance(kind, list) else [kind]) if isinstance(t, str)]
        return types


def _where(markup: _Markup, value: str, text: str) -> str:
    label = markup.label_of(value)
    if label:
        return f"from the page's metadata ({label})"
    if _fold(value) in _fold(text):
        return "from the article's text"
    return "from the page"


def _language(markup: _Markup) -> Found | None:
    candidates = [("<html lang>", markup.lang)]
    for item in markup.json_ld:
        if isinstance(item.get("inLanguage"), str):
            candidates.append(("JSON-LD inLanguage", item["inLanguage"]))
    found = markup.value("og:locale")
    if found:
        candidates.append(found)
    for label, raw in candidates:
        code = (raw or "").strip().replace("_", "-").split("-")[0].lower()
        if LANG_RE.match(code):
            return Found(code, f"from the page's markup ({label})")
    return None


def _kind(markup: _Markup) -> Found | None:
    for kind in markup.article_types():
        if kind.lower() in _KINDS:
            return Found(_KINDS[kind.lower()], f"from the page's metadata (schema.org {kind})")
    return None


def _site_of_host(url: str | None) -> str | None:
    """www.notrecontinent.com -> notrecontinent: the part of the host a person would name."""
    host = (urlsplit(url).hostname or "") if url else ""
    if re.fullmatch(r"[\d.:]+", host) or host == "localhost":
        return None  # an address, not a site's name
    parts = [p for p in host.split(".") if p and p not in ("www", "m", "amp")]
    if len(parts) >= 2:
        parts = parts[:-1]  # the top-level domain
    return _slug(parts[-1]) if parts else None


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"\.(com|org|net|fr|de|uk|info|eu)$", "", ascii_text.strip())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _from_html(data: bytes, origin: str, *, fetched_url: str | None) -> Page:
    import logging

    import trafilatura
    from htmldate import find_date
    from trafilatura.utils import load_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are not the person's concern
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    tree = load_html(data)
    if tree is None:
        raise ImportFailure(f"{origin}: cannot read it as an HTML page")
    markup = _Markup(tree)
    document = trafilatura.bare_extraction(
        data,
        url=fetched_url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (document.text or "") if document is not None else ""
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip()) + "\n"
    _enough_words(text, origin)

    def found(value: Any) -> Found | None:
        if not isinstance(value, str) or not value.strip():
            return None
        return Found(value.strip(), _where(markup, value.strip(), text))

    title = found(document.title)
    author = found(document.author)
    outlet = found(document.sitename)
    host = (urlsplit(fetched_url).netloc if fetched_url else "").lower().removeprefix("www.")
    if outlet and host and outlet.value.lower().removeprefix("www.") == host:
        outlet = None  # trafilatura's fallback to the host name: the page does not state it

    # The date from the markup only: htmldate's extensive search would read "© 2025" as a date.
    # What the metadata states comes first, whatever its year; htmldate then reads the rest.
    stated = stated_date(markup.value)
    published = Found(stated[0], f"from the page's metadata ({stated[1]})") if stated else None
    iso = None if published else find_date(data, url=fetched_url, extensive_search=False, original_date=True)
    if published and not plausible(published.value):
        published = Found(
            published.value,
            f"{published.where}; a date outside 1995 to today, which the date reader (htmldate) sets "
            "aside: check it against the page",
        )
    if iso:
        day = iso[:10]
        label = markup.label_of(day)
        if label:
            where = f"from the page's metadata ({label})"
        elif fetched_url and (day in fetched_url or day.replace("-", "/") in fetched_url):
            where = "from the page's address"
        else:
            where = "from the page's markup (htmldate)"
        published = Found(day, where)

    url: Found | None = None
    canonical = markup.canonical or (markup.value("og:url") or ("", ""))[1]
    if canonical and re.match(URL_RE, canonical):
        url = Found(canonical, "from the page's metadata (its canonical address)")
    elif fetched_url:
        url = Found(fetched_url, "the address it was fetched from")

    site = _slug(outlet.value) if outlet else None
    if not site:
        site = _site_of_host(url.value if url else fetched_url)
    author, author_role = byline(text, author)
    return Page(
        text=text,
        origin=origin,
        title=title,
        outlet=outlet,
        author=author,
        author_role=author_role,
        published=published,
        url=url,
        language=_language(markup),
        kind=_kind(markup),
        site=site or None,
    )


# --- writing the text and the scaffold ---------------------------------------------


def default_id(page: Page, fallback: str) -> str:
    """The site and the date (notrecontinent-2026-01-11), as far as the page gives them."""
    name = page.site or _slug(fallback) or "article"
    name = name[: MAX_ID - 11].strip("-")
    return f"{name}-{page.published.value}" if page.published else name


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def source_scaffold(page: Page, file_id: str, display: str, texts_display: str) -> str:
    """`brief new source`'s scaffold with the provenance the page gives filled in and annotated."""
    text = scaffold("source", file_id, display)
    today = dt.date.today().isoformat()
    header = [
        f"# Imported on {today} from {page.origin}; the article's text is in {texts_display},",
        "# which `brief check` verifies quotes against. Each value taken from the page says where it",
        "# came from: check it against the page. What the page does not state is null: never guess it.",
    ]
    lines = text.split("\n")
    blank = lines.index("")
    lines[blank:blank] = header
    fields = {
        "title": page.title,
        "outlet": page.outlet,
        "author": page.author,
        "author_role": page.author_role,
        "published": page.published,
        "url": page.url,
        "language": page.language,
        "kind": page.kind,
    }
    in_provenance = False
    for i, line in enumerate(lines):
        if line == "provenance:":
            in_provenance = True
            continue
        if in_provenance and line and not line.startswith(" "):
            break
        m = re.match(r"^  ([a-z_]+):( null)?$", line)
        if not (in_provenance and m and m.group(1) in fields):
            continue
        value = fields[m.group(1)]
        if value is None:
            if m.group(1) == "language":
                lines[i] = f"{line}  # the page does not state it: write the article's language (e.g. fr)"
            elif m.group(1) != "kind":  # the kind of piece is the reader's judgement
                lines[i] = f"{line}  # the page does not state it"
            continue
        shown = value.value if m.group(1) in ("published", "language", "kind") else _yaml_string(value.value)
        lines[i] = f"  {m.group(1)}: {shown}  # {value.where}; check it"
    if page.kind is not None:  # the page's own word for the kind of piece, and the brief says whose
        lines = [
            re.sub(r"^  kind_from: \w+$", "  kind_from: page  # the page's metadata names the kind", line)
            for line in lines
        ]
    return "\n".join(lines)


def import_page(page_arg: str, workspace: Path, file_id: str | None) -> tuple[Path, Path, Page]:
    """Write texts/<id>.txt and sources/<id>.yaml from PAGE; never overwrite either."""
    if file_id is not None:
        check_id(file_id)
    page = read_page(page_arg)
    if file_id is None:
        # Without a site's name: the file's name, or the address's last part (/blog/sunday -> sunday).
        fallback = Path(urlsplit(page_arg).path).stem if is_url(page_arg) else Path(page_arg).stem
        file_id = default_id(page, fallback)
        check_id(file_id)
    text_path = workspace / "texts" / f"{file_id}.txt"
    source_path = workspace / "sources" / f"{file_id}.yaml"
    for path in (text_path, source_path):
        if path.exists():
            raise UsageError(
                f"{display_path(path)} already exists; not overwriting it (choose another id with --id, "
                "or delete the file)"
            )
    yaml_text = source_scaffold(page, file_id, display_path(source_path), display_path(text_path))
    text_path.parent.mkdir(parents=True, exist_ok=True)
    source_path.parent.mkdir(parents=True, exist_ok=True)
    with text_path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(page.text)
    try:
        with source_path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(yaml_text)
    except FileExistsError:  # created since the check above
        text_path.unlink(missing_ok=True)
        raise UsageError(f"{display_path(source_path)} already exists; not overwriting it") from None
    except BaseException:
        text_path.unlink(missing_ok=True)  # both or neither
        source_path.unlink(missing_ok=True)
        raise
    return text_path, source_path, page
