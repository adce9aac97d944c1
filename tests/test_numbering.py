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
    number = LetterNumber("000.5.10", 7, "PPIDP.Pemkesra", 2026)
    assert str(number) == "000.5.10/7/PPIDP.Pemkesra/2026"
    assert parse_number(str(number)) == number
    assert parse_number("555/7/PPIDP.Pemkesra/2022") == LetterNumber("555", 7, "PPIDP.Pemkesra", 2022)
    assert parse_number("7/PPIDP/2022") is None
    assert numbers_in("Nota Dinas nomor 000.5.10/3/X/2026; 000.5.10/4/X/2026") == [
        LetterNumber("000.5.10", 3, "X", 2026), LetterNumber("000.5.10", 4, "X", 2026)]


def test_first_number_then_consecutive_and_recorded_everywhere(book):
    with WorkbookEditor(book) as editor:
        first = issue(editor, "Nota Dinas Laporan", [A, B], DAY, "Petugas Satu", "Petugas")
        second = issue(editor, "Lembar Uji Konsekuensi", [A], DAY, "Petugas Satu", "Petugas")
    assert (str(first), str(second)) == ("000.5.10/1/PPIDP.Pemkesra/2026", "000.5.10/2/PPIDP.Pemkesra/2026")
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
            "000.5.10/1/PPIDP.Pemkesra/2027"
        editor.set_setting("kode_unit", "PPIDU.Lain")  # another unit, same workbook: its own sequence
    with WorkbookEditor(book) as editor:
        assert str(issue(editor, "Nota Dinas Koordinasi", [A], DAY)) == "000.5.10/1/PPIDU.Lain/2026"
    with WorkbookEditor(book) as editor:
        editor.set_setting("kode_unit", "PPIDP.Pemkesra")
    with WorkbookEditor(book) as editor:
        assert str(issue(editor, "Nota Dinas Koordinasi", [A], DAY)) == "000.5.10/3/PPIDP.Pemkesra/2026"


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
