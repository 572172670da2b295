"""WeasyPrint, imported without the subprocesses its library search starts."""

from __future__ import annotations

import subprocess
import sys


def test_importing_weasyprint_starts_no_process() -> None:
    """WeasyPrint's library search runs ldconfig, gcc and ld for every name that does not open directly."""
    code = (
        "import subprocess, sys\n"
        "def refuse(*a, **k): raise SystemExit(f'started a process: {a[0]}')\n"
        "subprocess.Popen.__init__ = refuse\n"
        "import brief.render.weasy\n"
        "print(brief.render.weasy.weasyprint.HTML.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "HTML\n", result.stderr


def test_the_library_search_is_given_back_after_the_import() -> None:
    """Only WeasyPrint's own import goes without `find_library`: every later caller has it again."""
    import ctypes.util

    import brief.render.weasy

    assert brief.render.weasy.weasyprint is sys.modules["weasyprint"]
    assert ctypes.util.find_library.__module__ == "ctypes.util"
    assert ctypes.util.find_library.__name__ == "find_library"
