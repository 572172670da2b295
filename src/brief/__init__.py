"""brief: two opposing readings of a news story, side by side, as a printable PDF."""

# Nothing imported here: the `brief` command imports this package before it can handle Ctrl-C.

DISTRIBUTION = "debate-brief"
"""The name brief is installed under (`brief` on PyPI is someone else's project); the command is `brief`."""


def collect_less_often() -> None:
    """Tune this process's garbage collector for laying out pages: WeasyPrint's layouts make young
    objects by the hundred thousand, most of them alive until the layout ends, and the collector's
    default (a look at every 700 new objects) took a twentieth of a whole build's CPU. A look at
    every 10,000 takes a third of that, for about 20 MiB more. For `brief` and serve's PDF worker."""
    import gc

    gc.set_threshold(10_000, *gc.get_threshold()[1:])


def __getattr__(name: str) -> str:
    """`brief.__version__`, looked up only when asked: importlib.metadata is slow to import."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            return "0+unknown"
    raise AttributeError(f"module 'brief' has no attribute {name!r}")
