"""The docs site: its reference is generated from brief itself, and its nav lists every page.

The generating functions of the mkdocs hook are called directly: a full `mkdocs build --strict`
is CI's docs step, too slow for the suite.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import re
import sys
from types import ModuleType

import click
import typer.main
import yaml

from brief.cli import app
from tests.workspaces import ROOT

DOCS = ROOT / "docs"


@functools.cache
def hook() -> ModuleType:
    """docs/hooks/reference.py, loaded as mkdocs loads a hook: from its file, registered under its name."""
    spec = importlib.util.spec_from_file_location("docs_reference_hook", DOCS / "hooks" / "reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def sections(markdown: str) -> dict[str, str]:
    """Each `## heading` of the generated page with the text under it."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def squeezed(text: str) -> str:
    """Text without what a table or a terminal adds: spaces, cell bars, escapes, brackets, "default:"."""
    return re.sub(r"[\s|\\\[\]]|default:", "", html.unescape(text))


def test_the_commands_reference_lists_every_command_and_option() -> None:
    """Every command, argument and option, with the help and default `brief COMMAND --help` prints."""
    group = typer.main.get_command(app)
    root = click.Context(group, info_name="brief")
    generated = sections(hook().commands_reference())
    names = group.list_commands(root)
    assert len(names) >= 8
    assert list(generated) == ["`brief`"] + [f"`brief {name}`" for name in names]
    for name in ["", *names]:
        command = group.get_command(root, name) if name else group
        ctx = click.Context(command, info_name=name, parent=root) if name else root
        text = generated[f"`brief {name}`" if name else "`brief`"]
        assert squeezed(command.help or "") in squeezed(text)
        for param in command.get_params(ctx):
            if param.param_type_name == "argument":
                assert param.help and squeezed(param.help) in squeezed(text), f"brief {name}: argument {param.name}"
                continue
            flags, help_text = param.get_help_record(ctx)
            assert all(flag in flags for flag in [*param.opts, *param.secondary_opts])
            row = next((line for line in text.splitlines() if line.startswith(f"| `{flags}` |")), None)
            assert row, f"brief {name}: no row for {flags}"
            assert squeezed(row.removeprefix(f"| `{flags}` |")) == squeezed(help_text), f"brief {name}: {flags}"


def test_an_option_s_default_is_shown_as_help_shows_it() -> None:
    build = sections(hook().commands_reference())["`brief build`"]
    jobs = "| `-j, --jobs N` | Build this many editions at once, in separate processes. | the number of cores |"
    assert jobs in build
    assert "| `--paper A4\\|letter` |" not in build  # a pipe inside code stays a pipe: it does not split the cell
    assert "| `--paper A4|letter` | Paper size: A4 or letter. | A4 |" in build


def test_the_file_reference_lists_every_key_of_every_schema() -> None:
    generate = hook().schema_reference
    for kind in ("source", "brief"):
        schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        text = generate(kind)
        for spec in [schema, *schema["$defs"].values()]:
            for key, prop in spec.get("properties", {}).items():
                row = next((line for line in text.splitlines() if line.startswith(f"| `{key}` |")), None)
                assert row, f"{kind}: key {key} missing"
                assert squeezed(prop["description"])[:60] in squeezed(text), f"{kind}: description of {key}"
    assert "| `summary` | At a glance |" in generate("locale")


def test_every_page_is_in_the_nav_and_every_marker_is_known() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["hooks"] == ["docs/hooks/reference.py"]

    def pages(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [page for item in nav for page in pages(item)]
        if isinstance(nav, dict):
            return [page for value in nav.values() for page in pages(value)]
        return []

    listed = pages(config["nav"])
    on_disk = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if "hooks" not in p.parts)
    assert sorted(listed) == on_disk
    marker = hook().MARKER
    for page in on_disk:
        for found in marker.finditer((DOCS / page).read_text(encoding="utf-8")):
            assert found["what"] in ("commands", "schema", "problems"), f"{page}: {found[0]}"
