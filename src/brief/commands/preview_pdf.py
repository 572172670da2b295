"""brief serve's PDFs: built in a worker process of their own, forked per build, so the page stays live.

The preview's HTML is rendered in the serving process in milliseconds; a PDF takes seconds, so a
worker lays it out (warm: WeasyPrint and the fonts stay loaded), and a save during a PDF build
kills that build and starts the next one from the newest text. Each serve builds its PDFs in a
folder of its own, named by its process id, and removes those of earlier serves that are gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pickle
import select
import shutil
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief import collect_less_often
from brief.build.options import BuildOptions
from brief.build.run import build
from brief.build.warm import WarmRenderer
from brief.errors import BriefError, UsageError

PDF_WAIT_SECONDS = 180


class PdfBuilder:
    """One edition's PDF at a time, by the PDF worker (`pdf_worker`), for one preview version.

    The worker is one long-lived process kept warm across saves; this side sends it a request
    per PDF and reads its answers on the event loop, so the page never waits for WeasyPrint. A
    newer request makes a build in progress stale: the worker drops it (the old file stays
    whole) and builds the newer one.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.worker: asyncio.subprocess.Process | None = None
        self.listener: asyncio.Task[None] | None = None
        self.jobs: dict[int, tuple[str, int]] = {}  # request number -> (stem, preview version), unanswered
        self.last_job = 0
        self.building: tuple[str, int] | None = None  # (stem, preview version) in progress
        self.ready: dict[str, int] = {}  # stem -> the preview version its file on disk shows
        self.failed: dict[str, tuple[int, str]] = {}  # stem -> (version, what the build said)
        self.closed = False  # serve is stopping: no worker is started any more

    def state(self, stem: str | None, version: int) -> str:
        if stem is None:
            return "no edition"
        if self.ready.get(stem) == version:
            return "ready"
        if self.failed.get(stem, (None, ""))[0] == version:
            return "failed"
        return "building" if self.building == (stem, version) else "not built yet"

    async def begin(self) -> None:
        """Start the worker (if it is not running): it loads WeasyPrint while the page is opened."""
        if self.closed or (self.worker is not None and self.worker.returncode is None):
            return
        self.worker = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from brief.commands.preview_pdf import pdf_worker; pdf_worker()",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            start_new_session=True,  # Ctrl-C at the terminal reaches serve alone, which stops the worker
            limit=1 << 20,
        )
        self.listener = asyncio.get_running_loop().create_task(self._listen(self.worker))

    async def start(self, stem: str, target: tuple[Path, str, str], version: int) -> None:
        """Build this edition for this version, unless it is built or being built already."""
        if self.building == (stem, version) or self.ready.get(stem) == version:
            return
        await self.begin()
        brief, lang, edition = target
        self.last_job += 1
        self.jobs[self.last_job] = (stem, version)
        self.building = (stem, version)
        request = {"job": self.last_job, "brief": str(brief), "lang": lang, "edition": edition}
        await self._send({**request, "out_dir": str(self.out_dir)})

    async def _send(self, request: dict[str, Any]) -> None:
        worker = self.worker
        if worker is None or worker.stdin is None:
            return
        try:
            worker.stdin.write(json.dumps(request).encode() + b"\n")
            await worker.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker has stopped: its listener says so

    async def _listen(self, worker: asyncio.subprocess.Process) -> None:
        """The worker's answers, one JSON object a line: a request's number and its problems (none: built)."""
        assert worker.stdout is not None
        async for line in worker.stdout:
            try:
                answer = json.loads(line)
                job, problems = int(answer["job"]), [str(p) for p in answer["problems"]]
            except (ValueError, KeyError, TypeError):  # not an answer: a library wrote to the pipe
                continue
            self._settle(job, problems)
        status = await worker.wait()
        if worker is self.worker:  # it stopped on its own: the next PDF starts another
            self.worker = None
            for job in sorted(self.jobs):
                self._settle(job, [f"the PDF worker stopped (exit status {status})"])

    def _settle(self, job: int, problems: list[str]) -> None:
        if job not in self.jobs:
            return
        stem, version = self.jobs[job]
        for older in [j for j in self.jobs if j <= job]:  # the worker dropped them unanswered: stale
            del self.jobs[older]
        if job == self.last_job:
            self.building = None
        if problems:
            self.failed[stem] = (version, "\n".join(problems))
        else:
            self.ready[stem] = version

    def busy_with_current(self, version: int) -> bool:
        """Building for this version, or for the next one (started as a save's HTML is rendered)."""
        return self.building is not None and self.building[1] >= version

    async def stop(self) -> None:
        """Drop the build in progress (a save broke the input)."""
        if self.building is not None:
            self.building = None
            await self._send({"stop": True})

    async def close(self) -> None:
        """Stop the worker and whatever it is building; no process of it outlives this."""
        self.closed = True
        worker, self.worker = self.worker, None
        if worker is None:
            return
        if worker.stdin is not None:
            worker.stdin.close()  # the end of its requests: it stops its build and exits
        try:
            await asyncio.wait_for(worker.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)  # its own session: the build it forked too
            await worker.wait()
        if self.listener is not None:
            await self.listener


@dataclass
class _ForkedBuild:
    """A build forked from the warm worker: its process and the pipe it answers on."""

    pid: int
    reader: int
    job: int
    data: bytearray = field(default_factory=bytearray)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # files are renamed into place whole: nothing half-written shows
        os.waitpid(self.pid, 0)
        os.close(self.reader)

    def read(self) -> tuple[list[str], WarmRenderer | None] | None:
        """What the pipe holds: None until the build has said everything and ended."""
        chunk = os.read(self.reader, 1 << 16)
        if chunk:
            self.data += chunk
            return None
        _, status = os.waitpid(self.pid, 0)
        os.close(self.reader)
        try:
            problems, warm = pickle.loads(self.data)
        except Exception:  # it died without saying: a crash, or killed from outside
            return [f"the PDF build stopped (exit status {os.waitstatus_to_exitcode(status)})"], None
        return problems, warm


def _build_pdf(request: dict[str, Any], warm: WarmRenderer) -> list[str]:
    """One edition's PDF into serve's folder (skipped when its content did not change); its problems."""
    options = BuildOptions(fmt="pdf", langs=(request["lang"],), editions=(request["edition"],))
    try:
        for _ in build([Path(request["brief"])], Path(request["out_dir"]), options, warm):
            pass
    except BriefError as exc:
        return [str(p) for p in exc.problems]
    except UsageError as exc:
        return [f"usage error: {exc}"]
    except Exception as exc:  # ours, not the user's: said in the page, and the worker goes on
        return [f"internal error: {type(exc).__name__}: {exc}"]
    return []


def _fork_build(request: dict[str, Any], warm: WarmRenderer) -> _ForkedBuild:
    """The build in a child forked from this warm process, which answers on a pipe and exits."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(reader)
            problems = _build_pdf(request, warm)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(pickle.dumps((problems, warm)))
        except BaseException:
            import traceback

            traceback.print_exc()  # on serve's stderr; the worker answers that the build stopped
            status = 1
        finally:
            os._exit(status)
    os.close(writer)
    return _ForkedBuild(pid, reader, request["job"])


def pdf_worker() -> None:
    """The process `brief serve` builds its PDFs in, kept warm across saves.

    Requests come on stdin, a JSON object a line: a build (`job`, `brief`, `lang`, `edition`,
    `out_dir`) or `stop`; each build finished is answered on stdout (`job`, `problems`). The first
    build runs here and warms this process: WeasyPrint, the theme's fonts and stylesheet, the
    models and templates stay loaded. Each later build runs in a child forked from it, as warm
    (measured: within a few hundredths of a second of a build in this process), so that a newer
    request stops a stale build at once by killing its child, where a stale build finishing
    would cost up to a whole layout more, and a fresh process a cold first layout (0.2-0.3 s more).
    The WarmRenderer comes back from each child: a PDF whose content did not change is not laid
    out again. The end of stdin (serve stopping, or gone) ends this process and its build.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # serve stops this process; Ctrl-C is for serve
    collect_less_often()
    answers = os.dup(1)
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never among the answers
    requests = sys.stdin.fileno()
    warm, warmed = WarmRenderer(), False
    builder: _ForkedBuild | None = None
    pending = b""

    def answer(job: int, problems: list[str]) -> None:
        line = memoryview((json.dumps({"job": job, "problems": problems}) + "\n").encode())
        while line:
            line = line[os.write(answers, line) :]

    try:
        while True:
            readable, _, _ = select.select([requests, *([builder.reader] if builder else [])], [], [])
            if builder is not None and builder.reader in readable:
                result = builder.read()
                if result is not None:
                    problems, returned = result
                    warm = returned or warm
                    answer(builder.job, problems)
                    builder = None
            if requests not in readable:
                continue
            chunk = os.read(requests, 1 << 16)
            if not chunk:
                return  # serve is done
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                request = json.loads(line)
                if builder is not None:  # a newer request makes it stale
                    builder.kill()
                    builder = None
                if "job" not in request:
                    continue  # stop: nothing more to build
                if warmed:
                    builder = _fork_build(request, warm)
                else:
                    problems = _build_pdf(request, warm)
                    warmed = not problems  # a layout ran: fonts, stylesheet and models are loaded
                    answer(request["job"], problems)
    except BrokenPipeError:
        return  # serve is gone
    finally:
        if builder is not None:
            builder.kill()


PDF_FOLDER = "brief-serve-"  # + the serving process's id + a random part: where its PDFs are built


def remove_abandoned_pdf_folders(temp: Path) -> list[Path]:
    """Remove the PDF folders of earlier `brief serve` processes of this user that no longer run.

    A serve removes its folder when it ends; one killed outright (SIGKILL, a power cut) cannot.
    A folder is abandoned when the process its name gives is gone; one whose process runs (or
    whose id another process now has) is left alone, as is anything not ours. Returns the removed.
    """
    removed = []
    for folder in temp.glob(f"{PDF_FOLDER}*-*"):
        pid = folder.name.removeprefix(PDF_FOLDER).split("-", 1)[0]
        try:
            info = folder.lstat()
            if not pid.isdigit() or not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)  # raises when no such process exists
            if not _ended(int(pid)):
                continue
        except ProcessLookupError:
            pass
        except (OSError, OverflowError):  # not ours to signal, or gone meanwhile: leave it
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _ended(pid: int) -> bool:
    """Whether a process that still has an id has ended all the same: killed, and not yet
    reaped by its parent (a zombie, as Linux's /proc tells; elsewhere, never said)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[:1] == ["Z"]
