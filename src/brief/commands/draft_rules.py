"""brief draft's rules for the forms news writing uses, built from one list file per language.

A language is a file in draft_lists/ (verbs of saying, titles, `according to`, the phrases of
anonymity, institutions): adding one adds the language, with no code. The rules run with spaCy
or without it; what spaCy adds is found beside them, never instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_UPPER = "A-ZÀ-ÖØ-ÞŒ"
_LOWER = "a-zà-öø-ÿœ"
_QUOTE_CLOSE = '»”"'
_QUOTE_OPEN = '«“"'


@dataclass(frozen=True)
class Found:
    """A person the rules found: the name as written, the role the text gives (or None), where."""

    name: str
    role: str | None
    start: int


@cache
def lists(language: str | None) -> dict[str, Any]:
    """The language's lists; an empty set of lists for a language brief has none for."""
    if not language or not re.fullmatch(r"[a-z]{2,3}", language):
        return {}
    entry = resources.files("brief.commands").joinpath("draft_lists", f"{language}.json")
    if not entry.is_file():
        return {}
    return json.loads(entry.read_text(encoding="utf-8"))


def languages() -> list[str]:
    folder = resources.files("brief.commands").joinpath("draft_lists")
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))


def _alternation(words: list[str], *, escape: bool = True) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(_spaced(re.escape(w)) if escape else w for w in ordered) or r"(?!)"


def _spaced(escaped: str) -> str:
    return escaped.replace(r"\ ", r"\s+").replace(" ", r"\s+").replace("’", "[’']").replace("'", "[’']")


def _name_pattern(language: str, *, words: str) -> str:
    particles = _alternation(lists(language).get("name_particles", []))
    part = rf"[{_UPPER}][{_LOWER}’'-]*[{_LOWER}](?:-[{_UPPER}][{_LOWER}]+)?"
    return rf"{part}(?:\s+(?:(?:{particles})\s*)?{part}){words}"


@cache
def _patterns(language: str) -> dict[str, re.Pattern[str]]:
    data = lists(language)
    verbs = _alternation(data.get("saying_verbs", []))
    titles = _alternation(data.get("titles", []))
    title_articles = _alternation(data.get("title_articles", []))
    according = _alternation(data.get("according_to", []))
    full = _name_pattern(language, words="{1,2}")  # a first name and a surname, at least
    short = _name_pattern(language, words="{0,2}")  # after a title, a surname alone will do

    def titled(key: str) -> str:
        return rf"(?:(?:{title_articles})\s*)?(?:{titles})\s+(?P<name_t{key}>{short})"

    def person(key: str) -> str:
        return rf"(?:{titled(key)}|(?P<name_{key}>{full}))"

    return {
        # “…,” says Dr X / », résume X / ”, X said
        "after_quote": re.compile(
            rf"[,.!?…]?\s*[{_QUOTE_CLOSE}]\s*,?\s*(?:(?:{verbs})\s+{person('a')}|{person('b')}\s+(?:{verbs})\b)"
        ),
        # according to X / selon X
        "according": re.compile(rf"(?<!\w)(?i:{according})\s+{person('a')}"),
        # Dr X anywhere
        "titled": re.compile(rf"(?<!\w){titled('a')}"),
        # X, role, says / X says
        "name_then_verb": re.compile(rf"(?<![\w’'])(?P<name_a>{full})(?:,[^,.;:!?«»“”\"]{{3,120}},)?\s+(?:{verbs})\b"),
    }


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def _without_title(name: str, language: str) -> str:
    titles = {t.rstrip(".") for t in lists(language).get("titles", [])}
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".") in titles:
        words = words[1:]
    return " ".join(words)


def rule_people(text: str, language: str | None) -> list[Found]:
    """The people the forms of news writing name, in the text's order, each once (the longest
    spelling kept, the first role the text gives)."""
    if not lists(language):
        return []
    assert language is not None
    hits: list[tuple[int, int, str]] = []
    for pattern in _patterns(language).values():
        for m in pattern.finditer(text):
            group = next((key for key, value in m.groupdict().items() if value and key.startswith("name_")), None)
            if group:
                name = _clean_name(m.group(group))
                bare = _without_title(name, language)
                hits.append((m.end(group) - len(bare), m.end(group), bare))
    hits.sort()
    found: dict[str, Found] = {}
    for start, end, name in hits:
        if opens_a_sentence_or_quote(text, start) and " " not in name:
            continue
        role = role_after(text, end, language)
        known = next((k for k in found if k == name or k.endswith(" " + name) or name.endswith(" " + k)), None)
        if known is None:
            found[name] = Found(name, role, start)
            continue
        earlier = found.pop(known)
        keep = name if len(name) > len(known) else known
        found[keep] = Found(keep, earlier.role or role, earlier.start)
    return sorted(found.values(), key=lambda f: f.start)


def opens_a_sentence_or_quote(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \u00a0\u202f")
    return not before or before[-1] in f"\n.!?{_QUOTE_OPEN}"


def role_after(text: str, end: int, language: str) -> str | None:
    """The apposition after a name, to the end of its clause or sentence, as the text words it:
    ', neuropédiatre au CHU de Lyon.' or ', professor of … at …,' (not a relative clause)."""
    data = lists(language)
    m = re.match(r",\s+([^,;:!?()«»“”\"\n]{2,140}?)(?=\s*(?:[.;:!?)\n]|,|$))", text[end : end + 200])
    if not m:
        return None
    role = m.group(1).strip()
    stops = _alternation(data.get("role_stops", []))
    role = re.split(rf"\s+(?:{stops})\b", role, maxsplit=1)[0].strip()
    words = role.split()
    if not words or len(words) > 14 or words[0].lower() in set(data.get("not_a_role", [])):
        return None
    articles = set(data.get("role_articles", []))
    if words[0].lower() in articles and len(words) > 1:
        words = words[1:]
    role = " ".join(words)
    if not role[0].islower():
        return None  # a name or a sentence going on, not a title
    if re.match(rf"(?:{_alternation(data.get('saying_verbs', []))})\b", role):
        return None  # "X, says ..." is no role
    return role


# --- unnamed sources and institutions ----------------------------------------------


def unnamed_sources(text: str, language: str | None) -> list[tuple[int, str]]:
    """(start, phrase) of each unnamed source: the person a phrase of anonymity follows ('A council
    engineer, who asked not to be named'), a source a phrase leads with ('a spokesperson for the bus
    company'), and plural unnamed sources ('des sources anonymes', 'Anonymous sources say')."""
    data = lists(language)
    if not data:
        return []
    out: list[tuple[int, str]] = []
    after = _alternation(data.get("anonymous_after", []))
    for m in re.finditer(rf"(?<!\w)(?:{after})(?!\w)", text, re.IGNORECASE):
        subject = _subject_before(text, m.start(), data)
        if subject:
            out.append(subject)
    according = _alternation(data.get("according_to", []))
    lead = _alternation(data.get("anonymous_lead", []))
    for m in re.finditer(rf"(?<!\w)(?:(?:{according})\s+)?(?P<lead>(?:{lead})[^,.;:!?«»“”\"\n]*)", text, re.IGNORECASE):
        phrase = re.split(r"\s+(?:" + _alternation(data.get("saying_verbs", [])) + r")\b", m.group("lead"))[0]
        out.append((m.start("lead"), phrase.strip()))
    out += _generic_unnamed(text, data)
    return out


def _subject_before(text: str, end: int, data: dict[str, Any]) -> tuple[int, str] | None:
    """The noun phrase a phrase of anonymity qualifies, looking back clause by clause within the
    sentence: 'Un parent d’élève, s’exprimant sous couvert…' -> 'Un parent d’élève'."""
    sentence_start = max(text.rfind(c, 0, end) for c in ".!?\n")
    sentence_start = max(sentence_start + 1, 0)
    determiners = _alternation(data.get("determiners", []))
    verbs = _alternation(data.get("saying_verbs", []))
    cursor = end
    while cursor > sentence_start:
        cut = max(text.rfind(c, sentence_start, cursor) for c in ',;:«»“”"')
        clause_start = max(cut + 1, sentence_start)
        clause = text[clause_start:cursor]
        m = re.search(rf"(?<![\w’'])(?:{determiners})(?:\s+|(?<=[’']))[{_LOWER}{_UPPER}]", clause, re.IGNORECASE)
        if m:
            phrase = clause[m.start() :]
            phrase = re.split(rf"\s+(?:{verbs})\b", phrase, maxsplit=1)[0].strip()
            if len(phrase.split()) >= 2:
                return clause_start + m.start(), phrase
        cursor = cut if cut >= sentence_start else sentence_start
    return None


def _generic_unnamed(text: str, data: dict[str, Any]) -> list[tuple[int, str]]:
    plural_det = _alternation(data.get("unnamed_determiners", []))
    one_det = _alternation(data.get("unnamed_singular_determiners", []), escape=False)
    qualifiers = _alternation(data.get("unnamed_qualifiers", []), escape=False)
    nouns = _alternation(data.get("unnamed_nouns", []))
    one_nouns = _alternation(data.get("unnamed_singular_nouns", []))
    according = _alternation(data.get("according_to", []))
    following = data.get("unnamed_following", [])
    tail = (
        rf"(?:\s+(?:{_alternation(following)})\b)?"
        if following
        else rf"(?:\s+(?!(?:de|des|du|en|et|à|au|aux|la|le|les|que|qui|où|dont|sur|pour|dans|est|sont|a|ont)\b)"
        rf"[{_LOWER}’'-]+)?"
    )
    qualified = rf"(?:(?:{qualifiers})\s+)?" if data.get("unnamed_qualifiers") else ""
    plural = rf"(?<!\w)(?:(?:{according})\s+)?(?:(?:{plural_det})\s+)?{qualified}(?:{nouns})(?!\w){tail}"
    # A singular one only after `selon`/`according to`: "vérifier une source" names no source.
    single = rf"(?<!\w)(?:{according})\s+(?:{one_det})\s+{qualified}(?:{one_nouns})(?!\w){tail}"
    out = []
    for pattern in (plural, single):
        for m in re.finditer(pattern, text, re.IGNORECASE):
            said = re.match(rf"(?:{according})\s+", m.group(), re.IGNORECASE)
            start = m.start() + (said.end() if said else 0)
            phrase = text[start : m.end()].strip()
            if len(phrase.split()) >= 2 or said:
                out.append((start, phrase))
    return out


def institutions(text: str, language: str | None) -> list[tuple[int, str]]:
    names = lists(language).get("institutions", [])
    if not names:
        return []
    pattern = rf"\b(?:{'|'.join(names)})\b"
    return [(m.start(), m.group()) for m in re.finditer(pattern, text, re.IGNORECASE)]


# --- what a quote suggestion must not be -------------------------------------------


def saying_verbs_pattern(language: str | None) -> str:
    return _alternation(lists(language).get("saying_verbs", []))


def is_byline_or_bio(paragraph: str, language: str | None, author_names: list[str]) -> bool:
    """A byline ('By Hannah Reed', 'Par Sophie Lemaire, journaliste') or an author's bio line
    ('Hannah Reed is a freelance journalist …'): the page's furniture, not the article's claims."""
    data = lists(language)
    byline = _alternation(data.get("byline", []))
    if data.get("byline") and re.match(rf"(?:{byline})\s+[{_UPPER}]", paragraph) and len(paragraph.split()) <= 12:
        return True
    bio = _alternation(data.get("bio_verbs", []))
    for name in author_names:
        if data.get("bio_verbs") and re.match(rf"{re.escape(name)}\s+(?:{bio})\s", paragraph):
            return True
    return False


def byline_author(paragraphs: list[str], language: str | None) -> str | None:
    data = lists(language)
    if not data.get("byline"):
        return None
    byline = _alternation(data["byline"])
    name = _name_pattern(language or "", words="{1,2}")
    for paragraph in paragraphs[:6]:
        m = re.match(rf"(?:{byline})\s+(?P<name>{name})", paragraph)
        if m:
            return _clean_name(m.group("name"))
    return None
