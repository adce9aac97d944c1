"""The end of an exemption period (UU 14/2008 Pasal 20; PP 61/2010 Pasal 11 and Pasal 14 ayat (1)
huruf g; legal-notes.md §8 item 1).

* Deadline: the penetapan that opens the information is made at the latest 30 working days before
  the period ends (Pasal 11 ayat (2)): ``batas = berakhir - 30 hari kerja`` (national holidays and
  the office's cuti bersama, :mod:`workdays`).
* From Pengaturan ``hari_kerja_peringatan_pembukaan`` working days before the deadline: a warning.
* Once the deadline has passed with no opening recorded (``Nomor Penetapan Pembukaan``): an error;
  once the period has ended the information *is* public (Pasal 11 ayat (3)) and is never printed or
  listed as exempted again (:func:`is_expired`).
* The penetapan (Pasal 11 ayat (1)) does not open the information at once: the item stays
  Dikecualikan until its end date and is public information from then on (:func:`is_public_on`, the
  one definition the DIP/DIK selection, validation and the opening action use). A public class on an
  opened item before its end date is an early opening, i.e. a change of classification, which needs
  a new consequence test (PP 61/2010 Pasal 10 ayat (2); :func:`opened_early`).

Plain Python over rows with the Register's attribute names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, Iterable

from .register import cell_text
from .settings import Settings
from .workdays import signed_working_days, subtract_working_days

EXEMPT = "Dikecualikan"
LEAD_WORKING_DAYS = 30  # PP 61/2010 Pasal 11 ayat (2) [V]
WARNING_KEY = "hari_kerja_peringatan_pembukaan"


class State(str, Enum):
    AMAN = "aman"  # more than the warning lead before the deadline
    SEGERA = "segera"  # within the warning lead, deadline not passed
    LEWAT_BATAS = "lewat-batas"  # deadline passed, period not ended, no opening recorded
    BERAKHIR = "berakhir"  # period ended, no opening recorded: public by law (Pasal 11 ayat (3))
    DIBUKA = "dibuka"  # opening penetapan recorded

    @property
    def text(self) -> str:
        return {"aman": "belum waktunya", "segera": "segera tetapkan pembukaan",
                "lewat-batas": "batas penetapan terlewati", "berakhir": "jangka waktu berakhir, belum ditetapkan",
                "dibuka": "pembukaan sudah ditetapkan (Informasi Publik sejak berakhir)"}[self.value]


@dataclass(frozen=True)
class Expiry:
    id_informasi: str
    judul: str
    excel_row: int
    berakhir: dt.date
    batas: dt.date  # the deadline for the opening penetapan
    hari_kerja_ke_batas: int  # negative once passed
    hari_kerja_ke_berakhir: int
    state: State
    nomor_pembukaan: str = ""


def deadline(end: dt.date, settings: Settings | None = None) -> dt.date:
    """The last day for the opening penetapan: ``end`` minus 30 working days."""
    extra = settings.cuti_bersama if settings is not None else frozenset()
    return _deadline(end, frozenset(extra))


@lru_cache(maxsize=4096)  # registers repeat the same few end dates on thousands of rows
def _deadline(end: dt.date, extra: frozenset) -> dt.date:
    return subtract_working_days(end, LEAD_WORKING_DAYS, extra)


@lru_cache(maxsize=4096)
def _counts(today: dt.date, end: dt.date, extra: frozenset) -> tuple[dt.date, int, int]:
    batas = _deadline(end, extra)
    return batas, signed_working_days(today, batas, extra), signed_working_days(today, end, extra)


def warning_lead(settings: Settings) -> int:
    return settings.integer(WARNING_KEY) or 0


def is_opened(row: Any) -> bool:
    return bool(cell_text(row.nomor_pembukaan))


def is_public_on(row: Any, day: dt.date) -> bool:
    """Opened by the PPID's penetapan and its period has ended on ``day``: public information from its
    end date on (PP 61/2010 Pasal 11 ayat (1)); before that it is still exempted."""
    return is_opened(row) and row.berakhir is not None and row.berakhir <= day


def opened_early(row: Any, day: dt.date) -> bool:
    """A public class recorded on an opened item whose period has not ended on ``day``."""
    return (bool(row.klasifikasi) and row.klasifikasi != EXEMPT and is_opened(row) and row.berakhir is not None
            and row.berakhir > day)


# The Riwayat note of the ``buka`` action carries the public class the penetapan chose (the class is
# the office's choice: Pengaturan ``klasifikasi_pembukaan`` or ``ppid buka --klasifikasi``).
CLASS_MARK = "dicantumkan dalam DIP sebagai "


def opening_note(action_name: str, number: str, end: dt.date | None, kelas: str, dasar: str) -> str:
    since = f"sejak {end.isoformat()} (berakhirnya Jangka Waktu Pengecualian)" if end else "sejak ditetapkan"
    return f"{action_name}: penetapan nomor {number}; menjadi Informasi Publik {since}, {CLASS_MARK}{kelas} ({dasar})"


def class_in_note(note: str, classes: Iterable[str]) -> str:
    """The public class an opening's Riwayat note names (:func:`opening_note`); "" when none."""
    at = note.rfind(CLASS_MARK)
    if at < 0:
        return ""
    rest = note[at + len(CLASS_MARK):]
    return next((c for c in sorted(classes, key=len, reverse=True) if rest.startswith(c)), "")


def is_expired(row: Any, day: dt.date) -> bool:
    """An exempted item whose period has ended on ``day`` (public by Pasal 11 ayat (3))."""
    return row.klasifikasi == EXEMPT and row.berakhir is not None and row.berakhir <= day


def assess(row: Any, today: dt.date, settings: Settings) -> Expiry | None:
    """The item's place in the lifecycle; None when it has no end date or is not (or no longer) exempt
    without an opening recorded."""
    end = row.berakhir
    if end is None or not (row.klasifikasi == EXEMPT or is_opened(row)):
        return None
    batas, to_deadline, to_end = _counts(today, end, frozenset(settings.cuti_bersama))
    if is_opened(row):
        state = State.DIBUKA
    elif today >= end:
        state = State.BERAKHIR
    elif today > batas:
        state = State.LEWAT_BATAS
    elif to_deadline <= warning_lead(settings):
        state = State.SEGERA
    else:
        state = State.AMAN
    return Expiry(cell_text(row.id_informasi), cell_text(row.judul), row.excel_row, end, batas, to_deadline,
                  to_end, state, cell_text(row.nomor_pembukaan))


def expiry_list(rows: Iterable[Any], today: dt.date, settings: Settings) -> list[Expiry]:
    """Every exempted item with an end date (and every opened one), by deadline."""
    found = [e for row in rows if (e := assess(row, today, settings)) is not None]
    return sorted(found, key=lambda e: (e.batas, e.excel_row))
