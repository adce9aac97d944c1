"""Replace a file atomically and keep what the user had: mode, owner, group, symlink.

:func:`replace_atomically` writes a recognisable temporary file beside the target
(``.~ppid-NAME-PID-XXXX.tmp``), fsyncs it, gives it the original's mode, owner and group (as far
as the system permits), renames it over the target and fsyncs the folder. A symlinked target is
written through to the file it points to; the link stays. A new file gets the usual
``0666 & ~umask``. A crash leaves either the old or the new file, never a half one; a temporary
file left by a killed process is removed by the next write (:func:`remove_stale`) and skipped by
``ppid validasi`` (:func:`is_temporary`).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import BinaryIO, Callable

TEMP_PREFIX = ".~ppid-"
TEMP_SUFFIX = ".tmp"
_TEMP = re.compile(r"^\.~ppid-(?P<name>.+)-(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")


def is_temporary(path: str | Path) -> bool:
    """A temporary file of this tool (never a user's workbook)."""
    return bool(_TEMP.match(Path(path).name))


def checkpoint(name: str) -> None:
    """Crash-test hook shared with the archive (``PPID_ARCHIVE_KILL_AT``); a no-op otherwise."""
    if os.environ.get("PPID_ARCHIVE_KILL_AT"):
        from ..archive_bag import checkpoint as archive_checkpoint

        archive_checkpoint(name)


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


def remove_stale(target: Path, *, all_of_target: bool = False) -> None:
    """Remove our temporary files for ``target`` left by dead processes (or all, under its lock)."""
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and m.group("name") == target.name and (all_of_target or not _alive(int(m.group("pid")))):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
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
    tmp = folder / f"{TEMP_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
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
    _fsync_dir(folder)
    return target


def write_bytes_atomically(path: str | Path, data: bytes) -> Path:
    return replace_atomically(path, lambda handle: handle.write(data))
