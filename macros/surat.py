"""The '✉ Buat Surat' button: letters for the selected Register rows, into Pengaturan ``folder_surat``.

Which letter: Pengaturan ``jenis_surat`` — ``otomatis`` (default) picks per row by its step (2 Nota
Dinas Koordinasi, 6 Nota Dinas Laporan, 7 Berita Acara, otherwise a Dikecualikan item's Lembar
Uji Konsekuensi), or one kind for all rows (e.g. ``keputusan``). Thin: the book session and
:func:`ppid_dokumentasi.app.letters_job.make_letters`, the function ``ppid surat`` calls too.

Numbers come from the open book (Daftar Surat, Nomor Surat, Riwayat): in Excel no second process
writes the same book at the same time; ``ppid surat`` on a closed file uses the file lock instead.
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi.adapters.docx_letters import render
from ppid_dokumentasi.app.actors import acting_user
from ppid_dokumentasi.app.letters_job import make_letters
from ppid_dokumentasi.audit import now_wib


@macro("buat_surat")
def buat_surat(book: xw.Book = None) -> None:
    """Buat surat untuk baris Register yang dipilih, simpan di folder Pengaturan 'folder_surat'."""
    with open_session(book) as session:
        result = make_letters(session, acting_user(session.data.settings), tanggal=now_wib().date(), render=render)
    session.report(result.message())
