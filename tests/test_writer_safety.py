"""Writing commands refuse a workbook open in Excel/LibreOffice or of another kind, and a SIGKILL at
any moment of ``majukan`` or ``surat`` leaves the old or the new workbook, never a broken one, and
nothing the next run does not clean up (issue 9, "open files")."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import check_writable, owner_files
from ppid_dokumentasi.adapters.safe_replace import is_temporary
from ppid_dokumentasi.archive_bag import KILL_ENV
from ppid_dokumentasi.batch import expand_paths
from ppid_dokumentasi.errors import WorkbookInUse

from conftest import run_ppid

PETUGAS, PPID_NAME = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)"
ARSIPARIS = "Nama Arsiparis (contoh)"
SOURCE = Path(__file__).parent / "data" / "real-registers" / "fragment_dik_banyumas_2025.csv"
CLOSE_FIRST = "tutup dulu di excel/libreoffice, lalu ulangi"

WRITING = {
    "majukan": ("majukan", "{book}", "--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS),
    "setujui": ("setujui", "{book}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME),
    "kembalikan": ("kembalikan", "{book}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME,
                   "--catatan", "Lengkapi."),
    "surat": ("surat", "{book}", "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--keluar", "{out}",
              "--oleh", PETUGAS),
    "impor": ("impor", str(SOURCE), "--ke", "{book}", "--petugas", PETUGAS),
    "arsip": ("arsip", "simpan", "{book}", "--nama", ARSIPARIS),
}


def _args(command: str, book: Path, out: Path) -> list[str]:
    return [a.format(book=book, out=out) for a in WRITING[command]]


@pytest.mark.parametrize("command,owner", [
    ("majukan", "~$register.xlsx"), ("setujui", ".~lock.register.xlsx#"), ("kembalikan", "~$register.xlsx"),
    ("surat", ".~lock.register.xlsx#"), ("impor", "~$gister.xlsx"), ("arsip", ".~lock.register.xlsx#"),
])
def test_a_workbook_open_elsewhere_is_refused_before_anything(sample_xlsx, tmp_path, command, owner):
    (tmp_path / owner).write_bytes(b"pemilik")
    before = sample_xlsx.read_bytes()
    done = run_ppid(*_args(command, sample_xlsx, tmp_path / "surat"))
    assert done.returncode == 1, done.stderr
    assert CLOSE_FIRST in done.stderr.casefold() and owner in done.stderr and "Traceback" not in done.stderr
    assert sample_xlsx.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([owner, "register.xlsx"])  # no letters, no archive


def test_owner_files_of_both_programs_and_both_excel_forms(tmp_path):
    book = tmp_path / "register-informasi-publik.xlsx"
    book.write_bytes(b"x")
    assert owner_files(book) == []
    for owner, program in (("~$register-informasi-publik.xlsx", "Microsoft Excel"),
                           ("~$gister-informasi-publik.xlsx", "Microsoft Excel"),
                           (".~lock.register-informasi-publik.xlsx#", "LibreOffice")):
        (tmp_path / owner).write_bytes(b"")
        assert owner_files(book) == [(tmp_path / owner, program)]
        with pytest.raises(WorkbookInUse, match=program):
            check_writable(book)
        (tmp_path / owner).unlink()


@pytest.mark.parametrize("command", ["majukan", "arsip"])
def test_other_kinds_are_refused_before_anything_is_written(sample_xlsx, tmp_path, command):
    ods = tmp_path / "register.ods"
    shutil.copy(sample_xlsx, ods)
    done = run_ppid(*_args(command, ods, tmp_path / "surat"))
    assert done.returncode == 2 and "simpan ulang sebagai .xlsx" in done.stderr.casefold(), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.ods", "register.xlsx"]


# -- SIGKILL sweep ------------------------------------------------------------------------------
def _kill_run(base: Path, work: Path, command: str, k: int) -> tuple[int, int, Path]:
    folder = work / f"{command}-{k:03d}"
    shutil.copytree(base, folder)
    result = subprocess.run(
        [sys.executable, "-m", "ppid_dokumentasi", *_args(command, folder / "register.xlsx", folder / "surat")],
        env={**os.environ, KILL_ENV: str(k)}, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    return k, result.returncode, folder


def _sweep(base: Path, work: Path, command: str) -> list[tuple[int, int, Path]]:
    runs: list[tuple[int, int, Path]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        k = 1
        while not any(code == 0 for _, code, _ in runs) and k < 80:
            runs += list(pool.map(lambda n: _kill_run(base, work, command, n), range(k, k + 4)))
            k += 4
    return runs


@pytest.mark.parametrize("command", ["majukan", "surat"])
def test_sigkill_at_any_point_leaves_old_or_new_and_nothing_stray(sample_xlsx, tmp_path, command):
    base = tmp_path / "dasar"
    base.mkdir()
    shutil.move(sample_xlsx, base / "register.xlsx")
    original = (base / "register.xlsx").read_bytes()
    events = len(read_workbook(base / "register.xlsx").riwayat)
    runs = _sweep(base, tmp_path, command)
    killed = [(k, folder) for k, code, folder in runs if code == -signal.SIGKILL]
    completed = [folder for _, code, folder in runs if code == 0]
    assert len(killed) >= 6 and completed
    new_events = len(read_workbook(completed[0] / "register.xlsx").riwayat)
    assert new_events > events
    outcomes, with_temporary = set(), None
    for k, folder in killed:
        book = folder / "register.xlsx"
        assert zipfile.ZipFile(book).testzip() is None
        now = len(read_workbook(book).riwayat)
        assert now in (events, new_events), k
        if now == events:
            assert book.read_bytes() == original, k
        outcomes.add(now)
        # 'arsip' holds the numbering ledger (nomor-surat.jsonl) that surat appends to.
        strays = [p.name for p in folder.iterdir() if p.name not in ("register.xlsx", "surat", "arsip")]
        assert all(is_temporary(p) or p == ".register.xlsx.lock" for p in strays), (k, strays)
        assert expand_paths([folder]) == [book], k  # ppid validasi FOLDER never takes ours for workbooks
        if any(is_temporary(p) for p in strays):
            with_temporary = folder
    assert outcomes == {events, new_events}
    again = run_ppid("validasi", str(with_temporary))
    assert again.returncode == 0, again.stdout
    again = run_ppid(*_args(command, with_temporary / "register.xlsx", with_temporary / "surat"))
    assert again.returncode in (0, 1), again.stderr  # done, or refused because the killed run had done it
    assert sorted(p.name for p in with_temporary.iterdir() if p.name not in ("surat", "arsip")) == ["register.xlsx"]


def test_validasi_folder_skips_hidden_and_owner_files(sample_xlsx, tmp_path):
    for name in ("~$register.xlsx", ".~lock.register.xlsx#", "._register.xlsx", ".register-impor-baru.xlsx",
                 ".~ppid-register.xlsx-99999999-0123abcd.tmp"):
        (tmp_path / name).write_bytes(b"bukan workbook")
    assert expand_paths([tmp_path]) == [sample_xlsx]
