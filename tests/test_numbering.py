"""Letter numbers <kode klasifikasi>/<nomor urut>/<kode unit>/<tahun>: per unit per year, gapless,
never reused, recorded in Daftar Surat / Nomor Surat / Riwayat, safe across processes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.audit import verify_chain
from ppid_dokumentasi.errors import LetterError
from ppid_dokumentasi.layout import LETTERS_HEADERS, LETTERS_SHEET
from ppid_dokumentasi.numbering import LetterNumber, allocate, issue, numbers_in, parse_number
from ppid_dokumentasi.sample import sample_rows

DAY = dt.date(2026, 11, 25)
A, B = "PKR-2025-001", "PKR-2025-002"


@pytest.fixture
def book(tmp_path) -> Path:
    return build_workbook(tmp_path / "register.xlsx", sample_rows()[:2])


def letters_rows(path: Path) -> list[list]:
    return [list(r[:len(LETTERS_HEADERS)]) for r in read_workbook(path).letters]


def nomor_surat(path: Path, id_informasi: str) -> str:
    _, cells = read_workbook(path).register.find(id_informasi)
    return cells["Nomor Surat"] or ""


def test_format_and_parse_round_trip():
    number = LetterNumber("500.12.12", 7, "PPIDP.Pemkesra", 2026)
    assert str(number) == "500.12.12/7/PPIDP.Pemkesra/2026"
    assert parse_number(str(number)) == number
    assert parse_number("555/7/PPIDP.Pemkesra/2022") == LetterNumber("555", 7, "PPIDP.Pemkesra", 2022)
    assert parse_number("7/PPIDP/2022") is None
    assert numbers_in("Nota Dinas nomor 500.12.12/3/X/2026; 500.12.12/4/X/2026") == [
        LetterNumber("500.12.12", 3, "X", 2026), LetterNumber("500.12.12", 4, "X", 2026)]


def test_first_number_then_consecutive_and_recorded_everywhere(book):
    with WorkbookEditor(book) as editor:
        first = issue(editor, "Nota Dinas Laporan", [A, B], DAY, "Petugas Satu", "Petugas")
        second = issue(editor, "Lembar Uji Konsekuensi", [A], DAY, "Petugas Satu", "Petugas")
    assert (str(first), str(second)) == ("500.12.12/1/PPIDP.Pemkesra/2026", "500.12.12/2/PPIDP.Pemkesra/2026")
    rows = letters_rows(book)
    assert [r[:6] for r in rows] == [
        [2026, "PPIDP.Pemkesra", 1, str(first), "Nota Dinas Laporan", f"{A}; {B}"],
        [2026, "PPIDP.Pemkesra", 2, str(second), "Lembar Uji Konsekuensi", A],
    ]
    assert nomor_surat(book, A) == f"{first}; {second}"  # earlier numbers kept
    assert nomor_surat(book, B) == str(first)
    data = read_workbook(book)
    events = [r for r in data.riwayat if r[5] == "surat"]
    assert [(r[2], r[8]) for r in events] == [
        (A, f"Nota Dinas Laporan nomor {first}"), (B, f"Nota Dinas Laporan nomor {first}"),
        (A, f"Lembar Uji Konsekuensi nomor {second}")]
    assert verify_chain(data.riwayat) == []


def test_sequence_is_per_unit_and_per_year(book):
    with WorkbookEditor(book) as editor:
        issue(editor, "Nota Dinas Koordinasi", [A], DAY)
        issue(editor, "Nota Dinas Koordinasi", [A], DAY)
    with WorkbookEditor(book) as editor:  # next year starts again at 1
        assert str(issue(editor, "Nota Dinas Koordinasi", [A], dt.date(2027, 1, 4))) == \
            "500.12.12/1/PPIDP.Pemkesra/2027"
        editor.set_setting("kode_unit", "PPIDU.Lain")  # another unit, same workbook: its own sequence
    with WorkbookEditor(book) as editor:
        assert str(issue(editor, "Nota Dinas Koordinasi", [A], DAY)) == "500.12.12/1/PPIDU.Lain/2026"
    with WorkbookEditor(book) as editor:
        editor.set_setting("kode_unit", "PPIDP.Pemkesra")
    with WorkbookEditor(book) as editor:
        assert str(issue(editor, "Nota Dinas Koordinasi", [A], DAY)) == "500.12.12/3/PPIDP.Pemkesra/2026"


def test_a_number_is_never_reused_after_rows_are_deleted(book):
    with WorkbookEditor(book) as editor:
        for _ in range(3):
            issue(editor, "Nota Dinas Koordinasi", [A], DAY)
    wb = load_workbook(book)
    wb[LETTERS_SHEET].delete_rows(2, 10)  # someone empties Daftar Surat...
    wb.save(book)
    assert letters_rows(book) == []
    with WorkbookEditor(book) as editor:  # ...the numbers still live in Nomor Surat and Riwayat
        assert allocate(editor.data, editor.data.settings, 2026, 1)[0].urut == 4


def test_a_bad_numbering_setting_stops_and_changes_nothing(book):
    with WorkbookEditor(book) as editor:
        editor.set_setting("kode_klasifikasi_surat", "PPID")
    before = book.read_bytes()
    with pytest.raises(LetterError, match="kode_klasifikasi_surat.*'PPID'"):
        with WorkbookEditor(book) as editor:
            issue(editor, "Nota Dinas Koordinasi", [A], DAY)
    assert book.read_bytes() == before


WORKER = textwrap.dedent("""
    import datetime as dt, sys
    from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
    from ppid_dokumentasi.numbering import issue
    path, item, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for _ in range(count):
        with WorkbookEditor(path) as editor:
            print(issue(editor, "Lembar Uji Konsekuensi", [item], dt.date(2026, 11, 25), item, "Petugas"),
                  flush=True)
""")


def test_two_processes_numbering_at_once_get_distinct_gapless_numbers(book):
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(book), item, "50"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for item in (A, B)]
    outputs = [w.communicate(timeout=600) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]
    printed = [parse_number(line).urut for out, _ in outputs for line in out.split()]
    rows = letters_rows(book)
    assert sorted(printed) == list(range(1, 101))
    assert sorted(r[2] for r in rows) == list(range(1, 101))  # Daftar Surat: 100 distinct, no gap
    by_item = {A: {n.urut for n in numbers_in(nomor_surat(book, A))},
               B: {n.urut for n in numbers_in(nomor_surat(book, B))}}
    assert len(by_item[A]) == len(by_item[B]) == 50 and not by_item[A] & by_item[B]
    data = read_workbook(book)
    assert len(data.riwayat) == 100 and verify_chain(data.riwayat) == []


# -- numbering per letter kind (issue 11): pattern, series, legacy codes, back-dated letters ----------
@pytest.fixture
def full_book(tmp_path) -> Path:
    return build_workbook(tmp_path / "register.xlsx", sample_rows())


def _compose(book, jenis, ids, day):
    from ppid_dokumentasi import letters
    from ppid_dokumentasi.adapters import docx_letters

    with WorkbookEditor(book) as editor:
        return [str(letter.number) for letter in
                letters.compose(editor, jenis, ids, day, render=docx_letters.render).letters]


def test_each_kind_has_its_pattern_and_series(full_book):
    book = full_book
    assert _compose(book, "nota-dinas-laporan", [A], DAY) == ["500.12.12/1/PPIDP.Pemkesra/2026"]
    assert _compose(book, "berita-acara", [A], DAY) == ["000.5.3/2/PPIDP.Pemkesra/2026"]  # same series 'umum'
    with WorkbookEditor(book) as editor:  # Banten's own keputusan series (legal-notes.md §8 item 9)
        editor.set_setting("pola_nomor_keputusan", "489.1/Kep.{urut}-Huk/{tahun}")
    assert _compose(book, "keputusan", ["PKR-2025-008"], DAY) == ["489.1/Kep.1-Huk/2026"]
    assert _compose(book, "keputusan", ["PKR-2025-008"], DAY) == ["489.1/Kep.2-Huk/2026"]
    assert _compose(book, "nota-dinas-laporan", [A], DAY) == ["500.12.12/3/PPIDP.Pemkesra/2026"]
    # The Register validates the kind's own pattern; a legacy 78/2012 code gets a warning.
    data = read_workbook(book)
    from ppid_dokumentasi.validation import validate_rows

    _, problems = validate_rows(data.register.labels, data.register.rows, data.lists, data.settings, DAY)
    assert not [p for p in problems if p.code == "nomor-surat-format"]
    assert {p.code for p in problems if p.column == "Nomor Surat"} == {"kode-klasifikasi-lama"}  # 489.1


def test_a_back_dated_letter_is_refused_or_numbered_in_its_year_by_setting(book):
    assert _compose(book, "nota-dinas-laporan", [A], DAY) == ["500.12.12/1/PPIDP.Pemkesra/2026"]
    before = book.read_bytes()
    with pytest.raises(LetterError, match="nomor_surat_mundur"):
        _compose(book, "nota-dinas-laporan", [A], dt.date(2026, 11, 2))
    assert book.read_bytes() == before
    with WorkbookEditor(book) as editor:
        editor.set_setting("nomor_surat_mundur", "ikut tahun")
    assert _compose(book, "nota-dinas-laporan", [A], dt.date(2026, 11, 2)) == ["500.12.12/2/PPIDP.Pemkesra/2026"]


@pytest.mark.parametrize("pattern", ["500.12.12/{urut}", "{urut}/{tahun}/{urut}", "abc/{urut}/{tahun}/{hari}"])
def test_a_bad_pattern_is_refused(book, pattern):
    with WorkbookEditor(book) as editor:
        editor.set_setting("pola_nomor_nota-dinas-laporan", pattern)
    with pytest.raises(LetterError, match="pola_nomor_nota-dinas-laporan"):
        _compose(book, "nota-dinas-laporan", [A], DAY)
