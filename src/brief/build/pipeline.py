"""The stale briefs through the pipeline: loaded, checked, rendered and written, each recorded in the manifest."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.editions import write_target
from brief.build.options import BuildOptions
from brief.build.pool import in_processes
from brief.build.since import earlier_version
from brief.build.targets import BriefBuilt, NotBuilt, Target, narrowed, workspace_of
from brief.errors import BriefError, Problem, UsageError
from brief.model.enums import Edition
from brief.model.validate import SourceCache, load_debate
from brief.output.guard import clashing_outputs, remove_stale_temporaries
from brief.output.manifest import Manifest, Record, folder_digests, options_key
from brief.output.write import ensure_out_dir
from brief.theme.guard import theme_problems
from brief.theme.search import Theme
from brief.views.warnings import brief_warnings
from brief.workspace import output_folders

if TYPE_CHECKING:
    from brief.build.warm import WarmRenderer
    from brief.model.enums import Edition
    from brief.model.revisions import Revision
    from brief.model.validate import Debate
    from brief.theme.search import Theme


def load_all(files: Sequence[Path]) -> tuple[list[Debate], list[Problem], list[Path]]:
    """The debates that are valid (with their sources' article texts), and the problems and files
    of the others.

    One unfinished brief must not hold back the rest: each is loaded on its own.
    """
    cache = SourceCache()
    debates, problems, failed = [], [], []
    for file in files:
        try:
            debates.append(load_debate(file, cache, texts=True))
        except BriefError as exc:
            problems += exc.problems
            failed.append(file)
    return debates, problems, failed


def write_brief(
    debate: Debate,
    chosen: Sequence[Target],
    history: tuple[Revision | None, Debate | None],
    out_dir: Path,
    options: BuildOptions,
    warm: WarmRenderer | None = None,
) -> list[Path]:
    """Render and write every chosen edition of one brief in this process; returns the files written.

    With a warm renderer (watch), every HTML comes first, then only the PDFs whose content
    changed, the quickest first."""
    theme = Theme(workspace_of(debate.brief.marks.file))
    if warm is not None:
        return warm.write(chosen, history, theme, out_dir, options)
    return [path for target in chosen for path in write_target(target, history, theme, out_dir, options)]


def build_stale(
    files: Sequence[Path],
    stale: Sequence[Path],
    out_dir: Path,
    options: BuildOptions,
    manifest: Manifest,
    warm: WarmRenderer | None = None,
) -> Iterator[BriefBuilt]:
    """Build the stale briefs among `files` (see brief.build.run.build), recording each in the manifest."""
    key_options = options.shapes_output()

    # The manifest records what this build read: the YAML's digests are those of the bytes loaded;
    # the theme's and texts/'s folders are digested here, before any article, template, stylesheet
    # or font is read. A file saved during the build leaves its outputs stale for the next build,
    # never "up to date".
    folders = {workspace: folder_digests(output_folders(workspace)) for workspace in {workspace_of(f) for f in stale}}
    debates, problems, failed = load_all(stale)
    if not debates:
        raise NotBuilt(problems, failed)
    # Of several briefs, those that declare what --lang and --edition ask are built and the others
    # say what they lack; a build that would write nothing at all is a usage error.
    chosen, lacking = narrowed(debates, options.langs or None, [Edition(e) for e in options.editions] or None)
    if not chosen and lacking and len(stale) == len(files):
        raise UsageError(next(iter(lacking.values()))[0])
    with_targets = {id(t.debate) for t in chosen}
    for debate in debates:
        if id(debate) not in with_targets:
            yield BriefBuilt(
                debate.brief.marks.file, (), skipped=False, lacking=tuple(lacking[debate.brief.marks.file])
            )
    debates = [d for d in debates if id(d) in with_targets]
    themes = {workspace: Theme(workspace) for workspace in {workspace_of(d.brief.marks.file) for d in debates}}
    # Two briefs writing one file, a theme reaching outside itself: no brief of this build is written.
    outputs = [(t.debate.brief.marks.file, name) for t in chosen for name in t.names(options.fmt)]
    blocking = clashing_outputs(outputs, out_dir, manifest)
    blocking += [p for theme in themes.values() for p in theme_problems(theme.dirs)]
    if blocking:
        raise BriefError([*problems, *blocking])
    history = {id(debate): earlier_version(debate, options.since) for debate in debates}
    ensure_out_dir(out_dir)
    remove_stale_temporaries(out_dir)  # left by a build that was killed while writing
    # Processes only for PDFs: an HTML edition renders in milliseconds, less than a worker takes
    # to start, and the workers would import WeasyPrint for nothing (the sample's six HTML
    # editions took 0.5 s in one process, 0.9 s with two).
    workers = min(options.jobs, len(chosen)) if warm is None and options.fmt != "html" else 1
    if workers > 1:
        done = in_processes(chosen, history, themes, out_dir, options, workers)
    else:
        done = (
            (
                debate.brief.marks.file,
                write_brief(
                    debate, [t for t in chosen if t.debate is debate], history[id(debate)], out_dir, options, warm
                ),
            )
            for debate in debates
        )
    by_file = {d.brief.marks.file: d for d in debates}
    unrecorded: BriefError | None = None  # the manifest could not be written: said once the files are
    for brief_file, written in done:
        debate = by_file[brief_file]
        workspace = workspace_of(brief_file)
        key = options_key(brief_file, key_options)
        revision, _ = history[id(debate)]
        revisions = [] if revision is None else [(workspace, revision.spec, revision.commit)]
        said = lacking.get(brief_file, ())
        manifest.remember(
            key, Record.of(debate.digests, folders[workspace], written, revisions, brief=brief_file, lacking=said)
        )
        try:
            manifest.save()
        except BriefError as exc:
            unrecorded = exc
        unchanged = warm.unchanged_of(written) if warm is not None else ()
        yield BriefBuilt(
            brief_file,
            tuple(written),
            skipped=False,
            unchanged=unchanged,
            lacking=tuple(said),
            warnings=tuple(brief_warnings(debate)),
        )
    if problems:
        raise NotBuilt([*problems, *(unrecorded.problems if unrecorded else [])], failed)
    if unrecorded is not None:
        raise unrecorded
