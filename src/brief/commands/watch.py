"""`brief watch`: rebuild what a saved file affects, and keep watching through mistakes.

A source, or its article's text in texts/, rebuilds the briefs that name it, a brief rebuilds
itself, a theme file rebuilds everything. Saves are debounced (an editor's burst of writes is
one change); a save that breaks the input reports the located problem and the loop goes on; the
next good save rebuilds. All rebuilds happen in this one process, so WeasyPrint's fonts load once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from brief.build.targets import BriefBuilt, workspace_of
from brief.errors import BriefError, UsageError
from brief.model.references import side_sources
from brief.model.yaml_data import read_yaml
from brief.paths import SOURCES, TEXTS
from brief.workspace import builtin_theme_resolved, find_briefs, watched

DEBOUNCE_MS = 300


@dataclass(frozen=True)
class Watching:
    """The watcher is running: saves from now on are seen."""

    folders: tuple[Path, ...]


@dataclass(frozen=True)
class Changed:
    """Saved files and the briefs they make stale."""

    files: tuple[Path, ...]
    briefs: tuple[Path, ...]


@dataclass(frozen=True)
class Failed:
    """A rebuild that stopped on bad input (or an unexpected error); watching goes on."""

    error: Exception


WatchEvent = Watching | Changed | Failed | BriefBuilt


def own_folders(folders: Sequence[Path], workspaces: Sequence[Path]) -> tuple[Path, ...]:
    """The folders watched that are the user's: the installed theme inside site-packages is
    watched too, but is no folder of theirs to name (a workspace's own templates/ is)."""
    builtin = builtin_theme_resolved()
    return tuple(
        f for f in folders if f.exists() and (f != builtin or any(f.is_relative_to(w.resolve()) for w in workspaces))
    )


def named_sources(brief_file: Path) -> set[str] | None:
    """The source ids a brief's sides name (`source: x` or `sources: [x, y]`), read without
    validating; None if it does not parse."""
    try:
        data, _ = read_yaml(brief_file)
        return {source_id for side in data["sides"] for source_id in side_sources(side)}
    except (BriefError, KeyError, TypeError, AttributeError):
        return None


def affected(changed: Sequence[Path], briefs: Sequence[Path], theme_folders: Sequence[Path]) -> list[Path]:
    """The briefs a set of saved files makes stale, in the order they were given.

    A source file, or its article's text (`texts/<id>.txt`), makes stale the briefs that name the
    source; the texts/ folder itself (moved into place or away) every brief of its workspace.
    """
    stale: set[Path] = set()
    for file in changed:
        if any(file.is_relative_to(folder) for folder in theme_folders):
            return list(briefs)
        for brief in briefs:
            workspace = workspace_of(brief)
            if file in (brief, workspace / TEXTS):
                stale.add(brief)
            elif file.parent in (workspace / SOURCES, workspace / TEXTS):
                names = named_sources(brief)
                if names is None or file.stem in names:  # a brief that does not parse retries on any save
                    stale.add(brief)
    return [b for b in briefs if b in stale]


def watch(
    chosen: Sequence[Path] | None,
    rebuild: Callable[[Sequence[Path]], Iterator[BriefBuilt]],
    *,
    briefs_folder: Path = Path("briefs"),
) -> Iterator[WatchEvent]:
    """Build once, then again for every change, until interrupted.

    `chosen` are the brief files to keep built; None means every brief in `briefs_folder`,
    including ones created while watching. `rebuild` builds some briefs (build.build with
    the command's options bound).
    """
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # we say "stopped watching" ourselves

    def current() -> list[Path]:
        if chosen is not None:
            return [p.resolve() for p in chosen]
        return [p.resolve() for p in find_briefs(briefs_folder)]

    def run(briefs: Sequence[Path]) -> Iterator[WatchEvent]:
        try:
            yield from rebuild(briefs)
        except (BriefError, UsageError) as exc:
            yield Failed(exc)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # ours, not the user's: report it and keep watching
            yield Failed(exc)

    def run_each(briefs: Sequence[Path]) -> Iterator[WatchEvent]:
        """All together (so --jobs applies); if that fails on bad input, each brief on its own,
        so that one broken brief does not hold back the others."""
        events = list(run(briefs)) if len(briefs) > 1 else []
        if events and not any(isinstance(e, Failed) for e in events):
            yield from events
            return
        yield from (e for e in events if not isinstance(e, Failed))  # briefs written before it failed
        done = {e.brief for e in events if isinstance(e, BriefBuilt)}
        reported: set[str] = set()
        for brief in (b for b in briefs if b not in done):
            for event in run([brief]):
                if isinstance(event, Failed):
                    if str(event.error) in reported:  # a broken source two briefs share: say it once
                        continue
                    reported.add(str(event.error))
                yield event

    briefs = current()
    workspaces = sorted({workspace_of(b) for b in briefs})
    # Watch each workspace (so a templates/ or sources/ folder created later is seen) and the
    # built-in theme; files outside the folders that matter are ignored.
    followed = watched(workspaces)
    theme_folders, folders, roots = followed.theme, followed.folders, followed.roots

    yield from run_each(briefs)
    announced = False
    for changes in watchfiles.watch(
        *roots,
        debounce=DEBOUNCE_MS,
        step=20,  # a save is seen 20 ms after the last write (an editor writes and renames within it)
        rust_timeout=400,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        if not announced:  # the first (empty) yield: the watcher is running
            announced = True
            yield Watching(own_folders(folders, workspaces))
        files = [f for f in sorted({Path(p).resolve() for _, p in changes}) if followed.relevant(f)]
        if not files:
            continue
        try:
            briefs = current()
        except UsageError as exc:
            yield Failed(exc)
            continue
        stale = affected(files, briefs, theme_folders)
        yield Changed(tuple(files), tuple(stale))
        yield from run_each(stale)
