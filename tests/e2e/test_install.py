"""Installed as a user installs it: the wheel, with no test extras, in a fresh virtual environment.

pip installs the wheel itself (its files, its theme, its `brief` command). Its dependencies are
the very distributions the wheel declares, followed through their own requirements (markers
evaluated, no extras), taken from this environment and nothing else: the new environment sees
them through one folder of links, so a dependency brief uses but does not declare fails here,
and pytest, which no requirement names, cannot be imported. Copying 150 MB of dependencies
again would only test pip (the README's install line, which CI runs, does that).
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import pdf_text
from tests.workspaces import ROOT
from tests.workspaces.tiny import tiny_workspace


def declared(wheel: Path) -> list[Requirement]:
    """The wheel's own Requires-Dist lines, read from its METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        text = archive.read(name).decode("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("Requires-Dist:")]
    return [Requirement(line.split(":", 1)[1].strip()) for line in lines]


def closure(requirements: list[Requirement]) -> list[metadata.Distribution]:
    """Every distribution the requirements need, installed here, following their requirements."""
    found: dict[str, metadata.Distribution] = {}
    todo = [r for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""})]
    while todo:
        requirement = todo.pop()
        key = canonicalize_name(requirement.name)
        if key in found:
            continue
        dist = metadata.distribution(requirement.name)
        assert dist.version in requirement.specifier or not requirement.specifier, (requirement, dist.version)
        found[key] = dist
        for line in dist.requires or []:
            needed = Requirement(line)
            if needed.marker is None or needed.marker.evaluate({"extra": ""}):
                todo.append(needed)
    return list(found.values())


def link_folder(dists: list[metadata.Distribution], folder: Path) -> None:
    """Links to each distribution's top-level files (packages, modules, .dist-info) in one folder."""
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    folder.mkdir()
    for dist in dists:
        for file in dist.files or []:
            path = Path(dist.locate_file(file)).resolve()
            if not path.is_relative_to(site):
                continue  # scripts in bin/ and data outside site-packages
            top = path.relative_to(site).parts[0]
            if top != "__pycache__" and not (folder / top).exists():
                (folder / top).symlink_to(site / top)


@pytest.mark.heavy  # a wheel built and installed: the packaging, which few changes touch
@pytest.mark.long(4)
def test_the_installed_wheel_gives_a_working_brief(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-compile"]
    install = subprocess.run(
        [*pip, "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    dependencies = closure(declared(wheel))
    assert {canonicalize_name(d.metadata["Name"]) for d in dependencies} >= {"weasyprint", "jinja2", "typer"}
    link_folder(dependencies, tmp_path / "dependencies")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(f"{tmp_path / 'dependencies'}\n", encoding="utf-8")

    brief = venv / "bin" / "brief"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "debate-brief"

    version = subprocess.run([str(brief), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"brief {project['version']}", version.stderr

    # The package and its theme come from the environment; no test extras are there.
    probe = (
        "import brief, importlib.util; from brief.workspace import builtin_theme; "
        "print(brief.__file__); print(builtin_theme()); print(importlib.util.find_spec('pytest'))"
    )
    package, theme, pytest_spec = subprocess.run(
        [str(python), "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.split()
    assert Path(package).is_relative_to(venv) and Path(theme).is_relative_to(venv)
    assert pytest_spec == "None"

    ws = tiny_workspace(tmp_path / "ws")
    built = subprocess.run(
        [str(brief), "build", "--edition", "participant"], cwd=ws, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.strip() == "wrote build/debate.en.pdf"
    text = pdf_text(ws / "build" / "debate.en.pdf")
    assert "Should the valley build the dam?" in text and "The salmon cannot climb a wall of concrete." in text
