"""``ppid buat`` and ``ppid validasi`` as real processes: exit codes, reports, JSON, bad inputs."""

from __future__ import annotations

import json
import shutil
import zipfile

from openpyxl import load_workbook

from ppid_dokumentasi.adapters.openpyxl_builder import save_atomically


def test_buat_contoh_then_validasi_exits_0(ppid, tmp_path):
    made = ppid("buat", "x.xlsx", "--contoh", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = ppid("validasi", "x.xlsx", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "x.xlsx: VALID (14 baris, 0 galat, 0 peringatan)" in checked.stdout


def test_buat_refuses_to_overwrite(ppid, tmp_path):
    assert ppid("buat", "x.xlsx", cwd=tmp_path).returncode == 0
    again = ppid("buat", "x.xlsx", cwd=tmp_path)
    assert again.returncode == 2
    assert "sudah ada" in again.stderr
    assert "Traceback" not in again.stderr


def _edit(path, changes):
    """Change Register cells {(row, label): value} with openpyxl (as a user in Excel would)."""
    wb = load_workbook(path)
    ws = wb["Register"]
    header = {c.value: c.column for c in ws[4]}
    for (row, label), value in changes.items():
        ws.cell(row=row, column=header[label]).value = value
    save_atomically(wb, path)


def test_three_broken_rows_report_exactly_three_problems_and_file_is_untouched(ppid, sample_xlsx):
    broken = sample_xlsx.with_name("rusak.xlsx")
    shutil.copy(sample_xlsx, broken)
    _edit(broken, {
        (5, "Judul Informasi"): None,  # required field emptied
        (11, "Dasar Pengecualian"): None,  # Dikecualikan without a Pasal 17 ground
        (16, "Waktu Pembuatan"): "kemarin",  # not a date
    })
    before = broken.read_bytes()
    result = ppid("validasi", str(broken), "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    problems = report["files"][0]["problems"]
    got = [(p["row"], p["column"], p["code"]) for p in problems]
    assert got == [
        (5, "Judul Informasi", "judul-wajib"),
        (11, "Dasar Pengecualian", "dasar-wajib"),
        (16, "Waktu Pembuatan", "tanggal-format"),
    ]
    assert all(p["sheet"] == "Register" for p in problems)
    assert "Pasal 17" in problems[1]["message"]
    assert broken.read_bytes() == before
    text = ppid("validasi", str(broken))
    assert text.returncode == 1
    assert "Register baris 11, kolom 'Dasar Pengecualian'" in text.stdout
    assert broken.read_bytes() == before


def test_json_shape_matches_contract(ppid, sample_xlsx):
    result = ppid("validasi", str(sample_xlsx), "--format", "json")
    report = json.loads(result.stdout)
    assert list(report) == ["files"]
    entry = report["files"][0]
    assert {"path", "valid", "rows", "problems"} <= set(entry)
    assert entry["valid"] is True and entry["rows"] == 14 and entry["problems"] == []


def test_folder_and_many_files_with_progress_on_stderr(ppid, sample_xlsx, tmp_path):
    for n in range(3):
        shutil.copy(sample_xlsx, tmp_path / f"salinan{n}.xlsx")
    result = ppid("validasi", str(tmp_path), "--format", "json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["files"]) == 4


def _not_a_register_cases(sample_xlsx, tmp_path):
    cases = {}
    cases["bukan-zip.xlsx"] = b"ini bukan workbook"
    cases["kosong.xlsx"] = b""
    cases["terenkripsi.xlsx"] = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    broken_zip = tmp_path / "zip-rusak.xlsx"
    with zipfile.ZipFile(broken_zip, "w") as zf:
        zf.writestr("hello.txt", "bukan office")
    missing_sheet = tmp_path / "tanpa-riwayat.xlsx"
    wb = load_workbook(sample_xlsx)
    del wb["Riwayat"]
    wb.save(missing_sheet)
    no_header = tmp_path / "tanpa-judul.xlsx"
    wb = load_workbook(sample_xlsx)
    wb["Register"]["A4"] = "Nomor"
    wb.save(no_header)
    return {
        "bukan-zip.xlsx": "bukan arsip zip",
        "kosong.xlsx": "berkas kosong",
        "terenkripsi.xlsx": "terenkripsi",
        "zip-rusak.xlsx": "Berkas 'zip-rusak.xlsx' bukan workbook Excel",
        "tanpa-riwayat.xlsx": "Sheet 'Riwayat' tidak ada",
        "tanpa-judul.xlsx": "kolom 'ID Informasi' tidak ditemukan",
    }


def test_unreadable_inputs_exit_2_with_one_line_reason(ppid, sample_xlsx, tmp_path):
    expected = _not_a_register_cases(sample_xlsx, tmp_path)
    for name, reason in expected.items():
        result = ppid("validasi", str(tmp_path / name))
        assert result.returncode == 2, name
        assert reason in result.stdout, (name, result.stdout)
        assert "Traceback" not in result.stdout + result.stderr
        as_json = json.loads(ppid("validasi", str(tmp_path / name), "--format", "json").stdout)
        problem = as_json["files"][0]["problems"][0]
        assert problem["row"] is None and problem["column"] is None


def test_missing_file_and_bad_usage_exit_2(ppid, tmp_path):
    assert ppid("validasi", str(tmp_path / "tidak-ada.xlsx")).returncode == 2
    usage = ppid("validasi", "x.xlsx", "--format", "xml", cwd=tmp_path)
    assert usage.returncode == 2
    assert "Galat: argumen --format: pilihan 'xml' tidak dikenal" in usage.stderr


def test_structure_names_renamed_removed_and_added_columns(ppid, sample_xlsx):
    wb = load_workbook(sample_xlsx)
    ws = wb["Register"]
    header = {c.value: c for c in ws[4]}
    header["Penanggung Jawab"].value = "Penanggungjawab"  # renamed
    header["Tempat Pembuatan"].value = None  # removed
    ws.cell(row=4, column=ws.max_column + 1, value="Kolom Saya")  # added
    wb.save(sample_xlsx)
    result = ppid("validasi", str(sample_xlsx), "--format", "json")
    assert result.returncode == 2
    problems = {p["code"]: p["message"] for p in json.loads(result.stdout)["files"][0]["problems"]}
    assert "diganti nama menjadi 'Penanggungjawab'" in problems["kolom-diganti-nama"]
    assert "'Tempat Pembuatan' tidak ada" in problems["kolom-hilang"]
    assert "'Kolom Saya'" in problems["kolom-tambahan"]


def test_changed_reference_list_is_named(ppid, sample_xlsx):
    wb = load_workbook(sample_xlsx)
    ws = wb["Referensi"]
    column = [c.value for c in ws[1]].index("Klasifikasi") + 1
    ws.cell(row=6, column=column, value="Rahasia Negara")
    wb.save(sample_xlsx)
    result = ppid("validasi", str(sample_xlsx), "--format", "json")
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [p["code"] for p in problems] == ["daftar-berubah"]
    assert "tambahan: Rahasia Negara" in problems[0]["message"]
