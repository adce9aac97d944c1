"""Every Register rule with a passing and a failing row; Pasal 17 grounds a–j table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from ppid_dokumentasi.layout import reference_lists
from ppid_dokumentasi.legal import grounds
from ppid_dokumentasi.problems import Severity
from ppid_dokumentasi.register import COLUMN_BY_KEY, RegisterRow
from ppid_dokumentasi.sample import SAMPLE
from ppid_dokumentasi.settings import Settings
from ppid_dokumentasi.validation import validate_rows

TODAY = dt.date(2026, 11, 25)
LISTS = {k: [str(v) for v in vs] for k, vs in reference_lists().items()}
PUBLIC = SAMPLE[0]  # Berkala, step 7
EXEMPT = SAMPLE[7]  # Dikecualikan, Pasal 17 huruf a angka 2, step 6


def check(*rows: dict, settings: Settings | None = None, today: dt.date = TODAY):
    """Validate rows given by field key; returns problems as (row, column label, code, severity)."""
    labels = [c.label for c in COLUMN_BY_KEY.values()]
    raw = []
    for index, values in enumerate(rows):
        cells = RegisterRow.model_construct(**values).cell_values()  # raw cells, unchecked
        raw.append((5 + index, [cells[label] for label in labels]))
    _, problems = validate_rows(labels, raw, LISTS, settings or Settings.defaults(), today)
    return [(p.row, p.column, p.code, p.severity) for p in problems]


def codes(*rows: dict, **kwargs) -> list[str]:
    return [code for _, _, code, _ in check(*rows, **kwargs)]


def errors(*rows: dict, **kwargs) -> list[str]:
    return [code for _, _, code, severity in check(*rows, **kwargs) if severity is Severity.ERROR]


def test_whole_sample_passes():
    assert check(*SAMPLE) == []


@pytest.mark.parametrize("key, code", [
    ("id_informasi", "id-wajib"), ("judul", "judul-wajib"), ("ringkasan", "ringkasan-wajib"),
    ("pejabat_penguasa", "pejabat-wajib"), ("penanggung_jawab", "penanggung-jawab-wajib"),
    ("waktu_pembuatan", "waktu-pembuatan-wajib"), ("klasifikasi", "klasifikasi-wajib"),
    ("petugas", "petugas-wajib"), ("langkah", "langkah-wajib"),
])
def test_required_fields(key, code):
    assert codes(PUBLIC) == []
    broken = dict(PUBLIC, **{key: None if key in ("waktu_pembuatan", "langkah") else ""})
    assert check(broken) == [(5, COLUMN_BY_KEY[key].label, code, Severity.ERROR)]


@pytest.mark.parametrize("key, code", [
    ("konsekuensi", "konsekuensi-wajib"), ("pertimbangan", "pertimbangan-wajib"),
    ("kesimpulan_uji", "kesimpulan-uji-wajib"), ("waktu_uji", "waktu-uji-wajib"),
    ("peserta_uji", "peserta-uji-wajib"), ("tanggal_uji", "tanggal-uji-wajib"),
])
def test_consequence_test_record_required_when_exempt(key, code):
    assert codes(EXEMPT) == []
    assert code in codes(dict(EXEMPT, **{key: None if key == "tanggal_uji" else ""}))
    # Not required for public information.
    assert codes(dict(PUBLIC, **{key: None if key == "tanggal_uji" else ""})) == []


def test_classification_must_be_one_of_four():
    for value in ("Berkala", "Serta Merta", "Setiap Saat"):
        assert codes(dict(PUBLIC, klasifikasi=value)) == []
    assert codes(dict(PUBLIC, klasifikasi="Rahasia Negara")) == ["pilihan-tidak-dikenal"]


def test_ground_required_when_exempt_and_forbidden_otherwise():
    assert codes(dict(EXEMPT, dasar_pengecualian="")) == ["dasar-wajib"]
    assert codes(dict(PUBLIC, dasar_pengecualian="Pasal 17 huruf b")) == ["dasar-tanpa-pengecualian"]


def _exempt_with(ground: str, **extra) -> dict:
    return dict(EXEMPT, dasar_pengecualian=ground, **extra)


# Table: every Pasal 17 ground, a citation that passes, and one that fails with its code.
GROUNDS = [
    ("a", "Pasal 17 huruf a angka 5", "Pasal 17 huruf a", "dasar-angka-wajib"),
    ("b", "Pasal 17 huruf b", "Pasal 17 huruf b angka 1", "dasar-angka-tidak-ada"),
    ("c", "Pasal 17 huruf c angka 7", "Pasal 17 huruf c angka 8", "dasar-angka-tidak-ada"),
    ("d", "Pasal 17 huruf d", "Pasal 17 huruf d angka 2", "dasar-angka-tidak-ada"),
    ("e", "Pasal 17 huruf e angka 7", "Pasal 17 huruf e", "dasar-angka-wajib"),
    ("f", "Pasal 17 huruf f angka 4", "Pasal 17 huruf f angka 5", "dasar-angka-tidak-ada"),
    ("g", "Pasal 17 huruf g", "Pasal 17 huruf g angka 1", "dasar-angka-tidak-ada"),
    ("h", "Pasal 17 huruf h angka 5", "Pasal 17 huruf h", "dasar-angka-wajib"),
    ("i", "Pasal 17 huruf i", "Pasal 17 huruf i angka 2", "dasar-angka-tidak-ada"),
    ("j", "Pasal 17 huruf j", "Pasal 17 huruf k", "dasar-format"),
]


@pytest.mark.parametrize("letter, good, bad, code", GROUNDS)
def test_every_pasal_17_ground(letter, good, bad, code):
    extra = {}
    if letter == "i":
        extra["memorandum"] = "Ya"
    if letter == "j":
        extra["uu_lain"] = "Undang-Undang Nomor 24 Tahun 2013, Pasal 79"
    assert codes(_exempt_with(good, **extra)) == []
    assert codes(_exempt_with(bad, **extra))[:1] == [code]


def test_all_ten_grounds_are_in_the_table():
    assert [g[0] for g in GROUNDS] == list(grounds())


def test_citation_is_tolerant_of_case_and_spacing_and_allows_several():
    assert codes(_exempt_with("pasal 17  HURUF a ANGKA 2")) == []
    assert codes(_exempt_with("Pasal 17 huruf a angka 2; Pasal 17 huruf h angka 1")) == []
    assert codes(_exempt_with("UU 14/2008 huruf h angka 4")) == ["dasar-format"]


def test_huruf_j_needs_the_other_law():
    assert codes(_exempt_with("Pasal 17 huruf j")) == ["uu-lain-wajib"]
    assert codes(_exempt_with("Pasal 17 huruf j", uu_lain="UU Nomor 24 Tahun 2013, Pasal 79")) == []
    assert codes(_exempt_with("Pasal 17 huruf a angka 2", uu_lain="UU Nomor 24 Tahun 2013")) == [
        "uu-lain-tanpa-huruf-j"]


def test_huruf_i_needs_the_memorandum_flag():
    assert codes(_exempt_with("Pasal 17 huruf i", memorandum="Tidak")) == ["memorandum-wajib"]
    assert codes(_exempt_with("Pasal 17 huruf i", memorandum="Ya")) == []


def test_huruf_g_h_warns_when_pasal_18_ayat_2_applies():
    row = _exempt_with("Pasal 17 huruf h angka 1", pasal18_ayat2="Persetujuan Tertulis")
    assert check(row) == [(5, "Pasal 18 Ayat (2)", "pasal18-ayat2", Severity.WARNING)]


def test_pasal_18_ayat_1_kinds_get_a_hard_warning():
    assert check(dict(EXEMPT, judul="Putusan Pengadilan Negeri Serang")) == [
        (5, "Judul Informasi", "pasal18-tidak-dikecualikan", Severity.WARNING)]


def test_conclusion_dibuka_contradicts_exemption():
    assert codes(dict(EXEMPT, kesimpulan_uji="Dibuka")) == ["kesimpulan-dibuka"]


def test_dates_must_be_dates_and_not_in_the_future():
    assert codes(dict(PUBLIC, waktu_pembuatan="31/01/2025")) == []
    assert codes(dict(PUBLIC, waktu_pembuatan="3 Februari 2022")) == []
    assert codes(dict(PUBLIC, waktu_pembuatan="kemarin")) == ["tanggal-format"]
    assert codes(dict(EXEMPT, tanggal_uji=dt.date(2026, 12, 1))) == ["tanggal-uji-masa-depan"]
    assert codes(dict(PUBLIC, waktu_pembuatan=dt.date(2027, 1, 1))) == ["waktu-pembuatan-masa-depan"]


def test_end_date_required_for_grounds_a_to_f_only():
    assert codes(dict(EXEMPT, berakhir=None)) == ["berakhir-wajib"]
    h = _exempt_with("Pasal 17 huruf h angka 2", berakhir=None)
    assert codes(h) == []
    i = _exempt_with("Pasal 17 huruf i", memorandum="Ya", berakhir=None)
    assert check(i) == [(5, "Pengecualian Berakhir", "berakhir-tinjau", Severity.WARNING)]


def test_end_date_after_test_and_within_maximum():
    assert codes(dict(EXEMPT, berakhir=dt.date(2025, 3, 1))) == ["berakhir-sebelum-uji"]
    # Huruf a: at most 30 years (PP 61/2010 Pasal 5 ayat (1)); test date 2025-03-05.
    assert codes(dict(EXEMPT, berakhir=dt.date(2055, 3, 5))) == []
    assert codes(dict(EXEMPT, berakhir=dt.date(2055, 3, 6))) == ["berakhir-melebihi-maksimum"]


def test_end_date_maximum_for_other_grounds_comes_from_settings():
    row = _exempt_with("Pasal 17 huruf e angka 4", berakhir=dt.date(2035, 3, 5))
    assert codes(row) == []
    strict = Settings.defaults()
    strict.values["maks_tahun_huruf_e"] = 5
    assert codes(row, settings=strict) == ["berakhir-melebihi-maksimum"]
    # The office cannot lift huruf a above its statutory 30 years.
    loose = Settings.defaults()
    loose.values["maks_tahun_huruf_a"] = 50
    assert codes(dict(EXEMPT, berakhir=dt.date(2060, 1, 1)), settings=loose) == ["berakhir-melebihi-maksimum"]


def test_end_date_only_when_exempt():
    assert codes(dict(PUBLIC, berakhir=dt.date(2030, 1, 1))) == ["berakhir-tanpa-pengecualian"]


def test_expiry_warning_within_configured_working_days():
    soon = dict(EXEMPT, berakhir=dt.date(2026, 12, 10))
    assert check(soon) == [(5, "Pengecualian Berakhir", "berakhir-segera", Severity.WARNING)]
    none = Settings.defaults()
    none.values["hari_kerja_peringatan_berakhir"] = 5
    assert check(soon, settings=none) == []
    passed = dict(EXEMPT, berakhir=dt.date(2026, 11, 1))
    assert check(passed) == [(5, "Pengecualian Berakhir", "berakhir-lewat", Severity.WARNING)]


def test_security_class_never_biasa_when_exempt():
    assert codes(dict(EXEMPT, keamanan="Biasa")) == ["keamanan-biasa"]
    assert codes(dict(EXEMPT, keamanan="")) == ["keamanan-wajib"]
    assert codes(dict(PUBLIC, keamanan="Biasa")) == []
    assert codes(dict(PUBLIC, keamanan="Top Secret")) == ["pilihan-tidak-dikenal"]


def test_retention_whole_numbers_and_disposition():
    assert codes(dict(PUBLIC, retensi_aktif="3")) == []
    assert codes(dict(PUBLIC, retensi_aktif=2.5)) == ["bilangan-format"]
    assert codes(dict(PUBLIC, retensi_inaktif=-1)) == ["bilangan-format"]
    assert codes(dict(PUBLIC, keterangan_retensi="Dibakar")) == ["pilihan-tidak-dikenal"]


def test_unique_ids():
    other = dict(SAMPLE[1], id_informasi=PUBLIC["id_informasi"].lower())
    assert check(PUBLIC, other) == [(6, "ID Informasi", "id-ganda", Severity.ERROR)]


def test_step_range_and_softfile_from_step_5():
    assert codes(dict(PUBLIC, langkah=8)) == ["langkah-tidak-valid"]
    assert codes(dict(PUBLIC, langkah=4, lokasi_softfile="")) == []
    assert codes(dict(PUBLIC, langkah=5, lokasi_softfile="")) == ["softfile-wajib"]


def test_letter_number_format():
    assert codes(dict(PUBLIC, nomor_surat="000.5.10/12/PPIDP.Pemkesra/2026")) == []
    assert codes(dict(PUBLIC, nomor_surat="12/PPIDP/2026")) == ["nomor-surat-format"]
    assert check(dict(PUBLIC, nomor_surat="555/7/PPIDP.Pemkesra/2022")) == [
        (5, "Nomor Surat", "kode-klasifikasi-lama", Severity.WARNING)]


def test_every_problem_is_collected_not_just_the_first():
    broken = dict(EXEMPT, judul="", konsekuensi="", keamanan="Biasa", langkah=5, lokasi_softfile="")
    assert sorted(codes(broken)) == sorted(["judul-wajib", "konsekuensi-wajib", "keamanan-biasa", "softfile-wajib"])


def test_messages_cite_the_article():
    labels = [c.label for c in COLUMN_BY_KEY.values()]
    cells = RegisterRow(**dict(EXEMPT, berakhir=None)).cell_values()
    _, problems = validate_rows(labels, [(9, [cells[label] for label in labels])], LISTS, Settings.defaults(), TODAY)
    assert "UU 14/2008 Pasal 20 ayat (1)" in problems[0].message
    assert problems[0].location() == "Register baris 9, kolom 'Pengecualian Berakhir'"
