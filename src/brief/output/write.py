"""The last arrow of the pipeline: output names, the output folder, and the one atomic writer.

Every file brief writes (an edition, a booklet, the manifest, a scaffold, a schema, a draft's
comment block) goes through `replace_file`: written beside its target under a temporary name
held with an advisory lock, then renamed, so an interrupted write leaves the old file whole and
the next build can tell a live writer's temporary from a dead one's. Nothing here knows of YAML,
Jinja or WeasyPrint.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path

from brief.errors import BriefError, display_path
from brief.safe_io import refuse_in_the_way


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
    """0666 less the umask, as `open(path, "w")` would create the file.

    `tempfile.mkstemp` creates its file 0600 whatever the umask; renamed into place as is, a
    PDF in a shared folder could be opened by no one but its writer.
    """
    return 0o666 & ~umask()


def hold(fd: int) -> None:
    """Mark a temporary file as being written: an advisory lock that dies with the process."""
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def replace_file(target: Path, payload: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write `payload` beside `target`, then rename it into place; raises OSError.

    Interrupted or failed at any point, the target is either the old file or the new one,
    never a mix, and the temporary file is gone. A symbolic link in the target's place is
    replaced, never followed. `mode` defaults to what a new file gets under the umask;
    `durable` syncs the bytes to disk before the rename (outputs a printer will read).
    """
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    hold(fd)  # a live build's temporary file; the next build removes it only once no process holds it
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), new_file_mode() if mode is None else mode)
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_out_dir(out_dir: Path) -> None:
    """Create the output folder (and its parents) when missing; a clear problem when it cannot be."""
    if out_dir.is_dir():
        return
    if out_dir.exists():
        raise BriefError.at(out_dir, 0, 0, "is a file, not a folder; choose another --out-dir")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefError.at(out_dir, 0, 0, f"cannot create the output folder: {exc.strerror}") from None


def output_file(out_dir: Path, name: str) -> Path:
    """Where to write `name`: a plain file directly inside `out_dir`, never anywhere else.

    A name with a folder in it, or a symbolic link in its place, would write outside the
    output folder, so both are refused; the link is left alone for the person to remove.
    """
    if name in ("", ".", "..") or any(c in name for c in "/\\\x00"):
        raise BriefError.at(out_dir, 0, 0, f"{name!r} is not a plain file name; outputs stay inside the folder")
    target = out_dir / name
    if target.is_symlink():
        raise BriefError.at(
            target,
            0,
            0,
            f"is a symbolic link (to {os.readlink(target)}); brief writes only plain files inside "
            f"{display_path(out_dir)}/: remove the link",
        )
    if target.is_dir():
        raise BriefError.at(target, 0, 0, "is a folder; brief would write a file here: move the folder away")
    return target


def write_atomic(target: Path, data: bytes | str) -> None:
    """An output written whole or not at all (see `replace_file`); a located problem when it cannot be."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    ensure_out_dir(target.parent)
    try:
        replace_file(target, payload)
    except OSError as exc:
        raise BriefError.at(target, 0, 0, f"cannot write: {exc.strerror or exc}") from None


def write_new(target: Path, text: str) -> None:
    """Write a small text file beside its target and rename it into place: never through a link, never half."""
    refuse_in_the_way(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, text.encode("utf-8"), durable=False)
    except OSError as exc:
        raise BriefError.at(target, 0, 0, f"cannot write: {exc.strerror or exc}") from None
