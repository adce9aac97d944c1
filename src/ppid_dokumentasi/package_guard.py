"""Bounded reading: inspect a workbook package before any spreadsheet library touches it.

Plain Python (zipfile, os): the core (import sources) and every adapter reader call it.

python-calamine allocates a sheet's whole used range (a 26 KB file with one cell at XFD1048576
asks for 512 GB and aborts the process), and a zip entry may inflate a thousandfold. So every
reader first calls :func:`check_package`, which refuses (``NotARegisterError``, exit 2, an
Indonesian message naming the file) anything that is not a regular file or exceeds a limit of
:class:`ReadLimits`: file size, zip entries, inflated size and ratio, rows, columns and cells of
each sheet, characters in a cell, time. It reads the inflated XML in bounded chunks and stops at
the first limit, so checking a hostile file costs little memory and time.

The sheet scan is one regular-expression pass that skips ordinary cells (``<c r="AB123"``: at most
two column letters, fewer row digits than the row limit) and looks closely only at row tags and
at unusual cells (more letters or digits, no ``r`` attribute, other attribute order, namespace
prefixes), so a register of 100,000 rows costs a fraction of reading it.

A reader that needs some parts inflated (the zip patcher: the Register it rewrites) passes
``keep``: :func:`check_package` returns those parts' bytes as it checked them (CRC verified), and
:func:`open_checked` also hands back the open file and zip, so the package is opened, checked and
inflated once. Kept bytes are collected chunk by chunk after each chunk passed every check, so
nothing beyond the limits is held, and nothing is returned from a file that is refused.
"""

from __future__ import annotations

import os
import re
import stat
import time
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import BinaryIO, Callable

from . import messages as msg
from .datafiles import packaged
from .errors import NotARegisterError

__all__ = ["ReadLimits", "check_package", "check_regular_file", "default_limits", "open_checked"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 1 << 22  # inflated bytes examined at a time
ENV_PREFIX = "PPID_BATAS_"
RATIO_FLOOR = 1 << 20  # the ratio limit applies to entries inflating beyond 1 MB
FAST_COLUMNS = 52  # ordinary cells ('A'..'AZ') are skipped by the scan; their column is at most this
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_DIMENSION = re.compile(rb'<(?:[\w.\-]+:)?dimension\s[^>]*?ref="([A-Z]{0,3})(\d{0,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
_ROOT = re.compile(rb'<([\w.\-]+:)?worksheet[\s>]')
_REF = re.compile(rb'\sr="([A-Za-z]*)(\d*)"')


@dataclass(frozen=True)
class ReadLimits:
    """See data/batas_baca.toml (the defaults) for the meaning of each limit."""

    ukuran_berkas: int = 512 << 20
    entri_zip: int = 10_000
    total_isi: int = 1 << 30
    rasio_kompresi: int = 200
    baris: int = 1_048_576
    kolom: int = 1_000
    sel: int = 20_000_000
    panjang_sel: int = 32_767
    detik: int = 120


def default_limits() -> ReadLimits:
    """The packaged limits (data/batas_baca.toml), each overridable by ``PPID_BATAS_<KUNCI>``."""
    values = dict(packaged("batas_baca.toml").get("batas", {}))
    for f in fields(ReadLimits):
        env = os.environ.get(ENV_PREFIX + f.name.upper())
        if env:
            try:
                values[f.name] = int(env)
            except ValueError:
                raise NotARegisterError(f"Variabel lingkungan {ENV_PREFIX}{f.name.upper()} harus bilangan bulat; "
                                        f"berisi '{env}'.") from None
    known = {f.name for f in fields(ReadLimits)}
    return replace(ReadLimits(), **{k: int(v) for k, v in values.items() if k in known})


def _refuse(path: Path, reason: str, code: str) -> NotARegisterError:
    return NotARegisterError(f"Berkas '{path}' ditolak: {reason}. Tidak ada yang dibaca atau diubah.", code=code)


def check_regular_file(path: str | Path, limits: ReadLimits | None = None) -> os.stat_result:
    """Refuse anything but a regular file within the size limit (folders, FIFOs, devices, /dev/*).

    The file is opened non-blocking (a FIFO never hangs) and checked again on the open handle.
    """
    fd, st = _open_regular(Path(path), limits or default_limits())
    os.close(fd)
    return st


def _open_regular(path: Path, limits: ReadLimits) -> tuple[int, os.stat_result]:
    """:func:`check_regular_file`, keeping the file it checked open: (its descriptor, its status)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise _refuse(path, f"path tidak dapat diuraikan ({exc})", "berkas-bukan-biasa") from exc
    if resolved.parts[:2] == ("/", "dev") or resolved.parts[:2] == ("/", "proc"):
        raise _refuse(path, "berkas perangkat sistem (/dev, /proc) bukan workbook", "berkas-bukan-biasa")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _refuse(path, f"tidak dapat dibaca ({exc.strerror or exc})", "berkas-tak-terbaca") from exc
    _require_regular(path, st)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _refuse(path, f"tidak dapat dibuka ({exc.strerror or exc})", "berkas-tak-terbaca") from exc
    try:
        st = os.fstat(fd)
        _require_regular(path, st)
        if st.st_size > limits.ukuran_berkas:
            raise _refuse(path, f"ukurannya {st.st_size:,} byte melebihi batas {limits.ukuran_berkas:,} byte "
                                "(PPID_BATAS_UKURAN_BERKAS)", "berkas-terlalu-besar")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _require_regular(path: Path, st: os.stat_result) -> None:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return
    kind = ("sebuah folder" if stat.S_ISDIR(mode) else "sebuah FIFO/pipa" if stat.S_ISFIFO(mode) else
            "berkas perangkat" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "sebuah soket" if stat.S_ISSOCK(mode) else "bukan berkas biasa")
    raise _refuse(path, f"{kind}, bukan berkas workbook biasa", "berkas-bukan-biasa")


def check_package(path: str | Path, limits: ReadLimits | None = None, *,
                  keep: Callable[[zipfile.ZipInfo], bool] | None = None) -> dict[str, bytes]:
    """Refuse ``path`` unless it is a regular, unencrypted .xlsx/.xlsm zip within every limit.

    Raises :class:`NotARegisterError` (exit 2) naming the file and the limit. Reads at most
    ``CHUNK`` inflated bytes at a time and stops at the first limit. Returns the inflated bytes of
    the zip entries for which ``keep(zip_info)`` is true (none without ``keep``) when the file is safe
    to hand to calamine or openpyxl.
    """
    handle, book, kept = open_checked(path, limits, keep=keep)
    book.close()
    handle.close()
    return kept


def open_checked(path: str | Path, limits: ReadLimits | None = None, *,
                 keep: Callable[[zipfile.ZipInfo], bool] | None = None
                 ) -> tuple[BinaryIO, zipfile.ZipFile, dict[str, bytes]]:
    """:func:`check_package` on one open file: (the open file, its zip, the kept parts' bytes).

    The caller reads the same file it checked (nothing swapped in between) and closes both.
    """
    path = Path(path)
    limits = limits or default_limits()
    fd, _ = _open_regular(path, limits)  # the file opened is the one checked: regular, within the size limit
    deadline = time.monotonic() + limits.detik
    handle = os.fdopen(fd, "rb")
    try:
        head = handle.read(8)
        if not head:
            raise NotARegisterError(msg.NOT_XLSX.format(alasan=f"berkas kosong (0 byte): '{path}'"),
                                    code="bukan-register")
        if head == OLE_MAGIC:
            raise NotARegisterError(msg.ENCRYPTED, code="terenkripsi")
        handle.seek(0)
        try:
            book = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise NotARegisterError(msg.NOT_XLSX.format(alasan=f"'{path}' bukan arsip zip Office Open XML"),
                                    code="bukan-register") from exc
        try:
            kept = _check_zip(path, book, limits, deadline, keep)
        except BaseException:
            book.close()
            raise
    except BaseException:
        handle.close()
        raise
    return handle, book, kept


def _check_zip(path: Path, book: zipfile.ZipFile, limits: ReadLimits, deadline: float,
               keep: Callable[[zipfile.ZipInfo], bool] | None = None) -> dict[str, bytes]:
    infos = book.infolist()
    if len(infos) > limits.entri_zip:
        raise _refuse(path, f"paket zip berisi {len(infos):,} entri, melebihi batas {limits.entri_zip:,}",
                      "zip-terlalu-banyak-entri")
    declared = sum(i.file_size for i in infos)
    if declared > limits.total_isi:
        raise _refuse(path, f"isi paket bila diekstrak {declared:,} byte, melebihi batas {limits.total_isi:,} byte",
                      "zip-terlalu-besar")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.rasio_kompresi * max(info.compress_size, 1):
            raise _refuse(path, f"entri '{info.filename}' mengembang {info.file_size // max(info.compress_size, 1):,}"
                                f" kali (batas {limits.rasio_kompresi}); tampak seperti bom zip", "zip-bom")
    total = 0
    kept: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            continue
        blocks: list[bytes] | None = [] if keep is not None and keep(info) else None
        scanner = _SheetScan(path, info.filename, limits) if _SHEET.match(info.filename) else None
        runs = _RunScan(path, info.filename, limits) if info.filename.lower().endswith((".xml", ".rels")) else None
        try:
            with book.open(info) as entry:
                carry = b""
                while True:
                    block = entry.read(CHUNK)
                    total += len(block)
                    if total > limits.total_isi:
                        raise _refuse(path, f"isi paket bila diekstrak melebihi batas {limits.total_isi:,} byte",
                                      "zip-terlalu-besar")
                    if time.monotonic() > deadline:
                        raise _refuse(path, f"pemeriksaan melebihi {limits.detik} detik", "waktu-habis")
                    if runs is not None:
                        runs.feed(block)
                    if scanner is not None:
                        data = carry + block
                        cut = data.rfind(b">") + 1 if block else len(data)
                        scanner.feed(data[:cut])
                        carry = data[cut:]
                        if len(carry) > CHUNK:
                            raise _refuse(path, f"entri '{info.filename}' berisi tag XML yang tidak pernah ditutup",
                                          "xml-rusak")
                    if not block:
                        break
                    if blocks is not None:
                        blocks.append(block)
                if scanner is not None:
                    scanner.finish()
            if blocks is not None:
                kept[info.filename] = blocks[0] if len(blocks) == 1 else b"".join(blocks)
        except NotARegisterError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
                RuntimeError, ValueError) as exc:
            raise NotARegisterError(msg.NOT_XLSX.format(
                alasan=f"'{path}' rusak: entri '{info.filename}' tidak dapat diekstrak (isi tidak cocok dengan "
                       "ukuran atau CRC yang tercatat di zip)"), code="bukan-register") from exc
    return kept


class _RunScan:
    """Longest run of bytes without '<' (a cell's text, escaped, lies inside one such run).

    Runs longer than ``limit`` contain one of the sample points ``limit // 2`` apart, so checking
    the run around each sample point finds every one without looking at every byte in Python.
    """

    def __init__(self, path: Path, name: str, limits: ReadLimits) -> None:
        self.path, self.name, self.limits = path, name, limits
        # UTF-8 takes up to 4 bytes a character and XML escapes ('&amp;') up to 6.
        self.limit = max(limits.panjang_sel, 1) * 6 + 1024
        self.run = 0  # bytes without '<' at the end of what was seen so far

    def _fail(self) -> None:
        raise _refuse(self.path, f"entri '{self.name}' berisi teks sel lebih dari {self.limits.panjang_sel:,} "
                                 "karakter (batas panjang sel)", "sel-terlalu-panjang")

    def feed(self, block: bytes) -> None:
        first = block.find(b"<")
        if first < 0:
            self.run += len(block)
            if self.run > self.limit:
                self._fail()
            return
        if self.run + first > self.limit:
            self._fail()
        step = self.limit // 2
        for point in range(first, len(block), step):
            before = block.rfind(b"<", 0, point + 1)
            after = block.find(b"<", point)
            after = len(block) if after < 0 else after
            if after - before - 1 > self.limit:
                self._fail()
        self.run = len(block) - block.rfind(b"<") - 1


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + (char - 64)
    return number


class _SheetScan:
    """Rows, columns and cells of one worksheet's used range, from its XML in chunks."""

    def __init__(self, path: Path, name: str, limits: ReadLimits) -> None:
        self.path, self.name, self.limits = path, name, limits
        self.digits = max(len(str(limits.baris)) - 1, 1)
        self.tags: re.Pattern | None = None  # set from the root element's namespace prefix
        self.max_row = 0
        self.row = 0  # current row number (explicit or counted)
        self.col = 0  # current column in this row (explicit or counted; fast cells are <= FAST_COLUMNS)
        self.max_col = 0
        self.fast_seen = False
        self.dimension_checked = False

    def _limit(self, what: str, value: int, limit: int, key: str) -> None:
        raise _refuse(self.path, f"sheet '{self.name}' memakai {value:,} {what}, melebihi batas {limit:,} "
                                 f"(PPID_BATAS_{key.upper()})", "rentang-terlalu-besar")

    def _check(self) -> None:
        limits = self.limits
        if self.max_row > limits.baris:
            self._limit("baris", self.max_row, limits.baris, "baris")
        if self.max_col > limits.kolom:
            self._limit("kolom", self.max_col, limits.kolom, "kolom")
        cols = max(self.max_col, FAST_COLUMNS if self.fast_seen else 0)
        if self.max_row * cols > limits.sel:
            self._limit("sel (baris x kolom)", self.max_row * cols, limits.sel, "sel")

    def _pattern(self, data: bytes) -> None:
        """Row tags and unusual cells: every cell but '<c r="XY123"' (fewer row digits than the limit),
        with the namespace prefix the root element uses (an Excel file uses none)."""
        root = _ROOT.search(data)
        if root is None and len(data) < 65536:
            return
        prefix = re.escape(root.group(1) or b"") if root is not None else b""
        self.tags = re.compile(rb'<(?:%s(row)|%s(c)(?! r="[A-Z]{1,2}\d{1,%d}"))[\s/>]'
                               % (prefix, prefix, self.digits))
        # Fast path (two literal-prefixed scans): row tags with r first, and any unusual cell.
        self.rows = re.compile(rb'<%srow(?: r="(\d+)")?[\s/>]' % prefix)
        self.unusual = re.compile(rb'<%sc(?! r="[A-Z]{1,2}\d{1,%d}")[\s/>]' % (prefix, self.digits))
        self.fast = b'<' + (root.group(1) or b"" if root is not None else b"") + b'c r="'

    def feed(self, data: bytes) -> None:
        if not self.dimension_checked:
            self._dimension(data)
        if self.tags is None:
            self._pattern(data)
        if not data or self.tags is None:
            return
        if self.unusual.search(data) is None:
            numbers = self.rows.findall(data)
            if all(numbers):  # every row names its number: no need to look at the cells one by one
                if numbers:
                    self.row = max(map(int, numbers))
                    self.max_row = max(self.max_row, self.row)
                    self.col = 0
                if not self.fast_seen and data.find(self.fast) >= 0:
                    self.fast_seen = True
                self._check()
                return
        last = 0
        for match in self.tags.finditer(data):
            is_row, _is_cell = match.groups()
            if not self.fast_seen and data.find(self.fast, last, match.start()) >= 0:
                self.fast_seen = True
            last = match.end()
            ref = None
            if data[last - 1:last].isspace():  # the tag has attributes: find its r="..."
                ref = _REF.match(data, last - 1)
                if ref is None:
                    close = data.find(b">", last)
                    ref = _REF.search(data, last - 1, close if close >= 0 else len(data))
            if is_row:
                explicit = ref.group(2) if ref is not None and not ref.group(1) else b""
                self.row = int(explicit) if explicit else self.row + 1
                self.col = 0
                self.max_row = max(self.max_row, self.row)
                if self.max_row > self.limits.baris:
                    self._check()
                continue
            letters, digits = (ref.group(1), ref.group(2)) if ref is not None else (b"", b"")
            if letters:
                self.col = _column_number(letters)
            else:
                # No column given: the next one. After skipped ordinary cells it is at most FAST_COLUMNS + 1.
                self.col = max(self.col, FAST_COLUMNS if self.fast_seen else 0) + 1
            if digits:
                self.max_row = max(self.max_row, int(digits))
            self.max_col = max(self.max_col, self.col)
            if self.max_col > self.limits.kolom or self.max_row > self.limits.baris:
                self._check()
        if not self.fast_seen and data.find(self.fast, last) >= 0:
            self.fast_seen = True
        self._check()

    def _dimension(self, data: bytes) -> None:
        found = _DIMENSION.search(data[:65536])
        if found is None and len(data) < 65536:
            return
        self.dimension_checked = True
        if found is None:
            return
        first_col, first_row, last_col, last_row = found.groups()
        col = _column_number(last_col or first_col) if (last_col or first_col) else 0
        row = int(last_row or first_row or 0)
        if row > self.limits.baris:
            self._limit("baris (menurut <dimension>)", row, self.limits.baris, "baris")
        if col > self.limits.kolom:
            self._limit("kolom (menurut <dimension>)", col, self.limits.kolom, "kolom")
        if row * col > self.limits.sel:
            self._limit("sel (menurut <dimension>)", row * col, self.limits.sel, "sel")

    def finish(self) -> None:
        self._check()
