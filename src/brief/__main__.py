"""`python -m brief` runs the command line."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was written yet
    sys.stderr.write("interrupted\n")
    sys.exit(130)

main()
