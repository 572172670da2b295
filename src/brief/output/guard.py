"""Nothing lost in the output folder: no two briefs writing one file, no temporary file left behind.

Two briefs with the same name (`a.yaml` and `a.yml`, or one name in two workspaces built into
one folder) would write the same PDF, the second silently replacing the first; both are named
instead. A build killed while writing leaves its temporary file; the next build removes the
temporary files no live build holds (each writer keeps an advisory lock on its own).
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterable
from pathlib import Path

from brief.errors import Problem, display_path
from brief.output.manifest import Manifest
from brief.paths import real

# `.<output name>.<8 random characters>.tmp`, as write_atomic and the manifest name them.
_TEMPORARY = re.compile(r"^\..+\.(?:pdf|html|json)\.[a-z0-9_]{8}\.tmp$")


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete brief's own temporary files that no running build holds; the ones removed."""
    removed = []
    try:
        names = [name for name in os.listdir(out_dir) if _TEMPORARY.match(name)]
    except OSError:
        return []
    for name in names:
        path = out_dir / name
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue  # a link, or gone already: not ours to touch
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held: a live build is writing it
            path.unlink()
            removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def clashing_outputs(outputs: Iterable[tuple[Path, str]], out_dir: Path, manifest: Manifest) -> list[Problem]:
    """Output names two briefs would both write, in this build or over an earlier one's file.

    `outputs` pairs each brief file with an output name. A file an earlier build of another
    brief wrote (and that is still as it wrote it) is that brief's; replacing it would lose it.
    """
    first: dict[str, Path] = {}
    problems = []
    for brief, name in outputs:
        target = out_dir / name
        other = first.setdefault(name, brief)
        if real(other) != real(brief):
            problems.append(
                Problem(
                    target,
                    0,
                    0,
                    f"both {display_path(other)} and {display_path(brief)} would write this file, "
                    "and one would silently replace the other: rename one of them",
                )
            )
            continue
        owner = manifest.owner(name)
        if owner is not None and owner != str(real(brief)) and other is brief:
            problems.append(
                Problem(
                    target,
                    0,
                    0,
                    f"was written by {display_path(Path(owner))}; building {display_path(brief)} would replace it: "
                    "choose another --out-dir, or delete the file to replace it",
                )
            )
    return sorted(set(problems))
