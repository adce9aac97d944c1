"""Import of lists from other offices: each failure kind seen on real lists, on a table built here.

None of these tables is copied from a real list; each reproduces one kind of layout or wording.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import TODAY
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.errors import ImportSourceError
from ppid_dokumentasi.cli_import import import_into_register
from ppid_dokumentasi.importer import import_report, plan_source
from ppid_dokumentasi.sample import sample_rows

BASIS = "Pasal 17 huruf h angka 1 UU Nomor 14 Tahun 2008"
PETUGAS = "Nama Kasubag Tata Usaha (contoh)"  # a registered user (Pengguna table) of SOP step 1


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def targets(plan) -> dict[str, str | None]:
    return {c.label: (c.target.nama if c.target else None) for c in plan.columns}


def imported_rows(register: Path) -> list[dict]:
    data = read_workbook(register)
    return [dict(zip(data.register.labels, values)) for _, values in data.register.rows]


def test_category_header_over_titles_is_the_title_not_the_classification(tmp_path):
    source = write_csv(tmp_path / "dik_dinas.csv", [
        ["No", "Jenis Klasifikasi Informasi yang Dikecualikan", "Dasar Hukum", "Jangka Waktu"],
        ["1", "Data pribadi pegawai", BASIS, "Tidak terbatas"],
        ["2", "Dokumen hasil evaluasi jabatan", "Pasal 17 huruf h angka 2 UU 14/2008", "5 tahun"],
        ["3", "Berkas pengadaan tanah", "Pasal 17 huruf b UU 14/2008", "Sampai proses selesai"],
    ])
    plan = plan_source(source)
    column = next(c for c in plan.columns if c.index == 1)
    assert column.target.nama == "Judul Informasi" and column.how == "isi kolom"
    assert "Klasifikasi" in column.note  # the header's hint was weighed and not obeyed
    assert [r.values["judul"] for r in plan.records] == ["Data pribadi pegawai", "Dokumen hasil evaluasi jabatan",
                                                          "Berkas pengadaan tanah"]
    assert {r.values["klasifikasi"] for r in plan.records} == {"Dikecualikan"}


def test_legal_basis_under_any_header_is_recognised_by_its_content(tmp_path):
    source = write_csv(tmp_path / "informasi_dikecualikan.csv", [
        ["No", "Informasi", "Alasan Pengecualian", "Pejabat"],
        ["1", "Data pribadi pegawai", "Pasal 17 huruf h angka 1 UU 14 Tahun 2008", "Bagian Umum"],
        ["2", "Rencana pengadaan", "sesuai Pasal 17 huruf b", "Bagian Umum"],
        ["3", "Nota dinas internal", "Pasal 17 huruf i Undang-Undang Nomor 14 Tahun 2008", "Sekretariat"],
    ])
    plan = plan_source(source)
    assert targets(plan)["Alasan Pengecualian"] == "Dasar Pengecualian"
    column = next(c for c in plan.columns if c.label == "Alasan Pengecualian")
    assert column.confidence >= 0.6 and "rujukan peraturan" in column.reason
    assert [r.values.get("dasar_pengecualian") for r in plan.records] == [
        "Pasal 17 huruf h angka 1", "Pasal 17 huruf b", "Pasal 17 huruf i"]


def test_retention_period_in_a_public_list_does_not_make_items_exempt(tmp_path):
    source = write_csv(tmp_path / "dip setiap saat 2024.csv", [
        ["No", "Judul Informasi", "Ringkasan", "Pejabat", "Penanggung Jawab", "Jangka Waktu"],
        ["1", "Daftar aset", "Aset kantor", "Umum", "Kabag", "5 (lima) tahun"],
        ["2", "Surat keputusan", "SK kepala", "Umum", "Kabag", "Selama berlaku"],
        ["3", "Peraturan daerah", "Perda", "Hukum", "Kabag", "lima tahun"],
    ])
    plan = plan_source(source)
    assert plan.classification == "Setiap Saat"
    assert targets(plan)["Jangka Waktu"] == "Retensi"
    assert {r.values["klasifikasi"] for r in plan.records} == {"Setiap Saat"}
    assert [r.values.get("retensi_aktif") for r in plan.records] == [5, None, 5]
    assert any("Jangka Waktu" in w and "retensi" in w for w in plan.warnings)
    # the same column in a list named as a DIK stays an exemption period
    dik = write_csv(tmp_path / "dik.csv", [["No", "Judul Informasi", "Dasar Hukum", "Jangka Waktu"],
                                          ["1", "Data pegawai", BASIS, "5 (lima) tahun"]])
    record = plan_source(dik).records[0]
    assert record.values["klasifikasi"] == "Dikecualikan" and "berakhir" not in record.values
    assert any("Jangka Waktu (asli): 5 (lima) tahun" in n and "tanpa tanggal mulai" in n for n in record.notes)


def test_dik_columns_against_a_public_file_name_are_reported_not_obeyed(tmp_path):
    source = write_csv(tmp_path / "daftar informasi berkala.csv", [
        ["No", "Judul Informasi", "Ringkasan", "Dibuka", "Ditutup"],
        ["1", "Laporan kinerja", "Capaian", "-", "-"],
    ])
    plan = plan_source(source)
    assert plan.classification == "Berkala" and plan.records[0].values["klasifikasi"] == "Berkala"
    assert any("Dibuka" in w and "bukan kolom ini" in w for w in plan.warnings)


def test_two_level_header_in_csv(tmp_path):
    source = write_csv(tmp_path / "dik_dua_tingkat.csv", [
        ["No", "Informasi", "Dasar Hukum", "Alasan Dikecualikan", "", "Jangka Waktu"],
        ["", "", "", "Dibuka", "Ditutup", ""],
        ["1", "Data gaji pegawai", BASIS, "Privasi terganggu", "Melindungi pegawai", "Tidak terbatas"],
        ["2", "Hasil audit internal", "Pasal 17 huruf b UU 14/2008", "Proses terganggu", "Menjaga proses", "2 tahun"],
    ])
    plan = plan_source(source)
    assert [c.label for c in plan.columns][3:5] == ["Alasan Dikecualikan: Dibuka", "Alasan Dikecualikan: Ditutup"]
    assert targets(plan)["Alasan Dikecualikan: Dibuka"] == "Konsekuensi Jika Dibuka"
    assert targets(plan)["Alasan Dikecualikan: Ditutup"] == "Pertimbangan Kepentingan Publik"
    assert [r.row for r in plan.records] == [3, 4]
    assert plan.records[0].values["konsekuensi"] == "Privasi terganggu"
    assert plan.records[1].values["pertimbangan"] == "Menjaga proses"
    assert [s.kind for s in plan.skipped] == ["judul kolom bertingkat"]


def test_two_level_header_as_merged_cells_in_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "DIK 2025"
    ws.append(["DAFTAR INFORMASI YANG DIKECUALIKAN"])
    ws.append(["No", "Informasi", "Dasar Hukum", "Konsekuensi", None, "Format Informasi", None])
    ws.append([None, None, None, "Dibuka", "Ditutup", "Cetak", "Online"])
    ws.append(["1", "Data gaji pegawai", BASIS, "Privasi terganggu", "Melindungi pegawai", "√", "-"])
    for area in ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:G2"):
        ws.merge_cells(area)
    wb.save(tmp_path / "daftar.xlsx")
    plan = plan_source(tmp_path / "daftar.xlsx")
    assert [c.label for c in plan.columns] == ["No", "Informasi", "Dasar Hukum", "Konsekuensi: Dibuka",
                                               "Konsekuensi: Ditutup", "Format Informasi: Cetak",
                                               "Format Informasi: Online"]
    record = plan.records[0]
    assert record.row == 4 and record.values["konsekuensi"] == "Privasi terganggu"
    assert record.values["pertimbangan"] == "Melindungi pegawai" and record.values["bentuk"] == "Hardcopy"
    assert record.values["klasifikasi"] == "Dikecualikan"  # from the sheet's own name


def test_several_angka_after_one_pasal_are_all_kept(tmp_path):
    source = write_csv(tmp_path / "dik.csv", [
        ["No", "Informasi", "Dasar Hukum"],
        ["1", "Rekam medis pegawai", "Pasal 17 huruf h angka 1, angka 3, dan angka 5 UU 14/2008"],
    ])
    record = plan_source(source).records[0]
    assert record.values["dasar_pengecualian"] == (
        "Pasal 17 huruf h angka 1; Pasal 17 huruf h angka 3; Pasal 17 huruf h angka 5")


def test_list_without_header_row_keeps_its_first_record(tmp_path):
    source = write_csv(tmp_path / "dik_tanpa_judul.csv", [
        ["1", "Data pribadi pegawai negeri", BASIS, "2 tahun"],
        ["2", "Berkas hasil seleksi jabatan", "Pasal 17 huruf h angka 2 UU 14/2008", "5 tahun"],
        ["3", "Nota dinas rapat pimpinan", "Pasal 17 huruf i UU 14/2008", "Tidak terbatas"],
    ])
    plan = plan_source(source)
    assert plan.table.headerless and [r.row for r in plan.records] == [1, 2, 3]
    assert targets(plan) == {"Kolom 1": "Nomor", "Kolom 2": "Judul Informasi", "Kolom 3": "Dasar Pengecualian",
                             "Kolom 4": "Jangka Waktu Pengecualian"}
    assert plan.records[0].values["judul"] == "Data pribadi pegawai negeri"
    assert any("tidak memiliki baris judul kolom" in w for w in plan.warnings)


def test_group_heading_ends_at_next_numbered_group_and_page_breaks_continue_records(tmp_path):
    source = write_csv(tmp_path / "dip berkala.csv", [
        ["No", "Judul Informasi", "Ringkasan", "Pejabat", "Penanggung Jawab"],
        ["1", "Informasi tentang profil", "", "", ""],
        ["a.", "Visi dan misi", "Visi misi kantor", "Umum", "Kabag Umum"],
        ["b.", "Struktur organisasi dan", "Bagan organisasi", "Umum", "Kabag Umum"],
        ["", "tata kerja", "", "", ""],
        ["2", "Laporan keuangan tahunan", "Neraca dan", "Keuangan", "Kabag Keuangan"],
        ["", "", "catatan atas laporan keuangan", "", ""],
        ["3", "Rencana strategis", "Renstra", "Perencanaan", "Kabag Perencanaan"],
    ])
    plan = plan_source(source)
    assert [r.row for r in plan.records] == [3, 4, 6, 8]
    assert [s.row for s in plan.skipped] == [2]
    by_row = {r.row: r for r in plan.records}
    assert by_row[4].values["judul"] == "Struktur organisasi dan\ntata kerja"
    assert by_row[6].values["ringkasan"] == "Neraca dan\ncatatan atas laporan keuangan"
    assert any("Lanjutan di baris 5" in n for n in by_row[4].notes)
    assert any(n.startswith("Bagian: 1 Informasi tentang profil") for n in by_row[3].notes)
    assert not any(n.startswith("Bagian:") for n in by_row[6].notes + by_row[8].notes)


@pytest.mark.parametrize("text,years", [("5 (lima) tahun", 5), ("lima tahun", 5), ("dua puluh tahun", 20),
                                        ("10 (sepuluh) Tahun", 10)])
def test_retention_in_number_words(tmp_path, text, years):
    source = write_csv(tmp_path / "dip_berkala.csv", [["No", "Judul Informasi", "Retensi Arsip"],
                                                     ["1", "Laporan", text]])
    assert plan_source(source).records[0].values["retensi_aktif"] == years


# -- Not a list: refused, nothing written ------------------------------------------------------
def _register_file(path: Path) -> Path:
    return build_workbook(path, sample_rows())


def _register_csv(path: Path) -> Path:
    return write_csv(path, [["ID Informasi", "Judul Informasi", "Klasifikasi", "Langkah", "Catatan Impor"],
                            ["IMP-0001", "Data", "Berkala", "1", ""]])


def _panduan_csv(path: Path) -> Path:
    return write_csv(path, [["PANDUAN PENGGUNAAN REGISTER PENDOKUMENTASIAN INFORMASI"], ["Versi templat 1"],
                            ["Tentang workbook ini"]])


def _no_titles(path: Path) -> Path:
    return write_csv(path, [["No", "Tanggal", "Jumlah"], ["1", "2024-01-02", "5"], ["2", "2024-02-03", "7"]])


def _panduan_part(path: Path) -> Path:  # copied from the middle of the sheet, without its title
    return write_csv(path, [["Sheet", ""], ["Panduan: petunjuk ini.", ""], ["Mengisi Register", ""],
                            ["1. Isi satu baris per informasi mulai baris 5.", ""]])


NOT_A_LIST = [("register.xlsx", _register_file, "workbook register ppid-dokumentasi"),
              ("bagian-panduan.csv", _panduan_part, "sheet Panduan"),
              ("register.csv", _register_csv, "berisi sheet Register"),
              ("panduan.csv", _panduan_csv, "sheet Panduan"),
              ("angka.csv", _no_titles, "tidak tampak seperti daftar informasi")]


@pytest.mark.parametrize("name,make,words", NOT_A_LIST, ids=[n[0] for n in NOT_A_LIST])
def test_what_is_not_a_list_is_refused_and_nothing_written(tmp_path, empty_xlsx, name, make, words):
    folder = tmp_path / "sumber"
    folder.mkdir()
    source = make(folder / name)
    before = empty_xlsx.read_bytes()
    with pytest.raises(ImportSourceError) as caught:
        import_into_register([source], empty_xlsx, petugas=PETUGAS, today=TODAY)
    assert words in caught.value.message and name in caught.value.message
    assert empty_xlsx.read_bytes() == before


def test_csv_title_line_above_the_header_and_unnumbered_full_rows(tmp_path):
    source = write_csv(tmp_path / "dip berkala.csv", [
        ["DAFTAR INFORMASI PUBLIK TAHUN 2025", "", "", "", ""],
        ["No", "Judul Informasi", "Ringkasan", "Pejabat", "Penanggung Jawab"],
        ["1", "Informasi tentang profil", "", "", ""],
        ["1", "Visi dan misi", "Visi misi kantor", "Umum", "Kabag Umum"],
        ["", "Struktur organisasi", "Bagan organisasi", "Umum", "Kabag Umum"],  # a record without a number
        ["2", "Tugas dan fungsi", "Tugas kantor", "Umum", "Kabag Umum"],
    ])
    plan = plan_source(source)
    assert plan.table.header_row == 2 and [(s.row, s.kind) for s in plan.skipped] == [(1, "judul tabel"),
                                                                                     (3, "judul bagian")]
    assert [r.row for r in plan.records] == [4, 5, 6]
    # records numbered like their heading (1, 2 under "1") keep it: the group did not end
    assert all(any(n.startswith("Bagian: 1 Informasi tentang profil") for n in r.notes) for r in plan.records)


def test_titles_with_years_are_titles_and_a_repeated_unit_is_not(tmp_path):
    source = write_csv(tmp_path / "daftar_dik.csv", [
        ["1", "Bagian Umum", "Laporan keuangan 2023", "Pasal 17 huruf h angka 1 UU 14/2008"],
        ["2", "Bagian Umum", "Laporan audit internal 2024", "Pasal 17 huruf b UU 14/2008"],
        ["3", "Bagian Umum", "Rencana anggaran 2025", "Pasal 17 huruf i UU 14/2008"],
    ])
    plan = plan_source(source)
    assert targets(plan)["Kolom 3"] == "Judul Informasi" and targets(plan)["Kolom 2"] is None
    assert targets(plan)["Kolom 4"] == "Dasar Pengecualian"


def test_report_groups_problems_by_kind_and_suggests_the_mapping_fix_first(tmp_path):
    rows = [["No", "Informasi", "Dasar Hukum", "Bidang Pengelola"]]
    rows += [[str(i), f"Berkas kepegawaian nomor {i}", "Pasal 17 huruf h angka 1 UU 14/2008", "Bagian Kepegawaian"]
             for i in range(1, 13)]
    source = write_csv(tmp_path / "dik_bidang.csv", rows)
    result = import_into_register([source], tmp_path / "r.xlsx", petugas=PETUGAS, today=TODAY)
    text = import_report(result)
    lines = text.splitlines()
    assert len(lines) < 45  # 12 items with many problems each: kinds, not one line per item and problem
    hint = next(i for i, line in enumerate(lines) if line.startswith("Periksa pemetaan kolom lebih dulu"))
    first_group = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    assert hint < first_group
    assert ("'Pejabat/Unit Penguasa Informasi' kosong pada 12 item dari dik_bidang.csv, padahal kolom sumber "
            "'Bidang Pengelola' (tidak dipetakan) berisi nilai pada 12 item itu") in text
    assert "Tidak dipetakan - Bidang Pengelola: Bagian Kepegawaian" in text
    kind = next(line for line in lines if "'Pejabat/Unit Penguasa Informasi' belum diisi" in line)
    assert "12 item, mis. baris 5 IMP-0001" in kind and kind.endswith("dan 9 item lain")


def test_a_classification_column_in_words_is_followed_per_item(tmp_path):
    source = write_csv(tmp_path / "daftar informasi.csv", [
        ["No", "Judul Informasi", "Pejabat", "Klasifikasi Informasi"],
        ["1", "Laporan kinerja", "Umum", "Informasi Berkala"],
        ["2", "Peringatan dini bencana", "BPBD", "Informasi Serta Merta"],
        ["3", "Data pegawai", "Kepegawaian", "DIK"],
    ])
    plan = plan_source(source)
    assert targets(plan)["Klasifikasi Informasi"] == "Klasifikasi"
    assert [r.values["klasifikasi"] for r in plan.records] == ["Berkala", "Serta Merta", "Dikecualikan"]


def test_header_found_below_title_lines_that_fill_several_cells(tmp_path):
    source = write_csv(tmp_path / "dik keputusan.csv", [
        ["LAMPIRAN KEPUTUSAN PPID", "", "", ""],
        ["Nomor: 12/2024", "Tanggal: 2 Januari 2024", "", ""],
        ["No", "Informasi yang Dikecualikan", "Dasar Hukum", "Waktu dan Tempat Pembuatan"],
        ["1", "Data pribadi pegawai", BASIS, "2024, Bandung"],
    ])
    plan = plan_source(source)
    assert plan.table.header_row == 3 and [s.row for s in plan.skipped if s.kind == "judul tabel"] == [1, 2]
    record = plan.records[0]
    assert record.row == 4 and record.values["judul"] == "Data pribadi pegawai"
    assert record.values["tempat_pembuatan"] == "Bandung"  # time written first, place last


def test_a_category_column_under_a_title_header_is_the_classification(tmp_path):
    source = write_csv(tmp_path / "daftar.csv", [
        ["No", "Jenis Informasi", "Uraian", "Pejabat"],
        ["1", "Berkala", "Laporan keuangan tahunan", "Keuangan"],
        ["2", "Setiap Saat", "Daftar peraturan daerah", "Hukum"],
        ["3", "Serta Merta", "Peringatan dini banjir", "BPBD"],
    ])
    plan = plan_source(source)
    assert targets(plan)["Jenis Informasi"] == "Klasifikasi" and targets(plan)["Uraian"] == "Ringkasan Isi Informasi"
    assert [r.values["klasifikasi"] for r in plan.records] == ["Berkala", "Setiap Saat", "Serta Merta"]
    assert plan.records[0].values["judul"] == "Laporan keuangan tahunan"  # copied from the summary


def test_a_dip_named_file_without_a_class_is_not_made_exempt_by_its_columns(tmp_path):
    source = write_csv(tmp_path / "DIP-2024.csv", [
        ["No", "Judul Informasi", "Pejabat", "Jangka Waktu"],
        ["1", "Laporan kinerja", "Umum", "5 tahun"],
    ])
    plan = plan_source(source)
    assert plan.classification is None and targets(plan)["Jangka Waktu"] == "Retensi"
    assert "klasifikasi" not in plan.records[0].values  # left for a person, never made Dikecualikan


def test_legal_basis_split_over_two_columns_is_read_together(tmp_path):
    source = write_csv(tmp_path / "dik.csv", [
        ["No", "Informasi", "Dasar Hukum", "Pasal"],
        ["1", "Data pribadi pegawai", "UU Nomor 14 Tahun 2008", "Pasal 17 huruf h angka 2"],
        ["2", "Nota dinas pimpinan", "UU Nomor 14 Tahun 2008", "Pasal 17 huruf i"],
    ])
    plan = plan_source(source)
    assert targets(plan)["Pasal"] == targets(plan)["Dasar Hukum"] == "Dasar Pengecualian"
    assert [r.values["dasar_pengecualian"] for r in plan.records] == ["Pasal 17 huruf h angka 2", "Pasal 17 huruf i"]
    assert any("Dasar Hukum + Pasal (asli): UU Nomor 14 Tahun 2008\nPasal 17 huruf h angka 2" in n
               for n in plan.records[0].notes)
