"""Confinement and permissions of the archive: only configured folders, no escapes, nothing
written through a hard link, `pulihkan` never into the archive, nothing world-readable."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.archive import Archive
from ppid_dokumentasi.errors import ArchiveError
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.validation import check_values
from conftest import TODAY
from test_archive_common import EXEMPT_ID, OTHER_ID, make_office, snapshot

PETUGAS = "Nama Kasubag Tata Usaha (contoh)"


@pytest.fixture
def office(tmp_path) -> Path:
    return make_office(tmp_path / "kantor")


def _store(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under the archive root: (SHA-256, mode)."""
    result = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath, name)
            result[path.relative_to(root).as_posix()] = (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                         stat.S_IMODE(path.stat().st_mode))
    return result


def _set_softfile(book: Path, item_id: str, text: str) -> int:
    with WorkbookEditor(book) as editor:
        row = editor.data.register.find(item_id)[0]
        editor.set_cells(row, {"Lokasi Softfile": text})
    return row


def test_every_escape_is_refused_naming_the_row_and_nothing_is_archived(office, tmp_path):
    folder = office.parent
    root = tmp_path / "arsip"
    snapshot(office, root, nama=PETUGAS)  # v0001, a whole-register backup by a Petugas
    before = _store(root)
    secret = tmp_path / "rahasia.txt"
    secret.write_text("rahasia")
    (tmp_path / "luar").mkdir()
    (tmp_path / "luar" / "x.pdf").write_bytes(b"x")
    (folder / "tautan-folder").symlink_to(tmp_path / "luar")
    (folder / "softfile" / "dalam").mkdir()
    (folder / "softfile" / "dalam" / "tautan.pdf").symlink_to(secret)
    os.mkfifo(folder / "softfile" / "pipa.pdf")
    cases = {
        "/etc/passwd": "di luar folder yang diizinkan",
        "../rahasia.txt": "memuat '..'",
        "softfile/..": "memuat '..'",
        "tautan-folder": "tautan simbolik",
        "softfile/dalam": "(lewat tautan simbolik)",
        "softfile/pipa.pdf": "FIFO",
        str(secret): "di luar folder yang diizinkan",
        "/dev/zero": "di luar folder yang diizinkan",
    }
    for text, reason in cases.items():
        row = _set_softfile(office, EXEMPT_ID, text)
        with pytest.raises(ArchiveError) as caught:
            snapshot(office, root, nama=PETUGAS)
        assert f"Register baris {row} (ID '{EXEMPT_ID}', kolom 'Lokasi Softfile')" in caught.value.message, text
        assert reason in caught.value.message, (text, caught.value.message)
        assert _store(root) == before, text  # every stored object, byte for byte and mode, unchanged
    assert Archive(root).verify().ok


def test_letters_folder_cannot_be_a_system_folder(office, tmp_path):
    with WorkbookEditor(office) as editor:
        editor.set_setting("folder_surat", "/etc")
        row = editor.data.register.find(OTHER_ID)[0]
        editor.set_cells(row, {"ID Informasi": "passwd"})
    with pytest.raises(ArchiveError, match="folder_surat' menunjuk folder sistem '/etc'"):
        snapshot(office, tmp_path / "arsip", nama=PETUGAS)
    assert not (tmp_path / "arsip" / "v0001").exists()


def test_dotdot_id_is_reported_by_validasi_and_never_a_path(office, tmp_path):
    root = tmp_path / "arsip"
    snapshot(office, root, nama=PETUGAS)
    with WorkbookEditor(office) as editor:
        row = editor.data.register.find(OTHER_ID)[0]
        editor.set_cells(row, {"ID Informasi": "..", "Lokasi Softfile": f"softfile/{EXEMPT_ID}.pdf"})
    data = read_workbook(office)
    _, problems = check_values(data.register.labels, data.register.rows, data.lists, data.settings, TODAY)
    problems = [p for p in problems if p.code == "id-nama-tidak-aman"]
    assert [(p.row, p.column) for p in problems] == [(row, "ID Informasi")]
    assert "'..'" in problems[0].message
    before = _store(root)
    second = snapshot(office, root, nama=PETUGAS)  # stored under the row, not through '..'
    assert f"data/softfile/baris-{row}/{EXEMPT_ID}.pdf" in (second.path / "manifest-sha256.txt").read_text()
    assert all(_store(root)[k] == v for k, v in before.items() if k.startswith(".objects"))
    third = snapshot(office, root, nama=PETUGAS)
    assert third.version == "v0003" and Archive(root).verify().ok


def test_pulihkan_refuses_a_target_inside_the_archive(office, tmp_path, ppid):
    root = tmp_path / "arsip"
    snapshot(office, root, nama=PETUGAS)
    for target in (root / "pulih", root / ".objects" / "x", root / "v0001" / "data" / "y"):
        result = ppid("arsip", "pulihkan", str(root), "v0001", str(target))
        assert result.returncode == 1 and "di dalam (atau memuat) arsip" in result.stderr, result.stderr
        assert not target.exists()
    assert Archive(root).verify().ok


def test_archive_is_not_world_readable_and_never_wider_than_the_source(office, tmp_path):
    folder = office.parent
    private = folder / "softfile" / "pribadi.pdf"
    private.write_bytes(b"hanya pemilik")
    private.chmod(0o600)
    _set_softfile(office, EXEMPT_ID, "softfile/pribadi.pdf")
    root = tmp_path / "arsip"
    result = snapshot(office, root, nama=PETUGAS)
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            mode = stat.S_IMODE(os.lstat(os.path.join(dirpath, name)).st_mode)
            assert mode & 0o007 == 0, (os.path.join(dirpath, name), oct(mode))  # 'nobody' can read nothing
    assert stat.S_IMODE(root.stat().st_mode) & 0o007 == 0
    archived = result.path / "data" / "softfile" / EXEMPT_ID / "pribadi.pdf"
    assert stat.S_IMODE(archived.stat().st_mode) == 0o400  # the source was 0600: not readable by the group
    out = Archive(root).restore("v0001", tmp_path / "pulih")
    restored = next(p for p in out if p.name == "pribadi.pdf")
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o007 == 0 for p in out)
    # Owner-only archives are one setting away.
    with WorkbookEditor(office) as editor:
        editor.set_setting("izin_arsip", "700")
    snapshot(office, root, nama=PETUGAS)
    assert stat.S_IMODE((root / "v0002").stat().st_mode) == 0o700
