"""Moved to :mod:`ppid_dokumentasi.workbook` (the core's picture of a workbook); kept for old imports."""

from ..workbook import (  # noqa: F401
    Grid, RegisterTable, WorkbookData, find_header, lists_from_grid, settings_from_grid, table_rows,
    workbook_from_grids,
)

__all__ = ["Grid", "RegisterTable", "WorkbookData", "find_header", "lists_from_grid", "settings_from_grid",
           "table_rows", "workbook_from_grids"]
