"""QR codes beside sources that give an address, and none where the address is unknown."""

from __future__ import annotations

import html as html_lib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from tests.commands.test_prose import DATA
from tests.helpers import invoke, replace_in

URL = "https://example.org/barrage?id=42&lang=fr"
BRIEF = "valley"  # the prose workspace: two sources, one of them French


@pytest.fixture(scope="module")
def with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valley workspace with an address for one source (a made-up one: tests only), built in French."""
    ws = Path(shutil.copytree(DATA, tmp_path_factory.mktemp("qr") / "ws"))
    replace_in(ws / "sources" / "barrage.yaml", "\n  language: fr\n", f'\n  url: "{URL}"\n  language: fr\n')
    result = invoke("build", "--format", "both", "--lang", "fr", "--edition", "participant", cwd=ws)
    assert result.returncode == 0, result.stderr
    return ws / "build"


def test_a_source_with_an_address_gets_a_qr_code(with_url: Path) -> None:
    page = (with_url / f"{BRIEF}.fr.html").read_text(encoding="utf-8")
    assert page.count('<figure class="qr">') == 1  # the other source has no address: no code
    figure = page[page.index('<figure class="qr">') : page.index("</figure>")]
    src = html_lib.unescape(figure.split('src="', 1)[1].split('"', 1)[0])
    assert src.startswith("data:image/svg+xml")
    svg = unquote(src.split(",", 1)[1])
    assert svg.startswith("<svg") and "<path" in svg and "script" not in svg
    assert f'alt="Code QR de {html_lib.escape(URL)}"' in figure
    assert "Scanner pour ouvrir l’article" in figure


def figures(node: Any) -> Iterator[Any]:
    """Every /Figure element of a PDF's structure tree (what assistive technology announces)."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for kid in node:
            yield from figures(kid)
    elif hasattr(node, "get"):
        if node.get("/S") == "/Figure":
            yield node
        if node.get("/K") is not None:
            yield from figures(node["/K"])


def test_the_pdf_tags_the_code_and_links_the_address(with_url: Path) -> None:
    reader = PdfReader(with_url / f"{BRIEF}.fr.pdf")
    (page,) = [p for p in reader.pages if "Scanner pour ouvrir" in (p.extract_text() or "")]
    (figure,) = figures(reader.trailer["/Root"]["/StructTreeRoot"])
    assert figure["/Alt"] == f"Code QR de {URL}"
    assert figure["/Pg"].get_object() == page.get_object()
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert URL in uris


@pytest.mark.heavy  # others' tools: poppler draws the page, zbar reads the code as a phone would
@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="pdftoppm (Debian poppler-utils) draws the page and zbarimg (Debian zbar-tools) reads the code",
)
def test_the_printed_code_scans_back_to_the_address(with_url: Path, tmp_path: Path) -> None:
    reader = PdfReader(with_url / f"{BRIEF}.fr.pdf")
    number = next(i for i, p in enumerate(reader.pages, 1) if "Scanner pour ouvrir" in (p.extract_text() or ""))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", str(number), "-l", str(number), "-singlefile",
         str(with_url / f"{BRIEF}.fr.pdf"), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert scanned.stdout.strip() == URL


def test_no_code_where_the_address_is_unknown(sample_build: Path) -> None:
    pages = list(sample_build.glob("*.html"))
    assert len(pages) == 8  # every edition in both languages
    for page in pages:
        assert 'class="qr"' not in page.read_text(encoding="utf-8")
