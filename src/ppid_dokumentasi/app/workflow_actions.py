"""Majukan, Kembalikan, Setujui: one SOP workflow action on the chosen items of one workbook.

All or nothing: every chosen item is decided by :func:`workflow.decide_many` before anything is
written; a refusal on any of them changes nothing. The Riwayat note is the same from every entry
point: the ``catatan`` given, else (Kembalikan) the item's own Catatan Koreksi, else empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from ..errors import WorkflowRefused
from ..register import REGISTER_SHEET
from ..settings import User
from ..workflow import ACTION_NAMES, Outcome, decide_many
from .session import WorkbookSession, chosen_items


@dataclass
class ActionResult:
    aksi: str
    actor: User
    outcomes: list[Outcome]

    def message(self) -> str:
        lines = [f"- {o.id_informasi}: langkah {o.event.dari_langkah} -> {o.step}, status '{o.status}'"
                 for o in self.outcomes]
        return (f"{ACTION_NAMES[self.aksi]} oleh {self.actor.nama} ({self.actor.peran}) berhasil, "
                f"{len(self.outcomes)} baris:\n" + "\n".join(lines) + "\nTercatat di sheet Riwayat.")


def act(session: WorkbookSession, aksi: str, actor: User, catatan: str | None = None) -> ActionResult:
    """Decide the action on every chosen item, then write the changed cells and the Riwayat events."""
    items = chosen_items(session)
    if not items:
        raise WorkflowRefused(f"Pilih informasi yang akan diproses (ID Informasi di sheet {REGISTER_SHEET}).",
                              sheet=REGISTER_SHEET, column="ID Informasi", code="tidak-ada-pilihan")
    outcomes = decide_many(items, aksi, actor.peran, actor.nama, catatan)
    for outcome in outcomes:
        session.set_cells(outcome.excel_row, outcome.changes)
    session.append_events([o.event for o in outcomes])
    return ActionResult(aksi, actor, outcomes)
