"""Read and write a controlled workbook through xlwings (desktop Excel, xlwings Lite, xlwings Server).

Public API (macros in ``macros/*.py`` use this; the core never imports xlwings)::

    from ppid_dokumentasi.adapters.xlwings_book import XlwingsBook

    wb = XlwingsBook(book)             # ONE bulk read per sheet it needs (Register, Riwayat, Pengaturan,
                                       # Referensi, Daftar Surat); other sheets are read on demand
    wb.data                            # WorkbookData (same model as the calamine reader: register rows,
                                       #   settings + users, lists, riwayat rows, letters rows)
    wb.grid(sheet_name)                # raw grid (list of rows) of any sheet, read once and cached
    wb.register_rows()                 # [(Excel row, RegisterRow)], cell types normalised
    wb.row_by_id("PKR-2025-001")       # (Excel row, RegisterRow) or None
    wb.selected_rows()                 # Excel rows of the Register data rows the user selected
    wb.write_register_column(label, {excel_row: value, ...})   # one range write per run of rows
    wb.color_register_rows({excel_row: "#FFC7CE" | None, ...}, ...)  # one colour write per run
    wb.write_block(sheet, first_row, first_col, rows)           # ONE range write of a 2-D block
    wb.append_table_rows(sheet, rows)  # ONE write after the last filled row (Daftar Surat...)
    wb.append_events([audit.Event, ...])  # chained Riwayat rows (one write) + anchor in Pengaturan
    wb.set_settings({"kunci": value})  # Pengaturan values (one write)
    wb.alert(message, title=..., mode="info"|"critical")

Rules this module keeps, so callers need not think about them:

* Reads are bulk (one ``used_range`` read per sheet) and cached on the instance.
* Writes are bulk: one range write per changed column or block (per run of nearby changed rows:
  the response grows with the rows changed, not with the register), never cell by cell.
* In the remote engine (Lite/Server) writes are queued as actions and are NOT visible to later reads
  in the same run, so this class never reads back its own writes: it updates its in-memory copy
  (``data``, grids) instead. Two ``append_events`` calls in one run chain correctly.
* Values written are plain data (no formulas): a text starting with ``=`` is written as ``'=...``.
"""

from __future__ import annotations

from contextlib import contextmanager

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Iterable

from ..audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, Event, anchor, chain_events
from ..errors import PpidError
from ..layout import PENGATURAN, RIWAYAT
from ..register import COLUMN_BY_LABEL, REGISTER_SHEET, Kind, blank_row, cell_text, parse_row
from ..selection import MARK_LABEL, NO_DATA_ROW_SELECTED
from ..workbook import Grid, WorkbookData, workbook_from_grids

if TYPE_CHECKING:
    from ..register_row import RegisterRow

__all__ = ["XlwingsBook", "excel_serial_to_date", "rows_of_address"]

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_ROW_RANGE = re.compile(r"^\$?[A-Za-z]{0,3}\$?(\d+)(?::\$?[A-Za-z]{0,3}\$?(\d+))?$")


def excel_serial_to_date(value: float) -> dt.datetime:
    """An Excel date serial (Office.js sends dates as numbers) as a datetime."""
    return EXCEL_EPOCH + dt.timedelta(days=float(value))


def rows_of_address(address: str) -> list[int]:
    """Excel rows covered by an A1 address, also multi-area ("$A$5:$C$6,$B$9") and whole rows ("5:7").

    A part without row numbers (a whole column, "$A:$A") covers no row: the caller asks the user to
    select cells in data rows instead.
    """
    rows: set[int] = set()
    for part in (address or "").split(","):
        part = part.strip()
        if "!" in part:
            part = part.rsplit("!", 1)[1]
        match = _ROW_RANGE.match(part)
        if not match:
            continue
        first = int(match.group(1))
        last = int(match.group(2) or first)
        rows.update(range(min(first, last), max(first, last) + 1))
    return sorted(rows)


def _clean(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.isoformat(timespec="seconds")
    return value


class XlwingsBook:
    """A controlled workbook open in xlwings (``xw.Book``), read once, written in bulk."""

    def __init__(self, book: Any, *, with_structure: bool = False) -> None:
        self.book = book
        self.sheet_names: list[str] = [s.name for s in book.sheets]
        self._grids: dict[str, Grid] = {}
        self._last_filled: dict[str, int] = {}  # sheet -> last filled Excel row after our own appends
        self.data: WorkbookData = workbook_from_grids(self.sheet_names, self.grid, None,
                                                      with_structure=with_structure)
        self._rows: list[tuple[int, RegisterRow]] | None = None
        self._dates: list[int] | None = None

    # -- reading ----------------------------------------------------------------------------
    def grid(self, sheet: str) -> Grid:
        """All values of a sheet from A1 to the last used cell (one read, cached)."""
        if sheet not in self._grids:
            ws = self.book.sheets[sheet]
            used = ws.used_range
            last = used.last_cell
            if last.row == 1 and last.column == 1 and ws.range((1, 1)).value is None:
                values: Grid = []
            else:
                values = _raw_grid(ws.range((1, 1), (last.row, last.column)))
            self._grids[sheet] = values
        return self._grids[sheet]

    def _date_columns(self) -> list[int]:
        """Indexes (header order) of the Register's date columns, looked up once per read."""
        if self._dates is None:
            self._dates = [i for i, label in enumerate(self.data.register.labels)
                           if (c := COLUMN_BY_LABEL.get(label)) is not None and c.kind is Kind.DATE]
        return self._dates

    def _normalised_cells(self, cells: list[Any]) -> list[Any]:
        """One row's cells in header order, Excel date serials of date columns as datetimes (only the
        date columns are looked at: once per row, not once per cell)."""
        row = None
        for i in self._date_columns():
            value = cells[i] if i < len(cells) else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if row is None:
                    row = list(cells)
                row[i] = excel_serial_to_date(value)
        return cells if row is None else row

    def _normalised(self, cells: list[Any]) -> dict[str, Any]:
        return self.data.register.cells(self._normalised_cells(cells))

    def register_rows(self) -> list[tuple[int, RegisterRow]]:
        """Every non-blank Register row as (Excel row, RegisterRow); type problems are ignored here."""
        if self._rows is None:
            self._rows = [
                (excel_row, parse_row(self._normalised(values), excel_row, self.data.lists)[0])
                for excel_row, values in self.data.register.rows
            ]
        return self._rows

    def raw_register_rows(self) -> list[tuple[int, list[Any]]]:
        """(Excel row, raw cells in header order), dates normalised to datetimes (for validation)."""
        width = len(self.data.register.labels)
        rows = []
        for r, values in self.data.register.rows:
            cells = self._normalised_cells(values)
            if len(cells) != width:
                cells = (list(cells) + [None] * width)[:width]
            rows.append((r, cells))
        return rows

    def row_by_id(self, id_informasi: str) -> tuple[int, RegisterRow] | None:
        wanted = id_informasi.strip().casefold()
        return next(((r, row) for r, row in self.register_rows() if row.id_informasi.casefold() == wanted), None)

    def selected_rows(self) -> list[int]:
        """Excel rows of the selected Register data rows (blank rows dropped).

        Raises a :class:`PpidError` when the selection is not on the Register or covers no data row.
        """
        sheet_name, address = self._selection()
        if sheet_name != REGISTER_SHEET:
            raise PpidError(f"Pilih baris di sheet '{REGISTER_SHEET}' lebih dulu (yang terpilih: sheet "
                            f"'{sheet_name}').", sheet=REGISTER_SHEET)
        data_rows = {r for r, _ in self.data.register.rows}
        rows = [r for r in rows_of_address(address) if r in data_rows]
        if not rows:
            raise PpidError("Pilih satu atau beberapa sel pada baris data Register (baris "
                            f"{self.data.register.header_row + 1} ke bawah), atau tandai barisnya di kolom "
                            f"'{MARK_LABEL}' (✓ atau x), lalu klik tombol lagi.",
                            sheet=REGISTER_SHEET, code=NO_DATA_ROW_SELECTED)
        return rows

    def _selection(self) -> tuple[str, str]:
        api = getattr(self.book.impl, "api", None)
        if isinstance(api, dict):  # remote engine (xlwings Lite / Server): raw payload, may be multi-area
            index = api["book"].get("active_sheet_index", 0) or 0
            return api["sheets"][index]["name"], api["book"].get("selection") or ""
        selection = self.book.selection
        if selection is None:
            return "", ""
        return selection.sheet.name, selection.address

    # -- writing ----------------------------------------------------------------------------
    def _column_number(self, label: str) -> int:
        labels = self.data.register.labels
        if label not in labels:
            raise PpidError(f"Kolom '{label}' tidak ada di sheet Register.", sheet=REGISTER_SHEET, column=label)
        return labels.index(label) + 1

    def _current(self, excel_row: int, label: str) -> Any:
        grid = self.grid(REGISTER_SHEET)
        index = self._column_number(label) - 1
        row = grid[excel_row - 1] if excel_row - 1 < len(grid) else []
        return row[index] if index < len(row) else None

    def write_register_column(self, label: str, values: dict[int, Any]) -> None:
        """One range write per run of nearby rows of one Register column (rows in a small gap keep
        their current values, as read), so the writes grow with the rows changed, not the register."""
        if not values:
            return
        for first, last in _runs(values):
            column = [[_clean(values[r]) if r in values else self._current(r, label)]
                      for r in range(first, last + 1)]
            self.write_block(REGISTER_SHEET, first, self._column_number(label), column)
        grid = self.grid(REGISTER_SHEET)  # keep our copy in step (never read back from Excel)
        index = self._column_number(label) - 1
        for r, value in values.items():
            while len(grid) < r:
                grid.append([])
            row = grid[r - 1]
            row.extend([None] * (index + 1 - len(row)))
            row[index] = value
        self._rows = None

    def color_register_rows(self, colors: dict[int, str | None], first_label: str | None = None,
                            last_label: str | None = None, first_row: int | None = None,
                            last_row: int | None = None) -> None:
        """Colour writes over rows × columns (whole data rows by default); ``None`` = no fill. One write
        per run of nearby rows given (rows of a small gap keep their fill); with ``first_row`` and
        ``last_row`` one write over that whole block."""
        if not colors and first_row is None:
            return
        c1 = self._column_number(first_label) if first_label else 1
        c2 = self._column_number(last_label) if last_label else len(self.data.register.labels)
        width = c2 - c1 + 1
        if first_row is not None or last_row is not None:
            runs = [(first_row if first_row is not None else min(colors),
                     last_row if last_row is not None else max(colors))]
        else:
            runs = _runs(colors)
        for first, last in runs:
            matrix = [[colors.get(r)] * width if r in colors else [...] * width for r in range(first, last + 1)]
            ws = self.book.sheets[REGISTER_SHEET]
            rng = ws.range((first, c1), (last, c2))
            with _unprotected(ws):
                _set_colors(rng, matrix)

    def write_block(self, sheet: str, first_row: int, first_col: int, rows: list[list[Any]]) -> None:
        """One range write of a rectangular block (rows padded to the same width)."""
        if not rows:
            return
        width = max(len(r) for r in rows)
        block = [[_clean(v) for v in r] + [None] * (width - len(r)) for r in rows]
        ws = self.book.sheets[sheet]
        rng = ws.range((first_row, first_col), (first_row + len(block) - 1, first_col + width - 1))
        impl = rng.impl
        if hasattr(impl, "append_json_action"):
            # Remote engine (Lite/Server): the values as its converter would send them, but without
            # xlwings' write pipeline, which copies every value of the sheet on each write (its range
            # resize reads the sheet's shape), so a one-cell write cost as much as the whole register.
            prepare = self.book.app.engine.impl.prepare_xl_data_element
            impl.raw_value = [[prepare(v, {}) for v in row] for row in block]
        else:
            with _unprotected(ws):
                rng.value = block

    def replace_sheet(self, name: str, rows: list[list[Any]]) -> None:
        """Create (at the end) or overwrite a plain table sheet in one write; old cells beyond the new
        rows are blanked. (The drop-down the file editor adds is not available through xlwings.)"""
        if name not in self.sheet_names:
            self.book.sheets.add(name=name)
            self.sheet_names.append(name)
            self._grids[name] = []
        old = self.grid(name)
        height = max(len(rows), len(old))
        width = max([len(r) for r in rows] + [len(r) for r in old] + [1])
        block = [list(r) + [None] * (width - len(r)) for r in rows] + [[None] * width] * (height - len(rows))
        self.write_block(name, 1, 1, block)
        self._grids[name] = [list(r) for r in rows]

    def _last_filled_row(self, sheet: str, column: int | None = None) -> int:
        if column is None and sheet in self._last_filled:
            return self._last_filled[sheet]
        grid = self.grid(sheet)
        for index in range(len(grid) - 1, -1, -1):
            cells = grid[index] if column is None else grid[index][column - 1:column]
            if not blank_row(cells):
                return index + 1
        return 0

    def append_table_rows(self, sheet: str, rows: list[list[Any]]) -> int:
        """Append rows after the last filled row of a table sheet in one write; returns the first row."""
        start = self._last_filled_row(sheet) + 1
        self.write_block(sheet, start, 1, rows)
        self._last_filled[sheet] = start + len(rows) - 1
        return start

    def append_events(self, events: Iterable[Event]) -> list[list[Any]]:
        """Append audit events to Riwayat, chained (audit.chain_events) after the rows read or appended
        so far in this run, and move the anchor (count, last hash) in Pengaturan."""
        events = list(events)
        if not events:
            return []
        existing = list(self.data.riwayat)
        rows = chain_events(existing, events)
        self.append_table_rows(RIWAYAT, rows)
        self.data.riwayat = existing + rows
        count, last = anchor(self.data.riwayat)
        self.set_settings({ANCHOR_COUNT_KEY: count, ANCHOR_HASH_KEY: last})
        return rows

    def set_settings(self, values: dict[str, Any]) -> None:
        """Write Pengaturan values by key: existing keys in one column-B write, new keys appended as
        (key, value) rows in one write."""
        grid = self.grid(PENGATURAN)
        where = {cell_text(row[0]): i + 1 for i, row in enumerate(grid) if i > 0 and row and cell_text(row[0])}
        present = {k: v for k, v in values.items() if k in where}
        missing = [(k, v) for k, v in values.items() if k not in where]
        if present:
            rows = {where[k]: v for k, v in present.items()}
            first, last = min(rows), max(rows)
            column = [[rows[r] if r in rows else (grid[r - 1][1] if len(grid[r - 1]) > 1 else None)]
                      for r in range(first, last + 1)]
            self.write_block(PENGATURAN, first, 2, column)
            for r, v in rows.items():
                grid[r - 1][1] = v
        if missing:
            start = self._last_filled_row(PENGATURAN, column=1) + 1
            self.write_block(PENGATURAN, start, 1, [[k, v] for k, v in missing])
            width = max((len(r) for r in grid), default=2)
            for offset, (k, v) in enumerate(missing):
                r = start + offset
                while len(grid) < r:
                    grid.append([None] * width)
                grid[r - 1][0:2] = [k, v]
        self.data.settings.values.update(values)

    def alert(self, message: str, title: str = "PPID Dokumentasi", mode: str = "info") -> None:
        """A message box (desktop: MsgBox; Lite/Server: an 'alert' action)."""
        self.book.app.alert(message, title=title, mode=mode)


RUN_GAP = 8  # rows between two changed rows that one write may span (keeping their values/fills)


_PROTECTION_FLAGS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                     "AllowInsertingRows", "AllowDeletingRows", "AllowSorting", "AllowFiltering")


@contextmanager
def _unprotected(ws: Any):
    """Desktop Excel refuses COM writes to locked cells (Langkah, Status) of a protected sheet: lift
    the protection (the builder sets no password) for the write and put it back with the same
    permissions. The remote engine (Lite/Server) writes through actions and needs nothing."""
    try:
        api = ws.api
        protected = bool(api.ProtectContents)
    except Exception:  # remote engine: no COM object
        yield
        return
    allow = {}
    if protected:
        allow = {flag: bool(getattr(api.Protection, flag)) for flag in _PROTECTION_FLAGS}
        api.Unprotect()
    try:
        yield
    finally:
        if protected:
            api.Protect(Contents=True, **allow)


def _runs(rows: Iterable[int], gap: int = RUN_GAP) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs, two rows joined when at most ``gap`` rows lie between."""
    runs: list[tuple[int, int]] = []
    for r in sorted(rows):
        if runs and r - runs[-1][1] <= gap + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _raw_grid(rng: Any) -> Grid:
    """The range's values without xlwings' value conversion, empty cells as None.

    ``raw_value`` on purpose: the remote engine's conversion turns any text that looks like an ISO
    datetime into a datetime and fails on an offset such as ``+07:00`` (the Riwayat 'Waktu' text).
    Dates then arrive as ISO text (remote) or datetimes (desktop); register.parse_date takes both.
    """
    raw = rng.raw_value
    if not isinstance(raw, (list, tuple)):
        raw = [[raw]]
    elif raw and not isinstance(raw[0], (list, tuple)):
        raw = [raw]
    return [[None if v == "" else v for v in row] for row in raw]


def _set_colors(rng: Any, matrix: list[list[Any]]) -> None:
    """One colour action for a block. ``...`` keeps a cell's fill, ``None`` clears it.

    The remote engine has ``set_colors`` (one action); desktop engines get one ``color`` call per run
    of identical colours in a row block.
    """
    impl = rng.impl
    if hasattr(impl, "set_colors"):
        impl.set_colors(matrix)
        return
    sheet = rng.sheet
    top, left = rng.row, rng.column
    width = len(matrix[0]) if matrix else 0
    start = 0
    while start < len(matrix):  # desktop: one call per run of consecutive rows with the same colour
        colour = matrix[start][0] if matrix[start] else ...
        end = start
        while end + 1 < len(matrix) and (matrix[end + 1][0] if matrix[end + 1] else ...) == colour:
            end += 1
        if colour is not ...:
            sheet.range((top + start, left), (top + end, left + width - 1)).color = colour
        start = end + 1
