"""`--help` and usage lines in a user's words, without the Python types typer would print.

Typer shows an argument as `BRIEF.yaml... <list[Path]>` or `ID <str>`, and a list argument's
usage as `[BRIEF.yaml...]...`. A person needs the name, what it takes and whether it repeats:
`[BRIEF.yaml]...`, `ID`, and the choices when there are any (`source|brief`).
"""

from __future__ import annotations

import enum
import re
import types
import typing
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.24 coerces every option through a pydantic TypeAdapter, built on first use
    from typer._coercion import RuntimeParam, build_runtime_param
except ImportError:  # pragma: no cover - a typer without that layer: its own coercion throughout
    RuntimeParam = build_runtime_param = None  # type: ignore[assignment,misc]


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


class _NotPlain(Exception):
    """A value the plain conversion does not decide: typer's own coercion does, with its messages."""


_WHOLE = re.compile(r"-?[0-9]+")

# A bounded number's range, as typer prints it in the help ("1<=x<=200"), and in words.
_RANGE = re.compile(r"(?:(-?[0-9.]+)<=)?x(?:<=(-?[0-9.]+)|>=(-?[0-9.]+))?")


def _range_in_words(help_text: str) -> str:
    """`[default: 20; 1<=x<=200]` as `[default: 20; 1 to 200]` (and `x>=1` as `1 or more`)."""

    def words(match: re.Match[str]) -> str:
        low, high, at_least = match.groups()
        if low is not None and high is not None:
            return f"{low} to {high}"
        if at_least is not None:
            return f"{at_least} or more"
        if high is not None:
            return f"{high} or less"
        return match.group(0)

    return re.sub(r"(?<=[; \[])" + _RANGE.pattern + r"(?=\])", words, help_text)


def _convert(annotation: Any, value: Any) -> Any:
    """What typer's pydantic adapter gives for the plain values a person types (a name, a path, a
    number, a choice, several of them); anything else raises _NotPlain."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(kinds) == 1:
            return _convert(kinds[0], value)
    elif origin is list and isinstance(value, list | tuple):
        (item,) = typing.get_args(annotation)
        return [_convert(item, v) for v in value]
    elif annotation is bool and isinstance(value, bool):
        return value
    elif isinstance(value, str) and value:
        if annotation is str:
            return value
        if annotation is Path:
            return Path(value)
        if annotation is int and _WHOLE.fullmatch(value):
            return int(value)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            for member in annotation:
                if member.value == value:
                    return member
    raise _NotPlain


if RuntimeParam is not None:

    class PlainRuntimeParam(RuntimeParam):
        """Plain values converted without pydantic: building its adapters (and importing it) was half
        of a no-op rebuild. A value it does not decide goes to typer's adapter, so every message
        about a bad value is typer's, as before."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return _convert(self.annotation, value)
            except _NotPlain:
                return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def _convert_plainly(params: list[Any]) -> None:
    """Give each parameter with a plain annotation and no custom parsing the plain conversion."""
    if RuntimeParam is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        info = descriptor.parameter_info
        custom = [getattr(info, name, None) for name in ("parser", "click_type", "min", "max")]
        if descriptor.file_annotation is None and custom == [None] * 4 and getattr(info, "case_sensitive", True):
            param._runtime_param = PlainRuntimeParam(parameter_info=info, annotation=descriptor.annotation)


# Options whose value may be left out, and what they stand for then: `brief check --texts` alone
# means the workspace's texts/ (typer has no option with an optional value).
WORKSPACE_TEXTS = "<the workspace's texts/>"
_OPTIONAL_VALUES = {"--texts": WORKSPACE_TEXTS}


def _with_optional_values(args: list[str]) -> list[str]:
    """The arguments with each value-less optional-value option given its stand-in value: when it
    is last, or followed by another option or by a YAML file (never a folder of texts)."""
    out: list[str] = []
    for i, arg in enumerate(args):
        out.append(arg)
        following = args[i + 1] if i + 1 < len(args) else None
        if arg in _OPTIONAL_VALUES and (
            following is None or following.startswith("-") or following.endswith((".yaml", ".yml"))
        ):
            out.append(_OPTIONAL_VALUES[arg])
    return out


class BriefCommand(TyperCommand):
    """A command whose help names arguments as the user types them, and whose errors say what was expected."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _convert_plainly(self.get_params(ctx))
        args = _with_optional_values(args)
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
                options.append((record[0], _range_in_words(record[1])))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class BriefGroup(TyperGroup):
    """The `brief` command itself: its options (--version, --debug) converted plainly too."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _convert_plainly(self.get_params(ctx))
        return super().parse_args(ctx, args)
