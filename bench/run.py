"""The speed benchmark, run by hand (never a timed test): `python bench/run.py [--runs N]`.

Every command runs in a fresh (cold) process, as a user runs it, the median of N runs is
shown against its target, and the peak memory of the largest process it started. The floor
for a build is a bare WeasyPrint render of the very same HTML in a cold process: what any
tool using WeasyPrint would pay for this document.
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

    def tree_rss(root):
        children = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(pid))
            except (OSError, IndexError, ValueError):
                pass
        largest, stack = 0, [root]
        while stack:
            pid = stack.pop()
            stack += children.get(pid, [])
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
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    proc.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rc": proc.returncode}
    print(json.dumps({**result, "peak": max(peak[0], usage.ru_maxrss * 1024), "err": err.decode()[-800:]}))
    """
)

# The very HTML brief hands to WeasyPrint for the PDF (not the standalone --format html file,
# which inlines fonts for screens), written to a file for the floor to read.
_PDF_HTML = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from brief.analysis import analyse
    from brief.build import load_all
    from brief.model import Edition
    from brief.render import render_html
    from brief.theme import Theme
    (debate,) = load_all([Path(sys.argv[1])])
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold runs per measure (the median is shown)")
    parser.add_argument("--many", type=int, default=50, help="briefs in the many-briefs build (0: skip it)")
    args = parser.parse_args()
    runs, many_runs = args.runs, max(1, args.runs // 3)
    rows: list[Row] = []
    load_before = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        ws = make_workspace(Path(tmp) / "one")
        one = ["build", f"briefs/{BRIEF}.yaml", "--lang", "en", "--edition", "participant"]
        clean = [sys.executable, "-c", "import shutil; shutil.rmtree('build', ignore_errors=True)"]

        wall, cpu, peak = measure(ws, *brief(*one), runs=runs, before=clean)
        html = ws / "pdf-input.html"
        made = subprocess.run(
            [sys.executable, "-c", _PDF_HTML, f"briefs/{BRIEF}.yaml", str(html)],
            cwd=ws,
            check=True,
            capture_output=True,
            text=True,
        )
        theme = made.stdout.strip()
        floor = measure(ws, sys.executable, "-c", _FLOOR, str(html), theme, str(ws / "floor.pdf"), runs=runs)
        ratio, cpu_ratio = wall / floor[0], cpu / floor[1]
        rows.append(
            Row("brief build BRIEF --lang en --edition participant", wall, cpu, peak, f"<= 1.10 x ({ratio:.2f} x)")
        )
        rows[-1].ok = ratio <= 1.10
        rows.append(Row("floor: bare WeasyPrint render of the same HTML", *floor))
        rows.append(Row("  build / floor in CPU time", 0, 0, 0, f"<= 1.10 x ({cpu_ratio:.2f} x)", cpu_ratio <= 1.10))

        for name, command, limit in (("brief --help", ["--help"], 0.15), ("brief check", ["check"], 0.30)):
            wall, cpu, peak = measure(ws, *brief(*command), runs=runs)
            rows.append(Row(name, wall, cpu, peak, f"<= {limit:.2f} s", wall <= limit))

        subprocess.run(brief(*one), cwd=ws, check=True, capture_output=True)
        wall, cpu, peak = measure(ws, *brief(*one), runs=runs)
        rows.append(Row("no-op rebuild (everything up to date)", wall, cpu, peak, "<= 0.30 s", wall <= 0.30))

        # A long address: build time must stay linear in its length (issue 13: 26 s at 2,300 characters).
        url_cpu = {}
        for length in (500, 2048):
            long = with_url(make_workspace(Path(tmp) / f"url-{length}"), length)
            wall, cpu, peak = measure(long, *brief(*one), runs=runs, before=clean)
            url_cpu[length] = cpu
            rows.append(Row(f"build with a {length}-character url", wall, cpu, peak))
        growth = url_cpu[2048] / url_cpu[500]
        rows.append(Row("  2048 / 500 characters in CPU time", 0, 0, 0, f"<= 1.50 x ({growth:.2f} x)", growth <= 1.5))

        many = make_workspace(Path(tmp) / "many", copies=args.many)
        for jobs in (1, 2) if args.many else ():
            command = brief("build", "--quiet", "--lang", "en", "--edition", "participant", "--jobs", str(jobs))
            wall, cpu, peak = measure(many, *command, runs=many_runs, before=clean)
            rows.append(Row(f"{args.many} briefs (en, participant), --jobs {jobs}", wall, cpu, peak))

    peak = max(r.peak for r in rows)
    rows.append(Row("peak memory (largest process of any run above)", 0, 0, peak, "<= 150 MiB", peak <= 150 * MiB))
    load = f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after"

    print(f"machine: {machine()}")
    print(f"median of {runs} cold runs ({many_runs} for the many-briefs builds); load average {load}")
    print("cpu: user + system time of the processes waited for (not the --jobs workers of the fork server)\n")
    print(f"| {'measure':<50} | {'wall':>10} | {'cpu':>10} | {'peak RSS':>11} | {'target':<20} | {'':<6} |")
    print(f"|{'-' * 52}|{'-' * 12}|{'-' * 12}|{'-' * 13}|{'-' * 22}|{'-' * 8}|")
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
