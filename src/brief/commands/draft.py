"""`brief draft`: suggestions drawn from an article's text alone, for a person to judge.

Quotes are verbatim passages of at most 30 words (they pass `brief check --texts` as they
are), people are spaCy's named persons with the role the text gives them, sources are the
institutions and unnamed sources the text leans on, events are dated mentions parsed by
dateparser in the text's language, keywords are candidate topic words. Nothing here reaches
a brief: the suggestions go into a commented block of the source file that the loader never
reads, and a person moves what they keep into the fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief.commands.draft_events import suggest_events
from brief.commands.draft_people import suggest_people, suggest_sources
from brief.commands.draft_pipeline import load_pipeline, pipeline_note
from brief.commands.draft_text import DEFAULT_QUOTES, Draft, detect_language, suggest_keywords, suggest_quotes
from brief.errors import BriefError, UsageError, display_path
from brief.model.fields import LANG_RE
from brief.model.yaml_data import build_data, read_text, read_yaml
from brief.model.yaml_syntax import compose
from brief.output.write import replace_file
from brief.workspace import SLUG_PATTERN

# --- positions ---------------------------------------------------------------------


# --- language ----------------------------------------------------------------------


# --- sentences and quotes ----------------------------------------------------------


# --- people ------------------------------------------------------------------------


# --- sources the text leans on -----------------------------------------------------


# --- dated events ------------------------------------------------------------------


# --- keywords ----------------------------------------------------------------------


# --- the whole draft ---------------------------------------------------------------


def draft(
    text: str, *, language: str | None = None, published: str | None = None, quotes: int = DEFAULT_QUOTES
) -> Draft:
    """Every suggestion for one article's text. `language` and `published` come from the
    source file when it states them; otherwise the language is told from the text's words."""
    notes: list[str] = []
    if language is None:
        language = detect_language(text)
        if language is None:
            notes.append("could not tell the text's language; dates and roles may be missed")
    doc = None
    if language is not None:
        note = pipeline_note(language)
        if note:
            notes.append(note)
        pipeline = load_pipeline(language)
        if pipeline is not None:
            doc = pipeline(text)
    result = Draft(language=language, notes=notes)
    result.quotes = suggest_quotes(text, language, doc, quotes)
    result.people = suggest_people(text, doc, language)
    result.sources = suggest_sources(text, language, doc)
    result.events = suggest_events(text, language, published)
    result.keywords = suggest_keywords(text, language, doc)
    return result


def counted(result: Draft) -> str:
    """'20 quotes, 1 person, ...': what a draft holds, for the terminal."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    return (
        f"{n(len(result.quotes), 'quote', 'quotes')}, {n(len(result.people), 'person', 'people')}, "
        f"{n(len(result.sources), 'source', 'sources')}, {n(len(result.events), 'event', 'events')} and "
        f"{n(len(result.keywords), 'keyword', 'keywords')}"
    )


# --- the commented block in the source file ----------------------------------------

BLOCK_START = "# --- brief draft: suggestions"
BLOCK_END = "# --- end of brief draft ---"


def _q(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def comment_block(result: Draft, text_file: str) -> str:
    """The suggestions as YAML a person can uncomment and move into the fields above."""
    out = [
        f"{BLOCK_START} from {text_file} ({dt.date.today().isoformat()}) ---",
        "# Nothing here is read by brief: move what you keep into the fields above, in your own words",
        "# for claims and roles; quotes are verbatim and pass `brief check` as they are. Running",
        "# `brief draft` again replaces this block.",
        f"# language: {result.language or 'unknown'}",
    ]
    out += [f"# note: {note}" for note in result.notes]
    claims = [q for q in result.quotes if not q.text.endswith("?")]
    questions = [q for q in result.quotes if q.text.endswith("?")]
    out.append("# quotes for points (best first):")
    out += [f"#   - quote: {_q(q.text)}   # line {q.line}, column {q.column}" for q in claims]
    out.append("# questions the article asks outright (open_questions, kind: asked):")
    out += [f"#   - quote: {_q(q.text)}   # line {q.line}, column {q.column}" for q in questions]
    out.append("# people (experts: name, role as the text gives it):")
    for p in result.people:
        role = _q(p.role) if p.role else "null"
        out.append(f"#   - name: {_q(p.name)}\n#     role: {role}   # line {p.line}")
    out.append("# sources the text leans on (institutions, unnamed sources):")
    out += [f"#   - name: {_q(s.text)}\n#     kind: {s.kind}   # line {s.line}" for s in result.sources]
    out.append("# events:")
    for e in result.events:
        guess = ", year taken from the context" if e.inferred_year else ""
        out.append(f"#   - date: {e.date}   # line {e.line}{guess}: {_q(_short(e.text))}")
    out.append(f"# keywords (candidate topics): {', '.join(result.keywords) if result.keywords else 'none'}")
    out.append(BLOCK_END)
    return "\n".join(out) + "\n"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def with_block(source_text: str, block: str) -> str:
    """The source file's text with the draft block at its end, replacing an earlier one."""
    lines = source_text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(BLOCK_START)), None)
    if start is not None:
        end = next((i for i in range(start, len(lines)) if lines[i] == BLOCK_END), len(lines) - 1)
        lines = lines[:start] + lines[end + 1 :]
    body = "\n".join(lines).rstrip("\n")
    return f"{body}\n\n{block}"


def read_source_facts(source_file: Path) -> tuple[str | None, str | None]:
    """The language and publication date a source file states, read without validating it
    (a scaffold is not valid until a person has written its points)."""
    try:
        data, _ = read_yaml(source_file)
    except BriefError:
        return None, None
    provenance = data.get("provenance") if isinstance(data, dict) else None
    if not isinstance(provenance, dict):
        return None, None
    language = provenance.get("language")
    published = provenance.get("published")

    language = language if isinstance(language, str) and LANG_RE.match(language) else None
    published = str(published) if isinstance(published, str | int) and re.match(r"^\d{4}", str(published)) else None
    return language, published


def overlap(candidate: str, curated: str) -> float:
    """The share of a curated quote's words that a candidate holds in one unbroken run."""
    a = _folded_words(candidate)
    b = _folded_words(curated)
    if not b:
        return 0.0
    from difflib import SequenceMatcher

    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size / len(b)


def _folded_words(text: str) -> Sequence[str]:
    return re.findall(r"\w+", text.replace("’", "'").casefold())


# --- the command -------------------------------------------------------------------


@dataclass(frozen=True)
class DraftTarget:
    """What `brief draft` reads and where it may write: the text, and the source file if any."""

    text_file: Path
    source_file: Path | None


def resolve(argument: str, workspace: Path) -> DraftTarget:
    """ID means texts/ID.txt and sources/ID.yaml; anything naming a file is a text to read only."""
    path = Path(argument)
    if path.suffix and path.is_file():
        return DraftTarget(path, None)
    if re.fullmatch(SLUG_PATTERN, argument):
        text_file = workspace / "texts" / f"{argument}.txt"
        if not text_file.is_file():
            raise UsageError(
                f"no {display_path(text_file)}: run `brief import PAGE --id {argument}` first, "
                "or name a text file to draft from"
            )
        source = workspace / "sources" / f"{argument}.yaml"
        return DraftTarget(text_file, source if source.is_file() else None)
    raise UsageError(f"{argument}: no such file, and not a source id (lowercase letters, digits, hyphens)")


def read_article(text_file: Path) -> str:
    try:
        return text_file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{text_file}: byte {exc.start + 1} is not UTF-8; save the text as UTF-8") from None


def add_to_source(source_file: Path, block: str) -> None:
    """Write the block into the source file (replacing an earlier one), atomically, and only if
    the file's data is unchanged by it: the block is comments, never a value."""

    before = read_text(source_file)
    after = with_block(before, block)

    def data_of(text: str) -> Any:
        try:
            return build_data(source_file, compose(source_file, text))[0]
        except BriefError as exc:
            return ("unreadable", str(exc))

    if data_of(before) != data_of(after):
        raise BriefError.at(
            source_file, 1, 1, "adding the draft's comment block would change the file's values; not writing it"
        )

    replace_file(source_file, after.encode("utf-8"), mode=source_file.stat().st_mode & 0o777, durable=False)
