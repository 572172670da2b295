"""YAML text -> PyYAML's node graph, every syntax error located.

Tabs, a second document, deep nesting and control characters each get a message of their own.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from brief.errors import BriefError, Problem

try:  # libyaml's parser is several times faster; both give the same nodes and marks
    from yaml import CBaseLoader as _NodeLoader
except ImportError:  # pragma: no cover - pyyaml built without libyaml
    from yaml import BaseLoader as _NodeLoader  # type: ignore[assignment]


MAX_DEPTH = 40

# Every collection is opened by one of these characters ([ { for flow, - ? : for block entries),
# so a text with fewer of them cannot nest deeper; libyaml's composer survives 20,000 levels.
_OPENERS = "[{-?:"

SAFE_TO_COMPOSE = 5_000


def _check_tabs(file: Path, text: str) -> None:
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] and line.strip():
            column = line.index("\t") + 1
            problems.append(Problem(file, number, column, "tab used for indentation; YAML needs spaces"))
    if problems:
        raise BriefError(problems)


_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "a value holding ': ' needs quotes, a line above lacks its 'key:', "
        "or this line is indented deeper than its neighbours",
    ),
    ("cannot start any token", "text that starts with @ or ` needs quotes"),
    ("did not find expected key", "check this line's indentation, or a quote left open above"),
    ("did not find expected '-'", "check this line's indentation"),
    ("unknown escape character", "in double quotes a backslash starts an escape: use single quotes, or write \\\\"),
    ("found undefined alias", "there is no &anchor of that name above"),
    ("expected <document start>", "this line is less indented than the file's first key; indent top-level keys alike"),
    ("could not find expected ':'", "a key needs a ':' after it"),
)


# `key: "text "more" text"`: a quoted value, then more text on its line after the closing mark.
_CLOSED_EARLY = re.compile(
    r"""^(?P<lead>\s*(?:-\s+)?[\w-]+:\s+)(?P<mark>["'])(?P<head>(?:(?!(?P=mark)).)*)(?P=mark)"""
    r"""(?P<rest>\s*[^\s#].*)$"""
)


def _closed_early(file: Path, text: str, exc: yaml.MarkedYAMLError) -> BriefError | None:
    """A quotation mark inside a quoted value that closes it early, named as such, with the two
    ways to keep it (the other kind of quotes around the value, or an escape)."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    for number in (mark.line, mark.line - 1):  # the error is on the value's line or just after it
        if not 0 <= number < len(lines):
            continue
        m = _CLOSED_EARLY.match(lines[number])
        if m is None or (m.group("mark") == "'" and m.group("rest").startswith("'")) or m.group("head").endswith("\\"):
            continue  # '' and \" are a quotation mark kept inside the value, as YAML writes them
        quote, other = m.group("mark"), "'" if m.group("mark") == '"' else '"'
        closes_at = len(m.group("lead")) + 1 + len(m.group("head")) + 1
        value = m.group("head") + quote + m.group("rest").rstrip()
        value = value[:-1] if value.endswith(quote) else value
        escape = '\\"' if quote == '"' else "''"
        fix = f"{other}{value}{other}" if other not in value else f"{quote}{value.replace(quote, escape)}{quote}"
        return BriefError.at(
            file,
            number + 1,
            closes_at,
            f"YAML syntax: the {quote} here closes the value early (it opened at column {len(m.group('lead')) + 1}), "
            f"and the line goes on: to keep a {quote} inside the value, write it as {fix}",
        )
    return None


def _syntax_error(file: Path, exc: yaml.MarkedYAMLError) -> BriefError:
    """A YAML syntax error in our format: where it broke, what broke, and a hint when we know one."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "simple key" in (exc.context or ""):
        mark = exc.context_mark  # the key that lacks its ':' is where the fix goes, not the line after
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = exc.problem or exc.context or "invalid YAML"
    if "another document" in message:
        return BriefError.at(
            file, line, column, "YAML syntax: a second document starts here (---); a file holds one document"
        )
    if exc.context and exc.problem:
        where = exc.context
        ctx = exc.context_mark
        if ctx is not None and (ctx.line, ctx.column) != (mark.line, mark.column):  # type: ignore[union-attr]
            where += f" that starts at line {ctx.line + 1}, column {ctx.column + 1}"
        message = f"{exc.problem} ({where})"
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in message), None)
    return BriefError.at(file, line, column, f"YAML syntax: {message}" + (f"; {hint}" if hint else ""))


def _check_depth(file: Path, text: str) -> None:
    """Refuse deep nesting before composing: libyaml's composer recurses in C and would crash.

    The event stream is flat, so reading it up to the first collection that is too deep
    costs little even for a megabyte of brackets. A text with too few characters that open
    collections to nest that deep is not read twice: the builder refuses its deep nesting.
    """
    if sum(map(text.count, _OPENERS)) <= SAFE_TO_COMPOSE:
        return
    _walk_depth(file, text)


def _libyaml_depth_error(file: Path, text: str, exc: yaml.MarkedYAMLError) -> BriefError:
    """libyaml's own nesting limit (PyYAML 6.0.4 and later), located as ours is.

    Its scanner meets the limit while looking ahead of the events, so the text before that
    point holds the first level past ours: walk it alone to find where.
    """
    mark = exc.problem_mark
    assert mark is not None
    lines = text.split("\n")
    before = "\n".join([*lines[: mark.line], lines[mark.line][: mark.column]])
    try:
        _walk_depth(file, before)
    except BriefError as found:
        return found
    except yaml.YAMLError:
        pass
    return BriefError.at(file, mark.line + 1, mark.column + 1, f"nested more than {MAX_DEPTH} levels deep; flatten it")


def _walk_depth(file: Path, text: str) -> None:
    """Raise at the first collection of `text` that opens past MAX_DEPTH levels."""
    depth = 0
    for event in yaml.parse(text, Loader=_NodeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise BriefError.at(
                    file, mark.line + 1, mark.column + 1, f"nested more than {MAX_DEPTH} levels deep; flatten it"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _reader_error(file: Path, text: str, exc: yaml.reader.ReaderError) -> BriefError:
    """A character YAML refuses (a control character such as ESC or BEL), at its own line and column.

    libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters.
    """
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    at = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
    if text[at : at + 1] != char:
        at = exc.position if text[exc.position : exc.position + 1] == char else max(text.find(char), 0)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return BriefError.at(
        file,
        line,
        column,
        f"YAML syntax: the character U+{ord(char):04X} is not allowed (a control character, "
        "invisible in most editors); delete it",
    )


def compose(file: Path, text: str) -> yaml.Node:
    """The node graph of a one-document YAML file, with syntax errors located.

    Tabs are looked for only when the file does not parse: a tab inside a block of text
    (`claim: |`) is content, not indentation.
    """
    try:
        _check_depth(file, text)
        node = yaml.compose(text, Loader=_NodeLoader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem_mark is not None and "maximum nesting depth" in (exc.problem or ""):
            raise _libyaml_depth_error(file, text, exc) from None
        _check_tabs(file, text)  # the likelier cause, said plainly
        raise _closed_early(file, text, exc) or _syntax_error(file, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(file, text, exc) from None
    except yaml.YAMLError as exc:
        raise BriefError.at(file, 1, 1, f"YAML syntax: {' '.join(str(exc).split())}") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style):
        raise BriefError.at(file, 1, 1, "the file is empty; expected a mapping of keys to values")
    return node
