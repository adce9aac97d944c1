"""Add or replace the ``Dasbor`` sheet of an .xlsx/.xlsm at the zip level, with a native chart.

Only the Dasbor sheet's own parts are written: its worksheet XML (inline strings, so the shared
strings and styles stay as they are), its drawing and chart with their relationships, and, when the
sheet is new, one ``<sheet>`` entry in ``xl/workbook.xml``, one relationship in
``xl/_rels/workbook.xml.rels`` and the content-type overrides of the new parts. Every other part is
copied raw through :class:`~.xlsx_package.XlsxPackage` (the officer's sheets, styles, defined
names, macros, pictures). The file is refused when open in Excel/LibreOffice, written under the
workbook lock and replaced atomically with the original's mode, owner and group
(:mod:`.safe_replace`): a failure leaves every byte as it was.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any, Callable
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from ..dashboard import SHEET, ChartSpec
from ..errors import NotARegisterError, WorkbookWriteError
from .openpyxl_editor import check_writable, lock_for
from .safe_replace import replace_atomically
from .xlsx_package import PackageError, XlsxPackage

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_DRAWING = NS_REL + "/drawing"
REL_CHART = NS_REL + "/chart"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
MAX_PART_BYTES = 200 * 1024 * 1024  # refuse absurd packages before reading a part into memory
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
WIDTHS = {1: 22, 2: 40}
DEFAULT_WIDTH = 14


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: Any) -> str:
    return escape(_ILLEGAL.sub("", str(value)))


def sheet_xml(grid: list[list[Any]], drawing_rid: str) -> bytes:
    width = max((len(r) for r in grid), default=1)
    cols = "".join(f'<col min="{c}" max="{c}" width="{WIDTHS.get(c, DEFAULT_WIDTH)}" customWidth="1"/>'
                   for c in range(1, width + 1))
    rows = []
    for r, values in enumerate(grid, start=1):
        cells = []
        for c, value in enumerate(values, start=1):
            ref = f"{column_letter(c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
            f'xmlns:r="{NS_REL}"><dimension ref="A1:{column_letter(width)}{max(len(grid), 1)}"/>'
            f'<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f'<cols>{cols}</cols><sheetData>{"".join(rows)}</sheetData>'
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape"/>'
            f'<drawing r:id="{drawing_rid}"/></worksheet>').encode("utf-8")


def _ref(col: int, row: int) -> str:
    return f"{SHEET}!${column_letter(col)}${row}"


def chart_xml(grid: list[list[Any]], spec: ChartSpec) -> bytes:
    def at(row: int, col: int) -> Any:
        values = grid[row - 1] if row - 1 < len(grid) else []
        return values[col - 1] if col - 1 < len(values) else ""

    rows = range(spec.first_row, spec.last_row + 1)
    categories = "".join(f'<c:pt idx="{i}"><c:v>{_text(at(r, spec.category_col))}</c:v></c:pt>'
                         for i, r in enumerate(rows))
    cat = (f"<c:cat><c:strRef><c:f>{_ref(spec.category_col, spec.first_row)}:"
           f"${column_letter(spec.category_col)}${spec.last_row}</c:f><c:strCache><c:ptCount val=\"{len(rows)}\"/>"
           f"{categories}</c:strCache></c:strRef></c:cat>")
    series = []
    for index, col in enumerate(range(spec.first_series_col, spec.last_series_col + 1)):
        letter = column_letter(col)
        points = "".join(f'<c:pt idx="{i}"><c:v>{at(r, col) or 0}</c:v></c:pt>' for i, r in enumerate(rows))
        series.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:strRef><c:f>{_ref(col, spec.header_row)}'
            f'</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{_text(at(spec.header_row, col))}</c:v></c:pt>'
            f'</c:strCache></c:strRef></c:tx><c:invertIfNegative val="0"/>{cat}<c:val><c:numRef><c:f>'
            f'{_ref(col, spec.first_row)}:${letter}${spec.last_row}</c:f><c:numCache><c:formatCode>General'
            f'</c:formatCode><c:ptCount val="{len(rows)}"/>{points}</c:numCache></c:numRef></c:val></c:ser>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{NS_REL}"><c:lang val="id-ID"/><c:roundedCorners val="0"/><c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{_text(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>'
        f'{"".join(series)}<c:gapWidth val="80"/><c:overlap val="100"/><c:axId val="500100"/>'
        '<c:axId val="500200"/></c:barChart><c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/>'
        '</c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx><c:valAx><c:axId val="500200"/><c:scaling>'
        '<c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        '<c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500100"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>').encode("utf-8")


def drawing_xml(spec: ChartSpec, chart_rid: str) -> bytes:
    first_col = spec.last_series_col + 2  # 0-based anchor: one empty column after the table
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<xdr:twoCellAnchor><xdr:from><xdr:col>{first_col}</xdr:col><xdr:colOff>0</xdr:colOff>'
        f'<xdr:row>{spec.header_row - 2}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to>'
        f'<xdr:col>{first_col + 8}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{spec.header_row + 18}</xdr:row>'
        '<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
        f'<xdr:cNvPr id="2" name="Grafik Dasbor"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="{NS_REL}" '
        f'r:id="{chart_rid}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>'
        '</xdr:twoCellAnchor></xdr:wsDr>').encode("utf-8")


def _rels(target: str, kind: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{kind}" Target="{target}"/></Relationships>').encode("utf-8")


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _targets(get: Callable[[str], bytes | None], part: str, kind: str) -> list[str]:
    rels = get(_rels_path(part))
    if rels is None:
        return []
    root = ET.fromstring(rels)
    return [_resolve(part, r.get("Target", "")) for r in root if r.get("Type") == kind]


def _insert_before_close(xml: bytes, tag: str, addition: str) -> bytes:
    text = xml.decode("utf-8")
    match = None
    for match in re.finditer(rf"</((?:[\w.-]+:)?{tag})>", text):
        pass
    if match is None:
        raise NotARegisterError(f"Bagian workbook tidak dikenali (elemen '{tag}' tidak ditemukan).")
    return (text[:match.start()] + addition + text[match.start():]).encode("utf-8")


def _prefix_of(xml: bytes, tag: str) -> str:
    match = re.search(rf"</([\w.-]+:)?{tag}>", xml.decode("utf-8"))
    return match[1] or "" if match else ""


def patch_parts(read: Callable[[str], bytes | None], names: set[str], grid: list[list[Any]],
                spec: ChartSpec) -> dict[str, bytes]:
    """The parts to write for the Dasbor sheet (added or replaced): ``read(part)`` gives a part's
    bytes (None when absent), ``names`` the package's part names. Every other part stays as it is."""
    out: dict[str, bytes] = {}

    def get(part: str) -> bytes | None:
        return out[part] if part in out else read(part)

    taken = set(names)

    def free(pattern: str) -> str:
        number = 1
        while pattern.format(number).lower() in {n.lower() for n in taken}:
            number += 1
        taken.add(pattern.format(number))
        return pattern.format(number)

    workbook_xml, rels_xml = get(WORKBOOK), get(WORKBOOK_RELS)
    workbook = ET.fromstring(workbook_xml)
    rels = ET.fromstring(rels_xml)
    targets = {r.get("Id"): _resolve(WORKBOOK, r.get("Target", "")) for r in rels}
    sheets = workbook.find(f"{{{NS_MAIN}}}sheets")
    existing = None
    for sheet in (sheets if sheets is not None else []):
        if (sheet.get("name") or "").casefold() == SHEET.casefold():
            existing = targets.get(sheet.get(f"{{{NS_REL}}}id"))
    overrides = []
    if existing is None or existing not in names:
        sheet_part = free("xl/worksheets/sheet{}.xml")
        ids = {r.get("Id") for r in rels}
        number = len(ids) + 1
        while f"rId{number}" in ids:
            number += 1
        rid = f"rId{number}"
        sheet_ids = [int(s.get("sheetId") or 0) for s in (sheets if sheets is not None else [])]
        prefix = _prefix_of(workbook_xml, "sheets")
        out[WORKBOOK] = _insert_before_close(
            workbook_xml, "sheets", f'<{prefix}sheet xmlns:r="{NS_REL}" name="{SHEET}" '
                                    f'sheetId="{max(sheet_ids, default=0) + 1}" r:id="{rid}"/>')
        out[WORKBOOK_RELS] = _insert_before_close(
            rels_xml, "Relationships", f'<Relationship Id="{rid}" Type="{REL_WORKSHEET}" Target="/{sheet_part}"/>')
        overrides.append((sheet_part, CT_WORKSHEET))
    else:
        sheet_part = existing
    drawings = [d for d in _targets(get, sheet_part, REL_DRAWING) if d in names]
    drawing_part = drawings[0] if drawings else free("xl/drawings/drawing{}.xml")
    charts = [c for c in _targets(get, drawing_part, REL_CHART) if c in names] if drawings else []
    chart_part = charts[0] if charts else free("xl/charts/chart{}.xml")
    if not drawings:
        overrides.append((drawing_part, CT_DRAWING))
    if not charts:
        overrides.append((chart_part, CT_CHART))
    out[sheet_part] = sheet_xml(grid, "rId1")
    out[_rels_path(sheet_part)] = _rels("/" + drawing_part, REL_DRAWING)
    out[drawing_part] = drawing_xml(spec, "rId1")
    out[_rels_path(drawing_part)] = _rels("/" + chart_part, REL_CHART)
    out[chart_part] = chart_xml(grid, spec)
    for part, content_type in overrides:
        types = get(CONTENT_TYPES)
        if f'PartName="/{part}"'.encode() not in types:
            out[CONTENT_TYPES] = _insert_before_close(
                types, "Types", f'<Override PartName="/{part}" ContentType="{content_type}"/>')
    return out


def write_dasbor(path: str | Path, grid: list[list[Any]], spec: ChartSpec) -> None:
    """Add or replace the Dasbor sheet of the workbook at ``path``: refused when the workbook is open
    in Excel/LibreOffice; under the workbook lock; unchanged parts copied raw (compressed bytes as
    they were); atomic replace keeping mode, owner and group (``safe_replace``)."""
    path = Path(path)
    check_writable(path)
    with lock_for(path):
        try:
            package = XlsxPackage(path)
        except PackageError as exc:
            raise NotARegisterError(f"Workbook '{path.name}' tidak dapat dibuka: {exc}.") from exc
        try:
            infos = package.zip.infolist()
            if sum(i.file_size for i in infos) > MAX_PART_BYTES:
                raise NotARegisterError(f"Workbook '{path.name}' terlalu besar untuk diperbarui dasbornya.")
            names = {i.filename for i in infos}
            if not {WORKBOOK, WORKBOOK_RELS, CONTENT_TYPES} <= names:
                raise NotARegisterError(f"'{path.name}' bukan workbook Excel (.xlsx/.xlsm) yang dikenali.")
            changes = patch_parts(lambda part: package.zip.read(part) if part in names else None, names, grid, spec)
            buffer = io.BytesIO()
            for part, data in changes.items():
                if part in names:
                    package.replace(part, data)
            package.write(buffer)
        finally:
            package.close()
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out:
            for part, data in changes.items():
                if part not in names:
                    out.writestr(part, data)
        try:
            replace_atomically(path, lambda handle: handle.write(buffer.getvalue()), under_lock=True)
        except OSError as exc:
            raise WorkbookWriteError(f"Workbook '{path}' tidak dapat ditulis: {exc.strerror or exc}") from exc
