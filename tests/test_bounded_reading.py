"""Bounded reading: hostile files are refused (exit 2, a message naming the file) within 10 s
under a 1 GB address-space limit, before any spreadsheet library allocates for them.

Every hostile file is generated here. Large inflated streams are built from one deflate block
repeated after full flushes (identical bytes each time), so a 2 GB entry costs milliseconds.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from ppid_dokumentasi.package_guard import ReadLimits, check_package
from ppid_dokumentasi.errors import NotARegisterError

GB = 1 << 30
MB = 1 << 20

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 b'2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/'
                 b'xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
                 b'+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            b'name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b'</sheetData></worksheet>'


class _Deflated:
    """A raw deflate stream with its CRC and sizes, built from parts (a part may repeat cheaply)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.crc = 0
        self.size = 0

    def add(self, data: bytes, times: int = 1) -> "_Deflated":
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        self.parts.append(block * times)
        for _ in range(times):
            self.crc = zlib.crc32(data, self.crc)
        self.size += len(data) * times
        return self

    def finish(self) -> bytes:
        return b"".join(self.parts) + b"\x03\x00"  # an empty final fixed-Huffman block


def _raw_zip(path: Path, entries: list[tuple[str, bytes, int, int]]) -> Path:
    """Write a zip from (name, deflated bytes, crc, inflated size) without re-compressing."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = len(out)
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += header + encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def _xlsx(path: Path, sheet: _Deflated, *, declared: int | None = None) -> Path:
    entries = []
    for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK),
                       ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
        part = _Deflated().add(data)
        entries.append((name, part.finish(), part.crc, part.size))
    entries.append(("xl/worksheets/sheet1.xml", sheet.finish(), sheet.crc,
                    sheet.size if declared is None else declared))
    return _raw_zip(path, entries)


def _sheet(*rows: bytes) -> _Deflated:
    return _Deflated().add(SHEET_HEAD + b"".join(rows) + SHEET_TAIL)


def _limited(limit: int = GB):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def _run(*args: str) -> subprocess.CompletedProcess:
    """The CLI under a 1 GB address-space limit (``ulimit -v``) and a 10 s timeout."""
    return subprocess.run([sys.executable, "-m", "ppid_dokumentasi", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=10, preexec_fn=_limited(), env=dict(os.environ))


def _hostile(tmp_path: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    files["rentang-raksasa"] = _xlsx(tmp_path / "rentang.xlsx", _sheet(b'<row r="1048576"><c r="XFD1048576">'
                                                                         b'<v>1</v></c></row>'))
    files["rentang-dimensi"] = _xlsx(tmp_path / "dimensi.xlsx", _Deflated().add(
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>' + SHEET_TAIL))
    bomb = _Deflated().add(SHEET_HEAD).add(b" " * MB, times=2048).add(SHEET_TAIL)
    files["bom-zip"] = _xlsx(tmp_path / "bom.xlsx", bomb)
    files["bom-zip-ukuran-palsu"] = _xlsx(tmp_path / "bom-palsu.xlsx", bomb, declared=4096)
    # Rows past Excel's last row (1,048,576), the default limit: a Riwayat may hold that many.
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 100_001))
    rows += b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>'
    files["sejuta-baris"] = _xlsx(tmp_path / "sejuta.xlsx", _sheet(rows))
    cell = (_Deflated().add(SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>').add(b"a" * MB, times=1024)
            .add(b"</t></is></c></row>" + SHEET_TAIL))
    files["sel-1-gb"] = _xlsx(tmp_path / "sel.xlsx", cell)
    files["sel-panjang"] = _xlsx(tmp_path / "sel-panjang.xlsx", _sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"a" * 300_000 + b"</t></is></c></row>"))
    fifo = tmp_path / "pipa.xlsx"
    os.mkfifo(fifo)
    files["fifo"] = fifo
    files["dev-zero"] = Path("/dev/zero")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    (folder / "isi.txt").write_text("x")
    files["folder"] = folder
    return files


def test_normal_workbook_validates_under_the_same_limit(sample_xlsx):
    result = _run("validasi", str(sample_xlsx))
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_hostile_file_exits_2_quickly_under_1_gb(tmp_path, sample_xlsx):
    files = _hostile(tmp_path)
    reasons = {
        "rentang-raksasa": "melebihi batas", "rentang-dimensi": "menurut <dimension>", "bom-zip": "melebihi batas",
        "bom-zip-ukuran-palsu": "rusak", "sejuta-baris": "baris", "sel-1-gb": "ditolak",
        "sel-panjang": "batas panjang sel",
        "fifo": "FIFO", "dev-zero": "perangkat", "folder": "folder",
    }
    # One validasi process for all of them (each file is refused on its own; the FIFO does not block).
    result = _run("validasi", *(str(p) for p in files.values()), "--tanpa-progres", "--format", "json")
    out = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in out and "panicked" not in out, out
    reports = {Path(r["path"]): r for r in json.loads(result.stdout)["files"]}
    for key, path in files.items():
        if key == "folder":  # a folder given to validasi is searched for workbooks: this one holds none
            continue
        report = reports[path]
        assert not report["valid"], key
        message = report["problems"][0]["message"]
        assert reasons[key] in message and str(path) in message, (key, message)
    alone = _run("validasi", str(files["folder"]))
    assert alone.returncode == 2 and "Tidak ada berkas" in alone.stderr, alone.stderr
    # The commands that change a workbook or import refuse them the same way, before any lock or write.
    for key in ("rentang-raksasa", "fifo"):
        result = _run("majukan", str(files[key]), "--id", "X-1", "--peran", "Petugas", "--nama", "Siapa")
        out = result.stdout + result.stderr
        assert result.returncode == 2 and reasons[key] in out, (key, out)
    for key in ("bom-zip", "dev-zero"):
        source = files[key]
        if key == "dev-zero":
            source = tmp_path / "nol.csv"
            source.symlink_to("/dev/zero")
        result = _run("impor", str(source), "--coba")
        out = result.stdout + result.stderr
        assert result.returncode == 2 and ("ditolak" in out), (key, out)


def test_limits_are_settings(tmp_path, sample_xlsx, monkeypatch):
    check_package(sample_xlsx)  # the defaults pass a normal register
    with pytest.raises(NotARegisterError, match="melebihi batas 3"):
        check_package(sample_xlsx, ReadLimits(baris=3))
    monkeypatch.setenv("PPID_BATAS_KOLOM", "5")
    with pytest.raises(NotARegisterError, match="PPID_BATAS_KOLOM"):
        check_package(sample_xlsx)
    # Cells without an r attribute are counted: 60 of them in one row is column 60.
    implicit = _xlsx(tmp_path / "tanpa-r.xlsx", _sheet(b"<row>" + b"<c><v>1</v></c>" * 60 + b"</row>"))
    with pytest.raises(NotARegisterError, match="60 kolom"):
        check_package(implicit, ReadLimits(kolom=59))
    check_package(implicit, ReadLimits(kolom=60))


def test_the_writer_refuses_hostile_files_as_the_reader_does_and_inflates_the_register_once(
        tmp_path, sample_xlsx, monkeypatch):
    """The writer checks the package on the file it opens for the write, with the reader's messages;
    a refused file is left as it was, with nothing beside it; a good one has its Register inflated once."""
    import zipfile

    from ppid_dokumentasi.adapters.file_session import FileSession
    from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor

    bomb = _Deflated().add(SHEET_HEAD).add(b" " * MB, times=2048).add(SHEET_TAIL)
    for folder in "abcd":
        (tmp_path / folder).mkdir()
    hostile = {
        "rentang-raksasa": _xlsx(tmp_path / "a" / "rentang.xlsx", _sheet(b'<row r="1"><c r="XFD1048576"><v>1</v></c>'
                                                                          b'</row>')),
        "bom-zip": _xlsx(tmp_path / "b" / "bom.xlsx", bomb),
        "bom-zip-ukuran-palsu": _xlsx(tmp_path / "c" / "palsu.xlsx", bomb, declared=4096),
        "sel-panjang": _xlsx(tmp_path / "d" / "sel.xlsx", _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
                                                                 + b"a" * 300_000 + b"</t></is></c></row>")),
        "banyak-entri": sample_xlsx,  # with the limit on zip entries set below its count
    }

    def refusal(call) -> str:
        with pytest.raises(NotARegisterError) as caught:
            call()
        return str(caught.value)

    for key, path in hostile.items():
        if key == "banyak-entri":
            monkeypatch.setenv("PPID_BATAS_ENTRI_ZIP", "5")
        before, beside = path.read_bytes(), sorted(path.parent.iterdir())
        expected = refusal(lambda: check_package(path))
        assert refusal(lambda: WorkbookEditor(path).__enter__()) == expected, key
        assert path.read_bytes() == before and sorted(path.parent.iterdir()) == beside, key
    monkeypatch.delenv("PPID_BATAS_ENTRI_ZIP")

    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self, name, mode="r", *args, **kwargs):
        if mode == "r":  # an entry read (inflated); writestr opens entries with "w"
            opened.append(getattr(name, "filename", name))
        return real_open(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with FileSession(sample_xlsx, ["PKR-2025-012"], targeted=True) as session:
        session.set_cells(session.targets()[0], {"Catatan Koreksi": "sekali bongkar"})
    assert opened.count("xl/worksheets/sheet3.xml") == 1, opened
    assert check_package(sample_xlsx) == {}
