"""Read a controlled workbook with python-calamine (fast, never writes).

:func:`read_workbook` returns a :class:`~ppid_dokumentasi.workbook.WorkbookData`. Files that cannot be a register
raise :class:`~ppid_dokumentasi.errors.NotARegisterError` with a one-line Indonesian reason; every
file is first checked by :func:`ppid_dokumentasi.package_guard.check_package` (bounded reading).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from .. import messages as msg
from ..errors import NotARegisterError
from ..filekind import check_workbook_file
from ..layout import RIWAYAT
from ..riwayat_columns import RULE_INDEXES, RiwayatColumns, riwayat_columns
from ..workbook import Grid, RegisterTable, WorkbookData, workbook_from_grids
from .arrow_columns import read_text_columns
from ..package_guard import check_package

__all__ = ["read_workbook", "read_for_validation", "read_all_sheets", "read_sheet", "read_optional_sheet",
           "RegisterTable", "WorkbookData"]


def _open(path: Path, checked: bool = False) -> CalamineWorkbook:
    check_workbook_file(path)  # not a regular file, .xls, .ods, .csv, encrypted, missing: refused naming it
    if not checked:
        check_package(path)  # within every read limit: nothing is allocated before this
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for broken packages
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NotARegisterError(msg.FILE_NOT_XLSX.format(berkas=path.name, alasan=reason)) from exc


def _grid(book: CalamineWorkbook, name: str) -> Grid:
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise NotARegisterError(msg.NOT_XLSX.format(alasan=f"sheet '{name}' rusak: {exc}")) from exc


def read_workbook(path: str | Path, *, with_structure: bool = True,
                  grids: dict[str, Grid] | None = None, checked: bool = False) -> WorkbookData:
    """Read every sheet the tools need, once each, in bulk (``grids`` collects the sheets' grids).

    ``checked``: the caller already passed this file through :func:`ppid_dokumentasi.package_guard.check_package`."""
    path = Path(path)
    book = _open(path, checked)

    def grid_of(name: str) -> Grid:
        grid = _grid(book, name)
        if grids is not None:
            grids[name] = grid
        return grid

    return workbook_from_grids(list(book.sheet_names), grid_of, path, with_structure=with_structure)


# From this file size on, the Riwayat columns are read through fastexcel: below it, importing
# fastexcel and pyarrow (about 35 ms) costs more than reading a short Riwayat whole.
ARROW_FROM_BYTES = 2 << 20


def read_for_validation(path: str | Path) -> WorkbookData:
    """:func:`read_workbook` for bulk validation (``ppid validasi``): the Riwayat comes as the columns
    its rules read (:class:`RiwayatColumns`). With fastexcel installed (the ``cepat`` extra), in a
    file of :data:`ARROW_FROM_BYTES` or more, they are read alone, as text, skipping the time, actor
    and hash columns that make most of a long Riwayat; otherwise from the python-calamine grid (blank
    rows kept, so Excel rows stay exact). Either way every cell reaches the rules as written."""
    path = Path(path)
    book = _open(path)

    def riwayat_of() -> RiwayatColumns:  # called once the sheet is known to exist
        big = path.stat().st_size >= ARROW_FROM_BYTES
        columns = read_text_columns(path, RIWAYAT, RULE_INDEXES) if big else None
        if columns is None:  # a small file, or fastexcel not installed
            return riwayat_columns(_grid(book, RIWAYAT)[1:])
        return RiwayatColumns(*columns)

    return workbook_from_grids(list(book.sheet_names), lambda name: _grid(book, name), path, riwayat_of=riwayat_of)


def read_sheet(path: str | Path, name: str) -> Grid:
    """One sheet's values as a grid from A1."""
    return _grid(_open(Path(path)), name)


def read_all_sheets(path: str | Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values as a grid (for snapshots and comparisons)."""
    book = _open(Path(path))
    return {name: _grid(book, name) for name in book.sheet_names}


def read_optional_sheet(path: str | Path, name: str) -> Grid | None:
    """One sheet's values as a grid, or None when the workbook has no such sheet."""
    book = _open(Path(path))
    return _grid(book, name) if name in book.sheet_names else None
