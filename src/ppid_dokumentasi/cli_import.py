"""``ppid impor SOURCE... --ke REGISTER.xlsx [--pemetaan MAP.toml] [--coba]``: a thin adapter.

Opens the file session (or a new controlled workbook), resolves who acts (``--petugas`` or
Pengaturan ``pengguna_aktif``, a registered user of SOP step 1) and calls
:func:`app.importing.import_sources`, the function the ⇩ Impor button calls too.

Exit status: 0 imported (also when the register now has problems to fix: the report says so, and
when every record was imported before); 2 malformed source, mapping or register, or bad usage
(nothing is written then).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Iterable

from typing import TYPE_CHECKING

from .errors import ImportSourceError, UsageError

if TYPE_CHECKING:
    from .importer import ImportResult, Mapping


def import_into_register(sources: Iterable[str | Path], register: str | Path, *, mapping: Mapping | None = None,
                         petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """Import every source into the register file (created when missing). All or nothing."""
    from .adapters.file_session import FileSession, new_register_session
    from .app.actors import acting_user, first_step_roles
    from .app.importing import import_sources
    from .importer import plan_sources

    plans = plan_sources(sources, mapping)  # a malformed source is refused before the register is touched
    register = Path(register)
    created = not register.exists()
    if created and register.suffix.lower() != ".xlsx":
        raise ImportSourceError(f"Register baru '{register.name}' harus berakhiran .xlsx.")
    with new_register_session(register) if created else FileSession(register) as session:
        actor = acting_user(session.data.settings, petugas, roles=first_step_roles(), option="--petugas")
        return import_sources(session, actor, plans=plans, today=today, register=register, created=created)


def trial(sources: Iterable[str | Path], register: str | Path | None = None, *, mapping: Mapping | None = None,
          petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """``--coba``: what an import would do, nothing written."""
    from .adapters.calamine_reader import read_workbook
    from .app.actors import ACTIVE_USER_KEY
    from .app.importing import preview

    path = Path(register) if register else None
    data = read_workbook(path) if path is not None and path.exists() else None
    name = petugas if petugas is not None else (data.settings.text(ACTIVE_USER_KEY) if data else "")
    return preview(sources, data, mapping=mapping, petugas=name, today=today, register=path)


def _cmd_impor(args: argparse.Namespace) -> int:
    from .importer import Mapping, import_report, trial_text

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
                        help="nama petugas untuk item baru, terdaftar di tabel Pengguna (bawaan: Pengaturan "
                        "'pengguna_aktif')")
    parser.set_defaults(func=_cmd_impor)
