"""The command line: `app`, the typer application, and `main`, its entry point (the `brief` command).

Only wiring lives here: each command parses its options, calls one function of brief.build or
brief.commands, and turns user errors into located messages and exit codes.
"""

from brief.cli.commands import app, main

__all__ = ["app", "main"]
