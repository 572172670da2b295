"""JSON Schemas of the YAML files a person edits, generated from the models.

Editors that speak yaml-language-server read them through the `# yaml-language-server:
$schema=...` line at the top of each file: autocompletion, tooltips from each field's
description and examples, and inline errors while typing. Copies are committed in
`schema/`; a test fails when they are stale (`brief schema source > schema/source.schema.json`).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from brief.model.brief import Brief
from brief.model.source import Source

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
        body = (Source if kind == "source" else Brief).model_json_schema(mode="validation")
        body.pop("title", None)
    return {"$schema": DIALECT, "title": _TITLES[kind], **body}


def schema_text(kind: SchemaKind) -> str:
    """The schema as the committed file holds it: indented JSON, UTF-8, one trailing newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
