"""What kind of file a user gave where a workbook is expected, before anything reads or writes it.

Only .xlsx/.xlsm (Office Open XML) are registers. Every other kind gets its own Indonesian reason
naming the file: an old .xls or an .ods is saved again as .xlsx, a CSV goes through ``ppid impor``,
an encrypted workbook is unlocked in Excel. Reads at most the first bytes and the package's
directory (bounded), never the whole file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import messages as msg
from .errors import NotARegisterError
from .package_guard import check_regular_file

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File (old .xls, or an encrypted .xlsx)
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the CFB stream of an encrypted OOXML file
BIFF_STREAMS = tuple(n.encode("utf-16-le") + b"\0\0" for n in ("Workbook", "Book"))  # an old .xls
CFB_SCAN_BYTES = 8 << 20  # directory entries of a small CFB sit well inside this
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _refuse(code: str, template: str, path: Path, **extra) -> NotARegisterError:
    return NotARegisterError(template.format(berkas=path.name, **extra), code=code)


def check_workbook_file(path: str | Path, *, strict: bool = False) -> None:
    """Raise :class:`NotARegisterError` (stable code, message naming the file) unless ``path`` is
    a readable .xlsx/.xlsm package. Known other kinds (.xls, .ods, .csv) are refused by name and by
    content; ``strict`` also refuses any other name (the CLI; stored copies such as archive objects
    have none)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise _refuse("berkas-folder", msg.FILE_IS_FOLDER, path)
        check_regular_file(path)  # a FIFO or device is never opened blocking; size within the limit
        with path.open("rb") as handle:
            head = handle.read(64)
            if head.startswith(OLE_MAGIC):
                found = _find(handle, head, (ENCRYPTED_STREAM, *BIFF_STREAMS))
                encrypted, legacy = ENCRYPTED_STREAM in found, bool(found & set(BIFF_STREAMS))
    except FileNotFoundError as exc:
        raise _refuse("berkas-tidak-ada", msg.FILE_MISSING, path) from exc
    except OSError as exc:
        raise _refuse("berkas-tak-terbaca", msg.FILE_UNREADABLE, path,
                      alasan=msg.os_error(exc).split(": ")[-1]) from exc
    suffix = path.suffix.lower()
    if not head:
        raise _refuse("berkas-kosong", msg.FILE_EMPTY, path)
    if head.startswith(OLE_MAGIC):
        # Excel stores a password-protected .xlsx in a Compound File too: without a named stream,
        # the file's name decides.
        if encrypted or (not legacy and suffix in WORKBOOK_SUFFIXES):
            raise _refuse("berkas-terenkripsi", msg.FILE_ENCRYPTED, path)
        raise _refuse("format-xls", msg.LEGACY_XLS, path)
    if suffix in TEXT_SUFFIXES:
        raise _refuse("format-csv", msg.CSV, path)
    if suffix == ".ods" or (head.startswith(b"PK") and ODS_MIMETYPE in head + _zip_mimetype(path)):
        raise _refuse("format-ods", msg.ODS, path)
    if suffix == ".xls":
        raise _refuse("format-xls", msg.LEGACY_XLS, path)
    if not head.startswith(b"PK") or not zipfile.is_zipfile(path):
        raise _refuse("bukan-xlsx", msg.FILE_NOT_XLSX, path, alasan="bukan arsip zip Office Open XML")
    if strict and suffix not in WORKBOOK_SUFFIXES:
        raise _refuse("format-lain", msg.OTHER_SUFFIX, path)


def _find(handle, head: bytes, needles: tuple[bytes, ...]) -> set[bytes]:
    """Which ``needles`` occur in the first :data:`CFB_SCAN_BYTES` of the file (read in chunks)."""
    found: set[bytes] = set()
    overlap = max(map(len, needles))
    data, read = head, len(head)
    while True:
        found.update(n for n in needles if n in data)
        chunk = handle.read(1 << 16) if read < CFB_SCAN_BYTES and len(found) < len(needles) else b""
        if not chunk:
            return found
        read += len(chunk)
        data = data[-overlap:] + chunk


def _zip_mimetype(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as package:
            if "mimetype" in package.namelist():
                with package.open("mimetype") as member:
                    return member.read(100)
    except (zipfile.BadZipFile, OSError, KeyError):
        pass
    return b""
