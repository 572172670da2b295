"""Checks across files: a brief and the sources it names must agree with each other.

Each model is valid on its own once loaded; here we check what only the pair can tell:
that the sources exist, that topics and point references resolve, that every text is
there in every language the brief asks for. Every problem is located in the file where
the fix belongs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .coherence import both_files, missing_labels, not_a_brief, published_after_as_of
from .errors import BriefError, KeyPath, Problem, display_path
from .load import Loaded, build_data, compose, load_brief, load_source, read_text
from .model import SLUG_RE, Brief, Source
from .workspace import source_files, sources_dir, yaml_files


@dataclass(frozen=True)
class Debate:
    """A brief with the two sources its sides name, all validated together."""

    brief: Loaded[Brief]
    sources: tuple[Loaded[Source], Loaded[Source]]

    @property
    def id(self) -> str:
        return self.brief.id

    @property
    def files(self) -> list[Path]:
        return [self.brief.marks.file, *(s.marks.file for s in self.sources)]


def sources_dir_for(brief_file: Path) -> Path:
    """Sources live in `sources/` beside the `briefs/` folder that holds the brief."""
    return sources_dir(brief_file)


class SourceCache:
    """Loads each source file once per run, however many briefs name it."""

    def __init__(self) -> None:
        self._loaded: dict[Path, Loaded[Source] | BriefError] = {}

    def get(self, file: Path) -> Loaded[Source]:
        file = file.resolve()
        if file not in self._loaded:
            try:
                self._loaded[file] = load_source(file)
            except BriefError as exc:
                self._loaded[file] = exc
        result = self._loaded[file]
        if isinstance(result, BriefError):
            raise result
        return result


def _texts(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, dict[str, str]]]:
    """Every multi-language text inside a model, with its key path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
    elif isinstance(value, dict):
        yield path, value


def missing_languages(loaded: Loaded[Any], languages: Iterable[str], brief_file: Path) -> list[Problem]:
    """A text given per language must have every language the brief builds."""
    langs = list(languages)
    problems = []
    for path, variants in _texts(loaded.model, ()):
        if path and path[-1] == "translation":
            continue  # checked against the quote's language in check_translations
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


def check_translations(source: Loaded[Source], languages: Iterable[str], brief_file: Path) -> list[Problem]:
    """A quote needs our translation into each edition language other than its own."""
    original = source.model.provenance.language
    problems = []
    for i, point in enumerate(source.model.points):
        needed = [lang for lang in languages if lang != original]
        translation = point.translation
        if not needed or (isinstance(translation, str) and len(needed) == 1):
            continue
        have = set(translation) if isinstance(translation, dict) else set()
        lacking = [lang for lang in needed if lang not in have]
        if lacking:
            path: KeyPath = ("points", i, "translation" if translation else "quote")
            problems.append(
                source.marks.problem(
                    path,
                    f"the quote is in {original!r} and {brief_file.name} builds {', '.join(lacking)}: "
                    f"add translation: {{{lacking[0]}: ...}}",
                )
            )
    return problems


def _did_you_mean(value: str, options: Iterable[str]) -> str | None:
    """ "did you mean 'x'?" when one option is close to what was typed."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


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


def check_debate(brief: Loaded[Brief], cache: SourceCache) -> Debate:
    """Load the sources a brief names and check the pair; raises with every problem found."""
    model, marks, file = brief.model, brief.marks, brief.marks.file
    problems: list[Problem] = []
    problems += _duplicates(model.topics, marks, "topics", "topic")
    problems += missing_languages(brief, model.languages, file)

    folder = sources_dir_for(file)
    known = sorted({p.stem for p in yaml_files(folder)})
    sources: list[Loaded[Source] | None] = []  # None where the side's source is missing or broken
    for i, side in enumerate(model.sides):
        if i == 1 and side.source == model.sides[0].source:
            problems.append(marks.problem(("sides", 1, "source"), "both sides name the same source"))
        found = source_files(folder, side.source)
        if len(found) > 1:
            problems.append(marks.problem(("sides", i, "source"), both_files(found)))
            sources.append(None)
            continue
        path = found[0] if found else folder / f"{side.source}.yaml"
        if not path.is_file():
            where = display_path(folder)
            hint = (
                _did_you_mean(side.source, known) or f"sources in {where}: {', '.join(known)}"
                if known
                else f"{where} holds no sources"
            )
            problems.append(marks.problem(("sides", i, "source"), f"no source {side.source!r}; {hint}"))
            sources.append(None)
            continue
        try:
            sources.append(cache.get(path))
        except BriefError as exc:
            problems += exc.problems
            sources.append(None)

    # Go on with the sources that loaded, so one run reports every problem it can see.
    topic_ids = [t.id for t in model.topics]
    unique_topics = list(dict.fromkeys(topic_ids))
    addressed: set[str] = set()
    for side_index, source in enumerate(sources):
        if source is None:
            continue
        src = source.model
        problems += _duplicates(src.points, source.marks, "points", "point")
        problems += missing_languages(source, model.languages, file)
        problems += check_translations(source, model.languages, file)
        point_ids = {p.id for p in src.points}
        for i, point in enumerate(src.points):
            for j, topic in enumerate(point.topics):
                if topic not in topic_ids:
                    problems.append(
                        source.marks.problem(
                            ("points", i, "topics", j),
                            f"topic {topic!r} is not defined in {file.name}; "
                            + (_did_you_mean(topic, topic_ids) or f"its topics are: {', '.join(unique_topics)}"),
                        )
                    )
                addressed.add(topic)
        for j, highlight in enumerate(model.sides[side_index].highlights):
            if highlight not in point_ids:
                problems.append(
                    marks.problem(
                        ("sides", side_index, "highlights", j),
                        f"{source.id} has no point {highlight!r}; "
                        + (_did_you_mean(highlight, point_ids) or f"its points are: {', '.join(sorted(point_ids))}"),
                    )
                )

    by_id = {s.id: s for s in sources if s is not None}
    for i, topic in enumerate(model.topics):
        if topic.id not in addressed and None not in sources:
            problems.append(
                marks.problem(
                    ("topics", i, "id"),
                    f"no point of either side bears on topic {topic.id!r}; tag a point with it or remove it",
                )
            )
    for i, question in enumerate(model.questions):
        for j, ref in enumerate(question.points):
            source_id, point_id = ref.split("/", 1)
            where = ("questions", i, "points", j)
            if source_id not in by_id:
                if None in sources:
                    continue  # a side's source is missing or broken (reported above): no telling what was meant
                problems.append(
                    marks.problem(
                        where,
                        f"{source_id!r} is not a side of this brief; "
                        + (_did_you_mean(source_id, by_id) or f"its sides are: {', '.join(by_id)}"),
                    )
                )
            elif point_id not in {p.id for p in by_id[source_id].model.points}:
                ids = sorted({p.id for p in by_id[source_id].model.points})
                hint = _did_you_mean(point_id, ids) or f"its points are: {', '.join(ids)}"
                problems.append(marks.problem(where, f"{source_id} has no point {point_id!r}; {hint}"))
    problems += published_after_as_of(brief, by_id.values())
    problems += missing_labels(brief)
    if problems:
        raise BriefError(problems)
    assert sources[0] is not None and sources[1] is not None
    return Debate(brief, (sources[0], sources[1]))


def load_debate(brief_file: Path, cache: SourceCache | None = None) -> Debate:
    """Load a brief file and everything it names, checked together."""
    cache = cache or SourceCache()
    try:
        brief = load_brief(brief_file)
    except BriefError as exc:
        if (source_summary := not_a_brief(brief_file)) is not None:
            raise BriefError([source_summary]) from None
        # the brief is broken, but the sources it names may be too: report them in the same run
        raise BriefError([*exc.problems, *_problems_of_named_sources(brief_file, cache)]) from None
    return check_debate(brief, cache)


def _problems_of_named_sources(brief_file: Path, cache: SourceCache) -> list[Problem]:
    """The problems of the existing source files a broken brief's sides name, as far as it can be read."""
    try:
        data, _ = build_data(brief_file, compose(brief_file, read_text(brief_file)))
    except BriefError:
        return []
    sides = data.get("sides") if isinstance(data, dict) else None
    problems: list[Problem] = []
    for side in sides if isinstance(sides, list) else []:
        source_id = side.get("source") if isinstance(side, dict) else None
        if not isinstance(source_id, str) or not re.match(SLUG_RE, source_id):
            continue
        for path in source_files(sources_dir_for(brief_file), source_id):
            try:
                cache.get(path)
            except BriefError as exc:
                problems += exc.problems
    return problems


@dataclass(frozen=True)
class CheckReport:
    """What `brief check` looked at."""

    briefs: tuple[Debate, ...]
    sources: tuple[Loaded[Source], ...]

    def summary(self) -> str:
        nb, ns = len(self.briefs), len(self.sources)
        return f"ok: {nb} brief{'s' if nb != 1 else ''} and {ns} source{'s' if ns != 1 else ''} checked, no problems"


def is_brief_file(file: Path) -> bool:
    """A file in a `briefs/` folder, or elsewhere one whose top level has `sides`, is a brief."""
    parent = file.resolve().parent.name
    if parent in ("briefs", "sources"):
        return parent == "briefs"
    try:
        data, _ = build_data(file, compose(file, read_text(file)))
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
    if problems:
        raise BriefError(problems)
    return CheckReport(tuple(briefs), tuple(sources))
