"""The dashboard: its numbers against an independent count made here from the Register, Riwayat and
Daftar Surat sheets (fixed dates), and the Dasbor sheet written into the workbook at the zip level
(chart present, every other part byte-identical)."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile

import holidays
import pytest
from openpyxl import load_workbook

from ppid_dokumentasi.adapters.calamine_reader import read_all_sheets, read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.audit import WIB, Event
from ppid_dokumentasi.layout import LETTERS_SHEET
from ppid_dokumentasi.letters import KINDS
from ppid_dokumentasi.sample import sample_rows
from ppid_dokumentasi.sop import default_sop

AS_OF = dt.date(2026, 11, 25)
DAY = lambda y, m, d, h=9: dt.datetime(y, m, d, h, tzinfo=WIB)  # noqa: E731
EVENTS = [  # (item, from, to, action, when)
    ("PKR-2025-012", None, 1, "Impor", DAY(2026, 11, 18)),
    ("PKR-2025-006", 1, 2, "maju", DAY(2026, 11, 24)),
    ("PKR-2025-004", 3, 4, "maju", DAY(2026, 11, 2)),
    ("PKR-2025-002", 5, 6, "maju", DAY(2026, 11, 20)),
    ("PKR-2025-008", 5, 6, "maju", DAY(2026, 11, 24)),
    ("PKR-2025-008", 6, 6, "setujui", DAY(2026, 11, 25)),
    ("PKR-2025-003", 4, 5, "maju", DAY(2026, 10, 1)),
    ("PKR-2025-003", 6, 5, "kembalikan", DAY(2026, 11, 24)),  # returned: counted from its re-entry
]
ENDS = {"PKR-2025-009": dt.date(2026, 12, 1), "PKR-2025-010": dt.date(2027, 1, 15),
        "PKR-2025-011": dt.date(2031, 5, 20)}


@pytest.fixture
def sample_xlsx(tmp_path):
    """The sample rows without the seeded Riwayat: EVENTS below are the whole history counted here."""
    return build_workbook(tmp_path / "register.xlsx", sample_rows())


def _prepare(path):
    label = {k: v.label for k, v in KINDS.items()}
    with WorkbookEditor(path) as editor:
        for item, end in ENDS.items():
            editor.set_cells(editor.data.register.find(item)[0], {"Pengecualian Berakhir": end})
        editor.append_events([Event(i, a, b, act, "Petugas", "Nama Kasubag Tata Usaha (contoh)", "", w)
                              for i, a, b, act, w in EVENTS])
        for year, urut, kind in ((2025, 9, "keputusan"), (2026, 1, "uji-konsekuensi"), (2026, 2, "uji-konsekuensi"),
                                 (2026, 3, "keputusan")):
            editor.append(LETTERS_SHEET, [year, "PPIDP.Pemkesra", urut, f"100.3.3/{urut}/PPIDP.Pemkesra/{year}",
                                          label[kind], "PKR-2025-008", dt.date(year, 3, 1), "x"])


# -- the independent count -------------------------------------------------------------------
def _working_day(day):
    return day.weekday() < 5 and day not in holidays.country_holidays("ID", years=day.year)


def _between(start, end):
    return sum(1 for n in range(1, (end - start).days + 1) if _working_day(start + dt.timedelta(days=n)))


def _minus_working_days(end, count):
    day = end
    while count:
        day -= dt.timedelta(days=1)
        count -= _working_day(day)
    return day


def _independent(path):
    wb = load_workbook(path)
    ws = wb["Register"]
    header = [c.value for c in ws[4]]
    items = [dict(zip(header, r)) for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    events = [r for r in wb["Riwayat"].iter_rows(min_row=2, values_only=True) if r[0]]
    per_step = {}
    for item in items:
        per_step.setdefault(item["Langkah"], {}).setdefault(item["Status"], 0)
        per_step[item["Langkah"]][item["Status"]] += 1
    limits = {s.nomor: int(s.mutu_baku.waktu.split()[0]) for s in default_sop().langkah}
    late = set()
    for item in items:
        if item["Status"] == "Selesai":
            continue
        entries = [dt.datetime.fromisoformat(e[1]).date() for e in events
                   if e[2] == item["ID Informasi"] and e[4] == item["Langkah"] and e[3] != e[4]]
        if entries and _between(entries[-1], AS_OF) > limits[item["Langkah"]]:
            late.add(item["ID Informasi"])
    states = {"lewat tenggat": 0, "segera": 0, "masih lama": 0, "tanpa tanggal berakhir": 0}
    for item in items:
        if item["Klasifikasi"] != "Dikecualikan":
            continue
        end = item["Pengecualian Berakhir"]
        if end is None:
            states["tanpa tanggal berakhir"] += 1
            continue
        deadline = _minus_working_days(end.date(), 30)
        lead = 10  # Pengaturan hari_kerja_peringatan_pembukaan (default), the lead validation warns with
        states["lewat tenggat" if deadline < AS_OF else "segera" if _between(AS_OF, deadline) <= lead
               else "masih lama"] += 1
    letters = {}
    for row in wb[LETTERS_SHEET].iter_rows(min_row=2, values_only=True):
        if row[0] == AS_OF.year:
            letters[row[4]] = letters.get(row[4], 0) + 1
    return per_step, late, states, letters


def test_dashboard_numbers_equal_an_independent_count(sample_xlsx, ppid):
    _prepare(sample_xlsx)
    per_step, late, states, letters = _independent(sample_xlsx)
    assert late == {"PKR-2025-012", "PKR-2025-004", "PKR-2025-002"}  # the fixture covers each case
    assert all(states.values())
    before = {i.filename: z for i, z in _parts(sample_xlsx).items()}
    done = ppid("dasbor", str(sample_xlsx), "--format", "json", "--per", AS_OF.isoformat())
    assert done.returncode == 0, done.stderr
    board = json.loads(done.stdout)
    got = {int(step): {s: n for s, n in counts.items() if n} for step, counts in board["per_langkah"].items()}
    assert {s: c for s, c in got.items() if c} == per_step
    assert {x["id_informasi"] for x in board["melewati_mutu_baku"]} == late
    assert board["tenggat"] == states
    assert board["surat"] == letters
    assert board["tanpa_catatan_masuk"] and "PKR-2025-012" not in board["tanpa_catatan_masuk"]

    # The Dasbor sheet: chart in the sheet's drawing, every other part byte-identical.
    after = _parts(sample_xlsx)
    names = {i.filename: i for i in after}
    changed = {n for n in before if before[n] != after[names[n]]}
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    sheet, chart = _dasbor_parts(sample_xlsx)
    assert "<c:barChart>" in chart and '<c:grouping val="stacked"/>' in chart
    assert "<c:f>Dasbor!$A$6:$A$12</c:f>" in chart and "<c:f>Dasbor!$B$5</c:f>" in chart
    assert "<drawing r:id=" in sheet
    grid = read_all_sheets(sample_xlsx)["Dasbor"]
    steps_table = {row[0]: row[1:8] for row in grid[5:12]}
    for step, counts in board["per_langkah"].items():
        assert steps_table[f"Langkah {step}"] == [float(counts[s]) for s in board["statuses"]] + [
            float(sum(counts.values()))]
    assert read_workbook(sample_xlsx).structure_problems == []
    checked = json.loads(ppid("validasi", str(sample_xlsx), "--format", "json").stdout)["files"][0]
    # Only the fixture's expiry (PKR-2025-009 ends 2026-12-01: its opening deadline has passed) and the
    # made-up history of EVENTS disagreeing with the register's steps; the Dasbor sheet breaks nothing.
    assert checked["rows"] == 14 and {p["code"] for p in checked["problems"]} <= {
        "batas-pembukaan-lewat", "berakhir-lewat", "pembukaan-segera",
        "langkah-tidak-sesuai-riwayat", "status-tidak-sesuai-riwayat"}

    # Again, as text: the sheet is replaced in place (no second sheet, drawing or chart).
    again = ppid("dasbor", str(sample_xlsx), "--per", AS_OF.isoformat())
    assert again.returncode == 0 and "Lewat tenggat: 1" in again.stdout
    assert sorted(n for n in zipfile.ZipFile(sample_xlsx).namelist() if re.search(r"chart|drawing|sheet\d", n)) == \
        sorted(n for n in names if re.search(r"chart|drawing|sheet\d", n))
    assert load_workbook(sample_xlsx)["Dasbor"]._charts


def _parts(path):
    with zipfile.ZipFile(path) as package:
        return {info: package.read(info.filename) for info in package.infolist()}


def _dasbor_parts(path):
    with zipfile.ZipFile(path) as package:
        workbook = package.read("xl/workbook.xml").decode()
        rid = re.search(r'name="Dasbor"[^>]*r:id="(rId\d+)"', workbook)[1]
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        sheet_part = re.search(rf'Id="{rid}"[^>]*Target="/?([^"]+)"|Target="/?([^"]+)"[^>]*Id="{rid}"', rels)
        sheet_part = sheet_part[1] or sheet_part[2]
        sheet = package.read(sheet_part).decode()
        folder, name = sheet_part.rsplit("/", 1)
        drawing = re.search(r'Target="/?([^"]+)"', package.read(f"{folder}/_rels/{name}.rels").decode())[1]
        dfolder, dname = drawing.rsplit("/", 1)
        chart = re.search(r'Target="/?([^"]+)"', package.read(f"{dfolder}/_rels/{dname}.rels").decode())[1]
        return sheet, package.read(chart).decode()


def test_dasbor_sheet_added_to_a_rich_xlsm_leaves_every_other_entry_raw(tmp_path):
    """VBA, drawings, an existing chart, add-in parts: copied as compressed bytes; new parts get new names."""
    from rich_workbook import make_rich_workbook

    from ppid_dokumentasi import dashboard
    from ppid_dokumentasi.adapters.xlsx_dasbor import write_dasbor

    book = make_rich_workbook(tmp_path)
    before = _raw_entries(book)
    board = dashboard.build(read_workbook(book), AS_OF)
    write_dasbor(book, dashboard.sheet_grid(board), dashboard.chart_spec(board))
    after = _raw_entries(book)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    added = set(after) - set(before)
    assert len(added) == 5 and all(n.startswith(("xl/worksheets/", "xl/drawings/", "xl/charts/")) for n in added)
    sheet, chart = _dasbor_parts(book)
    assert "<c:barChart>" in chart
    assert "Dasbor" in read_all_sheets(book)
    assert load_workbook(book, keep_vba=True)["Dasbor"]._charts


def _raw_entries(path):
    """Each entry's CRC, sizes and compressed bytes (what a raw copy keeps)."""
    with open(path, "rb") as handle, zipfile.ZipFile(path) as package:
        found = {}
        for info in package.infolist():
            handle.seek(info.header_offset + 26)
            name_len, extra_len = int.from_bytes(handle.read(2), "little"), int.from_bytes(handle.read(2), "little")
            handle.seek(info.header_offset + 30 + name_len + extra_len)
            found[info.filename] = (info.CRC, info.compress_type, handle.read(info.compress_size))
        return found
