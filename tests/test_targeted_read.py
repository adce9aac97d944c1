"""The targeted reader (an action on a few items) gives what the full reader gives for those items."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from ppid_dokumentasi.adapters.calamine_reader import read_workbook
from ppid_dokumentasi.adapters.openpyxl_builder import build_workbook
from ppid_dokumentasi.adapters.openpyxl_editor import WorkbookEditor
from ppid_dokumentasi.adapters.xlsx_package import XlsxPackage
from ppid_dokumentasi.adapters.xlsx_targeted import read_targeted, reduced_register
from ppid_dokumentasi.errors import ItemNotFound
from ppid_dokumentasi.register import RegisterRow
from ppid_dokumentasi.sample import SAMPLE, sample_rows

REGISTER_PART = "xl/worksheets/sheet3.xml"


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    """The sample (shared strings, written by the builder) plus rows appended by the patcher (inline
    strings), with dates, numbers, empty cells and IDs that contain one another."""
    path = tmp_path_factory.mktemp("targeted") / "register.xlsx"
    build_workbook(path, sample_rows())
    base = [RegisterRow(**values).cell_values() for values in SAMPLE]
    extra = []
    for n in range(40):
        values = dict(base[n % len(base)])
        values["ID Informasi"] = f"T-{n}"
        values["Catatan Koreksi"] = "" if n % 2 else f"catatan {n} & <lain>"
        extra.append(values)
    extra[7]["Tanggal Uji Konsekuensi"] = dt.date(2025, 2, 3)
    with WorkbookEditor(path) as editor:
        editor.append_register(extra)
    return path


def _targeted(path: Path, ids: list[str]):
    package = XlsxPackage(path)
    try:
        return read_targeted(package, path, ids)
    finally:
        package.close()


@pytest.mark.parametrize("ids", [["PKR-2025-012"], ["T-1"], ["t-3", " PKR-2025-001 "], ["T-7", "T-39"]])
def test_same_items_settings_and_riwayat_as_full_read(register, ids):
    full, part = read_workbook(register), _targeted(register, ids)
    assert part is not None
    rows = full.register.rows_of(ids)
    assert part.register.rows_of(ids) == rows
    assert part.register.items(rows, part.lists) == full.register.items(rows, full.lists)
    assert [dict(part.register.rows)[r] for r in rows] == [dict(full.register.rows)[r] for r in rows]
    assert (part.register.header_row, part.register.labels) == (full.register.header_row, full.register.labels)
    for name in ("sheet_names", "settings", "lists", "version", "structure_problems", "riwayat", "letters"):
        assert getattr(part, name) == getattr(full, name), name
    assert len(part.register.rows) < len(full.register.rows)


def test_unknown_id_refused_like_full_read(register):
    part = _targeted(register, ["T-999"])
    with pytest.raises(ItemNotFound):
        part.register.rows_of(["T-999"])


def test_unsure_cases_fall_back_to_the_full_read(register):
    with zipfile.ZipFile(register) as z:
        xml = z.read(REGISTER_PART)
    assert reduced_register(xml, ["T-1"], None) is not None
    assert reduced_register(xml, ["ID dengan spasi"], None) is None  # not a plain ID
    without_refs = re.sub(rb'(<row\b[^>]*?)\sr="\d+"', rb"\1", xml)
    assert reduced_register(without_refs, ["T-1"], None) is None  # rows placed by order only


def test_editor_appends_after_the_last_row_after_a_targeted_read(register, tmp_path):
    copy = tmp_path / "r.xlsx"
    copy.write_bytes(register.read_bytes())
    last = read_workbook(copy).register.rows[-1][0]
    with WorkbookEditor(copy, ids=["T-2"]) as editor:
        assert editor.data.register.rows_of(["T-2"])
        row = editor.append_register([{"ID Informasi": "T-BARU"}])
    assert row == [last + 1]
    assert read_workbook(copy).register.rows_of(["T-BARU"]) == [last + 1]
