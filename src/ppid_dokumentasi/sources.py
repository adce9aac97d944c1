"""Read a source table (.csv or .xlsx) into a header and rows of cell texts, or refuse it.

A source is read completely before anything is written, and every refusal is an
:class:`~ppid_dokumentasi.errors.ImportSourceError` naming the file (and row/column where it
can): wrong encoding, ragged rows, an empty file, an unknown format. Merged cells that start on
the header row of an .xlsx carry their text into every cell they cover (so a two-level header
reads like its CSV form; the importer then joins the levels as ``Induk: Anak``).

Row numbers are what a person sees when opening the file in Excel: the header is row 1 of a CSV
and the first record row 2, whatever line breaks the quoted cells contain; in an .xlsx they are
the sheet's row numbers. Cells are kept as text exactly as written (a number or date from an
.xlsx becomes the text Excel shows for it in the ISO/plain form: ``12``, ``2025-01-31``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import ImportSourceError

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAX_CELL = 32767  # Excel's limit for one cell


@dataclass
class SourceTable:
    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as Excel shows it, cells; same length as header)
    sheet: str | None = None
    header_row: int = 1
    skipped_above: list[tuple[int, list[str]]] | None = None  # .xlsx rows above the header (titles)
    sheet_names: tuple[str, ...] = ()  # every sheet of an .xlsx
    headerless: bool = False  # set by the importer when the first row is a record, not a header

    @property
    def name(self) -> str:
        return self.path.name


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _blank(cells: list[str]) -> bool:
    return all(not c.replace("\u00a0", " ").strip() for c in cells)


def read_source(path: str | Path, *, sheet: str | None = None, header_row: int | None = None,
                header_search: int = 20, header_score: Callable[[list[str]], int] | None = None) -> SourceTable:
    """Read one source. ``sheet``/``header_row`` (1-based) apply to .xlsx; the header of a CSV (or of an
    .xlsx without ``header_row``) is found among its first ``header_search`` rows (``header_score``:
    how many cells of a row name known columns)."""
    path = Path(path)
    if not path.exists():
        raise ImportSourceError(f"Berkas sumber '{path}' tidak ditemukan.")
    if path.is_dir():
        raise ImportSourceError(f"'{path}' adalah folder; sebutkan berkas .csv atau .xlsx.")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        table = _read_csv(path, header_search, header_score)
    elif suffix in XLSX_SUFFIXES:
        table = _read_xlsx(path, sheet, header_row, header_search, header_score)
    elif suffix == ".xls":
        raise ImportSourceError(f"Berkas '{path.name}' berformat Excel 97-2003 (.xls); simpan ulang sebagai .xlsx "
                                "atau CSV UTF-8.")
    else:
        raise ImportSourceError(f"Berkas '{path.name}' bukan .csv atau .xlsx; format '{path.suffix or '-'}' tidak "
                                "dapat diimpor.")
    _check_table(table)
    return table


def _guarded(check, path: Path) -> None:
    """The shared read guard (regular file, size, zip limits); its refusal as an import error."""
    from .errors import NotARegisterError

    try:
        check(path)
    except NotARegisterError as exc:
        raise ImportSourceError(exc.message, code=exc.code) from exc


def _read_csv(path: Path, header_search: int = 20,
              header_score: Callable[[list[str]], int] | None = None) -> SourceTable:
    from .package_guard import check_regular_file

    _guarded(check_regular_file, path)
    data = path.read_bytes()
    if not data.strip():
        raise ImportSourceError(f"Berkas '{path.name}' kosong: tidak ada judul kolom maupun baris data.")
    try:
        text = data.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportSourceError(
            f"Berkas '{path.name}' bukan teks UTF-8 (baris teks {line}, byte ke-{exc.start + 1}). "
            "Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)'; tidak ada yang diimpor.") from exc
    if "\x00" in text:
        raise ImportSourceError(f"Berkas '{path.name}' berisi karakter NUL: tampaknya bukan CSV (mungkin "
                                "berkas biner atau UTF-16). Simpan ulang sebagai 'CSV UTF-8'.")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise ImportSourceError(f"Berkas '{path.name}' rusak di sekitar baris teks {reader.line_num}: {exc}. "
                                "Periksa tanda kutip (\") yang tidak ditutup.") from exc
    records = [r for r in records if r]  # a completely empty line is not a record
    while records and _blank(records[0]):
        records.pop(0)
    if not records:
        raise ImportSourceError(f"Berkas '{path.name}' kosong: tidak ada judul kolom maupun baris data.")
    first = _guess_header(records[:header_search], header_score)  # title lines above the header
    above = [(number, cells) for number, cells in enumerate(records[:first], start=1) if not _blank(cells)]
    header = records[first]
    rows = [(number, cells) for number, cells in enumerate(records[first + 1:], start=first + 2)]
    return SourceTable(path, header, rows, header_row=first + 1, skipped_above=above)


def _delimiter(text: str) -> str:
    """Comma unless the header line (outside quotes) has more semicolons or tabs (Excel in id-ID)."""
    first = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_xlsx(path: Path, sheet: str | None, header_row: int | None, header_search: int,
               header_score: Callable[[list[str]], int] | None = None) -> SourceTable:
    from python_calamine import CalamineWorkbook  # read-only, fast; no openpyxl in the importer

    from .package_guard import check_regular_file, check_package

    _guarded(check_regular_file, path)
    if path.stat().st_size == 0:
        raise ImportSourceError(f"Berkas '{path.name}' kosong (0 byte).")
    if not zipfile.is_zipfile(path):
        raise ImportSourceError(f"Berkas '{path.name}' bukan workbook .xlsx yang dapat dibaca (bukan arsip zip "
                                "Office Open XML); mungkin terenkripsi atau rusak.")
    _guarded(check_package, path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if sheet is not None and sheet not in names:
            raise ImportSourceError(f"Berkas '{path.name}' tidak memiliki sheet '{sheet}' (ada: {', '.join(names)}).")
        ws = book.get_sheet_by_name(sheet or names[0])
        grid = ws.to_python(skip_empty_area=False)
        merged = list(ws.merged_cell_ranges or [])
    except ImportSourceError:
        raise
    except Exception as exc:  # calamine raises several error types for broken packages
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportSourceError(f"Berkas '{path.name}' tidak dapat dibaca: {reason}.") from exc
    rows = [[_text(v) for v in row] for row in grid]
    if not rows or all(_blank(r) for r in rows):
        raise ImportSourceError(f"Berkas '{path.name}' (sheet '{ws.name}') kosong: tidak ada judul kolom maupun "
                                "baris data.")
    if header_row is not None:
        index = header_row - 1
        if not 0 <= index < len(rows) or _blank(rows[index]):
            raise ImportSourceError(f"Berkas '{path.name}': baris judul {header_row} kosong atau tidak ada.")
    else:
        index = _guess_header(rows[:header_search], header_score)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    for (r1, c1), (r2, c2) in merged:
        if r1 == index:  # a merged header cell: its text heads every column and row it covers
            for r in range(r1, min(r2, len(rows) - 1) + 1):
                for c in range(c1, min(c2, width - 1) + 1):
                    if not rows[r][c].strip():
                        rows[r][c] = rows[r1][c1]
    header = rows[index]
    above = [(i + 1, r) for i, r in enumerate(rows[:index]) if not _blank(r)]
    body = [(i + 1, r) for i, r in enumerate(rows) if i > index]
    return SourceTable(path, header, body, sheet=ws.name, header_row=index + 1, skipped_above=above,
                       sheet_names=tuple(names))


def _guess_header(rows: list[list[str]], score: Callable[[list[str]], int] | None = None) -> int:
    """The header row among the first rows: with ``score`` (how many cells name known columns), the
    first row scoring at least half the best score; else (or when no row names a column) the first
    row with at least two filled cells (a title above it fills one merged cell)."""
    if score is not None:
        scores = [score(row) if sum(1 for c in row if c.strip()) >= 2 else 0 for row in rows]
        best = max(scores, default=0)
        if best >= 2:
            return next(i for i, s in enumerate(scores) if s * 2 >= best)
    for index, row in enumerate(rows):
        if sum(1 for c in row if c.strip()) >= 2:
            return index
    return next(i for i, r in enumerate(rows) if not _blank(r))


def _check_table(table: SourceTable) -> None:
    name = table.name
    header = table.header
    # Trailing header cells that are empty and empty in every row are not columns.
    width = len(header)
    while width and not header[width - 1].strip() and all(
            len(cells) < width or not cells[width - 1].strip() for _, cells in table.rows):
        width -= 1
    if width == 0:
        raise ImportSourceError(f"Berkas '{name}' tidak memiliki judul kolom.")
    header[:] = header[:width]
    fixed: list[tuple[int, list[str]]] = []
    for number, cells in table.rows:
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]  # trailing empty cells (exported tables often have one)
        if len(cells) != width and not (table.sheet is None and _blank(cells)):
            raise ImportSourceError(
                f"Berkas '{name}' baris {number}: ada {len(cells)} sel, padahal judul kolom ada {width}. "
                "Baris yang tidak rata tidak diimpor karena isinya bisa masuk ke kolom yang salah; "
                "perbaiki tanda koma/kutip pada baris itu.", row=number)
        cells = cells + [""] * (width - len(cells))
        for col, text in enumerate(cells):
            if len(text) > MAX_CELL:
                raise ImportSourceError(f"Berkas '{name}' baris {number}, kolom '{header[col]}': isi sel lebih dari "
                                        f"{MAX_CELL} karakter (batas Excel).", row=number, column=header[col])
        fixed.append((number, cells))
    table.rows = fixed
    if not fixed:
        raise ImportSourceError(f"Berkas '{name}' hanya berisi judul kolom; tidak ada baris data untuk diimpor.")
