"""Plans against what a register already holds: duplicates, new IDs, validation, audit events."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..problems import Problem, Severity
from ..register import COLUMNS, REGISTER_SHEET, cell_text
from .model import Record, SourcePlan
from .vocabulary import FINGERPRINT, FIRST_STEP, vocabulary


@dataclass
class NewItem:
    record: Record
    id_informasi: str
    excel_row: int
    cells: dict[str, Any]  # by Register label, as written


@dataclass
class Duplicate:
    record: Record
    where: str  # Indonesian: where the same record already is


@dataclass
class Prepared:
    items: list[NewItem]
    duplicates: list[Duplicate]
    problems: list[Problem]  # validation + import findings, every row of the register
    events: list  # audit.Event, one per new item

    def rows(self) -> list[dict[str, Any]]:
        return [item.cells for item in self.items]


def used_ids(data) -> set[str]:
    ids = set()
    register = data.register
    if "ID Informasi" in register.labels:
        index = register.labels.index("ID Informasi")
        ids |= {cell_text(v[index]) for _, v in register.rows if index < len(v)}
    ids |= {cell_text(r[2]) for r in data.riwayat if len(r) > 2}
    ids |= {cell_text(r[5]) for r in data.letters if len(r) > 5}
    return {i for i in ids if i}


def id_allocator(used: set[str]):
    raw = vocabulary().raw
    prefix, digits = raw.get("awalan_id", "IMP"), int(raw.get("digit_id", 4))
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$", re.IGNORECASE)
    highest = max((int(m.group(1)) for i in used if (m := pattern.match(i))), default=0)

    def next_id() -> str:
        nonlocal highest
        while True:
            highest += 1
            candidate = f"{prefix}-{highest:0{digits}d}"
            if candidate not in used:
                used.add(candidate)
                return candidate
    return next_id


def existing_fingerprints(data) -> dict[str, tuple[int, str]]:
    """Fingerprint -> (Excel row, ID) of records imported before."""
    register = data.register
    if "Catatan Impor" not in register.labels:
        return {}
    note = register.labels.index("Catatan Impor")
    ident = register.labels.index("ID Informasi") if "ID Informasi" in register.labels else None
    found = {}
    for excel_row, values in register.rows:
        text = cell_text(values[note]) if note < len(values) else ""
        for match in FINGERPRINT.finditer(text):
            found.setdefault(match.group(1), (excel_row, cell_text(values[ident]) if ident is not None else ""))
    return found


def prepare(plans: list[SourcePlan], data, *, petugas: str = "", today: dt.date | None = None,
            first_row: int | None = None) -> Prepared:
    """Rows to append to the register in ``data`` (a WorkbookData), validated as the register will be."""
    from ..audit import Event
    from ..layout import REGISTER_FIRST_DATA_ROW
    from ..validation import summarise, validate_rows

    register = data.register
    seen = existing_fingerprints(data)
    next_id = id_allocator(used_ids(data))
    if first_row is None:
        last = register.rows[-1][0] if register.rows else register.header_row
        first_row = max(last + 1, REGISTER_FIRST_DATA_ROW)
    items: list[NewItem] = []
    duplicates: list[Duplicate] = []
    for plan in plans:
        this_file: dict[str, NewItem] = {}
        for record in plan.records:
            if record.fingerprint in seen:
                row, ident = seen[record.fingerprint]
                duplicates.append(Duplicate(record, f"sudah ada di register baris {row} ({ident})"))
                continue
            ident = next_id()
            excel_row = first_row + len(items)
            cells = {COLUMNS_BY_KEY[k].label: v for k, v in record.values.items()}
            cells["ID Informasi"] = ident
            if petugas and not cells.get("Petugas"):
                cells["Petugas"] = petugas
            cells["Catatan Impor"] = "\n".join(record.notes)
            item = NewItem(record, ident, excel_row, cells)
            items.append(item)
            this_file[record.fingerprint] = item
        for fp, item in this_file.items():
            seen.setdefault(fp, (item.excel_row, item.id_informasi))
    labels = register.labels
    new_rows = [(item.excel_row, [item.cells.get(label) for label in labels]) for item in items]
    _, problems = validate_rows(labels, list(register.rows) + new_rows, data.lists, data.settings, today)
    for item in items:
        for finding in item.record.findings:
            problems.append(Problem(REGISTER_SHEET, item.excel_row, finding.label, finding.code, finding.message,
                                    Severity.WARNING))
    problems.sort(key=lambda p: p.row or 0)
    results = summarise([p for p in problems if p.row in {i.excel_row for i in items}])
    for item in items:
        if "Hasil Validasi" in labels:
            item.cells["Hasil Validasi"] = results.get(item.excel_row, "OK")
    events = [Event(item.id_informasi, None, FIRST_STEP, "Impor", "Petugas", petugas or "ppid impor",
                    f"Diimpor dari {item.record.source} baris {item.record.row}") for item in items]
    return Prepared(items, duplicates, problems, events)


COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
