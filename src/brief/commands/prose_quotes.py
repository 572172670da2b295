"""Quotation marks in our own prose mean the article's words: `brief check --texts DIR`.

A passage inside “…”, «…», single guillemets or "…" in any text we write (thesis, claim, notes, expert fields,
questions, leaves-out; a brief's stances, cruxes, notes, questions and hints) must be verbatim in
the article that text draws on, by the rules of `quote`. A source's texts draw on its own article;
a brief's text on the articles of the points it lists (a stance, on its side's points in the
topic), or, listing none, on every article of the brief (a side's label, on that side's).
Our translations belong in `translation` fields, which print as ours, never in quotation marks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from brief.commands.quotes import Article, find, shorten
from brief.errors import BriefError, KeyPath, Problem, display_path
from brief.model.fields import Text
from brief.model.load import Loaded
from brief.model.source import Source
from brief.model.texts import read_article
from brief.model.validate import Debate

# Opening mark -> closing mark; a straight double quote closes itself.
MARKS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u2039": "\u203a", '"': '"'}


def passages(text: str) -> Iterator[tuple[int, str]]:
    """Each quoted passage of a text, with the index of its opening mark; nested ones too, inner first."""
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if stack and c == MARKS[stack[-1][0]]:
            start = stack.pop()[1]
            inner = text[start + 1 : i].strip()
            if inner:
                yield start, inner
        elif c in MARKS:
            stack.append((c, i))


@dataclass(frozen=True)
class ProseSite:
    """One text of ours: where it is, what it says, and the sources whose articles it may quote."""

    loaded: Loaded[object]
    path: KeyPath
    text: str
    sources: tuple[str, ...]


def _variants(path: KeyPath, text: Text) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(text, str):
        yield path, text
    else:
        for lang, value in text.items():
            yield (*path, lang), value


def source_sites(source: Loaded[Source]) -> Iterator[ProseSite]:
    """Every text we wrote in a source summary; each draws on the source's own article."""
    model, own = source.model, (source.id,)
    texts: list[tuple[KeyPath, Text | None]] = [
        (("thesis",), model.thesis),
        (("provenance", "author_role"), model.provenance.author_role),
        *((("provenance", "notes", i), note) for i, note in enumerate(model.provenance.notes)),
        *((("points", i, "claim"), p.claim) for i, p in enumerate(model.points)),
        *(
            (("experts", i, key), getattr(e, key))
            for i, e in enumerate(model.experts)
            for key in ("name", "role", "attributed", "use")
        ),
        *((("open_questions", i, "text"), q.text) for i, q in enumerate(model.open_questions)),
        *((("events", i, "what"), e.what) for i, e in enumerate(model.events)),
        *((("leaves_out", i), text) for i, text in enumerate(model.leaves_out)),
    ]
    for path, text in texts:
        if text is not None:
            for where, value in _variants(path, text):
                yield ProseSite(source, where, value, own)  # type: ignore[arg-type]


def brief_sites(debate: Debate) -> Iterator[ProseSite]:
    """Every text we wrote in a brief, each with the articles it draws on."""
    model = debate.brief.model
    every = tuple(s.id for s in debate.sources)
    side_of = {s.id: i for i, side in enumerate(debate.sides) for s in side}

    def of(refs: list[str], default: tuple[str, ...] = every) -> tuple[str, ...]:
        ids = tuple(dict.fromkeys(ref.split("/", 1)[0] for ref in refs))
        return ids or default

    texts: list[tuple[KeyPath, Text | None, tuple[str, ...]]] = [
        (("title",), model.title, every),
        (("question",), model.question, every),
    ]
    for s, side in enumerate(model.sides):
        texts.append((("sides", s, "label"), side.label, tuple(src.id for src in debate.sides[s])))
    for t, topic in enumerate(model.topics):
        drawn = of(list(topic.points))
        texts += [(("topics", t, key), getattr(topic, key), drawn) for key in ("label", "crux", "note")]
        for s, side in enumerate(model.sides):
            if side.id in topic.stances:
                own = [ref for ref in topic.points if side_of.get(ref.split("/", 1)[0]) == s]
                texts.append(
                    (
                        ("topics", t, "stances", side.id),
                        topic.stances[side.id],
                        of(own, tuple(src.id for src in debate.sides[s])),
                    )
                )
    for q, question in enumerate(model.questions):
        drawn = of(list(question.points))
        texts += [(("questions", q, key), getattr(question, key), drawn) for key in ("text", "hint")]
    for path, text, drawn in texts:
        if text is not None:
            for where, value in _variants(path, text):
                yield ProseSite(debate.brief, where, value, drawn)  # type: ignore[arg-type]


@cache
def _lines(file: Path) -> tuple[str, ...]:
    return tuple(file.read_text(encoding="utf-8-sig").splitlines())


def locate(site: ProseSite, at: int, passage: str) -> tuple[int, int]:
    """The line and column of a passage's opening mark in the file, found from where its text starts."""
    line, column = site.loaded.marks.of(site.path)
    try:
        lines = _lines(site.loaded.marks.file)
    except OSError:
        return line, column
    head = site.text[at : at + 1 + min(len(passage), 24)]
    for n in range(line - 1, min(len(lines), line + 40)):
        found = lines[n].find(head, column - 1 if n == line - 1 else 0)
        if found >= 0:
            return n + 1, found + 1
    return line, column


@dataclass(frozen=True)
class ProseReport:
    """What the check of our prose's quotation marks found."""

    checked: int
    failures: tuple[Problem, ...]


def verify_prose(debates: list[Debate], sources: list[Loaded[Source]], texts: Path) -> ProseReport:
    """Every quoted passage of our prose against the articles it draws on (those with a text in `texts`)."""
    articles: dict[str, Article | None] = {}
    problems: list[Problem] = []

    def article(source_id: str) -> Article | None:
        if source_id not in articles:
            file = texts / f"{source_id}.txt"
            try:
                articles[source_id] = read_article(file) if file.is_file() else None
            except BriefError as exc:
                problems.extend(exc.problems)
                articles[source_id] = None
        return articles[source_id]

    sites = [*(site for s in sources for site in source_sites(s)), *(site for d in debates for site in brief_sites(d))]
    checked = 0
    failures: list[Problem] = []
    seen: set[tuple[Path, KeyPath, int]] = set()
    for site in sites:
        candidates = [a for a in (article(sid) for sid in site.sources) if a is not None]
        if not candidates:
            continue
        for at, passage in passages(site.text):
            key = (site.loaded.marks.file, site.path, at)
            if key in seen:
                continue
            seen.add(key)
            checked += 1
            wrongs = [find(passage, a) for a in candidates]
            if None in wrongs:
                continue
            names = " or ".join(display_path(a.file) for a in candidates)
            line, column = locate(site, at, passage)
            failures.append(
                Problem(
                    site.loaded.marks.file,
                    line,
                    column,
                    f"{shorten(passage)} is in quotation marks but not verbatim in {names}; {wrongs[0]}. "
                    "Quotation marks in our prose hold the article's own words only: quote it exactly, "
                    "or drop the marks and say it in our words",
                    site.path,
                )
            )
    if problems:
        raise BriefError(problems)
    return ProseReport(checked, tuple(failures))
