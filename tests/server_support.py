"""Test support for the xlwings Server tests: a storage root with a users file, a register, and
payloads shaped like the Office.js client's (tests/xlwings_payload.py)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial (README "Licence")

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402
from ppid_dokumentasi.server.users import add_user, token_hash  # noqa: E402

PETUGAS, PPID_NAME, ARSIP = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)", "Nama Arsiparis (contoh)"
OFFICE, OTHER = "Biro Pemerintahan", "Dinas Lain"
GUEST_TOKEN = "ppid_tamu-tanpa-peran-sop"


def make_users(path: Path) -> dict[str, str]:
    """Users of two offices (tokens by short name); 'tamu' holds no SOP role (the admin typed it)."""
    tokens = {
        "petugas": add_user(path, PETUGAS, ["Petugas"], OFFICE),
        "ppid": add_user(path, PPID_NAME, ["PPID"], OFFICE),
        "arsip": add_user(path, ARSIP, ["Arsip"], OFFICE),
        "arsip_lain": add_user(path, ARSIP, ["Arsip"], OTHER),
        "petugas_lain": add_user(path, PETUGAS, ["Petugas"], OTHER),
    }
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f'\n[[pengguna]]\nnama = "Tamu"\nperan = ["Tamu"]\nkantor = "{OFFICE}"\n'
                     f'token_sha256 = "{token_hash(GUEST_TOKEN)}"\n')
    tokens["tamu"] = GUEST_TOKEN
    return tokens


def make_register(path: Path) -> Path:
    build_workbook(path, sample_rows())
    with WorkbookEditor(path) as editor:
        row = editor.data.register.find("PKR-2025-002")[0]
        editor.set_cells(row, {"Catatan Koreksi": "Lengkapi lampiran laporan."})  # typed by the PPID leadership
        editor.set_cells(editor.data.register.find("PKR-2025-004")[0], {"Judul Informasi": None})  # a broken row
    return path
