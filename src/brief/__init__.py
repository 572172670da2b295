"""brief: two opposing readings of a news story, side by side, as a printable PDF."""

from typing import Any

DISTRIBUTION = "debate-brief"
"""The name brief is installed under (`brief` on PyPI is someone else's project); the command is `brief`."""


def __getattr__(name: str) -> Any:
    """`brief.__version__`, looked up only when asked: importlib.metadata is slow to import."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0+unknown"
    raise AttributeError(f"module 'brief' has no attribute {name!r}")
