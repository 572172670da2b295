"""The editor schema: generated from the models, committed in schema/, used by every YAML file.

A third-party validator (check-jsonschema, through its own command line, in this process) must agree with
brief on the sample files: accept them as written (unquoted dates are text to both) and
refuse an unknown key.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from brief.cli.commands import app
from brief.model.schema import KINDS, json_schema
from tests.workspaces import ROOT
from tests.workspaces.tiny import tiny_workspace

runner = CliRunner()
SCHEMA_DIR = ROOT / "schema"
SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}


@pytest.mark.parametrize("kind", KINDS)
def test_brief_schema_prints_the_committed_copy(kind: str) -> None:
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0, result.output
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, (
        f"schema/{kind}.schema.json is stale: run `brief schema {kind} > schema/{kind}.schema.json`"
    )
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_unknown_schema_kind_is_a_usage_error() -> None:
    result = runner.invoke(app, ["schema", "article"])
    assert result.exit_code == 2
    assert "Invalid value for 'KIND': expected source, brief or locale, found 'article'" in result.output
    assert "Value error" not in result.output


def fields(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(model, field, field schema) for every field of the root model and of every model it uses."""
    models = {"(root)": schema, **schema.get("$defs", {})}
    for model, body in models.items():
        for name, spec in body.get("properties", {}).items():
            yield model, name, spec


@pytest.mark.parametrize("kind", ["source", "brief"])
def test_every_field_has_a_description_and_an_example(kind: str) -> None:
    schema = json_schema(kind)  # type: ignore[arg-type]
    seen = list(fields(schema))
    assert len(seen) > 10
    lacking = [f"{model}.{name}" for model, name, spec in seen if not spec.get("description")]
    assert lacking == [], f"fields without a description: {lacking}"
    lacking = [f"{model}.{name}" for model, name, spec in seen if not spec.get("examples")]
    assert lacking == [], f"fields without an example: {lacking}"
    models = {"(root)": schema, **schema["$defs"]}
    assert [m for m, body in models.items() if "properties" in body and not body.get("description")] == []


def test_every_model_refuses_unknown_keys_in_the_schema_too() -> None:
    for kind in ("source", "brief"):
        schema = json_schema(kind)  # type: ignore[arg-type]
        for body in [schema, *schema["$defs"].values()]:
            if "properties" in body:
                assert body["additionalProperties"] is False


def repo_yaml_files() -> list[Path]:
    """Every YAML file of the checkout; never a virtual environment's (any folder with a
    pyvenv.cfg, such as CI's .venv-3.13), nor build output or caches."""
    out = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not (Path(folder, d) / "pyvenv.cfg").exists())
        out += [Path(folder, f) for f in files if Path(f).suffix in (".yaml", ".yml")]
    return sorted(p for p in out if p != ROOT / "mkdocs.yml")  # the docs site's configuration, not brief's


def expected_kind(path: Path) -> str:
    return {"sources": "source", "briefs": "brief", "locale": "locale"}[path.parent.name]


def test_every_yaml_file_in_the_repo_starts_with_its_schema() -> None:
    files = repo_yaml_files()
    assert {f.parent.name for f in files} >= {"sources", "briefs", "locale"}
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), f"{path.relative_to(ROOT)} does not start with {prefix}..."
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target == SCHEMA_DIR / f"{expected_kind(path)}.schema.json", path


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's own command line, run in this process (its click command, as
    `python -m check_jsonschema` runs it, without starting Python for each call)."""
    from check_jsonschema.cli.main_command import main
    from click.testing import CliRunner as ClickRunner

    args = ["--schemafile", str(schema), *map(str, files)]
    result = ClickRunner().invoke(main, args, catch_exceptions=False)
    return subprocess.CompletedProcess(["check-jsonschema", *args], result.exit_code, result.stdout, result.stderr)


def test_check_jsonschema_accepts_every_yaml_file_in_the_repo() -> None:
    by_kind: dict[str, list[Path]] = {}
    for path in repo_yaml_files():
        by_kind.setdefault(expected_kind(path), []).append(path)
    for kind, files in by_kind.items():
        result = check_jsonschema(SCHEMA_DIR / f"{kind}.schema.json", *files)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "ok -- validation done" in result.stdout


def test_check_jsonschema_accepts_the_tiny_workspace(tmp_path: Path) -> None:
    ws = tiny_workspace(tmp_path)
    # written as people write them: unquoted dates, a month, a bare year, `no` as text
    source = ws / "sources" / "left.yaml"
    source.write_text(
        source.read_text(encoding="utf-8")
        .replace("published: 2025-03-01", "published: 2025")
        .replace("outlet: The Valley Post", "outlet: no"),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["check", str(source)]).exit_code == 0
    assert check_jsonschema(SCHEMA_DIR / "source.schema.json", *(ws / "sources").glob("*.yaml")).returncode == 0
    assert check_jsonschema(SCHEMA_DIR / "brief.schema.json", ws / "briefs" / "debate.yaml").returncode == 0


@pytest.mark.parametrize(
    ("kind", "sample", "old", "new", "key"),
    [
        ("source", "sources/notrecontinent-2026-01-11.yaml", "\nthesis:", "\nthesys:", "thesys"),
        (
            "source",
            "sources/notrecontinent-2026-01-11.yaml",
            "\n  kind: opinion",
            "\n  kind: opinion\n  colour: red",
            "colour",
        ),
        ("brief", "briefs/trump-putin.yaml", "\nquestion:", "\nquestoin:", "questoin"),
    ],
)
def test_check_jsonschema_rejects_an_unknown_key(
    tmp_path: Path, kind: str, sample: str, old: str, new: str, key: str
) -> None:
    text = (ROOT / sample).read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / Path(sample).name
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_jsonschema(SCHEMA_DIR / f"{kind}.schema.json", bad)
    assert result.returncode == 1
    assert f"'{key}' was unexpected" in result.stdout


@pytest.mark.parametrize("kind", ["source", "brief"])
def test_every_example_is_valid_for_its_field(kind: str) -> None:
    import jsonschema

    schema = json_schema(kind)  # type: ignore[arg-type]
    for model, name, spec in fields(schema):
        field_schema = {"$defs": schema["$defs"], **{k: v for k, v in spec.items() if k != "examples"}}
        for example in spec["examples"]:
            errors = list(jsonschema.Draft202012Validator(field_schema).iter_errors(example))
            assert errors == [], f"{model}.{name}: example {example!r} is invalid: {errors[0].message}"


def test_brief_new_gives_a_workspace_the_schema_its_scaffold_points_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["new", "source", "lemonde-2026-01-11"])
    assert result.exit_code == 0, result.output
    assert "wrote schema/source.schema.json, which editors read for completion and inline errors" in result.stdout
    scaffold = tmp_path / "sources" / "lemonde-2026-01-11.yaml"
    first = scaffold.read_text(encoding="utf-8").splitlines()[0]
    target = scaffold.parent / first.removeprefix("# yaml-language-server: $schema=")
    assert target.read_text(encoding="utf-8") == (SCHEMA_DIR / "source.schema.json").read_text(encoding="utf-8")
    # a second scaffold of the same kind leaves the (current) schema alone
    result = runner.invoke(app, ["new", "source", "lefigaro-2026-01-12"])
    assert "schema.json" not in result.stdout
