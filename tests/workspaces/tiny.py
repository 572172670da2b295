"""A tiny workspace of our own words: small enough that a test can name every line.

Error-message tests edit one passage of these files and assert the exact message, line and
column; the real sample files are too long for that and change as their content is curated.
"""

from __future__ import annotations

from pathlib import Path

LEFT = """\
# yaml-language-server: $schema=../schema/source.schema.json
provenance:
  title: Rivers should be free
  outlet: The Valley Post
  author: A. Writer
  published: 2025-03-01
  url: null
  language: en
  kind: opinion
thesis: Dams do more harm than good.
points:
  - id: fish
    claim: Dams block the fish.
    quote: "The salmon cannot climb a wall of concrete."
  - id: silt
    claim: Dams starve the delta of silt.
    quote: "The delta is sinking for want of mud."
"""

RIGHT = """\
# yaml-language-server: $schema=../schema/source.schema.json
provenance:
  title: Power from water
  outlet: null
  author: null
  published: 2025-04
  url: https://example.org/power
  language: en
  kind: analysis
thesis: Dams give clean power cheaply.
points:
  - id: clean
    claim: Hydropower emits little carbon.
    quote: "A dam burns no coal."
  - id: cheap
    claim: Once built, a dam makes cheap power for decades.
    quote: "The river pays the bill."
"""

BRIEF = """\
# yaml-language-server: $schema=../schema/brief.schema.json
title: Dams
question: Should the valley build the dam?
editor: Test editors
as_of: 2025-05-01
languages: [en]
editions: [participant, facilitator]
sides:
  - id: against
    label: Against
    source: left
  - id: for
    label: For
    source: right
topics:
  - id: nature
    label: Nature
    crux: Is a dam good or bad for the river?
    stances: {against: Dams harm the fish and the delta., for: Dams emit little carbon.}
    points: [left/fish, left/silt, right/clean]
  - id: cost
    label: Cost
    crux: Who pays, and when?
    stances: {against: The sinking delta pays., for: Cheap power pays for the dam.}
    points: [left/silt, right/cheap]
questions:
  - text: Who speaks for the fish?
    points: [left/fish, right/clean]
  - text: What would the river lose?
    topic: nature
  - text: Who pays, and when?
    topic: cost
"""


def tiny_workspace(root: Path) -> Path:
    """Write the tiny workspace (briefs/debate.yaml, sources/left.yaml, sources/right.yaml) under root."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "briefs").mkdir(parents=True, exist_ok=True)
    (root / "sources" / "left.yaml").write_text(LEFT, encoding="utf-8")
    (root / "sources" / "right.yaml").write_text(RIGHT, encoding="utf-8")
    (root / "briefs" / "debate.yaml").write_text(BRIEF, encoding="utf-8")
    return root
