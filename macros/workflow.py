"""Workflow macros behind the Register buttons: validasi, majukan, kembalikan, setujui.

Thin: open the book session (one bulk read; writes sent in bulk, one range per changed column),
call the use case the CLI calls too (:mod:`ppid_dokumentasi.app.validate`,
:mod:`ppid_dokumentasi.app.workflow_actions`), show its message. See macros/common.py.
"""

from __future__ import annotations

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi.app.actors import acting_user
from ppid_dokumentasi.app.validate import validate
from ppid_dokumentasi.app.workflow_actions import act
from ppid_dokumentasi.workflow import KEMBALIKAN, MAJU, SETUJUI


@macro("validasi")
def validasi(book: xw.Book = None) -> None:
    """Periksa seluruh Register: isi kolom 'Hasil Validasi' dan warnai baris bermasalah."""
    with open_session(book) as session:
        result = validate(session)
    session.report(result.message())


def _act(book: xw.Book, aksi: str) -> None:
    with open_session(book) as session:
        result = act(session, aksi, acting_user(session.data.settings))
    session.report(result.message())


@macro("majukan")
def majukan(book: xw.Book = None) -> None:
    """Majukan baris terpilih ke langkah SOP berikutnya (langkah 7: tandai Selesai)."""
    _act(book, MAJU)


@macro("kembalikan")
def kembalikan(book: xw.Book = None) -> None:
    """PPID mengembalikan baris terpilih dari langkah 6 ke 5; isi 'Catatan Koreksi' barisnya dulu."""
    _act(book, KEMBALIKAN)


@macro("setujui")
def setujui(book: xw.Book = None) -> None:
    """PPID menyetujui hasil dokumentasi baris terpilih di langkah 6."""
    _act(book, SETUJUI)
