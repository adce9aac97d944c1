"""The '🔓 Buka Informasi' button: the PPID's penetapan opening the selected exempted items whose
period ends (PP 61/2010 Pasal 11), listed in the DIP from their end date with Pengaturan
``klasifikasi_pembukaan``.

Thin: the book session and :func:`ppid_dokumentasi.app.opening.open_information`, the function
``ppid buka`` calls too.
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi.adapters.docx_letters import render
from ppid_dokumentasi.app.opening import open_information
from ppid_dokumentasi.audit import now_wib


@macro("buka")
def buka(book: xw.Book = None) -> None:
    """Tetapkan pembukaan informasi Dikecualikan yang dipilih (PP 61/2010 Pasal 11)."""
    with open_session(book) as session:
        result = open_information(session, None, None, None, tanggal=now_wib().date(), render=render)
    session.report(result.message())
