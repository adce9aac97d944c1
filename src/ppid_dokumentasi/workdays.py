"""Working days (hari kerja) in Indonesia: Monday–Friday minus national public holidays and the
cuti bersama days the office lists in Pengaturan (set yearly by an SKB of three ministers; legal-notes.md
§8 item 10). Every working-day count of the tool goes through this module with the office's
:attr:`Settings.cuti_bersama <ppid_dokumentasi.settings.Settings.cuti_bersama>` as ``extra``.

The national holidays are data (``data/libur_nasional.toml``, generated from the ``holidays``
library for Indonesia and correctable by an office); only a year outside that table asks the library,
which then loads its Indonesian calendar (importing ``holidays`` costs ~300 modules, so it is
never imported for a year the table has). The table spans decades and a command needs a year or
two, so only those years' sections are parsed (:func:`_year_table`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Collection

from .datafiles import packaged, packaged_text, parse_toml

HOLIDAYS_FILE = "libur_nasional.toml"

NO_EXTRA: frozenset[dt.date] = frozenset()


_HEADER = re.compile(r"^[ \t]*\[.*$", re.M)
_YEAR_HEADER = re.compile(r'^[ \t]*\[[ \t]*tahun\.(?:(\d{4})|"(\d{4})")[ \t]*\][ \t]*(?:#.*)?$')


def _year_table(year: int) -> dict | None:
    """The holidays of one year from the file, parsing only that year's ``[tahun.YYYY]`` section.

    When the file is laid out otherwise (other tables, a year twice, inline tables), the whole
    file is parsed instead, so an office's edit is read exactly as TOML reads it."""
    text = packaged_text(HOLIDAYS_FILE)
    headers = list(_HEADER.finditer(text))
    years = [_YEAR_HEADER.match(h.group(0)) for h in headers]
    found = [m.group(1) or m.group(2) for m in years if m]
    if len(found) != len(headers) or len(set(found)) != len(found) or re.search(r"^[ \t]*tahun\b", text, re.M):
        return packaged(HOLIDAYS_FILE).get("tahun", {}).get(str(year))
    for index, header in enumerate(headers):
        if found[index] == str(year):
            end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
            return parse_toml(text[header.start():end], HOLIDAYS_FILE)["tahun"][str(year)]
    return None


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    table = _year_table(year)
    if table is not None:
        return frozenset(dt.date.fromisoformat(day) for day in table)
    import holidays

    return frozenset(holidays.country_holidays("ID", years=year))


def is_working_day(day: dt.date, extra: Collection[dt.date] = NO_EXTRA) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year) and day not in extra


def working_days_between(start: dt.date, end: dt.date, extra: Collection[dt.date] = NO_EXTRA) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start).

    Arithmetic over whole weeks, then the holidays and extra days in the range: fast over years."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    day = start + dt.timedelta(days=weeks * 7)
    for _ in range(rest):
        day += dt.timedelta(days=1)
        count += day.weekday() < 5
    off = set()
    for year in range(start.year, end.year + 1):
        off.update(h for h in _holidays(year) if start < h <= end and h.weekday() < 5)
    off.update(d for d in extra if start < d <= end and d.weekday() < 5)
    return count - len(off)


def add_working_days(start: dt.date, days: int, extra: Collection[dt.date] = NO_EXTRA) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, extra):
            days -= 1
    return day


def subtract_working_days(end: dt.date, days: int, extra: Collection[dt.date] = NO_EXTRA) -> dt.date:
    """The day ``days`` working days before ``end`` (e.g. PP 61/2010 Pasal 11 ayat (2))."""
    day = end
    while days > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day, extra):
            days -= 1
    return day


def signed_working_days(start: dt.date, end: dt.date, extra: Collection[dt.date] = NO_EXTRA) -> int:
    """Working days from ``start`` to ``end``; negative when ``end`` is before ``start``."""
    if end >= start:
        return working_days_between(start, end, extra)
    return -working_days_between(end, start, extra)
