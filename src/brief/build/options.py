"""What a build was asked for, from the command line to the writer: one frozen, typed value.

It crosses process boundaries as is (workers get it pickled), and `shapes_output()` is the part
of it that the manifest keys its records by, so an option that changes the files cannot be
forgotten there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from brief.model.enums import Edition, Imposition, OutputFormat, Paper


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class BuildOptions:
    """A build's options: what to write (format, languages, editions, paper...) and how (jobs, force).

    `langs` and `editions` empty mean every one the brief declares; `jobs` is how many worker
    processes the editions are spread over (1: all in this process).
    """

    fmt: OutputFormat = OutputFormat.pdf
    langs: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = ()
    paper: Paper = Paper.a4
    since: str | None = None
    pdf_ua: bool = False
    imposition: Imposition = Imposition.none
    jobs: int = 1
    force: bool = False

    def __post_init__(self) -> None:
        # the enums from their values too, so `BuildOptions(paper="letter")` is the same options
        object.__setattr__(self, "fmt", OutputFormat(self.fmt))
        object.__setattr__(self, "editions", tuple(Edition(e) for e in self.editions))
        object.__setattr__(self, "paper", Paper(self.paper))
        object.__setattr__(self, "imposition", Imposition(self.imposition or Imposition.none))

    def shapes_output(self) -> dict[str, Any]:
        """Every option that changes what is written (the manifest's key; not jobs, not force)."""
        return {
            "format": self.fmt.value,
            "langs": list(self.langs) or None,
            "editions": [e.value for e in self.editions] or None,
            "paper": self.paper.value,
            "since": self.since,
            "pdf_ua": self.pdf_ua,
            "imposition": None if self.imposition is Imposition.none else self.imposition.value,
        }
