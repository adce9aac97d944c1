"""Validate a register: cell types (:func:`register.parse_columns`) plus content rules (:mod:`rules`).

Plain Python over raw cell rows; the sheet reader is an adapter (see :mod:`batch`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from . import reclassification
from .problems import Problem
from .register import RowValues, parse_columns, parse_table, rows_from_columns
from .rules import check_rows
from .rules_history import check_history
from .riwayat_columns import RiwayatColumns, riwayat_columns
from .settings import Settings

if TYPE_CHECKING:
    from .register_row import RegisterRow


def parse_rows(
    labels: list[str], rows: Iterable[tuple[int, list[Any]]], lists: dict[str, list[str]]
) -> tuple[list[RegisterRow], list[Problem]]:
    """Rows given as (Excel row, raw cells in header order) -> typed rows and cell-type problems."""
    return parse_table(labels, list(rows), lists)


def check_values(
    labels: list[str],
    rows: list[tuple[int, list[Any]]],
    lists: dict[str, list[str]],
    settings: Settings,
    today: dt.date | None = None,
    riwayat: RiwayatColumns | Sequence[Sequence[Any]] | None = None,
) -> tuple[list[RowValues], list[Problem]]:
    """The bulk path (batch validation, the validasi macro): light rows and every problem.

    With ``riwayat`` (the Riwayat data rows, or their :class:`RiwayatColumns`), changes since the
    last approval are checked too (:mod:`reclassification`, PP 61/2010 Pasal 10), and Langkah/Status
    against each item's last event (:mod:`rules_history`)."""
    columns, problems = parse_columns(labels, rows, lists)
    values = rows_from_columns(columns)
    if riwayat is not None:
        riwayat = riwayat_columns(riwayat)  # once, for both Riwayat checks
    if riwayat:
        problems += reclassification.check(values, riwayat, today or dt.date.today())
    # A cell already reported as malformed is not reported again as missing.
    malformed = {(p.row, p.column) for p in problems}
    problems += [
        p for p in check_rows(values, settings, today or dt.date.today(), columns=columns)
        if not (p.code.endswith("-wajib") and (p.row, p.column) in malformed)
    ]
    if riwayat is not None:
        problems += check_history(values, riwayat)
    problems.sort(key=lambda p: p.row or 0)
    return values, problems


def validate_rows(
    labels: list[str],
    rows: Iterable[tuple[int, list[Any]]],
    lists: dict[str, list[str]],
    settings: Settings,
    today: dt.date | None = None,
    riwayat: Sequence[Sequence[Any]] | None = None,
) -> tuple[list[RegisterRow], list[Problem]]:
    """Every problem of every row, in Excel row order (type problems first within a row)."""
    values, problems = check_values(labels, list(rows), lists, settings, today, riwayat)
    return [v.model() for v in values], problems


def summarise(problems: list[Problem]) -> dict[int, str]:
    """The 'Hasil Validasi' text per Excel row: 'OK' is not written; problems joined by newlines."""
    texts: dict[int, list[str]] = {}
    for problem in problems:
        if problem.row is None:
            continue
        prefix = "Peringatan: " if not problem.is_error else ""
        where = f"[{problem.column}] " if problem.column else ""
        texts.setdefault(problem.row, []).append(f"{prefix}{where}{problem.message}")
    return {row: "\n".join(lines) for row, lines in texts.items()}
