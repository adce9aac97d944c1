"""Change an existing controlled workbook faithfully and safely (``WorkbookEditor``).

``with WorkbookEditor(path) as editor:`` refuses a file that is not .xlsx/.xlsm or that Excel or
LibreOffice holds open (their owner file ``~$NAME`` / ``.~lock.NAME#`` beside it), takes a
cross-process lock (``.NAME.lock`` beside it, removed again on release), reads the workbook once
with calamine (``editor.data``) and collects the cells to write. When the block ends without an
exception the changed worksheet parts are patched cell by cell (:mod:`.xlsx_sheet`) and every
other part of the package is copied byte for byte (:mod:`.xlsx_package`): VBA project, buttons,
drawings, images, charts, comments, add-ins, styles, formulas with their cached values all stay.
The file is replaced atomically and keeps its mode, owner and group (:mod:`.safe_replace`).
A refused action or a crash leaves every byte of the original. (The module keeps its historical
name; openpyxl only builds new workbooks.)
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Any, Iterable

from filelock import FileLock, Timeout

from ..audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, anchor, chain_events
from ..errors import CellValueRefused, NotARegisterError, WorkbookInUse, WorkbookWriteError
from ..layout import (
    LETTERS_HEADERS, LETTERS_SHEET, PENGATURAN, PENGATURAN_HEADERS, REGISTER_FIRST_DATA_ROW, RIWAYAT, RIWAYAT_HEADERS,
)
from ..register import REGISTER_SHEET, cell_text
from .calamine_reader import WorkbookData, read_sheet, read_workbook
from .safe_replace import checkpoint, remove_stale, replace_atomically, resolve_target
from ..package_guard import check_regular_file
from .xlsx_package import PackageError, XlsxPackage
from .xlsx_sheet import (
    MAX_CELL_CHARS, SheetPatchError, column_letter, excel_serial, is_temporal, sheet_edits, utf16_length,
)
from .xlsx_table_sheet import table_sheet_xml
from .xlsx_targeted import RiwayatTail

LOCK_TIMEOUT_SECONDS = 60
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEADERS = {RIWAYAT: RIWAYAT_HEADERS, LETTERS_SHEET: LETTERS_HEADERS, PENGATURAN: PENGATURAN_HEADERS}

OPEN_ELSEWHERE = (
    "Workbook '{name}' sedang dibuka di {program} (berkas '{owner}' ada di sampingnya); tidak ada yang diubah. "
    "Tutup dulu di Excel/LibreOffice, lalu ulangi. Jika workbook itu tidak sedang dibuka di komputer mana pun, "
    "hapus berkas '{owner}' lalu ulangi.")
NOT_A_WORKBOOK_KIND = (
    "Berkas '{name}' bukan workbook .xlsx/.xlsm; tidak ada yang diubah. Simpan ulang sebagai .xlsx (Excel: "
    "Save As > Excel Workbook; LibreOffice: Simpan Sebagai > Excel 2007-365) lalu ulangi; daftar .csv/.xls/.ods "
    "dimasukkan dengan 'ppid impor'.")
NOT_FOUND = "Workbook '{path}' tidak ditemukan; tidak ada yang diubah."
TOO_LONG = (
    "Teks untuk sheet '{sheet}' baris {row} kolom '{column}' terlalu panjang: {length} karakter, sedangkan satu sel "
    "Excel memuat paling banyak {limit}. Tidak ada yang disimpan (teks tidak dipotong); persingkat teksnya, "
    "simpan teks lengkap di berkas terpisah, lalu ulangi.")
BAD_VALUE = ("Nilai untuk sheet '{sheet}' baris {row} kolom '{column}' tidak dapat disimpan: {reason}. "
             "Tidak ada yang disimpan.")


def owner_files(path: str | Path) -> list[tuple[Path, str]]:
    """Owner/lock files of Excel (``~$NAME``, or ``~$`` + NAME without its first 2 characters for a
    long name) and LibreOffice (``.~lock.NAME#``) beside the workbook or beside its real file."""
    found = []
    for candidate in dict.fromkeys((Path(path).absolute(), resolve_target(path))):
        name, folder = candidate.name, candidate.parent
        for owner, program in ((f"~${name}", "Microsoft Excel"), (f"~${name[2:]}", "Microsoft Excel"),
                               (f".~lock.{name}#", "LibreOffice")):
            if (folder / owner).exists() and (folder / owner, program) not in found:
                found.append((folder / owner, program))
    return found


def check_writable(path: str | Path) -> None:
    """Refuse before anything is done: not .xlsx/.xlsm, missing, or open in Excel/LibreOffice."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise NotARegisterError(NOT_A_WORKBOOK_KIND.format(name=path.name), code="bukan-xlsx")
    if not path.exists():
        raise NotARegisterError(NOT_FOUND.format(path=path), code="berkas-tidak-ada")
    check_regular_file(path)  # a folder, FIFO or device named .xlsx is refused before any lock
    for owner, program in owner_files(path):
        raise WorkbookInUse(OPEN_ELSEWHERE.format(name=path.name, program=program, owner=owner.name),
                            code="workbook-terbuka")


def lock_path(path: str | Path) -> Path:
    """The lock file beside a workbook's real file, hidden (``.register.xlsx.lock``)."""
    target = resolve_target(path)
    return target.with_name(f".{target.name}.lock")


class WorkbookLock:
    """The cross-process lock of one workbook; its file is removed on release (POSIX) where safe:
    a waiter that then gets the lock of the removed file notices and takes the new one."""

    def __init__(self, path: str | Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.path = lock_path(path)
        self.timeout = timeout
        self._lock = FileLock(str(self.path), timeout=timeout)

    def _current(self) -> bool:
        fd = getattr(getattr(self._lock, "_context", None), "lock_file_fd", None)
        if fd is None:
            return True
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False

    def acquire(self) -> "WorkbookLock":
        deadline = time.monotonic() + self.timeout
        while True:
            self._lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
            if self._lock.lock_counter > 1 or self._current():
                return self
            self._lock.release()

    def release(self) -> None:
        if os.name == "posix" and self._lock.lock_counter == 1 and self._current():
            try:
                os.unlink(self.path)
            except OSError:
                pass
        self._lock.release()

    @property
    def is_locked(self) -> bool:
        return self._lock.is_locked

    def __enter__(self) -> "WorkbookLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def lock_for(path: str | Path) -> WorkbookLock:
    """The lock every writer of this workbook takes (letters numbering, workflow, import...)."""
    return WorkbookLock(path)


class WorkbookEditor:
    def __init__(self, path: str | Path, *, read: bool = True, ids: list[str] | None = None) -> None:
        """``ids``: the action concerns only these items; the Register is then read only where they may
        be (:mod:`.xlsx_targeted`) and in full again only if Register rows are appended."""
        self.path = Path(path)
        self._read = read
        self._ids = list(ids) if ids else None
        self._targeted = False
        self._lock = lock_for(self.path)
        self.data: WorkbookData | None = None
        self.package: XlsxPackage | None = None
        self.changed = False
        self._grids: dict[str, list[list[Any]]] = {}
        self._writes: dict[str, dict[int, dict[int, Any]]] = {}
        self._last_rows: dict[tuple[str, int | None], int] = {}
        self._setting_rows: dict[str, int] | None = None
        self._tables: dict[str, bytes] = {}  # sheets written whole (replace_sheet)

    def __enter__(self) -> "WorkbookEditor":
        check_writable(self.path)
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise WorkbookWriteError(
                f"Workbook '{self.path.name}' sedang dipakai proses lain; coba lagi sebentar lagi.") from exc
        try:
            checkpoint("kunci-diambil")
            remove_stale(resolve_target(self.path), all_of_target=True)  # left by a killed writer
            try:  # bounded reading first, on the file opened for the write; the parts it inflated are kept
                self.package = XlsxPackage(resolve_target(self.path), guard=True)
            except PackageError as exc:
                read_workbook(self.path)  # names the reason (encrypted, empty, not a zip...) when it can
                raise NotARegisterError(f"Workbook '{self.path.name}' tidak dapat dibuka untuk diubah: {exc}") from exc
            self.package.preload([self.package.sheets[s] for s in (REGISTER_SHEET, RIWAYAT, PENGATURAN)
                                  if s in self.package.sheets])
            if self._read and self._ids:
                from .xlsx_targeted import read_targeted
                self.data = read_targeted(self.package, resolve_target(self.path), self._ids, self._grids)
                self._targeted = self.data is not None
            if self._read and self.data is None:
                self.data = read_workbook(self.path, grids=self._grids, checked=True)
        except BaseException:
            if self.package is not None:
                self.package.close()
            self._lock.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None and self.changed:
                self._save()
        finally:
            if self.package is not None:
                self.package.close()
            self._lock.release()

    def _save(self) -> None:
        package = self.package
        styles = package.styles()
        default = styles.data_style()

        def style_for(base: int | None, value: Any) -> int | None:
            base = default if base is None else base
            return styles.date_variant(base) if is_temporal(value) else base

        for sheet, xml in self._tables.items():
            if sheet in package.sheets:
                package.replace(package.sheet_part(sheet), xml)
            else:
                package.add_worksheet(sheet, xml)
        formula_removed = False
        for sheet, rows in self._writes.items():
            try:
                part = package.sheet_part(sheet)
                original = package.read(part)
                removed, edits = sheet_edits(original, rows, style_for)
            except (PackageError, SheetPatchError) as exc:
                raise WorkbookWriteError(f"Sheet '{sheet}' di workbook '{self.path.name}' tidak dapat diubah: {exc}. "
                                         "Tidak ada yang disimpan.", sheet=sheet) from exc
            package.replace_edits(part, original, edits)  # spliced into the stored pieces when it can be
            formula_removed |= removed
        if formula_removed:
            package.drop_calc_chain()
        checkpoint("siap-menulis")
        try:
            replace_atomically(self.path, package.write, under_lock=True)
        except OSError as exc:
            raise WorkbookWriteError(f"Workbook '{self.path}' tidak dapat ditulis: {exc.strerror or exc}. "
                                     "Berkas lama tetap utuh.") from exc

    # -- Reading positions ------------------------------------------------------------------
    def _grid(self, sheet: str) -> list[list[Any]]:
        if sheet not in self._grids:
            self._grids[sheet] = read_sheet(self.path, sheet)
        return self._grids[sheet]

    def _last_filled_row(self, sheet: str, column: int | None = None) -> int:
        key = (sheet, column)
        if key not in self._last_rows:
            last = 0
            for index in range(len(self._grid(sheet)) - 1, -1, -1):
                row = self._grid(sheet)[index]
                cells = row[column - 1:column] if column else row
                if any(v is not None and v != "" for v in cells):
                    last = index + 1
                    break
            for row, cells in self._writes.get(sheet, {}).items():
                if any(v is not None for c, v in cells.items() if column is None or c == column):
                    last = max(last, row)
            self._last_rows[key] = last
        return self._last_rows[key]

    # -- Register ---------------------------------------------------------------------------
    def _header(self) -> tuple[int, dict[str, int]]:
        if self.data is not None:
            header_row, labels = self.data.register.header_row, self.data.register.labels
        else:
            grid = self._grid(REGISTER_SHEET)
            index = next((i for i, row in enumerate(grid[:20])
                          if any(cell_text(v) == "ID Informasi" for v in row)), None)
            if index is None:
                raise NotARegisterError("Sheet 'Register' tidak memiliki baris judul kolom.")
            header_row, labels = index + 1, [cell_text(v) for v in grid[index]]
        return header_row, {label: i + 1 for i, label in enumerate(labels) if label}

    def column_of(self, label: str) -> int:
        _, columns = self._header()
        if label not in columns:
            raise NotARegisterError(f"Kolom '{label}' tidak ada di sheet Register.", sheet=REGISTER_SHEET)
        return columns[label]

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None:
        """Write values (by header label) into one Register row."""
        for label, value in values.items():
            self._write(REGISTER_SHEET, excel_row, self.column_of(label), value, label)

    def set_column(self, label: str, values: dict[int, Any]) -> None:
        """Write one column for many rows: {Excel row: value}."""
        column = self.column_of(label)
        for excel_row, value in values.items():
            self._write(REGISTER_SHEET, excel_row, column, value, label)

    def next_register_row(self) -> int:
        if self._targeted:  # the last filled row needs every Register row
            self.data.register = read_workbook(self.path, checked=True).register
            self._targeted = False
        header_row, _ = self._header()
        last = header_row
        if self.data is not None and self.data.register.rows:
            last = self.data.register.rows[-1][0]
        return max(last + 1, REGISTER_FIRST_DATA_ROW)

    def append_register(self, rows: Iterable[dict[str, Any]]) -> list[int]:
        """Append rows (by header label) after the last filled row; returns their Excel rows."""
        start = self.next_register_row()
        written = []
        for offset, values in enumerate(rows):
            self.set_cells(start + offset, values)
            written.append(start + offset)
        return written

    # -- Other sheets -----------------------------------------------------------------------
    def append(self, sheet: str, values: list[Any]) -> int:
        """Append one row to a table sheet (Riwayat, Daftar Surat); returns its Excel row."""
        row = self._last_filled_row(sheet) + 1
        headers = HEADERS.get(sheet, ())
        for col, value in enumerate(values, start=1):
            self._write(sheet, row, col, value, headers[col - 1] if col <= len(headers) else None)
        return row

    def append_events(self, events: list) -> list[list[Any]]:
        """Append audit events to Riwayat, chained after the rows read at open, and move the anchor."""
        existing = self.data.riwayat if self.data is not None else []
        existing = existing if isinstance(existing, RiwayatTail) else list(existing)  # a targeted read's tail
        rows = chain_events(existing, events)
        for row in rows:
            self.append(RIWAYAT, row)
        count, last = anchor(existing + rows)
        self.set_setting(ANCHOR_COUNT_KEY, count)
        self.set_setting(ANCHOR_HASH_KEY, last)
        if self.data is not None:
            self.data.riwayat = existing + rows  # later appends in this block chain after these
        return rows

    def set_setting(self, key: str, value: Any) -> None:
        if self._setting_rows is None:
            self._setting_rows = {}
            for index, cells in enumerate(self._grid(PENGATURAN)[1:], start=2):
                text = cell_text(cells[0]) if cells else ""
                self._setting_rows.setdefault(text, index)
        row = self._setting_rows.get(key)
        if row is None:
            row = self._last_filled_row(PENGATURAN, column=1) + 1
            self._write(PENGATURAN, row, 1, key, PENGATURAN_HEADERS[0])
            self._setting_rows[key] = row
        self._write(PENGATURAN, row, 2, value, PENGATURAN_HEADERS[1])

    def replace_sheet(self, name: str, rows: list[list[Any]], *, choices_column: int | None = None,
                      choices: list[str] | tuple[str, ...] = ()) -> None:
        """Create (after the last sheet) or overwrite a plain table sheet the tool owns (``Pemetaan Impor``):
        ``rows`` (header first) as values, header frozen, a list drop-down of ``choices`` on column
        ``choices_column`` (0-based). The whole worksheet part is written anew (:mod:`.xlsx_table_sheet`);
        every other part is kept as it is."""
        if name in self._writes:
            raise WorkbookWriteError(f"Sheet '{name}' sudah diubah sel demi sel dalam tindakan ini.", sheet=name)
        for row in rows:
            for col, value in enumerate(row, start=1):
                if isinstance(value, str) and utf16_length(value) > MAX_CELL_CHARS:
                    where = dict(sheet=name, row=rows.index(row) + 1, column=column_letter(col))
                    raise CellValueRefused(TOO_LONG.format(length=utf16_length(value), limit=MAX_CELL_CHARS, **where),
                                           code="teks-terlalu-panjang", **where)
        self._tables[name] = table_sheet_xml(rows, widths={4: 34, 5: 44, 6: 30, 8: 44}, choices_column=choices_column,
                                             choices=choices, error="Pilih dari daftar.")
        self.changed = True

    def _write(self, sheet: str, row: int, col: int, value: Any, label: str | None = None) -> None:
        value = None if value == "" else value
        where = dict(sheet=sheet, row=row, column=label or column_letter(col))
        if isinstance(value, str) and utf16_length(value) > MAX_CELL_CHARS:
            raise CellValueRefused(TOO_LONG.format(length=utf16_length(value), limit=MAX_CELL_CHARS, **where),
                                   code="teks-terlalu-panjang", **where)
        try:
            if is_temporal(value):
                excel_serial(value)
            elif isinstance(value, float) and not math.isfinite(value):
                raise SheetPatchError(f"bilangan '{value}' bukan bilangan terhingga")
        except SheetPatchError as exc:
            raise CellValueRefused(BAD_VALUE.format(reason=exc, **where), code="nilai-tidak-dapat-disimpan",
                                   **where) from exc
        self._writes.setdefault(sheet, {}).setdefault(row, {})[col] = value
        for (name, column), last in list(self._last_rows.items()):
            if name == sheet and value is not None and (column is None or column == col) and row > last:
                self._last_rows[(name, column)] = row
        self.changed = True
