"""Earlier versions read from git: a revision or a date resolved to a commit, a file as it was then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brief.errors import BriefError
from brief.model.history import old_debate
from brief.model.revisions import Revision, RevisionError, old_text, resolve, resolve_commit
from tests.helpers import git
from tests.workspaces import tiny_workspace

FIRST_DAY = "2025-06-01T12:00:00"
SECOND_DAY = "2025-07-01T12:00:00"


def make_repo(ws: Path) -> Path:
    """The tiny workspace committed on 2025-06-01, then on 2025-07-01 with a reworded thesis and a new source."""
    git(ws, "init", "-q", "-b", "main")
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "The dam debate", date=FIRST_DAY)
    left = ws / "sources" / "left.yaml"
    left.write_text(left.read_text(encoding="utf-8").replace("more harm", "much more harm"), encoding="utf-8")
    (ws / "sources" / "centre.yaml").write_text("thesis: Both.\n", encoding="utf-8")
    git(ws, "add", ".")
    git(ws, "commit", "-q", "-m", "Reworded", date=SECOND_DAY)
    return ws


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository for the tests that only read it."""
    return make_repo(tiny_workspace(tmp_path_factory.mktemp("history") / "ws"))


def test_a_revision_resolves_to_its_commit_and_date(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD~1")
    revision = resolve(repo, "HEAD~1")
    assert revision == Revision(spec="HEAD~1", commit=first, date=dt.date(2025, 6, 1), asked_date=None)
    assert revision.short == first[:7]
    assert resolve_commit(repo / "sources", first[:7]) == first  # from a subfolder, by a short id


def test_a_date_stands_for_the_last_commit_before_that_day(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD~1")
    revision = resolve(repo, "2025-07-01")  # the second commit is on that day, not before it
    assert (revision.commit, revision.date, revision.asked_date) == (first, dt.date(2025, 6, 1), dt.date(2025, 7, 1))
    assert resolve_commit(repo, "2025-07-02") == git(repo, "rev-parse", "HEAD")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nope", "unknown revision 'nope': git knows no commit by that name here"),
        ("--all", "unknown revision '--all'"),
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("2025-01-01", "no commit before 2025-01-01 in this repository"),
    ],
)
def test_a_revision_that_names_nothing_is_a_revision_error(repo: Path, spec: str, message: str) -> None:
    with pytest.raises(RevisionError) as caught:
        resolve(repo, spec)
    assert str(caught.value) == message


def test_outside_a_repository_there_is_no_earlier_version(tiny_ws: Path) -> None:
    with pytest.raises(RevisionError) as caught:
        resolve_commit(tiny_ws, "HEAD")
    assert str(caught.value) == (
        f"{tiny_ws} is not in a git repository, so there is no earlier version to compare with"
    )


def test_old_text_is_the_file_as_it_was_or_none_if_it_was_not_there(repo: Path) -> None:
    first = resolve(repo, "HEAD~1")
    assert old_text(repo, first, "sources/left.yaml") == git(repo, "show", "HEAD~1:sources/left.yaml").encode() + b"\n"
    assert b"thesis: Dams do more harm than good." in (old_text(repo, first, "sources/left.yaml") or b"")
    assert old_text(repo, first, "sources/centre.yaml") is None
    assert old_text(repo, resolve(repo, "HEAD"), "sources/centre.yaml") == b"thesis: Both.\n"


def test_old_debate_is_loaded_as_it_was(repo: Path) -> None:
    then = old_debate(repo / "briefs" / "debate.yaml", resolve(repo, "HEAD~1"))
    assert then is not None
    assert [s.model.thesis for s in then.sources] == ["Dams do more harm than good.", "Dams give clean power cheaply."]


def test_old_debate_of_a_brief_that_did_not_exist_is_none(repo: Path) -> None:
    assert old_debate(repo / "briefs" / "later.yaml", resolve(repo, "HEAD")) is None  # only the name is needed


def test_problems_of_an_old_version_name_the_commit(tiny_ws: Path) -> None:
    repo = make_repo(tiny_ws)
    brief = repo / "briefs" / "debate.yaml"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("source: right", "source: rigth").replace("2025-05-01", "2025-02-15"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "A typo", date=SECOND_DAY)
    revision = resolve(repo, "HEAD")
    with pytest.raises(BriefError) as caught:
        old_debate(brief, revision)
    at = revision.short
    # files and folders in messages are the revision's, never the scratch folder they were read into (deleted)
    assert [(str(p.file), p.line, p.message) for p in caught.value.problems] == [
        (
            f"{at}:briefs/debate.yaml",
            5,
            f"(the version at HEAD) 2025-02-15 is earlier than the publication of left (2025-03-01, "
            f"{at}:sources/left.yaml:6); set as_of to the day the brief is up to, 2025-03-01 or later",
        ),
        (f"{at}:briefs/debate.yaml", 14, f"(the version at HEAD) no source 'rigth'; sources in {at}:sources: left"),
    ]
