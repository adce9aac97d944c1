"""Macro ``impor`` (button "⇩ Impor" on the Register): import the DIP/DIK named in Pengaturan.

Thin: the book session and :func:`ppid_dokumentasi.app.importing.import_sources` (the function
``ppid impor`` calls too) with the file(s) of Pengaturan ``berkas_impor`` (several separated by
``;``; a relative path is taken from the workbook's folder). New items go in one write per Register
column plus one Riwayat write; the message lists what to fix, grouped by the law (details per row
in 'Hasil Validasi'). Files listed in the sheet 'Pemetaan Impor' follow it; a file whose mapping
needs a look gets its proposal written there instead, and nothing is imported until the next click.
"""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from macros.common import macro, open_session
from ppid_dokumentasi.app.actors import acting_user, first_step_roles
from ppid_dokumentasi.app.importing import import_sources, short_report


@macro("impor")
def impor(book: xw.Book = None) -> None:
    """Impor berkas DIP/DIK yang disebut di Pengaturan 'berkas_impor' ke Register."""
    with open_session(book) as session:
        actor = acting_user(session.data.settings, roles=first_step_roles())
        result = import_sources(session, actor, register=Path(session.name), propose_when_unsure=True)
    session.report(short_report(result))
