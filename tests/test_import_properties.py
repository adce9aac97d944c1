"""Property: whatever the column order, header wording, extra columns and heading rows of a list,
every record becomes one item and every source cell's text is in the workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.cli_import import import_into_register
from test_import_layouts import PETUGAS, write_csv

WORDS = ["data", "laporan", "dokumen", "pegawai", "keuangan", "rapat", "anggaran", "aset", "profil", "rencana",
         "kinerja", "pengadaan", "arsip", "surat", "kegiatan"]
TITLE = st.lists(st.sampled_from(WORDS), min_size=2, max_size=5).map(lambda w: " ".join(w).capitalize())
COLUMNS = {
    "judul": (["Judul Informasi", "Informasi", "Jenis Informasi", "Nama Informasi"], TITLE),
    "ringkasan": (["Ringkasan", "Ringkasan Isi Informasi", "Uraian Informasi"], TITLE),
    "pejabat": (["Pejabat yang Menguasai Informasi", "Unit Kerja", "Satker"], st.sampled_from(
        ["Bagian Umum", "Sekretariat", "Bidang Keuangan"])),
    "dasar": (["Dasar Hukum", "Alasan Pengecualian", "Pasal yang Dikecualikan"], st.sampled_from(
        ["Pasal 17 huruf h angka 1 UU 14/2008", "Pasal 17 huruf b UU Nomor 14 Tahun 2008", "sesuai Pasal 17 huruf i"])),
    "retensi": (["Retensi", "Jangka Waktu Penyimpanan"], st.sampled_from(["5 tahun", "lima tahun", "Tidak terbatas",
                                                                           "2 (dua) tahun"])),
    "lain": (["Catatan Lain", "Tautan", "Kolom Tambahan"], TITLE),
}
CASES = [str, str.upper, str.lower]


@st.composite
def tables(draw):
    keys = ["judul"] + draw(st.lists(st.sampled_from([k for k in COLUMNS if k != "judul"]), min_size=3,
                                     max_size=5, unique=True))
    keys = draw(st.permutations(keys))
    numbered = draw(st.booleans())
    header = (["No"] if numbered else []) + [draw(st.sampled_from(CASES))(draw(st.sampled_from(COLUMNS[k][0])))
                                             for k in keys]
    rows, records = [header], []
    if draw(st.booleans()):  # a title line above the header
        rows.insert(0, ["DAFTAR INFORMASI PUBLIK"] + [""] * (len(header) - 1))
    for index in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 3)) == 0:  # a group heading
            heading = [f"{'ABCDE'[index]}. Bagian {draw(TITLE)}"] + [""] * (len(header) - 1)
            rows.append(heading)
        record = ([f"{index + 1}."] if numbered else []) + [draw(COLUMNS[k][1]) for k in keys]
        rows.append(record)
        records.append(record)
    return rows, records


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_every_record_becomes_one_item_and_every_cell_is_kept(table):
    rows, records = table
    with tempfile.TemporaryDirectory() as folder:
        source = write_csv(Path(folder) / "daftar_informasi.csv", rows)
        register = Path(folder) / "register.xlsx"
        result = import_into_register([source], register, petugas=PETUGAS, today=TODAY)
        data = read_workbook(register)
    assert len(result.plans[0].records) == len(records) == len(data.register.rows)
    for record, (_, values) in zip(records, data.register.rows):
        text = "\n".join(str(v) for v in values if v not in (None, ""))
        for cell in record:
            assert cell in text, (cell, rows[0])
