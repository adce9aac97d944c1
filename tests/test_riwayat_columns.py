"""The Riwayat read column by column for validation (``ppid validasi``) gives the rules exactly what
the sheet's rows give them: through fastexcel (the ``cepat`` extra, text cells) and without it
(python-calamine, typed cells), on the sample and on a Riwayat with awkward cells."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from ppid_dokumentasi.adapters import arrow_columns, calamine_reader
from ppid_dokumentasi.adapters.calamine_reader import read_for_validation, read_workbook
from ppid_dokumentasi.batch import check_files
from ppid_dokumentasi.layout import RIWAYAT
from ppid_dokumentasi.reclassification import last_approvals
from ppid_dokumentasi.riwayat_columns import RiwayatColumns, riwayat_columns
from ppid_dokumentasi.rules_history import item_states


@pytest.fixture(autouse=True)
def _arrow_for_every_size(monkeypatch):
    """The sample is small: take the fastexcel path as for a long register (the size threshold)."""
    monkeypatch.setattr(calamine_reader, "ARROW_FROM_BYTES", 0)


def test_a_small_register_is_read_without_fastexcel(sample_xlsx, monkeypatch):
    monkeypatch.undo()
    calls = []
    monkeypatch.setattr(calamine_reader, "read_text_columns", lambda *args: calls.append(args))
    assert len(read_for_validation(sample_xlsx).riwayat) > 40 and calls == []


def _states_both_ways(path, monkeypatch):
    rows = read_workbook(path).riwayat
    fast = read_for_validation(path).riwayat
    monkeypatch.setattr(arrow_columns, "available", lambda: False)
    slow = read_for_validation(path).riwayat
    monkeypatch.setattr(arrow_columns, "available", AVAILABLE)
    assert isinstance(fast, RiwayatColumns) and isinstance(slow, RiwayatColumns)
    return rows, fast, slow


AVAILABLE = arrow_columns.available


def test_fastexcel_is_installed_for_the_tests():
    assert arrow_columns.available()  # the test extra installs it: the fast path is the one checked


def test_sample_riwayat_reads_alike_every_way(sample_xlsx, monkeypatch):
    rows, fast, slow = _states_both_ways(sample_xlsx, monkeypatch)
    assert len(fast) == len(slow) == len(rows) > 40
    assert fast.sources[0] == "1" and slow.sources[0] == 1.0  # fastexcel's text, calamine's number
    assert item_states(fast) == item_states(slow) == item_states(rows) != {}
    assert last_approvals(fast) == last_approvals(slow) == last_approvals(rows)


def test_awkward_riwayat_cells_read_alike(sample_xlsx, monkeypatch):
    """Steps typed as text or with decimals, an ID as a number, a blank row in the middle, a short
    row, a date where a step belongs, whitespace around the action: the same states every way, and
    the same Excel rows in the messages."""
    wb = load_workbook(sample_xlsx)
    ws = wb[RIWAYAT]
    last = ws.max_row
    ws.cell(row=3, column=4).value = "1"  # Dari Langkah as text
    ws.cell(row=4, column=5).value = 3.0
    ws.cell(row=5, column=6).value = "  Majukan "
    ws.cell(row=6, column=5).value = dt.date(2025, 1, 1)
    for column in range(1, 12):
        ws.cell(row=last + 2, column=column).value = None  # a blank row between events
    ws.cell(row=last + 3, column=3).value = 12345  # an ID that is a number, no action: ignored
    ws.cell(row=last + 3, column=5).value = 2
    ws.cell(row=last + 4, column=3).value = "PKR-2025-001"  # a short row: ID and steps only (an event
    ws.cell(row=last + 4, column=4).value = 7  # that is no move puts the item at its Ke Langkah)
    ws.cell(row=last + 4, column=5).value = "5"
    wb.save(sample_xlsx)
    rows, fast, slow = _states_both_ways(sample_xlsx, monkeypatch)
    assert item_states(fast) == item_states(slow) == item_states(riwayat_columns(read_all_rows(sample_xlsx)))
    assert len(fast) == len(slow) == last + 3  # every row up to the last, blank ones included
    fast_report, = check_files([sample_xlsx], read=read_for_validation)
    plain_report, = check_files([sample_xlsx], read=read_workbook)
    assert [p.to_json() for p in fast_report.problems] == [p.to_json() for p in plain_report.problems]
    assert any(p.code == "langkah-tidak-sesuai-riwayat" for p in fast_report.problems)


def read_all_rows(path):
    """The Riwayat data rows with blank rows kept (what the column readers keep)."""
    from ppid_dokumentasi.adapters.calamine_reader import read_sheet

    return read_sheet(path, RIWAYAT)[1:]


def test_a_riwayat_without_the_rule_columns_is_all_empty(sample_xlsx):
    wb = load_workbook(sample_xlsx)
    ws = wb[RIWAYAT]
    ws.delete_cols(6, 6)  # Aksi .. Hash gone: the rules see no action and no note
    wb.save(sample_xlsx)
    columns = read_for_validation(sample_xlsx).riwayat
    assert set(columns.actions) == {None} and set(columns.notes) == {None} and len(columns.ids) > 40


@pytest.mark.parametrize("rows", [[], [["x"]], [[1, dt.date(2025, 1, 1), "A", 1, 2, "majukan"]]])
def test_rows_become_columns(rows):
    columns = riwayat_columns(rows)
    assert len(columns) == len(rows)
    assert all(len(c) == len(rows) for c in (columns.ids, columns.sources, columns.targets, columns.actions,
                                              columns.notes))
