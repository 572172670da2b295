"""The words by which a text hedges, per language: what a summary must keep when its article has them.

Each language has its list; adding a language adds one. A hedge is matched as whole words; a
word with another sense is matched only in the case that carries the hedge (the month "May" is
no hedge, the verb "may" is). A language without a list cannot be checked, and says so.
"""

from __future__ import annotations

import re
from functools import cache

# Each entry: a hedge as a regular expression over whole words; `(?-i:...)` where case tells senses apart.
HEDGES: dict[str, tuple[str, ...]] = {
    "en": (
        r"seem(?:s|ed|ing)?",
        r"appear(?:s|ed)? to",
        r"apparently",
        r"(?-i:may)",  # the verb; "May" the month is no hedge
        r"might",
        r"could",
        r"sometimes",
        r"at times",
        r"often",
        r"perhaps",
        r"possibly",
        r"probably",
        r"(?:un)?likely",
        r"some",
        r"(?:still |remains? )?(?:an )?open question",
    ),
    "fr": (
        r"sembl(?:e|es|ent|ait|aient|é|ée|er|ant|erait|eraient|era|eront)",
        r"para(?:î|i)t(?:rait)?|paraissent",
        r"pourrai(?:t|ent)",
        r"parfois",
        r"peut-être",
        r"(?:peu )?probable(?:s|ment)?",
        r"vraisemblable(?:s|ment)?",
        r"souvent",
        r"rest(?:e|ent) ouvert(?:e|es|s)?",
        r"encore ouverte?s?",
        r"certaine?s|une? certaine?",
        r"quelques",
        r"possibles?",
    ),
}


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    forms = HEDGES.get(lang)
    if forms is None:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{f})" for f in forms) + r")(?!\w)", re.IGNORECASE)


def has_list(lang: str) -> bool:
    """Whether this language's hedges are known (otherwise its texts go unchecked, and `check` says so)."""
    return lang in HEDGES


def hedges_in(text: str, lang: str) -> list[str]:
    """The hedges a text holds, as written, in order; empty for a language without a list."""
    pattern = _pattern(lang)
    if pattern is None:
        return []
    return [m.group() for m in pattern.finditer(text.replace("\u2019", "'"))]
