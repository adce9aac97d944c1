"""Replace a file atomically and keep what the user had: mode, owner, group, symlink.

:func:`replace_atomically` writes a recognisable temporary file beside the target
(``.~ppid-NAME-PID-XXXX.tmp``), fsyncs it, gives it the original's mode, owner and group (as far
as the system permits), renames it over the target and fsyncs the folder. A symlinked target is
written through to the file it points to; the link stays. A new file gets the usual
``0666 & ~umask``. A crash leaves either the old or the new file, never a half one; a temporary
file left by a killed process is removed by the next write (:func:`remove_stale`) and skipped by
``ppid validasi`` (:func:`is_temporary`); those pieces live in the core module
:mod:`ppid_dokumentasi.durable`, which the letters use too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Callable

from ..durable import TEMP_PREFIX, TEMP_SUFFIX, fsync_folder, is_temporary, remove_stale, temporary_path

__all__ = ["TEMP_PREFIX", "TEMP_SUFFIX", "checkpoint", "is_temporary", "remove_stale", "replace_atomically",
           "resolve_target", "write_bytes_atomically"]


def checkpoint(name: str) -> None:
    """Crash-test hook shared with the archive (``PPID_ARCHIVE_KILL_AT``); a no-op otherwise."""
    if os.environ.get("PPID_ARCHIVE_KILL_AT"):
        from ..archive_bag import checkpoint as archive_checkpoint

        archive_checkpoint(name)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _keep_owner(fd: int, original: os.stat_result) -> None:
    """Owner and group of the original where permitted (root, or a group the user belongs to)."""
    if not hasattr(os, "fchown"):
        return
    for uid, gid in ((original.st_uid, original.st_gid), (-1, original.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def resolve_target(path: str | Path) -> Path:
    """The file a path really names (through symlinks), so the link itself stays a link."""
    return Path(os.path.realpath(path))


def replace_atomically(path: str | Path, write: Callable[[BinaryIO], None], *,
                       under_lock: bool = False) -> Path:
    """Write ``path`` through ``write(file)``; returns the real file written. Raises OSError."""
    target = resolve_target(path)
    folder = target.parent
    remove_stale(target, all_of_target=under_lock)
    try:
        original: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        original = None
    tmp = temporary_path(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    checkpoint("sementara-dibuat")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            checkpoint("sementara-ditulis")
            os.fsync(handle.fileno())
            if original is not None:
                _keep_owner(handle.fileno(), original)
            mode = (original.st_mode & 0o7777) if original is not None else (0o666 & ~_umask())
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            else:  # pragma: no cover - Windows
                os.chmod(tmp, mode)
        checkpoint("sementara-siap")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    checkpoint("diganti")
    fsync_folder(folder)
    return target


def write_bytes_atomically(path: str | Path, data: bytes) -> Path:
    return replace_atomically(path, lambda handle: handle.write(data))
