"""Test support for the macros: build an xlwings remote payload from a real .xlsx, and apply the
actions a run returns (``book.json()``) back to the file with openpyxl.

The payload has the shape xlwings' Office.js / VBA clients send (see xlwings/pro/_xlremote.py):
``{"client", "version", "book": {"name", "active_sheet_index", "selection"}, "names", "sheets":
[{"name", "values", "pictures", "tables", "used_range_address"}]}``; dates travel as ISO strings.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import zipfile
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


EMU_PER_POINT = 12700


def _register_shapes(path: Path, sheet: str) -> list[dict]:
    """The named shapes of a sheet as Office.js lists them (``sheet.shapes``: name, type, size and
    position in points; position approximated from the anchor, the server does not use it)."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', workbook).group(1)
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        target = re.search(rf'Id="{rid}"[^>]*Target="/?(?:xl/)?([^"]+)"|Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid}"',
                           rels)
        sheet_part = "xl/" + (target.group(1) or target.group(2))
        sheet_rels = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if sheet_rels not in z.namelist():
            return []
        drawing = re.search(r'Target="(?:\.\./drawings/|/xl/drawings/)([^"]+)"', z.read(sheet_rels).decode())
        if not drawing:
            return []
        xml = z.read("xl/drawings/" + drawing.group(1)).decode()
    shapes = []
    for anchor in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", xml, re.S):
        name = re.search(r'<xdr:cNvPr [^>]*name="([^"]*)"', anchor)
        ext = re.search(r'<a:ext cx="(\d+)" cy="(\d+)"', anchor)
        col, col_off = map(int, re.search(r"<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>(\d+)", anchor).groups())
        row = int(re.search(r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>", anchor, re.S).group(1))
        if name and "<xdr:sp" in anchor:
            shapes.append({"name": name.group(1), "type": "GeometricShape",
                           "width": int(ext.group(1)) / EMU_PER_POINT if ext else 0.0,
                           "height": int(ext.group(2)) / EMU_PER_POINT if ext else 0.0,
                           "left": col * 48.0 + col_off / EMU_PER_POINT, "top": row * 15.0})
    return shapes


def _book_names(path: Path, sheet_names: list[str]) -> list[dict]:
    """Workbook-scoped names as Office.js' ``readNamedItems`` sends them (the built-in ``_xlnm``
    names left out)."""
    wb = load_workbook(path, read_only=True)
    out = []
    for name, defined in wb.defined_names.items():
        if name.startswith("_xlnm"):
            continue
        target = next(iter(defined.destinations), None)
        sheet, address = target if target else (None, None)
        # Excel gives the formula as it normalises it: a simple sheet name without quotes
        refers_to = "=" + re.sub(r"'([A-Za-z_][A-Za-z0-9_.]*)'!", r"\1!", defined.attr_text)
        out.append({"name": name, "refers_to": refers_to, "type": "Range" if target else "String",
                    "sheet_index": sheet_names.index(sheet) if sheet in sheet_names else None,
                    "address": address.replace("$", "") if address else None,
                    "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True})
    wb.close()
    return out


def button_click_payload(path: Path, button: str, shapes: dict[str, list] | None = None) -> tuple[dict, dict]:
    """(payload, headers) the xlwings Server add-in posts when the officer clicks a sheet button.

    xlwings Server 1.20's client (static/js/custom-scripts/sheet-buttons.js and index.js
    ``getBookData``): a click *selects the button's cell*; the selection handler then calls
    ``runPython`` with the token of ``globalThis.getAuth`` (``Authorization``) and its provider
    (``Auth-Provider``). The payload's ``book.selection`` is that cell's unqualified address (``D2``),
    ``active_sheet_index`` the button's sheet; every sheet comes with its values window
    ``A1:<last used cell>`` (dates as ISO strings), used range, visibility, notes, shapes (the named
    button shapes), charts, tables, pivot tables; ``names`` lists the workbook's names.
    ``button`` is a layout button name (``majukan``), its reference ``[Tombol_majukan]Register!D2``.
    ``shapes``: {sheet: shapes} taken earlier (``sheet_shapes``) when the file has since been saved
    by openpyxl (:func:`apply_actions`), which drops drawings; by default read from the file.
    """
    from ppid_dokumentasi.layout import button_ref

    shape, address = re.match(r"^\[(.*?)\](.*)$", button_ref(button)).groups()
    sheet, cell = address.split("!")
    body = payload(path, sheet=sheet, selection=cell)
    names = [s["name"] for s in body["sheets"]]
    visible = _visible_sheets(path)
    body["book"]["calculation"] = "Automatic"
    body["names"] = _book_names(path, names)
    for entry in body["sheets"]:
        rows, cols = len(entry["values"]), max((len(r) for r in entry["values"]), default=0)
        entry.update({"visibility": "Visible" if entry["name"] in visible else "Hidden", "show_gridlines": True,
                      "print_area": None, "notes": [], "notes_supported": True,
                      "used_range_row_count": rows if entry["used_range_address"] else 0,
                      "used_range_column_count": cols if entry["used_range_address"] else 0,
                      "shapes": shapes.get(entry["name"], []) if shapes is not None
                      else _register_shapes(path, entry["name"]), "pivot_tables": []})
    assert any(s["name"] == shape for s in body["sheets"][names.index(sheet)]["shapes"]), shape  # the clicked one
    return body, {"Auth-Provider": "ppid", "Content-Type": "application/json"}


def sheet_shapes(path: Path) -> dict[str, list]:
    """{sheet: its named shapes} of a workbook, for :func:`button_click_payload`."""
    return {name: _register_shapes(path, name) for name in _visible_sheets(path)}


def _visible_sheets(path: Path) -> set[str]:
    wb = load_workbook(path, read_only=True)
    visible = {ws.title for ws in wb.worksheets if ws.sheet_state == "visible"}
    wb.close()
    return visible


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
