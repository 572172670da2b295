"""`brief watch`'s renderer, kept warm between saves: what a save changed is on paper soonest.

WeasyPrint, its font configuration (one per theme and state of the theme's fonts:
`brief.render.fonts.private_font_config`) and the compiled templates stay loaded in the watching
process. After a save, every edition's HTML is rendered (a few hundredths of a second each) and its
HTML file written first; then only the PDFs whose content changed are laid out again, the quickest
first (each edition's last layout time, measured here), since a layout is what takes time. A
PDF's content is the HTML it is laid out from, with the theme's files (their sizes and times: a
font changed in place), the paper, PDF/UA and the brief's date; when all are as the last time this
renderer wrote the PDF, and the file is still the bytes it wrote, the PDF is left alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brief.build.editions import (
    booklet_path,
    edition_view,
    pdf_path,
    wants_booklet,
    write_booklet,
    write_html,
    write_pdf,
)
from brief.output.manifest import file_digest
from brief.render.html import render_html

if TYPE_CHECKING:
    from brief.build.options import BuildOptions
    from brief.build.targets import Target
    from brief.model.revisions import Revision
    from brief.model.validate import Debate
    from brief.theme.search import Theme

# Before an edition's first layout here: the one-sheet edition is two pages, the facilitator's the most.
_FIRST_GUESS = {"sheet": 0.4, "questionnaire": 0.4, "participant": 0.8, "facilitator": 1.0, "review": 0.6}


def theme_stamp(theme: Theme) -> str:
    """Every theme file's path, size and modification time: a font replaced in place changes it."""
    digest = hashlib.sha256()
    for root in theme.dirs:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


@dataclass
class WarmRenderer:
    """What this process last wrote for each PDF, and how long its layout took."""

    content: dict[Path, str] = field(default_factory=dict)  # PDF -> digest of what it was laid out from
    written: dict[Path, str] = field(default_factory=dict)  # PDF -> digest of the bytes written
    seconds: dict[Path, float] = field(default_factory=dict)  # PDF -> its last layout and write
    unchanged: set[Path] = field(default_factory=set)  # PDFs of the last build left alone

    def write(
        self,
        chosen: Sequence[Target],
        history: tuple[Revision | None, Debate | None],
        theme: Theme,
        out_dir: Path,
        options: BuildOptions,
    ) -> list[Path]:
        """One brief's editions: all HTML first, then the changed PDFs, quickest first; the files, in target order."""
        views = []
        files: dict[int, list[Path]] = {i: [] for i in range(len(chosen))}
        for i, target in enumerate(chosen):  # each HTML written as soon as its view is known
            views.append(view := edition_view(target, history, theme, options))
            if options.fmt in ("html", "both"):
                files[i].append(write_html(view, theme, target, out_dir, options))
        if options.fmt in ("pdf", "both"):
            stamp = theme_stamp(theme)
            pdfs = [pdf_path(target, out_dir) for target in chosen]
            guess = [
                self.seconds.get(p, _FIRST_GUESS.get(t.edition.value, 1.0)) for p, t in zip(pdfs, chosen, strict=True)
            ]
            for i in sorted(range(len(chosen)), key=guess.__getitem__):
                target, view, path = chosen[i], views[i], pdfs[i]
                html = render_html(view, theme, paper=options.paper)  # what the layout starts from
                made = f"{stamp}\0{options.paper}\0{options.pdf_ua}\0{target.debate.brief.model.as_of}\0{html}"
                content = hashlib.sha256(made.encode()).hexdigest()
                if self.content.get(path) == content and file_digest(path) == self.written.get(path):
                    self.unchanged.add(path)
                else:
                    self.unchanged.discard(path)
                    start = time.perf_counter()
                    _, data = write_pdf(view, theme, target, out_dir, options)
                    self.seconds[path] = time.perf_counter() - start
                    self.content[path], self.written[path] = content, hashlib.sha256(data).hexdigest()
                files[i].append(path)
                if wants_booklet(view, options):
                    booklet = booklet_path(target, out_dir)  # a link in its place is refused here
                    if path in self.unchanged and booklet.is_file():
                        files[i].append(booklet)  # laid out from the same view as the PDF
                    else:
                        files[i].append(write_booklet(view, theme, target, out_dir, options))
        return [path for i in range(len(chosen)) for path in files[i]]

    def unchanged_of(self, outputs: Iterable[Path]) -> tuple[Path, ...]:
        """Which of a brief's outputs the last build left alone."""
        return tuple(p for p in outputs if p in self.unchanged)
