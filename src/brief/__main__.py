"""`python -m brief` and the `brief` command: Ctrl-C ends them cleanly from the first instruction."""

import contextlib
import os
import sys


def run() -> None:
    """The console script's entry point: importing the command line takes a noticeable moment
    (typer, rich), and Ctrl-C during it is an exit like any other, 130 and one line, no traceback."""
    try:
        from .cli import main
    except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was written yet
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    # Every file is written and synced, and every worker has stopped; what is left is the
    # interpreter tearing down WeasyPrint's object graph, up to a tenth of a build. Skip it.
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`brief build | head`)
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
