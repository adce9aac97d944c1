"""``ppid surat``: letters of the SOP from a register workbook (a thin adapter over :mod:`letters`).

The workbook is locked, read, numbered and recorded (Daftar Surat, Nomor Surat, Riwayat) in one
session and saved atomically; only then are the .docx files written (and converted to PDF with
``--pdf``). A LetterError leaves the workbook untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .errors import UsageError


def register(subparsers) -> None:
    from .letters import KINDS

    parser = subparsers.add_parser(
        "surat", help="buat surat dinas (.docx, opsional PDF) dari register",
        description="Buat surat sesuai SOP: " + "; ".join(f"{k} = {v.label}" for k, v in KINDS.items()) + ".")
    parser.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    parser.add_argument("--jenis", required=True, choices=list(KINDS), help="jenis surat")
    parser.add_argument("--id", dest="ids", metavar="ID", nargs="+", action="extend", default=[],
                        help="ID Informasi yang dibuatkan surat (bawaan: semua yang sesuai jenisnya)")
    parser.add_argument("--keluar", required=True, metavar="DIR", help="folder tujuan surat")
    parser.add_argument("--pdf", action="store_true", help="ubah juga ke PDF dengan LibreOffice")
    parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help="tanggal surat (bawaan: hari ini, WIB)")
    parser.add_argument("--oleh", metavar="NAMA", help="nama pembuat (bawaan: Pengaturan pengguna_aktif)")
    parser.set_defaults(func=_cmd_surat)


def _date(text: str | None) -> dt.date:
    from .audit import now_wib

    if not text:
        return now_wib().date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--tanggal '{text}' bukan tanggal YYYY-MM-DD.") from None


def _cmd_surat(args: argparse.Namespace) -> int:
    from . import letters
    from .adapters.openpyxl_editor import WorkbookEditor

    path = Path(args.path)
    if not path.is_file():
        raise UsageError(f"Berkas '{path}' tidak ditemukan.")
    tanggal = _date(args.tanggal)
    with WorkbookEditor(path) as editor:
        nama, peran = letters.actor(editor.data.settings, args.oleh)
        batch = letters.compose(editor, args.jenis, args.ids or None, tanggal, nama, peran)
    letters.write_letters(batch, Path(args.keluar))
    for letter, written in zip(batch.letters, batch.paths):
        print(f"{letter.kind.label} nomor {letter.number}: {written}")
    if args.pdf:
        try:
            for pdf in letters.convert_to_pdf(batch.paths):
                print(f"PDF: {pdf}")
        except letters.PdfUnavailable as exc:
            print(f"Peringatan: {exc.message}", file=sys.stderr)
    return 0
