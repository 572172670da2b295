"""The README promises what a newcomer will try: its examples validate, its commands are CI's, its links resolve.

The complete, commented examples moved to the user guide (docs/user-guide/); they are held to the same promise.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import run_brief
from tests.workspaces import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = ROOT / "docs" / "user-guide"


def yaml_blocks(text: str = README) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def check_pair(tmp_path: Path, source: str, brief: str) -> None:
    """The source (written twice, as the brief's two sides) and the brief pass `brief check`."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "briefs").mkdir()
    (tmp_path / "sources" / "example-2026-03-02.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "sources" / "example-2026-03-03.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "briefs" / "example.yaml").write_text(brief, encoding="utf-8")
    result = run_brief("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("ok: 1 brief and 2 sources checked")


def test_readme_examples_are_valid_files(tmp_path: Path) -> None:
    source, brief = yaml_blocks()[:2]
    check_pair(tmp_path, source, brief)


def test_user_guide_examples_are_valid_files(tmp_path: Path) -> None:
    """The complete, commented examples of the user guide, one per page."""
    (source,) = yaml_blocks((GUIDE / "writing-a-source.md").read_text(encoding="utf-8"))
    (brief,) = yaml_blocks((GUIDE / "writing-a-brief.md").read_text(encoding="utf-8"))
    assert "leaves_out:" in source and "highlights:" in brief  # the complete ones, not the README's short ones
    check_pair(tmp_path, source, brief)


def test_quick_start_commands_are_the_ones_ci_runs() -> None:
    commands = re.findall(r"```sh\n(python3\.11 -m venv .*?)\n```", README)
    assert len(commands) == 2
    build, tests = commands
    assert build.endswith("brief build") and tests.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lock = "pip install --require-hashes -r requirements/py3.11.txt"  # the lock: test, draft, docs
    editable = "pip install --no-deps --no-build-isolation -e ."
    assert lock in build and lock in tests and editable in build and editable in tests
    assert '--require-hashes -r "requirements/py$version.txt"' in ci and 'fresh_venv "$python" .venv 3.11' in ci
    assert "--no-deps --no-build-isolation -e ." in ci
    assert ".venv/bin/python -m pytest" in ci
    # axe-core, locked by package-lock.json, for the heavy step's accessibility tests: CI installs
    # it; the README names it and the packages that step needs beside the default run's
    assert "npm ci" in README and "npm ci" in ci and 'pytest -m "heavy or properties"' in ci
    for package in ("libpango-1.0-0", "libharfbuzz-subset0", "poppler-utils zbar-tools", "chromium chromium-driver"):
        assert package in README and package in ci
    assert "nodejs npm" in README and "nodejs npm" in ci


def test_readme_picture_exists() -> None:
    assert "](docs/page-1.png)" in README
    assert (ROOT / "docs" / "page-1.png").stat().st_size > 10_000


def test_readme_is_short_and_its_links_resolve() -> None:
    """A user's page: at most 250 lines; every relative link and picture points at a file of the repository."""
    assert len(README.splitlines()) <= 250
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    relative = [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]
    assert len(relative) >= 20, relative  # the picture and the links into the docs
    missing = [t for t in relative if not (ROOT / t.split("#")[0]).is_file()]
    assert not missing, f"README links to files that do not exist: {missing}"
