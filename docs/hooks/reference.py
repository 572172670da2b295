"""The reference pages, generated at every `mkdocs build` so that they cannot drift from brief.

A page holds a marker such as `<!-- generated: commands -->`; `on_page_markdown` replaces it with
the text made here from what brief itself knows:

- `commands`: every command, argument and option of the typer app, with the help `--help` prints;
- `schema: source|brief|locale`: every key of a file kind, from the JSON Schemas in `schema/`;
- `problems`: a run of `brief` on a broken copy of the sample for each kind of problem, so every
  message shown is one brief prints today.

Importing `brief.cli` is the only coupling to the code: the rest of the package may move freely.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"<!-- generated: (?P<what>[a-z]+)(?:: (?P<arg>[a-z]+))? -->")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """mkdocs hook: replace each marker of the page with its generated text."""
    return MARKER.sub(lambda m: generate(m["what"], m["arg"]), markdown)


def generate(what: str, arg: str | None = None) -> str:
    makers: dict[str, Callable[[], str]] = {
        "commands": commands_reference,
        "schema": lambda: schema_reference(arg or ""),
        "problems": problems_reference,
    }
    if what not in makers:
        raise ValueError(f"unknown generated section {what!r}; known: {', '.join(makers)}")
    return makers[what]()


# ---------------------------------------------------------------------------------------------
# Commands: walked from the click group typer builds, the same objects `brief --help` prints.


def _prose(text: str) -> str:
    """Help or a description as Markdown prose: `<stem>` outside code is text, not an HTML tag."""
    pieces = text.split("`")
    pieces[::2] = [html.escape(piece, quote=False) for piece in pieces[::2]]
    return "`".join(pieces)


def _cell(text: str) -> str:
    """Text fit for one cell of a Markdown table."""
    return _prose(" ".join(text.split())).replace("|", "\\|")


def _shown(text: str) -> str:
    """A snippet of YAML as inline code, its tabs and line ends visible."""
    return "`" + _cell(text.strip("\n").replace("\t", "\\t").replace("\n", "\\n")) + "`"


def _code(text: str) -> str:
    return f"`{text}`" if text else ""


def _help_and_default(help_text: str) -> tuple[str, str]:
    """Split click's help record into the help proper and its trailing `[default: ...]` / `[required]`."""
    found = re.search(r"\s*\[(?P<extra>[^\[\]]*(?:\[[^\]]*\][^\[\]]*)*)\]\s*$", help_text)
    if not found or not re.match(r"(default: |required)", found["extra"]):
        return help_text, ""
    extra = found["extra"].removeprefix("default: ")
    return help_text[: found.start()], extra


def click_group() -> Any:
    import typer.main

    from brief.cli import app

    return typer.main.get_command(app)


def commands_reference() -> str:
    import click

    group = click_group()
    root_ctx = click.Context(group, info_name="brief")
    out = [
        "## `brief`",
        "",
        _cell(group.help or ""),
        "",
        "```",
        group.get_usage(root_ctx).strip(),
        "```",
        "",
    ]
    out += _params_tables(group, root_ctx)
    for name in group.list_commands(root_ctx):
        command = group.get_command(root_ctx, name)
        ctx = click.Context(command, info_name=name, parent=root_ctx)
        out += [f"## `brief {name}`", "", "```", command.get_usage(ctx).strip(), "```", ""]
        out += [_prose(paragraph.strip()) for paragraph in (command.help or "").split("\n\n")]
        out += [""]
        out += _params_tables(command, ctx)
    return "\n".join(out)


def _params_tables(command: Any, ctx: Any) -> list[str]:
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            metavar = param.make_metavar(ctx) if param.metavar is None else param.metavar
            name = metavar + ("..." if param.nargs != 1 and not metavar.endswith("...") else "")
            arguments.append(f"| {_code(name)} | {_cell(getattr(param, 'help', None) or '')} |")
        elif (record := param.get_help_record(ctx)) is not None:
            names, help_text = record
            text, default = _help_and_default(help_text)
            options.append(f"| {_code(names)} | {_cell(text)} | {_cell(default)} |")
    out: list[str] = []
    if arguments:
        out += ["| argument | what it is |", "| --- | --- |", *arguments, ""]
    if options:
        out += ["| option | what it does | default |", "| --- | --- | --- |", *options, ""]
    return out


# ---------------------------------------------------------------------------------------------
# File formats: from the JSON Schemas that editors read too (`brief schema KIND` prints them).

SCHEMAS = ROOT / "schema"


def _type(spec: dict[str, Any]) -> str:
    """A schema's type in words: `text or one text per language`, `list of Point`, `YYYY-MM-DD`."""
    if "$ref" in spec:
        return _ref_link(spec["$ref"])
    if "enum" in spec:
        return " \\| ".join(f"`{value}`" for value in spec["enum"])
    if "anyOf" in spec:
        kinds = [_type(option) for option in spec["anyOf"]]
        return " or ".join(dict.fromkeys(kinds))
    kind = spec.get("type")
    if kind == "array":
        items = _type(spec.get("items", {}))
        bounds = _bounds(spec.get("minItems"), spec.get("maxItems"))
        return f"list of {items}" + (f" ({bounds})" if bounds else "")
    if kind == "object" and "patternProperties" in spec:
        return "one text per language (`en:`, `fr:` ...)"
    if kind == "string":
        if spec.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if spec.get("pattern") == r"^\d{4}(-\d{2}(-\d{2})?)?$":
            return "date (YYYY-MM-DD, YYYY-MM or YYYY)"
        if spec.get("pattern") == "^[a-z0-9][a-z0-9-]*$":
            return "id (lower-case letters, digits, -)"
        if spec.get("pattern") == "^[a-z]{2,3}$":
            return "language code"
        if spec.get("pattern") == "^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$":
            return "point (`<source-id>/<point-id>`)"
        if spec.get("format") == "uri":
            return "address (http or https)"
        length = _bounds(spec.get("minLength"), spec.get("maxLength"), unit=" characters")
        return "text" + (f" ({length})" if length and spec.get("maxLength") else "")
    if kind == "integer" and (spec.get("minimum"), spec.get("maximum")) == (1000, 9999):
        return "year"
    if kind in ("integer", "number"):
        low, high = spec.get("minimum", spec.get("exclusiveMinimum")), spec.get("maximum")
        strict = "exclusiveMinimum" in spec
        word = "whole number" if kind == "integer" else "number"
        if low is not None and high is not None:
            return f"{word}, {low} to {high}"
        if low is not None:
            return f"{word}, {'over' if strict else 'at least'} {low}"
        return word
    if kind == "null":
        return "`null`"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "object":
        return "mapping"
    return str(kind or "any")


def _bounds(low: int | None, high: int | None, unit: str = "") -> str:
    if low is not None and high is not None:
        return f"{low} to {high}{unit}"
    if high is not None:
        return f"at most {high}{unit}"
    if low not in (None, 0):
        return f"at least {low}{unit}"
    return ""


def _ref_link(ref: str) -> str:
    name = ref.rsplit("/", 1)[-1]
    return f"[{name}](#{name.lower()})"


def _example(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 80 else text[:77] + "..."
    return f"`{text}`"


def _keys_table(spec: dict[str, Any]) -> list[str]:
    required = set(spec.get("required", ()))
    rows = ["| key | type | required | what it holds | example |", "| --- | --- | --- | --- | --- |"]
    for key, prop in spec.get("properties", {}).items():
        description = prop.get("description", "")
        if "default" in prop and prop["default"] not in (None, [], {}):
            description += f" Default: `{json.dumps(prop['default'], ensure_ascii=False)}`."
        examples = " ".join(_example(e) for e in prop.get("examples", ())[:2])
        rows.append(
            f"| `{key}` | {_type(prop)} | {'yes' if key in required else 'no'} | {_cell(description)} | {examples} |"
        )
    return rows


def schema_reference(kind: str) -> str:
    path = SCHEMAS / f"{kind}.schema.json"
    if not path.is_file():
        known = ", ".join(sorted(p.name.split(".")[0] for p in SCHEMAS.glob("*.schema.json")))
        raise ValueError(f"no schema {path.name}; known: {known}")
    schema = json.loads(path.read_text(encoding="utf-8"))
    out = [f"*{_prose(schema.get('title', kind))}*", "", _prose(schema.get("description", "")), ""]
    out += [
        f"Editors read the same schema: `brief schema {kind}` prints it; `schema/{kind}.schema.json` is a copy.",
        "",
    ]
    if schema.get("properties"):
        out += ["## The file's keys", "", *_keys_table(schema), ""]
    else:
        out += _mapping_reference(schema)
    for name, spec in schema.get("$defs", {}).items():
        out += [f"## {name}", ""]
        out += [_prose(spec["description"]), ""] if spec.get("description") else []
        if "enum" in spec:
            out += ["One of: " + ", ".join(f"`{value}`" for value in spec["enum"]) + ".", ""]
        else:
            out += [*_keys_table(spec), ""]
    return "\n".join(out)


def _mapping_reference(schema: dict[str, Any]) -> list[str]:
    """A flat mapping (a theme's labels): its key pattern, its value type and the default theme's keys."""
    pattern = schema.get("propertyNames", {}).get("pattern", "")
    value = _type(schema.get("additionalProperties", {}))
    out = [f"Every key matches `{pattern}`; every value is {value}.", ""]
    for example in schema.get("examples", ()):
        out += ["Example:", "", "```yaml", *(f"{k}: {v}" for k, v in example.items()), "```", ""]
    labels = ROOT / "templates" / "locale" / "en.yaml"
    if labels.is_file():
        import yaml

        english = yaml.safe_load(labels.read_text(encoding="utf-8")) or {}
        out += [
            "## The default theme's labels",
            "",
            "The keys of the built-in theme's English labels (`templates/locale/en.yaml`), the ones a "
            "workspace's `templates/locale/<lang>.yaml` may change or translate:",
            "",
            "| key | English |",
            "| --- | --- |",
            *(f"| `{key}` | {_cell(str(text))} |" for key, text in english.items()),
            "",
        ]
    return out


# ---------------------------------------------------------------------------------------------
# Problems: each kind made on a copy of the sample and run through the app, in this process.


@dataclass(frozen=True)
class Problem:
    """One kind of problem: what it is, how to make one from the sample, and the command that finds it."""

    title: str
    what: str
    file: str
    old: str
    new: str
    args: tuple[str, ...] = ("check",)
    code: int = 1
    empty: bool = False  # the file emptied
    keep: str = ""  # when set, show only the lines holding it (and the count): one such problem makes many


SOURCE = "sources/notrecontinent-2026-01-11.yaml"
BRIEF = "briefs/trump-putin.yaml"

PROBLEMS = (
    Problem(
        "A misspelt key",
        "Unknown keys are errors, never ignored; the closest known key is suggested.",
        SOURCE,
        "\nthesis:",
        "\nthesys:",
    ),
    Problem(
        "A missing source",
        "A brief naming a source that `sources/` does not hold; the closest id is suggested.",
        BRIEF,
        "source: ballet-diplomatique-2025-08-08",
        "source: ballet-diplomatique-2025-08-09",
    ),
    Problem(
        "A value of the wrong kind",
        "What was expected and what was found.",
        BRIEF,
        "as_of: 2026-11-21",
        "as_of: 21/11/2026",
    ),
    Problem(
        "A YAML slip",
        "YAML syntax errors read the same way, with a hint for the usual slips.",
        SOURCE,
        "  outlet: NotreContinent.com",
        "  outlet: NotreContinent.com: opinions",
    ),
    Problem(
        "A duplicate key",
        "YAML would keep the last one silently; brief names both lines.",
        SOURCE,
        "  outlet: NotreContinent.com",
        "  outlet: NotreContinent.com\n  outlet: NotreContinent",
    ),
    Problem(
        "Tab indentation",
        "Tabs are refused where YAML reads indentation.",
        SOURCE,
        "  outlet: NotreContinent.com",
        "\toutlet: NotreContinent.com",
    ),
    Problem(
        "Nesting too deep",
        "Past 40 levels a file is refused at the first bracket too deep, before YAML's own limits.",
        SOURCE,
        "\nthesis:",
        "\ndeep: " + "[" * 45 + "]" * 45 + "\nthesis:",
    ),
    Problem(
        "An empty file",
        "An empty file is an error, not an empty summary.",
        SOURCE,
        "",
        "",
        empty=True,
    ),
    Problem(
        "A date before a source's publication",
        "A brief cannot be up to date as of a day before one of its articles appeared.",
        BRIEF,
        "as_of: 2026-11-21",
        "as_of: 2025-01-01",
    ),
    Problem(
        "A language the theme has no labels for",
        "Named at the brief's `languages`, with the file to create.",
        BRIEF,
        "languages: [en, fr]",
        "languages: [en, de]",
        keep="languages",
    ),
    Problem(
        "A character no font of the theme can draw",
        "It would print as an empty box, or in another font on another machine.",
        SOURCE,
        '  en: "In 2025, the author writes',
        '  en: "\u2603 In 2025, the author writes',
    ),
    Problem(
        "A source given as a brief",
        "Named as such in one line, not as a dozen missing and unknown keys.",
        "",
        "",
        "",
        args=("build", SOURCE),
    ),
    Problem(
        "An unbalanced brief",
        "A warning (exit code 0) when one side outweighs another by more than `balance_ratio`; "
        "an error with `--strict`.",
        BRIEF,
        "balance_ratio: 1.5",
        "balance_ratio: 1.01",
        args=("check", "--strict"),
    ),
    Problem(
        "A language or edition the brief does not declare",
        "Bad usage of the command line: exit code 2.",
        "",
        "",
        "",
        args=("build", "--lang", "de"),
        code=2,
    ),
)

EXIT_CODES = (
    ("0", "success (warnings, such as an unbalanced brief, leave it at 0 unless `--strict`)"),
    ("1", "bad input: every problem is printed as `file:line:column: key: message`, never a traceback"),
    ("2", "bad usage of the command line"),
    ("3", "an internal error, a bug: `brief --debug` shows the traceback"),
    ("130", "interrupted (Ctrl-C): files not yet written are as they were"),
)


@contextlib.contextmanager
def sample_copy() -> Iterator[Path]:
    """A throw-away copy of the sample workspace (its briefs and sources), as the current folder."""
    with tempfile.TemporaryDirectory(prefix="brief-docs-") as tmp:
        workspace = Path(tmp)
        for folder in ("briefs", "sources"):
            shutil.copytree(ROOT / folder, workspace / folder)
        with contextlib.chdir(workspace):
            yield workspace


def run(problem: Problem) -> tuple[int, str]:
    """Exit code and what `brief` prints on stderr for one kind of problem, made on the sample."""
    from typer.testing import CliRunner

    from brief.cli import app

    with sample_copy() as workspace:
        if problem.file:
            path = workspace / problem.file
            text = path.read_text(encoding="utf-8")
            if problem.old not in text:
                raise ValueError(f"{problem.title}: {problem.old!r} is no longer in {problem.file}")
            path.write_text("" if problem.empty else text.replace(problem.old, problem.new, 1), encoding="utf-8")
        result = CliRunner().invoke(app, list(problem.args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise RuntimeError(f"{problem.title}: brief {' '.join(problem.args)} raised {result.exception!r}")
    said = result.stderr.rstrip("\n").replace(f"{ROOT}/", ".../")  # no path of the machine that built the docs
    if problem.keep:
        *lines, last = said.splitlines()
        kept = [line for line in lines if problem.keep in line]
        said = "\n".join([*kept, f"... ({len(lines) - len(kept)} more lines)", last])
    return result.exit_code, said


def problems_reference() -> str:
    out = ["## Exit codes", "", "| code | meaning |", "| ---: | --- |"]
    out += [f"| `{code}` | {meaning} |" for code, meaning in EXIT_CODES]
    out += ["", "## Kinds of problem", ""]
    for problem in PROBLEMS:
        code, said = run(problem)
        if code != problem.code:
            raise RuntimeError(f"{problem.title}: expected exit code {problem.code}, brief gave {code}:\n{said}")
        change = f"`{problem.file}`: {_shown(problem.old)} → {_shown(problem.new)}; " if problem.file else ""
        change = f"`{problem.file}` emptied; " if problem.empty else change
        out += [
            f"### {problem.title}",
            "",
            problem.what,
            "",
            f"{change}`brief {' '.join(problem.args)}` exits with code {code}:",
            "",
            "```",
            said,
            "```",
            "",
        ]
    return "\n".join(out)
