"""How fast hostile inputs end in a clear error, run by hand (never a timed test).

    python bench/hostile_inputs.py [--runs N]

Each input goes through `brief check` in a fresh process, as a user runs it; the median
wall time of N runs is shown against its target (an alias bomb must end within a second),
next to `brief --version` as the floor of starting Python. In-process figures (the loader
alone, no interpreter start) follow.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_SECONDS = 1.0


def billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


INPUTS: dict[str, Callable[[], str]] = {
    "alias bomb (10**10 values)": billion_laughs,
    "900 kB of nested brackets": lambda: "thesis: " + "[" * 450_000 + "]" * 450_000 + "\n",
    "just under 1 MB of text": lambda: "thesis: " + "w" * 999_000 + "\n",
    "just over 1 MB": lambda: "thesis: " + "w" * 1_000_001 + "\n",
    "20,000 duplicate keys": lambda: "".join(f"k{i % 100}: x\n" for i in range(20_000)),
}


def wall(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "brief", *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"brief {' '.join(args)} exited {done.returncode}: {done.stderr[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    from brief.errors import BriefError
    from brief.model.load import load_source

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        floor = statistics.median(wall(["--version"], folder) for _ in range(runs))
        print(f"{'python start (brief --version)':32} {floor:6.3f} s")
        for name, make in INPUTS.items():
            file = folder / "sources" / "hostile.yaml"
            file.write_text(make(), encoding="utf-8")
            cold = statistics.median(wall(["check", "sources/hostile.yaml"], folder) for _ in range(runs))
            start = time.perf_counter()
            try:
                load_source(file)
                outcome = "passed"
            except BriefError as exc:
                outcome = str(exc.problems[0]).replace(str(file), "hostile.yaml")[:90]
            warm = time.perf_counter() - start
            verdict = "ok" if cold <= TARGET_SECONDS else "SLOW"
            print(f"{name:32} {cold:6.3f} s cold ({verdict}, target {TARGET_SECONDS} s), {warm:6.3f} s in-process")
            print(f"{'':32} {outcome}")


if __name__ == "__main__":
    main()
