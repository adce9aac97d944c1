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
    pola: str = field(default="", compare=False)  # the kind's pattern; empty: <kode>/<urut>/<unit>/<tahun>

    def __str__(self) -> str:
        if self.pola:
            return self.pola.format(urut=self.urut, unit=self.kode_unit, tahun=self.tahun, kode=self.kode_klasifikasi)
        return f"{self.kode_klasifikasi}/{self.urut}/{self.kode_unit}/{self.tahun}"


# -- numbering per letter kind (legal-notes.md §8 item 9; all [U], settings) ---------------------
PATTERN_KEY = "pola_nomor_{jenis}"  # e.g. "100.3.3/{urut}/{unit}/{tahun}" or "489.1/Kep.{urut}-Huk/{tahun}"
SERIES_KEY = "seri_nomor_{jenis}"  # kinds with the same series share one sequence per unit and year
BACKDATE_KEY = "nomor_surat_mundur"  # "tolak" or "ikut tahun" (next number of that date's year)
DEFAULT_SERIES = "umum"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LEADING_CODE = re.compile(r"^(\d{3}(?:\.\d+)*)/")


@dataclass(frozen=True)
class Scheme:
    """How one letter kind is numbered: its pattern and its series."""

    jenis: str
    pola: str
    seri: str

    @property
    def kode(self) -> str:
        match = _LEADING_CODE.match(self.pola)
        return match[1] if match else ""

    def regex(self, unit: str) -> re.Pattern:
        parts = []
        for index, piece in enumerate(_PLACEHOLDER.split(self.pola)):
            if index % 2 == 0:
                parts.append(re.escape(piece))
            else:
                parts.append({"urut": r"(?P<urut>\d+)", "tahun": r"(?P<tahun>\d{4})",
                              "unit": re.escape(unit), "kode": re.escape(self.kode)}[piece])
        return re.compile("".join(parts))


def scheme(settings: Settings, jenis: str) -> Scheme:
    """The kind's numbering from Pengaturan (``pola_nomor_<jenis>``, ``seri_nomor_<jenis>``); without a
    pattern, ``<kode_klasifikasi_surat>/{urut}/{unit}/{tahun}``. A bad pattern is a LetterError."""
    key = PATTERN_KEY.format(jenis=jenis)
    pola = settings.text(key)
    if not pola:
        code, _ = numbering_codes(settings)
        pola = code + "/{urut}/{unit}/{tahun}"
    names = _PLACEHOLDER.findall(pola)
    unknown = sorted(set(names) - {"urut", "tahun", "unit", "kode"})
    if unknown or names.count("urut") != 1 or names.count("tahun") != 1 or "/" not in pola:
        raise LetterError(
            f"Pengaturan '{key}' berisi '{pola}': pola nomor harus memuat {{urut}} dan {{tahun}} sekali (boleh "
            "{unit}), dipisah '/', mis. '100.3.3/{urut}/{unit}/{tahun}'.", sheet="Pengaturan", column="Nilai")
    if pola[0].isdigit() and not _LEADING_CODE.match(pola):
        raise LetterError(f"Pengaturan '{key}' berisi '{pola}': kode klasifikasi di depan harus angka bertitik, mis. "
                          "500.12.12.", sheet="Pengaturan", column="Nilai")
    return Scheme(jenis, pola, settings.text(SERIES_KEY.format(jenis=jenis)) or DEFAULT_SERIES)


def parse_number(text: str) -> LetterNumber | None:
    """``500.12.12/7/PPIDP.Pemkesra/2026`` -> LetterNumber; None when it is not a letter number."""
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
    seri: tuple[str, ...] = ()  # names of the kinds that share this letter's numbering series (the ledger)


def numbering_codes(settings: Settings) -> tuple[str, str]:
    """(kode klasifikasi, kode unit) from Pengaturan, checked against the number pattern."""
    code, unit = settings.text(CODE_KEY), settings.text(UNIT_KEY)
    if not ARCHIVE_CODE_PATTERN.match(code):
        raise LetterError(
            f"Pengaturan '{CODE_KEY}' berisi '{code}', bukan kode klasifikasi arsip (mis. 500.12.12). "
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


def allocate(data: WorkbookData, settings: Settings, tahun: int, count: int, jenis: str | None = None,
             labels: dict[str, str] | None = None, tanggal: dt.date | None = None) -> list[LetterNumber]:
    """The next ``count`` numbers of the unit for ``tahun`` (gapless, after every issued one).

    With ``jenis`` (a letter kind key) the kind's own pattern and series are used: ``labels`` maps
    every kind key to its Indonesian name, so issued letters of the kinds that share the series are
    found by name in Daftar Surat and Riwayat. With ``tanggal`` earlier than the latest letter of that
    series and year, Pengaturan ``nomor_surat_mundur`` decides: ``tolak`` refuses, ``ikut tahun`` takes
    the next number of that year. Only correct inside a locked session whose ``data`` was read under
    that lock.
    """
    if LETTERS_SHEET not in data.sheet_names:
        raise LetterError(f"Workbook tidak memiliki sheet '{LETTERS_SHEET}' untuk mencatat nomor surat; "
                          "buat workbook dengan versi terbaru (ppid buat).", sheet=LETTERS_SHEET)
    code, unit = numbering_codes(settings)
    if jenis is None:
        # The ledger outside the workbook knows numbers an older copy of the workbook does not.
        start = max(last_issued(data, unit, tahun), number_ledger.last_issued(settings, data.path, unit, tahun)) + 1
        return [LetterNumber(code, start + i, unit, tahun) for i in range(count)]
    own = scheme(settings, jenis)
    labels = labels or {}
    series = {k for k in labels if scheme(settings, k).seri == own.seri} | {jenis}
    names = {labels.get(k, k) for k in series}
    highest, latest = last_in_series(data, unit, tahun, names, own.regex(unit), set(labels.values()) - names)
    highest = max(highest, number_ledger.last_issued(settings, data.path, unit, tahun, names))
    if tanggal is not None and latest is not None and tanggal < latest:
        choice = settings.text(BACKDATE_KEY).casefold() or "tolak"
        if choice != "ikut tahun":
            raise LetterError(
                f"Tanggal surat {tanggal.isoformat()} lebih awal dari surat terakhir seri '{own.seri}' tahun {tahun} "
                f"({latest.isoformat()}); nomor surat mundur ditolak (Pengaturan '{BACKDATE_KEY}' = tolak). Pakai "
                "tanggal sesudahnya, atau ubah Pengaturan menjadi 'ikut tahun'.", sheet="Pengaturan", column="Nilai")
    return [LetterNumber(own.kode or code, highest + 1 + i, unit, tahun, own.pola) for i in range(count)]


def series_names(settings: Settings, jenis: str, labels: dict[str, str]) -> tuple[str, ...]:
    """The names of the letter kinds that share ``jenis``'s numbering series."""
    own = scheme(settings, jenis).seri
    return tuple(sorted({labels.get(k, k) for k in labels if scheme(settings, k).seri == own} | {labels.get(jenis, jenis)}))


def last_in_series(data: WorkbookData, unit: str, tahun: int, names: set[str], regex: re.Pattern,
                   other_names: set[str]) -> tuple[int, dt.date | None]:
    """(highest sequence number, latest letter date) of a series: Daftar Surat rows and Riwayat ``surat``
    events of the series' kinds (by name), and Register numbers matching the series' pattern that no
    other series claims."""
    highest, latest, others = 0, None, set()
    for row in data.letters:
        cells = list(row) + [None] * len(LETTERS_HEADERS)
        name, text = cell_text(cells[_COL["Jenis Surat"]]), cell_text(cells[_COL["Nomor Surat"]])
        try:
            year, urut = int(float(cell_text(cells[_COL["Tahun"]]))), int(float(cell_text(cells[_COL["Nomor Urut"]])))
        except ValueError:
            continue
        if name not in names:
            others.add(text)
            continue
        if year == tahun and _same_unit(cell_text(cells[_COL["Kode Unit"]]), unit):
            highest = max(highest, urut)
            day = cells[_COL["Tanggal"]]
            day = day.date() if isinstance(day, dt.datetime) else day
            if isinstance(day, dt.date) and (latest is None or day > latest):
                latest = day
    for row in data.riwayat:
        if len(row) > 8 and cell_text(row[5]) == EVENT_ACTION:
            note = cell_text(row[8])
            if any(note.startswith(f"{n} nomor ") for n in names):
                highest = max([highest] + _matches(regex, note, tahun))
            elif any(note.startswith(f"{n} nomor ") for n in other_names):
                others.update(m.group(0) for m in regex.finditer(note))
    register = data.register
    if NUMBER_COLUMN in register.labels:
        index = register.column_index(NUMBER_COLUMN)
        for _, values in register.rows:
            text = cell_text(values[index]) if index < len(values) else ""
            for part in (p.strip() for p in text.split(";")):
                if part and part not in others:
                    highest = max([highest] + _matches(regex, part, tahun))
    return highest, latest


def _matches(regex: re.Pattern, text: str, tahun: int) -> list[int]:
    return [int(m["urut"]) for m in regex.finditer(text) if int(m["tahun"]) == tahun]


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
         "jenis": n.jenis, "seri": sorted(n.seri) or None, "id": list(n.ids), "berkas": n.berkas,
         "tanggal": n.tanggal.isoformat(),
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
