"""Skip what is up to date: a manifest of input and output digests in the output folder.

A brief is rebuilt only when something that shapes its files changed: the brief, the sources
it names, any theme file, the build options or brief's own code; or when an output is
missing or was modified. The check imports nothing heavy (no pydantic, Jinja or WeasyPrint),
so a no-op build answers in well under a second.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.errors import BriefError
from brief.model.revisions import RevisionError, resolve_commit
from brief.output.write import replace_file
from brief.paths import real
from brief.safe_io import locked, read_regular

MANIFEST = ".brief-manifest.json"
MAX_DIGESTED = 1 << 30  # a theme file, an output or the manifest larger than this is not ours
FORMAT = 1


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, or "missing"."""
    try:
        return hashlib.sha256(read_regular(path, MAX_DIGESTED)).hexdigest()
    except BriefError:  # absent, or not a regular file (a pipe would block, a device never end)
        return "missing"


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """One digest of every file under a folder: names and contents ("absent" if no folder)."""
    if not folder.is_dir():
        return "absent"
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + file_digest(path).encode() + b"\0")
    return digest.hexdigest()


def folder_digests(folders: Iterable[Path]) -> dict[Path, str]:
    """Each folder's digest (`folder_digest`), taken before a build reads them."""
    return {folder: folder_digest(folder) for folder in folders}


@functools.cache  # the code this process runs: read once
def code_digest() -> str:
    """brief's own code, every module of the package: a new version, or any edit to it, makes every
    output stale."""
    return folder_digest(Path(__file__).parent.parent, "*.py")


def options_key(brief_file: Path, options: Mapping[str, Any]) -> str:
    """Which build of which brief: the brief's path and every option that shapes its files."""
    payload = json.dumps({"brief": str(real(brief_file)), "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Record:
    """What one brief's build read and wrote, with the digests they had."""

    files: dict[str, str]  # input file -> digest
    folders: dict[str, str]  # theme folder -> digest (a folder that did not exist counts too)
    outputs: dict[str, str]  # output file name in the output folder -> digest
    code: str
    revisions: list[list[str]] = field(default_factory=list)  # [folder, revision as written, commit]
    brief: str = ""  # the brief file that wrote the outputs (empty in manifests from before it was kept)
    lacking: list[str] = field(default_factory=list)  # what was asked that the brief does not declare

    @classmethod
    def of(
        cls,
        inputs: Mapping[Path, str],
        folders: Mapping[Path, str],
        outputs: Iterable[Path],
        revisions: Iterable[tuple[Path, str, str]] = (),
        brief: Path | None = None,
        lacking: Iterable[str] = (),
    ) -> Record:
        """A build's record: its inputs' and theme folders' digests as they were read before the
        build (a file saved during it leaves the outputs stale), its outputs' as written."""
        return cls(
            brief=str(real(brief)) if brief is not None else "",
            files={str(p.resolve()): d for p, d in inputs.items()},
            folders={str(p.resolve()): d for p, d in folders.items()},
            outputs={p.name: file_digest(p) for p in outputs},
            code=code_digest(),
            revisions=[[str(folder), spec, commit] for folder, spec, commit in revisions],
            lacking=list(lacking),
        )

    def current(self, out_dir: Path) -> bool:
        """True when every input, theme folder, output and the code still have their digests."""
        return (
            self.code == code_digest()
            and all(file_digest(out_dir / name) == d for name, d in self.outputs.items())
            and all(file_digest(Path(f)) == d for f, d in self.files.items())
            and all(folder_digest(Path(f)) == d for f, d in self.folders.items())
            and all(_names(Path(folder), spec) == commit for folder, spec, commit in self.revisions)
        )


def _names(folder: Path, spec: str) -> str | None:
    """The commit a revision names today ("HEAD~1" moves with every commit)."""
    try:
        return resolve_commit(folder, spec)
    except RevisionError:
        return None


class Manifest:
    """`<out-dir>/.brief-manifest.json`: one Record per brief and set of options."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST
        self.records: dict[str, Record] = self._read()
        self._changed: dict[str, Record] = {}  # what this build remembered

    def _read(self) -> dict[str, Record]:
        try:
            data = json.loads(read_regular(self.path, MAX_DIGESTED).decode("utf-8"))
            if data.get("format") == FORMAT:
                return {k: Record(**v) for k, v in data["builds"].items()}
        except (BriefError, OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return {}  # no manifest, or a damaged one: everything is stale

    def owner(self, name: str) -> str | None:
        """The brief file whose build wrote the output `name`, while the file is still as it wrote it."""
        for record in self.records.values():
            if record.brief and name in record.outputs and file_digest(self.out_dir / name) == record.outputs[name]:
                return record.brief
        return None

    def up_to_date(self, key: str) -> Record | None:
        """The record of an unchanged build (its outputs as they are), or None when it must be rebuilt."""
        record = self.records.get(key)
        if record is None or not record.outputs or not record.current(self.out_dir):
            return None
        return record

    def outputs(self, record: Record) -> tuple[Path, ...]:
        """The files a record's build wrote, in the order it wrote them."""
        return tuple(self.out_dir / name for name in record.outputs)

    def remember(self, key: str, record: Record) -> None:
        self.records[key] = record
        self._changed[key] = record

    def save(self) -> None:
        """Write the manifest atomically (a crash leaves the old one whole), merged under a lock.

        Builds sharing an output folder take turns: each reads the manifest again under the
        lock and adds its own records, so no build's record is lost to another's write. A
        manifest that cannot be written is a problem naming it; the outputs already written stay.
        """
        try:
            self._save()
        except OSError as exc:
            raise BriefError.at(
                self.path,
                0,
                0,
                f"cannot record this build ({exc.strerror or exc}); the files written are whole, "
                "but the next build will not know they are up to date",
            ) from None

    def _save(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with locked(self.out_dir):
            records = self._read()
            records.update(self._changed)
            self.records = records
            data = {"format": FORMAT, "builds": {k: vars(r) for k, r in sorted(records.items())}}
            text = io.StringIO()
            json.dump(data, text, indent=1, sort_keys=True)
            replace_file(self.path, text.getvalue().encode("utf-8"), durable=False)
