"""`brief serve`: a live preview of the HTML editions in the browser, and the current PDF.

Starlette serves, uvicorn listens (on the loopback unless told otherwise). The editions are
rendered in memory on each save of a source, brief or theme file (watchfiles, as `brief
watch`); the page polls a version number and reloads itself when it moves. A save that breaks
the input shows its located problems in place of the brief, and the next good save brings the
brief back. The viewed edition's PDF is built in the background by one worker process that
keeps the renderer warm across saves (`pdf_worker`): WeasyPrint, the fonts and the stylesheet
are loaded once, and a newer save drops a stale build at once, so the page never waits for
WeasyPrint and the PDF link never gives a stale PDF as current.

The preview page is brief's own (a bar and a frame); the edition inside the frame is the very
HTML `brief build --format html` writes, with its own policy that forbids any script.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import pickle
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .build import find_briefs, workspace_of
from .errors import BriefError, UsageError, display_path
from .options import BuildOptions
from .warm import WarmRenderer

DEBOUNCE_MS = 100
PDF_WAIT_SECONDS = 180

# The page's own script: poll the version, reload when it moves, keep the frame's scroll position.
LIVE_JS = """\
(function () {
  const known = document.body.dataset.version;
  const frame = document.getElementById("edition");
  const key = "brief-serve-scroll:" + location.pathname;
  if (frame) {
    frame.addEventListener("load", function () {
      const y = Number(sessionStorage.getItem(key) || 0);
      if (y) frame.contentWindow.scrollTo(0, y);
    });
  }
  async function poll() {
    try {
      const answer = await fetch("/_brief/state", {cache: "no-store"});
      const state = await answer.json();
      const pdf = document.getElementById("pdf-state");
      if (pdf) pdf.textContent = state.pdf;
      if (String(state.version) !== known) {
        if (frame && frame.contentWindow) sessionStorage.setItem(key, String(frame.contentWindow.scrollY));
        location.reload();
        return;
      }
    } catch (e) { /* the server is restarting or stopped: try again */ }
    setTimeout(poll, 250);
  }
  setTimeout(poll, 250);
})();
"""

PAGE_CSS = """\
html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
#bar { position: fixed; top: 0; left: 0; right: 0; height: 2.4rem; box-sizing: border-box;
  display: flex; gap: 1rem; align-items: center; padding: 0 1rem; background: #222; color: #eee;
  font-size: 0.9rem; }
#bar a { color: #fff; }
#bar .current { font-weight: bold; text-decoration: none; }
#edition { position: fixed; top: 2.4rem; left: 0; width: 100%; height: calc(100% - 2.4rem); border: 0; }
#problems { margin: 3.4rem 1rem 1rem; }
#problems pre { white-space: pre-wrap; background: #fff3f3; border-left: 4px solid #b00; padding: 1rem;
  font-size: 0.95rem; line-height: 1.5; }
"""

CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
    "frame-src 'self'; img-src 'self' data:; font-src data:"
)


@dataclass
class Preview:
    """What the page shows now: each edition's HTML, or the problems that stop them."""

    chosen: tuple[Path, ...] | None  # brief files named on the command line; None: all of briefs/
    briefs_folder: Path = Path("briefs")
    version: int = 0
    editions: dict[str, str] = field(default_factory=dict)  # "trump-putin.fr.facilitator" -> HTML
    problems: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    targets: dict[str, tuple[Path, str, str]] = field(default_factory=dict)  # stem -> brief, lang, edition
    viewed: str | None = None  # the edition the page last showed: its PDF is kept built

    def current(self, stem: str | None) -> str | None:
        """The edition a page asks for, else the one last viewed, else the first."""
        for wanted in (stem, self.viewed):
            if wanted in self.editions:
                return wanted
        return next(iter(self.editions), None)

    def brief_files(self) -> list[Path]:
        if self.chosen is not None:
            return [p.resolve() for p in self.chosen]
        return [p.resolve() for p in find_briefs(self.briefs_folder)]

    def rebuild(self) -> bool:
        """Render every edition in memory; on bad input keep the located problems instead."""
        from .analysis import analyse
        from .build import earlier_version, load_all, targets, with_changes
        from .theme import Theme

        try:
            self.files = self.brief_files()
            debates, problems, _ = load_all(self.files)
            if problems:  # the page shows them all, in place of every brief
                raise BriefError(problems)
            editions: dict[str, str] = {}
            chosen: dict[str, tuple[Path, str, str]] = {}
            for debate in debates:
                theme = Theme(workspace_of(debate.brief.marks.file))
                revision, then = earlier_version(debate, None)
                for target in targets([debate], None, None):
                    view = analyse(target.debate, target.lang, target.edition)
                    if revision is not None:
                        view = with_changes(view, then, revision, target)
                    editions[target.stem()] = _render(view, theme)
                    chosen[target.stem()] = (debate.brief.marks.file, target.lang, target.edition.value)
            self.editions, self.targets, self.problems = editions, chosen, []
        except BriefError as exc:
            self.problems = [str(p) for p in exc.problems]
        except UsageError as exc:
            self.problems = [f"usage error: {exc}"]
        except Exception as exc:  # ours, not the user's: show it and keep serving
            self.problems = [f"internal error: {type(exc).__name__}: {exc}"]
        self.version += 1
        return not self.problems


def _render(view: Any, theme: Any) -> str:
    from .render import render_html

    return render_html(view, theme, standalone=True)


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
            "from brief.serve import pdf_worker; pdf_worker()",
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
class _Builder:
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
    from .build import build

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


def _fork_build(request: dict[str, Any], warm: WarmRenderer) -> _Builder:
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
    return _Builder(pid, reader, request["job"])


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
    from . import render, weasy  # noqa: F401  (loaded before the first request)

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # serve stops this process; Ctrl-C is for serve
    answers = os.dup(1)
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never among the answers
    requests = sys.stdin.fileno()
    warm, warmed = WarmRenderer(), False
    builder: _Builder | None = None
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


def _page(preview: Preview, current: str | None, pdf_state: str) -> str:
    """The preview page: a bar (editions, PDF link) and the edition in a frame, or the problems."""
    stems = list(preview.editions)
    links = " ".join(
        f'<a href="/e/{html.escape(s)}"{" class=current" if s == current else ""}>{html.escape(s)}</a>' for s in stems
    )
    pdf = ""
    if current is not None:
        pdf = f'<a href="/pdf/{html.escape(current)}.pdf" download>PDF</a> (<span id="pdf-state">{pdf_state}</span>)'
    if preview.problems:
        count = len(preview.problems)
        body = (
            f'<section id="problems"><h1>{count} problem{"s" if count != 1 else ""} found</h1>'
            "<p>The brief comes back on the next good save.</p>"
            f"<pre>{html.escape(chr(10).join(preview.problems))}</pre></section>"
        )
    elif current is None:
        body = '<section id="problems"><h1>No edition to show</h1></section>'
    else:
        body = (
            f'<iframe id="edition" title="{html.escape(current)}" src="/edition/{html.escape(current)}.html"></iframe>'
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(current or 'brief')} · brief serve</title>"
        f'<link rel="stylesheet" href="/_brief/page.css"></head><body data-version="{preview.version}">'
        f'<nav id="bar"><span>brief serve</span>{links}<span>{pdf}</span></nav>{body}'
        '<script src="/_brief/live.js"></script></body></html>'
    )


def make_app(preview: Preview, pdf_dir: Path, *, on_change: Callable[[list[Path], Preview], None] | None = None) -> Any:
    """The Starlette application: the page, the edition, the state, the PDF; and the watcher."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    pdf = PdfBuilder(pdf_dir)
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": CSP}

    def pdf_state() -> str:
        if preview.problems:
            return "waiting for a good save"
        return pdf.state(preview.viewed, preview.version)

    async def keep_pdf_built() -> None:
        """The viewed edition's PDF, for the version on screen, built or being built."""
        stem = preview.viewed
        if not preview.problems and stem in preview.targets and not pdf.busy_with_current(preview.version):
            await pdf.start(stem, preview.targets[stem], preview.version)

    async def page(request: Request) -> Response:
        preview.viewed = preview.current(request.path_params.get("stem"))
        await keep_pdf_built()
        return HTMLResponse(_page(preview, preview.viewed, pdf_state()), headers=headers)

    async def edition(request: Request) -> Response:
        text = preview.editions.get(request.path_params["stem"])
        if text is None:
            return HTMLResponse("<p>No such edition.</p>", status_code=404)
        return HTMLResponse(text, headers={"Cache-Control": "no-store"})

    async def state(request: Request) -> Response:
        state = {"version": preview.version, "ok": not preview.problems, "pdf": pdf_state()}
        return JSONResponse(state, headers=headers)

    async def download(request: Request) -> Response:
        stem = request.path_params["stem"]
        if stem not in preview.editions:
            return HTMLResponse("<p>No such edition.</p>", status_code=404)
        deadline = time.monotonic() + PDF_WAIT_SECONDS
        # The PDF of what the files say now: a build a newer save made stale does not count.
        while (state := pdf.state(stem, preview.version)) not in ("ready", "failed"):
            if preview.problems:
                problems = html.escape("\n".join(preview.problems))
                return HTMLResponse(f"<p>Fix these first:</p><pre>{problems}</pre>", status_code=409)
            if not pdf.busy_with_current(preview.version) and stem in preview.targets:
                await pdf.start(stem, preview.targets[stem], preview.version)
            if time.monotonic() > deadline:
                return HTMLResponse("<p>The PDF is still being built; try again.</p>", status_code=503)
            await asyncio.sleep(0.02)
        path = pdf_dir / f"{stem}.pdf"
        if state == "failed" or not path.is_file():
            message = html.escape(pdf.failed.get(stem, (0, ""))[1] or "the PDF could not be built")
            return HTMLResponse(f"<pre>{message}</pre>", status_code=409)
        # Read at once: a later save's build may rename its PDF into place while this one is sent.
        name = quote(f"{stem}.pdf")
        disposition = f"attachment; filename*=utf-8''{name}" if "%" in name else f'attachment; filename="{name}"'
        return Response(path.read_bytes(), media_type="application/pdf", headers={"Content-Disposition": disposition})

    async def script(request: Request) -> Response:
        return Response(LIVE_JS, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def css(request: Request) -> Response:
        return Response(PAGE_CSS, media_type="text/css")

    async def watch_files() -> None:
        import watchfiles

        from .theme import Theme
        from .watch import _relevant

        workspaces = sorted({workspace_of(b) for b in preview.files} or {preview.briefs_folder.resolve().parent})
        theme_folders = sorted({d for w in workspaces for d in (*Theme(w).dirs, (w / "templates").resolve())})
        folders = sorted({*theme_folders, *(w / "briefs" for w in workspaces), *(w / "sources" for w in workspaces)})
        roots = sorted({*workspaces, *(d for d in theme_folders if d.exists())})
        async for changes in watchfiles.awatch(*roots, debounce=DEBOUNCE_MS, step=20):
            files = [f for f in sorted({Path(p).resolve() for _, p in changes}) if _relevant(f, theme_folders, folders)]
            if not files:
                continue
            stem = preview.viewed
            if stem in preview.targets:  # its PDF starts at once, in the worker, while the HTML is rendered here
                await pdf.start(stem, preview.targets[stem], preview.version + 1)
            good = await asyncio.to_thread(preview.rebuild)
            if on_change is not None:
                on_change(files, preview)
            if good:
                preview.viewed = preview.current(None)
                await keep_pdf_built()
            else:
                await pdf.stop()

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> Any:
        watcher = asyncio.get_running_loop().create_task(watch_files())
        try:
            await pdf.begin()
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await pdf.close()

    routes = [
        Route("/", page),
        Route("/e/{stem}", page),
        Route("/edition/{stem}.html", edition),
        Route("/pdf/{stem}.pdf", download),
        Route("/_brief/state", state),
        Route("/_brief/live.js", script),
        Route("/_brief/page.css", css),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def serve(
    chosen: Sequence[Path] | None,
    *,
    host: str,
    port: int,
    announce: Callable[[str], None],
    on_change: Callable[[list[Path], Preview], None] | None = None,
    briefs_folder: Path = Path("briefs"),
) -> None:
    """Render, then serve until interrupted (Ctrl-C or SIGTERM); with no brief named, every brief
    in `briefs_folder`, including ones created while serving."""
    import logging

    import uvicorn

    logging.getLogger("watchfiles").setLevel(logging.ERROR)
    missing = [f for f in chosen or () if not f.is_file()]
    if missing:
        raise UsageError(f"{display_path(missing[0])}: no such brief file")
    preview = Preview(tuple(chosen) if chosen else None, briefs_folder)
    preview.files = preview.brief_files()  # a usage error (no briefs/) stops here, before serving
    preview.rebuild()
    listening = _listen(host, port)
    remove_abandoned_pdf_folders(Path(tempfile.gettempdir()))
    pdf_dir = Path(tempfile.mkdtemp(prefix=f"{PDF_FOLDER}{os.getpid()}-"))
    try:
        app = make_app(preview, pdf_dir, on_change=on_change)
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        server = uvicorn.Server(config)

        async def run() -> None:
            task = asyncio.create_task(server.serve(sockets=[listening]))
            while not server.started and not task.done():
                await asyncio.sleep(0.02)
            if server.started:
                address, bound = listening.getsockname()[:2]
                shown = f"[{address}]" if ":" in address else address
                names = ", ".join(display_path(f) for f in preview.files)
                announce(f"serving {names} at http://{shown}:{bound}/ (Ctrl-C to stop)")
                for problem in preview.problems:
                    announce(problem)
            await task

        asyncio.run(run())
    finally:
        listening.close()
        shutil.rmtree(pdf_dir, ignore_errors=True)


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


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a port in use is a plain message, not uvicorn's exit."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: not an address of this machine ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    listening = socket.socket(family, kind, proto)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind(address)
        listening.listen(128)
    except OSError as exc:
        listening.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return listening
