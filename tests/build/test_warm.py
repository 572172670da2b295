"""warm.py: watch's renderer after a save writes every HTML first, then lays out again only the
PDFs whose content changed, and leaves the others alone (said as `unchanged:`).

The tiny dam brief with both its editions: a question's hint is printed in the facilitator's
plan only, so a save of it changes that PDF and not the participant's dossier."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.build.options import BuildOptions
from brief.build.run import build
from brief.build.warm import WarmRenderer
from tests.helpers import pdf_text, replace_in

OPTIONS = BuildOptions(fmt="both", editions=("participant", "facilitator"))
QUESTION = "  - text: Who speaks for the fish?\n"
PARTICIPANT, FACILITATOR = "debate.en.pdf", "debate.en.facilitator.pdf"


@pytest.mark.long(3)
def test_a_save_lays_out_only_the_pdfs_it_changes_after_every_html(tiny_ws: Path) -> None:
    brief = tiny_ws / "briefs" / "debate.yaml"
    out = tiny_ws / "build"
    warm = WarmRenderer()
    (first,) = build([brief], out, OPTIONS, warm)
    assert not first.unchanged and len(first.outputs) == 4  # two editions, HTML and PDF
    before = {p.name: p.stat().st_mtime_ns for p in first.outputs}

    replace_in(brief, QUESTION, QUESTION + "    hint: Warmly edited, ask the anglers first.\n")
    (second,) = build([brief], out, OPTIONS, warm)
    assert second.outputs == first.outputs  # the same files, in the same order
    unchanged = {p.name for p in second.unchanged}
    # The hint is in the facilitator's plan only: the participant's dossier is left as it was.
    assert unchanged == {PARTICIPANT}
    assert "Warmly edited" in pdf_text(out / FACILITATOR)
    assert "Warmly edited" not in pdf_text(out / PARTICIPANT)
    for path in second.outputs:
        changed = path.stat().st_mtime_ns != before[path.name]
        assert changed == (path.name not in unchanged), path.name
    html_done = max(p.stat().st_mtime_ns for p in second.outputs if p.suffix == ".html")
    assert all(
        p.stat().st_mtime_ns >= html_done for p in second.outputs if p.suffix == ".pdf" and p.name not in unchanged
    )

    # A PDF changed behind the renderer's back is laid out again, not trusted.
    (out / PARTICIPANT).write_bytes(b"%PDF-1.7 tampered")
    (third,) = build([brief], out, BuildOptions(**{**vars(OPTIONS), "force": True}), warm)
    assert PARTICIPANT not in {p.name for p in third.unchanged}
    assert FACILITATOR in {p.name for p in third.unchanged}
    assert "Who speaks for the fish?" in pdf_text(out / PARTICIPANT)
    assert (out / PARTICIPANT).read_bytes().startswith(b"%PDF-1.7\n")
