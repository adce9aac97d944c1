"""The Pilih column: actions take the marked rows wherever the selection is (Office.js moves it to
the button cell), the selected rows when nothing is marked; marks are cleared after success."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros.arsip as ma  # noqa: E402
import macros.surat as ms  # noqa: E402
import macros.workflow as mw  # noqa: E402
from macros.common import plain  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.errors import PpidError  # noqa: E402
from ppid_dokumentasi.layout import BUTTONS  # noqa: E402
from ppid_dokumentasi.register import LABELS, REGISTER_SHEET  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402
from ppid_dokumentasi.selection import is_marked, target_rows  # noqa: E402

PETUGAS, PPID_NAME, ARSIP = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)", "Nama Arsiparis (contoh)"
COL = {label: i for i, label in enumerate(LABELS)}


def test_marks_win_over_the_selection_and_nothing_marked_needs_a_selection():
    labels = ["ID Informasi", "Pilih"]
    rows = [(5, ["A", "✓"]), (6, ["B", None]), (7, ["C", "x"]), (8, ["D", "0"]), (9, ["E", "tidak"])]
    assert [v for v in ("✓", "x", "X", 1, "ya") if not is_marked(v)] == []
    assert [v for v in (None, "", " ", "0", 0, "tidak", "FALSE", False) if is_marked(v)] == []
    chosen = target_rows(labels, rows, lambda: [6])
    assert (chosen.rows, chosen.marked) == ([5, 7], True)
    unmarked = [(r, [c[0], None]) for r, c in rows]
    assert target_rows(labels, unmarked, lambda: [6]).rows == [6]
    with pytest.raises(PpidError, match="Tidak ada baris yang ditandai di kolom 'Pilih'"):
        target_rows(labels, unmarked, None)


@pytest.fixture
def book(tmp_path) -> Path:
    path = build_workbook(tmp_path / "register.xlsx", sample_rows())
    with WorkbookEditor(path) as editor:
        editor.set_setting("folder_surat", str(tmp_path / "surat"))
        editor.set_setting("folder_arsip", str(tmp_path / "arsip"))
    return path


def _rows(path) -> dict[str, int]:
    return {cells[0]: r for r, cells in read_workbook(path).register.rows}


def _mark(path, items, user, **cells):
    rows = _rows(path)
    with WorkbookEditor(path) as editor:
        editor.set_setting("pengguna_aktif", user)
        for item in items:
            editor.set_cells(rows[item], {"Pilih": "✓", **cells})


def _click(path, func, button):
    """Run a macro as Office.js does after a click on a sheet button: the selection is its cell."""
    remote = remote_book(path, selection=BUTTONS[button][0])
    plain(func)(remote)
    actions = remote.json()["actions"]
    return actions, apply_actions(path, actions)


def _register(path):
    ws = load_workbook(path)[REGISTER_SHEET]
    return {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}


def _steps(path, items):
    register = _register(path)
    return {i: (register[i][COL["Langkah"]], register[i][COL["Status"]], register[i][COL["Pilih"]]) for i in items}


def test_majukan_on_the_button_cell_takes_the_marked_rows_and_clears_their_marks(book):
    _mark(book, ["PKR-2025-012", "PKR-2025-006"], PETUGAS)
    actions, alerts = _click(book, mw.majukan, "majukan")
    assert "berhasil, 2 baris" in alerts[0][1]
    pilih = [a for a in actions if a["func"] == "setValues" and a["start_column"] == COL["Pilih"]]
    assert len(pilih) == 1  # the marks are cleared in one write with the action's other columns
    assert _steps(book, ["PKR-2025-012", "PKR-2025-006", "PKR-2025-013"]) == {
        "PKR-2025-012": (2, "Dalam Proses", None), "PKR-2025-006": (3, "Dalam Proses", None),
        "PKR-2025-013": (1, "Dalam Proses", None)}  # unmarked row untouched


def test_kembalikan_and_setujui_take_the_marked_rows(book):
    _mark(book, ["PKR-2025-002"], PPID_NAME, **{"Catatan Koreksi": "Lengkapi ringkasan."})
    _, alerts = _click(book, mw.kembalikan, "kembalikan")
    assert _steps(book, ["PKR-2025-002"]) == {"PKR-2025-002": (5, "Dikembalikan", None)}, alerts
    _mark(book, ["PKR-2025-002"], PETUGAS)
    _click(book, mw.majukan, "majukan")
    _mark(book, ["PKR-2025-002"], PPID_NAME)
    _, alerts = _click(book, mw.setujui, "setujui")
    assert _steps(book, ["PKR-2025-002"]) == {"PKR-2025-002": (6, "Disetujui", None)}, alerts


def test_a_refused_action_keeps_the_marks(book):
    _mark(book, ["PKR-2025-012"], PPID_NAME)  # PPID may not move step 1
    actions, alerts = _click(book, mw.majukan, "majukan")
    assert [a["func"] for a in actions] == ["alert"] and actions[0]["args"][3] == "critical"
    assert _steps(book, ["PKR-2025-012"])["PKR-2025-012"][2] == "✓"


def test_buat_surat_and_arsipkan_take_the_marked_rows(book, tmp_path):
    _mark(book, ["PKR-2025-006", "PKR-2025-002"], PETUGAS)
    _, alerts = _click(book, ms.buat_surat, "buat_surat")
    assert alerts[0][1].startswith("2 surat dibuat"), alerts
    written = sorted(p.name for p in (tmp_path / "surat").iterdir())
    assert any("PKR-2025-006" in n for n in written) and any("PKR-2025-002" in n for n in written)
    assert _steps(book, ["PKR-2025-006"])["PKR-2025-006"][2] is None
    _mark(book, ["PKR-2025-001", "PKR-2025-007"], ARSIP)
    _, alerts = _click(book, ma.arsipkan, "arsipkan")
    assert alerts[0][1].startswith("Arsip v0001 tersimpan") and "PKR-2025-001, PKR-2025-007" in alerts[0][1], alerts
    assert _register(book)["PKR-2025-001"][COL["Pilih"]] is None


def test_nothing_marked_and_the_selection_on_a_button_asks_for_a_mark_or_rows(book):
    with WorkbookEditor(book) as editor:
        editor.set_setting("pengguna_aktif", PETUGAS)
    _, alerts = _click(book, mw.majukan, "majukan")
    assert "Pilih satu atau beberapa sel pada baris data Register" in alerts[0][1]


def test_cli_pilihan_acts_on_the_marked_rows_and_clears_them(ppid, book):
    before = book.read_bytes()
    refused = ppid("majukan", str(book), "--pilihan", "--peran", "Petugas", "--nama", PETUGAS)
    assert refused.returncode == 1 and "Tidak ada baris yang ditandai di kolom 'Pilih'" in refused.stderr
    assert book.read_bytes() == before
    _mark(book, ["PKR-2025-012", "PKR-2025-013"], PETUGAS)
    done = ppid("majukan", str(book), "--pilihan", "--peran", "Petugas", "--nama", PETUGAS)
    assert done.returncode == 0, done.stderr
    assert "Tanda di kolom 'Pilih' dihapus (2 baris)" in done.stdout
    assert _steps(book, ["PKR-2025-012", "PKR-2025-013"]) == {
        "PKR-2025-012": (2, "Dalam Proses", None), "PKR-2025-013": (2, "Dalam Proses", None)}
    _mark(book, ["PKR-2025-012", "PKR-2025-001"], PETUGAS)  # one refused row: nothing changes
    before = book.read_bytes()
    refused = ppid("majukan", str(book), "--pilihan", "--peran", "Petugas", "--nama", PETUGAS)
    assert refused.returncode == 1 and book.read_bytes() == before


def test_cli_surat_and_arsip_pilihan_take_the_marked_items(ppid, book, tmp_path):
    _mark(book, ["PKR-2025-006"], PETUGAS)
    done = ppid("surat", str(book), "--jenis", "nota-dinas-koordinasi", "--pilihan", "--keluar", str(tmp_path / "keluar"))
    assert done.returncode == 0, done.stderr
    written = [p.name for p in (tmp_path / "keluar").iterdir()]
    assert len(written) == 1 and "PKR-2025-006" in written[0]
    assert _register(book)["PKR-2025-006"][COL["Pilih"]] is None
    _mark(book, ["PKR-2025-001", "PKR-2025-007"], ARSIP)
    done = ppid("arsip", "simpan", str(book), "--pilihan", "--peran", "Arsip", "--nama", ARSIP)
    assert done.returncode == 0, done.stderr
    assert "PKR-2025-001, PKR-2025-007" in done.stdout
    assert {_register(book)[i][COL["Pilih"]] for i in ("PKR-2025-001", "PKR-2025-007")} == {None}
