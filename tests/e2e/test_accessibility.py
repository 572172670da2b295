"""Accessibility as others' checkers see it: every --pdf-ua edition passes page-validation's PDF/UA-1
profile, every HTML edition has no axe-core violation of any impact in headless Chromium.

Both checkers are others' programs and take seconds each (page-validation's full profile, a
headless Chromium): every test here is `heavy`, run by .ci/run's second step (`pytest -m heavy`).
Between them they check every edition in both languages on both papers: the shared Letter build,
the sample on A4 with its review copies, and a workspace with a session's record and reviews."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_review import REVIEW
from tests.helpers import axe_violations, invoke
from tests.model.test_record import GOOD


def ua_failures(pdf: Path) -> list[str]:
    """page-validation's PDF/UA-1 failures of one PDF, one line each."""
    import page

    report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert report.rules.total >= 100  # the profile ran in full
    return [f"{pdf.name}: {f.rule_id} {f.message}" for f in report.failures]


def forum_workspace(ws: Path) -> Path:
    """The tiny workspace with a session's record (shown to the participants too) and a review."""
    brief = ws / "briefs" / "debate.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + GOOD + REVIEW + "show_record: true\n", encoding="utf-8")
    return ws


@pytest.mark.heavy
def test_the_shared_pdf_ua_build_passes_pdf_ua_1(letter_build: Path) -> None:
    """Letter, --pdf-ua, both languages: the sheet, the dossier, the facilitator's copy, the questionnaire."""
    pdfs = sorted(letter_build.glob("*.pdf"))
    assert len(pdfs) == 8 and any(".questionnaire." in p.name for p in pdfs)
    assert [line for pdf in pdfs for line in ua_failures(pdf)] == []


@pytest.mark.heavy
@pytest.mark.long(6)
def test_review_copies_and_the_groups_record_pass_pdf_ua_1_on_letter(tiny_ws: Path) -> None:
    ws = forum_workspace(tiny_ws)
    args = (
        "--pdf-ua",
        "--paper",
        "letter",
        "--edition",
        "review",
        "--edition",
        "participant",
        "--edition",
        "facilitator",
    )
    result = invoke("build", *args, cwd=ws)
    assert result.returncode == 0, result.stderr
    pdfs = sorted((ws / "build").glob("*.pdf"))
    assert len(pdfs) == 4  # two review copies, the dossier and the facilitator's copy with its chart
    assert [line for pdf in pdfs for line in ua_failures(pdf)] == []


@pytest.mark.heavy
def test_every_edition_in_every_language_on_a4_passes_pdf_ua_1(workspace: Path) -> None:
    """Letter's editions are the shared Letter build's, above."""
    args = ("--pdf-ua", "--jobs", "1")
    editions = ("--edition", "sheet", "--edition", "participant", "--edition", "facilitator")
    editions += ("--edition", "questionnaire", "--edition", "review")
    result = invoke("build", *args, *editions, cwd=workspace)
    assert result.returncode == 0, result.stderr
    pdfs = sorted((workspace / "build").glob("*.pdf"))
    assert len(pdfs) == 2 * 6  # five editions, the review one copy per side, in two languages
    assert [line for pdf in pdfs for line in ua_failures(pdf)] == []


def _html_violations(browser: object, pages: list[Path]) -> list[str]:
    found = []
    for html in pages:
        browser.get(html.as_uri())  # type: ignore[attr-defined]
        found += [f"{html.name}: {v}" for v in axe_violations(browser)]
    return found


@pytest.mark.heavy
def test_every_html_edition_has_no_axe_violation(workspace: Path, browser: object, tiny_ws: Path) -> None:
    """The sample's every edition in both languages, and a session's record with reviews."""
    result = invoke("build", "--format", "html", "--edition", "review", cwd=workspace)
    assert result.returncode == 0, result.stderr
    result = invoke("build", "--format", "html", cwd=workspace)
    assert result.returncode == 0, result.stderr
    forum = forum_workspace(tiny_ws)
    result = invoke("build", "--format", "html", "--edition", "review", "--edition", "facilitator", cwd=forum)
    assert result.returncode == 0, result.stderr
    pages = sorted((workspace / "build").glob("*.html")) + sorted((forum / "build").glob("*.html"))
    assert len(pages) == 2 * 6 + 3
    assert _html_violations(browser, pages) == []
