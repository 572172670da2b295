"""`brief new`: a commented YAML scaffold of a source or a brief, written from the models.

The comments are the models' own field descriptions, so the scaffold can never drift from
what the loader accepts. Required values are left blank on purpose: until they are filled,
`brief check` names each one with its line and column, so an unfinished file never builds.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from brief.errors import BriefError, UsageError, display_path
from brief.model.brief import Brief
from brief.model.fields import LANG_PATTERN, SLUG_RE
from brief.model.load import as_id
from brief.model.schema import SchemaKind, schema_text
from brief.model.source import Source
from brief.model.yaml_data import read_yaml
from brief.output.write import write_new
from brief.safe_io import refuse_in_the_way
from brief.workspace import yaml_files

FileKind = Literal["source", "brief"]
MAX_ID = 60
WIDTH = 100

# Values the scaffold fills in because they are almost always right; the rest stay blank.
_PREFILLED: dict[tuple[type[BaseModel], str], Any] = {
    (Brief, "as_of"): "today",
    (Brief, "languages"): ["en"],  # or the language the workspace's sources share: see write_scaffold
    (Brief, "editions"): ["sheet", "participant", "facilitator"],  # the one-sheet handout and both dossiers
}

_HEADERS = {
    "source": (
        "Source summary: one article in our own words, backed by short verbatim quotes.",
        "Fill in every blank value; `brief check {path}` lists the ones still missing.",
        "Never guess a fact: leave a provenance field null when the article does not state it.",
    ),
    "brief": (
        "Brief: the question under debate and the two to four sides that argue it, side by side.",
        "Fill in every blank value; `brief check {path}` lists the ones still missing.",
        "Texts are plain text, or one text per language: {{en: ..., fr: ...}}.",
    ),
}


def _unwrap(annotation: Any) -> tuple[Any, bool, bool]:
    """The innermost type of an annotation, whether it is a list, and whether it may be null."""
    is_list = nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:  # Text: str | dict[str, str], a leaf
                return annotation, is_list, nullable
            annotation = args[0]
        elif origin is list:
            is_list = True
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, is_list, nullable


def _model(annotation: Any) -> type[BaseModel] | None:
    inner, _, _ = _unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _explain(field: FieldInfo) -> list[str]:
    """The comment above a key: its description, its choices, and whether it may be left out."""
    text = field.description or ""
    inner, _, _ = _unwrap(field.annotation)
    if isinstance(inner, type) and issubclass(inner, Enum):
        text += f" One of: {', '.join(str(m.value) for m in inner)}."
    if not field.is_required() and _model(field.annotation) is None:
        text += " Optional."
    return textwrap.wrap(text, WIDTH - 10, break_on_hyphens=False) or [""]


def _value(
    owner: type[BaseModel], name: str, field: FieldInfo, prefilled: dict[tuple[type[BaseModel], str], Any]
) -> str:
    """The value written after a leaf key: blank when required, else the default."""
    if (owner, name) in prefilled:
        value = prefilled[(owner, name)]
        if value == "today":
            return dt.date.today().isoformat()
        return "[" + ", ".join(value) + "]"
    if field.is_required():
        return ""
    default = field.get_default(call_default_factory=True)
    if default is None:
        return "null"
    if isinstance(default, list):
        return "[]"
    if isinstance(default, Enum):
        return str(default.value)
    return str(default)


def _lines(model: type[BaseModel], indent: int, prefilled: dict[tuple[type[BaseModel], str], Any]) -> list[str]:
    """One commented key per field, nested models and lists of them written out in full."""
    pad = " " * indent
    out: list[str] = []
    for name, field in model.model_fields.items():
        if indent == 0 and out:
            out.append("")  # a blank line between top-level keys
        out += [f"{pad}# {line}".rstrip() for line in _explain(field)]
        sub = _model(field.annotation)
        _, is_list, _ = _unwrap(field.annotation)
        if sub is None:
            value = _value(model, name, field, prefilled)
            out.append(f"{pad}{name}: {value}".rstrip())
        elif not is_list:
            out.append(f"{pad}{name}:")
            out += _lines(sub, indent + 2, prefilled)
        else:
            least = max((getattr(m, "min_length", 0) or 0 for m in field.metadata), default=0)
            count = max(least, 1 if field.is_required() else 0)
            if count == 0:
                # An optional list: empty, with one entry to copy, commented out.
                out.append(f"{pad}{name}: []")
                out += [f"{pad}#{line[indent:]}" for line in _entry(sub, indent + 2, prefilled)]
            else:
                out.append(f"{pad}{name}:")
                for _ in range(count):
                    out += _entry(sub, indent + 2, prefilled)
    return out


def _entry(model: type[BaseModel], indent: int, prefilled: dict[tuple[type[BaseModel], str], Any]) -> list[str]:
    """One list entry: the fields of `model` under a `- ` dash."""
    body = _lines(model, indent + 2, prefilled)
    first_key = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
    for i in range(first_key):  # the first key's comment sits above the dash
        body[i] = body[i][2:]
    body[first_key] = " " * indent + "- " + body[first_key][indent + 2 :]
    return body


def scaffold(kind: FileKind, file_id: str, display: str, languages: list[str] | None = None) -> str:
    """The commented YAML text of a new source or brief; a brief builds `languages` (default: English)."""
    model: type[BaseModel] = Source if kind == "source" else Brief
    prefilled = dict(_PREFILLED)
    if languages:
        prefilled[(Brief, "languages")] = languages
    head = [f"# yaml-language-server: $schema=../schema/{kind}.schema.json"]
    head += [f"# {line.format(path=display)}" for line in _HEADERS[kind]]
    head.append(f"# Its id is its file name: {file_id}.")
    return "\n".join([*head, "", *_lines(model, 0, prefilled), ""])


def check_id(file_id: str) -> None:
    """An id is a file name and a reference in other files: lowercase letters, digits, hyphens."""
    if not re.match(SLUG_RE, file_id) or len(file_id) > MAX_ID:
        nearest = as_id(file_id)[:MAX_ID].strip("-")
        hint = f"; write {nearest!r}" if nearest else " (e.g. lemonde-2026-01-11)"
        raise UsageError(
            f"{file_id!r} is not a valid id: use lowercase a to z, digits and hyphens, no accents or spaces, "
            f"starting with a letter or digit, at most {MAX_ID} characters{hint}"
        )


def write_scaffold(kind: FileKind, file_id: str, workspace: Path) -> Path:
    """Create `sources/<id>.yaml` or `briefs/<id>.yaml`; never overwrite an existing file."""
    check_id(file_id)
    folder = workspace / ("sources" if kind == "source" else "briefs")
    path = folder / f"{file_id}.yaml"
    for existing in (path, path.with_suffix(".yml")):
        if existing.exists():
            raise UsageError(
                f"{display_path(existing)} already exists; not overwriting it (choose another id or delete the file)"
            )
    folder.mkdir(parents=True, exist_ok=True)
    languages = workspace_languages(workspace) if kind == "brief" else None
    text = scaffold(kind, file_id, f"{folder.name}/{path.name}", languages)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; not overwriting it") from None
    return path


def workspace_languages(workspace: Path) -> list[str] | None:
    """The one language every source of the workspace is written in, as a list, or None when
    they are several (or none say): a French workspace gets a French brief, not an English one."""
    found = set()
    for file in yaml_files(workspace / "sources"):
        try:
            data, _ = read_yaml(file)
        except BriefError:
            continue
        provenance = data.get("provenance") if isinstance(data, dict) else None
        language = provenance.get("language") if isinstance(provenance, dict) else None
        if isinstance(language, str) and re.fullmatch(LANG_PATTERN, language):
            found.add(language)
    return sorted(found) if len(found) == 1 else None


def schema_file(workspace: Path, kind: SchemaKind) -> Path:
    """Where a workspace keeps the schema its scaffolds point at; raises if a link or a folder is in the way."""
    target = workspace / "schema" / f"{kind}.schema.json"
    refuse_in_the_way(target)
    return target


def ensure_schema(workspace: Path, kind: SchemaKind) -> Path | None:
    """Write `schema/<kind>.schema.json` into a workspace when missing or stale; the path when written.

    Scaffolds point at `../schema/<kind>.schema.json`, so a workspace of its own (not this
    repository) needs the file there for editors to find it.
    """
    target = schema_file(workspace, kind)
    refuse_in_the_way(target)  # never write through a link, never over a folder
    text = schema_text(kind)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return None
    write_new(target, text)
    return target
