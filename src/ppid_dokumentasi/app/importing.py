"""Impor: bring published DIP/DIK tables into the Register of one workbook.

One flow for ``ppid impor`` and the ⇩ Impor button: who acts (:mod:`.actors`; a registered user
holding a role of SOP step 1, where new items start), the sources (given, or Pengaturan
``berkas_impor`` for the button, relative paths from the workbook's folder), then the importer core
plans them (a malformed source refuses before anything is written), prepares the new rows against
the register as it is, and the session appends them with their Riwayat events in one go.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from ..errors import ActorRefused, ImportSourceError, NotARegisterError
from ..importer import ImportResult, Mapping, SourcePlan, import_report, plan_sources, prepare
from ..layout import PENGATURAN
from ..settings import User
from ..workbook import WorkbookData
from .actors import first_step_roles
from .session import WorkbookSession

SOURCES_KEY = "berkas_impor"


def source_paths(text: str, workbook: Path | None) -> list[Path]:
    """The files named in ``berkas_impor`` (``;``-separated); relative ones from the workbook's folder."""
    base = workbook.parent if workbook is not None and workbook.is_absolute() else Path.cwd()
    paths = []
    for part in (p.strip().strip('"') for p in text.split(";")):
        if part:
            path = Path(part).expanduser()
            paths.append(path if path.is_absolute() else base / path)
    return paths


def configured_sources(session: WorkbookSession) -> list[Path]:
    text = session.data.settings.text(SOURCES_KEY)
    if not text:
        raise ImportSourceError(f"Isi '{SOURCES_KEY}' di sheet {PENGATURAN} (kolom Nilai) dengan berkas DIP/DIK yang "
                                "akan diimpor (.csv UTF-8 atau .xlsx), lalu impor lagi.",
                                sheet=PENGATURAN, column="Nilai")
    return source_paths(text, session.path)


def import_sources(session: WorkbookSession, actor: User, sources: Iterable[str | Path] | None = None, *,
                   mapping: Mapping | None = None, plans: list[SourcePlan] | None = None,
                   today: dt.date | None = None, register: Path | None = None, created: bool = False) -> ImportResult:
    """Append one item per new record (at SOP step 1) and its Riwayat event; all or nothing.

    ``sources`` None: Pengaturan ``berkas_impor``. ``plans``: the sources already planned (the CLI
    plans before it touches the register). ``register``: how the report names the workbook.
    """
    roles = first_step_roles()
    if actor.peran not in roles:
        raise ActorRefused(f"'{actor.nama}' berperan {actor.peran}; informasi baru masuk di langkah 1 SOP yang "
                           f"dilaksanakan oleh {', '.join(roles)}.", sheet=PENGATURAN, column="Peran",
                           code="peran-tidak-berwenang")
    if plans is None:
        paths = configured_sources(session) if sources is None else list(sources)
        plans = plan_sources(paths, mapping)  # a malformed source raises: nothing written
    data = session.data
    _require_register(data, session.name)
    prepared = prepare(plans, data, petugas=actor.nama, today=today, first_row=data.register.next_row())
    if prepared.items:
        written = session.append_register(prepared.rows())
        if written != [item.excel_row for item in prepared.items]:
            raise NotARegisterError(f"Register '{session.name}' berubah selama impor; tidak ada yang diimpor.")
        session.append_events(prepared.events)
    return ImportResult(register or session.path or Path(session.name), created, plans, prepared)


def preview(sources: Iterable[str | Path], data: WorkbookData | None, *, mapping: Mapping | None = None,
            petugas: str = "", today: dt.date | None = None, register: Path | None = None) -> ImportResult:
    """``--coba``: plan (and, with an existing register, prepare) without writing anything."""
    plans = plan_sources(sources, mapping)
    if data is None:
        return ImportResult(register or Path("-"), True, plans, None)
    return ImportResult(register or Path("-"), False, plans, prepare(plans, data, petugas=petugas, today=today))


def short_report(result: ImportResult) -> str:
    """The report without the per-row lines (those are in 'Hasil Validasi'), for a message box."""
    return "\n".join(line for line in import_report(result).splitlines() if not line.startswith("   - "))


def _require_register(data: WorkbookData, name: str) -> None:
    fatal = [p for p in data.structure_problems if p.is_error]
    if fatal:
        raise NotARegisterError(f"Register '{name}' tidak dapat diisi: {fatal[0].message}",
                                sheet=fatal[0].sheet, code=fatal[0].code)
