"""Reading only what is a file: regular files, of a sane size, never a device, a pipe or a loop.

A source that is a link to /dev/zero would be read until memory runs out; a named pipe would
block the run forever; a link loop would crash path resolution. Every file brief reads from a
workspace or a theme comes through here, and each of those is a located problem instead.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from brief.errors import BriefError

# What a non-regular file is, in a person's words.
_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)

_OPEN_ERRORS = {
    errno.ENOENT: "no such file",
    errno.ELOOP: "is a symbolic link loop (or a chain of links too long); it leads to no file",
    errno.ENAMETOOLONG: "the file name is too long for the file system; use a shorter id",
    errno.EACCES: "cannot be read: permission denied",
    errno.ENOTDIR: "no such file (a part of its path is not a folder)",
}


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _is(file: Path) -> str:
    """ "is", or "is a link to X, which is" when the file is a symbolic link."""
    try:
        return f"is a symbolic link to {os.readlink(file)}, which is" if os.path.islink(file) else "is"
    except OSError:
        return "is"


def _open_problem(file: Path, exc: OSError) -> BriefError:
    message = _OPEN_ERRORS.get(exc.errno or 0, f"cannot be read: {exc.strerror or exc}")
    return BriefError.at(file, 1, 1, message)


def read_regular(file: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a located problem.

    The file is opened without blocking (a named pipe with no writer would wait forever) and
    checked on the open descriptor, so what is read is what was checked.
    """
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _open_problem(file, exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BriefError.at(file, 1, 1, f"is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise BriefError.at(
                file, 1, 1, f"{_is(file)} not a regular file ({_kind(info.st_mode)}); brief reads only regular files"
            )
        if info.st_size > limit:
            raise BriefError.at(file, 1, 1, f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read it
            raise BriefError.at(file, 1, 1, f"file is over {limit:,} bytes; the limit is {limit:,}")
        return b"".join(chunks)
    except OSError as exc:
        raise BriefError.at(file, 1, 1, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def refuse_in_the_way(target: Path) -> None:
    """Raise when what stands at `target`, or at any folder on the way to it, is not ours to write.

    A symbolic link there (the file, or its folder) would make brief write wherever it points,
    outside the workspace; a folder or a device cannot be replaced by a file. The person is
    told what is in the way and left to move it: brief deletes nothing it did not write.
    """
    for place in (target.parent, target):
        if os.path.islink(place):
            raise BriefError.at(
                place,
                0,
                0,
                f"is a symbolic link (to {os.readlink(place)}); brief never writes through a link: remove it",
            )
    if target.parent.exists() and not target.parent.is_dir():
        raise BriefError.at(target.parent, 0, 0, "is not a folder; brief would write a file inside it: move it away")
    if os.path.lexists(target) and not target.is_file():
        what = "a folder" if target.is_dir() else _kind(os.stat(target).st_mode)
        raise BriefError.at(target, 0, 0, f"is {what}; brief would write a file here: move it away")


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on a folder, so builds sharing it take turns with its manifest."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        yield  # no folder to lock yet: the write that follows says what is wrong
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def leads_outside(root: Path, entry: Path) -> str | None:
    """Why an entry of a theme folder (`root`, resolved) may not be read, or None when it is the theme's own."""
    try:
        info = os.stat(entry)
    except OSError:
        return "is a symbolic link that leads to no file (broken, or a loop); remove it"
    target = Path(os.path.realpath(entry))
    if not target.is_relative_to(root):
        return (
            f"is a symbolic link to {target}, outside the theme; a theme reads only its own files: "
            "copy the file into the theme instead"
        )
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return "is not a regular file; a theme holds only files and folders"
    return None


def confined(files: Iterable[Path], roots: Iterable[Path]) -> None:
    """Raise when one of the theme `files` (each inside one of the resolved `roots`) leads outside it."""
    roots = list(roots)
    for file in files:
        root = next((r for r in roots if file.is_relative_to(r)), None)
        reason = leads_outside(root, file) if root is not None else None
        if reason is not None:
            raise BriefError.at(file, 0, 0, reason)
