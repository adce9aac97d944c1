"""Reclassification only through a new consequence test (PP 61/2010 Pasal 10 ayat (2)).

When the PPID leadership approves an exempted item (``setujui``), the Riwayat event records what
was approved: classification, ground, end date and test date (:func:`snapshot_note`). Validation
then compares each item with its last approval (:func:`check`): a changed Klasifikasi, Dasar
Pengecualian or Pengecualian Berakhir without a *newer* Tanggal Uji Konsekuensi is an error. Not a
reclassification: a class changed once the approved period has ended (PP 61/2010 Pasal 11 ayat (1),
(3)). An opening penetapan made before the end leaves the item Dikecualikan until then
(:func:`expiry.is_public_on`); a public class recorded earlier is a reclassification like any other.

Plain Python over the Riwayat as read (:mod:`riwayat_columns`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

from .problems import Problem
from .register import COLUMN_BY_KEY, REGISTER_SHEET, cell_text
from .riwayat_columns import RiwayatColumns, riwayat_columns

APPROVE = "setujui"
_MARK = "penetapan: "
_NOTE = re.compile(r"penetapan: (?P<k>[^|]*) \| (?P<d>[^|]*) \| berakhir (?P<b>[^|]*) \| uji (?P<u>[^|;]*)")


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


def last_approvals(riwayat: RiwayatColumns | Iterable[Sequence[Any]]) -> dict[str, Snapshot]:
    """Item ID (case-folded) -> the snapshot of its last recorded approval (``riwayat``: the Riwayat
    data rows, or their :class:`RiwayatColumns`)."""
    columns = riwayat_columns(riwayat)
    approving = {action for action in set(columns.actions) if cell_text(action) == APPROVE}
    found: dict[str, Snapshot] = {}
    ids, notes = columns.ids, columns.notes
    for index in [i for i, action in enumerate(columns.actions) if action in approving]:  # few events
        match = _NOTE.search(cell_text(notes[index]))
        if match:
            found[cell_text(ids[index]).casefold()] = Snapshot(*(match[g].strip() for g in "kdbu"))
    return found


def check(rows: Iterable[Any], riwayat: RiwayatColumns | Iterable[Sequence[Any]], today: dt.date,
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
        if approved.berakhir != "-" and approved.berakhir <= today.isoformat():
            continue  # the period ended: public information (PP 61/2010 Pasal 11 ayat (1), (3))
        if now.uji != "-" and (approved.uji == "-" or now.uji > approved.uji):
            continue  # a newer consequence test
        column = COLUMN_BY_KEY["tanggal_uji"].label
        yield Problem(sheet, row.excel_row, column, "reklasifikasi-tanpa-uji", (
            f"{', '.join(changed)} berubah sejak disetujui (disetujui: {approved.klasifikasi}, {approved.dasar}, "
            f"berakhir {approved.berakhir}, uji {approved.uji}) tanpa uji konsekuensi baru: pengubahan klasifikasi "
            "Informasi yang Dikecualikan hanya dapat dilakukan berdasarkan Pengujian Konsekuensi (PP 61/2010 Pasal "
            "10 ayat (2)); isi Tanggal Uji Konsekuensi yang baru dan lengkapi catatan ujinya."))
