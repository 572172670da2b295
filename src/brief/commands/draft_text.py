"""brief draft's reading of a text: its language, sentences and clauses, quotes worth keeping, keywords."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from brief.commands.draft_rules import byline_author, is_byline_or_bio, saying_verbs_pattern

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


MAX_QUOTE_WORDS = 30

MIN_QUOTE_WORDS = 6

DEFAULT_QUOTES = 20

KEYWORDS = 12

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


class Lines:
    """Offsets in a text -> 1-based line and column (in characters)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def detect_language(text: str) -> str | None:
    """The language whose commonest words the text uses most; None when it is too short to tell."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    if len(words) < 20:
        return None
    counts = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 0.1 * len(words) else None


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


def furniture(text: str, language: str | None) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs that are the page's furniture rather than the article's
    claims: the headline (a first line with no full stop), the byline and the author's bio line."""
    paragraphs: list[tuple[int, int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((offset, offset + len(line), line.strip()))
        offset += len(line) + 1
    out = []
    if paragraphs and not paragraphs[0][2].endswith((".", "…", "»", "”", '"')) and len(paragraphs[0][2].split()) <= 25:
        out.append(paragraphs[0][:2])
    author = byline_author([p[2] for p in paragraphs], language)
    for start, end, paragraph in paragraphs:
        if is_byline_or_bio(paragraph, language, [author] if author else []):
            out.append((start, end))
    return out


def _speech_only(sentence: Span, language: str | None) -> Span:
    """A sentence that joins a quotation to its attribution ('“…,” says Dr X, professor …') gives
    the speech alone, as the article writes it between its quotation marks."""
    verbs = saying_verbs_pattern(language)
    attribution = rf"(?:(?:{verbs})\b|\S+(?:\s+\S+){{0,3}}\s+(?:{verbs})\b)"
    m = re.match(rf"^[«“\"]\s*(.+?)[\s,]*[»”\"]\s*,?\s*{attribution}", sentence.text)
    if not m or not re.search(r"\w", m.group(1)):
        return sentence
    return Span(sentence.start + m.start(1), sentence.start + m.end(1), m.group(1))


def quote_candidates(text: str, language: str | None = None) -> Iterator[Span]:
    """Whole sentences of at most 30 words (a quotation without its attribution); from longer
    ones, runs of whole clauses that fit. Never the headline, the byline or a bio line."""
    skipped = furniture(text, language)
    for sentence in sentences(text):
        if any(start <= sentence.start < end for start, end in skipped):
            continue
        sentence = _speech_only(sentence, language)
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
    for span in quote_candidates(text, language):
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
    questions: list[Span] = []
    # A question asked once is suggested once: the whole sentence, not also its clauses.
    for span in sorted((span for _, span in scored if span.text.endswith("?")), key=lambda s: (s.start, -len(s.text))):
        if not any(span.start < q.end and q.start < span.end for q in questions):
            questions.append(span)
    return [QuoteSuggestion(s.text, *lines.at(s.start)) for s in [*claims, *questions]]


def suggest_keywords(text: str, language: str | None, doc: Any | None) -> list[str]:
    """Candidate topic words: the nouns (or, without a model, the longer words) the text repeats,
    folded by case and plural ('street', 'Street' and 'streets' are one word, shown as most written)."""
    stop = STOPWORDS.get(language or "", frozenset())
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    words: list[str] = []
    if doc is not None:
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and token.is_alpha and not token.is_stop and len(token.text) > 3:
                words.append(token.lemma_ if token.pos_ == "NOUN" else token.text)
    else:
        words = [w for w in re.findall(r"[^\W\d_][\w’'-]{4,}", text) if w.lower() not in stop]
    for word in words:
        key = _folded(word)
        counts[key] += 1
        spellings.setdefault(key, Counter())[word] += 1
    shown = []
    for key, n in counts.most_common(KEYWORDS):
        if n > 1:
            forms = spellings[key].most_common()
            shown.append(min((f for f, c in forms if c == forms[0][1]), key=lambda f: (len(f), f[0].isupper())))
    return shown


def _folded(word: str) -> str:
    """A word folded by case and by the plural endings of English and French (s, es, x)."""
    word = word.casefold().replace("’", "'")
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 4 and word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
