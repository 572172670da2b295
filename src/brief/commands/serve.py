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
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brief.build.pipeline import load_all
from brief.build.since import earlier_version, with_changes
from brief.build.targets import targets, workspace_of
from brief.commands.preview_pdf import PDF_FOLDER, PDF_WAIT_SECONDS, PdfBuilder, remove_abandoned_pdf_folders
from brief.errors import BriefError, UsageError, display_path, problems_found
from brief.output.names import output_name
from brief.render.html import render_html
from brief.theme.search import Theme
from brief.views.analysis import analyse
from brief.workspace import find_briefs, watched

DEBOUNCE_MS = 100

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
#bar span, #bar a { background: #222; }  /* each text on the bar's own dark ground, whatever lies under the bar */
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
                    editions[target.stem()] = _edition_html(view, theme)
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


def _edition_html(view: Any, theme: Any) -> str:
    return render_html(view, theme, standalone=True)


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
            f'<main id="problems"><h1>{problems_found(count)}</h1>'
            "<p>The brief comes back on the next good save.</p>"
            f"<pre>{html.escape(chr(10).join(preview.problems))}</pre></main>"
        )
    elif current is None:
        body = '<main id="problems"><h1>No edition to show</h1></main>'
    else:  # the edition in its frame holds the page's one <main>
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
        path = pdf_dir / output_name(stem, "pdf")
        if state == "failed" or not path.is_file():
            message = html.escape(pdf.failed.get(stem, (0, ""))[1] or "the PDF could not be built")
            return HTMLResponse(f"<pre>{message}</pre>", status_code=409)
        # Read at once: a later save's build may rename its PDF into place while this one is sent.
        name = quote(output_name(stem, "pdf"))
        disposition = f"attachment; filename*=utf-8''{name}" if "%" in name else f'attachment; filename="{name}"'
        return Response(path.read_bytes(), media_type="application/pdf", headers={"Content-Disposition": disposition})

    async def script(request: Request) -> Response:
        return Response(LIVE_JS, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def css(request: Request) -> Response:
        return Response(PAGE_CSS, media_type="text/css")

    async def watch_files() -> None:
        import watchfiles

        workspaces = sorted({workspace_of(b) for b in preview.files} or {preview.briefs_folder.resolve().parent})
        followed = watched(workspaces)
        async for changes in watchfiles.awatch(*followed.roots, debounce=DEBOUNCE_MS, step=20):
            files = [f for f in sorted({Path(p).resolve() for _, p in changes}) if followed.relevant(f)]
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
