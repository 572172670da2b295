"""`--help` and usage lines in a user's words, without the Python types typer would print.

Typer shows an argument as `BRIEF.yaml... <list[Path]>` or `ID <str>`, and a list argument's
usage as `[BRIEF.yaml...]...`. A person needs the name, what it takes and whether it repeats:
`[BRIEF.yaml]...`, `ID`, and the choices when there are any (`source|brief`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.core import TyperCommand


def _name(param: Any) -> str:
    return str(param.metavar or param.name.upper())


class BriefCommand(TyperCommand):
    """A command whose help names arguments as the user types them."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _name(param) if param.required else f"[{_name(param)}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                if not getattr(param, "hidden", False):
                    arguments.append((_name(param) + ("..." if param.nargs != 1 else ""), param.help or ""))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def one_of(choices: Sequence[str]) -> Callable[[str], str]:
    """An argument callback that takes one of `choices` and says so in plain words otherwise.

    Typer's own choice check prints pydantic's "Value error, 'x' is not one of ..." instead.
    """
    listed = ", ".join(choices[:-1]) + f" or {choices[-1]}"

    def check(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"expected {listed}, found {value!r}")
        return value

    return check
