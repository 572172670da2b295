"""Booklet printing: pages in saddle-stitch order, two to a side of a landscape sheet.

The order is checked on tiny PDFs whose pages say their number, and on the real sample built
with `brief build --imposition booklet`, by reading which page is drawn on which half of
each side of each sheet.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ContentStream, DecodedStreamObject, DictionaryObject, NameObject
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.render.imposition import booklet_order, impose_booklet
from tests.helpers import body_filled, in_body
from tests.workspaces import SAMPLE_BRIEF
from tests.workspaces.tiny import tiny_workspace

runner = CliRunner()

A4_LANDSCAPE = (841.89, 595.28)
LETTER_LANDSCAPE = (792.0, 612.0)
A5 = (419.53, 595.28)


# --- reading an imposed sheet -------------------------------------------------------


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """m then n, as PDF matrices [a b c d e f] compose."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u]


def halves(sheet: PageObject) -> tuple[str, str]:
    """The text drawn on the left and on the right half of one side of a sheet.

    pypdf's text extraction does not carry the placement of a form XObject (a whole page drawn
    on the sheet) into the positions it reports, so this follows the sheet's own drawing: the
    transformation in force where each form is drawn tells which half its box lands on.
    """
    width = float(sheet.mediabox.width)
    found = {"left": [], "right": []}
    matrix, saved = [1.0, 0, 0, 1.0, 0, 0], []
    xobjects = sheet["/Resources"].get_object().get("/XObject", DictionaryObject())
    for operands, operator in ContentStream(sheet.get_contents(), sheet.pdf).operations:
        if operator == b"q":
            saved.append(matrix)
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            matrix = _multiply([float(v) for v in operands], matrix)
        elif operator == b"Do":
            form = xobjects[operands[0]].get_object()
            x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
            centre = (x0 + x1) / 2 * matrix[0] + (y0 + y1) / 2 * matrix[2] + matrix[4]
            found["left" if centre < width / 2 else "right"].append(_form_text(form))
    return " ".join(found["left"]), " ".join(found["right"])


def drawn_page_sizes(sheet: PageObject) -> set[tuple[int, int]]:
    """The sizes, in points, of the pages drawn on one side of a sheet."""
    xobjects = sheet["/Resources"].get_object().get("/XObject", DictionaryObject())
    sizes = set()
    for form in xobjects.values():
        x0, y0, x1, y1 = (float(v) for v in form.get_object()["/BBox"])
        sizes.add((round(x1 - x0), round(y1 - y0)))
    return sizes


def _form_text(form: DecodedStreamObject) -> str:
    """The text of a form XObject, read by pypdf as if it were a page of its own."""
    return _form_reading(form)[0]


_READ: dict[int, tuple[DecodedStreamObject, str, float]] = {}  # id of a form -> it, and its reading


def _form_reading(form: DecodedStreamObject) -> tuple[str, float]:
    """A form XObject's text, and how much of its page's body its text fills (`body_filled` of its
    lowest line of body text)."""
    known = _READ.get(id(form))
    if known is not None and known[0] is form:  # read already (held here, so its id is not reused)
        return known[1], known[2]
    page = PageObject.create_blank_page(None, 100, 100)
    page[NameObject("/Contents")] = form
    page[NameObject("/Resources")] = form.get("/Resources", DictionaryObject())
    _, y0, _, y1 = (float(v) for v in form["/BBox"])
    height, lowest = y1 - y0, 0.0

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        nonlocal lowest
        depth = (y1 - (cm[5] + tm[5] * cm[3])) / height
        if text.strip() and in_body(depth):
            lowest = max(lowest, body_filled(depth))

    text = " ".join((page.extract_text(visitor_text=visit) or "").split())
    _READ[id(form)] = (form, text, lowest)
    return text, lowest


def filled(sheet: PageObject) -> dict[int, float]:
    """How full each page drawn on one side of a sheet is (see `_form_reading`), by its folio."""
    xobjects = sheet["/Resources"].get_object().get("/XObject", DictionaryObject())
    found = {}
    for ref in xobjects.values():
        text, lowest = _form_reading(ref.get_object())
        if (number := folio(text)) is not None:
            found[number[0]] = lowest
    return found


# --- tiny PDFs whose pages say their number -------------------------------------------


def numbered_pdf(pages: int, size: tuple[float, float] = A5) -> bytes:
    """A PDF of `pages` pages, each printing "page <n>" in Helvetica."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for number in range(1, pages + 1):
        page = writer.add_blank_page(*size)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 24 Tf 60 300 Td (page {number}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def number_on(text: str) -> int | None:
    """The page number a half shows, None for a blank half."""
    if not text:
        return None
    match = re.fullmatch(r"page (\d+)", text)
    assert match, f"unexpected text on a half: {text!r}"
    return int(match[1])


# --- the order -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "sides"),
    [
        (1, [(None, 1), (None, None)]),
        (4, [(4, 1), (2, 3)]),
        (5, [(None, 1), (2, None), (None, 3), (4, 5)]),
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
    ],
)
def test_booklet_order(pages: int, sides: list[tuple[int | None, int | None]]) -> None:
    """Sheet 1 front N and 1, back 2 and N-1, then inwards; blanks make up a multiple of 4 at the back."""
    assert booklet_order(pages) == sides


@pytest.mark.parametrize("pages", [1, 4, 5, 8])
def test_imposed_pages_read_in_booklet_order(pages: int) -> None:
    imposed = PdfReader(io.BytesIO(impose_booklet(numbered_pdf(pages), "A4")))
    padded = -(-pages // 4) * 4
    assert len(imposed.pages) == padded // 2
    seen = [tuple(number_on(t) for t in halves(side)) for side in imposed.pages]
    assert seen == booklet_order(pages)
    # Whatever the count: every page once, and facing halves of a side add up to N + 1.
    assert sorted(n for side in seen for n in side if n is not None) == list(range(1, pages + 1))
    for side, (left, right) in zip(imposed.pages, seen, strict=True):
        assert [round(float(v), 2) for v in side.mediabox] == [0, 0, *A4_LANDSCAPE]
        if left is not None and right is not None:
            assert left + right == padded + 1


def test_letter_sheets_hold_two_half_letter_pages() -> None:
    imposed = PdfReader(io.BytesIO(impose_booklet(numbered_pdf(4, (396.0, 612.0)), "letter")))
    assert [tuple(float(v) for v in side.mediabox) for side in imposed.pages] == [(0, 0, *LETTER_LANDSCAPE)] * 2
    assert [tuple(number_on(t) for t in halves(side)) for side in imposed.pages] == [(4, 1), (2, 3)]


def test_a_page_larger_than_half_a_sheet_is_shrunk_to_fit() -> None:
    """An A4 page on an A4 sheet's half: drawn at 0.707, centred, never cut off."""
    imposed = PdfReader(io.BytesIO(impose_booklet(numbered_pdf(2, (595.28, 841.89)), "A4")))
    operations = ContentStream(imposed.pages[0].get_contents(), imposed).operations
    scales = [float(operands[0]) for operands, operator in operations if operator == b"cm"]
    assert scales == [pytest.approx(595.28 / 841.89, abs=1e-3)]  # only page 1 on the front; N=4 is blank
    assert [number_on(t) for t in halves(imposed.pages[0])] == [None, 1]


def test_the_booklet_keeps_the_document_information() -> None:
    writer = PdfWriter(clone_from=io.BytesIO(numbered_pdf(2)))
    writer.add_metadata({"/Title": "Dams", "/Author": "Test editors"})
    writer._root_object[NameObject("/Lang")] = NameObject("/en")
    source = io.BytesIO()
    writer.write(source)
    imposed = PdfReader(io.BytesIO(impose_booklet(source.getvalue(), "A4")))
    assert imposed.metadata is not None
    assert (imposed.metadata.title, imposed.metadata.author) == ("Dams", "Test editors")
    preferences = imposed.trailer["/Root"]["/ViewerPreferences"]
    assert (preferences["/Duplex"], preferences["/PrintScaling"]) == ("/DuplexFlipShortEdge", "/None")


# --- the real command ----------------------------------------------------------------

FOLIO = re.compile(r"\b(\d+) / (\d+)\b")


def folio(text: str) -> tuple[int, int] | None:
    """The "n / N" a page prints at its foot, None for a blank half."""
    found = FOLIO.findall(text)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


@pytest.mark.heavy  # every paper: Letter's booklet is the default run's, the order of pages above
@pytest.mark.long(3)
def test_the_sample_as_an_a4_booklet(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    args = ["build", "--imposition", "booklet", "--lang", "en", "--edition", "participant"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    booklet = f"build/{SAMPLE_BRIEF}.en.booklet.pdf"
    assert result.output.splitlines() == [f"wrote build/{SAMPLE_BRIEF}.en.pdf", f"wrote {booklet}"]
    assert len(PdfReader(workspace / f"build/{SAMPLE_BRIEF}.en.pdf").pages) < 20  # the A4 edition is as it was

    sheets = PdfReader(workspace / booklet)
    for side in sheets.pages:
        assert [round(float(v)) for v in side.mediabox] == [0, 0, 842, 595]
        assert drawn_page_sizes(side) <= {(420, 595)}  # A5 pages
    left, right = halves(sheets.pages[0])
    assert right.startswith("Trump and Putin: admiration or calculation?")
    first = folio(right)
    assert first is not None and first[0] == 1
    pages = first[1]
    padded = -(-pages // 4) * 4
    assert pages > 8  # laid out on A5, the edition takes more pages than on A4
    assert len(sheets.pages) == padded // 2
    # sheet 1 front: the last page, or the blank that pads the booklet, on the left of page 1
    assert folio(left) == ((pages, pages) if pages == padded else None)
    seen = [tuple(f[0] if (f := folio(half)) else None for half in halves(side)) for side in sheets.pages]
    expected = [
        tuple(n if n <= pages else None for n in pair)
        for k in range(padded // 4)
        for pair in ((padded - 2 * k, 1 + 2 * k), (2 + 2 * k, padded - 1 - 2 * k))
    ]
    assert seen == expected
    # Every page but the last is at least half full: no section starts a new page of its own on
    # half-size paper, where the summaries' last page would be left nearly empty.
    fill = {n: f for side in sheets.pages for n, f in filled(side).items()}
    assert sorted(fill) == list(range(1, pages + 1))
    assert not {n: round(f, 2) for n, f in fill.items() if f < 0.5 and n < pages}


def test_a_letter_booklet_is_reproducible_and_skipped_when_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tiny_workspace(tmp_path))
    args = ["build", "--paper", "letter", "--imposition", "booklet", "-e", "participant"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    booklet = tmp_path / "build" / "debate.en.booklet.pdf"
    assert result.output.splitlines() == ["wrote build/debate.en.pdf", "wrote build/debate.en.booklet.pdf"]
    sheets = PdfReader(booklet)
    assert {tuple(round(float(v)) for v in side.mediabox) for side in sheets.pages} == {(0, 0, 792, 612)}
    assert {size for side in sheets.pages for size in drawn_page_sizes(side)} == {(396, 612)}  # half-letter
    right = halves(sheets.pages[0])[1]
    assert right.startswith("Dams") and folio(right) == (1, folio(right)[1])  # type: ignore[index]

    # counted in the manifest, and the same bytes when built again
    digest = hashlib.sha256(booklet.read_bytes()).hexdigest()
    assert "up to date: build/debate.en.booklet.pdf" in runner.invoke(app, args).output.splitlines()
    booklet.unlink()
    assert "wrote build/debate.en.booklet.pdf" in runner.invoke(app, args).output.splitlines()
    assert hashlib.sha256(booklet.read_bytes()).hexdigest() == digest


def test_a_booklet_needs_a_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny_workspace(tmp_path))
    result = runner.invoke(app, ["build", "--format", "html", "--imposition", "booklet"])
    assert result.exit_code == 2
    assert "--imposition booklet imposes the PDF; use it with --format pdf or both" in result.output
    assert not (tmp_path / "build").exists()
