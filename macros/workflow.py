"""Workflow macros behind the Register buttons: validasi, majukan, kembalikan, setujui.

Each reads the workbook once (bulk), calls the core (validation / workflow), and writes back one
range per changed column plus one Riwayat block. See macros/common.py for the shared pattern.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from macros.common import acting_user, macro, notify, open_book, selected_items
from ppid_dokumentasi.adapters.xlwings_book import XlwingsBook
from ppid_dokumentasi.errors import PpidError
from ppid_dokumentasi.layout import check_structure
from ppid_dokumentasi.register import REGISTER_SHEET, RESULT_LABEL
from ppid_dokumentasi.validation import summarise, validate_rows
from ppid_dokumentasi.workflow import (
    ACTION_NAMES, KEMBALIKAN, MAJU, SETUJUI, Outcome, check_actor, decide_many,
)

ERROR_FILL = "#FFC7CE"  # light red: the row has errors
WARNING_FILL = "#FFEB9C"  # light yellow: warnings only


@macro("validasi")
def validasi(book: xw.Book = None) -> None:
    """Periksa seluruh Register: isi kolom 'Hasil Validasi' dan warnai baris bermasalah."""
    wb = open_book(book)
    labels = wb.data.register.labels
    fatal = [p for p in check_structure(wb.data.version, wb.sheet_names, labels, wb.data.lists) if p.is_error]
    if fatal:
        raise PpidError("Workbook tidak dapat divalidasi: " + " ".join(p.message for p in fatal))
    rows = wb.raw_register_rows()
    if not rows:
        notify(wb, "Register kosong: belum ada baris informasi.")
        return
    _, problems = validate_rows(labels, rows, wb.data.lists, wb.data.settings)
    texts = summarise(problems)
    errors = {p.row for p in problems if p.row is not None and p.is_error}
    warnings = {p.row for p in problems if p.row is not None and not p.is_error} - errors
    wb.write_register_column(RESULT_LABEL, {r: texts.get(r, "") for r, _ in rows})
    colours = {r: ERROR_FILL if r in errors else WARNING_FILL if r in warnings else None for r, _ in rows}
    result_index = labels.index(RESULT_LABEL)
    last_label = labels[result_index - 1] if result_index > 0 else labels[-1]
    wb.color_register_rows(colours, first_label=labels[0], last_label=last_label)
    notify(wb, f"Validasi selesai: {len(rows)} baris diperiksa, {len(errors)} baris bermasalah, "
               f"{len(warnings)} baris hanya peringatan. Lihat kolom '{RESULT_LABEL}'.")


def write_outcomes(wb: XlwingsBook, outcomes: list[Outcome]) -> None:
    """One write per changed Register column, then the chained Riwayat events (one block)."""
    columns: dict[str, dict[int, Any]] = {}
    for outcome in outcomes:
        for label, value in outcome.changes.items():
            columns.setdefault(label, {})[outcome.excel_row] = value
    for label, values in columns.items():
        wb.write_register_column(label, values)
    wb.append_events([o.event for o in outcomes])


def _act(book: xw.Book, aksi: str) -> None:
    wb = open_book(book)
    user = acting_user(wb)
    check_actor(wb.data.settings, user.peran, user.nama)
    items = selected_items(wb)
    outcomes = decide_many([row for _, row in items], aksi, user.peran, user.nama)
    write_outcomes(wb, outcomes)
    lines = [f"- {o.id_informasi}: langkah {o.event.dari_langkah} -> {o.step}, status '{o.status}'" for o in outcomes]
    notify(wb, f"{ACTION_NAMES[aksi]} oleh {user.nama} ({user.peran}) berhasil, {len(outcomes)} baris:\n"
               + "\n".join(lines) + f"\nTercatat di sheet Riwayat. (Sheet {REGISTER_SHEET})")


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
