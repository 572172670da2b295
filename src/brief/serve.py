"""`brief serve`: a live preview of the HTML editions in the browser, and the current PDF.

Starlette serves, uvicorn listens (on the loopback unless told otherwise). The editions are
rendered in memory on each save of a source, brief or theme file (watchfiles, as `brief
watch`); the page polls a version number and reloads itself when it moves. A save that breaks
the input shows its located problems in place of the brief, and the next good save brings the
brief back. The PDF is built in the background by `brief build` in a child process, stopped
and started again when a newer save arrives, so the page never waits for WeasyPrint.

The preview page is brief's own (a bar and a frame); the edition inside the frame is the very
HTML `brief build --format html` writes, with its own policy that forbids any script.
"""

from __future__ import annotations

import asyncio
import html
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

from .build import find_briefs, workspace_of
from .errors import BriefError, UsageError, display_path

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
    """One edition's PDF at a time, by `brief build` in a child process, for one preview version.

    A newer save makes a build in progress stale: it is stopped (brief unwinds, the old file
    stays whole) and the edition being viewed is built again.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.process: asyncio.subprocess.Process | None = None
        self.building: tuple[str, int] | None = None  # (stem, preview version) in progress
        self.ready: dict[str, int] = {}  # stem -> the preview version its file on disk shows
        self.failed: dict[str, tuple[int, str]] = {}  # stem -> (version, what brief build said)

    def state(self, stem: str | None, version: int) -> str:
        if stem is None:
            return "no edition"
        if self.ready.get(stem) == version:
            return "ready"
        if self.failed.get(stem, (None, ""))[0] == version:
            return "failed"
        return "building" if self.building == (stem, version) else "not built yet"

    async def start(self, stem: str, target: tuple[Path, str, str], version: int) -> None:
        """Build this edition for this version, unless it is built or being built already."""
        if self.building == (stem, version) or self.ready.get(stem) == version:
            return
        await self.stop()
        brief, lang, edition = target
        command = [sys.executable, "-m", "brief", "build", "--format", "pdf", "--quiet"]
        command += ["--lang", lang, "--edition", edition, "--out-dir", str(self.out_dir), str(brief)]
        self.building = (stem, version)
        self.process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        asyncio.get_running_loop().create_task(self._wait(self.process, stem, version))

    async def _wait(self, process: asyncio.subprocess.Process, stem: str, version: int) -> None:
        _, stderr = await process.communicate()
        if process is not self.process:
            return  # stopped for a newer save
        self.process, self.building = None, None
        if process.returncode == 0:
            self.ready[stem] = version
        else:
            self.failed[stem] = (version, stderr.decode("utf-8", "replace").strip())

    def busy_with_current(self, version: int) -> bool:
        return self.building is not None and self.building[1] == version

    async def stop(self) -> None:
        process, self.process, self.building = self.process, None, None
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGTERM)  # brief unwinds: the old PDF stays whole
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


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
    import contextlib

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
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
            await asyncio.sleep(0.1)
        path = pdf_dir / f"{stem}.pdf"
        if state == "failed" or not path.is_file():
            message = html.escape(pdf.failed.get(stem, (0, ""))[1] or "the PDF could not be built")
            return HTMLResponse(f"<pre>{message}</pre>", status_code=409)
        return FileResponse(path, media_type="application/pdf", filename=f"{stem}.pdf")

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
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await pdf.stop()

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
    pdf_dir = Path(tempfile.mkdtemp(prefix="brief-serve-"))
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
