"""Round trip through the ``Pemetaan Impor`` sheet: --coba proposes, the officer corrects, the import follows."""

from __future__ import annotations

import subprocess
from pathlib import Path

from openpyxl import load_workbook

from conftest import requires_libreoffice, run_ppid, soffice
from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook
from ppid_dokumentasi.importer.mapping_sheet import HEADER, KEEP, SHEET
from test_import_layouts import PETUGAS, write_csv

ROWS = [
    ["No", "Informasi", "Dasar Hukum", "Bidang"],
    ["1", "Data pribadi pegawai", "Pasal 17 huruf h angka 1 UU 14/2008", "Bagian Kepegawaian"],
    ["2", "Nota dinas pimpinan", "Pasal 17 huruf i UU 14/2008", "Sekretariat"],
]


def _sheet_rows(register: Path) -> list[list]:
    ws = load_workbook(register)[SHEET]
    return [[c.value for c in row] for row in ws.iter_rows(max_col=len(HEADER))]


def _set_target(register: Path, header: str, target: str) -> None:
    wb = load_workbook(register)
    ws = wb[SHEET]
    column = HEADER.index("Sasaran") + 1
    source_header = HEADER.index("Judul Kolom Sumber") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, source_header).value == header)
    ws.cell(row, column).value = target
    wb.save(register)


def test_trial_writes_the_sheet_the_officer_corrects_and_the_import_follows_it(tmp_path):
    source = write_csv(tmp_path / "dik_dinas.csv", ROWS)
    register = tmp_path / "register.xlsx"
    done = run_ppid("impor", str(source), "--ke", str(register), "--coba")
    assert done.returncode == 0, done.stderr
    assert read_workbook(register).register.rows == []  # --coba writes no item
    rows = _sheet_rows(register)
    assert rows[0] == HEADER
    by_header = {r[4]: r for r in rows[1:]}
    assert by_header["(klasifikasi seluruh berkas)"][6] == "Klasifikasi: Dikecualikan"
    assert by_header["Dasar Hukum"][3:7] == [3, "Dasar Hukum", "Pasal 17 huruf h angka 1 UU 14/2008 | Pasal 17 "
                                             "huruf i UU 14/2008", "Dasar Pengecualian"]
    assert by_header["Bidang"][6] == KEEP and by_header["Dasar Hukum"][7] >= 60
    ws = load_workbook(register)[SHEET]
    (rule,) = ws.data_validations.dataValidation
    assert rule.type == "list" and "G2" in str(rule.sqref)
    listed = {ws.cell(r, len(HEADER) + 2).value for r in range(2, ws.max_row + 1)}
    assert {"Pejabat/Unit Penguasa Informasi", KEEP, "Klasifikasi: Setiap Saat"} <= listed
    assert ws.column_dimensions["K"].hidden

    _set_target(register, "Bidang", "Pejabat/Unit Penguasa Informasi")  # the officer's correction
    done = run_ppid("impor", str(source), "--ke", str(register), "--petugas", PETUGAS)
    assert done.returncode == 0, done.stderr
    data = read_workbook(register)
    labels = data.register.labels
    items = [dict(zip(labels, values)) for _, values in data.register.rows]
    assert [i["Pejabat/Unit Penguasa Informasi"] for i in items] == ["Bagian Kepegawaian", "Sekretariat"]
    assert "mengikuti sheet 'Pemetaan Impor'" in done.stdout


def test_a_sheet_that_no_longer_fits_the_file_is_refused(tmp_path):
    source = write_csv(tmp_path / "dik_dinas.csv", ROWS)
    register = tmp_path / "register.xlsx"
    assert run_ppid("impor", str(source), "--ke", str(register), "--coba").returncode == 0
    write_csv(source, [["No", "Judul", "Unit", "Dasar Hukum"]] + [[r[0], r[1], r[3], r[2]] for r in ROWS[1:]])
    before = register.read_bytes()
    done = run_ppid("impor", str(source), "--ke", str(register), "--petugas", PETUGAS)
    assert done.returncode == 2
    assert "Sheet 'Pemetaan Impor' untuk berkas 'dik_dinas.csv' tidak cocok" in done.stderr
    assert register.read_bytes() == before
    again = run_ppid("impor", str(source), "--ke", str(register), "--coba")  # a new proposal replaces the old
    assert again.returncode == 0 and "tidak cocok lagi" in again.stdout


def test_an_unknown_target_in_the_sheet_is_refused_naming_its_row(tmp_path):
    source = write_csv(tmp_path / "dik_dinas.csv", ROWS)
    register = tmp_path / "register.xlsx"
    assert run_ppid("impor", str(source), "--ke", str(register), "--coba").returncode == 0
    _set_target(register, "Bidang", "Nomor Telepon")
    done = run_ppid("impor", str(source), "--ke", str(register), "--petugas", PETUGAS)
    assert done.returncode == 2 and "sasaran 'Nomor Telepon' tidak dikenal" in done.stderr and "baris 6" in done.stderr
    assert read_workbook(register).register.rows == []


@requires_libreoffice
def test_the_register_with_the_sheet_opens_in_libreoffice(tmp_path):
    source = write_csv(tmp_path / "dik_dinas.csv", ROWS)
    register = tmp_path / "register.xlsx"
    assert run_ppid("impor", str(source), "--ke", str(register), "--coba").returncode == 0
    out = tmp_path / "lo"
    result = subprocess.run(
        [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "xlsx", "--outdir", str(out), str(register)], capture_output=True, text=True, timeout=240)
    converted = out / "register.xlsx"  # LibreOffice re-saves it (readers take .xlsx/.xlsm only)
    assert converted.exists(), result.stderr
    sheets = read_all_sheets(converted)
    assert sheets[SHEET][0][:len(HEADER)] == HEADER and "Register" in sheets
    assert any(row[4] == "Bidang" and row[6] == KEEP for row in sheets[SHEET][1:])


def test_two_basis_columns_proposed_in_the_sheet_are_accepted_as_they_are(tmp_path):
    source = write_csv(tmp_path / "dik_dua_dasar.csv", [["No", "Informasi", "Dasar Hukum", "Pasal"],
                                                        ["1", "Data pegawai", "UU 14/2008", "Pasal 17 huruf h angka 2"]])
    register = tmp_path / "register.xlsx"
    assert run_ppid("impor", str(source), "--ke", str(register), "--coba").returncode == 0
    done = run_ppid("impor", str(source), "--ke", str(register), "--petugas", PETUGAS)
    assert done.returncode == 0, done.stderr
    data = read_workbook(register)
    item = dict(zip(data.register.labels, data.register.rows[0][1]))
    assert item["Dasar Pengecualian"] == "Pasal 17 huruf h angka 2"
