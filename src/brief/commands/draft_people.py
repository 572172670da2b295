"""brief draft's people, roles, unnamed sources and institutions.

From spaCy's entities where a pipeline is installed, and from the phrases news writing uses.
"""

from __future__ import annotations

import re
from typing import Any

from brief.commands.draft_text import Lines, PersonSuggestion, SourceSuggestion

_UNNAMED = {
    "fr": r"\b(?:(?:selon|d[’']après)\s+)?(?:des|les|de|certain(?:e)?s|plusieurs|nombreux|un|une)\s+"
    r"(?:sources?|responsables?|diplomates?|experts?|analystes|observateurs|spécialistes|officiels|"
    r"proches|conseillers|témoins|médias)"
    r"(?:\s+(?!(?:de|des|du|en|et|à|au|aux|la|le|les|que|qui|où|dont|sur|pour|dans|est|sont|a|ont)\b)"
    r"[a-zà-ÿ’'-]+)?",
    "en": r"\b(?:(?:according to)\s+)?(?:some|many|several|the|an?|unnamed|anonymous)?\s*"
    r"(?:anonymous |unnamed |senior |western |us |u\.s\. )?(?:sources|officials|diplomats|experts|analysts|"
    r"observers|insiders|aides|people familiar with)(?:\s+(?:say|said|agree|believe|told|familiar))?",
}

_INSTITUTIONS = {
    "fr": r"\b(?:le Kremlin|la Maison[- ]Blanche|l[’']Élysée|le Pentagone|Matignon|le Département d[’']État|"
    r"l[’']OTAN|l[’']ONU|l[’']Union européenne|la Commission européenne|le Conseil de sécurité|"
    r"la CIA|le FBI|le gouvernement \w+|les services de renseignement)\b",
    "en": r"\b(?:the Kremlin|the White House|the Pentagon|the State Department|NATO|the UN|the United Nations|"
    r"the European Union|the European Commission|the Security Council|the CIA|the FBI|"
    r"the \w+ government|intelligence services)\b",
}

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


def suggest_people(text: str, doc: Any) -> list[PersonSuggestion]:
    """Named persons, each once, with the role the text gives them in apposition (or null)."""
    lines = Lines(text)
    found: dict[str, PersonSuggestion] = {}
    order: list[str] = []
    for ent in doc.ents:
        if ent.label_ not in ("PER", "PERSON"):
            continue
        name = ent.text.strip()
        if len(name) < 3 or not name[0].isupper() or "\n" in name or (" " not in name and "-" in name):
            continue  # "Poutine-Trump" names a relationship, not a person
        if len(ent) == 1 and ent[0].pos_ == "VERB":
            continue  # a sentence's first word taken for a name ("Organiser des rencontres ...")
        # "Trump" after "Donald Trump" is the same person.
        known = next((k for k in order if k == name or k.endswith(" " + name) or name.endswith(" " + k)), None)
        if known and len(name) > len(known):
            found[name] = found.pop(known)
            order[order.index(known)] = name
            known = name
        role = _role(text, ent.start_char, ent.end_char, doc)
        line = lines.at(ent.start_char)[0]
        if known is None:
            order.append(name)
            found[name] = PersonSuggestion(name, role, line)
        elif role and found[known].role is None:
            found[known] = PersonSuggestion(known, role, line)
        else:
            found[known] = PersonSuggestion(known, found[known].role, found[known].line)
    return [found[name] for name in order]


def _role(text: str, start: int, end: int, doc: Any) -> str | None:
    """The apposition after a name (', spécialiste des régimes autoritaires, souligne') or the
    title introducing it ('le créateur de contenu : Khadim Nd.'), as the text words it."""
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
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - 80) : start]
    matches = [m for m in (_ROLE_BEFORE.search(window, i) for i in range(len(window))) if m]
    fitting = [m.group(1).strip() for m in matches if len(m.group(1).split()) <= 6]
    return fitting[0] if fitting else None


_SAID_BY = re.compile(r"(?:selon|d[’']après|according to)\s+", re.IGNORECASE)


def suggest_sources(text: str, language: str | None, doc: Any | None) -> list[SourceSuggestion]:
    lines = Lines(text)
    hits: list[tuple[int, str, str]] = []
    patterns = ((_UNNAMED.get(language or ""), "unnamed"), (_INSTITUTIONS.get(language or ""), "institution"))
    for pattern, kind in patterns:
        for m in re.finditer(pattern or r"(?!)", text, re.IGNORECASE):
            said = _SAID_BY.match(m.group())  # "selon des sources anonymes": the source is "des sources anonymes"
            start = m.start() + (said.end() if said else 0)
            hits.append((start, text[start : m.end()].strip(), kind))
    if doc is not None:
        hits += [
            (e.start_char, e.text.strip(), "institution")
            for e in doc.ents
            if e.label_ == "ORG"
            and len(e.text.strip()) > 2
            and e.text.strip()[0].isupper()
            and not e.text.strip().endswith(("’", "'"))  # "Russie qu’": a name cut at an elision
        ]
    seen: set[str] = set()
    out = []
    for start, phrase, kind in sorted(hits):
        key = phrase.casefold()
        if key in seen or any(key in s for s in seen):
            continue
        seen.add(key)
        out.append(SourceSuggestion(phrase, lines.at(start)[0], kind))
    return out
