"""Nothing of ours is left in the user's folders: after every writing command, when it succeeds and
when its last write fails (disk full), only the workbook and the command's own outputs are there (no
temporary file, no lock). Letters are written complete or not at all, file and folder fsynced; a new
register built for ``impor`` is removed again on every failure (injected at each step)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from ppid_dokumentasi import durable
from ppid_dokumentasi.adapters import file_session
from ppid_dokumentasi.cli import main
from ppid_dokumentasi.errors import WorkbookWriteError

from test_writer_safety import ARSIPARIS, PETUGAS, PPID_NAME, SOURCE

ACTIONS = {
    "buat": ("buat", "{folder}/baru.xlsx"),
    "majukan": ("majukan", "{book}", "--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS),
    "setujui": ("setujui", "{book}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME),
    "kembalikan": ("kembalikan", "{book}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME,
                   "--catatan", "Lengkapi."),
    "surat": ("surat", "{book}", "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--keluar", "{out}",
              "--oleh", PETUGAS, "--tanggal", "2026-11-25"),
    "buka": ("buka", "{book}", "--id", "PKR-2025-010", "--klasifikasi", "Setiap Saat", "--peran", "PPID", "--nama",
             PPID_NAME, "--keluar", "{out}", "--tanggal", "2026-11-25"),
    "impor-baru": ("impor", str(SOURCE), "--ke", "{folder}/impor.xlsx", "--petugas", PETUGAS),
    "impor": ("impor", str(SOURCE), "--ke", "{book}", "--petugas", PETUGAS),
    "arsip": ("arsip", "simpan", "{book}", "--nama", ARSIPARIS),
    "dasbor": ("dasbor", "{book}", "--per", "2026-11-25"),
    "ekspor": ("ekspor", "{book}", "--keluar", "{out}", "--per", "2026-11-25"),
}


def _ours(folder: Path) -> list[str]:
    """Temporary or lock files of this tool (or any hidden file) beside the workbook and in the output
    folder ('keluar'); the archive folder ('arsip', with its ledger and locks) is the tool's own store."""
    found = [p.name for p in folder.iterdir() if p.name.startswith((".", "~")) or p.name.endswith((".tmp", ".lock"))]
    for root, dirs, files in os.walk(folder / "keluar"):
        found += [str(Path(root, name).relative_to(folder)) for name in files + dirs
                  if name.startswith((".", "~")) or name.endswith((".tmp", ".lock"))]
    return sorted(found)


def _disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("action", ACTIONS)
def test_no_file_of_ours_is_left_after_success_or_failure(action, sample_xlsx, tmp_path, monkeypatch):
    folder = sample_xlsx.parent
    args = [a.format(book=sample_xlsx, folder=folder, out=folder / "keluar") for a in ACTIONS[action]]
    pristine = tmp_path.parent / f"{tmp_path.name}-asli"
    shutil.copytree(folder, pristine)
    assert main(args) == 0, action
    assert _ours(folder) == [], action
    shutil.rmtree(folder)
    shutil.copytree(pristine, folder)
    before = sorted(p.name for p in folder.iterdir())
    with monkeypatch.context() as patch:  # the last step of every writer (rename, link) fails: disk full
        patch.setattr(os, "replace", _disk_full)
        patch.setattr(os, "rename", _disk_full)
        patch.setattr(os, "link", _disk_full)
        code = main(args)
    assert code != 0 and _ours(folder) == [], (action, _ours(folder))
    assert sample_xlsx.read_bytes() == (pristine / sample_xlsx.name).read_bytes(), action
    # The output folder and the archive folder (the letter-number ledger, kept so that no number is
    # issued twice) may have been made before the failure; nothing else appeared.
    assert sorted(p.name for p in folder.iterdir() if p.name not in ("arsip", "keluar")) == before, action


def test_letters_are_fsynced_file_and_folder_and_never_replace(tmp_path, monkeypatch):
    synced: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(durable.os, "fsync", spy)
    letter = tmp_path / "surat.docx"
    assert durable.create_new(letter, b"isi") and letter.read_bytes() == b"isi"
    assert [Path(p).parent == tmp_path and Path(p).name.startswith(".~ppid-surat.docx-") for p in synced[:1]] == [True]
    assert synced[1:] == [str(tmp_path)]  # the folder, after the name was linked
    assert not durable.create_new(letter, b"lain") and letter.read_bytes() == b"isi"
    monkeypatch.setattr(durable.os, "fsync", _disk_full)
    with pytest.raises(OSError):
        durable.create_new(tmp_path / "penuh.docx", b"isi")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["surat.docx"]


@pytest.mark.parametrize("step", ["build", "use", "save", "rename"])
def test_a_new_register_is_removed_on_every_failure(step, tmp_path, monkeypatch):
    from ppid_dokumentasi.adapters import openpyxl_builder, xlsx_package

    target = tmp_path / "register.xlsx"
    if step == "build":
        monkeypatch.setattr(openpyxl_builder, "build_workbook", lambda path, rows: _disk_full())
    if step == "save":
        monkeypatch.setattr(xlsx_package.XlsxPackage, "write", lambda self, out, level=3: _disk_full())
    if step == "rename":
        real = os.replace
        monkeypatch.setattr(os, "replace", lambda src, dst: _disk_full() if Path(dst) == target else real(src, dst))
    with pytest.raises((OSError, WorkbookWriteError)):
        with file_session.new_register_session(target) as session:
            session.set_settings({"catatan": "x"})
            if step == "use":
                raise OSError(errno.EIO, "gagal di tengah")
    assert list(tmp_path.iterdir()) == []


def test_a_new_register_left_by_a_killed_run_is_ours_and_removed(tmp_path):
    from ppid_dokumentasi.batch import expand_paths

    target = tmp_path / "register.xlsx"
    stale = tmp_path / ".~ppid-register.xlsx-99999999-0123abcd.xlsx"  # a process that is gone
    stale.write_bytes(b"setengah")
    assert durable.is_temporary(stale) and expand_paths([tmp_path]) == []
    with file_session.new_register_session(target) as session:
        session.set_settings({"catatan": "x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.xlsx"]
