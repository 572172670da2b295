"""brief: two opposing readings of a news story, side by side, as a printable PDF."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("brief")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"
