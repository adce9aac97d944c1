"""With LibreOffice (CI installs it): every letter converts to PDF (one soffice run) and the PDF's
text holds the letterhead, the number, the date and the signatory, and no table label breaks inside a
word; and the CLI end to end.

The label check reads word boxes (``pdftotext -bbox``) and takes the labels from the templates. Its
predecessor searched the plain text for a typed list of header words split at cut 2 .. len-2, so
the usual break, one letter carried to the next line ('Jumla' / 'h', 'Keamana' / 'n'), was never
looked for and 'Keamanan' was not in the list: the Berita Acara headers fixed in 20c82ae passed."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import requires_libreoffice, run_ppid
from ppid_dokumentasi import letters
from ppid_dokumentasi.adapters import docx_letters
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.register import RegisterRow
from ppid_dokumentasi.sample import SAMPLE, sample_rows
from ppid_dokumentasi.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DAY = dt.date(2026, 11, 25)
BY_ID = {row["id_informasi"]: row for row in SAMPLE}
ITEMS = {
    "nota-dinas-koordinasi": (["PKR-2025-006"], "Nama Kasubag Tata Usaha (contoh)", "19850505 201001 2 002"),
    "nota-dinas-laporan": (["PKR-2025-002", "PKR-2025-008"], "Nama Kasubag Tata Usaha (contoh)",
                           "19850505 201001 2 002"),
    "uji-konsekuensi": (["PKR-2025-007"], "Nama Pejabat PPID (contoh)", "19800101 200501 1 001"),
    "keputusan": (["PKR-2025-007", "PKR-2025-008"], "Nama PPID Utama (contoh)", "19700101 199503 1 001"),
    "usulan-penetapan": (["PKR-2025-007", "PKR-2025-008"], "Gunawan Rusminto, AP, M.Si", "19741004 199402 1 002"),
    "berita-acara": (["PKR-2025-001"], "Nama Arsiparis (contoh)", "19900303 201503 1 003"),
    "penetapan-pembukaan": (["PKR-2025-009", "PKR-2025-010"], "Nama PPID Utama (contoh)", "19700101 199503 1 001"),
}
LETTERS_RUN = re.compile(r"[^\W\d_]+")  # letters only: 'Perkem-bangan' gives Perkem, bangan (a designed break)
_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


# Header and footer lines (security marking, "Halaman x dari y"): not text of the page.
MARGINAL = re.compile(r"^\s*(?:(?:TERBATAS|RAHASIA|SANGAT RAHASIA)(?: - )?)?\s*(?:Halaman \d+ dari \d+)?\s*$")


def context_for(key: str, ids: list[str], number) -> letters.LetterContext:
    kind = letters.KINDS[key]
    context = letters.build_context(kind, [RegisterRow(**BY_ID[i]) for i in ids], Settings.defaults(), str(number),
                                    DAY)
    if key == "penetapan-pembukaan":
        context = context.model_copy(update={"klasifikasi_baru": "Setiap Saat"})
    if key == "usulan-penetapan":
        context.daftar = [b.model_copy(update={"nomor_lembar_uji": f"000.5.10/{b.no}/PPIDP.Pemkesra/2025"})
                          for b in context.daftar]
    return context


def pdf_pages(path: Path) -> list[str]:
    program = shutil.which("pdftotext")
    assert program, "pdftotext (poppler-utils) diperlukan untuk memeriksa teks PDF"
    done = subprocess.run([program, str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")


def label_words(template: Path) -> set[str]:
    """Words (3 letters or more) of the fixed labels in a template's tables: every cell without a field
    (table headers such as 'Jumlah' or 'Klasifikasi Keamanan', signature labels)."""
    from docx import Document

    words: set[str] = set()
    for table in Document(str(template)).tables:
        for row in table.rows:
            for cell in row.cells:
                if "{" not in cell.text:
                    words |= {w for w in LETTERS_RUN.findall(cell.text) if len(w) >= 3}
    return words


def word_boxes(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word as set in the PDF: (xMin, yMin, xMax, yMax, text) from ``pdftotext -bbox``."""
    program = shutil.which("pdftotext")
    assert program, "pdftotext (poppler-utils) diperlukan untuk memeriksa teks PDF"
    done = subprocess.run([program, "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    return [[(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD_BOX.findall(page)]
            for page in done.stdout.split("<page ")[1:]]


def broken_words(pages: list[list[tuple[float, float, float, float, str]]], words: set[str]) -> list[str]:
    """Words of ``words`` set over two lines inside the word (a narrow table column: 'Jumla' / 'h'): a
    box ending in letters that begin the word and, on the next line and overlapping it, a box starting
    with the letters that continue it. Breaks at a hyphen, a slash or a space are not inside a word."""
    found = set()
    for page in pages:
        for x0, y0, x1, y1, text in page:
            head = LETTERS_RUN.findall(text)
            if not head or not text.endswith(head[-1]):
                continue
            for u0, v0, u1, _, below in page:
                tail = LETTERS_RUN.findall(below)
                if (tail and below.startswith(tail[0]) and 0 < v0 - y0 < 1.8 * (y1 - y0) and u0 < x1 and u1 > x0):
                    joined = head[-1] + tail[0]
                    found |= {f"{head[-1]}|{tail[0]} ({word})" for word in words
                              if word.startswith(joined) and len(head[-1]) < len(word)}
    return sorted(found)


def pdf_text(path: Path) -> str:
    program = shutil.which("pdftotext")
    assert program, "pdftotext (poppler-utils) diperlukan untuk memeriksa teks PDF"
    done = subprocess.run([program, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@requires_libreoffice
def test_every_letter_converts_to_pdf_with_letterhead_number_date_and_signatory(tmp_path):
    settings = Settings.defaults()
    docx = []
    for urut, (key, (ids, _, _)) in enumerate(ITEMS.items(), start=1):
        kind = letters.KINDS[key]
        number = letters.LetterNumber("000.5.10", urut, "PPIDP.Pemkesra", 2026)
        context = context_for(key, ids, number)
        path = tmp_path / letters.letter_filename(kind, ids, number)
        path.write_bytes(docx_letters.render(kind, context, TEMPLATES))
        docx.append(path)
    pdfs = letters.convert_to_pdf(docx)  # one LibreOffice run for all
    for urut, (pdf, (key, (_, signer, nip))) in enumerate(zip(pdfs, ITEMS.items()), start=1):
        text = pdf_text(pdf)
        day = "5 Maret 2025" if key == "uji-konsekuensi" else "25 November 2026"  # the Lembar: the test's date
        for must in ("PEMERINTAH PROVINSI BANTEN", "SEKRETARIAT DAERAH", "Jalan Syech Nawawi Al-Bantani",
                     f"000.5.10/{urut}/PPIDP.Pemkesra/2026", day if key != "uji-konsekuensi" else "10 Februari 2025",
                     signer, f"NIP. {nip}"):
            assert must in text, (key, must)
        pages = pdf_pages(pdf)
        raw = "\n".join(pages)
        assert f"Halaman 1 dari {len(pages)}" in raw  # page numbers
        if key in ("keputusan", "uji-konsekuensi", "usulan-penetapan"):
            assert "RAHASIA" in raw  # security marking: the items are Rahasia / Sangat Rahasia
        # A table label never breaks inside a word ("Jumla" / "h"): each label word of the template is
        # set whole in one box of the PDF, and no box continues a label word on the next line.
        boxes = word_boxes(pdf)
        labels = label_words(letters.template_path(letters.KINDS[key], TEMPLATES))
        whole = {w for page in boxes for *_, text in page for w in LETTERS_RUN.findall(text)}
        assert labels and not labels - whole and not broken_words(boxes, labels), (
            key, sorted(labels - whole), broken_words(boxes, labels))
        for number_, page in enumerate(pages, start=1):  # no page holds only a signature block
            lines = [line for line in page.splitlines() if line.strip() and not MARGINAL.search(line)]
            signature_only = len(lines) <= 7 and any(line.startswith("NIP") for line in lines)
            assert not signature_only, (key, number_, lines)


@pytest.fixture
def book(tmp_path) -> Path:
    return build_workbook(tmp_path / "register.xlsx", sample_rows())


def test_cli_surat_writes_letters_and_records_them(book, tmp_path):
    result = run_ppid("surat", str(book), "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002",
                      "--id", "PKR-2025-008", "--keluar", str(tmp_path / "out"), "--tanggal", "2026-11-25",
                      "--oleh", "Nama Kasubag Tata Usaha (contoh)")
    assert result.returncode == 0, result.stderr
    name = "nota-dinas-laporan_PKR-2025-002_PKR-2025-008_1-2026.docx"
    assert result.stdout.strip() == (
        f"1 surat dibuat di folder {tmp_path / 'out'}:\n"
        f"- Nota Dinas Laporan Hasil Pendokumentasian nomor 500.12.12/1/PPIDP.Pemkesra/2026: {name}")
    data = read_workbook(book)
    assert data.letters[0][3:8] == ["500.12.12/1/PPIDP.Pemkesra/2026", "Nota Dinas Laporan Hasil Pendokumentasian",
                                    "PKR-2025-002; PKR-2025-008", dt.date(2026, 11, 25),
                                    "Nama Kasubag Tata Usaha (contoh)"]
    assert [r[6] for r in data.riwayat if r[5] == "surat"] == ["Petugas", "Petugas"]


def test_cli_bad_id_exits_1_with_the_message_and_changes_nothing(book, tmp_path):
    before = book.read_bytes()
    result = run_ppid("surat", str(book), "--jenis", "uji-konsekuensi", "--id", "PKR-2025-001",
                      "--keluar", str(tmp_path / "out"), "--oleh", "Nama Kasubag Tata Usaha (contoh)")
    assert result.returncode == 1
    assert result.stderr.strip() == ("Galat: Lembar Uji Konsekuensi tidak dapat dibuat untuk: PKR-2025-001 "
                                     "berklasifikasi 'Berkala', bukan Dikecualikan.")
    assert book.read_bytes() == before and not (tmp_path / "out").exists()


def test_cli_pdf_without_libreoffice_warns_and_keeps_the_docx(book, tmp_path):
    result = run_ppid("surat", str(book), "--jenis", "berita-acara", "--keluar", str(tmp_path / "out"), "--pdf",
                      "--tanggal", "2026-11-25", "--oleh", "Nama Arsiparis (contoh)", env={"PATH": str(tmp_path / "kosong"), "PPID_SOFFICE": ""})
    assert result.returncode == 0, result.stderr
    assert "Peringatan: LibreOffice (soffice) tidak terpasang, jadi PDF tidak dibuat." in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "berita-acara_PKR-2025-001_PKR-2025-007_1-2026.docx"]
