"""``ppid impor SOURCE... --ke REGISTER.xlsx [--pemetaan MAP.toml] [--coba]``: a thin adapter.

Exit status: 0 imported (also when the register now has problems to fix: the report says so, and
when every record was imported before); 2 malformed source, mapping or register, or bad usage
(nothing is written then).
"""

from __future__ import annotations

import argparse

from .errors import UsageError


def _cmd_impor(args: argparse.Namespace) -> int:
    from .importer import Mapping, import_into_register, import_report, trial, trial_text

    mapping = Mapping.load(args.pemetaan) if args.pemetaan else None
    if args.coba:
        print(trial_text(trial(args.sources, args.ke, mapping=mapping, petugas=args.petugas), rows=args.baris))
        return 0
    if not args.ke:
        raise UsageError("Sebutkan register tujuan dengan --ke REGISTER.xlsx (atau pakai --coba untuk melihat saja).")
    result = import_into_register(args.sources, args.ke, mapping=mapping, petugas=args.petugas)
    print(import_report(result))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "impor", help="impor DIP/DIK yang sudah ada (.csv/.xlsx) ke register",
        description="Impor tabel DIP/DIK (.csv UTF-8 atau .xlsx) ke register terkendali. Teks asli setiap sel "
                    "disimpan; hasil impor divalidasi dan masalahnya dilaporkan.")
    parser.add_argument("sources", metavar="SUMBER", nargs="+", help="berkas .csv atau .xlsx")
    parser.add_argument("--ke", metavar="REGISTER", help="workbook register tujuan (.xlsx; dibuat bila belum ada)")
    parser.add_argument("--pemetaan", metavar="MAP.toml", help="berkas pemetaan kolom (menggantikan tebakan)")
    parser.add_argument("--coba", action="store_true", help="tampilkan pemetaan dan baris pertama tanpa menulis")
    parser.add_argument("--baris", type=int, default=5, help="jumlah baris contoh untuk --coba (bawaan 5)")
    parser.add_argument("--petugas", metavar="NAMA", default=None,
                        help="nama petugas untuk item baru (bawaan: Pengaturan 'pengguna_aktif')")
    parser.set_defaults(func=_cmd_impor)
