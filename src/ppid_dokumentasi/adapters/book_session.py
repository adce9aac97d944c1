"""The workbook-session port (:mod:`ppid_dokumentasi.app.session`) over a book open in xlwings.

``with BookSession(book) as session:`` reads the book once (bulk, :class:`~.xlwings_book.XlwingsBook`),
collects the use case's writes, and sends them when the block ends without an error (or at
:meth:`commit`), in bulk: Daftar Surat rows (one write per sheet), Register cells (one write per
changed column), Riwayat events (one write, chained) with the anchor, then settings. If the use
case raises, nothing is sent. Messages are message boxes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..audit import Event
from ..errors import WorkbookWriteError
from ..register import COLUMN_BY_LABEL, REGISTER_SHEET, RESULT_LABEL, Kind, parse_date
from ..selection import MARK_LABEL, target_rows
from ..workbook import Grid, RegisterTable
from .xlwings_book import XlwingsBook, excel_serial_to_date

TITLE = "PPID Dokumentasi"
# Office.js sends date cells as ISO text at midnight UTC; the calamine reader gives dates.
_MIDNIGHT_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?Z?$")


def file_on_disk(book: Any) -> Path | None:
    """The workbook file when the book has a full path that exists (never in xlwings Lite/Server)."""
    try:
        path = Path(book.fullname)
    except Exception:
        return None
    return path.resolve() if path.is_absolute() and path.is_file() else None


class BookSession:
    def __init__(self, book: Any) -> None:
        self.wb = XlwingsBook(book, with_structure=True)
        self.book = book
        self.name = book.name
        self._path = file_on_disk(book)
        wb_data = self.wb.data
        register = RegisterTable(wb_data.register.header_row, wb_data.register.labels,
                                 [(r, list(v)) for r, v in self.wb.raw_register_rows()])
        self.data = dataclasses.replace(wb_data, path=self._path, register=register, letters=list(wb_data.letters),
                                        riwayat=list(wb_data.riwayat))
        self._rows: dict[str, list[list[Any]]] = {}
        self._cells: dict[str, dict[int, Any]] = {}
        self._appended = 0
        self._events: list[Event] = []
        self._settings: dict[str, Any] = {}
        self._colours: dict[int, str | None] | None = None
        self._tables: dict[str, list[list[Any]]] = {}  # whole table sheets (replace_sheet)
        self._marked: list[int] = []
        self._open = True

    def __enter__(self) -> "BookSession":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        self._open = False

    @property
    def path(self) -> Path | None:
        return self._path

    def targets(self) -> list[int]:
        """The rows marked in Pilih, else the selected data rows (selection.py); marks taken are
        cleared when the session commits."""
        register = self.data.register
        target = target_rows(register.labels, register.rows, self.wb.selected_rows)
        self._marked = target.rows if target.marked else []
        return target.rows

    # -- writes, collected ---------------------------------------------------------------------
    def _check_open(self) -> None:
        if not self._open:
            raise WorkbookWriteError(f"Sesi workbook '{self.name}' sudah ditutup; perubahan tidak dapat ditulis.")

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None:
        self._check_open()
        for label, value in values.items():
            self._cells.setdefault(label, {})[excel_row] = value

    def append_register(self, rows: list[dict[str, Any]]) -> list[int]:
        start = self.data.register.next_row() + self._appended
        written = []
        for offset, values in enumerate(rows):
            self.set_cells(start + offset, values)
            written.append(start + offset)
        self._appended += len(written)
        return written

    def append(self, sheet: str, values: list[Any]) -> int:
        self._check_open()
        self._rows.setdefault(sheet, []).append(list(values))
        return 0

    def append_events(self, events: list[Event]) -> list[list[Any]]:
        self._check_open()
        self._events.extend(events)
        return []

    def set_settings(self, values: dict[str, Any]) -> None:
        self._check_open()
        self._settings.update(values)
        self.data.settings.values.update(values)

    def mark_rows(self, colours: dict[int, str | None]) -> None:
        self._check_open()
        self._colours = colours

    def sheet(self, name: str) -> Grid | None:
        return self.wb.grid(name) if name in self.wb.sheet_names else None

    def replace_sheet(self, name: str, rows: list[list[Any]], *, choices_column: int | None = None,
                      choices: list[str] | tuple[str, ...] = ()) -> None:
        """Values only: a drop-down cannot be added through xlwings (the file session adds it)."""
        self._check_open()
        self._tables[name] = [list(r) for r in rows]

    def commit(self) -> None:
        if not self._open:
            return
        self._open = False
        wb = self.wb
        if self._marked and MARK_LABEL in self.data.register.labels:  # success: clear the marks taken
            marks = self._cells.setdefault(MARK_LABEL, {})
            for excel_row in self._marked:
                marks.setdefault(excel_row, None)
        for sheet, rows in self._tables.items():
            wb.replace_sheet(sheet, rows)
        for sheet, rows in self._rows.items():
            wb.append_table_rows(sheet, rows)
        for label, values in self._cells.items():
            wb.write_register_column(label, values)
        if self._colours:
            labels = self.data.register.labels
            last = labels.index(RESULT_LABEL) - 1 if RESULT_LABEL in labels else len(labels) - 1
            wb.color_register_rows(self._colours, first_label=labels[0], last_label=labels[max(last, 0)])
        if self._events:
            wb.append_events(self._events)
        if self._settings:
            wb.set_settings(self._settings)

    def report(self, message: str, *, warning: bool = False) -> None:
        self.book.app.alert(message, title=TITLE, mode="info")

    # -- every sheet, as the file reader gives it ------------------------------------------------
    def sheets(self) -> dict[str, Grid]:
        """Every sheet's values (one bulk read each), dates normalised as the file reader gives them,
        so an archived version is the same whether it was made from the file or the open book."""
        wb = self.wb
        sheets = {name: [[_cell(v) for v in row] for row in wb.grid(name)] for name in wb.sheet_names}
        register = wb.data.register
        date_columns = [i for i, label in enumerate(register.labels)
                        if (c := COLUMN_BY_LABEL.get(label)) is not None and c.kind is Kind.DATE]
        grid = sheets[REGISTER_SHEET]
        for excel_row, _values in register.rows:
            row = grid[excel_row - 1]
            for i in date_columns:
                if i >= len(row):
                    continue
                value = row[i]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    row[i] = excel_serial_to_date(value).date()
                elif isinstance(value, str):
                    try:
                        row[i] = parse_date(value) or value
                    except ValueError:
                        pass
        return sheets


def _cell(value: Any) -> Any:
    if isinstance(value, str) and (m := _MIDNIGHT_ISO.match(value)):
        return dt.date.fromisoformat(m[1])
    return value
