"""``ppid kedaluwarsa`` (the expiry list) and ``ppid buka`` (record the opening penetapan): thin
adapters over :mod:`expiry` and :mod:`opening` (PP 61/2010 Pasal 11)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import UsageError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "kedaluwarsa", help="daftar informasi dikecualikan menurut berakhirnya jangka waktu pengecualian",
        description="Daftar informasi Dikecualikan yang berjangka waktu: tanggal berakhir, batas penetapan "
                    "pembukaan (30 hari kerja sebelumnya, PP 61/2010 Pasal 11 ayat (2)) dan sisa hari kerja. "
                    "Keluar 1 bila ada batas yang terlewati.")
    parser.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    parser.add_argument("--per", metavar="TANGGAL", help="tanggal acuan YYYY-MM-DD (bawaan: hari ini, WIB)")
    parser.set_defaults(func=_cmd_kedaluwarsa)

    buka = subparsers.add_parser(
        "buka", help="tetapkan pembukaan informasi dikecualikan yang habis jangka waktunya",
        description="Buat Penetapan pembukaan paling lama 30 hari kerja sebelum jangka waktu pengecualian berakhir "
                    "(PP 61/2010 Pasal 11 ayat (1)-(2)), catat nomor dan tanggalnya di Register dan Riwayat. "
                    "Informasi tetap Dikecualikan sampai jangka waktunya berakhir, lalu tercantum di DIP dengan "
                    "klasifikasi yang dipilih; penetapan sesudah berakhir langsung mengubah Klasifikasi.")
    buka.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    buka.add_argument("--id", dest="ids", metavar="ID", nargs="+", action="extend", required=True,
                      help="ID Informasi yang dibuka")
    buka.add_argument("--klasifikasi", required=True, help="klasifikasi DIP sejak berakhir, mis. 'Setiap Saat'")
    buka.add_argument("--peran", required=True, help="peran pelaku (menurut SOP: PPID)")
    buka.add_argument("--nama", required=True, help="nama pelaku (tabel Pengguna)")
    buka.add_argument("--keluar", required=True, metavar="DIR", help="folder tujuan surat penetapan")
    buka.add_argument("--tanggal", metavar="YYYY-MM-DD", help="tanggal penetapan (bawaan: hari ini, WIB)")
    buka.add_argument("--pdf", action="store_true", help="ubah juga ke PDF dengan LibreOffice")
    buka.set_defaults(func=_cmd_buka)


def _existing(path_text: str) -> Path:
    path = Path(path_text)
    if not path.is_file():
        raise UsageError(f"Berkas '{path}' tidak ditemukan.")
    return path


def _cmd_kedaluwarsa(args: argparse.Namespace) -> int:
    from . import expiry
    from .adapters.calamine_reader import read_workbook
    from .cli_letters import _date
    from .dates_id import format_date_for
    from .validation import parse_rows

    path = _existing(args.path)
    today = _date(args.per)
    data = read_workbook(path)
    rows, _ = parse_rows(data.register.labels, data.register.rows, data.lists)
    found = expiry.expiry_list(rows, today, data.settings)
    day = lambda d: format_date_for(d, data.settings)  # noqa: E731
    print(f"Jangka waktu pengecualian per {day(today)} (batas penetapan = 30 hari kerja sebelum berakhir, "
          "PP 61/2010 Pasal 11 ayat (2)):")
    if not found:
        print("Tidak ada informasi Dikecualikan yang berjangka waktu.")
    for item in found:
        print(f"- {item.id_informasi} (baris {item.excel_row}) {item.judul}: berakhir {day(item.berakhir)}; batas "
              f"penetapan {day(item.batas)}; {item.hari_kerja_ke_batas} hari kerja ke batas, "
              f"{item.hari_kerja_ke_berakhir} ke berakhir; {item.state.text}"
              + (f" ({item.nomor_pembukaan})" if item.nomor_pembukaan else ""))
    late = [i for i in found if i.state in (expiry.State.LEWAT_BATAS, expiry.State.BERAKHIR)]
    if late:
        print(f"{len(late)} informasi melewati batas penetapan pembukaan; tetapkan dengan 'ppid buka'.",
              file=sys.stderr)
        return 1
    return 0


def _cmd_buka(args: argparse.Namespace) -> int:
    from . import letters
    from .adapters.docx_letters import render
    from .adapters.file_session import FileSession
    from .app.opening import open_information
    from .cli_letters import _date

    path = _existing(args.path)
    tanggal = _date(args.tanggal)
    with FileSession(path, args.ids) as session:
        result = open_information(session, args.nama, args.peran, args.klasifikasi, tanggal=tanggal, render=render,
                                  out_dir=args.keluar, option="--nama")
    session.report(result.message())
    if args.pdf:
        try:
            for pdf in letters.convert_to_pdf([p for b in result.batches for p in b.paths]):
                session.report(f"PDF: {pdf}")
        except letters.PdfUnavailable as exc:
            session.report(exc.message, warning=True)
    return 0
