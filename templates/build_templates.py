"""Build the letter templates (.docx with docxtpl/Jinja2 tags) by code, reproducibly.

    python templates/build_templates.py [OUTPUT_DIR]

Writes the templates into OUTPUT_DIR (default: this folder). The generated files are
committed; an office may then edit them in Word (letterhead, wording) without Python. Running
this script again overwrites them with the project's originals. Every variable used here must be
a field of ``ppid_dokumentasi.letters.LetterContext`` (a test checks it).

Layout follows Indonesian tata naskah dinas practice (legal-notes.md §4): a kop with a double
rule under it; Nota Dinas with Kepada/Dari/Tanggal/Nomor/Hal and no stamp; Keputusan with
Menimbang/Mengingat/MEMUTUSKAN/Menetapkan/KESATU...; Berita Acara with parties, witness and the
number of copies. Articles cited are only those in primary-texts.md.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Arial"
BODY_PT = 12
TABLE_PT = 10
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
SIGN_INDENT = Cm(8.5)
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

UU_KIP = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"
PP_61 = "Peraturan Pemerintah Nomor 61 Tahun 2010"
SOP_NAME = "Standar Operasional Prosedur Pendokumentasian Informasi yang Dikecualikan"


# ------------------------------------------------------------------------------------------
# Small helpers over python-docx
# ------------------------------------------------------------------------------------------
def new_document(landscape: bool = False) -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    _language(doc)
    _header_footer(section)
    core = doc.core_properties
    core.language = "id-ID"
    core.author = core.last_modified_by = "ppid-dokumentasi"
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    core.title = ""
    return doc


def _language(doc) -> None:
    """Indonesian language tag (id-ID) on the document defaults and the Normal style."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = [doc.styles["Normal"].element.get_or_add_rPr()]
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), "id-ID")


def _field(paragraph, code: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _header_footer(section) -> None:
    """Security marking (above Biasa) at the top and bottom of every page; page numbers in the footer."""
    header = section.header.paragraphs[0]
    header.text = "{% if sifat %}{{ sifat|upper }}{% endif %}"
    header.alignment = CENTER
    for run in header.runs:
        run.bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = CENTER
    footer.add_run("{% if sifat %}{{ sifat|upper }} - {% endif %}Halaman ")
    _field(footer, "PAGE")
    footer.add_run(" dari ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(9)


def para(container, text: str = "", *, bold: bool = False, underline: bool = False, size: float | None = None,
         align=None, indent=None, first_line=None, hanging=None, after: float = 0, before: float = 0,
         keep: bool = False):
    """One paragraph with one run (a Jinja tag must sit inside a single run)."""
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
    fmt = p.paragraph_format
    if align is not None:
        fmt.alignment = align
    if indent is not None:
        fmt.left_indent = indent
    if hanging is not None:
        fmt.left_indent = (indent or 0) + hanging
        fmt.first_line_indent = -hanging
    if first_line is not None:
        fmt.first_line_indent = first_line
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if keep:
        fmt.keep_with_next = True
    return p


def runs(p, *parts: tuple[str, bool]):
    """Add runs (text, bold) to a paragraph."""
    for text, bold in parts:
        run = p.add_run(text)
        run.bold = bold or None
    return p


# Children of w:pPr that the schema puts before w:pBdr (order matters to Word and LibreOffice).
_BEFORE_PBDR = {qn(f"w:{t}") for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                                       "widowControl", "numPr", "suppressLineNumbers")}


def border(p, edge: str = "bottom", kind: str = "single", size: int = 6, space: int = 1) -> None:
    ppr = p._p.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        position = sum(1 for child in ppr if child.tag in _BEFORE_PBDR)
        ppr.insert(position, pbdr)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), kind)
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), "000000")
    pbdr.append(line)


def cell_write(cell, text: str = "", *, bold: bool = False, align=None, size: float | None = TABLE_PT,
               extra: tuple[str, ...] = ()) -> None:
    """Text into a cell's first paragraph (plus more paragraphs from ``extra``)."""
    p = cell.paragraphs[0]
    if text:
        run = p.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.paragraph_format.alignment = align
    for more in extra:
        q = cell.add_paragraph()
        run = q.add_run(more)
        if size:
            run.font.size = Pt(size)
        if align is not None:
            q.paragraph_format.alignment = align


def table(container, cols: int, widths_cm: list[float], *, grid: bool = True):
    t = container.add_table(rows=0, cols=cols)
    if grid:
        t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER if grid else WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    for column, width in zip(t.columns, widths_cm):
        column.width = Cm(width)
    t._widths = widths_cm  # used by add_row
    return t


def add_row(t, texts: list[str], *, bold: bool = False, aligns=None, size: float | None = TABLE_PT,
            height_cm: float | None = None, header: bool = False, keep: bool = False, after: float = 0):
    row = t.add_row()
    for index, (cell, text) in enumerate(zip(row.cells, texts)):
        cell.width = Cm(t._widths[index])
        parts = text.split("\n") if text else [""]
        align = aligns[index] if aligns else None
        cell_write(cell, parts[0], bold=bold, align=align, size=size, extra=tuple(parts[1:]))
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = keep or None
        cell.paragraphs[-1].paragraph_format.space_after = Pt(after)
    if height_cm:
        row.height = Cm(height_cm)
    if header:
        trpr = row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        trpr.append(repeat)
    return row


def loop_rows(t, loop: str, texts: list[str], **kwargs) -> None:
    """Three rows: ``{%tr for ... %}``, the repeated row, ``{%tr endfor %}``."""
    add_row(t, [f"{{%tr {loop} %}}"] + [""] * (len(texts) - 1))
    add_row(t, texts, **kwargs)
    add_row(t, ["{%tr endfor %}"] + [""] * (len(texts) - 1))


def kop(doc) -> None:
    """Letterhead from Pengaturan, with a thick-thin double rule under it."""
    para(doc, "{%p if logo %}")
    para(doc, "{{ logo }}", align=CENTER)
    para(doc, "{%p endif %}")
    para(doc, "{{ kop.pemerintah }}", bold=True, size=14, align=CENTER)
    para(doc, "{{ kop.instansi }}", bold=True, size=16, align=CENTER)
    para(doc, "{{ kop.alamat }}", size=10, align=CENTER)
    para(doc, "Telp. {{ kop.telepon }}{% if kop.faks %} Fax. {{ kop.faks }}{% endif %}", size=10, align=CENTER)
    last = para(doc, "{% if kop.email %}E-mail: {{ kop.email }}{% endif %}{% if kop.email and kop.website %}, "
                     "{% endif %}{% if kop.website %}Website: {{ kop.website }}{% endif %}", size=10, align=CENTER,
                after=2)
    border(last, "bottom", "thickThinSmallGap", 24, 1)
    para(doc, "", after=6)


def tembusan(doc) -> None:
    """'Tembusan:' and the list from Pengaturan tembusan_nota_dinas (nothing when empty)."""
    para(doc, "{%p if tembusan %}")
    para(doc, "Tembusan:", before=12)
    para(doc, "{%p for t in tembusan %}")
    para(doc, "{{ loop.index }}. {{ t }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")


def salinan(doc) -> None:
    """'Salinan ... disampaikan kepada' from Pengaturan salinan_keputusan (nothing when empty)."""
    para(doc, "{%p if salinan %}")
    para(doc, "Salinan {{ bentuk_penetapan }} ini disampaikan kepada Yth.:", before=12)
    para(doc, "{%p for t in salinan %}")
    para(doc, "{{ loop.index }}. {{ t }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")


def keep_previous(doc) -> None:
    """Keep the block before a signature with it (no page holding only a signature block): the last
    paragraph, or every paragraph of the last (non-marker) row of the last table, keeps with next."""
    body = doc.element.body
    blocks = [el for el in body.iterchildren() if el.tag in (qn("w:p"), qn("w:tbl"))]
    for element in reversed(blocks):
        if element.tag == qn("w:p"):
            _keep(element)
            if "".join(element.itertext()).strip():
                return
            continue
        rows = [tr for tr in element.iterchildren(qn("w:tr")) if "{%tr" not in "".join(tr.itertext())]
        for tr in rows[-1:]:
            for p in tr.iter(qn("w:p")):
                _keep(p)
        return


def _keep(p) -> None:
    ppr = p.get_or_add_pPr()
    if ppr.find(qn("w:keepNext")) is None:
        ppr.insert(0, OxmlElement("w:keepNext"))


def signature(doc, who: str, *, head: tuple[str, ...] = (), indent=SIGN_INDENT, title: str | None = None) -> None:
    """Signature block: [head lines], jabatan, space, name (bold, underlined), NIP. No stamp. Kept
    with the text before it."""
    keep_previous(doc)
    for line in head:
        para(doc, line, indent=indent, keep=True)
    para(doc, title or f"{{{{ {who}.jabatan }}}},", indent=indent, keep=True)
    for _ in range(3):
        para(doc, "", indent=indent, keep=True)
    para(doc, f"{{{{ {who}.nama }}}}", bold=True, underline=True, indent=indent, keep=True)
    para(doc, f"{{%p if {who}.pangkat %}}", indent=indent, keep=True)
    para(doc, f"{{{{ {who}.pangkat }}}}", indent=indent, keep=True)
    para(doc, "{%p endif %}", indent=indent, keep=True)
    para(doc, f"{{%p if {who}.nip %}}", indent=indent, keep=True)
    para(doc, f"NIP. {{{{ {who}.nip }}}}", indent=indent)
    para(doc, "{%p endif %}", indent=indent)


def header_fields(doc, fields: list[tuple[str, str]]) -> None:
    t = table(doc, 3, [3.0, 0.5, 13.0], grid=False)
    for label, value in fields:
        add_row(t, [label, ":", value], size=BODY_PT)


def nota_dinas_head(doc, kepada: str, dari: str, hal: str) -> None:
    kop(doc)
    para(doc, "NOTA DINAS", bold=True, size=14, align=CENTER, after=12)
    header_fields(doc, [("Kepada", f"Yth. {kepada}"), ("Dari", dari), ("Tanggal", "{{ tanggal }}"),
                        ("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat or \"Biasa\" }}"), ("Lampiran", "-"),
                        ("Hal", hal)])
    line = para(doc, "", after=12)
    border(line, "bottom", "single", 8, 1)


def landscape_section(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)


# ------------------------------------------------------------------------------------------
# The five letters
# ------------------------------------------------------------------------------------------
def nota_dinas_koordinasi() -> Document:
    doc = new_document()
    nota_dinas_head(doc, "{{ pejabat_ppid.jabatan }}", "{{ petugas.jabatan }}",
                    "Koordinasi Pendokumentasian Informasi Publik")
    para(doc, "Dalam rangka pelaksanaan " + SOP_NAME + " langkah 2, yaitu melakukan koordinasi dengan pejabat "
         "PPID dalam menghimpun serta mendokumentasikan data untuk informasi publik, bersama ini kami sampaikan "
         "{{ jumlah }} ({{ jumlah_kata }}) informasi pada {{ kop.unit }} yang akan didokumentasikan sebagai "
         "berikut:", align=JUSTIFY, first_line=Cm(1.25), after=6)
    t = table(doc, 5, [1.1, 3.0, 5.7, 2.9, 3.8])
    add_row(t, ["No", "ID Informasi", "Judul Informasi", "Klasifikasi", "Pejabat/Unit Penguasa Informasi"],
            bold=True, aligns=[CENTER] * 5, header=True)
    loop_rows(t, "for it in daftar", ["{{ it.no }}", "{{ it.id_informasi }}", "{{ it.judul }}",
                                      "{{ it.klasifikasi or \"-\" }}", "{{ it.pejabat_penguasa or \"-\" }}"],
              aligns=[CENTER, LEFT, LEFT, LEFT, LEFT])
    para(doc, "", after=6)
    para(doc, "Sehubungan dengan hal tersebut, kami mohon arahan dan koordinasi Saudara dalam menghimpun serta "
         "mendokumentasikan data informasi tersebut sesuai dengan " + UU_KIP + ".", align=JUSTIFY,
         first_line=Cm(1.25), after=6)
    para(doc, "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.", align=JUSTIFY,
         first_line=Cm(1.25), after=18)
    signature(doc, "petugas")
    tembusan(doc)
    return doc


def nota_dinas_laporan() -> Document:
    doc = new_document()
    nota_dinas_head(doc, "{{ pimpinan_ppid.jabatan }}", "{{ petugas.jabatan }}",
                    "Laporan Hasil Pendokumentasian Informasi Publik")
    para(doc, "Dalam rangka pelaksanaan " + SOP_NAME + " langkah 6, yaitu melaporkan kepada pimpinan PPID hasil "
         "informasi yang telah didokumentasikan untuk memperoleh perbaikan atau koreksi, bersama ini kami "
         "laporkan {{ jumlah }} ({{ jumlah_kata }}) informasi yang telah didokumentasikan sebagai berikut:",
         align=JUSTIFY, first_line=Cm(1.25), after=6)
    t = table(doc, 6, [1.1, 3.0, 4.6, 2.9, 2.7, 2.2])
    add_row(t, ["No", "ID Informasi", "Judul Informasi", "Klasifikasi", "Lokasi Softfile", "Catatan Koreksi"],
            bold=True, aligns=[CENTER] * 6, header=True)
    loop_rows(t, "for it in daftar", [
        "{{ it.no }}", "{{ it.id_informasi }}", "{{ it.judul }}",
        "{{ it.klasifikasi or \"-\" }}{% if it.dasar_pengecualian %}\n{{ it.dasar_pengecualian }}{% endif %}",
        "{{ it.lokasi_softfile or \"-\" }}", "{{ it.catatan_koreksi or \"\" }}"],
        aligns=[CENTER, LEFT, LEFT, LEFT, LEFT, LEFT])
    para(doc, "", after=6)
    para(doc, "Mohon kiranya Bapak/Ibu berkenan memberikan perbaikan atau koreksi atas hasil pendokumentasian "
         "tersebut. Hasil koreksi selanjutnya disimpan sebagai arsip sesuai langkah 7 SOP.", align=JUSTIFY,
         first_line=Cm(1.25), after=6)
    para(doc, "Demikian kami laporkan, atas perhatian Bapak/Ibu diucapkan terima kasih.", align=JUSTIFY,
         first_line=Cm(1.25), after=18)
    signature(doc, "petugas")
    tembusan(doc)
    return doc


def uji_konsekuensi() -> Document:
    doc = new_document()
    kop(doc)
    para(doc, "LEMBAR PENGUJIAN KONSEKUENSI", bold=True, size=13, align=CENTER)
    para(doc, "INFORMASI PUBLIK YANG DIKECUALIKAN", bold=True, size=13, align=CENTER)
    para(doc, "Nomor: {{ nomor }}", align=CENTER, after=12)
    para(doc, "Pada tanggal {{ item.tanggal_uji }} di {{ item.tempat_uji }}, Pejabat Pengelola Informasi dan "
         "Dokumentasi {{ kop.unit }} bersama peserta yang bertanda tangan di bawah ini telah melakukan pengujian "
         "tentang konsekuensi sebagaimana dimaksud dalam Pasal 19 " + UU_KIP + " terhadap informasi berikut:",
         align=JUSTIFY, first_line=Cm(1.25), after=6)
    t = table(doc, 3, [1.0, 5.0, 10.5])
    rows = [
        ("Dokumen Informasi Publik yang memuat informasi (Perki 1/2021 Pasal 49 ayat (2) huruf a)",
         "{{ item.dokumen_sumber }}"),
        ("Informasi yang dikecualikan (huruf b)",
         "{{ item.judul }}\nID Informasi: {{ item.id_informasi }}\n{{ item.ringkasan }}"),
        ("Pejabat/Unit Penguasa Informasi", "{{ item.pejabat_penguasa }}"),
        ("Dasar pengecualian", "{{ item.dasar_uraian or item.dasar_pengecualian }}"),
        ("Undang-Undang lain (Pasal 17 huruf j)", "{{ item.uu_lain or \"-\" }}"),
        ("Analisis Undang-Undang yang menjadi dasar (huruf c)", "{{ item.analisis_uu }}"),
        ("Konsekuensi apabila informasi dibuka (huruf d)", "{{ item.konsekuensi }}"),
        ("Pertimbangan kepatutan, kesusilaan, kepentingan umum (huruf d)", "{{ item.pertimbangan }}"),
        ("Jangka Waktu Pengecualian", "{{ item.jangka_waktu }}{% if item.penetap_jangka_waktu %}\nDitetapkan oleh/"
                                      "berdasarkan: {{ item.penetap_jangka_waktu }}{% endif %}"),
        ("Waktu pengujian (Perki 1/2021 Pasal 49 ayat (1))", "{{ item.waktu_uji }}"),
        ("Klasifikasi keamanan", "{{ item.keamanan or \"-\" }}"),
        ("Kesimpulan", "{{ item.kesimpulan_uji }}"),
    ]
    for number, (label, value) in enumerate(rows, start=1):
        add_row(t, [f"{number}.", label, value], aligns=[CENTER, LEFT, LEFT], size=11)
    para(doc, "", after=6)
    para(doc, "Pengujian dilakukan dengan mempertimbangkan secara saksama bahwa menutup Informasi Publik dapat "
         "melindungi kepentingan yang lebih besar daripada membukanya atau sebaliknya (Pasal 1 angka 9 " + PP_61 +
         ").", align=JUSTIFY, first_line=Cm(1.25), after=6)
    para(doc, "Peserta pengujian:", bold=True, after=3, keep=True)
    p = table(doc, 5, [0.9, 4.6, 4.2, 4.3, 2.5])
    add_row(p, ["No", "Nama", "NIP", "Jabatan", "Tanda Tangan"], bold=True, aligns=[CENTER] * 5, size=10,
            header=True)
    loop_rows(p, "for orang in item.peserta", ["{{ loop.index }}", "{{ orang.nama }}", "{{ orang.nip }}",
                                               "{{ orang.jabatan }}", "{{ loop.index }}. ........"],
              aligns=[CENTER, LEFT, LEFT, LEFT, LEFT], size=10, height_cm=1.2)
    para(doc, "", after=12)
    signature(doc, "pejabat_ppid", head=("{{ item.tempat_uji }}, {{ tanggal }}",))
    return doc


def keputusan_penetapan() -> Document:
    doc = new_document()
    kop(doc)
    para(doc, "{{ bentuk_penetapan|upper }} {{ penetap.jabatan|upper }}", bold=True, align=CENTER)
    para(doc, "NOMOR {{ nomor }}", bold=True, align=CENTER, before=6, after=6)
    para(doc, "TENTANG", bold=True, align=CENTER, after=6)
    para(doc, "PENETAPAN INFORMASI YANG DIKECUALIKAN", bold=True, align=CENTER, after=12)
    para(doc, "{{ penetap.jabatan|upper }},", bold=True, align=CENTER, after=12)
    consider = [
        "bahwa berdasarkan Pasal 2 ayat (4) " + UU_KIP + ", Informasi Publik yang dikecualikan bersifat rahasia "
        "sesuai dengan Undang-Undang, kepatutan, dan kepentingan umum didasarkan pada pengujian tentang "
        "konsekuensi yang timbul apabila suatu informasi diberikan kepada masyarakat serta setelah dipertimbangkan "
        "dengan saksama bahwa menutup Informasi Publik dapat melindungi kepentingan yang lebih besar daripada "
        "membukanya atau sebaliknya;",
        "bahwa berdasarkan Pasal 19 Undang-Undang Nomor 14 Tahun 2008, Pejabat Pengelola Informasi dan "
        "Dokumentasi wajib melakukan pengujian tentang konsekuensi dengan saksama dan penuh ketelitian sebelum "
        "menyatakan Informasi Publik tertentu dikecualikan untuk diakses oleh setiap Orang;",
        "bahwa berdasarkan Pasal 3 dan Pasal 4 ayat (1) " + PP_61 + ", Pengklasifikasian Informasi ditetapkan oleh "
        "PPID berdasarkan Pengujian Konsekuensi, atas persetujuan pimpinan Badan Publik yang bersangkutan, dalam "
        "bentuk surat penetapan klasifikasi;",
        "bahwa pengujian konsekuensi atas {{ jumlah }} ({{ jumlah_kata }}) informasi sebagaimana tercantum dalam "
        "Lampiran {{ bentuk_penetapan }} ini telah dilakukan dan menyimpulkan bahwa informasi tersebut dikecualikan;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, huruf b, huruf c, dan huruf d, perlu "
        "menetapkan {{ bentuk_penetapan }} {{ penetap.jabatan }} tentang Penetapan Informasi yang Dikecualikan;",
    ]
    t = table(doc, 4, [3.4, 0.5, 0.8, 11.8], grid=False)
    for index, text in enumerate(consider):
        add_row(t, ["Menimbang" if index == 0 else "", ":" if index == 0 else "", f"{'abcde'[index]}.", text],
                aligns=[LEFT, LEFT, LEFT, JUSTIFY], size=BODY_PT, after=(8 if index == len(consider) - 1 else 0))
    loop_rows(t, "for dasar in mengingat", [
        "{% if loop.first %}Mengingat{% endif %}", "{% if loop.first %}:{% endif %}", "{{ loop.index }}.",
        "{{ dasar }}{% if loop.last %}.{% else %};{% endif %}"], aligns=[LEFT, LEFT, LEFT, JUSTIFY], size=BODY_PT)
    para(doc, "MEMUTUSKAN:", bold=True, align=CENTER, before=12, after=12)
    decide = [
        ("Menetapkan", "{{ bentuk_penetapan|upper }} {{ penetap.jabatan|upper }} TENTANG PENETAPAN INFORMASI YANG "
                       "DIKECUALIKAN."),
        ("KESATU", "Menetapkan informasi sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak "
                   "terpisahkan dari {{ bentuk_penetapan }} ini sebagai Informasi yang Dikecualikan, dengan jenis klasifikasi, "
                   "alasan pengecualian dan Jangka Waktu Pengecualian sebagaimana tercantum dalam Lampiran."),
        # PP 61/2010 Pasal 4 ayat (2) huruf b (identitas pejabat PPID yang menetapkan) and c (Badan Publik,
        # termasuk unit kerja pejabat yang menetapkan); a Kepala Daerah issues what the PPID classified.
        ("KEDUA", "Pengklasifikasian Informasi sebagaimana dimaksud dalam Diktum KESATU dilakukan oleh pejabat PPID "
                  "{{ pejabat_penetap.nama }}{% if pejabat_penetap.nip %}, NIP. {{ pejabat_penetap.nip }}{% endif %}, "
                  "{{ pejabat_penetap.jabatan }}, unit kerja {{ unit_kerja_penetap }}, pada Badan Publik "
                  "{{ kop.badan_publik }}{% if penetap_bukan_ppid %}, dan ditetapkan oleh {{ penetap.nama }}, "
                  "{{ penetap.jabatan }}{% endif %}{% if pengusul %}, atas usul PPID Pembantu {{ pengusul }}"
                  "{% endif %}{% if persetujuan %}, dengan persetujuan pimpinan Badan Publik sebagaimana dimaksud "
                  "dalam Pasal 3 ayat (2) " + PP_61 + " ({{ persetujuan|join('; ') }}){% endif %}."),
        ("KETIGA", "Informasi yang Dikecualikan yang telah habis Jangka Waktu Pengecualiannya menjadi Informasi "
                   "Publik yang dapat diakses oleh Pemohon Informasi Publik dengan penetapan dari PPID sebagaimana "
                   "dimaksud dalam Pasal 11 " + PP_61 + "."),
        ("KEEMPAT", "Klasifikasi Informasi yang Dikecualikan sebagaimana dimaksud dalam Diktum KESATU hanya dapat "
                    "diubah berdasarkan Pengujian Konsekuensi sebagaimana dimaksud dalam Pasal 10 ayat (2) " + PP_61 +
                    "."),
        ("KELIMA", "{{ bentuk_penetapan }} ini mulai berlaku pada tanggal ditetapkan."),
    ]
    d = table(doc, 3, [3.4, 0.5, 12.6], grid=False)
    for label, text in decide:
        add_row(d, [label, ":", text], aligns=[LEFT, LEFT, JUSTIFY], size=BODY_PT, after=6)
    para(doc, "", after=6)
    signature(doc, "penetap", head=("Ditetapkan di {{ kop.kota }}", "pada tanggal {{ tanggal }}", ""),
              title="{{ penetap.jabatan|upper }},")
    salinan(doc)

    landscape_section(doc)
    head = table(doc, 3, [2.6, 0.4, 8.2], grid=False)
    head.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for label, value in (("LAMPIRAN", "{{ bentuk_penetapan|upper }} {{ penetap.jabatan|upper }}"),
                         ("NOMOR", "{{ nomor }}"), ("TANGGAL", "{{ tanggal }}"),
                         ("TENTANG", "PENETAPAN INFORMASI YANG DIKECUALIKAN")):
        add_row(head, [label, ":", value], size=11)
    para(doc, "DAFTAR INFORMASI YANG DIKECUALIKAN", bold=True, align=CENTER, before=12)
    para(doc, "{{ kop.unit|upper }}", bold=True, align=CENTER, after=8)
    widths = [0.9, 2.4, 4.4, 2.9, 4.2, 4.7, 2.9, 2.8]
    a = table(doc, 8, widths)
    add_row(a, ["No", "ID Informasi", "Informasi yang Dikecualikan", "Pejabat/Unit Penguasa Informasi",
                "Jenis Klasifikasi dan Dasar Pengecualian", "Alasan Pengecualian", "Jangka Waktu Pengecualian",
                "Tanggal Uji Konsekuensi"], bold=True, aligns=[CENTER] * 8, size=9, header=True)
    loop_rows(a, "for it in daftar", [
        "{{ it.no }}", "{{ it.id_informasi }}", "{{ it.judul }}\n{{ it.ringkasan or \"\" }}",
        "{{ it.pejabat_penguasa }}",
        "{{ it.klasifikasi }}{% if it.keamanan %} ({{ it.keamanan }}){% endif %}\n"
        "{{ it.dasar_uraian or it.dasar_pengecualian }}{% if it.uu_lain %}; {{ it.uu_lain }}{% endif %}",
        "Konsekuensi: {{ it.konsekuensi }}\nPertimbangan: {{ it.pertimbangan }}",
        "{{ it.jangka_waktu }}", "{{ it.tanggal_uji }}"], aligns=[CENTER] + [LEFT] * 7, size=9)
    para(doc, "", after=12)
    signature(doc, "penetap", indent=Cm(16.5), title="{{ penetap.jabatan|upper }},")
    return doc


def penetapan_pembukaan() -> Document:
    """Penetapan by the PPID that opens exempted information whose period ended (PP 61/2010 Pasal 11
    ayat (1)-(2), Pasal 14 ayat (1) huruf g; Penjelasan Pasal 11 ayat (1): a list accessible on request)."""
    doc = new_document()
    kop(doc)
    # One office throughout (legal-notes.md §8 item 7): heading, Menetapkan, signatures and annex all name
    # ``penetap`` (Pengaturan penetap_keputusan), as the Keputusan does.
    para(doc, "PENETAPAN {{ penetap.jabatan|upper }}", bold=True, align=CENTER)
    para(doc, "NOMOR {{ nomor }}", bold=True, align=CENTER, before=6, after=6)
    para(doc, "TENTANG", bold=True, align=CENTER, after=6)
    para(doc, "INFORMASI YANG DIKECUALIKAN YANG TELAH HABIS JANGKA WAKTU PENGECUALIANNYA SEBAGAI INFORMASI "
              "PUBLIK", bold=True, align=CENTER, after=12)
    para(doc, "{{ penetap.jabatan|upper }},", bold=True, align=CENTER, after=12)
    consider = [
        "bahwa Jangka Waktu Pengecualian atas {{ jumlah }} ({{ jumlah_kata }}) informasi sebagaimana tercantum "
        "dalam Lampiran Penetapan ini berakhir pada tanggal yang tercantum di dalamnya;",
        "bahwa berdasarkan Pasal 11 ayat (1) dan ayat (2) " + PP_61 + ", Informasi yang Dikecualikan yang telah "
        "habis Jangka Waktu Pengecualiannya menjadi Informasi Publik yang dapat diakses oleh Pemohon Informasi "
        "Publik dengan penetapan dari PPID, yang dilakukan paling lama 30 (tiga puluh) hari kerja sebelum "
        "berakhirnya Jangka Waktu Pengecualian;",
        "bahwa berdasarkan Pasal 14 ayat (1) huruf g " + PP_61 + ", PPID bertugas dan bertanggung jawab dalam "
        "penetapan Informasi yang Dikecualikan yang telah habis Jangka Waktu Pengecualiannya sebagai Informasi "
        "Publik yang dapat diakses;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, huruf b, dan huruf c, perlu "
        "menetapkan Penetapan {{ penetap.jabatan }} tentang Informasi yang Dikecualikan "
        "yang Telah Habis Jangka Waktu Pengecualiannya sebagai Informasi Publik;",
    ]
    t = table(doc, 4, [3.4, 0.5, 0.8, 11.8], grid=False)
    for index, text in enumerate(consider):
        add_row(t, ["Menimbang" if index == 0 else "", ":" if index == 0 else "", f"{'abcd'[index]}.", text],
                aligns=[LEFT, LEFT, LEFT, JUSTIFY], size=BODY_PT, after=(8 if index == len(consider) - 1 else 0))
    loop_rows(t, "for dasar in mengingat", [
        "{% if loop.first %}Mengingat{% endif %}", "{% if loop.first %}:{% endif %}", "{{ loop.index }}.",
        "{{ dasar }}{% if loop.last %}.{% else %};{% endif %}"], aligns=[LEFT, LEFT, LEFT, JUSTIFY], size=BODY_PT)
    para(doc, "MEMUTUSKAN:", bold=True, align=CENTER, before=12, after=12)
    decide = [
        ("Menetapkan", "PENETAPAN {{ penetap.jabatan|upper }} TENTANG "
                       "INFORMASI YANG DIKECUALIKAN YANG TELAH HABIS JANGKA WAKTU PENGECUALIANNYA SEBAGAI "
                       "INFORMASI PUBLIK."),
        ("KESATU", "Informasi sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
                   "Penetapan ini, terhitung sejak berakhirnya Jangka Waktu Pengecualian masing-masing, menjadi "
                   "Informasi Publik yang dapat diakses oleh Pemohon Informasi Publik berdasarkan permintaan dan "
                   "dicantumkan dalam Daftar Informasi Publik {{ kop.unit }} sebagai Informasi {{ klasifikasi_baru }}."),
        ("KEDUA", "Sampai berakhirnya Jangka Waktu Pengecualian, informasi sebagaimana dimaksud dalam Diktum KESATU "
                  "tetap merupakan Informasi yang Dikecualikan; sejak itu tidak lagi dicantumkan sebagai Informasi "
                  "yang Dikecualikan."),
        ("KETIGA", "Penetapan ini mulai berlaku pada tanggal ditetapkan."),
    ]
    d = table(doc, 3, [3.4, 0.5, 12.6], grid=False)
    for label, text in decide:
        add_row(d, [label, ":", text], aligns=[LEFT, LEFT, JUSTIFY], size=BODY_PT, after=6)
    para(doc, "", after=6)
    signature(doc, "penetap", head=("Ditetapkan di {{ kop.kota }}", "pada tanggal {{ tanggal }}", ""),
              title="{{ penetap.jabatan|upper }},")

    landscape_section(doc)
    head = table(doc, 3, [2.6, 0.4, 8.2], grid=False)
    head.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for label, value in (("LAMPIRAN", "PENETAPAN {{ penetap.jabatan|upper }}"),
                         ("NOMOR", "{{ nomor }}"), ("TANGGAL", "{{ tanggal }}")):
        add_row(head, [label, ":", value], size=11)
    para(doc, "DAFTAR INFORMASI YANG DAPAT DIAKSES BERDASARKAN PERMINTAAN", bold=True, align=CENTER, before=12)
    para(doc, "{{ kop.unit|upper }}", bold=True, align=CENTER, after=8)
    widths = [0.9, 2.6, 6.4, 3.4, 5.4, 2.8, 3.0]
    a = table(doc, 7, widths)
    add_row(a, ["No", "ID Informasi", "Informasi", "Pejabat/Unit Penguasa Informasi", "Dasar Pengecualian Semula",
                "Pengecualian Berakhir", "Klasifikasi DIP"], bold=True, aligns=[CENTER] * 7, size=9, header=True)
    loop_rows(a, "for it in daftar", [
        "{{ it.no }}", "{{ it.id_informasi }}", "{{ it.judul }}\n{{ it.ringkasan or \"\" }}",
        "{{ it.pejabat_penguasa }}", "{{ it.dasar_uraian or it.dasar_pengecualian }}", "{{ it.berakhir }}",
        "{{ klasifikasi_baru }}"], aligns=[CENTER] + [LEFT] * 6, size=9)
    para(doc, "", after=12)
    signature(doc, "penetap", indent=Cm(16.5), title="{{ penetap.jabatan|upper }},")
    return doc


def nota_dinas_usulan() -> Document:
    """PPID Pembantu -> PPID Utama: proposal to set the exemption, with the Lembar(s) attached
    (legal-notes.md §8 item 7; PP 61/2010 Pasal 3)."""
    doc = new_document()
    kop(doc)
    para(doc, "NOTA DINAS", bold=True, size=14, align=CENTER, after=12)
    header_fields(doc, [("Kepada", "Yth. {{ ppid_utama.jabatan }}"), ("Dari", "{{ pimpinan_ppid.jabatan }}"),
                        ("Tanggal", "{{ tanggal }}"), ("Nomor", "{{ nomor }}"), ("Sifat", "{{ sifat or \"Biasa\" }}"),
                        ("Lampiran", "{{ jumlah }} ({{ jumlah_kata }}) berkas Lembar Pengujian Konsekuensi"),
                        ("Hal", "Usulan Penetapan Informasi yang Dikecualikan")])
    line = para(doc, "", after=12)
    border(line, "bottom", "single", 8, 1)
    para(doc, "Berdasarkan Pasal 19 " + UU_KIP + " dan Pasal 3 " + PP_61 + ", bersama ini kami usulkan penetapan "
         "{{ jumlah }} ({{ jumlah_kata }}) informasi berikut sebagai Informasi yang Dikecualikan. Pengujian "
         "konsekuensinya telah dilakukan sebagaimana tercantum dalam Lembar Pengujian Konsekuensi terlampir:",
         align=JUSTIFY, first_line=Cm(1.25), after=6)
    t = table(doc, 6, [0.9, 4.2, 3.8, 2.6, 3.0, 2.0])
    add_row(t, ["No", "Informasi", "Dasar Pengecualian", "Jangka Waktu", "Nomor Lembar Uji", "Tanggal Uji"],
            bold=True, aligns=[CENTER] * 6, size=9, header=True)
    loop_rows(t, "for it in daftar", [
        "{{ it.no }}", "{{ it.judul }} ({{ it.id_informasi }})",
        "{{ it.dasar_pengecualian }}{% if it.uu_lain %}; {{ it.uu_lain }}{% endif %}", "{{ it.jangka_waktu }}",
        "{{ it.nomor_lembar_uji }}", "{{ it.tanggal_uji }}"], aligns=[CENTER] + [LEFT] * 5, size=9)
    para(doc, "", after=6)
    para(doc, "{% if persetujuan %}Usulan ini telah memperoleh persetujuan pimpinan Badan Publik "
              "({{ persetujuan|join('; ') }}). {% endif %}Mohon kiranya Bapak/Ibu berkenan menetapkan informasi "
              "tersebut sebagai Informasi yang Dikecualikan.", align=JUSTIFY, first_line=Cm(1.25), after=6)
    para(doc, "Demikian kami sampaikan, atas perhatian Bapak/Ibu diucapkan terima kasih.", align=JUSTIFY,
         first_line=Cm(1.25), after=18)
    signature(doc, "pimpinan_ppid")
    tembusan(doc)
    return doc


def berita_acara_penyimpanan() -> Document:
    doc = new_document()
    kop(doc)
    para(doc, "BERITA ACARA", bold=True, underline=False, size=13, align=CENTER)
    para(doc, "PENYIMPANAN ARSIP HASIL PENDOKUMENTASIAN INFORMASI", bold=True, size=13, align=CENTER)
    para(doc, "Nomor: {{ nomor }}", align=CENTER, after=12)
    para(doc, "Pada hari ini {{ tanggal_kata }}, bertempat di {{ kop.kota }}, kami yang bertanda tangan di bawah "
         "ini:", align=JUSTIFY, first_line=Cm(1.25), after=6)
    for number, who, role in ((1, "petugas", "PIHAK PERTAMA;"), (2, "arsiparis", "PIHAK KEDUA.")):
        t = table(doc, 4, [0.8, 3.0, 0.5, 12.2], grid=False)
        add_row(t, [f"{number}.", "Nama", ":", f"{{{{ {who}.nama }}}}"], size=BODY_PT)
        add_row(t, ["", "NIP", ":", f"{{{{ {who}.nip }}}}"], size=BODY_PT)
        add_row(t, ["", "Jabatan", ":", f"{{{{ {who}.jabatan }}}}"], size=BODY_PT)
        p = para(doc, "", indent=Cm(0.8), after=6)
        runs(p, ("selanjutnya disebut ", False), (role, True))
    p = para(doc, "", align=JUSTIFY, first_line=Cm(1.25), after=6)
    runs(p, ("PIHAK PERTAMA", True), (" menyerahkan kepada ", False), ("PIHAK KEDUA", True),
         (", dan ", False), ("PIHAK KEDUA", True), (" menerima dari ", False), ("PIHAK PERTAMA", True),
         (", hasil koreksi dokumen informasi dari pimpinan PPID untuk disimpan sebagai arsip sesuai langkah 7 "
          + SOP_NAME + ", sebanyak {{ jumlah }} ({{ jumlah_kata }}) informasi dengan rincian sebagai berikut:",
          False))
    t = table(doc, 9, [0.8, 2.0, 2.6, 2.3, 1.4, 1.5, 1.8, 2.4, 1.7])  # headers fit whole words
    add_row(t, ["No", "ID Informasi", "Uraian Informasi", "Kode Klasifikasi / No. Berkas", "Kurun Waktu",
                "Jumlah", "Tingkat Perkem-bangan", "Klasifikasi Keamanan", "Retensi (Aktif/ Inaktif)"],
            bold=True, aligns=[CENTER] * 9, size=7, header=True)
    loop_rows(t, "for it in daftar", [
        "{{ it.no }}", "{{ it.id_informasi }}", "{{ it.judul }}\n{{ it.lokasi_softfile or \"\" }}",
        "{{ it.kode_klasifikasi_arsip or \"-\" }} / {{ it.nomor_berkas or \"-\" }}", "{{ it.kurun_waktu or \"-\" }}",
        "{{ it.jumlah or \"-\" }}", "{{ it.tingkat_perkembangan or \"-\" }}", "{{ it.keamanan or \"-\" }}",
        "{{ it.retensi_aktif or \"-\" }}/{{ it.retensi_inaktif or \"-\" }} th\n{{ it.keterangan_retensi or \"\" }}"],
        aligns=[CENTER, LEFT, LEFT, LEFT, CENTER, CENTER, CENTER, CENTER, CENTER], size=8)
    para(doc, "", after=6)
    para(doc, "Demikian Berita Acara ini dibuat dalam rangkap {{ rangkap }} ({{ rangkap_kata }}) untuk "
         "dipergunakan sebagaimana mestinya.", align=JUSTIFY, first_line=Cm(1.25), after=12, keep=True)
    para(doc, "{{ kop.kota }}, {{ tanggal }}", indent=Cm(9.5), after=6, keep=True)
    s = table(doc, 2, [8.25, 8.25], grid=False)
    add_row(s, ["PIHAK KEDUA,", "PIHAK PERTAMA,"], bold=True, aligns=[CENTER, CENTER], size=BODY_PT, keep=True)
    add_row(s, ["{{ arsiparis.jabatan }}", "{{ petugas.jabatan }}"], aligns=[CENTER, CENTER], size=BODY_PT,
            keep=True)
    add_row(s, ["", ""], size=BODY_PT, height_cm=2.0, keep=True)
    row = add_row(s, ["{{ arsiparis.nama }}", "{{ petugas.nama }}"], bold=True, aligns=[CENTER, CENTER],
                  size=BODY_PT, keep=True)
    for cell in row.cells:
        cell.paragraphs[0].runs[0].underline = True
    add_row(s, ["NIP. {{ arsiparis.nip }}", "NIP. {{ petugas.nip }}"], aligns=[CENTER, CENTER], size=BODY_PT,
            keep=True)
    para(doc, "", after=12, keep=True)
    para(doc, "Dilakukan di hadapan saksi,", align=CENTER, keep=True)
    para(doc, "{{ pejabat_ppid.jabatan }},", align=CENTER, keep=True)
    for _ in range(3):
        para(doc, "", keep=True)
    para(doc, "{{ pejabat_ppid.nama }}", bold=True, underline=True, align=CENTER, keep=True)
    para(doc, "NIP. {{ pejabat_ppid.nip }}", align=CENTER)
    return doc


TEMPLATES = {
    "nota_dinas_koordinasi.docx": nota_dinas_koordinasi,
    "nota_dinas_laporan.docx": nota_dinas_laporan,
    "uji_konsekuensi.docx": uji_konsekuensi,
    "keputusan_penetapan.docx": keputusan_penetapan,
    "berita_acara_penyimpanan.docx": berita_acara_penyimpanan,
    "penetapan_pembukaan.docx": penetapan_pembukaan,
    "nota_dinas_usulan.docx": nota_dinas_usulan,
}


def _normalised(doc: Document) -> bytes:
    """The .docx bytes with fixed zip timestamps, so a rebuild is byte-identical."""
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, factory in TEMPLATES.items():
        path = out_dir / name
        path.write_bytes(_normalised(factory()))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for written_path in build(target):
        print(written_path)
