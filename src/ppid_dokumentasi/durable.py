"""Files that survive a crash, in plain Python (``os`` only): the pieces every writer shares.

A temporary file of this tool is named ``.~ppid-NAME-PID-XXXXXXXX.tmp`` (``.xlsx`` for a new
workbook being built) beside the file it becomes
(:func:`temporary_path`): :func:`is_temporary` recognises it (``ppid validasi FOLDER`` skips it) and
:func:`remove_stale` removes those left by a process that is gone (a kill). :func:`create_new`
writes a file that must never replace another (a letter): the bytes go to a temporary file that is
fsynced, the name is linked to it (atomic, and refused when the name is taken), the folder is
fsynced and the temporary file is removed on every path. The workbook writer's atomic replace
(:mod:`ppid_dokumentasi.adapters.safe_replace`) builds on the same pieces.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

TEMP_PREFIX = ".~ppid-"
TEMP_SUFFIX = ".tmp"
_TEMP = re.compile(r"^\.~ppid-(?P<name>.+)-(?P<pid>\d+)-[0-9a-f]{8}\.(?:tmp|xlsx)$")

__all__ = ["TEMP_PREFIX", "TEMP_SUFFIX", "create_new", "fsync_folder", "is_temporary", "remove_stale",
           "temporary_path"]


def is_temporary(path: str | Path) -> bool:
    """A temporary file of this tool (never a user's file)."""
    return bool(_TEMP.match(Path(path).name))


def temporary_path(target: Path, suffix: str = TEMP_SUFFIX) -> Path:
    """A new temporary name beside ``target`` (this process, random); ``suffix`` ``.xlsx`` for a
    workbook that is built and edited before it takes its name."""
    return target.parent / f"{TEMP_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(4)}{suffix}"


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill(pid, 0) would signal, not probe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale(target: Path, *, all_of_target: bool = False, any_name: bool = False) -> None:
    """Remove our temporary files for ``target`` left by dead processes (or all of them, under its
    lock); ``any_name``: those for every file in ``target``'s folder."""
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and (any_name or m.group("name") == target.name) and (all_of_target or not _alive(int(m.group("pid")))):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows: folders cannot be opened; the rename is durable there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_synced(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _create(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)


def create_new(path: Path, data: bytes) -> bool:
    """Write ``path`` only if no file has that name (False when taken): after a crash it is complete
    or absent, never half written. Raises OSError (the temporary file is removed)."""
    path = Path(path)
    remove_stale(path, any_name=True)
    tmp = temporary_path(path)
    try:
        _write_synced(_create(tmp), data)
        try:
            os.link(tmp, path)  # atomic, and fails when the name is taken
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: create the name exclusively
            try:
                fd = _create(path)
            except FileExistsError:
                return False
            try:
                _write_synced(fd, data)
            except BaseException:
                path.unlink(missing_ok=True)  # ours (created above), half written
                raise
        fsync_folder(path.parent)
        return True
    finally:
        tmp.unlink(missing_ok=True)
