"""Forgeries of a signed archive and of a sealed Riwayat: each exits 1 naming the version or row.

The forger can write every file of the archive and the workbook and recompute every unkeyed hash
(manifests, tag manifests, bag-info, index chain, Riwayat chain); only the private key (in the key
store, outside the archive) is out of reach.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ppid_dokumentasi.archive_bag import (
    INDEX_NAME, MANIFEST, TAGMANIFEST, entry_hash, index_entry, index_line, manifest_text, parse_bag_info,
    parse_manifest, sha256_bytes, sha256_file,
)
from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, row_hash
from ppid_dokumentasi.adapters.file_session import FileSession
from ppid_dokumentasi.app.actors import acting_user
from ppid_dokumentasi.app.archiving import archive
from ppid_dokumentasi.errors import ArchiveError
from conftest import run_ppid
from test_archive_common import ARSIPARIS, make_office


@pytest.fixture(scope="module")
def signed_office(tmp_path_factory) -> Path:
    """An office folder whose archive holds three signed versions, Riwayat sealed."""
    base = tmp_path_factory.mktemp("bertanda")
    keys = base / "kunci"
    os.environ["PPID_KUNCI_DIR"] = str(keys)  # restored by the autouse fixture below
    book = make_office(base / "kantor")
    made = run_ppid("arsip", "kunci", "buat", "--workbook", str(book), env={"PPID_KUNCI_DIR": str(keys)})
    assert made.returncode == 0, made.stderr
    assert "ed25519:" in made.stdout and stat_mode(keys) == 0o700
    assert all(stat_mode(p) == 0o600 for p in keys.iterdir())
    for _ in range(3):
        archive_workbook(book, nama=ARSIPARIS)
    return base


@pytest.fixture(autouse=True)
def _key_dir(signed_office, monkeypatch):
    monkeypatch.setenv("PPID_KUNCI_DIR", str(signed_office / "kunci"))


def archive_workbook(book: Path, nama: str = ARSIPARIS):
    """``ppid arsip simpan BOOK`` in this process (records the Riwayat event and seals it)."""
    with FileSession(book, None) as session:
        return archive(session, acting_user(session.data.settings, nama, None))


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _copy(signed_office: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(signed_office / "kantor", tmp_path / "kantor")
    return tmp_path / "kantor" / "register.xlsx", tmp_path / "kantor" / "arsip"


def _verify(root: Path, book: Path | None = None):
    return run_ppid("arsip", "verifikasi", str(root), *(["--workbook", str(book)] if book else []))


def _writable(root: Path) -> None:
    for dirpath, dirs, files in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in files:
            os.chmod(os.path.join(dirpath, name), 0o644)


def _recompute(root: Path, first: int) -> None:
    """What a forger does after editing bag files: recompute manifests, bag-info links, tag
    manifests and every index line from version ``first`` on (old signatures copied unchanged)."""
    lines = (root / INDEX_NAME).read_bytes().splitlines()
    entries = [json.loads(line) for line in lines]
    previous_manifest = entries[first - 2]["manifest_sha256"] if first > 1 else "0" * 64
    previous_hash = entries[first - 2]["hash"] if first > 1 else "0" * 64
    for number in range(first, len(entries) + 1):
        bag = root / f"v{number:04d}"
        payload = parse_manifest((bag / MANIFEST).read_bytes())
        manifest = manifest_text([(sha256_file(bag / rel), rel) for rel in payload])
        (bag / MANIFEST).write_bytes(manifest)
        info = (bag / "bag-info.txt").read_text()
        info = "\n".join(f"Manifest-Sebelumnya-SHA256: {previous_manifest}" if line.startswith("Manifest-Sebelumnya")
                         else line for line in info.splitlines()) + "\n"
        (bag / "bag-info.txt").write_text(info)
        tags = manifest_text([(sha256_file(bag / n), n) for n in ("bagit.txt", "bag-info.txt", MANIFEST)])
        (bag / TAGMANIFEST).write_bytes(tags)
        old = entries[number - 1]
        entry = index_entry(bag.name, parse_bag_info(info.encode()), sha256_bytes(manifest), sha256_bytes(tags),
                            previous_hash)
        entry.update({k: old[k] for k in ("kunci", "tanda_tangan") if k in old})
        entries[number - 1] = entry
        previous_manifest, previous_hash = entry["manifest_sha256"], entry["hash"]
    (root / INDEX_NAME).write_bytes(b"".join(index_line(e) for e in entries))


def test_untouched_signed_archive_and_sealed_riwayat_pass(signed_office, tmp_path):
    book, root = _copy(signed_office, tmp_path)
    result = _verify(root, book)
    assert result.returncode == 0, result.stdout
    assert "Tanda tangan kunci arsip" in result.stdout
    riwayat = run_ppid("riwayat", "verifikasi", str(book))
    assert riwayat.returncode == 0 and "Segel kunci arsip" in riwayat.stdout, riwayat.stdout


@pytest.mark.parametrize("version", [3, 2])  # the newest and a middle version
def test_consistent_rewrite_of_a_version_exits_1_naming_it(signed_office, tmp_path, version):
    book, root = _copy(signed_office, tmp_path)
    _writable(root)
    register = next((root / f"v{version:04d}" / "data" / "lembar").glob("*Register.json"))
    register.unlink()  # break the hard link; the store object stays
    text = (signed_office / "kantor" / "arsip" / f"v{version:04d}" / "data" / "lembar" / register.name).read_text()
    register.write_text(text.replace("Dikecualikan", "Terbuka", 1))
    _recompute(root, version)
    for anchor in (None, book):
        result = _verify(root, anchor)
        assert result.returncode == 1, result.stdout
        assert f"RUSAK v{version:04d}: tanda tangan versi" in result.stdout, result.stdout


def test_consistent_bag_info_edit_exits_1(signed_office, tmp_path):
    book, root = _copy(signed_office, tmp_path)
    _writable(root)
    info = root / "v0002" / "bag-info.txt"
    info.write_text(info.read_text().replace(f"Nama-Pelaksana: {ARSIPARIS}", "Nama-Pelaksana: Orang Lain"))
    _recompute(root, 2)
    result = _verify(root)
    assert result.returncode == 1 and "RUSAK v0002: tanda tangan versi" in result.stdout, result.stdout


def test_deleting_the_newest_version_with_its_index_line_exits_1(signed_office, tmp_path):
    book, root = _copy(signed_office, tmp_path)
    _writable(root)
    shutil.rmtree(root / "v0003")
    (root / "tanda-tangan" / "v0003.sig").unlink()
    lines = (root / INDEX_NAME).read_bytes().splitlines(keepends=True)
    (root / INDEX_NAME).write_bytes(b"".join(lines[:2]))
    assert _verify(root).returncode == 0  # the archive alone cannot tell (docs/archive.md)
    result = _verify(root, book)
    assert result.returncode == 1, result.stdout
    assert "RUSAK v0003: versi tercatat di Riwayat baris" in result.stdout, result.stdout


def test_planted_version_is_an_error_and_never_adopted(signed_office, tmp_path):
    book, root = _copy(signed_office, tmp_path)
    _writable(root)
    shutil.copytree(root / "v0003", root / "v0004")
    info = root / "v0004" / "bag-info.txt"
    manifest_sha = sha256_file(root / "v0003" / MANIFEST)
    info.write_text("\n".join("Versi-Arsip: v0004" if line.startswith("Versi-Arsip") else
                              f"Manifest-Sebelumnya-SHA256: {manifest_sha}" if line.startswith("Manifest-Sebelumnya")
                              else line for line in info.read_text().splitlines()) + "\n")
    tags = manifest_text([(sha256_file(root / "v0004" / n), n) for n in ("bagit.txt", "bag-info.txt", MANIFEST)])
    (root / "v0004" / TAGMANIFEST).write_bytes(tags)
    result = _verify(root)
    assert result.returncode == 1 and "RUSAK v0004: folder versi tidak tercatat" in result.stdout, result.stdout
    with pytest.raises(ArchiveError, match="v0004"):
        archive_workbook(book, nama=ARSIPARIS)
    assert json.loads((root / INDEX_NAME).read_bytes().splitlines()[-1])["versi"] == "v0003"


def test_recomputed_riwayat_chain_exits_1_naming_the_row(signed_office, tmp_path):
    book, _root = _copy(signed_office, tmp_path)
    wb = load_workbook(book)
    ws = wb["Riwayat"]
    ws["I2"] = "catatan yang dipalsukan"
    previous = "0" * 64
    count = 0
    for row in range(2, ws.max_row + 1):
        cells = [ws.cell(row=row, column=c).value for c in range(1, 12)]
        if cells[0] in (None, ""):
            break
        cells[9] = previous
        ws.cell(row=row, column=10).value = previous
        digest = row_hash(previous, cells[:10])
        ws.cell(row=row, column=11).value = digest
        previous, count = digest, count + 1
    settings = wb["Pengaturan"]
    for row in range(2, settings.max_row + 1):
        key = settings.cell(row=row, column=1).value
        if key == ANCHOR_HASH_KEY:
            settings.cell(row=row, column=2).value = previous
        elif key == ANCHOR_COUNT_KEY:
            settings.cell(row=row, column=2).value = count
    wb.save(book)
    result = run_ppid("riwayat", "verifikasi", str(book))
    assert result.returncode == 1, result.stdout
    assert "Riwayat baris 2–" in result.stdout and "dihitung ulang" in result.stdout, result.stdout


def test_rotation_keeps_old_versions_valid_and_signs_new_ones(signed_office, tmp_path):
    book, root = _copy(signed_office, tmp_path)
    rotated = run_ppid("arsip", "kunci", "putar", str(root), "--workbook", str(book))
    assert rotated.returncode == 0, rotated.stderr
    archive_workbook(book, nama=ARSIPARIS)
    result = _verify(root, book)
    assert result.returncode == 0, result.stdout
    keys = [json.loads(line) for line in (root / "kunci.jsonl").read_bytes().splitlines()]
    assert [k["mulai"] for k in keys] == ["v0001", "v0004"] and keys[1]["sebelumnya"] == keys[0]["kunci"]
    assert entry_hash  # imported for forgers' use above


def test_a_signed_version_cut_off_by_a_crash_is_recorded_next_time(signed_office, tmp_path):
    book, root = _copy(signed_office, tmp_path)
    index = root / INDEX_NAME
    lines = index.read_bytes().splitlines(keepends=True)
    index.write_bytes(b"".join(lines[:2]) + lines[2][:40])  # killed while writing v0003's line
    result = _verify(root, book)
    assert result.returncode == 0 and "versi lengkap tetapi belum tercatat" in result.stdout, result.stdout
    again = archive_workbook(book, nama=ARSIPARIS)
    assert again.version == "v0004" and again.recovered
    assert _verify(root, book).returncode == 0
