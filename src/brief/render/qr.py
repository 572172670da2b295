"""QR codes for the paper copy: a reader scans one to open a source the handout cites.

Drawn by segno as an SVG and handed to the template as a data: URL, the only kind of
URL WeasyPrint may read besides the theme's files; the same URL always gives the same bytes.
"""

from __future__ import annotations

from functools import cache

import segno


@cache
def qr_data_url(url: str) -> str:
    """A QR code of `url` as an SVG data: URL, with the 4-module quiet zone scanners need."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=4, xmldecl=False, svgns=True, nl=False)
