"""YAML's traps become located errors, never silent data: each with the exact message a person reads.

Plain scalars follow the YAML 1.2 core schema: `no`, `on`, `yes` and unquoted dates stay
text as typed (a date is a date only where the model asks for one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.errors import BriefError
from brief.model.load import load_source
from brief.model.yaml_data import MAX_FILE_BYTES, read_yaml
from tests.helpers import invoke
from tests.workspaces.tiny import LEFT

runner = CliRunner()
L = "sources/left.yaml"


def check_left(tiny_cwd: Path, content: str | bytes) -> list[str]:
    """Write sources/left.yaml and return stderr lines of `brief check` on it (which must fail)."""
    target = tiny_cwd / L
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["check", L])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def one_problem(message: str) -> list[str]:
    return [message, "1 problem found."]


def test_duplicate_key_names_both_lines(tiny_cwd: Path) -> None:
    text = LEFT.replace("  author: A. Writer\n", "  author: A. Writer\n  author: B. Writer\n")
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:6:3: provenance.author: duplicate key 'author': it is already set on line 5; "
        "YAML would silently keep only one"
    )


def test_tab_indentation(tiny_cwd: Path) -> None:
    text = LEFT.replace("  outlet: The Valley Post", "\toutlet: The Valley Post")
    assert check_left(tiny_cwd, text) == one_problem(f"{L}:4:1: tab used for indentation; YAML needs spaces")


def test_bytes_that_are_not_utf8(tiny_cwd: Path) -> None:
    data = LEFT.replace("Dams do more harm", "Dams do more h\xe9rm").encode("latin-1")
    assert check_left(tiny_cwd, data) == one_problem(f"{L}:10:23: byte 0xe9 is not UTF-8; save the file as UTF-8")


def test_a_bom_and_crlf_line_ends_are_fine(tiny_cwd: Path) -> None:
    (tiny_cwd / L).write_bytes(b"\xef\xbb\xbf" + LEFT.replace("\n", "\r\n").encode("utf-8"))
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert load_source(tiny_cwd / L).model.provenance.outlet == "The Valley Post"


def test_nul_character(tiny_cwd: Path) -> None:
    assert check_left(tiny_cwd, LEFT.replace("Dams block", "Dams\x00block")) == one_problem(
        f"{L}:13:1: the file holds a NUL character; it is not a text file"
    )


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(tiny_cwd: Path, content: str) -> None:
    assert check_left(tiny_cwd, content) == one_problem(
        f"{L}:1:1: the file is empty; expected a mapping of keys to values"
    )


@pytest.mark.parametrize(
    ("content", "found"),
    [
        ("- fish\n- silt\n", "a list"),
        ("Dams are bad.\n", "text"),
        ("42\n", "a number (42)"),
        ("null\n", "nothing (null)"),
    ],
)
def test_top_level_must_be_a_mapping(tiny_cwd: Path, content: str, found: str) -> None:
    assert check_left(tiny_cwd, content) == one_problem(
        f"{L}:1:1: the file must be a mapping of keys to values; found {found}"
    )


def test_file_over_the_size_limit(tiny_cwd: Path) -> None:
    text = LEFT + "# " + "x" * MAX_FILE_BYTES + "\n"
    size = len(text.encode("utf-8"))
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:1:1: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"
    )


def test_yaml_tags_are_refused(tiny_cwd: Path) -> None:
    text = LEFT.replace("thesis: Dams do more harm than good.", "thesis: !!python/object/apply:os.system [ls]")
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:10:9: thesis: YAML tags such as !!python/object/apply:os.system are not allowed; write plain values"
    )


def test_merge_keys_are_refused(tiny_cwd: Path) -> None:
    text = LEFT.replace("  - id: silt\n", "  - <<: {quote: mud}\n    id: silt\n")
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:15:5: points[1]: merge keys (<<) are not supported; write the keys out"
    )


def test_an_alias_that_contains_itself(tiny_cwd: Path) -> None:
    text = LEFT.replace("    claim: Dams block the fish.\n", "    claim: &loop [fish, *loop]\n")
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:13:12: points[0].claim[1]: an alias refers to the collection that holds it"
    )


def test_an_undefined_alias(tiny_cwd: Path) -> None:
    text = LEFT.replace("    claim: Dams block the fish.\n", "    claim: *cliam\n")
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:13:12: YAML syntax: found undefined alias; there is no &anchor of that name above"
    )


def test_plain_aliases_within_limits_are_fine(tiny_cwd: Path) -> None:
    text = LEFT.replace("claim: Dams block the fish.\n", "claim: &same Dams block the fish.\n").replace(
        "claim: Dams starve the delta of silt.", "claim: *same"
    )
    (tiny_cwd / L).write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["check"]).exit_code == 0
    assert load_source(tiny_cwd / L).model.points[1].claim == "Dams block the fish."


def billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_ends_in_a_clear_error(tiny_cwd: Path) -> None:
    # ten levels of ten: 10**10 strings if expanded; the limit stops it after 100,000 values
    (tiny_cwd / L).write_text(billion_laughs(), encoding="utf-8")
    # a subprocess, so a hang or a crash cannot take the test run with it (the speed is measured in bench/)
    result = invoke("check", L, cwd=tiny_cwd)
    assert result.returncode == 1
    assert result.stderr.splitlines() == one_problem(
        f"{L}:5:1: lol4[7]: aliases expand past 100,000 values (an alias bomb?); write the values out"
    )


BOMB = billion_laughs().replace("lol9:", "lol9: [1, *lol5]\nlater:")  # past the limit on its fifth line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BOMB, "5:1: lol4[7]: aliases expand past 100,000 values (an alias bomb?); write the values out"),
        # the same bomb, with an error before the limit is reached: that error is the one reported
        (
            "first: &deep " + "[" * 30 + "x" + "]" * 30 + "\nagain: [[[[[[[[[[[*deep]]]]]]]]]]]\n" + BOMB,
            "2:1: again[0][0][0][0][0][0][0][0][0][0][0]: aliases nest more than 40 levels deep; write the values out",
        ),
        # a bomb whose last level is no bigger than the limit: every value is built, and it is valid YAML
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b]\n", None),
    ],
    ids=["bomb", "too-deep-first", "big-but-allowed"],
)
def test_an_alias_bomb_is_found_without_building_it(text: str, message: str | None, tmp_path: Path) -> None:
    """A file that expands past the limit is answered from the sizes of the collections it repeats
    (in a few milliseconds, where building it took a tenth of a second), with the very error, at
    the very place, that building every value would give; a file within the limit is built whole."""
    file = tmp_path / "bomb.yaml"
    file.write_text(text, encoding="utf-8")
    if message is None:
        data, _ = read_yaml(file)
        assert data["c"] == [[["x"] * 10] * 10] * 2
        return
    with pytest.raises(BriefError) as raised:
        read_yaml(file)
    assert str(raised.value) == f"{file}:{message}"


@pytest.mark.parametrize("depth", [41, 100, 1_500, 400_000])  # 1,500: past libyaml's own limit of 1,000
def test_deep_nesting_is_refused_before_it_can_crash_the_parser(tiny_cwd: Path, depth: int) -> None:
    # libyaml's composer recurses in C: half a megabyte of brackets used to end in a segfault;
    # a few brackets too many are refused alike (by the builder: the file is read once)
    (tiny_cwd / L).write_text("thesis: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    result = invoke("check", L, cwd=tiny_cwd)
    assert result.returncode == 1
    assert result.stderr.splitlines() == one_problem(f"{L}:1:48: nested more than 40 levels deep; flatten it")


def test_deep_compact_sequences_are_refused_before_they_can_crash_the_parser(tiny_cwd: Path) -> None:
    (tiny_cwd / L).write_text("thesis:\n" + "- " * 300_000 + "x\n", encoding="utf-8")
    result = invoke("check", L, cwd=tiny_cwd)
    assert result.returncode == 1
    assert result.stderr.splitlines() == one_problem(f"{L}:2:79: nested more than 40 levels deep; flatten it")


def test_deep_block_nesting(tiny_cwd: Path) -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(45)) + "  " * 45 + "end\n"
    assert check_left(tiny_cwd, text) == one_problem(f"{L}:41:81: nested more than 40 levels deep; flatten it")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "claim: Dams block the fish.",
            "claim: Dams: they block the fish.",
            f"{L}:13:16: YAML syntax: mapping values are not allowed in this context; "
            "a value holding ': ' needs quotes, a line above lacks its 'key:', "
            "or this line is indented deeper than its neighbours",
        ),
        (
            "    claim: Dams block the fish.\n",
            "    claim: Dams block the fish.\n   quote: oops\n",
            f"{L}:14:4: YAML syntax: did not find expected '-' indicator (while parsing a block collection that "
            "starts at line 12, column 3); check this line's indentation",
        ),
        (
            "claim: Dams starve the delta of silt.\n",
            "claim: [Dams starve the delta of silt.\n",
            f"{L}:17:10: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence that starts "
            "at line 16, column 12)",
        ),
        (
            'quote: "The salmon cannot climb a wall of concrete."',
            'quote: "The salmon \\cannot climb"',
            f"{L}:14:24: YAML syntax: found unknown escape character (while parsing a quoted scalar that starts at "
            "line 14, column 12); in double quotes a backslash starts an escape: use single quotes, or write \\\\",
        ),
        (
            "thesis: Dams do more harm than good.",
            "thesis: @dams do more harm than good.",
            f"{L}:10:9: YAML syntax: found character that cannot start any token (while scanning for the next "
            "token); text that starts with @ or ` needs quotes",
        ),
        (
            "  kind: opinion\n",
            "  kind: opinion\n---\nmore: x\n",
            f"{L}:10:1: YAML syntax: a second document starts here (---); a file holds one document",
        ),
        (
            "thesis: Dams do more harm than good.",
            'thesis: "Dams do more harm than good.',
            f"{L}:14:13: YAML syntax: did not find expected key (while parsing a block mapping that starts at "
            "line 2, column 1); check this line's indentation, or a quote left open above",
        ),
        (
            'quote: "The salmon cannot climb a wall of concrete."',
            'quote: "The salmon cannot "climb" a wall of concrete."',
            f'{L}:14:31: YAML syntax: the " here closes the value early (it opened at column 12), and the line '
            'goes on: to keep a " inside the value, write it as \'The salmon cannot "climb" a wall of concrete.\'',
        ),
    ],
    ids=[
        "colon-in-value",
        "bad-indentation",
        "unclosed-bracket",
        "bad-escape",
        "reserved-character",
        "two-documents",
        "unclosed-quote",
        "quote-closed-early",
    ],
)
def test_yaml_syntax_errors_use_the_same_format(tiny_cwd: Path, old: str, new: str, message: str) -> None:
    assert old in LEFT
    assert check_left(tiny_cwd, LEFT.replace(old, new)) == one_problem(message)


# --- YAML 1.1 surprises: kept as typed -----------------------------------------------


def test_yes_no_on_and_dates_stay_text_as_typed(tiny_cwd: Path) -> None:
    text = (
        LEFT.replace("title: Rivers should be free", "title: no")
        .replace("outlet: The Valley Post", "outlet: on")
        .replace("author: A. Writer", "author: yes")
        .replace("thesis: Dams do more harm than good.", "thesis: 2025-08-15")
        .replace("claim: Dams block the fish.", "claim: 12:30")
    )
    (tiny_cwd / L).write_text(text, encoding="utf-8")
    source = load_source(tiny_cwd / L).model
    assert (source.provenance.title, source.provenance.outlet, source.provenance.author) == ("no", "on", "yes")
    assert source.thesis == "2025-08-15"
    assert source.points[0].claim == "12:30"  # YAML 1.1 would read 750 (sexagesimal)
    assert str(source.provenance.published) == "2025-03-01"  # a date where the model wants one

    result = invoke("build", "--format", "html", cwd=tiny_cwd)
    assert result.returncode == 0, result.stderr
    html = (tiny_cwd / "build" / "debate.en.html").read_text(encoding="utf-8")
    for typed in ("no", "on", "yes", "2025-08-15", "12:30"):
        assert f">{typed}<" in html or f"{typed}</" in html or f" {typed}" in html, typed
    assert "False" not in html and "True" not in html


def test_true_where_text_is_expected_asks_for_quotes(tiny_cwd: Path) -> None:
    text = LEFT.replace("outlet: The Valley Post", "outlet: true")
    assert check_left(tiny_cwd, text) == one_problem(
        f"{L}:4:11: provenance.outlet: expected text, found a true/false value (true); "
        "put it in quotes to keep it as text"
    )


def test_a_tab_inside_a_block_of_text_is_content(tiny_cwd: Path) -> None:
    text = LEFT.replace("thesis: Dams do more harm than good.", "thesis: |\n  Dams do more harm\n  \tthan good.")
    (tiny_cwd / L).write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["check", L]).exit_code == 0
    assert load_source(tiny_cwd / L).model.thesis == "Dams do more harm\n\tthan good."


def test_an_unchanged_file_read_again_is_the_same_loaded_object(tiny_ws: Path) -> None:
    """`brief watch` checks every file on each save: a file whose text is unchanged is not parsed again."""
    left = tiny_ws / L
    first = load_source(left)
    assert load_source(left) is first
    assert read_yaml(left)[0] is read_yaml(left)[0]
    assert read_yaml(left)[1] is first.marks


def test_a_file_whose_text_changed_is_read_again(tiny_ws: Path) -> None:
    left = tiny_ws / L
    first = load_source(left)
    left.write_text(LEFT.replace("Dams do more harm than good.", "Dams do more harm than power."), encoding="utf-8")
    again = load_source(left)
    assert again is not first
    assert (first.model.thesis, again.model.thesis) == ("Dams do more harm than good.", "Dams do more harm than power.")
    assert read_yaml(left)[0]["thesis"] == "Dams do more harm than power."


def test_a_broken_file_raises_each_time_it_is_read(tiny_ws: Path) -> None:
    """Problems are raised, never kept as a result: the second read reports them again."""
    left = tiny_ws / L
    left.write_text(LEFT.replace("kind: opinion", "kind: rant"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BriefError) as caught:
            load_source(left)
        assert [p.path for p in caught.value.problems] == [("provenance", "kind")]
