"""Letter numbers ``<kode klasifikasi>/<nomor urut>/<kode unit>/<tahun>`` (legal-notes.md §7 item 7).

The sequence runs per unit per calendar year and a number is never reused: the next number is one
more than the highest number of that unit and year found anywhere in the workbook (sheet
``Daftar Surat``, the Register's ``Nomor Surat`` cells, and ``surat`` events in ``Riwayat``), so
deleting a row of one of them does not free a number.

Plain Python: callers hand in an open :class:`WorkbookSession` (an editor that already holds the
workbook's cross-process lock, e.g. :class:`~.adapters.openpyxl_editor.WorkbookEditor`). Read,
allocate and record inside one locked session and two processes never get the same number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from . import number_ledger
from .workbook import WorkbookData
from .audit import Event
from .errors import LetterError
from .layout import LETTERS_HEADERS, LETTERS_SHEET
from .register import cell_text
from .rules import ARCHIVE_CODE_PATTERN, NUMBER_PATTERN
from .settings import Settings

CODE_KEY = "kode_klasifikasi_surat"
UNIT_KEY = "kode_unit"
NUMBER_COLUMN = "Nomor Surat"
EVENT_ACTION = "surat"
UNIT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
_NUMBER_ANYWHERE = re.compile(NUMBER_PATTERN.pattern.strip("^$"))
_COL = {label: index for index, label in enumerate(LETTERS_HEADERS)}


@dataclass(frozen=True, order=True)
class LetterNumber:
    kode_klasifikasi: str
    urut: int
    kode_unit: str
    tahun: int

    def __str__(self) -> str:
        return f"{self.kode_klasifikasi}/{self.urut}/{self.kode_unit}/{self.tahun}"


def parse_number(text: str) -> LetterNumber | None:
    """``000.5.10/7/PPIDP.Pemkesra/2026`` -> LetterNumber; None when it is not a letter number."""
    match = NUMBER_PATTERN.match(text.strip())
    if not match:
        return None
    return LetterNumber(match[1], int(match[2]), match[3], int(match[4]))


def numbers_in(text: str) -> list[LetterNumber]:
    """Every letter number inside a text (a ``;``-separated cell, an audit note)."""
    return [LetterNumber(m[1], int(m[2]), m[3], int(m[4])) for m in _NUMBER_ANYWHERE.finditer(text or "")]


class WorkbookSession(Protocol):
    """What numbering and letters need from an open, locked workbook."""

    data: WorkbookData

    def append(self, sheet: str, values: list[Any]) -> int: ...

    def set_cells(self, excel_row: int, values: dict[str, Any]) -> None: ...

    def append_events(self, events: list[Event]) -> list[list[Any]]: ...


@dataclass
class IssuedLetter:
    """One numbered letter to record: Daftar Surat row, items' Nomor Surat, Riwayat events."""

    number: LetterNumber
    jenis: str  # the letter's Indonesian name, e.g. "Nota Dinas Laporan"
    ids: list[str]
    tanggal: dt.date
    oleh: str = ""
    peran: str = ""
    berkas: str = ""  # file name of the letter, noted in Riwayat
    langkah: dict[str, int | None] = field(default_factory=dict)  # item ID -> its step, for Riwayat


def numbering_codes(settings: Settings) -> tuple[str, str]:
    """(kode klasifikasi, kode unit) from Pengaturan, checked against the number pattern."""
    code, unit = settings.text(CODE_KEY), settings.text(UNIT_KEY)
    if not ARCHIVE_CODE_PATTERN.match(code):
        raise LetterError(
            f"Pengaturan '{CODE_KEY}' berisi '{code}', bukan kode klasifikasi arsip (mis. 000.5.10). "
            "Perbaiki di sheet Pengaturan lalu buat surat lagi.", sheet="Pengaturan", column="Nilai")
    if not UNIT_PATTERN.match(unit):
        raise LetterError(
            f"Pengaturan '{UNIT_KEY}' berisi '{unit}'; kode unit hanya boleh huruf, angka, titik dan tanda "
            "hubung (mis. PPIDP.Pemkesra). Perbaiki di sheet Pengaturan lalu buat surat lagi.",
            sheet="Pengaturan", column="Nilai")
    return code, unit


def _same_unit(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def last_issued(data: WorkbookData, kode_unit: str, tahun: int) -> int:
    """Highest sequence number of this unit and year anywhere in the workbook (0 if none)."""
    highest = 0
    for row in data.letters:
        cells = list(row) + [None] * len(LETTERS_HEADERS)
        found = numbers_in(cell_text(cells[_COL["Nomor Surat"]]))
        try:
            year, unit = int(float(cell_text(cells[_COL["Tahun"]]))), cell_text(cells[_COL["Kode Unit"]])
            urut = int(float(cell_text(cells[_COL["Nomor Urut"]])))
            found.append(LetterNumber("", urut, unit, year))
        except ValueError:
            pass
        highest = max([highest] + [n.urut for n in found if n.tahun == tahun and _same_unit(n.kode_unit, kode_unit)])
    register = data.register
    if NUMBER_COLUMN in register.labels:
        index = register.column_index(NUMBER_COLUMN)
        for _, values in register.rows:
            text = cell_text(values[index]) if index < len(values) else ""
            highest = max([highest] + [n.urut for n in numbers_in(text)
                                       if n.tahun == tahun and _same_unit(n.kode_unit, kode_unit)])
    for row in data.riwayat:
        if len(row) > 8 and cell_text(row[5]) == EVENT_ACTION:
            highest = max([highest] + [n.urut for n in numbers_in(cell_text(row[8]))
                                       if n.tahun == tahun and _same_unit(n.kode_unit, kode_unit)])
    return highest


def allocate(data: WorkbookData, settings: Settings, tahun: int, count: int) -> list[LetterNumber]:
    """The next ``count`` numbers of the unit for ``tahun`` (gapless, after every issued one).

    Only correct inside a locked session whose ``data`` was read under that lock.
    """
    if LETTERS_SHEET not in data.sheet_names:
        raise LetterError(f"Workbook tidak memiliki sheet '{LETTERS_SHEET}' untuk mencatat nomor surat; "
                          "buat workbook dengan versi terbaru (ppid buat).", sheet=LETTERS_SHEET)
    code, unit = numbering_codes(settings)
    # The ledger outside the workbook knows numbers an older copy of the workbook does not.
    start = max(last_issued(data, unit, tahun), number_ledger.last_issued(settings, data.path, unit, tahun)) + 1
    return [LetterNumber(code, start + i, unit, tahun) for i in range(count)]


def _append_number(current: str, number: LetterNumber) -> str:
    parts = [p.strip() for p in (current or "").split(";") if p.strip()]
    if str(number) not in parts:
        parts.append(str(number))
    return "; ".join(parts)


def record(session: WorkbookSession, letters: Iterable[IssuedLetter]) -> None:
    """Write issued letters into the open workbook: one ``Daftar Surat`` row per letter, the number
    added to each item's ``Nomor Surat`` (earlier numbers kept, ``;``-separated), one ``surat`` event
    per item in ``Riwayat``. Nothing is saved until the session ends without an error."""
    data = session.data
    letters = list(letters)
    number_ledger.append(data.settings, data.path, [  # first: a refusal there changes nothing
        {"nomor": str(n.number), "kode_unit": n.number.kode_unit, "tahun": n.number.tahun, "urut": n.number.urut,
         "jenis": n.jenis, "id": list(n.ids), "berkas": n.berkas, "tanggal": n.tanggal.isoformat(),
         "workbook": data.path.name if data.path else ""} for n in letters])
    current: dict[str, tuple[int, str]] = {}
    events: list[Event] = []
    for letter in letters:
        row = [letter.number.tahun, letter.number.kode_unit, letter.number.urut, str(letter.number), letter.jenis,
               "; ".join(letter.ids), letter.tanggal, letter.oleh]
        session.append(LETTERS_SHEET, row)
        data.letters.append(row)  # a later allocation in this session counts it
        for id_informasi in letter.ids:
            if id_informasi not in current:
                found = data.register.find(id_informasi)
                if found is None:
                    raise LetterError(f"ID Informasi '{id_informasi}' tidak ada di Register.", sheet="Register")
                excel_row, cells = found
                current[id_informasi] = (excel_row, cell_text(cells.get(NUMBER_COLUMN)))
            excel_row, text = current[id_informasi]
            text = _append_number(text, letter.number)
            current[id_informasi] = (excel_row, text)
            note = f"{letter.jenis} nomor {letter.number}"
            if letter.berkas:
                note += f"; berkas {letter.berkas}"
            step = letter.langkah.get(id_informasi)
            events.append(Event(id_informasi, step, step, EVENT_ACTION, letter.peran, letter.oleh, note))
    for excel_row, text in current.values():
        session.set_cells(excel_row, {NUMBER_COLUMN: text})
        _remember(data, excel_row, text)
    if events:
        session.append_events(events)


def _remember(data: WorkbookData, excel_row: int, text: str) -> None:
    """Keep the session's copy of the Register in step with what was written."""
    register = data.register
    if NUMBER_COLUMN not in register.labels:
        return
    index = register.column_index(NUMBER_COLUMN)
    for row_number, values in register.rows:
        if row_number == excel_row:
            values.extend([None] * (index + 1 - len(values)))
            values[index] = text
            return


def issue(session: WorkbookSession, jenis: str, ids: list[str], tanggal: dt.date,
          oleh: str = "", peran: str = "") -> LetterNumber:
    """Allocate and record one number (no letter file), with the session's own settings."""
    number = allocate(session.data, session.data.settings, tanggal.year, 1)[0]
    record(session, [IssuedLetter(number, jenis, ids, tanggal, oleh, peran)])
    return number
