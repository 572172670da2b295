"""Two checkouts of brief, timed in turns: `python bench/compare.py OLD_PYTHON OLD_CHECKOUT [--runs N]`.

Run by hand, never in a test. Each measure runs in a fresh process in both checkouts, one after
the other, N times, so that the machine's drifting load falls on both alike; the median of each
process's CPU time (user + system) is shown with the ratio. OLD_PYTHON is an interpreter with the
other checkout installed (editable); this checkout runs with the interpreter running this script.
Used to hold a refactoring to the figures it found (see the developer guide's Performance page).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURES = {
    "brief --help": ["--help"],
    "brief check": ["check"],
    "no-op rebuild": ["build", "--quiet", "--out-dir", "{out}/noop"],
    "cold build of the English dossier": [
        *("build", "--force", "--quiet", "--lang", "en", "--edition", "participant", "--jobs", "1"),
        *("--out-dir", "{out}/cold"),
    ],
}


def cpu_of(python: str, checkout: Path, args: list[str]) -> float:
    """The CPU time of one `python -m brief ARGS` process, run in `checkout`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed
    subprocess.run([python, "-m", "brief", *args], cwd=checkout, capture_output=True, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old_python")
    parser.add_argument("old_checkout", type=Path)
    parser.add_argument("--runs", type=int, default=11)
    given = parser.parse_args()
    sides = {"before": (given.old_python, given.old_checkout.resolve()), "after": (sys.executable, ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        outs = {side: Path(tmp) / side for side in sides}
        for side, (python, checkout) in sides.items():  # the no-op rebuild needs a build to find up to date
            cpu_of(python, checkout, ["build", "--quiet", "--out-dir", f"{outs[side]}/noop"])
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(given.runs):
            for name, args in MEASURES.items():
                for side, (python, checkout) in sides.items():
                    filled = [a.format(out=outs[side]) for a in args]
                    times.setdefault((side, name), []).append(cpu_of(python, checkout, filled))
    print(f"median CPU time of {given.runs} runs, in turns; load average {os.getloadavg()[0]:.1f}")
    print("| measure | before | after | after / before |\n| --- | ---: | ---: | ---: |")
    for name in MEASURES:
        old, new = statistics.median(times[("before", name)]), statistics.median(times[("after", name)])
        print(f"| {name} | {old * 1000:,.0f} ms | {new * 1000:,.0f} ms | {new / old:.2f} |")


if __name__ == "__main__":
    main()
