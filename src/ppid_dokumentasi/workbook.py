"""The core's picture of a workbook: :class:`WorkbookData` (sheets, register table, settings,
lists, Riwayat and Daftar Surat rows) and the one interpretation of sheet grids into it.

No I/O here: every reader (python-calamine files, xlwings books) hands in grids (lists of rows of
cell values) and gets the same :class:`WorkbookData`, so the register, settings, lists and audit
rows are interpreted in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import messages as msg
from .errors import ItemNotFound, NotARegisterError
from .layout import (
    CUTI_FIRST_COLUMN, CUTI_HEADERS, HEADER_SEARCH_ROWS, LETTERS_SHEET, PENGATURAN, REFERENSI, REGISTER_FIRST_DATA_ROW,
    REQUIRED_SHEETS, RIWAYAT,
    USERS_FIRST_COLUMN, VERSION_KEY, check_structure,
)
from .problems import Problem
from .register import REGISTER_SHEET, blank_row, cell_text, parse_date, parse_row
from .settings import Settings, User

if TYPE_CHECKING:
    from .register_row import RegisterRow

Grid = list[list[Any]]


@dataclass
class RegisterTable:
    header_row: int  # Excel row of the header
    labels: list[str]  # header labels in sheet order ("" for an empty header cell)
    rows: list[tuple[int, list[Any]]]  # (Excel row, raw cells in header order), blank rows skipped

    def cells(self, values: list[Any]) -> dict[str, Any]:
        return dict(zip(self.labels, values))

    def column_index(self, label: str) -> int:
        return self.labels.index(label)

    def find(self, id_informasi: str) -> tuple[int, dict[str, Any]] | None:
        """(Excel row, cells by label) of the item with this ID, or None."""
        index = self.labels.index("ID Informasi")
        wanted = id_informasi.strip().casefold()
        for excel_row, values in self.rows:
            if index < len(values) and cell_text(values[index]).casefold() == wanted:
                return excel_row, self.cells(values)
        return None

    def next_row(self) -> int:
        """The Excel row a new item is appended at: after the last filled row, never above the data area."""
        last = self.rows[-1][0] if self.rows else self.header_row
        return max(last + 1, REGISTER_FIRST_DATA_ROW)

    def rows_of(self, ids: list[str]) -> list[int]:
        """Excel rows of the items with these IDs, in the order given; an unknown ID is refused."""
        rows = []
        for id_informasi in ids:
            found = self.find(id_informasi)
            if found is None:
                raise ItemNotFound(f"ID Informasi '{id_informasi.strip()}' tidak ada di sheet {REGISTER_SHEET}.",
                                   sheet=REGISTER_SHEET, column="ID Informasi", code="id-tidak-ada")
            if found[0] not in rows:
                rows.append(found[0])
        return rows

    def items(self, excel_rows: list[int], lists: dict[str, list[str]]) -> list[RegisterRow]:
        """The typed rows at these Excel rows (cell-type problems are left to validation)."""
        by_row = dict(self.rows)
        return [parse_row(self.cells(by_row[r]), r, lists)[0] for r in excel_rows if r in by_row]


@dataclass
class WorkbookData:
    path: Path | None
    sheet_names: list[str]
    register: RegisterTable
    settings: Settings
    lists: dict[str, list[str]]
    version: str | None
    structure_problems: list[Problem] = field(default_factory=list)
    riwayat: Grid = field(default_factory=list)  # data rows under the header (see workbook_from_grids)
    letters: Grid = field(default_factory=list)  # Daftar Surat data rows


def find_header(grid: Grid) -> int | None:
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if any(isinstance(v, str) and v.strip() == "ID Informasi" for v in row):
            return index
    return None


def settings_from_grid(grid: Grid) -> tuple[Settings, str | None]:
    pairs: dict[str, Any] = {}
    users: list[User] = []
    first = USERS_FIRST_COLUMN - 1
    for row in grid[1:]:
        key = cell_text(row[0]) if row else ""
        if key:
            pairs[key] = row[1] if len(row) > 1 else None
        if len(row) > first and cell_text(row[first]):
            role = cell_text(row[first + 1]) if len(row) > first + 1 else ""
            nip = cell_text(row[first + 2]) if len(row) > first + 2 else ""
            users.append(User(cell_text(row[first]), role, nip))
    version = cell_text(pairs.pop(VERSION_KEY, None)) or None
    return Settings.from_sheet(pairs, users, _cuti_bersama(grid)), version


def _cuti_bersama(grid: Grid) -> list | None:
    """Dates of the Cuti Bersama table (column I); None when the sheet has no such table (older
    workbooks: packaged defaults). A cell that is not a date is skipped; the sheet's date validation
    (error alert) stops one being typed in Excel."""
    first = CUTI_FIRST_COLUMN - 1
    if not grid or len(grid[0]) <= first or cell_text(grid[0][first]) != CUTI_HEADERS[0]:
        return None
    days = []
    for row in grid[1:]:
        if len(row) > first and cell_text(row[first]):
            try:
                days.append(parse_date(row[first]))
            except ValueError:
                continue
    return days


def lists_from_grid(grid: Grid) -> dict[str, list[str]]:
    if not grid:
        return {}
    lists: dict[str, list[str]] = {}
    for col, name in enumerate(grid[0]):
        name = cell_text(name)
        if name:
            lists[name] = [cell_text(r[col]) for r in grid[1:] if col < len(r) and cell_text(r[col])]
    return lists


def table_rows(grid: Grid) -> Grid:
    return [row for row in grid[1:] if not blank_row(row)]


def workbook_from_grids(
    sheet_names: list[str], grid_of: Callable[[str], Grid], path: Path | None = None, *, with_structure: bool = True,
    riwayat_of: Callable[[], Any] | None = None,
) -> WorkbookData:
    """Interpret a workbook given its sheet names and a function returning a sheet's grid.

    ``riwayat_of``: gives the Riwayat in another form than its grid's data rows (the bulk validation
    reader: :class:`~ppid_dokumentasi.riwayat_columns.RiwayatColumns`)."""
    missing = [s for s in REQUIRED_SHEETS if s not in sheet_names]
    if missing:
        raise NotARegisterError(msg.MISSING_SHEET.format(sheet=missing[0], ada=", ".join(sheet_names) or "-"),
                                sheet=missing[0], code="sheet-hilang")
    settings, version = settings_from_grid(grid_of(PENGATURAN))
    lists = lists_from_grid(grid_of(REFERENSI))
    grid = grid_of(REGISTER_SHEET)
    header_index = find_header(grid)
    if header_index is None:
        raise NotARegisterError(msg.NO_HEADER, sheet=REGISTER_SHEET, code="judul-kolom-hilang")
    labels = [cell_text(v) for v in grid[header_index]]
    structure = check_structure(version, sheet_names, labels, lists) if with_structure else []
    rows = [
        (header_index + 2 + offset, values)
        for offset, values in enumerate(grid[header_index + 1:])
        if not blank_row(values)
    ]
    riwayat = riwayat_of() if riwayat_of is not None else table_rows(grid_of(RIWAYAT))
    letters = table_rows(grid_of(LETTERS_SHEET)) if LETTERS_SHEET in sheet_names else []
    return WorkbookData(path, sheet_names, RegisterTable(header_index + 1, labels, rows), settings, lists,
                        version, structure, riwayat, letters)
