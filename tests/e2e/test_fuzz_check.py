"""A fuzzer of our own: whatever bytes a source or a brief holds, `brief check` ends in 0 or 1, never 3,
and every problem it prints starts with `file:line:column:`.

Inputs are the sample's own files with bytes inserted (control characters first among them),
deleted, duplicated or swapped, plus YAML-looking noise. Derandomized (conftest), so CI sees the
same 2,000 inputs on every run; a few more go through the installed command in a real process.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from brief.cli import commands as cli
from brief.cli.commands import app
from tests.helpers import PROPERTY_SCALE, run_brief
from tests.workspaces import ROOT
from tests.workspaces.tiny import tiny_workspace

runner = CliRunner()

LOCATED = re.compile(r"^[^\n]+?:\d+:\d+: \S")
COUNT = re.compile(r"^\d+ problems? found\.$")

SOURCE = (ROOT / "sources" / "notrecontinent-2026-01-11.yaml").read_bytes()
BRIEF = (ROOT / "briefs" / "trump-putin.yaml").read_bytes()

# The characters the first attack found unlocated, then YAML's own punctuation and some text.
NASTY = [b"\x1b", b"\x07", b"\x00", b"\x7f", b"\xc2\x80", b"\xc2\x85", b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\x80"]
PUNCT = [b":", b" ", b"\n", b"\t", b"-", b"&a", b"*a", b"!!", b"<<", b"{", b"}", b"[", b"]", b'"', b"'", b"#", b"|"]
PUNCT += [b"%", b"@", b"`", b"? ", b"---\n", b"\\", b"\r", b"null", b"\xf0\x9f\x98\x80", b"\xe2\x98\x83", b"x" * 70]
piece = st.sampled_from(NASTY + PUNCT)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """The original file with a few bytes inserted, deleted or swapped at random places."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "replace"]))
        if action == "insert":
            data[at:at] = draw(piece)
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            data[at : at + 1] = draw(piece)
    return bytes(data)


noise = st.lists(piece, max_size=30).map(b"".join)


def assert_clean(exit_code: int, stderr: str) -> None:
    """Exit 0 or 1; every line of stderr a located problem (or warning), then the count."""
    assert exit_code in (0, 1), stderr
    lines = stderr.splitlines()
    if exit_code == 1:
        assert lines and COUNT.match(lines[-1]), stderr
        lines = lines[:-1]
    for line in lines:
        assert LOCATED.match(line), line


@pytest.fixture(scope="module")
def fuzz_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    for name in ("briefs", "sources"):
        (root / name).mkdir()
    (root / "sources" / "notrecontinent-2026-01-11.yaml").write_bytes(SOURCE)
    (root / "sources" / "ballet-diplomatique-2025-08-08.yaml").write_bytes(
        (ROOT / "sources" / "ballet-diplomatique-2025-08-08.yaml").read_bytes()
    )
    return root


def check(fuzz_ws: Path, relative: str, data: bytes) -> tuple[int, str]:
    """`brief check FILE` in-process: the command's own function, its messages and exit code.

    Called directly rather than through CliRunner, which costs ten times the check itself.
    """
    (fuzz_ws / relative).write_bytes(data)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.check(files=[fuzz_ws / relative], texts=None, strict=False)
            code = 0
        except typer.Exit as exc:
            code = exc.exit_code
    return code, err.getvalue()


FUZZ = settings(max_examples=max(1, int(1000 * PROPERTY_SCALE)), deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.properties
@pytest.mark.long(3)
@FUZZ
@given(data=st.one_of(mutated(SOURCE), noise))
def test_any_source_ends_in_a_located_problem_or_ok(fuzz_ws: Path, data: bytes) -> None:
    assert_clean(*check(fuzz_ws, "sources/fuzzed.yaml", data))


@pytest.mark.properties
@pytest.mark.long(3)
@FUZZ
@given(data=st.one_of(mutated(BRIEF), noise))
def test_any_brief_ends_in_a_located_problem_or_ok(fuzz_ws: Path, data: bytes) -> None:
    assert_clean(*check(fuzz_ws, "briefs/fuzzed.yaml", data))


@pytest.mark.parametrize(
    ("content", "where", "code"),
    [
        ("thesis: a\x1bb\n", "2:10", "001B"),  # the line a person would open, not 1:1
        ('provenance:\n  title: x\nthesis: "bell\x07"\n', "4:14", "0007"),
        ("provenance:\n  title: é\x80x\n", "3:11", "0080"),
    ],
)
def test_a_control_character_is_located_where_it_is(tmp_path: Path, content: str, where: str, code: str) -> None:
    file = tiny_workspace(tmp_path) / "sources" / "left.yaml"
    file.write_text("# yaml-language-server: $schema=../schema/source.schema.json\n" + content, encoding="utf-8")
    result = runner.invoke(app, ["check", str(file)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{file}:{where}: YAML syntax: the character U+{code} is not allowed (a control character, "
        "invisible in most editors); delete it",
        "1 problem found.",
    ]


@pytest.mark.parametrize(
    "data",
    [b"thesis: \x1b\n", b"provenance: [\x07\n", b"\xef\xbb\xbfthesis: {a: *b}\n", b"sides:\n- source: " + b"x" * 300],
)
def test_fuzzed_inputs_through_the_real_command(tmp_path: Path, data: bytes) -> None:
    fuzz_ws = tiny_workspace(tmp_path)
    (fuzz_ws / "briefs" / "fuzzed.yaml").write_bytes(data)
    result = run_brief("check", "briefs/fuzzed.yaml", cwd=fuzz_ws)
    assert_clean(result.returncode, result.stderr)
    assert result.returncode == 1
