"""Checks across files: a brief and the sources it names must agree with each other.

Each model is valid on its own once loaded; here we check what only the pair can tell:
that the sources exist, that topics and point references resolve, that every text is
there in every language the brief asks for. Every problem is located in the file where
the fix belongs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from brief.errors import BriefError, KeyPath, Problem, display_path
from brief.model.brief import Brief
from brief.model.coherence import both_files, missing_labels, not_a_brief, published_after_as_of, unknown_reports
from brief.model.fields import SLUG_RE
from brief.model.glyphs import glyph_problems
from brief.model.load import Loaded, derived, load_brief, load_source
from brief.model.record import review_problems, session_problems
from brief.model.references import did_you_mean, raw_reference_problems, resolve_ref, side_sources
from brief.model.source import Source
from brief.model.texts import Article, workspace_articles
from brief.model.yaml_data import read_yaml
from brief.paths import present, real
from brief.workspace import root_of, source_files, sources_dir, yaml_files


@dataclass(frozen=True)
class Debate:
    """A brief with the sources its sides name, all validated together."""

    brief: Loaded[Brief]
    sides: tuple[tuple[Loaded[Source], ...], ...]  # each side's sources, in the brief's order
    # source id -> its article's text, where the workspace's texts/ has it (a build reads them)
    articles: Mapping[str, Article] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.brief.id

    @property
    def sources(self) -> tuple[Loaded[Source], ...]:
        """Every source of the brief, side by side in order."""
        return tuple(source for side in self.sides for source in side)

    @property
    def digests(self) -> dict[Path, str]:
        """Each file's digest as it was read for this debate (what a build of it was made from)."""
        return {loaded.marks.file: loaded.digest for loaded in (self.brief, *self.sources)}


def sources_dir_for(brief_file: Path) -> Path:
    """Sources live in `sources/` beside the `briefs/` folder that holds the brief."""
    return sources_dir(brief_file)


class SourceCache:
    """Loads each source file once per run, however many briefs name it."""

    def __init__(self) -> None:
        self._loaded: dict[Path, Loaded[Source] | BriefError] = {}

    def get(self, file: Path) -> Loaded[Source]:
        key = real(file)  # a link loop stays as named, and reading it says so
        if key not in self._loaded:
            try:
                self._loaded[key] = load_source(file)  # problems name the file as named, a link as the link
            except BriefError as exc:
                self._loaded[key] = exc
        result = self._loaded[key]
        if isinstance(result, BriefError):
            raise result
        return result


def _texts(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, dict[str, str]]]:
    """Every multi-language text inside a model, with its key path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            field = getattr(value, name)
            if name == "stances":  # a mapping of side ids to texts, not a text itself
                for side_id, text in field.items():
                    yield from _texts(text, (*path, name, side_id))
            else:
                yield from _texts(field, (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, dict) and all(isinstance(v, BaseModel) for v in value.values()):
        for key, item in value.items():  # a mapping of ids to models (a session's topics)
            yield from _texts(item, (*path, key))
    elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        yield path, value  # a text (counts keyed by answer are not one)


def _texts_of(loaded: Loaded[Any]) -> list[tuple[KeyPath, dict[str, str]]]:
    """The file's multi-language texts, walked once per Loaded."""
    return derived("texts", loaded, None, lambda: list(_texts(loaded.model, ())))


def missing_languages(loaded: Loaded[Any], languages: Iterable[str], brief_file: Path) -> list[Problem]:
    """A text given per language must have every language the brief builds."""
    langs = list(languages)
    problems = []
    for path, variants in _texts_of(loaded):
        if path and path[-1] == "translation":
            continue  # checked against the quote's language in translations_problem
        lacking = [lang for lang in langs if lang not in variants]
        if lacking:
            problems.append(
                loaded.marks.problem(
                    path,
                    f"no {', '.join(repr(x) for x in lacking)} text, which {brief_file.name} builds "
                    f"(this text has {', '.join(repr(x) for x in variants)})",
                )
            )
    return problems


def untranslated(source: Loaded[Source], languages: Iterable[str]) -> list[tuple[str, list[str]]]:
    """(point id, the languages its quote lacks a translation into) for each point of a source."""
    original = source.model.provenance.language
    out = []
    for point in source.model.points:
        if point.quote is None:
            continue  # nothing quoted, nothing to translate
        needed = [lang for lang in languages if lang != original]
        translation = point.translation
        if not needed or (isinstance(translation, str) and len(needed) == 1):
            continue
        have = set(translation) if isinstance(translation, dict) else set()
        lacking = [lang for lang in needed if lang not in have]
        if lacking:
            out.append((point.id, lacking))
    return out


def translations_problem(brief: Loaded[Brief], sources: Iterable[Loaded[Source]]) -> list[Problem]:
    """Missing translations as ONE problem at the brief's `languages`: which points need them, and
    the choice (translate them, or build only the sources' language), rather than a line per quote."""
    model = brief.model
    sources = list(sources)
    lacking = [(f"{s.id}/{pid}", langs) for s in sources for pid, langs in untranslated(s, model.languages)]
    if not lacking:
        return []
    langs = sorted({lang for _, needed in lacking for lang in needed}, key=list(model.languages).index)
    own = sorted({s.model.provenance.language for s in sources})
    shown = ", ".join(ref for ref, _ in lacking[:8]) + (f" and {len(lacking) - 8} more" if len(lacking) > 8 else "")
    noun = "point's quote has" if len(lacking) == 1 else "points' quotes have"
    where = ("languages",) if "languages" in model.model_fields_set else ("title",)
    written = " or ".join(repr(lang) for lang in langs)
    choice = (
        f"or build only the sources' language: languages: [{own[0]}]"
        if len(own) == 1
        else f"or leave {', '.join(langs)} out of languages"
    )
    return [
        brief.marks.problem(
            where,
            f"{len(lacking)} {noun} no {written} translation, which {brief.marks.file.name} builds: {shown}; "
            f"either add translation: {{{langs[0]}: ...}} under each of these quotes, {choice}",
        )
    ]


def sources_languages(sources: Iterable[Loaded[Source]]) -> list[str]:
    """The languages of a brief's sources, in the order its sides name them."""
    out: list[str] = []
    for source in sources:
        if source.model.provenance.language not in out:
            out.append(source.model.provenance.language)
    return out


def _duplicates(items: list[Any], marks: Any, list_key: str, what: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(items):
        if item.id in first:
            problems.append(
                marks.problem(
                    (list_key, i, "id"),
                    f"{what} id {item.id!r} is already used by {list_key}[{first[item.id]}]",
                )
            )
        else:
            first[item.id] = i
    return problems


def _side_source_paths(model: Brief) -> Iterator[tuple[int, KeyPath, str]]:
    """Each source a side names, with the key path where it is named."""
    for i, side in enumerate(model.sides):
        for j, source_id in enumerate(side.source_ids):
            yield i, ("sides", i, "source") if side.source is not None else ("sides", i, "sources", j), source_id


def check_debate(brief: Loaded[Brief], cache: SourceCache, *, texts: bool = False) -> Debate:
    """Load the sources a brief names and check them together; raises with every problem found.

    With `texts`, each source's article is read from the workspace's texts/ where it is there (a
    build prints the quotes found in it with the article's own characters); a text that cannot be
    read is a problem like any other.
    """
    model, marks, file = brief.model, brief.marks, brief.marks.file
    problems: list[Problem] = []
    problems += _duplicates(model.topics, marks, "topics", "topic")
    problems += _duplicates(model.sides, marks, "sides", "side")

    folder = sources_dir_for(file)
    known = sorted({p.stem for p in yaml_files(folder)})
    loaded: dict[str, Loaded[Source] | None] = {}  # None where the source is missing or broken
    side_of: dict[str, int] = {}
    for i, path_key, source_id in _side_source_paths(model):
        if source_id in side_of:
            other = model.sides[side_of[source_id]]
            where = "this side" if side_of[source_id] == i else f"side {other.id!r}"
            problems.append(
                marks.problem(path_key, f"source {source_id!r} is already on {where}; a source argues one side")
            )
            continue
        side_of[source_id] = i
        found = source_files(folder, source_id)
        if len(found) > 1:
            problems.append(marks.problem(path_key, both_files(found)))
            loaded[source_id] = None
            continue
        path = found[0] if found else folder / f"{source_id}.yaml"
        if not present(path):  # a folder, a pipe or a broken link there is named when read
            where = display_path(folder)
            hint = (
                did_you_mean(source_id, known) or f"sources in {where}: {', '.join(known)}"
                if known
                else f"{where} holds no sources"
            )
            problems.append(marks.problem(path_key, f"no source {source_id!r}; {hint}"))
            loaded[source_id] = None
            continue
        try:
            loaded[source_id] = cache.get(path)
        except BriefError as exc:
            problems += exc.problems
            loaded[source_id] = None

    # A brief that leaves `languages` out builds its sources' language(s), not English.
    present_sources = [s for s in loaded.values() if s is not None]
    if "languages" not in model.model_fields_set and present_sources:
        model = model.model_copy(update={"languages": sources_languages(present_sources)})
        brief = dataclasses.replace(brief, model=model)
    problems += missing_languages(brief, model.languages, file)

    # Go on with the sources that loaded, so one run reports every problem it can see.
    for source in present_sources:
        problems += _duplicates(source.model.points, source.marks, "points", "point")
        problems += missing_languages(source, model.languages, file)
        problems += unknown_reports(source)
    problems += translations_problem(brief, present_sources)

    by_id = {sid: s for sid, s in loaded.items() if s is not None}
    complete = None not in loaded.values()
    side_ids = [side.id for side in model.sides]

    def check_ref(ref: str, where: KeyPath, side: int | None = None) -> None:
        if not complete and "/" in ref and ref.split("/", 1)[0] not in by_id:
            return  # a source is missing or broken (reported above): no telling what was meant
        why = resolve_ref(ref, by_id)
        if why is None and side is not None and side_of.get(ref.split("/", 1)[0]) != side:
            why = f"{ref} is not a point of side {side_ids[side]!r}; highlights are the side's own points"
        if why is not None:
            problems.append(marks.problem(where, why))

    for i, side in enumerate(model.sides):
        for j, ref in enumerate(side.highlights):
            check_ref(ref, ("sides", i, "highlights", j), side=i)
    for i, topic in enumerate(model.topics):
        for key in topic.stances:
            if key not in side_ids:
                hint = did_you_mean(key, side_ids) or f"the sides are: {', '.join(side_ids)}"
                problems.append(marks.problem(("topics", i, "stances", key), f"no side {key!r}; {hint}", key=True))
        for j, ref in enumerate(topic.points):
            check_ref(ref, ("topics", i, "points", j))
        if not topic.points and not topic.stances:
            problems.append(
                marks.problem(
                    ("topics", i, "id"),
                    f"no side takes a stance on topic {topic.id!r} and no point bears on it; "
                    "give it stances and points, or remove it",
                )
            )
    for i, question in enumerate(model.questions):
        for j, ref in enumerate(question.points):
            check_ref(ref, ("questions", i, "points", j))
        if question.topic is not None and question.topic not in (ids := [t.id for t in model.topics]):
            hint = did_you_mean(question.topic, ids) or f"its topics are: {', '.join(ids)}"
            problems.append(marks.problem(("questions", i, "topic"), f"no topic {question.topic!r}; {hint}"))
    problems += published_after_as_of(brief, by_id.values())
    problems += session_problems(brief) + review_problems(brief)
    problems += missing_labels(brief)
    problems += glyph_problems([brief, *(s for s in loaded.values() if s is not None)])  # what no font can draw
    articles: dict[str, Article] = {}
    if texts:
        articles, unreadable = workspace_articles(root_of(file), by_id)
        problems += unreadable
    if problems:
        raise BriefError(problems)
    sides = tuple(tuple(by_id[sid] for sid in side.source_ids) for side in model.sides)
    return Debate(brief, sides, articles)


def stance_warnings(debate: Debate) -> list[Problem]:
    """`brief check`'s flags on the clash: a stance no point of its side backs, and a side whose
    points bear on a topic with no stance there."""
    model, marks = debate.brief.model, debate.brief.marks
    side_of = {src.id: i for i, side in enumerate(debate.sides) for src in side}
    problems = []
    for i, topic in enumerate(model.topics):
        backed = {side_of[ref.split("/", 1)[0]] for ref in topic.points}
        for s, side in enumerate(model.sides):
            if side.id in topic.stances and s not in backed:
                problems.append(
                    marks.problem(
                        ("topics", i, "stances", side.id),
                        f"side {side.id!r} has a stance on {topic.id!r} but none of its points is listed in "
                        "this topic's points: add the point that backs it",
                        severity="warning",
                    )
                )
            elif side.id not in topic.stances and s in backed:
                problems.append(
                    marks.problem(
                        ("topics", i, "points"),
                        f"side {side.id!r} has points on {topic.id!r} but no stance there: add "
                        f"stances: {{{side.id}: ...}}, or remove its points from this topic",
                        severity="warning",
                    )
                )
    return problems


def load_debate(brief_file: Path, cache: SourceCache | None = None, *, texts: bool = False) -> Debate:
    """Load a brief file and everything it names, checked together (with `texts`, the articles of
    its sources that the workspace's texts/ holds: see `check_debate`)."""
    cache = cache or SourceCache()
    try:
        brief = load_brief(brief_file)
    except BriefError as exc:
        if (source_summary := not_a_brief(brief_file)) is not None:
            raise BriefError([source_summary]) from None
        # the brief is broken, but the sources it names may be too, and its references may name
        # points and sides that are not there: report them all in the same run
        raise BriefError([*exc.problems, *_problems_beside_the_shape(brief_file, cache, exc.problems)]) from None
    return check_debate(brief, cache, texts=texts)


def _problems_beside_the_shape(brief_file: Path, cache: SourceCache, shape: list[Problem]) -> list[Problem]:
    """For a brief that failed its shape check: the problems of the source files its sides name,
    and its references that do not resolve, as far as its plain data can be read."""
    try:
        data, marks = read_yaml(brief_file)
    except BriefError:
        return []
    problems: list[Problem] = []
    by_id: dict[str, Loaded[Source]] = {}
    complete = True
    sides = data.get("sides") if isinstance(data, dict) else None
    for side in sides if isinstance(sides, list) else []:
        for source_id in side_sources(side) if isinstance(side, dict) else []:
            if not re.match(SLUG_RE, source_id):
                complete = False
                continue
            found = source_files(sources_dir_for(brief_file), source_id)
            if len(found) != 1:
                complete = False
                continue
            try:
                by_id[source_id] = cache.get(found[0])
            except BriefError as exc:
                problems += exc.problems
                complete = False
    reported = [p.path for p in shape if p.file == brief_file and p.path is not None]
    return problems + raw_reference_problems(data, marks, by_id, complete, reported)


@dataclass(frozen=True)
class CheckReport:
    """What `brief check` looked at."""

    briefs: tuple[Debate, ...]
    sources: tuple[Loaded[Source], ...]


def is_brief_file(file: Path) -> bool:
    """A file in a `briefs/` folder, or elsewhere one whose top level has `sides`, is a brief."""
    parent = real(file).parent.name
    if parent in ("briefs", "sources"):
        return parent == "briefs"
    try:
        data, _ = read_yaml(file)
    except BriefError:
        return False  # reported when loaded as a source
    return isinstance(data, dict) and "sides" in data


def check_files(files: Iterable[Path]) -> CheckReport:
    """Validate each file (briefs with the sources they name); raise with every problem found."""
    cache = SourceCache()
    briefs, sources, problems = [], [], []
    for file in files:
        try:
            if is_brief_file(file):
                briefs.append(load_debate(file, cache))
            else:
                sources.append(cache.get(file))
        except BriefError as exc:
            problems += exc.problems
    problems += glyph_problems(sources)
    if problems:
        raise BriefError(problems)
    return CheckReport(tuple(briefs), tuple(sources))
