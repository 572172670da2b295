"""The speed benchmark, run by hand (never a timed test): `python bench/run.py [--runs N]`.

Every command runs in a fresh (cold) process, as a user runs it, the median of N runs is
shown against its target, and the peak memory of the largest process it started. The floor
for a build is a bare WeasyPrint render of the very same HTML in a cold process: what any
tool using WeasyPrint would pay for this document; builds and floors run in turns, so that
the machine's load drifts on both alike. CPU counts the whole process tree, --jobs workers
included. `brief watch` is timed from a save to the new files, in its own process; `brief serve`
from a save to its state saying the viewed edition's PDF is current.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRIEF = "trump-putin"
MiB = 1024 * 1024

# Runs a command as its child and reports the wall time and the peak RSS of its largest process,
# sampled from /proc for the whole process tree (worker processes of --jobs included), and the
# kernel's own figure for the processes it waited for.
_MEASURE = textwrap.dedent(
    """
    import json, os, resource, subprocess, sys, threading, time

    TICK = os.sysconf("SC_CLK_TCK")
    cpu_seen = {}  # fork server or worker pid -> the last user + system time read for it
    forked = {}  # pid -> whether it is a fork server or one of its workers (never waited for by brief)

    def tree_rss(root):
        children = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append((int(pid), fields))
            except (OSError, IndexError, ValueError):
                pass
        largest, stack = 0, [root]
        while stack:
            pid = stack.pop()
            for child, fields in children.get(pid, []):
                stack.append(child)
                if child not in forked:
                    try:
                        with open(f"/proc/{child}/cmdline", "rb") as f:
                            forked[child] = b"multiprocessing.forkserver" in f.read()
                    except OSError:
                        forked[child] = False
                if forked[child]:
                    cpu_seen[child] = (int(fields[11]) + int(fields[12])) / TICK
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            largest = max(largest, int(line.split()[1]) * 1024)
            except OSError:
                pass
        return largest

    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.02)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    proc.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The kernel's figure counts the processes waited for; the fork server and its --jobs workers
    # are not, so their CPU, read from /proc every 20 ms while they ran, is added.
    cpu = usage.ru_utime + usage.ru_stime + sum(cpu_seen.values())
    result = {"seconds": seconds, "cpu": cpu, "rc": proc.returncode}
    print(json.dumps({**result, "peak": max(peak[0], usage.ru_maxrss * 1024), "err": err.decode()[-800:]}))
    """
)

# The very HTML brief hands to WeasyPrint for the PDF (not the standalone --format html file,
# which inlines fonts for screens), written to a file for the floor to read.
_PDF_HTML = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from brief.build.pipeline import load_all
    from brief.model.enums import Edition
    from brief.render.html import render_html
    from brief.theme.search import Theme
    from brief.views.analysis import analyse
    (debate,), _, _ = load_all([Path(sys.argv[1])])
    theme = Theme(Path.cwd())
    Path(sys.argv[2]).write_text(render_html(analyse(debate, "en", Edition.participant), theme), encoding="utf-8")
    print(theme.base_url)
    """
)

# The same HTML and the same WeasyPrint options (brief tags its PDFs), nothing else.
_FLOOR = textwrap.dedent(
    """
    import sys
    from weasyprint import HTML
    HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3], pdf_tags=True)
    """
)


@dataclass
class Row:
    name: str
    seconds: float
    cpu: float
    peak: int
    target: str = ""
    ok: bool | None = None

    def line(self) -> str:
        verdict = "" if self.ok is None else ("ok" if self.ok else "MISSED")
        wall = f"{self.seconds:8.3f} s" if self.seconds else " " * 10
        cpu = f"{self.cpu:8.3f} s" if self.cpu else " " * 10
        peak = f"{self.peak / MiB:7.1f} MiB" if self.peak else " " * 11
        return f"| {self.name:<50} | {wall} | {cpu} | {peak} | {self.target:<20} | {verdict:<6} |"


def measure(cwd: Path, *command: str, runs: int, before: list[str] | None = None) -> tuple[float, float, int]:
    """Median wall and CPU times, and the largest peak RSS, of `runs` cold runs (`before` first, untimed)."""
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        if before:
            subprocess.run(before, cwd=cwd, check=True, capture_output=True)
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(cwd), *command], capture_output=True, text=True)
        result = json.loads(out.stdout)
        if result["rc"] != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result['err']}")
        times.append(result["seconds"])
        cpus.append(result["cpu"])
        peaks.append(result["peak"])
    return statistics.median(times), statistics.median(cpus), max(peaks)


def brief(*args: str) -> list[str]:
    return [sys.executable, "-m", "brief", *args]


def make_workspace(folder: Path, copies: int = 0) -> Path:
    shutil.copytree(ROOT / "briefs", folder / "briefs")
    shutil.copytree(ROOT / "sources", folder / "sources")
    text = (folder / "briefs" / f"{BRIEF}.yaml").read_text(encoding="utf-8")
    for n in range(1, copies):
        (folder / "briefs" / f"{BRIEF}-{n:02d}.yaml").write_text(text, encoding="utf-8")
    return folder


def with_url(folder: Path, length: int) -> Path:
    """The workspace with the first source's address made `length` characters long."""
    source = sorted((folder / "sources").glob("*.yaml"))[0]
    text = source.read_text(encoding="utf-8")
    url = "https://example.org/" + "a" * (length - len("https://example.org/"))
    source.write_text(text.replace("  url: null\n", f"  url: {url}\n", 1), encoding="utf-8")
    return folder


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint

    system = f"{platform.system()} {platform.release()}"
    return (
        f"nproc {len(os.sched_getaffinity(0))}, {cpu}; Python {platform.python_version()}; "
        f"WeasyPrint {weasyprint.__version__}; {system}"
    )


def alternated(cwd: Path, first: list[str], second: list[str], runs: int, before: list[str] | None = None) -> tuple:
    """Median wall, CPU and peak of two commands run in turns (A B A B...), so that drift in the
    machine's load falls on both alike."""
    a, b = [], []
    for _ in range(runs):
        a.append(measure(cwd, *first, runs=1, before=before))
        b.append(measure(cwd, *second, runs=1, before=before))

    def summary(results: list[tuple[float, float, int]]) -> tuple[float, float, int]:
        return (
            statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results),
            max(r[2] for r in results),
        )

    return summary(a), summary(b)


CLAIM = 'en: "US–Russian relations'


def ctrl_c_works() -> None:
    """The child gets the default SIGINT: a shell's background job (`python bench/run.py &`) ignores
    it, Python keeps that, and the Ctrl-C that ends `brief watch` and `brief serve` would do nothing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def watch_latency(ws: Path, edits: int) -> tuple[list[float], list[float]]:
    """Seconds from a save of one point's claim to the new HTML edition, and to the first new PDF.

    `brief watch --format both` runs in its own process; each edit changes the English claim of the
    sample's first point, and the files are polled every 5 ms for the edit's words.
    """
    import time

    source = ws / "sources" / "notrecontinent-2026-01-11.yaml"
    original = source.read_text(encoding="utf-8")
    out = ws / "build"
    html = out / f"{BRIEF}.en.html"
    proc = subprocess.Popen(
        brief("watch", "--format", "both", "--force"),
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    html_s, pdf_s = [], []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("watching"):
                break
        time.sleep(0.5)
        for n in range(edits):
            pdfs = {p: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
            word = f"Edit{n}x"
            source.write_text(original.replace(CLAIM, f'en: "{word} US–Russian relations', 1), encoding="utf-8")
            saved = time.perf_counter()
            html_at = pdf_at = None
            while pdf_at is None or html_at is None:
                now = time.perf_counter()
                if now - saved > 60:
                    raise SystemExit("watch did not rebuild within 60 s")
                if html_at is None and word in html.read_text(encoding="utf-8", errors="replace"):
                    html_at = now
                if pdf_at is None and any(
                    p.stat().st_mtime_ns != pdfs.get(p) for p in out.glob("*.pdf") if not p.name.startswith(".")
                ):
                    pdf_at = now
                time.sleep(0.005)
            html_s.append(html_at - saved)
            pdf_s.append(pdf_at - saved)
            time.sleep(3)  # every PDF of this save written before the next one
    finally:
        proc.send_signal(2)
        proc.wait(timeout=30)
        source.write_text(original, encoding="utf-8")
    return html_s, pdf_s


def serve_latency(ws: Path, edits: int) -> tuple[list[float], list[float]]:
    """Seconds from a save of one point's claim to `brief serve` saying the viewed edition's PDF is
    current, for a save made while no PDF is being built, and for one made while the previous
    save's PDF is being built (the build it makes stale).

    The page views the English dossier (the edition a lone save rebuilds); its state is polled every
    10 ms, and the PDF the link then gives is read back for the edit's words (untimed).
    """
    import io
    import re
    import time
    import urllib.request

    from pypdf import PdfReader

    source = ws / "sources" / "notrecontinent-2026-01-11.yaml"
    original = source.read_text(encoding="utf-8")
    proc = subprocess.Popen(
        brief("serve", "--port", "0"),
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=ctrl_c_works,
    )

    def get(path: str) -> bytes:
        with urllib.request.urlopen(url + path, timeout=120) as response:
            return response.read()

    def state() -> dict:
        return json.loads(get("_brief/state"))

    def save(word: str) -> tuple[float, int]:
        version = state()["version"]
        source.write_text(original.replace(CLAIM, f'en: "{word} US–Russian relations', 1), encoding="utf-8")
        return time.perf_counter(), version

    def current(saved: float, version: int, word: str, building: bool = False) -> float:
        """Seconds from `saved` until the state shows a newer version with its PDF ready (or building)."""
        while True:
            now = time.perf_counter()
            if now - saved > 60:
                raise SystemExit("serve did not build the PDF within 60 s")
            seen = state()
            if seen["version"] > version and seen["pdf"] == ("building" if building else "ready"):
                break
            time.sleep(0.01)
        if not building:
            pdf = PdfReader(io.BytesIO(get(f"pdf/{BRIEF}.en.pdf")))
            if word not in " ".join((page.extract_text() or "") for page in pdf.pages):
                raise SystemExit(f"serve's PDF does not say {word}")
        return now - saved

    lone, stale = [], []
    try:
        assert proc.stdout is not None
        found = re.search(r"at (http://\S+/) ", proc.stdout.readline())
        if not found:
            raise SystemExit("brief serve did not start")
        url = found.group(1)
        get(f"e/{BRIEF}.en")  # the page views the dossier: its PDF is built from now on
        get(f"pdf/{BRIEF}.en.pdf")
        for n in range(edits):
            word = f"Lone{n}x"
            lone.append(current(*save(word), word))
            time.sleep(1)
            saved, version = save(f"Stale{n}x")
            current(saved, version, f"Stale{n}x", building=True)
            time.sleep(0.3)  # a newer save while that PDF is being laid out
            word = f"Newer{n}x"
            stale.append(current(*save(word), word))
            time.sleep(1)
    finally:
        proc.send_signal(2)
        proc.wait(timeout=30)
        source.write_text(original, encoding="utf-8")
    return lone, stale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold runs per measure (the median is shown)")
    parser.add_argument("--many", type=int, default=0, help="briefs in a many-briefs build (0: skip it)")
    args = parser.parse_args()
    runs = args.runs
    rows: list[Row] = []
    # Python as installed runs from its bytecode caches (pip writes them for a wheel; an editable
    # install writes brief's on first use). An environment that sets PYTHONDONTWRITEBYTECODE (this
    # sandbox's does) would time compiling brief from source in every cold process instead; the
    # one priming run below writes the caches before anything is timed.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    load_before = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        ws = make_workspace(Path(tmp) / "one")
        one = ["build", f"briefs/{BRIEF}.yaml", "--lang", "en", "--edition", "participant"]
        clean = [sys.executable, "-c", "import shutil; shutil.rmtree('build', ignore_errors=True)"]

        # 1. A cold build of one edition against WeasyPrint alone on the same HTML, in turns.
        html = ws / "pdf-input.html"
        made = subprocess.run(
            [sys.executable, "-c", _PDF_HTML, f"briefs/{BRIEF}.yaml", str(html)],
            cwd=ws,
            check=True,
            capture_output=True,
            text=True,
        )
        floor_cmd = [sys.executable, "-c", _FLOOR, str(html), made.stdout.strip(), str(ws / "floor.pdf")]
        subprocess.run(brief(*one), cwd=ws, check=True, capture_output=True)  # priming: caches written
        subprocess.run(clean, cwd=ws, check=True)
        build_row, floor = alternated(ws, brief(*one), floor_cmd, runs, before=clean)
        ratio, cpu_ratio = build_row[0] / floor[0], build_row[1] / floor[1]
        rows.append(Row("brief build BRIEF --lang en --edition participant", *build_row, f"({ratio:.2f} x wall)"))
        rows.append(Row("floor: bare WeasyPrint render of the same HTML", *floor))
        rows.append(Row("  build / floor in CPU time", 0, 0, 0, f"<= 1.00 x ({cpu_ratio:.2f} x)", cpu_ratio <= 1.00))

        # 2. The quick commands.
        for name, command, limit in (("brief --help", ["--help"], 0.08), ("brief check", ["check"], 0.15)):
            wall, cpu, peak = measure(ws, *brief(*command), runs=runs)
            rows.append(Row(name, wall, cpu, peak, f"<= {limit:.2f} s", wall <= limit))
        subprocess.run(brief(*one), cwd=ws, check=True, capture_output=True)
        wall, cpu, peak = measure(ws, *brief(*one), runs=runs)
        rows.append(Row("no-op rebuild (everything up to date)", wall, cpu, peak, "<= 0.12 s", wall <= 0.12))

        # 3. The whole sample (2 languages x 3 editions): one process, then editions over every core.
        whole = ws / "whole"
        cores = len(os.sched_getaffinity(0))
        serial, spread = alternated(
            ws,
            brief("build", "--force", "--quiet", "--out-dir", str(whole), "--jobs", "1"),
            brief("build", "--force", "--quiet", "--out-dir", str(whole)),
            runs,
        )
        rows.append(Row("brief build --force (whole sample), --jobs 1", *serial))
        share = spread[0] / serial[0]
        rows.append(
            Row(
                f"brief build --force (whole sample), --jobs {cores} (default)",
                *spread,
                f"<= 0.60 x ({share:.2f} x)",
                share <= 0.60,
            )
        )
        rows.append(Row("  largest process of the spread build", 0, 0, spread[2], "<= 150 MiB", spread[2] <= 150 * MiB))

        # 4. Watch: from a save of one point's claim to the new files (median of 5 edits).
        html_s, pdf_s = watch_latency(make_workspace(Path(tmp) / "watch"), 5)
        h, p = statistics.median(html_s), statistics.median(pdf_s)
        rows.append(Row("watch: save -> new HTML edition (median of 5)", h, 0, 0, "<= 0.15 s", h <= 0.15))
        rows.append(Row("watch: save -> first new PDF (median of 5)", p, 0, 0, "<= 0.50 s", p <= 0.50))

        # 4b. Serve: from a save to the viewed edition's current PDF (median of 5 edits), and from a
        # save that makes the PDF being built stale.
        lone, stale = serve_latency(make_workspace(Path(tmp) / "serve"), 5)
        rows.append(Row("serve: save -> current PDF (median of 5)", statistics.median(lone), 0, 0))
        rows.append(Row("serve: save during a PDF build -> current PDF", statistics.median(stale), 0, 0))

        # 5. A long address: build time must stay linear in its length (issue 13: 26 s at 2,300 characters).
        url_cpu = {}
        for length in (500, 2048):
            long = with_url(make_workspace(Path(tmp) / f"url-{length}"), length)
            wall, cpu, peak = measure(long, *brief(*one), runs=max(1, runs // 2), before=clean)
            url_cpu[length] = cpu
            rows.append(Row(f"build with a {length}-character url", wall, cpu, peak))
        growth = url_cpu[2048] / url_cpu[500]
        rows.append(Row("  2048 / 500 characters in CPU time", 0, 0, 0, f"<= 1.50 x ({growth:.2f} x)", growth <= 1.5))

        if args.many:
            many = make_workspace(Path(tmp) / "many", copies=args.many)
            for jobs in (1, cores):
                command = brief("build", "--quiet", "--lang", "en", "--edition", "participant", "--jobs", str(jobs))
                wall, cpu, peak = measure(many, *command, runs=1, before=clean)
                rows.append(Row(f"{args.many} briefs (en, participant), --jobs {jobs}", wall, cpu, peak))

    load = f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    print(f"machine: {machine()}")
    print(f"median of {runs} cold runs, builds and floors in turns; load average {load}")
    print("cpu: user + system time of the whole process tree (--jobs workers included, forked or from a fork server)\n")
    print(f"| {'measure':<50} | {'wall':>10} | {'cpu':>10} | {'peak RSS':>11} | {'target':<20} | {'':<6} |")
    print(f"|{'-' * 52}|{'-' * 12}|{'-' * 12}|{'-' * 13}|{'-' * 22}|{'-' * 8}|")
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
