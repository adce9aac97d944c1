"""``ppid ekspor``, ``ppid dasbor`` and ``ppid bukti-monev``: thin adapters over :mod:`export_files`,
:mod:`dashboard` and :mod:`monev_pack`.

``ekspor`` only reads the workbook; it writes the DIP/DIK files into ``--keluar``. ``dasbor``
rewrites only the workbook's ``Dasbor`` sheet (``adapters/xlsx_dasbor``) and prints the numbers.
Exit status: 0 done, 1 refused, 2 unreadable workbook or bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .errors import UsageError


def as_of(text: str | None) -> dt.date:
    """``--per YYYY-MM-DD`` (default: today in WIB)."""
    from .audit import now_wib

    if not text:
        return now_wib().date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--per '{text}' bukan tanggal YYYY-MM-DD.") from None


def _workbook(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise UsageError(f"Berkas '{path}' tidak ditemukan.")
    return path


def _cmd_ekspor(args: argparse.Namespace) -> int:
    from .adapters.calamine_reader import read_workbook
    from .adapters.openpyxl_tables import table_xlsx
    from .app.publishing import export_public

    path = _workbook(args.path)
    _, result = export_public(read_workbook(path), path.resolve(), as_of=as_of(args.per), table_writer=table_xlsx,
                              out_dir=args.keluar)
    for path in result.files:
        print(f"Ditulis: {path}")
    print(result.summary())
    return 0


def register(subparsers) -> None:
    ekspor = subparsers.add_parser(
        "ekspor", help="ekspor DIP dan DIK publik (.xlsx, .csv, .json, HTML, datapackage.json)",
        description="Tulis Daftar Informasi Publik (informasi publik yang selesai langkah 7 dan informasi yang "
                    "dibuka saat jangka waktu pengecualiannya berakhir) dan bagian publik Daftar Informasi yang "
                    "Dikecualikan, masing-masing sebagai .xlsx, .csv dan .json, satu halaman HTML siap unggah, "
                    "datapackage.json (Frictionless), dan ditahan.txt (yang tidak dimasukkan beserta alasannya).")
    ekspor.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    ekspor.add_argument("--keluar", required=True, metavar="DIR", help="folder tujuan (dibuat bila belum ada)")
    ekspor.add_argument("--per", metavar="YYYY-MM-DD", help="tanggal keadaan daftar (bawaan: hari ini, WIB)")
    ekspor.set_defaults(func=_cmd_ekspor)
    register_dashboard(subparsers)
    register_monev(subparsers)


def _cmd_dasbor(args: argparse.Namespace) -> int:
    import json

    from . import dashboard
    from .adapters.calamine_reader import read_workbook
    from .adapters.xlsx_dasbor import write_dasbor
    from .app.dashboard_job import refresh_dashboard

    path = _workbook(args.path)
    writer = None if args.tanpa_sheet else (lambda grid, spec: write_dasbor(path, grid, spec))
    board = refresh_dashboard(read_workbook(path), as_of(args.per), writer)
    if args.format == "json":
        print(json.dumps(board.to_json(), ensure_ascii=False, indent=2))
    else:
        print(dashboard.text(board))
        if not args.tanpa_sheet:
            print(f"\nSheet '{dashboard.SHEET}' diperbarui di {path}.")
    return 0


def register_dashboard(subparsers) -> None:
    dasbor = subparsers.add_parser(
        "dasbor", help="dasbor register: per langkah/status, lewat Mutu Baku, tenggat pembukaan, surat tahun ini",
        description="Hitung dasbor register dan tulis ulang sheet 'Dasbor' (dengan grafik) di workbook; sheet lain "
                    "tidak diubah sedikit pun.")
    dasbor.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    dasbor.add_argument("--format", choices=("teks", "json"), default="teks", help="bentuk keluaran")
    dasbor.add_argument("--per", metavar="YYYY-MM-DD", help="tanggal perhitungan (bawaan: hari ini, WIB)")
    dasbor.add_argument("--tanpa-sheet", action="store_true", help="hanya tampilkan; jangan ubah workbook")
    dasbor.set_defaults(func=_cmd_dasbor)


def _cmd_bukti_monev(args: argparse.Namespace) -> int:
    import sys

    from .adapters.calamine_reader import read_workbook
    from .adapters.openpyxl_tables import sheet_copy, table_xlsx
    from .letters import convert_to_pdf
    from .monev_pack import Tools, build_pack

    path = _workbook(args.path)
    if not 2000 <= args.tahun <= 2100:
        raise UsageError(f"--tahun {args.tahun} bukan tahun yang masuk akal.")
    when = as_of(args.per)
    if not args.per and when.year > args.tahun:
        when = dt.date(args.tahun, 12, 31)  # a past year's monev: the lists as they stood at its end
    tools = Tools(table_xlsx, sheet_copy, lambda files, out: convert_to_pdf(files, out))
    result = build_pack(read_workbook(path), path, args.tahun, Path(args.keluar), when, tools)
    for check in result.checks:
        mark = "ada" if check.ada else ("BELUM ADA" if check.wajib else "tidak wajib")
        print(f"[{mark}] {check.judul}" + (f"\n        {check.tindakan}" if not check.ada and check.tindakan else ""))
    print(f"\nPaket bukti: {result.folder}\nBerkas unggah: {result.zip_path}")
    if not result.complete:
        names = "; ".join(c.judul for c in result.missing)
        print(f"Galat: bukti belum lengkap ({len(result.missing)}): {names}. Lihat index.html.", file=sys.stderr)
        return 1
    return 0


def register_monev(subparsers) -> None:
    monev = subparsers.add_parser(
        "bukti-monev", help="paket bukti monev Komisi Informasi (Kualitas Informasi) untuk satu tahun",
        description="Kumpulkan bukti monev satu tahun: DIP dan DIK (PDF dan xlsx), catatan SK/penetapan, setiap "
                    "Lembar Uji Konsekuensi di balik DIK, pembukaan informasi dan pengumumannya, SOP (PDF), riwayat "
                    "versi arsip, index.html berisi daftar periksa, dan satu berkas zip untuk diunggah. Keluar 1 "
                    "bila ada bukti yang belum ada.")
    monev.add_argument("path", metavar="PATH", help="workbook register (.xlsx/.xlsm)")
    monev.add_argument("--tahun", type=int, required=True, metavar="YYYY", help="tahun monev")
    monev.add_argument("--keluar", required=True, metavar="DIR", help="folder tujuan (dibuat bila belum ada)")
    monev.add_argument("--per", metavar="YYYY-MM-DD",
                       help="tanggal keadaan daftar (bawaan: hari ini, atau 31 Desember untuk tahun yang lalu)")
    monev.set_defaults(func=_cmd_bukti_monev)
