"""The words by which a text hedges, per language: what a summary must keep when its article has them.

Each language's locale file in the built-in theme (`templates/locale/<lang>.yaml`) lists its hedges
under `hedges`, one regular expression over whole words a line; adding a language adds its list.
A word with another sense is matched only in the case that carries the hedge (the month "May" is
no hedge, the verb "may" is). A language without a list cannot be checked, and says so.
"""

from __future__ import annotations

import re
from functools import cache

from brief.model.yaml_data import read_labels
from brief.paths import present
from brief.workspace import builtin_theme_resolved


@cache
def hedge_forms(lang: str) -> tuple[str, ...]:
    """The hedges of a language as its locale file lists them; none when it lists none."""
    file = builtin_theme_resolved() / "locale" / f"{lang}.yaml"
    if not present(file):
        return ()
    text = read_labels(file).get("hedges", "")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    forms = hedge_forms(lang)
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{f})" for f in forms) + r")(?!\w)", re.IGNORECASE)


def has_list(lang: str) -> bool:
    """Whether this language's hedges are known (otherwise its texts go unchecked, and `check` says so)."""
    return bool(hedge_forms(lang))


def hedges_in(text: str, lang: str) -> list[str]:
    """The hedges a text holds, as written, in order; empty for a language without a list."""
    pattern = _pattern(lang)
    if pattern is None:
        return []
    return [m.group() for m in pattern.finditer(text.replace("\u2019", "'"))]
