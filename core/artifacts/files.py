"""Report folders on disk: atomic writes and one seal (a SHA-256 manifest) with its check.

A writer removes the old ``manifest.json`` first, writes its files atomically, then calls
:func:`seal` last. A reader calls :func:`verify`, which tells three cases apart so the app can say
what happened and which command fixes it:

- missing: no folder, or a folder with no files at all;
- DAMAGED: files without a manifest (a write that never finished), a manifest that is not JSON,
  or a file whose hash differs from the manifest (half-written or edited by hand);
- another schema: the manifest is intact but was written by another version of this project.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

MANIFEST = "manifest.json"


class ReportError(RuntimeError):
    """A report is missing, damaged or from another schema; the message names the command that rebuilds it."""

    def __init__(self, message: str, command: str | None = None, damaged: bool = False) -> None:
        super().__init__(message)
        self.command = command
        self.damaged = damaged


Record = TypeVar("Record")


def from_record(cls: type[Record], data: dict[str, Any]) -> Record:
    """The dataclass ``cls`` from a JSON object: its defaults fill what the file lacks, keys it does not
    know (a newer writer's) are dropped."""
    known = {f.name for f in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in known})


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old or the complete new content."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, json.dumps(obj, indent=2, ensure_ascii=False).encode())


def atomic_write_csv(path: Path, frame: pd.DataFrame) -> None:
    atomic_write_bytes(path, frame.to_csv(index=False).encode())


def sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks (a 500 MB model is never held whole for its hash)."""
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def unseal(folder: Path) -> None:
    """Start rewriting a folder: without its manifest, readers refuse it until :func:`seal` runs."""
    (Path(folder) / MANIFEST).unlink(missing_ok=True)


def seal(folder: Path, files: list[str], schema: int) -> None:
    """Record the schema and each file's hash; call it after every file is written."""
    digests = {name: sha256(Path(folder) / name) for name in files}
    atomic_write_json(Path(folder) / MANIFEST, {"schema_version": schema, "files": digests})


def verify(folder: Path, schema: int, what: str, *, command: str) -> dict[str, str]:
    """The folder's file hashes once its manifest vouches for every file, else ReportError.

    ``what`` names the report in messages ("the report of optimized"); ``command`` rebuilds it.
    """
    folder = Path(folder)
    manifest_file = folder / MANIFEST
    if not manifest_file.exists():
        if folder.is_dir() and any(p.is_file() for p in folder.iterdir()):
            raise ReportError(
                f"{what} in {folder} is DAMAGED: its files were never sealed (manifest.json missing, the "
                f"write did not finish, half-written): run `{command}` to rebuild it.",
                command,
                damaged=True,
            )
        raise ReportError(f"No {what} in {folder} (missing): run `{command}` to create it.", command)
    try:
        manifest = json.loads(manifest_file.read_text())
        files = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ReportError(
            f"{manifest_file} is DAMAGED ({err}): run `{command}` to rebuild {what}.", command, damaged=True
        ) from err
    version = manifest.get("schema_version")
    if version != schema:
        raise ReportError(
            f"{what} in {folder} has schema version {version}, this app reads {schema}: run `{command}` to rebuild it.",
            command,
        )
    for name, digest in files.items():
        file = folder / name
        if not file.exists() or sha256(file) != digest:
            raise ReportError(
                f"{file} is DAMAGED: it is missing or does not match its manifest (half-written or edited): "
                f"run `{command}` to rebuild {what}.",
                command,
                damaged=True,
            )
    return files


def is_sealed(folder: Path, schema: int) -> bool:
    try:
        verify(folder, schema, "report", command="")
    except ReportError:
        return False
    return True


def _report_folders(root: Path) -> list[Path]:
    """The report folders of ``root``; dot-folders (.partial runs, .jobs, .removed) are the app's own, not reports."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def sealed_folders(root: Path, schema: int, first: tuple[str, ...] = ()) -> list[str]:
    """Names of the sub-folders of ``root`` that verify, the names in ``first`` first, then alphabetical."""
    root = Path(root)
    names = [p.name for p in _report_folders(root) if is_sealed(p, schema)]
    order = {name: i for i, name in enumerate(first)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def damaged_folders(root: Path, schema: int) -> list[str]:
    """Names of the sub-folders of ``root`` that hold files but do not verify (to warn about, not to show)."""
    found = []
    for folder in _report_folders(Path(root)):
        try:
            verify(folder, schema, "report", command="")
        except ReportError as err:
            if err.damaged:
                found.append(folder.name)
    return found
