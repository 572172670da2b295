"""One build: every chosen edition of every chosen brief, written atomically.

This module only strings the pipeline together (load -> validate -> analyse -> render);
each arrow lives in its own module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .analysis import analyse
from .errors import BriefError, UsageError
from .model import Edition
from .render import Theme, pdf_bytes, render_html, write_atomic
from .validate import Debate, SourceCache, load_debate

Format = Literal["pdf", "html", "both"]


@dataclass(frozen=True)
class Target:
    """One file to write: a brief in one language and one edition."""

    debate: Debate
    lang: str
    edition: Edition

    def stem(self) -> str:
        suffix = ".facilitator" if self.edition is Edition.facilitator else ""
        return f"{self.debate.id}.{self.lang}{suffix}"


def workspace_of(brief_file: Path) -> Path:
    """The folder holding `briefs/`, `sources/` and perhaps `templates/`."""
    return brief_file.resolve().parent.parent


def find_briefs(folder: Path) -> list[Path]:
    """Every brief file in a `briefs/` folder, in name order."""
    if not folder.is_dir():
        raise UsageError(f"no briefs given and no {folder} folder here; name a brief file")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise UsageError(f"{folder} holds no .yaml brief")
    return files


def load_all(files: Sequence[Path]) -> list[Debate]:
    """Every debate, or one BriefError with the problems of all files together."""
    cache = SourceCache()
    debates, problems = [], []
    for file in files:
        try:
            debates.append(load_debate(file, cache))
        except BriefError as exc:
            problems += exc.problems
    if problems:
        raise BriefError(problems)
    return debates


def targets(debates: Sequence[Debate], langs: Sequence[str] | None, editions: Sequence[Edition] | None) -> list[Target]:
    """What to write: the languages and editions each brief declares, narrowed by the options."""
    out = []
    for debate in debates:
        model = debate.brief.model
        for lang in langs or model.languages:
            if lang not in model.languages:
                raise UsageError(
                    f"{debate.id} declares languages {', '.join(model.languages)}; --lang {lang} is not one"
                )
        for edition in editions or model.editions:
            if edition not in model.editions:
                raise UsageError(
                    f"{debate.id} declares editions {', '.join(e.value for e in model.editions)}; "
                    f"--edition {edition.value} is not one"
                )
        out += [Target(debate, lang, ed) for lang in (langs or model.languages) for ed in (editions or model.editions)]
    return out


def build(
    files: Sequence[Path],
    out_dir: Path,
    *,
    fmt: Format = "pdf",
    langs: Sequence[str] | None = None,
    editions: Sequence[Edition] | None = None,
    paper: str = "A4",
) -> Iterator[Path]:
    """Build the targets of the given brief files, yielding each file as it is written.

    Everything is loaded and checked before the first file is written, so bad input
    writes nothing.
    """
    debates = load_all(files)
    chosen = targets(debates, langs, editions)
    themes = {workspace: Theme(workspace) for workspace in {workspace_of(d.brief.marks.file) for d in debates}}
    out_dir.mkdir(parents=True, exist_ok=True)
    for target in chosen:
        theme = themes[workspace_of(target.debate.brief.marks.file)]
        html = render_html(analyse(target.debate, target.lang, target.edition), theme, paper=paper)
        if fmt in ("html", "both"):
            path = out_dir / f"{target.stem()}.html"
            write_atomic(path, html)
            yield path
        if fmt in ("pdf", "both"):
            path = out_dir / f"{target.stem()}.pdf"
            write_atomic(path, pdf_bytes(html, theme))
            yield path
