"""The '⇪ Ekspor DIP/DIK' button: the public DIP and DIK files of the open book.

Reads the book once (bulk) and calls the same use case as ``ppid ekspor`` (``export_files.export``,
the .xlsx through ``adapters/openpyxl_tables``). The files go to Pengaturan ``folder_publikasi``
(relative to the workbook's folder; a full path when the book is not on disk, as in xlwings Lite
and Server); when the setting is absent, to ``publikasi`` beside the workbook. Nothing in the
workbook changes.
"""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from macros.common import file_on_disk, macro, notify, open_book
from ppid_dokumentasi.adapters.openpyxl_tables import table_xlsx
from ppid_dokumentasi.audit import now_wib
from ppid_dokumentasi.errors import PublicationError
from ppid_dokumentasi.export_files import export
from ppid_dokumentasi.letters import folder_setting

FOLDER_KEY = "folder_publikasi"
DEFAULT_FOLDER = "publikasi"


def output_folder(settings, workbook: Path | None) -> Path:
    folder = folder_setting(settings, FOLDER_KEY, workbook)
    if folder is None and workbook is not None:
        folder = workbook.resolve().parent / DEFAULT_FOLDER
    if folder is None or not folder.is_absolute():
        raise PublicationError(f"Isi Pengaturan '{FOLDER_KEY}' dengan path lengkap folder tujuan ekspor (mis. "
                               "C:\\PPID\\publikasi) karena workbook tidak tersimpan di disk pada mesin Python ini.",
                               sheet="Pengaturan", column="Nilai")
    return folder


@macro("ekspor")
def ekspor(book: xw.Book = None) -> None:
    """Ekspor DIP dan DIK publik ke folder Pengaturan 'folder_publikasi'."""
    wb = open_book(book)
    out_dir = output_folder(wb.data.settings, file_on_disk(wb.book))
    result = export(wb.data, out_dir, now_wib().date(), table_xlsx)
    notify(wb, f"Ekspor selesai di folder {out_dir}.\n{result.summary()}")
