"""Indonesian dates for letters: "3 Februari 2022" and dates in words for a Berita Acara.

Month and day names come from Babel's ``id`` locale; numbers in words from num2words
(``lang="id"``). Whether the day is zero-padded ("03 Februari 2022") is the office setting
``tanggal_nol_di_depan`` (legal-notes.md §4 marks the rule unconfirmed), never hard-coded.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date as _babel_format_date
from num2words import num2words

from .settings import Settings

LOCALE = "id"
ZERO_PAD_KEY = "tanggal_nol_di_depan"


@lru_cache(maxsize=4096)
def format_date(day: dt.date, zero_pad: bool = False) -> str:
    """``3 Februari 2022`` (``03 Februari 2022`` with ``zero_pad``)."""
    return _babel_format_date(day, "dd MMMM y" if zero_pad else "d MMMM y", locale=LOCALE)


def format_date_for(day: dt.date, settings: Settings) -> str:
    """:func:`format_date` with the zero-padding the office set in ``Pengaturan``."""
    return format_date(day, settings.flag(ZERO_PAD_KEY))


@lru_cache(maxsize=4096)
def day_name(day: dt.date) -> str:
    """``Rabu``."""
    return _babel_format_date(day, "EEEE", locale=LOCALE)


@lru_cache(maxsize=4096)
def month_name(month: int) -> str:
    """``November`` (1-based month)."""
    return _babel_format_date(dt.date(2000, month, 1), "MMMM", locale=LOCALE)


@lru_cache(maxsize=1024)
def number_in_words(number: int) -> str:
    """``dua puluh lima``; ``nol`` for 0."""
    if number < 0:
        raise ValueError(number)
    return num2words(number, lang=LOCALE)


def date_in_words(day: dt.date) -> str:
    """``Rabu, tanggal dua puluh lima, bulan November, tahun dua ribu dua puluh enam``."""
    return (
        f"{day_name(day)}, tanggal {number_in_words(day.day)}, bulan {month_name(day.month)}, "
        f"tahun {number_in_words(day.year)}"
    )
