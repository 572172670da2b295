"""YAML -> models, with a file:line:column for every problem.

We compose PyYAML's node graph and build the data ourselves from the same nodes, so each
value keeps its position. Building it ourselves also closes YAML's traps: duplicate keys,
tab indentation, YAML 1.1 booleans and timestamps (`no`, `on`, `2025-08-15` stay text as
typed), alias bombs, deep nesting, and files that are too large or not UTF-8.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BriefError, KeyPath, Problem
from .model import Brief, Source, type_name

try:  # libyaml's parser is several times faster; both give the same nodes and marks
    from yaml import CBaseLoader as _NodeLoader
except ImportError:  # pragma: no cover - pyyaml built without libyaml
    from yaml import BaseLoader as _NodeLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 100_000  # scalars and collections, aliases counted each time they expand
MAX_DEPTH = 40

# YAML 1.2 core schema for plain (unquoted) scalars; everything else stays text as typed.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

M = TypeVar("M", bound=BaseModel)


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


def read_text(file: Path) -> str:
    """A file's text, refusing what is too large or not UTF-8 (a BOM and CRLF are fine)."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BriefError.at(file, 1, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        data = file.read_bytes()
    except FileNotFoundError:
        raise BriefError.at(file, 1, 1, "no such file") from None
    except IsADirectoryError:
        raise BriefError.at(file, 1, 1, "is a folder, not a YAML file") from None
    except OSError as exc:
        raise BriefError.at(file, 1, 1, f"cannot be read: {exc.strerror}") from None
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
    return text


def _check_tabs(file: Path, text: str) -> None:
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] and line.strip():
            column = line.index("\t") + 1
            problems.append(Problem(file, number, column, "tab used for indentation; YAML needs spaces"))
    if problems:
        raise BriefError(problems)


def compose(file: Path, text: str) -> yaml.Node:
    """The node graph of a one-document YAML file, with syntax errors located."""
    _check_tabs(file, text)
    try:
        node = yaml.compose(text, Loader=_NodeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise BriefError.at(file, line, column, f"YAML syntax: {message}") from None
    except yaml.YAMLError as exc:
        raise BriefError.at(file, 1, 1, f"YAML syntax: {exc}") from None
    except RecursionError:
        raise BriefError.at(file, 1, 1, f"nested too deeply (the limit is {MAX_DEPTH} levels)") from None
    if node is None:
        raise BriefError.at(file, 1, 1, "the file is empty; expected a mapping of keys to values")
    return node


class _Builder:
    """Builds plain Python data from nodes, recording every position on the way."""

    def __init__(self, file: Path) -> None:
        self.marks = Marks(file)
        self.count = 0
        self.problems: list[Problem] = []
        self._active: set[int] = set()

    def _at(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, node: yaml.Node, message: str, path: KeyPath) -> BriefError:
        line, column = self._at(node)
        return BriefError.at(self.marks.file, line, column, message, path)

    def build(self, node: yaml.Node, path: KeyPath = ()) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._fail(node, f"aliases expand past {MAX_VALUES:,} values; simplify the anchors", path)
        if len(path) > MAX_DEPTH:
            raise self._fail(node, f"nested too deeply (the limit is {MAX_DEPTH} levels)", path)
        if id(node) in self._active:
            raise self._fail(node, "an alias refers to itself", path)
        self.marks.values[path] = self._at(node)
        if node.tag.startswith("!") or (node.tag.startswith("tag:") and node.tag not in _STR_TAGS):
            raise self._fail(node, f"YAML tags such as {node.tag!r} are not allowed here", path)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self._active.discard(id(node))

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


def build_data(file: Path, node: yaml.Node) -> tuple[Any, Marks]:
    """Plain data and positions from a node graph; raises on duplicate keys and bombs."""
    builder = _Builder(file)
    try:
        data = builder.build(node)
    except RecursionError:
        raise BriefError.at(file, 1, 1, f"nested too deeply (the limit is {MAX_DEPTH} levels)") from None
    if builder.problems:
        raise BriefError(builder.problems)
    return data, builder.marks


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


def _message(error: Any, root: type[BaseModel]) -> tuple[str, bool]:
    """A person's message for one pydantic error, and whether it concerns the key itself."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    if kind == "extra_forbidden":
        key = loc[-1]
        owner = _model_at(root, loc)
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(allowed)}"
        return f"unknown key {key!r}{hint}", True
    if kind == "missing":
        return f"missing key {loc[-1]!r}", False
    msg = error["msg"]
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, "), False
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^[a-z0-9][a-z0-9-]*$"):
            return f"{value!r} is not an id: use lowercase letters, digits and hyphens", False
        return f"{value!r} does not have the expected form ({pattern})", False
    found = f"found {type_name(value)}" if not isinstance(value, str) else f"found {value!r}"
    expected = msg.replace("Input should be", "expected").replace("Input", "value")
    return f"{expected}; {found}", False


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
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            message, on_key = _message(error, model)
            problems.append(marks.problem(loc, message, key=on_key))
        raise BriefError(problems) from None


def load_file(file: Path, model: type[M]) -> Loaded[M]:
    """Read, compose, build and validate one YAML file."""
    text = read_text(file)
    node = compose(file, text)
    data, marks = build_data(file, node)
    return Loaded(file.stem, validate(file, data, marks, model), marks)


def load_source(file: Path) -> Loaded[Source]:
    return load_file(file, Source)


def load_brief(file: Path) -> Loaded[Brief]:
    return load_file(file, Brief)
