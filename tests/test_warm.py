"""warm.py: watch's renderer after a save writes every HTML first, then lays out again only the
PDFs whose content changed, and leaves the others alone (said as `unchanged:`)."""

from __future__ import annotations

from pathlib import Path

from brief.build import build
from brief.options import BuildOptions
from brief.warm import WarmRenderer

from .conftest import SAMPLE_BRIEF, SOURCE_IDS, pdf_text

CLAIM = 'en: "US–Russian relations'
OPTIONS = BuildOptions(fmt="both", editions=("sheet", "participant"))


def test_a_save_lays_out_only_the_pdfs_it_changes_after_every_html(workspace: Path) -> None:
    brief = workspace / "briefs" / f"{SAMPLE_BRIEF}.yaml"
    out = workspace / "build"
    warm = WarmRenderer()
    (first,) = build([brief], out, OPTIONS, warm)
    assert not first.unchanged and len(first.outputs) == 8  # two languages, two editions, HTML and PDF
    before = {p.name: p.stat().st_mtime_ns for p in first.outputs}

    source = workspace / "sources" / f"{SOURCE_IDS[0]}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(CLAIM, 'en: "Warmly edited: ' + CLAIM[5:], 1), "utf-8")
    (second,) = build([brief], out, OPTIONS, warm)
    assert second.outputs == first.outputs  # the same files, in the same order
    unchanged = {p.name for p in second.unchanged}
    # The English claim is in the English dossier only: the French PDFs are left as they were.
    assert f"{SAMPLE_BRIEF}.en.pdf" not in unchanged
    assert {f"{SAMPLE_BRIEF}.fr.pdf", f"{SAMPLE_BRIEF}.fr.sheet.pdf"} <= unchanged
    assert "Warmly edited" in pdf_text(out / f"{SAMPLE_BRIEF}.en.pdf")
    for path in second.outputs:
        changed = path.stat().st_mtime_ns != before[path.name]
        assert changed == (path.name not in unchanged), path.name
    html_done = max(p.stat().st_mtime_ns for p in second.outputs if p.suffix == ".html")
    assert all(
        p.stat().st_mtime_ns >= html_done for p in second.outputs if p.suffix == ".pdf" and p.name not in unchanged
    )

    # A PDF changed behind the renderer's back is laid out again, not trusted.
    (out / f"{SAMPLE_BRIEF}.fr.pdf").write_bytes(b"%PDF-1.7 tampered")
    (third,) = build([brief], out, BuildOptions(**{**vars(OPTIONS), "force": True}), warm)
    assert f"{SAMPLE_BRIEF}.fr.pdf" not in {p.name for p in third.unchanged}
    assert "Warmly edited" not in pdf_text(out / f"{SAMPLE_BRIEF}.fr.pdf")
    assert (out / f"{SAMPLE_BRIEF}.fr.pdf").read_bytes().startswith(b"%PDF-1.7\n")
