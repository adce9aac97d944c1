"""Change an existing controlled workbook with openpyxl, safely.

``with WorkbookEditor(path) as editor:`` takes a cross-process lock (filelock, ``.NAME.lock`` beside it),
reads the workbook once with calamine (``editor.data``) and loads it with openpyxl. Changes are
saved when the block ends without an exception, atomically (write beside, then rename), so a
refused action or a crash leaves every byte of the original. Lists, protection, styles, defined
names and button cells survive because openpyxl rewrites only what it is told to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

from filelock import FileLock, Timeout
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.worksheet.worksheet import Worksheet

from ..audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, anchor, chain_events
from ..errors import NotARegisterError, WorkbookWriteError
from ..layout import PENGATURAN, REGISTER_FIRST_DATA_ROW, RIWAYAT
from ..register import REGISTER_SHEET
from .calamine_reader import WorkbookData, read_workbook
from .openpyxl_builder import DATE_FORMAT, save_atomically, set_value

LOCK_TIMEOUT_SECONDS = 60
UNLOCKED = Protection(locked=False)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def lock_path(path: str | Path) -> Path:
    """The lock file beside a workbook, hidden (``.register.xlsx.lock``) so officers don't trip on it."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


def lock_for(path: str | Path) -> FileLock:
    """The lock every writer of this workbook takes (letters numbering, workflow, import...)."""
    return FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT_SECONDS)


class WorkbookEditor:
    def __init__(self, path: str | Path, *, read: bool = True) -> None:
        self.path = Path(path)
        self._read = read
        self._lock = lock_for(self.path)
        self.data: WorkbookData | None = None
        self.book = None
        self.changed = False

    def __enter__(self) -> "WorkbookEditor":
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise WorkbookWriteError(
                f"Workbook '{self.path.name}' sedang dipakai proses lain; coba lagi sebentar lagi.") from exc
        try:
            if self._read:
                self.data = read_workbook(self.path)
            keep_vba = self.path.suffix.lower() == ".xlsm"
            try:
                self.book = load_workbook(self.path, keep_vba=keep_vba)
            except Exception as exc:
                raise NotARegisterError(f"Workbook '{self.path.name}' tidak dapat dibuka untuk diubah: {exc}") from exc
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None and self.changed:
                save_atomically(self.book, self.path)
        finally:
            self._lock.release()

    # -- Register ---------------------------------------------------------------------------
    @property
    def register(self) -> Worksheet:
        return self.book[REGISTER_SHEET]

    def _header(self) -> tuple[int, dict[str, int]]:
        if self.data is not None:
            header_row = self.data.register.header_row
            labels = self.data.register.labels
        else:
            ws = self.register
            header_row = next(
                (r for r in range(1, 21) if any(c.value == "ID Informasi" for c in ws[r])), None)
            if header_row is None:
                raise NotARegisterError("Sheet 'Register' tidak memiliki baris judul kolom.")
            labels = [str(c.value or "").strip() for c in ws[header_row]]
        return header_row, {label: i + 1 for i, label in enumerate(labels) if label}

    def column_of(self, label: str) -> int:
        _, columns = self._header()
        if label not in columns:
            raise NotARegisterError(f"Kolom '{label}' tidak ada di sheet Register.", sheet=REGISTER_SHEET)
        return columns[label]

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None:
        """Write values (by header label) into one Register row."""
        for label, value in values.items():
            self._write(self.register.cell(row=excel_row, column=self.column_of(label)), value)

    def set_column(self, label: str, values: dict[int, Any]) -> None:
        """Write one column for many rows: {Excel row: value}."""
        column = self.column_of(label)
        for excel_row, value in values.items():
            self._write(self.register.cell(row=excel_row, column=column), value)

    def next_register_row(self) -> int:
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
        ws = self.book[sheet]
        row = _last_filled_row(ws) + 1
        for col, value in enumerate(values, start=1):
            self._write(ws.cell(row=row, column=col), value)
        return row

    def append_events(self, events: list) -> list[list[Any]]:
        """Append audit events to Riwayat, chained after the rows read at open, and move the anchor."""
        existing = list(self.data.riwayat) if self.data is not None else []
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
        ws = self.book[PENGATURAN]
        for row in range(2, ws.max_row + 1):
            if ws.cell(row=row, column=1).value == key:
                self._write(ws.cell(row=row, column=2), value)
                return
        row = _last_filled_row(ws, column=1) + 1
        ws.cell(row=row, column=1, value=key)
        self._write(ws.cell(row=row, column=2), value)

    def _write(self, cell, value: Any) -> None:
        set_value(cell, None if value == "" else value)
        cell.protection = UNLOCKED
        cell.alignment = WRAP_TOP
        if isinstance(value, (dt.date, dt.datetime)):
            cell.number_format = DATE_FORMAT
        self.changed = True


def _last_filled_row(ws: Worksheet, column: int | None = None) -> int:
    for row in range(ws.max_row, 0, -1):
        cells = [ws.cell(row=row, column=column)] if column else ws[row]
        if any(c.value not in (None, "") for c in cells):
            return row
    return 0
