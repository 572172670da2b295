"""Ctrl-C while `brief` starts up: exit 130 with one line, never a Python traceback.

The installed command is run in a real process (the entry point is what is under test) and
interrupted at moments from its first imports to its first build. Python's own start and the
first lines of the launcher pip writes (`import re`, `import sys`, loading brief's two tiny entry
modules) come before any of brief's code; an interrupt that lands there is not ours to handle.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import ctrl_c_works
from tests.workspaces import copy_workspace

COMMAND = Path(sys.executable).parent / "brief"


def interrupted(ws: Path, delay: float) -> tuple[int, str]:
    child = subprocess.Popen(
        [str(COMMAND), "build", "--force"],
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    return child.returncode, err


def before_brief(code: int, err: str) -> bool:
    """An interrupt before brief's first instruction: in Python's start (its `site` import), the
    launcher's own lines (`import re`, `import sys`) or Python loading the two tiny modules the
    launcher names (`brief/__init__.py`, which imports nothing, and `brief/__main__.py`, whose
    first instruction is the handler): the traceback shows no frame of brief's `run`. Python may
    also lose such an interrupt itself, in a callback of its import machinery ("Exception ignored"),
    and then run brief to the end: after the handler, brief remembers the interrupt and says so."""
    frames = [line.strip() for line in err.splitlines() if line.strip().startswith("File ")]
    if any(", in run" in f for f in frames):
        return False
    # killed by the signal; or Python's start failed ("Fatal Python error: init_import_site", "failed
    # to set __main__.__loader__"), or Python lost the interrupt in a callback and brief then ran
    return code == -signal.SIGINT or "KeyboardInterrupt" in err


def start_up_seconds(ws: Path) -> float:
    """How long `brief --version` takes from the command to its exit on this machine, now: Python's
    start and brief's command line, the span the interrupts below are spread over."""
    start = time.monotonic()
    subprocess.run([str(COMMAND), "--version"], cwd=ws, capture_output=True, timeout=120, check=True)
    return time.monotonic() - start


@pytest.mark.heavy  # a dozen cold starts of Python, each interrupted at its own moment
def test_ctrl_c_during_start_up_is_a_clean_exit(tmp_path: Path) -> None:
    ws = copy_workspace(tmp_path)
    reached = 0
    # From Python's start to brief's first build, in proportion to how long a start takes here: on
    # a quiet machine about 0.13 s, so 0.04 s to 0.4 s; a loaded one stretches every moment alike.
    unit = start_up_seconds(ws)
    for share in (0.3, 0.45, 0.6, 0.75, 1.0, 1.3, 1.9, 3.0):
        delay = share * unit
        code, err = interrupted(ws, delay)
        if before_brief(code, err):
            continue  # Python itself had not yet started brief
        assert "Traceback" not in err, f"after {delay} s:\n{err}"
        assert code == 130, f"after {delay} s: exit {code}\n{err}"
        assert err.splitlines()[-1].startswith("interrupted"), err
        reached += 1
    assert reached >= 5  # the interrupts did land in brief's start-up
