"""The controlled workbook's layout and template versions (sheets, header rows, lists, buttons).

The template version is recorded in the workbook (``Pengaturan`` key ``versi_templat``) like the
SOP's Kode Dok/Revisi; :func:`check_structure` compares a workbook against the spec of the version
it claims and names what was renamed, removed or added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import messages as msg
from .datafiles import packaged
from .legal import all_citations
from .problems import Problem, Severity
from .register import LABELS, REGISTER_SHEET

TEMPLATE_VERSION = "1.1"
# Register columns and lists added in 1.1 (the consequence-test record of Perki 1/2021 Pasal 49,
# Pasal 18 ayat (1), who fixed the period, the pimpinan's approval, the opening penetapan).
ADDED_IN_1_1 = (
    "Analisis Undang-Undang", "Pasal 18 Ayat (1)", "Dokumen Sumber Informasi", "Tempat Uji",
    "Penetap Jangka Waktu", "Persetujuan Pimpinan", "Nomor Persetujuan", "Tanggal Persetujuan",
    "Nomor Penetapan Pembukaan", "Tanggal Penetapan Pembukaan", "Pilih",
)
VERSION_KEY = "versi_templat"

PANDUAN, SOP_SHEET, RIWAYAT, PENGATURAN, REFERENSI = "Panduan", "SOP", "Riwayat", "Pengaturan", "Referensi"
LETTERS_SHEET = "Daftar Surat"
REQUIRED_SHEETS = (PANDUAN, SOP_SHEET, REGISTER_SHEET, RIWAYAT, PENGATURAN, REFERENSI)

REGISTER_TITLE_ROW = 1
REGISTER_BUTTON_ROW = 2
REGISTER_HEADER_ROW = 4
REGISTER_FIRST_DATA_ROW = REGISTER_HEADER_ROW + 1
HEADER_SEARCH_ROWS = 20  # the reader looks for the header in the first rows

# Audit trail columns (the workflow fills them; the hash chain covers all but the last).
RIWAYAT_HEADERS = (
    "No", "Waktu", "ID Informasi", "Dari Langkah", "Ke Langkah", "Aksi", "Peran", "Nama",
    "Catatan", "Hash Sebelumnya", "Hash",
)
# Issued letter numbers (never reused): one row per number.
LETTERS_HEADERS = (
    "Tahun", "Kode Unit", "Nomor Urut", "Nomor Surat", "Jenis Surat", "ID Informasi", "Tanggal", "Dibuat Oleh",
)
PENGATURAN_HEADERS = ("Kunci", "Nilai", "Keterangan")
USERS_HEADERS = ("Nama Pengguna", "Peran", "NIP")
USERS_FIRST_COLUMN = 5  # E: the Pengguna table beside the key/value table
CUTI_HEADERS = ("Cuti Bersama", "Keterangan Cuti Bersama")
CUTI_FIRST_COLUMN = 9  # I: the Cuti Bersama table (dates of the yearly SKB) beside the Pengguna table

# Styled button cells on Register row 2: macro name -> (cell, caption). Bound by macros/ with
# xlwings' ``@script(button=...)``; defined names let desktop users find them.
BUTTONS = {
    "validasi": ("B2", "▶ Validasi"),
    "majukan": ("D2", "▶ Majukan Langkah"),
    "kembalikan": ("F2", "↩ Kembalikan"),
    "setujui": ("H2", "✔ Setujui"),
    "buat_surat": ("J2", "✉ Buat Surat"),
    "arsipkan": ("L2", "🗄 Arsipkan"),
    "impor": ("N2", "⇩ Impor"),
    "ekspor": ("P2", "⇪ Ekspor DIP/DIK"),
    "dasbor": ("R2", "▦ Dasbor"),
    "buka": ("T2", "🔓 Buka Informasi"),
}


def button_shape(name: str) -> str:
    """The named shape (and defined name) of a layout button: ``Tombol_majukan``."""
    return f"Tombol_{name}"


def button_ref(name: str) -> str | None:
    """The xlwings Lite/Server sheet-button reference of a layout button (``@script(button=...)``),
    e.g. ``[Tombol_validasi]Register!B2``: the named shape over the button cell. The one definition
    the macros, the server's custom scripts and the workbook writers share."""
    if name not in BUTTONS:
        return None
    return f"[{button_shape(name)}]{REGISTER_SHEET}!{BUTTONS[name][0]}"


def reference_lists() -> dict[str, list]:
    """Drop-down lists by Register label (Referensi sheet), including Pasal 17 citations."""
    lists = dict(packaged("referensi.toml")["daftar"])
    lists["Dasar Pengecualian"] = all_citations()
    return lists


@dataclass(frozen=True)
class TemplateSpec:
    version: str
    sheets: tuple[str, ...]
    register_labels: tuple[str, ...]
    lists: dict[str, list] = field(default_factory=dict)


def current_spec() -> TemplateSpec:
    return TemplateSpec(TEMPLATE_VERSION, REQUIRED_SHEETS, LABELS, reference_lists())


def spec_1_0() -> TemplateSpec:
    """Workbooks made before 1.1 stay readable; the rules then ask for the new elements."""
    lists = {k: v for k, v in reference_lists().items() if k not in ADDED_IN_1_1}
    return TemplateSpec("1.0", REQUIRED_SHEETS, tuple(x for x in LABELS if x not in ADDED_IN_1_1), lists)


KNOWN_VERSIONS = {TEMPLATE_VERSION: current_spec, "1.0": spec_1_0}


def _file_problem(code: str, message: str, sheet: str | None = None,
                  severity: Severity = Severity.ERROR) -> Problem:
    return Problem(sheet, None, None, code, message, severity)


def check_structure(
    version: str | None,
    sheet_names: list[str],
    header: list[str] | None,
    lists: dict[str, list[str]] | None,
) -> list[Problem]:
    """File-level problems. Errors here mean the file cannot be read as a register."""
    problems: list[Problem] = []
    for sheet in REQUIRED_SHEETS:
        if sheet not in sheet_names:
            problems.append(_file_problem("sheet-hilang", msg.MISSING_SHEET.format(
                sheet=sheet, ada=", ".join(sheet_names) or "-"), sheet))
    if problems:
        return problems
    if header is None:
        return [_file_problem("judul-kolom-hilang", msg.NO_HEADER, REGISTER_SHEET)]
    spec_factory = KNOWN_VERSIONS.get(str(version or ""))
    if version is None or version == "":
        problems.append(_file_problem("versi-hilang", msg.NO_VERSION, PENGATURAN, Severity.WARNING))
        spec = current_spec()
    elif spec_factory is None:
        problems.append(_file_problem("versi-tidak-dikenal", msg.UNKNOWN_VERSION.format(
            versi=version, dikenal=", ".join(KNOWN_VERSIONS)), PENGATURAN, Severity.WARNING))
        spec = current_spec()
    else:
        spec = spec_factory()
    problems += _compare_header(spec, header)
    if lists is not None:
        problems += _compare_lists(spec, lists)
    return problems


def _compare_header(spec: TemplateSpec, header: list[str]) -> list[Problem]:
    problems = []
    present = set(header)
    expected = list(spec.register_labels)
    added = [h for h in header if h and h not in spec.register_labels]
    for index, label in enumerate(expected):
        if label in present:
            continue
        # A label missing where the template put it, with an unknown label in its place: a rename.
        position = _expected_position(expected, header, index)
        candidate = header[position] if position is not None and position < len(header) else None
        if candidate and candidate in added:
            added.remove(candidate)
            problems.append(_file_problem("kolom-diganti-nama", msg.RENAMED_COLUMN.format(
                label=label, baru=candidate), REGISTER_SHEET))
        else:
            problems.append(_file_problem("kolom-hilang", msg.MISSING_COLUMN.format(label=label), REGISTER_SHEET))
    for label in added:
        problems.append(_file_problem("kolom-tambahan", msg.ADDED_COLUMN.format(
            label=label, versi=spec.version), REGISTER_SHEET, Severity.WARNING))
    return problems


def _expected_position(expected: list[str], header: list[str], index: int) -> int | None:
    """Where the missing label would sit: right after its nearest present predecessor."""
    for back in range(index - 1, -1, -1):
        if expected[back] in header:
            return header.index(expected[back]) + (index - back)
    return index


def _compare_lists(spec: TemplateSpec, lists: dict[str, list[str]]) -> list[Problem]:
    problems = []
    for name, expected in spec.lists.items():
        got = [str(v) for v in lists.get(name, [])]
        want = [str(v) for v in expected]
        if got == want:
            continue
        missing = [v for v in want if v not in got]
        extra = [v for v in got if v not in want]
        parts = []
        if name not in lists:
            parts.append("daftar tidak ada")
        if missing and name in lists:
            parts.append("hilang: " + ", ".join(missing))
        if extra:
            parts.append("tambahan: " + ", ".join(extra))
        if not parts:
            parts.append("urutan berubah")
        problems.append(_file_problem("daftar-berubah", msg.LIST_CHANGED.format(
            daftar=name, versi=spec.version, rincian="; ".join(parts)), REFERENSI, Severity.WARNING))
    return problems
