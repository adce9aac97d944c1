"""The '⇪ Ekspor DIP/DIK' (and '▦ Dasbor') buttons through xlwings' remote engine."""

from __future__ import annotations

import json

from xlwings_payload import apply_actions, remote_book  # sets up sys.path and the licence key

import macros.publikasi as mp  # noqa: E402
from macros.common import MACROS, plain  # noqa: E402
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor  # noqa: E402


def _settings(path, **values):
    with WorkbookEditor(path) as editor:
        for key, value in values.items():
            editor.set_setting(key, value)


def _run(path, func):
    book = remote_book(path)
    plain(func)(book)
    actions = book.json()["actions"]
    return actions, apply_actions(path, actions)


def test_ekspor_button_writes_the_same_files_as_the_command(sample_xlsx, tmp_path):
    out = tmp_path / "publik"
    _settings(sample_xlsx, folder_publikasi=str(out))
    actions, alerts = _run(sample_xlsx, mp.ekspor)
    assert MACROS["ekspor"] is plain(mp.ekspor)
    assert [a["func"] for a in actions] == ["alert"]  # the workbook is not changed
    assert "DIP: 1 informasi; DIK: 0 informasi; ditahan: 13 informasi" in alerts[0][1]
    dip = json.loads((out / "dip.json").read_text(encoding="utf-8"))
    assert [i["id_informasi"] for g in dip["kelompok"] for i in g["informasi"]] == ["PKR-2025-001"]
    assert dip["kelompok"][0]["informasi"][0]["waktu_pembuatan"] == "2025-02-14"  # Office.js ISO date read back
    assert {p.name for p in out.iterdir()} >= {"dip.xlsx", "dik.csv", "daftar-informasi.html", "datapackage.json"}


def test_ekspor_button_needs_a_full_path_when_the_book_is_not_on_disk(sample_xlsx):
    _settings(sample_xlsx, folder_publikasi="publikasi")
    actions, alerts = _run(sample_xlsx, mp.ekspor)
    assert [a["func"] for a in actions] == ["alert"] and "folder_publikasi" in alerts[0][1]


def test_dasbor_button_adds_the_sheet_with_its_numbers_and_a_chart(sample_xlsx):
    import datetime as dt

    from ppid_dokumentasi import dashboard
    from ppid_dokumentasi.adapters.calamine_reader import read_workbook

    book = remote_book(sample_xlsx)
    plain(mp.dasbor)(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["addSheet", "setValues", "addChart", "alert"]
    assert actions[0]["args"] == [8, "Dasbor"]
    board = dashboard.build(read_workbook(sample_xlsx), dt.date.today())
    grid = dashboard.sheet_grid(board)
    written = actions[1]["values"]
    assert [row[:len(r)] for row, r in zip(written, grid)][4:13] == [list(r) for r in grid[4:13]]
    chart = actions[2]["args"]
    assert chart[:4] == ["Grafik Dasbor", "ColumnStacked", "Dasbor", "$A$5:$G$12"]
    assert "Dasbor diperbarui: 14 informasi" in actions[3]["args"][0]


def test_dasbor_button_refreshes_an_existing_sheet_and_keeps_its_chart(sample_xlsx, ppid):
    from xlwings_payload import payload

    import xlwings as xw

    assert ppid("dasbor", str(sample_xlsx), "--tanpa-sheet").returncode == 0  # prints only
    assert ppid("dasbor", str(sample_xlsx)).returncode == 0  # the sheet and its chart
    data = payload(sample_xlsx)
    sheet = next(s for s in data["sheets"] if s["name"] == "Dasbor")
    sheet["charts"] = [{"name": "Grafik Dasbor", "chart_type": "ColumnStacked", "left": 0, "top": 0,
                        "width": 620, "height": 330}]
    book = xw.Book(json=data)
    plain(mp.dasbor)(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["sheetClearContents", "setValues", "alert"]
    assert actions[1]["sheet_position"] == data["sheets"].index(sheet)
