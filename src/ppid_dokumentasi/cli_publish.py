"""``ppid ekspor``, ``ppid dasbor`` and ``ppid bukti-monev``: thin adapters over :mod:`export_files`,
:mod:`dashboard` and :mod:`monev_pack`.

``ekspor`` only reads the workbook; it writes the DIP/DIK files into ``--keluar``. Exit status:
0 done, 1 refused, 2 unreadable workbook or bad usage.
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
    from .export_files import export

    data = read_workbook(_workbook(args.path))
    result = export(data, Path(args.keluar), as_of(args.per), table_xlsx)
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
