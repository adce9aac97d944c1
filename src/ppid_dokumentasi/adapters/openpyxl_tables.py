"""Write an export table (:class:`~ppid_dokumentasi.export_files.Table`) as a printable .xlsx.

One sheet: title and caption rows, a styled header row (repeated on every printed page), a group
row per classification, A4 landscape fitted to the page width, frozen header. Every text cell is
stored as text (a value starting with ``=`` never becomes a formula).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .openpyxl_builder import BOX, DATE_FORMAT, HEADER_FILL, HEADER_FONT, WRAP_TOP, _page_a4, set_value

GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
WIDTHS = {"no": 5, "klasifikasi": 13, "id_informasi": 15, "judul": 34, "ringkasan": 40, "keterangan": 30,
          "pejabat_penguasa": 24, "penanggung_jawab": 24, "dasar_pengecualian": 26, "undang_undang": 36,
          "jangka_waktu": 26, "nomor_penetapan": 26}
DEFAULT_WIDTH = 16
SHEET_TITLE_MAX = 31


def table_xlsx(table: Any, pub: Any) -> bytes:
    """The .xlsx file of one table, as bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = table.title[:SHEET_TITLE_MAX]
    fields = list(table.fields)
    width = len(fields)
    ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=14)
    set_value(ws.cell(row=2, column=1), table.caption)
    ws.cell(row=2, column=1).alignment = Alignment(wrap_text=False)
    header_row = 4
    for col, f in enumerate(fields, start=1):
        cell = ws.cell(row=header_row, column=col, value=f.title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(f.name, DEFAULT_WIDTH)
    row_number = header_row
    for title, rows in table.groups:
        if table.group_field:
            row_number += 1
            cell = ws.cell(row=row_number, column=1)
            set_value(cell, f"{title} ({len(rows)})")
            cell.font = Font(bold=True)
            for col in range(1, width + 1):
                ws.cell(row=row_number, column=col).fill = GROUP_FILL
                ws.cell(row=row_number, column=col).border = BOX
        for row in rows:
            row_number += 1
            for col, f in enumerate(fields, start=1):
                cell = ws.cell(row=row_number, column=col)
                value = row.get(f.name)
                set_value(cell, value if value != "" else None)
                cell.border, cell.alignment = BOX, WRAP_TOP
                if isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = DATE_FORMAT
    if not table.rows:
        row_number += 1
        ws.cell(row=row_number, column=1, value="Tidak ada informasi.")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    _page_a4(ws, landscape=True)
    ws.oddFooter.center.text = "Halaman &P dari &N"
    wb.properties.language = "id-ID"
    wb.properties.title = table.caption
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_copy(workbook: Path, sheet: str, target: Path) -> Path:
    """A copy of one sheet of a workbook (its print setup kept) as a new .xlsx, e.g. the SOP for PDF."""
    from openpyxl import load_workbook

    from .openpyxl_builder import save_atomically

    wb = load_workbook(workbook)
    for ws in list(wb.worksheets):
        if ws.title != sheet:
            wb.remove(ws)
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.active = 0
    save_atomically(wb, Path(target))
    return Path(target)
