"""What changed between two views of one edition: items paired, compared, and marked where shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brief.model.enums import Edition
from brief.model.validate import load_debate
from brief.views.analysis import analyse
from brief.views.changes import align, compare, marked, pair
from brief.views.objects import BriefView, Change

DAY = dt.date(2025, 6, 1)
FLOOD = '  - id: flood\n    claim: A dam holds back the flood.\n    quote: "The town stayed dry."\n'


def same(text: str) -> str:
    return text


def view(ws: Path) -> BriefView:
    return analyse(load_debate(ws / "briefs" / "debate.yaml"), "en", Edition.participant)


def edit(ws: Path, relative: str, old: str, new: str) -> None:
    path = ws / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_pair_keeps_items_by_key_whatever_their_order() -> None:
    old, new = ["left/fish", "left/silt", "right/clean"], ["right/clean", "left/silt", "right/cheap"]
    assert pair(old, new, same) == [
        ("right/clean", "right/clean"),  # moved: still one item
        ("left/silt", "left/silt"),
        (None, "right/cheap"),  # added
        ("left/fish", None),  # removed, after what is there now
    ]


def test_align_keeps_an_edited_question_as_one() -> None:
    old = ["Who speaks for the fish?", "Who pays?"]
    new = ["Who speaks for the salmon?", "Who pays?", "Who builds it?"]
    assert align(old, new, same) == [
        ("Who speaks for the fish?", "Who speaks for the salmon?"),
        ("Who pays?", "Who pays?"),
        (None, "Who builds it?"),
    ]


def test_align_pairs_what_is_left_after_a_removal() -> None:
    assert align(["Who pays?", "Who gains?", "Who decides?"], ["Who pays?", "Who decides?"], same) == [
        ("Who pays?", "Who pays?"),
        ("Who gains?", None),
        ("Who decides?", "Who decides?"),
    ]


def test_align_sees_a_moved_question_as_removed_and_added() -> None:
    """Questions have no ids: only their words and order tell them apart."""
    assert align(["Who pays?", "Who gains?"], ["Who gains?", "Who pays?"], same) == [
        (None, "Who gains?"),
        ("Who pays?", "Who pays?"),
        ("Who gains?", None),
    ]


@pytest.fixture
def then_and_now(tiny_ws: Path) -> tuple[BriefView, BriefView]:
    """The tiny debate, then with one claim reworded, a point added, a stance and a question edited."""
    then = view(tiny_ws)
    edit(tiny_ws, "sources/left.yaml", "claim: Dams block the fish.", "claim: Dams block the salmon.")
    edit(
        tiny_ws,
        "sources/right.yaml",
        '    quote: "The river pays the bill."\n',
        f'    quote: "The river pays the bill."\n{FLOOD}',
    )
    edit(tiny_ws, "briefs/debate.yaml", "for: Cheap power pays for the dam.", "for: Cheap power pays for it.")
    edit(tiny_ws, "briefs/debate.yaml", "Who speaks for the fish?", "Who speaks for the salmon?")
    return then, view(tiny_ws)


def test_compare_lists_each_point_question_and_position_that_changed(
    then_and_now: tuple[BriefView, BriefView],
) -> None:
    then, now = then_and_now
    changes = compare(then, now, "HEAD~1", "abc1234", DAY, DAY)
    assert changes.points == (
        Change("changed", "A", "A1", "Dams block the fish.", "Dams block the salmon.", ("claim",)),
        Change("added", "B", "B3", None, "A dam holds back the flood."),
    )
    assert changes.questions == (
        Change("changed", None, "1", "Who speaks for the fish?", "Who speaks for the salmon?"),
    )
    assert changes.positions == (
        Change("changed", "B", "Cost", "Cheap power pays for the dam.\nB2", "Cheap power pays for it.\nB2"),
    )
    assert (changes.experts, changes.count, changes.brief_is_new) == ((), 4, False)


def test_a_removed_point_is_listed_with_its_old_number(tiny_ws: Path) -> None:
    edit(
        tiny_ws,
        "sources/right.yaml",
        '    quote: "The river pays the bill."\n',
        f'    quote: "The river pays the bill."\n{FLOOD}',
    )
    then = view(tiny_ws)
    edit(tiny_ws, "sources/right.yaml", FLOOD, "")
    changes = compare(then, view(tiny_ws), "2025-06-01", "abc1234", DAY, DAY)
    assert changes.points == (Change("removed", "B", "B3", "A dam holds back the flood.", None),)
    assert changes.marks == {}


def test_an_unchanged_brief_has_no_changes(tiny_ws: Path) -> None:
    changes = compare(view(tiny_ws), view(tiny_ws), "HEAD", "abc1234", DAY, DAY)
    assert (changes.count, changes.marks) == (0, {})


def test_a_brief_that_did_not_exist_then_is_all_new(tiny_ws: Path) -> None:
    changes = compare(None, view(tiny_ws), "2025-01-01", "abc1234", DAY, dt.date(2025, 1, 1))
    assert changes.brief_is_new
    assert (changes.count, changes.since, changes.commit_date) == (0, dt.date(2025, 1, 1), DAY)


def test_marked_sets_each_mark_on_the_item_the_brief_shows(then_and_now: tuple[BriefView, BriefView]) -> None:
    then, now = then_and_now
    changes = compare(then, now, "HEAD~1", "abc1234", DAY, DAY)
    shown = marked(now, changes)
    assert shown.changes is changes
    assert [(p.number, p.change) for side in shown.sides for p in side.points] == [
        ("A1", "changed"),
        ("A2", None),
        ("B1", None),
        ("B2", None),
        ("B3", "new"),
    ]
    assert [(q.number, q.change) for q in shown.questions] == [(1, "changed"), (2, None), (3, None)]
    assert [[(p.letter, p.change) for p in row.positions] for row in shown.clash] == [
        [("A", None), ("B", None)],
        [("A", None), ("B", "changed")],
    ]
    assert all(p.change is None for side in now.sides for p in side.points)  # the view given is left as it was
