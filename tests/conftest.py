"""The suite's fixtures: workspaces to change freely, the sample built once per run, the wheel.

Helpers a test calls (run brief, read a PDF) are in tests.helpers; the workspaces themselves in
tests.workspaces. How the suite runs fast (forked processes, shared builds, the order of the
tests) is tests.processes, whose hooks are registered here; a test never needs to read it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import replace_in
from tests.processes import (  # noqa: F401  (pytest's hooks, registered by being here)
    SHARED_BUILDS,
    pytest_collection_finish,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_sessionfinish,
    shared_build,
    start_shared_builds,
    warm_renderer,
)
from tests.workspaces import ROOT, copy_workspace, tiny_workspace, views_workspace

# Property tests draw the same examples on every run, so CI is never red by chance.
settings.register_profile("brief", derandomize=True, database=None)
settings.load_profile("brief")


@pytest.fixture
def tiny_ws(tmp_path: Path) -> Path:
    """The tiny dam workspace (briefs/debate.yaml, sources/left.yaml, sources/right.yaml) in tmp_path/ws."""
    return tiny_workspace(tmp_path / "ws")


@pytest.fixture
def tiny_cwd(tiny_ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny workspace as the current folder, as a user runs brief in it (messages name files from there)."""
    monkeypatch.chdir(tiny_ws)
    return tiny_ws


@pytest.fixture
def views_ws(tmp_path: Path) -> Path:
    """The three-view car-free workspace in tmp_path/ws."""
    return views_workspace(tmp_path / "ws")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the sample workspace (briefs/, sources/); the built-in theme renders it."""
    return copy_workspace(tmp_path)


@pytest.fixture(scope="session", autouse=True)
def _shared_builds_started(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The renderer warmed for the children this process forks (in an xdist worker: a run in one
    process, such as one file's tests with `-n 0`, is spared the second it takes), then the shared
    builds this run's tests ask for started in the background."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        warm_renderer(tmp_path_factory.mktemp("warm"))
    start_shared_builds(request.session.items, tmp_path_factory)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief built once per test run with the real CLI, A4; returns the output folder."""
    return shared_build(tmp_path_factory, SHARED_BUILDS["sample_build"])


@pytest.fixture(scope="session")
def letter_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief built once per test run with the real CLI on Letter paper, as tagged PDF/UA."""
    return shared_build(tmp_path_factory, SHARED_BUILDS["letter_build"])


@pytest.fixture(scope="session")
def views_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three-view car-free workspace (two briefs) built once per test run with the real CLI."""
    return shared_build(tmp_path_factory, SHARED_BUILDS["views_build"])


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per test session by the build backend pyproject.toml names,
    through its PEP 517 hook: what `pip wheel .` calls, without pip's start-up and a build
    environment of its own (seconds, not checks)."""
    import importlib
    import tomllib

    out = tmp_path_factory.mktemp("dist")
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["build-backend"]
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        name = importlib.import_module(backend).build_wheel(str(out))
    finally:
        os.chdir(before)
    return out / name


@pytest.fixture(params=["rules", pytest.param("spacy", marks=pytest.mark.heavy)])
def drafting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """`brief draft` twice: with brief's rules alone, as where spaCy is not installed (the default
    run), and with spaCy's pipelines beside them where installed (the heavy step: loading the French
    one takes seconds, most of it compiling its tokenizer's patterns). For `usefixtures("drafting")`."""
    if request.param == "rules":
        monkeypatch.setattr("brief.commands.draft.load_pipeline", lambda language: None)
    return str(request.param)


@pytest.fixture
def edit_yaml() -> Callable[[Path, str, str], None]:
    """`replace_in`, for the tests that take it as a fixture."""
    return replace_in


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by selenium through chromium-driver (brief serve's test, axe-core's)."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = Path(tempfile.mkdtemp(prefix="brief-chromium-"))
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
