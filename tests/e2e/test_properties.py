"""Property tests: mangled versions of the real sample files never crash brief.

Thousands of mutations (lines deleted, duplicated, swapped or re-indented, values given
another type, random bytes, deep nesting, huge strings, anchors and aliases) each either
pass or end in a BriefError whose every problem names a file, a line and a column: never
any other exception. Most run in-process for speed (`brief check`'s own function, then
the HTML of one edition); a few go through the whole command line, checking exit code 1,
located messages, and that the previous output is untouched.

Hypothesis is derandomized (the same examples on every run and machine) and keeps no
example database; BRIEF_PROPERTY_SCALE scales the number of examples (a tenth by default, all
in .ci/run's second step: see tests.helpers.PROPERTY_SCALE).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from brief.commands.check import run_check
from brief.errors import BriefError, Problem
from brief.model.enums import Edition
from brief.render.html import render_html
from brief.theme.search import Theme
from brief.views.analysis import analyse
from brief.workspace import builtin_theme
from tests.helpers import PROPERTY_SCALE, invoke
from tests.workspaces import ROOT, SAMPLE_BRIEF, SOURCE_IDS, copy_workspace

SAMPLE_FILES = [f"briefs/{SAMPLE_BRIEF}.yaml", *(f"sources/{s}.yaml" for s in SOURCE_IDS)]
SAMPLES = {name: (ROOT / name).read_bytes() for name in SAMPLE_FILES}


def examples(n: int) -> settings:
    """Derandomized, no deadline (CI machines vary), no stored examples, n x BRIEF_PROPERTY_SCALE examples."""
    return settings(
        max_examples=max(1, int(n * PROPERTY_SCALE)),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.large_base_example,
        ],
    )


# --- mutations ---------------------------------------------------------------------------

VALUES = [
    b"1",
    b"-3.5",
    b"true",
    b"no",
    b"null",
    b"~",
    b"[]",
    b"{}",
    b"[a, b]",
    b"{en: x}",
    b"{en: 1}",
    b"{EN: x, fr: y}",
    b"''",
    b'"  "',
    b"2025-13-45",
    b"2025-02-30",
    b"20250815",
    b"a b c",
    b"&anchor x",
    b"*anchor",
    b"*undefined",
    b"!!python/object:os.system x",
    b"!custom x",
    b"<<: {a: 1}",
    b"|\n  block text",
    b">-",
    b"'unterminated",
    b'"\\q"',
    b"- item",
    b"x: y: z",
    b"@at",
    b"`tick`",
    b"\t",
    b"[[[[[[[[]]]]]]]]",
    b"{a: {b: {c: {d: []}}}}",
    b"&b [1, 2, 3]",
    b"[*b, *b, *b]",
]

Lines = list[bytes]
Op = Callable[[st.DrawFn, Lines], Lines]


def _index(draw: st.DrawFn, lines: Lines) -> int:
    return draw(st.integers(0, max(0, len(lines) - 1)))


def delete_line(draw: st.DrawFn, lines: Lines) -> Lines:
    if lines:
        del lines[_index(draw, lines)]
    return lines


def duplicate_line(draw: st.DrawFn, lines: Lines) -> Lines:
    if lines:
        i = _index(draw, lines)
        lines.insert(draw(st.integers(0, len(lines))), lines[i])
    return lines


def swap_lines(draw: st.DrawFn, lines: Lines) -> Lines:
    if len(lines) > 1:
        i, j = _index(draw, lines), _index(draw, lines)
        lines[i], lines[j] = lines[j], lines[i]
    return lines


def reindent(draw: st.DrawFn, lines: Lines) -> Lines:
    if lines:
        i = _index(draw, lines)
        change = draw(st.sampled_from([b" ", b"  ", b"    ", b"\t", b"-", b"- ", b"#", b"? "]))
        lines[i] = change + lines[i] if draw(st.booleans()) else lines[i].removeprefix(b"  ")
    return lines


def retype_value(draw: st.DrawFn, lines: Lines) -> Lines:
    keyed = [i for i, line in enumerate(lines) if b": " in line or line.rstrip().endswith(b":")]
    if keyed:
        i = draw(st.sampled_from(keyed))
        key = lines[i].split(b":", 1)[0]
        lines[i] = key + b": " + draw(st.sampled_from(VALUES))
    return lines


def rename_key(draw: st.DrawFn, lines: Lines) -> Lines:
    keyed = [i for i, line in enumerate(lines) if b": " in line]
    if keyed:
        i = draw(st.sampled_from(keyed))
        key, rest = lines[i].split(b":", 1)
        new = draw(st.sampled_from([key + b"s", key[:-1], key.upper(), key + key, b"  x", key.replace(b"_", b"-")]))
        lines[i] = new + b":" + rest
    return lines


def random_bytes(draw: st.DrawFn, lines: Lines) -> Lines:
    if lines:
        i = _index(draw, lines)
        at = draw(st.integers(0, len(lines[i])))
        junk = draw(st.binary(min_size=1, max_size=12))
        lines[i] = lines[i][:at] + junk + lines[i][at:]
    return lines


def deep_nesting(draw: st.DrawFn, lines: Lines) -> Lines:
    keyed = [i for i, line in enumerate(lines) if b": " in line]
    if keyed:
        i = draw(st.sampled_from(keyed))
        depth = draw(st.sampled_from([5, 39, 40, 41, 100, 5_000, 200_000]))
        opener, closer = draw(st.sampled_from([(b"[", b"]"), (b"{a: ", b"}"), (b"[", b"")]))
        lines[i] = lines[i].split(b":", 1)[0] + b": " + opener * depth + b"x" + closer * depth
    return lines


def huge_string(draw: st.DrawFn, lines: Lines) -> Lines:
    keyed = [i for i, line in enumerate(lines) if b": " in line]
    if keyed:
        i = draw(st.sampled_from(keyed))
        size = draw(st.sampled_from([1_000, 100_000, 990_000, 1_000_001]))
        lines[i] = lines[i].split(b":", 1)[0] + b": " + b"w" * size
    return lines


def alias_bomb(draw: st.DrawFn, lines: Lines) -> Lines:
    width = draw(st.integers(2, 12))
    levels = draw(st.integers(1, 9))
    bomb = [b"z0: &z0 [" + b", ".join([b"lol"] * width) + b"]"]
    for n in range(1, levels + 1):
        bomb.append(b"z%d: &z%d [" % (n, n) + b", ".join([b"*z%d" % (n - 1)] * width) + b"]")
    at = draw(st.integers(0, len(lines)))
    return lines[:at] + bomb + lines[at:]


LINE_OPS: list[Op] = [delete_line, duplicate_line, swap_lines, reindent, random_bytes, rename_key]
VALUE_OPS: list[Op] = [retype_value, rename_key, deep_nesting, huge_string, alias_bomb]


@st.composite
def mutated(draw: st.DrawFn, ops: list[Op]) -> tuple[str, bytes]:
    """One sample file with one to four mutations: (its name, its new bytes)."""
    name = draw(st.sampled_from(SAMPLE_FILES))
    data = SAMPLES[name]
    if draw(st.integers(0, 40)) == 0:  # now and then, a file cut short or emptied
        return name, data[: draw(st.integers(0, len(data)))]
    crlf = draw(st.integers(0, 10)) == 0
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        lines = draw(st.sampled_from(ops))(draw, lines)
    return name, (b"\r\n" if crlf else b"\n").join(lines)


# --- what must hold -------------------------------------------------------------------

LOCATED = re.compile(r"^\S[^\n]*?:\d+:\d+: \S")


def assert_located(error: BriefError, workspace: Path) -> None:
    """Every problem names a file of the workspace (or the theme), a real line and a column."""
    assert error.problems
    for problem in error.problems:
        assert isinstance(problem, Problem)
        file = problem.file.resolve()
        assert file.is_relative_to(workspace.resolve()) or file.is_relative_to(builtin_theme().resolve()), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        if file.is_file():
            data = file.read_bytes()
            assert problem.line <= data.count(b"\n") + 2, problem
        message = problem.message
        assert message.strip() and "Traceback" not in message and " object at 0x" not in message, problem
        assert LOCATED.match(str(problem)), str(problem)


def check_and_render(workspace: Path, edition_index: int) -> None:
    """What `brief check` does, then the HTML of one edition of the brief when it passes."""
    files = [workspace / name for name in SAMPLE_FILES]
    outcome = run_check(files)
    if outcome.errors:
        raise BriefError(outcome.errors)
    for debate in outcome.report.briefs:
        model = debate.brief.model
        targets = [(lang, ed) for lang in model.languages for ed in model.editions]
        lang, edition = targets[edition_index % len(targets)]
        # one pass of the template: the reading time's own pass is tested with the editions
        view = dataclasses.replace(analyse(debate, lang, Edition(edition)), reading_minutes=1)
        html = render_html(view, Theme(workspace))
        assert html.rstrip().endswith("</html>")


ON_DISK: dict[Path, bytes] = {}  # what run_one last wrote to each file of a workspace


def run_one(workspace: Path, name: str, data: bytes, edition_index: int) -> None:
    """The sample files with `name` as `data`; a file is written only when its bytes change."""
    for original in SAMPLE_FILES:
        file, wanted = workspace / original, data if original == name else SAMPLES[original]
        if ON_DISK.get(file) != wanted:
            file.write_bytes(wanted)
            ON_DISK[file] = wanted
    try:
        check_and_render(workspace, edition_index)
    except BriefError as error:
        assert_located(error, workspace)


@pytest.mark.properties
@pytest.mark.long(7)
@examples(1200)
@given(case=mutated(LINE_OPS), edition_index=st.integers(0, 3))
def test_line_and_byte_mutations_pass_or_fail_located(
    workspace: Path, case: tuple[str, bytes], edition_index: int
) -> None:
    run_one(workspace, *case, edition_index)


@pytest.mark.properties
@pytest.mark.long(7)
@examples(800)
@given(case=mutated(VALUE_OPS), edition_index=st.integers(0, 3))
def test_type_nesting_size_and_alias_mutations_pass_or_fail_located(
    workspace: Path, case: tuple[str, bytes], edition_index: int
) -> None:
    run_one(workspace, *case, edition_index)


# --- a few through the command line (in this process: the exit codes of a real one are tested in test_cli) ---

PROBLEM_LINE = re.compile(r"^\S[^\n]*?:\d+:\d+: \S|^\S[^\n]*?: \S")
COUNT_LINE = re.compile(r"^\d+ problems? found(?:; not built: \S.*)?\.$")  # the briefs not built, if any


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with the sample's HTML built once: the output every failed build must leave alone."""
    workspace = copy_workspace(tmp_path_factory.mktemp("cli-properties"))
    done = invoke("build", "--format", "html", cwd=workspace)
    assert done.returncode == 0, done.stderr
    return workspace


@pytest.mark.properties
@pytest.mark.long(3)
@examples(30)
@given(case=mutated(LINE_OPS + VALUE_OPS))
def test_cli_builds_exit_0_or_1_with_located_messages_and_no_partial_output(
    built: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    out = built / "build"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for original in SAMPLE_FILES:
        (built / original).write_bytes(SAMPLES[original])
    (built / name).write_bytes(data)
    done = invoke("build", "--format", "html", "--force", cwd=built)  # an escaping exception fails the test
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    if done.returncode == 1:
        lines = done.stderr.splitlines()
        assert COUNT_LINE.match(lines[-1]), lines
        assert lines[:-1] and all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
        after = {p.name: p.read_bytes() for p in out.iterdir()}
        assert after.keys() == before.keys() and all(after[k] == before[k] for k in after)  # bad input writes nothing
    else:
        for html in out.glob("*.html"):
            assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")
