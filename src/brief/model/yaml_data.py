"""PyYAML's nodes -> plain data, with every value's line and column.

We compose PyYAML's node graph and build the data ourselves from the same nodes, so each
value keeps its position. Building it ourselves also closes YAML's traps: duplicate keys,
YAML 1.1 booleans and timestamps (`no`, `on`, `2025-08-15` stay text as typed), alias
bombs, deep nesting, and files that are too large or not UTF-8.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brief.errors import BriefError, KeyPath, Problem
from brief.model.fields import type_name
from brief.model.yaml_syntax import MAX_DEPTH, compose
from brief.safe_io import read_regular

MAX_FILE_BYTES = 1_000_000

MAX_VALUES = 100_000  # scalars and collections, aliases counted each time they expand

# YAML 1.2 core schema for plain (unquoted) scalars; everything else stays text as typed.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")

_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

_INT = re.compile(r"^[-+]?[0-9]+$")

_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


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


class _DataBuilder:
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
    builder = _DataBuilder(file)
    data = builder.build(node)
    if builder.dry:  # estimated past the limit, yet no error met: build every value after all
        builder = _DataBuilder(file, shortcut=False)
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


def parse_yaml_text(text: str, file: Path) -> Any:
    """The plain data of a YAML text read from elsewhere than the disk (a file at a git revision),
    checked as `read_yaml` checks a file; `file` names it in a problem."""
    data, _, problems = _parsed(file, text)
    if problems:
        raise BriefError(list(problems))
    return data


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
