"""Keputusan and usulan (issue 11): only approved items, never dated before a test, who decides from
settings, the PPID Pembantu's Nota Dinas usulan with the Lembar numbers; table-driven, each refusal
citing its article; the workbook stays unchanged on a refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ppid_dokumentasi import letters
from ppid_dokumentasi.adapters import docx_letters
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.errors import LetterError
from ppid_dokumentasi.sample import sample_rows
from ppid_dokumentasi.validation import check_values

DAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("kep") / "register.xlsx", sample_rows())


@pytest.fixture
def book(pristine, tmp_path) -> Path:
    path = tmp_path / "register.xlsx"
    path.write_bytes(pristine.read_bytes())
    return path


@pytest.mark.parametrize("jenis, ids, tanggal, settings, expected", [
    # A Keputusan dated before an included item's test (PKR-2025-008 tested 2025-03-05).
    ("keputusan", ["PKR-2025-008"], dt.date(2025, 1, 2), {},
     ["mendahului uji konsekuensi PKR-2025-008 (2025-03-05)", "UU 14/2008 Pasal 19", "PP 61/2010 Pasal 3 ayat (1)"]),
    # An unapproved item (PKR-2025-009, step 5).
    ("keputusan", ["PKR-2025-008", "PKR-2025-009"], DAY, {},
     ["PKR-2025-009 belum disetujui pimpinan PPID di langkah 6 SOP (Langkah 5"]),
    # Approved at step 6, but the pimpinan Badan Publik's approval is not recorded (PKR-2025-008 cleared below).
    ("keputusan", ["PKR-2025-008"], DAY, {"tanpa_persetujuan": True},
     ["PKR-2025-008 belum mencatat persetujuan pimpinan Badan Publik", "Nomor Persetujuan", "PP 61/2010 Pasal 3 ayat (2)"]),
    # Dated before that approval (7 March 2025).
    ("keputusan", ["PKR-2025-008"], dt.date(2025, 3, 6), {},
     ["mendahului persetujuan pimpinan Badan Publik PKR-2025-008 (2025-03-07)", "PP 61/2010 Pasal 3 ayat (2)"]),
    # An expired item is public already.
    ("keputusan", ["PKR-2025-008"], dt.date(2035, 3, 6), {}, ["PP 61/2010 Pasal 11 ayat (3)"]),
    # A PPID Pembantu does not set its own classification: it proposes.
    ("keputusan", ["PKR-2025-008"], DAY, {"penetap_keputusan": "PPID"},
     ["PPID Pembantu", "PP 61/2010 Pasal 3", "usulan-penetapan"]),
    # The usulan attaches the Lembar: refused while the item has none.
    ("usulan-penetapan", ["PKR-2025-008"], DAY, {}, ["belum ada Lembar Uji Konsekuensi bernomor untuk PKR-2025-008"]),
    ("usulan-penetapan", ["PKR-2025-009"], DAY, {}, ["belum disetujui"]),
])
def test_refusals_cite_the_article_and_change_nothing(book, jenis, ids, tanggal, settings, expected):
    if settings:
        with WorkbookEditor(book) as editor:
            for key, value in settings.items():
                if key == "tanpa_persetujuan":
                    editor.set_cells(editor.data.register.find("PKR-2025-008")[0], {"Nomor Persetujuan": None})
                else:
                    editor.set_setting(key, value)
    before = book.read_bytes()
    with pytest.raises(LetterError) as info:
        with WorkbookEditor(book) as editor:
            letters.compose(editor, jenis, ids, tanggal, render=docx_letters.render)
    for part in expected:
        assert part in info.value.message, info.value.message
    assert book.read_bytes() == before


def test_usulan_lists_the_lembar_numbers_of_the_approved_items(book, tmp_path):
    with WorkbookEditor(book) as editor:
        letters.compose(editor, "uji-konsekuensi", ["PKR-2025-007", "PKR-2025-008"], DAY, render=docx_letters.render)
    with WorkbookEditor(book) as editor:
        batch = letters.compose(editor, "usulan-penetapan", None, DAY, render=docx_letters.render)
    (letter,) = batch.letters
    assert letter.ids == ["PKR-2025-007", "PKR-2025-008"]
    text = " ".join(docx_letters.extract_text(letter.content).split())
    assert "Kepada | : | Yth. Pejabat Pengelola Informasi dan Dokumentasi Utama Pemerintah Provinsi Banten" in text
    assert "Hal | : | Usulan Penetapan Informasi yang Dikecualikan" in text
    assert "Lampiran | : | 2 (dua) berkas Lembar Pengujian Konsekuensi" in text and "Sifat | : | Sangat Rahasia" in text
    assert "500.12.12/1/PPIDP.Pemkesra/2025" in text and "500.12.12/2/PPIDP.Pemkesra/2025" in text
    assert read_workbook(book).letters[-1][4] == "Nota Dinas Usulan Penetapan Informasi yang Dikecualikan"


def test_the_keputusan_holds_only_approved_items_by_default(book):
    with WorkbookEditor(book) as editor:
        batch = letters.compose(editor, "keputusan", None, DAY, render=docx_letters.render)
    assert batch.letters[0].ids == ["PKR-2025-007", "PKR-2025-008"]
    # The default issuer is the PPID Utama: its number is not in the Biro's unit code (kode_unit) but in a
    # series the issuing office fills in (Pengaturan pola_nomor_keputusan, legal-notes §8 item 9 [U]).
    assert str(batch.letters[0].number) == "100.3.3/1/KODE-PENETAP/2026"
    with WorkbookEditor(book) as editor:
        again = letters.compose(editor, "keputusan", ["PKR-2025-008"], DAY, render=docx_letters.render)
        assert str(again.letters[0].number) == "100.3.3/2/KODE-PENETAP/2026"  # the series is read back
    data = read_workbook(book)
    _, problems = check_values(data.register.labels, data.register.rows, data.lists, data.settings, DAY)
    assert not [p for p in problems if p.column == "Nomor Surat"], problems  # validation knows the pattern
