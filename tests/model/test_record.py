"""The group's record and the sides' replies in a brief: what `brief check` refuses, each at its line."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import invoke

GOOD = """\
sessions:
  - date: 2025-04-20
    participants: 12
    topics:
      nature:
        before: {against: 5, for: 4, undecided: 3}
        after: {against: 3, for: 7, undecided: 2}
"""

BAD = """\
sessions:
  - date: 2025-04-20
    participants: 12
    topics:
      nature:
        before: {against: 13}
        after: {against: 6, for: 6, none: 2}
      noise:
        before: {against: 1}
      cost:
        before: {against: 1, maybe: 2}
  - date: 2025-06-01
    participants: 8
reviews:
  - side: neutral
    who: A reader
    date: 2025-04-30
    outcome: No change asked.
"""


def _with(ws: Path, yaml: str) -> Path:
    brief = ws / "briefs" / "debate.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + yaml, encoding="utf-8")
    return brief


def test_a_record_that_adds_up_passes(tiny_ws: Path) -> None:
    _with(tiny_ws, GOOD)
    result = invoke("check", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr


def test_every_count_that_cannot_be_is_refused_at_its_line(tiny_cwd: Path) -> None:
    _with(tiny_cwd, BAD)  # the tiny brief has 28 lines: the record starts at line 29
    result = invoke("check", cwd=tiny_cwd)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = [
        "briefs/debate.yaml:38:27: sessions[0].topics.nature.before.against: 13 ticked 'against' but only 12 "
        "took part; count the questionnaires again",
        "briefs/debate.yaml:39:16: sessions[0].topics.nature.after: the after counts add up to 14, more than the 12 "
        "who took part; count the questionnaires again (a sheet with two ticks in one column counts as none of them)",
        "briefs/debate.yaml:40:7: sessions[0].topics.noise: no topic 'noise'; the topics are: nature, cost",
        "briefs/debate.yaml:43:30: sessions[0].topics.cost.before.maybe: no answer 'maybe' on topic 'cost': the "
        "questionnaire offers against, for, undecided, none",
        "briefs/debate.yaml:44:11: sessions[1].date: session of 2025-06-01 is after the brief's as_of (2025-05-01); "
        "correct the date, or set as_of to the day the record was last added to",
        "briefs/debate.yaml:47:11: reviews[0].side: no side 'neutral'; the sides are: against, for",
    ]
    assert lines == [*expected, "6 problems found."]  # a count over the participants is said once
