"""The mode brief gives the files it writes: the one a new file gets under the user's umask.

An atomic write goes through a temporary file, which `tempfile.mkstemp` creates with mode
0600 whatever the umask; renamed into place as is, a PDF in a shared folder could be opened
by no one but its writer.
"""

from __future__ import annotations

import os


def umask() -> int:
    """The process's umask, read without changing it where the system tells (Linux), else set back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """0666 less the umask, as `open(path, "w")` would create the file."""
    return 0o666 & ~umask()
