"""Low-level pieces of the archive: canonical sheet JSON, the content-addressed store, BagIt tag
files, the index line format, and the crash-test hook.

Plain Python: no workbook library is imported here. :mod:`archive` puts the pieces together.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from pathlib import Path
from typing import Any, Iterable

GENESIS = "0" * 64
INDEX_NAME = "indeks.jsonl"
LOCK_NAME = ".lock"
OBJECTS_DIR = ".objects"
TMP_DIR = ".tmp"
ALGORITHM = "sha256"
MANIFEST = f"manifest-{ALGORITHM}.txt"
TAGMANIFEST = f"tagmanifest-{ALGORITHM}.txt"
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
TAG_FILES = (BAGIT_TXT, BAG_INFO, MANIFEST)  # listed, in this order, in the tag manifest
BAG_ENTRIES = frozenset(TAG_FILES + (TAGMANIFEST, "data"))
VERSION_RE = re.compile(r"^v(\d{4,})$")
SHEETS_DIR = "lembar"
CHUNK = 1 << 20
READ_ONLY = 0o440  # stored objects and bag files: read-only, owner and group (narrowed to the source's)
DIR_MODE = 0o750  # folders of the archive (Pengaturan 'izin_arsip')

# Deterministic crash hook for tests: with PPID_ARCHIVE_KILL_AT=k the process SIGKILLs itself at
# the k-th checkpoint. Without the variable a checkpoint is a no-op.
KILL_ENV = "PPID_ARCHIVE_KILL_AT"
_steps = 0


def checkpoint(_name: str) -> None:
    global _steps
    target = os.environ.get(KILL_ENV)
    if not target:
        return
    _steps += 1
    if _steps == int(target):
        os.kill(os.getpid(), signal.SIGKILL)


def version_name(number: int) -> str:
    return f"v{number:04d}"


def version_number(name: str) -> int | None:
    m = VERSION_RE.match(name)
    return int(m[1]) if m else None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# -- Canonical JSON of sheets ------------------------------------------------------------------
def canonical_value(value: Any) -> Any:
    """One cell as JSON: whole floats as ints, dates as ISO text, empty text as null.

    The same workbook read by calamine (file) or xlwings (open book) gives the same JSON.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return str(value)


def canonical_rows(grid: Iterable[Iterable[Any]]) -> list[list[Any]]:
    """Cells canonicalised, trailing empty cells and trailing empty rows dropped."""
    rows = []
    for row in grid:
        cells = [canonical_value(v) for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sheet_json(name: str, grid: Iterable[Iterable[Any]]) -> bytes:
    """``{"baris":[...],"lembar":NAME}`` with one row per line: stable bytes for stable values."""
    rows = canonical_rows(grid)
    body = ",\n".join(_dump(r) for r in rows)
    return ('{"baris":[\n' + body + ("\n" if rows else "") + '],"lembar":' + _dump(name) + "}\n").encode("utf-8")


def read_sheet_json(data: bytes) -> tuple[str, list[list[Any]]]:
    obj = json.loads(data.decode("utf-8"))
    return obj["lembar"], obj["baris"]


def sheet_file_name(position: int, name: str) -> str:
    safe = re.sub(r"[^\w\- .()]", "_", name).strip() or "lembar"
    return f"{position:02d}-{safe}.json"


# -- Content-addressed store -------------------------------------------------------------------
class Store:
    """``ROOT/.objects/sha256/ab/abcdef…``: each distinct content once, read-only.

    Bags hard-link their payload files to these objects, so an unchanged file costs one
    directory entry per version, and each bag still holds real files that validate on their own.
    """

    def __init__(self, root: Path) -> None:
        self.dir = root / OBJECTS_DIR / ALGORITHM

    def path(self, digest: str) -> Path:
        return self.dir / digest[:2] / digest

    def commit(self, tmp: Path, digest: str, mode: int = READ_ONLY, dir_mode: int = DIR_MODE) -> tuple[Path, bool]:
        """Move a staged copy into the store (or drop it when the content is already there).

        An existing object keeps its content; its mode is only ever narrowed to ``mode``.
        """
        target = self.path(digest)
        if target.exists():
            tmp.unlink()
            current = stat.S_IMODE(os.lstat(target).st_mode)
            if current & ~mode & 0o777:
                os.chmod(target, current & mode)
            return target, False
        for folder in (self.dir.parent, self.dir, target.parent):
            if not folder.is_dir():
                folder.mkdir(exist_ok=True)
                os.chmod(folder, dir_mode)
        os.chmod(tmp, mode)
        checkpoint("objek-sebelum-rename")
        os.replace(tmp, target)
        fsync_dir(target.parent)
        return target, True

    def put_bytes(self, data: bytes, scratch: Path, mode: int = READ_ONLY,
                  dir_mode: int = DIR_MODE) -> tuple[str, Path, bool]:
        digest = sha256_bytes(data)
        tmp = scratch / f"obj-{digest[:16]}"
        if self.path(digest).exists():
            tmp.touch()
            target, new = self.commit(tmp, digest, mode, dir_mode)
            return digest, target, new
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        target, new = self.commit(tmp, digest, mode, dir_mode)
        return digest, target, new

    def stage(self, source: Path, scratch: Path) -> tuple[str, Path, int, int]:
        """Copy ``source`` aside while hashing it (one read): (digest, staged copy, size, source mode).

        The source is opened without following a final symlink and without blocking (a FIFO is
        refused, never waited on); only a regular file is copied.
        """
        digest = hashlib.sha256()
        tmp = Path(tempfile.mkstemp(prefix="obj-", dir=scratch)[1])
        size = 0
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise OSError(errno.EINVAL, "bukan berkas biasa")
            with os.fdopen(os.dup(fd), "rb") as src, open(tmp, "wb") as dst:
                while block := src.read(CHUNK):
                    digest.update(block)
                    dst.write(block)
                    size += len(block)
                dst.flush()
                os.fsync(dst.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            os.close(fd)
        return digest.hexdigest(), tmp, size, stat.S_IMODE(st.st_mode)

    def put_file(self, source: Path, scratch: Path, mode: int = READ_ONLY,
                 dir_mode: int = DIR_MODE) -> tuple[str, Path, bool, int]:
        """Stage ``source`` and keep it unless already stored (mode never wider than the source's)."""
        digest, tmp, size, source_mode = self.stage(source, scratch)
        target, new = self.commit(tmp, digest, (mode & (source_mode | 0o400)) | 0o400, dir_mode)
        return digest, target, new, size


def link_or_copy(source: Path, dest: Path) -> bool:
    """Hard-link ``source`` at ``dest`` (True); copy when the file system refuses links (False).

    ``dest`` must not exist: nothing is ever written through an existing name (which could be a
    hard link to a stored object).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
        return True
    except FileExistsError:
        raise
    except OSError:
        with open(source, "rb") as src, open(dest, "xb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        os.chmod(dest, stat.S_IMODE(os.stat(source).st_mode))
        return False


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def remove_tree(path: Path) -> None:
    """rmtree that also removes read-only files (Windows refuses otherwise)."""

    def _retry(func, target, _exc):
        os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
        func(target)

    if path.exists():
        shutil.rmtree(path, onexc=_retry) if _has_onexc() else shutil.rmtree(path, onerror=_retry)


def _has_onexc() -> bool:
    import sys

    return sys.version_info >= (3, 12)


# -- BagIt tag files (RFC 8493) ----------------------------------------------------------------
def encode_path(path: str) -> str:
    """RFC 8493 §2.1.3: percent-encode CR, LF and % in manifest file names."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def manifest_text(entries: list[tuple[str, str]]) -> bytes:
    """``entries``: (digest, bag-relative path such as ``data/x``), sorted by path."""
    return "".join(f"{d}  {encode_path(p)}\n" for d, p in sorted(entries, key=lambda e: e[1])).encode("utf-8")


def bagit_txt() -> bytes:
    return b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def clean_tag_value(value: Any) -> str:
    return re.sub(r"[\r\n]+", " ", str(value)).strip()


def bag_info_text(fields: list[tuple[str, Any]]) -> bytes:
    """Labels in the given order (repeated labels allowed), one ``Label: value`` per line."""
    return "".join(f"{k}: {clean_tag_value(v)}\n" for k, v in fields).encode("utf-8")


def parse_bag_info(data: bytes) -> dict[str, list[str]]:
    info: dict[str, list[str]] = {}
    last = None
    for line in data.decode("utf-8").splitlines():
        if line[:1] in (" ", "\t") and last is not None:
            info[last][-1] += " " + line.strip()
            continue
        if ":" not in line:
            continue
        key, value = line.split(":", 1)
        last = key.strip()
        info.setdefault(last, []).append(value.strip())
    return info


def parse_manifest(data: bytes) -> dict[str, str]:
    """{bag-relative path: digest}; duplicate or malformed lines raise ValueError."""
    entries: dict[str, str] = {}
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0].lower()):
            raise ValueError(f"baris {number} tidak sah")
        path = parts[1].strip().lstrip("*")
        path = path.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        if path in entries:
            raise ValueError(f"baris {number} mengulang '{path}'")
        entries[path] = parts[0].lower()
    return entries


# -- Index lines -------------------------------------------------------------------------------
INFO_VERSION = "Versi-Arsip"
INFO_TIME = "Waktu-Arsip"
INFO_IDS = "ID-Informasi"
INFO_PREVIOUS = "Manifest-Sebelumnya-SHA256"


def index_entry(version: str, info: dict[str, list[str]], manifest_sha: str, tagmanifest_sha: str,
                previous_hash: str) -> dict[str, Any]:
    """The index line of a version: a pure function of its bag and the previous line's hash,
    so a line lost in a crash is rebuilt byte for byte and an edited line is always noticed."""
    entry = {
        "versi": version,
        "waktu": (info.get(INFO_TIME) or [""])[0],
        "id": list(info.get(INFO_IDS, [])),
        "manifest_sha256": manifest_sha,
        "tagmanifest_sha256": tagmanifest_sha,
        "manifest_sebelumnya_sha256": (info.get(INFO_PREVIOUS) or [""])[0],
        "hash_sebelumnya": previous_hash,
    }
    entry["hash"] = entry_hash(entry)
    return entry


SIGNATURE_FIELDS = ("kunci", "tanda_tangan")  # added to a line after its hash (see archive_sign)


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash" and k not in SIGNATURE_FIELDS}
    return sha256_bytes((entry.get("hash_sebelumnya", "") + "\n" + _dump(body)).encode("utf-8"))


def index_line(entry: dict[str, Any]) -> bytes:
    return (_dump(entry) + "\n").encode("utf-8")
