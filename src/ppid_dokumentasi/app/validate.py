"""Validasi in an open session: every problem of every Register row, written beside the row.

The checks are the core's (:func:`validation.check_values`, the same as ``ppid validasi``, which
reports files without changing them); this use case writes each row's problems into 'Hasil
Validasi' (cleared when the row is fine) and marks rows with errors or only warnings. Rows whose
result is unchanged are not written, and a fill is cleared only on a row that had a result before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import PpidError
from ..problems import Problem
from ..register import RESULT_LABEL, cell_text
from ..validation import check_values, summarise
from .session import WorkbookSession

ERROR_FILL = "#FFC7CE"  # light red: the row has errors
WARNING_FILL = "#FFEB9C"  # light yellow: warnings only


@dataclass
class Validated:
    rows: int
    problems: list[Problem] = field(default_factory=list)
    errors: set[int] = field(default_factory=set)
    warnings: set[int] = field(default_factory=set)

    def message(self) -> str:
        if not self.rows:
            return "Register kosong: belum ada baris informasi."
        return (f"Validasi selesai: {self.rows} baris diperiksa, {len(self.errors)} baris bermasalah, "
                f"{len(self.warnings)} baris hanya peringatan. Lihat kolom '{RESULT_LABEL}'.")


def validate(session: WorkbookSession, today: dt.date | None = None) -> Validated:
    data = session.data
    fatal = [p for p in data.structure_problems if p.is_error]
    if fatal:
        raise PpidError("Workbook tidak dapat divalidasi: " + " ".join(p.message for p in fatal))
    rows = data.register.rows
    if not rows:
        return Validated(0)
    labels = data.register.labels
    _, problems = check_values(labels, rows, data.lists, data.settings, today, data.riwayat)
    texts = summarise(problems)
    errors = {p.row for p in problems if p.row is not None and p.is_error}
    warnings = {p.row for p in problems if p.row is not None and not p.is_error} - errors
    # Only rows whose result changes are written, and only rows that have problems now or had them
    # before (their 'Hasil Validasi' is not empty: validation colours exactly the rows it writes a
    # result for) are coloured or cleared: the writes grow with the problems, not with the register.
    index = labels.index(RESULT_LABEL) if RESULT_LABEL in labels else None
    colours: dict[int, str | None] = {}
    for excel_row, values in rows:
        before = cell_text(values[index]) if index is not None and index < len(values) else ""
        text = texts.get(excel_row, "")
        if text != before:
            session.set_cells(excel_row, {RESULT_LABEL: text})
        if excel_row in errors:
            colours[excel_row] = ERROR_FILL
        elif excel_row in warnings:
            colours[excel_row] = WARNING_FILL
        elif before:
            colours[excel_row] = None
    session.mark_rows(colours)
    return Validated(len(rows), problems, errors, warnings)
