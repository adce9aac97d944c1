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
from ..importer import ImportResult, Mapping, SourcePlan, import_report, plan_source, plan_sources, prepare
from ..importer.mapping_sheet import SHEET, TARGET_COLUMN, choices, for_sources, proposal_rows, review_reasons
from ..importer.report import review_text
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


def sheet_plans(sources: list[str | Path], mapping: Mapping | None, rows: list[list] | None,
                *, lenient: bool = False) -> tuple[list[SourcePlan], tuple[str, ...]]:
    """Plan the sources, each listed in the Pemetaan Impor ``rows`` with the officer's mapping there
    (unless ``mapping``, a --pemetaan file, is given: it wins). ``lenient`` (--coba): a sheet mapping
    that no longer fits its file is dropped with a warning instead of refusing."""
    mappings = {} if mapping is not None else for_sources(rows, sources)
    plans, used = [], []
    for source in sources:
        own = mappings.get(Path(source).name)
        try:
            plans.append(plan_source(source, own or mapping))
        except ImportSourceError as exc:
            if not lenient or own is None or exc.sheet != SHEET:
                raise
            plan = plan_source(source, mapping)
            plan.warnings.append(f"Pemetaan lama di sheet '{SHEET}' tidak cocok lagi ({exc.message}); diganti usulan "
                                 "baru.")
            plans.append(plan)
            continue
        if own is not None:
            used.append(Path(source).name)
    if not plans:
        raise ImportSourceError("Tidak ada berkas sumber untuk diimpor.")
    return plans, tuple(used)


def write_proposal(session: WorkbookSession, plans: list[SourcePlan]) -> None:
    """The proposed mapping of ``plans`` into Pemetaan Impor (other files' rows kept)."""
    rows = proposal_rows(plans, session.sheet(SHEET))
    session.replace_sheet(SHEET, rows, choices_column=TARGET_COLUMN, choices=choices())


def import_sources(session: WorkbookSession, actor: User, sources: Iterable[str | Path] | None = None, *,
                   mapping: Mapping | None = None, plans: list[SourcePlan] | None = None,
                   today: dt.date | None = None, register: Path | None = None, created: bool = False,
                   from_sheet: tuple[str, ...] = (), propose_when_unsure: bool = False) -> ImportResult:
    """Append one item per new record (at SOP step 1) and its Riwayat event; all or nothing.

    ``sources`` None: Pengaturan ``berkas_impor``. ``plans``: the sources already planned (the CLI
    plans before it touches the register; ``from_sheet`` then names the files planned with the
    Pemetaan Impor sheet). Otherwise files listed in that sheet follow it. ``propose_when_unsure``
    (the button): when a file not listed there needs a look (headerless, columns recognised from
    content only, weak guesses, headers not obeyed), its proposal is written to the sheet and
    nothing is imported. ``register``: how the report names the workbook.
    """
    roles = first_step_roles()
    if actor.peran not in roles:
        raise ActorRefused(f"'{actor.nama}' berperan {actor.peran}; informasi baru masuk di langkah 1 SOP yang "
                           f"dilaksanakan oleh {', '.join(roles)}.", sheet=PENGATURAN, column="Peran",
                           code="peran-tidak-berwenang")
    name = register or session.path or Path(session.name)
    if plans is None:
        paths = configured_sources(session) if sources is None else list(sources)
        existing = session.sheet(SHEET) if mapping is None else None
        plans, from_sheet = sheet_plans(paths, mapping, existing)  # a malformed source raises: nothing written
        unsure = [p for p in plans if p.table.name not in from_sheet and review_reasons(p)]
        if propose_when_unsure and mapping is None and unsure:
            write_proposal(session, unsure)
            return ImportResult(name, created, unsure, None, from_sheet, True, True)
    data = session.data
    _require_register(data, session.name)
    prepared = prepare(plans, data, petugas=actor.nama, today=today, first_row=data.register.next_row())
    if prepared.items:
        written = session.append_register(prepared.rows())
        if written != [item.excel_row for item in prepared.items]:
            raise NotARegisterError(f"Register '{session.name}' berubah selama impor; tidak ada yang diimpor.")
        session.append_events(prepared.events)
    return ImportResult(name, created, plans, prepared, from_sheet)


def preview(sources: Iterable[str | Path], data: WorkbookData | None, *, mapping: Mapping | None = None,
            petugas: str = "", today: dt.date | None = None, register: Path | None = None,
            plans: list[SourcePlan] | None = None, from_sheet: tuple[str, ...] = ()) -> ImportResult:
    """``--coba``: plan (and, with an existing register, prepare) without importing anything."""
    plans = plan_sources(sources, mapping) if plans is None else plans
    if data is None:
        return ImportResult(register or Path("-"), True, plans, None, from_sheet)
    return ImportResult(register or Path("-"), False, plans, prepare(plans, data, petugas=petugas, today=today),
                        from_sheet)


def short_report(result: ImportResult) -> str:
    """The button's message: the proposal to check, or the import report (already grouped by kind)."""
    return review_text(result.plans) if result.proposed else import_report(result)


def _require_register(data: WorkbookData, name: str) -> None:
    fatal = [p for p in data.structure_problems if p.is_error]
    if fatal:
        raise NotARegisterError(f"Register '{name}' tidak dapat diisi: {fatal[0].message}",
                                sheet=fatal[0].sheet, code=fatal[0].code)
