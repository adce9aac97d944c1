"""Archive core: BagIt bags, the chained index, deduplication, tamper detection, beda, pulihkan."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import bagit
import pytest

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.archive import Actor, Archive, SnapshotSource, parse_version
from ppid_dokumentasi.archive_bag import GENESIS, sheet_json
from ppid_dokumentasi.archive_diff import FieldChange, diff_versions
from ppid_dokumentasi.errors import ActorRefused, ArchiveError, ItemNotFound

from test_archive_common import ARSIPARIS, EXEMPT_ID, OTHER_ID, WHEN, snapshot


@pytest.fixture
def archived(book, tmp_path) -> Path:
    """An archive with three versions: one item, then the whole register twice (unchanged)."""
    root = tmp_path / "arsip"
    snapshot(book, root, [EXEMPT_ID])
    snapshot(book, root)
    snapshot(book, root)
    return root


def writable(path: Path) -> Path:
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return path


def problems(root: Path) -> list[str]:
    report = Archive(root).verify()
    return [f.text() for f in report.problems]


def snapshot_state(root: Path) -> dict[str, bytes]:
    """Every file's bytes under ``root`` except the lock (to prove that nothing changed)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


# -- Bags ------------------------------------------------------------------------------------
def test_every_version_is_a_valid_bag_and_the_archive_verifies(archived):
    names = sorted(p.name for p in archived.iterdir() if p.name.startswith("v"))
    assert names == ["v0001", "v0002", "v0003"]
    for name in names:
        assert bagit.Bag(str(archived / name)).validate()
    report = Archive(archived).verify()
    assert report.ok, report.text()
    assert report.problems == [] and report.notes == []
    assert "utuh: 3 versi" in report.text()


def test_payload_holds_sheet_json_workbook_letters_and_softfile(archived, book):
    sheets = list(read_all_sheets(book))
    payload = sorted(bagit.Bag(str(archived / "v0001")).payload_entries())
    assert payload == sorted([f"data/lembar/{i:02d}-{name}.json" for i, name in enumerate(sheets, start=1)] + [
        "data/workbook/register.xlsx",
        f"data/surat/nota_dinas_{EXEMPT_ID}_2026.docx",  # not ..._PKR-2025-0070_..: another item
        f"data/softfile/{EXEMPT_ID}/{EXEMPT_ID}.pdf",
    ])
    assert sheets[:3] == ["Panduan", "SOP", "Register"]
    assert (archived / "v0001/data/workbook/register.xlsx").read_bytes() == book.read_bytes()
    register = json.loads((archived / "v0001/data/lembar/03-Register.json").read_text("utf-8"))
    assert register["lembar"] == "Register"
    header = register["baris"][3]
    row = dict(zip(header, register["baris"][4]))
    assert row["ID Informasi"] == "PKR-2025-001" and row["Waktu Pembuatan"] == "2025-02-14"


def test_bag_info_records_who_what_when_retention_security_and_previous_manifest(archived):
    first = bagit.Bag(str(archived / "v0001")).info
    assert first["Source-Organization"] == "Pemerintah Provinsi Banten"
    assert first["Instansi"] == "SEKRETARIAT DAERAH"
    assert first["Versi-Arsip"] == "v0001"
    assert first["ID-Informasi"] == EXEMPT_ID
    assert first["Waktu-Arsip"] == "2026-11-25T10:30:00+07:00"
    assert first["Peran-Pelaksana"] == "Arsip" and first["Nama-Pelaksana"] == ARSIPARIS
    assert first["Retensi-Aktif-Tahun"] == "2" and first["Retensi-Inaktif-Tahun"] == "5"
    assert first["Keterangan-Retensi"] == "Dinilai Kembali"
    assert first["Klasifikasi-Keamanan"] == "Rahasia"
    assert first["Rincian-Butir"].startswith(f"{EXEMPT_ID} | retensi aktif 2 tahun | inaktif 5 tahun")
    assert first["Manifest-Sebelumnya-SHA256"] == GENESIS
    second = bagit.Bag(str(archived / "v0002")).info
    manifest_v1 = hashlib.sha256((archived / "v0001/manifest-sha256.txt").read_bytes()).hexdigest()
    assert second["Manifest-Sebelumnya-SHA256"] == manifest_v1
    assert second["Cakupan"] == "semua butir Register (14)"
    assert len(second["ID-Informasi"]) == 14
    # The whole register: the longest retention, the strongest disposition, the highest class.
    assert second["Keterangan-Retensi"] == "Permanen"
    assert second["Klasifikasi-Keamanan"] == "Sangat Rahasia"


def test_index_is_a_hash_chain_one_line_per_version(archived):
    lines = (archived / "indeks.jsonl").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["versi"] for e in entries] == ["v0001", "v0002", "v0003"]
    assert entries[0]["hash_sebelumnya"] == GENESIS
    assert entries[1]["hash_sebelumnya"] == entries[0]["hash"]
    assert entries[2]["hash_sebelumnya"] == entries[1]["hash"]
    tagmanifest = (archived / "v0002/tagmanifest-sha256.txt").read_bytes()
    assert entries[1]["tagmanifest_sha256"] == hashlib.sha256(tagmanifest).hexdigest()


def test_unchanged_files_are_stored_once_as_hard_links(archived):
    for rel in ("data/lembar/03-Register.json", "data/workbook/register.xlsx"):
        inodes = {os.stat(archived / v / rel).st_ino for v in ("v0001", "v0002", "v0003")}
        assert len(inodes) == 1, rel
        digest = hashlib.sha256((archived / "v0001" / rel).read_bytes()).hexdigest()
        obj = archived / ".objects/sha256" / digest[:2] / digest
        assert os.stat(obj).st_ino in inodes
        assert os.stat(obj).st_nlink == 4  # the object and three bags


def test_second_unchanged_snapshot_adds_no_payload_bytes(book, tmp_path):
    root = tmp_path / "arsip"
    first = snapshot(book, root)
    second = snapshot(book, root)
    # every sheet, the workbook, 2 letters, 1 softfile
    assert first.new_files == first.files == len(read_all_sheets(book)) + 4
    assert second.new_files == 0
    register_json = (root / "v0002/data/lembar/03-Register.json").stat().st_size
    assert second.new_bytes < register_json  # tag files only


def test_archive_files_are_read_only(archived):
    mode = (archived / "v0001/data/workbook/register.xlsx").stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


# -- Tampering -------------------------------------------------------------------------------
def test_flipped_byte_is_named(archived):
    target = writable(archived / "v0002/data/lembar/03-Register.json")
    data = bytearray(target.read_bytes())
    data[100] ^= 0x01
    target.write_bytes(bytes(data))
    found = problems(archived)
    # The file is one content shared by all three bags (hard links) and the object store.
    assert "v0002/data/lembar/03-Register.json: isi berubah (SHA-256 tidak cocok dengan manifest-sha256.txt)." in found
    assert "v0001/data/lembar/03-Register.json: isi berubah (SHA-256 tidak cocok dengan manifest-sha256.txt)." in found
    assert any(p.startswith(".objects/sha256/") and p.endswith("tidak sama dengan SHA-256 namanya (diubah).")
               for p in found)
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(archived / "v0002")).validate()


def test_deleted_file_is_named(archived):
    (archived / f"v0001/data/surat/nota_dinas_{EXEMPT_ID}_2026.docx").unlink()
    assert problems(archived) == [
        f"v0001/data/surat/nota_dinas_{EXEMPT_ID}_2026.docx: berkas hilang (tercatat di manifest-sha256.txt)."]


def test_added_file_is_named(archived):
    (archived / "v0003/data/surat/tambahan.docx").write_bytes(b"slipped in")
    (archived / "v0002/catatan.txt").write_text("x")
    (archived / "lain.txt").write_text("x")
    assert problems(archived) == [
        "lain.txt: berkas atau folder tambahan di akar arsip (bukan bagian arsip).",
        "v0002/catatan.txt: berkas tambahan di luar bag (tidak tercatat di manifest).",
        "v0003/data/surat/tambahan.docx: berkas tambahan yang tidak tercatat di manifest-sha256.txt.",
    ]


def test_edited_index_line_is_named(archived):
    index = archived / "indeks.jsonl"
    lines = index.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("2026-11-25T10:30:00+07:00", "2026-11-24T10:30:00+07:00")
    index.write_text("".join(lines), "utf-8")
    found = problems(archived)
    assert "indeks.jsonl baris 2: isi baris diubah setelah dicatat (hash tidak cocok)." in found
    assert "indeks.jsonl baris 2: tidak cocok dengan bag v0002 (kolom: waktu)." in found


def test_recomputed_index_line_breaks_the_next_link(archived):
    from ppid_dokumentasi.archive_bag import entry_hash, index_line

    index = archived / "indeks.jsonl"
    lines = index.read_bytes().splitlines(keepends=True)
    entry = json.loads(lines[0])
    entry["id"] = ["PKR-2025-001"]
    entry["hash"] = entry_hash(entry)  # a careful forger recomputes the line's own hash
    lines[0] = index_line(entry)
    index.write_bytes(b"".join(lines))
    found = problems(archived)
    assert found[0].startswith("indeks.jsonl baris 2: rantai putus")
    assert "indeks.jsonl baris 1: tidak cocok dengan bag v0001 (kolom: id)." in found


def test_edited_bag_info_and_removed_version_are_named(archived):
    info = writable(archived / "v0001/bag-info.txt")
    info.write_text(info.read_text("utf-8").replace("Klasifikasi-Keamanan: Rahasia", "Klasifikasi-Keamanan: Biasa"),
                    "utf-8")
    from ppid_dokumentasi.archive_bag import remove_tree

    remove_tree(archived / "v0003")
    found = problems(archived)
    assert "v0001/bag-info.txt: isi berubah (SHA-256 tidak cocok dengan tagmanifest-sha256.txt)." in found
    assert "v0003: folder versi hilang (tercatat di indeks.jsonl baris 3)." in found


def test_replaced_object_is_named_and_new_snapshot_refuses(archived, book):
    digest = hashlib.sha256((archived / "v0001/data/lembar/01-Panduan.json").read_bytes()).hexdigest()
    obj = archived / ".objects/sha256" / digest[:2] / digest
    obj.unlink()
    obj.write_bytes(b"not the original")  # a new file: the bags' hard links still hold the original
    assert problems(archived) == [
        f".objects/sha256/{digest[:2]}/{digest}: isi objek tidak sama dengan SHA-256 namanya (diubah)."]
    before = snapshot_state(archived)
    with pytest.raises(ArchiveError, match="tidak lolos validasi BagIt"):
        snapshot(book, archived)
    assert snapshot_state(archived) == before


def test_snapshot_refuses_a_tampered_archive_and_changes_nothing(archived, book):
    (archived / f"v0001/data/surat/nota_dinas_{EXEMPT_ID}_2026.docx").unlink()
    before = snapshot_state(archived)
    with pytest.raises(ArchiveError) as info:
        snapshot(book, archived)
    assert info.value.message.startswith(
        f"Arsip '{archived}' tidak utuh: v0001/data/surat/nota_dinas_{EXEMPT_ID}_2026.docx: berkas hilang")
    assert "Tidak ada yang diubah" in info.value.message
    assert snapshot_state(archived) == before


# -- Crash leftovers (the process-level kill test is in test_archive_cli.py) -------------------
def test_cut_short_index_line_is_pending_then_completed_byte_for_byte(archived, book):
    index = archived / "indeks.jsonl"
    full = index.read_bytes()
    last_start = full.rstrip(b"\n").rfind(b"\n") + 1
    index.write_bytes(full[: last_start + 40])  # killed in the middle of the third line
    report = Archive(archived).verify()
    assert report.ok, report.text()
    assert [f.kode for f in report.notes] == ["versi-belum-tercatat"]
    result = snapshot(book, archived)
    assert result.version == "v0004"
    assert result.recovered == ["Versi v0003 dari penyimpanan yang terputus kini tercatat di indeks."]
    assert index.read_bytes().startswith(full)
    assert Archive(archived).verify().ok


def test_missing_index_line_and_build_leftovers_are_recovered(archived, book):
    index = archived / "indeks.jsonl"
    full = index.read_bytes()
    index.write_bytes(b"".join(full.splitlines(keepends=True)[:2]))  # killed after the rename
    (archived / ".tmp" / "bangun-x" / "bag" / "data").mkdir(parents=True)
    report = Archive(archived).verify()
    assert report.ok, report.text()
    assert sorted(f.kode for f in report.notes) == ["sisa-terputus", "versi-belum-tercatat"]
    snapshot(book, archived)
    assert index.read_bytes().startswith(full)
    assert list((archived / ".tmp").iterdir()) == []
    assert Archive(archived).verify().notes == []


# -- Sources ---------------------------------------------------------------------------------
def test_missing_softfile_is_recorded_not_a_crash(book, tmp_path):
    with WorkbookEditor(book) as editor:
        row = editor.data.register.find(OTHER_ID)[0]
        editor.set_cells(row, {"Lokasi Softfile": "softfile/hilang.pdf; https://drive.example/berkas/1"})
    result = snapshot(book, tmp_path / "arsip", [OTHER_ID])
    assert result.warnings == [
        f"Softfile 'softfile/hilang.pdf' untuk {OTHER_ID} (Register baris {row}, kolom 'Lokasi Softfile') tidak "
        "ditemukan; dicatat di bag-info.txt sebagai Softfile-Tidak-Ada."]
    info = bagit.Bag(str(result.path)).info
    assert info["Softfile-Tidak-Ada"] == f"{OTHER_ID}: softfile/hilang.pdf"
    assert info["Softfile-Tautan"] == f"{OTHER_ID}: https://drive.example/berkas/1"
    assert bagit.Bag(str(result.path)).validate()


def test_absolute_softfile_path_and_folder(book, tmp_path):
    outside = tmp_path / "luar"
    (outside / "lampiran").mkdir(parents=True)
    (outside / "lampiran" / "a.pdf").write_bytes(b"a")
    (outside / "lampiran" / "b.pdf").write_bytes(b"b")
    with WorkbookEditor(book) as editor:
        row = editor.data.register.find(OTHER_ID)[0]
        editor.set_cells(row, {"Lokasi Softfile": str(outside / "lampiran")})
    with pytest.raises(ArchiveError, match=f"Register baris {row} .*di luar folder yang diizinkan"):
        snapshot(book, tmp_path / "arsip", [OTHER_ID])  # not a folder the office configured
    with WorkbookEditor(book) as editor:
        editor.set_setting("folder_softfile", f"softfile; {outside}")
    result = snapshot(book, tmp_path / "arsip", [OTHER_ID])
    payload = bagit.Bag(str(result.path)).payload_entries()
    assert f"data/softfile/{OTHER_ID}/lampiran/a.pdf" in payload
    assert f"data/softfile/{OTHER_ID}/lampiran/b.pdf" in payload
    assert f"data/surat/berita_acara_{OTHER_ID}.docx" in payload
    assert result.warnings == []


def test_unknown_id_and_unknown_user_are_refused(book, tmp_path):
    root = tmp_path / "arsip"
    with pytest.raises(ItemNotFound, match="ID Informasi 'TIDAK-ADA' tidak ada di sheet Register."):
        snapshot(book, root, ["TIDAK-ADA"])
    with pytest.raises(ActorRefused, match=r"'Siapa' tidak terdaftar di tabel Pengguna \(sheet Pengaturan\)."):
        snapshot(book, root, nama="Siapa")
    with pytest.raises(ActorRefused, match="terdaftar dengan peran 'Arsip', bukan 'PPID'"):
        snapshot(book, root, peran="PPID")
    assert not (root / "v0001").exists()


def test_sheets_without_a_file_give_the_same_json(book, tmp_path):
    """xlwings Lite/Server: no file on disk; the canonical JSON of the same values is identical."""
    sheets = read_all_sheets(book)
    root = tmp_path / "arsip"
    snapshot(book, root)
    source = SnapshotSource(sheets=sheets, file=None, name="register.xlsx", base_dir=None)
    result = Archive(root).snapshot(source, actor=Actor("Arsip", ARSIPARIS), waktu=WHEN)
    payload = bagit.Bag(str(result.path)).payload_entries()
    assert not any(p.startswith("data/workbook/") for p in payload)
    for rel in [p for p in payload if p.startswith("data/lembar/")]:
        assert (root / "v0001" / rel).read_bytes() == (root / "v0002" / rel).read_bytes()
    # Relative softfile paths cannot be resolved without the workbook's folder: recorded as missing.
    assert result.warnings[0].startswith("Softfile 'softfile/PKR-2025-001.pdf' untuk PKR-2025-001 ")
    assert bagit.Bag(str(result.path)).info["Workbook"] == "register.xlsx (berkas tidak ada di disk; hanya isi lembar)"


def test_canonical_json_is_stable_across_readers():
    import datetime as dt

    calamine_like = [["ID Informasi", "Jumlah", "Tanggal"], ["A-1", 3.0, dt.date(2025, 1, 2)], [None, None, ""]]
    xlwings_like = [["ID Informasi", "Jumlah", "Tanggal", None], ["A-1", 3, dt.datetime(2025, 1, 2)]]
    assert sheet_json("Register", calamine_like) == sheet_json("Register", xlwings_like)
    assert sheet_json("Register", calamine_like) == (
        '{"baris":[\n["ID Informasi","Jumlah","Tanggal"],\n["A-1",3,"2025-01-02"]\n],"lembar":"Register"}\n'
    ).encode()


# -- beda and pulihkan -----------------------------------------------------------------------
def test_beda_reports_exactly_the_two_changed_fields(book, tmp_path):
    root = tmp_path / "arsip"
    snapshot(book, root)
    with WorkbookEditor(book) as editor:
        row = editor.data.register.find(OTHER_ID)[0]
        editor.set_cells(row, {"Judul Informasi": "Identitas Pelapor (dikoreksi pimpinan)",
                               "Catatan Koreksi": "Perbaiki judul"})
    snapshot(book, root)
    diff = diff_versions(Archive(root), "v1", "v0002")
    assert diff.changes == [
        FieldChange(OTHER_ID, "Judul Informasi", "Identitas Pelapor Dugaan Pungutan Liar Penyaluran Hibah",
                    "Identitas Pelapor (dikoreksi pimpinan)"),
        FieldChange(OTHER_ID, "Catatan Koreksi", "", "Perbaiki judul"),
    ]
    assert diff.added == [] and diff.removed == [] and diff.other_sheets == []
    assert diff.text() == "\n".join([
        "Perbedaan v0001 → v0002 (sheet Register, per ID Informasi):",
        f"  {OTHER_ID}",
        '    Judul Informasi: "Identitas Pelapor Dugaan Pungutan Liar Penyaluran Hibah" → '
        '"Identitas Pelapor (dikoreksi pimpinan)"',
        '    Catatan Koreksi: (kosong) → "Perbaiki judul"',
    ])


def test_pulihkan_restores_exact_bytes_as_writable_copies(archived, book, tmp_path):
    out = tmp_path / "pulih"
    files = Archive(archived).restore("v0001", out)
    assert out / "workbook/register.xlsx" in files
    assert (out / "workbook/register.xlsx").read_bytes() == book.read_bytes()
    restored = out / "workbook/register.xlsx"
    assert os.stat(restored).st_ino != os.stat(archived / "v0001/data/workbook/register.xlsx").st_ino
    with pytest.raises(ArchiveError, match="sudah ada dan tidak kosong"):
        Archive(archived).restore("v0001", out)


def test_pulihkan_and_beda_refuse_a_damaged_version(archived, tmp_path):
    (archived / "v0002/data/lembar/02-SOP.json").unlink()
    with pytest.raises(ArchiveError, match=r"Versi v0002 rusak \(v0002/data/lembar/02-SOP.json: berkas hilang"):
        Archive(archived).restore("v2", tmp_path / "pulih")
    assert not (tmp_path / "pulih").exists()
    with pytest.raises(ArchiveError, match="Versi v0002 rusak"):
        diff_versions(Archive(archived), "v1", "v2")
    with pytest.raises(ArchiveError, match="Versi v0009 tidak ada"):
        Archive(archived).restore("9", tmp_path / "pulih")


def test_parse_version():
    assert parse_version("v3") == parse_version("3") == parse_version("v0003") == "v0003"
    with pytest.raises(ArchiveError, match="Versi 'x' tidak sah"):
        parse_version("x")


def test_items_are_archived_only_at_step_7_and_by_arsip(book, tmp_path):
    """SOP langkah 7: 'Hasil koreksi dokumen informasi dari pimpinan PPID disimpan sebagai arsip'."""
    root = tmp_path / "arsip"
    with pytest.raises(ArchiveError) as early:
        snapshot(book, root, ["PKR-2025-002", EXEMPT_ID])  # PKR-2025-002 waits for approval at step 6
    assert "Belum di langkah 7: Register baris 6 (ID 'PKR-2025-002', langkah 6)" in early.value.message
    with pytest.raises(ArchiveError) as role:
        snapshot(book, root, [EXEMPT_ID], nama="Gunawan Rusminto, AP, M.Si")
    assert "dilaksanakan oleh Arsip" in role.value.message and "berperan PPID" in role.value.message
    assert not list(root.glob("v0*"))  # nothing archived
    # A snapshot of the whole register is a versioned backup that any registered user may make.
    assert snapshot(book, root, nama="Gunawan Rusminto, AP, M.Si").version == "v0001"
