"""End-to-end tests: the real command line, the real PDFs, the installed package."""
