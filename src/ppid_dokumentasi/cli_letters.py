"""``ppid surat``: letters of the SOP from a register workbook.

Thin: open the file session, resolve who acts (``--oleh`` or Pengaturan ``pengguna_aktif``, a
registered user), call :func:`app.letters_job.make_letters` (the same function the ✉ button calls),
print its message. A LetterError leaves the workbook untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .errors import UsageError


class _Kinds:
    """The letter kinds as ``--jenis`` choices, read from :mod:`letters` only when argparse needs them
    (parsing ``surat`` or printing its help), so building the parser does not import the letters."""

    def __iter__(self):
        from .letters import KINDS

        return iter([k for k, v in KINDS.items() if not v.via_action])  # penetapan pembukaan: ppid buka

    def __contains__(self, key: object) -> bool:
        from .letters import KINDS

        return key in KINDS and not KINDS[key].via_action


def _description() -> str:
    from .letters import KINDS

    return "Buat surat sesuai SOP: " + "; ".join(f"{k} = {v.label}" for k, v in KINDS.items()) + "."


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "surat", help="buat surat dinas (.docx, opsional PDF) dari register", description=_description)
    parser.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    parser.add_argument("--jenis", required=True, choices=_Kinds(), metavar="JENIS", help="jenis surat: %(choices)s")
    parser.add_argument("--id", dest="ids", metavar="ID", nargs="+", action="extend", default=[],
                        help="ID Informasi yang dibuatkan surat (bawaan: semua yang sesuai jenisnya)")
    parser.add_argument("--pilihan", action="store_true",
                        help="baris yang ditandai di kolom 'Pilih' (tanda dihapus setelah berhasil)")
    parser.add_argument("--keluar", metavar="DIR", help="folder tujuan surat (bawaan: Pengaturan 'folder_surat')")
    parser.add_argument("--pdf", action="store_true", help="ubah juga ke PDF dengan LibreOffice")
    parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help="tanggal surat (bawaan: hari ini, WIB)")
    parser.add_argument("--oleh", metavar="NAMA", help="nama pembuat, terdaftar di tabel Pengguna (bawaan: Pengaturan "
                        "pengguna_aktif)")
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
    from .adapters.docx_letters import render
    from .adapters.file_session import FileSession
    from .app.actors import acting_user
    from .app.letters_job import make_letters

    path = Path(args.path)
    if not path.is_file():
        raise UsageError(f"Berkas '{path}' tidak ditemukan.")
    tanggal = _date(args.tanggal)
    if args.pilihan and args.ids:
        raise UsageError("Pakai --id atau --pilihan, tidak keduanya.")
    with FileSession(path, args.ids or None, pilihan=args.pilihan) as session:
        actor = acting_user(session.data.settings, args.oleh, option="--oleh")
        result = make_letters(session, actor, args.jenis, tanggal=tanggal, render=render, out_dir=args.keluar,
                              pdf=args.pdf)
    session.report(result.message())
    for warning in result.warnings:
        session.report(warning, warning=True)
    return 0
