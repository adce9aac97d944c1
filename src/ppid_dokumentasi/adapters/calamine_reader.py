"""Read a controlled workbook with python-calamine (fast, never writes).

:func:`read_workbook` returns a :class:`WorkbookData` holding the register rows as raw cells by
header label (with their Excel row numbers), the settings, the lists and the audit rows. Files that
cannot be a register raise :class:`~ppid_dokumentasi.errors.NotARegisterError` with a one-line
Indonesian reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from .. import messages as msg
from ..errors import NotARegisterError
from ..layout import (
    HEADER_SEARCH_ROWS, LETTERS_SHEET, PENGATURAN, REFERENSI, RIWAYAT, USERS_FIRST_COLUMN, VERSION_KEY,
    check_structure,
)
from ..problems import Problem
from ..register import REGISTER_SHEET, blank_row, cell_text
from ..settings import Settings, User

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RegisterTable:
    header_row: int  # Excel row of the header
    labels: list[str]  # header labels in sheet order ("" for an empty header cell)
    rows: list[tuple[int, list[Any]]]  # (Excel row, raw cells in header order), blank rows skipped

    def cells(self, values: list[Any]) -> dict[str, Any]:
        return dict(zip(self.labels, values))

    def column_index(self, label: str) -> int:
        return self.labels.index(label)


@dataclass
class WorkbookData:
    path: Path
    sheet_names: list[str]
    register: RegisterTable
    settings: Settings
    lists: dict[str, list[str]]
    version: str | None
    structure_problems: list[Problem] = field(default_factory=list)
    riwayat: list[list[Any]] = field(default_factory=list)  # data rows under the header
    letters: list[list[Any]] = field(default_factory=list)


def _open(path: Path) -> CalamineWorkbook:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise NotARegisterError(msg.NOT_XLSX.format(alasan=exc.strerror or str(exc))) from exc
    if not head:
        raise NotARegisterError(msg.NOT_XLSX.format(alasan="berkas kosong (0 byte)"))
    if head == OLE_MAGIC:
        raise NotARegisterError(msg.ENCRYPTED)
    if not zipfile.is_zipfile(path):
        raise NotARegisterError(msg.NOT_XLSX.format(alasan="bukan arsip zip Office Open XML"))
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for broken packages
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NotARegisterError(msg.NOT_XLSX.format(alasan=reason)) from exc


def _grid(book: CalamineWorkbook, name: str) -> list[list[Any]]:
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise NotARegisterError(msg.NOT_XLSX.format(alasan=f"sheet '{name}' rusak: {exc}")) from exc


def _find_header(grid: list[list[Any]]) -> int | None:
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if any(isinstance(v, str) and v.strip() == "ID Informasi" for v in row):
            return index
    return None


def _settings(grid: list[list[Any]]) -> tuple[Settings, str | None]:
    pairs: dict[str, Any] = {}
    users: list[User] = []
    for row in grid[1:]:
        key = cell_text(row[0]) if row else ""
        if key:
            pairs[key] = row[1] if len(row) > 1 else None
        first = USERS_FIRST_COLUMN - 1
        if len(row) > first and cell_text(row[first]):
            role = cell_text(row[first + 1]) if len(row) > first + 1 else ""
            nip = cell_text(row[first + 2]) if len(row) > first + 2 else ""
            users.append(User(cell_text(row[first]), role, nip))
    version = cell_text(pairs.pop(VERSION_KEY, None)) or None
    return Settings.from_sheet(pairs, users), version


def _lists(grid: list[list[Any]]) -> dict[str, list[str]]:
    if not grid:
        return {}
    lists: dict[str, list[str]] = {}
    for col, name in enumerate(grid[0]):
        name = cell_text(name)
        if name:
            lists[name] = [cell_text(r[col]) for r in grid[1:] if col < len(r) and cell_text(r[col])]
    return lists


def _table_rows(grid: list[list[Any]]) -> list[list[Any]]:
    return [row for row in grid[1:] if not blank_row(row)]


def read_workbook(path: str | Path, *, with_structure: bool = True) -> WorkbookData:
    """Read every sheet the tools need, once, in bulk."""
    path = Path(path)
    book = _open(path)
    names = list(book.sheet_names)
    missing_sheet = check_structure(None, names, [], None)
    if missing_sheet and any(p.code == "sheet-hilang" for p in missing_sheet):
        raise NotARegisterError(missing_sheet[0].message, sheet=missing_sheet[0].sheet,
                                code="sheet-hilang")
    settings, version = _settings(_grid(book, PENGATURAN))
    lists = _lists(_grid(book, REFERENSI))
    grid = _grid(book, REGISTER_SHEET)
    header_index = _find_header(grid)
    if header_index is None:
        raise NotARegisterError(msg.NO_HEADER, sheet=REGISTER_SHEET, code="judul-kolom-hilang")
    labels = [cell_text(v) for v in grid[header_index]]
    structure = check_structure(version, names, labels, lists) if with_structure else []
    rows = [
        (header_index + 2 + offset, values)
        for offset, values in enumerate(grid[header_index + 1:])
        if not blank_row(values)
    ]
    riwayat = _table_rows(_grid(book, RIWAYAT))
    letters = _table_rows(_grid(book, LETTERS_SHEET)) if LETTERS_SHEET in names else []
    return WorkbookData(path, names, RegisterTable(header_index + 1, labels, rows), settings, lists,
                        version, structure, riwayat, letters)


def read_all_sheets(path: str | Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values as a grid (for snapshots and comparisons)."""
    book = _open(Path(path))
    return {name: _grid(book, name) for name in book.sheet_names}
