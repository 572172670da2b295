"""A theme reads only itself: no file outside it through a link, no font of the machine.

A link out of the theme (a partial, the stylesheet, a locale file) is refused at the link; a
font named by family that the theme lacks falls back on the theme's own fonts, never the
system's, so the same input gives the same bytes on any machine; `local()` and `<base>` are
refused at their line and column.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import invoke
from tests.workspaces import ROOT

SECRET = "SECRET-FROM-OUTSIDE-THE-THEME"
PARTICIPANT = ("build", "--edition", "participant")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    file = tmp_path / "outside.txt"
    file.write_text(f"<p>{SECRET}</p>\nbody {{ color: black }}\n", encoding="utf-8")
    return file


@pytest.mark.parametrize("relative", ["partials/balance.html.j2", "brief.css", "locale/en.yaml"])
def test_a_theme_file_linked_from_outside_is_refused(tiny_ws: Path, outside: Path, relative: str) -> None:
    link = tiny_ws / "templates" / relative
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    result = invoke("build", "--format", "both", cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"templates/{relative}: is a symbolic link to {outside}, outside the theme; a theme reads only its own "
        "files: copy the file into the theme instead"
    )
    assert len(lines) == 2 and lines[1].startswith("1 problem found"), lines
    built = tiny_ws / "build"
    assert not built.exists() or not any(SECRET in p.read_text(errors="replace") for p in built.glob("*.html"))


def test_a_partial_included_through_a_link_is_refused_even_unlisted(tiny_ws: Path, outside: Path) -> None:
    """The template loader checks each file it reads, not only the walk before rendering."""
    from brief.errors import BriefError
    from brief.theme.guard import ThemeLoader

    theme = tiny_ws / "templates"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials" / "leak.html.j2").symlink_to(outside)
    with pytest.raises(BriefError, match="outside the theme"):
        ThemeLoader([theme.resolve()]).get_source(None, "partials/leak.html.j2")  # type: ignore[arg-type]


def test_a_named_pipe_in_the_theme_is_refused_not_waited_on(tiny_ws: Path) -> None:
    (tiny_ws / "templates" / "partials").mkdir(parents=True)
    os.mkfifo(tiny_ws / "templates" / "partials" / "summary.html.j2")
    result = invoke("build", "--format", "html", cwd=tiny_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "templates/partials/summary.html.j2: is not a regular file; a theme holds only files and folders"
    )


def theme_css(tiny_ws: Path, extra: str) -> None:
    (tiny_ws / "templates").mkdir(exist_ok=True)
    css = (ROOT / "templates" / "brief.css").read_text(encoding="utf-8")
    (tiny_ws / "templates" / "brief.css").write_text(css + extra, encoding="utf-8")


def embedded_fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_a_font_family_the_theme_lacks_never_embeds_a_system_font(tiny_ws: Path) -> None:
    theme_css(tiny_ws, 'h1, h2, p { font-family: "DejaVu Sans", "Liberation Serif", sans-serif; }\n')
    result = invoke(*PARTICIPANT, cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    fonts = embedded_fonts(tiny_ws / "build" / "debate.en.pdf")
    assert fonts and all(name.startswith(("Brief-", "Noto-")) for name in fonts), fonts


@pytest.mark.heavy  # a cold start of Python on a machine with no fonts at all
def test_the_same_bytes_with_and_without_the_systems_fonts(tiny_ws: Path, tmp_path: Path) -> None:
    theme_css(tiny_ws, 'h1, p { font-family: "DejaVu Sans", serif; }\n')
    assert invoke(*PARTICIPANT, cwd=tiny_ws).returncode == 0
    with_system_fonts = (tiny_ws / "build" / "debate.en.pdf").read_bytes()
    shutil.rmtree(tiny_ws / "build")
    no_fonts = tmp_path / "no-fonts.conf"
    no_fonts.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(no_fonts), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "brief", *PARTICIPANT], cwd=tiny_ws, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert (tiny_ws / "build" / "debate.en.pdf").read_bytes() == with_system_fonts


@pytest.mark.parametrize(
    ("file", "content", "where", "reason"),
    [
        (
            "brief.css",
            'body { color: black }\n@font-face { font-family: "X"; src: local("DejaVu Sans"); }\n',
            ":2:37:",
            "local() asks for a font installed on this machine",
        ),
        (
            "partials/summary.html.j2",
            '<section id="summary">\n  <base href="file:///etc/">\n</section>\n',
            ":2:3:",
            "a <base> element sends the theme's relative addresses elsewhere",
        ),
    ],
    ids=["local", "base"],
)
def test_asking_for_the_machine_is_refused_at_its_line(
    tiny_ws: Path, file: str, content: str, where: str, reason: str
) -> None:
    target = tiny_ws / "templates" / file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    result = invoke(*PARTICIPANT, cwd=tiny_ws)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"templates/{file}{where} refused: {reason}"), result.stderr
