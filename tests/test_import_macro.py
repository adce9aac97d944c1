"""Macro ``impor`` through xlwings' remote engine (as xlwings Lite/Server run it)."""

from __future__ import annotations

from pathlib import Path

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros.impor as mi  # noqa: E402
from macros.common import MACROS, plain  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.app.importing import source_paths  # noqa: E402

DATA = Path(__file__).parent / "data" / "real-registers"
PETUGAS = "Nama Kasubag Tata Usaha (contoh)"


def _settings(path, **values):
    with WorkbookEditor(path) as editor:
        for key, value in values.items():
            editor.set_setting(key, value)


def _run(path):
    book = remote_book(path)
    plain(mi.impor)(book)
    actions = book.json()["actions"]
    return actions, apply_actions(path, actions)


def test_macro_imports_the_file_named_in_pengaturan(empty_xlsx):
    _settings(empty_xlsx, berkas_impor=str(DATA / "dik_karanganyar_disdagnakerkopukm.csv"), pengguna_aktif=PETUGAS)
    actions, alerts = _run(empty_xlsx)
    assert MACROS["impor"] is plain(mi.impor)
    data = read_workbook(empty_xlsx)
    rows = [dict(zip(data.register.labels, v)) for _, v in data.register.rows]
    assert [r["ID Informasi"] for r in rows] == [f"IMP-000{i}" for i in range(1, 6)]
    assert all(r["Langkah"] == 1 and r["Petugas"] == PETUGAS for r in rows)
    assert rows[0]["Dasar Pengecualian"] == "Pasal 17 huruf h"
    assert "UUD Negara RI Tahun 1946" in rows[0]["Catatan Impor"] and rows[0]["Hasil Validasi"]
    assert [r[5] for r in data.riwayat] == ["Impor"] * 5
    message = alerts[-1][1]
    assert "5 item diimpor" in message and "dilewati baris 2, 5, 7, 9 (judul bagian)" in message
    assert "Rujukan peraturan yang dicabut" in message and "   - baris" not in message
    register_writes = [a for a in actions if a["func"] == "setValues" and a["sheet_position"] == 2]
    assert len(register_writes) == len({label for r in rows for label, v in r.items() if v not in (None, "")})

    # again: the same records are reported, nothing is written
    actions, alerts = _run(empty_xlsx)
    assert [a["func"] for a in actions] == ["alert"]
    assert "Sudah pernah diimpor (tidak diimpor lagi): 5 baris" in alerts[0][1]


def test_macro_without_file_or_with_malformed_file_writes_nothing(empty_xlsx, tmp_path):
    _settings(empty_xlsx, pengguna_aktif=PETUGAS)
    actions, alerts = _run(empty_xlsx)
    assert [a["func"] for a in actions] == ["alert"] and "Isi 'berkas_impor'" in alerts[0][1]
    bad = tmp_path / "rusak.csv"
    bad.write_bytes("No,Informasi\n1,caf\xe9\n".encode("latin-1"))
    assert source_paths("rusak.csv; b.xlsx", bad) == [bad, tmp_path / "b.xlsx"]
    _settings(empty_xlsx, berkas_impor=str(bad))
    actions, alerts = _run(empty_xlsx)
    assert [a["func"] for a in actions] == ["alert"] and "bukan teks UTF-8" in alerts[0][1]
    assert read_workbook(empty_xlsx).register.rows == []


def test_macro_follows_the_pemetaan_impor_sheet(empty_xlsx, tmp_path):
    from openpyxl import load_workbook

    from ppid_dokumentasi.cli_import import trial
    from ppid_dokumentasi.importer.mapping_sheet import HEADER, SHEET
    from test_import_layouts import write_csv

    source = write_csv(tmp_path / "dik_dinas.csv", [["No", "Informasi", "Dasar Hukum", "Bidang"],
                                                     ["1", "Data pribadi pegawai", "Pasal 17 huruf h angka 1", "Umum"]])
    trial([source], empty_xlsx)  # what --coba does: the proposal is written to the sheet
    wb = load_workbook(empty_xlsx)
    ws = wb[SHEET]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 5).value == "Bidang")
    ws.cell(row, HEADER.index("Sasaran") + 1).value = "Pejabat/Unit Penguasa Informasi"
    wb.save(empty_xlsx)
    _settings(empty_xlsx, berkas_impor=str(source), pengguna_aktif=PETUGAS)
    _, alerts = _run(empty_xlsx)
    data = read_workbook(empty_xlsx)
    item = dict(zip(data.register.labels, data.register.rows[0][1]))
    assert item["Pejabat/Unit Penguasa Informasi"] == "Umum"
    assert f"pemetaan mengikuti sheet '{SHEET}'" in alerts[-1][1]


def test_macro_proposes_a_mapping_to_check_before_importing_an_unsure_list(empty_xlsx, tmp_path):
    from ppid_dokumentasi.importer.mapping_sheet import HEADER, SHEET
    from test_import_layouts import write_csv

    source = write_csv(tmp_path / "dik_tanpa_judul.csv", [
        ["1", "Data pribadi pegawai negeri", "Pasal 17 huruf h angka 1 UU 14/2008", "Bagian Umum"],
        ["2", "Nota dinas rapat pimpinan", "Pasal 17 huruf i UU 14/2008", "Sekretariat"]])
    _settings(empty_xlsx, berkas_impor=str(source), pengguna_aktif=PETUGAS)
    actions, alerts = _run(empty_xlsx)
    assert "Belum ada item yang diimpor" in alerts[-1][1] and "tanpa baris judul kolom" in alerts[-1][1]
    assert read_workbook(empty_xlsx).register.rows == []
    from openpyxl import load_workbook

    ws = load_workbook(empty_xlsx)[SHEET]
    assert [c.value for c in ws[1]][:len(HEADER)] == HEADER
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 5).value == "Kolom 4")
    assert ws.cell(row, HEADER.index("Sasaran") + 1).value == "(simpan di Catatan Impor)"
    # the officer checks it (here: accepts it as proposed) and clicks again: the import follows the sheet
    _, alerts = _run(empty_xlsx)
    assert "2 item diimpor" in alerts[-1][1] and "pemetaan mengikuti sheet" in alerts[-1][1]
    assert len(read_workbook(empty_xlsx).register.rows) == 2
