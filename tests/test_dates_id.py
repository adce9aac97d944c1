"""Indonesian dates (legal-notes.md §7 item 8): Babel month/day names, padding from Pengaturan,
dates in words for the Berita Acara."""

from __future__ import annotations

import datetime as dt

import pytest

from ppid_dokumentasi.dates_id import date_in_words, day_name, format_date, format_date_for, number_in_words
from ppid_dokumentasi.settings import Settings

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def test_seed_date_without_and_with_zero_padding():
    assert format_date(dt.date(2022, 2, 3)) == "3 Februari 2022"
    assert format_date(dt.date(2022, 2, 3), zero_pad=True) == "03 Februari 2022"  # as the SOP writes it


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_has_its_indonesian_name(month):
    assert format_date(dt.date(2026, month, 15)) == f"15 {MONTHS[month - 1]} 2026"


def test_zero_padding_comes_from_pengaturan():
    day = dt.date(2026, 1, 5)
    assert format_date_for(day, Settings.defaults()) == "5 Januari 2026"  # seed default: Tidak
    assert format_date_for(day, Settings.from_sheet({"tanggal_nol_di_depan": "Ya"})) == "05 Januari 2026"


def test_day_names_of_one_week():
    monday = dt.date(2026, 11, 23)
    names = [day_name(monday + dt.timedelta(days=i)) for i in range(7)]
    assert names == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def test_date_in_words_as_a_berita_acara_writes_it():
    assert date_in_words(dt.date(2026, 11, 25)) == (
        "Rabu, tanggal dua puluh lima, bulan November, tahun dua ribu dua puluh enam")
    assert date_in_words(dt.date(2030, 1, 1)) == "Selasa, tanggal satu, bulan Januari, tahun dua ribu tiga puluh"
    assert date_in_words(dt.date(2024, 2, 29)) == (
        "Kamis, tanggal dua puluh sembilan, bulan Februari, tahun dua ribu dua puluh empat")


@pytest.mark.parametrize("number, words", [
    (0, "nol"), (1, "satu"), (2, "dua"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
    (31, "tiga puluh satu"), (100, "seratus"), (1000, "seribu"), (2026, "dua ribu dua puluh enam"),
])
def test_numbers_in_words(number, words):
    assert number_in_words(number) == words


def test_negative_number_is_refused():
    with pytest.raises(ValueError):
        number_in_words(-1)
