"""What may be published: the Daftar Informasi Publik (DIP) and the public part of the Daftar
Informasi yang Dikecualikan (DIK), and what is held back and why.

* **DIP** (UU 14/2008 Pasal 11 ayat (1) huruf a): every public item (Berkala, Serta Merta, Setiap
  Saat) that finished the SOP (step 7, ``Selesai``), plus exempted items opened by the PPID's
  penetapan *from their end date on* (PP 61/2010 Pasal 11 ayat (1); :func:`expiry.is_public_on`),
  listed with the class the penetapan chose, with the seven elements of a DIP entry (Perki 1/2021,
  legal-notes.md §8 item 8); an entry missing one is held back.
* **DIK, public part**: exempted items that were approved and set by a surat penetapan (PP 61/2010
  Pasal 3 ayat (2), Pasal 4 ayat (1)) and whose period has not ended (Pasal 11 ayat (3): an ended
  period is never listed as exempted), an opening penetapan made for its end date included. Only
  :data:`DIK_FIELDS` leave the register: never the summary, consequence, weighing, participants,
  security class or notes.

The questions that issue 11 (expiry, opening, approvals) answers in the core are isolated in
:func:`is_approved`, :func:`opening_of`, :func:`penetapan_of` and :func:`opening_deadline`, so that
the selection switches over in one place when those records exist.

Plain Python over :class:`~.workbook.WorkbookData`; writers are in :mod:`export_files`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .workbook import WorkbookData
from .dates_id import format_date_for
from .datafiles import packaged
from .legal import CitationError, parse_citations, period_basis
from .letters import KINDS
from .numbering import numbers_in
from .opening import CLASS_KEY  # the class of an opening without a recorded one
from .register import cell_text
from .settings import Settings
from .sop import STEP_COUNT
from .validation import validate_rows
from . import expiry
from .workdays import add_working_days, signed_working_days
from .workflow import APPROVED, FINISHED, SETUJUI

if TYPE_CHECKING:
    from .register_row import RegisterRow

EXEMPT = "Dikecualikan"
KEPUTUSAN_LABEL = KINDS["keputusan"].label
OPENING_LEAD_WORKING_DAYS = 30  # PP 61/2010 Pasal 11 ayat (2): at the latest 30 working days before the end
OPENING_ACTIONS = frozenset({"buka", "pembukaan", "dibuka"})  # Riwayat actions that record an opening
UU_KIP = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"


def public_classes(lists: dict[str, list[str]] | None = None) -> list[str]:
    """The public classifications in list order (Referensi 'Klasifikasi' minus Dikecualikan)."""
    source = (lists or {}).get("Klasifikasi") or packaged("referensi.toml")["daftar"]["Klasifikasi"]
    return [str(c) for c in source if str(c) != EXEMPT]


# -- events and letters of the workbook ------------------------------------------------------
@dataclass(frozen=True)
class Event:
    """One Riwayat row, typed."""

    waktu: dt.datetime | None
    id_informasi: str
    dari: int | None
    ke: int | None
    aksi: str
    catatan: str

    @property
    def day(self) -> dt.date | None:
        return self.waktu.date() if self.waktu else None


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        return dt.datetime.fromisoformat(cell_text(value))
    except ValueError:
        return None


def _step(value: Any) -> int | None:
    try:
        return int(float(cell_text(value)))
    except ValueError:
        return None


def history(riwayat: list[list[Any]]) -> dict[str, list[Event]]:
    """Riwayat events by item ID (case-folded), in sheet order."""
    events: dict[str, list[Event]] = {}
    for row in riwayat:
        cells = (list(row) + [None] * 9)[:9]
        item = cell_text(cells[2])
        if not item:
            continue
        events.setdefault(item.casefold(), []).append(Event(
            _when(cells[1]), item, _step(cells[3]), _step(cells[4]), cell_text(cells[5]), cell_text(cells[8])))
    return events


@dataclass(frozen=True)
class Penetapan:
    nomor: str
    tanggal: dt.date | None


def is_penetapan_label(label: str) -> bool:
    """A Daftar Surat kind that sets exempted information: today's Keputusan label, or an earlier
    wording of it (rows keep the label they were issued under)."""
    return label == KEPUTUSAN_LABEL or (label.startswith("Keputusan")
                                        and "Penetapan Informasi yang Dikecualikan" in label)


def penetapan_index(letters: list[list[Any]]) -> dict[str, Penetapan]:
    """The latest surat penetapan (Keputusan) per item ID (case-folded), from Daftar Surat."""
    found: dict[str, Penetapan] = {}
    for row in letters:
        cells = (list(row) + [None] * 8)[:8]
        if not is_penetapan_label(cell_text(cells[4])):
            continue
        day = _when(cells[6])
        record = Penetapan(cell_text(cells[3]), day.date() if day else None)
        for item in (p.strip() for p in cell_text(cells[5]).split(";")):
            if not item:
                continue
            previous = found.get(item.casefold())
            if previous is None or (record.tanggal or dt.date.min) >= (previous.tanggal or dt.date.min):
                found[item.casefold()] = record
    return found


# -- the isolated questions (issue 11 answers them in the core; switch over here) -------------
def is_finished(row: RegisterRow) -> bool:
    return row.langkah == STEP_COUNT and row.status == FINISHED


def is_approved(row: RegisterRow, events: list[Event]) -> bool:
    """Approved: the pimpinan Badan Publik's approval recorded (the Persetujuan columns, PP 61/2010 Pasal 3
    ayat (2)), or the SOP's step-6 approval by the pimpinan PPID: Status Disetujui, step 7 (reached only
    after it), or a ``setujui`` event in Riwayat."""
    if row.persetujuan_tanggal is not None or row.persetujuan_nomor.strip():
        return True
    if row.status == APPROVED or row.langkah == STEP_COUNT:
        return True
    return any(e.aksi == SETUJUI for e in events)


@dataclass(frozen=True)
class Opening:
    nomor: str
    tanggal: dt.date | None
    klasifikasi: str = ""  # the public class the penetapan chose (its Riwayat note), "" when not recorded


def opening_of(row: RegisterRow, events: list[Event], classes: list[str] | None = None) -> Opening | None:
    """The penetapan that opens this item at the end of its exemption period (PP 61/2010 Pasal 11
    ayat (1)): the Register's 'Nomor/Tanggal Penetapan Pembukaan', else a Riwayat opening event;
    None when it was never opened. ``classes``: the public classes, to read the chosen one from the
    ``buka`` event's note."""
    event = next((e for e in reversed(events) if e.aksi.casefold() in OPENING_ACTIONS), None)
    kelas = expiry.class_in_note(event.catatan, classes) if event is not None and classes else ""
    if row.nomor_pembukaan.strip() or row.tanggal_pembukaan is not None:
        return Opening(row.nomor_pembukaan.strip(), row.tanggal_pembukaan, kelas)
    if event is not None:
        numbers = numbers_in(event.catatan)
        return Opening(str(numbers[0]) if numbers else "", event.day, kelas)
    return None


def opening_deadline(end: dt.date, settings: Settings | None = None) -> dt.date:
    """The last day for the opening penetapan: ``end`` minus 30 working days (PP 61/2010 Pasal 11
    ayat (2)), counting the office's cuti bersama (:func:`expiry.deadline`, the one definition)."""
    return expiry.deadline(end, settings)


def working_days_until(start: dt.date, end: dt.date, settings: Settings | None = None) -> int:
    """Working days from ``start`` to ``end`` (negative when ``end`` is before ``start``)."""
    return signed_working_days(start, end, settings.cuti_bersama if settings is not None else frozenset())


# -- the selection ---------------------------------------------------------------------------
@dataclass(frozen=True)
class HeldBack:
    id_informasi: str
    judul: str
    klasifikasi: str
    langkah: int | None
    status: str
    alasan: str


@dataclass
class Publication:
    as_of: dt.date
    settings: Settings
    classes: list[str]
    dip: list[RegisterRow] = field(default_factory=list)
    dik: list[RegisterRow] = field(default_factory=list)
    openings: dict[str, Opening] = field(default_factory=dict)  # by ID (case-folded), DIP items opened
    penetapan: dict[str, Penetapan] = field(default_factory=dict)  # by ID (case-folded), DIK items
    held: list[HeldBack] = field(default_factory=list)

    def day(self, value: dt.date | None) -> str:
        return format_date_for(value, self.settings) if value else ""


DIP_ELEMENTS = (  # Perki 1/2021 elements of a DIP entry (legal-notes.md §8 item 8), by Register field
    ("ringkasan", "Ringkasan Isi Informasi"),
    ("pejabat_penguasa", "Pejabat/Unit Penguasa Informasi"),
    ("penanggung_jawab", "Penanggung Jawab"),
    ("waktu_pembuatan", "Waktu Pembuatan"),
    ("tempat_pembuatan", "Tempat Pembuatan"),
    ("bentuk", "Bentuk Informasi"),
)


def missing_elements(row: RegisterRow) -> list[str]:
    missing = [label for key, label in DIP_ELEMENTS if getattr(row, key) in (None, "")]
    if row.retensi_aktif is None and row.retensi_inaktif is None and not row.keterangan_retensi:
        missing.append("Jangka Waktu Penyimpanan (Retensi)")
    return missing


def _held(row: RegisterRow, reason: str) -> HeldBack:
    return HeldBack(row.id_informasi, row.judul, row.klasifikasi, row.langkah, row.status, reason)


# Validation errors this module explains with its own, more precise reason (the DIP elements of a
# public item; the end of an exemption period, PP 61/2010 Pasal 11), so they do not hold an item
# back as a generic "still has errors".
EXPLAINED_HERE = frozenset({
    "tempat-pembuatan-wajib", "bentuk-wajib", "retensi-aktif-wajib", "retensi-inaktif-wajib",
    "berakhir-lewat", "batas-pembukaan-lewat", "dibuka-sebelum-berakhir",
})


def select(data: WorkbookData, as_of: dt.date) -> Publication:
    """Sort every Register item into DIP, DIK or held back (with the reason), as of ``as_of``."""
    rows, problems = validate_rows(data.register.labels, data.register.rows, data.lists, data.settings, as_of)
    errors: dict[int, set[str]] = {}
    for problem in problems:
        if problem.is_error and problem.row is not None and problem.code not in EXPLAINED_HERE:
            # Only the column: a message may quote the cell, and an exempted cell must not leave.
            errors.setdefault(problem.row, set()).add(problem.column or problem.code)
    events = history(data.riwayat)
    penetapan = penetapan_index(data.letters)
    classes = public_classes(data.lists)
    pub = Publication(as_of, data.settings, classes)
    seen: set[str] = set()
    for row in rows:
        key = row.id_informasi.strip().casefold()
        if not key:
            continue
        if key in seen:
            pub.held.append(_held(row, "ID Informasi ganda; hanya baris pertama yang dipertimbangkan."))
            continue
        seen.add(key)
        item_events = events.get(key, [])
        if row.excel_row in errors:
            columns = ", ".join(sorted(errors[row.excel_row]))
            pub.held.append(_held(row, f"Register baris {row.excel_row} masih bergalat di kolom {columns}; jalankan "
                                       "Validasi dan perbaiki dulu."))
        elif row.klasifikasi in classes:
            _public(pub, row, item_events)
        elif row.is_exempt and expiry.is_public_on(row, as_of):
            _opened(pub, row, item_events)
        elif row.is_exempt:
            _exempt(pub, row, item_events, penetapan.get(key))
        else:
            pub.held.append(_held(row, "Klasifikasi belum diisi."))
    order = {c: i for i, c in enumerate(classes)}
    pub.dip.sort(key=lambda r: (order.get(r.klasifikasi, len(order)), r.excel_row))
    return pub


def _opened(pub: Publication, row: RegisterRow, events: list[Event]) -> None:
    """An exempted item opened by penetapan whose period has ended: in the DIP with the chosen class
    (the Riwayat ``buka`` note; else Pengaturan ``klasifikasi_pembukaan``)."""
    opening = opening_of(row, events, pub.classes)
    kelas = (opening.klasifikasi if opening else "") or pub.settings.text(CLASS_KEY)
    if kelas not in pub.classes:
        pub.held.append(_held(row, "Jangka waktu pengecualian berakhir dan pembukaannya sudah ditetapkan, tetapi "
                                   "klasifikasi Informasi Publiknya tidak tercatat (Riwayat 'buka' atau Pengaturan "
                                   f"'{CLASS_KEY}'); ubah Klasifikasi baris ini ke klasifikasi publiknya."))
        return
    _public(pub, row.model_copy(update={"klasifikasi": kelas}), events)


def _public(pub: Publication, row: RegisterRow, events: list[Event]) -> None:
    if expiry.opened_early(row, pub.as_of):
        pub.held.append(_held(row, f"Klasifikasi '{row.klasifikasi}' dicatat sebelum jangka waktu pengecualian "
                                   f"berakhir {pub.day(row.berakhir)}: penetapan pembukaan berlaku sejak berakhirnya "
                                   "(PP 61/2010 Pasal 11 ayat (1)); membuka lebih awal adalah pengubahan klasifikasi "
                                   "berdasarkan Pengujian Konsekuensi (Pasal 10 ayat (2))."))
        return
    opening = opening_of(row, events, pub.classes)
    if not is_finished(row) and opening is None:
        pub.held.append(_held(row, f"Belum selesai melalui SOP (langkah {row.langkah or '-'} dari {STEP_COUNT}, "
                                   f"status '{row.status or '-'}'); DIP memuat informasi yang selesai langkah "
                                   f"{STEP_COUNT}."))
        return
    missing = missing_elements(row)
    if missing:
        pub.held.append(_held(row, "Unsur DIP belum lengkap (Perki 1/2021): " + ", ".join(missing) + "."))
        return
    pub.dip.append(row)
    if opening is not None:
        pub.openings[row.id_informasi.strip().casefold()] = opening


def _exempt(pub: Publication, row: RegisterRow, events: list[Event], penetapan: Penetapan | None) -> None:
    key = row.id_informasi.strip().casefold()
    if row.berakhir is not None and row.berakhir <= pub.as_of:
        pub.held.append(_held(row, f"Jangka waktu pengecualian berakhir {pub.day(row.berakhir)} tetapi belum dibuka "
                                   "dengan penetapan PPID: tidak boleh lagi dicantumkan sebagai dikecualikan (PP "
                                   "61/2010 Pasal 11 ayat (3)); tetapkan pembukaannya, lalu ekspor lagi."))
        return
    if row.kesimpulan_uji == "Dibuka":
        pub.held.append(_held(row, "Kesimpulan uji konsekuensi 'Dibuka' tetapi Klasifikasi masih Dikecualikan; "
                                   "perbaiki klasifikasinya."))
        return
    if not is_approved(row, events):
        pub.held.append(_held(row, "Belum disetujui pimpinan PPID di langkah 6 SOP; status "
                                   f"'{row.status or '-'}' di langkah {row.langkah or '-'}."))
        return
    if penetapan is None:
        pub.held.append(_held(row, "Belum ditetapkan dengan surat penetapan (PP 61/2010 Pasal 4 ayat (1)); buat "
                                   f"'{KEPUTUSAN_LABEL}' untuk item ini."))
        return
    pub.dik.append(row)
    pub.penetapan[key] = penetapan


# -- public texts of an entry ----------------------------------------------------------------
def retention_text(row: RegisterRow) -> str:
    parts = []
    if row.retensi_aktif is not None:
        parts.append(f"aktif {row.retensi_aktif} tahun")
    if row.retensi_inaktif is not None:
        parts.append(f"inaktif {row.retensi_inaktif} tahun")
    text = ", ".join(parts)
    if row.keterangan_retensi:
        text = f"{text}; {row.keterangan_retensi}" if text else row.keterangan_retensi
    return text[:1].upper() + text[1:]


def ground_text(row: RegisterRow) -> str:
    """``Pasal 17 huruf h angka 2 UU 14/2008`` (each ground of the cell)."""
    try:
        citations = parse_citations(row.dasar_pengecualian)
    except CitationError:
        return row.dasar_pengecualian
    return "; ".join(f"{c} UU 14/2008" for c in citations)


def law_text(row: RegisterRow) -> str:
    """The Undang-Undang the exemption rests on: huruf j's other law, and UU 14/2008 itself."""
    laws = [UU_KIP]
    if row.uu_lain.strip():
        laws.append(row.uu_lain.strip())
    return "; ".join(laws)


def period_text(pub: Publication, row: RegisterRow) -> str:
    if row.berakhir is not None:
        text = f"sampai dengan {pub.day(row.berakhir)}"
        if expiry.is_opened(row):  # the penetapan made for its end date (PP 61/2010 Pasal 11 ayat (1)-(2))
            text += (f"; dapat diakses sejak tanggal itu berdasarkan penetapan PPID nomor "
                     f"{row.nomor_pembukaan.strip()}")
        return text
    try:
        citations = parse_citations(row.dasar_pengecualian)
    except CitationError:
        citations = []
    return period_basis(citations)  # as the letters print it (legal.period_basis)


def deadline_of(row: RegisterRow, settings: Settings | None = None) -> dt.date | None:
    return opening_deadline(row.berakhir, settings) if row.berakhir else None


__all__ = [
    "DIP_ELEMENTS", "Event", "HeldBack", "Opening", "Penetapan", "Publication", "add_working_days", "deadline_of",
    "history", "is_approved", "is_finished", "law_text", "missing_elements", "opening_deadline", "opening_of",
    "penetapan_index", "period_text", "public_classes", "retention_text", "select", "working_days_until",
]
