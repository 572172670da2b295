"""The rough edges a new user hit (issue 10), each tried as that user would: through the real CLI."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from tests.helpers import pdf_text, run_brief
from tests.processes import forked_brief
from tests.workspaces import ROOT


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(file: Path, start: str) -> int:
    return next(i for i, t in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if t.startswith(start))


# --- one unfinished brief blocks no other ------------------------------------------


def test_an_unfinished_brief_holds_back_no_other(tiny_ws: Path) -> None:
    assert run_brief("new", "brief", "next-week", cwd=tiny_ws).returncode == 0
    result = run_brief("build", "--format", "html", cwd=tiny_ws)
    assert result.returncode == 1
    assert "wrote build/debate.en.html" in result.stdout
    assert (tiny_ws / "build" / "debate.en.facilitator.html").is_file()
    assert not list((tiny_ws / "build").glob("next-week*"))
    assert re.search(r"^briefs/next-week\.yaml:\d+:\d+: title: expected text", result.stderr, flags=re.M)
    assert result.stderr.splitlines()[-1].endswith("problems found; not built: briefs/next-week.yaml.")
    assert "Traceback" not in result.stderr


# --- .yml and .yaml alike -----------------------------------------------------------


def test_yml_files_are_read_like_yaml_files(tiny_ws: Path) -> None:
    (tiny_ws / "sources" / "left.yaml").rename(tiny_ws / "sources" / "left.yml")
    (tiny_ws / "briefs" / "debate.yaml").rename(tiny_ws / "briefs" / "debate.yml")
    checked = run_brief("check", cwd=tiny_ws)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "ok: 1 brief and 2 sources checked, no problems"
    built = run_brief("build", "--format", "html", cwd=tiny_ws)
    assert built.returncode == 0, built.stderr
    assert "wrote build/debate.en.html" in built.stdout
    assert "The salmon cannot climb a wall of concrete." in (tiny_ws / "build" / "debate.en.html").read_text("utf-8")
    refused = run_brief("new", "source", "left", cwd=tiny_ws)
    assert refused.returncode == 2
    assert "sources/left.yml already exists; not overwriting it" in refused.stderr


def test_one_source_in_both_a_yaml_and_a_yml_file_is_an_error(tiny_ws: Path) -> None:
    shutil.copy(tiny_ws / "sources" / "left.yaml", tiny_ws / "sources" / "left.yml")
    result = run_brief("check", "briefs/debate.yaml", cwd=tiny_ws)
    assert result.returncode == 1
    line = line_of(tiny_ws / "briefs" / "debate.yaml", "    source: left")
    assert (
        f"briefs/debate.yaml:{line}:13: sides[0].source: both sources/left.yaml and sources/left.yml exist; keep one"
        in (result.stderr)
    )


# --- a source summary is not a brief -------------------------------------------------


def test_building_a_source_summary_says_what_it_is(tiny_ws: Path) -> None:
    result = run_brief("build", "sources/left.yaml", cwd=tiny_ws)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "sources/left.yaml:2:1: this is a source summary (one article), not a brief: build a brief that names it "
        "in its sides (`brief build` builds every brief in briefs/; `brief new brief ID` starts one)",
        "1 problem found; not built: sources/left.yaml.",
    ]


# --- a language the theme has no words for -------------------------------------------


def test_check_names_the_locale_file_a_new_language_needs(tiny_ws: Path) -> None:
    brief = tiny_ws / "briefs" / "debate.yaml"
    edit(brief, "languages: [en]", "languages: [en, de]")
    result = run_brief("check", cwd=tiny_ws)
    assert result.returncode == 1
    assert (
        f"briefs/debate.yaml:{line_of(brief, 'languages')}:17: languages[1]: the theme has no labels for 'de' "
        "(it has en, fr): create templates/locale/de.yaml in this workspace" in result.stderr
    )
    assert "site-packages" not in result.stderr.split("create", 1)[1].split(",")[0]

    # A file with some labels: check lists the ones the theme would miss, rather than build failing.
    (tiny_ws / "templates" / "locale").mkdir(parents=True)
    (tiny_ws / "templates" / "locale" / "de.yaml").write_text("lang_name: Deutsch\nsummary: Auf einen Blick\n", "utf-8")
    partial = run_brief("check", cwd=tiny_ws)
    assert partial.returncode == 1
    assert re.search(
        r"^templates/locale/de\.yaml:1:1: \d+ labels the theme prints are missing for 'de': ", partial.stderr, re.M
    )

    english = (ROOT / "templates" / "locale" / "en.yaml").read_text("utf-8")
    (tiny_ws / "templates" / "locale" / "de.yaml").write_text(english, "utf-8")
    complete = run_brief("check", cwd=tiny_ws)
    assert "labels" not in complete.stderr  # what is left: the quotes' German translations


# --- output files readable as the umask allows ----------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_get_the_mode_of_a_new_file_under_the_umask(tiny_ws: Path, umask: int, mode: int) -> None:
    args = ["build", "--format", "html", "--edition", "participant"]
    result = forked_brief(args, cwd=tiny_ws, prepare=lambda: os.umask(umask))  # in the child, before brief starts
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tiny_ws / "build" / "debate.en.html").stat().st_mode) == mode


# --- run from a subfolder, or from no workspace ---------------------------------------


def test_brief_finds_its_workspace_from_a_subfolder(tiny_ws: Path) -> None:
    result = run_brief("build", "--format", "html", "--edition", "participant", cwd=tiny_ws / "sources")
    assert result.returncode == 0, result.stderr
    assert (tiny_ws / "build" / "debate.en.html").is_file()
    assert not (tiny_ws / "sources" / "build").exists()
    checked = run_brief("check", cwd=tiny_ws / "sources")
    assert checked.stdout.splitlines()[-1] == "ok: 1 brief and 2 sources checked, no problems"
    edit(tiny_ws / "sources" / "left.yaml", "\nthesis:", "\nthesys:")
    broken = run_brief("check", cwd=tiny_ws / "sources")
    assert "left.yaml:10:1: thesys: unknown key 'thesys'; did you mean 'thesis'?" in broken.stderr
    new = run_brief("new", "source", "third", cwd=tiny_ws / "briefs")
    assert new.returncode == 0, new.stderr
    assert (tiny_ws / "sources" / "third.yaml").is_file()


@pytest.mark.parametrize("command", ["build", "check", "watch"])
def test_outside_a_workspace_the_message_suggests_brief_new(tmp_path: Path, command: str) -> None:
    result = run_brief(command, cwd=tmp_path)
    assert result.returncode == 2
    assert "no workspace here: no briefs/ or sources/ folder" in result.stderr
    assert "`brief new brief ID` starts one here" in result.stderr


# --- as_of before an article was published -------------------------------------------


def test_as_of_before_a_source_was_published_is_an_error(tiny_ws: Path) -> None:
    brief = tiny_ws / "briefs" / "debate.yaml"
    edit(brief, "as_of: 2025-05-01", "as_of: 2025-03-15")
    result = run_brief("check", cwd=tiny_ws)
    assert result.returncode == 1
    # right.yaml says 2025-04: its whole month is after 2025-03-15; left's 2025-03-01 is not
    assert result.stderr.splitlines() == [
        f"briefs/debate.yaml:{line_of(brief, 'as_of')}:8: as_of: 2025-03-15 is earlier than the publication of "
        "right (2025-04, sources/right.yaml:6); set as_of to the day the brief is up to, 2025-04-01 or later",
        "1 problem found.",
    ]
    edit(brief, "as_of: 2025-03-15", "as_of: 2025-04-01")
    assert run_brief("check", cwd=tiny_ws).returncode == 0


# --- the quote check speaks English and says how to cut ---------------------------------


def test_quote_check_messages_use_english_quotes_and_say_how_to_cut(tiny_ws: Path) -> None:
    texts = tiny_ws / "texts"
    texts.mkdir()
    (texts / "left.txt").write_text(
        "The salmon cannot climb a wall of concrete. The delta is sinking, slowly, for want of mud.\n", "utf-8"
    )
    left = tiny_ws / "sources" / "left.yaml"
    edit(left, '"The delta is sinking for want of mud."', '"The delta is sinking … for want of mud."')
    result = run_brief("check", "--texts", "texts", cwd=tiny_ws)
    assert result.returncode == 1
    (problem,) = [line for line in result.stderr.splitlines() if line.startswith("sources/left.yaml")]
    assert "\u201cThe delta is sinking, slowly, for want of mud\u201d" in problem
    assert "«" not in problem and "»" not in problem
    assert problem.endswith("only […] (or [...]) joins two passages: an ellipsis alone or words left out are not a cut")
    edit(left, '"The delta is sinking … for want of mud."', '"The delta is sinking […] for want of mud."')
    assert run_brief("check", "--texts", "texts", cwd=tiny_ws).returncode == 0


# --- what the facilitator's PDF prints ---------------------------------------------------


def test_empty_sections_straight_quotes_and_undated_credits_in_the_pdf(tiny_ws: Path) -> None:
    left, right = tiny_ws / "sources" / "left.yaml", tiny_ws / "sources" / "right.yaml"
    edit(left, "outlet: The Valley Post", 'outlet: The Valley\'s "Post"')
    edit(left, "points:", "leaves_out:\n  - Who paid for the study.\npoints:")
    edit(right, "outlet: null", "outlet: Hydro Weekly")
    edit(right, "published: 2025-04", "published: null")
    result = run_brief("build", "--edition", "facilitator", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tiny_ws / "build" / "debate.en.facilitator.pdf")
    # The section names each side: one lists what it leaves out, the other says "none".
    assert "What it leaves out A Against Who paid for the study. B For none" in text
    # Straight quotes typed in provenance get the same typography as every other field.
    assert "The Valley\u2019s \u201cPost\u201d" in text and "Valley's" not in text
    # The credit line of an undated article says which fact is missing.
    assert "Hydro Weekly · unsigned · date not stated" in text
    assert "Hydro Weekly, not stated" not in text
