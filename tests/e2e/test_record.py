"""The group's record in the editions: the facilitator's chart, the participants' only when asked,
and the sessions added since a revision."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import git, invoke, pdf_text
from tests.model.test_record import GOOD

LATER = """\
  - date: 2025-04-27
    participants: 10
    topics:
      cost:
        before: {against: 6, for: 2, none: 2}
        after: {against: 4, for: 6}
"""


def _add(ws: Path, yaml: str, old: str = "", new: str = "") -> None:
    brief = ws / "briefs" / "debate.yaml"
    text = brief.read_text(encoding="utf-8") + yaml
    brief.write_text(text.replace(old, new) if old else text, encoding="utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_facilitator_edition_charts_the_latest_session_of_each_topic(tiny_ws: Path) -> None:
    _add(tiny_ws, GOOD + LATER)
    result = invoke("build", "--edition", "facilitator", "--format", "both", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    text = _flat(pdf_text(tiny_ws / "build" / "debate.en.facilitator.pdf"))
    assert "Where the group stood" in text
    assert "Where the group stood on" not in text  # two topics, two session days: each says its own
    # the numbers in words, every answer, zero included
    assert "April 20, 2025: 12 took part. Before the discussion: 5 A , 4 B , 3 undecided, 0 none of these." in text
    assert "After it: 3 A , 7 B , 2 undecided, 0 none of these." in text
    assert "April 27, 2025: 10 took part. Before the discussion: 6 A , 2 B , 0 undecided, 2 none of these." in text
    html = (tiny_ws / "build" / "debate.en.facilitator.html").read_text(encoding="utf-8")
    cost = html.split('class="record-topic" data-topic="cost"', 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<rect x="100" y="\d+" width="([\d.]+)" height="10" fill="(#fff|#111)"', cost)
    # before outlined, after solid; a bar's length is its share of the 10 participants (250 for all)
    assert bars[:4] == [("150.0", "#fff"), ("100.0", "#111"), ("50.0", "#fff"), ("150.0", "#111")]


def test_the_participants_see_the_record_only_when_the_brief_asks(tiny_ws: Path) -> None:
    _add(tiny_ws, GOOD)
    assert invoke("build", "--edition", "participant", "--format", "html", cwd=tiny_ws).returncode == 0
    page = (tiny_ws / "build" / "debate.en.html").read_text(encoding="utf-8")
    assert "Where the group stood" not in page and "12 took part" not in page  # the PDF is made from this page
    _add(tiny_ws, "show_record: true\n")
    assert invoke("build", "--edition", "participant", cwd=tiny_ws).returncode == 0
    text = _flat(pdf_text(tiny_ws / "build" / "debate.en.pdf"))
    assert "Where the group stood on April 20, 2025" in text
    assert "12 took part" in text


def test_since_lists_the_sessions_added(tiny_ws: Path) -> None:
    _add(tiny_ws, GOOD)
    git(tiny_ws, "init", "-q")
    git(tiny_ws, "add", "-A")
    git(tiny_ws, "commit", "-q", "-m", "first session", date="2025-04-21T12:00:00")
    _add(tiny_ws, LATER)
    result = invoke("build", "--edition", "participant", "--format", "html", "--since", "HEAD", cwd=tiny_ws)
    assert result.returncode == 0, result.stderr
    html = (tiny_ws / "build" / "debate.en.html").read_text(encoding="utf-8")
    section = html.split('id="changes"', 1)[1].split("</section>", 1)[0]
    assert "Sessions added to the group’s record" in section
    assert "April 27, 2025: 10 took part; topics counted: 1" in _flat(section)
    assert "April 20, 2025" not in section  # recorded before the revision
