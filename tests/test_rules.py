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
# Dikecualikan, Pasal 17 huruf a angka 2, step 6; the pimpinan's approval (tested on its own) left out.
EXEMPT = dict(SAMPLE[7], persetujuan_oleh="", persetujuan_nomor="", persetujuan_tanggal=None)


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


@pytest.mark.parametrize("key, source", [
    ("waktu_uji", "Perki 1/2021 Pasal 49 ayat (1)"),
    ("tanggal_uji", "UU 14/2008 Pasal 19"),
    ("tempat_uji", "praktik Lembar Pengujian Konsekuensi"),
    ("peserta_uji", "praktik Lembar Pengujian Konsekuensi"),
])
def test_each_test_element_cites_its_own_source(key, source):
    """One source per element (consequence_test.ELEMENTS); Pasal 19 is not appended to every element."""
    (found,) = [p for p in problems_of(dict(EXEMPT, **{key: None if key == "tanggal_uji" else ""}))
                if p.column == COLUMN_BY_KEY[key].label]
    assert source in found.message
    assert ("Pasal 19" in found.message) == (key == "tanggal_uji")


def test_classification_must_be_one_of_four():
    for value in ("Berkala", "Serta Merta", "Setiap Saat"):
        assert codes(dict(PUBLIC, klasifikasi=value)) == []
    assert codes(dict(PUBLIC, klasifikasi="Rahasia Negara")) == ["pilihan-tidak-dikenal"]


def test_ground_required_when_exempt_and_forbidden_otherwise():
    assert codes(dict(EXEMPT, dasar_pengecualian="")) == ["dasar-wajib"]
    assert codes(dict(PUBLIC, dasar_pengecualian="Pasal 17 huruf b")) == ["dasar-tanpa-pengecualian"]


SETTER = "Gubernur Banten, Keputusan Gubernur (contoh)"


def _exempt_with(ground: str, **extra) -> dict:
    """An exempted row on ``ground`` (who fixed the period recorded, PP 61/2010 Pasal 6/7 ayat (5))."""
    return dict(EXEMPT, dasar_pengecualian=ground, **{"penetap_jangka_waktu": SETTER, **extra})


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
    (found,) = problems_of(_exempt_with("Pasal 17 huruf j"))  # guidance, not words put in the statute's mouth
    assert "Undang-Undang (atau Perppu) yang melarang pengungkapannya" in found.message
    assert "mewajibkan" not in found.message
    assert codes(_exempt_with("Pasal 17 huruf j", uu_lain="UU Nomor 24 Tahun 2013, Pasal 79")) == []
    assert codes(_exempt_with("Pasal 17 huruf a angka 2", uu_lain="UU Nomor 24 Tahun 2013")) == [
        "uu-lain-tanpa-huruf-j"]


def test_huruf_i_needs_the_memorandum_flag():
    assert codes(_exempt_with("Pasal 17 huruf i", memorandum="Tidak")) == ["memorandum-wajib"]
    assert codes(_exempt_with("Pasal 17 huruf i", memorandum="Ya")) == []


def test_huruf_g_h_warns_when_pasal_18_ayat_2_applies():
    row = _exempt_with("Pasal 17 huruf h angka 1", pasal18_ayat2="Persetujuan Tertulis")
    assert check(row) == [(5, "Pasal 18 Ayat (2)", "pasal18-ayat2", Severity.WARNING)]


@pytest.mark.parametrize("judul, huruf", [
    ("Putusan Pengadilan Negeri Serang", "a"),
    ("Ketetapan Gubernur tentang Tim Pelaksana", "b"),
    ("Surat Edaran Sekretaris Daerah", "b"),
    ("Pertimbangan Lembaga Penegak Hukum atas Laporan", "b"),
    ("Surat Perintah Penghentian Penyidikan Perkara 12", "c"),
    ("Rencana Pengeluaran Tahunan Kejaksaan Tinggi", "d"),
    ("Laporan Keuangan Tahunan Kepolisian Daerah", "e"),
    ("Laporan Hasil Pengembalian Uang Hasil Korupsi 2025", "f"),
])
def test_pasal_18_ayat_1_kinds_get_a_hard_warning(judul, huruf):
    (found,) = problems_of(dict(EXEMPT, judul=judul))
    assert (found.column, found.code, found.severity) == ("Judul Informasi", "pasal18-tidak-dikecualikan",
                                                          Severity.WARNING)
    assert f"UU 14/2008 Pasal 18 ayat (1) huruf {huruf})" in found.message


def test_pasal_18_ayat_1_words_are_the_statutes():
    from pathlib import Path

    from ppid_dokumentasi.rules import PASAL18_AYAT1_WORDS

    statute = " ".join((Path(__file__).parent / "data" / "primary-texts.md").read_text(encoding="utf-8").split())
    for huruf, words in PASAL18_AYAT1_WORDS.items():
        assert f"{huruf}. {words}" in statute, huruf


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


END = dt.date(2026, 4, 15)
CUTI = dt.date(2026, 4, 6)  # a Monday between the dates below, made a cuti bersama day


def _with_cuti() -> Settings:
    settings = Settings.defaults()
    settings.cuti_bersama = frozenset({CUTI})
    return settings


@pytest.mark.parametrize("before_end, code, severity", [
    (45, None, None),
    (31, "pembukaan-segera", Severity.WARNING),  # one working day before the deadline (lead: 10)
    (30, "pembukaan-segera", Severity.WARNING),  # the deadline itself: still in time
    (5, "batas-pembukaan-lewat", Severity.ERROR),  # PP 61/2010 Pasal 11 ayat (2)
    (-1, "berakhir-lewat", Severity.ERROR),  # after the end: public by Pasal 11 ayat (3)
])
def test_expiry_lifecycle_counts_working_days_with_cuti_bersama(before_end, code, severity):
    from ppid_dokumentasi.workdays import add_working_days, is_working_day, subtract_working_days

    settings = _with_cuti()
    assert is_working_day(CUTI) and not is_working_day(CUTI, settings.cuti_bersama)
    if before_end >= 0:
        today = subtract_working_days(END, before_end, settings.cuti_bersama)
        assert today < CUTI or before_end < 30  # the cuti bersama day lies between today and the end
    else:
        today = add_working_days(END, 1, settings.cuti_bersama)
    found = problems_of(dict(EXEMPT, berakhir=END), settings=settings, today=today)
    assert [(p.code, p.severity) for p in found] == ([(code, severity)] if code else [])
    if code:
        assert found[0].column == "Pengecualian Berakhir"
        assert ("PP 61/2010 Pasal 11 ayat (3)" if before_end < 0 else "PP 61/2010 Pasal 11 ayat (2)") in found[0].message


def test_the_deadline_moves_with_a_cuti_bersama_day():
    from ppid_dokumentasi import expiry

    with_cuti, without = expiry.deadline(END, _with_cuti()), expiry.deadline(END, Settings.defaults())
    assert with_cuti == without - dt.timedelta(days=1) or (without - with_cuti).days in (1, 3)
    # 30 working days before the end, counted without the cuti bersama day.
    from ppid_dokumentasi.workdays import working_days_between

    assert working_days_between(with_cuti, END, _with_cuti().cuti_bersama) == 30


OPENED = dict(nomor_pembukaan="500.12.12/3/PPIDP.Pemkesra/2026", tanggal_pembukaan=dt.date(2026, 2, 2), berakhir=END)


def test_an_opened_item_stays_exempt_until_its_end_and_is_public_after():
    """PP 61/2010 Pasal 11 ayat (1): the penetapan opens the item from its end date; before it, a public
    class is an early opening, i.e. a reclassification (Pasal 10 ayat (2))."""
    before, after = dt.date(2026, 2, 3), dt.date(2026, 5, 1)
    assert codes(dict(EXEMPT, **OPENED), today=before) == []  # penetapan made, still Dikecualikan: clean
    assert codes(dict(EXEMPT, **OPENED), today=after) == []  # ended with its penetapan: no expiry problem
    public = dict(EXEMPT, klasifikasi="Setiap Saat", keamanan="Biasa", **OPENED)
    assert codes(public, today=after) == []  # class changed once the period ended; the ground is kept
    found = problems_of(public, today=before)
    assert [(p.code, p.column) for p in found] == [("dibuka-sebelum-berakhir", "Klasifikasi")]
    assert "PP 61/2010 Pasal 11 ayat (1)" in found[0].message and "Pasal 10 ayat (2)" in found[0].message
    # An approved item: the penetapan alone is no reclassification; an early class change is one.
    history = _approval(dict(EXEMPT, berakhir=END))
    assert [p.code for p in problems_of(dict(EXEMPT, **OPENED), riwayat=history, today=before) if p.is_error] == []
    assert "reklasifikasi-tanpa-uji" in [p.code for p in problems_of(public, riwayat=history, today=before)]


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
    assert codes(dict(PUBLIC, nomor_surat="500.12.12/12/PPIDP.Pemkesra/2026")) == []
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


# -- legal review corrections (issue 11): table-driven, each message cites its article ---------
def problems_of(*rows: dict, settings: Settings | None = None, today: dt.date = TODAY, riwayat=None):
    labels = [c.label for c in COLUMN_BY_KEY.values()]
    raw = []
    for index, values in enumerate(rows):
        cells = RegisterRow.model_construct(**values).cell_values()
        raw.append((5 + index, [cells[label] for label in labels]))
    return validate_rows(labels, raw, LISTS, settings or Settings.defaults(), today, riwayat)[1]


J = "Pasal 17 huruf j"


@pytest.mark.parametrize("uu_lain, code, article", [
    ("Peraturan Pemerintah Nomor 71 Tahun 2019 tentang Penyelenggaraan Sistem dan Transaksi Elektronik",
     "uu-lain-bukan-uu", "Pasal 17 huruf j UU 14/2008"),
    ("Peraturan Daerah Provinsi Banten Nomor 8 Tahun 2012", "uu-lain-bukan-uu", "Pasal 17 huruf j UU 14/2008"),
    ("Perda Nomor 8 Tahun 2012", "uu-lain-bukan-uu", "Pasal 17 huruf j UU 14/2008"),
    ("ada", "uu-lain-format", "Pasal 17 huruf j UU 14/2008"),
    ("Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, Pasal 4", None, None),
    ("Perppu Nomor 1 Tahun 2020", None, None),
    ("UU No. 24 Tahun 2013", None, None),
])
def test_huruf_j_needs_an_undang_undang(uu_lain, code, article):
    found = problems_of(_exempt_with(J, uu_lain=uu_lain))
    assert [p.code for p in found] == ([code] if code else [])
    if code:
        assert article in found[0].message and found[0].column == "Undang-Undang Lain" and found[0].is_error


@pytest.mark.parametrize("ground, setter, code, article", [
    ("Pasal 17 huruf b", "", "penetap-jangka-waktu-wajib", "PP 61/2010 Pasal 6"),
    ("Pasal 17 huruf c angka 6", "", "penetap-jangka-waktu-wajib", "PP 61/2010 Pasal 7 ayat (1) dan ayat (5)"),
    ("Pasal 17 huruf d", "", "penetap-jangka-waktu-wajib", "Pasal 7 ayat (2) dan ayat (5)"),
    ("Pasal 17 huruf e angka 4", "", "penetap-jangka-waktu-wajib", "Pasal 7 ayat (3) dan ayat (5)"),
    ("Pasal 17 huruf f angka 2", "", "penetap-jangka-waktu-wajib", "Pasal 7 ayat (4) dan ayat (5)"),
    ("Pasal 17 huruf f angka 2", SETTER, None, None),
    ("Pasal 17 huruf a angka 2", "", None, None),  # huruf a: capped by PP 61/2010 Pasal 5 ayat (1)
])
def test_who_fixed_the_period_is_recorded_for_b_to_f(ground, setter, code, article):
    found = problems_of(_exempt_with(ground, penetap_jangka_waktu=setter))
    assert [p.code for p in found] == ([code] if code else [])
    if code:
        assert article in found[0].message


def test_no_default_maximum_for_b_to_f():
    far = _exempt_with("Pasal 17 huruf c angka 6", berakhir=dt.date(2090, 1, 1))
    assert codes(far) == []


@pytest.mark.parametrize("ground, extra", [
    ("Pasal 17 huruf g", {}), ("Pasal 17 huruf i", {"memorandum": "Ya"}), (J, {"uu_lain": "UU Nomor 24 Tahun 2013"}),
])
def test_g_i_j_without_end_date_get_the_review_warning(ground, extra):
    found = problems_of(_exempt_with(ground, berakhir=None, **extra))
    assert [(p.code, p.severity) for p in found] == [("berakhir-tinjau", Severity.WARNING)]
    assert "PP 61/2010" in found[0].message or "Undang-Undang" in found[0].message


def test_pasal_18_ayat_1_answered_yes_is_an_error():
    found = problems_of(dict(EXEMPT, pasal18_ayat1="Ya"))
    assert [(p.code, p.severity) for p in found] == [("pasal18-ayat1", Severity.ERROR)]
    assert "UU 14/2008 Pasal 18 ayat (1)" in found[0].message
    assert codes(dict(PUBLIC, pasal18_ayat1="Ya")) == []


@pytest.mark.parametrize("key, code", [
    ("tempat_pembuatan", "tempat-pembuatan-wajib"), ("bentuk", "bentuk-wajib"),
    ("retensi_aktif", "retensi-aktif-wajib"), ("retensi_inaktif", "retensi-inaktif-wajib"),
])
def test_the_seven_dip_elements_are_required_for_public_items(key, code):
    blank = None if key.startswith("retensi") else ""
    found = problems_of(dict(PUBLIC, **{key: blank}))
    assert [p.code for p in found] == [code] and "Perki 1/2021" in found[0].message
    assert codes(dict(EXEMPT, **{key: blank})) == []


def _approval(row: dict) -> list:
    from ppid_dokumentasi.reclassification import snapshot_note

    return [[1, "2025-03-06T09:00:00+07:00", row["id_informasi"], 6, 6, "setujui", "PPID", "X",
             snapshot_note(RegisterRow(**row)), "0", "h"]]


@pytest.mark.parametrize("change, code", [
    ({"klasifikasi": "Setiap Saat", "dasar_pengecualian": "", "berakhir": None}, "reklasifikasi-tanpa-uji"),
    ({"dasar_pengecualian": "Pasal 17 huruf a angka 1"}, "reklasifikasi-tanpa-uji"),
    ({"berakhir": dt.date(2040, 3, 5)}, "reklasifikasi-tanpa-uji"),
    ({"berakhir": dt.date(2040, 3, 5), "tanggal_uji": dt.date(2026, 6, 1)}, None),  # a newer test
    ({"konsekuensi": "Teks baru"}, None),  # not a reclassification
])
def test_reclassification_only_through_a_newer_test(change, code):
    history = _approval(EXEMPT)
    changed = dict(EXEMPT, **change)
    if changed["klasifikasi"] != "Dikecualikan":
        changed.update(memorandum="", pasal18_ayat1="", pasal18_ayat2="", kesimpulan_uji="", waktu_uji="",
                       peserta_uji="", tanggal_uji=None, konsekuensi="", pertimbangan="", dokumen_sumber="",
                       analisis_uu="", tempat_uji="")
    found = [p for p in problems_of(changed, riwayat=history) if p.is_error]
    assert [p.code for p in found] == ([code] if code else [])
    if code:
        assert "PP 61/2010 Pasal 10 ayat (2)" in found[0].message and found[0].row == 5


def test_an_approval_records_what_was_approved():
    from ppid_dokumentasi.workflow import SETUJUI, decide

    row = RegisterRow(**dict(EXEMPT, status="Menunggu Persetujuan"))
    outcome = decide(row, SETUJUI, "PPID", "Nama Pejabat PPID (contoh)")
    assert outcome.event.catatan == ("penetapan: Dikecualikan | Pasal 17 huruf a angka 2 | berakhir 2035-03-05 | "
                                     "uji 2025-03-05")


@pytest.mark.parametrize("values, codes_, article", [
    ({"persetujuan_oleh": "Sekretaris Daerah"}, ["persetujuan-tidak-lengkap"] * 2, "PP 61/2010 Pasal 3 ayat (2)"),
    ({"persetujuan_oleh": "Sekretaris Daerah", "persetujuan_nomor": "1/2025",
      "persetujuan_tanggal": dt.date(2025, 3, 1)}, ["persetujuan-sebelum-uji"], "PP 61/2010 Pasal 3 ayat (1)"),
    ({"persetujuan_oleh": "Sekretaris Daerah", "persetujuan_nomor": "1/2025",
      "persetujuan_tanggal": dt.date(2025, 3, 10)}, [], None),
])
def test_the_pimpinan_approval_when_recorded(values, codes_, article):
    found = problems_of(dict(EXEMPT, **values))
    assert [p.code for p in found] == codes_
    if article:
        assert article in found[0].message
