"""An article's text and where a quote sits in it.

A quote matches when the article holds the same characters, allowing only what typing and
typesetting change without changing the words: whitespace (and invisible characters such as
soft hyphens, which copying from a web page leaves behind), typographic quotes, apostrophes
and dashes. `[…]` (or `[...]`) marks a cut: the pieces on either side must each be verbatim,
in that order. `brief check` verifies quotes with this match (and says what differs); the build
prints a verified quote with the article's own characters (`as_written`).

Plain Python (no difflib here): checking and building import it at no cost.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from brief.errors import BriefError, Problem
from brief.paths import TEXTS, present
from brief.safe_io import read_regular

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero widths, word joiner, BOM
# Characters that differ only in how they were typed or typeset, folded to one form each.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc`", "'"),  # apostrophes, single quotes
        **dict.fromkeys("\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a\u2033", '"'),  # double quotes, guillemets
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),  # hyphens, dashes, minus
        **dict.fromkeys(_INVISIBLE),  # invisible: dropped
    }
)
_DROPPED = frozenset(_INVISIBLE)
_DROP = dict.fromkeys(map(ord, _INVISIBLE))
CUT = re.compile(r"\[\s*(?:\u2026|\.\.\.)\s*\]")
_WHITESPACE = re.compile(r"\s+")
_KEPT_SPACES = ("\u00a0", "\u202f")  # a no-break space alone, or a narrow one, prints as the article has it
MAX_ARTICLE_BYTES = 20_000_000  # an article text; far past any news piece


@dataclass(frozen=True)
class Folded:
    """A text with its look-alike characters folded and its spacing made canonical.

    Every run of whitespace becomes one space between two word characters and disappears
    next to punctuation, so « bromance », «bromance» and "bromance" read the same.
    `origin[i]` is the index in the original text of folded character i.
    """

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Folded:
        translated = original.translate(_FOLD)
        # Where the invisible characters were dropped, each character's index in the original
        # text is counted past them.
        indices: Iterable[int] = (
            range(len(original))
            if len(translated) == len(original)
            else (i for i, c in enumerate(original) if c not in _DROPPED)
        )
        chars: list[str] = []
        origin: list[int] = []
        pending_space = False
        for i, c in zip(indices, translated, strict=True):
            if c.isspace():
                pending_space = bool(chars)
                continue
            if pending_space and _is_word(chars[-1]) and _is_word(c):
                chars.append(" ")
                origin.append(i - 1)
            pending_space = False
            chars.append(c)
            origin.append(i)
        return cls("".join(chars), tuple(origin))


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def pieces(quote: str) -> list[str]:
    """The verbatim pieces of a quote, split at each `[…]`."""
    return [p for p in (part.strip() for part in CUT.split(quote)) if p]


def whole_words(folded: str) -> re.Pattern[str]:
    """The folded piece, not cut out of a longer word: "fort" must not match inside "forts"."""
    head = r"(?<!\w)" if _is_word(folded[0]) else ""
    tail = r"(?!\w)" if _is_word(folded[-1]) else ""
    return re.compile(head + re.escape(folded) + tail)


@dataclass(frozen=True)
class Article:
    """An article's full text, read from `DIR/<source-id>.txt`."""

    file: Path
    original: str
    folded: Folded

    @classmethod
    def decoded(cls, file: Path, data: bytes) -> Article:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise BriefError.at(file, line, 1, "not UTF-8; article texts must be saved as UTF-8") from None
        return cls(file, text, Folded.of(text))


def spans(quote: str, article: Article) -> list[tuple[int, int]] | None:
    """Where each verbatim piece of the quote is in the article's original text, in order, as
    (start, end) indices; None when the quote is not verbatim in it."""
    start = 0
    found: list[tuple[int, int]] = []
    for piece in pieces(quote):
        folded = Folded.of(piece).text
        if not folded:
            return None  # nothing but invisible characters: nothing to find
        match = whole_words(folded).search(article.folded.text, start)
        if match is None:
            return None
        origin = article.folded.origin
        found.append((origin[match.start()], origin[match.end() - 1] + 1))
        start = match.end()
    return found or None


# The quotes spelled as written this process: (id of the article, quote) -> (the article, the spelling).
_WRITTEN: dict[tuple[int, str], tuple[Article, str | None]] = {}
_WRITTEN_MAX = 4096


def as_written(quote: str, article: Article) -> str | None:
    """`spelled_as_written`, worked out once per article and quote (every edition prints the same quotes)."""
    key = (id(article), quote)
    seen = _WRITTEN.get(key)
    if seen is not None and seen[0] is article:
        return seen[1]
    written = spelled_as_written(quote, article)
    if len(_WRITTEN) >= _WRITTEN_MAX:
        _WRITTEN.clear()
    _WRITTEN[key] = (article, written)
    return written


def spelled_as_written(quote: str, article: Article) -> str | None:
    """The quote spelled with the article's own characters, or None when it is not verbatim there.

    Each verbatim piece becomes the article's passage: its apostrophes, quotation marks and dashes
    as the article has them, its invisible characters dropped, each run of whitespace (a line
    break in the passage) one space, unless it is a single no-break space. The pieces are joined
    with the quote's own cut marks, as the quote writes them. The letters are the quote's: the
    match allows no other difference.
    """
    found = spans(quote, article)
    if found is None:
        return None
    passages = iter(_spelled(article.original[a:b]) for a, b in found)
    out: list[str] = []
    at = 0
    for cut in [*CUT.finditer(quote), None]:
        part = quote[at : cut.start() if cut else len(quote)]
        if part.strip():
            lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
            part = lead + next(passages) + trail
        out.append(part)
        if cut is not None:
            out.append(cut.group())
            at = cut.end()
    return _spaced("".join(out)).strip()


def _spelled(passage: str) -> str:
    """A passage of the article as a quote prints it: no invisible characters, one space a run."""
    return _spaced(passage.translate(_DROP))


def _spaced(text: str) -> str:
    return _WHITESPACE.sub(lambda m: m.group() if m.group() in _KEPT_SPACES else " ", text)


# The articles read in this process: (file as named) -> (digest of its bytes, the article).
_READ: dict[Path, tuple[bytes, Article]] = {}
_READ_MAX = 256


def read_article(file: Path) -> Article:
    """The article in `file`; a file that is not UTF-8, too big or not a regular file is a located
    problem. Decoded and folded once per process while the file's bytes stay the same: sources are
    shared between briefs, `brief check` reads each text for its quotes and again for our prose,
    and watch and serve build again on every save."""
    data = read_regular(file, MAX_ARTICLE_BYTES, "text file")  # never a device, a pipe or a loop
    digest = hashlib.sha256(data).digest()
    seen = _READ.get(file)
    if seen is not None and seen[0] == digest:
        return seen[1]
    article = Article.decoded(file, data)
    if len(_READ) >= _READ_MAX:
        _READ.clear()
    _READ[file] = (digest, article)
    return article


def workspace_articles(root: Path, source_ids: Iterable[str]) -> tuple[dict[str, Article], list[Problem]]:
    """The articles of these sources that the workspace keeps in `texts/<source-id>.txt`, and the
    problems of those that are there but cannot be read (not UTF-8, too big, not a regular file)."""
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for source_id in source_ids:
        file = root / TEXTS / f"{source_id}.txt"
        if not present(file):
            continue  # no text at hand: the quotes print in the edition's typography
        try:
            articles[source_id] = read_article(file)
        except BriefError as exc:
            problems += exc.problems
    return articles, problems
