"""The workflow's action names and the two Status values its rules test (no models: cheap to import)."""

from __future__ import annotations

MAJU, KEMBALIKAN, SETUJUI = "maju", "kembalikan", "setujui"
ACTIONS = (MAJU, KEMBALIKAN, SETUJUI)
ACTION_NAMES = {MAJU: "Majukan Langkah", KEMBALIKAN: "Kembalikan", SETUJUI: "Setujui"}
FINISHED = "Selesai"
APPROVED = "Disetujui"
