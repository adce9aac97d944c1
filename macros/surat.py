"""The '✉ Buat Surat' button: letters for the selected Register rows, into Pengaturan ``folder_surat``.

Which letter: Pengaturan ``jenis_surat`` — ``otomatis`` (default) picks per row by its step (2 Nota
Dinas Koordinasi, 6 Nota Dinas Laporan, 7 Berita Acara, otherwise a Dikecualikan item's Lembar
Uji Konsekuensi), or one kind for all rows (e.g. ``keputusan``). The book is read once (bulk);
everything is rendered and numbered first, then written in bulk: Daftar Surat rows (one write),
the Register's ``Nomor Surat`` column (one write), chained ``surat`` events in Riwayat (one write);
then the .docx files are written. A LetterError shows its message and changes nothing (queued
actions are discarded by ``macros.common.macro``).

Numbers come from the open book (Daftar Surat, Nomor Surat, Riwayat): in Excel no second process
writes the same book at the same time; ``ppid surat`` on a closed file uses the file lock instead.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import xlwings as xw

from macros.common import acting_user, file_on_disk, macro, notify, open_book
from ppid_dokumentasi import letters
from ppid_dokumentasi.adapters.xlwings_book import XlwingsBook
from ppid_dokumentasi.audit import Event, now_wib
from ppid_dokumentasi.errors import LetterError
from ppid_dokumentasi.register import RegisterRow


class BookSession:
    """:class:`ppid_dokumentasi.numbering.WorkbookSession` over an open book: the core's writes are
    collected and written in bulk by :meth:`flush` (nothing is written if the core stops)."""

    def __init__(self, wb: XlwingsBook) -> None:
        self.wb = wb
        register = dataclasses.replace(wb.data.register, rows=[(r, list(v)) for r, v in wb.raw_register_rows()])
        self.data = dataclasses.replace(wb.data, register=register, letters=list(wb.data.letters))
        self._rows: dict[str, list[list[Any]]] = {}
        self._cells: dict[str, dict[int, Any]] = {}
        self._events: list[Event] = []

    def append(self, sheet: str, values: list[Any]) -> int:
        self._rows.setdefault(sheet, []).append(list(values))
        return 0

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None:
        for label, value in values.items():
            self._cells.setdefault(label, {})[excel_row] = value

    def append_events(self, events: list[Event]) -> list[list[Any]]:
        self._events.extend(events)
        return []

    def flush(self) -> None:
        for sheet, rows in self._rows.items():
            self.wb.append_table_rows(sheet, rows)
        for label, values in self._cells.items():
            self.wb.write_register_column(label, values)
        if self._events:
            self.wb.append_events(self._events)



def _folder(settings, key: str, workbook: Path | None, default: Path | None = None) -> Path:
    folder = letters.folder_setting(settings, key, workbook)
    if folder is None:
        if default is not None:
            return default
        raise LetterError(f"Isi Pengaturan '{key}' dengan folder tujuan surat.", sheet="Pengaturan")
    if not folder.is_absolute():
        raise LetterError(f"Pengaturan '{key}' harus berisi path lengkap (mis. C:\\PPID\\{folder}) karena workbook "
                          "tidak tersimpan di disk pada mesin Python ini.", sheet="Pengaturan")
    return folder


@macro("buat_surat")
def buat_surat(book: xw.Book = None) -> None:
    """Buat surat untuk baris Register yang dipilih, simpan di folder Pengaturan 'folder_surat'."""
    wb = open_book(book)
    user = acting_user(wb)
    session = BookSession(wb)
    wanted = set(wb.selected_rows())
    rows: list[RegisterRow] = [row for r, row in wb.register_rows() if r in wanted]
    settings = session.data.settings
    path = file_on_disk(wb.book)
    out_dir = _folder(settings, letters.OUTPUT_KEY, path)
    templates = _folder(settings, letters.TEMPLATES_KEY, path, default=letters.DEFAULT_TEMPLATES)
    plan = letters.plan_kinds(rows, settings.text(letters.KIND_KEY))
    today = now_wib().date()
    batches = [letters.compose(session, jenis, ids, today, user.nama, user.peran, templates)
               for jenis, ids in plan.items()]
    session.flush()
    lines = []
    for batch in batches:
        for letter, written in zip(batch.letters, letters.write_letters(batch, out_dir)):
            lines.append(f"- {letter.kind.label} nomor {letter.number}: {written.name}")
    notify(wb, f"{len(lines)} surat dibuat di folder {out_dir}:\n" + "\n".join(lines))
