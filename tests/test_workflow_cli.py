"""Headless workflow through the real ``ppid`` process: one item from step 1 to 7, refusals, and the
Riwayat chain check (exit 0 intact / 1 broken, naming the row / 2 unreadable)."""

from __future__ import annotations

from openpyxl import load_workbook

from ppid_dokumentasi.adapters.openpyxl_builder import sample_history
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.register import REGISTER_SHEET
from ppid_dokumentasi.sample import sample_rows

PETUGAS, PPID_NAME, ARSIP = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)", "Nama Arsiparis (contoh)"
ITEM = "PKR-2025-012"  # sample item at step 1 (Berkala)


def _act(ppid, path, command, peran, nama, *extra):
    return ppid(command, str(path), "--id", ITEM, "--peran", peran, "--nama", nama, *extra)


def _protection_and_lists(path):
    wb = load_workbook(path)
    ws = wb[REGISTER_SHEET]
    return ws.protection.sheet, len(ws.data_validations.dataValidation), sorted(wb.defined_names)


def test_item_from_step_1_to_7_through_the_cli(ppid, sample_xlsx):
    before = _protection_and_lists(sample_xlsx)
    for peran, nama in [("Petugas", PETUGAS), ("PPID", PPID_NAME), ("Petugas", PETUGAS), ("Petugas", PETUGAS)]:
        result = _act(ppid, sample_xlsx, "majukan", peran, nama)
        assert result.returncode == 0, result.stderr
    # step 5 -> 6 needs the softfile location (SOP step 5)
    refused = _act(ppid, sample_xlsx, "majukan", "Petugas", PETUGAS)
    assert refused.returncode == 1
    assert "Belum lengkap: kolom 'Lokasi Softfile'" in refused.stderr
    with WorkbookEditor(sample_xlsx) as editor:  # the Petugas types the location into the row
        editor.set_cells(editor.data.register.find(ITEM)[0], {"Lokasi Softfile": "softfile/PKR-2025-012.pdf"})
    steps = [
        ("majukan", "Petugas", PETUGAS, ()),
        ("kembalikan", "PPID", PPID_NAME, ("--catatan", "Lengkapi ringkasan capaian.")),
        ("majukan", "Petugas", PETUGAS, ()),
        ("setujui", "PPID", PPID_NAME, ()),
        ("majukan", "PPID", PPID_NAME, ()),
        ("majukan", "Arsip", ARSIP, ()),
    ]
    for command, peran, nama, extra in steps:
        result = _act(ppid, sample_xlsx, command, peran, nama, *extra)
        assert result.returncode == 0, result.stderr
    assert "status 'Selesai'" in result.stdout
    finished = _act(ppid, sample_xlsx, "majukan", "Arsip", ARSIP)
    assert finished.returncode == 1 and "sudah berstatus 'Selesai'" in finished.stderr

    validated = ppid("validasi", str(sample_xlsx))
    assert validated.returncode == 0, validated.stdout
    verified = ppid("riwayat", "verifikasi", str(sample_xlsx))
    seeded = len(sample_history(sample_rows()))  # the sample's own events (ITEM has none: step 1)
    assert verified.returncode == 0 and f"Riwayat utuh: {seeded + 10} peristiwa" in verified.stdout
    assert _protection_and_lists(sample_xlsx) == before
    wb = load_workbook(sample_xlsx)
    register = wb[REGISTER_SHEET]
    header = [c.value for c in register[4]]
    row = next(r for r in register.iter_rows(min_row=5, values_only=True) if r[0] == ITEM)
    assert row[header.index("Langkah")] == 7 and row[header.index("Status")] == "Selesai"
    assert row[header.index("Catatan Koreksi")] == "Lengkapi ringkasan capaian."
    riwayat = [r for r in wb["Riwayat"].iter_rows(min_row=2, values_only=True) if r[2] == ITEM]
    assert [(r[3], r[4], r[5], r[6]) for r in riwayat] == [
        (1, 2, "maju", "Petugas"), (2, 3, "maju", "PPID"), (3, 4, "maju", "Petugas"), (4, 5, "maju", "Petugas"),
        (5, 6, "maju", "Petugas"), (6, 5, "kembalikan", "PPID"), (5, 6, "maju", "Petugas"),
        (6, 6, "setujui", "PPID"), (6, 7, "maju", "PPID"), (7, 7, "maju", "Arsip")]
    assert all(r[1].endswith("+07:00") for r in riwayat)


def test_refused_action_exits_1_and_changes_nothing(ppid, sample_xlsx):
    before = sample_xlsx.read_bytes()
    result = ppid("setujui", str(sample_xlsx), "--id", "PKR-2025-002", "--peran", "Petugas", "--nama", PETUGAS)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Galat: Register baris 6 (ID 'PKR-2025-002'): peran 'Petugas' tidak berwenang menjalankan 'Setujui' "
        "di langkah 6; menurut SOP yang berwenang: PPID.")
    no_note = ppid("kembalikan", str(sample_xlsx), "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME)
    assert no_note.returncode == 1 and "'Catatan Koreksi' dari pimpinan PPID" in no_note.stderr
    assert sample_xlsx.read_bytes() == before


def test_usage_errors_exit_2(ppid, sample_xlsx):
    result = ppid("majukan", str(sample_xlsx), "--id", "PKR-2025-002")
    assert result.returncode == 2 and "argumen berikut wajib diisi: --peran, --nama" in result.stderr
