"""The writer changes only what an action owns (issue 9, "a faithful writer").

A rich .xlsm (VBA, form button, shapes with links, image, chart, comment, conditional format,
formulas with cached values, sparklines, add-in and custom XML parts: ``rich_workbook.py``) goes
through every writing command as a real process; after each, every zip entry the command does not
own is byte-identical (raw compressed bytes, same order), the owned sheets keep all but their
touched rows, and the file keeps mode 0664, owner and group.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.adapters.safe_replace import is_temporary
from ppid_dokumentasi.adapters.xlsx_package import XlsxPackage
from ppid_dokumentasi.adapters.xlsx_sheet import SheetPatchError, patch_sheet
from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, verify_chain
from ppid_dokumentasi.errors import CellValueRefused
from ppid_dokumentasi.register import LABELS

from conftest import requires_libreoffice, run_ppid, soffice
from rich_workbook import ADDED, FORMULA_ROWS, JUMLAH, REGISTER_PART, formula_cell, letter, make_rich_workbook

PETUGAS, PPID_NAME = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)"
ARSIPARIS = "Nama Arsiparis (contoh)"
SOURCE = Path(__file__).parent / "data" / "real-registers" / "fragment_dik_banyumas_2025.csv"
REGISTER, RIWAYAT, PENGATURAN, SURAT = "Register", "Riwayat", "Pengaturan", "Daftar Surat"


@pytest.fixture(scope="module")
def rich_template(tmp_path_factory) -> Path:
    return make_rich_workbook(tmp_path_factory.mktemp("kaya"))


@pytest.fixture
def rich(rich_template, tmp_path) -> Path:
    return Path(shutil.copy(rich_template, tmp_path / rich_template.name))


def raw_entries(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry: (compression, CRC, compressed bytes as stored)."""
    with zipfile.ZipFile(path) as z, path.open("rb") as f:
        found = {}
        for info in z.infolist():
            f.seek(info.header_offset)
            head = f.read(30)
            name_length, extra_length = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
            start = info.header_offset + 30 + name_length + extra_length
            f.seek(start)
            found[info.filename] = (info.compress_type, info.CRC, f.read(info.compress_size))
        return found


def sheet_parts(path: Path, *sheets: str) -> set[str]:
    package = XlsxPackage(path)
    try:
        return {package.sheet_part(s) for s in sheets}
    finally:
        package.close()


def outside_rows(xml: bytes) -> bytes:
    """A sheet part without its rows and dimension: what no action may change."""
    xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
    return re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>", b"", xml, flags=re.S)


def rows_of(xml: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(0) for m in re.finditer(rb'<row r="(\d+)".*?(?:</row>|/>)', xml, re.S)}


COMMANDS = [
    (("majukan", "{book}", "--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS),
     (REGISTER, RIWAYAT, PENGATURAN)),
    (("kembalikan", "{book}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME, "--catatan",
      "Lengkapi ringkasan."), (REGISTER, RIWAYAT, PENGATURAN)),
    (("majukan", "{book}", "--id", "PKR-2025-002", "--peran", "Petugas", "--nama", PETUGAS), (REGISTER, RIWAYAT, PENGATURAN)),
    (("setujui", "{book}", "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME), (REGISTER, RIWAYAT, PENGATURAN)),
    (("surat", "{book}", "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--keluar", "{out}", "--tanggal",
      "2026-11-25", "--oleh", PETUGAS), (REGISTER, RIWAYAT, PENGATURAN, SURAT)),
    (("impor", str(SOURCE), "--ke", "{book}", "--petugas", PETUGAS), (REGISTER, RIWAYAT, PENGATURAN)),
    (("arsip", "simpan", "{book}", "--nama", ARSIPARIS), (RIWAYAT, PENGATURAN)),
]


def test_every_writing_command_keeps_what_it_does_not_own(rich, tmp_path):
    os.chmod(rich, 0o664)
    owner = (4321, 4322) if os.geteuid() == 0 else (os.getuid(), (os.getgroups() or [os.getgid()])[-1])
    os.chown(rich, *owner)  # as root: another owner and group; otherwise a group of the user's
    untouched_formula = formula_cell(FORMULA_ROWS[0]).encode()
    for args, owned_sheets in COMMANDS:
        before = raw_entries(rich)
        before_parts = {name: zipfile.ZipFile(rich).read(name) for name in before}
        owned = sheet_parts(rich, *owned_sheets)
        done = run_ppid(*(a.format(book=rich, out=tmp_path / "surat") for a in args))
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        after = raw_entries(rich)
        assert list(after) == list(before), args  # same parts, same order
        changed = {name for name in after if after[name] != before[name]}
        assert changed and changed <= owned, (args, changed - owned)
        for name in changed:
            new = zipfile.ZipFile(rich).read(name)
            assert outside_rows(new) == outside_rows(before_parts[name]), (args, name)
            old_rows, new_rows = rows_of(before_parts[name]), rows_of(new)
            assert len([r for r in old_rows if old_rows[r] != new_rows.get(r)]) <= 2, (args, name)
        st = rich.stat()
        assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (0o664, *owner), args
        assert [p.name for p in rich.parent.iterdir() if is_temporary(p) or p.name.endswith(".lock")] == []
    register = zipfile.ZipFile(rich).read(REGISTER_PART)
    assert untouched_formula in register
    advanced = rows_of(register)[FORMULA_ROWS[1]]  # the row majukan changed keeps its other cells' formula
    assert formula_cell(FORMULA_ROWS[1]).encode() in advanced
    assert all(zipfile.ZipFile(rich).read(name) == (data.encode() if isinstance(data, str) else data)
               for name, data in ADDED.items())
    # the result opens in openpyxl (VBA kept) and calamine, and the audit trail is intact
    wb = openpyxl.load_workbook(rich, keep_vba=True)
    assert wb["Register"][f"{JUMLAH}5"].value == "=0+1" and wb.vba_archive is not None
    data = read_workbook(rich)
    values = data.settings.values
    assert verify_chain(data.riwayat, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY)) == []
    assert [r[5] for r in data.riwayat][:4] == ["maju", "kembalikan", "maju", "setujui"]
    assert data.letters and data.letters[-1][3].endswith("/2026")
    assert run_ppid("validasi", str(rich)).returncode in (0, 1)  # readable (imported rows may need fixing)
    assert run_ppid("riwayat", "verifikasi", str(rich)).returncode == 0


def test_a_symlinked_workbook_is_written_through(sample_xlsx, tmp_path):
    link = tmp_path / "tautan.xlsx"
    link.symlink_to(sample_xlsx)
    done = run_ppid("majukan", str(link), "--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == sample_xlsx.resolve()
    assert read_workbook(sample_xlsx).riwayat[-1][2] == "PKR-2025-012"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.xlsx", "tautan.xlsx"]


def test_new_workbooks_get_the_usual_mode(tmp_path):
    old = os.umask(0o002)
    try:
        built = build_workbook(tmp_path / "baru.xlsx", [])
    finally:
        os.umask(old)
    assert stat.S_IMODE(built.stat().st_mode) == 0o664
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baru.xlsx"]


def test_control_characters_round_trip_and_the_item_can_still_be_returned(sample_xlsx):
    note = "Baris satu\x0bbaris dua\x01 _x000B_ tetap\r\nteks"
    with WorkbookEditor(sample_xlsx) as editor:
        row = editor.data.register.find("PKR-2025-002")[0]
        editor.set_cells(row, {"Catatan Koreksi": note, "Lokasi Softfile": "=HYPERLINK(\"x\")"})
    data = read_workbook(sample_xlsx)
    cells = data.register.find("PKR-2025-002")[1]
    assert cells["Catatan Koreksi"] == note and cells["Lokasi Softfile"] == '=HYPERLINK("x")'
    ws = openpyxl.load_workbook(sample_xlsx)["Register"]
    assert ws.cell(row=row, column=data.register.column_index("Lokasi Softfile") + 1).data_type == "s"
    done = run_ppid("kembalikan", str(sample_xlsx), "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME)
    assert done.returncode == 0, done.stderr
    data = read_workbook(sample_xlsx)
    assert data.riwayat[-1][8] == note
    values = data.settings.values
    assert verify_chain(data.riwayat, values.get(ANCHOR_COUNT_KEY), values.get(ANCHOR_HASH_KEY)) == []
    advanced = run_ppid("majukan", str(sample_xlsx), "--id", "PKR-2025-002", "--peran", "Petugas", "--nama", PETUGAS)
    assert advanced.returncode == 0, advanced.stderr
    assert run_ppid("riwayat", "verifikasi", str(sample_xlsx)).returncode == 0


def test_text_longer_than_a_cell_is_refused_never_cut(sample_xlsx):
    before = sample_xlsx.read_bytes()
    with pytest.raises(CellValueRefused) as refused:
        with WorkbookEditor(sample_xlsx) as editor:
            editor.set_cells(editor.data.register.find("PKR-2025-002")[0], {"Catatan Koreksi": "x" * 32768})
    assert (refused.value.sheet, refused.value.row, refused.value.column) == ("Register", 6, "Catatan Koreksi")
    assert "32768 karakter" in refused.value.message
    done = run_ppid("kembalikan", str(sample_xlsx), "--id", "PKR-2025-002", "--peran", "PPID", "--nama", PPID_NAME,
                    "--catatan", "y" * 40000)
    assert done.returncode == 1 and "terlalu panjang" in done.stderr and "Traceback" not in done.stderr
    assert sample_xlsx.read_bytes() == before
    with WorkbookEditor(sample_xlsx) as editor:  # exactly the limit fits
        editor.set_cells(6, {"Catatan Koreksi": "z" * 32767})
    assert read_workbook(sample_xlsx).register.find("PKR-2025-002")[1]["Catatan Koreksi"] == "z" * 32767


def test_appended_rows_extend_the_dimension_and_keep_styles(sample_xlsx):
    with WorkbookEditor(sample_xlsx) as editor:
        written = editor.append_register([{"ID Informasi": "BARU-1", "Judul Informasi": "Judul",
                                           "Waktu Pembuatan": __import__("datetime").date(2026, 1, 2)}])
    xml = zipfile.ZipFile(sample_xlsx).read(REGISTER_PART)
    last = letter(LABELS[-1])
    assert f'<dimension ref="A1:{last}19"/>'.encode() in xml and written == [19]
    row = rows_of(xml)[19]
    date = letter("Waktu Pembuatan")
    assert b'<c r="A19" s="17" t="inlineStr">' in row and f'<c r="{date}19" s="18"><v>46024</v></c>'.encode() in row
    book = CalamineWorkbook.from_path(str(sample_xlsx)).get_sheet_by_name("Register").to_python()
    assert str(book[18][LABELS.index("Waktu Pembuatan")]).startswith("2026-01-02")


@pytest.mark.libreoffice
@requires_libreoffice
def test_written_workbook_opens_in_libreoffice_with_the_written_values(rich, tmp_path):
    done = run_ppid("majukan", str(rich), "--id", "PKR-2025-012", "--peran", "Petugas", "--nama", PETUGAS)
    assert done.returncode == 0, done.stderr
    done = run_ppid("surat", str(rich), "--jenis", "nota-dinas-laporan", "--id", "PKR-2025-002", "--keluar",
                    str(tmp_path / "surat"), "--tanggal", "2026-11-25", "--oleh", PETUGAS)
    assert done.returncode == 0, done.stderr
    with WorkbookEditor(rich) as editor:
        editor.set_cells(editor.data.register.find("PKR-2025-013")[0], {"Catatan Koreksi": "=1+1 tetap teks"})
    number = read_workbook(rich).letters[-1][3]
    out = tmp_path / "csv"
    converted = subprocess.run(
        [soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'profil'}", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(out),
         str(rich)], capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert converted.returncode == 0, converted.stderr

    def sheet(name: str) -> list[list[str]]:
        with (out / f"{rich.stem}-{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    register = sheet("Register")
    header = next(row for row in register if "ID Informasi" in row)
    rows = {row[0]: row for row in register if row and row[0].startswith("PKR-")}
    assert rows["PKR-2025-012"][header.index("Langkah")] == "2"
    assert rows["PKR-2025-002"][header.index("Nomor Surat")] == number
    assert rows["PKR-2025-013"][header.index("Catatan Koreksi")] == "=1+1 tetap teks"
    assert [row[5] for row in sheet("Riwayat")[1:]] == ["maju", "surat"]
    assert sheet("Daftar Surat")[1][3] == number


def _patch(xml: str, writes: dict) -> str:
    return patch_sheet(xml.encode(), writes, lambda base, value: base)[0].decode()


def test_patch_sheet_handles_prefixes_implicit_positions_and_empty_sheets():
    prefixed = ('<x:worksheet xmlns:x="urn:main"><x:dimension ref="A1:B2"/><x:sheetData><x:row r="1">'
                '<x:c r="A1" s="3" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:f>A1</x:f><x:v>7</x:v></x:c></x:row>'
                '</x:sheetData></x:worksheet>')
    out = _patch(prefixed, {1: {1: "baru"}, 3: {2: 5}})
    assert '<x:c r="A1" s="3" t="inlineStr"><x:is><x:t>baru</x:t></x:is></x:c><x:c r="B1"><x:f>A1</x:f><x:v>7</x:v>' in out
    assert out.endswith('<x:row r="3"><x:c r="B3"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    assert '<x:dimension ref="A1:B3"/>' in out
    implicit = '<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>'
    out = _patch(implicit, {1: {2: "x"}})  # cells and rows without r keep their places
    assert out.startswith('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr">')
    assert out.endswith('<row><c><v>3</v></c></row></sheetData></worksheet>')
    out = _patch('<worksheet><sheetData><row r="2"><c><v>1</v></c></row><row><c/></row></sheetData></worksheet>',
                 {1: {1: 0.5}})  # a row inserted before rows without r: they get their number
    assert out == ('<worksheet><sheetData><row r="1"><c r="A1"><v>0.5</v></c></row><row r="2"><c><v>1</v></c></row>'
                   '<row r="3"><c/></row></sheetData></worksheet>')
    assert _patch('<worksheet><sheetData/></worksheet>', {2: {1: True}}) == (
        '<worksheet><sheetData><row r="2"><c r="A2" t="b"><v>1</v></c></row></sheetData></worksheet>')


def test_patch_sheet_refuses_to_break_a_shared_formula():
    shared = ('<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1</f><v>1</v></c>'
              '</row></sheetData></worksheet>')
    with pytest.raises(SheetPatchError, match="A1:A3"):
        _patch(shared, {1: {1: "x"}})


def test_overwriting_a_formula_drops_the_stale_calculation_chain(sample_xlsx, tmp_path):
    column = letter("Catatan Koreksi")
    book = tmp_path / "rantai.xlsx"
    with zipfile.ZipFile(sample_xlsx) as src, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdCc" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                                    b"</Relationships>")
            elif info.filename == REGISTER_PART:
                data = re.sub(rb'(<row r="6"[^>]*>)', rb"\1" + f'<c r="{column}6"><f>1+1</f><v>2</v></c>'.encode(),
                              data, count=1)  # the row may carry a height
                assert b"<f>1+1</f>" in data
            out.writestr(info, data)
        out.writestr("xl/calcChain.xml", f'<calcChain xmlns="urn:x"><c r="{column}6" i="3"/></calcChain>')
    with WorkbookEditor(book) as editor:
        editor.set_cells(6, {"Catatan Koreksi": "bukan rumus lagi"})
    with zipfile.ZipFile(book) as z:
        assert "xl/calcChain.xml" not in z.namelist()
        assert b"calcChain" not in z.read("[Content_Types].xml") + z.read("xl/_rels/workbook.xml.rels")
        assert b"<f>1+1</f>" not in z.read(REGISTER_PART)
    assert read_workbook(book).register.find("PKR-2025-002")[1]["Catatan Koreksi"] == "bukan rumus lagi"


def test_a_large_sheet_keeps_the_compression_of_untouched_pieces(sample_xlsx, monkeypatch):
    from ppid_dokumentasi.adapters import xlsx_package

    rows = [{"ID Informasi": f"BESAR-{n:05d}", "Judul Informasi": f"Judul ke-{n} " * 50} for n in range(6000)]
    with WorkbookEditor(sample_xlsx) as editor:
        editor.append_register(rows)
    assert zipfile.ZipFile(sample_xlsx).getinfo(REGISTER_PART).file_size > 3 * xlsx_package.PARALLEL_CHUNK
    whole, pieces = [], []
    real, real_piece = xlsx_package._deflate, xlsx_package._piece
    monkeypatch.setattr(xlsx_package, "_deflate", lambda data, level: whole.append(len(data)) or real(data, level))
    monkeypatch.setattr(xlsx_package, "_piece", lambda data, *a: pieces.append(len(data)) or real_piece(data, *a))
    with WorkbookEditor(sample_xlsx) as editor:  # the dimension, a middle row and a new last row change
        editor.set_cells(3000, {"Catatan Koreksi": "di tengah"})
        editor.append_register([{"ID Informasi": "AKHIR", "Waktu Pembuatan": __import__("datetime").date(2026, 5, 1)}])
    assert all(size < xlsx_package.PARALLEL_CHUNK for size in whole)  # the Register part was spliced, not redone
    # The part as this writer stored it is cut at its flush points: only the 3 changed pieces are compressed.
    assert len(pieces) == 3 and all(size <= xlsx_package.PARALLEL_CHUNK + 4096 for size in pieces), pieces
    assert zipfile.ZipFile(sample_xlsx).testzip() is None
    data = read_workbook(sample_xlsx)
    assert data.register.find(f"BESAR-{3000 - 19:05d}")[1]["Catatan Koreksi"] == "di tengah"
    assert data.register.rows[-1][1][0] == "AKHIR" and len(data.register.rows) == 14 + 6000 + 1


def test_cell_text_that_looks_like_an_attribute_does_not_confuse_the_patcher():
    row = '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t> r="C1"</t></is></c></row></sheetData></worksheet>'
    out = _patch(row, {1: {2: "b"}})
    assert '<c t="inlineStr" r="A1"><is><t> r="C1"</t></is></c><c r="B1" t="inlineStr">' in out


def test_writing_commands_do_not_load_openpyxl():
    code = ("import sys, ppid_dokumentasi.adapters.file_session, ppid_dokumentasi.adapters.openpyxl_editor\n"
            "print(any(m == 'openpyxl' or m.startswith('openpyxl.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    assert out.stdout.strip() == "False"  # openpyxl only builds new workbooks (~0.3 s of start-up)


def test_stored_pieces_are_reused_only_when_each_inflates_on_its_own():
    import zlib

    from ppid_dokumentasi.adapters import xlsx_package

    size = xlsx_package.PARALLEL_CHUNK
    data = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7) for n in range(1, 120_000))
    spans = range(0, len(data), size)
    own = b"".join(xlsx_package._piece(data[i:i + size], 3, i + size >= len(data)) for i in spans)
    pieces = xlsx_package._stored_pieces(own, data)
    assert pieces is not None and [lo for lo, _, _ in pieces] == list(spans)
    assert b"".join(blob for _, _, blob in pieces) == own
    one_window = zlib.compressobj(3, zlib.DEFLATED, -15)  # flushed, but referring back across the flushes
    shared = b"".join(one_window.compress(data[i:i + size]) + one_window.flush(zlib.Z_SYNC_FLUSH) for i in spans)
    shared += one_window.flush()
    assert xlsx_package._stored_pieces(shared, data) is None
    assert xlsx_package._stored_pieces(zlib.compress(data)[2:-4], data) is None  # one stream, no flush points
    assert xlsx_package._stored_pieces(own, data[:-1] + b"!") is None  # not the bytes they stand for
