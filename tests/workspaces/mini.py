"""A small workspace of our own, written from Python data, for unit tests of the analysis."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml


def point(pid: str, topics: list[str], *, quote: str | None = None, claim: Any = None) -> dict[str, Any]:
    """A point; `topics` are the brief topics it bears on (`brief()` lists it in their points)."""
    return {
        "id": pid,
        "claim": claim or f"Claim {pid} in our words.",
        "quote": quote or f"Citation {pid} mot pour mot.",
        "translation": f"Quote {pid} word for word.",
        "_topics": topics,
    }


def source(points: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "provenance": {"published": "2025-08-08", "language": "fr", "kind": "opinion"},
        "thesis": "A thesis in our words.",
        "points": points,
    }
    for key, value in extra.items():
        if key == "published":
            data["provenance"]["published"] = value
        else:
            data[key] = value
    return data


def brief(topics: list[str], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "A small brief",
        "question": "Which reading holds?",
        "editor": "Tests",
        "as_of": "2026-01-01",
        "languages": ["en"],  # the sources are French: without this the brief would build French
        "sides": [
            {"id": "left", "label": "Left", "source": "left"},
            {"id": "right", "label": "Right", "source": "right"},
        ],
        "topics": [{"id": t, "label": f"Topic {t}", "crux": f"Crux of {t}?"} for t in topics],
    }
    data.update(extra)
    return data


def write(root: Path, brief_data: dict[str, Any], left: dict[str, Any], right: dict[str, Any]) -> Path:
    """Write briefs/mini.yaml and sources/left.yaml, sources/right.yaml; return the brief file.

    Each point's `_topics` becomes its place in the brief's topics (`points`, and a stance for its
    side), as a facilitator would write them.
    """
    (root / "briefs").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    brief_data = copy.deepcopy(brief_data)
    topics = {t["id"]: t for t in brief_data.get("topics", [])}
    for name, data in (("left", left), ("right", right)):
        data = copy.deepcopy(data)
        for p in data.get("points", []):
            for topic in p.pop("_topics", []):
                if topic in topics:
                    topics[topic].setdefault("points", []).append(f"{name}/{p['id']}")
                    topics[topic].setdefault("stances", {})[name] = f"{name.title()} on {topic}."
        (root / "sources" / f"{name}.yaml").write_text(_dump(data), encoding="utf-8")
    file = root / "briefs" / "mini.yaml"
    file.write_text(_dump(brief_data), encoding="utf-8")
    return file


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(copy.deepcopy(data), allow_unicode=True, sort_keys=False, width=200)
