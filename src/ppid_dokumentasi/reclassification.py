"""Reclassification only through a new consequence test (PP 61/2010 Pasal 10 ayat (2)).

When the PPID leadership approves an exempted item (``setujui``), the Riwayat event records what
was approved: classification, ground, end date and test date (:func:`snapshot_note`). Validation
then compares each item with its last approval (:func:`check`): a changed Klasifikasi, Dasar
Pengecualian or Pengecualian Berakhir without a *newer* Tanggal Uji Konsekuensi is an error. Not a
reclassification: opening by penetapan (``Nomor Penetapan Pembukaan`` recorded, PP 61/2010 Pasal 11
ayat (1)) and an exemption whose period has ended (Pasal 11 ayat (3)).

Plain Python over the Riwayat rows as read (columns of ``layout.RIWAYAT_HEADERS``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .problems import Problem
from .register import COLUMN_BY_KEY, REGISTER_SHEET, cell_text

APPROVE = "setujui"
_MARK = "penetapan: "
_NOTE = re.compile(r"penetapan: (?P<k>[^|]*) \| (?P<d>[^|]*) \| berakhir (?P<b>[^|]*) \| uji (?P<u>[^|;]*)")
_ID, _ACTION, _NOTE_COL = 2, 5, 8


@dataclass(frozen=True)
class Snapshot:
    klasifikasi: str
    dasar: str
    berakhir: str  # ISO date or "-"
    uji: str  # ISO date or "-"


def _iso(value: Any) -> str:
    return value.isoformat()[:10] if isinstance(value, (dt.date, dt.datetime)) else (cell_text(value) or "-")


def snapshot_of(row: Any) -> Snapshot:
    return Snapshot(cell_text(row.klasifikasi), " ".join(cell_text(row.dasar_pengecualian).split()) or "-",
                    _iso(row.berakhir), _iso(row.tanggal_uji))


def snapshot_note(row: Any) -> str:
    """The text added to an approval's Riwayat note for an exempted item."""
    s = snapshot_of(row)
    return f"{_MARK}{s.klasifikasi} | {s.dasar} | berakhir {s.berakhir} | uji {s.uji}"


def last_approvals(riwayat: Iterable[list[Any]]) -> dict[str, Snapshot]:
    """Item ID (case-folded) -> the snapshot of its last recorded approval."""
    found: dict[str, Snapshot] = {}
    for row in riwayat:
        if len(row) <= _NOTE_COL or cell_text(row[_ACTION]) != APPROVE:
            continue
        match = _NOTE.search(cell_text(row[_NOTE_COL]))
        if match:
            found[cell_text(row[_ID]).casefold()] = Snapshot(*(match[g].strip() for g in "kdbu"))
    return found


def check(rows: Iterable[Any], riwayat: Iterable[list[Any]], today: dt.date,
          sheet: str = REGISTER_SHEET) -> Iterator[Problem]:
    approvals = last_approvals(riwayat)
    if not approvals:
        return
    for row in rows:
        approved = approvals.get(cell_text(row.id_informasi).casefold())
        if approved is None or approved.klasifikasi != "Dikecualikan":
            continue
        now = snapshot_of(row)
        changed = [label for key, label, a, b in (
            ("klasifikasi", "Klasifikasi", approved.klasifikasi, now.klasifikasi),
            ("dasar_pengecualian", "Dasar Pengecualian", approved.dasar, now.dasar),
            ("berakhir", "Pengecualian Berakhir", approved.berakhir, now.berakhir)) if a != b]
        if not changed:
            continue
        if cell_text(row.nomor_pembukaan) or (approved.berakhir != "-" and approved.berakhir <= today.isoformat()):
            continue  # opened by penetapan, or the period ended (PP 61/2010 Pasal 11)
        if now.uji != "-" and (approved.uji == "-" or now.uji > approved.uji):
            continue  # a newer consequence test
        column = COLUMN_BY_KEY["tanggal_uji"].label
        yield Problem(sheet, row.excel_row, column, "reklasifikasi-tanpa-uji", (
            f"{', '.join(changed)} berubah sejak disetujui (disetujui: {approved.klasifikasi}, {approved.dasar}, "
            f"berakhir {approved.berakhir}, uji {approved.uji}) tanpa uji konsekuensi baru: pengubahan klasifikasi "
            "Informasi yang Dikecualikan hanya dapat dilakukan berdasarkan Pengujian Konsekuensi (PP 61/2010 Pasal "
            "10 ayat (2)); isi Tanggal Uji Konsekuensi yang baru dan lengkapi catatan ujinya."))
