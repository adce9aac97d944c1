"""Letters: golden text per letter, safe rendering of cell text, the context model as the only
source of template variables, errors that name template/variable/item, and the recording."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from ppid_dokumentasi import letters
from ppid_dokumentasi.adapters import docx_letters
from ppid_dokumentasi.app import folders
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.audit import verify_chain
from ppid_dokumentasi.errors import LetterError
from ppid_dokumentasi.register import RegisterRow
from ppid_dokumentasi.sample import SAMPLE, sample_rows
from ppid_dokumentasi.settings import Settings

GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DAY = dt.date(2026, 11, 25)
NUMBER = "500.12.12/12/PPIDP.Pemkesra/2026"
UPDATE = os.environ.get("PPID_UPDATE_GOLDEN") == "1"
BY_ID = {row["id_informasi"]: row for row in SAMPLE}
# Sample items each letter is about (fixed; see ppid_dokumentasi.sample).
ITEMS = {
    "nota-dinas-koordinasi": ["PKR-2025-006", "PKR-2025-005"],
    "nota-dinas-laporan": ["PKR-2025-002", "PKR-2025-008"],
    "uji-konsekuensi": ["PKR-2025-008"],
    "keputusan": ["PKR-2025-007", "PKR-2025-008", "PKR-2025-010"],
    "berita-acara": ["PKR-2025-001", "PKR-2025-007"],
    "penetapan-pembukaan": ["PKR-2025-009", "PKR-2025-010"],
    "usulan-penetapan": ["PKR-2025-007", "PKR-2025-008"],
}
LEMBAR = "500.12.12/3/PPIDP.Pemkesra/2025"
LONG = (
    "Pengungkapan data ini dapat menimbulkan kerugian yang nyata bagi orang yang bersangkutan, antara lain "
    "stigma sosial di lingkungan tempat tinggalnya, perlakuan diskriminatif dalam memperoleh pekerjaan, "
    "serta risiko penyalahgunaan data pribadi oleh pihak yang tidak bertanggung jawab; oleh karena itu "
    "kepentingan perlindungan rahasia pribadi dinilai lebih besar daripada kepentingan membuka informasi "
    "secara perorangan, sedangkan rekapitulasi yang tidak memuat identitas tetap diumumkan kepada publik "
    "melalui laman resmi Badan Publik setiap enam bulan sekali sesuai ketentuan yang berlaku.")
# A register whose cells hold template code, XML specials and long Indonesian text.
EDGE = dict(BY_ID["PKR-2025-007"], id_informasi="UJI-{{7*7}}", judul="{{ 7*7 }}",
            ringkasan="A & B < C > D \"kutip\" 'tunggal' {% if true %}x{% endif %}", konsekuensi=LONG,
            pertimbangan="Baris satu\nBaris dua & <tiga>", peserta_uji="Ketua & Wakil <PPID> | 19800101 200501 1 001 | {{ config }}",
            lokasi_softfile="softfile/<uji>&.pdf", langkah=7)


def rows_for(kind: str) -> list[RegisterRow]:
    return [RegisterRow(**BY_ID[i]) for i in ITEMS[kind]]


def render_text(kind: str, rows: list[RegisterRow], settings: Settings | None = None) -> tuple[bytes, str]:
    context = letters.build_context(letters.KINDS[kind], rows, settings or Settings.defaults(), NUMBER, DAY)
    if kind == "penetapan-pembukaan":
        context = context.model_copy(update={"klasifikasi_baru": "Setiap Saat"})
    if kind == "usulan-penetapan":  # compose takes the numbers from Daftar Surat
        context.daftar = [b.model_copy(update={"nomor_lembar_uji": LEMBAR}) for b in context.daftar]
    content = docx_letters.render(letters.KINDS[kind], context, TEMPLATES)
    return content, docx_letters.extract_text(content)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / f"letters_{name}.txt"
    if UPDATE:
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8"), f"{path.name} berbeda (PPID_UPDATE_GOLDEN=1)"


@pytest.mark.parametrize("kind", list(letters.KINDS))
def test_golden_text_of_each_letter(kind):
    _, text = render_text(kind, rows_for(kind))
    check_golden(kind, text)
    for must in ("PEMERINTAH PROVINSI BANTEN", "SEKRETARIAT DAERAH", NUMBER, "25 November 2026"):
        assert must in text


@pytest.mark.parametrize("kind", list(letters.KINDS))
def test_golden_text_with_template_code_xml_specials_and_long_text_in_cells(kind):
    edge = dict(EDGE, berakhir=dt.date(2030, 1, 1)) if kind == "penetapan-pembukaan" else EDGE
    content, text = render_text(kind, [RegisterRow(**edge)])
    check_golden(f"{kind}_tepi", text)
    assert not re.search(r"(?<!\d)(?<!Pasal )49(?!\d)", text)  # {{ 7*7 }} is data, never evaluated
    assert "{{ 7*7 }}" in text or "UJI-{{7*7}}" in text
    with zipfile.ZipFile(io.BytesIO(content)) as package:  # every XML part is well-formed
        for name in package.namelist():
            if name.endswith(".xml"):
                etree.fromstring(package.read(name))


def test_cell_text_prints_exactly_as_typed():
    _, text = render_text("uji-konsekuensi", [RegisterRow(**EDGE)])
    assert "{{ 7*7 }}" in text and "UJI-{{7*7}}" in text
    assert "A & B < C > D \"kutip\" 'tunggal' {% if true %}x{% endif %}" in text
    assert "Ketua & Wakil <PPID>" in text and "{{ config }}" in text
    assert LONG in text
    assert "Baris satu\nBaris dua & <tiga>" in text  # a line break in a cell stays a line break


def test_keputusan_holds_the_six_elements_of_pp_61_2010_pasal_4_ayat_2():
    _, text = render_text("keputusan", rows_for("keputusan"))
    flat = " ".join(text.split())
    # a. jenis klasifikasi; e. alasan (per item, in the DIK annex)
    assert "Dikecualikan (Sangat Rahasia)" in flat and "Pasal 17 huruf a angka 2 UU 14/2008" in flat
    assert "Konsekuensi: Mengungkap identitas pelapor" in flat
    # b. identitas pejabat PPID yang menetapkan (penetap_keputusan); c. Badan Publik, termasuk unit kerja pejabat
    # yang menetapkan (unit_kerja_penetap), not the proposing Biro's
    assert ("dilakukan oleh pejabat PPID Nama PPID Utama (contoh), NIP. 19700101 199503 1 001, Pejabat Pengelola "
            "Informasi dan Dokumentasi Utama Pemerintah Provinsi Banten, unit kerja Unit Kerja PPID Utama (contoh), "
            "pada Badan Publik Pemerintah Provinsi Banten, atas usul PPID Pembantu Biro Pemerintahan dan "
            "Kesejahteraan Rakyat, dengan persetujuan") in flat
    # Heading and signature name the same office; the pimpinan Badan Publik's approvals are cited.
    assert flat.count("PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI UTAMA PEMERINTAH PROVINSI BANTEN") >= 4
    assert "KEPUTUSAN PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI UTAMA" in flat
    assert ("dengan persetujuan pimpinan Badan Publik sebagaimana dimaksud dalam Pasal 3 ayat (2)" in flat
            and "Sekretaris Daerah Provinsi Banten (contoh) Nomor 500.12.12/34/Setda/2025 tanggal 7 Maret 2025" in flat)
    # d. Jangka Waktu Pengecualian (a date, or its legal basis when the ground has none)
    assert "Sampai dengan 5 Maret 2035" in flat and "Sesuai PP 61/2010 Pasal 8 ayat (2)" in flat
    # f. tempat dan tanggal penetapan
    assert "Ditetapkan di Serang pada tanggal 25 November 2026" in flat
    for part in ("Menimbang", "Mengingat", "MEMUTUSKAN:", "Menetapkan", "KESATU", "LAMPIRAN",
                 "DAFTAR INFORMASI YANG DIKECUALIKAN"):
        assert part in flat


def test_berita_acara_has_parties_witness_copies_and_date_in_words():
    settings = Settings.from_sheet({"rangkap_berita_acara": 3})
    _, text = render_text("berita-acara", rows_for("berita-acara"), settings)
    flat = " ".join(text.split())
    assert "Pada hari ini Rabu, tanggal dua puluh lima, bulan November, tahun dua ribu dua puluh enam" in flat
    assert "selanjutnya disebut PIHAK PERTAMA" in flat and "selanjutnya disebut PIHAK KEDUA" in flat
    assert "Dilakukan di hadapan saksi" in flat and "Nama Pejabat PPID (contoh)" in flat
    assert "dalam rangkap 3 (tiga)" in flat


def test_nota_dinas_has_the_tata_naskah_dinas_head_and_no_stamp():
    _, text = render_text("nota-dinas-laporan", rows_for("nota-dinas-laporan"))
    lines = text.splitlines()
    head = [line.split(" | ")[0] for line in lines if " | : | " in line]
    assert head == ["Kepada", "Dari", "Tanggal", "Nomor", "Sifat", "Lampiran", "Hal"]
    assert "NIP. 19850505 201001 2 002" in lines and "Nama Kasubag Tata Usaha (contoh)" in lines
    assert "cap" not in text.lower().split() and "stempel" not in text.lower()


# -- the context model is the only source of variables ---------------------------------------------
@pytest.mark.parametrize("kind", list(letters.KINDS.values()), ids=list(letters.KINDS))
def test_templates_use_only_variables_of_the_context_model(kind):
    assert docx_letters.template_problems(TEMPLATES / kind.template) == []


def test_template_variables_are_all_documented_in_the_model_and_docs():
    documented = Path(__file__).resolve().parents[1].joinpath("docs", "letters.md").read_text(encoding="utf-8")
    for name, description in letters.variables():
        assert description, name
        assert f"`{name}`" in documented, name


def word_template(tmp_path: Path, *texts: str) -> Path:
    document = Document()
    for text in texts:
        document.add_paragraph(text)
    path = tmp_path / "uji_konsekuensi.docx"
    document.save(path)
    return path


def test_a_template_with_an_unknown_variable_is_caught_before_and_during_rendering(tmp_path):
    path = word_template(tmp_path, "{{ tanggal_lahir }}", "{{ item.hobi }}",
                         "{% for it in daftar %}{{ it.warna }}{{ it.judul }}{% endfor %}", "{{ kop.fax }}")
    assert docx_letters.template_problems(path) == [
        "variabel 'it.warna' tidak dikenal", "variabel 'item.hobi' tidak dikenal",
        "variabel 'kop.fax' tidak dikenal", "variabel 'tanggal_lahir' tidak dikenal"]
    kind = letters.KINDS["uji-konsekuensi"]
    context = letters.build_context(kind, rows_for("uji-konsekuensi"), Settings.defaults(), NUMBER, DAY)
    with pytest.raises(LetterError) as caught:
        docx_letters.render(kind, context, tmp_path)
    assert caught.value.message == (
        "Lembar Uji Konsekuensi (templat 'uji_konsekuensi.docx', ID Informasi PKR-2025-008) tidak dibuat: templat "
        "memakai variabel 'tanggal_lahir' yang tidak dikenal. Variabel yang boleh dipakai tercantum di "
        "docs/letters.md; tidak ada yang diubah.")


def test_a_missing_value_names_template_variable_and_item():
    row = RegisterRow(**dict(BY_ID["PKR-2025-008"], konsekuensi=""))
    with pytest.raises(LetterError) as caught:
        render_text("uji-konsekuensi", [row])
    assert caught.value.message == (
        "Lembar Uji Konsekuensi tidak dibuat: templat 'uji_konsekuensi.docx' mencetak 'item.konsekuensi' (kolom "
        "Register 'Konsekuensi Jika Dibuka'), tetapi nilainya kosong untuk ID Informasi PKR-2025-008. Isi "
        "nilainya lalu buat surat lagi; tidak ada yang diubah.")


def test_a_missing_setting_names_the_setting():
    with pytest.raises(LetterError, match=r"'pejabat_ppid\.nama' \(Pengaturan 'pejabat_ppid_nama'\)"):
        render_text("uji-konsekuensi", rows_for("uji-konsekuensi"), Settings.from_sheet({"pejabat_ppid_nama": ""}))


@pytest.mark.parametrize("decider, heading", [
    ("PPID", "KEPALA BIRO PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT"),
    ("PPID Utama", "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI UTAMA PEMERINTAH PROVINSI BANTEN"),
    ("Kepala Daerah", "GUBERNUR BANTEN"),
])
def test_who_decides_is_configuration_and_heading_and_signature_agree(decider, heading):
    settings = Settings.from_sheet({"penetap_keputusan": decider})
    rows = [r.model_copy(update={"persetujuan_oleh": "Sekretaris Daerah Provinsi Banten",
                                 "persetujuan_nomor": "000.1/12-Setda/2025",
                                 "persetujuan_tanggal": dt.date(2025, 9, 1)}) for r in rows_for("keputusan")]
    _, text = render_text("keputusan", rows, settings)
    lines = text.splitlines()
    assert f"KEPUTUSAN {heading}" in lines and f"{heading}," in lines  # heading, signature (twice)
    assert lines.count(f"{heading},") == 3  # the opening line, the signature and the annex's signature
    flat = " ".join(text.split())
    # PP 61/2010 Pasal 4 ayat (2) huruf b-c: the PPID official who set it and his unit kerja, also when the
    # Kepala Daerah issues the instrument
    ppid = {"PPID": "Gunawan Rusminto, AP, M.Si, NIP. 19741004 199402 1 002, Kepala Biro Pemerintahan dan "
                    "Kesejahteraan Rakyat, unit kerja Unit Kerja PPID Utama (contoh)"}.get(
        decider, "Nama PPID Utama (contoh), NIP. 19700101 199503 1 001, Pejabat Pengelola Informasi dan Dokumentasi "
                 "Utama Pemerintah Provinsi Banten, unit kerja Unit Kerja PPID Utama (contoh)")
    assert f"dilakukan oleh pejabat PPID {ppid}, pada Badan Publik Pemerintah Provinsi Banten" in flat
    assert ("dan ditetapkan oleh Nama Gubernur (contoh), Gubernur Banten" in flat) == (decider == "Kepala Daerah")
    assert ("dengan persetujuan pimpinan Badan Publik sebagaimana dimaksud dalam Pasal 3 ayat (2) Peraturan "
            "Pemerintah Nomor 61 Tahun 2010 (Sekretaris Daerah Provinsi Banten Nomor 000.1/12-Setda/2025 tanggal "
            "1 September 2025)") in flat


@pytest.mark.parametrize("decider, office", [
    ("PPID Utama", "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI UTAMA PEMERINTAH PROVINSI BANTEN"),
    ("PPID", "KEPALA BIRO PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT"),
])
def test_the_opening_penetapan_names_one_office_in_heading_menetapkan_and_signature(decider, office):
    """legal-notes.md §8 item 7: the same ``penetap`` block as the Keputusan, throughout."""
    _, text = render_text("penetapan-pembukaan", rows_for("penetapan-pembukaan"),
                          Settings.from_sheet({"penetap_keputusan": decider, "kedudukan_ppid": "PPID"}))
    lines = text.splitlines()
    assert f"PENETAPAN {office}" in lines and lines.count(f"{office},") == 3  # opening line, two signatures
    flat = " ".join(text.split())
    assert f"Menetapkan | : | PENETAPAN {office} TENTANG" in flat and f"LAMPIRAN | : | PENETAPAN {office}" in flat
    assert "PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI BIRO" not in flat


@pytest.mark.parametrize("jenis", sorted(letters.SET_BY_DECIDER))
def test_a_ppid_pembantu_does_not_set_as_its_own_ppid(jenis):
    """One rule for the Keputusan and the opening penetapan: a PPID Pembantu proposes, the PPID Utama sets."""
    settings = Settings.from_sheet({"kedudukan_ppid": "PPID Pembantu", "penetap_keputusan": "PPID"})
    with pytest.raises(LetterError, match="Kantor ini PPID Pembantu .*usulkan kepada PPID Utama"):
        letters.check_issuer(jenis, settings)
    letters.check_issuer(jenis, Settings.from_sheet({"kedudukan_ppid": "PPID Pembantu"}))  # PPID Utama sets
    letters.check_issuer("usulan-penetapan", settings)  # proposing is its job


def test_the_unit_kerja_of_the_setting_official_is_a_setting():
    """PP 61/2010 Pasal 4 ayat (2) huruf c; legal-notes §8 item 7 [U]: Pengaturan unit_kerja_penetap."""
    with pytest.raises(LetterError, match=r"Pengaturan 'unit_kerja_penetap'"):
        render_text("keputusan", rows_for("keputusan"), Settings.from_sheet({"unit_kerja_penetap": ""}))
    own = Settings.from_sheet({"unit_kerja_penetap": "", "penetap_keputusan": "PPID", "kedudukan_ppid": "PPID"})
    flat = " ".join(render_text("keputusan", rows_for("keputusan"), own)[1].split())
    assert "unit kerja Biro Pemerintahan dan Kesejahteraan Rakyat, pada Badan Publik" in flat
    assert "atas usul" not in flat  # the body's own PPID proposes to nobody


def test_the_instrument_of_the_classification_is_a_setting():
    """PP 61/2010 Pasal 4 ayat (1) names a 'surat penetapan klasifikasi'; the form is the office's [U]."""
    settings = Settings.from_sheet({"bentuk_penetapan": "Surat Penetapan Klasifikasi", "salinan_keputusan": "Arsip"})
    _, text = render_text("keputusan", rows_for("keputusan"), settings)
    flat = " ".join(text.split())
    heading = "SURAT PENETAPAN KLASIFIKASI PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI UTAMA PEMERINTAH PROVINSI BANTEN"
    assert flat.count(heading) == 3  # heading, Menetapkan, annex
    for part in ("Surat Penetapan Klasifikasi ini mulai berlaku", "Salinan Surat Penetapan Klasifikasi ini",
                 "dari Surat Penetapan Klasifikasi ini sebagai Informasi yang Dikecualikan"):
        assert part in flat, part
    assert "KEPUTUSAN" not in flat and "Keputusan ini" not in flat


def test_optional_empty_values_print_a_dash_not_an_error():
    _, text = render_text("nota-dinas-laporan", rows_for("nota-dinas-laporan"),
                          Settings.from_sheet({"faks": ""}))
    assert "Fax." not in text and "Telp. (0254) 200123" in text


def test_the_sandbox_refuses_unsafe_template_code(tmp_path):
    word_template(tmp_path, "{{ nomor.__class__.__mro__ }}")
    kind = letters.KINDS["uji-konsekuensi"]
    context = letters.build_context(kind, rows_for("uji-konsekuensi"), Settings.defaults(), NUMBER, DAY)
    with pytest.raises(LetterError, match="tidak dibuat"):
        docx_letters.render(kind, context, tmp_path)


def test_a_broken_tag_from_word_is_a_clear_error(tmp_path):
    word_template(tmp_path, "{{ nomor ")
    kind = letters.KINDS["uji-konsekuensi"]
    context = letters.build_context(kind, rows_for("uji-konsekuensi"), Settings.defaults(), NUMBER, DAY)
    with pytest.raises(LetterError, match="tag templat rusak"):
        docx_letters.render(kind, context, tmp_path)


def test_templates_are_reproducible_from_the_build_script(tmp_path):
    import runpy

    module = runpy.run_path(str(TEMPLATES / "build_templates.py"), run_name="build")
    written = module["build"](tmp_path)
    assert sorted(p.name for p in written) == sorted(k.template for k in letters.KINDS.values())
    for path in written:
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(TEMPLATES / path.name) as committed:
            assert new.read("word/document.xml") == committed.read("word/document.xml"), path.name


# -- files and recording -----------------------------------------------------------------------------
def test_file_names_carry_kind_ids_and_number():
    number = letters.LetterNumber("500.12.12", 7, "PPIDP.Pemkesra", 2026)
    kind = letters.KINDS["uji-konsekuensi"]
    assert letters.letter_filename(kind, ["PKR-2025-007"], number) == "uji-konsekuensi_PKR-2025-007_7-2026.docx"
    assert letters.letter_filename(kind, ["A/1 b_c"], number) == "uji-konsekuensi_A-1-b-c_7-2026.docx"
    many = [f"PKR-2025-{i:03d}" for i in range(1, 31)]
    name = letters.letter_filename(letters.KINDS["keputusan"], many, number)
    assert name.startswith("keputusan_PKR-2025-001_PKR-2025-002_") and name.endswith("_dll-22_7-2026.docx")


@pytest.fixture
def book(tmp_path) -> Path:
    return build_workbook(tmp_path / "kantor" / "register.xlsx", sample_rows())


def test_compose_records_numbers_and_letters_are_found_by_id(book, tmp_path):
    with WorkbookEditor(book) as editor:
        batch = letters.compose(editor, "uji-konsekuensi", ["PKR-2025-007", "PKR-2025-008"], DAY,
                                "Nama Kasubag Tata Usaha (contoh)", "Petugas", render=docx_letters.render)
    out = tmp_path / "surat"
    paths = letters.write_letters(batch, out)
    # Each Lembar carries its test's own date and is numbered in that year's series.
    assert [p.name for p in paths] == ["uji-konsekuensi_PKR-2025-007_1-2025.docx",
                                       "uji-konsekuensi_PKR-2025-008_2-2025.docx"]
    data = read_workbook(book)
    assert [row[3:6] for row in data.letters] == [
        ["500.12.12/1/PPIDP.Pemkesra/2025", "Lembar Uji Konsekuensi", "PKR-2025-007"],
        ["500.12.12/2/PPIDP.Pemkesra/2025", "Lembar Uji Konsekuensi", "PKR-2025-008"]]
    assert [str(row[6])[:10] for row in data.letters] == ["2025-02-10", "2025-03-05"]
    assert data.register.find("PKR-2025-008")[1]["Nomor Surat"] == "500.12.12/2/PPIDP.Pemkesra/2025"
    events = [r for r in data.riwayat if r[5] == "surat"]
    assert [(r[2], r[6], r[7], r[8]) for r in events] == [
        ("PKR-2025-007", "Petugas", "Nama Kasubag Tata Usaha (contoh)",
         "Lembar Uji Konsekuensi nomor 500.12.12/1/PPIDP.Pemkesra/2025; berkas "
         "uji-konsekuensi_PKR-2025-007_1-2025.docx"),
        ("PKR-2025-008", "Petugas", "Nama Kasubag Tata Usaha (contoh)",
         "Lembar Uji Konsekuensi nomor 500.12.12/2/PPIDP.Pemkesra/2025; berkas "
         "uji-konsekuensi_PKR-2025-008_2-2025.docx")]
    assert verify_chain(data.riwayat) == []
    assert "Nomor: 500.12.12/2/PPIDP.Pemkesra/2025" in docx_letters.extract_text(paths[1])
    assert "Pada tanggal 5 Maret 2025 di Serang" in docx_letters.extract_text(paths[1])
    assert letters.letters_for_item(out, "PKR-2025-008") == [paths[1]]
    assert folders.letters_folder(data.settings, book) == book.parent / "surat"


def test_default_selection_follows_the_kind(book):
    with WorkbookEditor(book) as editor:
        batch = letters.compose(editor, "keputusan", None, DAY, render=docx_letters.render)
    assert batch.letters[0].ids == ["PKR-2025-007", "PKR-2025-008"]  # approved only (Selesai, Disetujui)


@pytest.mark.parametrize("jenis, ids, message", [
    ("keputusan", ["PKR-2025-001"], "Keputusan tentang Penetapan Informasi yang Dikecualikan tidak dapat dibuat "
                                    "untuk: PKR-2025-001 berklasifikasi 'Berkala', bukan Dikecualikan."),
    ("uji-konsekuensi", ["PKR-2025-999"], "ID Informasi tidak ada di Register: PKR-2025-999."),
    ("surat-cinta", None, "Jenis surat 'surat-cinta' tidak dikenal. Pilihan: nota-dinas-koordinasi, "
                          "nota-dinas-laporan, uji-konsekuensi, keputusan, usulan-penetapan, berita-acara, "
                          "penetapan-pembukaan."),
])
def test_bad_input_changes_nothing(book, jenis, ids, message):
    before = book.read_bytes()
    with pytest.raises(LetterError) as caught:
        with WorkbookEditor(book) as editor:
            letters.compose(editor, jenis, ids, DAY, render=docx_letters.render)
    assert caught.value.message == message
    assert book.read_bytes() == before


def test_a_render_error_records_no_number(book):
    with WorkbookEditor(book) as editor:
        editor.set_setting("pejabat_ppid_nama", "")
    before = book.read_bytes()
    with pytest.raises(LetterError, match="pejabat_ppid.nama"):
        with WorkbookEditor(book) as editor:
            letters.compose(editor, "uji-konsekuensi", ["PKR-2025-007"], DAY, render=docx_letters.render)
    assert book.read_bytes() == before


def test_tata_naskah_dinas_marking_language_page_numbers_tembusan_salinan_logo(tmp_path):
    import struct
    import zlib

    def png(path: Path) -> Path:  # a 2x2 PNG, generated here
        raw = b"".join(b"\x00" + b"\x80\x00\x00" * 2 for _ in range(2))
        chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                    + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                         + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
        return path

    settings = Settings.from_sheet({"tembusan_nota_dinas": "Kepala Biro Pemerintahan dan Kesra; Arsip",
                                    "salinan_keputusan": "Gubernur Banten; Komisi Informasi Provinsi Banten"})
    content, text = render_text("nota-dinas-laporan", rows_for("nota-dinas-laporan"), settings)
    assert "Tembusan:\n1. Kepala Biro Pemerintahan dan Kesra\n2. Arsip" in text
    assert "Sifat | : | Sangat Rahasia" in text  # PKR-2025-008 is Sangat Rahasia
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        parts = {n: package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")}
    assert 'w:lang w:val="id-ID"' in parts["word/styles.xml"] and "en-US" not in parts["word/styles.xml"]
    headers = "".join(v for k, v in parts.items() if "header" in k)
    footers = "".join(v for k, v in parts.items() if "footer" in k)
    assert "SANGAT RAHASIA" in headers and "PAGE" in footers and "NUMPAGES" in footers
    _, text = render_text("keputusan", rows_for("keputusan"), settings)
    assert "Salinan Keputusan ini disampaikan kepada Yth.:\n1. Gubernur Banten\n2. Komisi Informasi" in text
    _, plain = render_text("nota-dinas-koordinasi", rows_for("nota-dinas-koordinasi"))
    assert "Tembusan" not in plain and "Sifat | : | Biasa" in plain
    # The lambang daerah from Pengaturan logo_kop (an image file), on the kop.
    context = letters.build_context(letters.KINDS["nota-dinas-koordinasi"], rows_for("nota-dinas-koordinasi"),
                                    Settings.defaults(), NUMBER, DAY)
    context.logo = str(png(tmp_path / "lambang.png"))
    with zipfile.ZipFile(io.BytesIO(docx_letters.render(letters.KINDS["nota-dinas-koordinasi"], context, TEMPLATES))) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    context.logo = str(tmp_path / "tidak-ada.png")
    with pytest.raises(LetterError, match="logo_kop"):
        docx_letters.render(letters.KINDS["nota-dinas-koordinasi"], context, TEMPLATES)
