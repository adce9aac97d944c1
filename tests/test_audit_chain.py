"""Riwayat hash chain: ``ppid riwayat verifikasi`` on intact, tampered and unreadable workbooks."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.audit import GENESIS, Event, chain_events, verify_chain
from ppid_dokumentasi.cli_workflow import apply_action
from ppid_dokumentasi.sample import sample_rows

PETUGAS = "Nama Kasubag Tata Usaha (contoh)"


@pytest.fixture
def sample_xlsx(tmp_path):
    """The sample rows without the seeded Riwayat: these tests count events from an empty chain."""
    return build_workbook(tmp_path / "register.xlsx", sample_rows())


def _three_events(path):
    for item in ("PKR-2025-012", "PKR-2025-013", "PKR-2025-006"):
        apply_action(path, item, "maju", "Petugas", PETUGAS)


def _edit(path, sheet, cell, value):
    wb = load_workbook(path)
    wb[sheet][cell].value = value
    wb.save(path)


def test_intact_chain_exits_0(ppid, sample_xlsx):
    _three_events(sample_xlsx)
    result = ppid("riwayat", "verifikasi", str(sample_xlsx))
    first, note = result.stdout.strip().splitlines()
    assert (result.returncode, first) == (0, "Riwayat utuh: 3 peristiwa, rantai hash cocok.")
    assert note.startswith("Catatan: Riwayat tanpa segel kunci arsip.")  # says what the unkeyed chain proves


def test_tampering_with_one_cell_exits_1_naming_the_row(ppid, sample_xlsx):
    _three_events(sample_xlsx)
    _edit(sample_xlsx, "Riwayat", "H3", "Orang Lain")  # the name of the 2nd event (Excel row 3)
    result = ppid("riwayat", "verifikasi", str(sample_xlsx))
    assert result.returncode == 1
    assert result.stdout.strip() == ("Riwayat TIDAK utuh: Riwayat baris 3: Isi baris 3 sheet Riwayat diubah setelah "
                                     "dicatat (hash tidak cocok).")


def test_deleting_a_row_or_the_last_row_is_detected(ppid, sample_xlsx, tmp_path):
    _three_events(sample_xlsx)
    wb = load_workbook(sample_xlsx)
    wb["Riwayat"].delete_rows(3)
    wb.save(tmp_path / "tengah.xlsx")
    middle = ppid("riwayat", "verifikasi", str(tmp_path / "tengah.xlsx"))
    assert middle.returncode == 1 and "Riwayat baris 3" in middle.stdout and "putus" in middle.stdout
    wb = load_workbook(sample_xlsx)
    wb["Riwayat"].delete_rows(4)
    wb.save(tmp_path / "akhir.xlsx")
    last = ppid("riwayat", "verifikasi", str(tmp_path / "akhir.xlsx"))
    assert last.returncode == 1 and "baris akhir dihapus" in last.stdout


def test_unreadable_file_exits_2(ppid, tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"bukan workbook")
    result = ppid("riwayat", "verifikasi", str(bad))
    assert result.returncode == 2 and result.stderr.startswith("Galat: Berkas 'rusak.xlsx' bukan workbook Excel")


def test_excel_turning_the_genesis_hash_into_zero_keeps_the_chain_valid():
    rows = chain_events([], [Event("A", 1, 2, "maju", "Petugas", "N"), Event("A", 2, 3, "maju", "Petugas", "N")])
    assert rows[0][9] == GENESIS
    as_excel_reads_it = [list(r) for r in rows]
    as_excel_reads_it[0][9] = 0.0  # Excel stores the text "000…0" written as a value as the number 0
    as_excel_reads_it[0][0], as_excel_reads_it[0][3] = 1.0, 1.0
    assert verify_chain(as_excel_reads_it, 2.0, rows[-1][10]) == []
    as_excel_reads_it[1][8] = "diubah"
    assert verify_chain(as_excel_reads_it)[0].row == 3
