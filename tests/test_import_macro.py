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
    assert "5 item diimpor" in message and "dilewati baris 2 (judul bagian)" in message
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
