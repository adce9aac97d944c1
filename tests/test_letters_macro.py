"""The 'Buat Surat' macro through xlwings' remote engine (as in xlwings Lite/Server): selected rows ->
letters in Pengaturan folder_surat, numbers in Daftar Surat / Nomor Surat / Riwayat, bulk writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros.surat as ms  # noqa: E402
from macros.common import MACROS, plain  # noqa: E402
from ppid_dokumentasi import letters  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.audit import verify_chain  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402

PETUGAS = "Nama Kasubag Tata Usaha (contoh)"


@pytest.fixture
def book(tmp_path) -> Path:
    path = build_workbook(tmp_path / "register.xlsx", sample_rows())
    with WorkbookEditor(path) as editor:
        editor.set_setting("pengguna_aktif", PETUGAS)
        editor.set_setting("folder_surat", str(tmp_path / "surat"))
    return path


def excel_row(path: Path, id_informasi: str) -> int:
    return read_workbook(path).register.find(id_informasi)[0]


def run(path: Path, selection: str):
    remote = remote_book(path, selection=selection)
    plain(ms.buat_surat)(remote)
    actions = remote.json()["actions"]
    return actions, apply_actions(path, actions)


def test_macro_writes_letters_for_selected_rows_and_records_them_in_bulk(book, tmp_path):
    rows = {i: excel_row(book, i) for i in ("PKR-2025-006", "PKR-2025-007", "PKR-2025-009")}
    selection = ",".join(f"$B${r}" for r in rows.values())
    actions, alerts = run(book, selection)
    assert MACROS["buat_surat"] is plain(ms.buat_surat)
    out = tmp_path / "surat"
    data = read_workbook(book)
    year = int(data.letters[0][0])  # this year (WIB)
    # Each kind its own pattern and series (Pengaturan pola_nomor_/seri_nomor_<jenis>): the Lembar is numbered
    # in the 'uji' series of its test's year (PKR-2025-009 tested 2025-04-15), the others share 'umum'.
    assert sorted(p.name for p in out.iterdir()) == [
        f"berita-acara_PKR-2025-007_2-{year}.docx", f"nota-dinas-koordinasi_PKR-2025-006_1-{year}.docx",
        "uji-konsekuensi_PKR-2025-009_1-2025.docx"]
    assert [r[2:6] for r in data.letters] == [
        [1, f"500.12.12/1/PPIDP.Pemkesra/{year}", "Nota Dinas Koordinasi", "PKR-2025-006"],
        [1, "500.12.12/1/PPIDP.Pemkesra/2025", "Lembar Uji Konsekuensi", "PKR-2025-009"],
        [2, f"000.5.3/2/PPIDP.Pemkesra/{year}", "Berita Acara Penyimpanan Arsip", "PKR-2025-007"]]
    assert data.register.find("PKR-2025-009")[1]["Nomor Surat"] == "500.12.12/1/PPIDP.Pemkesra/2025"
    assert [(r[2], r[5], r[6], r[7]) for r in data.riwayat] == [
        ("PKR-2025-006", "surat", "Petugas", PETUGAS), ("PKR-2025-009", "surat", "Petugas", PETUGAS),
        ("PKR-2025-007", "surat", "Petugas", PETUGAS)]
    assert verify_chain(data.riwayat) == []
    writes = [a for a in actions if a["func"] == "setValues"]
    sheets = [a["sheet_position"] for a in writes]
    # one write each: Daftar Surat rows, Register 'Nomor Surat' column, Riwayat rows, Pengaturan anchor
    assert len(writes) == 4 and len(set(sheets)) == 4
    assert alerts[-1][1].startswith(f"3 surat dibuat di folder {out}:")
    assert letters.letters_for_item(out, "PKR-2025-009")[0].name.startswith("uji-konsekuensi_PKR-2025-009_1-")


def test_macro_with_a_chosen_kind_and_a_refused_row_changes_nothing(book, tmp_path):
    with WorkbookEditor(book) as editor:
        editor.set_setting("jenis_surat", "keputusan")
    before = read_workbook(book)
    actions, alerts = run(book, f"$A${excel_row(book, 'PKR-2025-001')}")
    assert [a["func"] for a in actions] == ["alert"]
    assert alerts[0][1] == ("Keputusan tentang Penetapan Informasi yang Dikecualikan tidak dapat dibuat untuk: "
                            "PKR-2025-001 berklasifikasi 'Berkala', bukan Dikecualikan.")
    assert not (tmp_path / "surat").exists()
    assert read_workbook(book).letters == before.letters


def test_macro_needs_a_full_folder_path_when_the_book_is_not_on_disk(book):
    with WorkbookEditor(book) as editor:
        editor.set_setting("folder_surat", "surat")
    actions, alerts = run(book, f"$A${excel_row(book, 'PKR-2025-006')}")
    assert [a["func"] for a in actions] == ["alert"]
    assert "Pengaturan 'folder_surat' berisi path relatif 'surat', tetapi workbook tidak tersimpan di disk" in alerts[0][1]


def test_otomatis_refuses_rows_without_a_letter_and_names_them(book):
    actions, alerts = run(book, f"$A${excel_row(book, 'PKR-2025-004')}")
    assert [a["func"] for a in actions] == ["alert"]
    assert alerts[0][1].startswith("Tidak ada surat otomatis untuk: PKR-2025-004 (Langkah 4, Setiap Saat).")
