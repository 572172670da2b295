"""`python -m brief` and the `brief` command: Ctrl-C ends them cleanly from the first instruction."""

import os  # imported by Python's own start already (site), as sys is: no module is loaded before `run`
import sys


def run() -> None:
    """The console script's entry point: importing the command line takes a noticeable moment
    (typer, rich), and Ctrl-C during it is an exit like any other, 130 and one line, no traceback."""
    try:
        from brief import collect_less_often, interrupts

        collect_less_often()

        interrupts.install()  # remembered as well as raised: see brief.interrupts
        from brief.cli.commands import main
    except BaseException as exc:  # Ctrl-C while starting up: nothing was written yet
        # (an import may turn the KeyboardInterrupt into another error, as class creation does)
        installed = sys.modules.get(f"{__package__}.interrupts")
        if isinstance(exc, KeyboardInterrupt) or getattr(installed, "requested", bool)():
            sys.stderr.write("interrupted\n")
            sys.exit(130)
        raise
    try:
        main()
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:  # in the moment between the import and main's own handler
        sys.stderr.write("interrupted\n")
        code = 130
    else:
        code = 0
    # Every file is written and synced, and every worker has stopped; what is left is the
    # interpreter tearing down WeasyPrint's object graph, up to a tenth of a build. Skip it.
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    import contextlib  # loaded by the command line already: nothing is imported before the handler

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`brief build | head`)
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
