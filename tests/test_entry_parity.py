"""Every action gives the same workbook through the CLI (a real ``ppid`` process on the file) and
through its button (the macro run by xlwings' remote engine on a payload built from an identical
copy, the returned actions applied back to that copy): Register, Riwayat and Daftar Surat are
compared cell by cell afterwards, with what depends on the clock masked (Riwayat time and hashes,
the archive manifest's hash) and each run's own archive folder named alike.

``validasi`` writes nothing through the CLI (its report is the product): there the CLI's problems,
summarised per row, must be what the button writes into 'Hasil Validasi'.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros  # noqa: E402
from conftest import run_ppid  # noqa: E402
from macros.common import plain  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.layout import LETTERS_SHEET, RIWAYAT  # noqa: E402
from ppid_dokumentasi.register import REGISTER_SHEET, RESULT_LABEL  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402
from ppid_dokumentasi.validation import summarise  # noqa: E402

PETUGAS, PPID_NAME, ARSIP = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)", "Nama Arsiparis (contoh)"
SOURCE = Path(__file__).parent / "data" / "real-registers" / "dik_karanganyar_disdagnakerkopukm.csv"

# action: (macro, acting user, item selected, CLI arguments after PATH)
ACTIONS = {
    "majukan": ("majukan", PETUGAS, "PKR-2025-012", ["--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS]),
    "kembalikan": ("kembalikan", PPID_NAME, "PKR-2025-002",
                   ["--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME]),
    "setujui": ("setujui", PPID_NAME, "PKR-2025-002", ["--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME]),
    "surat": ("buat_surat", PETUGAS, "PKR-2025-002",
              ["--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--oleh", PETUGAS]),
    "arsip simpan": ("arsipkan", ARSIP, "PKR-2025-007", ["--id", "PKR-2025-007", "--nama", ARSIP]),
    "impor": ("impor", PETUGAS, None, ["--petugas", PETUGAS]),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("paritas")
    path = build_workbook(folder / "register.xlsx", sample_rows())
    with WorkbookEditor(path) as editor:
        row = editor.data.register.find("PKR-2025-002")[0]
        editor.set_cells(row, {"Catatan Koreksi": "Lengkapi lampiran laporan."})  # typed by the PPID leadership
        editor.set_cells(editor.data.register.find("PKR-2025-004")[0], {"Judul Informasi": None})  # a broken row
        editor.set_setting("folder_surat", str(folder / "surat"))
        editor.set_setting("berkas_impor", str(SOURCE))
    return path


def _copy(base: Path, folder: Path, user: str) -> Path:
    folder.mkdir()
    path = Path(shutil.copy(base, folder / "register.xlsx"))
    with WorkbookEditor(path) as editor:
        editor.set_setting("pengguna_aktif", user)
        editor.set_setting("folder_arsip", str(folder / "arsip"))  # full paths: the remote book is not on disk
    return path


def _run_macro(path: Path, name: str, item: str | None) -> list[tuple[str, str]]:
    row = read_workbook(path).register.find(item)[0] if item else 5
    book = remote_book(path, selection=f"B{row}")
    plain(macros.load_all()[name])(book)
    return apply_actions(path, book.json()["actions"])


_HASH = re.compile(r"SHA-256 [0-9a-f]+…")


def _tables(path: Path) -> dict[str, list[list]]:
    sheets = read_all_sheets(path)
    root = str(path.parent / "arsip")
    riwayat = []
    for row in sheets[RIWAYAT][1:]:
        row = list(row) + [None] * (11 - len(row))
        note = _HASH.sub("SHA-256 …", str(row[8] or "")).replace(root, "ARSIP")
        riwayat.append([row[0], row[2], row[3], row[4], row[5], row[6], row[7], note])  # time and hashes aside
    return {REGISTER_SHEET: sheets[REGISTER_SHEET], RIWAYAT: riwayat, LETTERS_SHEET: sheets[LETTERS_SHEET]}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_cli_and_button_leave_the_same_workbook(base, tmp_path, action):
    macro, user, item, arguments = ACTIONS[action]
    by_cli = _copy(base, tmp_path / "cli", user)
    by_button = _copy(base, tmp_path / "tombol", user)
    if action == "impor":
        command = ["impor", str(SOURCE), "--ke", str(by_cli), *arguments]
    else:
        command = [*action.split(), str(by_cli), *arguments]
    done = run_ppid(*command)
    assert done.returncode == 0, done.stderr
    alerts = _run_macro(by_button, macro, item)
    assert alerts and "Galat" not in alerts[-1][1], alerts

    cli, button = _tables(by_cli), _tables(by_button)
    before = _tables(base)
    for sheet in (REGISTER_SHEET, RIWAYAT, LETTERS_SHEET):
        assert button[sheet] == cli[sheet], sheet
    changed = [s for s in (REGISTER_SHEET, RIWAYAT, LETTERS_SHEET) if cli[s] != before[s]]
    assert RIWAYAT in changed  # every action is recorded (so the comparison compared something)


def test_cli_validasi_reports_what_the_button_writes(base, tmp_path):
    by_button = _copy(base, tmp_path / "tombol", PETUGAS)
    done = run_ppid("validasi", str(base), "--format", "json")
    assert done.returncode == 1, done.stderr  # the broken row
    problems = json.loads(done.stdout)["files"][0]["problems"]

    class P:  # the report's JSON back into what summarise reads
        def __init__(self, d):
            self.row, self.column, self.message = d["row"], d["column"], d["message"]
            self.is_error = d.get("severity", "error") == "error"

    expected = summarise([P(p) for p in problems])
    alerts = _run_macro(by_button, "validasi", None)
    data = read_workbook(by_button)
    written = {r: v for r, values in data.register.rows
               if (v := data.register.cells(values).get(RESULT_LABEL))}
    assert written == expected and expected, alerts
    original = read_workbook(base)
    index = original.register.column_index(RESULT_LABEL)
    strip = lambda rows: [[v for i, v in enumerate(vals) if i != index] for _, vals in rows]  # noqa: E731
    assert strip(data.register.rows) == strip(original.register.rows)  # nothing else changed


def test_an_unregistered_name_cannot_issue_letter_numbers(base, tmp_path):
    path = _copy(base, tmp_path / "x", PETUGAS)
    before = path.read_bytes()
    done = run_ppid("surat", str(path), "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--oleh", "Tamu")
    assert done.returncode == 1
    assert done.stderr.startswith("Galat: 'Tamu' tidak terdaftar di tabel Pengguna (sheet Pengaturan).")
    assert path.read_bytes() == before
