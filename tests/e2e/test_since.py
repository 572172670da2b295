"""Changes since the last session: `build --since REV` (or `since:` in the brief) compares with git."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.model.load import load_source
from tests.helpers import git, invoke, pdf_text, run_brief
from tests.workspaces import SAMPLE_BRIEF, copy_workspace

runner = CliRunner()
LEFT = "sources/notrecontinent-2026-01-11.yaml"
RIGHT = "sources/ballet-diplomatique-2025-08-08.yaml"
BRIEF = f"briefs/{SAMPLE_BRIEF}.yaml"
HTML = f"build/{SAMPLE_BRIEF}.en.html"

NEW_POINT = """
  - id: newly-reported
    claim:
      en: "A point the article makes that we had not summarised before."
      fr: "Un point que nous n'avions pas encore résumé."
    quote: "Un passage court et fidèle."
    translation:
      en: "A short, faithful passage."
"""
NEW_EXPERT = """  - name: "Jane Example"
    kind: named
    role:
      en: "historian"
      fr: "historienne"
    attributed:
      en: "The two leaders need each other."
      fr: "Les deux dirigeants ont besoin l'un de l'autre."
    use:
      en: "Backs the thesis."
      fr: "Appuie la thèse."
"""


def edit(ws: Path, relative: str, old: str, new: str) -> None:
    path = ws / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def remove_point(ws: Path, relative: str, point_id: str) -> None:
    path = ws / relative
    text = path.read_text(encoding="utf-8")
    block = re.search(rf"\n  - id: {point_id}\n.*?(?=\n  - id: |\n\S)", text, re.S)
    assert block, point_id
    path.write_text(text[: block.start()] + text[block.end() :], encoding="utf-8")


def unlist(ws: Path, ref: str) -> None:
    """No topic or question of the brief lists the point any more."""
    path = ws / BRIEF
    text = path.read_text(encoding="utf-8")
    assert f"      - {ref}\n" in text, ref
    path.write_text(text.replace(f"      - {ref}\n", ""), encoding="utf-8")


def reword_first_point(ws: Path) -> None:
    claim = '  - id: ukraine-support-tested\n    claim:\n      en: "'
    edit(ws, LEFT, claim, claim + "Reworded. ")


def add_to_topic(ws: Path, topic_id: str, ref: str) -> None:
    """List a point (`<source-id>/<point-id>`) first among a topic's points in the brief."""
    path = ws / BRIEF
    text = path.read_text(encoding="utf-8")
    topic = text.index(f"\n  - id: {topic_id}\n", text.index("\ntopics:\n"))
    at = text.index("\n    points:\n", topic) + len("\n    points:\n")
    assert at < text.find("\n  - id: ", topic + 1), f"topic {topic_id} lists no points"
    path.write_text(f"{text[:at]}      - {ref}\n{text[at:]}", encoding="utf-8")


def session_edits(ws: Path) -> None:
    """A week's work: one claim reworded, a point added (and listed under a topic), one removed
    (and its topic no longer lists it), an expert added, a point also listed under another topic,
    a question for the group reworded."""
    reword_first_point(ws)
    edit(ws, LEFT, "\nexperts:\n", NEW_POINT + "\nexperts:\n")
    add_to_topic(ws, "nature", "notrecontinent-2026-01-11/newly-reported")
    remove_point(ws, RIGHT, "new-era-of-influence")
    unlist(ws, "ballet-diplomatique-2025-08-08/new-era-of-influence")
    edit(ws, RIGHT, "\nexperts:\n", "\nexperts:\n" + NEW_EXPERT)
    add_to_topic(ws, "nationalism", "ballet-diplomatique-2025-08-08/putin-alliances")
    edit(ws, BRIEF, 'questions:\n  - text:\n      en: "', 'questions:\n  - text:\n      en: "Reworded question. ')


def new_point_number(ws: Path) -> str:
    """The number the added point is printed with: it is the left source's last."""
    return f"A{len(load_source(ws / LEFT).model.points)}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample workspace as a git repository with one commit (the last session's version)."""
    ws = copy_workspace(tmp_path / "ws")
    git(ws, "init", "-q")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "last session", date="2026-11-01T12:00:00")
    monkeypatch.chdir(ws)
    return ws


def build(*args: str) -> str:
    # one edition (the sample declares en/fr x sheet/participant/facilitator) is enough here
    result = runner.invoke(app, ["build", "--format", "html", "--lang", "en", "--edition", "participant", *args])
    assert result.exit_code == 0, result.output
    # what the build wrote; the prose warnings a week's edits may bring are tested elsewhere
    return "".join(line for line in result.output.splitlines(keepends=True) if ": warning: " not in line)


def changes_rows(ws: Path) -> list[tuple[str, str, str]]:
    """(status, item, then+now text) of each row of the HTML's changes section."""
    page = (ws / HTML).read_text(encoding="utf-8")
    section = page[page.index('<section id="changes"') :]
    section = section[: section.index("</section>")]
    rows = []
    for status, body in re.findall(r'<tr class="change-(\w+)">(.*?)</tr>', section, re.S):
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
        ]
        rows.append((status, cells[0], " | ".join(cells[2:])))
    return rows


def test_changes_since_a_revision(repo: Path) -> None:
    session_edits(repo)
    build("--since", "HEAD")
    page = (repo / HTML).read_text(encoding="utf-8")
    assert '<section id="changes"' in page
    assert "Changes since November 1, 2026" in page
    rows = changes_rows(repo)
    statuses = {(status, item) for status, item, _ in rows}
    # points: reworded (old and new side by side), added, removed
    reworded = next(r for r in rows if r[0] == "changed" and r[1] == "A A1")
    then, now = reworded[2].split(" | ")
    assert not then.startswith("Reworded.") and now == "Reworded. " + then
    assert ("added", f"A {new_point_number(repo)}") in statuses
    removed = next(r for r in rows if r[0] == "removed" and r[1].startswith("B B"))
    assert removed[2].startswith("For the piece, the relationship signals a new era")
    # an expert added, a question for the group changed, a position moved
    assert ("added", "B Jane Example") in statuses
    assert ("changed", "Question 1") in statuses
    assert any(s == "changed" and item.endswith("Nationalism and the far right") for s, item, _ in rows)
    # marks where the items appear: the reworded point's card, the new point, the expert
    assert re.search(r'id="point-a-ukraine-support-tested".*?change-mark change-changed', page, re.S)
    assert re.search(r'id="point-a-newly-reported".*?change-mark change-new', page, re.S)
    expert = 'Jane Example</strong>, <span class="role">historian</span><span class="change-mark change-new">new</span>'
    assert expert in page
    # nothing else is marked: untouched points carry no mark
    card = re.search(r'id="point-a-alaska-complicity".*?</li>', page, re.S)
    assert card and "change-mark" not in card.group(0)


def test_since_a_date_is_the_last_commit_before_it(repo: Path) -> None:
    session_edits(repo)
    git(repo, "commit", "-q", "-am", "this week", date="2026-11-10T12:00:00")
    build("--since", "2026-11-05")  # before the 10th: the commit of the 1st
    page = (repo / HTML).read_text(encoding="utf-8")
    assert "Changes since November 5, 2026" in page
    assert "Compared with the version of November 1, 2026" in page
    assert ("added", f"A {new_point_number(repo)}") in {(s, i) for s, i, _ in changes_rows(repo)}
    build("--since", "2026-11-11", "--force")  # after it: the commit of this week, nothing changed
    page = (repo / HTML).read_text(encoding="utf-8")
    assert "Nothing in the points, experts, questions or positions has changed." in page
    assert "change-mark" not in page.split("</section>", 2)[-1]


def test_since_in_the_brief_file(repo: Path) -> None:
    edit(repo, BRIEF, "\nsides:", "\nsince: HEAD\n\nsides:")
    reword_first_point(repo)
    build()
    assert [(s, i) for s, i, _ in changes_rows(repo)] == [("changed", "A A1")]


def test_no_since_means_no_section(repo: Path) -> None:
    build()
    assert 'id="changes"' not in (repo / HTML).read_text(encoding="utf-8")


def test_a_brief_that_did_not_exist_then(repo: Path) -> None:
    text = (repo / BRIEF).read_text(encoding="utf-8")
    (repo / "briefs" / "fresh.yaml").write_text(text, encoding="utf-8")
    build("--since", "HEAD", "briefs/fresh.yaml")
    assert "This brief did not exist then" in (repo / "build" / "fresh.en.html").read_text(encoding="utf-8")


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = runner.invoke(app, ["build", "--format", "html", "--since", "no-such-tag"])
    assert result.exit_code == 2
    assert "--since no-such-tag: unknown revision 'no-such-tag'" in result.output
    result = runner.invoke(app, ["build", "--format", "html", "--since", "2020-01-01"])
    assert result.exit_code == 2
    assert "no commit before 2020-01-01" in result.output
    assert not (repo / HTML).exists()


def test_unknown_revision_in_the_brief_is_located(repo: Path) -> None:
    edit(repo, BRIEF, "\nsides:", "\nsince: v9.9\n\nsides:")
    line = next(i for i, t in enumerate((repo / BRIEF).read_text().splitlines(), 1) if t.startswith("since:"))
    result = runner.invoke(app, ["build", "--format", "html"])
    assert result.exit_code == 1
    assert f"{BRIEF}:{line}:8: since: unknown revision 'v9.9'" in result.output


def test_outside_a_git_repository(workspace: Path) -> None:
    result = run_brief("build", "--format", "html", "--since", "HEAD~1", cwd=workspace)
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_moving_revision_is_not_up_to_date(repo: Path) -> None:
    build("--since", "HEAD")
    assert build("--since", "HEAD").strip() == f"up to date: {HTML}"
    session_edits(repo)
    git(repo, "commit", "-q", "-am", "this week", date="2026-11-10T12:00:00")
    # the same words name another commit now, and the files changed too; then only HEAD moves
    assert build("--since", "HEAD").strip() == f"wrote {HTML}"
    git(repo, "commit", "-q", "--allow-empty", "-m", "nothing", date="2026-11-11T12:00:00")
    assert build("--since", "HEAD").strip() == f"wrote {HTML}"


def test_the_pdf_reader_sees_the_changes(tiny_ws: Path) -> None:
    """The section the HTML tests above read, in the PDF (of the tiny brief: a week's edits to it)."""
    git(tiny_ws, "init", "-q")
    git(tiny_ws, "add", "-A")
    git(tiny_ws, "commit", "-q", "-m", "last session", date="2026-11-01T12:00:00")
    edit(tiny_ws, "sources/left.yaml", "claim: Dams block the fish.", "claim: Reworded. Dams block the fish.")
    expert = (
        "experts:\n  - name: Jane Example\n    kind: named\n    role: historian\n"
        "    attributed: Dams outlive their builders.\n    use: Backs the thesis.\n"
    )
    edit(tiny_ws, "sources/right.yaml", "\npoints:\n", f"\n{expert}points:\n")
    result = invoke("build", "--since", "HEAD", "--edition", "participant", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tiny_ws / "build" / "debate.en.pdf")
    changes = text[text.index("Changes since November 1, 2026") :]
    assert "Jane Example" in changes and "Reworded. Dams block the fish." in changes
    assert "CHANGED" in changes.upper()


def test_a_quote_printed_as_its_article_wrote_it_is_not_marked_changed(tiny_ws: Path) -> None:
    """The earlier version's quotes are found in today's article texts too: a quote that did not
    change prints the same then and now (the article's straight apostrophe in both)."""
    edit(
        tiny_ws,
        "sources/left.yaml",
        '"The salmon cannot climb a wall of concrete."',
        '"The salmon can\'t climb a wall."',
    )
    git(tiny_ws, "init", "-q")
    git(tiny_ws, "add", "-A")
    git(tiny_ws, "commit", "-q", "-m", "last session", date="2026-11-01T12:00:00")
    (tiny_ws / "texts").mkdir()
    (tiny_ws / "texts" / "left.txt").write_text("The salmon can't climb a wall.\n", encoding="utf-8")
    result = invoke("build", "--format", "html", "--edition", "participant", "--since", "HEAD", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    page = html.unescape((tiny_ws / "build" / "debate.en.html").read_text(encoding="utf-8"))
    assert "The salmon can't climb a wall." in page
    assert "Nothing in the points, experts, questions or positions has changed." in page
