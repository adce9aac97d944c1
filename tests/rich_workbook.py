"""A sample register carrying what offices add in Excel (built by code, at zip/XML level).

:func:`make_rich_workbook` starts from ``ppid buat --contoh`` output and adds a VBA project (opaque
bytes) with a form button (control + VML shape calling a macro), a drawing with a named shape
that links to a cell, an image and a chart, a comment, a conditional format (with its dxf style),
formulas with cached values (one in the row an action changes), x14 sparklines, Office add-in
parts (``xl/webextensions/*``) and a custom XML part. Saved as .xlsm.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.register import LABELS
from ppid_dokumentasi.sample import sample_rows

NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = NS_R
REGISTER_PART = "xl/worksheets/sheet3.xml"
FORMULA_ROWS = (5, 16)  # PKR-2025-001 (untouched) and PKR-2025-012 (advanced by majukan)


def letter(label: str) -> str:
    """The Register column letter of a header label."""
    col, letters = LABELS.index(label) + 1, ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


JUMLAH, LANGKAH, RESULT = letter("Jumlah"), letter("Langkah"), letter("Hasil Validasi")
RETENTION = f"{letter('Retensi Aktif (Tahun)')}5:{letter('Retensi Inaktif (Tahun)')}5"
VBA_BYTES = bytes((i * 37 + 11) % 256 for i in range(4096))


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


ADDED = {
    "xl/vbaProject.bin": VBA_BYTES,
    "xl/media/image1.png": _png(),
    "xl/drawings/drawing1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{NS_R}">
<xdr:twoCellAnchor><xdr:from><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>17</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Ke Daftar Surat"><a:hlinkClick r:id="rId1"/></xdr:cNvPr><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Daftar Surat</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>
<xdr:oneCellAnchor><xdr:from><xdr:col>18</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="914400" cy="914400"/>
<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>
<xdr:twoCellAnchor><xdr:from><xdr:col>20</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>26</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="4" name="Grafik Langkah"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId3"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>
</xdr:wsDr>""",
    "xl/drawings/_rels/drawing1.xml.rels": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/hyperlink" Target="#'Daftar Surat'!A1"/><Relationship Id="rId2" Type="{REL}/image" Target="../media/image1.png"/><Relationship Id="rId3" Type="{REL}/chart" Target="../charts/chart1.xml"/></Relationships>""",
    "xl/charts/chart1.xml": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>Register!${LANGKAH}$5:${LANGKAH}$18</c:f></c:numRef></c:val></c:ser><c:axId val="10"/><c:axId val="20"/></c:barChart><c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="20"/></c:catAx><c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="10"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>""",
    "xl/comments1.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>PPID</author></authors><commentList><comment ref="B5" authorId="0"><text><r><t>Periksa judul sebelum diarsipkan.</t></r></text></comment></commentList></comments>""",
    "xl/drawings/vmlDrawing1.vml": """<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>
<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
<v:shape id="_x0000_s1025" type="#_x0000_t201" style="position:absolute;margin-left:0;margin-top:0;width:90pt;height:20pt;z-index:1"><v:textbox><div>Majukan (makro)</div></v:textbox><x:ClientData ObjectType="Button"><x:Anchor>3, 0, 1, 0, 4, 0, 1, 20</x:Anchor><x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill><x:FmlaMacro>[0]!Majukan</x:FmlaMacro><x:TextHAlign>Center</x:TextHAlign></x:ClientData></v:shape>
<v:shape id="_x0000_s1026" type="#_x0000_t202" style="position:absolute;visibility:hidden"><x:ClientData ObjectType="Note"><x:Row>4</x:Row><x:Column>1</x:Column></x:ClientData></v:shape>
</xml>""",
    "xl/ctrlProps/ctrlProp1.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Button" lockText="1"/>""",
    "xl/worksheets/_rels/sheet3.xml.rels": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/drawing" Target="../drawings/drawing1.xml"/><Relationship Id="rId2" Type="{REL}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/><Relationship Id="rId3" Type="{REL}/ctrlProp" Target="../ctrlProps/ctrlProp1.xml"/><Relationship Id="rId4" Type="{REL}/comments" Target="../comments1.xml"/></Relationships>""",
    "xl/webextensions/webextension1.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{6D3A8E4B-5D2C-4F1A-9C44-0B9E3A7F2E11}"><we:reference id="wa200005502" version="1.0.0.0" store="en-US" storeType="OMEX"/><we:alternateReferences/><we:properties><we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/></we:properties><we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></we:webextension>""",
    "xl/webextensions/taskpanes.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"><wetp:taskpane dockstate="right" visibility="0" width="350" row="4"><wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>""",
    "xl/webextensions/_rels/taskpanes.xml.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>""",
    "customXml/item1.xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<kantor xmlns="urn:contoh:ppid"><unit>PPIDP.Pemkesra</unit><catatan>jangan dihapus</catatan></kantor>""",
    "customXml/itemProps1.xml": """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<ds:datastoreItem ds:itemID="{0A1B2C3D-4E5F-4A1B-8C9D-0E1F2A3B4C5D}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>""",
    "customXml/_rels/item1.xml.rels": f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>""",
}

CONTENT_TYPES = (
    '<Default Extension="png" ContentType="image/png"/>'
    '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'
    '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>'
    '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
    '<Override PartName="/xl/ctrlProps/ctrlProp1.xml" ContentType="application/vnd.ms-excel.controlproperties+xml"/>'
    '<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/>'
    '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>'
    '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>'
)

SHEET_TAIL = (
    '<drawing r:id="rId1"/><legacyDrawing r:id="rId2"/>'
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x14">'
    '<controls><mc:AlternateContent><mc:Choice Requires="x14"><control shapeId="1025" r:id="rId3" name="Tombol Majukan">'
    '<controlPr defaultSize="0" print="0" autoFill="0" autoPict="0" macro="[0]!Majukan"><anchor moveWithCells="1">'
    '<from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></from>'
    '<to><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></to></anchor>'
    '</controlPr></control></mc:Choice></mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>'
    '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"><x14:sparklineGroups><x14:sparklineGroup '
    'displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/><x14:sparklines>'
    f'<x14:sparkline><xm:f>Register!{RETENTION}</xm:f><xm:sqref>{RESULT}5</xm:sqref></x14:sparkline></x14:sparklines>'
    '</x14:sparklineGroup></x14:sparklineGroups></ext></extLst>'
)
ROOT_NAMESPACES = (
    f' xmlns:r="{NS_R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"'
    ' xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"'
    ' xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
)
CONDITIONAL = (f'<conditionalFormatting sqref="{LANGKAH}5:{LANGKAH}1000"><cfRule type="cellIs" dxfId="0" priority="1" operator="equal">'
               '<formula>7</formula></cfRule></conditionalFormatting>')


def formula_cell(row: int) -> str:
    return f'<c r="{JUMLAH}{row}" s="17"><f>0+1</f><v>1</v></c>'


def _register(xml: str) -> str:
    xml = xml.replace('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' + ROOT_NAMESPACES, 1)
    for row in FORMULA_ROWS:  # Jumlah as a formula with its cached value
        xml, count = re.subn(rf'<c r="{JUMLAH}{row}"[^>]*?(?:/>|>.*?</c>)', formula_cell(row), xml)
        assert count == 1
    xml = xml.replace("<dataValidations", CONDITIONAL + "<dataValidations", 1)
    return xml.replace("</worksheet>", SHEET_TAIL + "</worksheet>")


def make_rich_workbook(folder: Path, name: str = "register.xlsm") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    base = build_workbook(folder / "dasar.xlsx", sample_rows())
    target = folder / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info).decode("utf-8") if info.filename.endswith((".xml", ".rels")) else src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace("</Types>", CONTENT_TYPES + "</Types>").replace(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", (
                    '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                    'Target="vbaProject.bin"/>'
                    f'<Relationship Id="rIdXml" Type="{REL}/customXml" Target="../customXml/item1.xml"/></Relationships>'))
            elif info.filename == "_rels/.rels":
                data = data.replace("</Relationships>", (
                    '<Relationship Id="rIdWe" Type="http://schemas.microsoft.com/office/2011/relationships/'
                    'webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/></Relationships>'))
            elif info.filename == "xl/styles.xml":
                data = data.replace("<tableStyles", '<dxfs count="1"><dxf><font><b val="1"/></font></dxf></dxfs><tableStyles', 1)
            elif info.filename == REGISTER_PART:
                data = _register(data)
            out.writestr(info.filename, data)
        for name_, data in ADDED.items():
            out.writestr(name_, data)
    base.unlink()
    return target
