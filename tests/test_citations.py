"""Citation normalisation, table-driven over every legal-basis cell of the real registers.

The table names each cell by (file, row as Excel shows it); a second test proves the table covers
every non-empty legal-basis cell in tests/data/real-registers, so a new style in the data cannot
slip through untested. Expected values are the canonical Dasar Pengecualian, or "ambiguous" when
the importer must leave the decision to a person.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ppid_dokumentasi.citations import AMBIGUOUS, EMPTY, INCOMPLETE, OK, normalise_basis

DATA = Path(__file__).parent / "data" / "real-registers"
BASIS_HEADERS = {"Pejabat/Unit/Satker yang Menguasi Informasi", "DASAR HUKUM", "Dasar Hukum Pengecualian Informasi"}
A = "ambiguous"

# (file, row) -> expected. Comments name the style.
REAL = {
    # Bakamla: "UU NO 14 ..., Pasal 17 huruf c angka 6 :" and its variants
    ("dik_bakamla_2025.csv", 2): "Pasal 17 huruf c angka 6",
    ("dik_bakamla_2025.csv", 3): "Pasal 17 huruf c angka 6; Pasal 17 huruf h",  # 2nd item without "Pasal 17"
    ("dik_bakamla_2025.csv", 4): "Pasal 17 huruf c angka 6",
    ("dik_bakamla_2025.csv", 5): "Pasal 17 huruf c angka 6",
    ("dik_bakamla_2025.csv", 6): "Pasal 17 huruf b",  # "Pasal 17 huruf b:"
    ("dik_bakamla_2025.csv", 7): "Pasal 17 huruf c angka 6",
    ("dik_bakamla_2025.csv", 8): "Pasal 17 huruf h angka 4",  # "UU Nomor 14 ... huruf h angka 4" (no Pasal 17)
    ("dik_bakamla_2025.csv", 9): "Pasal 17 huruf h angka 4",
    ("dik_bakamla_2025.csv", 10): "Pasal 17 huruf h angka 5",  # "huruf h angka 5:"
    ("dik_bakamla_2025.csv", 11): "Pasal 17 huruf h angka 2",
    ("dik_bakamla_2025.csv", 12): A,  # UU 14/2008 without article; the huruf h is UU 43/2009 Pasal 44
    ("dik_bakamla_2025.csv", 13): "Pasal 17 huruf i; Pasal 17 huruf j",  # "Pasal 17, huruf I" (capital I)
    ("dik_bakamla_2025.csv", 14): "Pasal 17 huruf c",  # renumbered quote of huruf c: no angka
    ("dik_bakamla_2025.csv", 15): "Pasal 17 huruf i",
    # ISBI: numbered inline lists, other laws' "huruf"
    ("dik_isbi_tanah_papua.csv", 2): A,  # UU 43/2009 + PP 61/2010 only
    ("dik_isbi_tanah_papua.csv", 3): "Pasal 17 huruf i",
    ("dik_isbi_tanah_papua.csv", 4): "Pasal 17 huruf i",  # + "Pasal 322 ayat (1) huruf i" KUHAP, Pasal 44 huruf h
    # Karanganyar: "UUD ... 1946 Pasal 28 A s/d 28 H" and "Pasal 17 huruf H" (capital)
    ("dik_karanganyar_disdagnakerkopukm.csv", 3): "Pasal 17 huruf h",
    ("dik_karanganyar_disdagnakerkopukm.csv", 4): "Pasal 17 huruf h",
    ("dik_karanganyar_disdagnakerkopukm.csv", 6): "Pasal 17 huruf h",
    ("dik_karanganyar_disdagnakerkopukm.csv", 8): A,  # UU 43/1999 only
    ("dik_karanganyar_disdagnakerkopukm.csv", 10): "Pasal 17 huruf i",
    # Poltekkes: "Pasal 17 huruf h angka 5 Undang-Undang Nomor 14 ...", dangling "; dan", bare Pasal 17
    **{("dik_poltekkes_kemenkes_jakarta3.csv", row): "Pasal 17 huruf h angka 5"
       for row in (2, 3, 7, 16, 17, 18, 19, 20)},
    ("dik_poltekkes_kemenkes_jakarta3.csv", 4): "Pasal 17 huruf b; Pasal 17 huruf i",  # "huruf b dan i ...; dan"
    ("dik_poltekkes_kemenkes_jakarta3.csv", 5): "Pasal 17 huruf b",  # "... Publik dan"
    ("dik_poltekkes_kemenkes_jakarta3.csv", 6): "Pasal 17 huruf h",
    ("dik_poltekkes_kemenkes_jakarta3.csv", 8): "Pasal 17 huruf h",
    ("dik_poltekkes_kemenkes_jakarta3.csv", 9): A,  # bare "Pasal 17"
    ("dik_poltekkes_kemenkes_jakarta3.csv", 10): "Pasal 17 huruf j",  # + Perpres 54/2010, UU 43/2009 Pasal 44
    ("dik_poltekkes_kemenkes_jakarta3.csv", 11): A,  # Perpres only
    ("dik_poltekkes_kemenkes_jakarta3.csv", 12): A,
    ("dik_poltekkes_kemenkes_jakarta3.csv", 13): A,
    ("dik_poltekkes_kemenkes_jakarta3.csv", 14): A,  # bare "Pasal 17"
    ("dik_poltekkes_kemenkes_jakarta3.csv", 15): A,
    ("dik_poltekkes_kemenkes_jakarta3.csv", 21): "Pasal 17 huruf i",
    ("dik_poltekkes_kemenkes_jakarta3.csv", 22): "Pasal 17 huruf b; Pasal 17 huruf i",
    ("dik_poltekkes_kemenkes_jakarta3.csv", 23): "Pasal 17 huruf h",
    ("dik_poltekkes_kemenkes_jakarta3.csv", 24): A,  # "Pasal 44 Undang-Undang No. 43 Tahun 2009"
    ("dik_poltekkes_kemenkes_jakarta3.csv", 25): A,  # ITE "Pasal 16 ayat 1 butir b" + bare Pasal 17
    ("dik_poltekkes_kemenkes_jakarta3.csv", 26): A,
    # Bantul: numbered list, "Pasal 17 huruf a" without angka; Banyumas: UU 14/2008 without Pasal
    ("fragment_dik_bantul_uji_konsekuensi_2021.csv", 3): "Pasal 17 huruf a",
    ("fragment_dik_banyumas_2025.csv", 2): A,
}

SYNTHETIC = [
    ("Pasal 17, huruf I", "Pasal 17 huruf i"),
    ("UU 14/2008 huruf h angka 4", "Pasal 17 huruf h angka 4"),
    ("Pasal 17 huruf h angka 2", "Pasal 17 huruf h angka 2"),
    ("pasal  17   huruf\u00a0H  angka 3", "Pasal 17 huruf h angka 3"),
    ("Pasal 17 huruf c angka 9", A),  # huruf c has 7 angka
    ("Pasal 17 huruf b angka 2", A),  # huruf b has none
    ("Pasal 17 Undang-Undang Nomor 11 Tahun 2008 tentang ITE", A),  # another law's Pasal 17
    ("Peraturan Presiden Nomor 16 Tahun 2018", A),
]


def _basis_cells():  # DIK files only: in the DIPs that column holds units, not citations
    for path in sorted(p for p in DATA.glob("*.csv") if "dik_" in p.name):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for column, header in enumerate(rows[0]):
            if header in BASIS_HEADERS:
                for number, cells in enumerate(rows[1:], start=2):
                    if cells[column].strip():
                        yield (path.name, number), cells[column]


CELLS = dict(_basis_cells())


def expected_of(result) -> str:
    return result.canonical if result.canonical is not None else A


def test_table_covers_every_legal_basis_cell_in_the_real_registers():
    assert set(CELLS) == set(REAL)
    assert len(REAL) == 49


@pytest.mark.parametrize("where", sorted(REAL), ids=lambda w: f"{w[0]}:{w[1]}")
def test_real_citation(where):
    result = normalise_basis(CELLS[where])
    assert expected_of(result) == REAL[where]
    if REAL[where] == A:
        assert result.status == AMBIGUOUS and result.notes  # left for a person, with a reason
    else:
        assert result.status in (OK, INCOMPLETE)


@pytest.mark.parametrize("text,expected", SYNTHETIC)
def test_synthetic_citation(text, expected):
    assert expected_of(normalise_basis(text)) == expected


def test_incomplete_ground_is_written_as_found_and_says_why():
    result = normalise_basis("UU No 14 Tahun 2008 tentang KIP Pasal 17 huruf H")
    assert result.status == INCOMPLETE
    assert result.grounds == ["Pasal 17 huruf h"]
    assert result.notes == ["Pasal 17 huruf h tanpa angka: pilih angka 1 sampai 5"]


def test_ground_without_the_word_pasal_is_noted():
    result = normalise_basis("UU Nomor 14 Tahun 2008 tentang KIP huruf h angka 4 yaitu ...")
    assert result.canonical == "Pasal 17 huruf h angka 4"
    assert "tanpa kata 'Pasal 17'" in result.notes[0]


def test_empty_cell():
    assert normalise_basis("  \u00a0 ").status == EMPTY
    assert normalise_basis(None).canonical is None


@pytest.mark.parametrize("text,code,words", [
    ("UUD Negara RI Tahun 1946 Pasal 28 A s/d 28 H", "impor-regulasi-tidak-ada", "1945"),
    ("UU No 43 Tahun 1999 tentang Pokok-Pokok Kepegawaian", "impor-regulasi-dicabut", "UU 5/2014"),
    ("PP No 46 Tahun 2011 tentang Penilaian Prestasi Kerja PNS Pasal 5", "impor-regulasi-dicabut", "PP 30/2019"),
    ("Peraturan Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa", "impor-regulasi-dicabut", "16/2018"),
    ("Peraturan Pemerintah No. 61 Tahun 2010 tentang Piutang Pegawai", "impor-regulasi-judul", "Piutang Pegawai"),
    ("Pasal 322 ayat (1) huruf i Undang-Undang No. 8 Tahun 1981 tentang Hukum Acara Pidana",
     "impor-pasal-tidak-ada", "286"),
])
def test_repealed_or_wrong_regulations_are_recognised(text, code, words):
    findings = normalise_basis(text).findings
    assert [f.code for f in findings] == [code]
    assert words in findings[0].message


@pytest.mark.parametrize("text", [
    "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang Nomor 14 Tahun 2008",
    "UU No. 14 Tahun 2008 tentang KIP Pasal 17 huruf i",
    "Pasal 44 ayat (1) huruf h Undang-Undang No. 43 Tahun 2009 tentang Kearsipan",
    "Pasal 77 Undang-Undang No. 8 Tahun 1981",
])
def test_regulations_in_force_are_not_flagged(text):
    assert normalise_basis(text).findings == []
