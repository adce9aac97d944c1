"""Who may press which button on the server: read from the SOP and its workflow (data/sop.toml),
never typed here. xlwings Server refuses a user without one of these roles before any code runs
(``required_roles``); the workflow's own role check per item and step stays as the second line.
"""

from __future__ import annotations

from functools import cache

from ..opening import action as opening_action
from ..sop import default_sop
from ..workflow import KEMBALIKAN, MAJU, SETUJUI, default_workflow

ARCHIVE_STEP = 7  # SOP langkah 7: Arsip stores the documented information


def _union(groups) -> tuple[str, ...]:
    seen: list[str] = []
    for group in groups:
        seen += [r for r in group if r not in seen]
    return tuple(seen)


def _transition_roles(aksi: str) -> tuple[str, ...]:
    return _union(t.peran for t in default_workflow().transitions if t.aksi == aksi)


@cache
def action_roles() -> dict[str, tuple[str, ...]]:
    """Button name (layout.BUTTONS) -> the SOP roles that may press it."""
    sop = default_sop()
    every = tuple(sop.role_codes)
    return {
        "validasi": every,
        "majukan": _transition_roles(MAJU),
        "kembalikan": _transition_roles(KEMBALIKAN),
        "setujui": _transition_roles(SETUJUI),
        "buat_surat": every,
        "arsipkan": tuple(sop.step(ARCHIVE_STEP).pelaksana),
        "impor": tuple(sop.step(1).pelaksana),  # new items start at step 1 (app.actors.first_step_roles)
        "buka": tuple(opening_action().peran),  # the SOP's [[tindakan]] buka (PP 61/2010 Pasal 11)
        "ekspor": every,  # the SOP names no role for these two: every SOP role (as the CLI)
        "dasbor": every,
    }
