"""Excel guards input: validations with stop alerts and hints, marked required columns, Langkah and
Status locked and checked against Riwayat, readable rows, print setup, hidden technical sheets.

Checked in the package XML, through ``ppid validasi`` as a process, and in LibreOffice (round trip
to .xlsx, PDF rendering read back with pdftotext).
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import requires_libreoffice, soffice
from lxml import etree

from ppid_dokumentasi.register import COLUMNS
from ppid_dokumentasi.rules_history import check_history, item_states, path_to
from ppid_dokumentasi.sample import sample_rows
from ppid_dokumentasi.workflow import default_workflow

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
LABELS = [c.label for c in COLUMNS]


def _sheet_xml(path: Path, title: str) -> etree._Element:
    """The worksheet XML of the sheet named ``title`` (through workbook.xml and its relationships)."""
    with zipfile.ZipFile(path) as package:
        book = etree.fromstring(package.read("xl/workbook.xml"))
        rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        rid = book.find(f"m:sheets/m:sheet[@name='{title}']", NS).get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        name = target.lstrip("/") if target.startswith("/") else "xl/" + target
        return etree.fromstring(package.read(name))


def _validations(root) -> dict[str, etree._Element]:
    """Register data validations by the column label of their range."""
    found = {}
    for dv in root.iterfind("m:dataValidations/m:dataValidation", NS):
        letter = re.match(r"[A-Z]+", dv.get("sqref")).group(0)
        found[LABELS[openpyxl.utils.column_index_from_string(letter) - 1]] = dv
    return found


def _riwayat_row(sample_xlsx: Path, item: str) -> tuple[int, int]:
    """(Excel row, Langkah) of a sample item."""
    ws = openpyxl.load_workbook(sample_xlsx, read_only=True)["Register"]
    for number, row in enumerate(ws.iter_rows(min_row=5, values_only=True), start=5):
        if row[0] == item:
            return number, row[LABELS.index("Langkah")]
    raise AssertionError(item)


# -- data validations -------------------------------------------------------------------------
def test_every_register_column_has_a_stop_alert_and_a_hint(sample_xlsx):
    found = _validations(_sheet_xml(sample_xlsx, "Register"))
    assert set(found) == set(LABELS)
    for label, dv in found.items():
        assert dv.get("showInputMessage") == "1" and dv.get("prompt") and len(dv.get("prompt")) <= 255, label
        assert dv.get("promptTitle") and len(dv.get("promptTitle")) <= 32, label
        if dv.get("type") is None:  # free text: hint only
            continue
        assert dv.get("showErrorMessage") == "1", label
        assert dv.get("errorTitle") and len(dv.get("errorTitle")) <= 32 and dv.get("error"), label
        expected = "warning" if label == "Dasar Pengecualian" else "stop"  # grounds combine with ';'
        assert dv.get("errorStyle") == expected, label
    assert found["Klasifikasi"].get("type") == "list"
    assert found["Klasifikasi"].find("m:formula1", NS).text.startswith("Referensi!")
    assert found["Waktu Pembuatan"].get("type") == "date"
    assert "tanggal" in found["Waktu Pembuatan"].get("error")
    assert found["Langkah"].get("type") == "whole"
    assert found["Jumlah"].get("error") == "'Jumlah' harus bilangan bulat 0 atau lebih."
    assert "Wajib diisi" in found["Judul Informasi"].get("prompt")
    assert "Dikecualikan" in found["Konsekuensi Jika Dibuka"].get("prompt")


def test_required_columns_marked_and_explained(sample_xlsx):
    ws = openpyxl.load_workbook(sample_xlsx)["Register"]
    fills = {ws.cell(4, i + 1).value: ws.cell(4, i + 1).fill.fgColor.rgb for i in range(len(LABELS))}
    assert fills["ID Informasi"] == fills["Klasifikasi"] == fills["Petugas"] == "00C00000"
    assert fills["Konsekuensi Jika Dibuka"] == fills["Dasar Pengecualian"] == "007030A0"
    assert fills["Langkah"] == fills["Status"] == fills["Hasil Validasi"] == "00595959"
    assert fills["Keterangan"] == "001F4E78"  # optional
    assert ws.cell(4, 1).border.bottom.style == "thick"
    assert "merah = wajib" in ws["A3"].value and "ungu" in ws["A3"].value and "dikunci" in ws["A3"].value


def test_langkah_and_status_locked_other_cells_editable(sample_xlsx):
    ws = openpyxl.load_workbook(sample_xlsx)["Register"]
    assert ws.protection.sheet
    for index, label in enumerate(LABELS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        locked = label in ("Langkah", "Status")
        assert ws.column_dimensions[letter].protection.locked is locked, label
        if ws.cell(5, index).value is not None:  # written cells carry their own protection
            assert ws.cell(5, index).protection.locked is locked, label
    assert ws.cell(4, 1).protection.locked  # header


# -- Langkah/Status against Riwayat -----------------------------------------------------------
def test_sample_history_brings_every_item_to_its_step(sample_xlsx, ppid):
    result = ppid("validasi", str(sample_xlsx))
    assert result.returncode == 0, result.stdout
    verified = ppid("riwayat", "verifikasi", str(sample_xlsx))
    assert verified.returncode == 0 and "Riwayat utuh" in verified.stdout


def test_hand_edited_langkah_is_an_error_naming_the_row(sample_xlsx, ppid):
    row, step = _riwayat_row(sample_xlsx, "PKR-2025-005")
    assert step == 3
    wb = openpyxl.load_workbook(sample_xlsx)
    wb["Register"].cell(row, LABELS.index("Langkah") + 1).value = 7
    wb.save(sample_xlsx)
    result = ppid("validasi", "--format", "json", str(sample_xlsx))
    assert result.returncode == 1
    problems = json.loads(result.stdout)["files"][0]["problems"]
    found = [p for p in problems if p["code"] == "langkah-tidak-sesuai-riwayat"]
    assert [(p["row"], p["column"]) for p in found] == [(row, "Langkah")]
    assert "Langkah 7 tidak sesuai Riwayat" in found[0]["message"] and "langkah 3" in found[0]["message"]
    text = ppid("validasi", str(sample_xlsx)).stdout
    assert f"Register baris {row}, kolom 'Langkah': [galat langkah-tidak-sesuai-riwayat]" in text


def test_item_without_events_must_be_at_the_initial_state():
    wf = default_workflow()
    assert (wf.initial_step, wf.initial_status) == (1, "Dalam Proses")  # data/sop.toml [awal]
    rows = [r.model_copy(update={"excel_row": 5 + i}) for i, r in enumerate(sample_rows())]
    problems = check_history(rows, [])
    moved = {r.excel_row for r in rows if (r.langkah, r.status) != (1, "Dalam Proses")}
    assert {p.row for p in problems} == moved
    assert all("belum punya peristiwa" in p.message for p in problems)


def test_events_replayed_import_letters_and_archive_do_not_move():
    riwayat = [
        [1, "t", "A-1", None, 1, "Impor", "Petugas", "x", ""],
        [2, "t", "A-1", 1, 2, "maju", "Petugas", "x", ""],
        [3, "t", "a-1 ", 2, 2, "surat", "Petugas", "x", ""],
        [4, "t", "(semua butir)", None, None, "arsip", "Arsip", "x", ""],
    ]
    states = item_states(riwayat, default_workflow())
    assert (states["a-1"].step, states["a-1"].status, states["a-1"].riwayat_row) == (2, "Dalam Proses", 3)
    steps = [t.aksi for t in path_to(7, "Selesai")]
    assert steps == ["maju"] * 5 + ["setujui", "maju", "maju"]
    assert [t.aksi for t in path_to(5, "Dikembalikan")][-1] == "kembalikan"


# -- rows, print setup, hidden sheets (XML) ---------------------------------------------------
def test_rows_tall_enough_for_wrapped_text(sample_xlsx):
    wb = openpyxl.load_workbook(sample_xlsx)
    register = wb["Register"]
    widths = {i: c.width for i, c in enumerate(COLUMNS, start=1)}
    for row in range(5, 5 + len(sample_rows())):
        height = register.row_dimensions[row].height
        longest = max(len(str(register.cell(row, c).value or "")) / widths[c] for c in widths)
        assert height and height >= 15 * int(longest), row
    sop = wb["SOP"]
    step6 = next(r for r in range(1, sop.max_row + 1) if sop.cell(r, 1).value == 6)
    assert sop.row_dimensions[step6].height >= 60  # Dokumen Terkait of step 6 takes four lines
    with zipfile.ZipFile(sample_xlsx) as package:
        assert b'customHeight="1"' in package.read("xl/worksheets/sheet3.xml")


def test_print_setup_and_hidden_technical_sheets(sample_xlsx):
    wb = openpyxl.load_workbook(sample_xlsx)
    hidden = {ws.title for ws in wb.worksheets if ws.sheet_state == "hidden"}
    assert hidden == {"Referensi", "xlwings.conf"}
    for ws in wb.worksheets:
        if ws.title in hidden:
            continue
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth >= 1 and setup.fitToHeight == 0, ws.title
        assert setup.orientation == ("portrait" if ws.title == "Panduan" else "landscape"), ws.title
    for title in ("Riwayat", "Daftar Surat", "Pengaturan"):
        assert wb[title].print_title_rows.replace("$", "") == "1:1", title
    register = wb["Register"]
    assert (register.print_title_rows.replace("$", ""), register.print_title_cols.replace("$", "")) == ("4:4", "A:B")
    assert wb.active.title == "Register"


# -- LibreOffice ------------------------------------------------------------------------------
def _convert(source: Path, target: str, out: Path, profile: Path) -> Path:
    result = subprocess.run(
        [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", target, "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=240,
    )
    produced = out / f"{source.stem}.{target.split(':')[0]}"
    assert produced.exists(), result.stderr
    return produced


@requires_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_keeps_alerts_and_prints_readable_pages(sample_xlsx, tmp_path):
    profile = tmp_path / "lo-profile"
    resaved = _convert(sample_xlsx, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", profile)
    found = _validations(_sheet_xml(resaved, "Register"))
    klasifikasi = found["Klasifikasi"]
    shown = ("1", "true")
    assert klasifikasi.get("showErrorMessage") in shown and klasifikasi.get("errorStyle", "stop") == "stop"
    assert klasifikasi.get("errorTitle") == "Klasifikasi tidak sah"
    assert found["Waktu Pembuatan"].get("showErrorMessage") in shown
    assert found["Langkah"].get("error", "").startswith("Langkah harus 1 sampai 7")
    book = openpyxl.load_workbook(resaved)
    assert book["xlwings.conf"].sheet_state == "hidden" and book["Referensi"].sheet_state == "hidden"
    assert book["Register"].protection.sheet

    pdf = _convert(sample_xlsx, "pdf", tmp_path / "pdf", profile)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("PKR-2025-014", "Laporan Kinerja Biro",  # Register; SOP lampiran step 6, last lines:
                     "Penetapan Informasi", "yang Dikecualikan", "Riwayat contoh"):
        assert expected in text, expected
    assert "SHOW_ERROR_POPUPS" not in text  # xlwings.conf is hidden, not printed
    assert "Pasal 17 huruf a angka 1" not in text  # nor the Referensi lists
