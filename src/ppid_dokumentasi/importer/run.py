"""Import into a register file (all or nothing) and the trial run (``--coba``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import ImportSourceError, NotARegisterError
from .mapping import Mapping
from .model import SourcePlan
from .plan import plan_sources
from .prepare import Prepared, prepare


@dataclass
class ImportResult:
    register: Path
    created: bool
    plans: list[SourcePlan]
    prepared: Prepared | None  # None for a trial run (--coba) without a register


def import_into_register(sources: Iterable[str | Path], register: str | Path, *, mapping: Mapping | None = None,
                         petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """Import every source into ``register`` (created when missing). All or nothing."""
    import os

    from ..adapters.openpyxl_builder import build_workbook
    from ..adapters.openpyxl_editor import WorkbookEditor, lock_for, lock_path

    plans = plan_sources(sources, mapping)  # raises before anything is written
    register = Path(register)
    if register.exists():
        with WorkbookEditor(register) as editor:
            prepared = _apply(editor, plans, petugas, today)
        return ImportResult(register, False, plans, prepared)
    if register.suffix.lower() != ".xlsx":
        raise ImportSourceError(f"Register baru '{register.name}' harus berakhiran .xlsx.")
    with lock_for(register):
        temporary = register.with_name(f".{register.stem}-impor-baru.xlsx")
        try:
            build_workbook(temporary, [])
            with WorkbookEditor(temporary) as editor:
                prepared = _apply(editor, plans, petugas, today)
                editor.changed = True
            os.replace(temporary, register)
        finally:
            temporary.unlink(missing_ok=True)
            lock_path(temporary).unlink(missing_ok=True)
    return ImportResult(register, True, plans, prepared)


def _apply(editor, plans: list[SourcePlan], petugas: str | None, today: dt.date | None) -> Prepared:
    data = editor.data
    fatal = [p for p in data.structure_problems if p.is_error]
    if fatal:
        raise NotARegisterError(f"Register '{editor.path.name}' tidak dapat diisi: {fatal[0].message}",
                                sheet=fatal[0].sheet, code=fatal[0].code)
    name = petugas if petugas is not None else data.settings.text("pengguna_aktif")
    prepared = prepare(plans, data, petugas=name, today=today, first_row=editor.next_register_row())
    if prepared.items:
        written = editor.append_register(prepared.rows())
        assert written == [item.excel_row for item in prepared.items]
        editor.append_events(prepared.events)
    return prepared


def trial(sources: Iterable[str | Path], register: str | Path | None = None, *, mapping: Mapping | None = None,
          petugas: str | None = None, today: dt.date | None = None) -> ImportResult:
    """``--coba``: plan (and, with an existing register, prepare) without writing anything."""
    plans = plan_sources(sources, mapping)
    if register is None or not Path(register).exists():
        return ImportResult(Path(register) if register else Path("-"), True, plans, None)
    from ..adapters.calamine_reader import read_workbook

    data = read_workbook(register)
    name = petugas if petugas is not None else data.settings.text("pengguna_aktif")
    return ImportResult(Path(register), False, plans, prepare(plans, data, petugas=name, today=today))
