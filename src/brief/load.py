"""YAML -> models, with a file:line:column for every problem.

We compose PyYAML's node graph and build the data ourselves from the same nodes, so each
value keeps its position. Building it ourselves also closes YAML's traps: duplicate keys,
tab indentation, YAML 1.1 booleans and timestamps (`no`, `on`, `2025-08-15` stay text as
typed), alias bombs, deep nesting, and files that are too large or not UTF-8.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BriefError, KeyPath, Problem
from .model import LANG_PATTERN, POINT_REF_RE, SLUG_RE, URL_RE, Brief, Source, type_name
from .safe_io import read_regular

try:  # libyaml's parser is several times faster; both give the same nodes and marks
    from yaml import CBaseLoader as _NodeLoader
except ImportError:  # pragma: no cover - pyyaml built without libyaml
    from yaml import BaseLoader as _NodeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 100_000  # scalars and collections, aliases counted each time they expand
MAX_DEPTH = 40
# Every collection is opened by one of these characters ([ { for flow, - ? : for block entries),
# so a text with fewer of them cannot nest deeper; libyaml's composer survives 20,000 levels.
_OPENERS = "[{-?:"
SAFE_TO_COMPOSE = 5_000

# YAML 1.2 core schema for plain (unquoted) scalars; everything else stays text as typed.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass
class Marks:
    """Where each value and each key of a file stands: key path -> (line, column), 1-based."""

    file: Path
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        for end in range(len(path) - 1, -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def problem(self, path: KeyPath, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.of(path, key=key)
        return Problem(self.file, line, column, message, path, severity)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated model together with the positions of its values in its file."""

    id: str
    model: M
    marks: Marks
    digest: str  # SHA-256 of the bytes it was read from: what a build records it was made from


# (what, id(loaded)) -> (the loaded file, the argument, the result): see `derived`.
_DERIVED: dict[tuple[str, int], tuple[Loaded[Any], object, Any]] = {}
_DERIVED_MAX = 1024


def derived(what: str, loaded: Loaded[Any], argument: object, compute: Callable[[], T]) -> T:
    """`compute()`, worked out once per Loaded and argument (compared by identity).

    A file's Loaded is kept while its text is unchanged (`_validated`), so what is derived from
    it alone (the texts a check walks, the characters no font draws) is worked out again only
    for the file a save changed.
    """
    key = (what, id(loaded))
    seen = _DERIVED.get(key)
    if seen is not None and seen[0] is loaded and seen[1] is argument:
        return seen[2]
    value = compute()
    if len(_DERIVED) >= _DERIVED_MAX:
        _DERIVED.clear()
    _DERIVED[key] = (loaded, argument, value)
    return value


def closest(typed: str, options: Iterable[str]) -> str | None:
    """The one option close enough to what was typed for a did-you-mean, if any (difflib is
    imported only then: its import costs a few milliseconds on every check)."""
    import difflib

    close = difflib.get_close_matches(typed, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def read_text(file: Path) -> str:
    """A file's text, refusing what is too large or not UTF-8 (a BOM and CRLF are fine)."""
    return read_with_digest(file)[0]


def read_with_digest(file: Path) -> tuple[str, str]:
    """A file's text (as `read_text`) and the SHA-256 of the very bytes it was decoded from.

    A build records that digest as the input it was made from, never the file's digest read
    again afterwards: a save during the build must leave the output stale, not up to date.
    """
    data = read_regular(file, MAX_FILE_BYTES, "YAML file")  # no device, pipe, folder or link loop
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise BriefError.at(
            file, line, column, f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise BriefError.at(file, line, 1, "the file holds a NUL character; it is not a text file")
    return text, digest


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
        raise _syntax_error(file, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(file, text, exc) from None
    except yaml.YAMLError as exc:
        raise BriefError.at(file, 1, 1, f"YAML syntax: {' '.join(str(exc).split())}") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style):
        raise BriefError.at(file, 1, 1, "the file is empty; expected a mapping of keys to values")
    return node


class _Builder:
    """Builds plain Python data from nodes, recording every position on the way."""

    def __init__(self, file: Path, *, shortcut: bool = True) -> None:
        self.marks = Marks(file)
        self.count = 0
        self.problems: list[Problem] = []
        self._active: set[int] = set()
        self._built: set[int] = set()  # collections already built once: meeting one again is an alias
        self._alias_at: KeyPath | None = None  # the outermost alias being expanded, if any
        self._scalars: dict[int, tuple[tuple[int, int], Any]] = {}  # id(node) -> its position and value
        # id(collection) -> (values built for it, levels of collections in it), once it is built whole
        self._sizes: dict[int, tuple[int, int]] = {}
        self._deepest = 0  # the longest path of a collection built so far, within the collection being built
        self._root: yaml.Node | None = None
        self._estimated = not shortcut  # whether the file's expanded size has been worked out
        self.dry = False  # past the limit: counting on towards the error, building no more values

    def _at(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, node: yaml.Node, message: str, path: KeyPath) -> BriefError:
        line, column = self._at(node)
        return BriefError.at(self.marks.file, line, column, message, path)

    def _alias_problem(self, path: KeyPath, message: str) -> BriefError:
        """Locate an alias expansion at the key that holds it: the anchor's own position misleads."""
        where = self._alias_at if self._alias_at is not None else path
        for end in range(len(where), -1, -1):
            if where[:end] in self.marks.keys:
                line, column = self.marks.keys[where[:end]]
                break
        else:
            line, column = self.marks.values.get((), (1, 1))
        return BriefError.at(self.marks.file, line, column, message, where)

    def _too_many(self, path: KeyPath) -> BriefError:
        return self._alias_problem(
            path, f"aliases expand past {MAX_VALUES:,} values (an alias bomb?); write the values out"
        )

    def build(self, node: yaml.Node, path: KeyPath = ()) -> Any:
        if not path:
            self._root = node
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._too_many(path)
        known = self._scalars.get(id(node))
        if known is not None:  # a scalar met again through an alias: checked and converted already
            self.marks.values[path] = known[0]
            return known[1]
        if len(path) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):  # the root is the first level
            if self._alias_at is None:
                line, column = self._at(node)
                message = f"nested more than {MAX_DEPTH} levels deep; flatten it"
                raise BriefError.at(self.marks.file, line, column, message)
            raise self._alias_problem(path, f"aliases nest more than {MAX_DEPTH} levels deep; write the values out")
        if id(node) in self._active:
            raise self._fail(node, "an alias refers to the collection that holds it", path)
        self.marks.values[path] = self._at(node)
        if node.tag.startswith("!") or (node.tag.startswith("tag:") and node.tag not in _STR_TAGS):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._fail(node, f"YAML tags such as {tag} are not allowed; write plain values", path)
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
            self._scalars[id(node)] = (self.marks.values[path], value)
            return value
        outermost = self._alias_at is None and id(node) in self._built
        size = self._sizes.get(id(node))
        if size is not None and len(path) + size[1] <= MAX_DEPTH:  # an alias to a whole collection, no deeper
            if not self._estimated:  # the first alias to a collection: is this a bomb?
                self._estimated = True
                self.dry = self._expanded(self._root) is None
            if self.dry:
                self._deepest = max(self._deepest, len(path) + size[1] - 1)
                return self._skip(path, size[0])
        if outermost:
            self._alias_at = path
        self._built.add(id(node))
        self._active.add(id(node))
        start, outer_deepest, self._deepest = self.count, self._deepest, len(path)
        try:
            if isinstance(node, yaml.SequenceNode):
                value: Any = [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            else:
                value = self._mapping(node, path)
        finally:
            self._active.discard(id(node))
            if outermost:
                self._alias_at = None
        self._sizes[id(node)] = (self.count - start + 1, self._deepest - len(path) + 1)
        self._deepest = max(outer_deepest, self._deepest)
        return value

    def _skip(self, path: KeyPath, size: int) -> None:
        """Count a collection built whole before, met again through an alias, without building it.

        Only once the file is known to expand past the limit: building it would end in the same
        error at the same place (the alias being expanded), and the collection, built before, holds
        no other error, nor any too deep here. Found in a few steps, not a hundred thousand."""
        if self.count - 1 + size > MAX_VALUES:
            raise self._too_many(path)
        self.count += size - 1

    def _expanded(self, root: yaml.Node | None) -> int | None:
        """How many values the file's data would hold with every alias expanded, or None when it is
        more than the limit allows (or a collection holds itself: building says where)."""
        sizes: dict[int, int] = {}
        active: set[int] = set()

        def size(node: yaml.Node, depth: int) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            if isinstance(node, yaml.ScalarNode) or depth > MAX_DEPTH:
                return 1
            if id(node) in active:
                return MAX_VALUES + 1
            active.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            else:  # as building counts them: the first value of a duplicate key only
                seen: set[str] = set()
                children = []
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in seen:
                            continue
                        seen.add(key.value)
                    children.append(value)
            total = 1
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_VALUES:
                    break
            active.discard(id(node))
            sizes[id(node)] = min(total, MAX_VALUES + 1)
            return sizes[id(node)]

        total = size(root, 0) if root is not None else 0
        return None if total > MAX_VALUES else total

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.style:  # quoted or block scalar: always text (libyaml gives "" for plain)
            return value
        if _NULL.match(value):
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value) and any(c.isdigit() for c in value):
            return float(value)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and not key_node.style
            ):
                raise self._fail(key_node, "merge keys (<<) are not supported; write the keys out", path)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a key must be plain text, not a list or mapping", path)
            key = key_node.value
            key_path = (*path, key)
            line, column = self._at(key_node)
            if key in out or key in first_line:
                self.problems.append(
                    Problem(
                        self.marks.file,
                        line,
                        column,
                        f"duplicate key {key!r}: it is already set on line {first_line[key]}; "
                        "YAML would silently keep only one",
                        key_path,
                    )
                )
                continue
            first_line[key] = line
            self.marks.keys[key_path] = (line, column)
            out[key] = self.build(value_node, key_path)
        return out


def _build(file: Path, node: yaml.Node) -> tuple[Any, Marks, list[Problem]]:
    """Data, positions, and the duplicate keys found (the first value of each is kept)."""
    builder = _Builder(file)
    data = builder.build(node)
    if builder.dry:  # estimated past the limit, yet no error met: build every value after all
        builder = _Builder(file, shortcut=False)
        data = builder.build(node)
    return data, builder.marks, builder.problems


def build_data(file: Path, node: yaml.Node) -> tuple[Any, Marks]:
    """Plain data and positions from a node graph; raises on duplicate keys and bombs."""
    data, marks, problems = _build(file, node)
    if problems:
        raise BriefError(problems)
    return data, marks


@functools.lru_cache(maxsize=64)  # a workspace's files, a few times over; at most 1 MB of text each
def _parsed(file: Path, text: str) -> tuple[Any, Marks, tuple[Problem, ...]]:
    """A text's data, positions and duplicate keys, worked out once for the same file and text.

    `brief watch` and `brief serve` check every file again on each save, and one check may read
    a brief more than once: only a file whose text changed is composed again. What is returned
    is shared, so no caller changes it (the models are frozen; the data is only read).
    """
    data, marks, problems = _build(file, compose(file, text))
    return data, marks, tuple(problems)


def read_yaml(file: Path) -> tuple[Any, Marks]:
    """A YAML file's plain data and positions, not validated against any model (the one way
    brief reads YAML: size, encoding, tabs, duplicate keys and bombs all checked)."""
    data, marks, problems = _parsed(file, read_text(file))
    if problems:
        raise BriefError(list(problems))
    return data, marks


def read_labels(file: Path) -> dict[str, str]:
    """A theme's `locale/<lang>.yaml`: a flat mapping of label names to text."""
    data, marks = read_yaml(file)
    if not isinstance(data, dict):
        raise BriefError.at(
            file, *marks.of(()), f"a locale file is a flat mapping of label names to text; found {type_name(data)}"
        )
    wrong = [
        marks.problem((k,), f"expected text, found {type_name(v)}") for k, v in data.items() if not isinstance(v, str)
    ]
    if wrong:
        raise BriefError(wrong)
    return data


# --- pydantic errors -> located problems -------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes and containers hiding inside an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of `loc`, for did-you-mean suggestions."""
    current: Any = root
    for part in loc[:-1]:
        candidates = _unwrap(current)
        nxt = None
        for cand in candidates:
            if isinstance(part, int) and typing.get_origin(cand) is list:
                nxt = typing.get_args(cand)[0]
            elif (
                isinstance(part, str)
                and isinstance(cand, type)
                and issubclass(cand, BaseModel)
                and part in cand.model_fields
            ):
                nxt = cand.model_fields[part].annotation
        if nxt is None:
            return None
        current = nxt
    for cand in _unwrap(current):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


# What a pattern asks for, in a person's words.
_PATTERNS = {
    SLUG_RE: "an id (lowercase letters, digits and hyphens, such as 'peace-plan')",
    URL_RE: "an address that starts with http:// or https://",
    LANG_PATTERN: "a language code such as 'en' or 'fr'",
    POINT_REF_RE: (
        "a point as <source-id>/<point-id>, in lowercase letters, digits and hyphens"
        " (such as 'notrecontinent-2026-01-11/model')"
    ),
}

# What each kind of pydantic type error expected.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date as YYYY-MM-DD",
}

_BOUNDS = {
    "greater_than": ("gt", "greater than"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "less than"),
    "less_than_equal": ("le", "at most"),
}


def found(value: Any) -> str:
    """What the person wrote, as the end of an "expected X, found Y" message."""
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"{shown!r}"
    if isinstance(value, list) and not value:
        return "an empty list"
    return type_name(value)


# Keys that an earlier version of the files took, and where what they held lives now.
_MOVED = {
    "topics": (
        "Point",
        "a source no longer tags its points with topics: a summary serves any brief, so each brief says which "
        "points bear on a topic (topics[].points in briefs/<id>.yaml); remove this key",
    ),
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _message(error: Any, root: type[BaseModel]) -> tuple[str, bool]:
    """A person's message for one pydantic error, and whether it concerns the key itself.

    Every message reads "expected X, found Y", so the person sees both what the field
    takes and what they wrote.
    """
    kind, loc, value = error["type"], error["loc"], error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = loc[-1]
        owner = _model_at(root, loc)
        if key in _MOVED and owner is not None and owner.__name__ == _MOVED[key][0]:
            return _MOVED[key][1], True
        allowed = sorted(owner.model_fields) if owner else []
        close = closest(str(key), allowed)
        hint = f"; did you mean {close!r}?" if close else f"; expected one of: {', '.join(allowed)}"
        return f"unknown key {key!r}{hint}", True
    if kind == "missing":
        return f"missing key {loc[-1]!r}, which is required here", False
    if kind == "value_error":
        return str(ctx.get("error", error["msg"].removeprefix("Value error, "))), False
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        message = f"expected {expected}, found {found(value)}"
        if expected == "text" and isinstance(value, bool | int | float):
            message += "; put it in quotes to keep it as text"
        elif expected == "a list" and isinstance(value, str | int | float) and len(str(value)) <= 40:
            message += f"; write [{value}] for a list of one"
        return message, False
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return f"expected {_PATTERNS.get(pattern, f'text matching {pattern}')}, found {found(value)}", False
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return f"expected at least {_plural(least, 'character')}, found {found(value)}", False
    if kind == "string_too_long":
        most = ctx.get("max_length", 0)
        return f"expected at most {_plural(most, 'character')}, found {len(value)}", False
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        limit = "at least" if kind == "too_short" else "at most"
        actual = ctx.get("actual_length", len(value) if isinstance(value, list) else 0)
        return f"expected {limit} {_plural(bound, 'item')}, found {actual or 'none'}", False
    if kind in _BOUNDS:
        name, words = _BOUNDS[kind]
        return f"expected a number {words} {ctx.get(name)}, found {found(value)}", False
    if kind in ("enum", "literal_error"):
        options = _choices(root, loc)
        listed = (", ".join(repr(o) for o in options[:-1]) + f" or {options[-1]!r}") if options else ctx["expected"]
        close = closest(str(value), options)
        hint = f"; did you mean {close!r}?" if close else ""
        return f"expected {listed}, found {found(value)}{hint}", False
    msg = error["msg"].replace("Input should be", "expected").replace("Input", "the value")
    return f"{msg}, found {found(value)}", False


def _choices(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The allowed values of the enum at `loc`, for a did-you-mean."""
    owner = _model_at(root, loc)
    if owner is None or not isinstance(loc[-1], str) or loc[-1] not in owner.model_fields:
        return []
    for cand in _unwrap(owner.model_fields[loc[-1]].annotation):
        if isinstance(cand, type) and issubclass(cand, enum.Enum):
            return [m.value for m in cand]
    return []


def validate(file: Path, data: Any, marks: Marks, model: type[M]) -> M:
    """The data as a model, or a BriefError listing every problem with its position."""
    if not isinstance(data, dict):
        line, column = marks.of(())
        raise BriefError.at(
            file, line, column, f"the file must be a mapping of keys to values; found {type_name(data)}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        problems = []
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and _misspelt(loc, errors, model):
                continue  # the did-you-mean on the misspelt key says it all
            message, on_key = _message(error, model)
            problems.append(marks.problem(loc, message, key=on_key))
        raise BriefError(problems) from None


def _misspelt(loc: tuple[Any, ...], errors: list[Any], model: type[BaseModel]) -> bool:
    """Whether a missing key is there under a misspelt name that the did-you-mean points to."""
    for other in errors:
        other_loc = tuple(other["loc"])
        if other["type"] == "extra_forbidden" and other_loc[:-1] == loc[:-1]:
            owner = _model_at(model, other_loc)
            allowed = sorted(owner.model_fields) if owner else []
            if closest(str(other_loc[-1]), allowed) == loc[-1]:
                return True
    return False


def load_file(file: Path, model: type[M]) -> Loaded[M]:
    """Read, compose, build and validate one YAML file; duplicate keys and model errors come together."""
    return _validated(file, *read_with_digest(file), model)


@functools.lru_cache(maxsize=64)
def _validated(file: Path, text: str, digest: str, model: type[M]) -> Loaded[M]:
    """One file's model, validated once for the same bytes (problems are raised, never kept)."""
    data, marks, duplicates = _parsed(file, text)
    try:
        validated = validate(file, data, marks, model)
    except BriefError as exc:
        raise BriefError([*duplicates, *exc.problems]) from None
    if duplicates:
        raise BriefError(list(duplicates))
    return Loaded(file.stem, validated, marks, digest)


def load_source(file: Path) -> Loaded[Source]:
    return load_file(file, Source)


def load_brief(file: Path) -> Loaded[Brief]:
    return load_file(file, Brief)
