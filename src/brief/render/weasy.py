"""WeasyPrint, imported without the subprocesses its library search starts.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names per library, the
first ones for other systems (`libgobject-2.0-0`, `gobject-2.0`...). For each name that does
not open directly, cffi asks `ctypes.util.find_library`, which on Linux runs `ldconfig -p`,
`gcc` and `ld`: some 50 processes and a tenth of a cold build, to learn that a name made
for Windows is not here. On Linux the sonames further down each list open directly, so the
search is skipped while WeasyPrint is imported; should the import fail without it (a system
where only the search finds a library), it is imported again as WeasyPrint does it.

Importing this module imports WeasyPrint (a worker pool preloads it by name).
"""

from __future__ import annotations

import contextlib
import io
import sys
from types import ModuleType


def _import() -> ModuleType:
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its help when a library is missing
            import weasyprint

        return weasyprint
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint

    return weasyprint


weasyprint = _import()
