"""One build: every chosen edition of every chosen brief, or nothing when all are up to date.

Finding every output up to date reads the manifest and the inputs' digests, nothing more: the
pipeline (pydantic, Jinja, WeasyPrint) is imported only when a brief is stale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.options import BuildOptions
from brief.build.targets import BriefBuilt
from brief.output.manifest import Manifest, options_key

if TYPE_CHECKING:
    from brief.build.warm import WarmRenderer


def build(
    files: Sequence[Path], out_dir: Path, options: BuildOptions, warm: WarmRenderer | None = None
) -> Iterator[BriefBuilt]:
    """Build the targets of the given brief files, yielding each brief's outcome as it is done.

    A brief whose inputs and outputs are as the last build into `out_dir` left them is
    skipped (unless `options.force`). Everything else is loaded and checked before the first
    file is written: a brief with bad input writes nothing, the valid ones are built, and then
    NotBuilt names the others with their problems. `options.since` (else a brief's own `since:`)
    adds the changes since that git revision or date. With `options.jobs` > 1 the editions (of
    one brief or of several) are spread over worker processes; else `warm` (watch's renderer,
    kept between builds) may skip the PDFs whose content did not change.
    """
    key_options = options.shapes_output()
    manifest = Manifest(out_dir)
    stale = []
    for file in files:
        record = None if options.force else manifest.up_to_date(options_key(file, key_options))
        if record is None:
            stale.append(file)
        else:  # and still says what it lacks of what was asked, as at every build
            yield BriefBuilt(file, manifest.outputs(record), skipped=True, lacking=tuple(record.lacking))
    if not stale:
        return

    from brief.build.pipeline import build_stale  # the pipeline: imported only when something is stale

    yield from build_stale(files, stale, out_dir, options, manifest, warm)
