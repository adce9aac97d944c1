"""The 'Arsipkan' button (SOP step 7): archive the selected Register items as a new BagIt version.

Reads the open book once (bulk, every sheet), snapshots it with the archive core, then appends
one chained ``arsip`` event per item to Riwayat (one write) and shows the result. In xlwings Lite
and Server the workbook file is not on disk: the canonical JSON of the sheets is archived, and the
file only when the book has a full path that exists (desktop Excel: the last saved file). The
archive root is Pengaturan ``folder_arsip``; when the book is not on disk it must be a full path
(on the machine running Python), and so must ``folder_surat`` for letters to be included.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import xlwings as xw

from macros.common import acting_user, file_on_disk, macro, notify, open_book
from ppid_dokumentasi.adapters.xlwings_book import XlwingsBook, excel_serial_to_date
from ppid_dokumentasi.archive import Archive, SnapshotSource, default_root
from ppid_dokumentasi.cli_archive import archive_events
from ppid_dokumentasi.errors import PpidError
from ppid_dokumentasi.register import COLUMN_BY_LABEL, REGISTER_SHEET, Kind, parse_date

# Office.js sends date cells as ISO text at midnight UTC; the calamine reader gives dates.
_MIDNIGHT_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?Z?$")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and (m := _MIDNIGHT_ISO.match(value)):
        return dt.date.fromisoformat(m[1])
    return value


def book_sheets(wb: XlwingsBook) -> dict[str, list[list[Any]]]:
    """Every sheet's values (one bulk read each), dates normalised as the file reader gives them,
    so the archived JSON is the same whether a version was made from the file or the open book."""
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



@macro("arsipkan")
def arsipkan(book: xw.Book = None) -> None:
    """Arsipkan butir Register yang dipilih sebagai versi arsip baru (langkah 7) dan catat di Riwayat."""
    wb = open_book(book)
    user = acting_user(wb)
    wanted = set(wb.selected_rows())
    ids = [row.id_informasi for r, row in wb.register_rows() if r in wanted and row.id_informasi]
    if not ids:
        raise PpidError("Baris yang dipilih tidak memiliki 'ID Informasi'; isi ID lalu klik Arsipkan lagi.",
                        sheet=REGISTER_SHEET, column="ID Informasi")
    path = file_on_disk(wb.book)
    base_dir = path.parent if path else None
    source = SnapshotSource(book_sheets(wb), path, path.name if path else wb.book.name, base_dir)
    root = default_root(wb.data.settings, base_dir)
    result = Archive(root).snapshot(source, ids, peran=user.peran, nama=user.nama)
    wb.append_events(archive_events(result))
    lines = [result.summary(), *result.recovered, *result.warnings]
    notify(wb, "\n".join(lines))
