"""The '⇪ Ekspor DIP/DIK' and '▦ Dasbor' buttons.

Ekspor: the public DIP and DIK files of the open book.

Reads the book once (bulk) and calls the same use case as ``ppid ekspor`` (``export_files.export``,
the .xlsx through ``adapters/openpyxl_tables``). The files go to Pengaturan ``folder_publikasi``
(relative to the workbook's folder; a full path when the book is not on disk, as in xlwings Lite
and Server); when the setting is absent, to ``publikasi`` beside the workbook. Nothing in the
workbook changes.

Dasbor: the same numbers as ``ppid dasbor`` (``dashboard.build``/``sheet_grid``), written into the
``Dasbor`` sheet in one range write (the sheet is added when missing and its old values cleared);
a stacked column chart over the step table is added once and then follows the cells.
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi import dashboard
from ppid_dokumentasi.adapters.openpyxl_tables import table_xlsx
from ppid_dokumentasi.app.publishing import export_public
from ppid_dokumentasi.audit import now_wib


@macro("ekspor")
def ekspor(book: xw.Book = None) -> None:
    """Ekspor DIP dan DIK publik ke folder Pengaturan 'folder_publikasi'."""
    with open_session(book) as session:
        out_dir, result = export_public(session.data, session.path, as_of=now_wib().date(), table_writer=table_xlsx)
    session.report(f"Ekspor selesai di folder {out_dir}.\n{result.summary()}")


CHART_SIZE = (620, 330)  # points


@macro("dasbor")
def dasbor(book: xw.Book = None) -> None:
    """Perbarui sheet Dasbor (angka dan grafik) dari Register, Riwayat dan Daftar Surat."""
    session = open_session(book)
    board = dashboard.build(session.data, now_wib().date())
    grid = dashboard.sheet_grid(board)
    spec = dashboard.chart_spec(board)
    sheets = session.book.sheets
    if dashboard.SHEET in [s.name for s in sheets]:
        ws = sheets[dashboard.SHEET]
        ws.clear_contents()
    else:
        ws = sheets.add(dashboard.SHEET, after=sheets[len(sheets) - 1])
    width = max(len(r) for r in grid)
    ws.range((1, 1), (len(grid), width)).value = [list(r) + [None] * (width - len(r)) for r in grid]
    if len(ws.charts) == 0:
        source = ws.range((spec.header_row, spec.category_col), (spec.last_row, spec.last_series_col))
        anchor = ws.range((spec.header_row - 1, spec.last_series_col + 3))
        ws.charts.add(width=CHART_SIZE[0], height=CHART_SIZE[1], chart_type="column_stacked", source=source,
                      anchor=anchor, name="Grafik Dasbor")
    session.report(f"Dasbor diperbarui: {board.jumlah} informasi; {len(board.melewati_mutu_baku)} melewati Mutu Baku; "
               f"{board.tenggat[dashboard.OVERDUE]} pengecualian lewat tenggat pembukaan.")
