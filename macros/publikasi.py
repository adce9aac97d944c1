"""The '⇪ Ekspor DIP/DIK' and '▦ Dasbor' buttons.

Ekspor: the public DIP and DIK files of the open book.

Reads the book once (bulk) and calls the same use case as ``ppid ekspor`` (``export_files.export``,
the .xlsx through ``adapters/openpyxl_tables``). The files go to Pengaturan ``folder_publikasi``
(relative to the workbook's folder; a full path when the book is not on disk, as in xlwings Lite
and Server); when the setting is absent, to ``publikasi`` beside the workbook. Nothing in the
workbook changes.

Dasbor: the use case of ``ppid dasbor`` (``app/dashboard_job.refresh_dashboard``) with the book's
sheet writer (``adapters/xlwings_dasbor``: one range write, the chart added once).
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi.adapters.openpyxl_tables import table_xlsx
from ppid_dokumentasi.adapters.xlwings_dasbor import write_dasbor_book
from ppid_dokumentasi.app.dashboard_job import refresh_dashboard, summary
from ppid_dokumentasi.app.publishing import export_public
from ppid_dokumentasi.audit import now_wib


@macro("ekspor")
def ekspor(book: xw.Book = None) -> None:
    """Ekspor DIP dan DIK publik ke folder Pengaturan 'folder_publikasi'."""
    with open_session(book) as session:
        out_dir, result = export_public(session.data, session.path, as_of=now_wib().date(), table_writer=table_xlsx)
    session.report(f"Ekspor selesai di folder {out_dir}.\n{result.summary()}")


@macro("dasbor")
def dasbor(book: xw.Book = None) -> None:
    """Perbarui sheet Dasbor (angka dan grafik) dari Register, Riwayat dan Daftar Surat."""
    session = open_session(book)
    board = refresh_dashboard(session.data, now_wib().date(),
                              lambda grid, spec: write_dasbor_book(session.book, grid, spec))
    session.report(summary(board))
