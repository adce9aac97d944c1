"""Macro ``impor`` (button "⇩ Impor" on the Register): import the DIP/DIK named in Pengaturan.

Reads the file(s) in Pengaturan ``berkas_impor`` (several separated by ``;``; a relative path is
taken from the workbook's folder), plans them with the core importer, and appends the new items
in one write per Register column plus one Riwayat write (audit events). Same rules as
``ppid impor``: nothing is written when a source is malformed; records imported before are
reported, not repeated; the message lists what to fix, grouped by the law (details per row in
'Hasil Validasi').
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import xlwings as xw

from macros.common import acting_user, macro, notify, open_book
from ppid_dokumentasi.adapters.grids import RegisterTable
from ppid_dokumentasi.errors import ImportSourceError
from ppid_dokumentasi.importer import ImportResult, import_report, plan_sources, prepare
from ppid_dokumentasi.layout import PENGATURAN

SETTING = "berkas_impor"


def source_paths(text: str, book_path: str | None) -> list[Path]:
    """The files named in ``berkas_impor``; relative ones are resolved against the workbook's folder."""
    base = Path(book_path).parent if book_path and Path(book_path).is_absolute() else Path.cwd()
    paths = []
    for part in (p.strip().strip('"') for p in text.split(";")):
        if part:
            path = Path(part).expanduser()
            paths.append(path if path.is_absolute() else base / path)
    return paths


def short_report(result: ImportResult) -> str:
    """The CLI report without the per-row lines (those are in 'Hasil Validasi')."""
    return "\n".join(line for line in import_report(result).splitlines() if not line.startswith("   - "))


@macro("impor")
def impor(book: xw.Book = None) -> None:
    wb = open_book(book)
    text = wb.data.settings.text(SETTING)
    if not text:
        raise ImportSourceError(f"Isi '{SETTING}' di sheet {PENGATURAN} (kolom Nilai) dengan berkas DIP/DIK yang "
                                "akan diimpor (.csv UTF-8 atau .xlsx), lalu klik Impor lagi.",
                                sheet=PENGATURAN, column="Nilai")
    user = acting_user(wb)
    try:
        book_path = wb.book.fullname
    except Exception:  # remote engine without a path
        book_path = None
    plans = plan_sources(source_paths(text, book_path))  # a malformed source raises: nothing written
    data = dataclasses.replace(wb.data, register=RegisterTable(
        wb.data.register.header_row, wb.data.register.labels, wb.raw_register_rows()))
    prepared = prepare(plans, data, petugas=user.nama)
    if prepared.items:
        columns: dict[str, dict[int, object]] = {}
        for item in prepared.items:
            for label, value in item.cells.items():
                columns.setdefault(label, {})[item.excel_row] = value
        for label, values in columns.items():  # one write per changed column
            wb.write_register_column(label, values)
        wb.append_events(prepared.events)
    notify(wb, short_report(ImportResult(Path(wb.book.name), False, plans, prepared)))
