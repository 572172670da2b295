"""`--help` and usage errors in a user's words: arguments as typed, choices named, no Python types."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.cli.format import _convert, _NotPlain

runner = CliRunner()


@pytest.mark.parametrize("command", ["build", "watch", "check", "new", "import", "draft", "serve", "schema"])
def test_help_shows_no_python_types(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    for internal in ("<list[", "<str>", "<int", "<Path>", "...]...", "{", "<pdf|html|both>", "x>=", "<=x"):
        assert internal not in result.output, f"{internal!r} in `brief {command} --help`"


def test_help_names_arguments_as_typed() -> None:
    assert "Usage: brief build [OPTIONS] [BRIEF.yaml]..." in runner.invoke(app, ["build", "--help"]).output
    new = runner.invoke(app, ["new", "--help"]).output
    assert "Usage: brief new [OPTIONS] KIND ID" in new
    assert re.search(r"^  ID +The new file's id", new, flags=re.M)


def test_a_bounded_number_s_range_is_said_in_words() -> None:
    assert "[default: 8000; 0 to 65535]" in runner.invoke(app, ["serve", "--help"], terminal_width=200).output
    assert "[default: 20; 1 to 200]" in runner.invoke(app, ["draft", "--help"], terminal_width=200).output


@pytest.mark.parametrize("command", ["build", "watch"])
def test_help_names_every_edition_the_option_takes(command: str) -> None:
    """The questionnaire and the review copies are built on request: `--help` names them too."""
    output = runner.invoke(app, [command, "--help"], terminal_width=200).output
    assert "--edition sheet|participant|facilitator|questionnaire|review" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "teacher", "x"], "Error: Invalid value for 'KIND': expected source or brief, found 'teacher'"),
        (["schema", "article"], "Error: Invalid value for 'KIND': expected source, brief or locale, found 'article'"),
        (["schema"], "Error: Missing argument 'KIND'. Expected source, brief or locale."),
        (
            ["build", "--format", "pdfx"],
            "Error: Invalid value for '--format' / '-f': expected pdf, html or both, found 'pdfx'",
        ),
        (
            ["build", "--edition", "all"],
            "expected sheet, participant, facilitator, questionnaire or review, found 'all'",
        ),
        (["build", "--jobs", "two"], "Error: Invalid value for '--jobs' / '-j': expected a whole number, found 'two'"),
        (["build", "--jobs", "0"], "Usage error: --jobs takes a number of 1 or more, not 0"),
    ],
)
def test_usage_errors_in_plain_words(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    for internal in ("Value error", "Choose from", "Input should be", "\t"):
        assert internal not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["serve", "--port", "70000"],
            "Error: Invalid value for '--port' / '-p': expected a number of 65535 or less, found '70000'",
        ),
        (
            ["draft", "x", "--quotes", "0"],
            "Error: Invalid value for '--quotes': expected a number of 1 or more, found '0'",
        ),
        (
            ["draft", "x", "--quotes", "2.5"],
            "Error: Invalid value for '--quotes': expected a whole number, found '2.5'",
        ),
    ],
)
def test_a_value_out_of_bounds_says_the_bound(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


class Stance(enum.Enum):
    against = "against"
    for_ = "for"


@pytest.mark.parametrize(
    ("annotation", "value", "expected"),
    [
        (str, "dams", "dams"),
        (Path, "briefs/debate.yaml", Path("briefs/debate.yaml")),
        (int, "-3", -3),
        (bool, True, True),
        (Stance, "for", Stance.for_),
        (list[Path] | None, ["briefs/a.yaml", "briefs/b.yml"], [Path("briefs/a.yaml"), Path("briefs/b.yml")]),
        (int | None, "4", 4),
    ],
)
def test_plain_values_are_converted_as_typer_would(annotation: object, value: object, expected: object) -> None:
    assert _convert(annotation, value) == expected


@pytest.mark.parametrize(
    ("annotation", "value"),
    [(int, "two"), (int, "2.5"), (str, ""), (Stance, "neutral"), (float, "1.5"), (str | int, "x")],
)
def test_what_the_plain_conversion_does_not_decide_goes_to_typer(annotation: object, value: object) -> None:
    with pytest.raises(_NotPlain):
        _convert(annotation, value)
