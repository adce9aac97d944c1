"""A whole worksheet part for a plain table sheet the tool owns (``Pemetaan Impor``).

The sheet is written anew each time (never patched): values as inline strings and numbers (cell
text stays text; no formulas), the header row frozen, column widths, and optionally a list
drop-down on one column whose choices sit in a hidden column after the table (a list written
inline is limited to 255 characters).
"""

from __future__ import annotations

from typing import Any

from .xlsx_sheet import _xml_escape, cell_xml, column_letter

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DROPDOWN_ROWS = 500  # rows below the table that still get the drop-down (for rows the officer adds)


def table_sheet_xml(rows: list[list[Any]], *, widths: dict[int, float] | None = None,
                    choices_column: int | None = None, choices: list[str] | tuple[str, ...] = (),
                    error: str = "") -> bytes:
    """The worksheet XML for ``rows`` (header first); ``choices_column`` is 0-based."""
    width = max((len(r) for r in rows), default=1)
    spare = width + 2  # 1-based column of the hidden choices
    table = [list(r) + [None] * (width - len(r)) for r in rows]
    if choices_column is not None and choices:
        needed = len(choices) + 1
        table += [[None] * width for _ in range(max(0, needed - len(table)))]
        for index, row in enumerate(table):
            row += [None, "Pilihan" if index == 0 else (choices[index - 1] if index - 1 < len(choices) else None)]
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
           f'xmlns:r="{REL_NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>']
    cols = []
    for col in range(1, width + 1):
        cols.append(f'<col min="{col}" max="{col}" width="{(widths or {}).get(col - 1, 16)}" customWidth="1"/>')
    if choices_column is not None and choices:
        cols.append(f'<col min="{spare}" max="{spare}" width="9" hidden="1" customWidth="1"/>')
    out.append("<cols>" + "".join(cols) + "</cols><sheetData>")
    for number, row in enumerate(table, start=1):
        cells = [cell_xml(b"", f"{column_letter(c)}{number}", None, v).decode("utf-8", "surrogatepass")
                 for c, v in enumerate(row, start=1) if v is not None and v != ""]
        if cells:
            out.append(f'<row r="{number}">' + "".join(cells) + "</row>")
    out.append("</sheetData>")
    if choices_column is not None and choices:
        target, letter = column_letter(choices_column + 1), column_letter(spare)
        message = _xml_escape(error).replace('"', "&quot;")
        out.append(f'<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                   f'error="{message}" sqref="{target}2:{target}{len(rows) + DROPDOWN_ROWS}"><formula1>'
                   f"${letter}$2:${letter}${len(choices) + 1}</formula1></dataValidation></dataValidations>")
    out.append("</worksheet>")
    return "".join(out).encode("utf-8", "surrogatepass")
