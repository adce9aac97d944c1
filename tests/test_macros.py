"""The macros run through xlwings itself: a payload built from a real ``ppid buat`` workbook goes
through ``xw.Book(json=...)`` (the remote engine of xlwings Lite and Server); the returned actions are
asserted and applied back to the .xlsx to check the resulting workbook."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import textwrap

import pytest
from openpyxl import load_workbook

from xlwings_payload import ROOT, apply_actions, payload, remote_book  # sets up sys.path and the licence key

import xlwings as xw  # noqa: E402

import macros  # noqa: E402
import macros.workflow as mw  # noqa: E402
from macros.common import button_ref, plain  # noqa: E402
from ppid_dokumentasi.adapters.calamine_reader import read_workbook  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402
from ppid_dokumentasi.app import workflow_actions  # noqa: E402
from ppid_dokumentasi.batch import check_file  # noqa: E402
from ppid_dokumentasi.cli_workflow import verify_file  # noqa: E402
from ppid_dokumentasi.errors import GENERIC_MESSAGE  # noqa: E402
from ppid_dokumentasi.layout import BUTTONS  # noqa: E402
from ppid_dokumentasi.logsetup import log_path  # noqa: E402
from ppid_dokumentasi.register import LABELS, REGISTER_SHEET  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_builder import sample_history  # noqa: E402
from ppid_dokumentasi.sample import sample_rows  # noqa: E402

PETUGAS, PPID_NAME, ARSIP = "Nama Kasubag Tata Usaha (contoh)", "Nama Pejabat PPID (contoh)", "Nama Arsiparis (contoh)"
REGISTER_POSITION = 2  # sheet order: Panduan, SOP, Register, Riwayat, Pengaturan, ...
COL = {label: i for i, label in enumerate(LABELS)}  # 0-based, as in xlwings actions
SEEDED = len(sample_history(sample_rows()))  # Riwayat events the sample starts with


def _set_user(path, name):
    with WorkbookEditor(path) as editor:
        editor.set_setting("pengguna_aktif", name)


def _row_of(path, item):
    with WorkbookEditor(path) as editor:
        return editor.data.register.find(item)[0]


def run(path, func, *, selection="A1", user=None):
    """Run a macro on the file through xlwings' remote engine; apply its actions; return them."""
    if user:
        _set_user(path, user)
    book = remote_book(path, selection=selection)
    plain(func)(book)
    actions = book.json()["actions"]
    json.dumps(actions)  # what the client receives is plain JSON
    alerts = apply_actions(path, actions)
    return actions, alerts


def _register(path):
    ws = load_workbook(path)[REGISTER_SHEET]
    return {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}


# -- validasi --------------------------------------------------------------------------------
def test_validasi_fills_result_column_and_colours_problem_rows(sample_xlsx):
    with WorkbookEditor(sample_xlsx) as editor:  # break two rows
        editor.set_cells(6, {"Judul Informasi": None})
        editor.set_cells(8, {"Langkah": 9})
    actions, alerts = run(sample_xlsx, mw.validasi)
    assert [a["func"] for a in actions] == ["setValues", "setRangeColors", "alert"]
    values, colours = actions[0], actions[1]
    # one write over the run of rows 6..8 (row 7 in the small gap keeps its value and its fill)
    assert (values["sheet_position"], values["start_row"], values["start_column"], values["row_count"],
            values["column_count"]) == (REGISTER_POSITION, 5, COL["Hasil Validasi"], 3, 1)
    assert values["values"][0][0] == "[Judul Informasi] Kolom 'Judul Informasi' wajib diisi."
    assert "Langkah harus 1 sampai 7" in values["values"][2][0]
    assert values["values"][1][0] in ("", None)
    assert (colours["start_row"], colours["start_column"], colours["row_count"], colours["column_count"]) == (
        5, 0, 3, COL["Hasil Validasi"])
    matrix = colours["args"][0]
    assert set(matrix[0]) == {"#FFC7CE"} and set(matrix[2]) == {"#FFC7CE"} and set(matrix[1]) == {"keep"}
    assert alerts == [("PPID Dokumentasi", "Validasi selesai: 14 baris diperiksa, 2 baris bermasalah, 0 baris "
                       "hanya peringatan. Lihat kolom 'Hasil Validasi'.")]
    ws = load_workbook(sample_xlsx)[REGISTER_SHEET]
    assert ws.cell(row=6, column=COL["Hasil Validasi"] + 1).value.startswith("[Judul Informasi]")
    assert ws.cell(row=6, column=1).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=5, column=COL["Hasil Validasi"] + 1).value is None

    with WorkbookEditor(sample_xlsx) as editor:  # row 6 fixed: only its result and fill are cleared
        editor.set_cells(6, {"Judul Informasi": "Judul yang diperbaiki"})
    actions, _ = run(sample_xlsx, mw.validasi)
    assert [a["func"] for a in actions] == ["setValues", "setRangeColors", "alert"]
    assert (actions[0]["start_row"], actions[0]["row_count"], actions[0]["values"]) == (5, 1, [[""]])
    assert (actions[1]["start_row"], actions[1]["row_count"]) == (5, 3)  # row 6 cleared .. row 8 still red
    assert set(actions[1]["args"][0][0]) == {None} and set(actions[1]["args"][0][2]) == {"#FFC7CE"}
    ws = load_workbook(sample_xlsx)[REGISTER_SHEET]
    assert ws.cell(row=6, column=COL["Hasil Validasi"] + 1).value is None


def _grown_payload(base: dict, rows: int) -> dict:
    """The sample payload with the Register grown to ``rows`` data rows (copies, unique IDs, at the
    SOP's first step: new IDs have no Riwayat events)."""
    data = copy.deepcopy(base)
    sheet = next(s for s in data["sheets"] if s["name"] == REGISTER_SHEET)
    head, body = sheet["values"][:4], sheet["values"][4:]
    grown = []
    for i in range(rows):
        row = list(body[i % len(body)])
        row[0] = f"B-{i:05d}"
        row[COL["Langkah"]], row[COL["Status"]] = 1, "Dalam Proses"
        grown.append(row)
    sheet["values"] = head + grown
    from openpyxl.utils import get_column_letter

    sheet["used_range_address"] = f"A1:{get_column_letter(len(head[3]))}{len(sheet['values'])}"
    return data


def test_validasi_response_on_10000_rows_grows_with_the_problems_not_the_register(sample_xlsx):
    """10,000 rows, 3 problem rows far apart: the response writes and colours those 3 rows only."""
    data = _grown_payload(payload(sample_xlsx), 10_000)
    values = next(s for s in data["sheets"] if s["name"] == REGISTER_SHEET)["values"]
    problem_rows = (7, 5_004, 10_003)  # Excel rows (header on row 4)
    for r in problem_rows:
        values[r - 1][COL["Judul Informasi"]] = ""
    book = xw.Book(json=data)
    plain(mw.validasi)(book)
    actions = book.json()["actions"]
    writes = [a for a in actions if a["func"] == "setValues"]
    colours = [a for a in actions if a["func"] == "setRangeColors"]
    assert [a["func"] for a in actions][-1] == "alert" and len(actions) == 7
    assert sorted((a["start_row"] + 1, a["row_count"]) for a in writes) == [(r, 1) for r in problem_rows]
    assert sorted((a["start_row"] + 1, a["row_count"]) for a in colours) == [(r, 1) for r in problem_rows]
    assert all(set(a["args"][0][0]) == {"#FFC7CE"} for a in colours)
    assert len(json.dumps(actions)) < 3_000  # was ~2.3 MB: a colour value for every cell of the register

    # the same register with no problem and no earlier result: nothing but the message
    data = _grown_payload(payload(sample_xlsx), 10_000)
    book = xw.Book(json=data)
    plain(mw.validasi)(book)
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


# -- workflow buttons ------------------------------------------------------------------------
def test_one_item_from_step_1_to_7_through_the_macros(sample_xlsx):
    item = "PKR-2025-013"
    row = _row_of(sample_xlsx, item)
    before = load_workbook(sample_xlsx)
    protection = before[REGISTER_SHEET].protection.sheet
    validations = len(before[REGISTER_SHEET].data_validations.dataValidation)
    select = f"C{row}"
    for user in (PETUGAS, PETUGAS, PETUGAS, PETUGAS):
        actions, alerts = run(sample_xlsx, mw.majukan, selection=select, user=user)
        assert [a["func"] for a in actions] == ["setValues", "setValues", "setValues", "setValues", "alert"]
    actions, alerts = run(sample_xlsx, mw.majukan, selection=select, user=PETUGAS)  # 5 -> 6 needs softfile
    assert [a["func"] for a in actions] == ["alert"] and actions[0]["args"][3] == "critical"
    assert "Belum lengkap: kolom 'Lokasi Softfile'" in alerts[0][1]
    with WorkbookEditor(sample_xlsx) as editor:
        editor.set_cells(row, {"Lokasi Softfile": "softfile/PKR-2025-013.pdf", "Catatan Koreksi": None})
    run(sample_xlsx, mw.majukan, selection=select, user=PETUGAS)
    with WorkbookEditor(sample_xlsx) as editor:  # the PPID types the correction note into the row
        editor.set_cells(row, {"Catatan Koreksi": "Tambahkan daftar lampiran."})
    actions, _ = run(sample_xlsx, mw.kembalikan, selection=select, user=PPID_NAME)
    assert _register(sample_xlsx)[item][COL["Status"]] == "Dikembalikan"
    for func, user in ((mw.majukan, PETUGAS), (mw.setujui, PPID_NAME), (mw.majukan, PPID_NAME),
                       (mw.majukan, ARSIP)):
        actions, alerts = run(sample_xlsx, func, selection=select, user=user)
        assert actions[-1]["args"][3] == "info", alerts
    final = _register(sample_xlsx)[item]
    assert (final[COL["Langkah"]], final[COL["Status"]]) == (7, "Selesai")
    assert "status 'Selesai'" in alerts[0][1]

    assert check_file(sample_xlsx, read=read_workbook).valid
    count, problems = verify_file(sample_xlsx)
    assert (count - SEEDED, problems) == (10, [])
    after = load_workbook(sample_xlsx)
    assert after[REGISTER_SHEET].protection.sheet == protection
    assert len(after[REGISTER_SHEET].data_validations.dataValidation) == validations
    assert sorted(after.defined_names) == sorted(before.defined_names)
    riwayat = list(after["Riwayat"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[5], r[6], r[7]) for r in riwayat][-1] == (item, "maju", "Arsip", ARSIP)


def test_several_selected_rows_move_together_with_one_write_per_column(sample_xlsx):
    actions, alerts = run(sample_xlsx, mw.majukan, selection="$B$7:$C$8", user=PETUGAS)  # steps 5 and 4
    register = [a for a in actions if a["sheet_position"] == REGISTER_POSITION]
    assert [(a["start_column"], a["start_row"], a["row_count"]) for a in register] == [
        (COL["Langkah"], 6, 2), (COL["Status"], 6, 2)]
    assert register[0]["values"] == [[6], [5]]
    riwayat = next(a for a in actions if a["sheet_position"] == 3)
    assert riwayat["row_count"] == 2 and riwayat["column_count"] == 11
    assert verify_file(sample_xlsx) == (SEEDED + 2, [])


def test_refusal_on_any_selected_row_changes_nothing(sample_xlsx):
    before = _register(sample_xlsx)
    actions, alerts = run(sample_xlsx, mw.majukan, selection="A6:A8", user=PETUGAS)  # row 6 waits for approval
    assert [a["func"] for a in actions] == ["alert"]
    assert alerts[0][1] == ("Register baris 6 (ID 'PKR-2025-002'): 'Majukan Langkah' ditolak: aturan langkah 6: "
                            "hasil dokumentasi dilaporkan dan disetujui pimpinan PPID. Belum lengkap: persetujuan "
                            "pimpinan PPID (tombol 'Setujui'; Status sekarang 'Menunggu Persetujuan').")
    assert _register(sample_xlsx) == before


@pytest.mark.parametrize("user, selection, text", [
    (None, "A5", "Nama pelaku belum diisi: isi 'pengguna_aktif' di sheet Pengaturan"),
    ("Tamu", "A5", "'Tamu' tidak terdaftar di tabel Pengguna"),
    (PETUGAS, "A2", "Pilih satu atau beberapa sel pada baris data Register"),
])
def test_who_acts_and_what_is_selected_come_from_the_workbook(sample_xlsx, user, selection, text):
    actions, alerts = run(sample_xlsx, mw.majukan, selection=selection, user=user)
    assert [a["func"] for a in actions] == ["alert"] and text in alerts[0][1]


def test_unexpected_error_is_logged_and_shown_generically(sample_xlsx, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("rusak di dalam")

    monkeypatch.setattr(workflow_actions, "decide_many", boom)
    actions, alerts = run(sample_xlsx, mw.majukan, selection="A7", user=PETUGAS)
    assert [a["func"] for a in actions] == ["alert"] and alerts[0][1] == GENERIC_MESSAGE
    assert "RuntimeError: rusak di dalam" in log_path().read_text(encoding="utf-8")


def test_every_button_has_its_macro():
    registry = macros.load_all()
    assert set(BUTTONS) == set(registry)
    assert button_ref("majukan") == "[Tombol_majukan]Register!D2"
    assert plain(registry["arsipkan"]).__ppid_impl__.__module__ == "macros.arsip"
    assert plain(registry["buat_surat"]).__ppid_impl__.__module__ == "macros.surat"


def test_xlwings_server_mode_binds_buttons_and_runs_the_script(sample_xlsx, tmp_path):
    """With XLWINGS_ON_SERVER (Server/Lite), ``xw.script`` makes async scripts with button metadata."""
    with WorkbookEditor(sample_xlsx) as editor:  # one problem row: validasi writes and colours it
        editor.set_cells(6, {"Judul Informasi": None})
    (tmp_path / "payload.json").write_text(json.dumps(payload(sample_xlsx)), encoding="utf-8")
    code = textwrap.dedent(f"""
        import asyncio, json, sys
        sys.path.insert(0, {str(ROOT)!r})
        import xlwings as xw
        from xlwings.pro.udfs_officejs import custom_scripts_call
        import macros.workflow as mw
        book = xw.Book(json=json.load(open({str(tmp_path / 'payload.json')!r})))
        asyncio.run(custom_scripts_call(mw, "validasi", typehint_to_value={{xw.Book: book}}))
        print(json.dumps({{"buttons": {{n: getattr(mw, n).__xlscript__["button"]
                                        for n in ("validasi", "majukan", "kembalikan", "setujui")}},
                          "actions": [a["func"] for a in book.json()["actions"]]}}))
    """)
    env = {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["buttons"] == {"validasi": "[Tombol_validasi]Register!B2", "majukan": "[Tombol_majukan]Register!D2",
                              "kembalikan": "[Tombol_kembalikan]Register!F2", "setujui": "[Tombol_setujui]Register!H2"}
    assert out["actions"] == ["setValues", "setRangeColors", "alert"]


def test_workbook_carries_xlwings_conf_and_panduan_explains_the_buttons(sample_xlsx):
    wb = load_workbook(sample_xlsx)
    conf = {r[0]: r[1] for r in wb["xlwings.conf"].iter_rows(values_only=True)}
    assert conf["PYTHONPATH"].endswith("ppid-dokumentasi") and "Interpreter_Win" in conf
    assert list(conf)[:1] == ["Interpreter_Win"]  # keys from A1 down, no header (xlwings.bas)
    panduan = "\n".join(str(c) for (c,) in wb["Panduan"].iter_rows(max_col=1, values_only=True) if c)
    for text in ("kolom 'Pilih'", "tanda di kolom 'Pilih' dihapus", "folder Pengaturan 'folder_surat'",
                 "folder Pengaturan 'folder_arsip'", "ppid pasang", "docs/setup.md",
                 "hanya xlwings Server dengan autentikasi yang benar-benar memastikan identitas",
                 *(caption for _, caption in BUTTONS.values())):
        assert text in panduan
