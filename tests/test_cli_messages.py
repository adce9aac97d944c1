"""The whole CLI speaks Indonesian: help, usage errors, file errors naming the file, other file
kinds refused before anything is written, and output that survives a cp1252 console.

Every check runs ``ppid`` as a separate process.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from conftest import requires_libreoffice, soffice

ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "the following arguments",
           "invalid choice", "unrecognized arguments", "expected one argument", "error:",
           "No such file", "Traceback")


def _no_english(*texts: str) -> None:
    for text in texts:
        for word in ENGLISH:
            assert word not in text, (word, text)


# -- help and usage errors --------------------------------------------------------------------
@pytest.mark.parametrize("args", [["--help"], ["majukan", "--help"], ["arsip", "simpan", "--help"], []])
def test_help_is_indonesian(ppid, args):
    result = ppid(*args)
    assert result.returncode == (2 if not args else 0)
    out = result.stdout
    assert out.startswith("Penggunaan: ppid") and "opsi:" in out
    assert "-h, --help" in out and "tampilkan bantuan ini lalu keluar" in out
    _no_english(result.stdout, result.stderr)


@pytest.mark.parametrize("args, expected", [
    (["majukan"], "argumen berikut wajib diisi: PATH, --peran, --nama"),
    (["majukan", "x.xlsx", "--id"], "argumen --id: membutuhkan satu nilai"),
    (["validasi", "--format", "xml", "x.xlsx"], "argumen --format: pilihan 'xml' tidak dikenal"),
    (["tidak-ada"], "argumen PERINTAH: pilihan 'tidak-ada' tidak dikenal"),
    (["validasi", "x.xlsx", "--salah"], "argumen tidak dikenal: --salah"),
    (["impor", "a.csv", "--baris", "lima"], "argumen --baris: nilai 'lima' tidak sah"),
])
def test_usage_errors_are_indonesian(ppid, args, expected):
    result = ppid(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Galat: {expected}")
    assert "Penggunaan: ppid" in result.stderr and "--help' " not in result.stderr
    _no_english(result.stdout, result.stderr)


# -- file errors ------------------------------------------------------------------------------
def test_missing_file_is_named(ppid, tmp_path):
    missing = tmp_path / "hilang.xlsx"
    for args in (["majukan", str(missing), "--id", "A", "--peran", "Petugas", "--nama", "x"],
                 ["riwayat", "verifikasi", str(missing)],
                 ["surat", str(missing), "--jenis", "keputusan", "--id", "A", "--keluar", str(tmp_path / "s")],
                 ["validasi", str(missing)]):
        result = ppid(*args)
        assert result.returncode in (1, 2), args
        assert "hilang.xlsx' tidak ditemukan." in result.stdout + result.stderr, args
        _no_english(result.stdout, result.stderr)
    assert not (tmp_path / "s").exists()


def _cfb(stream_name: str) -> bytes:
    """A minimal Compound File: the magic, then a directory entry naming one stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream_name.encode("utf-16-le") + bytes(64)


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
    return path


WRITERS = [
    ["majukan", "{f}", "--id", "PKR-2025-003", "--peran", "Petugas", "--nama", "x"],
    ["kembalikan", "{f}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", "x", "--catatan", "c"],
    ["setujui", "{f}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", "x"],
    ["surat", "{f}", "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-003", "--keluar", "{d}/surat"],
    ["arsip", "simpan", "{f}", "--id", "PKR-2025-001", "--peran", "Arsip", "--nama", "x", "--akar", "{d}/arsip"],
    ["impor", "{d}/sumber.csv", "--ke", "{f}"],
    ["riwayat", "verifikasi", "{f}"],
    ["validasi", "{f}"],
]


def _refused_everywhere(ppid, folder: Path, name: str, expected: str, commands=WRITERS) -> None:
    """Every command refuses the file with ``expected`` and nothing in the folder changes."""
    (folder / "sumber.csv").write_text("ID,Judul\nA-1,Judul A\n", encoding="utf-8")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    for template in commands:
        args = [a.format(f=folder / name, d=folder) for a in template]
        result = ppid(*args)
        assert result.returncode in (1, 2), args
        assert expected in result.stdout + result.stderr, (args, result.stdout, result.stderr)
        assert "terenkripsi" not in result.stdout + result.stderr
        _no_english(result.stdout, result.stderr)
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
        assert after == before, args  # no lock file, no folder, no version, no change


SOME_WRITERS = [WRITERS[0], WRITERS[4], WRITERS[7]]


@pytest.mark.parametrize("name, make, expected, commands", [
    ("register.ods", _ods, "berformat OpenDocument (.ods)", WRITERS),  # every command, the same way
    ("lama.xls", lambda p: p.write_bytes(_cfb("Workbook")), "berformat Excel lama (.xls)", SOME_WRITERS),
    ("daftar.csv", lambda p: p.write_text("a,b\n1,2\n"), "pakai 'ppid impor daftar.csv --ke REGISTER.xlsx'",
     SOME_WRITERS),
])
def test_other_file_kinds_refused_by_every_command_before_writing(ppid, tmp_path, name, make, expected, commands):
    make(tmp_path / name)
    _refused_everywhere(ppid, tmp_path, name, expected, commands)
    if not name.endswith(".csv"):
        assert "simpan ulang sebagai .xlsx" in ppid("validasi", str(tmp_path / name)).stdout


def test_encrypted_workbook_is_called_encrypted(ppid, tmp_path):
    (tmp_path / "rahasia.xlsx").write_bytes(_cfb("EncryptionInfo") + _cfb("EncryptedPackage"))
    result = ppid("riwayat", "verifikasi", str(tmp_path / "rahasia.xlsx"))
    assert result.returncode == 2
    assert "Berkas 'rahasia.xlsx' terenkripsi" in result.stderr


@requires_libreoffice
@pytest.mark.libreoffice
def test_real_xls_and_ods_from_libreoffice(ppid, sample_xlsx, tmp_path):
    import subprocess

    for target in ("xls", "ods"):
        subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", target, "--outdir", str(tmp_path / "out"), str(sample_xlsx)],
                       capture_output=True, timeout=240, check=True)
    folder = tmp_path / "out"
    assert "simpan ulang sebagai .xlsx" in ppid("validasi", str(folder / "register.xls")).stdout
    _refused_everywhere(ppid, folder, "register.xls", "berformat Excel lama (.xls)", WRITERS[:1])
    _refused_everywhere(ppid, folder, "register.ods", "berformat OpenDocument (.ods)", SOME_WRITERS)


# -- a Windows console ------------------------------------------------------------------------
def test_cp1252_console_gets_replacement_characters_not_a_crash(ppid, sample_xlsx):
    import openpyxl

    wb = openpyxl.load_workbook(sample_xlsx)
    ws = wb["Register"]
    ws["A5"], ws["A6"] = "PKR→1", "PKR→1"  # duplicate IDs: the message repeats the ID with its arrow
    wb.save(sample_xlsx)
    env = {"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    result = ppid("validasi", str(sample_xlsx), env=env)
    assert result.returncode == 1, result.stderr
    assert "ID Informasi 'PKR?1' sudah dipakai" in result.stdout
    refused = ppid("majukan", str(sample_xlsx), "--id", "X→Y", "--peran", "Petugas", "--nama",
                   "Nama Kasubag Tata Usaha (contoh)", env=env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "ID Informasi 'X?Y' tidak ada" in refused.stderr
