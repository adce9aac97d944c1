"""``ppid arsip`` as real processes: messages and exit codes, SIGKILL at every step, 8 writers at once."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bagit
import pytest

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.archive import Archive
from ppid_dokumentasi.archive_bag import KILL_ENV
from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, verify_chain

from conftest import run_ppid
from test_archive_common import ARSIPARIS, EXEMPT_ID, OTHER_ID, copy_office, snapshot

REPO = Path(__file__).resolve().parents[1]


def versions_on_disk(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.startswith("v"))


def test_simpan_verifikasi_beda_pulihkan(book, tmp_path):
    root = book.parent / "arsip"  # Pengaturan folder_arsip = "arsip", beside the workbook
    files = len(read_all_sheets(book)) + 3  # every sheet's JSON, the workbook, 1 letter, 1 softfile
    first = run_ppid("arsip", "simpan", str(book), "--id", EXEMPT_ID, "--nama", ARSIPARIS)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"Arsip v0001 tersimpan di '{root / 'v0001'}' ({EXEMPT_ID}; {files} berkas, {files} baru, ")
    assert first.stderr == ""
    data = read_workbook(book)
    event = data.riwayat[-1]
    assert (event[2], event[3], event[4], event[5], event[6], event[7]) == (EXEMPT_ID, 7, 7, "arsip", "Arsip", ARSIPARIS)
    assert str(event[8]).startswith("Arsip v0001 (manifest SHA-256 ")
    values = data.settings.values
    assert verify_chain(data.riwayat, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY)) == []

    with WorkbookEditor(book) as editor:
        row = editor.data.register.find(EXEMPT_ID)[0]
        editor.set_cells(row, {"Klasifikasi Keamanan": "Sangat Rahasia", "Catatan Koreksi": "Naikkan klasifikasi"})
    second = run_ppid("arsip", "simpan", str(book), "--id", EXEMPT_ID, "--nama", ARSIPARIS)
    assert second.returncode == 0, second.stderr

    ok = run_ppid("arsip", "verifikasi", str(root))
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout.startswith(f"Arsip '{root}' utuh: 2 versi, rantai indeks dan semua bag sah")

    beda = run_ppid("arsip", "beda", str(root), "v1", "v2")
    assert beda.returncode == 0, beda.stderr
    assert beda.stdout.splitlines() == [
        "Perbedaan v0001 → v0002 (sheet Register, per ID Informasi):",
        f"  {EXEMPT_ID}",
        '    Klasifikasi Keamanan: "Rahasia" → "Sangat Rahasia"',
        '    Catatan Koreksi: (kosong) → "Naikkan klasifikasi"',
        "Sheet lain yang berubah: Riwayat, Pengaturan",  # the first simpan's event and its anchor
    ]

    out = tmp_path / "pulih"
    restored = run_ppid("arsip", "pulihkan", str(root), "v0001", str(out))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Versi v0001 dipulihkan ke '{out}' ({files} berkas):")
    assert (out / "workbook/register.xlsx").read_bytes() == (root / "v0001/data/workbook/register.xlsx").read_bytes()

    (root / "v0002/data/lembar/03-Register.json").unlink()
    broken = run_ppid("arsip", "verifikasi", str(root))
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == [
        "RUSAK v0002/data/lembar/03-Register.json: berkas hilang (tercatat di manifest-sha256.txt).",
        f"Arsip '{root}' TIDAK utuh: 1 masalah.",
        "Catatan: arsip tidak bertanda tangan; penulisan ulang yang konsisten (manifest dihitung ulang) tidak dapat "
        "dideteksi. Buat kunci: 'ppid arsip kunci buat --workbook PATH'.",
    ]
    refused = run_ppid("arsip", "simpan", str(book), "--nama", ARSIPARIS)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Galat: Arsip '{root}' tidak utuh: v0002/data/lembar/03-Register.json: "
                                     "berkas hilang")
    assert versions_on_disk(root) == ["v0001", "v0002"]


def test_usage_errors(book, tmp_path):
    missing = run_ppid("arsip", "verifikasi", str(tmp_path / "tidak-ada"))
    assert (missing.returncode, missing.stderr) == (2, f"Galat: Folder arsip '{tmp_path / 'tidak-ada'}' tidak ada.\n")
    unknown = run_ppid("arsip", "simpan", str(book), "--id", "X-1", "--nama", ARSIPARIS)
    assert (unknown.returncode, unknown.stderr) == (1, "Galat: ID Informasi 'X-1' tidak ada di sheet Register.\n")
    nobody = run_ppid("arsip", "simpan", str(book))
    assert nobody.returncode == 1
    assert nobody.stderr == ("Galat: Nama pelaku belum diisi: pakai --nama atau isi 'pengguna_aktif' di sheet "
                             "Pengaturan (kolom Nilai) dengan nama dari tabel Pengguna.\n")
    assert not (book.parent / "arsip" / "v0001").exists()


def test_missing_softfile_is_a_warning_on_stderr(book):
    result = run_ppid("arsip", "simpan", str(book), "--id", OTHER_ID, "--nama", ARSIPARIS, "--tanpa-riwayat")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"Peringatan: Softfile 'softfile/{OTHER_ID}.pdf' untuk {OTHER_ID} (Register baris 12, "
                             "kolom 'Lokasi Softfile') tidak ditemukan; dicatat di bag-info.txt sebagai "
                             "Softfile-Tidak-Ada.\n")


# -- SIGKILL at every checkpoint -----------------------------------------------------------
@pytest.fixture(scope="module")
def crash_base(office_template, tmp_path_factory) -> Path:
    """An office with one archived version and an edited register (so the next version has new files)."""
    base = tmp_path_factory.mktemp("crash") / "kantor"
    book = copy_office(office_template, base)
    snapshot(book, base / "arsip")
    with WorkbookEditor(book) as editor:
        row = editor.data.register.find(EXEMPT_ID)[0]
        editor.set_cells(row, {"Catatan Koreksi": "Dikoreksi sebelum diarsipkan"})
    return base


def _kill_run(base: Path, work: Path, k: int, kill_at: int | None = None) -> tuple[int, int, Path]:
    folder = work / f"k{k:02d}"
    if not folder.exists():
        shutil.copytree(base, folder)
    result = subprocess.run(
        [sys.executable, "-m", "ppid_dokumentasi", "arsip", "simpan", str(folder / "register.xlsx"),
         "--nama", ARSIPARIS],
        env={**os.environ, KILL_ENV: str(kill_at or k)}, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=120,
    )
    return k, result.returncode, folder


@pytest.fixture(scope="module")
def kill_sweep(crash_base, tmp_path_factory) -> list[tuple[int, int, Path]]:
    """``ppid arsip simpan`` killed at checkpoint 1, 2, 3, ... until a run gets past the last one."""
    work = tmp_path_factory.mktemp("kills")
    runs: list[tuple[int, int, Path]] = []
    with ThreadPoolExecutor(max_workers=3) as pool:
        k = 1
        while not any(code == 0 for _, code, _ in runs) and k < 200:
            runs += list(pool.map(lambda n: _kill_run(crash_base, work, n), range(k, k + 3)))
            k += 3
    return runs


def test_sigkill_at_every_moment_leaves_a_verifiable_archive(kill_sweep, tmp_path):
    killed = [(k, folder) for k, code, folder in kill_sweep if code == -signal.SIGKILL]
    completed = [k for k, code, _ in kill_sweep if code == 0]
    assert len(killed) >= 20
    assert completed, "the sweep must reach past the last checkpoint"
    assert len(killed) + len(completed) == len(kill_sweep)
    assert all(k < min(completed) for k, _ in killed)

    outcomes = set()
    for k, original in killed:
        folder = shutil.copytree(original, tmp_path / original.name)  # the sweep's folders stay as killed
        root = folder / "arsip"
        report = Archive(root).verify()
        assert report.ok, f"kill at step {k}: {report.text()}"
        on_disk = versions_on_disk(root)
        # Either nothing new is visible, or one complete version (validated on its own).
        assert on_disk in (["v0001"], ["v0001", "v0002"]), (k, on_disk)
        for name in on_disk:
            assert bagit.Bag(str(root / name)).validate()
        assert report.state.versions == on_disk
        outcomes.add(len(on_disk))
        # The next writer finishes what the killed one left and adds its own version, gapless.
        snapshot(folder / "register.xlsx", root)
        after = Archive(root).verify()
        assert after.ok and not [n for n in after.notes if n.kode != "objek-tak-terpakai"], after.text()
        assert versions_on_disk(root) == after.state.versions == [f"v{i:04d}" for i in range(1, len(on_disk) + 2)]
        assert len((root / "indeks.jsonl").read_bytes().splitlines()) == len(on_disk) + 1
    assert outcomes == {1, 2}  # kills both before and after the version became visible


def test_sigkill_while_recovering_a_cut_short_index_line(kill_sweep, tmp_path):
    # A kill that left a half-written index line; the recovering writer is killed in its own index
    # append (its checkpoint 3: 1 the workbook lock, 2 the archive lock); the third writer still ends with a
    # clean, gapless archive.
    cut = [folder for _, code, folder in kill_sweep
           if code == -signal.SIGKILL and not (folder / "arsip/indeks.jsonl").read_bytes().endswith(b"\n")]
    assert len(cut) == 1
    _, code, folder = _kill_run(cut[0], tmp_path, 0, kill_at=3)
    assert code == -signal.SIGKILL
    index = folder / "arsip" / "indeks.jsonl"
    assert len(index.read_bytes()) > len((cut[0] / "arsip/indeks.jsonl").read_bytes())  # more of the line...
    assert not index.read_bytes().endswith(b"\n")  # ...but still not all of it
    assert Archive(folder / "arsip").verify().ok
    snapshot(folder / "register.xlsx", folder / "arsip")
    report = Archive(folder / "arsip").verify()
    assert report.ok and report.state.versions == ["v0001", "v0002", "v0003"], report.text()


# -- Eight writers at once ---------------------------------------------------------------------
def test_eight_concurrent_writers_leave_eight_gapless_versions(book):
    command = [sys.executable, "-m", "ppid_dokumentasi", "arsip", "simpan", str(book), "--nama", ARSIPARIS]
    procs = [subprocess.Popen(command + (["--id", EXEMPT_ID] if i % 2 else []), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True) for i in range(8)]
    outputs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [o[1] for o in outputs]
    root = book.parent / "arsip"
    report = Archive(root).verify()
    assert report.ok and report.notes == [], report.text()
    expected = [f"v{i:04d}" for i in range(1, 9)]
    assert versions_on_disk(root) == report.state.versions == expected
    assert sorted(out.split()[1] for out, _ in outputs) == expected
    data = read_workbook(book)
    events = [row for row in data.riwayat if row[5] == "arsip"]
    assert len(events) == 8
    values = data.settings.values
    assert verify_chain(data.riwayat, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY)) == []


def test_benchmark_script_runs(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "archive_snapshot.py"), "--baris", "200",
                             "--folder", str(tmp_path)], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Snapshot register 200 baris: ")
    assert any(line.startswith("Snapshot kedua (tanpa perubahan) menambah ") for line in lines)
    assert lines[-1].startswith("Target terpenuhi")
