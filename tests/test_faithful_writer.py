"""The writer changes only what an action owns (issue 9, "a faithful writer").

A rich .xlsm (VBA, form button, shapes with links, image, chart, comment, conditional format,
formulas with cached values, sparklines, add-in and custom XML parts: ``rich_workbook.py``) goes
through every writing command as a real process; after each, every zip entry the command does not
own is byte-identical (raw compressed bytes, same order), the owned sheets keep all but their
touched rows, and the file keeps mode 0664, owner and group.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
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
from ppid_dokumentasi.audit import ANCHOR_COUNT_KEY, ANCHOR_HASH_KEY, verify_chain
from ppid_dokumentasi.errors import CellValueRefused
from ppid_dokumentasi.register import LABELS

from conftest import run_ppid
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
      "2026-11-25"), (REGISTER, RIWAYAT, PENGATURAN, SURAT)),
    (("impor", str(SOURCE), "--ke", "{book}"), (REGISTER, RIWAYAT, PENGATURAN)),
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
