"""Working days (hari kerja) in Indonesia: Monday–Friday minus national public holidays.

The national holidays are data (``data/libur_nasional.toml``, generated from the ``holidays``
library for Indonesia and correctable by an office); only a year outside that table asks the library,
which then loads its Indonesian calendar (importing ``holidays`` costs ~300 modules, so it is
never imported for a year the table has).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from .datafiles import packaged

HOLIDAYS_FILE = "libur_nasional.toml"


@cache
def _holidays(year: int) -> frozenset[dt.date]:
    table = packaged(HOLIDAYS_FILE).get("tahun", {}).get(str(year))
    if table is not None:
        return frozenset(dt.date.fromisoformat(day) for day in table)
    import holidays

    return frozenset(holidays.country_holidays("ID", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
