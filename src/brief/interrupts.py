"""Ctrl-C and SIGTERM, remembered as well as raised.

Python raises KeyboardInterrupt wherever the main thread happens to be when a signal lands, and
some of the code brief runs cannot take it there: an import's weak-reference callback prints it
as "Exception ignored" and goes on, pydantic turns it into a SchemaError while building a
validator, or into a broken pattern that then rejects valid input. The interrupt is lost, or
comes back as a wrong answer. So the handler also remembers it: the build stops at its next
edition (`check`), and the command line reports "interrupted", exit 130, whatever the run made
of the exception itself (`requested`). `brief watch` and `brief serve`, which Ctrl-C ends as
planned, `clear` it.

This module imports only `signal` and `sys` (built into Python): `brief.__main__` installs it first.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

_requested: list[int] = []  # the signals received, in order


def _handler(signum: int, _frame: FrameType | None) -> None:
    _requested.append(signum)
    raise KeyboardInterrupt


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An interrupt Python could not raise (in a callback, a finaliser) is not printed as a
    traceback: it is remembered, and the command says "interrupted"."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and _requested:
        return
    sys.__unraisablehook__(unraisable)


def install() -> None:
    """Ctrl-C (SIGINT) and SIGTERM raise KeyboardInterrupt, and are remembered.

    SIGTERM unwinds like Ctrl-C, so half-written temporary files are removed on the way out. A
    SIGINT the process was started ignoring (a shell's background job) stays ignored.
    """
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _handler)
    signal.signal(signal.SIGTERM, _handler)
    sys.unraisablehook = _unraisable


def requested() -> bool:
    """Whether an interrupt arrived, whatever became of the KeyboardInterrupt it raised."""
    return bool(_requested)


def check() -> None:
    """Raise KeyboardInterrupt again if an interrupt arrived and was swallowed on its way up."""
    if _requested:
        raise KeyboardInterrupt


def clear() -> None:
    """Ctrl-C did what it was meant to (stop watching or serving): nothing is left to report."""
    _requested.clear()
