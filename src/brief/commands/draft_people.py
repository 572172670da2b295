"""brief draft's people, roles, unnamed sources and institutions.

From spaCy's entities where a pipeline is installed, and from the phrases news writing uses.
"""

from __future__ import annotations

import re
from typing import Any

from brief.commands.draft_rules import institutions, opens_a_sentence_or_quote, role_after, rule_people, unnamed_sources
from brief.commands.draft_text import Lines, PersonSuggestion, SourceSuggestion

_ROLE_AFTER = re.compile(r"^,\s+([^\W\d_][^,.;:!?()«»\"\n]{2,90}?),\s+(\w+)")

_ROLE_BEFORE = re.compile(r"(?:\b(?:le|la|les|the|an?)\s+|\bl[’'])([^\W\d_][^,.;:!?()«»\"\n]{2,60}?)\s*:\s*$", re.I)

# Words that open a clause rather than a title: "Trump, qui ...", "Trump, selon ...".
_NOT_A_ROLE_WORDS = (
    "qui que dont où et mais ou donc car selon comme notamment avec sans sous pour après avant lors quand si "
    "de du en à au par sur dans who which that and but or as with without after before when if while "
    "although of in at by on for from to"
)

_NOT_A_ROLE = frozenset(_NOT_A_ROLE_WORDS.split())

# A name after one of these is inside someone else's phrase ("l’influence de Trump, semble ..."):
# the comma after it closes that phrase, not an apposition.
_INSIDE_A_PHRASE = re.compile(
    r"(?:\b(?:de|du|des|par|à|au|aux|pour|avec|sur|et|ou|entre|of|by|to|with|for|from|on|and|or|between)\s+"
    r"|\bd[’'])$",
    re.IGNORECASE,
)


def suggest_people(text: str, doc: Any | None, language: str | None) -> list[PersonSuggestion]:
    """Named persons, each once, with the role the text gives them in apposition (or null): the
    language's rules first (they run with no model), then spaCy's persons where a pipeline is loaded."""
    lines = Lines(text)
    found: dict[str, PersonSuggestion] = {}
    order: list[str] = []
    entities = [(f.start, f.start + len(f.name), f.name, f.role) for f in rule_people(text, language)]
    for ent in doc.ents if doc is not None else ():
        if ent.label_ not in ("PER", "PERSON"):
            continue
        name = ent.text.strip()
        if len(name) < 3 or not name[0].isupper() or "\n" in name or (" " not in name and "-" in name):
            continue  # "Poutine-Trump" names a relationship, not a person
        if len(ent) == 1 and (ent[0].pos_ == "VERB" or _only_at_an_opening(text, name)):
            continue  # a sentence's or a quotation's first word taken for a name ("Interdire les écrans ...")
        entities.append((ent.start_char, ent.end_char, name, _role(text, ent.start_char, ent.end_char, doc, language)))
    entities.sort()
    for start, _end, name, role in entities:
        # "Trump" after "Donald Trump" is the same person.
        known = next((k for k in order if k == name or k.endswith(" " + name) or name.endswith(" " + k)), None)
        if known and len(name) > len(known):
            found[name] = found.pop(known)
            order[order.index(known)] = name
            known = name
        line = lines.at(start)[0]
        if known is None:
            order.append(name)
            found[name] = PersonSuggestion(name, role, line)
        elif role and found[known].role is None:
            found[known] = PersonSuggestion(known, role, line)
        else:
            found[known] = PersonSuggestion(known, found[known].role, found[known].line)
    return [found[name] for name in order]


def _only_at_an_opening(text: str, word: str) -> bool:
    """Whether every use of a word opens a sentence or a quotation (a capitalised common word)."""
    places = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    return bool(places) and all(opens_a_sentence_or_quote(text, p) for p in places)


def _role(text: str, start: int, end: int, doc: Any, language: str | None) -> str | None:
    """The apposition after a name (', spécialiste des régimes autoritaires, souligne', or to the
    end of the sentence: ', neuropédiatre au CHU de Lyon.') or the title introducing it ('le
    créateur de contenu : Khadim Nd.'), as the text words it."""
    after = _ROLE_AFTER.match(text[end : end + 160])
    if after and not _INSIDE_A_PHRASE.search(text[max(0, start - 10) : start]):
        role, following = after.group(1).strip(), after.group(2)
        first = role.split()[0].lower()
        span = doc.char_span(end + after.start(1), end + after.start(1) + len(role), alignment_mode="expand")
        infinitive = span is not None and any("Inf" in t.morph.get("VerbForm") for t in span)
        # A title: a few words from a lowercase word, no infinitive, and the sentence goes on after it.
        if (
            role[0].islower()
            and first not in _NOT_A_ROLE
            and len(role.split()) <= 10
            and following[0].islower()
            and not infinitive
        ):
            return role
    if language and not _INSIDE_A_PHRASE.search(text[max(0, start - 10) : start]):
        to_the_end = role_after(text, end, language)
        if to_the_end and not _has_infinitive(doc, end, to_the_end, text):
            return to_the_end
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - 80) : start]
    matches = [m for m in (_ROLE_BEFORE.search(window, i) for i in range(len(window))) if m]
    fitting = [m.group(1).strip() for m in matches if len(m.group(1).split()) <= 6]
    return fitting[0] if fitting else None


def _has_infinitive(doc: Any, end: int, role: str, text: str) -> bool:
    at = text.find(role, end)
    span = doc.char_span(at, at + len(role), alignment_mode="expand") if at >= 0 else None
    return span is not None and any("Inf" in t.morph.get("VerbForm") for t in span)


_SAID_BY = re.compile(r"(?:selon|d[’']après|according to)\s+", re.IGNORECASE)


def suggest_sources(text: str, language: str | None, doc: Any | None) -> list[SourceSuggestion]:
    """The unnamed sources and the institutions the text leans on, each once, in the text's order."""
    lines = Lines(text)
    hits: list[tuple[int, str, str]] = [(start, phrase, "unnamed") for start, phrase in unnamed_sources(text, language)]
    hits += [(start, phrase, "institution") for start, phrase in institutions(text, language)]
    if doc is not None:
        hits += [
            (e.start_char, e.text.strip(), "institution")
            for e in doc.ents
            if e.label_ == "ORG"
            and len(e.text.strip()) > 2
            and e.text.strip()[0].isupper()
            and not e.text.strip().endswith(("’", "'"))  # "Russie qu’": a name cut at an elision
            and not (len(e) == 1 and _only_at_an_opening(text, e.text.strip()))  # "Tablettes et ordinateurs ..."
        ]
    seen: set[str] = set()
    out = []
    for start, phrase, kind in sorted(hits, key=lambda hit: (hit[0], -len(hit[1]))):
        key = phrase.casefold()
        if key in seen or any(key in s for s in seen):
            continue
        seen.add(key)
        out.append(SourceSuggestion(phrase, lines.at(start)[0], kind))
    return out
