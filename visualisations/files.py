"""Output files written whole or not at all, into folders that exist.

Why: a command killed half-way must not leave a truncated page or export where the last good
one was, and a typo in a folder name must not silently create folders. Each file is written to
a temporary file in the same folder, then renamed over the target (atomic on one filesystem).
"""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from graphmodel.exc import InvalidInput


def ready_folder(folder: str | Path, mkdir: bool = False) -> Path:
    """The folder, created only when asked (mkdir); else InvalidInput naming it."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if folder.exists():
        raise InvalidInput(f"{folder} is not a folder")
    if not mkdir:
        raise InvalidInput(f"folder {folder} does not exist (create it, or pass --mkdir)")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def atomic(path: str | Path, mkdir: bool = False, mode: str = "w"):
    """Yield an open temporary file beside `path`; rename it to `path` only on success."""
    path = Path(path)
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a file")
    ready_folder(path.parent, mkdir)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else
                                    {"encoding": "utf-8", "newline": ""})) as f:
            yield f
        _plain_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _plain_mode(tmp: str, path: Path) -> None:
    """The permissions open() would have given: the old file's, or 0666 less the umask (a
    temporary file is made 0600, and a shared export must not come out unreadable to others)."""
    try:
        wanted = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        wanted = 0o666 & ~umask
    os.chmod(tmp, wanted)


@contextmanager
def atomic_path(path: str | Path, mkdir: bool = False):
    """Yield a temporary path beside `path` for a library that writes by name; rename on success."""
    path = Path(path)
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a file")
    ready_folder(path.parent, mkdir)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part" + path.suffix,
                               dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        _plain_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
