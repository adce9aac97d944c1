"""The Riwayat as the rules read it: the few columns they need, one value per data row.

:mod:`rules_history` (Langkah/Status against the last event) and :mod:`reclassification` (changes
since the last approval) read the item ID, the steps, the action and the note of every event, never
the time, the actor or the hashes. A reader may hand over just these columns
(:class:`RiwayatColumns`, e.g. the bulk validation reader, which skips the two hash columns), or
the sheet's rows, which :func:`riwayat_columns` turns into columns. Plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .audit import FIRST_DATA_ROW
from .layout import RIWAYAT_HEADERS

__all__ = ["FIRST_DATA_ROW", "RULE_INDEXES", "RULE_LABELS", "RiwayatColumns", "riwayat_columns"]
RULE_LABELS = ("ID Informasi", "Dari Langkah", "Ke Langkah", "Aksi", "Catatan")
RULE_INDEXES = tuple(RIWAYAT_HEADERS.index(label) for label in RULE_LABELS)  # 0-based sheet columns


@dataclass(frozen=True)
class RiwayatColumns:
    """One value per Riwayat data row (Excel row ``FIRST_DATA_ROW + index``), as read: text, numbers, None."""

    ids: Sequence[Any]
    sources: Sequence[Any]
    targets: Sequence[Any]
    actions: Sequence[Any]
    notes: Sequence[Any]

    def __len__(self) -> int:
        return len(self.ids)


def riwayat_columns(riwayat: RiwayatColumns | Iterable[Sequence[Any]]) -> RiwayatColumns:
    """The rule columns of the Riwayat given as columns already or as rows (short rows padded)."""
    if isinstance(riwayat, RiwayatColumns):
        return riwayat
    rows = riwayat if isinstance(riwayat, list) else list(riwayat)
    columns = [[row[i] if i < len(row) else None for row in rows] for i in RULE_INDEXES]
    return RiwayatColumns(*columns)
