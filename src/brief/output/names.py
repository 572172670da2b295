"""Output names, in one place: every file a build writes is named here.

`<brief>.<lang>` for the participant dossier, `<brief>.<lang>.<edition>` for the others
(`<brief>.<lang>.review-<side>` for a side's review copy), then
`.html`, `.pdf`, or `.booklet.pdf` for the imposed booklet.
"""

from __future__ import annotations

from typing import Literal

Extension = Literal["html", "pdf"]

PARTICIPANT = "participant"


def output_stem(brief_id: str, lang: str, edition: str, side: str | None = None) -> str:
    """`<brief>.<lang>` for the participant dossier, `<brief>.<lang>.<edition>` for the others,
    `<brief>.<lang>.<edition>-<side>` for the copy of one side (the review edition)."""
    if side is not None:
        return f"{brief_id}.{lang}.{edition}-{side}"
    return f"{brief_id}.{lang}" if edition == PARTICIPANT else f"{brief_id}.{lang}.{edition}"


def output_names(stem: str, fmt: str) -> list[str]:
    """The files one edition writes for `--format pdf|html|both`, HTML first."""
    return [output_name(stem, ext) for ext in ("html", "pdf") if fmt in (ext, "both")]


def output_name(stem: str, ext: Extension) -> str:
    """The file of one edition in one format."""
    return f"{stem}.{ext}"


def booklet_name(stem: str) -> str:
    """The imposed booklet of one edition, printed duplex and folded."""
    return f"{stem}.booklet.pdf"
