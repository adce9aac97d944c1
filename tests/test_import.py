"""``ppid impor``: real registers in, nothing lost, duplicates refused, malformed sources refused.

The real registers are copies in tests/data/real-registers (public data; SOURCES.md beside them).
Everything else is generated here. The workbook is read back with python-calamine.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import TODAY, run_ppid
from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.errors import ImportSourceError
from ppid_dokumentasi.cli_import import import_into_register, trial
from ppid_dokumentasi.importer import Mapping, import_report, plan_source, prepare, trial_text
from ppid_dokumentasi.register import RegisterRow

DATA = Path(__file__).parent / "data" / "real-registers"
REAL = sorted(DATA.glob("*.csv"))
# Records per file (SOURCES.md): group headings and spacers are not records.
RECORDS = {
    "dik_bakamla_2025.csv": 14, "dik_isbi_tanah_papua.csv": 3, "dik_karanganyar_disdagnakerkopukm.csv": 5,
    "dik_poltekkes_kemenkes_jakarta3.csv": 25, "dip_bakamla_berkala_2025.csv": 18,
    "dip_bakamla_serta_merta_2025.csv": 4, "dip_bakamla_setiap_saat_2025.csv": 16,
    "dip_pemprov_jabar_2023.csv": 17, "fragment_dik_bantul_uji_konsekuensi_2021.csv": 1,
    "fragment_dik_banyumas_2025.csv": 1,
}
HEADINGS = {
    "dik_karanganyar_disdagnakerkopukm.csv": [2, 5, 7, 9],
    "dip_pemprov_jabar_2023.csv": [2, 3, 8, 12, 17, 20, 22],
    "fragment_dik_bantul_uji_konsekuensi_2021.csv": [2],
}
SPACERS = {"dip_pemprov_jabar_2023.csv": [19]}
PETUGAS = "Nama Kasubag Tata Usaha (contoh)"  # a registered user (Pengguna table) of SOP step 1


def source_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], list(enumerate(rows[1:], start=2))


def register_rows(path: Path) -> list[dict[str, object]]:
    data = read_workbook(path)
    return [dict(zip(data.register.labels, values), _row=row) for row, values in data.register.rows]


def row_text(row: dict) -> str:
    return "\n".join(str(v) for k, v in row.items() if k != "_row" and v not in (None, ""))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every real register imported into one new workbook (done once for the module)."""
    folder = tmp_path_factory.mktemp("impor")
    result = import_into_register(REAL, folder / "register.xlsx", petugas=PETUGAS, today=TODAY)
    return result, register_rows(folder / "register.xlsx")


def _by_origin(rows: list[dict]) -> dict[tuple[str, int], dict]:
    found = {}
    for row in rows:
        first = str(row["Catatan Impor"]).splitlines()[0]
        name, _, rest = first.removeprefix("Asal: ").partition(", baris ")
        found[(name, int(rest.split(",")[0]))] = row
    return found


# -- Every real register -----------------------------------------------------------------------
def test_every_real_register_imports_one_item_per_record(imported):
    result, rows = imported
    assert {p.table.name: len(p.records) for p in result.plans} == RECORDS
    assert len(rows) == sum(RECORDS.values()) == len(result.prepared.items)
    origins = _by_origin(rows)
    for path in REAL:
        _, source = source_rows(path)
        skipped = set(HEADINGS.get(path.name, [])) | set(SPACERS.get(path.name, []))
        imported_rows = sorted(n for (name, n) in origins if name == path.name)
        assert imported_rows == [n for n, _ in source if n not in skipped]
    plans = {p.table.name: p for p in result.plans}
    for name, rows_ in HEADINGS.items():
        assert [s.row for s in plans[name].skipped if s.kind == "judul bagian"] == rows_
    assert [s.row for s in plans["dip_pemprov_jabar_2023.csv"].skipped if s.kind == "baris kosong"] == [19]


def test_every_source_cell_text_is_still_in_the_workbook(imported):
    """Cell by cell: the exact source text is in the item of its own row (mapped column or Catatan Impor)."""
    _, rows = imported
    origins = _by_origin(rows)
    checked = 0
    for path in REAL:
        header, source = source_rows(path)
        headings = set(HEADINGS.get(path.name, []))
        for number, cells in source:
            for column, text in enumerate(cells):
                if not text.replace("\u00a0", " ").strip():
                    continue  # only spaces/NBSP: nothing to keep
                if number in headings:  # a heading's text travels with the items below it
                    assert any(text.strip() in str(r["Catatan Impor"]) for (n, _), r in origins.items()
                               if n == path.name), (path.name, number, text)
                else:
                    assert text in row_text(origins[(path.name, number)]), (path.name, number, header[column])
                checked += 1
    assert checked > 800


def test_items_start_at_step_one_with_unique_new_ids(imported):
    _, rows = imported
    assert {r["Langkah"] for r in rows} == {1.0}
    assert {r["Status"] for r in rows} == {"Dalam Proses"}
    assert {r["Petugas"] for r in rows} == {PETUGAS}
    ids = [r["ID Informasi"] for r in rows]
    assert len(set(ids)) == len(ids) and ids[0] == "IMP-0001" and ids[-1] == f"IMP-{len(ids):04d}"


def test_classification_from_file_and_section(imported):
    _, rows = imported
    origins = _by_origin(rows)
    for (name, _), row in origins.items():
        if "dik_" in name:
            assert row["Klasifikasi"] == "Dikecualikan", name
    assert {origins[("dip_bakamla_berkala_2025.csv", n)]["Klasifikasi"] for n in range(2, 20)} == {"Berkala"}
    assert origins[("dip_bakamla_serta_merta_2025.csv", 2)]["Klasifikasi"] == "Serta Merta"
    assert origins[("dip_bakamla_setiap_saat_2025.csv", 2)]["Klasifikasi"] == "Setiap Saat"
    jabar = {n: r["Klasifikasi"] for (name, n), r in origins.items() if name == "dip_pemprov_jabar_2023.csv"}
    assert jabar[4] == jabar[18] == "Berkala" and jabar[21] == "Serta Merta" and jabar[23] == "Setiap Saat"
    assert "Bagian: A. INFORMASI WAJIB DIUMUMKAN SECARA BERKALA > 1. Informasi tentang Profil Badan Publik" in str(
        origins[("dip_pemprov_jabar_2023.csv", 4)]["Catatan Impor"])


def test_normalised_values_keep_their_original_beside_them(imported):
    _, rows = imported
    origins = _by_origin(rows)
    bakamla = origins[("dik_bakamla_2025.csv", 8)]
    assert bakamla["Dasar Pengecualian"] == "Pasal 17 huruf h angka 4"
    note = str(bakamla["Catatan Impor"])
    assert "Pejabat/Unit/Satker yang Menguasi Informasi (asli): UU Nomor 14 Tahun 2008" in note
    assert bakamla["Bentuk Informasi"] == "Softfile dan Hardcopy" and "Cetak = √" in note
    assert bakamla["Tempat Pembuatan"] == "Jakarta" and bakamla["Waktu Pembuatan"] in (None, "")
    assert "'2025' bukan tanggal lengkap [PERIKSA]" in note
    assert "Selama Berlaku" in note and bakamla["Retensi Aktif (Tahun)"] in (None, "")  # ambiguous: left empty
    row12 = origins[("dik_bakamla_2025.csv", 13)]
    assert row12["Dasar Pengecualian"] == "Pasal 17 huruf i; Pasal 17 huruf j"
    assert row12["Undang-Undang Lain"] == "Undang-Undang Nomor 43 Tahun 2009"  # named by the source; only a UU
    assert "Huruf j: Undang-Undang Lain diisi 'Undang-Undang Nomor 43 Tahun 2009'" in str(row12["Catatan Impor"])
    five_years = origins[("dip_bakamla_setiap_saat_2025.csv", 9)]
    assert five_years["Retensi Aktif (Tahun)"] == 5.0 and "(asli): 5 tahun" in str(five_years["Catatan Impor"])
    unlimited = origins[("dip_bakamla_berkala_2025.csv", 2)]
    assert unlimited["Keterangan Retensi"] == "Permanen" and "(asli): Tidak Terbatas" in str(unlimited["Catatan Impor"])
    jabar = origins[("dip_pemprov_jabar_2023.csv", 4)]
    assert jabar["Bentuk Informasi"] == "Softfile dan Hardcopy"
    assert "Tidak dipetakan - Jenis Media Yang Memuat Informasi: Lihat" in str(jabar["Catatan Impor"])
    ambiguous = origins[("dik_poltekkes_kemenkes_jakarta3.csv", 9)]  # bare "Pasal 17"
    assert ambiguous["Dasar Pengecualian"] in (None, "")
    assert "tanpa huruf" in str(ambiguous["Catatan Impor"]) and "[PERIKSA]" in str(ambiguous["Catatan Impor"])
    condition = origins[("dik_poltekkes_kemenkes_jakarta3.csv", 3)]  # "Dibuka setelah ..." is not a harm
    assert condition["Konsekuensi Jika Dibuka"] in (None, "")
    assert "syarat pembukaan" in str(condition["Catatan Impor"])


def test_hasil_validasi_is_written_for_imported_items(imported):
    _, rows = imported
    exempt = [r for r in rows if r["Klasifikasi"] == "Dikecualikan"]
    assert all("Tanggal Uji Konsekuensi" in str(r["Hasil Validasi"]) for r in exempt)


def test_report_groups_what_the_law_cares_about(imported):
    result, _ = imported
    text = import_report(result)
    for heading in ("tanpa dasar Pasal 17", "Belum ada uji konsekuensi", "Tanpa tanggal berakhir pengecualian",
                    "Rujukan peraturan yang dicabut"):
        assert heading in text
    for words in ("UUD Negara RI Tahun 1946", "UU No 43 Tahun 1999", "Peraturan Presiden Nomor 54 Tahun 2010",
                  "Piutang Pegawai", "Pasal 322 UU 8/1981 tidak ada"):
        assert words in text
    assert "dilewati baris 19 (baris kosong/pemisah)" in text
    assert "register masih memuat masalah" in text


# -- CLI ---------------------------------------------------------------------------------------
def test_cli_imports_and_exits_0_even_with_problems(tmp_path):
    register = tmp_path / "r.xlsx"
    done = run_ppid("impor", str(DATA / "fragment_dik_banyumas_2025.csv"), "--ke", str(register), "--petugas", PETUGAS)
    assert done.returncode == 0, done.stderr
    assert "1 item diimpor" in done.stdout and "YANG PERLU DIPERBAIKI" in done.stdout
    assert len(read_workbook(register).register.rows) == 1


def test_cli_trial_run_writes_no_item_only_the_mapping_sheet(tmp_path, empty_xlsx):
    done = run_ppid("impor", str(DATA / "dik_bakamla_2025.csv"), "--ke", str(empty_xlsx), "--coba", "--baris", "2")
    assert done.returncode == 0, done.stderr
    assert "tidak ada item yang ditulis; usulan pemetaan ditulis ke sheet 'Pemetaan Impor'" in done.stdout
    assert "'Pejabat/Unit/Satker yang Menguasi Informasi' -> Dasar Pengecualian (isinya berupa rujukan" in done.stdout
    assert "Baris 2 -> IMP-0001: 'Data Penanganan Jaringan'" in done.stdout and "dan 12 item lain" in done.stdout
    data = read_workbook(empty_xlsx)
    assert data.register.rows == [] and data.riwayat == []
    assert "Pemetaan Impor" in read_all_sheets(empty_xlsx)
    assert run_ppid("impor", str(DATA / "dik_bakamla_2025.csv"), "--coba").returncode == 0  # no register: print only


def test_cli_usage_without_target_exits_2():
    done = run_ppid("impor", str(DATA / "dik_bakamla_2025.csv"))
    assert done.returncode == 2 and "--ke" in done.stderr


# -- Duplicates and IDs ------------------------------------------------------------------------
def test_reimport_reports_duplicates_and_changes_nothing(tmp_path):
    register = tmp_path / "r.xlsx"
    source = DATA / "dik_karanganyar_disdagnakerkopukm.csv"
    import_into_register([source], register, petugas=PETUGAS, today=TODAY)
    before = register.read_bytes()
    again = import_into_register([source], register, petugas=PETUGAS, today=TODAY)
    assert again.prepared.items == [] and len(again.prepared.duplicates) == 5
    text = import_report(again)
    assert "Sudah pernah diimpor (tidak diimpor lagi): 5 baris" in text
    assert "sudah ada di register baris 5 (IMP-0001)" in text
    assert register.read_bytes() == before
    copy = tmp_path / "salinan.csv"  # the same records under another file name are the same records
    shutil.copy(source, copy)
    assert import_into_register([copy], register, petugas=PETUGAS, today=TODAY).prepared.items == []


def test_ids_are_never_reused(tmp_path):
    existing = RegisterRow(id_informasi="IMP-0041", judul="Lama", langkah=1)
    register = build_workbook(tmp_path / "r.xlsx", [existing])
    data = read_workbook(register)
    data.riwayat.append([1, "2026-01-01T00:00:00+07:00", "IMP-0042", None, 1, "Impor", "Petugas", "x", "", "", ""])
    plan = plan_source(DATA / "fragment_dik_banyumas_2025.csv")
    prepared = prepare([plan], data, today=TODAY)
    assert [i.id_informasi for i in prepared.items] == ["IMP-0043"]
    assert prepared.items[0].excel_row == 6


def test_import_records_audit_events(tmp_path):
    register = tmp_path / "r.xlsx"
    import_into_register([DATA / "dik_isbi_tanah_papua.csv"], register, petugas=PETUGAS, today=TODAY)
    riwayat = read_workbook(register).riwayat
    assert [(r[2], r[4], r[5], r[7]) for r in riwayat] == [(f"IMP-000{i}", 1.0, "Impor", PETUGAS) for i in (1, 2, 3)]


# -- Other sources: xlsx, mapping, unknown classification -----------------------------------------
def _xlsx(path: Path, rows: list[list], merge: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def test_xlsx_source_with_title_row(tmp_path):
    source = _xlsx(tmp_path / "daftar informasi berkala.xlsx", [
        ["DAFTAR INFORMASI PUBLIK 2025"],
        ["No", "Judul Informasi", "Ringkasan", "Pejabat yang Menguasai", "Penanggung Jawab", "Waktu Pembuatan",
         "Bentuk Informasi", "Retensi"],
        [1, "Laporan Kinerja", "Capaian kinerja", "Bagian Umum", "Kepala Bagian", dt.datetime(2025, 2, 3),
         "Softfile", "2 tahun"],
    ], merge="A1:H1")
    result = import_into_register([source], tmp_path / "r.xlsx", petugas=PETUGAS, today=TODAY)
    plan = result.plans[0]
    assert plan.table.header_row == 2 and [s.kind for s in plan.skipped] == ["judul tabel"]
    row = register_rows(tmp_path / "r.xlsx")[0]
    assert row["Klasifikasi"] == "Berkala" and row["Bentuk Informasi"] == "Softfile"
    assert row["Waktu Pembuatan"] == dt.date(2025, 2, 3) and row["Retensi Aktif (Tahun)"] == 2.0
    assert "Asal: daftar informasi berkala.xlsx (sheet 'Sheet'), baris 3, No 1" in str(row["Catatan Impor"])


def test_unrecognised_classification_is_left_empty_with_a_note(tmp_path):
    source = tmp_path / "daftar.csv"
    source.write_text("No,Judul Informasi,Ringkasan,Pejabat,Penanggung Jawab\n1,Profil,Profil kantor,Umum,Kabag\n",
                      encoding="utf-8")
    result = import_into_register([source], tmp_path / "r.xlsx", petugas=PETUGAS, today=TODAY)
    row = register_rows(tmp_path / "r.xlsx")[0]
    assert row["Klasifikasi"] in (None, "")
    assert "Klasifikasi dikosongkan" in str(row["Catatan Impor"])
    assert any(p.code == "impor-klasifikasi" for p in result.prepared.problems)


def test_mapping_file_overrides_the_guess(tmp_path):
    mapping = tmp_path / "peta.toml"
    mapping.write_text(
        'klasifikasi = "Dikecualikan"\n[kolom]\n'
        '"Jenis Media Yang Memuat Informasi" = "Keterangan"\n'
        '"Ringkasan Informasi" = ""\n', encoding="utf-8")
    plan = plan_source(DATA / "dip_pemprov_jabar_2023.csv", Mapping.load(mapping))
    by_header = {c.header: (c.target.nama if c.target else None, c.how) for c in plan.columns}
    assert by_header["Jenis Media Yang Memuat Informasi"] == ("Keterangan", "pemetaan")
    assert by_header["Ringkasan Informasi"] == (None, "tidak dipetakan")
    record = plan.records[0]
    assert record.values["keterangan"] == "Lihat" and record.values["klasifikasi"] == "Dikecualikan"
    assert any(line.startswith("Tidak dipetakan - Ringkasan Informasi: Berisi tentang") for line in record.notes)


def test_bad_mapping_file_is_refused(tmp_path, empty_xlsx):
    mapping = tmp_path / "peta.toml"
    mapping.write_text('[kolom]\n"No." = "Nomor Telepon"\n', encoding="utf-8")
    before = empty_xlsx.read_bytes()
    done = run_ppid("impor", str(DATA / "dik_bakamla_2025.csv"), "--ke", str(empty_xlsx), "--pemetaan", str(mapping),
                    "--petugas", PETUGAS)
    assert done.returncode == 2
    assert "sasaran 'Nomor Telepon' untuk kolom 'No.' tidak dikenal" in done.stderr
    assert empty_xlsx.read_bytes() == before


# -- Malformed sources: a clear message, nothing written ---------------------------------------
def _latin1(path: Path) -> Path:
    path.write_bytes("No,Informasi\n1,Data pegawai\n2,Rapat koordinasi caf\xe9\n".encode("latin-1"))
    return path


def _ragged(path: Path) -> Path:
    path.write_text("No,Informasi,Dasar Hukum\n1,Data pegawai,Pasal 17 huruf h angka 1\n2,Rapat\n", encoding="utf-8")
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


MALFORMED = [
    ("latin1.csv", _latin1, "bukan teks UTF-8 (baris teks 3"),
    ("tidak-rata.csv", _ragged, "baris 3: ada 2 sel, padahal judul kolom ada 3"),
    ("kosong.csv", _empty, "kosong"),
]


@pytest.mark.parametrize("name,make,words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_source_changes_nothing(tmp_path, sample_xlsx, name, make, words):
    source = make(tmp_path / name)
    before = sample_xlsx.read_bytes()
    with pytest.raises(ImportSourceError) as caught:
        import_into_register([DATA / "fragment_dik_banyumas_2025.csv", source], sample_xlsx, petugas=PETUGAS,
                             today=TODAY)
    assert words in caught.value.message and name in caught.value.message
    assert sample_xlsx.read_bytes() == before
    new = tmp_path / "baru.xlsx"
    with pytest.raises(ImportSourceError):
        import_into_register([source], new, petugas=PETUGAS, today=TODAY)
    assert not new.exists() and not list(tmp_path.glob(".baru*"))


def test_malformed_source_via_cli_exits_2(tmp_path, sample_xlsx):
    source = _ragged(tmp_path / "tidak-rata.csv")
    before = sample_xlsx.read_bytes()
    done = run_ppid("impor", str(source), "--ke", str(sample_xlsx), "--petugas", PETUGAS)
    assert done.returncode == 2
    assert done.stderr.startswith("Galat: Berkas 'tidak-rata.csv' baris 3") and "Traceback" not in done.stderr
    assert sample_xlsx.read_bytes() == before


def test_header_only_and_unknown_format_are_refused(tmp_path):
    only_header = tmp_path / "judul.csv"
    only_header.write_text("No,Informasi\n", encoding="utf-8")
    with pytest.raises(ImportSourceError, match="hanya berisi judul kolom"):
        plan_source(only_header)
    word = tmp_path / "daftar.docx"
    word.write_bytes(b"PK")
    with pytest.raises(ImportSourceError, match="bukan .csv atau .xlsx"):
        plan_source(word)


def test_trial_text_lists_mapping_without_register(tmp_path):
    text = trial_text(trial([DATA / "dip_pemprov_jabar_2023.csv"]), rows=1)
    assert "'Jangka Waktu Penyimpanana' -> Retensi (tebakan dari judul kolom dan isi" in text
    assert "'Waktu Pembuatan/ Penerbitan Informasi' -> Waktu Pembuatan (tebakan dari judul kolom" in text
    assert "Dilewati baris 19 (baris kosong/pemisah)" in text
