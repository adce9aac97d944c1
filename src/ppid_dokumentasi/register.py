"""The Register: its columns (contract.md labels) and cell normalisation.

Cell values arrive as the sheet reader gives them (str, float, int, date, datetime, None).
:func:`parse_columns` normalises whole columns and reports cells of the wrong type (a date that is
not a date, a number that is not whole) as problems, in Indonesian; validation works on the light
:class:`RowValues`. The pydantic row model, :class:`~ppid_dokumentasi.register_row.RegisterRow`,
lives in its own module and is imported only by what makes row objects (``register.RegisterRow``
still resolves, lazily): pydantic is most of the start-up of a command that only validates. Rules
about content live in :mod:`rules`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import namedtuple
from dataclasses import dataclass
from enum import Enum
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from . import messages as msg
from .problems import Problem

if TYPE_CHECKING:
    from .register_row import RegisterRow

REGISTER_SHEET = "Register"


class Kind(str, Enum):
    TEXT = "text"
    DATE = "date"
    INT = "int"
    CHOICE = "choice"  # value from the Referensi list named by the label


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    width: int = 18
    help: str = ""  # Indonesian input hint shown on the header


COLUMNS: tuple[Column, ...] = (
    Column("id_informasi", "ID Informasi", width=14, help="Unik, tidak pernah dipakai ulang"),
    Column("pilih", "Pilih", width=7, help="Tandai (✓ atau x) baris yang akan diproses tombol; dihapus setelah berhasil"),
    Column("judul", "Judul Informasi", width=34),
    Column("ringkasan", "Ringkasan Isi Informasi", width=40),
    Column("pejabat_penguasa", "Pejabat/Unit Penguasa Informasi", width=26),
    Column("penanggung_jawab", "Penanggung Jawab", width=26),
    Column("waktu_pembuatan", "Waktu Pembuatan", Kind.DATE, 14),
    Column("tempat_pembuatan", "Tempat Pembuatan", width=14),
    Column("bentuk", "Bentuk Informasi", Kind.CHOICE, 16),
    Column("klasifikasi", "Klasifikasi", Kind.CHOICE, 14),
    Column("dasar_pengecualian", "Dasar Pengecualian", width=26, help="mis. Pasal 17 huruf h angka 2"),
    Column("uu_lain", "Undang-Undang Lain", width=26,
           help="Pasal 17 huruf j: Undang-Undang/Perppu Nomor N Tahun YYYY [Pasal n]"),
    Column("analisis_uu", "Analisis Undang-Undang", width=34, help="Perki 1/2021 Pasal 49 ayat (2) huruf c"),
    Column("memorandum", "Memorandum Antar/Intra Badan Publik", Kind.CHOICE, 14),
    Column("pasal18_ayat1", "Pasal 18 Ayat (1)", Kind.CHOICE, 12,
           help="Ya bila informasi berupa putusan, keputusan, peraturan, surat edaran, dsb."),
    Column("pasal18_ayat2", "Pasal 18 Ayat (2)", Kind.CHOICE, 16),
    Column("dokumen_sumber", "Dokumen Sumber Informasi", width=30,
           help="Dokumen yang memuat informasi (Perki 1/2021 Pasal 49 ayat (2) huruf a)"),
    Column("konsekuensi", "Konsekuensi Jika Dibuka", width=34),
    Column("pertimbangan", "Pertimbangan Kepentingan Publik", width=34),
    Column("kesimpulan_uji", "Kesimpulan Uji", Kind.CHOICE, 14),
    Column("waktu_uji", "Waktu Uji", Kind.CHOICE, 18),
    Column("peserta_uji", "Peserta Uji", width=28),
    Column("tanggal_uji", "Tanggal Uji Konsekuensi", Kind.DATE, 14),
    Column("tempat_uji", "Tempat Uji", width=14),
    Column("berakhir", "Pengecualian Berakhir", Kind.DATE, 14),
    Column("penetap_jangka_waktu", "Penetap Jangka Waktu", width=30,
           help="Huruf b: peraturan dasarnya (PP 61/2010 Pasal 6); huruf c-f: pimpinan yang menetapkan (Pasal 7 ayat (5))"),
    Column("persetujuan_oleh", "Persetujuan Pimpinan", width=26,
           help="Pimpinan Badan Publik yang menyetujui (PP 61/2010 Pasal 3 ayat (2))"),
    Column("persetujuan_nomor", "Nomor Persetujuan", width=22),
    Column("persetujuan_tanggal", "Tanggal Persetujuan", Kind.DATE, 14),
    Column("nomor_pembukaan", "Nomor Penetapan Pembukaan", width=26,
           help="Diisi tindakan Buka Informasi (PP 61/2010 Pasal 11)"),
    Column("tanggal_pembukaan", "Tanggal Penetapan Pembukaan", Kind.DATE, 14),
    Column("kode_klasifikasi_arsip", "Kode Klasifikasi Arsip", width=14),
    Column("nomor_berkas", "Nomor Berkas", width=10),
    Column("kurun_waktu", "Kurun Waktu", width=12),
    Column("jumlah", "Jumlah", Kind.INT, 8),
    Column("tingkat_perkembangan", "Tingkat Perkembangan", Kind.CHOICE, 12),
    Column("retensi_aktif", "Retensi Aktif (Tahun)", Kind.INT, 10),
    Column("retensi_inaktif", "Retensi Inaktif (Tahun)", Kind.INT, 10),
    Column("keterangan_retensi", "Keterangan Retensi", Kind.CHOICE, 14),
    Column("keamanan", "Klasifikasi Keamanan", Kind.CHOICE, 14),
    Column("lokasi_softfile", "Lokasi Softfile", width=30),
    Column("langkah", "Langkah", Kind.INT, 8),
    Column("status", "Status", Kind.CHOICE, 18),
    Column("petugas", "Petugas", width=22),
    Column("catatan_koreksi", "Catatan Koreksi", width=30),
    Column("nomor_surat", "Nomor Surat", width=26),
    Column("keterangan", "Keterangan", width=30),
    Column("catatan_impor", "Catatan Impor", width=40, help="Diisi impor: asal berkas/baris dan teks asli"),
    Column("hasil_validasi", "Hasil Validasi", width=44),
)

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
COLUMN_BY_LABEL = {c.label: c for c in COLUMNS}
LABELS = tuple(c.label for c in COLUMNS)
RESULT_LABEL = "Hasil Validasi"


MONTHS_ID = (
    "januari februari maret april mei juni juli agustus september oktober november desember"
).split()
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell or from text (2024-01-31, 31/01/2024, 31 Januari 2024).

    Returns None for an empty cell; raises ValueError for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if (m := _WORDS.match(text)) and m[2].lower() in MONTHS_ID:
            return dt.date(int(m[3]), MONTHS_ID.index(m[2].lower()) + 1, int(m[1]))
    raise ValueError(value)


def parse_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if re.fullmatch(r"\d+", text):
            return int(text)
        if re.fullmatch(r"\d+[.,]0+", text):
            return int(re.split(r"[.,]", text)[0])
    raise ValueError(value)


def cell_text(value: Any) -> str:
    """Text of a cell as the user typed it (whole floats without '.0')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return str(value).strip()


def _converter(column: Column, lists: dict[str, list[str]]):
    """A function raw -> typed value for one column; raises ValueError/LookupError on bad cells."""
    if column.kind is Kind.DATE:
        return parse_date
    if column.kind is Kind.INT:
        def to_int(raw: Any) -> int | None:
            number = parse_int(raw)
            if number is not None and number < 0:
                raise ValueError(raw)
            return number
        return to_int
    if column.kind is Kind.CHOICE:
        choices = [str(c) for c in lists.get(column.label, [])]
        folded = {c.casefold(): c for c in choices}

        def to_choice(raw: Any) -> str:
            text = cell_text(raw)
            if text and text not in choices:
                if text.casefold() not in folded:
                    raise LookupError(text)
                text = folded[text.casefold()]
            return text
        return to_choice
    return cell_text


_BAD = object()  # marks a cell the fast path could not convert
_VALID_STEPS = frozenset({None, 1, 2, 3, 4, 5, 6, 7})
# An absent column's value: empty text, or None for dates and numbers (as RegisterRow's defaults).
_FIELD_DEFAULTS = {c.key: (None if c.kind in (Kind.DATE, Kind.INT) else "") for c in COLUMNS}


# Text columns whose content the rules read with string methods; the other text columns are only
# tested for emptiness, so bulk validation leaves their cells as read (RowValues.model() makes
# them text). This spares one pass over most of the sheet.
RULE_TEXT_KEYS = frozenset({
    "id_informasi", "judul", "dasar_pengecualian", "uu_lain", "nomor_surat", "kode_klasifikasi_arsip",
    "lokasi_softfile", "peserta_uji", "kesimpulan_uji",
})
TEXT_KEYS = frozenset(c.key for c in COLUMNS if c.kind is Kind.TEXT)


def _fast_column(column: Column, raw_values: tuple, choices: dict[str, str]) -> tuple[Any, bool]:
    """Convert the common cells of a column at C speed where possible.

    Returns (values, needs_fix): with needs_fix, cells the fast path could not convert are _BAD.
    """
    kind = column.kind
    if kind is Kind.TEXT and column.key not in RULE_TEXT_KEYS:
        return raw_values, False
    if kind is Kind.CHOICE:
        if set(raw_values) <= choices.keys():  # every value is one of the (text) choices
            return raw_values, False
        get = choices.get
        return [get(v, _BAD) if v.__class__ is str else (_BAD if v is not None else "") for v in raw_values], True
    kinds = set(map(type, raw_values))
    if kind is Kind.TEXT:
        if kinds <= {str}:
            return raw_values, False
        return [v if v.__class__ is str else (_BAD if v is not None else "") for v in raw_values], True
    if kind is Kind.DATE:
        if kinds == {dt.date}:
            return raw_values, False
        date = dt.date
        return [v if v.__class__ is date else (None if v == "" or v is None else _BAD) for v in raw_values], True
    if kinds == {float} and all(map(float.is_integer, raw_values)) and min(raw_values) >= 0:
        return list(map(int, raw_values)), False  # a full column of whole numbers, at C speed
    return [
        v if v.__class__ is int and v >= 0
        else int(v) if v.__class__ is float and v >= 0 and v.is_integer()
        else None if v == "" or v is None else _BAD
        for v in raw_values
    ], True


class RowValues(namedtuple("RowValues", ["excel_row", *(c.key for c in COLUMNS)])):
    """A normalised row as a light tuple: what the rules read in bulk validation.

    Same attribute names as :class:`RegisterRow`; :meth:`model` gives the pydantic row.
    """

    __slots__ = ()

    @property
    def is_exempt(self) -> bool:
        return self.klasifikasi == "Dikecualikan"

    def model(self) -> RegisterRow:
        from .register_row import fast_row

        values = self._asdict()
        for key in TEXT_KEYS:
            if values[key].__class__ is not str:
                values[key] = cell_text(values[key])
        return fast_row(values)


def parse_values(
    labels: list[str], rows: list[tuple[int, list[Any]]], lists: dict[str, list[str]], sheet: str = REGISTER_SHEET
) -> tuple[list[RowValues], list[Problem]]:
    """Normalise many rows column by column; report cells of the wrong type.

    ``rows`` are (Excel row, raw cells in ``labels`` order). Returns normalised rows (in order)
    and the problems of malformed cells (such a cell's value becomes empty).
    """
    columns, problems = parse_columns(labels, rows, lists, sheet)
    return rows_from_columns(columns), problems


def rows_from_columns(columns: dict[str, Sequence[Any]]) -> list[RowValues]:
    return list(map(RowValues._make, zip(*(columns[f] for f in RowValues._fields))))


def parse_columns(
    labels: list[str], rows: list[tuple[int, list[Any]]], lists: dict[str, list[str]], sheet: str = REGISTER_SHEET
) -> tuple[dict[str, Sequence[Any]], list[Problem]]:
    """Normalised columns by field key (plus ``excel_row``) and the problems of malformed cells.

    ``rows`` are (Excel row, raw cells in ``labels`` order): transposed, then :func:`parse_raw_columns`.
    """
    excel_rows = list(map(itemgetter(0), rows))
    width = len(labels)
    grid: Iterable[list[Any]] = map(itemgetter(1), rows)
    if set(map(len, map(itemgetter(1), rows))) - {width}:  # ragged rows: pad or cut to the header
        grid = [list(values[:width]) + [""] * (width - len(values)) for values in grid]
    columns = list(zip(*grid)) if rows else [() for _ in labels]
    return parse_raw_columns(labels, excel_rows, columns, lists, sheet)


def parse_raw_columns(
    labels: list[str], excel_rows: list[int], raw_columns: Sequence[Sequence[Any]], lists: dict[str, list[str]],
    sheet: str = REGISTER_SHEET,
) -> tuple[dict[str, Sequence[Any]], list[Problem]]:
    """Normalise a register given column by column (``raw_columns[i]``: the cells under ``labels[i]``,
    one per Excel row in ``excel_rows``), as a sheet reader gives them: typed cells, or text.

    Works on whole columns so that the common case runs at C speed (benchmarks/speed.py).
    """
    problems: list[Problem] = []
    count = len(excel_rows)
    by_key: dict[str, list[Any]] = {}
    for index, label in enumerate(labels):
        column = COLUMN_BY_LABEL.get(label)
        if column is None or column.key in by_key or index >= len(raw_columns):
            continue
        raw_values = raw_columns[index]
        choices = {str(c): str(c) for c in lists.get(label, [])} | {"": ""}
        out, needs_fix = _fast_column(column, raw_values, choices)
        if needs_fix and _BAD in out:  # the slow path, for the few cells that need it
            convert = _converter(column, lists)
            for position, value in enumerate(out):
                if value is not _BAD:
                    continue
                raw = raw_values[position]
                try:
                    out[position] = convert(raw)
                except ValueError:
                    code, message = msg.wrong_type(column.kind.value, label, raw)
                    problems.append(Problem(sheet, excel_rows[position], label, code, message))
                    out[position] = "" if column.kind is Kind.CHOICE else None
                except LookupError:
                    code, message = msg.not_in_list(label, raw, lists.get(label, []))
                    problems.append(Problem(sheet, excel_rows[position], label, code, message))
                    out[position] = ""
        by_key[column.key] = out
    steps = by_key.get("langkah")
    if steps is not None and not (set(steps) <= _VALID_STEPS):
        steps = by_key["langkah"] = list(steps)
        for position, step in enumerate(steps):
            if step is not None and not 1 <= step <= 7:
                problems.append(Problem(sheet, excel_rows[position], "Langkah", "langkah-tidak-valid",
                                        msg.STEP_RANGE.format(step)))
                steps[position] = None
    columns = {"excel_row": excel_rows}
    for c in COLUMNS:
        columns[c.key] = by_key[c.key] if c.key in by_key else [_FIELD_DEFAULTS[c.key]] * count
    return columns, problems


def parse_table(
    labels: list[str], rows: list[tuple[int, list[Any]]], lists: dict[str, list[str]], sheet: str = REGISTER_SHEET
) -> tuple[list[RegisterRow], list[Problem]]:
    """Like :func:`parse_values`, giving pydantic :class:`RegisterRow` objects."""
    values, problems = parse_values(labels, rows, lists, sheet)
    return [v.model() for v in values], problems


def parse_row(
    cells: dict[str, Any], excel_row: int, lists: dict[str, list[str]], sheet: str = REGISTER_SHEET
) -> tuple[RegisterRow, list[Problem]]:
    """Normalise one row given as ``{label: raw value}``."""
    labels = list(cells)
    rows, problems = parse_table(labels, [(excel_row, [cells[label] for label in labels])], lists, sheet)
    return rows[0], problems


def blank_row(cells: list[Any]) -> bool:
    """True when every cell is empty or only white space (fast: stops at the first real value)."""
    if not cells:
        return True
    first = cells[0]
    if first and (first.__class__ is not str or not first.isspace()):
        return False  # the usual case: the ID cell is filled
    if not any(cells):
        return True
    return not any(v.__class__ is not str or v.strip() for v in cells if v)


def __getattr__(name: str):
    """``register.RegisterRow`` loads the pydantic model on first use (see the module docstring)."""
    if name == "RegisterRow":
        from .register_row import RegisterRow

        return RegisterRow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
