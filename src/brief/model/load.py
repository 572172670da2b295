"""YAML -> models, with a file:line:column for every problem.

The text is composed (brief.model.yaml_syntax) and built into plain data with each value's
position (brief.model.yaml_data); here that data meets the pydantic models, and every
validation error becomes a located problem in a person's words.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from brief.errors import BriefError
from brief.model.brief import Brief
from brief.model.fields import LANG_PATTERN, SLUG_RE, URL_RE, as_iso, type_name
from brief.model.source import Source
from brief.model.yaml_data import Marks, _parsed, read_with_digest

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


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
    SLUG_RE: "an id: lowercase a to z, digits and hyphens, no accents or spaces (such as 'peace-plan')",
    URL_RE: "an address that starts with http:// or https://",
    LANG_PATTERN: "a language code such as 'en' or 'fr'",
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
        return f"missing key {loc[-1]!r}, which is required here{_example(root, loc)}", False
    if kind == "value_error":
        return str(ctx.get("error", error["msg"].removeprefix("Value error, "))), False
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        message = f"expected {expected}, found {found(value)}"
        if expected.startswith("a date") and isinstance(value, str) and (iso := as_iso(value)):
            message += f"; write {iso}"
        if expected == "text" and isinstance(value, bool | int | float):
            message += "; put it in quotes to keep it as text"
        elif expected == "a list" and isinstance(value, str | int | float) and len(str(value)) <= 40:
            message += f"; write [{value}] for a list of one"
        return message, False
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        message = f"expected {_PATTERNS.get(pattern, f'text matching {pattern}')}, found {found(value)}"
        if pattern == SLUG_RE and isinstance(value, str) and (nearest := as_id(value)) and nearest != value:
            message += f"; write {nearest!r}"
        return message, False
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


def as_id(text: str) -> str:
    """The nearest valid id to what was typed: accents dropped, lowercase, spaces and other
    characters as hyphens ('écriture' -> 'ecriture', 'Peace Plan' -> 'peace-plan')."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")


def _example(root: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """' (the point in our own words)', or ': the article's language (its quotes are in it); for
    instance language: fr': what the key holds and, for a plain value, the model's own example to copy."""
    owner = _model_at(root, loc)
    field = owner.model_fields.get(loc[-1]) if owner and isinstance(loc[-1], str) else None
    examples = field.examples if field is not None else None
    if field is None:
        return ""
    example = examples[0] if examples else None
    if isinstance(example, str | int | float) and not isinstance(example, bool):
        shown = str(example) if re.fullmatch(r"[\w .-]+", str(example)) else json.dumps(example, ensure_ascii=False)
    elif isinstance(example, list) and all(isinstance(e, str) for e in example):
        shown = "[" + ", ".join(example) + "]"
    else:
        shown = ""  # a text in our words has no example to copy: its description says what to write
    text = (field.description or "").split(". ")[0].rstrip(".")
    text = text[:1].lower() + text[1:]
    # in brackets, unless it has brackets of its own: then after a colon, never one inside the other
    about = "" if not text else f": {text}" if "(" in text else f" ({text})"
    return about + (f"; for instance {loc[-1]}: {shown}" if shown else "")


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
