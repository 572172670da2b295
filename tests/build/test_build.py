"""build.py: targets and their outputs, the one-sheet edition's two-page rule."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from brief.build.editions import sheet_overflow_problem
from brief.model.enums import Edition
from brief.model.validate import load_debate
from brief.render.pdf import SheetOverflow
from brief.views.analysis import analyse
from tests.helpers import invoke

LONG = " ".join(["Which of the two readings explains this part of the story better, and why?"] * 4)


def test_a_sheet_that_does_not_fit_two_pages_names_what_to_shorten(tiny_ws: Path) -> None:
    """Content beyond two pages is refused, never dropped or shrunk below 8.5 pt: the message says how
    far it runs on and which texts are longest, each where it is written."""
    brief = tiny_ws / "briefs" / "debate.yaml"
    text = brief.read_text(encoding="utf-8").replace("editions: [participant, facilitator]", "editions: [sheet]")
    questions = "".join(f"  - text: {LONG} ({n})\n" for n in range(1, 33))  # some 80 mm onto page 3 at 9 pt
    brief.write_text(text.replace("questions:\n", "questions:\n" + questions), encoding="utf-8")
    result = invoke("build", cwd=tiny_ws)
    assert result.returncode == 1
    message = result.stderr.splitlines()[0]
    assert message.startswith("briefs/debate.yaml:7:11: editions: the en one-sheet edition does not fit two A4 pages")
    assert re.search(r"at its smallest type \(9 pt\) it runs \d+ mm \(about \d+ lines\) onto page 3", message)
    longest = re.findall(r"question (\d+) \(304 characters, briefs/debate\.yaml:(\d+):11\)", message)
    assert len(longest) == 3 and all(int(line) == 26 + int(n) for n, line in longest)  # each at its own line
    assert not (tiny_ws / "build" / "debate.en.sheet.pdf").exists()


@pytest.mark.parametrize(
    ("mm", "said"), [(0.4, "1 mm (about 1 line)"), (6.0, "6 mm (about 1 line)"), (9.0, "9 mm (about 2 lines)")]
)
def test_a_short_overflow_is_said_in_whole_lines(tiny_ws: Path, mm: float, said: str) -> None:
    debate = load_debate(tiny_ws / "briefs" / "debate.yaml")
    view = analyse(debate, "en", Edition.questionnaire)
    problem = sheet_overflow_problem(debate, view, SheetOverflow(mm, 3, 9.0), "A4")
    assert f"at its smallest type (9 pt) it runs {said} onto page 3; shorten the longest texts:" in str(problem)


def test_a_sheet_that_fits_is_two_pages_with_room_to_write(tiny_ws: Path) -> None:
    from pypdf import PdfReader

    brief = tiny_ws / "briefs" / "debate.yaml"
    text = brief.read_text(encoding="utf-8").replace("editions: [participant, facilitator]", "editions: [sheet]")
    brief.write_text(text, encoding="utf-8")
    result = invoke("build", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tiny_ws / "build" / "debate.en.sheet.pdf")
    assert len(reader.pages) == 2  # a short brief still makes one sheet: page 2 is room to write
    assert "Notes" in (reader.pages[1].extract_text() or "")


def test_an_edition_some_briefs_lack_is_built_for_the_others(views_ws: Path) -> None:
    """`--edition facilitator` over two briefs, one without that edition: the other's is built, and
    the one lacking it says so at every build, also when what it could build is up to date; asked of
    that brief alone, it is a usage error, since nothing at all would be built."""

    def notes(result: subprocess.CompletedProcess[str]) -> list[str]:  # the car-free brief's warnings aside
        return [line for line in result.stderr.splitlines() if ": warning: " not in line]

    lacking = "note: not built: parking declares editions participant; --edition facilitator is not one"
    first = invoke("build", "--format", "html", "--edition", "facilitator", cwd=views_ws)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == ["wrote build/car-free.en.facilitator.html"]
    assert notes(first) == [lacking]
    again = invoke("build", "--format", "html", "--edition", "facilitator", cwd=views_ws)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["up to date: build/car-free.en.facilitator.html"]
    assert notes(again) == [lacking]
    both = invoke("build", "--format", "html", "--edition", "facilitator", "--edition", "participant", cwd=views_ws)
    assert both.returncode == 0, both.stderr
    assert "wrote build/parking.en.html" in both.stdout.splitlines() and notes(both) == [lacking]
    # Built in part, and recorded: up to date at the next build, which still says what it lacks.
    again = invoke("build", "--format", "html", "--edition", "facilitator", "--edition", "participant", cwd=views_ws)
    assert again.returncode == 0, again.stderr
    assert "up to date: build/parking.en.html" in again.stdout.splitlines()
    assert not [line for line in again.stdout.splitlines() if line.startswith("wrote")]
    assert notes(again) == [lacking]
    alone = invoke("build", "--format", "html", "--edition", "facilitator", "briefs/parking.yaml", cwd=views_ws)
    assert alone.returncode == 2
    assert alone.stderr.splitlines() == [f"Usage error: {lacking.removeprefix('note: not built: ')}"]
    assert not (views_ws / "build" / "parking.en.facilitator.html").exists()
