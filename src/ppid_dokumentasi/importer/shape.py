"""The shape of a source table before its columns are recognised.

* **Two-level headers** (CSV, or .xlsx merged cells spread by :mod:`..sources`): the row under the
  header is a sub-header when it fills columns the header leaves empty (or repeats), with short
  texts; the labels become ``Induk: Anak`` ("Alasan Dikecualikan: Dibuka").
* **A row of column numbers** ("1, 2, 3, ..." under the header) is skipped.
* **No header row**: the first row looks like a record (a row number, long text, a citation or a
  date) and names no known column; it is then the first record, the columns are called "Kolom N"
  and recognised from their content, and the plan says so.
"""

from __future__ import annotations

import re

from ..register import COLUMNS
from ..sources import SourceTable
from .model import Skipped
from .recognise import ENUMERATOR, header_candidates, is_date, profile
from .vocabulary import blank, norm, vocabulary

SUBHEADER_MAX = 60  # characters of a sub-header cell


def _enumerator(text: str) -> bool:
    flat = " ".join(text.split())
    return 0 < len(flat) <= 10 and bool(ENUMERATOR.match(flat))


def names_columns(cells: list[str]) -> int:
    """How many cells read as known column names (a citation or a date is content, not a name)."""
    labels = {norm(c.label) for c in COLUMNS}
    count = 0
    for cell in cells:
        if blank(cell) or len(cell) > 120 or profile([cell]).legal or is_date(cell):
            continue
        count += norm(cell) in labels or bool(header_candidates(cell))
    return count


def looks_like_record(cells: list[str]) -> bool:
    filled = [c for c in cells if not blank(c)]
    if not filled:
        return False
    if names_columns(cells):
        return False
    shape = profile(filled)
    first = filled[0]
    return (_enumerator(first) and len(filled) >= 2) or shape.legal > 0 or any(len(c) > 80 for c in filled) \
        or any(is_date(c) and not _enumerator(c) for c in filled)


def _spanned(header: list[str], index: int) -> bool:
    return index > 0 and (blank(header[index]) or norm(header[index]) == norm(header[index - 1]))


def is_subheader(header: list[str], cells: list[str]) -> bool:
    filled = [i for i, c in enumerate(cells) if not blank(c)]
    if not filled or any(len(cells[i].strip()) > SUBHEADER_MAX for i in filled):
        return False
    if any(is_date(cells[i]) or _enumerator(cells[i]) for i in filled):
        return False
    if not any(_spanned(header, i) for i in filled):
        return False
    # somewhere the header stands alone (a cell merged down, or nothing under it)
    return any(not blank(h) and (blank(cells[i]) or norm(cells[i]) == norm(h)) for i, h in enumerate(header))


def combine(header: list[str], cells: list[str]) -> list[str]:
    """Labels 'Induk: Anak' from a header row and its sub-header row."""
    labels: list[str] = []
    parent = ""
    for index, top in enumerate(header):
        below = cells[index].strip()
        if not blank(top) and not (index and norm(top) == norm(header[index - 1]) and below):
            parent = top.strip()
        elif blank(top) and not below:
            parent = ""
        if not below or norm(below) == norm(parent):
            labels.append(parent if not blank(top) or below else "")
        else:
            labels.append(f"{parent}: {below}" if parent else below)
    return labels


def _column_numbers(cells: list[str]) -> bool:
    values = []
    for text in cells:
        if blank(text):
            continue
        match = re.fullmatch(r"\(?\s*(\d{1,2})\s*\)?\.?", text.strip())
        if not match:
            return False
        values.append(int(match.group(1)))
    return len(values) >= max(3, len(cells) // 2) and values == sorted(values) and len(set(values)) == len(values)


def reshape(table: SourceTable, header_fixed: bool = False) -> list[Skipped]:
    """Fix the table's header in place (two levels, none at all); returns the header rows skipped."""
    skipped: list[Skipped] = []
    if not header_fixed and looks_like_record(table.header):
        first = (table.header_row, list(table.header))
        table.rows.insert(0, first)
        table.header = [f"Kolom {i + 1}" for i in range(len(table.header))]
        table.headerless = True
        return skipped
    limit = int(vocabulary().raw.get("baris_judul_bertingkat_maks", 2))
    levels = 1
    while table.rows and levels < limit and is_subheader(table.header, table.rows[0][1]):
        number, cells = table.rows.pop(0)
        table.header = combine(table.header, cells)
        skipped.append(Skipped(number, "judul kolom bertingkat", " | ".join(c.strip() for c in cells if c.strip())))
        levels += 1
    if table.rows and _column_numbers(table.rows[0][1]):
        number, cells = table.rows.pop(0)
        skipped.append(Skipped(number, "nomor kolom", " ".join(c.strip() for c in cells if c.strip())))
    return skipped
