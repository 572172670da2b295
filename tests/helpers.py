"""What a test calls: brief run as a user runs it, and a PDF read as a reader reads it.

`run_brief` runs the real command in a process of its own (forked, see tests.processes);
`invoke` runs the command line in the test's own process, for unit tests. `pdf_text` and
`pdf_pages` read a PDF's text with pypdf; `pdf_runs` also says where each run of text stands.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.processes import forked_brief, shared_result

PROPERTY_SCALE = float(os.environ.get("BRIEF_PROPERTY_SCALE", "0.1"))
"""The share of their examples the property tests and the fuzzer draw (`@pytest.mark.properties`):
a tenth in the default run (the first tenth of the same derandomized sequence), every one in
.ci/run's second step, which sets BRIEF_PROPERTY_SCALE=1."""


def run_brief(*args: str, cwd: Path, input: str | None = None, fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a process of its own, as a user at a terminal runs it.

    The process is forked from this one with brief and WeasyPrint already imported (see
    `forked_brief`), which spares each run Python's start-up and the imports; `fresh=True`
    starts a new interpreter, for what only a cold start shows.
    """
    if fresh or not hasattr(os, "fork"):
        return subprocess.run(
            [sys.executable, "-m", "brief", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            input=input,
            timeout=300,
        )
    return forked_brief(list(args), cwd=cwd, input=input)


def git(folder: Path, *args: str, date: str = "2026-11-01T12:00:00") -> str:
    """git in `folder` as a facilitator on the given day (author and committer alike); its output."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Facilitator",
        "GIT_AUTHOR_EMAIL": "facilitator@example.org",
        "GIT_COMMITTER_NAME": "Facilitator",
        "GIT_COMMITTER_EMAIL": "facilitator@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout.strip()


def invoke(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in this process (typer's runner), from `cwd`: what a unit test needs of it.

    It answers like `run_brief` (returncode, stdout, stderr) without starting Python and importing
    WeasyPrint again. An exception that escapes brief is raised here, never passed off as an exit
    code. End-to-end tests, which check what only a real process shows (signals, the entry point,
    exit codes as the shell sees them), use `run_brief`.
    """
    from typer.testing import CliRunner

    from brief.cli.commands import app

    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["brief", *args], result.exit_code, result.stdout, result.stderr)


def pdf_pages(path: Path) -> tuple[str, ...]:
    """Each page's text as pypdf extracts it. Extraction is the slow part of reading a PDF (half
    a second for the dossier), so a file is read once per test process while it stays as it is."""
    info = path.stat()
    return _pages_of(str(path.resolve()), info.st_size, info.st_mtime_ns, info.st_ino)


@functools.lru_cache(maxsize=256)
def _pages_of(path: str, _size: int, _mtime_ns: int, _inode: int) -> tuple[str, ...]:
    return tuple(shared_result(Path(path), "pages", read_pdf))


def pdf_runs(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's runs of text with how far down the page each stands (a share of its height)."""
    return [[(y, text) for y, text in page] for page in shared_result(pdf, "runs", read_pdf)]


def read_pdf(pdf: Path) -> dict[str, Any]:
    """One pass of pypdf over a PDF: each page's text ("pages"), and each page's runs of text with
    how far down the page each stands, as a share of the page's height ("runs")."""
    pages, runs = [], []
    for page in PdfReader(pdf).pages:
        height = float(page.mediabox.height)
        found: list[tuple[float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
            if text.strip():
                found.append((round((height - (cm[5] + tm[5] * cm[3])) / height, 3), text))  # noqa: B023

        pages.append(page.extract_text(visitor_text=visit) or "")
        runs.append(found)
    return {"pages": pages, "runs": runs}


BODY = (0.07, 0.93)  # the share of a page's height between its running header and its folio band


def in_body(depth: float) -> bool:
    """Whether text standing this far down a page (a share of its height) is body text."""
    return BODY[0] < depth < BODY[1]


def body_filled(depth: float) -> float:
    """How much of the body a page has filled down to text this far down it (as pagefill.py measures)."""
    return (depth - BODY[0]) / (BODY[1] - BODY[0])


def pdf_text(path: Path) -> str:
    """All the text a reader of the PDF sees, pages joined, whitespace folded, hyphenation undone."""
    text = " ".join(" ".join(page.split()) for page in pdf_pages(path))
    return text.replace("\u2010 ", "")  # WeasyPrint hyphenates with U+2010 at a line's end


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace one exact passage in a file (failing loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cards_of(build: Path, lang: str, edition: str) -> list[dict[str, Any]]:
    """The cards of one edition of a shared build (`sample_build`, `letter_build`), each with the
    pages it was laid out on, read from the very document its PDF was written from."""
    import json

    return json.loads((build.parent / "cards" / f"{lang}.{edition}.json").read_text(encoding="utf-8"))


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core from the npm registry, locked by package-lock.json (`npm ci` installs it)."""


def axe_violations(driver: Any) -> list[str]:
    """axe-core's violations of any impact on the page the browser shows (and in its frames), one
    line each: the rule, its impact, how many elements and the first of them."""
    import pytest
    from selenium.webdriver.common.by import By

    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the top of the repository")
    axe = AXE.read_text(encoding="utf-8")
    for frame in driver.find_elements(By.TAG_NAME, "iframe"):  # axe tests a frame only if it runs there too
        driver.switch_to.frame(frame)
        driver.execute_script(axe)
        driver.switch_to.default_content()
    driver.execute_script(axe)
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes[0].html}`)))"
        ".catch(e => done([`axe failed: ${e}`]));"
    )
    return list(found)
