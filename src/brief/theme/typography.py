"""The typographic conventions of a language, applied to plain text from YAML and the theme.

It only swaps characters (straight quotes for typographic ones, spaces for no-break
spaces): the result is still plain text that Jinja escapes, so data never becomes markup.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

NBSP = "\u00a0"
"""No-break space: inside French guillemets."""
NNBSP = "\u202f"
"""Narrow no-break space: before ; : ! ? in French."""

_OPENING_CONTEXT = r"(?:^|(?<=[\s(\[{\u2014\u2013/\u00ab\u201c\u2018]))"
_SPACES = f"[ \t{NBSP}{NNBSP}]"


def _guillemet_spaces(text: str, *, insert: bool) -> str:
    """« and » hold their content with no-break spaces, so neither is left alone at a line's edge.

    With `insert` (our own words) runs of spaces fold into one and a missing space is added;
    otherwise each space only changes kind.
    """
    runs = "+" if insert else ""
    text = re.sub(f"\u00ab{_SPACES}{runs}", f"\u00ab{NBSP}", text)
    text = re.sub(f"{_SPACES}{runs}\u00bb", f"{NBSP}\u00bb", text)
    if insert:
        text = re.sub(r"\u00ab(?=[^\s])", f"\u00ab{NBSP}", text)
        text = re.sub(r"(?<=[^\s])\u00bb", f"{NBSP}\u00bb", text)
    return text


def _french(text: str, *, verbatim: bool, as_written: bool) -> str:
    if not verbatim:
        text = re.sub(f'{_OPENING_CONTEXT}"{_SPACES}*', "\u00ab", text)
        text = re.sub(f'{_SPACES}*"', "\u00bb", text)
        text = text.replace("'", "\u2019")
    elif not as_written:  # as written, the article's own marks stay: n'a, "sans attendre" if it has them
        # A quote typed on a keyboard (n'a, "sans attendre") prints as the edition sets it: n’a, « sans attendre ».
        text = re.sub(f'{_OPENING_CONTEXT}"{_SPACES}*', f"\u00ab{NBSP}", text)
        text = re.sub(f'{_SPACES}*"', f"{NBSP}\u00bb", text)
        text = text.replace("'", "\u2019")
    text = _guillemet_spaces(text, insert=not verbatim)
    # A space before ; : ! ? becomes a narrow no-break space; in our own words one is
    # added where it is missing, but only before a space, the end or a closing mark
    # (so 10:30 and https:// are left alone).
    text = re.sub(f"{_SPACES}{'' if verbatim else '+'}([;:!?])", f"{NNBSP}\\1", text)
    if not verbatim:
        text = re.sub(r"(?<=[\w\u00bb)\]\u2019.])([;:!?])(?=\s|$|[\u00bb)\]!?])", f"{NNBSP}\\1", text)
    return text


def _english(text: str, *, verbatim: bool, as_written: bool) -> str:
    if as_written:  # the article's own quotation marks and apostrophes, as it printed them
        return _guillemet_spaces(text, insert=False)
    if not verbatim:
        # French words quoted in our English prose take English quotes: « bromance » -> “bromance”
        text = re.sub(f"\u00ab{_SPACES}*", "\u201c", text)
        text = re.sub(f"{_SPACES}*\u00bb", "\u201d", text)
    # Straight marks are how a keyboard types them, in our words or in a quote: the edition's are curly.
    text = re.sub(f'{_OPENING_CONTEXT}"', "\u201c", text)
    text = text.replace('"', "\u201d")
    text = re.sub(f"{_OPENING_CONTEXT}'(?=\\w)", "\u2018", text)
    text = text.replace("'", "\u2019")
    return _guillemet_spaces(text, insert=False)


_RULES: dict[str, Callable[..., str]] = {"fr": _french, "en": _english}


@functools.lru_cache(maxsize=8192)
def typeset(text: str, lang: str, *, verbatim: bool = False, as_written: bool = False) -> str:
    """Text set by the rules of its language.

    `verbatim` is for quotes: only the kind of an existing space may change (a no-break
    space where the language wants one), and a straight apostrophe or quotation mark, which is
    how a keyboard types the article's, takes the edition's form; never a letter the author wrote.
    `as_written` is for a quote spelled with its article's own characters (found in the article's
    text): only the kind of an existing space may change; its apostrophes and quotation marks,
    straight or curly, are the article's and stay as they are.
    A language without rules here is returned as it is. A text is set once per process: the
    balance, the reading time and every edition set the same texts again.
    """
    rule = _RULES.get(lang)
    return rule(text, verbatim=verbatim or as_written, as_written=as_written) if rule else text
