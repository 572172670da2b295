"""`python -m brief` runs the command line."""

from .cli import main

main()
