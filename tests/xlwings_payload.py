"""Test support for the macros: build an xlwings remote payload from a real .xlsx, and apply the
actions a run returns (``book.json()``) back to the file with openpyxl.

The payload has the shape xlwings' Office.js / VBA clients send (see xlwings/pro/_xlremote.py):
``{"client", "version", "book": {"name", "active_sheet_index", "selection"}, "names", "sheets":
[{"name", "values", "pictures", "tables", "used_range_address"}]}``; dates travel as ISO strings.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial: fits this project

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the top-level ``macros`` package lives in the repository root
    sys.path.insert(0, str(ROOT))

import xlwings as xw  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from openpyxl.styles import PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets  # noqa: E402


def _wire(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def payload(path: Path, *, sheet: str = "Register", selection: str = "A1") -> dict:
    grids = read_all_sheets(path)
    names = list(grids)
    sheets = []
    for name, grid in grids.items():
        width = max((len(r) for r in grid), default=0)
        values = [[_wire(v) for v in row] + [""] * (width - len(row)) for row in grid]
        address = f"A1:{get_column_letter(width)}{len(values)}" if values and width else None
        sheets.append({"name": name, "values": values or [[]], "pictures": [], "charts": [], "tables": [],
                       "used_range_address": address})
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": names.index(sheet), "selection": selection},
        "names": [],
        "sheets": sheets,
    }


def remote_book(path: Path, **kwargs) -> xw.Book:
    return xw.Book(json=payload(path, **kwargs))


def _value(v: Any) -> Any:
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return dt.datetime.fromisoformat(v)
        except ValueError:
            return v
    return None if v == "" else v


def apply_actions(path: Path, actions: list[dict]) -> list[tuple[str, str]]:
    """Apply setValues / setRangeColors to the .xlsx; returns the alerts as (title, message)."""
    wb = load_workbook(path)
    alerts = []
    for action in actions:
        func = action["func"]
        if func == "alert":
            prompt, title = action["args"][0], action["args"][1]
            alerts.append((title, prompt))
            continue
        if func == "addSheet":
            wb.create_sheet(action["args"][1], action["args"][0])
            continue
        ws = wb.worksheets[action["sheet_position"]]
        r0, c0 = action["start_row"] + 1, action["start_column"] + 1
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, v in enumerate(row):
                    ws.cell(row=r0 + i, column=c0 + j).value = _value(v)
        elif func == "setRangeColors":
            for i, row in enumerate(action["args"][0]):
                for j, colour in enumerate(row):
                    if colour == "keep":
                        continue
                    cell = ws.cell(row=r0 + i, column=c0 + j)
                    cell.fill = PatternFill() if colour is None else PatternFill("solid", fgColor=colour.lstrip("#"))
        else:
            raise AssertionError(f"aksi xlwings tak terduga: {func}")
    wb.save(path)
    return alerts
