"""Read a register for an action on a few items without parsing every Register row.

:func:`read_targeted` finds the Register rows that may hold the given IDs by scanning the sheet's
XML (already decompressed by :class:`~.xlsx_package.XlsxPackage` for the write), keeps the header
rows and those candidate rows (with their ``r`` attributes, so Excel row numbers stay), and hands
calamine a small in-memory package (workbook, styles, shared strings, the table sheets in full and
the reduced Register; a large Riwayat is cut to its header and last row, which with the count
Pengaturan anchors is all an action needs to chain its events: :class:`RiwayatTail`). The result is
read by the same code as a full read
(:func:`~ppid_dokumentasi.workbook.workbook_from_grids`), so values, dates and the chosen rows are
the same; only the Register rows that cannot be chosen are absent (``register.rows`` then holds the
candidates only, which is why the editor reads everything again before appending Register rows).

The candidate test is a superset: a row is kept when its XML contains the ID (case-insensitive)
or a shared-string index whose string contains it. It returns None (the caller reads everything)
whenever it cannot be sure: an ID that is not plain ASCII letters, digits and ``.-_/``, a kept row
without its ``r`` attribute (its place would depend on the rows cut before it), rich text in the
Register or the shared strings (an ID split over runs), more than ``MAX_CANDIDATES`` candidate
rows, or a part it cannot find. (Characters written as XML references, ``&#80;``, or as ``_x0050_``
in an ID are not recognised; no spreadsheet program writes plain letters and digits that way.)
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..layout import HEADER_SEARCH_ROWS, LETTERS_SHEET, PENGATURAN, REFERENSI, RIWAYAT
from ..register import REGISTER_SHEET
from ..workbook import Grid, WorkbookData
from .xlsx_package import PackageError, XlsxPackage, is_read_part

_PLAIN_ID = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_ROW_START = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"'](\d+)[\"']")
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_CELL_TYPE = re.compile(rb"\st\s*=\s*[\"']([^\"']*)[\"']")
_SI = re.compile(rb"<(?:\w+:)?si[\s>/]")
REL_SHARED_STRINGS = "/sharedStrings"
TABLE_SHEETS = (PENGATURAN, REFERENSI, RIWAYAT, LETTERS_SHEET)  # read in full
_EMPTY_SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheetData/></worksheet>')
MAX_CANDIDATES = 200  # more rows than that may hold the ID: a full read is as quick


def _needles(ids: list[str]) -> list[bytes] | None:
    """The IDs as lower-case ASCII bytes (found in lower-cased XML), or None when one is not a plain ID."""
    wanted = [i.strip() for i in ids]
    if not wanted or not all(_PLAIN_ID.fullmatch(i) for i in wanted):
        return None
    return [i.lower().encode("ascii") for i in wanted]


def _rich(sst: bytes) -> bool:
    return b"<r>" in sst or b":r>" in sst


def _positions(text: bytes, needle: bytes, start: int = 0, end: int | None = None) -> list[int]:
    end = len(text) if end is None else end
    found, at = [], text.find(needle, start, end)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1, end)
    return found


_LETTERS = re.compile(rb"[a-z]+")
MAX_ANCHOR_HITS = 2000  # more places hold an ID's digits than that: search the lower-cased part instead


def _anchor_positions(xml: bytes, anchor: bytes, start: int, end: int) -> list[int]:
    """Every place of ``anchor`` in ``xml[start:end]``; a regex scans digits faster than bytes.find,
    which is used when the anchor could overlap itself (the regex finds no overlapping places)."""
    if any(anchor[:k] == anchor[-k:] for k in range(1, len(anchor))):
        return _positions(xml, anchor, start, end)
    return [m.start() for m in re.compile(re.escape(anchor)).finditer(xml, start, end)]


def _found(xml: bytes, needles: list[bytes], start: int, end: int) -> list[int]:
    """Where the (lower-case) IDs occur in ``xml[start:end]`` in any letter case. An ID's longest run
    without letters (case cannot change it) is found in the part as it is and each place compared
    case-insensitively, which spares a lower-cased copy of the part; IDs without such a run (or
    whose run is everywhere) are found in that copy."""
    hits: list[int] = []
    lowered = None
    for needle in needles:
        anchor = max(_LETTERS.split(needle), key=len)
        places = _anchor_positions(xml, anchor, start, end) if len(anchor) >= 4 else None
        if places is None or len(places) > MAX_ANCHOR_HITS:
            lowered = xml.lower() if lowered is None else lowered
            hits += _positions(lowered, needle, start, end)
            continue
        offset = needle.find(anchor)  # every case of the ID holds the anchor at this offset
        for at in places:
            first = at - offset
            if first >= start and first + len(needle) <= end and xml[first:first + len(needle)].lower() == needle:
                hits.append(first)
    return hits


def _shared_indices(sst: bytes, needles: list[bytes]) -> list[int]:
    """Indices of shared strings that contain an ID (a superset of those equal to it)."""
    lowered, found = sst.lower(), set()
    for needle in needles:
        for at in _positions(lowered, needle):
            found.add(len(_SI.findall(sst, 0, at)) - 1)
    return sorted(i for i in found if i >= 0)


def _shared_cell(xml: bytes, at: int, start: int, prefix: bytes) -> bool:
    """The value at ``at`` belongs to a shared-string cell (``t="s"``), not to a number."""
    opener = xml.rfind(b"<" + prefix + b"c", start, at)
    while opener != -1 and xml[opener + 2 + len(prefix):opener + 3 + len(prefix)] not in (b" ", b">", b"/"):
        opener = xml.rfind(b"<" + prefix + b"c", start, opener)
    if opener == -1:
        return True  # cannot tell: keep the row
    tag = xml[opener:xml.find(b">", opener, at) + 1]
    kind = _CELL_TYPE.search(tag)
    return kind is not None and kind.group(1) == b"s"


def _row_span(xml: bytes, pos: int, start: int, end: int, prefix: bytes) -> tuple[int, int] | None:
    """The span of the ``<row>`` element that contains byte ``pos`` (within sheetData)."""
    opener = xml.rfind(b"<" + prefix + b"row", start, pos)
    while opener != -1 and not _ROW_START.match(xml, opener):
        opener = xml.rfind(b"<" + prefix + b"row", start, opener)
    if opener == -1:
        return None
    close = xml.find(b"</" + prefix + b"row>", pos, end)
    if close == -1:
        return None
    if xml.find(b"</" + prefix + b"row>", opener, pos) != -1:  # pos lies between rows
        return None
    return opener, close + len(b"</" + prefix + b"row>")


def _row_end(xml: bytes, opener: re.Match, end: int, prefix: bytes) -> int | None:
    """Where the ``<row>`` element opened by ``opener`` ends (a self-closed one at its tag), before
    ``end``; None when it is not closed."""
    if opener.group(0).endswith(b"/>"):
        return opener.end()
    close = xml.find(b"</" + prefix + b"row>", opener.end(), end)
    return None if close == -1 else close + len(b"</" + prefix + b"row>")


def reduced_register(xml: bytes, ids: list[str], sst: bytes | None) -> bytes | None:
    """The Register part with only its header rows and the rows that may hold these IDs."""
    needles = _needles(ids)
    data = _SHEET_DATA.search(xml)
    if needles is None or data is None:
        return None
    prefix = data.group(1)
    if data.group(2):  # <sheetData/>: nothing to cut
        return xml
    start = data.end()
    end = xml.rfind(b"</" + prefix + b"sheetData>", start)  # one sheetData: its end is found from the back
    run = re.compile(b"<" + re.escape(prefix) + rb"r[\s>]")  # a regex finds this rarer tag faster than bytes.find
    if end == -1 or run.search(xml, start, end) is not None or (sst and _rich(sst)):
        return None  # rich text: an ID may be split over runs
    hits = _found(xml, needles, start, end)
    if sst:  # a shared-string cell holds the string's index: <v>7</v> (as Excel and openpyxl write it)
        for index in _shared_indices(sst, needles):
            hits += [at for at in _positions(xml, b"<%sv>%d</%sv>" % (prefix, index, prefix), start, end)
                     if _shared_cell(xml, at, start, prefix)]
    spans: dict[int, int] = {}
    for at in hits:
        span = _row_span(xml, at, start, end, prefix)
        if span is not None:
            if not _ROW_NUMBER.search(_ROW_START.match(xml, span[0]).group(0)):
                return None  # a row placed by its order: it must not move (calamine counts the rows before it)
            spans[span[0]] = span[1]
        if len(spans) > MAX_CANDIDATES:
            return None
    # the header rows: every row element up to row HEADER_SEARCH_ROWS
    for m in _ROW_START.finditer(xml, start, end):
        number = _ROW_NUMBER.search(m.group(0))
        if number is None:
            return None
        if int(number.group(1)) > HEADER_SEARCH_ROWS:
            break
        row_end = _row_end(xml, m, end, prefix)
        if row_end is None:
            return None
        spans[m.start()] = row_end
    kept = b"".join(xml[s:spans[s]] for s in sorted(spans))
    return xml[:start] + kept + xml[end:]


class RiwayatTail:
    """The Riwayat of a targeted read when its part is large: the number of events and the last row,
    all a workflow action needs to chain its events (:func:`~ppid_dokumentasi.audit.chain_events`
    takes ``len`` and ``[-1]``). Iterating it is a programming error, never a silent short list."""

    def __init__(self, count: int, last: list) -> None:
        self.count, self.last = count, last

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> list:
        if index in (-1, self.count - 1) and self.count:
            return self.last
        raise IndexError("Riwayat dibaca sebagian (baris terakhir saja)")

    def __iter__(self):
        raise TypeError("Riwayat dibaca sebagian (baris terakhir saja); baca workbook utuh")

    def __add__(self, rows: list) -> "RiwayatTail":
        rows = list(rows)
        return RiwayatTail(self.count + len(rows), rows[-1]) if rows else self


TAIL_FROM = 1 << 20  # a Riwayat part larger than this (inflated) is read by its last row only


def riwayat_tail(xml: bytes) -> tuple[bytes, int] | None:
    """(the Riwayat part with only its header row (row 1) and its last row, the last row's number);
    None when it does not look like that (the caller reads it in full)."""
    data = _SHEET_DATA.search(xml)
    if data is None or data.group(2):
        return None
    prefix, start = data.group(1), data.end()
    end = xml.rfind(b"</" + prefix + b"sheetData>", start)
    first = _ROW_START.search(xml, start, end) if end != -1 else None
    last = _ROW_START.match(xml, xml.rfind(b"<" + prefix + b"row", start, end)) if first is not None else None
    if first is None or last is None or last.start() <= first.start():
        return None
    numbers = [_ROW_NUMBER.search(m.group(0)) for m in (first, last)]
    if None in numbers or numbers[0].group(1) != b"1":
        return None
    ends = [_row_end(xml, m, end, prefix) for m in (first, last)]
    if None in ends:
        return None
    kept = b"".join(xml[m.start():row_end] for m, row_end in zip((first, last), ends))
    return xml[:start] + kept + xml[end:], int(numbers[1].group(1))


def _tail_of(data: WorkbookData, last_row: int) -> RiwayatTail | None:
    """The last event and the event count: the last row's No, when every row above it holds an event
    (No is its Excel row less the header) and it is the count Pengaturan anchors, if one is kept."""
    from ..audit import ANCHOR_COUNT_KEY

    rows, anchored = data.riwayat, data.settings.values.get(ANCHOR_COUNT_KEY)
    try:
        number = float(rows[0][0])
        count = float(anchored) if anchored not in (None, "") else number
    except (IndexError, TypeError, ValueError):
        return None
    if len(rows) != 1 or number != count or number != last_row - 1 or not number.is_integer() or number < 1:
        return None
    return RiwayatTail(int(number), list(rows[0]))


def read_targeted(package: XlsxPackage, path: Path, ids: list[str], grids: dict[str, Grid] | None = None
                  ) -> WorkbookData | None:
    """The workbook as a full read gives it, with only the Register rows that may hold ``ids``;
    None when that cannot be done safely (the caller then reads everything)."""
    from python_calamine import CalamineWorkbook

    from .calamine_reader import _grid
    from ..workbook import workbook_from_grids

    try:
        register = package.sheet_part(REGISTER_SHEET)
        sst_part = next((p for _, kind, p in package.workbook_rels if kind.endswith(REL_SHARED_STRINGS)), None)
        sst = package.peek(sst_part) if sst_part and package.name_of(sst_part) else None
        reduced = reduced_register(package.peek(register), ids, sst)
        if reduced is None:
            return None
        sheets = {package.name_of(p) for p in package.sheets.values()}
        needed = {package.sheet_part(s) for s in TABLE_SHEETS if s in package.sheets}
        riwayat = package.sheet_part(RIWAYAT) if RIWAYAT in package.sheets else None
        tail = (riwayat_tail(package.peek(riwayat))
                if riwayat is not None and package.zip.getinfo(riwayat).file_size > TAIL_FROM else None)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for info in package.zip.infolist():
                name = info.filename
                if name == register:
                    out.writestr(name, reduced)
                elif name == riwayat and tail is not None:
                    out.writestr(name, tail[0])
                elif name in sheets:
                    out.writestr(name, package.peek(name) if name in needed else _EMPTY_SHEET)
                elif is_read_part(info):
                    out.writestr(name, package.peek(name))
        book = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    except (PackageError, OSError, zipfile.BadZipFile):
        return None

    def grid_of(name: str) -> Grid:
        grid = _grid(book, name)
        if grids is not None and name != REGISTER_SHEET:
            grids[name] = grid
        return grid

    data = workbook_from_grids(list(book.sheet_names), grid_of, path)
    if tail is not None:
        data.riwayat = _tail_of(data, tail[1])  # the rows between are empty in this read: the count and last row
        if data.riwayat is None:
            return None
    return data
