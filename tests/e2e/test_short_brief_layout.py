"""A short brief's dossier: the clash table follows page 1 when it fits, and no page but the last is
under half full (issue 22: a 4-page dossier used to leave an eighth of its paper blank)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import body_filled, in_body, invoke, pdf_pages, pdf_runs
from tests.workspaces import mini


@pytest.fixture(scope="module")
def two_topics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-topic brief with short sides, its English participant dossier built once by the real CLI."""
    root = tmp_path_factory.mktemp("two-topics")
    left = mini.source([mini.point("p1", ["cost"]), mini.point("p2", ["safety"])])
    right = mini.source([mini.point("q1", ["cost"]), mini.point("q2", ["safety"])])
    mini.write(root, mini.brief(["cost", "safety"]), left, right)
    result = invoke("build", "--edition", "participant", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build" / "mini.en.pdf"


def test_the_clash_table_follows_page_one_with_its_first_row(two_topics: Path) -> None:
    first = " ".join(pdf_pages(two_topics)[0].split())
    assert "Where they clash" in first
    assert "Topic cost Crux of cost?" in first  # the heading and the header row come with the first row


def test_no_page_but_the_last_is_under_half_full(two_topics: Path) -> None:
    pages = [[y for y, _ in page if in_body(y)] for page in pdf_runs(two_topics)]
    fill = {n: round(body_filled(max(page)), 2) if page else 0.0 for n, page in enumerate(pages[:-1], 1)}
    assert not {n: f for n, f in fill.items() if f < 0.5}, fill
