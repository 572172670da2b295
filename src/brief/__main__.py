"""`python -m brief` and the `brief` command: Ctrl-C ends them cleanly from the first instruction."""

import sys


def run() -> None:
    """The console script's entry point: importing the command line takes a noticeable moment
    (typer, rich), and Ctrl-C during it is an exit like any other, 130 and one line, no traceback."""
    try:
        from .cli import main
    except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was written yet
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
