"""The controlled workbook as built by ``ppid buat``: read back with openpyxl and calamine, and
rendered by LibreOffice."""

from __future__ import annotations

import subprocess

from openpyxl import load_workbook

from conftest import requires_libreoffice, soffice
from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.layout import BUTTONS, REGISTER_HEADER_ROW, REQUIRED_SHEETS, TEMPLATE_VERSION, reference_lists
from ppid_dokumentasi.register import LABELS
from test_sop import seed_tata_cara

CONTRACT_LABELS = [
    "ID Informasi", "Judul Informasi", "Ringkasan Isi Informasi", "Pejabat/Unit Penguasa Informasi",
    "Penanggung Jawab", "Waktu Pembuatan", "Tempat Pembuatan", "Bentuk Informasi", "Klasifikasi",
    "Dasar Pengecualian", "Undang-Undang Lain", "Konsekuensi Jika Dibuka", "Pertimbangan Kepentingan Publik",
    "Tanggal Uji Konsekuensi", "Pengecualian Berakhir", "Retensi Aktif (Tahun)", "Retensi Inaktif (Tahun)",
    "Keterangan Retensi", "Klasifikasi Keamanan", "Lokasi Softfile", "Langkah", "Status", "Petugas",
    "Catatan Koreksi", "Nomor Surat", "Hasil Validasi",
]


def test_sheets_and_contract_headers(sample_xlsx):
    wb = load_workbook(sample_xlsx)
    for sheet in REQUIRED_SHEETS:
        assert sheet in wb.sheetnames
    header = [c.value for c in wb["Register"][REGISTER_HEADER_ROW]]
    assert set(CONTRACT_LABELS) <= set(header)
    assert header == list(LABELS)


def test_register_is_protected_without_password_with_editable_data_cells(sample_xlsx):
    ws = load_workbook(sample_xlsx)["Register"]
    assert ws.protection.sheet is True
    assert not ws.protection.password
    assert ws.cell(row=REGISTER_HEADER_ROW, column=1).protection.locked is True
    assert ws.cell(row=5, column=1).protection.locked is False
    assert ws.column_dimensions["A"].protection.locked is False  # empty cells below stay editable
    assert ws.freeze_panes == f"D{REGISTER_HEADER_ROW + 1}"  # ID, Pilih and Judul stay in view


def test_register_has_dropdowns_fed_from_referensi_and_typed_validation(sample_xlsx):
    wb = load_workbook(sample_xlsx)
    ws = wb["Register"]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        column_letter = "".join(ch for ch in str(dv.sqref).split(":")[0] if ch.isalpha())
        by_column[ws[f"{column_letter}{REGISTER_HEADER_ROW}"].value] = dv
    assert by_column["Klasifikasi"].type == "list"
    assert by_column["Klasifikasi"].formula1.lstrip("=").startswith("Referensi!")
    assert by_column["Waktu Pembuatan"].type == "date"
    assert by_column["Retensi Aktif (Tahun)"].type == "whole"
    assert by_column["Langkah"].formula2 == "7"
    referensi = wb["Referensi"]
    lists = reference_lists()
    headers = [c.value for c in referensi[1]]
    column = headers.index("Klasifikasi") + 1
    values = [referensi.cell(row=r, column=column).value for r in range(2, 6)]
    assert values == lists["Klasifikasi"] == ["Berkala", "Serta Merta", "Setiap Saat", "Dikecualikan"]


def test_no_formulas_in_data_cells(sample_xlsx):
    wb = load_workbook(sample_xlsx)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"


def test_buttons_are_styled_named_cells(sample_xlsx):
    wb = load_workbook(sample_xlsx)
    ws = wb["Register"]
    for name, (address, caption) in BUTTONS.items():
        assert ws[address].value == caption
        assert ws[address].fill.fgColor.rgb.endswith("2E75B6")
        assert f"Tombol_{name}" in wb.defined_names


def test_sop_sheet_reproduces_the_seed(sample_xlsx):
    ws = load_workbook(sample_xlsx)["SOP"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(texts)
    for needle in ("PEMERINTAH PROVINSI BANTEN", "SEKRETARIAT DAERAH", "555/7/PPIDP.Pemkesra/2022",
                   "Gunawan Rusminto, AP, M.Si", "1. Tujuan", "2. Ruang Lingkup", "3. Acuan", "6. Tata Cara",
                   "NO", "KEGIATAN", "PELAKSANA", "MUTU BAKU", "Kelengkapan", "Waktu", "Output", "DOKUMEN TERKAIT",
                   "KETERANGAN"):
        assert needle in joined
    # The lampiran table: the 7 activities in order, verbatim from the seed's Tata Cara.
    header_row = next(r for r in ws.iter_rows() if r[0].value == "NO")[0].row
    activities = [ws.cell(row=header_row + 1 + n, column=2).value for n in range(1, 8)]
    assert activities == seed_tata_cara()
    # Pelaksana marks: Arsip only on step 7, PPID on steps 2 and 6.
    marks = {n: [ws.cell(row=header_row + 1 + n, column=c).value for c in (3, 4, 5)] for n in range(1, 8)}
    assert marks[7] == [None, None, "✓"]
    assert marks[2] == ["✓", "✓", None]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # A4
    assert ws.page_setup.orientation == "landscape"


def test_template_version_recorded_and_read_back(sample_xlsx):
    data = read_workbook(sample_xlsx)
    assert data.version == TEMPLATE_VERSION
    assert data.structure_problems == []
    assert len(data.register.rows) == 14
    assert data.settings.text("nama_pemerintah") == "PEMERINTAH PROVINSI BANTEN"
    assert {u.peran for u in data.settings.users} == {"Petugas", "PPID", "Arsip"}


@requires_libreoffice
def test_workbook_opens_in_libreoffice_and_converts_to_pdf(sample_xlsx, tmp_path):
    out = tmp_path / "pdf"
    result = subprocess.run(
        [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "pdf", "--outdir", str(out), str(sample_xlsx)],
        capture_output=True, text=True, timeout=240,
    )
    pdf = out / "register.pdf"
    assert pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5000


def test_committed_workbooks_match_the_template(tmp_path):
    """workbook/*.xlsx and *.xlsm are what `ppid buat` makes today (same sheets, same cell values;
    the .xlsm's VBA project, form buttons and shapes byte for byte)."""
    import zipfile
    from pathlib import Path

    from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets
    from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
    from ppid_dokumentasi.sample import sample_rows

    folder = Path(__file__).resolve().parents[1] / "workbook"
    for name, rows in (("register-ppid.xlsx", []), ("contoh-register-ppid.xlsx", sample_rows()),
                       ("register-ppid.xlsm", [])):
        fresh = build_workbook(tmp_path / name, rows, history=bool(rows))  # as `ppid buat [--contoh]`
        assert read_all_sheets(folder / name) == read_all_sheets(fresh), (
            f"workbook/{name} is stale: regenerate it (workbook/README.md)")
        with zipfile.ZipFile(folder / name) as old, zipfile.ZipFile(fresh) as new:
            controls = [n for n in new.namelist() if n.startswith(("xl/vbaProject", "xl/drawings/", "xl/ctrlProps/"))]
            assert controls and all(old.read(n) == new.read(n) for n in controls), f"workbook/{name} is stale"
