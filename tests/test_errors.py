"""Every kind of bad input, and the exact message a person at the terminal reads for it.

Each case edits one passage of the tiny workspace (tests/tiny.py) and runs `brief check`
through the real command line. A message names file:line:column, the key path, what was
expected and what was found; all problems come together, then exit code 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app

runner = CliRunner()

L, R, B = "sources/left.yaml", "sources/right.yaml", "briefs/debate.yaml"


def edit(tiny_cwd: Path, file: str, old: str, new: str) -> None:
    text = (tiny_cwd / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {file}"
    (tiny_cwd / file).write_text(text.replace(old, new), encoding="utf-8")


def check(*args: str) -> tuple[int, list[str]]:
    """Exit code and the lines of stderr of `brief check`."""
    result = runner.invoke(app, ["check", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines()


def assert_problems(expected: list[str], *args: str) -> None:
    code, lines = check(*args)
    count = len(expected)
    assert lines == [*expected, f"{count} problem{'s' if count != 1 else ''} found."]
    assert code == 1


# --- the tiny workspace is valid to begin with ----------------------------------


def test_the_tiny_workspace_passes(tiny_cwd: Path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "ok: 1 brief and 2 sources checked, no problems"


# --- model errors: expected X, found Y ------------------------------------------

MODEL_CASES = [
    pytest.param(
        L,
        "\nthesis:",
        "\nthesys:",
        [f"{L}:10:1: thesys: unknown key 'thesys'; did you mean 'thesis'?"],
        id="misspelt-key",
    ),
    pytest.param(
        L,
        "  kind: opinion\n",
        "  kind: opinion\n  colour: red\n",
        [
            f"{L}:10:3: provenance.colour: unknown key 'colour'; expected one of: author, author_role, kind, "
            "kind_from, language, notes, outlet, published, published_from, title, url"
        ],
        id="unknown-key-lists-the-keys",
    ),
    pytest.param(
        L,
        "    claim: Dams starve the delta of silt.\n",
        "",
        [f"{L}:15:5: points[1].claim: missing key 'claim', which is required here (the point in our own words)"],
        id="missing-key-points-at-its-mapping",
    ),
    pytest.param(
        L,
        "thesis: Dams do more harm than good.\n",
        "",
        [f"{L}:2:1: thesis: missing key 'thesis', which is required here (the article's central claim in our words)"],
        id="missing-top-level-key",
    ),
    pytest.param(
        L,
        "title: Rivers should be free",
        "title: 1984",
        [f"{L}:3:10: provenance.title: expected text, found a number (1984); put it in quotes to keep it as text"],
        id="text-found-number",
    ),
    pytest.param(
        L,
        'quote: "The salmon cannot climb a wall of concrete."',
        "quote: true",
        [
            f"{L}:14:12: points[0].quote: expected text, found a true/false value (true); "
            "put it in quotes to keep it as text"
        ],
        id="text-found-boolean",
    ),
    pytest.param(
        L,
        "thesis: Dams do more harm than good.",
        "thesis: [Dams, harm]",
        [f"{L}:10:9: thesis: expected text or a mapping of language to text, found a list"],
        id="text-found-list",
    ),
    pytest.param(
        L,
        "thesis: Dams do more harm than good.",
        'thesis: ""',
        [f"{L}:10:9: thesis: text is empty"],
        id="empty-text",
    ),
    pytest.param(
        L,
        "thesis: Dams do more harm than good.",
        "thesis: {EN: Dams do more harm than good.}",
        [f"{L}:10:9: thesis: 'EN' is not a language code such as 'en' or 'fr'"],
        id="bad-language-key",
    ),
    pytest.param(
        B,
        "    points: [left/silt, right/cheap]\n",
        "    points: left/silt\n",
        [f"{B}:25:13: topics[1].points: expected a list, found 'left/silt'; write [left/silt] for a list of one"],
        id="list-found-text",
    ),
    pytest.param(
        L,
        '  - id: silt\n    claim: Dams starve the delta of silt.\n    quote: "The delta is sinking for want of mud."\n',
        "  - 7\n",
        [f"{L}:15:5: points[1]: expected a mapping of keys to values, found a number (7)"],
        id="mapping-found-number",
    ),
    pytest.param(
        L,
        "  kind: opinion",
        "  kind: opnion",
        [
            f"{L}:9:9: provenance.kind: expected 'opinion', 'analysis', 'news', 'explainer' or 'other', "
            "found 'opnion'; did you mean 'opinion'?"
        ],
        id="enum-with-did-you-mean",
    ),
    pytest.param(
        L,
        "  - id: fish",
        "  - id: Big Fish",
        [
            f"{L}:12:9: points[0].id: expected an id: lowercase a to z, digits and hyphens, no accents or spaces "
            "(such as 'peace-plan'), found 'Big Fish'; write 'big-fish'"
        ],
        id="id-pattern",
    ),
    pytest.param(
        L,
        "  - id: fish",
        "  - id: écriture",
        [
            f"{L}:12:9: points[0].id: expected an id: lowercase a to z, digits and hyphens, no accents or spaces "
            "(such as 'peace-plan'), found 'écriture'; write 'ecriture'"
        ],
        id="id-accent-nearest-valid",
    ),
    pytest.param(
        L,
        "  language: en\n",
        "",
        [
            f"{L}:3:3: provenance.language: missing key 'language', which is required here: "
            "the article's language (its quotes are in it); for instance language: fr"
        ],
        id="missing-key-says-what-to-write",
    ),
    pytest.param(
        L,
        "  published: 2025-03-01",
        "  published: 14/09/2025",
        [
            f"{L}:6:14: provenance.published: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '14/09/2025'; "
            "write 2025-09-14"
        ],
        id="date-in-a-usual-form",
    ),
    pytest.param(
        B,
        "as_of: 2025-05-01",
        "as_of: 1 May 2025",
        [f"{B}:5:8: as_of: expected a date as YYYY-MM-DD, found '1 May 2025'; write 2025-05-01"],
        id="day-written-out",
    ),
    pytest.param(
        R,
        "url: https://example.org/power",
        "url: www.example.org/power",
        [
            f"{R}:7:8: provenance.url: expected an address that starts with http:// or https://, "
            "found 'www.example.org/power'"
        ],
        id="url-pattern",
    ),
    pytest.param(
        L,
        "  language: en",
        "  language: English",
        [f"{L}:8:13: provenance.language: expected a language code such as 'en' or 'fr', found 'English'"],
        id="language-pattern",
    ),
    pytest.param(
        L,
        "published: 2025-03-01",
        "published: 2025-13",
        [f"{L}:6:14: provenance.published: '2025-13' is not a real date (month must be in 1..12)"],
        id="partial-date-not-real",
    ),
    pytest.param(
        L,
        "published: 2025-03-01",
        "published: 1st of March",
        [f"{L}:6:14: provenance.published: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '1st of March'"],
        id="partial-date-form",
    ),
    pytest.param(
        B,
        "as_of: 2025-05-01",
        "as_of: 0",
        [f"{B}:5:8: as_of: expected a date as YYYY-MM-DD, found a number (0)"],
        id="date-found-number",
    ),
    pytest.param(
        B,
        "as_of: 2025-05-01",
        "as_of: 2025-02-30",
        [f"{B}:5:8: as_of: '2025-02-30' is not a real date (day is out of range for month)"],
        id="date-not-real",
    ),
    pytest.param(
        B,
        "    crux: Who pays, and when?\n",
        "    crux: Who pays, and when?\n    minutes: 12.5\n",
        [f"{B}:24:14: topics[1].minutes: expected a whole number, found a number (12.5)"],
        id="whole-number-found-fraction",
    ),
    pytest.param(
        B,
        "    crux: Who pays, and when?\n",
        "    crux: Who pays, and when?\n    minutes: 0\n",
        [f"{B}:24:14: topics[1].minutes: expected a number at least 1, found a number (0)"],
        id="number-below-bound",
    ),
    pytest.param(
        B,
        "editions: [participant, facilitator]\n",
        "editions: [participant, facilitator]\nbalance_ratio: yes\n",
        [f"{B}:8:16: balance_ratio: expected a number, found 'yes'"],
        id="number-found-text",
    ),
    pytest.param(
        B,
        "editions: [participant, facilitator]",
        "editions: [participant, judge]",
        [
            f"{B}:7:25: editions[1]: expected 'sheet', 'participant', 'facilitator', 'questionnaire' or 'review', "
            "found 'judge'"
        ],
        id="edition-enum",
    ),
    pytest.param(
        B,
        "languages: [en]",
        "languages: [en, en]",
        [f"{B}:6:12: languages: a value is listed twice"],
        id="repeated-language",
    ),
    pytest.param(
        L,
        "points:\n  - id: fish\n    claim: Dams block the fish.\n"
        '    quote: "The salmon cannot climb a wall of concrete."\n'
        "  - id: silt\n    claim: Dams starve the delta of silt.\n"
        '    quote: "The delta is sinking for want of mud."\n',
        "points: []\n",
        [f"{L}:11:9: points: expected at least 1 item, found none"],
        id="list-too-short",
    ),
    pytest.param(
        B,
        "    source: right\n",
        "    source: right\n    highlights: [clean, cheap, clean, cheap]\n",
        [f"{B}:15:17: sides[1].highlights: expected at most 3 items, found 4"],
        id="list-too-long",
    ),
    pytest.param(
        L,
        'quote: "The salmon cannot climb a wall of concrete."',
        "quote: " + " ".join(["word"] * 31),
        [f"{L}:14:12: points[0].quote: a quote is at most 30 words; this one has 31"],
        id="quote-too-long",
    ),
    pytest.param(
        B,
        "points: [left/fish, right/clean]",
        "points: [left/fish, right]",
        [
            f"{B}:28:25: questions[0].points[1]: expected a point as <source-id>/<point-id> (lowercase letters, "
            "digits and hyphens), found 'right'; did you mean 'right/clean'?"
        ],
        id="point-reference-form",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), MODEL_CASES)
def test_model_error_messages(tiny_cwd: Path, file: str, old: str, new: str, expected: list[str]) -> None:
    edit(tiny_cwd, file, old, new)
    assert_problems(expected)


# --- checks across files ------------------------------------------------------------

CROSS_CASES = [
    pytest.param(
        B,
        "source: right",
        "source: rihgt",
        [f"{B}:14:13: sides[1].source: no source 'rihgt'; did you mean 'right'?"],
        id="missing-source-did-you-mean",
    ),
    pytest.param(
        B,
        "source: right",
        "source: dams-are-good",
        [f"{B}:14:13: sides[1].source: no source 'dams-are-good'; sources in sources: left, right"],
        id="missing-source-lists-the-ids",
    ),
    pytest.param(
        B,
        "source: right",
        "source: left",
        [
            f"{B}:14:13: sides[1].source: source 'left' is already on side 'against'; a source argues one side",
            f"{B}:20:36: topics[0].points[2]: 'right' is not a source of this brief; its sources are: left",
            f"{B}:25:25: topics[1].points[1]: 'right' is not a source of this brief; its sources are: left",
            f"{B}:28:25: questions[0].points[1]: 'right' is not a source of this brief; its sources are: left",
        ],
        id="same-source-both-sides",
    ),
    pytest.param(
        B,
        "    points: [left/fish, right/clean]\n",
        "    points: [left/fish, right/clean]\n    topic: costs\n",
        [f"{B}:29:12: questions[0].topic: no topic 'costs'; did you mean 'cost'?"],
        id="unknown-topic-did-you-mean",
    ),
    pytest.param(
        B,
        "    points: [left/fish, right/clean]\n",
        "    points: [left/fish, right/clean]\n    topic: weather\n",
        [f"{B}:29:12: questions[0].topic: no topic 'weather'; its topics are: nature, cost"],
        id="unknown-topic-lists-the-topics",
    ),
    pytest.param(
        L,
        "  - id: silt",
        "  - id: fish",
        [
            f"{B}:20:25: topics[0].points[1]: left has no point 'silt'; its points are: fish, fish",
            f"{B}:25:14: topics[1].points[0]: left has no point 'silt'; its points are: fish, fish",
            f"{L}:15:9: points[1].id: point id 'fish' is already used by points[0]",
        ],
        id="duplicate-point-id",
    ),
    pytest.param(
        B,
        "  - id: cost\n    label: Cost\n",
        "  - id: nature\n    label: Cost\n",
        [
            f"{B}:21:9: topics[1].id: topic id 'nature' is already used by topics[0]",
            f"{B}:32:12: questions[2].topic: no topic 'cost'; its topics are: nature, nature",
        ],
        id="duplicate-topic-id",
    ),
    pytest.param(
        B,
        "points: [left/fish, right/clean]",
        "points: [left/fsh, right/clean]",
        [f"{B}:28:14: questions[0].points[0]: left has no point 'fsh'; did you mean 'fish'?"],
        id="question-names-a-missing-point",
    ),
    pytest.param(
        B,
        "points: [left/fish, right/clean]",
        "points: [left/fish, right/hydro]",
        [f"{B}:28:25: questions[0].points[1]: right has no point 'hydro'; its points are: cheap, clean"],
        id="question-names-a-missing-point-lists-the-points",
    ),
    pytest.param(
        B,
        "points: [left/fish, right/clean]",
        "points: [left/fish, middle/clean]",
        [f"{B}:28:25: questions[0].points[1]: 'middle' is not a source of this brief; its sources are: left, right"],
        id="question-names-a-source-that-is-not-a-side",
    ),
    pytest.param(
        B,
        "    label: For\n",
        "    label: For\n    highlights: [right/clen]\n",
        [f"{B}:14:18: sides[1].highlights[0]: right has no point 'clen'; did you mean 'clean'?"],
        id="highlight-names-a-missing-point",
    ),
    pytest.param(
        B,
        "title: Dams",
        "title: {en: Dams, fr: Barrages}",
        [],
        id="language-variants-beyond-the-brief-are-fine",
    ),
    pytest.param(
        B,
        "languages: [en]",
        "languages: [en, fr]",
        None,  # see test_missing_language_variants
        id="missing-language-variants",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [c for c in CROSS_CASES if c.values[3] is not None])
def test_cross_file_messages(tiny_cwd: Path, file: str, old: str, new: str, expected: list[str]) -> None:
    edit(tiny_cwd, file, old, new)
    if expected:
        assert_problems(expected)
    else:
        assert check() == (0, [])


def test_missing_language_variants(tiny_cwd: Path) -> None:
    edit(tiny_cwd, B, "title: Dams", "title: {en: Dams}")
    edit(tiny_cwd, B, "languages: [en]", "languages: [en, fr]")
    code, lines = check()
    assert code == 1
    # a text given per language names the language it lacks...
    assert f"{B}:2:8: title: no 'fr' text, which debate.yaml builds (this text has 'en')" in lines
    # ...and the quotes in English need our French translation: one problem, at the brief's languages,
    # naming the points and offering the choice
    assert (
        f"{B}:6:12: languages: 4 points' quotes have no 'fr' translation, which debate.yaml builds: left/fish, "
        "left/silt, right/clean, right/cheap; either add translation: {fr: ...} under each of these quotes, or "
        "build only the sources' language: languages: [en]"
    ) in lines
    assert lines[-1] == "2 problems found."


def test_every_problem_of_every_file_comes_together(tiny_cwd: Path) -> None:
    edit(tiny_cwd, L, "  kind: opinion", "  kind: opnion")
    edit(tiny_cwd, R, "\nthesis:", "\nthesys:")
    edit(tiny_cwd, B, "as_of: 2025-05-01", "as_of: May")
    edit(tiny_cwd, B, "label: Cost", "lable: Cost")
    assert_problems(
        [
            f"{B}:5:8: as_of: expected a date as YYYY-MM-DD, found 'May'",
            f"{B}:22:5: topics[1].lable: unknown key 'lable'; did you mean 'label'?",
            f"{L}:9:9: provenance.kind: expected 'opinion', 'analysis', 'news', 'explainer' or 'other', "
            "found 'opnion'; did you mean 'opinion'?",
            f"{R}:10:1: thesys: unknown key 'thesys'; did you mean 'thesis'?",
        ]
    )


def test_sources_named_on_the_command_line_are_checked_alone(tiny_cwd: Path) -> None:
    edit(tiny_cwd, R, "  kind: analysis", "  kind: analysis\n  kind: news")
    assert_problems(
        [
            f"{R}:10:3: provenance.kind: duplicate key 'kind': it is already set on line 9; "
            "YAML would silently keep only one"
        ],
        R,
    )
    assert check(L) == (0, [])


def test_duplicate_keys_and_model_errors_come_together(tiny_cwd: Path) -> None:
    edit(tiny_cwd, L, "  kind: opinion", "  kind: opinion\n  kind: news\n  colour: red")
    assert_problems(
        [
            f"{L}:10:3: provenance.kind: duplicate key 'kind': it is already set on line 9; "
            "YAML would silently keep only one",
            f"{L}:11:3: provenance.colour: unknown key 'colour'; expected one of: author, author_role, kind, "
            "kind_from, language, notes, outlet, published, published_from, title, url",
        ],
        L,
    )


# --- our own errors: a traceback only with --debug ------------------------------------


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_without_debug_has_no_traceback(tiny_cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("brief.commands.check.run_check", _boom)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == ["internal error: RuntimeError: boom (run with --debug for the traceback)"]


def test_internal_error_with_debug_shows_the_traceback(tiny_cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("brief.commands.check.run_check", _boom)
    result = runner.invoke(app, ["--debug", "check"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom")' in result.stderr
    assert result.stderr.splitlines()[-1] == "internal error: RuntimeError: boom"


def test_user_errors_show_no_traceback_even_with_debug(tiny_cwd: Path) -> None:
    edit(tiny_cwd, L, "\nthesis:", "\nthesys:")
    result = runner.invoke(app, ["--debug", "check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{L}:10:1: thesys: unknown key 'thesys'; did you mean 'thesis'?",
        "1 problem found.",
    ]
