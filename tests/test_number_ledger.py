"""The numbering ledger outside the workbook: an older copy of the workbook never reissues a number,
and no letter file is ever replaced."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.errors import LetterError
from ppid_dokumentasi.numbering import issue
from ppid_dokumentasi.sample import sample_rows
from conftest import run_ppid

DAY = dt.date(2026, 11, 25)
ARGS = ("--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--tanggal", "2026-11-25",
        "--oleh", "Nama Kasubag Tata Usaha (contoh)")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_restored_older_workbook_gets_a_new_number_and_replaces_no_letter(tmp_path):
    book = build_workbook(tmp_path / "register.xlsx", sample_rows())
    backup = tmp_path / "cadangan.xlsx"
    shutil.copy2(book, backup)  # the office's backup, taken before the first letter
    out = tmp_path / "surat"
    first = run_ppid("surat", str(book), *ARGS, "--keluar", str(out))
    assert first.returncode == 0, first.stderr
    assert "500.12.12/1/PPIDP.Pemkesra/2026" in first.stdout
    letters_before = _digests(out)

    shutil.copy2(backup, book)  # restore the older workbook: it knows no letter
    second = run_ppid("surat", str(book), *ARGS, "--keluar", str(out))
    assert second.returncode == 0, second.stderr
    assert "500.12.12/2/PPIDP.Pemkesra/2026" in second.stdout  # not 1 again: the ledger remembers
    after = _digests(out)
    assert {k: after[k] for k in letters_before} == letters_before and len(after) == 2

    ledger = tmp_path / "arsip" / "nomor-surat.jsonl"  # beside the archive (Pengaturan folder_arsip)
    lines = [json.loads(line) for line in ledger.read_bytes().splitlines()]
    assert [(e["nomor"], e["id"]) for e in lines] == [("500.12.12/1/PPIDP.Pemkesra/2026", ["PKR-2025-002"]),
                                                     ("500.12.12/2/PPIDP.Pemkesra/2026", ["PKR-2025-002"])]
    assert ledger.stat().st_mode & 0o007 == 0


def test_a_number_the_ledger_already_holds_is_refused_and_nothing_recorded(tmp_path):
    book = build_workbook(tmp_path / "register.xlsx", sample_rows()[:2])
    with WorkbookEditor(book) as editor:
        issue(editor, "Nota Dinas Laporan", ["PKR-2025-001"], DAY)
    ledger = tmp_path / "arsip" / "nomor-surat.jsonl"
    # Another copy of the workbook issued number 2 in the meantime (between allocation and record).
    line = json.loads(ledger.read_bytes().splitlines()[0])
    line.update(nomor="500.12.12/2/PPIDP.Pemkesra/2026", urut=2)
    from ppid_dokumentasi import number_ledger
    from ppid_dokumentasi.numbering import IssuedLetter, LetterNumber, record

    before = book.read_bytes()
    with pytest.raises(LetterError, match="sudah tercatat di buku nomor surat"):
        with WorkbookEditor(book) as editor:
            number_ledger.append(editor.data.settings, book, [line])
            record(editor, [IssuedLetter(LetterNumber("000.5.10", 2, "PPIDP.Pemkesra", 2026), "Nota", ["PKR-2025-001"],
                                         DAY)])
    assert book.read_bytes() == before and len(ledger.read_bytes().splitlines()) == 2


def test_configured_shared_ledger(tmp_path):
    shared = tmp_path / "bersama" / "nomor.jsonl"
    book = build_workbook(tmp_path / "register.xlsx", sample_rows()[:2])
    with WorkbookEditor(book) as editor:
        editor.set_setting("buku_nomor_surat", str(shared))
    with WorkbookEditor(book) as editor:
        assert str(issue(editor, "Nota", ["PKR-2025-001"], DAY)) == "500.12.12/1/PPIDP.Pemkesra/2026"
    assert shared.exists() and not (tmp_path / "arsip").exists()
