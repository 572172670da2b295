"""Checks a newcomer trips on that no single file can tell: dates that contradict each other,
a language the theme has no words for, a source summary handed over as a brief.

Plain Python: `brief check` runs them without loading the renderer, so what `check` passes,
`build` can print.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from brief.errors import BriefError, Problem, display_path
from brief.model.brief import Brief
from brief.model.load import Loaded
from brief.model.source import Source
from brief.model.yaml_data import read_yaml
from brief.paths import TEMPLATES
from brief.safe_io import confined
from brief.workspace import builtin_theme, root_of, theme_dirs

# The language whose labels are complete by construction: every other language is held to it.
REFERENCE_LANG = "en"


def published_after_as_of(brief: Loaded[Brief], sources: Iterable[Loaded[Source]]) -> list[Problem]:
    """A brief cannot be up to date as of a day before one of its articles appeared.

    A partial publication date (a month, a year) contradicts `as_of` only when its whole
    period is later.
    """
    as_of = brief.model.as_of
    problems = []
    for source in sources:
        published = source.model.provenance.published
        if published is None or published.to_date() <= as_of:
            continue
        line, _ = source.marks.of(("provenance", "published"))
        problems.append(
            brief.marks.problem(
                ("as_of",),
                f"{as_of.isoformat()} is earlier than the publication of {source.id} ({published.iso()}, "
                f"{display_path(source.marks.file)}:{line}); set as_of to the day the brief is up to, "
                f"{published.to_date().isoformat()} or later",
            )
        )
    return problems


def _label_keys(file: Path) -> set[str]:
    stat = file.stat()
    return set(_label_keys_of(file, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _label_keys_of(file: Path, _mtime_ns: int, _size: int) -> frozenset[str]:
    """A locale file's label names, read again only when the file changes (check reads them per brief)."""
    data, _ = read_yaml(file)
    return frozenset(data) if isinstance(data, dict) else frozenset()


def missing_labels(brief: Loaded[Brief]) -> list[Problem]:
    """Every language the brief builds needs the theme's labels, complete.

    The theme's labels come from `templates/locale/<lang>.yaml` of the workspace, else of the
    built-in theme; a language with neither is named with the workspace file to create.
    """
    root = root_of(brief.marks.file)
    dirs = theme_dirs(root)
    reference = builtin_theme() / "locale" / f"{REFERENCE_LANG}.yaml"
    problems: list[Problem] = []
    for i, lang in enumerate(brief.model.languages):
        files = [d / "locale" / f"{lang}.yaml" for d in dirs if (d / "locale" / f"{lang}.yaml").is_file()]
        create = root / TEMPLATES / "locale" / f"{lang}.yaml"
        if not files:
            have = sorted({p.stem for d in dirs for p in (d / "locale").glob("*.yaml")})
            problems.append(
                brief.marks.problem(
                    ("languages", i),
                    f"the theme has no labels for {lang!r} (it has {', '.join(have)}): create "
                    f"{display_path(create)} in this workspace, with the labels of {display_path(reference)} "
                    "translated (`brief schema locale` describes the file)",
                )
            )
            continue
        try:
            confined(files, dirs)  # a locale file linked from outside the theme is refused, never read
            have_keys = set().union(*(_label_keys(f) for f in files))
            lacking = sorted(_label_keys(reference) - have_keys)
        except BriefError as exc:
            problems += exc.problems
            continue
        if lacking:
            shown = ", ".join(lacking[:8]) + (f" and {len(lacking) - 8} more" if len(lacking) > 8 else "")
            problems.append(
                Problem(
                    files[0],
                    1,
                    1,
                    f"{len(lacking)} label{'s' if len(lacking) != 1 else ''} the theme prints "
                    f"{'are' if len(lacking) != 1 else 'is'} missing for {lang!r}: {shown} "
                    f"(see {display_path(reference)})",
                )
            )
    return problems


def not_a_brief(file: Path) -> Problem | None:
    """One clear problem when a file handed over as a brief is a source summary."""
    try:
        data, marks = read_yaml(file)
    except BriefError:
        return None
    source_keys = set(Source.model_fields) - set(Brief.model_fields)
    if not isinstance(data, dict) or "sides" in data or not source_keys & set(data):
        return None
    return Problem(
        file,
        *marks.of(()),
        "this is a source summary (one article), not a brief: build a brief that names it in its sides "
        "(`brief build` builds every brief in briefs/; `brief new brief ID` starts one)",
    )


def both_files(found: Iterable[Path]) -> str:
    """Two files claim one source id (`x.yaml` and `x.yml`): say which, rather than pick one."""
    return f"both {' and '.join(display_path(f) for f in found)} exist; keep one"


def expert_names(source: Source) -> dict[str, int]:
    """Every spelling of every expert's name (each language's), to the expert's index."""
    names: dict[str, int] = {}
    for i, expert in enumerate(source.experts):
        for name in _spellings(expert.name):
            names.setdefault(name.casefold(), i)
    return names


def unknown_reports(source: Loaded[Source]) -> list[Problem]:
    """A point whose quote reports someone's words must name one of the source's experts."""
    names = expert_names(source.model)
    problems = []
    for i, point in enumerate(source.model.points):
        if point.reports is not None and point.reports.casefold() not in names:
            listed = sorted({n for e in source.model.experts for n in _spellings(e.name)})
            have = f"its experts are: {', '.join(listed)}" if listed else "it lists no experts"
            problems.append(
                source.marks.problem(
                    ("points", i, "reports"),
                    f"{point.reports!r} is not one of this source's experts ({have}); name one as the "
                    "experts list spells it, or add the expert to `experts`",
                )
            )
    return problems


def _spellings(name: str | dict[str, str]) -> list[str]:
    return [name] if isinstance(name, str) else list(name.values())
