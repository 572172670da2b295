"""What the brief computes, on small fixtures that expose the edge cases: clash rows, timeline, balance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brief.errors import BriefError
from brief.model.enums import Edition
from brief.model.fields import PartialDate
from brief.model.validate import load_debate
from brief.render.html import Theme, render_html
from brief.views.analysis import analyse
from brief.views.balance import balance_warnings, count_words, ratio
from brief.views.objects import BriefView
from tests.workspaces import mini


def view(root: Path, brief: dict, left: dict, right: dict, lang: str = "en") -> BriefView:
    debate = load_debate(mini.write(root, brief, left, right))
    return analyse(debate, lang, Edition.participant)


def numbers(points: Any) -> list[str]:
    """The point numbers of a side's position on a topic, or of a tuple of points."""
    return [p.number for p in getattr(points, "points", points)]


# --- clash ---------------------------------------------------------------------------


def test_clash_rows_follow_the_brief_order_and_show_silent_sides(tmp_path: Path) -> None:
    left = mini.source(
        [
            mini.point("l1", ["alpha", "omega"]),
            mini.point("l2", []),
            mini.point("l3", ["omega"]),
        ]
    )
    right = mini.source([mini.point("r1", ["middle"]), mini.point("r2", ["omega"]), mini.point("r3", [])])
    # the brief lists omega first although the sources tag alpha first
    v = view(tmp_path, mini.brief(["omega", "middle", "alpha"]), left, right)

    assert [row.topic.id for row in v.clash] == ["omega", "middle", "alpha"]
    omega, middle, alpha = v.clash
    assert (numbers(omega.positions[0]), numbers(omega.positions[1])) == (["A1", "A3"], ["B2"])
    assert (numbers(middle.positions[0]), numbers(middle.positions[1])) == ([], ["B1"])  # left is silent
    assert (numbers(alpha.positions[0]), numbers(alpha.positions[1])) == (["A1"], [])  # right is silent
    # untagged points go under "other points", each side's in its own order
    assert (numbers(v.other_points[0]), numbers(v.other_points[1])) == (["A2"], ["B3"])


def test_a_point_on_several_topics_appears_in_each_row(tmp_path: Path) -> None:
    left = mini.source([mini.point("both", ["x", "y"])])
    right = mini.source([mini.point("r", ["y"])])
    v = view(tmp_path, mini.brief(["x", "y"]), left, right)
    assert [numbers(row.positions[0]) for row in v.clash] == [["A1"], ["A1"]]
    assert v.other_points == ((), ())


def test_a_topic_no_side_addresses_is_an_error(tmp_path: Path) -> None:
    left, right = mini.source([mini.point("a", ["x"])]), mini.source([mini.point("b", ["x"])])
    with pytest.raises(BriefError) as caught:
        view(tmp_path, mini.brief(["x", "nobody"]), left, right)
    assert "no side takes a stance on topic 'nobody' and no point bears on it" in str(caught.value)
    assert "briefs/mini.yaml" in str(caught.value.problems[0].file.as_posix())


def test_silent_side_and_point_numbers_in_the_html(tmp_path: Path) -> None:
    left = mini.source([mini.point("a", ["x"]), mini.point("b", ["y"])])
    right = mini.source([mini.point("c", ["x"])])
    html = render_html(view(tmp_path, mini.brief(["x", "y"]), left, right), Theme())
    clash = html[html.index('id="clash"') : html.index('id="sides"')]
    topic_y = clash[clash.index("Topic y") :]
    row_y = topic_y[: topic_y.index("</tr>")]
    assert ">A2</a>" in row_y and "silent on this" in row_y
    # each chip links to the point's card in "Each side in detail"
    assert 'href="#point-b-c"' in clash and 'id="point-b-c"' in html


# --- timeline ------------------------------------------------------------------------


def test_partial_dates_head_their_period() -> None:
    dates = [PartialDate.parse(d) for d in ("2025-08-15", "2025", "2025-08", "2024-12-31", "2025-08-01", "2026")]
    assert [d.iso() for d in sorted(dates)] == ["2024-12-31", "2025", "2025-08", "2025-08-01", "2025-08-15", "2026"]


def test_timeline_merges_events_and_places_publications(tmp_path: Path) -> None:
    summit = {"date": "2025-08-15", "what": "Summit in Alaska."}
    left = mini.source(
        [mini.point("a", ["x"])],
        published="2026-01-11",
        events=[{"date": "2025-11", "what": "A plan leaks."}, summit, {"date": "2025", "what": "A turn."}],
    )
    right = mini.source(
        [mini.point("b", ["x"])],
        published="2025-08-08",
        events=[summit, {"date": "2025", "what": "Something else that year."}],
    )
    tl = view(tmp_path, mini.brief(["x"], as_of="2026-02-01"), left, right).timeline

    assert [e.date.iso() for e in tl.entries] == ["2025", "2025-08-08", "2025-08-15", "2025-11", "2026-01-11"]
    year, ballet, summit_entry, plan, critic = tl.entries
    # same date, different words: two entries, each with its own source
    assert [(e.what, e.letters) for e in year.events] == [("A turn.", ("A",)), ("Something else that year.", ("B",))]
    # same date and words: one entry, marked with both sources
    assert [(e.what, e.letters) for e in summit_entry.events] == [("Summit in Alaska.", ("A", "B"))]
    assert plan.events[0].letters == ("A",) and not plan.publications
    # each article's own date, with gaps in days to the nearest day-dated events only
    (pub_b,) = ballet.publications
    assert (pub_b.letter, pub_b.before_next.days, pub_b.before_next.date.iso(), pub_b.after_last) == (
        "B",
        7,
        "2025-08-15",
        None,
    )
    (pub_a,) = critic.publications
    assert pub_a.letter == "A" and pub_a.before_next is None and pub_a.after_last.days == 149
    assert tl.undated == ()


def test_partial_publication_dates_get_no_invented_gap(tmp_path: Path) -> None:
    left = mini.source([mini.point("a", ["x"])], published="2025-08", events=[{"date": "2025-08-20", "what": "E."}])
    right = mini.source([mini.point("b", ["x"])], published=None)
    tl = view(tmp_path, mini.brief(["x"]), left, right).timeline
    assert [e.date.iso() for e in tl.entries] == ["2025-08", "2025-08-20"]
    (pub,) = tl.entries[0].publications
    assert pub.before_next is None and pub.after_last is None
    assert tuple(s.letter for s in tl.undated) == ("B",)


def test_timeline_shows_partial_dates_as_such(tmp_path: Path) -> None:
    left = mini.source(
        [mini.point("a", ["x"])],
        published="2025-08-08",
        events=[{"date": "2022", "what": "War."}, {"date": "2025-11", "what": "Plan."}],
    )
    right = mini.source([mini.point("b", ["x"])], published="2025-08-15")
    html = render_html(view(tmp_path, mini.brief(["x"]), left, right), Theme())
    timeline = html[html.index('id="timeline"') : html.index('id="balance"')]
    dates = [cell.split(">", 1)[1].split("<", 1)[0] for cell in timeline.split('class="tl-date"')[1:]]
    assert dates == ["2022", "August 8, 2025", "August 15, 2025", "November 2025"]
    # neither article states a title: the timeline says so, never putting our side label in its place
    assert timeline.count("Article published: title not stated") == 2
    assert "Article published: Left" not in timeline and "Article published: Right" not in timeline


def test_no_dates_at_all_says_so(tmp_path: Path) -> None:
    left = mini.source([mini.point("a", ["x"])], published=None)
    right = mini.source([mini.point("b", ["x"])], published=None)
    v = view(tmp_path, mini.brief(["x"]), left, right)
    assert v.timeline.entries == () and tuple(s.letter for s in v.timeline.undated) == ("A", "B")
    html = render_html(v, Theme())
    timeline = html[html.index('id="timeline"') : html.index('id="balance"')]
    assert "No article dates an event or states when it was published." in timeline
    assert "Publication date not stated" in timeline


# --- balance -------------------------------------------------------------------------


def test_count_words_ignores_punctuation_and_keeps_elisions() -> None:
    assert count_words("L\u2019Ukraine \u2014 « vraiment » ? Putin\u2013Trump, l'accord.") == 5


def test_ratio_edge_cases() -> None:
    assert ratio(0, 0) == 1.0
    assert ratio(3, 2) == ratio(2, 3) == 1.5
    assert ratio(0, 4) == float("inf")


def test_balance_counts_each_side(tmp_path: Path) -> None:
    experts = [
        {"name": "Ann Expert", "kind": "named", "attributed": "x", "use": "y"},
        {"name": "insiders", "kind": "unnamed", "attributed": "x", "use": "y"},
        {"name": "A thinker", "kind": "ideologue", "attributed": "x", "use": "y"},
    ]
    asked = [
        {"text": "Asked?", "kind": "asked", "quote": "Vraiment ?"},
        {"text": "Open?", "kind": "left_open"},
    ]
    left = mini.source(
        [mini.point("a", ["x"], claim="One two three."), mini.point("b", ["x"], claim="Four five.")],
        experts=experts,
        open_questions=asked,
    )
    right = mini.source([mini.point("c", ["x"], claim="Six seven eight nine.")])
    bal = view(tmp_path, mini.brief(["x"], balance_ratio=3), left, right).balance
    a, b = bal.sides
    assert (a.points, a.quotes, a.named_experts, a.unnamed_sources, a.invoked) == (2, 3, 1, 1, 1)
    assert (b.points, b.quotes, b.named_experts, b.unnamed_sources, b.invoked) == (1, 1, 0, 0, 0)
    # thesis (5 words: "A thesis in our words") plus claims
    assert (a.summary_words, b.summary_words) == (5 + 3 + 2, 5 + 4)
    assert bal.limit == 3
    assert bal.skews == ()  # 3 quotes to 1 is exactly the limit, not past it


def test_a_skewed_brief_is_flagged_and_warned(tmp_path: Path) -> None:
    left = mini.source([mini.point(f"p{i}", ["x"]) for i in range(4)])
    right = mini.source([mini.point("q", ["x"])])
    brief_file = mini.write(tmp_path, mini.brief(["x"], languages=["en"]), left, right)
    debate = load_debate(brief_file)
    bal = analyse(debate, "en", Edition.participant).balance
    assert {(s.measure, s.heavier) for s in bal.skews} == {("points", 0), ("quotes", 0), ("summary_words", 0)}
    assert [s.ratio for s in bal.skews if s.measure == "points"] == [4.0]

    warnings = balance_warnings(debate)
    assert all(w.severity == "warning" for w in warnings)
    lines = brief_file.read_text().splitlines()
    sides_line = next(i for i, t in enumerate(lines, 1) if t.startswith("sides:"))
    assert {w.line for w in warnings} == {sides_line + 1}  # the heavier side, sides[0]
    assert any("side A has 4 points, side B 1: 4.00 times as many" in w.message for w in warnings)
    assert any("words in our en summaries" in w.message for w in warnings)


def test_summary_words_are_counted_in_the_edition_language(tmp_path: Path) -> None:
    left = mini.source([mini.point("a", ["x"], claim={"en": "one two", "fr": "un deux trois quatre"})])
    left["thesis"] = {"en": "short", "fr": "un peu plus long"}
    right = mini.source([mini.point("b", ["x"], claim={"en": "one two", "fr": "un deux"})])
    right["thesis"] = {"en": "short", "fr": "court"}
    brief_data = mini.brief(["x"], languages=["en", "fr"])
    for key in ("title", "question"):
        brief_data[key] = {"en": "x", "fr": "x"}
    brief_data["sides"][0]["label"] = {"en": "L", "fr": "G"}
    brief_data["sides"][1]["label"] = {"en": "R", "fr": "D"}
    brief_data["topics"][0]["label"] = {"en": "X", "fr": "X"}
    brief_data["topics"][0]["crux"] = {"en": "X?", "fr": "X ?"}
    for side in (left, right):
        side["points"][0]["translation"] = {"en": "word"}
    debate = load_debate(mini.write(tmp_path, brief_data, left, right))
    en = analyse(debate, "en", Edition.participant).balance
    fr = analyse(debate, "fr", Edition.participant).balance
    assert [s.summary_words for s in en.sides] == [3, 3] and en.skews == ()
    assert [s.summary_words for s in fr.sides] == [8, 3]
    assert [(s.measure, s.heavier) for s in fr.skews] == [("summary_words", 0)]
    (warning,) = balance_warnings(debate)
    assert "words in our fr summaries" in warning.message
