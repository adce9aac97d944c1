"""Buttons that click: the VBA project, form-control buttons and named shapes of a new workbook.

``ppid buat`` builds the workbook with openpyxl, then :func:`finish` adds to the saved package:

* **shapes for Office.js** (xlwings Server and Lite), in every workbook: one DrawingML shape per
  button over its Register cell, named as its ``@script(button="[Tombol_x]Register!D2")``
  reference (``Tombol_x``) and hyperlinked to that cell (``a:hlinkClick`` with a relationship to
  ``#Register!D2``): a click selects the cell, which is what the xlwings client listens for;
* **for desktop Excel** (``.xlsm`` only): the VBA project (:mod:`vba_project`) with the installed
  xlwings' own ``xlwings.bas`` and a generated module :data:`BUTTON_MODULE` with one Sub per
  button (``RunPython "import macros; macros.jalankan(""majukan"")"``), document modules for the
  workbook and every sheet (code names set by :func:`prepare`), and one form-control button per
  button cell bound to its Sub, written as Excel writes them (VML ``x:ClientData
  ObjectType="Button"`` with ``x:FmlaMacro``, ``xl/ctrlProps`` and the sheet's ``controls``);
  the shapes also carry the macro, so on the desktop whichever is clicked runs it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..layout import BUTTONS, button_shape
from ..register import COLUMNS, REGISTER_SHEET
from .vba_project import Module, build_project, document_module, standard_module

BUTTON_MODULE = "TombolPPID"


def sub_name(macro: str) -> str:
    """The button's Sub: ``buat_surat`` -> ``BuatSurat`` (never ``Tombol_*``: a Sub must not share
    a name with the workbook's defined names)."""
    return "".join(part.capitalize() for part in macro.split("_"))


SUB_NAMES = {name: sub_name(name) for name in BUTTONS}
RUN_PYTHON = 'RunPython "import macros; macros.jalankan(""{name}"")"'

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_DRAWING = NS_R + "/drawing"
REL_VML = NS_R + "/vmlDrawing"
REL_CTRL = NS_R + "/ctrlProp"
REL_HYPERLINK = NS_R + "/hyperlink"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_CTRL = "application/vnd.ms-excel.controlproperties+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
FIRST_SHAPE_ID = 1025  # VML shape ids of drawing block 1 (o:idmap data="1")
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Button:
    name: str  # macro name (layout.BUTTONS key)
    cell: str
    caption: str
    column: int  # 0-based
    row: int  # 0-based

    @property
    def shape_name(self) -> str:
        return button_shape(self.name)

    @property
    def sub(self) -> str:
        return sub_name(self.name)


def buttons() -> list[Button]:
    out = []
    for name, (cell, caption) in BUTTONS.items():
        match = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        letters, row = match.group(1), int(match.group(2))
        column = 0
        for ch in letters:
            column = column * 26 + ord(ch) - 64
        out.append(Button(name, cell, caption, column - 1, row - 1))
    return out


# -- VBA ------------------------------------------------------------------------------------------------
def xlwings_bas() -> Path:
    """The VBA module the installed xlwings ships (``xlwings copy vba`` copies the same file)."""
    import xlwings

    return Path(xlwings.__file__).resolve().parent / "xlwings.bas"


def button_module_source() -> str:
    lines = [
        f'Attribute VB_Name = "{BUTTON_MODULE}"',
        "' Tombol sheet Register: satu Sub per tombol. Dibuat oleh 'ppid buat'; jangan diubah.",
        "' Setiap Sub menjalankan makro Python lewat xlwings (modul xlwings, lembar xlwings.conf).",
        "Option Explicit",
    ]
    for button in buttons():
        lines += ["", f"Public Sub {button.sub}()", f"    {RUN_PYTHON.format(name=button.name)}", "End Sub"]
    return "\r\n".join(lines) + "\r\n"


def code_names(sheet_count: int) -> list[str]:
    return [f"Sheet{i}" for i in range(1, sheet_count + 1)]


def vba_modules(sheet_count: int, extra: tuple[str, ...] = ()) -> list[Module]:
    """ThisWorkbook, one document module per sheet, xlwings, the button module, then ``extra``
    (.bas texts; tests add a test-only module)."""
    modules = [document_module("ThisWorkbook", workbook=True)]
    modules += [document_module(name) for name in code_names(sheet_count)]
    modules.append(standard_module(xlwings_bas().read_bytes().decode("cp1252")))
    modules.append(standard_module(button_module_source()))
    modules += [standard_module(text) for text in extra]
    return modules


def prepare(wb) -> None:
    """Code names on the openpyxl workbook and its sheets (they link the document modules)."""
    wb.code_name = "ThisWorkbook"
    for ws, name in zip(wb.worksheets, code_names(len(wb.worksheets))):
        ws.sheet_properties.codeName = name


# -- package parts ------------------------------------------------------------------------------------
def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text).encode("utf-8")


def _rels(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}/>'
                   for rid, kind, target in rels)
    return _xml(f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>')


def _col_widths_pt() -> list[float]:
    # Excel: pixels = trunc(width * 7 + 5) at the default font; 0.75 pt per pixel
    return [int(c.width * 7 + 5) * 0.75 for c in COLUMNS]


def _box(button: Button) -> tuple[float, float, float, float]:
    """(left, top, width, height) in points of the button cell (rows 1-2: 15 pt and 24 pt)."""
    widths = _col_widths_pt()
    left = sum(widths[:button.column])
    top = 15.0 * button.row
    return left, top, widths[button.column], 24.0


def drawing_xml(macro_enabled: bool) -> bytes:
    anchors = []
    for index, b in enumerate(buttons()):
        _, _, width, height = _box(b)
        inset = 2 * EMU_PER_PT
        macro = f' macro="[0]!{b.sub}"' if macro_enabled else ""
        anchors.append(
            f'<xdr:twoCellAnchor editAs="oneCell">'
            f'<xdr:from><xdr:col>{b.column}</xdr:col><xdr:colOff>{inset}</xdr:colOff>'
            f'<xdr:row>{b.row}</xdr:row><xdr:rowOff>{inset}</xdr:rowOff></xdr:from>'
            f'<xdr:to><xdr:col>{b.column}</xdr:col><xdr:colOff>{int(width * EMU_PER_PT) - inset}</xdr:colOff>'
            f'<xdr:row>{b.row}</xdr:row><xdr:rowOff>{int(height * EMU_PER_PT) - inset}</xdr:rowOff></xdr:to>'
            f'<xdr:sp{macro} textlink="">'
            f'<xdr:nvSpPr><xdr:cNvPr id="{index + 2}" name="{b.shape_name}" descr={quoteattr(b.caption)}>'
            f'<a:hlinkClick r:id="rId{index + 1}"/></xdr:cNvPr><xdr:cNvSpPr/></xdr:nvSpPr>'
            f'<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{int((width - 4) * EMU_PER_PT)}" '
            f'cy="{int((height - 4) * EMU_PER_PT)}"/></a:xfrm><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="2E75B6"/></a:solidFill><a:ln><a:noFill/></a:ln></xdr:spPr>'
            f'<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" rtlCol="0" anchor="ctr"/>'
            f'<a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="id-ID" sz="1100" b="1">'
            f'<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr><a:t>{escape(b.caption)}</a:t></a:r>'
            f'</a:p></xdr:txBody></xdr:sp><xdr:clientData fPrintsWithSheet="0"/></xdr:twoCellAnchor>')
    return _xml(
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{NS_R}">' + "".join(anchors) + "</xdr:wsDr>")


def drawing_rels() -> bytes:
    return _rels([(f"rId{i + 1}", REL_HYPERLINK, f"#{REGISTER_SHEET}!{b.cell}") for i, b in enumerate(buttons())])


def vml_xml() -> bytes:
    shapes = []
    for index, b in enumerate(buttons()):
        left, top, width, height = _box(b)
        shapes.append(
            f'<v:shape id="_x0000_s{FIRST_SHAPE_ID + index}" type="#_x0000_t201" '
            f"style='position:absolute;margin-left:{left:g}pt;margin-top:{top:g}pt;width:{width:g}pt;"
            f"height:{height:g}pt;z-index:{index + 2};mso-wrap-style:tight' "
            'fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
            '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/><o:lock v:ext="edit" rotation="t"/>'
            "<v:textbox style='mso-direction-alt:auto' o:singleclick=\"f\">"
            f"<div style='text-align:center'><font face=\"Calibri\" size=\"220\" color=\"#000000\">"
            f"{escape(b.caption)}</font></div></v:textbox>"
            '<x:ClientData ObjectType="Button">'
            f"<x:Anchor>{b.column}, 2, {b.row}, 2, {b.column}, {int(width / 0.75) - 2}, {b.row}, "
            f"{int(height / 0.75) - 2}</x:Anchor>"
            "<x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>"
            f"<x:FmlaMacro>[0]!{b.sub}</x:FmlaMacro>"
            "<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign></x:ClientData></v:shape>")
    text = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" '
        'o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
        + "".join(shapes) + "</xml>")
    return text.encode("utf-8")


CTRL_PROP = _xml('<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
                 'objectType="Button" lockText="1"/>')


def _controls_xml(first_ctrl_rid: int) -> str:
    parts = []
    for index, b in enumerate(buttons()):
        parts.append(
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:Choice Requires="x14">'
            f'<control shapeId="{FIRST_SHAPE_ID + index}" r:id="rId{first_ctrl_rid + index}" '
            f'name={quoteattr(b.shape_name + "_formulir")}>'
            f'<controlPr defaultSize="0" print="0" autoFill="0" autoPict="0" macro="[0]!{b.sub}">'
            '<anchor moveWithCells="1">'
            f'<from><xdr:col>{b.column}</xdr:col><xdr:colOff>25400</xdr:colOff><xdr:row>{b.row}</xdr:row>'
            '<xdr:rowOff>25400</xdr:rowOff></from>'
            f'<to><xdr:col>{b.column}</xdr:col><xdr:colOff>{int(_box(b)[2] * EMU_PER_PT) - 25400}</xdr:colOff>'
            f'<xdr:row>{b.row}</xdr:row><xdr:rowOff>{int(_box(b)[3] * EMU_PER_PT) - 25400}</xdr:rowOff></to>'
            '</anchor></controlPr></control></mc:Choice></mc:AlternateContent>')
    return (f'<controls xmlns:r="{NS_R}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
            'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">'
            + "".join(parts) + "</controls>")


# Elements that follow drawing/legacyDrawing/controls in CT_Worksheet: insert ours before the first.
_AFTER = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
          "tableParts", "extLst")


def _insert_sheet_elements(sheet_xml: str, elements: str) -> str:
    positions = [m.start() for tag in _AFTER if (m := re.search(rf"<{tag}[\s/>]", sheet_xml))]
    at = min(positions) if positions else sheet_xml.rindex("</worksheet>")
    return sheet_xml[:at] + elements + sheet_xml[at:]


def _sheet_parts(files: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> part path (from workbook.xml and its relationships)."""
    rels = files["xl/_rels/workbook.xml.rels"].decode("utf-8")
    targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets.update({m.group(2): m.group(1) for m in re.finditer(
        r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    workbook = files["xl/workbook.xml"].decode("utf-8")
    out = {}
    for m in re.finditer(r"<sheet\b[^>]*>", workbook):
        tag = m.group(0)
        name = re.search(r'name="([^"]*)"', tag).group(1)
        rid = re.search(r'r:id="([^"]*)"', tag) or re.search(r'\bid="([^"]*)"', tag)
        target = targets[rid.group(1)].lstrip("/")
        out[_unescape(name)] = target if target.startswith("xl/") else "xl/" + target
    return out


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _add_rels(files: dict[str, bytes], part: str, rels: list[tuple[str, str]]) -> list[str]:
    """Add relationships (type, target) to ``part``'s rels; returns their new ids."""
    folder, name = part.rsplit("/", 1)
    rels_path = f"{folder}/_rels/{name}.rels"
    text = files.get(rels_path, _rels([])).decode("utf-8")
    used = {int(n) for n in re.findall(r'Id="rId(\d+)"', text)}
    ids, new = [], []
    next_id = max(used, default=0) + 1
    for kind, target in rels:
        rid = f"rId{next_id}"
        next_id += 1
        ids.append(rid)
        new.append(f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}/>')
    if text.rstrip().endswith("/>") and "<Relationships" in text and "</Relationships>" not in text:
        text = text.rstrip()[:-2] + ">" + "</Relationships>"
    text = text.replace("</Relationships>", "".join(new) + "</Relationships>")
    files[rels_path] = text.encode("utf-8")
    return ids


def _content_types(files: dict[str, bytes], overrides: dict[str, str], macro_enabled: bool) -> None:
    text = files["[Content_Types].xml"].decode("utf-8")
    if macro_enabled:
        text = text.replace(CT_MAIN, CT_MACRO_MAIN)
    if 'Extension="vml"' not in text:
        text = text.replace("</Types>", f'<Default Extension="vml" ContentType="{CT_VML}"/></Types>')
    extra = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides.items())
    files["[Content_Types].xml"] = text.replace("</Types>", extra + "</Types>").encode("utf-8")


def finish(path: str | Path, macro_enabled: bool, extra_modules: tuple[str, ...] = ()) -> None:
    """:func:`add_controls` on the package file at ``path``, rewritten in place."""
    path = Path(path)
    path.write_bytes(add_controls(path.read_bytes(), macro_enabled, extra_modules))


def add_controls(package: bytes, macro_enabled: bool, extra_modules: tuple[str, ...] = ()) -> bytes:
    """The package (as openpyxl saved it) with shapes (always) and the VBA project with form
    buttons (``macro_enabled``) added; every other part is kept as it was."""
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        order = zf.namelist()
        files = {name: zf.read(name) for name in order}
    sheets = _sheet_parts(files)
    sheet_part = sheets[REGISTER_SHEET]
    drawing = "xl/drawings/drawing1.xml"
    overrides = {drawing: CT_DRAWING}
    files[drawing] = drawing_xml(macro_enabled)
    files["xl/drawings/_rels/drawing1.xml.rels"] = drawing_rels()
    rel_specs = [(REL_DRAWING, "../drawings/drawing1.xml")]
    if macro_enabled:
        rel_specs.append((REL_VML, "../drawings/vmlDrawing1.vml"))
        files["xl/drawings/vmlDrawing1.vml"] = vml_xml()
        for index, _ in enumerate(buttons(), start=1):
            part = f"xl/ctrlProps/ctrlProp{index}.xml"
            files[part] = CTRL_PROP
            overrides[part] = CT_CTRL
            rel_specs.append((REL_CTRL, f"../ctrlProps/ctrlProp{index}.xml"))
    ids = _add_rels(files, sheet_part, rel_specs)
    elements = f'<drawing xmlns:r="{NS_R}" r:id="{ids[0]}"/>'
    if macro_enabled:
        elements += f'<legacyDrawing xmlns:r="{NS_R}" r:id="{ids[1]}"/>'
        elements += _controls_xml(int(ids[2][3:]))
        files["xl/vbaProject.bin"] = build_project(vba_modules(len(sheets), extra_modules))
        overrides["xl/vbaProject.bin"] = CT_VBA
        _add_rels(files, "xl/workbook.xml", [(REL_VBA, "vbaProject.bin")])
    files[sheet_part] = _insert_sheet_elements(files[sheet_part].decode("utf-8"), elements).encode("utf-8")
    _content_types(files, overrides, macro_enabled)
    names = order + [n for n in files if n not in order]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return out.getvalue()
