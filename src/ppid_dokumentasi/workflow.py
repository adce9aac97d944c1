"""The SOP workflow as data: actions that move a Register item through the 7 Tata Cara steps.

Transitions are the ``[[transisi]]`` tables of ``data/sop.toml``, checked when loaded (known
actions, roles and statuses; ``maju`` goes n -> n+1 or completes step 7; every step reachable from
step 1; step 7 reachable; nothing leaves a finished item). :func:`decide` checks one action on one
item and returns the :class:`Outcome` (new step, status, changed cells, the audit event) or raises
:class:`~ppid_dokumentasi.errors.WorkflowRefused` with an Indonesian message naming the rule and
what is missing. Plain Python: adapters (CLI/openpyxl, macros/xlwings) write the outcome.

Status vocabulary (``referensi.toml``), and which action sets it:

=====================  =====================================================================
Dalam Proses           ``maju`` 1->2, 2->3, 3->4, 4->5 and 6->7 (step being worked on)
Menunggu Persetujuan   ``maju`` 5->6 (reported to the PPID leadership)
Dikembalikan           ``kembalikan`` 6->5 by PPID, with Catatan Koreksi
Disetujui              ``setujui`` at step 6 by PPID (required before 6->7)
Selesai                ``maju`` at step 7 by Arsip (stored as archive; no further action)
=====================  =====================================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Callable

from pydantic import BaseModel, ConfigDict, ValidationError

from .audit import Event
from .datafiles import packaged
from .errors import DataFileError, WorkflowRefused
from . import consequence_test as uji
from .reclassification import snapshot_note
from .register import REGISTER_SHEET
from .sop import STEP_COUNT, Sop, default_sop, load_sop

from .workflow_terms import ACTION_NAMES, ACTIONS, APPROVED, FINISHED, KEMBALIKAN, MAJU, SETUJUI  # noqa: E402,F401

if TYPE_CHECKING:
    from .register_row import RegisterRow


class Transition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    aksi: str
    dari: int
    ke: int
    peran: tuple[str, ...] = ()
    status: str
    syarat: tuple[str, ...] = ()

    @property
    def completes(self) -> bool:
        return self.aksi == MAJU and self.dari == self.ke == STEP_COUNT


# -- guards ----------------------------------------------------------------------------------
# A guard returns the Indonesian descriptions of what is missing (empty: satisfied).
Guard = Callable[["RegisterRow", str], list[str]]


def _guard_softfile(row: RegisterRow, note: str) -> list[str]:
    return [] if row.lokasi_softfile.strip() else ["kolom 'Lokasi Softfile' (wajib sejak langkah 5)"]


def _guard_uji(row: RegisterRow, note: str) -> list[str]:
    """The complete consequence-test record (the one definition, :mod:`consequence_test`)."""
    return [gap.text for gap in uji.gaps(row)]


def _guard_approved(row: RegisterRow, note: str) -> list[str]:
    return [] if row.status == APPROVED else [
        f"persetujuan pimpinan PPID (tombol 'Setujui'; Status sekarang '{row.status or '-'}')"]


def _guard_not_approved(row: RegisterRow, note: str) -> list[str]:
    return ["(sudah disetujui; lanjutkan dengan 'Majukan Langkah')"] if row.status == APPROVED else []


def _guard_note(row: RegisterRow, note: str) -> list[str]:
    return [] if note.strip() else ["'Catatan Koreksi' dari pimpinan PPID"]


GUARDS: dict[str, tuple[str, Guard]] = {
    "lokasi_softfile": ("Tata Cara langkah 5: hasil olahan dalam bentuk softfile", _guard_softfile),
    "uji_konsekuensi": ("uji konsekuensi informasi yang dikecualikan (UU 14/2008 Pasal 19; Perki 1/2021 "
                        "Pasal 49)", _guard_uji),
    "disetujui": ("langkah 6: hasil dokumentasi dilaporkan dan disetujui pimpinan PPID", _guard_approved),
    "belum_disetujui": ("persetujuan hanya sekali per laporan", _guard_not_approved),
    "catatan": ("pengembalian untuk perbaikan wajib disertai Catatan Koreksi", _guard_note),
}


# -- the workflow ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Workflow:
    sop: Sop
    transitions: tuple[Transition, ...]
    initial_step: int = 1  # where a new item starts (``[awal]`` of the SOP file)
    initial_status: str = ""

    def find(self, aksi: str, step: int) -> Transition | None:
        return next((t for t in self.transitions if t.aksi == aksi and t.dari == step), None)

    def available(self, step: int) -> list[Transition]:
        return [t for t in self.transitions if t.dari == step]

    def table(self) -> list[dict[str, Any]]:
        """One row per transition, to compare with the SOP lampiran (docs/workflow.md)."""
        return [{"aksi": t.aksi, "dari": t.dari, "ke": t.ke, "peran": ", ".join(t.peran), "status": t.status,
                 "syarat": ", ".join(t.syarat) or "-"} for t in self.transitions]


def build_workflow(sop: Sop, statuses: list[str] | None = None) -> Workflow:
    """Load and check the ``transisi`` tables of an SOP. Raises DataFileError naming the problem."""
    raw = (sop.model_extra or {}).get("transisi")
    if not raw:
        raise DataFileError("Berkas SOP tidak memiliki tabel [[transisi]] (alur kerja).")
    statuses = statuses if statuses is not None else list(packaged("referensi.toml")["daftar"]["Status"])
    roles = sop.role_codes
    transitions = []
    for index, entry in enumerate(raw, start=1):
        where = f"transisi ke-{index}"
        try:
            t = Transition.model_validate(entry)
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            raise DataFileError(f"Berkas SOP, {where} tidak valid: {details}") from exc
        problems = []
        if t.aksi not in ACTIONS:
            problems.append(f"aksi '{t.aksi}' tidak dikenal (dikenal: {', '.join(ACTIONS)})")
        if not (1 <= t.dari <= STEP_COUNT and 1 <= t.ke <= STEP_COUNT):
            problems.append(f"langkah harus 1..{STEP_COUNT}")
        elif t.aksi == MAJU and not (t.ke == t.dari + 1 or t.completes):
            problems.append(f"'maju' harus ke langkah berikutnya (dari {t.dari} ke {t.dari + 1}); tidak boleh melompat")
        elif t.aksi == KEMBALIKAN and not t.ke < t.dari:
            problems.append("'kembalikan' harus ke langkah sebelumnya")
        elif t.aksi == SETUJUI and t.ke != t.dari:
            problems.append("'setujui' tidak memindahkan langkah")
        peran = t.peran or tuple(sop.step(t.dari).pelaksana) if 1 <= t.dari <= STEP_COUNT else t.peran
        unknown = [p for p in peran if p not in roles]
        if unknown:
            problems.append(f"peran tidak dikenal {unknown} (dikenal: {', '.join(roles)})")
        if t.aksi == MAJU and t.peran and 1 <= t.dari <= STEP_COUNT:
            outside = [p for p in t.peran if p not in sop.step(t.dari).pelaksana]
            if outside:
                problems.append(f"peran {outside} bukan pelaksana langkah {t.dari} pada SOP")
        if t.status not in statuses:
            problems.append(f"status '{t.status}' tidak ada di daftar Status ({', '.join(statuses)})")
        unknown_guards = [g for g in t.syarat if g not in GUARDS]
        if unknown_guards:
            problems.append(f"syarat tidak dikenal {unknown_guards} (dikenal: {', '.join(GUARDS)})")
        if t.aksi == KEMBALIKAN and "catatan" not in t.syarat:
            problems.append("'kembalikan' wajib bersyarat 'catatan' (Catatan Koreksi)")
        if problems:
            raise DataFileError(f"Berkas SOP, {where} ({t.aksi} {t.dari}->{t.ke}): " + "; ".join(problems) + ".")
        transitions.append(t.model_copy(update={"peran": tuple(peran)}))
    keys = [(t.aksi, t.dari) for t in transitions]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise DataFileError(f"Berkas SOP: transisi ganda untuk (aksi, langkah) {duplicates}.")
    finals = [t for t in transitions if t.completes]
    if len(finals) != 1 or finals[0].status != FINISHED:
        raise DataFileError(f"Berkas SOP: harus ada tepat satu 'maju' dari langkah {STEP_COUNT} yang berstatus "
                            f"'{FINISHED}' (penyelesaian oleh {', '.join(sop.step(STEP_COUNT).pelaksana)}).")
    reached, frontier = {1}, [1]
    while frontier:
        step = frontier.pop()
        for t in transitions:
            if t.dari == step and t.ke not in reached:
                reached.add(t.ke)
                frontier.append(t.ke)
    unreachable = [s for s in range(1, STEP_COUNT + 1) if s not in reached]
    if unreachable:
        raise DataFileError(f"Berkas SOP: langkah {unreachable} tidak dapat dicapai dari langkah 1.")
    for step in range(1, STEP_COUNT):
        if not any(t.aksi == MAJU and t.dari == step for t in transitions):
            raise DataFileError(f"Berkas SOP: tidak ada 'maju' dari langkah {step}.")
    initial_step, initial_status = _initial_state(sop, transitions, statuses)
    return Workflow(sop, tuple(transitions), initial_step, initial_status)


def _initial_state(sop: Sop, transitions: list[Transition], statuses: list[str]) -> tuple[int, str]:
    """``[awal]`` of the SOP file: step 1 and a known Status (default: the Status 'maju' 1->2 gives)."""
    first = next(t for t in transitions if t.aksi == MAJU and t.dari == 1)
    raw = (sop.model_extra or {}).get("awal") or {}
    step, status = raw.get("langkah", 1), raw.get("status", first.status)
    if step != 1:
        raise DataFileError(f"Berkas SOP, [awal]: langkah awal harus 1 (Tata Cara dimulai di langkah 1), bukan {step}.")
    if status not in statuses:
        raise DataFileError(f"Berkas SOP, [awal]: status '{status}' tidak ada di daftar Status ({', '.join(statuses)}).")
    return step, status


def load_workflow(path: str | None = None) -> Workflow:
    return build_workflow(load_sop(path))


@cache
def default_workflow() -> Workflow:
    return build_workflow(default_sop())


# -- deciding one action ---------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What an allowed action changes: Register cells by label, and the audit event to append."""

    excel_row: int
    id_informasi: str
    transition: Transition
    changes: dict[str, Any] = field(default_factory=dict)
    event: Event | None = None

    @property
    def step(self) -> int:
        return self.transition.ke

    @property
    def status(self) -> str:
        return self.transition.status


def _where(row: RegisterRow) -> str:
    return f"{REGISTER_SHEET} baris {row.excel_row} (ID '{row.id_informasi or '-'}')"


def _refuse(row: RegisterRow, text: str, code: str, column: str | None = None) -> WorkflowRefused:
    return WorkflowRefused(f"{_where(row)}: {text}", sheet=REGISTER_SHEET, row=row.excel_row, column=column,
                           code=code)


def decide(row: RegisterRow, aksi: str, peran: str, nama: str, catatan: str = "", *,
           workflow: Workflow | None = None, when: dt.datetime | None = None) -> Outcome:
    """Check one action on one item; the Outcome says what to write. Never changes ``row``."""
    wf = workflow or default_workflow()
    label = ACTION_NAMES.get(aksi, aksi)
    if aksi not in ACTIONS:
        raise _refuse(row, f"aksi '{aksi}' tidak dikenal; aksi yang ada: {', '.join(ACTIONS)}.", "aksi-tidak-dikenal")
    step = row.langkah
    if step is None:
        raise _refuse(row, f"kolom 'Langkah' kosong atau tidak valid; '{label}' tidak dapat dijalankan.",
                      "langkah-kosong", "Langkah")
    if row.status == FINISHED:
        raise _refuse(row, f"informasi sudah berstatus '{FINISHED}' (langkah {step}); informasi yang selesai "
                      "tidak dapat dipindahkan lagi.", "sudah-selesai", "Status")
    transition = wf.find(aksi, step)
    if transition is None:
        allowed = "; ".join(f"'{ACTION_NAMES[t.aksi]}' oleh {'/'.join(t.peran)}" for t in wf.available(step))
        rule = {KEMBALIKAN: "pengembalian hanya dari langkah 6 ke langkah 5",
                SETUJUI: "persetujuan hanya di langkah 6"}.get(aksi, "tidak boleh melompati langkah")
        raise _refuse(row, f"'{label}' tidak berlaku di langkah {step} ({rule}). Yang boleh di langkah {step}: "
                      f"{allowed or '-'}.", "aksi-tidak-berlaku", "Langkah")
    if peran not in transition.peran:
        target = "menyelesaikan langkah 7 (arsip)" if transition.completes else (
            f"menjalankan '{label}' di langkah {step}" if transition.ke == step else
            f"menjalankan '{label}' dari langkah {step} ke {transition.ke}")
        raise _refuse(row, f"peran '{peran}' tidak berwenang {target}; menurut SOP yang berwenang: "
                      f"{', '.join(transition.peran)}.", "peran-tidak-berwenang")
    for name in transition.syarat:
        rule, guard = GUARDS[name]
        missing = guard(row, catatan)
        if missing:
            column = {"lokasi_softfile": "Lokasi Softfile", "catatan": "Catatan Koreksi",
                      "disetujui": "Status", "belum_disetujui": "Status"}.get(name)
            raise _refuse(row, f"'{label}' ditolak: aturan {rule}. Belum lengkap: {', '.join(missing)}.",
                          f"syarat-{name.replace('_', '-')}", column)
    changes: dict[str, Any] = {"Langkah": transition.ke, "Status": transition.status}
    if aksi == KEMBALIKAN:
        changes["Catatan Koreksi"] = catatan.strip()
    note = catatan.strip()
    if aksi == SETUJUI and row.is_exempt:  # what was approved, for PP 61/2010 Pasal 10 (reclassification)
        note = "; ".join(filter(None, (note, snapshot_note(row))))
    event = Event(row.id_informasi, step, transition.ke, aksi, peran, nama.strip(), note, when)
    return Outcome(row.excel_row, row.id_informasi, transition, changes, event)


def decide_many(rows: list[RegisterRow], aksi: str, peran: str, nama: str, catatan: str | None = None, *,
                workflow: Workflow | None = None, when: dt.datetime | None = None) -> list[Outcome]:
    """All-or-nothing over several items: every refusal is collected and raised together.

    ``catatan`` None means no note, except for ``kembalikan``: each row's own Catatan Koreksi (typed
    into the row by the PPID leadership). The same rule for every entry point.
    """
    outcomes, refusals = [], []
    for row in rows:
        note = catatan if catatan is not None else (row.catatan_koreksi if aksi == KEMBALIKAN else "")
        try:
            outcomes.append(decide(row, aksi, peran, nama, note, workflow=workflow, when=when))
        except WorkflowRefused as exc:
            refusals.append(exc)
    if refusals:
        if len(refusals) == 1:
            raise refusals[0]
        first = refusals[0]
        raise WorkflowRefused("Tidak ada yang diubah; " + f"{len(refusals)} baris ditolak:\n"
                              + "\n".join(f"- {r.message}" for r in refusals),
                              sheet=REGISTER_SHEET, row=first.row, column=first.column, code=first.code)
    return outcomes
