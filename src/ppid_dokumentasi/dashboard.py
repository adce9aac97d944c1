"""The dashboard (sheet ``Dasbor``, ``ppid dasbor``): where the register stands today.

* items per SOP step and status;
* items over their step's Mutu Baku time (``data/sop.toml``, e.g. "2 hari kerja"), counted in
  working days from the item's latest entry into its current step in ``Riwayat``;
* exempted items by the deadline of their opening penetapan (end − 30 working days, PP 61/2010
  Pasal 11 ayat (2)): overdue, due within N working days (Pengaturan
  ``hari_kerja_peringatan_pembukaan``), later, or without an end date;
* letters issued this year, per kind (``Daftar Surat``).

:func:`build` computes a :class:`Dashboard` from the workbook data; :func:`sheet_grid` lays it
out as the ``Dasbor`` sheet's cells (the same grid for the file adapter and the macro) and
:func:`chart_spec` says which cells the native chart reads. Plain Python.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from . import expiry
from .workbook import WorkbookData
from .workdays import signed_working_days
from .datafiles import packaged
from .letters import KINDS
from .publication import (
    EXEMPT, Event, add_working_days, history, opening_deadline, opening_of, working_days_until,
)
from .register import cell_text
from .sop import STEP_COUNT, Sop, default_sop
from .validation import parse_rows
from .workflow import FINISHED

SHEET = "Dasbor"
WINDOW_KEY = "hari_kerja_peringatan_pembukaan"  # expiry.WARNING_KEY: the lead validation warns with
DEFAULT_WINDOW = 30
NO_STATUS = "(tanpa status)"
_DAYS = re.compile(r"(\d+)\s*hari\s+kerja", re.IGNORECASE)

OVERDUE, DUE, LATER, NO_END = "lewat tenggat", "segera", "masih lama", "tanpa tanggal berakhir"
DEADLINE_ORDER = (OVERDUE, DUE, LATER, NO_END)


def mutu_baku_days(sop: Sop, step: int) -> int | None:
    """The step's Mutu Baku time in working days ("2 hari kerja" -> 2); None when not a number."""
    match = _DAYS.search(sop.step(step).mutu_baku.waktu)
    return int(match[1]) if match else None


@dataclass
class LateItem:
    id_informasi: str
    judul: str
    langkah: int
    masuk: str  # ISO date of the entry into the step
    hari_kerja: int
    mutu_baku: int


@dataclass
class DeadlineItem:
    id_informasi: str
    judul: str
    berakhir: str | None
    tenggat: str | None
    sisa_hari_kerja: int | None
    keadaan: str


@dataclass
class Dashboard:
    per_tanggal: str
    statuses: list[str]
    per_langkah: dict[int, dict[str, int]]  # step -> status -> count (every status present)
    tanpa_langkah: int
    jumlah: int
    melewati_mutu_baku: list[LateItem] = field(default_factory=list)
    tanpa_catatan_masuk: list[str] = field(default_factory=list)
    batas_hari_kerja: int = DEFAULT_WINDOW
    tenggat: dict[str, int] = field(default_factory=dict)  # keadaan -> count
    pengecualian: list[DeadlineItem] = field(default_factory=list)  # overdue and due, soonest first
    tahun_surat: int = 0
    surat: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["per_langkah"] = {str(k): v for k, v in self.per_langkah.items()}
        return data


def _entry(events: list[Event], step: int) -> dt.date | None:
    """The day the item last entered ``step`` (a Riwayat event moving it there)."""
    for event in reversed(events):
        if event.ke == step and event.dari != step and event.day is not None:
            return event.day
    return None


def _window(data: WorkbookData) -> int:
    value = data.settings.integer(WINDOW_KEY)
    return DEFAULT_WINDOW if value is None else value


def build(data: WorkbookData, as_of: dt.date, sop: Sop | None = None) -> Dashboard:
    sop = sop or default_sop()
    rows, _problems = parse_rows(data.register.labels, data.register.rows, data.lists)
    rows = [r for r in rows if r.id_informasi.strip()]
    statuses = [str(s) for s in (data.lists.get("Status") or packaged("referensi.toml")["daftar"]["Status"])]
    columns = statuses + [NO_STATUS]
    matrix = {step: dict.fromkeys(columns, 0) for step in range(1, STEP_COUNT + 1)}
    board = Dashboard(as_of.isoformat(), columns, matrix, 0, len(rows), batas_hari_kerja=_window(data),
                      tenggat=dict.fromkeys(DEADLINE_ORDER, 0), tahun_surat=as_of.year)
    events = history(data.riwayat)
    cuti = frozenset(data.settings.cuti_bersama)  # every working-day count skips the office's cuti bersama
    for row in rows:
        status = row.status if row.status in statuses else NO_STATUS
        if row.langkah in matrix:
            matrix[row.langkah][status] += 1
        else:
            board.tanpa_langkah += 1
        item_events = events.get(row.id_informasi.strip().casefold(), [])
        if row.langkah in matrix and row.status != FINISHED:
            limit = mutu_baku_days(sop, row.langkah)
            entered = _entry(item_events, row.langkah)
            if entered is None:
                board.tanpa_catatan_masuk.append(row.id_informasi)
            elif limit is not None:
                days = _working_days(entered, as_of, cuti)
                if days > limit:
                    board.melewati_mutu_baku.append(LateItem(row.id_informasi, row.judul, row.langkah,
                                                             entered.isoformat(), days, limit))
        if row.klasifikasi == EXEMPT and opening_of(row, item_events) is None:
            _deadline(board, row, as_of, cuti)
    board.pengecualian.sort(key=lambda d: (d.sisa_hari_kerja, d.id_informasi))
    board.surat = letters_in_year(data.letters, as_of.year)
    return board


def _deadline(board: Dashboard, row, as_of: dt.date, cuti: frozenset = frozenset()) -> None:
    deadline = _deadline_of_end(row.berakhir, cuti) if row.berakhir else None
    if deadline is None:
        board.tenggat[NO_END] += 1
        return
    if deadline >= _later_from(as_of, board.batas_hari_kerja, cuti):
        board.tenggat[LATER] += 1  # more than N working days away: no need to count them all
        return
    left = _working_days(as_of, deadline, cuti)
    state = OVERDUE if deadline < as_of else DUE
    board.tenggat[state] += 1
    if state in (OVERDUE, DUE):
        board.pengecualian.append(DeadlineItem(row.id_informasi, row.judul, row.berakhir.isoformat(),
                                               deadline.isoformat(), left, state))


@lru_cache(maxsize=64)
def _later_from(as_of: dt.date, window: int, cuti: frozenset = frozenset()) -> dt.date:
    """The first day whose deadline lies more than ``window`` working days after ``as_of``."""
    return add_working_days(as_of, window + 1, cuti)


@lru_cache(maxsize=8192)  # registers repeat the same few dates
def _working_days(start: dt.date, end: dt.date, cuti: frozenset = frozenset()) -> int:
    return signed_working_days(start, end, cuti)


@lru_cache(maxsize=8192)
def _deadline_of_end(end: dt.date, cuti: frozenset = frozenset()) -> dt.date:
    return expiry._deadline(end, cuti)  # noqa: SLF001 (the one cached definition)


def letters_in_year(letters: list[list[Any]], year: int) -> dict[str, int]:
    """Issued letters of ``year`` per kind (Daftar Surat), in the order of the letter kinds."""
    counts: dict[str, int] = {}
    for row in letters:
        cells = (list(row) + [None] * 8)[:8]
        try:
            row_year = int(float(cell_text(cells[0])))
        except ValueError:
            continue
        if row_year == year:
            kind = cell_text(cells[4]) or "(tanpa jenis)"
            counts[kind] = counts.get(kind, 0) + 1
    order = [k.label for k in KINDS.values()]
    return dict(sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0])))


# -- presentation ----------------------------------------------------------------------------
def _id_date(iso: str | None) -> str:
    if not iso:
        return "-"
    from .dates_id import format_date

    return format_date(dt.date.fromisoformat(iso))


def text(board: Dashboard) -> str:
    """The dashboard as Indonesian text (``ppid dasbor --format teks``)."""
    lines = [f"Dasbor register per {_id_date(board.per_tanggal)}: {board.jumlah} informasi.", "",
             "Informasi per langkah dan status:"]
    for step, counts in board.per_langkah.items():
        parts = [f"{status} {n}" for status, n in counts.items() if n]
        lines.append(f"  Langkah {step}: {sum(counts.values())}" + (f" ({', '.join(parts)})" if parts else ""))
    if board.tanpa_langkah:
        lines.append(f"  Tanpa langkah yang sah: {board.tanpa_langkah}")
    lines += ["", f"Melewati Mutu Baku waktu langkahnya: {len(board.melewati_mutu_baku)}"]
    lines += [f"  {x.id_informasi} langkah {x.langkah}: {x.hari_kerja} hari kerja sejak {_id_date(x.masuk)} "
              f"(Mutu Baku {x.mutu_baku} hari kerja)" for x in board.melewati_mutu_baku]
    if board.tanpa_catatan_masuk:
        lines.append(f"  Tanpa catatan masuk langkah di Riwayat (tidak dihitung): {len(board.tanpa_catatan_masuk)}")
    lines += ["", "Informasi dikecualikan menurut tenggat penetapan pembukaan (PP 61/2010 Pasal 11 ayat (2)):"]
    labels = {OVERDUE: "Lewat tenggat", DUE: f"Tenggat dalam {board.batas_hari_kerja} hari kerja",
              LATER: f"Tenggat lebih dari {board.batas_hari_kerja} hari kerja lagi", NO_END: "Tanpa tanggal berakhir"}
    lines += [f"  {labels[k]}: {board.tenggat[k]}" for k in DEADLINE_ORDER]
    lines += [f"  {d.id_informasi}: berakhir {_id_date(d.berakhir)}, tenggat {_id_date(d.tenggat)} "
              f"({d.keadaan}, sisa {d.sisa_hari_kerja} hari kerja)" for d in board.pengecualian]
    lines += ["", f"Surat terbit tahun {board.tahun_surat}: {sum(board.surat.values())}"]
    lines += [f"  {kind}: {n}" for kind, n in board.surat.items()]
    return "\n".join(lines)


@dataclass(frozen=True)
class ChartSpec:
    """A stacked column chart over the step table: 1-based rows/columns of :func:`sheet_grid`.
    Categories and series are contiguous (A5:H12 with the default statuses), so the macro can hand
    one range to Excel."""

    title: str
    header_row: int
    first_row: int
    last_row: int
    category_col: int
    first_series_col: int
    last_series_col: int


STEP_TABLE_HEADER = 5


def chart_spec(board: Dashboard) -> ChartSpec:
    return ChartSpec("Informasi per Langkah dan Status", STEP_TABLE_HEADER, STEP_TABLE_HEADER + 1,
                     STEP_TABLE_HEADER + STEP_COUNT, 1, 2, 1 + len(board.statuses))


def sheet_grid(board: Dashboard, sop: Sop | None = None) -> list[list[Any]]:
    """The ``Dasbor`` sheet's cells from A1 (text and whole numbers only)."""
    sop = sop or default_sop()
    grid: list[list[Any]] = [
        ["Dasbor Register PPID"],
        [f"Keadaan per {_id_date(board.per_tanggal)}. Sheet ini ditulis ulang oleh tombol Dasbor dan perintah "
         "'ppid dasbor'; jangan diisi manual."],
        [],
        ["Informasi per Langkah dan Status"],
        ["Langkah", *board.statuses, "Jumlah", "Kegiatan"],
    ]
    totals = [0] * (len(board.statuses) + 1)
    for step, counts in board.per_langkah.items():
        values = [counts[s] for s in board.statuses]
        values.append(sum(values))
        totals = [a + b for a, b in zip(totals, values)]
        grid.append([f"Langkah {step}", *values, sop.step(step).kegiatan.rstrip(";.")])
    grid.append(["Jumlah", *totals])
    grid += [[], [f"Melewati Mutu Baku waktu (hari kerja sejak masuk langkah menurut Riwayat): "
                  f"{len(board.melewati_mutu_baku)}"],
             ["ID Informasi", "Judul Informasi", "Langkah", "Masuk Langkah", "Hari Kerja", "Mutu Baku (Hari Kerja)"]]
    grid += [[x.id_informasi, x.judul, x.langkah, _id_date(x.masuk), x.hari_kerja, x.mutu_baku]
             for x in board.melewati_mutu_baku] or [["Tidak ada."]]
    if board.tanpa_catatan_masuk:
        grid.append([f"Tanpa catatan masuk langkah di Riwayat (tidak dihitung): {len(board.tanpa_catatan_masuk)} "
                     "informasi"])
    grid += [[], ["Informasi Dikecualikan menurut Tenggat Penetapan Pembukaan (PP 61/2010 Pasal 11 ayat (2))"],
             ["Lewat tenggat", board.tenggat[OVERDUE]],
             [f"Tenggat dalam {board.batas_hari_kerja} hari kerja", board.tenggat[DUE]],
             [f"Tenggat lebih dari {board.batas_hari_kerja} hari kerja lagi", board.tenggat[LATER]],
             ["Tanpa tanggal berakhir", board.tenggat[NO_END]],
             ["ID Informasi", "Judul Informasi", "Pengecualian Berakhir", "Tenggat Pembukaan", "Sisa Hari Kerja",
              "Keadaan"]]
    grid += [[d.id_informasi, d.judul, _id_date(d.berakhir), _id_date(d.tenggat), d.sisa_hari_kerja, d.keadaan]
             for d in board.pengecualian] or [["Tidak ada."]]
    grid += [[], [f"Surat Terbit Tahun {board.tahun_surat}"], ["Jenis Surat", "Jumlah"]]
    grid += [[kind, n] for kind, n in board.surat.items()]
    grid.append(["Jumlah", sum(board.surat.values())])
    return grid
