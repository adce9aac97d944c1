"""Langkah and Status belong to the workflow: each item must stand where its Riwayat puts it.

Only the workflow actions (Majukan, Kembalikan, Setujui) and an import move an item; they record
a Riwayat event. :func:`item_states` replays the Riwayat rows (the grid ``WorkbookData.riwayat``
carries) into the step and Status each item should have; :func:`check_history` reports every
Register row whose Langkah or Status differs (a hand edit such as Langkah 3 -> 7 skips approval),
naming the Excel row. An item without any event must be at the SOP's initial step and Status
(``[awal]`` in ``data/sop.toml``). :func:`path_to` gives the transitions that lead from the
initial state to a step and Status (used to give the sample register a consistent history).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .layout import RIWAYAT
from .problems import Problem
from .register import COLUMN_BY_KEY, REGISTER_SHEET, cell_text
from .riwayat_columns import FIRST_DATA_ROW, RiwayatColumns, riwayat_columns
from .datafiles import packaged
from .workflow_terms import ACTION_NAMES, ACTIONS, APPROVED, FINISHED

if TYPE_CHECKING:
    from .workflow import Transition

IMPORT_ACTION = "impor"  # the importer's event (no previous step, lands on the initial step)
CODE_STEP = "langkah-tidak-sesuai-riwayat"
CODE_STATUS = "status-tidak-sesuai-riwayat"
HINT = ("Langkah dan Status hanya diubah lewat tombol/perintah Majukan, Kembalikan dan Setujui "
        "(tercatat di Riwayat); kembalikan isinya.")


@dataclass(frozen=True)
class _Move:
    aksi: str
    dari: int
    ke: int
    status: str


class _Table:
    """The SOP's transition table and initial state read as plain data (validation builds no model);
    the loaded and checked :class:`~ppid_dokumentasi.workflow.Workflow` is used when one is given."""

    def __init__(self, workflow=None) -> None:
        if workflow is not None:
            self.moves = [_Move(t.aksi, t.dari, t.ke, t.status) for t in workflow.transitions]
            self.initial_step, self.initial_status = workflow.initial_step, workflow.initial_status
            return
        raw = packaged("sop.toml")
        self.moves = [_Move(t["aksi"], t["dari"], t["ke"], t["status"]) for t in raw.get("transisi", [])]
        first = next((m for m in self.moves if m.aksi == ACTIONS[0] and m.dari == 1), None)
        awal = raw.get("awal") or {}
        self.initial_step = awal.get("langkah", 1)
        self.initial_status = awal.get("status", first.status if first else "")

    def find(self, aksi: str, dari: int):
        return next((m for m in self.moves if m.aksi == aksi and m.dari == dari), None)


@dataclass(frozen=True)
class State:
    """Where the Riwayat puts an item; ``status`` None when the last move cannot be replayed."""

    step: int | None
    status: str | None
    riwayat_row: int | None = None  # Excel row of the last event that moved the item
    action: str = ""


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = cell_text(value)
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


def _by_distinct(values: Sequence[Any], convert) -> list:
    """``convert`` applied to each cell, computed once per distinct cell: a Riwayat repeats a handful
    of steps and actions over many events. Cells equal across types (1 and 1.0 convert alike) are
    keyed by value; only a True/False cell, equal to 1/0 but converted otherwise, needs its type."""
    if bool in set(map(type, values)):
        keyed = list(zip(map(type, values), values))
        table = {key: convert(key[1]) for key in set(keyed)}
        return list(map(table.__getitem__, keyed))
    table = {value: convert(value) for value in set(values)}
    return list(map(table.__getitem__, values))


_MOVE, _IMPORT, _STAY, _NONE = range(4)


def item_states(riwayat: RiwayatColumns | Iterable[Sequence[Any]], workflow=None) -> dict[str, State]:
    """The state after each item's events (key: ID Informasi, stripped and case-folded).

    ``riwayat``: the Riwayat data rows, or their :class:`RiwayatColumns`."""
    workflow = workflow if isinstance(workflow, _Table) else _Table(workflow)
    columns = riwayat_columns(riwayat)
    actions = {a.casefold(): a for a in ACTIONS}
    keys = _by_distinct(columns.ids, lambda v: cell_text(v).casefold())
    sources = _by_distinct(columns.sources, _number)
    targets = _by_distinct(columns.targets, _number)
    names = _by_distinct(columns.actions, lambda v: cell_text(v).casefold())
    effects: dict[tuple, tuple] = {}  # (action, from, to) -> what the event does, worked out once

    def effect(action: str, source: int | None, target: int | None) -> tuple:
        if action in actions:
            found = workflow.find(actions[action], source) if source is not None else None
            status = found.status if found is not None and found.ke == target else None
            return _MOVE, status, ACTION_NAMES[actions[action]]
        if action == IMPORT_ACTION:
            return _MOVE, workflow.initial_status, "Impor"
        return (_STAY, None, "") if target is not None else (_NONE, None, "")

    # state per key as a tuple (step, status, Excel row of the last move, action name)
    states: dict[str, tuple] = {}
    for excel_row, key, source, target, action in zip(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(keys)),
                                                     keys, sources, targets, names):
        if not key:
            continue
        move = (action, source, target)
        found = effects.get(move)
        if found is None:
            found = effects[move] = effect(*move)
        kind = found[0]
        if kind == _MOVE:
            states[key] = (target, found[1], excel_row, found[2])
        elif kind == _STAY:  # letters, archive: recorded at the item's step, no move
            before = states.get(key)
            states[key] = ((target, before[1], before[2], before[3]) if before
                           else (target, workflow.initial_status, None, ""))
    return {key: State(*state) for key, state in states.items()}


def check_history(rows: Sequence[Any], riwayat: RiwayatColumns | Iterable[Sequence[Any]], workflow=None,
                  sheet: str = REGISTER_SHEET) -> list[Problem]:
    """Every row whose Langkah/Status is not what its Riwayat events say (rows: objects with
    ``excel_row``, ``id_informasi``, ``langkah``, ``status``)."""
    wf = _Table(workflow)
    states = item_states(riwayat, wf)
    initial = State(wf.initial_step, wf.initial_status)
    step_label, status_label = COLUMN_BY_KEY["langkah"].label, COLUMN_BY_KEY["status"].label
    problems: list[Problem] = []
    for row in rows:
        key = cell_text(row.id_informasi).casefold()
        if not key or row.langkah is None:
            continue  # no ID / no step: reported by the required-field rules
        state = states.get(key, initial)
        status = cell_text(row.status)
        if state.step is not None and row.langkah != state.step:
            problems.append(Problem(sheet, row.excel_row, step_label, CODE_STEP,
                                    f"Langkah {row.langkah} tidak sesuai Riwayat: {_where(state, wf)} langkah "
                                    f"{state.step}. {HINT}"))
        elif state.status is not None and status != state.status:
            problems.append(Problem(sheet, row.excel_row, status_label, CODE_STATUS,
                                    f"Status '{status or '-'}' tidak sesuai Riwayat: {_where(state, wf)} "
                                    f"status '{state.status}'. {HINT}"))
    return problems


def _where(state: State, wf: _Table) -> str:
    if state.riwayat_row is None:
        return "item ini belum punya peristiwa di sheet Riwayat, jadi harus berada di"
    return (f"peristiwa terakhirnya ('{state.action}', sheet {RIWAYAT} baris {state.riwayat_row}) "
            "menempatkannya di")


def path_to(step: int, status: str, workflow=None) -> list | None:
    """The shortest list of transitions from the initial state to (step, status), or None."""
    from .workflow import default_workflow

    wf = workflow or default_workflow()
    start = (wf.initial_step, wf.initial_status)
    paths: dict[tuple[int, str], list[Transition]] = {start: []}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        if state == (step, status):
            return paths[state]
        if state[1] == FINISHED:
            continue
        for t in wf.available(state[0]):
            nxt = (t.ke, t.status)
            if nxt not in paths and _allowed(t, state[1]):
                paths[nxt] = paths[state] + [t]
                queue.append(nxt)
    return None


def _allowed(t, status: str) -> bool:
    """The status guards of the SOP's transitions (approval before leaving step 6, once)."""
    if "disetujui" in t.syarat and status != APPROVED:
        return False
    if "belum_disetujui" in t.syarat and status == APPROVED:
        return False
    return True
