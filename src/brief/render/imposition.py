"""Booklet imposition: an edition laid out on half-size pages, two to a side of a landscape sheet.

Printed duplex (flip on the short edge), the stack of sheets folds in the middle into a
saddle-stitched booklet whose pages read in order. Pure pypdf: no renderer, no dates, so the
same edition gives the same booklet bytes.
"""

from __future__ import annotations

import io
from typing import Final

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)

MM: Final = 72 / 25.4

# The sheet a booklet is printed on (landscape), and the page size it is laid out on: half of it.
SHEETS: Final = {"A4": (297 * MM, 210 * MM), "letter": (11 * 72.0, 8.5 * 72.0)}
PAGE_SIZES: Final = {"A4": "A5", "letter": "5.5in 8.5in"}  # as CSS `@page { size }` reads them

Side = tuple[int | None, int | None]  # the pages on the left and right half, 1-based; None is blank


def booklet_order(pages: int) -> list[Side]:
    """The sides of the sheets in printing order, for a booklet of `pages` pages.

    The count is padded with blank pages to a multiple of 4, N. Sheet 1's front holds N and 1,
    its back 2 and N-1; sheet 2's front N-2 and 3, its back 4 and N-3; and so on inwards.
    """
    if pages < 1:
        raise ValueError("a booklet needs at least one page")
    total = -(-pages // 4) * 4

    def page(number: int) -> int | None:
        return number if number <= pages else None

    sides: list[Side] = []
    for sheet in range(total // 4):
        outer, inner = 2 * sheet, 2 * sheet + 1
        sides.append((page(total - outer), page(1 + outer)))
        sides.append((page(1 + inner), page(total - inner)))
    return sides


def impose_booklet(pdf: bytes, paper: str) -> bytes:
    """The PDF's pages imposed in booklet order on landscape sheets of `paper` (A4 or letter).

    Each page is centred in its half of the sheet, scaled down only if it is larger than the
    half. The title, author, subject and language of the edition carry over; the viewer is
    asked to print duplex, flipped on the short edge, at actual size. Links and the tag tree
    do not survive: the booklet is for the printer.
    """
    width, height = SHEETS[paper]
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    forms = [_as_form(writer, page) for page in reader.pages]
    for side in booklet_order(len(reader.pages)):
        drawn, resources = [], DictionaryObject()
        for half, number in enumerate(side):
            if number is not None:
                name = f"/Page{number}"
                resources[NameObject(name)] = forms[number - 1]
                box = reader.pages[number - 1].mediabox
                matrix = " ".join(f"{v:.4f}" for v in _placement(box, half * width / 2, width / 2, height).ctm)
                drawn.append(f"q {matrix} cm {name} Do Q")
        sheet = writer.add_blank_page(width, height)
        if drawn:
            content = DecodedStreamObject()
            content.set_data(" ".join(drawn).encode("ascii"))
            sheet[NameObject("/Contents")] = writer._add_object(content)
            sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): resources})
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    preferences = writer.create_viewer_preferences()
    preferences.duplex = NameObject("/DuplexFlipShortEdge")
    preferences.print_scaling = NameObject("/None")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _as_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """The page as a form XObject of the writer: its drawing, untouched, and its resources.

    Drawing whole pages as forms is what imposition tools do: no content stream is parsed
    or rewritten (pypdf's page merging parses every one, about 1 s for a 24-page edition),
    and each page keeps its own resource names.
    """
    form = DecodedStreamObject()
    contents = page.get("/Contents")
    parts = [] if contents is None else contents.get_object()
    if not isinstance(parts, ArrayObject):
        parts = ArrayObject([parts])
    form.set_data(b"\n".join(part.get_object().get_data() for part in parts))
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.mediabox),
        }
    )
    for key in ("/Resources", "/Group"):
        if key in page:
            form[NameObject(key)] = page[key].clone(writer)
    return writer._add_object(form.flate_encode())


def _placement(box: RectangleObject, left: float, slot_width: float, slot_height: float) -> Transformation:
    """Move a page's box into the slot starting at `left`, centred, shrunk if it does not fit."""
    scale = min(1.0, slot_width / float(box.width), slot_height / float(box.height))
    x = left + (slot_width - float(box.width) * scale) / 2
    y = (slot_height - float(box.height) * scale) / 2
    return Transformation().translate(-float(box.left), -float(box.bottom)).scale(scale).translate(x, y)
