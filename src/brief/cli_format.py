"""`--help` and usage lines in a user's words, without the Python types typer would print.

Typer shows an argument as `BRIEF.yaml... <list[Path]>` or `ID <str>`, and a list argument's
usage as `[BRIEF.yaml...]...`. A person needs the name, what it takes and whether it repeats:
`[BRIEF.yaml]...`, `ID`, and the choices when there are any (`source|brief`).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand


def _name(param: Any) -> str:
    return str(param.metavar or param.name.upper())


def _plain(error: Any, param: Any) -> str | None:
    """A bad option value in our words ("expected X, found Y"), from the pydantic error typer hides it in."""
    from pydantic import ValidationError

    cause = error.__cause__
    if not isinstance(cause, ValidationError) or not cause.errors():
        return None
    first = cause.errors()[0]
    kind, ctx, value = first["type"], first.get("ctx") or {}, first.get("input")
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None)
    if choices:
        names = [str(getattr(c, "value", c)) for c in choices]
        expected = ", ".join(names[:-1]) + f" or {names[-1]}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        expected = "a whole number"
    elif kind in ("float_parsing", "float_type"):
        expected = "a number"
    elif kind == "greater_than_equal":
        expected = f"a number of {ctx['ge']} or more"
    elif kind == "less_than_equal":
        expected = f"a number of {ctx['le']} or less"
    else:
        return str(first["msg"]).removeprefix("Value error, ")
    return f"expected {expected}, found {value!r}"


class BriefCommand(TyperCommand):
    """A command whose help names arguments as the user types them, and whose errors say what was expected."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except typer.BadParameter as exc:
            param = exc.param
            choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
            if exc.__class__.__name__ == "MissingParameter" and param is not None and choices:
                # typer lists the choices on lines of their own, indented with tabs
                names = [str(getattr(c, "value", c)) for c in choices]
                exc.param_hint, exc.param_type = param.get_error_hint(), param.param_type_name  # type: ignore[attr-defined]
                exc.param, exc.message = None, "Expected " + ", ".join(names[:-1]) + f" or {names[-1]}."
            elif (plain := _plain(exc, param)) is not None:
                exc.message = plain
            raise

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
