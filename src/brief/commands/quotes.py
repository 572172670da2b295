"""Every quote must be in its article, word for word: `brief check --texts DIR`.

A quote matches when the article holds the same characters, allowing only what typing and
typesetting change without changing the words: whitespace (and invisible characters such as
soft hyphens, which copying from a web page leaves behind), typographic quotes, apostrophes
and dashes. `[…]` (or `[...]`) marks a cut: the pieces on either side must each be verbatim,
in that order. The match itself is `brief.model.texts`'s, which the build shares to print a
verified quote with the article's own characters; here is what check says of a quote that fails
it: what differs, and the closest passage. Plain Python (difflib), so checking never loads the
renderer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brief.errors import BriefError, KeyPath, Problem, display_path
from brief.model.load import Loaded
from brief.model.source import Source
from brief.model.texts import CUT, Article, Folded, pieces, read_article, whole_words

_WORD = re.compile(r"\w+")
MAX_PASSAGE_CHARS = 160


@dataclass(frozen=True)
class QuoteSite:
    """One quote in a source file: where it is (for the message) and what it says."""

    source: Loaded[Source]
    path: KeyPath
    quote: str


def quote_sites(source: Loaded[Source]) -> Iterator[QuoteSite]:
    """Every verbatim passage a source summary claims: points' quotes and questions asked outright."""
    for i, point in enumerate(source.model.points):
        if point.quote is not None:
            yield QuoteSite(source, ("points", i, "quote"), point.quote)
    for i, question in enumerate(source.model.open_questions):
        if question.quote is not None:
            yield QuoteSite(source, ("open_questions", i, "quote"), question.quote)


def find(quote: str, article: Article) -> str | None:
    """None when the quote is in the article; otherwise what is wrong, with the closest passage."""
    start = 0
    parts = pieces(quote)
    if not parts:
        return "the quote holds nothing but an ellipsis"
    text = article.folded.text
    for n, piece in enumerate(parts):
        folded = Folded.of(piece).text
        if not folded:  # a soft hyphen or a zero-width space alone: nothing a reader would see
            return (
                "the quote holds no visible character"
                if len(parts) == 1
                else f"part {n + 1} holds no visible character"
            )
        pattern = whole_words(folded)
        match = pattern.search(text, start)
        if match is None:
            if n > 0 and pattern.search(text):
                return f"the part after the {_ordinal(n)} […] comes before the part preceding it in the text"
            where = "" if len(parts) == 1 else f"part {n + 1} of {len(parts)}, {shorten(piece)}: "
            return where + closest(piece, article.original)
        start = match.end()
    return None


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


def shorten(text: str, limit: int = MAX_PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    # brief's messages are in English: English quotation marks, whatever the article's language
    return f"\u201c{text}\u201d" if len(text) <= limit else f"\u201c{text[: limit - 1].rstrip()}…\u201d"


def closest(piece: str, original: str) -> str:
    """The passage of the text most like the piece, and every difference between them.

    Windows of the piece's length are ranked word by word (fast), then the best few,
    a word shorter or longer, letter by letter, so "fort" finds "forts" rather than a
    window shifted by one word. The quote is then aligned on the text around that window,
    so words it leaves out in the middle are named as such, not as words the text lacks.
    """
    words = list(_WORD.finditer(original))
    wanted = _WORD.findall(piece)
    if not words or not wanted:
        return "the text has no words to compare"
    size = min(len(wanted), len(words))
    lowered = [w.group().lower() for w in words]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2([w.lower() for w in wanted])
    scores = []
    for at in range(len(words) - size + 1):
        matcher.set_seq1(lowered[at : at + size])
        scores.append((matcher.ratio(), at))
    target = " ".join(wanted).lower()
    best = (-1.0, 0, size)
    for _, at in sorted(scores, reverse=True)[:8]:
        for length in (size - 1, size, size + 1):
            if length < 1 or at + length > len(words):
                continue
            score = difflib.SequenceMatcher(None, " ".join(lowered[at : at + length]), target, autojunk=False).ratio()
            if score > best[0]:
                best = (score, at, length)
    _, at, length = best
    window = _aligned(wanted, words, at, length)
    start, end = window[0].start(), window[-1].end()
    differences = _word_differences(wanted, window, original)
    if not differences:
        differences = _character_differences(piece, original[start : end + 40])
    alike = difflib.SequenceMatcher(None, Folded.of(piece).text, Folded.of(original[start:end]).text, autojunk=False)
    percent = min(99, int(alike.ratio() * 100))  # a passage that fails is never "100 % alike"
    found = "; ".join(differences) if differences else "the quote and the text part ways here"
    return f"closest passage ({percent}% alike): {shorten(original[start:end])}; {found}"


def _aligned(wanted: list[str], words: list[re.Match[str]], at: int, length: int) -> list[re.Match[str]]:
    """The text's words from the first to the last the quote shares with them, looked for a
    quote's length either side of the best window (a quote that cuts words spans more text)."""
    lo, hi = max(0, at - len(wanted)), min(len(words), at + length + len(wanted))
    region = [w.group().lower() for w in words[lo:hi]]
    blocks = difflib.SequenceMatcher(None, [w.lower() for w in wanted], region, autojunk=False).get_matching_blocks()
    blocks = [b for b in blocks if b.size]
    if not blocks:
        return words[at : at + length]
    # The longest run of blocks no wider than the quote plus its gaps: drop stray matches far away.
    first, last = blocks[0], blocks[-1]
    while len(blocks) > 1 and (last.b + last.size) - first.b > 3 * len(wanted):
        blocks = blocks[1:] if blocks[0].size <= blocks[-1].size else blocks[:-1]
        first, last = blocks[0], blocks[-1]
    return words[lo + first.b : lo + last.b + last.size]


def _word_differences(wanted: list[str], window: list[re.Match[str]], original: str) -> list[str]:
    """Every word the quote changes, adds or leaves out, in order (the text's words as it writes them)."""
    out = []
    found = [w.group() for w in window]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wanted, found, autojunk=False).get_opcodes():
        quote_has = " ".join(wanted[i1:i2])
        text_has = " ".join(original[window[j1].start() : window[j2 - 1].end()].split()) if j2 > j1 else ""
        if tag == "replace":
            out.append(f"the quote has {quote_has!r} where the text has {text_has!r}")
        elif tag == "delete":
            out.append(f"the quote has {quote_has!r}, which the text does not have here")
        elif tag == "insert" and 0 < i1 < len(wanted):
            out.append(
                f"the text has {text_has!r} between {wanted[i1 - 1]!r} and {wanted[i1]!r}, which the quote leaves out"
            )
    return out


def _character_differences(piece: str, passage: str) -> list[str]:
    """Same words, yet no match: every mark the quote adds or leaves out (an inner quotation mark,
    a bracket, a comma), named with the words around it, and how to keep a quotation mark in YAML."""
    a, b = Folded.of(piece), Folded.of(passage)
    ops = difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).get_opcodes()
    out: list[str] = []
    marks: set[str] = set()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or (tag == "insert" and i1 == len(a.text)):
            continue  # the text goes on after the quote ends: not a difference
        quote_has = piece[a.origin[i1] : a.origin[i2 - 1] + 1] if i2 > i1 else ""
        text_has = passage[b.origin[j1] : b.origin[j2 - 1] + 1] if j2 > j1 else ""
        before = _words_before(a.text, i1)
        after = _words_after(a.text, i2)
        where = f"after {before!r}" if before else f"before {after!r}"
        if tag == "replace" and not text_has.strip():
            tag = "delete"  # a space the quote's mark replaces ("Poutine, fascinent" / "Poutine fascinent")
        elif tag == "replace" and not quote_has.strip():
            tag = "insert"
        text_has, quote_has = text_has.strip(), quote_has.strip()
        if tag == "insert":
            out.append(f"the text has {text_has!r} {where}, which the quote leaves out")
            marks.update(c for c in text_has if c in "\"'«»“”‘’")
        elif tag == "delete":
            out.append(f"the quote has {quote_has!r} {where}, which the text does not have")
        else:
            out.append(f"the quote has {quote_has!r} where the text has {text_has!r} ({where})")
            marks.update(c for c in text_has if c in "\"'«»“”‘’")
    covered = max((j2 for tag, i1, _, _, j2 in ops if not (tag == "insert" and i1 == len(a.text))), default=0)
    if marks & set("\"'"):  # typographic marks (« » “ ’) are plain characters in YAML: nothing to escape
        out.append(_yaml_advice(marks, passage[: b.origin[covered - 1] + 1] if covered else passage))
    return out


def _yaml_advice(marks: set[str], passage: str) -> str:
    """How to write a quotation mark the text has inside a YAML value, with the passage itself."""
    passage = shorten(passage, 70)[1:-1]  # without shorten's own quotation marks
    if '"' in marks:
        single = "'" + passage.replace("'", "''") + "'"
        return (
            f'to keep a " in a YAML value, put the value in single quotes (quote: {single}) '
            'or write \\" inside double quotes'
        )
    double = '"' + passage.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        f"to keep a ' in a YAML value, put the value in double quotes (quote: {double}) "
        "or write it twice ('') inside single quotes"
    )


def _words_before(folded: str, at: int, count: int = 3) -> str:
    return " ".join(_WORD.findall(folded[:at])[-count:])


def _words_after(folded: str, at: int, count: int = 3) -> str:
    return " ".join(_WORD.findall(folded[at:])[:count])


@dataclass(frozen=True)
class QuoteReport:
    """What `brief check --texts` found: how many quotes were verified, what failed, what had no text."""

    texts: Path
    verified: int
    failures: tuple[Problem, ...]
    unverified: tuple[tuple[str, int], ...]  # (source id, quotes) for sources without a text

    def summary(self) -> str:
        lines = [
            f"{self.verified} quote{'s' if self.verified != 1 else ''} verified against {display_path(self.texts)}"
        ]
        for source_id, count in self.unverified:
            lines.append(
                f"unverified: {count} quote{'s' if count != 1 else ''} of {source_id} "
                f"(no {display_path(self.texts / f'{source_id}.txt')})"
            )
        return "\n".join(lines)


def check_quote(site: QuoteSite, article: Article) -> Problem | None:
    """A located problem when the quote is not verbatim in the article."""
    wrong = find(site.quote, article)
    if wrong is None:
        return None
    return site.source.marks.problem(
        site.path, f"quote not verbatim in {display_path(article.file)}; {wrong}{_how_to_cut(site.quote, wrong)}"
    )


def _how_to_cut(quote: str, wrong: str) -> str:
    """Where the quote leaves words out without `[…]`, or writes a cut another way, say how a cut is written."""
    outside_cuts = CUT.sub(" ", quote)
    bare = "\u2026" in outside_cuts or "..." in outside_cuts
    left_out = r"the text has '[^']*\w[^']*' (?:between|after|before) [^;]*which the quote leaves out"
    left_out_words = re.search(left_out, wrong)
    if bare or left_out_words:
        return "; only [\u2026] (or [...]) joins two passages: an ellipsis alone or words left out are not a cut"
    return ""


def verify(sources: Iterable[Loaded[Source]], texts: Path) -> QuoteReport:
    """Check every quote of every source whose text is in `texts`; the others are listed as unverified."""
    verified = 0
    failures: list[Problem] = []
    unverified: list[tuple[str, int]] = []
    problems: list[Problem] = []
    for source in sources:
        sites = list(quote_sites(source))
        file = texts / f"{source.id}.txt"
        if not file.is_file():
            unverified.append((source.id, len(sites)))
            continue
        try:
            article = read_article(file)
        except BriefError as exc:
            problems += exc.problems
            continue
        for site in sites:
            problem = check_quote(site, article)
            if problem is None:
                verified += 1
            else:
                failures.append(problem)
    if problems:
        raise BriefError(problems)
    return QuoteReport(texts, verified, tuple(failures), tuple(unverified))
