"""The README promises things a newcomer will try: its examples validate, its commands are CI's."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import ROOT, run_brief

README = (ROOT / "README.md").read_text(encoding="utf-8")


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", README, flags=re.S)


def test_readme_examples_are_valid_files(tmp_path: Path) -> None:
    source, brief = yaml_blocks()[:2]
    (tmp_path / "sources").mkdir()
    (tmp_path / "briefs").mkdir()
    (tmp_path / "sources" / "example-2026-03-02.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "sources" / "example-2026-03-03.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "briefs" / "example.yaml").write_text(brief, encoding="utf-8")
    result = run_brief("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 brief and 2 sources checked")


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
    for package in ("libpango-1.0-0", "libharfbuzz-subset0", "chromium chromium-driver"):
        assert package in README and package in ci


def test_readme_picture_exists() -> None:
    assert "](docs/page-1.png)" in README
    assert (ROOT / "docs" / "page-1.png").stat().st_size > 10_000
