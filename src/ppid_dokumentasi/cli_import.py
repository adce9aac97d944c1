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


def _sheet_rows(register: Path) -> list[list] | None:
    """The register's Pemetaan Impor rows (None: no register, or no such sheet)."""
    from .adapters.calamine_reader import read_optional_sheet
    from .importer.mapping_sheet import SHEET

    return read_optional_sheet(register, SHEET) if register.exists() else None


def import_into_register(sources: Iterable[str | Path], register: str | Path, *, mapping: Mapping | None = None,
                         petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """Import every source into the register file (created when missing). All or nothing. Files listed
    in the register's Pemetaan Impor sheet follow it (a --pemetaan file wins)."""
    from .adapters.file_session import FileSession, new_register_session
    from .app.actors import acting_user, first_step_roles
    from .app.importing import import_sources, sheet_plans

    register = Path(register)
    sources = list(sources)
    rows = None if mapping is not None else _sheet_rows(register)
    plans, used = sheet_plans(sources, mapping, rows)  # a malformed source is refused before the register is touched
    created = not register.exists()
    if created and register.suffix.lower() != ".xlsx":
        raise ImportSourceError(f"Register baru '{register.name}' harus berakhiran .xlsx.")
    with new_register_session(register) if created else FileSession(register) as session:
        actor = acting_user(session.data.settings, petugas, roles=first_step_roles(), option="--petugas")
        return import_sources(session, actor, plans=plans, today=today, register=register, created=created,
                              from_sheet=used)


def trial(sources: Iterable[str | Path], register: str | Path | None = None, *, mapping: Mapping | None = None,
          petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """``--coba``: what an import would do; with a register, the proposed mapping is written to its
    Pemetaan Impor sheet (an empty register is made when missing) and no item is written."""
    from .adapters.calamine_reader import read_workbook
    from .adapters.file_session import FileSession, new_register_session
    from .app.actors import ACTIVE_USER_KEY
    from .app.importing import preview, sheet_plans, write_proposal

    path = Path(register) if register else None
    sources = list(sources)
    rows = None if path is None or mapping is not None else _sheet_rows(path)
    plans, used = sheet_plans(sources, mapping, rows, lenient=True)
    data = read_workbook(path) if path is not None and path.exists() else None
    name = petugas if petugas is not None else (data.settings.text(ACTIVE_USER_KEY) if data else "")
    result = preview(sources, data, mapping=mapping, petugas=name, today=today, register=path, plans=plans,
                     from_sheet=used)
    if path is not None:
        if not path.exists() and path.suffix.lower() != ".xlsx":
            raise ImportSourceError(f"Register baru '{path.name}' harus berakhiran .xlsx.")
        with new_register_session(path) if not path.exists() else FileSession(path) as session:
            write_proposal(session, plans)
        result.sheet_written = True
    return result


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
    parser.add_argument("--pemetaan", metavar="MAP.toml",
                        help="berkas pemetaan kolom (menggantikan tebakan dan sheet 'Pemetaan Impor')")
    parser.add_argument("--coba", action="store_true",
                        help="tampilkan pemetaan dan baris pertama tanpa mengimpor item; dengan --ke, usulan pemetaan "
                             "ditulis ke sheet 'Pemetaan Impor' untuk diperiksa (impor berikutnya mengikutinya)")
    parser.add_argument("--baris", type=int, default=5, help="jumlah baris contoh untuk --coba (bawaan 5)")
    parser.add_argument("--petugas", metavar="NAMA", default=None,
                        help="nama petugas untuk item baru, terdaftar di tabel Pengguna (bawaan: Pengaturan "
                        "'pengguna_aktif')")
    parser.set_defaults(func=_cmd_impor)
