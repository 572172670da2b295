"""`brief serve`: the live preview as a person sees it, in a real headless browser.

The server is the real console entry point in a subprocess, on 127.0.0.1 and a port the
system picks; the browser is Debian's chromium driven by selenium through chromium-driver,
with no network. Saves are made the way an editor makes them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.test_imports import imported
from tests.helpers import axe_violations, pdf_text, replace_in, run_brief
from tests.processes import ctrl_c_works, fork_brief, waited
from tests.workspaces.tiny import tiny_workspace

WAIT = 10.0  # seconds; the page follows a save within a second, this is slack for a busy machine


class Server:
    """`brief serve --port 0` running in a workspace, its output read as it comes."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "brief", "serve", "--port", "0", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=ctrl_c_works,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()
        first = self.lines.get(timeout=60)
        match = re.search(r"at (http://\S+/) \(Ctrl-C to stop\)", first)
        assert match, first
        self.url = match.group(1)

    def _read(self, stream: io.TextIOBase) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def output(self) -> list[str]:
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                return self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    tiny_workspace(tmp_path)
    running = Server(tmp_path)
    try:
        yield running
    finally:
        running.stop()


save = replace_in  # a save from the person's editor


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def seen(driver: object) -> str:
    """What the person sees: the bar and the page, and the brief inside its frame if there is one."""
    from selenium.common.exceptions import (
        NoSuchElementException,
        NoSuchFrameException,
        StaleElementReferenceException,
        WebDriverException,
    )
    from selenium.webdriver.common.by import By

    try:
        driver.switch_to.default_content()  # type: ignore[attr-defined]
        page = driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        try:
            driver.switch_to.frame("edition")  # type: ignore[attr-defined]
            page += "\n" + driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        except (NoSuchFrameException, NoSuchElementException):
            pass  # the problems page has no frame
        return page
    except (StaleElementReferenceException, WebDriverException):  # caught mid-reload
        return ""
    finally:
        with contextlib.suppress(WebDriverException):
            driver.switch_to.default_content()  # type: ignore[attr-defined]


def wait_for(driver: object, wanted: Callable[[str], bool], what: str) -> str:
    deadline = time.monotonic() + WAIT
    text = ""
    while time.monotonic() < deadline:
        text = seen(driver)
        if wanted(text):
            return text
        time.sleep(0.1)
    raise AssertionError(f"the page never showed {what} within {WAIT} s; it shows:\n{text}")


def the_page_follows_saves_shows_problems_and_recovers(server: Server, browser: object, left: Path) -> None:
    browser.get(server.url)  # type: ignore[attr-defined]
    wait_for(browser, lambda t: "Dams do more harm than good." in t, "the brief")
    browser.execute_script("document.getElementById('pdf-state').textContent = 'building'")  # type: ignore[attr-defined]
    assert axe_violations(browser) == []  # the page (while its PDF builds), in axe-core's eyes

    started = time.monotonic()
    save(left, "thesis: Dams do more harm than good.", "thesis: Dams kill the rivers they tame.")
    wait_for(browser, lambda t: "Dams kill the rivers they tame." in t, "the edited thesis")
    took = time.monotonic() - started

    # A broken save: the located problem in place of the brief, markup in it shown as typed.
    save(left, "thesis: Dams kill", "<b>thesys</b>: Dams kill")
    text = wait_for(browser, lambda t: "problem" in t and "sources/left.yaml:10:1:" in t, "the located problem")
    assert axe_violations(browser) == []  # the problems page too
    assert "unknown key '<b>thesys</b>'" in text
    assert "Dams kill the rivers they tame." not in text

    save(left, "<b>thesys</b>: Dams kill", "thesis: Dams still kill")
    # the brief again, and the problem gone (the page may paint the two changes a moment apart)
    wait_for(
        browser,
        lambda t: "Dams still kill the rivers they tame." in t and "sources/left.yaml:10:1" not in t,
        "the brief again, without the problem",
    )
    assert took < WAIT


def processes_under(root: int) -> dict[int, tuple[str, int]]:
    """Every process below `root`, read from /proc: its command line and its start time (pids are reused)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents.setdefault(int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]), []).append(
                    int(entry.name)
                )
    found, stack = {}, list(parents.get(root, []))
    while stack:
        pid = stack.pop()
        stack += parents.get(pid, [])
        with contextlib.suppress(OSError, IndexError):
            command = (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            found[pid] = (command, started(pid))
    return found


def started(pid: int) -> int:
    return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[19])


def cpu_ticks(pid: int) -> int:
    """The process's CPU time, with that of the children it waited for (the builds it forked)."""
    fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15])


def state(server: Server) -> dict[str, object]:
    return json.loads(get(server.url + "_brief/state")[2])


def pdf_saying(server: Server, stem: str, words: str) -> str:
    """The PDF link's text once it says `words` (the link gives the PDF of the version on screen,
    and serve sees a save a moment after it is made)."""
    deadline = time.monotonic() + WAIT
    while True:
        status, content_type, pdf = get(server.url + f"pdf/{stem}.pdf")
        if status == 200 and content_type == "application/pdf":
            text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split())
            if words in text:
                return text
            said = f"it says {text[:300]!r}"
        else:  # a save seen half-written (the file truncated, then written): the next event rebuilds it
            said = f"it answers {status}: {pdf[:300]!r}"
        assert time.monotonic() < deadline, f"the PDF never said {words!r}; {said}"
        time.sleep(0.1)


def one_warm_worker_builds_the_pdf_of_every_save(server: Server, left: Path, thesis: str) -> dict[int, tuple[str, int]]:
    """The PDF of each save from the same warm worker, a stale build dropped; every process seen below serve."""
    get(server.url + "e/debate.en")  # the page shows the dossier: its PDF is kept built
    pdf_saying(server, "debate.en", thesis)
    (worker,) = processes_under(server.proc.pid)  # one process besides serve, and no build left running
    seen = processes_under(server.proc.pid)
    assert "pdf_worker" in seen[worker][0]

    def saved(old: str, new: str) -> None:
        """Save a new thesis: the PDF link gives it, laid out by the same worker, still running."""
        spent = cpu_ticks(worker)
        save(left, f"thesis: {old}", f"thesis: {new}")
        assert old not in pdf_saying(server, "debate.en", new)
        now = processes_under(server.proc.pid)
        seen.update(now)
        assert worker in now and now[worker] == seen[worker]  # the same process: the renderer stays warm
        assert cpu_ticks(worker) > spent  # it laid the PDF out, itself or in a build it forked and waited for

    saved(thesis, "Dams kill the rivers.")
    # A save while the PDF of the one before is being built: that build is stale, the link gives the newer.
    version = state(server)["version"]
    save(left, "thesis: Dams kill the rivers.", "thesis: Dams kill the deltas.")
    deadline = time.monotonic() + WAIT
    while (now := state(server))["version"] == version or now["pdf"] == "not built yet":
        assert time.monotonic() < deadline, f"serve never started the PDF of the save: {now}"
        time.sleep(0.01)
    saved("Dams kill the deltas.", "Dams drown valleys.")
    return seen


def the_pdf_link_gives_the_current_pdf_and_ctrl_c_stops(server: Server, left: Path, thesis: str) -> None:
    assert server.url.startswith("http://127.0.0.1:")  # loopback unless --host says otherwise
    version = state(server)["version"]
    save(left, f"thesis: {thesis}", "thesis: Rivers need no dams.")
    deadline = time.monotonic() + WAIT
    while state(server)["version"] == version and time.monotonic() < deadline:
        time.sleep(0.1)

    status, _, page = get(server.url)
    assert status == 200
    link = re.search(r'href="(/pdf/[^"]+\.pdf)"', page.decode())
    assert link, page
    assert link.group(1) == "/pdf/debate.en.pdf"
    status, content_type, pdf = get(server.url.rstrip("/") + link.group(1))
    assert status == 200 and content_type == "application/pdf"
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rivers need no dams." in " ".join(text.split())  # the PDF of the latest save

    assert server.stop() == 0
    assert "stopped serving" in server.output()


@pytest.mark.heavy  # serve, its PDF worker and a headless Chromium through a whole session
@pytest.mark.long(7)
@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads the process tree from /proc")
def test_a_session_of_serve_as_a_person_uses_it(server: Server, browser: object, tmp_path: Path) -> None:
    """One server through a whole session, as a person keeps one open (each start costs a second of
    CPU for serve and its PDF worker): the page follows saves, shows a problem and recovers; one warm
    worker lays out the PDF of every save; the PDF link gives the current PDF; Ctrl-C stops serve,
    and nothing it started outlives it."""
    left = tmp_path / "sources" / "left.yaml"
    the_page_follows_saves_shows_problems_and_recovers(server, browser, left)
    seen = one_warm_worker_builds_the_pdf_of_every_save(server, left, "Dams still kill the rivers they tame.")
    the_pdf_link_gives_the_current_pdf_and_ctrl_c_stops(server, left, "Dams drown valleys.")
    for pid, (command, start) in seen.items():  # no worker or build outlives serve
        still = Path(f"/proc/{pid}").exists() and started(pid) == start
        assert not still, f"{pid} ({command}) is still running"


@pytest.mark.long(3)
def test_the_pdf_worker_drops_a_stale_build_and_says_what_stops_one(tmp_path: Path) -> None:
    """serve's PDF worker as serve drives it: a request a line, an answer per build finished."""
    tiny_workspace(tmp_path)
    out = tmp_path / "pdfs"
    # Forked from this process (WeasyPrint imported already) rather than started afresh as serve
    # does: the protocol, the stale build dropped and the problems are the worker's own either way.
    from brief.commands.preview_pdf import pdf_worker

    to_worker, from_us = os.pipe()
    to_us, from_worker = os.pipe()
    pid = fork_brief(
        [],
        cwd=tmp_path,
        streams=(to_worker, from_worker, 2),
        main=pdf_worker,
        close=(from_us, to_us, to_worker, from_worker),
    )
    os.close(to_worker)
    os.close(from_worker)
    requests = open(from_us, "w", encoding="utf-8")  # noqa: SIM115  (closed below: that ends the worker)
    answers = open(to_us, encoding="utf-8")  # noqa: SIM115

    def ask(*sent: dict[str, object]) -> dict[str, object]:
        """Send requests (at once), and read the next answer."""
        asked = {"brief": "briefs/debate.yaml", "lang": "en", "edition": "participant", "out_dir": str(out)}
        requests.write("".join(json.dumps({**asked, **r}) + "\n" for r in sent))
        requests.flush()
        return json.loads(answers.readline())

    try:
        assert ask({"job": 1}) == {"job": 1, "problems": []}
        save(tmp_path / "sources" / "left.yaml", "thesis: Dams do more harm", "thesis: Dams do much more harm")
        # Job 3 comes before job 2's layout ends: job 2 is stale, dropped unanswered, its file left as it was.
        assert ask({"job": 2}, {"job": 3, "edition": "facilitator"}) == {"job": 3, "problems": []}
        assert "Dams do much more harm" in pdf_text(out / "debate.en.facilitator.pdf")
        assert "Dams do more harm" in pdf_text(out / "debate.en.pdf")
        refused = "usage error: debate declares languages en; --lang fr is not one"
        assert ask({"job": 4, "lang": "fr"}) == {"job": 4, "problems": [refused]}
        assert ask({"job": 5}) == {"job": 5, "problems": []}  # a build after a failed one
        assert "Dams do much more harm" in pdf_text(out / "debate.en.pdf")
    finally:
        requests.close()  # the end of the requests ends the worker
        answers.close()
        assert waited(pid, 60) == 0


def test_serve_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    result = run_brief("serve", "--port", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "no workspace here" in result.stderr

    tiny_workspace(tmp_path)
    result = run_brief("serve", "briefs/nope.yaml", "--port", "0", cwd=tmp_path)
    assert result.returncode == 2 and "briefs/nope.yaml: no such brief file" in result.stderr

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_brief("serve", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["import", "draft", "serve"])
def test_help_of_the_new_commands_loads_none_of_their_libraries(command: str, tmp_path: Path) -> None:
    modules = imported(command, "--help", cwd=tmp_path)
    assert "brief.cli.commands" in modules
    for heavy in ("trafilatura", "htmldate", "spacy", "dateparser", "uvicorn", "starlette", "brief.model.fields"):
        assert heavy not in modules, heavy


def test_pdf_folders_a_killed_serve_left_are_removed_by_the_next(tmp_path: Path) -> None:
    """A serve killed outright (SIGKILL) cannot remove its PDF folder: the next serve removes it,
    also while the killed one waits to be reaped, and nothing else: not a running serve's folder,
    nor a link, a file or a folder of another name."""
    from brief.commands.preview_pdf import PDF_FOLDER, remove_abandoned_pdf_folders

    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()  # a process id no process has now
    abandoned = tmp_path / f"{PDF_FOLDER}{gone.pid}-k1ll3d"
    (abandoned / "job").mkdir(parents=True)
    (abandoned / "job" / "debate.en.pdf").write_bytes(b"%PDF-")
    running = tmp_path / f"{PDF_FOLDER}{os.getpid()}-4l1ve"
    running.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / f"{PDF_FOLDER}{gone.pid}-l1nk"
    link.symlink_to(elsewhere)
    file = tmp_path / f"{PDF_FOLDER}{gone.pid}-f1le"
    file.write_text("not a folder", encoding="utf-8")
    other = tmp_path / f"{PDF_FOLDER}mine-too"
    other.mkdir()
    killed = subprocess.Popen([sys.executable, "-c", ""])  # ends, and is not reaped until waited for
    deadline = time.monotonic() + 30
    while Path(f"/proc/{killed.pid}/stat").is_file() and time.monotonic() < deadline:
        if Path(f"/proc/{killed.pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z":
            break
        time.sleep(0.01)
    unreaped = tmp_path / f"{PDF_FOLDER}{killed.pid}-z0mb1e"
    unreaped.mkdir()
    try:
        assert sorted(remove_abandoned_pdf_folders(tmp_path)) == sorted([abandoned, unreaped])
    finally:
        killed.wait()
    assert not abandoned.exists() and not unreaped.exists()
    assert running.is_dir() and link.is_symlink() and elsewhere.is_dir() and file.is_file() and other.is_dir()
