"""Patch cells of one worksheet part (SpreadsheetML XML) and keep every other byte of it.

:func:`patch_sheet` takes a worksheet part's bytes and ``{row: {column: value}}`` and splices new
``<c>`` elements into the rows it touches (or new ``<row>`` elements where there were none); the
rest of the part (other rows, columns, validations, conditional formats, drawings, extensions...)
is copied as it was. Strings are written as inline strings (``t="inlineStr"``) so the shared
string table stays untouched; text that starts with ``=`` stays text. Characters XML cannot hold
are stored as ``_xHHHH_`` escapes like Excel does (readers such as calamine turn them back).
A cell keeps its style (``s=``); a new cell takes its column's style, else its row's, else the
workbook's data style; a date takes the date variant of that style (see :class:`~.xlsx_package.Styles`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Callable

MAX_CELL_CHARS = 32767  # Excel's limit, in UTF-16 code units
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_REF = re.compile(rb"([A-Z]+)([0-9]+)")


class SheetPatchError(ValueError):
    """The part cannot be patched safely (the editor turns it into a user-facing error)."""


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + (ch - 64)
    return col


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def ooxml_text(text: str) -> str:
    """Escape text for a cell: literal ``_xHHHH_`` first (as ``_x005F_``), then illegal characters."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def excel_serial(value: dt.date | dt.datetime | dt.time) -> float | int:
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EXCEL_EPOCH
        serial: float | int = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    else:
        serial = (value - EXCEL_EPOCH.date()).days
    if serial < 61:  # Excel counts the non-existent 29 February 1900
        serial -= 1
    if serial < 1:
        raise SheetPatchError("tanggal sebelum 1 Januari 1900 tidak dapat disimpan sebagai tanggal Excel")
    return serial


def is_temporal(value: Any) -> bool:
    return isinstance(value, (dt.date, dt.datetime, dt.time))


def cell_xml(prefix: bytes, ref: str, style: int | None, value: Any) -> bytes:
    """One ``<c>`` element for a value (None: an empty cell that keeps its style)."""
    p = prefix.decode()
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<{p}c r="{ref}"{s}/>'.encode()
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'.encode()
    if is_temporal(value):
        value = excel_serial(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise SheetPatchError(f"bilangan '{value}' tidak dapat disimpan di sel")
        number = repr(value) if isinstance(value, float) else str(value)
        return f'<{p}c r="{ref}"{s}><{p}v>{number}</{p}v></{p}c>'.encode()
    text = value if isinstance(value, str) else str(value)
    escaped = _xml_escape(ooxml_text(text))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() or "\n" in text or "\t" in text else ""
    return (f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t{space}>{escaped}</{p}t></{p}is></{p}c>'
            .encode("utf-8", "surrogatepass"))


def _attr(tag: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\s" + name + rb"\s*=\s*([\"'])(.*?)\1", tag, re.S)
    return m.group(2) if m else None


def _set_attr(tag: bytes, name: bytes, value: bytes) -> bytes:
    """``tag`` (a start tag) with attribute ``name`` set to ``value`` (added before the end if absent)."""
    pattern = re.compile(rb"(\s" + name + rb"\s*=\s*)([\"'])(.*?)\2", re.S)
    if pattern.search(tag):
        return pattern.sub(lambda m: m.group(1) + b'"' + value + b'"', tag, count=1)
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end] + b" " + name + b'="' + value + b'"' + tag[end:]


class _Patterns:
    def __init__(self, p: bytes) -> None:
        self.row = re.compile(rb"<" + p + rb"row\b[^>]*?(/?)>")
        self.row_end = b"</" + p + b"row>"
        self.cell = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
        self.formula = re.compile(rb"<" + p + rb"f\b([^>]*)", re.S)
        self.sheet_data = re.compile(rb"<" + p + rb"sheetData\b[^>]*?(/?)>")
        self.col = re.compile(rb"<" + p + rb"col\b([^>]*?)/?>")
        self.dimension = re.compile(rb"<" + p + rb"dimension\b[^>]*?/?>")


StyleFor = Callable[[int | None, Any], int | None]  # (style the cell would have, value) -> style to write


Edit = tuple[int, int, bytes]  # (start, end) of the original bytes replaced, and what replaces them


def apply_edits(xml: bytes, edits: list[Edit]) -> bytes:
    whole = memoryview(xml)  # slices of a memoryview are not copies: the part is copied once, by the join
    pieces, position = [], 0
    for start, end, replacement in edits:
        pieces += [whole[position:start], replacement]
        position = end
    pieces.append(whole[position:])
    return b"".join(pieces)


def patch_sheet(xml: bytes, writes: dict[int, dict[int, Any]], style_for: StyleFor) -> tuple[bytes, bool, list[Edit]]:
    """(new part, whether a formula was overwritten, the edits in original order) after writing
    ``{row: {col: value}}``."""
    removed, edits = sheet_edits(xml, writes, style_for)
    return apply_edits(xml, edits), removed, edits


def sheet_edits(xml: bytes, writes: dict[int, dict[int, Any]], style_for: StyleFor) -> tuple[bool, list[Edit]]:
    """(whether a formula was overwritten, the edits in original order) that write ``{row: {col: value}}``
    into the part; :func:`apply_edits` gives the new part (the zip writer may splice without it)."""
    root = re.search(rb"<((?:[A-Za-z_][\w.-]*:)?)worksheet\b", xml)
    if root is None:
        raise SheetPatchError("bagian lembar kerja tidak dikenali")
    p = root.group(1)
    pat = _Patterns(p)
    sd = pat.sheet_data.search(xml)
    if sd is None:
        raise SheetPatchError("lembar kerja tanpa sheetData")
    col_styles = _column_styles(pat, xml[:sd.start()])
    edits: list[Edit] = []
    dimension = _dimension_edit(pat, xml[:sd.start()], writes)
    if dimension:
        edits.append(dimension)
    if sd.group(1):  # <sheetData/>: open it up
        edits.append((sd.start(), sd.end(), re.sub(rb"\s*/>$", b">", sd.group(0))))
        body_end = sd.end()
        closing = b"</" + p + b"sheetData>"
    else:
        body_end = xml.rfind(b"</" + p + b"sheetData>")
        closing = b""
    targets = sorted(writes)
    formula_removed = inserted = False
    implicit = index = 0
    first = sd.end()
    last = pat.row.match(xml, max(xml.rfind(b"<" + p + b"row", first, body_end), 0))
    last_r = _attr(last.group(0), b"r") if last is not None and last.start() >= first else None
    if targets and last_r and int(last_r) < targets[0]:
        first = last.start()  # appending after the last numbered row: the rows before it stay as they are
    for m in pat.row.finditer(xml, first, body_end):
        tag = m.group(0)
        r = _attr(tag, b"r")
        number = int(r) if r else implicit + 1
        implicit = number
        if index >= len(targets) and (r or not inserted):
            break
        while index < len(targets) and targets[index] < number:  # a new row goes before this one
            row_xml = _new_row(p, targets[index], writes[targets[index]], col_styles, style_for)
            edits.append((m.start(), m.start(), row_xml))
            index += 1
            inserted = True
        if not r:  # keep the number of a row without r: a row may have been inserted before it
            tag = _set_attr(tag, b"r", str(number).encode())
        if index < len(targets) and targets[index] == number:
            end = m.end() if m.group(1) else xml.find(pat.row_end, m.end()) + len(pat.row_end)
            inner = b"" if m.group(1) else xml[m.end():end - len(pat.row_end)]
            row_xml, removed = _patch_row(p, pat, tag, inner, number, writes[number], col_styles, style_for)
            formula_removed |= removed
            edits.append((m.start(), end, row_xml))
            index += 1
        elif not r and inserted:
            edits.append((m.start(), m.end(), tag))
    tail = b"".join(_new_row(p, number, writes[number], col_styles, style_for) for number in targets[index:])
    if tail or closing:
        edits.append((body_end, body_end, tail + closing))
    return formula_removed, edits


def _column_styles(pat: _Patterns, head: bytes) -> list[tuple[int, int, int]]:
    styles = []
    for m in pat.col.finditer(head):
        lo, hi, style = _attr(m.group(0), b"min"), _attr(m.group(0), b"max"), _attr(m.group(0), b"style")
        if lo and hi and style:
            styles.append((int(lo), int(hi), int(style)))
    return styles


def _default_style(col: int, row_style: int | None, col_styles: list[tuple[int, int, int]]) -> int | None:
    for lo, hi, style in col_styles:
        if lo <= col <= hi:
            return style
    return row_style


def _new_row(p: bytes, number: int, cells: dict[int, Any], col_styles, style_for: StyleFor) -> bytes:
    body = b"".join(
        cell_xml(p, f"{column_letter(col)}{number}", style_for(_default_style(col, None, col_styles), value), value)
        for col, value in sorted(cells.items()) if value is not None)
    if not body:
        return b""
    return b"<" + p + b'row r="' + str(number).encode() + b'">' + body + b"</" + p + b"row>"


def _patch_row(p: bytes, pat: _Patterns, tag: bytes, inner: bytes, number: int, cells: dict[int, Any],
               col_styles, style_for: StyleFor) -> tuple[bytes, bool]:
    custom = _attr(tag, b"customFormat") in (b"1", b"true")
    row_style = int(_attr(tag, b"s") or 0) if custom else None
    existing: dict[int, bytes] = {}
    order: list[int] = []
    col = 0
    for m in pat.cell.finditer(inner):
        whole = m.group(0)
        head = whole[:whole.find(b">") + 1]  # attributes only: cell text may hold r="..." too
        ref = _attr(head, b"r")
        if ref:
            found = _REF.match(ref)
            col = column_index(found.group(1)) if found else col + 1
            existing[col] = whole
        else:  # make the implicit column explicit: cells may be inserted before it
            col += 1
            existing[col] = _set_attr(head, b"r", f"{column_letter(col)}{number}".encode()) + whole[len(head):]
        order.append(col)
    removed = False
    for col, value in cells.items():
        old = existing.get(col)
        if old is not None:
            head = old[:old.find(b">") + 1]
            formula = pat.formula.search(old)
            if formula is not None:
                kind, ref = _attr(formula.group(0), b"t"), _attr(formula.group(0), b"ref")
                if kind in (b"shared", b"array") and ref and b":" in ref:
                    raise SheetPatchError(
                        f"sel {column_letter(col)}{number} memegang rumus untuk sel lain ({ref.decode()})")
                removed = True
            style_attr = _attr(head, b"s")
            base = int(style_attr) if style_attr else 0
        elif value is None:
            continue
        else:
            base = _default_style(col, row_style, col_styles)
            order.append(col)
        existing[col] = cell_xml(p, f"{column_letter(col)}{number}", style_for(base, value), value)
    body = b"".join(existing[c] for c in sorted(set(order)))
    spans = _attr(tag, b"spans")
    if spans and cells:
        bounds = [int(x) for x in re.findall(rb"\d+", spans)]
        lo, hi = min(bounds + list(cells)), max(bounds + list(cells))
        if (lo, hi) != (min(bounds), max(bounds)):
            tag = _set_attr(tag, b"spans", f"{lo}:{hi}".encode())
    if tag.endswith(b"/>"):
        tag = re.sub(rb"\s*/>$", b">", tag)
    return tag + body + pat.row_end, removed


def _dimension_edit(pat: _Patterns, head: bytes, writes: dict[int, dict[int, Any]]) -> Edit | None:
    m = pat.dimension.search(head)
    if m is None:
        return None
    ref = _attr(m.group(0), b"ref") or b"A1"
    corners = _REF.findall(ref)
    if not corners:
        return None
    cols = [column_index(c) for c, _ in corners]
    rows = [int(r) for _, r in corners]
    cols += [c for cells in writes.values() for c, v in cells.items() if v is not None]
    rows += [r for r, cells in writes.items() if any(v is not None for v in cells.values())]
    new = f"{column_letter(min(cols))}{min(rows)}:{column_letter(max(cols))}{max(rows)}".encode()
    if new == ref or (len(corners) == 1 and new == ref + b":" + ref):
        return None
    return m.start(), m.end(), _set_attr(m.group(0), b"ref", new)
