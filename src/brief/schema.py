"""JSON Schemas of the YAML files a person edits, generated from the models.

Editors that speak yaml-language-server read them through the `# yaml-language-server:
$schema=...` line at the top of each file: autocompletion, tooltips from each field's
description and examples, and inline errors while typing. Copies are committed in
`schema/`; a test fails when they are stale (`brief schema source > schema/source.schema.json`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from .safe_io import refuse_in_the_way, write_new

DIALECT = "https://json-schema.org/draft/2020-12/schema"

SchemaKind = Literal["source", "brief", "locale"]
KINDS: tuple[SchemaKind, ...] = ("source", "brief", "locale")

_TITLES = {
    "source": "brief: a source summary (sources/<id>.yaml)",
    "brief": "brief: a debate brief (briefs/<id>.yaml)",
    "locale": "brief: a theme's labels for one language (templates/locale/<lang>.yaml)",
}


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """The schema of one kind of file, as a plain JSON-ready mapping."""
    if kind == "locale":
        body: dict[str, Any] = {
            "description": "A flat mapping of label names to the words the theme prints for them; "
            "a workspace's file need only hold the labels it changes.",
            "type": "object",
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "additionalProperties": {"type": "string", "minLength": 1},
            "examples": [{"summary": "At a glance", "sources": "Sources"}],
        }
    else:
        from .model import Brief, Source

        body = (Source if kind == "source" else Brief).model_json_schema(mode="validation")
        body.pop("title", None)
    return {"$schema": DIALECT, "title": _TITLES[kind], **body}


def schema_text(kind: SchemaKind) -> str:
    """The schema as the committed file holds it: indented JSON, UTF-8, one trailing newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


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
