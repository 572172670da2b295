"""A right of reply: each side's review copy, a recorded review in the dossier, and `brief check`
telling when a side's copy changed after its review."""

from __future__ import annotations

from pathlib import Path

from brief.model.load import load_brief, load_source
from brief.theme.typography import typeset
from brief.views.objects import variant
from tests.helpers import git, invoke, pdf_pages, pdf_text
from tests.workspaces import SAMPLE_BRIEF

REVIEW = """\
reviews:
  - side: against
    who: A river keeper
    date: 2025-04-30
    outcome: Point A2 reworded; nothing else asked.
"""


def _flat(text: str) -> str:
    return "".join(text.split())


def test_each_side_has_a_review_copy_with_what_it_needs_to_check(tiny_ws: Path) -> None:
    result = invoke("build", "--edition", "review", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in (tiny_ws / "build").glob("*.pdf"))
    assert built == ["debate.en.review-against.pdf", "debate.en.review-for.pdf"]
    brief = load_brief(tiny_ws / "briefs" / "debate.yaml").model
    against, other = (load_source(tiny_ws / "sources" / f"{s.source}.yaml").model for s in brief.sides)
    pages = pdf_pages(tiny_ws / "build" / "debate.en.review-against.pdf")
    text = _flat(" ".join(pages))
    assert _flat("Review copy: A Against") in text
    assert _flat(typeset(variant(against.thesis, "en"), "en")) in text
    for point in against.points:  # every point of its own, with its quote
        assert _flat(typeset(variant(point.claim, "en"), "en")) in text, point.id
        if point.quote:
            assert _flat(point.quote)[:40] in text, point.id
    assert _flat(typeset(variant(other.points[0].claim, "en"), "en")) not in text  # the other side's are not its
    for topic in brief.topics:  # its stance next to the other side's, on each row
        for stance in topic.stances.values():
            assert _flat(typeset(variant(stance, "en"), "en")) in text
    asked = [n for n, q in enumerate(brief.questions, 1) if any(r.startswith(critical_id(brief)) for r in q.points)]
    others = [n for n, q in enumerate(brief.questions, 1) if n not in asked]
    assert asked and others
    assert all(f"Q{n}" in text for n in asked)
    assert all(f"Q{n}" not in text for n in others)
    assert "Balanceofthisbrief" in text and "Pointssummarised" in text
    assert "Whatiswrong,unfairormisquoted" in _flat(pages[-1]) and "Whatismissing" in _flat(pages[-1])


def critical_id(brief: object) -> str:
    return brief.sides[0].source + "/"  # type: ignore[attr-defined]


def test_a_recorded_review_prints_in_the_dossiers_balance_section(tiny_ws: Path) -> None:
    brief = tiny_ws / "briefs" / "debate.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + REVIEW, encoding="utf-8")
    assert invoke("build", "--edition", "participant", cwd=tiny_ws).returncode == 0
    text = " ".join(pdf_text(tiny_ws / "build" / "debate.en.pdf").split())
    assert "Against: reviewed by A river keeper on April 30, 2025 (Point A2 reworded; nothing else asked.)" in text
    assert "For: not reviewed" in text


def test_a_brief_without_reviews_prints_nothing_of_them(sample_build: Path) -> None:
    """The sample records no review: neither language's dossier says a side was or was not reviewed."""
    for lang, balance, reviewed, not_reviewed in (
        ("en", "Points summarised", "reviewed by", "not reviewed"),
        ("fr", "Points résumés", "relu par", "non relu"),
    ):
        text = " ".join(pdf_text(sample_build / f"{SAMPLE_BRIEF}.{lang}.pdf").split())
        assert balance in text  # the balance section, where a review would print
        assert reviewed not in text and not_reviewed not in text, lang


def test_check_warns_when_a_sides_copy_changed_after_its_review(tiny_cwd: Path) -> None:
    ws = tiny_cwd
    brief = ws / "briefs" / "debate.yaml"
    result = invoke("check", cwd=ws)
    assert result.returncode == 0
    brief.write_text(brief.read_text(encoding="utf-8") + REVIEW, encoding="utf-8")
    no_git = invoke("check", cwd=ws)
    assert (
        "briefs/debate.yaml:36:11: warning: reviews[0].date: cannot tell whether side 'against''s copy changed since "
        "its review of 2025-04-30: the workspace is not in git; keep the workspace in git, committed on the day of "
        "each review, to be told"
    ) in no_git.stderr
    git(ws, "init", "-q")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "reviewed", date="2025-04-30T18:00:00")
    assert "warning" not in invoke("check", cwd=ws).stderr  # nothing changed since
    source = ws / "sources" / "left.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Dams block the fish.", "Dams stop fish."))
    git(ws, "commit", "-q", "-am", "reworded", date="2025-05-01T09:00:00")
    brief.write_text(brief.read_text(encoding="utf-8") + "show_record: true\n", encoding="utf-8")  # not the copy
    warned = invoke("check", cwd=ws)
    assert warned.returncode == 0
    assert (
        "briefs/debate.yaml:36:11: warning: reviews[0].date: side 'against' was reviewed on 2025-04-30, but "
        "sources/left.yaml changed since; send its reviewer the new copy (brief build --edition review) "
        "and record their reply with a new date"
    ) in warned.stderr
    assert "side 'for'" not in warned.stderr  # its copy did not change and it has no review
